//! What a bank statement says, whatever its format: transactions, and the errors of the lines
//! that could not be read.

use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Money in (a credit: a customer paying, perhaps) or out (a debit: never a receivable).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    Credit,
    Debit,
}

impl Direction {
    /// `"credit"` or `"debit"`.
    pub fn code(self) -> &'static str {
        match self {
            Direction::Credit => "credit",
            Direction::Debit => "debit",
        }
    }
}

/// The statement formats read.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatementFormat {
    /// ISO 20022 camt.053 (versions .001.02 to .001.08).
    Camt053,
    /// OFX 1.x (SGML) or 2.x (XML).
    Ofx,
    /// CFONB 120, the French banks' fixed-width statement.
    Cfonb120,
    /// A French bank's CSV export.
    Csv,
}

impl StatementFormat {
    pub fn code(self) -> &'static str {
        match self {
            StatementFormat::Camt053 => "camt053",
            StatementFormat::Ofx => "ofx",
            StatementFormat::Cfonb120 => "cfonb120",
            StatementFormat::Csv => "csv",
        }
    }
}

/// One line of a bank statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    /// The bank's own id (camt `AcctSvcrRef`, OFX `FITID`) or, when the format has none, `h`
    /// and a hash of the line's content and its rank among identical lines (see
    /// [`super::content_id`]): the same line read twice gets the same id.
    pub id: String,
    /// The account the statement is of (IBAN, OFX account id, CFONB account number), if given.
    pub account: Option<String>,
    /// Booking date.
    pub date: NaiveDate,
    pub value_date: Option<NaiveDate>,
    /// Always positive; [`Transaction::direction`] gives the sign.
    pub amount: Decimal,
    pub direction: Direction,
    pub currency: Currency,
    /// The bank's label for the line.
    pub label: String,
    /// The other party (the payer of a credit), when the statement names it apart.
    pub counterparty: Option<String>,
    /// The other party's IBAN, when given.
    pub iban: Option<String>,
    /// References given as such: end-to-end id, structured creditor reference (`RF…`).
    pub references: Vec<String>,
    /// Free remittance text (camt `Ustrd`, OFX `MEMO`, CFONB complements, CSV `/MOTIF`).
    pub remittance: String,
    /// The file line where the transaction starts (1-based).
    pub line: u32,
}

impl Transaction {
    /// The amount with its sign: negative for a debit.
    pub fn signed_amount(&self) -> Decimal {
        match self.direction {
            Direction::Credit => self.amount,
            Direction::Debit => -self.amount,
        }
    }
}

/// What went wrong, as a stable code and its parameters; the UI and the CLI say it in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BankErrorKind {
    /// The bytes are none of the statement formats.
    UnknownFormat,
    /// The XML is not well formed (camt, OFX 2).
    MalformedXml,
    /// A transaction without an amount, or with one that is not a number.
    BadAmount(String),
    /// A date that is not a date.
    BadDate(String),
    /// A transaction without a date.
    MissingDate,
    /// A camt entry's credit/debit indicator is neither `CRDT` nor `DBIT`.
    BadDirection(String),
    /// A CFONB record shorter than its fields.
    ShortRecord(usize),
    /// A CFONB record code other than 01, 04, 05, 07.
    UnknownRecord(String),
    /// A CFONB complement (05) with no operation (04) before it.
    OrphanComplement,
    /// A CSV without a header naming a date and an amount (or Débit/Crédit) column.
    NoHeader,
    /// A CSV row with fewer fields than its header needs.
    MissingField(String),
}

impl BankErrorKind {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            BankErrorKind::UnknownFormat => "unknown_format",
            BankErrorKind::MalformedXml => "malformed_xml",
            BankErrorKind::BadAmount(_) => "bad_amount",
            BankErrorKind::BadDate(_) => "bad_date",
            BankErrorKind::MissingDate => "missing_date",
            BankErrorKind::BadDirection(_) => "bad_direction",
            BankErrorKind::ShortRecord(_) => "short_record",
            BankErrorKind::UnknownRecord(_) => "unknown_record",
            BankErrorKind::OrphanComplement => "orphan_complement",
            BankErrorKind::NoHeader => "no_header",
            BankErrorKind::MissingField(_) => "missing_field",
        }
    }
}

/// An error and where: a 1-based line, and a 1-based column (0 when the whole line is meant).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankError {
    pub line: u32,
    pub column: u32,
    pub kind: BankErrorKind,
}

impl BankError {
    pub(crate) fn new(line: u32, column: u32, kind: BankErrorKind) -> Self {
        BankError { line, column, kind }
    }
}

/// For logs and the CLI (English, with the code): the app renders the kind in its language.
impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if self.column > 0 {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.kind.code())?;
        match &self.kind {
            BankErrorKind::BadAmount(s)
            | BankErrorKind::BadDate(s)
            | BankErrorKind::BadDirection(s)
            | BankErrorKind::UnknownRecord(s)
            | BankErrorKind::MissingField(s) => write!(f, " ({s})"),
            BankErrorKind::ShortRecord(n) => write!(f, " ({n} bytes)"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for BankError {}

/// A statement read: its format, the transactions, and the lines that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub format: StatementFormat,
    pub transactions: Vec<Transaction>,
    pub errors: Vec<BankError>,
}
