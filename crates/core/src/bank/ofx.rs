//! OFX statements: 1.x (SGML, leaf elements left unclosed: `<TRNAMT>-6.60<FITID>…`) and 2.x
//! (XML). One tag scanner reads both: a leaf is an opening tag followed by text, an aggregate
//! one followed by another tag; only `STMTTRN` aggregates and a few leaves are kept.

use super::model::{BankError, BankErrorKind, Direction, Transaction};
use super::text::{cents, decode, plain_decimal, squash, ymd};
use crate::money::Currency;

#[derive(Default)]
struct Txn {
    line: u32,
    amount: Option<(String, u32, u32)>,
    posted: Option<(String, u32, u32)>,
    user: Option<String>,
    fitid: Option<String>,
    name: Option<String>,
    memo: Option<String>,
    checknum: Option<String>,
    refnum: Option<String>,
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

pub fn parse(bytes: &[u8]) -> Result<(Vec<Transaction>, Vec<BankError>), BankError> {
    let text = decode(bytes);
    let s: &str = &text;
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut currency = Currency::EUR;
    let mut account: Option<String> = None;
    let mut cur: Option<Txn> = None;
    let mut saw_ofx = false;
    // Running position: line and the offset where it starts, advanced as the scan goes.
    let (mut line, mut line_start, mut counted) = (1u32, 0usize, 0usize);
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &b[lt..]).map(|i| lt + i) else {
            break;
        };
        for (i, &c) in b[counted..lt].iter().enumerate() {
            if c == b'\n' {
                line += 1;
                line_start = counted + i + 1;
            }
        }
        counted = lt;
        let col = (lt - line_start + 1) as u32;
        let tag = s.get(lt + 1..gt).unwrap_or("").trim();
        let next = memchr::memchr(b'<', &b[gt + 1..]).map_or(b.len(), |i| gt + 1 + i);
        let value = squash(&unescape(s.get(gt + 1..next).unwrap_or("")));
        pos = gt + 1;
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let (closing, name) = match tag.strip_prefix('/') {
            Some(n) => (true, n.trim()),
            None => (false, tag.split_whitespace().next().unwrap_or("")),
        };
        let name = name.trim_end_matches('/').to_ascii_uppercase();
        if name == "OFX" {
            saw_ofx = true;
        }
        if name == "STMTTRN" || (closing && name == "BANKTRANLIST") {
            if let Some(t) = cur.take() {
                match finish(t, currency, account.clone()) {
                    Ok(t) => out.push(t),
                    Err(e) => errors.push(e),
                }
            }
            if !closing && name == "STMTTRN" {
                cur = Some(Txn {
                    line,
                    ..Txn::default()
                });
            }
            continue;
        }
        if closing || value.is_empty() {
            continue;
        }
        let at = Some((value.clone(), line, col));
        match (name.as_str(), cur.as_mut()) {
            ("CURDEF", _) => currency = value.parse().unwrap_or(currency),
            ("ACCTID", None) => account = Some(value),
            ("TRNAMT", Some(t)) => t.amount = at,
            ("DTPOSTED", Some(t)) => t.posted = at,
            ("DTUSER", Some(t)) => t.user = Some(value),
            ("FITID", Some(t)) => t.fitid = Some(value),
            ("NAME", Some(t)) => t.name = Some(value),
            ("MEMO", Some(t)) => t.memo = Some(value),
            ("CHECKNUM", Some(t)) => t.checknum = Some(value),
            ("REFNUM", Some(t)) => t.refnum = Some(value),
            _ => {}
        }
    }
    if !saw_ofx {
        return Err(BankError::new(1, 0, BankErrorKind::UnknownFormat));
    }
    if let Some(t) = cur.take() {
        match finish(t, currency, account) {
            Ok(t) => out.push(t),
            Err(e) => errors.push(e),
        }
    }
    super::assign_content_ids(&mut out);
    Ok((out, errors))
}

fn finish(t: Txn, currency: Currency, account: Option<String>) -> Result<Transaction, BankError> {
    let (amount_s, al, ac) = t.amount.ok_or(BankError::new(
        t.line,
        0,
        BankErrorKind::BadAmount(String::new()),
    ))?;
    let amount = plain_decimal(&amount_s).ok_or(BankError::new(
        al,
        ac,
        BankErrorKind::BadAmount(amount_s),
    ))?;
    let (posted_s, pl, pc) =
        t.posted
            .ok_or(BankError::new(t.line, 0, BankErrorKind::MissingDate))?;
    let date = ymd(&posted_s).ok_or(BankError::new(pl, pc, BankErrorKind::BadDate(posted_s)))?;
    let direction = if amount.is_sign_negative() {
        Direction::Debit
    } else {
        Direction::Credit
    };
    let references = t.refnum.into_iter().chain(t.checknum).collect();
    Ok(Transaction {
        id: t.fitid.unwrap_or_default(),
        account,
        date,
        value_date: t.user.as_deref().and_then(ymd),
        amount: cents(amount.abs()),
        direction,
        currency,
        label: t.name.clone().unwrap_or_default(),
        counterparty: t.name,
        iban: None,
        references,
        remittance: t.memo.unwrap_or_default(),
        line: t.line,
    })
}
