//! The "to review" list: what two devices did, each rightly on its own, that together may be
//! one thing done twice.
//!
//! Events never conflict (each is immutable, with a random id), but their meaning can: the
//! same customer payment entered on two devices while they were apart gives two payments,
//! and the book shows the client paid twice. Nothing is merged silently: each such pair is
//! a [`ReviewItem`] showing both sides, until a [`Command::ResolveReview`] (itself an event,
//! so it reaches every device) keeps one of them, or both.
//!
//! An item is read off the book and the log's heads, never stored: a payment cancelled
//! anywhere makes its item go, and a "keep both" is the event that says so.
//!
//! [`Command::ResolveReview`]: super::command::Command::ResolveReview

use super::event::{EventHead, Fact};
use super::Portfolio;
use crate::ledger::{ClientId, InvoiceId, Payment, PaymentId};
use crate::money::Currency;
use crate::small;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What an item is about.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewKind {
    /// Two payments made on two devices for the same client, invoices, date and amount.
    SamePayment,
}

/// One thing to review: its two sides, in id order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    pub kind: ReviewKind,
    pub client: ClientId,
    pub invoices: Vec<InvoiceId>,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub sides: [PaymentId; 2],
}

/// How an item is resolved.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Keep {
    /// The first side stays, the second is cancelled.
    First,
    /// The second side stays, the first is cancelled.
    Second,
    /// Both were meant (two instalments of the same amount on the same day).
    Both,
}

impl Keep {
    /// The side to cancel, if one.
    pub fn dropped(self, sides: [PaymentId; 2]) -> Option<PaymentId> {
        match self {
            Keep::First => Some(sides[1]),
            Keep::Second => Some(sides[0]),
            Keep::Both => None,
        }
    }
}

/// What makes two payments "the same": everything the user typed.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Typed {
    client: ClientId,
    date: NaiveDate,
    amount: Decimal,
    currency: Currency,
    invoices: Vec<InvoiceId>,
}

impl Typed {
    fn of(p: &Payment) -> Typed {
        let mut invoices: Vec<InvoiceId> = p.allocations.iter().map(|a| a.invoice).collect();
        small::sort_by(&mut invoices, Ord::cmp);
        Typed {
            client: p.client,
            date: p.date,
            amount: p.amount.normalize(),
            currency: p.currency,
            invoices,
        }
    }
}

/// The items of `p`, given the heads of its log (for the pairs already kept both): the
/// hand-entered payments sorted by what was typed, twins then side by side. Payments read
/// from files (an import's, a statement's) are left out: a file is one device's, and its
/// twins are the import's own business (its dedup).
///
/// Sorted through [`small::sort_by`] and kept pairs looked up in a vector rather than hash
/// sets: this runs in the page on every change, and each new `HashMap` key type costs the
/// page's wasm its own copy of the table code (the page is over its size target).
pub fn items<'a>(p: &Portfolio, heads: impl IntoIterator<Item = &'a EventHead>) -> Vec<ReviewItem> {
    let mut typed: Vec<(Typed, &Payment)> = (p.ledger().payments.iter())
        .filter(|pay| pay.batch.is_none() && !pay.summary && pay.date_known)
        .map(|pay| (Typed::of(pay), pay))
        .collect();
    if typed.len() < 2 {
        return Vec::new();
    }
    small::sort_by(&mut typed, |a, b| a.0.cmp(&b.0));
    let kept: Vec<[PaymentId; 2]> = heads
        .into_iter()
        .filter_map(|h| match &h.fact {
            Fact::ReviewResolved {
                sides,
                keep: Keep::Both,
                ..
            } => Some(*sides),
            _ => None,
        })
        .collect();
    let mut out: Vec<ReviewItem> = Vec::new();
    for run in typed.chunk_by(|a, b| a.0 == b.0) {
        // Pairs made on different devices (one device's two entries are its user's own).
        for (i, (t, a)) in run.iter().enumerate() {
            for (_, b) in &run[i + 1..] {
                let sides = [a.id.min(b.id), a.id.max(b.id)];
                if a.id.tag() != b.id.tag() && !kept.contains(&sides) {
                    out.push(ReviewItem {
                        kind: ReviewKind::SamePayment,
                        client: t.client,
                        invoices: t.invoices.clone(),
                        date: t.date,
                        amount: t.amount,
                        sides,
                    });
                }
            }
        }
    }
    small::sort_by(&mut out, |a, b| a.sides.cmp(&b.sides));
    out
}
