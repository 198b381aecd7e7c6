//! Invoices and payments CSV files.

use super::columns::Columns;
use super::detect::{self, Encoding};
use super::header::{self, Field};
use super::records::{Record, Records};
use super::text::{parse_amount, DateMemo, DateOrder, DecimalSep};
use super::{
    Code, Detected, FileError, FileKind, Format, ImportOptions, InvoiceRow, Parsed, PaymentRow,
    RowError, ShortText, Staged, StagedClient,
};
use crate::hash::FxHashMap as HashMap;
use crate::ledger::InvoiceStatus;
use crate::money::Currency;
use rust_decimal::Decimal;

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
        let default_decimal = if delimiter == b',' {
            DecimalSep::Dot
        } else {
            DecimalSep::Comma
        };
        let decimal = opts.decimal.unwrap_or_else(|| {
            detect::detect_decimal(amounts.iter().map(Vec::as_slice), default_decimal)
        });
        let (date_order, date_ambiguous) = match opts.date_order {
            Some(o) => (o, false),
            None => detect::detect_date_order(dates.iter().map(Vec::as_slice)),
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
        let rows = RowReader {
            cols,
            kind,
            decimal,
            date_order,
            dates: DateMemo::default(),
            currency: opts.currency,
            staged,
            client_keys: ClientKeys::default(),
            errors: Vec::new(),
            warnings: Vec::new(),
            records: 0,
        };
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
        Parsed {
            detected: self.detected,
            staged: self.rows.staged,
            errors: self.rows.errors,
            warnings: self.rows.warnings,
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
        first.get_or_insert(names);
    }
    let (headers, header_records) = match (chosen, first) {
        (Some(c), _) => c,
        (None, Some(f)) => (f, 1),
        (None, None) => return Err(FileError(Code::EmptyFile)),
    };
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

impl RowReader {
    /// One record; `text` is the file the record was read from.
    fn handle(&mut self, r: &Record<'_>, text: &str) {
        self.records += 1;
        if let Some(field) = r.broken() {
            self.errors
                .push(RowError::new(r.line(), field + 1, Code::UnclosedQuote));
            return;
        }
        if r.is_blank() {
            return;
        }
        let row = Row {
            r,
            text,
            line: r.line(),
        };
        if self.kind == FileKind::Invoices
            && (self.cols.status.is_some() || self.cols.doc_type.is_some())
        {
            if let Some(w) = self.left_out(&row) {
                self.warnings.push(w);
                return;
            }
        }
        let result = match self.kind {
            FileKind::Payments => self.payment(&row).map(|p| self.staged.payments.push(p)),
            _ => self.invoice(&row).map(|i| self.staged.invoices.push(i)),
        };
        if let Err(e) = result {
            self.errors.push(e);
        }
    }
}

/// A record being read, with the text it was read from and its line.
struct Row<'r, 'a> {
    r: &'r Record<'a>,
    text: &'r str,
    line: u64,
}

impl Row<'_, '_> {
    /// A mapped date field, read in `order`.
    fn date(
        &self,
        dates: &mut DateMemo,
        col: Option<usize>,
        order: DateOrder,
    ) -> Result<Option<chrono::NaiveDate>, RowError> {
        match self.field(col) {
            None => Ok(None),
            Some(f) => dates.parse(f, order).map(Some).map_err(|problem| {
                self.err(
                    col,
                    Code::BadDate {
                        value: lossy(f),
                        problem,
                    },
                )
            }),
        }
    }

    /// A mapped field, trimmed; `None` when unmapped, missing or blank.
    #[inline]
    fn field(&self, col: Option<usize>) -> Option<&[u8]> {
        let f = self.r.get(col?)?;
        match (f.first(), f.last()) {
            // Nearly every field: nothing to trim, checked at both ends only.
            (Some(&a), Some(&b)) if a > b' ' && b > b' ' => Some(f),
            _ => Some(f.trim_ascii()).filter(|f| !f.is_empty()),
        }
    }

    /// A mapped field as text, trimmed.
    fn text(&self, col: Option<usize>) -> Option<String> {
        self.with_str(col, str::to_owned)
    }

    /// A mapped field as text, trimmed, without allocating when it is short.
    fn short_text(&self, col: Option<usize>) -> Option<ShortText> {
        self.with_str(col, |s| ShortText::from(s))
    }

    fn with_str<T>(&self, col: Option<usize>, f: impl FnOnce(&str) -> T) -> Option<T> {
        let c = col?;
        let s = match self.r.get_str(self.text, c) {
            Some(s) => std::borrow::Cow::Borrowed(s),
            // The file was decoded to UTF-8 before splitting; this is for safety only.
            None => String::from_utf8_lossy(self.r.get(c)?),
        };
        let s = s.trim_ascii();
        (!s.is_empty()).then(|| f(s))
    }

    #[cold]
    fn err(&self, col: Option<usize>, code: Code) -> RowError {
        RowError::new(self.line, col.map_or(0, |c| c as u32 + 1), code)
    }

    /// A field every row needs, blank.
    #[cold]
    fn empty(&self, col: Option<usize>, field: Field) -> RowError {
        self.err(col, Code::EmptyValue { field })
    }
}

/// A field's bytes as text, for a message.
#[cold]
fn lossy(f: &[u8]) -> String {
    String::from_utf8_lossy(f).into_owned()
}

struct RowReader {
    cols: Columns,
    kind: FileKind,
    decimal: DecimalSep,
    date_order: DateOrder,
    dates: DateMemo,
    currency: Currency,
    staged: Staged,
    client_keys: ClientKeys,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
    records: u64,
}

impl RowReader {
    #[inline]
    fn amount(&self, row: &Row<'_, '_>, col: Option<usize>) -> Result<Option<Decimal>, RowError> {
        match row.field(col) {
            None => Ok(None),
            Some(f) => parse_amount(f, self.decimal).map(Some).map_err(|problem| {
                row.err(
                    col,
                    Code::BadAmount {
                        value: lossy(f),
                        problem,
                    },
                )
            }),
        }
    }

    fn currency(&self, row: &Row<'_, '_>) -> Result<Currency, RowError> {
        match row.field(self.cols.currency) {
            None => Ok(self.currency),
            Some(f) => String::from_utf8_lossy(f)
                .parse()
                .map_err(|_| row.err(self.cols.currency, Code::BadCurrency { value: lossy(f) })),
        }
    }

    /// The staged client of a row, created on first sight (keyed by code, else by name).
    fn client(&mut self, row: &Row<'_, '_>) -> Result<u32, RowError> {
        let c = &self.cols;
        let key = match (row.field(c.client_code), row.field(c.client)) {
            (Some(k), _) | (None, Some(k)) => k,
            (None, None) => return Err(row.empty(c.client.or(c.client_code), Field::Client)),
        };
        if let Some(k) = self.client_keys.get(key) {
            return Ok(k);
        }
        let terms_days = row.field(c.terms).and_then(|f| parse_terms(f).map(|t| t.0));
        let code = row.text(c.client_code);
        let client = StagedClient {
            name: row
                .text(c.client)
                .or_else(|| code.clone())
                .unwrap_or_default(),
            code,
            email: row.text(c.email),
            phone: row.text(c.phone),
            siren: row.text(c.siren),
            vat_id: row.text(c.vat_id),
            segment: row.text(c.segment),
            terms_days,
        };
        let k = self.staged.clients.len() as u32;
        self.staged.clients.push(client);
        self.client_keys.insert(key, k);
        Ok(k)
    }

    /// A draft or a voided invoice (by its status or type): not a receivable, left out with a
    /// warning.
    #[cold]
    fn left_out(&self, row: &Row<'_, '_>) -> Option<RowError> {
        let c = &self.cols;
        let words = |col| {
            row.field(col)
                .map(|f| header::normalize(&String::from_utf8_lossy(f)))
        };
        let said = [words(c.status), words(c.doc_type)];
        let has = |w: &str| {
            said.iter()
                .flatten()
                .any(|s| s.split(' ').any(|x| x == w) || s.starts_with(w))
        };
        let code = if has("draft") || has("brouillon") || has("proforma") || has("devis") {
            let number = row.text(c.number).unwrap_or_default();
            Code::DraftSkipped { number }
        } else if has("void")
            || has("voided")
            || has("annule")
            || has("annulee")
            || has("cancelled")
            || has("canceled")
            || has("deleted")
        {
            let number = row.text(c.number).unwrap_or_default();
            Code::VoidSkipped { number }
        } else {
            return None;
        };
        Some(row.err(c.status.or(c.doc_type), code))
    }

    /// Whether the row's type says it is a credit note (its amounts may be written positive).
    fn is_credit_note(&self, row: &Row<'_, '_>) -> bool {
        let Some(f) = row.field(self.cols.doc_type) else {
            return false;
        };
        let n = header::normalize(&String::from_utf8_lossy(f));
        n.contains("credit") || n.contains("avoir") || n == "refund" || n.contains("remboursement")
    }

    fn invoice(&mut self, row: &Row<'_, '_>) -> Result<InvoiceRow, RowError> {
        let c = &self.cols;
        let number = row
            .short_text(c.number)
            .ok_or_else(|| row.empty(c.number, Field::Number))?;
        let issue_date = row
            .date(&mut self.dates, c.issue, self.date_order)?
            .ok_or_else(|| row.empty(c.issue, Field::IssueDate))?;
        let due_date = match row.date(&mut self.dates, c.due, self.date_order)? {
            // No due date in the file: the row's terms give it ("Net 30", « 45 jours FDM »).
            None => row
                .field(c.terms)
                .and_then(parse_terms)
                .and_then(|t| due_from_terms(issue_date, t)),
            d => d,
        };
        let net = self.amount(row, c.net)?;
        let vat = self.amount(row, c.vat)?;
        let total_field = self.amount(row, c.total)?;
        let outstanding = self.amount(row, c.outstanding)?;
        let paid_field = self.amount(row, c.paid)?;
        let total = match (total_field, net, vat) {
            (Some(t), _, _) => t,
            (None, Some(n), Some(v)) => n + v,
            (None, _, _) => match (outstanding, paid_field) {
                (Some(o), p) => o + p.unwrap_or_default(),
                _ => return Err(row.empty(c.total.or(c.net), Field::Total)),
            },
        };
        // A credit note written with positive amounts beside a Type that says so (Xero's
        // "Sales credit note"): a negative document; what is left of it is applied by the merge.
        let (total, net, vat, paid_field, outstanding) =
            if total > Decimal::ZERO && self.cols.doc_type.is_some() && self.is_credit_note(row) {
                (-total, net.map(|n| -n), vat.map(|v| -v), None, None)
            } else {
                (total, net, vat, paid_field, outstanding)
            };
        let paid = match (paid_field, outstanding) {
            (Some(p), _) => Some(p),
            (None, Some(o)) => Some(total - o),
            (None, None) => None,
        };
        if let (Some(p), true) = (paid, total >= Decimal::ZERO) {
            if p < Decimal::ZERO || p > total {
                return Err(row.err(
                    c.paid.or(c.outstanding),
                    Code::PaidOutOfRange { paid: p, total },
                ));
            }
        }
        let payment_date = row.date(&mut self.dates, c.payment_date, self.date_order)?;
        let status = row.field(c.status).and_then(parse_status);
        let currency = self.currency(row)?;
        let client = self.client(row)?;
        Ok(InvoiceRow {
            line: row.line,
            number,
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

    fn payment(&mut self, row: &Row<'_, '_>) -> Result<PaymentRow, RowError> {
        let c = &self.cols;
        let date_col = c.payment_date.or(c.issue);
        let date = row
            .date(&mut self.dates, date_col, self.date_order)?
            .ok_or_else(|| row.empty(date_col, Field::PaymentDate))?;
        let amount_col = c.total.or(c.paid);
        let amount = self
            .amount(row, amount_col)?
            .ok_or_else(|| row.empty(amount_col, Field::Total))?;
        if amount <= Decimal::ZERO {
            return Err(row.err(amount_col, Code::NotPositive { amount }));
        }
        let invoice = row.text(c.number);
        let currency = self.currency(row)?;
        let client = self.client(row)?;
        Ok(PaymentRow {
            line: row.line,
            client,
            date,
            amount,
            currency,
            allocations: invoice.iter().map(|n| (n.clone(), amount)).collect(),
            reference: invoice,
        })
    }
}

/// The staged clients by key (code, else name). Most keys are short: they are kept inside the
/// table, so that looking one up for each row compares bytes in place instead of following a
/// pointer to a key allocated somewhere on the heap (a cache miss a row at 100,000 rows).
#[derive(Default)]
struct ClientKeys {
    short: HashMap<[u8; SHORT_KEY + 1], u32>,
    long: HashMap<Box<[u8]>, u32>,
}

const SHORT_KEY: usize = 23;

impl ClientKeys {
    /// A short key padded with zeros, its length last (so that padding is not confused with
    /// zero bytes of the key).
    fn short(key: &[u8]) -> Option<[u8; SHORT_KEY + 1]> {
        let mut k = [0; SHORT_KEY + 1];
        k.get_mut(..key.len())?.copy_from_slice(key);
        k[SHORT_KEY] = key.len() as u8;
        (key.len() <= SHORT_KEY).then_some(k)
    }

    fn get(&self, key: &[u8]) -> Option<u32> {
        match Self::short(key) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(key).copied(),
        }
    }

    fn insert(&mut self, key: &[u8], client: u32) {
        match Self::short(key) {
            Some(k) => self.short.insert(k, client),
            None => self.long.insert(key.into(), client),
        };
    }
}

/// Payment terms as written: the first number of days, and whether they run to the end of
/// the month (« 30 jours fin de mois », « 45 jours FDM », "EOM"). "Net 30" → (30, false);
/// "à réception" / "due on receipt" → (0, false).
fn parse_terms(f: &[u8]) -> Option<(u32, bool)> {
    let n = header::normalize(&String::from_utf8_lossy(f));
    let end_of_month = n.contains("fin de mois") || n.split(' ').any(|w| w == "fdm" || w == "eom");
    let digits: String = n
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u32>() {
        Ok(d) if d <= 366 => Some((d, end_of_month)),
        Ok(_) => None,
        Err(_) if n.contains("reception") || n.contains("receipt") || n.contains("comptant") => {
            Some((0, false))
        }
        Err(_) => None,
    }
}

/// The due date from terms: `days` after the issue, then (end of month) the last day of that
/// month, the reading of « 45 jours fin de mois » the DGCCRF gives first.
fn due_from_terms(
    issue: chrono::NaiveDate,
    (days, end_of_month): (u32, bool),
) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let d = issue.checked_add_days(chrono::Days::new(u64::from(days)))?;
    if !end_of_month {
        return Some(d);
    }
    let first_next = if d.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    first_next.pred_opt()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::date;

    #[test]
    fn payment_terms_give_the_due_date() {
        // (terms, issue, due) by hand: 10/01 + 30 d = 09/02; + 30 d then end of month = 28/02;
        // 15/01 + 45 d = 01/03 → end of March; Net 30 from 31/01 = 02/03.
        let table = [
            ("Net 30", "2025-01-10", Some("2025-02-09")),
            ("30 jours fin de mois", "2025-01-10", Some("2025-02-28")),
            ("45 jours FDM", "2025-01-15", Some("2025-03-31")),
            ("Net 30", "2025-01-31", Some("2025-03-02")),
            ("60 days EOM", "2025-11-15", Some("2026-01-31")),
            ("À réception", "2025-01-10", Some("2025-01-10")),
            ("30", "2025-01-10", Some("2025-02-09")),
            ("selon contrat", "2025-01-10", None),
        ];
        for (terms, issue, due) in table {
            let got = parse_terms(terms.as_bytes()).and_then(|t| due_from_terms(date(issue), t));
            assert_eq!(got, due.map(date), "{terms}");
        }
    }
}
