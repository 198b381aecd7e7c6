//! FEC (Fichier des Écritures Comptables): the French legal ledger export, read as accountants
//! write it. The rules (which lines are invoices, lettering, opening balances, 416 and 654
//! entries) are in `docs/import-fec.md`; this module reads the lines, [`entries`] turns the
//! customer lines into invoices, credit notes and payments.
//!
//! What real exports do and this reader accepts: `|`, tab or `;` between fields, a trailing
//! delimiter, fields padded with spaces (fixed width) and amounts with zeros, a UTF-8 BOM or
//! ISO-8859-15, CR CR LF line ends, extra columns (DateRglt, ModeRglt, NatOp, IdClient…) and
//! `Montant` + `Sens` (D/C, +1/−1) instead of `Debit` + `Credit`.

mod entries;

use super::detect::{self, Encoding};
use super::records::{Record, Records};
use super::text::{parse_amount, parse_date, DateOrder, DecimalSep};
use crate::diagnostic::AmountProblem;

/// The largest line amount a FEC may carry (10^18), so that no entry's sum overflows.
const FEC_AMOUNT_LIMIT: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);
use super::{
    Code, Detected, FileError, FileKind, Format, ImportOptions, Parsed, RowError, Staged,
    StagedClient,
};
use crate::hash::FxHashMap as HashMap;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// True when the first line names the FEC columns.
pub(super) fn looks_like_fec(head: &[u8]) -> bool {
    let first = head.split(|&c| c == b'\n').next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    let has = |w: &[u8]| lower.windows(w.len()).any(|x| x == w);
    has(b"journalcode") && has(b"ecriturenum") && has(b"comptenum")
}

/// One ledger line, as the rules need it.
pub(super) struct Line {
    pub line: u64,
    /// Index into the entries.
    pub entry: u32,
    pub account: String,
    /// Index into [`Staged::clients`], for a customer account (411, 416, 419).
    pub customer: Option<u32>,
    pub piece_ref: String,
    pub piece_date: Option<NaiveDate>,
    /// Debit minus credit.
    pub amount: Decimal,
    pub letter: String,
}

/// An entry (écriture): the lines of one journal, number and date.
pub(super) struct Entry {
    pub journal: String,
    pub number: String,
    pub date: NaiveDate,
    pub lines: Vec<u32>,
}

/// Column names, lowercase; a few spellings seen in real exports are accepted beside the
/// legal ones ("EcrtureLet", "LettragePiece").
const NAMES: [&[&str]; 14] = [
    &["journalcode"],
    &["ecriturenum"],
    &["ecrituredate"],
    &["comptenum"],
    &["comptelib"],
    &["compauxnum"],
    &["compauxlib"],
    &["pieceref"],
    &["piecedate"],
    &["debit"],
    &["credit"],
    &["ecriturelet", "ecrturelet", "lettragepiece"],
    &["montant"],
    &["sens"],
];

/// Customer accounts: customers, doubtful customers, customers in credit.
pub(super) fn is_customer_account(account: &str) -> bool {
    ["411", "416", "419"].iter().any(|p| account.starts_with(p))
}

