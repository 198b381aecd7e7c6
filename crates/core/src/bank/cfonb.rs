//! CFONB 120: the French banks' fixed-width statement ("relevé de compte 120 caractères").
//!
//! Records: `01` old balance, `04` an operation, `05` a complement to the operation before it,
//! `07` new balance. Positions (1-based, as in the CFONB brochure): 17–19 currency, 20 number
//! of decimals, 22–32 account number, 35–40 booking date `DDMMYY`, 43–48 value date, 49–79
//! label, 91–104 amount whose last character carries the sign and the last digit (`{`, `A`–`I`:
//! +0…+9; `}`, `J`–`R`: −0…−9), 105–120 reference. In a `05`: 46–48 a qualifier (`LIB` label,
//! `NPY` payer's name, `RCN` the payer's reference…), 49–118 its text. Fields are read from the
//! bytes (the width is in bytes) and decoded one by one as Windows-1252.

use super::label::parse_label;
use super::model::{BankError, BankErrorKind, Direction, Transaction};
use super::text::{cents, ddmmyy, decode, squash};
use crate::money::Currency;
use rust_decimal::Decimal;

/// The records, each without its line break: lines, or 120-byte slices of a file without any.
fn records(bytes: &[u8]) -> Vec<(u32, &[u8])> {
    if !bytes.contains(&b'\n') && bytes.len() > 120 && bytes.len().is_multiple_of(120) {
        return bytes
            .chunks(120)
            .enumerate()
            .map(|(i, c)| (i as u32 + 1, c))
            .collect();
    }
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.strip_suffix(b"\r").unwrap_or(l)))
        .collect()
}

/// A file whose first record is a CFONB `01` of 120 bytes.
pub fn looks_like(bytes: &[u8]) -> bool {
    records(bytes)
        .into_iter()
        .find(|(_, r)| !r.trim_ascii().is_empty())
        .is_some_and(|(_, r)| r.len() == 120 && r.starts_with(b"01"))
}

fn field(r: &[u8], from: usize, to: usize) -> String {
    squash(&decode(r.get(from - 1..to).unwrap_or(b"")))
}

/// The signed amount of positions 91–104, `decimals` of them after the point.
fn amount(r: &[u8], decimals: u32) -> Option<Decimal> {
    let f = r.get(90..104)?;
    let (digits, last) = f.split_at(13);
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (negative, d) = match last[0] {
        b'{' => (false, 0),
        b'}' => (true, 0),
        c @ b'A'..=b'I' => (false, c - b'A' + 1),
        c @ b'J'..=b'R' => (true, c - b'J' + 1),
        c @ b'0'..=b'9' => (false, c - b'0'),
        _ => return None,
    };
    let mut n: i64 = 0;
    for &c in digits {
        n = n * 10 + i64::from(c - b'0');
    }
    n = n * 10 + i64::from(d);
    let v = Decimal::new(if negative { -n } else { n }, decimals.min(6));
    Some(v)
}

pub fn parse(bytes: &[u8]) -> (Vec<Transaction>, Vec<BankError>) {
    let mut out: Vec<Transaction> = Vec::new();
    let mut errors = Vec::new();
    // Whether the last record was an operation that complements may extend.
    let mut open = false;
    for (line, r) in records(bytes) {
        if r.trim_ascii().is_empty() {
            continue;
        }
        let code = r.get(..2).unwrap_or(r);
        match code {
            b"01" | b"07" => open = false,
            b"04" => {
                open = false;
                if r.len() < 104 {
                    errors.push(BankError::new(line, 0, BankErrorKind::ShortRecord(r.len())));
                    continue;
                }
                match operation(r, line) {
                    Ok(t) => {
                        out.push(t);
                        open = true;
                    }
                    Err(e) => errors.push(e),
                }
            }
            b"05" => {
                let Some(t) = out.last_mut().filter(|_| open) else {
                    errors.push(BankError::new(line, 0, BankErrorKind::OrphanComplement));
                    continue;
                };
                if r.len() < 48 {
                    errors.push(BankError::new(line, 0, BankErrorKind::ShortRecord(r.len())));
                    continue;
                }
                let qualifier = field(r, 46, 48);
                let text = field(r, 49, 118);
                if text.is_empty() {
                    continue;
                }
                match qualifier.as_str() {
                    "NPY" if t.direction == Direction::Credit => t.counterparty = Some(text),
                    "NBE" if t.direction == Direction::Debit => t.counterparty = Some(text),
                    "RCN" | "REF" => t.references.push(text),
                    _ => {
                        if !t.remittance.is_empty() {
                            t.remittance.push(' ');
                        }
                        t.remittance.push_str(&text);
                    }
                }
            }
            _ => {
                open = false;
                errors.push(BankError::new(
                    line,
                    1,
                    BankErrorKind::UnknownRecord(String::from_utf8_lossy(code).into_owned()),
                ));
            }
        }
    }
    for t in &mut out {
        // "VIR SEPA RECU /DE … /MOTIF …" labels name the payer when no complement did.
        if t.counterparty.is_none() {
            let parts = parse_label(&format!("{} {}", t.label, t.remittance));
            t.counterparty = parts.payer;
        }
    }
    super::assign_content_ids(&mut out);
    (out, errors)
}

fn operation(r: &[u8], line: u32) -> Result<Transaction, BankError> {
    let decimals = match r[19] {
        c @ b'0'..=b'9' => u32::from(c - b'0'),
        _ => 2,
    };
    let signed = amount(r, decimals)
        .ok_or_else(|| BankError::new(line, 91, BankErrorKind::BadAmount(field(r, 91, 104))))?;
    let date = ddmmyy(&r[34..40])
        .ok_or_else(|| BankError::new(line, 35, BankErrorKind::BadDate(field(r, 35, 40))))?;
    let reference = field(r, 105, 120);
    Ok(Transaction {
        id: String::new(),
        account: Some(field(r, 22, 32)).filter(|a| !a.is_empty()),
        date,
        value_date: ddmmyy(&r[42..48]),
        amount: cents(signed.abs()),
        direction: if signed.is_sign_negative() {
            Direction::Debit
        } else {
            Direction::Credit
        },
        currency: field(r, 17, 19).parse().unwrap_or(Currency::EUR),
        label: field(r, 49, 79),
        counterparty: None,
        iban: None,
        references: if reference.is_empty() {
            Vec::new()
        } else {
            vec![reference]
        },
        remittance: String::new(),
        line,
    })
}
