//! FEC (Fichier des Écritures Comptables): the French legal ledger export.
//!
//! Customer lines are accounts 411* (416* doubtful, 419* advances). A debit is an invoice (or an
//! opening balance in an "à-nouveaux" journal). A credit is a payment when its entry touches a
//! bank or cash account (512*, 53*), a credit note when it touches revenue (70*); a 411 → 416
//! move for the same customer only marks the invoice doubtful. Lettering (EcritureLet) allocates
//! credits to the debits of the same letter; unlettered credits stay unallocated and the aged
//! balance applies them to the oldest open invoice.

use super::detect::{self, Encoding};
use super::records::{Record, Records};
use super::text::{parse_amount, parse_date, DateOrder, DecimalSep};
use super::{
    Detected, FileError, FileKind, Format, ImportOptions, InvoiceRow, Parsed, PaymentRow, RowError,
    Staged, StagedClient,
};
use crate::hash::FxHashMap as HashMap;
use rust_decimal::Decimal;

/// True when the first line names the FEC columns.
pub(super) fn looks_like_fec(head: &[u8]) -> bool {
    let first = head.split(|&c| c == b'\n').next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    let has = |w: &[u8]| lower.windows(w.len()).any(|x| x == w);
    has(b"journalcode") && has(b"ecriturenum") && has(b"comptenum")
}

struct Line {
    line: u64,
    journal: String,
    entry: String,
    date: chrono::NaiveDate,
    account: String,
    customer: Option<u32>,
    piece_ref: String,
    piece_date: Option<chrono::NaiveDate>,
    /// Debit minus credit.
    amount: Decimal,
    letter: String,
}

const NAMES: [&str; 14] = [
    "journalcode",
    "ecriturenum",
    "ecrituredate",
    "comptenum",
    "comptelib",
    "compauxnum",
    "compauxlib",
    "pieceref",
    "piecedate",
    "debit",
    "credit",
    "ecriturelet",
    "montant",
    "sens",
];

