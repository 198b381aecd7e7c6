//! Bank statements in, receipts matched to invoices: "who paid?" answered without typing.
//!
//! - [`parse_statement`] reads camt.053, OFX (1.x and 2.x), CFONB 120 and French bank CSV into
//!   [`Transaction`]s, detecting the format from the bytes; it never panics, and reports each
//!   line it could not read as a [`BankError`] (a stable code, a line and a column).
//! - [`Dedup`] keeps each transaction once across statements: the same or an overlapping
//!   statement read again adds nothing.
//! - [`matching::match_transactions`] proposes, for each credit, the invoices it pays, every
//!   proposal with its evidence; `auto` only when it cannot reasonably be wrong.
//! - [`rf`] gives each invoice its ISO 11649 creditor reference, and [`epc`] the EPC QR code
//!   that lets the payer's banking app fill the transfer with it.
//!
//! ```
//! use encours_core::bank::{parse_statement, Direction};
//! let ofx = b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT\
//! <DTPOSTED>20250702<TRNAMT>1440.00<FITID>A1<NAME>DUPONT SARL<MEMO>F2025-031</STMTTRN></BANKTRANLIST></OFX>";
//! let s = parse_statement(ofx).unwrap();
//! assert_eq!(s.transactions[0].direction, Direction::Credit);
//! assert_eq!(s.transactions[0].amount.to_string(), "1440.00");
//! ```

mod camt;
mod cfonb;
mod csv;
pub mod epc;
mod label;
pub mod matching;
mod model;
pub mod name;
mod ofx;
pub mod rf;
mod text;

pub use label::{parse_label, LabelParts};
pub use model::{BankError, BankErrorKind, Direction, Statement, StatementFormat, Transaction};

/// A statement read and matched, as the engine's worker sends it to the page (which keeps
/// neither the parsers nor the matcher): the statement and, aligned with its transactions,
/// the proposals; or why the bytes are not a statement.
pub type Answer = Result<(Statement, Vec<Vec<matching::Proposal>>), BankError>;

/// An [`Answer`] as bytes (postcard).
pub fn encode_answer(a: &Answer) -> Vec<u8> {
    postcard::to_allocvec(a).unwrap_or_default()
}

/// What [`encode_answer`] wrote, or `None` for other bytes.
pub fn decode_answer(bytes: &[u8]) -> Option<Answer> {
    postcard::from_bytes(bytes).ok()
}

use std::collections::HashSet;

/// Reads a statement, its format detected from the bytes.
///
/// Errors: [`BankErrorKind::UnknownFormat`] when the bytes are none of the formats, and
/// [`BankErrorKind::MalformedXml`] for an XML file that breaks off; a single bad line is
/// reported in [`Statement::errors`] and the others are read.
pub fn parse_statement(bytes: &[u8]) -> Result<Statement, BankError> {
    let format = detect(bytes).ok_or(BankError::new(1, 0, BankErrorKind::UnknownFormat))?;
    parse_as(bytes, format)
}

/// Reads a statement in a given format.
pub fn parse_as(bytes: &[u8], format: StatementFormat) -> Result<Statement, BankError> {
    let (transactions, errors) = match format {
        StatementFormat::Camt053 => camt::parse(bytes)?,
        StatementFormat::Ofx => ofx::parse(bytes)?,
        StatementFormat::Cfonb120 => cfonb::parse(bytes),
        StatementFormat::Csv => csv::parse(bytes)?,
    };
    Ok(Statement {
        format,
        transactions,
        errors,
    })
}

