//! The client filter the lists share (clients, worklist): segment, grade, owner.
//!
//! A rule of the domain, not of a page: which clients a filter keeps. Grades are compared by
//! [`Grade`] (not by text), and the grades are scored only when the filter asks for one, since
//! scoring every client is the costly part at 20,000 clients.

use crate::ledger::ClientId;
use crate::portfolio::Portfolio;
use crate::scoring::{score_all, Grade};
use chrono::NaiveDate;

/// What the owner filter holds for the clients nobody was assigned to ("me", the user).
pub const UNASSIGNED: &str = "-";

/// `None` in a field keeps everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientFilter {
    pub segment: Option<String>,
    pub grade: Option<Grade>,
    /// An owner's name, or [`UNASSIGNED`].
    pub owner: Option<String>,
}

impl ClientFilter {
    /// The clients it keeps, sorted by id; `None` when it keeps them all.
    pub fn clients(&self, pf: &Portfolio, today: NaiveDate) -> Option<Vec<ClientId>> {
        if *self == ClientFilter::default() {
            return None;
        }
        let grades = self.grade.map(|_| score_all(pf, today));
        let mut kept: Vec<ClientId> = pf
            .ledger()
            .clients
            .iter()
            .enumerate()
            .filter(|(k, c)| {
                self.segment
                    .as_deref()
                    .is_none_or(|s| c.segment.as_deref() == Some(s))
                    && self
                        .owner
                        .as_deref()
                        .is_none_or(|o| pf.follow_up.owner(c.id).unwrap_or(UNASSIGNED) == o)
                    && grades
                        .as_ref()
                        .is_none_or(|g| Some(g[*k].grade) == self.grade)
            })
            .map(|(_, c)| c.id)
            .collect();
        crate::small::sort_by(&mut kept, Ord::cmp);
        Some(kept)
    }
}

/// Whether `kept` (from [`ClientFilter::clients`]) keeps `id`.
pub fn keeps(kept: &Option<Vec<ClientId>>, id: ClientId) -> bool {
    kept.as_ref().is_none_or(|k| k.binary_search(&id).is_ok())
}
