//! Invoices and payments CSV files.

use super::columns::Columns;
use super::detect::{self, Encoding};
use super::header::{self, Field};
use super::lines::LineCounter;
use super::text::{parse_amount, parse_date, DateOrder, DecimalSep};
use super::{
    Detected, FileError, FileKind, Format, ImportOptions, InvoiceRow, Parsed, PaymentRow, RowError,
    Staged, StagedClient,
};
use crate::hash::FxHashMap as HashMap;
use crate::ledger::InvoiceStatus;
use crate::money::Currency;
use csv::ByteRecord;
use rust_decimal::Decimal;

/// How many records detection looks at.
const SAMPLE: usize = 200;

/// A CSV parse done a slice of records at a time (see [`super::ParseJob`]).
pub(super) struct CsvJob<'a> {
    data: std::borrow::Cow<'a, str>,
    /// Byte offset of the next record in `data`.
    pos: usize,
    /// The line counter's state: (byte offset, line there).
    line_state: (usize, u64),
    rows: RowReader,
    detected: Detected,
    done: bool,
}

impl<'a> CsvJob<'a> {
    /// Decodes, reads the header, detects the settings on a sample and handles the sample.
    pub(super) fn new(bytes: &'a [u8], opts: &ImportOptions) -> Result<CsvJob<'a>, FileError> {
        let Head {
            text,
            encoding,
            bom,
            delimiter,
            headers,
            mapping,
            kind,
        } = head(bytes, opts)?;
        let cols = Columns::new(&mapping);
        cols.check(kind, &headers)?;
        let data = text.as_bytes();
        let mut reader = reader(delimiter, data);
        // Past the header (read by `head`).
        let mut rec = ByteRecord::new();
        let _ = reader.read_byte_record(&mut rec);

        let mut lines = LineCounter::new(data);
        // Buffer a sample for detection, then run every record through the same handling.
        let mut sample: Vec<ByteRecord> = Vec::with_capacity(SAMPLE);
        let mut read_errors: Vec<RowError> = Vec::new();
        let mut done = false;
        while sample.len() < SAMPLE {
            let mut r = ByteRecord::new();
            match reader.read_byte_record(&mut r) {
                Ok(true) => sample.push(r),
                Ok(false) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    read_errors.push(csv_error(&e, &mut lines, 0));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        done = true;
                        break;
                    }
                }
            }
        }
        let default_decimal = if delimiter == b',' {
            DecimalSep::Dot
        } else {
            DecimalSep::Comma
        };
        let decimal = opts.decimal.unwrap_or_else(|| {
            let amount_cols = [cols.total, cols.net, cols.vat, cols.paid, cols.outstanding];
            detect::detect_decimal(
                sample
                    .iter()
                    .flat_map(|r| amount_cols.iter().flatten().filter_map(move |&c| r.get(c))),
                default_decimal,
            )
        });
        let (date_order, date_ambiguous) = match opts.date_order {
            Some(o) => (o, false),
            None => {
                let date_cols = [cols.issue, cols.due, cols.payment_date];
                detect::detect_date_order(
                    sample
                        .iter()
                        .flat_map(|r| date_cols.iter().flatten().filter_map(move |&c| r.get(c))),
                )
            }
        };
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
        let mut rows = RowReader {
            cols,
            kind,
            decimal,
            date_order,
            currency: opts.currency,
            staged: Staged::default(),
            client_keys: HashMap::default(),
            errors: read_errors,
            records: 0,
        };
        for r in &sample {
            rows.handle(r, &mut lines, 0);
        }
        let pos = reader.position().byte() as usize;
        let line_state = (lines.offset, lines.line);
        Ok(CsvJob {
            data: text,
            pos,
            line_state,
            rows,
            detected,
            done,
        })
    }

    /// Handles up to `max` more records; true when the file is done.
    pub(super) fn step(&mut self, max: usize) -> bool {
        if self.done {
            return true;
        }
        let data = self.data.as_bytes();
        let mut lines = LineCounter {
            data,
            offset: self.line_state.0,
            line: self.line_state.1,
        };
        let mut reader = reader(self.detected.delimiter, &data[self.pos.min(data.len())..]);
        let mut rec = ByteRecord::new();
        let mut n = 0;
        while n < max {
            match reader.read_byte_record(&mut rec) {
                Ok(true) => self.rows.handle(&rec, &mut lines, self.pos),
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    // The reader resynchronises on the next record; keep going.
                    let e = csv_error(&e, &mut lines, self.pos);
                    self.rows.errors.push(e);
                    if reader.is_done() {
                        self.done = true;
                        break;
                    }
                }
            }
            n += 1;
        }
        self.pos += reader.position().byte() as usize;
        self.line_state = (lines.offset, lines.line);
        self.done
    }

    /// How far the parse is, 0 to 1.
    pub(super) fn progress(&self) -> f64 {
        if self.done || self.data.is_empty() {
            1.0
        } else {
            self.pos as f64 / self.data.len() as f64
        }
    }

    pub(super) fn finish(mut self) -> Parsed {
        self.step(usize::MAX);
        Parsed {
            detected: self.detected,
            staged: self.rows.staged,
            errors: self.rows.errors,
            records: self.rows.records,
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
    mapping: Vec<(Field, usize)>,
    kind: FileKind,
}

fn head<'a>(bytes: &'a [u8], opts: &ImportOptions) -> Result<Head<'a>, FileError> {
    let (encoding, bom) = match opts.encoding {
        Some(e) => (e, usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3),
        None => detect::detect_encoding(bytes, Encoding::Windows1252),
    };
    let text = detect::decode(bytes, encoding);
    let data = text.as_bytes();
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError("the file is empty".into()));
    }
    let delimiter = opts
        .delimiter
        .unwrap_or_else(|| detect::detect_delimiter(data));
    let mut reader = reader(delimiter, data);
    let mut rec = ByteRecord::new();
    let header_ok = reader
        .read_byte_record(&mut rec)
        .map_err(|e| FileError(format!("cannot read the header: {e}")))?;
    if !header_ok {
        return Err(FileError("the file is empty".into()));
    }
    let headers: Vec<String> = rec
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mapping = opts
        .mapping
        .clone()
        .unwrap_or_else(|| header::map_header(&headers));
    let kind = opts.kind.unwrap_or_else(|| {
        if header::looks_like_payments_mapped(&headers, &mapping) {
            FileKind::Payments
        } else {
            FileKind::Invoices
        }
    });
    Ok(Head {
        bom: bom > 0,
        text,
        encoding,
        delimiter,
        headers,
        mapping,
        kind,
    })
}

