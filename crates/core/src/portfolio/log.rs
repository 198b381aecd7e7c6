//! The event log: replaying it, and opening one for a book stored before events existed.

use super::changes::Changes;
use super::command::Context;
use super::event::{Event, Fact};
use super::{follow_up, ledger, Portfolio};

/// The book the events make, from an empty one.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Portfolio {
    let mut p = Portfolio::default();
    replay_onto(&mut p, events);
    p
}

/// Applies `events` in order over `p` (a snapshot and the log's tail after it).
pub fn replay_onto<'a>(p: &mut Portfolio, events: impl IntoIterator<Item = &'a Event>) {
    for e in events {
        p.apply(e);
    }
}

/// The opening of a log for a book that has none (stored by an older build, or restored from
/// an older backup): one event per client, batch, invoice and payment, and one for the
/// follow-up, in that order, so that a replay gives back `p` exactly.
pub fn opening(p: &Portfolio, cx: &mut Context) -> Vec<Event> {
    let l = ledger(p);
    let mut out = Vec::with_capacity(l.clients.len() + l.invoices.len() + l.payments.len() + 2);
    let none = || Fact::Opened {
        invoice: None,
        client: None,
        payment: None,
    };
    for c in &l.clients {
        let fact = Fact::Opened {
            client: Some(c.id),
            invoice: None,
            payment: None,
        };
        let changes = Changes {
            clients: vec![c.clone()],
            ..Changes::default()
        };
        out.push(cx.event(fact, changes));
    }
    for b in &l.batches {
        let changes = Changes {
            batches: vec![b.clone()],
            ..Changes::default()
        };
        out.push(cx.event(none(), changes));
    }
    for i in &l.invoices {
        let fact = Fact::Opened {
            invoice: Some(i.id),
            client: Some(i.client),
            payment: None,
        };
        let changes = Changes {
            invoices: vec![i.clone()],
            ..Changes::default()
        };
        out.push(cx.event(fact, changes));
    }
    for x in &l.payments {
        let fact = Fact::Opened {
            payment: Some(x.id),
            client: Some(x.client),
            invoice: None,
        };
        let changes = Changes {
            payments: vec![x.clone()],
            ..Changes::default()
        };
        out.push(cx.event(fact, changes));
    }
    // The counters and the whole follow-up last: ids stay never reused.
    let changes = Changes {
        counters: Some(super::changes::Counters::of(l)),
        follow_up: super::changes::follow_up_diff(
            &crate::collection::Collection::default(),
            follow_up(p),
        ),
        ..Changes::default()
    };
    out.push(cx.event(none(), changes));
    out
}
