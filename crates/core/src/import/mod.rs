//! Import of invoices, payments and FEC ledgers.
//!
//! The pipeline is `bytes → detect → parse → Staged → apply to a Ledger`. Parsing is a pure
//! function of the bytes and the options, never panics, and reports each bad row as a
//! [`RowError`] with the line where its record starts (the header is line 1) and a 1-based
//! column. Applying is one batch: good rows are merged together, an identical re-import
//! changes nothing, and [`crate::Ledger::undo_last_batch`] reverts it.
//!
//! ```
//! use encours_core::import::{import, ImportOptions};
//! use encours_core::Ledger;
//! let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
//! let csv = "N° facture;Client;Date;Échéance;Montant TTC\nF1;Dupont;01/03/2025;31/03/2025;1 200,00\n";
//! let mut ledger = Ledger::default();
//! let report = import(&mut ledger, csv.as_bytes(), &ImportOptions::builder(today).build());
//! assert_eq!(report.new_invoices, 1);
//! assert!(report.errors.is_empty());
//! ```

mod apply;
mod change;
mod columns;
mod csv_file;
pub mod detect;
mod fec;
pub mod header;
mod layout;
mod ledger_csv;
mod lines;
mod number_index;
mod preview;
mod records;
mod rows;
mod scan;
mod short_text;
mod status_codes;
mod terms;
pub mod text;
pub mod view;
pub mod words;

pub use crate::diagnostic::{Code, FileError, RowError, RowWarning};
pub use apply::apply;
pub use change::{Change, Changed};
pub use detect::Encoding;
pub use header::Field;
pub use preview::preview;
pub use short_text::ShortText;
pub use text::{AmountProblem, DateOrder, DateProblem, DecimalSep};

use crate::ledger::{InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The file format.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    #[default]
    Auto,
    Csv,
    Fec,
}

/// What a CSV file lists.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Invoices,
    Payments,
    Fec,
}

/// How to read a file. Built with [`ImportOptions::builder`]; every detected setting can be
/// forced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The import date: undated "paid so far" amounts are dated by it.
    pub today: NaiveDate,
    pub format: Format,
    pub kind: Option<FileKind>,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub decimal: Option<DecimalSep>,
    pub date_order: Option<DateOrder>,
    /// Column mapping; replaces the one read from the header when given.
    pub mapping: Option<Vec<(Field, usize)>>,
    /// Payment terms when neither the row nor the client has any.
    pub default_terms_days: u32,
    pub currency: Currency,
    /// Name shown in the import history (usually the file name).
    pub label: String,
}

/// Builder for [`ImportOptions`].
#[derive(Clone, Debug)]
pub struct ImportOptionsBuilder(ImportOptions);

impl ImportOptions {
    /// Options with everything detected, 30-day terms and euros.
    pub fn builder(today: NaiveDate) -> ImportOptionsBuilder {
        ImportOptionsBuilder(ImportOptions {
            today,
            format: Format::Auto,
            kind: None,
            encoding: None,
            delimiter: None,
            decimal: None,
            date_order: None,
            mapping: None,
            default_terms_days: 30,
            currency: Currency::EUR,
            label: String::new(),
        })
    }
}

impl ImportOptionsBuilder {
    pub fn format(mut self, f: Format) -> Self {
        self.0.format = f;
        self
    }
    pub fn kind(mut self, k: FileKind) -> Self {
        self.0.kind = Some(k);
        self
    }
    pub fn encoding(mut self, e: Encoding) -> Self {
        self.0.encoding = Some(e);
        self
    }
    pub fn delimiter(mut self, d: u8) -> Self {
        self.0.delimiter = Some(d);
        self
    }
    pub fn decimal(mut self, d: DecimalSep) -> Self {
        self.0.decimal = Some(d);
        self
    }
    pub fn date_order(mut self, o: DateOrder) -> Self {
        self.0.date_order = Some(o);
        self
    }
    pub fn mapping(mut self, m: Vec<(Field, usize)>) -> Self {
        self.0.mapping = Some(m);
        self
    }
    pub fn default_terms_days(mut self, days: u32) -> Self {
        self.0.default_terms_days = days;
        self
    }
    pub fn currency(mut self, c: Currency) -> Self {
        self.0.currency = c;
        self
    }
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.0.label = l.into();
        self
    }
    pub fn build(self) -> ImportOptions {
        self.0
    }
}

/// What detection found, for the user to check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detected {
    pub format: Format,
    pub kind: FileKind,
    pub encoding: Encoding,
    pub bom: bool,
    pub delimiter: u8,
    pub decimal: DecimalSep,
    pub date_order: DateOrder,
    /// True when every date could be day-first or month-first: the user should confirm.
    pub date_ambiguous: bool,
    pub headers: Vec<String>,
    pub mapping: Vec<(Field, usize)>,
}

