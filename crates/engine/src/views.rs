//! The views the engine answers: ready figures and rows, in the shapes the pages show (and the
//! CLI prints), computed from the book by the core.

use chrono::NaiveDate;
use encours_core::aging::{outstanding_by_invoice, AgingOptions};
use encours_core::dunning::worklist;
use encours_core::kpi::{KpiOptions, Kpis};
use encours_core::money::to_plain;
use encours_core::penalty::RateTable;
use encours_core::{Book, Currency, Portfolio};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The aged balance's totals of one currency (its client rows are paged: [`aging_rows`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgingTotals {
    pub currency: Currency,
    pub total: Decimal,
    pub buckets: Vec<Decimal>,
    pub disputed: Decimal,
    pub unallocated_credits: Decimal,
    /// How many client rows the aged balance has.
    pub clients: usize,
}

/// The aged balance's totals and every KPI on one date, per currency (the dashboard's
/// figures).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub as_of: NaiveDate,
    /// The buckets' labels.
    pub labels: Vec<String>,
    pub aging: Vec<AgingTotals>,
    pub kpis: Vec<Kpis>,
}

/// The figures with the default buckets and period, on the book `b` (read once per revision
/// of the data: [`crate::Engine`] keeps it).
pub fn figures(b: &Book, today: NaiveDate) -> Figures {
    // Unsorted: the totals do not depend on the rows' order, and the KPIs' top debtors are
    // ranked by amount on their own.
    let aging = b.age_unsorted(&AgingOptions::new(today));
    let kpis = b.kpis_with_aging(&KpiOptions::new(today), &aging);
    Figures {
        as_of: aging.as_of,
        aging: aging
            .currencies
            .iter()
            .map(|c| AgingTotals {
                currency: c.currency,
                total: c.total,
                buckets: c.buckets.clone(),
                disputed: c.disputed,
                unallocated_credits: c.unallocated_credits,
                clients: c.clients.len(),
            })
            .collect(),
        labels: aging.labels,
        kpis,
    }
}

/// One client's row of the aged balance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgingRow {
    pub currency: Currency,
    pub name: String,
    pub total: Decimal,
    pub buckets: Vec<Decimal>,
    pub disputed: Decimal,
    pub unallocated_credits: Decimal,
    pub oldest_days_late: i64,
}

/// The aged balance's client rows, currency after currency, each sorted by name as the
/// report shows them: how many in all, and rows `offset..offset + limit`.
pub fn aging_rows(
    b: &Book,
    today: NaiveDate,
    offset: usize,
    limit: usize,
) -> (usize, Vec<AgingRow>) {
    let aging = b.age(&AgingOptions::new(today));
    let all = aging
        .currencies
        .iter()
        .flat_map(|c| c.clients.iter().map(move |r| (c.currency, r)));
    let total = aging.currencies.iter().map(|c| c.clients.len()).sum();
    let rows = all
        .skip(offset)
        .take(limit)
        .map(|(currency, r)| AgingRow {
            currency,
            name: r.name.to_string(),
            total: r.total,
            buckets: r.buckets.clone(),
            disputed: r.disputed,
            unallocated_credits: r.unallocated_credits,
            oldest_days_late: r.oldest_days_late,
        })
        .collect();
    (total, rows)
}

/// One reminder to send: the worklist's entry as the reminders page lists it (and as
/// `encours worklist --json` prints it: amounts as decimal strings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRow {
    pub client: String,
    pub level: String,
    pub level_index: usize,
    /// Why this level (`Choice::code`).
    pub why: String,
    pub invoices: Vec<String>,
    pub total: String,
    pub penalties: String,
    pub indemnity: String,
    pub currency: String,
}

/// Today's worklist with the built-in rate table: how many rows in all, and rows
/// `offset..offset + limit`.
pub fn worklist_rows(
    book: &Portfolio,
    today: NaiveDate,
    offset: usize,
    limit: usize,
) -> (usize, Vec<WorkRow>) {
    let w = worklist(book, &RateTable::builtin(), today);
    let name = |c| book.client(c).map_or(String::new(), |c| c.name.clone());
    let rows = w
        .entries
        .iter()
        .skip(offset)
        .take(limit)
        .map(|e| WorkRow {
            client: name(e.client),
            level: e.level.name.clone(),
            level_index: e.level_index,
            why: e.choice.code().to_string(),
            invoices: e.invoices.iter().map(|i| i.number.clone()).collect(),
            total: to_plain(e.total),
            penalties: to_plain(e.penalties),
            indemnity: to_plain(e.indemnity),
            currency: e.currency.to_string(),
        })
        .collect();
    (w.entries.len(), rows)
}

/// One invoice as the invoices list shows it; `id` is the raw id commands name it by, as
/// decimal text (a tagged id passes 2^53, past what a JavaScript number holds exactly).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub client: String,
    pub due: NaiveDate,
    pub amount: String,
    pub outstanding: String,
    pub currency: String,
}

/// The invoices in the book's order (by id), with what each owes on `today`: how many in all,
/// and rows `offset..offset + limit`.
pub fn invoice_rows(
    book: &Portfolio,
    today: NaiveDate,
    offset: usize,
    limit: usize,
) -> (usize, Vec<InvoiceRow>) {
    let owed = outstanding_by_invoice(book, today);
    let rows = book
        .invoices
        .iter()
        .zip(&owed)
        .skip(offset)
        .take(limit)
        .map(|(i, o)| InvoiceRow {
            id: i.id.0.to_string(),
            number: i.number.clone(),
            client: book
                .client(i.client)
                .map_or(String::new(), |c| c.name.clone()),
            due: i.due_date,
            amount: to_plain(i.total),
            outstanding: to_plain(*o),
            currency: i.currency.to_string(),
        })
        .collect();
    (book.invoices.len(), rows)
}
