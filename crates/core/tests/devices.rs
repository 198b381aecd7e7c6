//! Two devices, one book: ids made apart never collide. Both devices start from the same log,
//! work offline (payments, credit notes, imports that create clients and invoices), then each
//! applies the other's events, as sync will. Every id one made differs from every id the
//! other made (even where both took the same counter), both end with the same records and the
//! same aged balance and KPIs, and replaying the whole log from empty gives the merged book.

mod common;

use common::commands::{import, Book};
use common::{date, dec};
use encours_core::aging::{age, AgingOptions};
use encours_core::correction::Surplus;
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::ledger::device_tag;
use encours_core::portfolio::command::Command;
use encours_core::portfolio::event::Event;
use encours_core::portfolio::log::{replay, replay_onto};
use encours_core::{snapshot, Portfolio};
use proptest::prelude::*;
use std::collections::BTreeSet;

const TODAY: &str = "2025-07-15";
const AT: i64 = 1_752_537_600_000;

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;300,00
F-3;Bolt;01/01/2025;31/01/2025;200,00
F-4;Cosy;15/03/2025;14/04/2025;4 500,00
";

/// Two device ids, whose tags differ (checked below: 0x1234…def0 and 0x0fed…4321, tried
/// first, fold to the same tag).
const A: u64 = 0x1234_5678_9abc_def0;
const B: u64 = 0x0bad_f00d_dead_beef;

/// One offline step on device `dev` (`name` marks what it imports: its own clients).
fn step(b: &Book, name: &str, kind: u8, k: usize, x: u32) -> Command {
    let l = b.p.ledger();
    let inv = l.invoices[k % l.invoices.len()].id;
    let amount = dec(&format!("{}.{:02}", 1 + x % 90, x % 100));
    match kind % 3 {
        0 => Command::RecordPayment {
            invoice: inv,
            date: date("2025-06-01") + chrono::Duration::days(i64::from(x % 40)),
            amount,
            surplus: Surplus::ToCredit,
        },
        1 => Command::IssueCreditNote {
            invoice: inv,
            amount,
        },
        _ => import(
            &format!(
                "N° facture;Client;Date;Échéance;Montant TTC\n{name}-{x};{name} {k};01/05/2025;31/05/2025;{amount}\n",
                amount = amount.to_string().replace('.', ",")
            ),
            TODAY,
        ),
    }
}

/// The events `after` holds past the first `n` (what a device made offline).
fn tail(after: &Book, n: usize) -> Vec<Event> {
    after.log[n..].to_vec()
}

/// Every record id (clients, invoices, payments, batches) a book holds, raw.
fn ids(p: &Portfolio) -> BTreeSet<(char, u64)> {
    let l = p.ledger();
    let c = l.clients.iter().map(|x| ('c', x.id.0));
    let i = l.invoices.iter().map(|x| ('i', x.id.0));
    let y = l.payments.iter().map(|x| ('p', x.id.0));
    let b = l.batches.iter().map(|x| ('b', x.id.0));
    c.chain(i).chain(y).chain(b).collect()
}

