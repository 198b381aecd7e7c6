//! A user's book: the ledger and the follow-up side by side, neither inside the other, so that
//! the ledger (and the reports read off it) never depends on collection.

pub mod bank;
mod batch;
pub mod changes;
pub mod closing;
pub mod command;
pub mod event;
mod execute;
pub mod history;
pub mod log;
mod order;
mod records;
pub mod review;
pub mod splice;
pub mod written;

use crate::collection::Collection;
use crate::ledger::{ClientId, Ledger, Maker};
use records::ClientRecords;
use std::sync::OnceLock;
use written::Written;

/// The ledger and the follow-up side by side: everything a user's book holds.
///
/// The ledger is read through [`Portfolio::ledger`] (or the `Deref`) and changed through
/// [`Portfolio::ledger_mut`], so that the lists of each client's records kept beside it
/// ([`Portfolio::client_ledger`]) are never out of step with it.
#[derive(Clone, Debug, Default)]
pub struct Portfolio {
    ledger: Ledger,
    pub follow_up: Collection,
    /// Built on first use; a cache, not part of the book (equality ignores it).
    records: OnceLock<ClientRecords>,
    /// Which event last wrote each record, so that events from two devices give one book
    /// whatever the order they arrive in ([`written`]); about the book's history, not part
    /// of the book (equality ignores it).
    pub(crate) written: Written,
}

impl PartialEq for Portfolio {
    fn eq(&self, other: &Portfolio) -> bool {
        self.ledger == other.ledger && self.follow_up == other.follow_up
    }
}

impl Portfolio {
    /// A portfolio with no follow-up yet (a freshly imported or generated ledger).
    pub fn new(ledger: Ledger) -> Portfolio {
        Portfolio::from_parts(ledger, Collection::default())
    }

    pub fn from_parts(ledger: Ledger, follow_up: Collection) -> Portfolio {
        Portfolio {
            ledger,
            follow_up,
            records: OnceLock::new(),
            written: Written::default(),
        }
    }

    /// Which event last wrote each record (see [`written`]).
    pub fn written(&self) -> &Written {
        &self.written
    }

    /// The same, as a snapshot read it back.
    pub(crate) fn with_written(mut self, written: Written) -> Portfolio {
        self.written = written;
        self
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The ledger, to change (its client lists are dropped, to be built again on use).
    pub fn ledger_mut(&mut self) -> &mut Ledger {
        self.drop_records();
        &mut self.ledger
    }

    /// Both halves, to change (as [`Portfolio::ledger_mut`]).
    pub fn parts_mut(&mut self) -> (&mut Ledger, &mut Collection) {
        self.drop_records();
        (&mut self.ledger, &mut self.follow_up)
    }

    // Not inlined: the lists' drop would be copied into each of `ledger_mut`'s ~40 callers.
    #[inline(never)]
    fn drop_records(&mut self) {
        self.records.take();
    }

    /// The ledger, for a change that only appends records or rewrites one in place for the
    /// same client (recording or correcting a payment): the client lists stay valid.
    pub(crate) fn ledger_appending(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    /// Makes the new ids of the commands that follow on `device` ([`Maker::of`]). The client
    /// lists stay: no record changes.
    pub(crate) fn made_on(&mut self, device: u64) {
        self.ledger.device = Maker::of(device);
    }

    /// Builds the client lists now (the app does it with today's shared figures, after the
    /// first paint, so that the first payment does not wait for them).
    pub fn prepare(&self) {
        self.records();
    }

    /// [`Ledger::for_client`], in time proportional to the client's records once the lists
    /// are built.
    pub fn client_ledger(&self, id: ClientId) -> Ledger {
        // `None` only for a ledger shorter than the lists, which `ledger_mut` rules out; the
        // lists of the ledger as it is then answer (not the scan: one way to read a client).
        match self.records().book(&self.ledger, id) {
            Some(book) => book,
            None => ClientRecords::of(&self.ledger)
                .book(&self.ledger, id)
                .unwrap_or_default(),
        }
    }

    fn records(&self) -> &ClientRecords {
        self.records.get_or_init(|| ClientRecords::of(&self.ledger))
    }

    /// The book of one client with the whole follow-up (see [`Ledger::for_client`]): every
    /// figure about a client computes the same on it as on the whole portfolio.
    pub fn for_client(&self, id: ClientId) -> Portfolio {
        Portfolio::from_parts(self.client_ledger(id), self.follow_up.clone())
    }
}

impl From<Ledger> for Portfolio {
    fn from(ledger: Ledger) -> Portfolio {
        Portfolio::new(ledger)
    }
}

/// The ledger's fields and methods go straight through (`aging::age(&portfolio, ..)`,
/// `portfolio.invoices`, `portfolio.client(..)`): a function that needs only the
/// ledger takes `&Ledger` and a portfolio coerces to it, so the callers that held a ledger
/// before the split read the same. It is read-only: changes go through commands.
impl std::ops::Deref for Portfolio {
    type Target = Ledger;
    fn deref(&self) -> &Ledger {
        &self.ledger
    }
}

// The two halves by name, for the event code (which reads better saying which half it means).
pub(crate) fn ledger(p: &Portfolio) -> &Ledger {
    &p.ledger
}
pub(crate) fn ledger_mut(p: &mut Portfolio) -> &mut Ledger {
    p.ledger_mut()
}
pub(crate) fn follow_up(p: &Portfolio) -> &Collection {
    &p.follow_up
}
pub(crate) fn follow_up_mut(p: &mut Portfolio) -> &mut Collection {
    &mut p.follow_up
}