pub(super) fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    let (text, encoding, bom) = detect::read_text(bytes, opts.encoding, Encoding::Iso8859_15);
    let data = text.as_bytes();
    let first_line = data.split(|&c| c == b'\n').next().unwrap_or_default();
    let delimiter = opts.delimiter.unwrap_or(if first_line.contains(&b'|') {
        b'|'
    } else {
        b'\t'
    });
    let mut reader = Records::new(data, delimiter).quoting(false);
    let mut rec = Record::default();
    if !reader.read(&mut rec) {
        return Err(FileError("the file is empty".into()));
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h.to_ascii_lowercase() == name);
    let c: Vec<Option<usize>> = NAMES.iter().map(|n| col(n)).collect();
    let [journal_c, entry_c, date_c, account_c, account_lib_c, aux_c, aux_lib_c, piece_c, piece_date_c, debit_c, credit_c, let_c, montant_c, sens_c] =
        c[..]
    else {
        unreachable!("fourteen names")
    };
    let has_amounts =
        (debit_c.is_some() && credit_c.is_some()) || (montant_c.is_some() && sens_c.is_some());
    if journal_c.is_none()
        || entry_c.is_none()
        || date_c.is_none()
        || account_c.is_none()
        || !has_amounts
    {
        return Err(FileError(
            "not a FEC file: JournalCode, EcritureNum, EcritureDate, CompteNum and Debit/Credit (or Montant/Sens) are required".into(),
        ));
    }
    let decimal = opts.decimal.unwrap_or(DecimalSep::Comma);
    let mut errors = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut staged = Staged::default();
    let mut customers: HashMap<String, u32> = HashMap::default();
    let mut records = 0u64;
    while reader.read(&mut rec) {
        records += 1;
        if rec.is_blank() {
            continue;
        }
        let line = rec.line();
        let get = |k: Option<usize>| {
            k.and_then(|k| rec.get(k))
                .map(<[u8]>::trim_ascii)
                .unwrap_or_default()
        };
        let txt = |k: Option<usize>| String::from_utf8_lossy(get(k)).into_owned();
        let e = |k: Option<usize>, m: String| RowError {
            line,
            column: k.map_or(0, |k| k as u32 + 1),
            message: m,
        };
        let date = match parse_date(get(date_c), DateOrder::Compact)
            .or_else(|_| parse_date(get(date_c), DateOrder::Dmy))
        {
            Ok(d) => d,
            Err(m) => {
                errors.push(e(date_c, format!("EcritureDate: {m}")));
                continue;
            }
        };
        let amt = |k: Option<usize>| -> Result<Decimal, RowError> {
            let f = get(k);
            if f.is_empty() {
                return Ok(Decimal::ZERO);
            }
            parse_amount(f, decimal)
                .or_else(|_| parse_amount(f, DecimalSep::Dot))
                .map_err(|m| e(k, format!("{m}: {:?}", String::from_utf8_lossy(f))))
        };
        let amount = if debit_c.is_some() && credit_c.is_some() {
            match (amt(debit_c), amt(credit_c)) {
                (Ok(d), Ok(c)) => d - c,
                (Err(x), _) | (_, Err(x)) => {
                    errors.push(x);
                    continue;
                }
            }
        } else {
            let m = match amt(montant_c) {
                Ok(m) => m,
                Err(x) => {
                    errors.push(x);
                    continue;
                }
            };
            match get(sens_c).first().map(u8::to_ascii_uppercase) {
                Some(b'D') | Some(b'+') => m,
                Some(b'C') | Some(b'-') => -m,
                _ => {
                    errors.push(e(sens_c, "Sens must be D or C".into()));
                    continue;
                }
            }
        };
        let account = txt(account_c);
        let customer = if ["411", "416", "419"].iter().any(|p| account.starts_with(p)) {
            let aux = txt(aux_c);
            let key = if aux.is_empty() {
                account.clone()
            } else {
                aux.clone()
            };
            let next = staged.clients.len() as u32;
            let id = *customers.entry(key.clone()).or_insert_with(|| {
                let lib = txt(aux_lib_c);
                let name = if lib.is_empty() {
                    let l = txt(account_lib_c);
                    if l.is_empty() {
                        key.clone()
                    } else {
                        l
                    }
                } else {
                    lib
                };
                staged.clients.push(StagedClient {
                    name,
                    code: Some(key.clone()),
                    ..StagedClient::default()
                });
                next
            });
            Some(id)
        } else {
            None
        };
        let piece_date = parse_date(get(piece_date_c), DateOrder::Compact).ok();
        lines.push(Line {
            line,
            journal: txt(journal_c),
            entry: txt(entry_c),
            date,
            account,
            customer,
            piece_ref: txt(piece_c),
            piece_date,
            amount,
            letter: txt(let_c),
        });
    }
    build(&lines, opts, &mut staged);
    let detected = Detected {
        format: Format::Fec,
        kind: FileKind::Fec,
        encoding,
        bom,
        delimiter,
        decimal,
        date_order: DateOrder::Compact,
        date_ambiguous: false,
        headers,
        mapping: Vec::new(),
    };
    Ok(Parsed {
        detected,
        staged,
        errors,
        records,
    })
}

