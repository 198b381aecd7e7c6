//! The ledger laid out for the reports: one flat, compact record per invoice, the payments
//! and credit notes that reduce each invoice grouped next to it, amounts as integer cents.
//!
//! The aged balance and the KPIs read every invoice and every payment, several times and at
//! several dates. The ledger's records are large (an invoice is 150 bytes, its payments sit
//! elsewhere in memory behind pointers), so those reports spent their time waiting on memory
//! and in `Decimal` arithmetic. A [`Book`] reads the ledger once, in one pass over the invoices
//! and one over the payments; every report at every date then runs over 32-byte records and
//! integer sums. Build one per version of the ledger and ask it as many reports as needed.

mod amount;
mod build;
mod open;

pub(crate) use amount::Amount;
use build::{build, max_scale, Slots};

use crate::ledger::{ClientId, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Days since 1 January of year 1: dates compare and subtract as integers.
pub(crate) fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// The date of a [`day`].
pub(crate) fn date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

/// How many of a few increasing days come before a day, in one lookup: the reports ask it of
/// every invoice (which month-end is the first after its issue, which month it was sold in),
/// and a binary search per invoice was a tenth of the KPI time.
pub(crate) struct DayRank {
    first: i32,
    last: i32,
    /// For each day in `first + 1..=last`: how many of the days are before it.
    table: Vec<u16>,
    len: usize,
}

impl DayRank {
    pub fn new(days: &[i32]) -> Self {
        debug_assert!(days.windows(2).all(|w| w[0] < w[1]));
        let (first, last) = match days {
            [] => (0, 0),
            [f, .., l] => (*f, *l),
            [f] => (*f, *f),
        };
        let table = (first + 1..=last)
            .map(|t| days.partition_point(|&d| d < t) as u16)
            .collect();
        DayRank {
            first,
            last,
            table,
            len: days.len(),
        }
    }

    /// The number of days strictly before `t`.
    pub fn before(&self, t: i32) -> usize {
        if self.len == 0 || t <= self.first {
            0
        } else if t > self.last {
            self.len
        } else {
            usize::from(self.table[(t - self.first - 1) as usize])
        }
    }
}

/// An invoice or a credit note, as the reports read it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Doc<A> {
    /// Incl. VAT; negative for a credit note.
    pub total: A,
    pub issue: i32,
    pub due: i32,
    /// The day from which `status` holds (`i32::MIN`: always).
    pub status_from: i32,
    /// From this day on the invoice is paid exactly and for good (its last reduction brought
    /// what was paid to its total): it weighs on no report at a later date. `i32::MAX`: never.
    /// Most of a book is settled: the reports skip those invoices without reading their
    /// payments.
    pub settled: i32,
    /// The client's slot (see [`Book::client`]).
    pub slot: u32,
    /// Index in [`Book::currencies`].
    pub cur: u16,
    pub status: InvoiceStatus,
    flags: u8,
}

const CREDIT_NOTE: u8 = 1;
const SCHEDULE: u8 = 2;
/// Every payment on the invoice has a known date.
const ALL_DATED: u8 = 4;

impl<A> Doc<A> {
    pub fn credit_note(&self) -> bool {
        self.flags & CREDIT_NOTE != 0
    }

    pub fn schedule(&self) -> bool {
        self.flags & SCHEDULE != 0
    }

    pub fn all_dated(&self) -> bool {
        self.flags & ALL_DATED != 0
    }

    pub fn status_on(&self, day: i32) -> InvoiceStatus {
        if self.status_from > day {
            InvoiceStatus::Open
        } else {
            self.status
        }
    }

    pub fn written_off_on(&self, day: i32) -> bool {
        self.status == InvoiceStatus::WrittenOff && self.status_from <= day
    }
}

/// A payment allocated to an invoice, or a credit note applied to it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reduction<A> {
    pub day: i32,
    pub amount: A,
    /// Who paid (slot, currency): before the invoice exists, the money is their credit.
    pub payer: (u32, u16),
    /// False for a payment whose date is the import date, not a known payment date.
    pub dated: bool,
}

/// Money not applied to any invoice: a payment's unallocated part, a credit note on no invoice.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Credit<A> {
    pub day: i32,
    pub amount: A,
    pub slot: u32,
    pub cur: u16,
}

