//! Invoices and payments CSV files.

use super::columns::Columns;
use super::detect::{self, Encoding};
use super::header::{self, Field};
use super::layout;
use super::records::{Record, Records};
use super::rows::RowReader;
use super::status_codes::Numbering;
use super::text::{DateOrder, DecimalSep};
use super::{Code, Detected, FileError, FileKind, Format, ImportOptions, Parsed, RowError, Staged};

/// How many records detection looks at.
const SAMPLE: usize = 200;

/// A CSV parse done a slice of records at a time (see [`super::ParseJob`]).
pub(super) struct CsvJob<'a> {
    data: std::borrow::Cow<'a, str>,
    /// Where the next record is looked for: byte offset in `data`, and the line there.
    pos: (usize, u64),
    rows: RowReader,
    detected: Detected,
    done: bool,
}

impl<'a> CsvJob<'a> {
    /// Decodes, reads the header and detects the settings on a sample of records (read again,
    /// with all the others, by [`CsvJob::step`]).
    pub(super) fn new(bytes: &'a [u8], opts: &ImportOptions) -> Result<CsvJob<'a>, FileError> {
        let Head {
            text,
            encoding,
            bom,
            delimiter,
            headers,
            header_records,
            mapping,
            kind,
        } = head(bytes, opts)?;
        let cols = Columns::new(&mapping);
        cols.check(kind, &headers).map_err(FileError)?;
        let status_codes = Numbering::of(&headers, cols.status);
        let data = text.as_bytes();
        let mut records = Records::new(data, delimiter);
        let mut rec = Record::default();
        // Past the header and what comes before it (read by `head`).
        for _ in 0..header_records {
            records.read(&mut rec);
        }
        let body = records.position();
        // The fields detection looks at, from a sample of records; then every record, the
        // sample's included, goes through the same handling.
        let amount_cols = [cols.total, cols.net, cols.vat, cols.paid, cols.outstanding];
        let date_cols = [cols.issue, cols.due, cols.payment_date];
        let (mut amounts, mut dates) = (Vec::new(), Vec::new());
        let mut sampled = 0;
        while sampled < SAMPLE && records.read(&mut rec) {
            let take = |cols: &[Option<usize>], to: &mut Vec<Vec<u8>>| {
                to.extend(
                    cols.iter()
                        .flatten()
                        .filter_map(|&c| rec.get(c).map(<[u8]>::to_vec)),
                );
            };
            take(&amount_cols, &mut amounts);
            take(&date_cols, &mut dates);
            sampled += 1;
        }
        let sample_bytes = records.position().0 - body.0;
        let (decimal, date_order, date_ambiguous) =
            detect::sample_formats(opts, delimiter, &amounts, &dates);
        let detected = Detected {
            format: Format::Csv,
            kind,
            encoding,
            bom,
            delimiter,
            decimal,
            date_order,
            date_ambiguous,
            headers,
            mapping,
        };
        // Room for every row, estimated from the sample, so that the rows are not moved as
        // they grow (bounded for a sample of short rows followed by long ones).
        let rest = (data.len() - body.0) as u64;
        let expected = rest * sampled as u64 / sample_bytes.max(1) as u64;
        // A tenth more: growing past an estimate a little short would copy every row.
        let expected = (expected + expected / 10 + 16).min(rest / 16) as usize;
        let mut staged = Staged::default();
        match kind {
            FileKind::Payments => staged.payments.reserve(expected),
            _ => staged.invoices.reserve(expected),
        }
        let rows = RowReader::new(
            cols,
            kind,
            decimal,
            date_order,
            opts.currency,
            staged,
            status_codes,
        );
        Ok(CsvJob {
            data: text,
            pos: body,
            rows,
            detected,
            done: false,
        })
    }

    /// Handles up to `max` more records; true when the file is done.
    pub(super) fn step(&mut self, max: usize) -> bool {
        if self.done {
            return true;
        }
        let text: &str = &self.data;
        let mut records = Records::new(text.as_bytes(), self.detected.delimiter).resume(self.pos);
        let mut rec = Record::default();
        for _ in 0..max {
            if !records.read(&mut rec) {
                self.done = true;
                break;
            }
            self.rows.handle(&rec, text);
        }
        self.pos = records.position();
        self.done
    }

    /// How far the parse is, 0 to 1.
    pub(super) fn progress(&self) -> f64 {
        if self.done || self.data.is_empty() {
            1.0
        } else {
            self.pos.0 as f64 / self.data.len() as f64
        }
    }

    pub(super) fn finish(mut self) -> Parsed {
        self.step(usize::MAX);
        let (staged, errors, warnings, records) = self.rows.finish();
        Parsed {
            detected: self.detected,
            staged,
            errors,
            warnings,
            records,
        }
    }
}

/// What the first line of a CSV file tells: encoding, delimiter, the column names, the mapping
/// (given or guessed from the names) and whether it lists invoices or payments.
struct Head<'a> {
    text: std::borrow::Cow<'a, str>,
    encoding: Encoding,
    bom: bool,
    delimiter: u8,
    headers: Vec<String>,
    /// Records up to and including the header.
    header_records: usize,
    mapping: Vec<(Field, usize)>,
    kind: FileKind,
}

