//! Two devices change the same record apart — an invoice's status, a client's card, a
//! payment corrected on one and cancelled on the other, the follow-up's owner or rates — and
//! then each receives the other's events. Before the order of `portfolio::written`, each
//! device kept the change that reached it last: the two books stayed different, silently.
//! Now both books are the same, and each record is as the later change (by the hybrid clock)
//! left it: the oracle is the winning device's own record *before* the exchange, read off
//! its book, not recomputed by the code under test.

mod common;

use common::commands::{exchange, import, Book};
use common::{date, dec};
use encours_core::correction::Surplus;
use encours_core::ledger::{InvoiceStatus, PaymentId};
use encours_core::portfolio::command::{Command, Reply};
use encours_core::portfolio::event::Event;
use encours_core::portfolio::log::replay_onto;
use encours_core::snapshot;
use encours_core::Portfolio;

const TODAY: &str = "2025-07-15";
const AT: i64 = 1_752_537_600_000;
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Bolt;01/01/2025;31/01/2025;200,00
";
const A: u64 = 0x1234_5678_9abc_def0;
const B: u64 = 0x0bad_f00d_dead_beef;
const C: u64 = 0x0c0c_0c0c_0c0c_0c0c;

/// The shared start: the book imported, one payment of 100 on F-1; the payment's id.
fn base() -> (Book, PaymentId) {
    let mut b = Book::empty(TODAY, AT);
    b.reply(import(BOOK, TODAY)).unwrap();
    let inv = b.p.invoices[0].id;
    let Some(Reply::Payment(pay)) = b.reply(Command::RecordPayment {
        invoice: inv,
        date: date("2025-07-01"),
        amount: dec("100"),
        surplus: Surplus::Refuse,
    }) else {
        panic!("the base payment is recorded")
    };
    (b, pay)
}

/// Devices A and B parted from [`base`], their wall clocks at `walls`: the two books, where
/// they parted (the log's length) and the base payment's id.
fn parted((wall_a, wall_b): (i64, i64)) -> (Book, Book, usize, PaymentId) {
    let (start, pay) = base();
    let (mut a, mut b) = (start.fork(A), start.fork(B));
    a.clock(wall_a);
    b.clock(wall_b);
    (a, b, start.log.len(), pay)
}

/// What one side does, given the base payment's id.
type Change = fn(&Book, PaymentId) -> Command;
/// What the case looks at, as text (compared between the books).
type Look = fn(&Portfolio, PaymentId) -> String;

fn status(s: InvoiceStatus) -> impl Fn(&Book, PaymentId) -> Command {
    move |b, _| Command::SetStatus {
        invoice: b.p.invoices[0].id,
        status: s,
    }
}

fn card(b: &Book, field: &str, value: &str) -> Command {
    let mut c = b.p.clients[0].clone();
    match field {
        "email" => c.email = Some(value.into()),
        _ => c.phone = Some(value.into()),
    }
    Command::EditClient {
        client: Box::new(c),
        field: field.into(),
    }
}

fn invoice_look(p: &Portfolio, _: PaymentId) -> String {
    format!("{:?}", p.invoices[0])
}
fn client_look(p: &Portfolio, _: PaymentId) -> String {
    format!("{:?}", p.clients[0])
}
fn payment_look(p: &Portfolio, pay: PaymentId) -> String {
    format!("{:?}", p.payments.iter().find(|x| x.id == pay))
}
fn owner_look(p: &Portfolio, _: PaymentId) -> String {
    format!("{:?}", p.follow_up.owners.get(&p.clients[0].id))
}
fn rates_look(p: &Portfolio, _: PaymentId) -> String {
    format!("{:?}", p.follow_up.provision_rates)
}

fn cases() -> Vec<(&'static str, Change, Change, Look)> {
    vec![
        (
            "an invoice's status set apart",
            |b, p| status(InvoiceStatus::Disputed)(b, p),
            |b, p| status(InvoiceStatus::Litigation)(b, p),
            invoice_look,
        ),
        (
            "a client's card, two fields apart (the later card stands whole)",
            |b, _| card(b, "email", "compta@acme.fr"),
            |b, _| card(b, "phone", "01 02 03 04 05"),
            client_look,
        ),
        (
            "a payment corrected on one device, cancelled on the other",
            |_, pay| Command::CorrectPayment {
                payment: pay,
                date: date("2025-07-02"),
                amount: dec("150"),
                surplus: Surplus::Refuse,
            },
            |_, pay| Command::CancelPayment { payment: pay },
            payment_look,
        ),
        (
            "a client given to two people",
            |b, _| Command::SetOwner {
                client: b.p.clients[0].id,
                owner: "Julie".into(),
            },
            |b, _| Command::SetOwner {
                client: b.p.clients[0].id,
                owner: "Marc".into(),
            },
            owner_look,
        ),
        (
            "provision rates set apart",
            |b, _| {
                let mut r = b.p.follow_up.provision_rates.clone();
                r.litigation = dec("80");
                Command::SetProvisionRates(r)
            },
            |b, _| {
                let mut r = b.p.follow_up.provision_rates.clone();
                r.litigation = dec("60");
                Command::SetProvisionRates(r)
            },
            rates_look,
        ),
    ]
}