/// The book in one kind of amount.
pub(crate) struct Columns<A> {
    /// Aligned with `ledger.invoices`.
    pub docs: Vec<Doc<A>>,
    /// `reds[red_start[pos]..red_start[pos + 1]]` reduce invoice `pos`, by day.
    pub red_start: Vec<u32>,
    pub reds: Vec<Reduction<A>>,
    /// (position, start, end) in `installments` for invoices with a schedule, by position.
    pub schedules: Vec<(u32, u32, u32)>,
    /// (due day, amount), each schedule sorted by due day then amount.
    pub installments: Vec<(i32, A)>,
    pub credits: Vec<Credit<A>>,
    /// Decimals of the amounts (2 for cents).
    pub scale: u32,
    pub nslots: usize,
    pub ncur: usize,
}

impl<A: Amount> Columns<A> {
    /// The dense index of a (client, currency) pair: the rows of the reports.
    pub fn key(&self, slot: u32, cur: u16) -> usize {
        usize::from(cur) * self.nslots + slot as usize
    }

    pub fn nkeys(&self) -> usize {
        self.ncur * self.nslots
    }

    pub fn reductions(&self, pos: usize) -> &[Reduction<A>] {
        &self.reds[self.red_start[pos] as usize..self.red_start[pos + 1] as usize]
    }

    /// The installments of invoice `pos`, earliest first (empty without a schedule).
    pub fn schedule(&self, pos: usize) -> &[(i32, A)] {
        if !self.docs[pos].schedule() {
            return &[];
        }
        match self.schedules.binary_search_by_key(&(pos as u32), |s| s.0) {
            Ok(i) => &self.installments[self.schedules[i].1 as usize..self.schedules[i].2 as usize],
            Err(_) => &[],
        }
    }

    pub fn decimal(&self, a: A) -> Decimal {
        a.to_decimal(self.scale)
    }
}

/// The integer type of the usual amounts: `i64` natively. The browser build uses `i128` for
/// every book, so that each report is compiled once into the wasm (twice cost 14 KB gzip,
/// over the size budget); `i128` sums there are a pair of 64-bit operations.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Units = i64;
#[cfg(target_arch = "wasm32")]
pub(crate) type Units = i128;

/// The amounts of a [`Book`]: [`Units`] for every real book (cents, or the book's largest
/// number of decimals), `i128` for the others.
pub(crate) enum Amounts {
    Cents(Columns<Units>),
    Wide(Columns<i128>),
    /// Tests compare the integer sums with `Decimal` ones.
    #[cfg(test)]
    Exact(Columns<Decimal>),
}

/// The ledger prepared for the reports (aged balance, KPIs, outstanding per invoice).
pub struct Book<'a> {
    pub(crate) ledger: &'a Ledger,
    /// What was read off the ledger, shareable: the app keeps one per revision of the data
    /// and every page builds its reports on it ([`Book::on`]) instead of reading the ledger again.
    prepared: Arc<Prepared>,
}

/// What a [`Book`] reads off its ledger, without the ledger: kept (behind an `Arc`) and given
/// back to [`Book::on`] with the same ledger, it makes the same book without reading it again.
pub struct Prepared {
    /// In order of first use; reports sort them.
    pub(crate) currencies: Vec<Currency>,
    /// Slot → client id and its position in `ledger.clients` (`None` for an id no client has).
    pub(crate) clients: Vec<(ClientId, Option<u32>)>,
    pub(crate) amounts: Amounts,
    /// The clients in name order, the first time a report asks.
    by_name: std::sync::OnceLock<ByName>,
    /// Each slot's client name, shared by every row of every report of this book.
    names: std::sync::OnceLock<Vec<Arc<str>>>,
    /// The ledger's client, invoice and payment counts: a ledger of another shape is not the
    /// one this was read off.
    shape: (usize, usize, usize),
}

fn shape(l: &Ledger) -> (usize, usize, usize) {
    (l.clients.len(), l.invoices.len(), l.payments.len())
}

impl std::ops::Deref for Book<'_> {
    type Target = Prepared;
    fn deref(&self) -> &Prepared {
        &self.prepared
    }
}

