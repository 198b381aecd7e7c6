//! The write paths pages used before [`crate::dispatch`] (a closure over the book and the
//! [`Delta`] of what it touched), kept until every page sends commands: their change is
//! stored as one event of the log like a command's, so nothing is written beside the log.
//!
//! Their fact names no record (`settings_changed`, `page_edit`): the core cannot tell what a
//! closure did, so histories leave these events out. Each page moved to `dispatch` gets its
//! real facts.

use crate::i18n::T;
use crate::state::{commit, AppState, Pending};
use crate::store::StoreError;
use encours_core::portfolio::changes::{follow_up_diff, Changes, Counters};
use encours_core::portfolio::event::{Event, Fact};
use encours_core::snapshot::Delta;
use encours_core::{Ledger, Portfolio};
use leptos::prelude::*;

/// A page's change as an event.
fn page_event(state: AppState, changes: Changes) -> Event {
    crate::origin::with_context(state.today.get_untracked(), |cx| {
        cx.event(
            Fact::SettingsChanged {
                what: "page_edit".into(),
            },
            changes,
        )
    })
}

fn one(state: AppState, changes: Changes, bulk: bool) -> Pending {
    Pending::Events {
        events: vec![page_event(state, changes)],
        bulk,
    }
}

/// The changes a page's [`Delta`] names.
fn delta_changes(l: &Ledger, d: Delta) -> Changes {
    Changes {
        clients: d.clients,
        invoices: d.invoices,
        payments: d.payments,
        removed_invoices: d.removed_invoices,
        removed_payments: d.removed_payments,
        // The ledger's own counters, never the delta's: a page's `Delta::default()` (a change
        // of the follow-up alone) carries zeros, and replaying them emptied every id index
        // after a reload (pauses, snoozes, scenarios and the minimum seemed lost: followup.spec).
        counters: Some(Counters::of(l)),
        ..Changes::default()
    }
}

/// Applies `change` to the book and stores it with a fresh snapshot in one transaction
/// (imports, demo data, undo). Returns what `change` returned.
pub async fn change_all<R>(
    state: AppState,
    change: impl Fn(&mut Portfolio) -> R,
) -> Result<R, StoreError> {
    commit(state, |p| {
        // The changes are read off a copy taken before: one linear pass over sorted ids.
        let before = p.clone();
        let r = change(p);
        let changes = Changes::between(&before, p);
        Some((r, one(state, changes, true)))
    })
    .await
    .map(|r| r.expect("a bulk change always writes"))
}

/// Applies one edit and appends what it touched to the log, in one transaction.
/// `Ok(false)` when `change` had nothing to record.
pub async fn edit(
    state: AppState,
    change: impl Fn(&mut Portfolio) -> Option<Delta>,
) -> Result<bool, StoreError> {
    commit(state, |p| {
        let d = change(p)?;
        Some(((), one(state, delta_changes(&p.ledger, d), false)))
    })
    .await
    .map(|r| r.is_some())
}

/// Applies a dunning action (worklist, follow-up, dunning settings): the follow-up's parts it
/// changed and the records it touched, appended in one transaction.
pub async fn follow(
    state: AppState,
    change: impl Fn(&mut Portfolio) -> Option<Delta>,
) -> Result<bool, StoreError> {
    commit(state, |p| {
        let before = p.follow_up.clone();
        let d = change(p)?;
        let mut c = delta_changes(&p.ledger, d);
        c.follow_up = follow_up_diff(&before, &p.follow_up);
        Some(((), one(state, c, false)))
    })
    .await
    .map(|r| r.is_some())
}

/// [`follow`] in the background, telling the user it was saved (or why not).
pub fn follow_and_tell(
    state: AppState,
    change: impl Fn(&mut Portfolio) -> Option<Delta> + 'static,
) {
    leptos::task::spawn_local(async move {
        match follow(state, change).await {
            Ok(true) => state.notify(state.t(T::saved)),
            Ok(false) => state.error(state.t(T::nothing_to_record)),
            Err(e) => state.error(e),
        }
    });
}
