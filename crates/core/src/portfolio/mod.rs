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

use crate::collection::Collection;
use crate::ledger::{ClientId, Ledger};

/// The ledger and the follow-up side by side: everything a user's book holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Portfolio {
    pub ledger: Ledger,
    pub follow_up: Collection,
}

impl Portfolio {
    /// A portfolio with no follow-up yet (a freshly imported or generated ledger).
    pub fn new(ledger: Ledger) -> Portfolio {
        Portfolio {
            ledger,
            follow_up: Collection::default(),
        }
    }

    /// The book of one client with the whole follow-up (see [`Ledger::for_client`]): every
    /// figure about a client computes the same on it as on the whole portfolio.
    pub fn for_client(&self, id: ClientId) -> Portfolio {
        Portfolio {
            ledger: self.ledger.for_client(id),
            follow_up: self.follow_up.clone(),
        }
    }
}

impl From<Ledger> for Portfolio {
    fn from(ledger: Ledger) -> Portfolio {
        Portfolio::new(ledger)
    }
}

/// The ledger's fields and methods go straight through (`aging::age(&portfolio, ..)`,
/// `portfolio.invoices`, `portfolio.record_payment(..)`): a function that needs only the
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
    &mut p.ledger
}
pub(crate) fn follow_up(p: &Portfolio) -> &Collection {
    &p.follow_up
}
pub(crate) fn follow_up_mut(p: &mut Portfolio) -> &mut Collection {
    &mut p.follow_up
}
