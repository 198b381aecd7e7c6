//! Diagnostics shared by the import and the follow-up (a rate table read from CSV reports its
//! rows the same way), so that neither side reaches into the other for them.
//!
//! What the import tells about a file or a row: a stable snake_case code and its parameters,
//! never a sentence. The app renders a code in the UI's language; [`Code::message`] is the
//! English text the CLI prints beside the code (and `Display` uses).
//!
//! Serialized adjacently tagged, `{"code":"bad_date","params":{"value":"32/01/2025",...}}`,
//! so that a row error flattens to `{"line":2,"column":3,"code":…,"params":…}`.
//!
//! ```
//! use encours_core::import::{Code, RowError};
//! let e = RowError::new(2, 3, Code::UnclosedQuote);
//! assert_eq!(e.code.id(), "unclosed_quote");
//! assert_eq!(e.to_string(), "line 2, column 3: a quote opened here is never closed");
//! ```

// `Field` (a column of an import file) stays with the header matching it belongs to: a leaf
// module, it reaches nothing back.
use crate::import::header::Field;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a field is not an amount.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountProblem {
    Empty,
    NotANumber,
    TooManyDigits,
    TooManyDecimals,
    TwoDecimalSeparators,
    /// A thousands mark not between digits or not followed by three of them.
    MisplacedSeparator,
    OutOfRange,
}

impl AmountProblem {
    /// English, for the CLI.
    pub fn message(self) -> &'static str {
        match self {
            AmountProblem::Empty => "empty amount",
            AmountProblem::NotANumber => "not a number",
            AmountProblem::TooManyDigits => "too many digits",
            AmountProblem::TooManyDecimals => "too many decimals",
            AmountProblem::TwoDecimalSeparators => "two decimal separators",
            AmountProblem::MisplacedSeparator => "unexpected separator in amount",
            AmountProblem::OutOfRange => "amount out of range",
        }
    }
}

/// Why a field is not a date.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateProblem {
    Empty,
    NotADate,
    /// A FEC date that is not YYYYMMDD.
    NotCompact,
    /// A year of neither 2 nor 4 digits.
    BadYear,
    /// Day or month out of range ("31/02/2025").
    NoSuchDate,
}

impl DateProblem {
    /// English, for the CLI.
    pub fn message(self) -> &'static str {
        match self {
            DateProblem::Empty => "empty date",
            DateProblem::NotADate => "not a date",
            DateProblem::NotCompact => "date is not YYYYMMDD",
            DateProblem::BadYear => "year must have 2 or 4 digits",
            DateProblem::NoSuchDate => "no such date",
        }
    }
}

