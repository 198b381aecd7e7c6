//! A general-ledger transactions CSV (Wave's "Account Transactions" export): one row per
//! accounting line of every account (sales, receivable, cash…), not one row per invoice. As in
//! a FEC, the customer lines are what matter: the rows on a receivable account are read, a
//! debit as an invoice (the debits of one customer and invoice number add up), a credit as a
//! payment of that invoice; every other row is left out. Rules: `docs/import.md`.

use super::detect::{self, Encoding};
use super::header::{self, Field};
use super::records::{Record, Records};
use super::text::{parse_amount, parse_date};
use super::{
    Code, Detected, FileError, FileKind, Format, ImportOptions, InvoiceRow, Parsed, PaymentRow,
    RowError, Staged, StagedClient,
};
use crate::diagnostic::AmountProblem;
use crate::hash::FxHashMap as HashMap;
use rust_decimal::Decimal;

/// Where the columns a ledger needs sit.
#[derive(Clone, Copy)]
struct Cols {
    /// The account's name (or number).
    account: usize,
    /// The account's type ("System Receivable Invoice"), when the file has one.
    account_type: Option<usize>,
    client: usize,
    number: usize,
    date: usize,
    /// Debit and credit columns, else one signed amount (debit positive).
    debit_credit: Option<(usize, usize)>,
    amount: Option<usize>,
}

/// The ledger's columns, found by name: `None` when the header is not a ledger's.
fn columns(headers: &[String]) -> Option<Cols> {
    let names: Vec<String> = headers.iter().map(|h| header::normalize(h)).collect();
    let find = |ok: &dyn Fn(&str) -> bool| names.iter().position(|n| ok(n));
    let account = find(&|n| {
        matches!(
            n,
            "account" | "account name" | "compte" | "libelle compte" | "intitule compte"
        )
    })?;
    let account_type = find(&|n| matches!(n, "account type" | "type de compte"));
    let client = find(&|n| header::field_for(n) == Some(Field::Client))?;
    let number = find(&|n| {
        matches!(
            n,
            "invoice number" | "invoice no" | "invoice" | "n facture" | "numero de facture"
        )
    })?;
    let date = find(&|n| {
        matches!(
            n,
            "transaction date" | "date" | "posting date" | "entry date" | "date ecriture"
        )
    })?;
    let starts = |w: &'static str| move |n: &str| n == w || n.starts_with(&format!("{w} "));
    let debit_credit = find(&starts("debit")).zip(find(&starts("credit")));
    let amount = find(&starts("amount")).or_else(|| find(&starts("montant")));
    (debit_credit.is_some() || amount.is_some()).then_some(Cols {
        account,
        account_type,
        client,
        number,
        date,
        debit_credit,
        amount,
    })
}

/// A receivable account, by its name, number or type: "Accounts Receivable", « Clients »,
/// 411…, a type saying receivable.
fn is_receivable(account: &str, account_type: &str) -> bool {
    let n = header::normalize(account);
    let t = header::normalize(account_type);
    n.contains("receivable")
        || t.contains("receivable")
        || n == "clients"
        || n == "comptes clients"
        || super::fec::is_customer_account(account.trim())
}

fn field<'r>(rec: &'r Record, k: usize) -> &'r [u8] {
    rec.get(k).map(<[u8]>::trim_ascii).unwrap_or_default()
}

fn text(rec: &Record, k: usize) -> String {
    String::from_utf8_lossy(field(rec, k)).into_owned()
}

/// Whether the file is a ledger: its header names a ledger's columns and its first rows hold
/// a receivable account among others (a list of invoices all on one account is not one).
pub(super) fn looks_like_ledger(bytes: &[u8], opts: &ImportOptions) -> bool {
    if opts.mapping.is_some() || opts.kind.is_some() {
        return false;
    }
    // The header and the first rows are enough (a cut character at the end only spoils the
    // last, partial, row).
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let (text_, _, _) = detect::read_text(head, opts.encoding, Encoding::Windows1252);
    let data = text_.as_bytes();
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| detect::detect_delimiter(data));
    let mut records = Records::new(data, delimiter);
    let mut rec = Record::default();
    if !records.read(&mut rec) {
        return false;
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let Some(c) = columns(&headers) else {
        return false;
    };
    let (mut receivable, mut other) = (false, false);
    for _ in 0..200 {
        if !records.read(&mut rec) {
            break;
        }
        let account = text(&rec, c.account);
        if account.is_empty() {
            continue;
        }
        let kind = c.account_type.map(|k| text(&rec, k)).unwrap_or_default();
        if is_receivable(&account, &kind) {
            receivable = true;
        } else {
            other = true;
        }
    }
    receivable && other
}