/// A file whose columns could not all be found: what its header tells, no rows, and why, as an
/// error on line 1; so that a user can map the columns by hand.
pub(super) fn unmapped(bytes: &[u8], opts: &ImportOptions) -> Result<Parsed, FileError> {
    let h = head(bytes, opts)?;
    let missing = match Columns::new(&h.mapping).check(h.kind, &h.headers) {
        Ok(()) => return Err(FileError("every needed column is mapped".into())),
        Err(e) => e.0,
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
        errors: vec![RowError {
            line: 1,
            column: 0,
            message: missing,
        }],
        records: 0,
    })
}

fn reader(delimiter: u8, data: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(data)
}

impl RowReader {
    /// One record, at byte `base` + its position in the slice being read.
    fn handle(&mut self, r: &ByteRecord, lines: &mut LineCounter<'_>, base: usize) {
        self.records += 1;
        // A blank row (";;;;"): stops at the first byte of any real row.
        if r.as_slice().iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let line = lines.line_at(base as u64 + r.position().map_or(0, |p| p.byte()));
        let result = match self.kind {
            FileKind::Payments => self.payment(r, line).map(|p| self.staged.payments.push(p)),
            _ => self.invoice(r, line).map(|i| self.staged.invoices.push(i)),
        };
        if let Err(e) = result {
            self.errors.push(e);
        }
    }
}

