//! The event log is the truth: for random command sequences, replaying the log from an empty
//! book gives the live book; a snapshot taken anywhere plus the events after it gives the same;
//! the encoded events decode to themselves; and every undo gives back the reports (aged
//! balance, KPIs, worklist) as they were before what it undoes.

mod common;

use common::{date, dec};
use encours_core::aging::{age, AgingOptions};
use encours_core::collection::FollowUp;
use encours_core::correction::Surplus;
use encours_core::dispute::{DisputeReason, Resolution};
use encours_core::dunning::worklist;
use encours_core::import::{parse, ImportOptions};
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::ledger::{InvoiceStatus, Ledger};
use encours_core::penalty::RateTable;
use encours_core::portfolio::command::{Command, Reply};
use encours_core::portfolio::event::Event;
use encours_core::portfolio::log::{opening, replay, replay_onto};
use encours_core::portfolio::Portfolio;
use encours_core::snapshot;
use proptest::prelude::*;

pub fn led(p: &Portfolio) -> &Ledger {
    p.ledger()
}

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC;Réglé
F-1;Acme;01/01/2025;31/01/2025;1 000,00;
F-2;Acme;01/02/2025;28/02/2025;300,00;100,00
F-3;Bolt;01/01/2025;31/01/2025;200,00;
F-4;Cosy;15/03/2025;14/04/2025;4 500,00;
F-5;Bolt;01/04/2025;01/05/2025;80,00;
";

const MORE: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-2;Acme;01/02/2025;28/02/2025;350,00
F-6;Dune;01/05/2025;31/05/2025;620,00
";

/// The book's days: everything happens between these.
const TODAY: &str = "2025-07-15";

use common::commands::{with_context, Book};

/// Commands run at `TODAY`, 00:00 UTC.
const AT: i64 = 1_752_537_600_000;

fn import(csv: &str) -> Command {
    let opts = ImportOptions::builder(date(TODAY)).build();
    let parsed = parse(csv.as_bytes(), &opts).expect("the test's file parses");
    Command::Import {
        parsed: Box::new(parsed),
        opts: Box::new(opts),
    }
}

/// Every report a user reads, as text (so that two books compare by what they show).
fn reports(p: &Portfolio) -> String {
    let as_of = date(TODAY);
    let aging = age(led(p), &AgingOptions::new(as_of));
    let k = kpis(led(p), &KpiOptions::new(as_of));
    let w = worklist(p, &RateTable::builtin(), as_of);
    format!("{aging:?}\n{k:?}\n{:?}\n{:?}", w.entries, w.excluded)
}

/// One step of a random sequence: a command built from small numbers against the book as it is.
fn command(b: &Book, kind: u8, a: usize, x: u32) -> Command {
    let l = led(&b.p);
    let inv = |k: usize| l.invoices.get(k % l.invoices.len().max(1)).map(|i| i.id);
    let client = |k: usize| l.clients.get(k % l.clients.len().max(1)).map(|c| c.id);
    let pay = |k: usize| l.payments.get(k % l.payments.len().max(1)).map(|p| p.id);
    let amount = dec(&format!("{}.{:02}", x % 700, x % 100));
    let on = |d: u32| date("2025-02-01") + chrono::Duration::days(i64::from(d % 150));
    let fallback = Command::UndoImport;
    match kind % 22 {
        0 => import(MORE),
        1 => Command::UndoImport,
        2 => inv(a).map_or(fallback, |invoice| Command::RecordPayment {
            invoice,
            date: on(x),
            amount,
            surplus: if x.is_multiple_of(2) {
                Surplus::ToCredit
            } else {
                Surplus::Refuse
            },
        }),
        3 => pay(a).map_or(fallback, |payment| Command::CorrectPayment {
            payment,
            date: on(x),
            amount,
            surplus: Surplus::ToCredit,
        }),
        4 => pay(a).map_or(fallback, |payment| Command::CancelPayment { payment }),
        5 => Command::UndoPaymentChange {
            entry: x % (b_activities(b) + 1),
        },
        6 => inv(a).map_or(fallback, |invoice| Command::IssueCreditNote {
            invoice,
            amount,
        }),
        7 => inv(a).map_or(fallback, |invoice| Command::SetStatus {
            invoice,
            status: [
                InvoiceStatus::WrittenOff,
                InvoiceStatus::Litigation,
                InvoiceStatus::Open,
            ][x as usize % 3],
        }),
        8 => inv(a).map_or(fallback, |invoice| Command::OpenDispute {
            invoice,
            reason: DisputeReason::Quality,
            notes: "abîmé".into(),
        }),
        9 => inv(a).map_or(fallback, |invoice| Command::ResolveDispute {
            invoice,
            resolution: [
                Resolution::CreditNote,
                Resolution::Rejected,
                Resolution::PartialCredit(dec("10")),
            ][x as usize % 3]
                .clone(),
        }),
        10 => inv(a).map_or(fallback, |invoice| Command::SetDisputed {
            invoice,
            disputed: x.is_multiple_of(2),
        }),
        11 => {
            let w = worklist(&b.p, &RateTable::builtin(), date(TODAY));
            let items = w
                .entries
                .into_iter()
                .skip(a % 3)
                .take(1 + x as usize % 2)
                .map(|e| (e, format!("relance {x}")))
                .collect();
            Command::MarkSent { items, call: None }
        }
        12 => client(a).map_or(fallback, |client| Command::RecordPromise {
            client,
            date: on(x),
            amount,
        }),
        13 => client(a).map_or(fallback, |client| Command::AgreePlan {
            client,
            terms: encours_core::plan::PlanTerms {
                down_payment: dec("0"),
                count: 1 + x % 4,
                first: on(x),
                frequency: encours_core::plan::Frequency::Monthly,
                stops_penalties: x.is_multiple_of(2),
            },
        }),
        14 => Command::CancelPlan { plan: x % 3 },
        15 => client(a).map_or(fallback, |client| Command::SetFollowUp {
            client,
            follow_up: FollowUp {
                paused: x.is_multiple_of(2),
                snoozed_until: x.is_multiple_of(3).then(|| on(x)),
            },
        }),
        16 => client(a).map_or(fallback, |client| Command::SetContractRate {
            client,
            rate: x.is_multiple_of(2).then(|| dec("12.5")),
        }),
        17 => match l.clients.get(a % l.clients.len().max(1)) {
            Some(c) => {
                let mut c = c.clone();
                c.terms_days = Some(x % 90);
                c.email = Some(format!("compta{x}@example.fr"));
                Command::EditClient {
                    client: Box::new(c),
                    field: "terms".into(),
                }
            }
            None => fallback,
        },
        19 => Command::RecordClosing { date: on(x) },
        20 => Command::UndoClosing,
        18 => inv(a).map_or(fallback, |invoice| Command::SetDoubtful {
            invoice,
            doubtful: x.is_multiple_of(2),
        }),
        _ => client(a).map_or(fallback, |client| Command::SetEndOfMonth {
            client,
            end_of_month: x.is_multiple_of(2),
        }),
    }
}