/// (A's wall clock, B's, the later side): each device's clock may be the one ahead.
const CLOCKS: [(i64, i64, char); 2] =
    [(AT + 1_000, AT + 2_000, 'B'), (AT + 5_000, AT + 2_000, 'A')];

#[test]
fn the_same_record_changed_apart_ends_as_the_later_change_on_both_devices() {
    for (name, on_a, on_b, look) in cases() {
        for (wall_a, wall_b, later) in CLOCKS {
            let (mut a, mut b, n, pay) = parted((wall_a, wall_b));
            a.run(on_a(&a, pay))
                .unwrap_or_else(|e| panic!("{name}: A refused: {e:?}"));
            b.run(on_b(&b, pay))
                .unwrap_or_else(|e| panic!("{name}: B refused: {e:?}"));
            let want = match later {
                'A' => look(&a.p, pay),
                _ => look(&b.p, pay),
            };
            assert_ne!(
                look(&a.p, pay),
                look(&b.p, pay),
                "{name}: the two changes differ"
            );
            exchange(&mut [&mut a, &mut b], &[n, n]);
            assert_eq!(look(&a.p, pay), want, "{name}, {later} later: on A");
            assert_eq!(look(&b.p, pay), want, "{name}, {later} later: on B");
            assert!(a.p == b.p, "{name}, {later} later: the two books differ");
        }
    }
}

/// A device whose clock is an hour behind receives A's change, then changes the same
/// record: made after seeing A's, its change is the later one on both devices, though its
/// wall time is earlier (the hybrid clock, not the wall clock, orders them).
#[test]
fn a_change_made_after_seeing_another_is_later_whatever_the_wall_clocks() {
    let (mut a, mut b, n, _) = parted((AT + 3_600_000, AT));
    a.run(status(InvoiceStatus::Disputed)(&a, PaymentId(0)))
        .unwrap();
    let from_a = a.log[n..].to_vec();
    replay_onto(&mut b.p, &from_a);
    b.log.extend(from_a);
    let (_, made) = b
        .run(status(InvoiceStatus::Open)(&b, PaymentId(0)))
        .unwrap();
    assert!(
        made[0].head.at > a.log[n].head.at,
        "B's event is stamped after what it saw ({} vs {})",
        made[0].head.at,
        a.log[n].head.at
    );
    replay_onto(&mut a.p, &made);
    assert_eq!(a.p.invoices[0].status, InvoiceStatus::Open);
    assert_eq!(b.p.invoices[0].status, InvoiceStatus::Open);
    assert!(a.p == b.p);
}

/// Three devices set one invoice's status apart; a fourth receives their events in each of
/// the six orders: always the same book, the latest change's status.
#[test]
fn every_order_of_arrival_gives_the_same_book() {
    let (start, _) = base();
    let n = start.log.len();
    let sides = [
        (A, AT + 3_000, InvoiceStatus::Disputed),
        (B, AT + 1_000, InvoiceStatus::Litigation),
        (C, AT + 2_000, InvoiceStatus::WrittenOff),
    ];
    let events: Vec<Vec<Event>> = (sides.iter())
        .map(|&(device, wall, s)| {
            let mut d = start.fork(device);
            d.clock(wall);
            d.run(status(s)(&d, PaymentId(0))).unwrap().1
        })
        .collect();
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let mut books = Vec::new();
    for order in orders {
        let mut d = start.fork(0xd);
        for k in order {
            replay_onto(&mut d.p, &events[k]);
        }
        assert_eq!(d.p.invoices[0].status, InvoiceStatus::Disputed, "{order:?}");
        books.push(d.p);
    }
    assert!(books.windows(2).all(|w| w[0] == w[1]));
    let _ = n;
}

/// What a book knows of its last writes survives its snapshot: read back, it still refuses
/// an older change that arrives late.
#[test]
fn the_last_writes_survive_the_snapshot() {
    let (start, _) = base();
    let (mut a, mut c) = (start.fork(A), start.fork(C));
    a.clock(AT + 5_000);
    c.clock(AT + 1_000);
    a.run(status(InvoiceStatus::Disputed)(&a, PaymentId(0)))
        .unwrap();
    let (_, older) = c
        .run(status(InvoiceStatus::Litigation)(&c, PaymentId(0)))
        .unwrap();
    let chunks = snapshot::to_chunks(&a.p);
    let mut back = snapshot::from_chunks(chunks.iter().map(|(k, v)| (k.as_str(), v.as_slice())))
        .expect("the snapshot reads back");
    assert_eq!(back.written(), a.p.written());
    assert_ne!(back.written().len(), 0, "the status change is noted");
    replay_onto(&mut back, &older);
    assert_eq!(back.invoices[0].status, InvoiceStatus::Disputed);
}