pub(super) fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    let (text, encoding, bom) = detect::read_text(bytes, opts.encoding, Encoding::Iso8859_15);
    let data = text.as_bytes();
    let first_line = data.split(|&c| c == b'\n').next().unwrap_or_default();
    let delimiter = opts.delimiter.unwrap_or_else(|| {
        let count = |d: u8| first_line.iter().filter(|&&c| c == d).count();
        // The legal header has 17 delimiters: the most frequent candidate wins.
        [b'|', b'\t', b';']
            .into_iter()
            .max_by_key(|&d| count(d))
            .unwrap_or(b'\t')
    });
    let mut reader = Records::new(data, delimiter).quoting(false);
    let mut rec = Record::default();
    if !reader.read(&mut rec) {
        return Err(FileError(Code::EmptyFile));
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let col = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let c: Vec<Option<usize>> = NAMES.iter().map(|n| col(n)).collect();
    let [journal_c, entry_c, date_c, account_c, account_lib_c, aux_c, aux_lib_c, piece_c, piece_date_c, debit_c, credit_c, let_c, montant_c, sens_c] =
        c[..]
    else {
        unreachable!("fourteen names")
    };
    let debit_credit = debit_c.is_some() && credit_c.is_some();
    let has_amounts = debit_credit || (montant_c.is_some() && sens_c.is_some());
    if journal_c.is_none()
        || entry_c.is_none()
        || date_c.is_none()
        || account_c.is_none()
        || !has_amounts
    {
        return Err(FileError(Code::NotFec));
    }
    let decimal = opts.decimal.unwrap_or(DecimalSep::Comma);
    let mut errors = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry_of: HashMap<(String, String, NaiveDate), u32> = HashMap::default();
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
        let e =
            |k: Option<usize>, code: Code| RowError::new(line, k.map_or(0, |k| k as u32 + 1), code);
        let date = match fec_date(get(date_c)) {
            Ok(d) => d,
            Err(problem) => {
                let value = txt(date_c);
                errors.push(e(date_c, Code::BadDate { value, problem }));
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
                // Entries add their lines: amounts of 28 digits could add past Decimal's
                // range (a panic). No ledger holds 10^18 €; past it a line is out of range,
                // and no sum of lines can overflow.
                .and_then(|d| {
                    if d.abs() < FEC_AMOUNT_LIMIT {
                        Ok(d)
                    } else {
                        Err(AmountProblem::OutOfRange)
                    }
                })
                .map_err(|problem| {
                    let value = String::from_utf8_lossy(f).into_owned();
                    e(k, Code::BadAmount { value, problem })
                })
        };
        let amount = if debit_credit {
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
            // D/C, or +1/−1 (the legal alternative), or 1.
            match get(sens_c).first().map(u8::to_ascii_uppercase) {
                Some(b'D' | b'+' | b'1') => m,
                Some(b'C' | b'-') => -m,
                _ => {
                    errors.push(e(sens_c, Code::BadSens { value: txt(sens_c) }));
                    continue;
                }
            }
        };
        let account = txt(account_c);
        let customer = is_customer_account(&account).then(|| {
            let aux = txt(aux_c);
            let key = customer_key(&account, &aux);
            let next = staged.clients.len() as u32;
            *customers.entry(key.clone()).or_insert_with(|| {
                // The customer's own label; a collective account's label ("Clients") is no name.
                let lib = if aux.is_empty() {
                    txt(account_lib_c)
                } else {
                    txt(aux_lib_c)
                };
                let name = if lib.is_empty() { key.clone() } else { lib };
                staged.clients.push(StagedClient {
                    name,
                    code: Some(key),
                    ..StagedClient::default()
                });
                next
            })
        });
        let journal = txt(journal_c);
        let number = txt(entry_c);
        let next = entries.len() as u32;
        let entry = *entry_of
            .entry((journal.clone(), number.clone(), date))
            .or_insert_with(|| {
                entries.push(Entry {
                    journal,
                    number,
                    date,
                    lines: Vec::new(),
                });
                next
            });
        entries[entry as usize].lines.push(lines.len() as u32);
        lines.push(Line {
            line,
            entry,
            account,
            customer,
            piece_ref: txt(piece_c),
            piece_date: fec_date(get(piece_date_c)).ok(),
            amount,
            letter: txt(let_c),
        });
    }
    entries::build(&lines, &entries, opts, &mut staged);
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
        warnings: Vec::new(),
        records,
    })
}

/// The customer a line belongs to: its auxiliary account (CompAuxNum) when there is one, else
/// its account, a doubtful account 416… read as the customer account 411… with the same
/// suffix (416DUPONT is the customer 411DUPONT once doubtful).
fn customer_key(account: &str, aux: &str) -> String {
    if !aux.is_empty() {
        return aux.to_string();
    }
    match account.strip_prefix("416") {
        Some(rest) => format!("411{rest}"),
        None => account.to_string(),
    }
}

/// A FEC date: `YYYYMMDD` by law; `DD/MM/YYYY` and ISO are seen too.
fn fec_date(field: &[u8]) -> Result<NaiveDate, super::DateProblem> {
    parse_date(field, DateOrder::Compact)
        .or_else(|e| parse_date(field, DateOrder::Dmy).map_err(|_| e))
        .or_else(|e| parse_date(field, DateOrder::Ymd).map_err(|_| e))
}
