//! camt.053 (ISO 20022 bank-to-customer statement), versions .001.02 to .001.08.
//!
//! The versions differ, for what is read here, in one place: from .001.08 on a party's name
//! sits in `Pty/Nm` (`RltdPties/Dbtr/Pty/Nm`) where earlier versions have `Dbtr/Nm`; both are
//! read. Element names are matched by their local name, so any namespace prefix works. One
//! transaction per entry (`Ntry`): a batch entry keeps the first detail's party, and the
//! references and remittance of all its details.

use super::model::{BankError, BankErrorKind, Direction, Transaction};
use super::text::{cents, decode, plain_decimal, position, squash, ymd};
use crate::money::Currency;
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Default)]
struct Entry {
    line: u32,
    amount: Option<(String, u32, u32)>,
    currency: Option<String>,
    direction: Option<(String, u32, u32)>,
    booked: Option<(String, u32, u32)>,
    value: Option<String>,
    bank_ref: Option<String>,
    info: Option<String>,
    debtor: Option<String>,
    creditor: Option<String>,
    debtor_iban: Option<String>,
    creditor_iban: Option<String>,
    references: Vec<String>,
    remittance: Vec<String>,
}

/// Where a text node sits, relative to the entry (`Ntry`) that holds it.
fn field(rel: &[String]) -> Option<&'static str> {
    let r: Vec<&str> = rel.iter().map(String::as_str).collect();
    Some(match r.as_slice() {
        ["Amt"] => "amount",
        ["CdtDbtInd"] => "direction",
        ["BookgDt", "Dt" | "DtTm"] => "booked",
        ["ValDt", "Dt" | "DtTm"] => "value",
        ["AcctSvcrRef"] => "bank_ref",
        ["AddtlNtryInf"] => "info",
        [.., "Refs", "EndToEndId"] => "reference",
        [.., "RltdPties", "Dbtr", "Nm"] | [.., "RltdPties", "Dbtr", "Pty", "Nm"] => "debtor",
        [.., "RltdPties", "Cdtr", "Nm"] | [.., "RltdPties", "Cdtr", "Pty", "Nm"] => "creditor",
        [.., "DbtrAcct", "Id", "IBAN"] => "debtor_iban",
        [.., "CdtrAcct", "Id", "IBAN"] => "creditor_iban",
        [.., "RmtInf", "Ustrd"] | [.., "TxDtls", "AddtlTxInf"] => "remittance",
        [.., "CdtrRefInf", "Ref"] => "reference",
        _ => return None,
    })
}

pub fn parse(bytes: &[u8]) -> Result<(Vec<Transaction>, Vec<BankError>), BankError> {
    // Decoded first (UTF-8, else Windows-1252), so that a Latin-1 file reads too; positions
    // are in the decoded text.
    let source = decode(bytes);
    let bytes = source.as_bytes();
    let mut reader = Reader::from_str(&source);
    let mut stack: Vec<String> = Vec::new();
    let mut account: Option<String> = None;
    let mut entry: Option<(usize, Entry)> = None;
    let mut text = String::new();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    loop {
        let at = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|_| {
            let (line, column) = position(bytes, reader.error_position() as usize);
            BankError::new(line, column, BankErrorKind::MalformedXml)
        })?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if name == "Ntry" {
                    let (line, _) = position(bytes, at);
                    entry = Some((
                        stack.len() + 1,
                        Entry {
                            line,
                            ..Entry::default()
                        },
                    ));
                }
                if name == "Amt" {
                    if let Some((depth, en)) = entry.as_mut() {
                        if stack.len() == *depth {
                            en.currency = e
                                .attributes()
                                .flatten()
                                .find(|a| a.key.local_name().as_ref() == "Ccy")
                                .map(|a| a.value.into_owned());
                        }
                    }
                }
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.into_inner())
                {
                    text.push_str(s);
                }
            }
            Event::End(_) => {
                let value = squash(&text);
                text.clear();
                let (line, column) = position(bytes, at);
                let ended = stack.pop().unwrap_or_default();
                match entry.as_mut() {
                    Some((depth, en)) if stack.len() >= *depth => {
                        let mut rel = stack[*depth..].to_vec();
                        rel.push(ended.clone());
                        if let Some(f) = field(&rel) {
                            store(en, f, value, line, column);
                        }
                    }
                    _ => {
                        let path: Vec<&str> = stack.iter().map(String::as_str).collect();
                        // Stmt/Acct/Id/IBAN or Stmt/Acct/Id/Othr/Id: the statement's account.
                        if matches!(path.as_slice(), [.., "Stmt", "Acct", "Id"] if ended == "IBAN")
                            || matches!(path.as_slice(), [.., "Stmt", "Acct", "Id", "Othr"] if ended == "Id")
                        {
                            account = Some(value);
                        }
                    }
                }
                if ended == "Ntry" {
                    if let Some((_, en)) = entry.take() {
                        match finish(en, account.clone()) {
                            Ok(t) => out.push(t),
                            Err(e) => errors.push(e),
                        }
                    }
                }
                if ended == "Stmt" {
                    account = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        let (line, column) = position(bytes, bytes.len());
        return Err(BankError::new(line, column, BankErrorKind::MalformedXml));
    }
    super::assign_content_ids(&mut out);
    Ok((out, errors))
}

