//! Merging staged rows into a ledger as one undoable batch.

use super::number_index::NumberIndex;
use super::{Change, Changed, Code, ImportOptions, ImportReport, RowError, Staged};
use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use crate::ledger::{
    Allocation, Batch, Client, ClientId, DocKind, Installment, Invoice, InvoiceId, InvoiceStatus,
    Ledger, Payment, PaymentId,
};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// Normalised client name for matching ("  Dupont  SARL" = "dupont sarl"): words split on
/// whitespace, joined by one space, lowercased. Every client of a file is looked up by it, so a
/// plain ASCII name is done in one pass over its bytes.
pub(super) fn name_key(name: &str) -> String {
    if !name.is_ascii() {
        return name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    // ASCII whitespace as `char::is_whitespace` has it (vertical tab included).
    let blank = |c: char| c.is_ascii_whitespace() || c == '\u{b}';
    let mut key = String::with_capacity(name.len());
    for word in name.split(blank).filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key.make_ascii_lowercase();
    key
}

/// Before a push onto a full vector: room for the `rest` pushes that may follow, at most one a
/// remaining row. A first import grows the ledger once instead of by doubling (copying 15 MB
/// of invoices at 100k); a re-import that adds nothing reserves nothing (the browser's memory
/// never shrinks back).
fn room_for<T>(v: &mut Vec<T>, rest: usize) {
    if v.len() == v.capacity() {
        v.reserve_exact(rest);
    }
}

/// Merges `staged` into `ledger`: new records are tagged with a new batch, changed ones are
/// remembered as they were so the batch can be undone. Nothing changes when the rows are
/// already in the ledger.
pub fn apply(ledger: &mut Ledger, staged: &Staged, opts: &ImportOptions) -> ImportReport {
    let batch_id = ledger.next_batch_id();
    let mut m = Merge {
        batch: Batch {
            id: batch_id,
            label: opts.label.clone(),
            imported_on: opts.today,
            previous_invoices: Vec::new(),
            previous_payments: Vec::new(),
            previous_clients: Vec::new(),
            created_clients: Vec::new(),
        },
        saved_invoices: HashSet::default(),
        saved_payments: HashSet::default(),
        updated: HashSet::default(),
        matched: 0,
        report: ImportReport::default(),
    };
    let clients = m.clients(ledger, staged);
    m.invoices(ledger, staged, &clients, opts);
    m.payments(ledger, staged, &clients);
    m.doubtful(ledger, staged);
    m.report.updated_invoices = m.updated.len();
    m.report.unchanged_invoices = m.matched.saturating_sub(m.updated.len());
    let changed = m.report.new_clients
        + m.report.new_invoices
        + m.report.updated_invoices
        + m.report.new_payments
        + m.batch.previous_clients.len()
        + m.batch.previous_payments.len()
        > 0;
    if changed {
        ledger.batches.push(m.batch);
        ledger.next_batch += 1;
        m.report.batch = Some(batch_id);
    }
    m.report
}

struct Merge {
    batch: Batch,
    saved_invoices: HashSet<InvoiceId>,
    saved_payments: HashSet<PaymentId>,
    /// Pre-existing invoices the batch changed (fields or paid so far).
    updated: HashSet<InvoiceId>,
    /// Rows that named an invoice already in the ledger.
    matched: usize,
    report: ImportReport,
}

impl Merge {
    fn save_invoice(&mut self, inv: &Invoice) {
        if inv.batch != Some(self.batch.id) && self.saved_invoices.insert(inv.id) {
            self.batch.previous_invoices.push(inv.clone());
        }
    }

    fn save_payment(&mut self, p: &Payment) {
        if p.batch != Some(self.batch.id) && self.saved_payments.insert(p.id) {
            self.batch.previous_payments.push(p.clone());
        }
    }

    /// Finds or creates each staged client; fills contact fields the ledger lacks.
    fn clients(&mut self, ledger: &mut Ledger, staged: &Staged) -> Vec<ClientId> {
        let mut by_code: HashMap<&str, usize> = HashMap::default();
        let mut by_name: HashMap<String, usize> = HashMap::default();
        for (pos, c) in ledger.clients.iter().enumerate() {
            if let Some(code) = &c.code {
                by_code.entry(code.as_str()).or_insert(pos);
            }
            by_name.entry(name_key(&c.name)).or_insert(pos);
        }
        let found: Vec<Option<usize>> = staged
            .clients
            .iter()
            .map(|s| {
                s.code
                    .as_deref()
                    .and_then(|c| by_code.get(c).copied())
                    .or_else(|| by_name.get(&name_key(&s.name)).copied())
            })
            .collect();
        let mut ids = Vec::with_capacity(staged.clients.len());
        for (s, pos) in staged.clients.iter().zip(found) {
            match pos {
                Some(pos) => {
                    let before = ledger.clients[pos].clone();
                    let c = &mut ledger.clients[pos];
                    fill(&mut c.code, &s.code);
                    fill(&mut c.email, &s.email);
                    fill(&mut c.phone, &s.phone);
                    fill(&mut c.siren, &s.siren);
                    fill(&mut c.vat_id, &s.vat_id);
                    fill(&mut c.segment, &s.segment);
                    if c.terms_days.is_none() {
                        c.terms_days = s.terms_days;
                    }
                    if *c != before {
                        self.batch.previous_clients.push(before);
                    }
                    ids.push(c.id);
                }
                None => {
                    let id = ledger.add_client(Client {
                        name: s.name.clone(),
                        code: s.code.clone(),
                        email: s.email.clone(),
                        phone: s.phone.clone(),
                        siren: s.siren.clone(),
                        vat_id: s.vat_id.clone(),
                        segment: s.segment.clone(),
                        terms_days: s.terms_days,
                        ..Client::default()
                    });
                    self.batch.created_clients.push(id);
                    self.report.new_clients += 1;
                    ids.push(id);
                }
            }
        }
        ids
    }

    fn invoices(
        &mut self,
        ledger: &mut Ledger,
        staged: &Staged,
        clients: &[ClientId],
        opts: &ImportOptions,
    ) {
        let mut by_number = NumberIndex::new(ledger, staged.invoices.len());
        let mut first_line: HashMap<&str, u64> =
            HashMap::with_capacity_and_hasher(staged.invoices.len(), Default::default());
        let client_index = ledger.client_index();
        let mut paid_rows: Vec<(usize, Decimal, Option<NaiveDate>, u64)> = Vec::new();
        let mut credit_links: Vec<(usize, &str)> = Vec::new();
        let schedule: HashMap<usize, &Vec<Installment>> =
            staged.installments.iter().map(|(k, s)| (*k, s)).collect();
        for (k, row) in staged.invoices.iter().enumerate() {
            // Read once: a `ShortText` checks its bytes each time it is read as text.
            let number: &str = &row.number;
            if let Some(first) = first_line.insert(number, row.line) {
                first_line.insert(number, first);
                self.report.errors.push(RowError::new(
                    row.line,
                    0,
                    Code::DuplicateNumber {
                        number: number.to_string(),
                        first_line: first,
                    },
                ));
                continue;
            }
            let client = clients[row.client as usize];
            let terms = client_index
                .get(client.0)
                .and_then(|p| ledger.clients[p].terms_days)
                .unwrap_or(opts.default_terms_days);
            let due_date = row.due_date.unwrap_or_else(|| {
                row.issue_date
                    .checked_add_days(Days::new(terms.into()))
                    .unwrap_or(row.issue_date)
            });
            let kind = if row.total < Decimal::ZERO {
                DocKind::CreditNote
            } else {
                DocKind::Invoice
            };
            let pos = match by_number.get(ledger, number) {
                Some(pos) => {
                    let before = ledger.invoices[pos].clone();
                    let inv = &mut ledger.invoices[pos];
                    inv.client = client;
                    inv.kind = kind;
                    inv.issue_date = row.issue_date;
                    inv.due_date = due_date;
                    inv.net = row.net.or(inv.net);
                    inv.vat = row.vat.or(inv.vat);
                    inv.total = row.total;
                    inv.currency = row.currency;
                    if let Some(s) = schedule.get(&k) {
                        inv.installments = s.to_vec();
                    }
                    if let Some(s) = row.status {
                        if s != inv.status {
                            inv.status = s;
                            inv.status_date = Some(opts.today);
                        }
                    }
                    inv.doubtful |= row.doubtful;
                    if before.batch != Some(self.batch.id) {
                        self.matched += 1;
                    }
                    if *inv != before {
                        self.report.changes.push(Change::InvoiceUpdated {
                            number: number.to_string(),
                            fields: Changed::between(&before, inv),
                        });
                        self.updated.insert(before.id);
                        self.save_invoice(&before);
                    }
                    pos
                }
                None => {
                    let status = row.status.unwrap_or_default();
                    room_for(&mut ledger.invoices, staged.invoices.len() - k);
                    ledger.add_invoice(Invoice {
                        id: InvoiceId(0),
                        number: number.to_owned(),
                        client,
                        kind,
                        issue_date: row.issue_date,
                        due_date,
                        net: row.net,
                        vat: row.vat,
                        total: row.total,
                        currency: row.currency,
                        installments: schedule.get(&k).map(|s| s.to_vec()).unwrap_or_default(),
                        status,
                        status_date: (status != InvoiceStatus::Open).then_some(opts.today),
                        doubtful: row.doubtful,
                        applies_to: None,
                        batch: Some(self.batch.id),
                    });
                    self.report.new_invoices += 1;
                    let pos = ledger.invoices.len() - 1;
                    by_number.insert(number, pos);
                    pos
                }
            };
            if let Some(p) = row.paid {
                paid_rows.push((pos, p, row.payment_date, row.line));
            }
            if let Some(target) = &row.applies_to {
                credit_links.push((pos, target));
            }
        }
        for (pos, target) in credit_links {
            // A credit note reduces only an invoice of its own client; one naming another
            // client's invoice is applied like an unallocated credit.
            let client = ledger.invoices[pos].client;
            let target_id = by_number
                .get(ledger, target)
                .filter(|&p| ledger.invoices[p].client == client)
                .map(|p| ledger.invoices[p].id);
            if ledger.invoices[pos].applies_to != target_id {
                let before = ledger.invoices[pos].clone();
                self.save_invoice(&before);
                ledger.invoices[pos].applies_to = target_id;
            }
        }
        self.paid_so_far(ledger, &paid_rows, opts);
    }

    /// Keeps one summary payment per invoice equal to what the file says was paid, less what
    /// dated payments already account for.
    fn paid_so_far(
        &mut self,
        ledger: &mut Ledger,
        rows: &[(usize, Decimal, Option<NaiveDate>, u64)],
        opts: &ImportOptions,
    ) {
        if rows.is_empty() {
            return;
        }
        let wanted: HashSet<InvoiceId> =
            rows.iter().map(|&(p, ..)| ledger.invoices[p].id).collect();
        let mut received: HashMap<InvoiceId, Decimal> = HashMap::default();
        let mut summary: HashMap<InvoiceId, usize> = HashMap::default();
        for (pos, p) in ledger.payments.iter().enumerate() {
            for a in &p.allocations {
                if wanted.contains(&a.invoice) {
                    if p.summary {
                        summary.insert(a.invoice, pos);
                    } else {
                        *received.entry(a.invoice).or_default() += a.amount;
                    }
                }
            }
        }
        let mut remove: HashSet<PaymentId> = HashSet::default();
        for (k, &(ipos, paid, date, _line)) in rows.iter().enumerate() {
            let inv = &ledger.invoices[ipos];
            let (id, client, currency) = (inv.id, inv.client, inv.currency);
            let preexisting = inv.batch != Some(self.batch.id);
            let target = (paid - received.get(&id).copied().unwrap_or_default()).max(Decimal::ZERO);
            match summary.get(&id) {
                Some(&ppos) => {
                    let before = ledger.payments[ppos].clone();
                    let p = &mut ledger.payments[ppos];
                    if target.is_zero() {
                        remove.insert(p.id);
                    } else {
                        p.amount = target;
                        p.allocations = vec![Allocation {
                            invoice: id,
                            amount: target,
                        }];
                        if let Some(d) = date {
                            p.date = d;
                            p.date_known = true;
                        }
                    }
                    let changed = target.is_zero() || *p != before;
                    if changed {
                        self.report.changes.push(Change::PaidSoFar {
                            number: ledger.invoices[ipos].number.to_string(),
                            from: before.amount,
                            to: target,
                        });
                        self.save_payment(&before);
                        if preexisting {
                            self.updated.insert(id);
                        }
                    }
                }
                None if !target.is_zero() => {
                    let number = ledger.invoices[ipos].number.clone();
                    room_for(&mut ledger.payments, rows.len() - k);
                    if preexisting {
                        self.report.changes.push(Change::PaidSoFar {
                            number: number.to_string(),
                            from: Decimal::ZERO,
                            to: target,
                        });
                        self.updated.insert(id);
                    }
                    ledger.add_payment(Payment {
                        id: PaymentId(0),
                        client,
                        date: date.unwrap_or(opts.today),
                        date_known: date.is_some(),
                        amount: target,
                        currency,
                        allocations: vec![Allocation {
                            invoice: id,
                            amount: target,
                        }],
                        reference: Some(number),
                        batch: Some(self.batch.id),
                        summary: true,
                    });
                    self.report.new_payments += 1;
                }
                None => {}
            }
        }
        if !remove.is_empty() {
            ledger.payments.retain(|p| !remove.contains(&p.id));
        }
    }

    fn payments(&mut self, ledger: &mut Ledger, staged: &Staged, clients: &[ClientId]) {
        if staged.payments.is_empty() {
            return;
        }
        type Key = (ClientId, NaiveDate, Decimal, Option<String>);
        let mut existing: HashMap<Key, u32> = HashMap::default();
        for p in ledger.payments.iter().filter(|p| !p.summary) {
            *existing
                .entry((p.client, p.date, p.amount.normalize(), p.reference.clone()))
                .or_default() += 1;
        }
        let by_number: HashMap<&str, (InvoiceId, ClientId)> = ledger
            .invoices
            .iter()
            .map(|i| (i.number.as_str(), (i.id, i.client)))
            .collect();
        let mut new_payments: Vec<Payment> = Vec::new();
        for row in &staged.payments {
            let client = clients[row.client as usize];
            let key = (
                client,
                row.date,
                row.amount.normalize(),
                row.reference.clone(),
            );
            if let Some(n) = existing.get_mut(&key).filter(|n| **n > 0) {
                *n -= 1;
                self.report.unchanged_payments += 1;
                continue;
            }
            let mut allocations = Vec::new();
            for (number, amount) in &row.allocations {
                match by_number.get(number.as_str()) {
                    // Money is applied only to the payer's own invoices.
                    Some(&(invoice, owner)) if owner == client => allocations.push(Allocation {
                        invoice,
                        amount: *amount,
                    }),
                    // Another client's invoice: the amount stays the payer's unallocated
                    // credit (applied to the payer's oldest open invoices), with a warning.
                    Some(&(_, owner)) => self.report.warnings.push(RowError::new(
                        row.line,
                        0,
                        Code::PaymentOtherClient {
                            number: number.clone(),
                            payer: ledger.client_name(client).to_string(),
                            owner: ledger.client_name(owner).to_string(),
                        },
                    )),
                    None => self.report.changes.push(Change::InvoiceNotFound {
                        line: row.line,
                        number: number.clone(),
                    }),
                }
            }
            new_payments.push(Payment {
                id: PaymentId(0),
                client,
                date: row.date,
                date_known: true,
                amount: row.amount,
                currency: row.currency,
                allocations,
                reference: row.reference.clone(),
                batch: Some(self.batch.id),
                summary: false,
            });
        }
        if new_payments.is_empty() {
            return;
        }
        self.replace_summaries(ledger, &mut new_payments);
        self.report.new_payments += new_payments.len();
        for p in new_payments {
            ledger.add_payment(p);
        }
    }

    /// Dated payments take the place of "paid so far" amounts for the same invoices, so the
    /// same money is never counted twice. An unallocated payment first settles the client's
    /// undated amounts, oldest invoice first.
    fn replace_summaries(&mut self, ledger: &mut Ledger, new_payments: &mut [Payment]) {
        let mut summary_of: HashMap<InvoiceId, usize> = HashMap::default();
        let mut by_client: HashMap<ClientId, Vec<usize>> = HashMap::default();
        for (pos, p) in ledger
            .payments
            .iter()
            .enumerate()
            .filter(|(_, p)| p.summary)
        {
            if let Some(a) = p.allocations.first() {
                summary_of.insert(a.invoice, pos);
                by_client.entry(p.client).or_default().push(pos);
            }
        }
        if summary_of.is_empty() {
            return;
        }
        let inv_index = ledger.invoice_index();
        let issue = |ledger: &Ledger, id: InvoiceId| {
            inv_index.get(id.0).map(|p| ledger.invoices[p].issue_date)
        };
        for list in by_client.values_mut() {
            let key = |pos: usize| {
                let inv = ledger.payments[pos].allocations[0].invoice;
                (issue(ledger, inv), inv)
            };
            // Cold (a file with summary payments): the shared sort.
            crate::small::sort_by(list, |&a, &b| key(a).cmp(&key(b)));
        }
        for p in new_payments.iter_mut() {
            if p.allocations.is_empty() {
                let mut left = p.amount;
                for &spos in by_client
                    .get(&p.client)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    let s = &ledger.payments[spos];
                    if left <= Decimal::ZERO || s.amount <= Decimal::ZERO {
                        continue;
                    }
                    let take = left.min(s.amount);
                    p.allocations.push(Allocation {
                        invoice: s.allocations[0].invoice,
                        amount: take,
                    });
                    left -= take;
                }
            }
            for a in &p.allocations {
                if let Some(&spos) = summary_of.get(&a.invoice) {
                    let before = ledger.payments[spos].clone();
                    let s = &mut ledger.payments[spos];
                    let amount = (s.amount - a.amount).max(Decimal::ZERO);
                    if amount != s.amount {
                        s.amount = amount;
                        s.allocations[0].amount = amount;
                        self.save_payment(&before);
                    }
                }
            }
        }
        ledger
            .payments
            .retain(|p| !(p.summary && p.amount.is_zero()));
    }

    fn doubtful(&mut self, ledger: &mut Ledger, staged: &Staged) {
        if staged.doubtful.is_empty() {
            return;
        }
        let wanted: HashSet<&str> = staged.doubtful.iter().map(String::as_str).collect();
        for pos in 0..ledger.invoices.len() {
            let inv = &ledger.invoices[pos];
            if !inv.doubtful && wanted.contains(inv.number.as_str()) {
                let before = inv.clone();
                self.save_invoice(&before);
                ledger.invoices[pos].doubtful = true;
                if before.batch != Some(self.batch.id) {
                    self.updated.insert(before.id);
                    self.report.changes.push(Change::MarkedDoubtful {
                        number: before.number.to_string(),
                    });
                }
            }
        }
    }
}

fn fill(slot: &mut Option<String>, value: &Option<String>) {
    if slot.is_none() {
        slot.clone_from(value);
    }
}

/// "total 100.00 → 120.00, due 2025-01-31 → 2025-02-28"
#[cfg(test)]
mod tests;