/// What a user reads off the ledger: the aged balance and the KPIs, as text.
fn reports(p: &Portfolio) -> String {
    let as_of = date(TODAY);
    let aging = age(p.ledger(), &AgingOptions::new(as_of));
    let k = kpis(p.ledger(), &KpiOptions::new(as_of));
    format!("{aging:?}\n{k:?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn ids_made_apart_never_collide_and_both_devices_end_with_every_record(
        on_a in prop::collection::vec((any::<u8>(), 0usize..8, any::<u32>()), 1..8),
        on_b in prop::collection::vec((any::<u8>(), 0usize..8, any::<u32>()), 1..8),
    ) {
        prop_assert_ne!(device_tag(A), device_tag(B));
        let mut base = Book::empty(TODAY, AT);
        base.reply(import(BOOK, TODAY)).expect("the base book imports");
        let n = base.log.len();
        let (mut a, mut b) = (base.fork(A), base.fork(B));
        for (kind, k, x) in on_a {
            let cmd = step(&a, "Alpha", kind, k, x);
            a.reply(cmd);
        }
        for (kind, k, x) in on_b {
            let cmd = step(&b, "Bravo", kind, k, x);
            b.reply(cmd);
        }
        let before = ids(&base.p);
        let made_a: BTreeSet<_> = ids(&a.p).difference(&before).copied().collect();
        let made_b: BTreeSet<_> = ids(&b.p).difference(&before).copied().collect();
        prop_assert!(made_a.is_disjoint(&made_b), "{made_a:?} / {made_b:?}");
        prop_assert!(made_a.iter().all(|&(_, id)| (id >> 32) as u32 == device_tag(A)));
        prop_assert!(made_b.iter().all(|&(_, id)| (id >> 32) as u32 == device_tag(B)));
        // Each applies the other's events, as a sync would.
        let (from_a, from_b) = (tail(&a, n), tail(&b, n));
        replay_onto(&mut a.p, &from_b);
        replay_onto(&mut b.p, &from_a);
        let (la, lb) = (a.p.ledger(), b.p.ledger());
        prop_assert_eq!(&la.clients, &lb.clients);
        prop_assert_eq!(&la.invoices, &lb.invoices);
        prop_assert_eq!(&la.payments, &lb.payments);
        prop_assert_eq!(&la.batches, &lb.batches);
        let all: BTreeSet<_> = before.union(&made_a).chain(made_b.iter()).copied().collect();
        prop_assert_eq!(ids(&a.p), all);
        prop_assert_eq!(reports(&a.p), reports(&b.p));
        // Each record once, in the order the indexes rely on.
        prop_assert!(la.invoices.windows(2).all(|w| w[0].id < w[1].id));
        prop_assert!(la.payments.windows(2).all(|w| w[0].id < w[1].id));
        prop_assert!(la.clients.windows(2).all(|w| w[0].id < w[1].id));
        // Every invoice and client is found by id (the indexes' tag check and their apart list).
        let (ii, ci) = (la.invoice_index(), la.client_index());
        for (k, i) in la.invoices.iter().enumerate() {
            prop_assert_eq!(ii.get(i.id.0), Some(k));
        }
        for (k, c) in la.clients.iter().enumerate() {
            prop_assert_eq!(ci.get(c.id.0), Some(k));
        }
        // The merged book through the stored snapshot (its ids against a two-tag table).
        let chunks = snapshot::to_chunks(&a.p);
        prop_assert!(chunks.iter().any(|(k, _)| k == "tags"));
        let back = snapshot::from_chunks(chunks.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
        prop_assert_eq!(&back.expect("the snapshot reads back"), &a.p);
        // The whole log, A's then B's, replays to A's merged book.
        let mut log = base.log.clone();
        log.extend(from_a);
        log.extend(from_b);
        prop_assert_eq!(&replay(&log), &a.p);
    }
}

/// Both devices take the same counter for their first payment on the same invoice: two ids,
/// both payments counted on both devices.
#[test]
fn the_same_counter_on_two_devices_makes_two_payments() {
    let mut base = Book::empty(TODAY, AT);
    base.reply(import(BOOK, TODAY)).unwrap();
    let n = base.log.len();
    let f1 = base.p.invoices[0].id;
    let (mut a, mut b) = (base.fork(A), base.fork(B));
    for (book, amount) in [(&mut a, "100"), (&mut b, "250")] {
        book.reply(Command::RecordPayment {
            invoice: f1,
            date: date("2025-06-02"),
            amount: dec(amount),
            surplus: Surplus::Refuse,
        })
        .expect("a payment within what is owed");
    }
    let (pa, pb) = (a.p.payments[0].id, b.p.payments[0].id);
    assert_eq!(pa.counter(), pb.counter());
    assert_ne!(pa, pb);
    let (from_a, from_b) = (tail(&a, n), tail(&b, n));
    replay_onto(&mut a.p, &from_b);
    replay_onto(&mut b.p, &from_a);
    for p in [&a.p, &b.p] {
        assert_eq!(p.payments.len(), 2);
        let k = &kpis(p.ledger(), &KpiOptions::new(date(TODAY)))[0];
        // 1,000 + 300 + 200 + 4,500 owed, less 100 and 250.
        assert_eq!(k.total_outstanding, dec("5650"));
    }
    // The next payment on either takes a counter past both.
    a.reply(Command::RecordPayment {
        invoice: f1,
        date: date("2025-06-03"),
        amount: dec("1"),
        surplus: Surplus::Refuse,
    })
    .unwrap();
    assert_eq!(a.p.payments[2].id.counter(), pa.counter() + 1);
}
