//! A French bank's CSV export: preamble lines (account, balance) before the header, `;`,
//! decimal comma, Windows-1252 or UTF-8, `DD/MM/YYYY`, and either separate Débit / Crédit
//! columns or one signed amount. The payer and the reference are in the label
//! (`VIR SEPA RECU /DE … /MOTIF …`, see [`super::parse_label`]).

use super::label::parse_label;
use super::model::{BankError, BankErrorKind, Direction, Transaction};
use super::name::fold;
use super::text::{cents, decode, dmy, squash, ymd};
use crate::import::text::parse_amount;
use crate::import::DecimalSep;
use crate::money::Currency;
use rust_decimal::Decimal;

/// The fields of a line, `"` quotes removed (`""` inside quotes is one `"`).
fn split(line: &str, delimiter: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[derive(Default)]
struct Columns {
    date: Option<usize>,
    value_date: Option<usize>,
    label: Vec<usize>,
    debit: Option<usize>,
    credit: Option<usize>,
    amount: Option<usize>,
    reference: Option<usize>,
    currency: Option<usize>,
}

/// The columns a header names, if it names a date and an amount (or Débit and Crédit).
fn header(fields: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    for (i, f) in fields.iter().enumerate() {
        let k = fold(f);
        let has = |w: &str| k.split(' ').any(|t| t.starts_with(w));
        if has("VALEUR") {
            c.value_date.get_or_insert(i);
        } else if has("DATE") {
            c.date.get_or_insert(i);
        } else if has("DEBIT") {
            c.debit.get_or_insert(i);
        } else if has("CREDIT") {
            c.credit.get_or_insert(i);
        } else if has("MONTANT") || has("AMOUNT") || has("SOMME") {
            c.amount.get_or_insert(i);
        } else if has("LIBELLE") || has("DESCRIPTION") || has("INTITULE") || has("DETAIL") {
            c.label.push(i);
        } else if has("REFERENCE") || k == "REF" {
            c.reference.get_or_insert(i);
        } else if has("DEVISE") || has("CURRENCY") {
            c.currency.get_or_insert(i);
        }
    }
    let amounts = c.amount.is_some() || (c.debit.is_some() && c.credit.is_some());
    (c.date.is_some() && amounts).then_some(c)
}

fn amount(field: &str) -> Option<Decimal> {
    let b = field.trim().as_bytes();
    if b.is_empty() {
        return None;
    }
    parse_amount(b, DecimalSep::Comma)
        .or_else(|_| parse_amount(b, DecimalSep::Dot))
        .ok()
}

pub fn parse(bytes: &[u8]) -> Result<(Vec<Transaction>, Vec<BankError>), BankError> {
    let text = decode(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let delimiter = if lines.iter().take(40).any(|l| l.contains(';')) {
        ';'
    } else {
        ','
    };
    let (start, cols) = lines
        .iter()
        .enumerate()
        .take(60)
        .find_map(|(i, l)| header(&split(l, delimiter)).map(|c| (i, c)))
        .ok_or(BankError::new(1, 0, BankErrorKind::NoHeader))?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        let line = i as u32 + 1;
        if l.trim().trim_matches(delimiter).trim().is_empty() {
            continue;
        }
        let f = split(l, delimiter);
        let get = |c: Option<usize>| c.and_then(|c| f.get(c)).map_or("", |s| s.trim());
        let col = |c: Option<usize>| c.map_or(0, |c| c as u32 + 1);
        let date_s = get(cols.date);
        if cols.date.is_some_and(|c| c >= f.len()) {
            errors.push(BankError::new(
                line,
                0,
                BankErrorKind::MissingField("date".into()),
            ));
            continue;
        }
        let Some(date) = dmy(date_s).or_else(|| ymd(date_s).filter(|_| date_s.contains('-')))
        else {
            errors.push(BankError::new(
                line,
                col(cols.date),
                BankErrorKind::BadDate(date_s.to_string()),
            ));
            continue;
        };
        let signed = if let Some(a) = cols.amount {
            let s = get(Some(a));
            match amount(s) {
                Some(v) => v,
                None => {
                    errors.push(BankError::new(
                        line,
                        col(Some(a)),
                        BankErrorKind::BadAmount(s.to_string()),
                    ));
                    continue;
                }
            }
        } else {
            let (d, c) = (get(cols.debit), get(cols.credit));
            match (amount(d), amount(c)) {
                (Some(v), None) => -v.abs(),
                (None, Some(v)) => v.abs(),
                (Some(v), Some(w)) if v.is_zero() => w.abs(),
                (Some(v), Some(w)) if w.is_zero() => -v.abs(),
                _ => {
                    let (bad, at) = if d.is_empty() || amount(d).is_some() {
                        (c, cols.credit)
                    } else {
                        (d, cols.debit)
                    };
                    errors.push(BankError::new(
                        line,
                        col(at),
                        BankErrorKind::BadAmount(bad.to_string()),
                    ));
                    continue;
                }
            }
        };
        let label = squash(
            &cols
                .label
                .iter()
                .map(|&c| get(Some(c)))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let parts = parse_label(&label);
        let mut references = parts.references.clone();
        let r = get(cols.reference);
        if !r.is_empty() {
            references.push(r.to_string());
        }
        let vd = get(cols.value_date);
        out.push(Transaction {
            id: String::new(),
            account: None,
            date,
            value_date: dmy(vd),
            amount: cents(signed.abs()),
            direction: if signed.is_sign_negative() {
                Direction::Debit
            } else {
                Direction::Credit
            },
            currency: get(cols.currency).parse().unwrap_or(Currency::EUR),
            remittance: parts.motif.clone().unwrap_or_default(),
            counterparty: parts.payer,
            label,
            iban: None,
            references,
            line,
        });
    }
    super::assign_content_ids(&mut out);
    Ok((out, errors))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn quoted_fields() {
        assert_eq!(split(r#"a;"b;c";"d""e""#, ';'), ["a", "b;c", "d\"e"]);
        assert_eq!(split("", ';'), [""]);
    }
}
