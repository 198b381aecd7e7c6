//! One reminder marked sent on two devices: both worked the same worklist apart, and each
//! filed the same level's letter (or e-mail) for the same invoices. Once both have both, the
//! client's timeline holds two reminders of one level — two letters as far as a case file
//! can tell. Either one was only marked (keep one: the other entry goes), or the client did
//! receive two (keep both).
//!
//! The two entries can carry the same id (each device took the next free one apart): a side
//! names its entry by a fingerprint of all its fields ([`fingerprint`]). Two entries equal in
//! every field are one already (the splice of the follow-up keeps it once): no item.

use super::{ReviewItem, ReviewKind, Side};
use crate::collection::{Activity, ActivityKind};
use crate::hash::FxHasher;
use crate::ledger::{InvoiceId, Maker};
use crate::portfolio::event::{EventHead, Fact};
use crate::portfolio::Portfolio;
use crate::small;
use std::hash::Hasher;

/// What makes two reminders one — the client, the level's name and the invoices (in any
/// order) — hashed: entries and heads are grouped by a number, not by a tuple holding a
/// vector (whose comparison and sort code the page's wasm would carry for this alone). The
/// invoices are folded in an order-free way (a sum of their hashes), so none is sorted.
fn key_of(client: crate::ledger::ClientId, name: &str, invoices: &[InvoiceId]) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(client.0);
    h.write(name.as_bytes());
    let ids = (invoices.iter()).fold(0u64, |sum, i| {
        let mut x = FxHasher::default();
        x.write_u64(i.0);
        sum.wrapping_add(x.finish())
    });
    h.write_u64(ids);
    h.finish()
}

fn key(a: &Activity) -> Option<u64> {
    match &a.kind {
        ActivityKind::Reminder { level_name, .. } => {
            Some(key_of(a.client, level_name, &a.invoices))
        }
        _ => None,
    }
}

fn sent(h: &EventHead) -> Option<u64> {
    match &h.fact {
        Fact::ReminderSent {
            client,
            invoices,
            level_name,
            ..
        } => Some(key_of(*client, level_name, invoices)),
        _ => None,
    }
}

/// An entry's fingerprint: FxHash of every field (stable across devices running one build;
/// a build that changed it would show pairs kept both again, once).
pub fn fingerprint(a: &Activity) -> u64 {
    let mut h = FxHasher::default();
    h.write_u32(a.id);
    h.write_u64(a.client.0);
    h.write_i32(chrono::Datelike::num_days_from_ce(&a.date));
    for i in &a.invoices {
        h.write_u64(i.0);
    }
    if let ActivityKind::Reminder {
        level,
        level_name,
        channel,
    } = &a.kind
    {
        h.write_usize(*level);
        h.write(level_name.as_bytes());
        h.write_u8(*channel as u8);
    }
    h.write(a.text.as_bytes());
    h.finish()
}

/// The entry of `p`'s timeline with fingerprint `f`.
pub fn entry(p: &Portfolio, f: u64) -> Option<&Activity> {
    p.follow_up.activities.iter().find(|a| fingerprint(a) == f)
}

/// `hi`'s top 40 bits above `lo` (below 2^24): a pair sorted as one `u64` through the sort
/// the page already holds for numbers.
fn packed(hi: u64, lo: usize) -> u64 {
    (hi & !0xff_ffff) | (lo as u64 & 0xff_ffff)
}

/// The reminders of one level on the same invoices filed twice or more (pairs of entries),
/// without the heads: what [`super::may_have_items`] asks.
pub(super) fn twins(p: &Portfolio) -> Vec<(u64, &Activity, &Activity)> {
    let acts = &p.follow_up.activities;
    let mut keyed: Vec<u64> = (acts.iter().enumerate())
        .filter_map(|(k, a)| Some(packed(key(a)?, k)))
        .collect();
    if keyed.len() < 2 {
        return Vec::new();
    }
    small::sort_by(&mut keyed, Ord::cmp);
    let mut out = Vec::new();
    for run in keyed.chunk_by(|a, b| a >> 24 == b >> 24) {
        for (i, x) in run.iter().enumerate() {
            let a = &acts[(x & 0xff_ffff) as usize];
            let k = key(a).unwrap_or_default();
            for y in &run[i + 1..] {
                let b = &acts[(y & 0xff_ffff) as usize];
                // The full key again: 40 bits of it grouped them.
                if key(b) == Some(k) {
                    out.push((k, a, b));
                }
            }
        }
    }
    out
}

/// The items: twin entries whose level was marked sent on two devices (the heads'
/// `ReminderSent` of that client, level and invoices come from two device tags; one
/// device's own two entries are its user's business).
pub(super) fn same_reminder(
    p: &Portfolio,
    heads: &[&EventHead],
    kept: &[[Side; 2]],
    out: &mut Vec<ReviewItem>,
) {
    // Without the heads no twin is known to come from two devices (and the page asks so
    // first, before reading them): the entries are not grouped for nothing.
    if heads.is_empty() {
        return;
    }
    for (k, a, b) in twins(p) {
        let mut tags = (heads.iter())
            .filter(|h| sent(h) == Some(k))
            .map(|h| Maker::of(h.device).0);
        let first = tags.next();
        if !tags.any(|t| Some(t) != first) {
            continue;
        }
        let (fa, fb) = (fingerprint(a), fingerprint(b));
        let sides = [Side::Reminder(fa.min(fb)), Side::Reminder(fa.max(fb))];
        if kept.contains(&sides) || out.iter().any(|o| o.sides == sides) {
            continue;
        }
        out.push(ReviewItem {
            kind: ReviewKind::SameReminder,
            client: a.client,
            invoices: a.invoices.clone(),
            date: a.date.max(b.date),
            amount: rust_decimal::Decimal::ZERO,
            sides,
        });
    }
}

/// Which of `heads` made the entry of fingerprint `f`: the `ReminderSent` of its client,
/// level and invoices that stands where it stands among its twins (the timeline keeps
/// appends in their events' order; the heads are taken in the order of their times, ties
/// in the log's).
pub(super) fn made_by(p: &Portfolio, heads: &[&EventHead], f: u64) -> Option<usize> {
    let k = key(entry(p, f)?)?;
    let twins: Vec<&Activity> = (p.follow_up.activities.iter())
        .filter(|x| key(x) == Some(k))
        .collect();
    let at = twins.iter().position(|x| fingerprint(x) == f)?;
    let mine: Vec<usize> = (0..heads.len())
        .filter(|&i| sent(heads[i]) == Some(k))
        .collect();
    // Times from the earliest of them (a span of years fits in 40 bits of milliseconds).
    let base = mine.iter().map(|&i| heads[i].at).min().unwrap_or(0);
    let mut made: Vec<u64> = (mine.iter())
        .map(|&i| packed(((heads[i].at - base) as u64) << 24, i))
        .collect();
    small::sort_by(&mut made, Ord::cmp);
    (made.len() == twins.len()).then(|| (made[at] & 0xff_ffff) as usize)
}
