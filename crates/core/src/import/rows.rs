//! The rows of an invoices or payments CSV: each record read into an invoice or a payment
//! (or a row error, or a warning), the clients created on first sight.

use super::columns::Columns;
use super::header::{self, Field};
use super::lines::{self, Shape};
use super::records::Record;
use super::status_codes::{Coded, CodedType, Numbering};
use super::terms::{due_from_terms, parse_status, parse_terms};
use super::text::{parse_amount, DateMemo, DateOrder, DecimalSep};
use super::{Code, FileKind, InvoiceRow, PaymentRow, RowError, ShortText, Staged, StagedClient};
use crate::hash::FxHashMap as HashMap;
use crate::money::Currency;
use rust_decimal::Decimal;
impl RowReader {
    /// One record; `text` is the file the record was read from.
    pub(super) fn handle(&mut self, r: &Record<'_>, text: &str) {
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
                // One warning an invoice, not one a line item.
                let number = match &w.code {
                    Code::DraftSkipped { number } | Code::VoidSkipped { number } => number,
                    _ => "",
                };
                if number.is_empty() || self.left_out.insert(number.to_owned()) {
                    self.warnings.push(w);
                }
                return;
            }
        }
        let result = match self.kind {
            FileKind::Payments => self.payment(&row).map(|p| self.staged.payments.push(p)),
            _ => self.invoice(&row).map(|(i, part)| {
                self.staged.invoices.push(i);
                if let Some(parts) = self.installment_amounts.as_mut() {
                    parts.push(part);
                }
            }),
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

/// Whether a status says the invoice is paid in full: « Payée », « Réglée », "Paid", not
/// "Unpaid", « Impayée » or "Partially paid".
fn says_paid(f: &[u8]) -> bool {
    let n = header::normalize(&String::from_utf8_lossy(f));
    let words: Vec<&str> = n.split(' ').collect();
    let paid = [
        "paid",
        "payee",
        "paye",
        "reglee",
        "regle",
        "soldee",
        "acquittee",
    ];
    let not = [
        "not",
        "non",
        "partially",
        "partial",
        "partiellement",
        "partiel",
        "part",
    ];
    words.iter().any(|w| paid.contains(w)) && !words.iter().any(|w| not.contains(w))
}

/// Two lists of row messages as one, by line (stable).
fn merge_by_line(mut a: Vec<RowError>, b: Vec<RowError>) -> Vec<RowError> {
    if !b.is_empty() {
        a.extend(b);
        crate::small::sort_by(&mut a, |x, y| x.line.cmp(&y.line));
    }
    a
}

/// A field's bytes as text, for a message.
#[cold]
fn lossy(f: &[u8]) -> String {
    String::from_utf8_lossy(f).into_owned()
}

pub(super) struct RowReader {
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
    /// Each invoice row's installment amount, when the file has a column for it.
    installment_amounts: Option<Vec<Option<Decimal>>>,
    /// Numbers already warned of as drafts or voided (one warning an invoice, not a row).
    left_out: crate::hash::FxHashSet<String>,
    /// Whose numbering the status column's numbers follow, if the file says.
    status_codes: Option<Numbering>,
}

impl RowReader {
    pub(super) fn new(
        cols: Columns,
        kind: FileKind,
        decimal: DecimalSep,
        date_order: DateOrder,
        currency: Currency,
        staged: Staged,
        status_codes: Option<Numbering>,
    ) -> Self {
        RowReader {
            status_codes,
            kind,
            decimal,
            date_order,
            dates: DateMemo::default(),
            currency,
            staged,
            client_keys: ClientKeys::default(),
            errors: Vec::new(),
            warnings: Vec::new(),
            records: 0,
            installment_amounts: cols.installment.map(|_| Vec::new()),
            left_out: Default::default(),
            cols,
        }
    }

    /// What was read: the staged rows, the row errors, the warnings, the records read.
    /// The rows of one invoice (line items, installments) are grouped into one here.
    pub(super) fn finish(mut self) -> (Staged, Vec<RowError>, Vec<RowError>, u64) {
        if self.kind == FileKind::Invoices {
            let shape = Shape {
                line_totals: self.cols.total.is_none()
                    && self.cols.net.is_none()
                    && self.cols.line_total.is_some(),
                installment_amounts: self.installment_amounts.take(),
            };
            let (mut errors, mut warnings) = (Vec::new(), Vec::new());
            lines::group(&mut self.staged, &shape, &mut errors, &mut warnings);
            self.errors = merge_by_line(self.errors, errors);
            self.warnings = merge_by_line(self.warnings, warnings);
        }
        (self.staged, self.errors, self.warnings, self.records)
    }

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
        // A tool's number, where the file says which tool wrote it (see `status_codes`).
        let coded = self.coded(row);
        // A pro forma is told by its type: the warning points there, not at its status.
        let pro_forma =
            coded != Some(Coded::Draft) && self.coded_type(row) == Some(CodedType::ProForma);
        let code = if coded == Some(Coded::Draft)
            || pro_forma
            || has("draft")
            || has("brouillon")
            || has("proforma")
            || has("devis")
        {
            let number = row.text(c.number).unwrap_or_default();
            Code::DraftSkipped { number }
        } else if coded == Some(Coded::Abandoned)
            || has("void")
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
        let column = if pro_forma {
            c.doc_type
        } else {
            c.status.or(c.doc_type)
        };
        Some(row.err(column, code))
    }

    /// What the row's status says as a numbered code, when the file's columns say whose codes
    /// they are.
    fn coded(&self, row: &Row<'_, '_>) -> Option<Coded> {
        self.status_codes?.read(row.field(self.cols.status)?)
    }

    /// What the row's document type says as a numbered code (the same evidence).
    fn coded_type(&self, row: &Row<'_, '_>) -> Option<CodedType> {
        self.status_codes?.read_type(row.field(self.cols.doc_type)?)
    }

    /// Whether the row's type says it is a credit note (its amounts may be written positive).
    fn is_credit_note(&self, row: &Row<'_, '_>) -> bool {
        let Some(f) = row.field(self.cols.doc_type) else {
            return false;
        };
        if let Some(t) = self.coded_type(row) {
            return t == CodedType::CreditNote;
        }
        let n = header::normalize(&String::from_utf8_lossy(f));
        n.contains("credit") || n.contains("avoir") || n == "refund" || n.contains("remboursement")
    }

    /// An invoice row, and its installment amount when the file has a column for it.
    fn invoice(&mut self, row: &Row<'_, '_>) -> Result<(InvoiceRow, Option<Decimal>), RowError> {
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
        let line_total = self.amount(row, c.line_total)?;
        let part = self.amount(row, c.installment)?;
        let total = match (total_field, net, vat) {
            (Some(t), _, _) => t,
            (None, Some(n), Some(v)) => n + v,
            // One line item's total: the invoice's rows add up (see `lines`).
            (None, _, _) if line_total.is_some() => line_total.unwrap_or_default(),
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
            // No amount says what is paid, but the status does (« Payée », "Paid").
            (None, None)
                if c.paid.is_none() && c.outstanding.is_none() && total > Decimal::ZERO =>
            {
                let paid = row.field(c.status).is_some_and(says_paid)
                    || self.coded(row) == Some(Coded::Paid);
                paid.then_some(total)
            }
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
        let invoice = InvoiceRow {
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
        };
        Ok((invoice, part))
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