/// A client as named by a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StagedClient {
    pub name: String,
    pub code: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub siren: Option<String>,
    pub vat_id: Option<String>,
    pub segment: Option<String>,
    pub terms_days: Option<u32>,
}

/// An invoice (or credit note, when `total` is negative) read from a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub line: u64,
    pub number: ShortText,
    /// Index into [`Staged::clients`].
    pub client: u32,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub net: Option<Decimal>,
    pub vat: Option<Decimal>,
    pub total: Decimal,
    /// Paid so far, from a "Réglé" or derived from a "Reste à payer" column.
    pub paid: Option<Decimal>,
    pub payment_date: Option<NaiveDate>,
    pub currency: Currency,
    pub status: Option<InvoiceStatus>,
    pub doubtful: bool,
    /// For a credit note: the invoice number it reduces.
    pub applies_to: Option<String>,
}

/// A payment read from a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub line: u64,
    pub client: u32,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub currency: Currency,
    /// Invoice numbers and amounts it settles; the rest is unallocated.
    pub allocations: Vec<(String, Decimal)>,
    pub reference: Option<String>,
}

/// Rows read from a file, ready to merge into a ledger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Staged {
    pub clients: Vec<StagedClient>,
    pub invoices: Vec<InvoiceRow>,
    pub payments: Vec<PaymentRow>,
    /// Invoice numbers reclassified as doubtful (FEC 411 → 416).
    pub doubtful: Vec<String>,
    /// Installment schedules read from the file: (index into `invoices`, the installments).
    #[serde(default)]
    pub installments: Vec<(usize, Vec<crate::ledger::Installment>)>,
}

/// The result of reading a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub detected: Detected,
    pub staged: Staged,
    pub errors: Vec<RowError>,
    /// Rows imported (or skipped on purpose) that the user should know about.
    pub warnings: Vec<RowWarning>,
    /// Data records read (header excluded).
    pub records: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub new_clients: usize,
    pub new_invoices: usize,
    pub updated_invoices: usize,
    pub unchanged_invoices: usize,
    pub new_payments: usize,
    pub unchanged_payments: usize,
    /// What changed in the book: one per updated invoice or payment (a code and its
    /// parameters; `Display` gives the English text).
    pub changes: Vec<Change>,
    pub errors: Vec<RowError>,
    /// Rows imported (or skipped on purpose) that the user should know about.
    pub warnings: Vec<RowWarning>,
    /// The batch that holds the changes, `None` when nothing changed.
    pub batch: Option<crate::ledger::BatchId>,
}

/// Reads a file: detects its format and settings (unless forced) and parses every row.
pub fn parse(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    Ok(ParseJob::new(bytes, opts)?.finish())
}

/// A parse done a slice at a time, so that a page can hand control back to the browser between
/// slices (and show a progress bar) instead of freezing for the whole file. The result is the
/// same as [`parse`]'s.
///
/// ```
/// use encours_core::import::{ImportOptions, ParseJob};
/// let csv = "N° facture;Client;Date;Échéance;Montant TTC\nF1;Acme;01/01/2025;31/01/2025;10,00\n";
/// let opts = ImportOptions::builder(chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()).build();
/// let mut job = ParseJob::new(csv.as_bytes(), &opts).unwrap();
/// while !job.step(10_000) {
///     // yield to the event loop, update job.progress()
/// }
/// assert_eq!(job.finish().staged.invoices.len(), 1);
/// ```
pub struct ParseJob<'a>(Job<'a>);

enum Job<'a> {
    Csv(Box<csv_file::CsvJob<'a>>),
    /// FEC files are parsed at once (their entries are matched across the whole file).
    Done(Box<Parsed>),
}