/// Reads the receivable rows of a ledger ([`looks_like_ledger`]) into invoices and payments.
pub(super) fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    let (text_, encoding, bom) = detect::read_text(bytes, opts.encoding, Encoding::Windows1252);
    let data = text_.as_bytes();
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| detect::detect_delimiter(data));
    let mut records = Records::new(data, delimiter);
    let mut rec = Record::default();
    if !records.read(&mut rec) {
        return Err(FileError(Code::EmptyFile));
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let c = columns(&headers).ok_or(FileError(Code::MissingColumns {
        fields: vec![Field::Total],
        found: headers.clone(),
    }))?;
    let body = records.position();
    // Date order and decimal separator, from the receivable rows' own values.
    let (mut dates, mut amounts) = (Vec::new(), Vec::new());
    while dates.len() < 200 && records.read(&mut rec) {
        dates.push(field(&rec, c.date).to_vec());
        for k in [
            c.amount,
            c.debit_credit.map(|d| d.0),
            c.debit_credit.map(|d| d.1),
        ]
        .into_iter()
        .flatten()
        {
            amounts.push(field(&rec, k).to_vec());
        }
    }
    let (decimal, date_order, date_ambiguous) =
        detect::sample_formats(opts, delimiter, &amounts, &dates);

    let mut staged = Staged::default();
    let mut errors = Vec::new();
    let mut clients: HashMap<String, u32> = HashMap::default();
    // (client, number) → index into the invoices.
    let mut invoice_of: HashMap<(u32, String), usize> = HashMap::default();
    let mut count = 0u64;
    let mut records = Records::new(data, delimiter).resume(body);
    let column = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
    while records.read(&mut rec) {
        count += 1;
        if rec.is_blank() {
            continue;
        }
        let line = rec.line();
        if let Some(k) = rec.broken() {
            errors.push(RowError::new(line, k, Code::UnclosedQuote));
            continue;
        }
        let kind = c.account_type.map(|k| text(&rec, k)).unwrap_or_default();
        if !is_receivable(&text(&rec, c.account), &kind) {
            continue;
        }
        let amount = |k: usize| -> Result<Decimal, RowError> {
            let f = field(&rec, k);
            if f.is_empty() {
                return Ok(Decimal::ZERO);
            }
            parse_amount(f, decimal).map_err(|problem| {
                RowError::new(
                    line,
                    column(k),
                    Code::BadAmount {
                        value: String::from_utf8_lossy(f).into_owned(),
                        problem,
                    },
                )
            })
        };
        // Debit minus credit.
        let signed = match (c.debit_credit, c.amount) {
            (Some((d, k)), _) => amount(d).and_then(|d| Ok(d - amount(k)?)),
            (None, Some(a)) => amount(a),
            (None, None) => Ok(Decimal::ZERO),
        };
        let signed = match signed {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if signed.is_zero() {
            continue;
        }
        let name = text(&rec, c.client);
        if name.is_empty() {
            errors.push(RowError::new(
                line,
                column(c.client),
                Code::EmptyValue {
                    field: Field::Client,
                },
            ));
            continue;
        }
        let date = match parse_date(field(&rec, c.date), date_order) {
            Ok(d) => d,
            Err(problem) => {
                errors.push(RowError::new(
                    line,
                    column(c.date),
                    Code::BadDate {
                        value: text(&rec, c.date),
                        problem,
                    },
                ));
                continue;
            }
        };
        let client = *clients.entry(name.clone()).or_insert_with(|| {
            staged.clients.push(StagedClient {
                name,
                ..StagedClient::default()
            });
            (staged.clients.len() - 1) as u32
        });
        let number = text(&rec, c.number);
        if signed > Decimal::ZERO {
            if number.is_empty() {
                errors.push(RowError::new(
                    line,
                    column(c.number),
                    Code::EmptyValue {
                        field: Field::Number,
                    },
                ));
                continue;
            }
            match invoice_of.get(&(client, number.clone())) {
                // 28-digit amounts can add past Decimal's range: an error, never a panic.
                Some(&i) => match staged.invoices[i].total.checked_add(signed) {
                    Some(t) => staged.invoices[i].total = t,
                    None => errors.push(RowError::new(
                        line,
                        column(c.debit_credit.map_or(c.amount.unwrap_or(0), |(d, _)| d)),
                        Code::BadAmount {
                            value: signed.to_string(),
                            problem: AmountProblem::OutOfRange,
                        },
                    )),
                },
                None => {
                    invoice_of.insert((client, number.clone()), staged.invoices.len());
                    staged.invoices.push(InvoiceRow {
                        line,
                        number: number.as_str().into(),
                        client,
                        issue_date: date,
                        due_date: None,
                        net: None,
                        vat: None,
                        total: signed,
                        paid: None,
                        payment_date: None,
                        currency: opts.currency,
                        status: None,
                        doubtful: false,
                        applies_to: None,
                    });
                }
            }
        } else {
            let paid = -signed;
            let allocations = if number.is_empty() {
                Vec::new()
            } else {
                vec![(number, paid)]
            };
            staged.payments.push(PaymentRow {
                line,
                client,
                date,
                amount: paid,
                currency: opts.currency,
                allocations,
                reference: None,
            });
        }
    }
    let total_col = c
        .amount
        .or(c.debit_credit.map(|d| d.0))
        .unwrap_or(c.account);
    Ok(Parsed {
        detected: Detected {
            format: Format::Csv,
            kind: FileKind::Invoices,
            encoding,
            bom,
            delimiter,
            decimal,
            date_order,
            date_ambiguous,
            headers,
            mapping: vec![
                (Field::Number, c.number),
                (Field::Client, c.client),
                (Field::IssueDate, c.date),
                (Field::Total, total_col),
            ],
        },
        staged,
        errors,
        warnings: Vec::new(),
        records: count,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ImportOptions {
        ImportOptions::builder(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).build()
    }

    const LEDGER: &str =
        "Transaction Date,Account Name,Customer,Invoice Number,Debit,Credit,Account Type\n\
        2025-01-10,Sales,Acme,7,,100.00,Income\n\
        2025-01-10,Accounts Receivable,Acme,7,100.00,,System Receivable Invoice\n\
        2025-01-20,Accounts Receivable,Acme,7,,60.00,System Receivable Invoice\n\
        2025-01-20,Cash on Hand,,,60.00,,Cash and Bank\n";

    #[test]
    fn receivable_debits_are_invoices_credits_payments() {
        assert!(looks_like_ledger(LEDGER.as_bytes(), &opts()));
        let p = parse(LEDGER.as_bytes(), &opts()).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.staged.invoices.len(), 1);
        assert_eq!(p.staged.invoices[0].total, Decimal::new(100, 0));
        assert_eq!(p.staged.invoices[0].line, 3);
        assert_eq!(p.staged.payments.len(), 1);
        assert_eq!(p.staged.payments[0].amount, Decimal::new(60, 0));
        assert_eq!(
            p.staged.payments[0].allocations,
            [("7".to_string(), Decimal::new(60, 0))]
        );
    }

    #[test]
    fn an_invoice_list_with_one_account_is_not_a_ledger() {
        let list = "Invoice Number,Customer,Date,Amount,Account\n1,Acme,2025-01-10,100,Accounts Receivable\n";
        assert!(!looks_like_ledger(list.as_bytes(), &opts()));
        // A header without an account column is no ledger either.
        let plain = "Invoice Number,Customer,Date,Amount\n1,Acme,2025-01-10,100\n";
        assert!(!looks_like_ledger(plain.as_bytes(), &opts()));
    }

    #[test]
    fn sums_past_the_decimal_range_are_errors_not_panics() {
        // Eight 28-digit debits of one invoice add past Decimal's range (7.9 × 10^28) at the
        // eighth: a row error there, the sum of the seven kept, and nothing panics. (A debit
        // minus a credit of 28 digits each stays within the range.)
        let big = "9999999999999999999999999999";
        let mut file = String::from(
            "Transaction Date,Account Name,Customer,Invoice Number,Debit,Credit,Account Type\n\
            2025-01-10,Sales,Acme,7,,100.00,Income\n",
        );
        for d in 10..18 {
            file += &format!(
                "2025-01-{d},Accounts Receivable,Acme,7,{big},,System Receivable Invoice\n"
            );
        }
        assert!(looks_like_ledger(file.as_bytes(), &opts()));
        let p = parse(file.as_bytes(), &opts()).unwrap();
        let codes: Vec<_> = p.errors.iter().map(|e| (e.line, e.code.id())).collect();
        assert_eq!(codes, [(10, "bad_amount")], "{:?}", p.errors);
        assert_eq!(p.staged.invoices.len(), 1);
        assert_eq!(
            p.staged.invoices[0].total,
            Decimal::from_str_exact(big).unwrap() * Decimal::from(7)
        );
    }
}