fn store(en: &mut Entry, f: &str, value: String, line: u32, column: u32) {
    if value.is_empty() {
        return;
    }
    let first = |slot: &mut Option<String>, v: String| {
        if slot.is_none() {
            *slot = Some(v);
        }
    };
    match f {
        "amount" => en.amount = Some((value, line, column)),
        "direction" => en.direction = Some((value, line, column)),
        "booked" => en.booked = Some((value, line, column)),
        "value" => first(&mut en.value, value),
        "bank_ref" => first(&mut en.bank_ref, value),
        "info" => first(&mut en.info, value),
        "debtor" => first(&mut en.debtor, value),
        "creditor" => first(&mut en.creditor, value),
        "debtor_iban" => first(&mut en.debtor_iban, value.replace(' ', "")),
        "creditor_iban" => first(&mut en.creditor_iban, value.replace(' ', "")),
        "reference"
            if !value.eq_ignore_ascii_case("NOTPROVIDED") && !en.references.contains(&value) =>
        {
            en.references.push(value)
        }
        "remittance" => en.remittance.push(value),
        _ => {}
    }
}

fn finish(en: Entry, account: Option<String>) -> Result<Transaction, BankError> {
    let (amount_s, al, ac) = en.amount.ok_or(BankError::new(
        en.line,
        0,
        BankErrorKind::BadAmount(String::new()),
    ))?;
    let amount = plain_decimal(&amount_s)
        .filter(|a| a.is_sign_positive())
        .ok_or(BankError::new(al, ac, BankErrorKind::BadAmount(amount_s)))?;
    let direction = match en.direction {
        Some((d, _, _)) if d == "CRDT" => Direction::Credit,
        Some((d, _, _)) if d == "DBIT" => Direction::Debit,
        Some((d, l, c)) => return Err(BankError::new(l, c, BankErrorKind::BadDirection(d))),
        None => {
            return Err(BankError::new(
                en.line,
                0,
                BankErrorKind::BadDirection(String::new()),
            ))
        }
    };
    let (booked_s, bl, bc) =
        en.booked
            .ok_or(BankError::new(en.line, 0, BankErrorKind::MissingDate))?;
    let date = ymd(&booked_s).ok_or(BankError::new(bl, bc, BankErrorKind::BadDate(booked_s)))?;
    let (counterparty, iban) = match direction {
        Direction::Credit => (en.debtor, en.debtor_iban),
        Direction::Debit => (en.creditor, en.creditor_iban),
    };
    let remittance = en.remittance.join(" ");
    let label = en
        .info
        .or_else(|| en.remittance.first().cloned())
        .or_else(|| counterparty.clone())
        .unwrap_or_default();
    Ok(Transaction {
        id: en.bank_ref.unwrap_or_default(),
        account,
        date,
        value_date: en.value.as_deref().and_then(ymd),
        amount: cents(amount),
        direction,
        currency: en
            .currency
            .and_then(|c| c.parse::<Currency>().ok())
            .unwrap_or_default(),
        label,
        counterparty,
        iban,
        references: en.references,
        remittance,
        line: en.line,
    })
}