impl<'a> ParseJob<'a> {
    /// Detects the format and settings and reads the first records.
    pub fn new(bytes: &'a [u8], opts: &ImportOptions) -> Result<ParseJob<'a>, FileError> {
        Ok(ParseJob(if reads_as_fec(bytes, opts)? {
            Job::Done(Box::new(fec::parse(bytes, opts)?))
        } else if ledger_csv::looks_like_ledger(bytes, opts) {
            // A general ledger's lines are read at once, as a FEC's.
            Job::Done(Box::new(ledger_csv::parse(bytes, opts)?))
        } else {
            Job::Csv(Box::new(csv_file::CsvJob::new(bytes, opts)?))
        }))
    }

    /// Reads up to `records` more records; true when the file is done.
    pub fn step(&mut self, records: usize) -> bool {
        match &mut self.0 {
            Job::Csv(j) => j.step(records),
            Job::Done(_) => true,
        }
    }

    /// How far the parse is, from 0 to 1 (by bytes).
    pub fn progress(&self) -> f64 {
        match &self.0 {
            Job::Csv(j) => j.progress(),
            Job::Done(_) => 1.0,
        }
    }

    /// The result (finishing the parse if steps remain).
    pub fn finish(self) -> Parsed {
        match self.0 {
            Job::Csv(j) => j.finish(),
            Job::Done(p) => *p,
        }
    }
}

/// For a CSV file [`parse`] refused because needed columns are not named in a way the import
/// knows: what the header tells (columns, guessed mapping, delimiter, encoding), no rows, and
/// the missing columns as an error on line 1. A page shows it so the user can map the columns
/// by hand, then parses again with [`ImportOptions::mapping`]. `Err` when the header itself
/// cannot be read, or when nothing is missing.
pub fn unmapped(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    if reads_as_fec(bytes, opts)? {
        return Err(FileError(Code::FecFixedColumns));
    }
    csv_file::unmapped(bytes, opts)
}

/// Whether the file is read as a FEC (forced, or detected); `Err` for a file that is not text.
fn reads_as_fec(bytes: &[u8], opts: &ImportOptions) -> Result<bool, FileError> {
    let head = &bytes[..bytes.len().min(4096)];
    // CSV and FEC exports are text: a NUL byte means a binary file, or UTF-16 (which
    // spreadsheets offer as "Unicode text"), and column errors about it would only confuse.
    if head.contains(&0) {
        return Err(FileError(Code::NotText));
    }
    Ok(match opts.format {
        Format::Fec => true,
        Format::Csv => false,
        Format::Auto => fec::looks_like_fec(head),
    })
}

/// Merges a parsed file's good rows into `ledger` as one batch ([`apply`]); the report lists
/// the rows the parse refused and those the merge refused together, in file order.
pub fn commit(ledger: &mut Ledger, parsed: &Parsed, opts: &ImportOptions) -> ImportReport {
    let mut report = apply(ledger, &parsed.staged, opts);
    report.errors = in_file_order(&parsed.errors, std::mem::take(&mut report.errors));
    let mut warnings = std::mem::take(&mut report.warnings);
    terms_over_cap(&parsed.staged, &mut warnings);
    report.warnings = in_file_order(&parsed.warnings, warnings);
    report
}

/// Invoices of the file due later than L441-10 I allows: imported, with a warning each. The
/// cap is never under 60 days, so only rows past 60 days pay for the full check.
fn terms_over_cap(staged: &Staged, warnings: &mut Vec<RowError>) {
    for row in &staged.invoices {
        let Some(due) = row.due_date else { continue };
        if row.total <= Decimal::ZERO || (due - row.issue_date).num_days() <= 60 {
            continue;
        }
        if let Some(over) = crate::penalty::terms::check(row.issue_date, due) {
            warnings.push(RowError::new(
                row.line,
                0,
                Code::PaymentTermsOverCap {
                    number: row.number.as_str().to_owned(),
                    days: over.days,
                    latest: over.latest,
                },
            ));
        }
    }
}

/// The parse's rows and the merge's together, by line and column (stable: two codes on one
/// cell keep the order they were found in).
fn in_file_order(parsed: &[RowError], mut merged: Vec<RowError>) -> Vec<RowError> {
    let mut all = parsed.to_vec();
    all.append(&mut merged);
    crate::small::sort_by(&mut all, |a, b| (a.line, a.column).cmp(&(b.line, b.column)));
    all
}

/// Parses `bytes` and merges the good rows into `ledger` as one batch.
pub fn import(ledger: &mut Ledger, bytes: &[u8], opts: &ImportOptions) -> ImportReport {
    match parse(bytes, opts) {
        Ok(parsed) => commit(ledger, &parsed, opts),
        Err(e) => ImportReport {
            errors: vec![RowError::new(1, 0, e.0)],
            ..ImportReport::default()
        },
    }
}

/// Splits a CSV into records and fields without decoding or converting anything: the floor
/// under [`parse`], for benchmarks against bare CSV parsers. Returns (records, fields).
pub fn tokenize(bytes: &[u8], delimiter: u8) -> (usize, usize) {
    let mut reader = records::Records::new(bytes, delimiter);
    let mut record = records::Record::default();
    let (mut records, mut fields) = (0, 0);
    while reader.read(&mut record) {
        records += 1;
        fields += record.len();
    }
    (records, fields)
}