/// A file-level or row-level problem, or a warning (the row was imported, or skipped on
/// purpose). Variants are only ever added: the codes are a stable interface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Code {
    // ── The whole file ──
    /// Nothing but blanks.
    EmptyFile,
    /// A NUL byte: a binary file or UTF-16.
    NotText,
    /// Columns every row needs were not found by their names.
    MissingColumns {
        fields: Vec<Field>,
        found: Vec<String>,
    },
    /// [`super::unmapped`] on a file whose needed columns are all there.
    NothingMissing,
    /// [`super::unmapped`] on a FEC file (its columns are fixed by law).
    FecFixedColumns,
    /// Read as a FEC, but the required FEC columns are not there.
    NotFec,

    // ── A row ──
    /// A field every row needs is blank.
    EmptyValue {
        field: Field,
    },
    BadAmount {
        value: String,
        problem: AmountProblem,
    },
    BadDate {
        value: String,
        problem: DateProblem,
    },
    BadCurrency {
        value: String,
    },
    /// "Paid" (or total − outstanding) outside 0..total.
    PaidOutOfRange {
        paid: Decimal,
        total: Decimal,
    },
    /// A payment of zero or less.
    NotPositive {
        amount: Decimal,
    },
    /// A quote opened on this line runs to the end of the file (or to a line that cannot be
    /// part of the same field): the record is refused, the rows after it are read.
    UnclosedQuote,
    /// An invoice number met twice in one file (for different rows that cannot be one invoice).
    DuplicateNumber {
        number: String,
        first_line: u64,
    },
    /// A FEC `Sens` that is neither D nor C.
    BadSens {
        value: String,
    },
    /// A rate table's half-year cell ("2025-H1").
    BadHalfYear {
        value: String,
    },
    /// A rate table's rate cell (a percentage from 0 to 100).
    BadRate {
        value: String,
    },
    /// A rate table with no rate at all.
    NoRate,
    /// An installment row whose client, date or currency differ from the invoice's first row.
    InstallmentMismatch {
        number: String,
        first_line: u64,
    },

    // ── Warnings: the row is imported, or left out on purpose ──
    /// A draft (not issued) invoice: not a receivable, not imported.
    DraftSkipped {
        number: String,
    },
    /// An invoice due later than L441-10 I allows (60 days from its date, or 45 days end of
    /// month): imported, and said (the law caps the terms, it does not void the invoice).
    PaymentTermsOverCap {
        number: String,
        days: i64,
        latest: NaiveDate,
    },
    /// A voided (cancelled) invoice: not imported.
    VoidSkipped {
        number: String,
    },
    /// A payment row names an invoice of another client than the one it names: kept as the
    /// payer's unallocated credit.
    PaymentOtherClient {
        number: String,
        payer: String,
        owner: String,
    },
    /// Line-item rows of one invoice grouped into one invoice.
    LinesGrouped {
        number: String,
        rows: u32,
    },
    /// An installment schedule whose parts do not add up to the invoice's total: imported as
    /// the file says (what the parts leave is aged at the invoice's due date).
    InstallmentsNotTotal {
        number: String,
        sum: Decimal,
        total: Decimal,
    },
}