/// Turns customer lines into invoices, credit notes and payments, entry by entry.
fn build(lines: &[Line], opts: &ImportOptions, staged: &mut Staged) {
    // Entries, in file order of their first line.
    let mut entries: Vec<Vec<usize>> = Vec::new();
    let mut entry_of: HashMap<(&str, &str), usize> = HashMap::default();
    for (i, l) in lines.iter().enumerate() {
        let k = *entry_of.entry((&l.journal, &l.entry)).or_insert_with(|| {
            entries.push(Vec::new());
            entries.len() - 1
        });
        entries[k].push(i);
    }
    // A 411 → 416 move: a debit and a credit for the same customer in one entry, one of them
    // on 416. Those lines are neither invoices nor payments.
    let mut reclass = vec![false; lines.len()];
    for entry in &entries {
        for &i in entry {
            let l = &lines[i];
            reclass[i] = l.customer.is_some()
                && entry.iter().any(|&j| {
                    let o = &lines[j];
                    o.customer == l.customer
                        && (o.amount > Decimal::ZERO) != (l.amount > Decimal::ZERO)
                        && o.account.starts_with("416") != l.account.starts_with("416")
                });
        }
    }
    let is_invoice =
        |i: usize| lines[i].customer.is_some() && lines[i].amount > Decimal::ZERO && !reclass[i];
    // Piece references shared by several invoice lines get the entry appended ("AN/AN-1").
    let mut ref_count: HashMap<&str, u32> = HashMap::default();
    for (i, l) in lines.iter().enumerate() {
        if is_invoice(i) {
            *ref_count.entry(&l.piece_ref).or_default() += 1;
        }
    }
    let unique_ref =
        |l: &Line| !l.piece_ref.is_empty() && ref_count.get(l.piece_ref.as_str()) == Some(&1);
    let entry_number = |l: &Line| {
        if l.piece_ref.is_empty() {
            format!("{}-{}", l.journal, l.entry)
        } else {
            format!("{}/{}-{}", l.piece_ref, l.journal, l.entry)
        }
    };

    enum Credit {
        Payment(usize),
        Note(usize),
    }
    // (customer, letter) → invoice numbers of that letter and what is left of each.
    let mut debits: HashMap<(u32, &str), Vec<(String, Decimal)>> = HashMap::default();
    let mut credits: Vec<(u32, &str, Credit)> = Vec::new();
    let mut doubtful_letters: Vec<(u32, &str)> = Vec::new();
    for entry in &entries {
        let others = || {
            entry
                .iter()
                .map(|&i| &lines[i])
                .filter(|l| l.customer.is_none())
        };
        let bank = others().any(|l| l.account.starts_with("512") || l.account.starts_with("53"));
        let revenue: Decimal = others()
            .filter(|l| l.account.starts_with("70"))
            .map(|l| -l.amount)
            .sum();
        let vat: Decimal = others()
            .filter(|l| l.account.starts_with("4457"))
            .map(|l| -l.amount)
            .sum();
        let single = entry.iter().filter(|&&i| is_invoice(i)).count() == 1;
        let nonzero = |d: Decimal| (!d.is_zero()).then_some(d);
        for &i in entry {
            let l = &lines[i];
            let Some(client) = l.customer else { continue };
            if reclass[i] {
                if l.amount < Decimal::ZERO && l.account.starts_with("411") {
                    if l.letter.is_empty() {
                        staged.doubtful.push(l.piece_ref.clone());
                    } else {
                        doubtful_letters.push((client, &l.letter));
                    }
                }
                continue;
            }
            let row = |number: String, total: Decimal, due: Option<chrono::NaiveDate>| InvoiceRow {
                line: l.line,
                number: number.into(),
                client,
                issue_date: l.piece_date.unwrap_or(l.date),
                due_date: due,
                net: if single || total < Decimal::ZERO {
                    nonzero(revenue)
                } else {
                    None
                },
                vat: if single || total < Decimal::ZERO {
                    nonzero(vat)
                } else {
                    None
                },
                total,
                paid: None,
                payment_date: None,
                currency: opts.currency,
                status: None,
                doubtful: l.account.starts_with("416"),
                applies_to: None,
            };
            if l.amount > Decimal::ZERO {
                let number = if unique_ref(l) {
                    l.piece_ref.clone()
                } else {
                    entry_number(l)
                };
                if !l.letter.is_empty() {
                    debits
                        .entry((client, &l.letter))
                        .or_default()
                        .push((number.clone(), l.amount));
                }
                staged.invoices.push(row(number, l.amount, None));
            } else if l.amount < Decimal::ZERO {
                let credit = if !bank && !revenue.is_zero() {
                    staged
                        .invoices
                        .push(row(entry_number(l), l.amount, Some(l.date)));
                    Credit::Note(staged.invoices.len() - 1)
                } else {
                    staged.payments.push(PaymentRow {
                        line: l.line,
                        client,
                        date: l.date,
                        amount: -l.amount,
                        currency: opts.currency,
                        allocations: Vec::new(),
                        reference: Some(format!("{}-{}", l.journal, l.entry)),
                    });
                    Credit::Payment(staged.payments.len() - 1)
                };
                if !l.letter.is_empty() {
                    credits.push((client, &l.letter, credit));
                }
            }
        }
    }
    // Lettering: credits settle the debits of their letter, oldest debit first.
    for (client, letter, credit) in credits {
        let Some(open) = debits.get_mut(&(client, letter)) else {
            continue;
        };
        match credit {
            Credit::Note(k) => {
                if let Some((number, left)) = open.iter_mut().find(|(_, r)| *r > Decimal::ZERO) {
                    staged.invoices[k].applies_to = Some(number.clone());
                    *left += staged.invoices[k].total;
                }
            }
            Credit::Payment(k) => {
                let mut remaining = staged.payments[k].amount;
                for (number, left) in open.iter_mut().filter(|(_, r)| *r > Decimal::ZERO) {
                    let take = remaining.min(*left);
                    if take <= Decimal::ZERO {
                        break;
                    }
                    *left -= take;
                    remaining -= take;
                    staged.payments[k].allocations.push((number.clone(), take));
                }
            }
        }
    }
    // A lettered reclassification names the invoices of its letter.
    for key in doubtful_letters {
        if let Some(open) = debits.get(&key) {
            staged.doubtful.extend(open.iter().map(|(n, _)| n.clone()));
        }
    }
}
