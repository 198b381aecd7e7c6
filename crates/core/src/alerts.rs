//! What needs the user's attention today: invoices falling due within a week, clients over
//! their credit limit, invoices that just went past 60 days late, broken promises and missed
//! plan installments. Each alert names its client (and invoice) so the app can link to it.

use crate::aging::outstanding_by_invoice;
use crate::ledger::{ClientId, DocKind, InvoiceId, InvoiceStatus};
use crate::plan::{plan_status, promise_status, PromiseStatus};
use crate::portfolio::Portfolio;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// How far ahead "falling due" looks, and how long an event stays news.
pub const WINDOW_DAYS: i64 = 7;
/// How long a broken promise stays an alert.
pub const PROMISE_DAYS: i64 = 30;

/// What the alert is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlertKind {
    /// An open invoice falls due within [`WINDOW_DAYS`].
    FallingDue { due: NaiveDate, amount: Decimal },
    /// The client owes more than its credit limit.
    OverLimit {
        limit: Decimal,
        outstanding: Decimal,
    },
    /// An invoice went past 60 days late within the last [`WINDOW_DAYS`].
    Over60 { days_late: i64, amount: Decimal },
    /// A promise to pay was not kept (its date passed within [`PROMISE_DAYS`]).
    BrokenPromise { date: NaiveDate, amount: Decimal },
    /// A plan installment is overdue.
    MissedInstallment { due: NaiveDate, amount: Decimal },
}

/// One alert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub client: ClientId,
    pub invoice: Option<InvoiceId>,
    pub kind: AlertKind,
}

/// Every alert on `today`: missed installments and broken promises first (they call for an
/// action), then credit limits, invoices past 60 days and invoices falling due.
pub fn alerts(pf: &Portfolio, today: NaiveDate) -> Vec<Alert> {
    let ledger = pf.ledger();
    alerts_owing(pf, today, &outstanding_by_invoice(ledger, today))
}

/// [`alerts`] given what is owed per invoice on `today` (`outstanding_by_invoice`), for a
/// caller that already has a [`crate::Book`] of the ledger.
pub fn alerts_owing(pf: &Portfolio, today: NaiveDate, owed: &[Decimal]) -> Vec<Alert> {
    let ledger = pf.ledger();
    let mut out = Vec::new();
    let col = &pf.follow_up;
    for plan in col.plans.iter().filter(|p| !p.cancelled) {
        let s = plan_status(ledger, plan, today);
        if let Some(&k) = s.missed.first() {
            let i = &plan.installments[k];
            out.push(Alert {
                client: plan.client,
                invoice: None,
                kind: AlertKind::MissedInstallment {
                    due: i.due,
                    amount: i.amount - s.covered[k],
                },
            });
        }
    }
    for (k, p) in col.promises.iter().enumerate() {
        // A newer promise from the same client supersedes this one.
        let superseded = col.promises[k + 1..].iter().any(|q| q.client == p.client);
        if !superseded
            && today - p.date <= Duration::days(PROMISE_DAYS)
            && promise_status(ledger, p, today) == PromiseStatus::Broken
        {
            out.push(Alert {
                client: p.client,
                invoice: None,
                kind: AlertKind::BrokenPromise {
                    date: p.date,
                    amount: p.amount,
                },
            });
        }
    }
    for a in crate::credit_limit::over_limit_owing(ledger, owed) {
        out.push(Alert {
            client: a.client,
            invoice: None,
            kind: AlertKind::OverLimit {
                limit: a.limit,
                outstanding: a.outstanding,
            },
        });
    }
    let mut over60 = Vec::new();
    let mut due_soon = Vec::new();
    for (i, &amount) in ledger.invoices.iter().zip(owed) {
        if i.kind != DocKind::Invoice
            || amount <= Decimal::ZERO
            || i.status_on(today) != InvoiceStatus::Open
        {
            continue;
        }
        let late = (today - i.due_date).num_days();
        let alert = |kind| Alert {
            client: i.client,
            invoice: Some(i.id),
            kind,
        };
        if (61..61 + WINDOW_DAYS).contains(&late) {
            over60.push(alert(AlertKind::Over60 {
                days_late: late,
                amount,
            }));
        } else if (-WINDOW_DAYS..=0).contains(&late) {
            due_soon.push(alert(AlertKind::FallingDue {
                due: i.due_date,
                amount,
            }));
        }
    }
    out.append(&mut over60);
    out.append(&mut due_soon);
    out
}
