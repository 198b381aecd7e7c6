//! Reading the ledger into columns: one pass over the invoices, one over the payments.

use super::{
    amount, day, Amount, Columns, Credit, Doc, Reduction, ALL_DATED, CREDIT_NOTE, SCHEDULE,
};
use crate::hash::FxHashMap;
use crate::ledger::{ClientId, DocKind, Ledger};
use crate::money::Currency;
use rust_decimal::Decimal;

/// Client id → slot: the ledger's clients in order, then any id an invoice or payment names
/// that no client has (a damaged backup), each its own slot.
pub(super) struct Slots {
    index: crate::ledger::IdIndex,
    pub(super) clients: Vec<(ClientId, Option<u32>)>,
    unknown: FxHashMap<u64, u32>,
}

impl Slots {
    pub(super) fn new(ledger: &Ledger) -> Self {
        Slots {
            index: ledger.client_index(),
            clients: ledger
                .clients
                .iter()
                .enumerate()
                .map(|(p, c)| (c.id, Some(p as u32)))
                .collect(),
            unknown: FxHashMap::default(),
        }
    }

    fn of(&mut self, id: ClientId) -> u32 {
        if let Some(p) = self.index.get(id.0) {
            return p as u32;
        }
        let next = self.clients.len() as u32;
        let clients = &mut self.clients;
        *self.unknown.entry(id.0).or_insert_with(|| {
            clients.push((id, None));
            next
        })
    }
}

fn currency_index(currencies: &mut Vec<Currency>, c: Currency) -> u16 {
    // Nearly always the first: a book has a handful of currencies.
    match currencies.iter().position(|&x| x == c) {
        Some(i) => i as u16,
        None => {
            currencies.push(c);
            (currencies.len() - 1) as u16
        }
    }
}

/// The largest number of decimals of any amount the reports add.
pub(super) fn max_scale(ledger: &Ledger) -> u32 {
    let inv = ledger.invoices.iter().flat_map(|i| {
        std::iter::once(i.total.scale()).chain(i.installments.iter().map(|x| x.amount.scale()))
    });
    let pay = ledger.payments.iter().flat_map(|p| {
        std::iter::once(p.amount.scale()).chain(p.allocations.iter().map(|a| a.amount.scale()))
    });
    inv.chain(pay).max().unwrap_or(0)
}

/// One pass over the invoices, one over the payments; `None` if an amount does not fit `A`
/// at `scale` (with `round`, amounts with more decimals are rounded to `scale`).
pub(super) fn build<A: Amount>(
    ledger: &Ledger,
    scale: u32,
    round: bool,
    slots: &mut Slots,
    currencies: &mut Vec<Currency>,
) -> Option<Columns<A>> {
    let mut budget = A::BUDGET;
    let mut conv = |d: Decimal| {
        let d = if round { amount::rounded(d, scale) } else { d };
        A::from_decimal(d, scale, &mut budget)
    };
    let n = ledger.invoices.len();
    let mut docs = Vec::with_capacity(n);
    let position = ledger.invoice_index();
    let mut schedules = Vec::new();
    let mut installments = Vec::new();
    // (target position, reduction), grouped by target below.
    let mut staged: Vec<(u32, Reduction<A>)> = Vec::with_capacity(ledger.payments.len());
    let mut credits = Vec::new();
    let mut notes = Vec::new();
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        let doc = Doc {
            total: conv(inv.total)?,
            issue: day(inv.issue_date),
            due: day(inv.due_date),
            status_from: inv.status_date.map_or(i32::MIN, day),
            settled: i32::MAX,
            slot: slots.of(inv.client),
            cur: currency_index(currencies, inv.currency),
            status: inv.status,
            flags: if inv.kind == DocKind::CreditNote {
                CREDIT_NOTE
            } else {
                0
            } | if inv.installments.is_empty() {
                0
            } else {
                SCHEDULE
            },
        };
        if doc.schedule() {
            let start = installments.len() as u32;
            for i in &inv.installments {
                installments.push((day(i.due_date), conv(i.amount)?));
            }
            crate::small::sort_short(&mut installments[start as usize..], |a, b| a < b);
            schedules.push((pos as u32, start, installments.len() as u32));
        }
        if doc.credit_note() {
            notes.push(pos);
        }
        docs.push(doc);
    }
    let target = |id: u64, docs: &[Doc<A>]| {
        position
            .get(id)
            .map(|p| p as u32)
            .filter(|&p| !docs[p as usize].credit_note())
    };
    for pos in notes {
        let (note, inv) = (docs[pos], &ledger.invoices[pos]);
        let amount = -note.total;
        match inv.applies_to.and_then(|t| target(t.0, &docs)) {
            Some(t) => staged.push((
                t,
                Reduction {
                    day: note.issue,
                    amount,
                    payer: (note.slot, note.cur),
                    dated: true,
                },
            )),
            None => credits.push(Credit {
                day: note.issue,
                amount,
                slot: note.slot,
                cur: note.cur,
            }),
        }
    }
    for p in &ledger.payments {
        let payer = (slots.of(p.client), currency_index(currencies, p.currency));
        let pday = day(p.date);
        let mut rest = conv(p.amount)?;
        for a in &p.allocations {
            if let Some(t) = target(a.invoice.0, &docs) {
                let amount = conv(a.amount)?;
                rest -= amount;
                staged.push((
                    t,
                    Reduction {
                        day: pday,
                        amount,
                        payer,
                        dated: p.date_known,
                    },
                ));
            }
        }
        if rest != A::ZERO {
            credits.push(Credit {
                day: pday,
                amount: rest,
                slot: payer.0,
                cur: payer.1,
            });
        }
    }
    // Group the reductions by invoice (a counting sort), each group by day.
    let mut red_start = vec![0u32; n + 1];
    for (t, _) in &staged {
        red_start[*t as usize + 1] += 1;
    }
    for i in 0..n {
        red_start[i + 1] += red_start[i];
    }
    let mut fill = red_start.clone();
    let mut reds = vec![
        Reduction {
            day: 0,
            amount: A::ZERO,
            payer: (0, 0),
            dated: true,
        };
        staged.len()
    ];
    for (t, r) in staged {
        let f = &mut fill[t as usize];
        reds[*f as usize] = r;
        *f += 1;
    }
    for (pos, doc) in docs.iter_mut().enumerate() {
        let group = &mut reds[red_start[pos] as usize..red_start[pos + 1] as usize];
        if group.len() > 1 {
            crate::small::sort_short(group, |a, b| a.day < b.day);
        }
        if group.iter().all(|r| r.dated) {
            doc.flags |= ALL_DATED;
        }
        if let Some(last) = group.last() {
            let paid: A = group.iter().map(|r| r.amount).sum();
            if !doc.credit_note() && paid == doc.total && last.day >= doc.issue {
                doc.settled = last.day;
            }
        }
    }
    Some(Columns {
        docs,
        red_start,
        reds,
        schedules,
        installments,
        credits,
        scale,
        nslots: slots.clients.len(),
        ncur: currencies.len(),
    })
}