fn b_activities(b: &Book) -> u32 {
    b.p.follow_up.next_activity
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn replay_equals_live_and_snapshot_plus_tail_equals_replay(
        steps in prop::collection::vec((any::<u8>(), 0usize..8, any::<u32>()), 1..25),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut b = Book::empty(TODAY, AT);
        b.reply(import(BOOK)).expect("the base book imports");
        for (kind, a, x) in steps {
            let cmd = command(&b, kind, a, x);
            b.reply(cmd);
        }
        // Replay from empty equals the live state.
        let replayed = replay(&b.log);
        prop_assert_eq!(&replayed, &b.p);
        // Snapshot at any cut (through the stored chunk encoding) plus the tail equals it too.
        let k = cut.index(b.log.len() + 1);
        let head = replay(&b.log[..k]);
        let chunks = snapshot::to_chunks(&head);
        let mut restored = snapshot::from_chunks(chunks.iter().map(|(n, v)| (n.as_str(), v.as_slice())))
            .expect("a snapshot reads back");
        replay_onto(&mut restored, &b.log[k..]);
        prop_assert_eq!(&restored, &b.p);
        // Every event survives its encoding.
        for e in &b.log {
            let (h, body) = e.encode();
            prop_assert_eq!(&Event::decode(&h, &body).expect("decodes"), e);
        }
    }

    #[test]
    fn undo_events_give_back_every_report(
        steps in prop::collection::vec((any::<u8>(), 0usize..8, any::<u32>()), 0..10),
        which in 0u8..4, a in 0usize..8, x in any::<u32>(),
    ) {
        let mut b = Book::empty(TODAY, AT);
        b.reply(import(BOOK)).expect("the base book imports");
        for (kind, a, x) in steps {
            let cmd = command(&b, kind, a, x);
            b.reply(cmd);
        }
        let before = reports(&b.p);
        let logged = b.log.len();
        let undo = match which {
            // An import that changed nothing makes no batch: nothing to undo then.
            0 => b
                .reply(import(MORE))
                .filter(|_| b.log.len() > logged)
                .map(|_| Command::UndoImport),
            1 => {
                let cmd = command(&b, 11, a, x);
                match b.reply(cmd) {
                    Some(Reply::Marks(marks)) => Some(Command::UndoSent { marks }),
                    _ => None,
                }
            }
            2 => {
                let cmd = command(&b, 4, a, x);
                match b.reply(cmd) {
                    Some(Reply::Entry(entry)) => Some(Command::UndoPaymentChange { entry }),
                    _ => None,
                }
            }
            _ => {
                let cmd = command(&b, 3, a, x);
                match b.reply(cmd) {
                    Some(Reply::Entry(entry)) => Some(Command::UndoPaymentChange { entry }),
                    _ => None,
                }
            }
        };
        if let Some(u) = undo {
            prop_assert!(b.reply(u).is_some(), "the undo is accepted");
            // A compensating event: the log only grew.
            prop_assert!(b.log.len() >= logged + 2);
            prop_assert_eq!(reports(&b.p), before);
            prop_assert_eq!(&replay(&b.log), &b.p);
        }
    }
}

#[test]
fn a_book_without_a_log_opens_as_one_that_replays_to_it() {
    let mut b = Book::empty(TODAY, AT);
    b.reply(import(BOOK)).unwrap();
    b.reply(import(MORE)).unwrap();
    let l = led(&b.p);
    let (f1, acme) = (l.invoices[0].id, l.clients[0].id);
    b.reply(Command::RecordPayment {
        invoice: f1,
        date: date("2025-03-01"),
        amount: dec("250"),
        surplus: Surplus::Refuse,
    })
    .unwrap();
    b.reply(Command::SetContractRate {
        client: acme,
        rate: Some(dec("9")),
    })
    .unwrap();
    let events = with_context(TODAY, 0, &mut 0, |cx| opening(&b.p, cx));
    let l = led(&b.p);
    // One per client, batch, invoice and payment, and the follow-up.
    assert_eq!(
        events.len(),
        l.clients.len() + l.batches.len() + l.invoices.len() + l.payments.len() + 1
    );
    assert_eq!(replay(&events), b.p);
    assert_eq!(reports(&replay(&events)), reports(&b.p));
}
