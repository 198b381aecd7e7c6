//! Recorded closings: a closing's provisions kept in the follow-up, so that the next closing's
//! entries for the accountant are computed since it (what fell or went is written back, 491 /
//! 7817). Recording refuses a date that is not after the last recorded closing (closings
//! follow each other); the undo takes the last one back with a compensating event.

use super::changes::{Changes, Splice};
use super::command::{CommandError, Context, Executed, Reply};
use super::event::Fact;
use super::{follow_up, follow_up_mut, Portfolio};
use crate::aging::Buckets;
use crate::provision::{provisions, Closing};
use chrono::NaiveDate;

/// Why a closing was not recorded or taken back. Each has a stable [`code`](ClosingError::code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClosingError {
    /// The date is not after the last recorded closing's (`last`).
    NotAfterLast { date: NaiveDate, last: NaiveDate },
    /// No closing was recorded: nothing to take back.
    NoClosing,
}

impl ClosingError {
    pub fn code(&self) -> &'static str {
        match self {
            ClosingError::NotAfterLast { .. } => "closing_not_after_last",
            ClosingError::NoClosing => "no_closing",
        }
    }
}

impl std::fmt::Display for ClosingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClosingError::NotAfterLast { date, last } => write!(
                f,
                "a closing on {date} is not after the last recorded closing ({last})"
            ),
            ClosingError::NoClosing => f.write_str("no closing recorded"),
        }
    }
}

impl std::error::Error for ClosingError {}

impl From<ClosingError> for CommandError {
    fn from(e: ClosingError) -> Self {
        CommandError::Closing(e)
    }
}

/// The closing at `date`: the provisions at the follow-up's rates over the default buckets
/// (what the Credit page shows and exports), appended to the recorded closings.
pub(super) fn record(
    p: &mut Portfolio,
    date: NaiveDate,
    cx: &mut Context,
) -> Result<Executed, CommandError> {
    if let Some(last) = follow_up(p).closings.last() {
        if date <= last.date {
            return Err(ClosingError::NotAfterLast {
                date,
                last: last.date,
            }
            .into());
        }
    }
    let rates = follow_up(p).provision_rates.clone();
    let provisions = provisions(p, date, &Buckets::default(), &rates);
    let total = provisions.total;
    let at = follow_up(p).closings.len();
    let closing = Closing { date, provisions };
    follow_up_mut(p).closings.push(closing.clone());
    Ok(one(
        cx,
        Fact::ClosingRecorded { date, total },
        Splice::append(at, vec![closing]),
    ))
}

/// Takes the last recorded closing back.
pub(super) fn undo(p: &mut Portfolio, cx: &mut Context) -> Result<Executed, CommandError> {
    let last = follow_up_mut(p)
        .closings
        .pop()
        .ok_or(ClosingError::NoClosing)?;
    let at = follow_up(p).closings.len() as u32;
    let date = last.date;
    Ok(one(
        cx,
        Fact::ClosingUndone { date },
        Splice {
            at,
            removed: vec![last],
            added: Vec::new(),
        },
    ))
}

/// One event whose changes are the closings' splice (built directly: a diff of the whole
/// follow-up would copy every recorded closing's lines for nothing).
fn one(cx: &mut Context, fact: Fact, splice: Splice<Closing>) -> Executed {
    let changes = Changes {
        follow_up: vec![super::changes::FollowUpChange::ClosingsSpliced(splice)],
        ..Changes::default()
    };
    Executed {
        events: vec![cx.event(fact, changes)],
        reply: Reply::Done,
    }
}