/// An import that rewrites an invoice on one device and a status set on the other: both
/// books end the same, as the later of the two left the invoice.
#[test]
fn an_import_and_an_edit_of_one_invoice_apart_end_the_same() {
    const AGAIN: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 100,00
";
    for (wall_a, wall_b, later) in CLOCKS {
        let (mut a, mut b, n, _) = parted((wall_a, wall_b));
        a.run(import(AGAIN, TODAY)).unwrap();
        assert_eq!(a.p.invoices[0].total, dec("1100"), "the import rewrote F-1");
        b.run(status(InvoiceStatus::Disputed)(&b, PaymentId(0)))
            .unwrap();
        let want = match later {
            'A' => invoice_look(&a.p, PaymentId(0)),
            _ => invoice_look(&b.p, PaymentId(0)),
        };
        exchange(&mut [&mut a, &mut b], &[n, n]);
        assert_eq!(
            invoice_look(&a.p, PaymentId(0)),
            want,
            "{later} later: on A"
        );
        assert_eq!(
            invoice_look(&b.p, PaymentId(0)),
            want,
            "{later} later: on B"
        );
        assert!(a.p == b.p, "{later} later");
    }
}

/// What two devices add apart is kept, as before: two payments on two invoices, one on each
/// device, stay two payments on both (creations are never ordered away).
#[test]
fn records_made_apart_are_all_kept() {
    let (mut a, mut b, n, _) = parted((AT + 9_000, AT + 1_000));
    for (d, k) in [(&mut a, 0), (&mut b, 1)] {
        let invoice = d.p.invoices[k].id;
        d.run(Command::RecordPayment {
            invoice,
            date: date("2025-07-10"),
            amount: dec("50"),
            surplus: Surplus::Refuse,
        })
        .unwrap();
    }
    exchange(&mut [&mut a, &mut b], &[n, n]);
    assert_eq!(a.p.payments.len(), 3);
    assert!(a.p == b.p);
}

/// Three devices record promises apart (one of them two, in two events); each device then
/// receives the others' events, and a fourth receives them all in each of the six orders:
/// every book holds the four promises in one order, the order of their events' stamps (the
/// oracle: the promises' amounts sorted by the time each was made).
#[test]
fn what_devices_append_apart_ends_in_one_order_everywhere() {
    let (start, _) = base();
    let n = start.log.len();
    let client = start.p.clients[0].id;
    // (device, its clock, the promises' amounts it records, one event each)
    let sides: [(u64, i64, &[&str]); 3] = [
        (A, AT + 3_000, &["30", "35"]),
        (B, AT + 1_000, &["10"]),
        (C, AT + 2_000, &["20"]),
    ];
    let mut devices: Vec<Book> = Vec::new();
    for (device, wall, amounts) in sides {
        let mut d = start.fork(device);
        d.clock(wall);
        for a in amounts {
            d.run(Command::RecordPromise {
                client,
                date: date("2025-07-20"),
                amount: dec(a),
            })
            .unwrap();
        }
        devices.push(d);
    }
    let want: Vec<_> = ["10", "20", "30", "35"].map(dec).into();
    let amounts =
        |p: &Portfolio| -> Vec<_> { p.follow_up.promises.iter().map(|x| x.amount).collect() };
    let events: Vec<Vec<Event>> = devices.iter().map(|d| d.log[n..].to_vec()).collect();
    for order in [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ] {
        let mut d = start.fork(0xd);
        for k in order {
            replay_onto(&mut d.p, &events[k]);
        }
        assert_eq!(
            amounts(&d.p),
            want,
            "a fourth device, in the order {order:?}"
        );
    }
    let [mut a, mut b, mut c]: [Book; 3] = devices.try_into().ok().unwrap();
    exchange(&mut [&mut a, &mut b, &mut c], &[n, n, n]);
    for (name, d) in [("A", &a), ("B", &b), ("C", &c)] {
        assert_eq!(amounts(&d.p), want, "on {name}");
    }
    assert!(a.p == b.p && b.p == c.p);
}

/// A write-off on one device and a payment on the other, apart (the race the review list
/// does not yet show): both are kept, on both books alike — the invoice written off, with
/// the payment on it — whichever clock is ahead.
#[test]
fn a_write_off_and_a_payment_made_apart_are_both_kept() {
    for (wall_a, wall_b, later) in CLOCKS {
        let (mut a, mut b, n, _) = parted((wall_a, wall_b));
        a.run(status(InvoiceStatus::WrittenOff)(&a, PaymentId(0)))
            .unwrap();
        let invoice = b.p.invoices[0].id;
        b.run(Command::RecordPayment {
            invoice,
            date: date("2025-07-12"),
            amount: dec("200"),
            surplus: Surplus::Refuse,
        })
        .unwrap();
        exchange(&mut [&mut a, &mut b], &[n, n]);
        for (name, d) in [("A", &a), ("B", &b)] {
            assert_eq!(
                d.p.invoices[0].status,
                InvoiceStatus::WrittenOff,
                "{later} later, on {name}"
            );
            assert_eq!(d.p.payments.len(), 2, "{later} later, on {name}");
        }
        assert!(a.p == b.p, "{later} later");
    }
}