/// The clients of a book in name order (then by id).
pub(crate) struct ByName {
    /// Slot → rank.
    pub rank: Vec<u32>,
    /// Rank → slot.
    pub order: Vec<u32>,
    /// Rank → client id and name.
    pub clients: Vec<(ClientId, Arc<str>)>,
}

/// Runs `$body` with `$c` bound to the book's columns, whatever their amounts.
macro_rules! with_columns {
    ($book:expr, $c:ident => $body:expr) => {
        match &$book.amounts {
            $crate::book::Amounts::Cents($c) => $body,
            $crate::book::Amounts::Wide($c) => $body,
            #[cfg(test)]
            $crate::book::Amounts::Exact($c) => $body,
        }
    };
}
pub(crate) use with_columns;

impl<'a> Book<'a> {
    /// Reads the ledger once.
    pub fn new(ledger: &'a Ledger) -> Self {
        let mut slots = Slots::new(ledger);
        let mut currencies = Vec::new();
        let (sl, cu) = (&mut slots, &mut currencies);
        let amounts = match build::<Units>(ledger, 2, false, sl, cu) {
            Some(c) => Amounts::Cents(c),
            None => {
                let scale = max_scale(ledger);
                let units = (scale > 2 && scale <= 18)
                    .then(|| build::<Units>(ledger, scale, false, sl, cu))
                    .flatten();
                match units {
                    Some(c) => Amounts::Cents(c),
                    // Exact in i128 if they fit; else fewer decimals until they do (at 0, each
                    // is under 2^96 and the budget, 2^126, holds a billion of them).
                    None => Amounts::Wide(
                        build::<i128>(ledger, scale, false, sl, cu)
                            .or_else(|| {
                                (0..scale)
                                    .rev()
                                    .find_map(|s| build::<i128>(ledger, s, true, sl, cu))
                            })
                            .expect("whole units fit in i128"),
                    ),
                }
            }
        };
        Book::of(ledger, slots, currencies, amounts)
    }

    fn of(ledger: &'a Ledger, slots: Slots, currencies: Vec<Currency>, amounts: Amounts) -> Self {
        let prepared = Prepared {
            currencies,
            clients: slots.clients,
            amounts,
            by_name: Default::default(),
            names: Default::default(),
            shape: shape(ledger),
        };
        Book {
            ledger,
            prepared: Arc::new(prepared),
        }
    }

    /// What this book read off its ledger, to make it again with [`Book::on`].
    pub fn prepared(&self) -> Arc<Prepared> {
        Arc::clone(&self.prepared)
    }

    /// The book of `ledger` from what [`Book::prepared`] gave for that same ledger (as it
    /// was then: the caller keeps it per revision of the data). Prepared for a ledger of
    /// another shape, the ledger is read again.
    pub fn on(ledger: &'a Ledger, prepared: Arc<Prepared>) -> Self {
        if prepared.shape != shape(ledger) {
            return Book::new(ledger);
        }
        Book { ledger, prepared }
    }

    /// The same book summed in `Decimal` (tests compare both kinds of amounts).
    #[cfg(test)]
    pub(crate) fn exact(ledger: &'a Ledger) -> Self {
        let mut slots = Slots::new(ledger);
        let mut currencies = Vec::new();
        let c = build::<Decimal>(ledger, 0, false, &mut slots, &mut currencies).expect("always");
        Book::of(ledger, slots, currencies, Amounts::Exact(c))
    }