fn head<'a>(bytes: &'a [u8], opts: &ImportOptions) -> Result<Head<'a>, FileError> {
    let (text, encoding, bom) = detect::read_text(bytes, opts.encoding, Encoding::Windows1252);
    let data = text.as_bytes();
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError(Code::EmptyFile));
    }
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| detect::detect_delimiter(data));
    let mut rec = Record::default();
    let mut records = Records::new(data, delimiter);
    // The header is the first of the first records that names enough known columns: some
    // tools write a title, a date range or the firm's name first (Invoice Ninja: three
    // lines). Without one, the first record is the header (and the user maps it).
    let mut first: Option<Vec<String>> = None;
    let mut chosen: Option<(Vec<String>, usize)> = None;
    // What the lines before the header say ("Payments", « Factures »): a title can tell a
    // payments file from an invoices file when the columns cannot.
    let mut titles: Vec<String> = Vec::new();
    for k in 1..=PREAMBLE + 1 {
        if !records.read(&mut rec) {
            break;
        }
        let names: Vec<String> = rec
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        if header::map_header(&names).len() >= 3 {
            chosen = Some((names, k));
            break;
        }
        if let Some(t) = names.iter().find(|n| !n.is_empty()) {
            titles.push(header::normalize(t));
        }
        first.get_or_insert(names);
    }
    let (headers, mut header_records) = match (chosen, first) {
        (Some(c), _) => c,
        (None, Some(f)) => {
            titles.clear();
            (f, 1)
        }
        (None, None) => return Err(FileError(Code::EmptyFile)),
    };
    // The first data rows, for the columns' values.
    let mut records = Records::new(data, delimiter);
    for _ in 0..header_records {
        records.read(&mut rec);
    }
    let mut sample: Vec<Vec<String>> = Vec::new();
    while sample.len() < LAYOUT_SAMPLE && records.read(&mut rec) {
        sample.push(
            rec.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect(),
        );
    }
    // A second header line of field paths (Frappe Books: `SalesInvoice.name`,
    // `SalesInvoice.date`...) belongs to the header.
    if sample.first().is_some_and(|r| is_field_paths(r)) {
        sample.remove(0);
        header_records += 1;
    }
    let mapping = opts
        .mapping
        .clone()
        .unwrap_or_else(|| layout::choose(&headers, &layout::profiles(headers.len(), &sample)));
    let kind = opts.kind.unwrap_or_else(|| {
        let said = |words: &[&str]| titles.iter().any(|t| words.contains(&t.as_str()));
        if said(&[
            "payments",
            "paiements",
            "reglements",
            "encaissements",
            "receipts",
        ]) {
            FileKind::Payments
        } else if said(&["invoices", "factures"]) {
            FileKind::Invoices
        } else if header::looks_like_payments_mapped(&headers, &mapping) {
            FileKind::Payments
        } else {
            FileKind::Invoices
        }
    });
    Ok(Head {
        bom,
        text,
        encoding,
        delimiter,
        headers,
        header_records,
        mapping,
        kind,
    })
}

/// Lines before the header that are looked past.
const PREAMBLE: usize = 10;

/// Data records whose values help tell the columns apart.
const LAYOUT_SAMPLE: usize = 50;

/// A record of at least three `Object.field` names and nothing else (blanks aside).
fn is_field_paths(r: &[String]) -> bool {
    let path = |s: &str| {
        let mut parts = s.split('.');
        let word = |p: Option<&str>| {
            p.is_some_and(|p| {
                p.starts_with(|c: char| c.is_ascii_alphabetic())
                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        };
        word(parts.next()) && word(parts.next()) && parts.next().is_none()
    };
    let filled: Vec<&str> = r
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    filled.len() >= 3 && filled.iter().all(|s| path(s))
}

/// A file whose columns could not all be found: what its header tells, no rows, and why, as an
/// error on line 1; so that a user can map the columns by hand.
pub(super) fn unmapped(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    let h = head(bytes, opts)?;
    let missing = match Columns::new(&h.mapping).check(h.kind, &h.headers) {
        Ok(()) => return Err(FileError(Code::NothingMissing)),
        Err(code) => code,
    };
    Ok(Parsed {
        detected: Detected {
            format: Format::Csv,
            kind: h.kind,
            encoding: h.encoding,
            bom: h.bom,
            delimiter: h.delimiter,
            decimal: if h.delimiter == b',' {
                DecimalSep::Dot
            } else {
                DecimalSep::Comma
            },
            date_order: DateOrder::Dmy,
            date_ambiguous: false,
            headers: h.headers,
            mapping: h.mapping,
        },
        staged: Staged::default(),
        errors: vec![RowError::new(1, 0, missing)],
        warnings: Vec::new(),
        records: 0,
    })
}