/// The format the bytes look like, if any: camt's namespace or root, OFX's header or root,
/// CFONB's record codes on 120-byte lines, else a CSV with a `;` or `,` before a line break.
pub fn detect(bytes: &[u8]) -> Option<StatementFormat> {
    let head = &bytes[..bytes.len().min(4096)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"camt.053") || has(b"BkToCstmrStmt") {
        return Some(StatementFormat::Camt053);
    }
    if has(b"OFXHEADER") || has(b"<OFX>") || has(b"<ofx>") {
        return Some(StatementFormat::Ofx);
    }
    if cfonb::looks_like(bytes) {
        return Some(StatementFormat::Cfonb120);
    }
    let first_lines = head.split(|&b| b == b'\n').take(40);
    if first_lines
        .clone()
        .any(|l| l.contains(&b';') || l.contains(&b','))
    {
        return Some(StatementFormat::Csv);
    }
    None
}

/// Whether a file the user dropped on the import is a bank statement rather than invoices or
/// payments: camt, OFX and CFONB always are; a CSV is when a header line (in the first 60)
/// names Débit and Crédit columns, or a label and an amount, and no invoice, client or due
/// date column (an invoices file has those).
pub fn looks_like_statement(bytes: &[u8]) -> bool {
    match detect(bytes) {
        Some(StatementFormat::Csv) => {}
        Some(_) => return true,
        None => return false,
    }
    let text = text::decode(&bytes[..bytes.len().min(16_384)]);
    text.lines().take(60).any(|line| {
        let words = name::fold(line);
        let has = |w: &str| {
            words
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| t.starts_with(w))
        };
        let invoices = [
            "FACTURE", "INVOICE", "CLIENT", "CUSTOMER", "ECHEANCE", "DUE",
        ]
        .iter()
        .any(|w| has(w));
        let amounts = (has("DEBIT") && has("CREDIT")) || (has("LIBELLE") && has("MONTANT"));
        has("DATE") && amounts && !invoices
    })
}

/// A content id for a line of a format without bank ids: a stable 64-bit FNV-1a hash of the
/// account, the date, the signed amount, the label and the line's rank among identical lines
/// of the same statement (two identical card payments on one day stay two), as `h` and 16 hex
/// digits. FNV rather than the std hasher: the id is stored, so it must never change between
/// builds.
pub fn content_id(t: &Transaction, rank: u32) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes.iter().chain(std::iter::once(&0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(t.account.as_deref().unwrap_or("").as_bytes());
    eat(t.date.to_string().as_bytes());
    eat(t.signed_amount().normalize().to_string().as_bytes());
    eat(t.label.as_bytes());
    eat(t.remittance.as_bytes());
    eat(&rank.to_le_bytes());
    format!("h{h:016x}")
}

/// Gives an id to every transaction that has none, by [`content_id`].
pub(crate) fn assign_content_ids(ts: &mut [Transaction]) {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for t in ts.iter_mut().filter(|t| t.id.is_empty()) {
        let base = content_id(t, 0);
        let rank = seen.entry(base.clone()).or_insert(0);
        t.id = if *rank == 0 {
            base
        } else {
            content_id(t, *rank)
        };
        *rank += 1;
    }
}

/// The transactions seen so far, by account and id: [`Dedup::insert`] says whether a
/// transaction is new. Feed it every statement in turn, and a statement given twice, or two
/// that overlap, yield each transaction once.
#[derive(Clone, Debug, Default)]
pub struct Dedup {
    seen: HashSet<(String, String)>,
}

impl Dedup {
    /// A dedup that already knows these transactions (those imported before).
    pub fn with_known<'a>(known: impl IntoIterator<Item = &'a Transaction>) -> Self {
        let mut d = Dedup::default();
        for t in known {
            d.insert(t);
        }
        d
    }

    /// True when `t` was not seen before (it is now).
    pub fn insert(&mut self, t: &Transaction) -> bool {
        self.seen
            .insert((t.account.clone().unwrap_or_default(), t.id.clone()))
    }

    /// Keeps, of `ts`, the transactions not seen before, in their order.
    pub fn fresh(&mut self, ts: Vec<Transaction>) -> Vec<Transaction> {
        ts.into_iter().filter(|t| self.insert(t)).collect()
    }
}