impl Code {
    /// The stable snake_case code, as serialized.
    pub fn id(&self) -> &'static str {
        match self {
            Code::EmptyFile => "empty_file",
            Code::NotText => "not_text",
            Code::MissingColumns { .. } => "missing_columns",
            Code::NothingMissing => "nothing_missing",
            Code::FecFixedColumns => "fec_fixed_columns",
            Code::NotFec => "not_fec",
            Code::EmptyValue { .. } => "empty_value",
            Code::BadAmount { .. } => "bad_amount",
            Code::BadDate { .. } => "bad_date",
            Code::BadCurrency { .. } => "bad_currency",
            Code::PaidOutOfRange { .. } => "paid_out_of_range",
            Code::NotPositive { .. } => "not_positive",
            Code::UnclosedQuote => "unclosed_quote",
            Code::DuplicateNumber { .. } => "duplicate_number",
            Code::BadSens { .. } => "bad_sens",
            Code::BadHalfYear { .. } => "bad_half_year",
            Code::BadRate { .. } => "bad_rate",
            Code::NoRate => "no_rate",
            Code::InstallmentMismatch { .. } => "installment_mismatch",
            Code::DraftSkipped { .. } => "draft_skipped",
            Code::VoidSkipped { .. } => "void_skipped",
            Code::PaymentTermsOverCap { .. } => "payment_terms_over_cap",
            Code::PaymentOtherClient { .. } => "payment_other_client",
            Code::LinesGrouped { .. } => "lines_grouped",
            Code::InstallmentsNotTotal { .. } => "installments_not_total",
        }
    }

    /// The English text, for the CLI and logs. The app renders the code itself.
    pub fn message(&self) -> String {
        match self {
            Code::EmptyFile => "the file is empty".into(),
            Code::NotText => "this is not a text file (binary content, or UTF-16): export the data as CSV (UTF-8 or Windows-1252) or as a FEC file".into(),
            Code::MissingColumns { fields, found } => format!(
                "missing column(s): {} (columns found: {})",
                fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
                found.join(" | ")
            ),
            Code::NothingMissing => "every needed column is mapped".into(),
            Code::FecFixedColumns => "a FEC file has fixed columns".into(),
            Code::NotFec => "not a FEC file: JournalCode, EcritureNum, EcritureDate, CompteNum and Debit/Credit (or Montant/Sens) are required".into(),
            Code::EmptyValue { field } => format!("{} is empty", field.name()),
            Code::BadAmount { value, problem } => format!("{}: {value:?}", problem.message()),
            Code::BadDate { value, problem } => format!("{}: {value:?}", problem.message()),
            Code::BadCurrency { value } => format!("unknown currency {value:?}"),
            Code::PaidOutOfRange { paid, total } => {
                format!("paid amount {paid} is outside 0..{total}")
            }
            Code::NotPositive { amount } => format!("a payment must be positive (here {amount})"),
            Code::UnclosedQuote => "a quote opened here is never closed".into(),
            Code::DuplicateNumber { number, first_line } => {
                format!("invoice number {number} already on line {first_line}")
            }
            Code::BadSens { value } => format!("Sens must be D or C, not {value:?}"),
            Code::BadHalfYear { value } => format!("{value:?} is not a half-year like 2025-H1"),
            Code::BadRate { value } => format!("{value:?} is not a rate in percent"),
            Code::NoRate => "no half-year rate in the file".into(),
            Code::InstallmentMismatch { number, first_line } => format!(
                "invoice {number}: this installment's client or currency differs from line {first_line}"
            ),
            Code::DraftSkipped { number } => format!("invoice {number} is a draft: not imported"),
            Code::VoidSkipped { number } => format!("invoice {number} is voided: not imported"),
            Code::PaymentTermsOverCap {
                number,
                days,
                latest,
            } => format!(
                "invoice {number}: payment terms of {days} days exceed the legal cap (L441-10: due by {latest} at the latest)"
            ),
            Code::PaymentOtherClient {
                number,
                payer,
                owner,
            } => format!(
                "invoice {number} belongs to {owner}, not to {payer}: the payment is kept as {payer}'s unallocated credit"
            ),
            Code::LinesGrouped { number, rows } => {
                format!("invoice {number}: {rows} line-item rows read as one invoice")
            }
            Code::InstallmentsNotTotal { number, sum, total } => format!(
                "invoice {number}: its installments add up to {sum}, not to its total {total}"
            ),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A row that could not be imported (or, in a `warnings` list, one the import noticed
/// something about), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// File line where the record starts (header = 1).
    pub line: u64,
    /// 1-based column, 0 when the whole row is at fault.
    pub column: u32,
    #[serde(flatten)]
    pub code: Code,
}

/// A warning has the shape of an error: the row is imported (or skipped on purpose).
pub type RowWarning = RowError;

impl RowError {
    pub fn new(line: u64, column: u32, code: Code) -> Self {
        RowError { line, column, code }
    }

    /// The English text of the code (for the CLI).
    pub fn message(&self) -> String {
        self.code.message()
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.code
            )
        } else {
            write!(f, "line {}: {}", self.line, self.code)
        }
    }
}

/// A file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError(pub Code);

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_error_serializes_as_line_column_code_params() {
        let e = RowError::new(
            4,
            2,
            Code::BadDate {
                value: "32/01/2025".into(),
                problem: DateProblem::NoSuchDate,
            },
        );
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"line": 4, "column": 2, "code": "bad_date",
                "params": {"value": "32/01/2025", "problem": "no_such_date"}})
        );
        assert_eq!(v["code"], e.code.id());
        let back: RowError = serde_json::from_value(v).unwrap();
        assert_eq!(back, e);
        let unit = serde_json::to_value(RowError::new(3, 0, Code::UnclosedQuote)).unwrap();
        assert_eq!(
            unit,
            serde_json::json!({"line": 3, "column": 0, "code": "unclosed_quote"})
        );
        let field = serde_json::to_value(Code::EmptyValue {
            field: Field::IssueDate,
        })
        .unwrap();
        assert_eq!(field["params"]["field"], "issue_date");
    }
}