fn csv_error(e: &csv::Error, lines: &mut LineCounter<'_>, base: usize) -> RowError {
    RowError {
        line: e
            .position()
            .map_or(0, |p| lines.line_at(base as u64 + p.byte())),
        column: 0,
        message: format!("unreadable record: {e}"),
    }
}

struct RowReader {
    cols: Columns,
    kind: FileKind,
    decimal: DecimalSep,
    date_order: DateOrder,
    currency: Currency,
    staged: Staged,
    client_keys: HashMap<Box<[u8]>, u32>,
    errors: Vec<RowError>,
    records: u64,
}

fn err(line: u64, col: usize, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: col as u32 + 1,
        message: message.into(),
    }
}

fn field(r: &ByteRecord, col: Option<usize>) -> Option<&[u8]> {
    col.and_then(|c| r.get(c))
        .map(<[u8]>::trim_ascii)
        .filter(|f| !f.is_empty())
}

fn text(f: &[u8]) -> String {
    // The data was decoded to UTF-8 before parsing; the lossy path is for safety only.
    match std::str::from_utf8(f) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(f).into_owned(),
    }
}

impl RowReader {
    fn amount(
        &self,
        r: &ByteRecord,
        col: Option<usize>,
        line: u64,
    ) -> Result<Option<Decimal>, RowError> {
        match field(r, col) {
            None => Ok(None),
            Some(f) => parse_amount(f, self.decimal).map(Some).map_err(|m| {
                err(
                    line,
                    col.unwrap_or(0),
                    format!("{m}: {:?}", String::from_utf8_lossy(f)),
                )
            }),
        }
    }

    fn date(
        &self,
        r: &ByteRecord,
        col: Option<usize>,
        line: u64,
    ) -> Result<Option<chrono::NaiveDate>, RowError> {
        match field(r, col) {
            None => Ok(None),
            Some(f) => parse_date(f, self.date_order).map(Some).map_err(|m| {
                err(
                    line,
                    col.unwrap_or(0),
                    format!("{m}: {:?}", String::from_utf8_lossy(f)),
                )
            }),
        }
    }

    fn currency(&self, r: &ByteRecord, line: u64) -> Result<Currency, RowError> {
        match field(r, self.cols.currency) {
            None => Ok(self.currency),
            Some(f) => String::from_utf8_lossy(f)
                .parse()
                .map_err(|e| err(line, self.cols.currency.unwrap_or(0), format!("{e}"))),
        }
    }

    /// The staged client of a row, created on first sight (keyed by code, else by name).
    fn client(&mut self, r: &ByteRecord, line: u64) -> Result<u32, RowError> {
        let code = field(r, self.cols.client_code);
        let name = field(r, self.cols.client);
        let key = match (code, name) {
            (Some(c), _) => c,
            (None, Some(n)) => n,
            (None, None) => {
                let col = self.cols.client.or(self.cols.client_code).unwrap_or(0);
                return Err(err(line, col, "client is empty"));
            }
        };
        if let Some(&k) = self.client_keys.get(key) {
            return Ok(k);
        }
        let terms_days = field(r, self.cols.terms).and_then(|f| {
            let digits: Vec<u8> = f.iter().copied().take_while(u8::is_ascii_digit).collect();
            std::str::from_utf8(&digits).ok()?.parse().ok()
        });
        let opt = |c: Option<usize>| field(r, c).map(text);
        let client = StagedClient {
            name: text(name.or(code).unwrap_or_default()),
            code: code.map(text),
            email: opt(self.cols.email),
            phone: opt(self.cols.phone),
            siren: opt(self.cols.siren),
            vat_id: opt(self.cols.vat_id),
            segment: opt(self.cols.segment),
            terms_days,
        };
        let k = self.staged.clients.len() as u32;
        self.staged.clients.push(client);
        self.client_keys.insert(key.into(), k);
        Ok(k)
    }