    /// The name of a slot's client ("" for an id no client has).
    pub(crate) fn client_name(&self, slot: usize) -> &'a str {
        match self.clients[slot].1 {
            Some(p) => &self.ledger.clients[p as usize].name,
            None => "",
        }
    }

    /// A slot's client name to keep in a report row: copying each name out of the ledger's
    /// client records was 40 % of the aged balance's time.
    pub(crate) fn shared_name(&self, slot: usize) -> Arc<str> {
        let names = self.names.get_or_init(|| {
            (0..self.clients.len())
                .map(|s| Arc::from(self.client_name(s)))
                .collect()
        });
        Arc::clone(&names[slot])
    }

    /// The clients in name order (then by id), computed once for all the book's reports:
    /// sorting 20,000 names took longer than the aged balance itself.
    pub(crate) fn by_name(&self) -> &ByName {
        self.by_name.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.clients.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| {
                let (a, b) = (a as usize, b as usize);
                self.client_name(a)
                    .cmp(self.client_name(b))
                    .then(self.clients[a].0.cmp(&self.clients[b].0))
            });
            let mut rank = vec![0; order.len()];
            for (r, &slot) in order.iter().enumerate() {
                rank[slot as usize] = r as u32;
            }
            // Allocated in name order too: a sorted report reads them front to back.
            let clients = order
                .iter()
                .map(|&slot| {
                    let slot = slot as usize;
                    (self.clients[slot].0, Arc::from(self.client_name(slot)))
                })
                .collect();
            ByName {
                rank,
                order,
                clients,
            }
        })
    }

    /// What is still due on each invoice on `as_of`, aligned with `ledger.invoices` (0 for
    /// paid, written-off, future invoices and credit notes), credits applied FIFO.
    pub fn outstanding_by_invoice(&self, as_of: NaiveDate) -> Vec<Decimal> {
        with_columns!(self, c => {
            let open = c.open_at(self.ledger, day(as_of));
            open.outstanding.iter().map(|&a| c.decimal(a)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Amounts, Book, DayRank};
    use crate::aging::{AgingOptions, Buckets};
    use crate::kpi::KpiOptions;
    use crate::test_support::{awkward_book, date};
    use chrono::Days;

    #[test]
    fn cents_and_decimals_give_the_same_reports() {
        for seed in 0..8 {
            let l = awkward_book(seed, seed % 2 == 1);
            let (cents, exact) = (Book::new(&l), Book::exact(&l));
            assert!(matches!(cents.amounts, Amounts::Cents(_)), "seed {seed}");
            for back in [0, 45, 200, 400] {
                let as_of = date("2026-06-30") - Days::new(back);
                let mut o = AgingOptions::new(as_of);
                o.buckets =
                    Buckets::parse(if back % 2 == 0 { "30,60,90" } else { "15,45" }).unwrap();
                o.detail = true;
                let mut k = KpiOptions::new(as_of);
                k.buckets = o.buckets.clone();
                assert_eq!(cents.age(&o), exact.age(&o), "seed {seed}, {as_of}");
                assert_eq!(cents.kpis(&k), exact.kpis(&k), "seed {seed}, {as_of}");
                assert_eq!(
                    cents.outstanding_by_invoice(as_of),
                    exact.outstanding_by_invoice(as_of)
                );
            }
        }
    }

    #[test]
    fn amounts_with_more_decimals_or_too_large_for_cents_are_summed_exactly() {
        let mut l = awkward_book(3, false);
        l.payments[0].amount = crate::test_support::dec("10.125");
        l.payments[0].allocations.clear();
        match &Book::new(&l).amounts {
            // Integer units at the book's largest scale (here more than cents).
            Amounts::Cents(c) => assert!(c.scale > 2),
            _ => panic!("not i64, max scale {}", super::max_scale(&l)),
        }
        l.invoices[0].total = crate::test_support::dec("1e20");
        let book = Book::new(&l);
        assert!(matches!(book.amounts, Amounts::Wide(_)));
        let as_of = date("2026-06-30");
        let a = book.age(&AgingOptions::new(as_of));
        let c = &a.currencies[0];
        let sum: rust_decimal::Decimal = c.buckets.iter().sum();
        assert_eq!(c.total, sum + c.disputed - c.unallocated_credits);
        let mut o = AgingOptions::new(as_of);
        o.detail = true;
        assert_eq!(book.age(&o), Book::exact(&l).age(&o));
        let k = KpiOptions::new(as_of);
        assert_eq!(book.kpis(&k), Book::exact(&l).kpis(&k));
    }

    #[test]
    fn day_rank_counts_the_days_before() {
        let days = [10, 20, 50];
        let rank = DayRank::new(&days);
        for t in 0..60 {
            assert_eq!(rank.before(t), days.partition_point(|&d| d < t), "{t}");
        }
        assert_eq!(DayRank::new(&[]).before(5), 0);
        assert_eq!(DayRank::new(&[7]).before(7), 0);
        assert_eq!(DayRank::new(&[7]).before(8), 1);
    }
}