    fn invoice(&mut self, r: &ByteRecord, line: u64) -> Result<InvoiceRow, RowError> {
        let c = &self.cols;
        let number = field(r, c.number)
            .ok_or_else(|| err(line, c.number.unwrap_or(0), "invoice number is empty"))?;
        let issue_date = self
            .date(r, c.issue, line)?
            .ok_or_else(|| err(line, c.issue.unwrap_or(0), "date is empty"))?;
        let due_date = self.date(r, c.due, line)?;
        let net = self.amount(r, c.net, line)?;
        let vat = self.amount(r, c.vat, line)?;
        let total_field = self.amount(r, c.total, line)?;
        let outstanding = self.amount(r, c.outstanding, line)?;
        let paid_field = self.amount(r, c.paid, line)?;
        let total = match (total_field, net, vat) {
            (Some(t), _, _) => t,
            (None, Some(n), Some(v)) => n + v,
            (None, _, _) => match (outstanding, paid_field) {
                (Some(o), p) => o + p.unwrap_or_default(),
                _ => {
                    let col = c.total.or(c.net).unwrap_or(0);
                    return Err(err(line, col, "amount incl. VAT is empty"));
                }
            },
        };
        let paid = match (paid_field, outstanding) {
            (Some(p), _) => Some(p),
            (None, Some(o)) => Some(total - o),
            (None, None) => None,
        };
        if let (Some(p), true) = (paid, total >= Decimal::ZERO) {
            if p < Decimal::ZERO || p > total {
                let col = c.paid.or(c.outstanding).unwrap_or(0);
                return Err(err(
                    line,
                    col,
                    format!("paid amount {p} is outside 0..{total}"),
                ));
            }
        }
        let payment_date = self.date(r, c.payment_date, line)?;
        let status = field(r, c.status).and_then(parse_status);
        let currency = self.currency(r, line)?;
        let client = self.client(r, line)?;
        Ok(InvoiceRow {
            line,
            number: text(number),
            client,
            issue_date,
            due_date,
            net,
            vat: vat.or_else(|| net.map(|n| total - n)),
            total,
            paid,
            payment_date,
            currency,
            status,
            doubtful: false,
            applies_to: None,
        })
    }

    fn payment(&mut self, r: &ByteRecord, line: u64) -> Result<PaymentRow, RowError> {
        let c = &self.cols;
        let date_col = c.payment_date.or(c.issue);
        let date = self
            .date(r, date_col, line)?
            .ok_or_else(|| err(line, date_col.unwrap_or(0), "payment date is empty"))?;
        let amount_col = c.total.or(c.paid);
        let amount = self
            .amount(r, amount_col, line)?
            .ok_or_else(|| err(line, amount_col.unwrap_or(0), "amount is empty"))?;
        if amount <= Decimal::ZERO {
            return Err(err(
                line,
                amount_col.unwrap_or(0),
                "a payment must be positive",
            ));
        }
        let invoice = field(r, c.number).map(text);
        let currency = self.currency(r, line)?;
        let client = self.client(r, line)?;
        Ok(PaymentRow {
            line,
            client,
            date,
            amount,
            currency,
            allocations: invoice.iter().map(|n| (n.clone(), amount)).collect(),
            reference: invoice,
        })
    }
}

/// Reads a status cell in French or English; unknown words leave the status alone.
fn parse_status(f: &[u8]) -> Option<InvoiceStatus> {
    let n = header::normalize(&String::from_utf8_lossy(f));
    let has = |w: &str| n.contains(w);
    if has("litige") || has("conteste") || has("disput") {
        Some(InvoiceStatus::Disputed)
    } else if has("contentieux") || has("litigation") || has("judiciaire") {
        Some(InvoiceStatus::Litigation)
    } else if has("perte") || has("irrecouvrable") || has("written") || has("write off") {
        Some(InvoiceStatus::WrittenOff)
    } else if has("ouvert")
        || has("open")
        || has("paye")
        || has("paid")
        || has("solde")
        || has("retard")
        || has("overdue")
    {
        Some(InvoiceStatus::Open)
    } else {
        None
    }
}
