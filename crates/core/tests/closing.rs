//! Recorded closings: a closing's provisions kept in the follow-up so that the next closing's
//! entries are computed since it (the 491 / 7817 write-back of what fell or went).

mod common;

use common::{date, dec};
use encours_core::backup::{export, export_log, parse};
use encours_core::collection::{ActivityKind, Collection};
use encours_core::correction::Surplus;
use encours_core::ledger::{BatchId, ClientId, InvoiceId, InvoiceStatus};
use encours_core::portfolio::command::{Command, CommandError};
use encours_core::portfolio::event::{Event, Fact};
use encours_core::portfolio::log::{opening, replay, replay_onto};
use encours_core::portfolio::Portfolio;
use encours_core::provision::{
    closing_before, entries_csv, entries_csv_since_recorded, provisions, ProvisionRates,
};
use encours_core::snapshot;

/// The collection written to `corpus/snapshot/collection-layout5.bin` by the build before
/// layout 6 (commit f7e2394's `collection_chunk`).
fn layout5_sample() -> Collection {
    let mut c = Collection::default();
    c.contract_rates.insert(ClientId(3), dec("12.5"));
    c.log(
        ClientId(1),
        date("2025-06-02"),
        vec![InvoiceId(4)],
        ActivityKind::Note,
        "rappelé, absent".into(),
    );
    c.provision_rates.by_bucket[4] = dec("10.8");
    c.law.doubtful.insert(InvoiceId(4), date("2025-06-15"));
    c.bank.ibans.insert(
        "FR7630006000011234567890189".into(),
        (ClientId(1), BatchId(2)),
    );
    c
}

/// Three invoices, net and VAT given (20 %).
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant HT;TVA;Montant TTC
C-1;Acme;01/01/2025;31/01/2025;1 000,00;200,00;1 200,00
C-2;Bravo;31/10/2025;30/11/2025;500,00;100,00;600,00
C-3;Cosy;01/10/2025;31/10/2025;2 000,00;400,00;2 400,00
";

use common::commands::{with_context, Book};

impl Book {
    /// Runs a command the test knows to be valid, on `today`.
    fn ok(&mut self, today: &str, cmd: Command) {
        self.run_on(today, cmd)
            .expect("the test's command is valid");
    }

    fn inv(&self, number: &str) -> InvoiceId {
        self.p
            .ledger()
            .invoices
            .iter()
            .find(|i| i.number == number)
            .unwrap()
            .id
    }

    fn pay(&mut self, today: &str, number: &str, on: &str, amount: &str) {
        let invoice = self.inv(number);
        self.ok(
            today,
            Command::RecordPayment {
                invoice,
                date: date(on),
                amount: dec(amount),
                surplus: Surplus::Refuse,
            },
        );
    }
}

/// The book at its first closing, 31/12/2025: the statistical example grid (0 / 1.5 / 3.4 /
/// 7.1 / 10.8 %), C-3 marked doubtful on 20/12/2025, the closing recorded.
fn first_closing() -> Book {
    let mut b = Book::empty("2025-12-01", 1_767_225_600_000);
    b.ok("2025-12-01", common::commands::import(BOOK, "2025-12-01"));
    b.ok(
        "2025-12-01",
        Command::SetProvisionRates(ProvisionRates::statistical_example()),
    );
    let c3 = b.inv("C-3");
    b.ok(
        "2025-12-20",
        Command::SetDoubtful {
            invoice: c3,
            doubtful: true,
        },
    );
    b.ok(
        "2026-01-05",
        Command::RecordClosing {
            date: date("2025-12-31"),
        },
    );
    b
}

/// The provisions at `d` as the Credit page computes them (default buckets, the book's rates).
fn at(p: &Portfolio, d: &str) -> encours_core::provision::Provisions {
    provisions(
        p,
        date(d),
        &encours_core::aging::Buckets::default(),
        &p.follow_up.provision_rates,
    )
}

#[test]
fn a_recorded_closing_keeps_each_invoices_base_rate_and_amount() {
    let b = first_closing();
    let closings = &b.p.follow_up.closings;
    assert_eq!(closings.len(), 1);
    assert_eq!(closings[0].date, date("2025-12-31"));
    // (number, base net of VAT, rate, amount, in 416), by hand at 31/12/2025:
    // C-1 due 31/01/2025, 334 days late (> 90): 1,000 × 10.8 % = 108.00;
    // C-2 due 30/11/2025, 31 days (31–60): 500 × 3.4 % = 17.00;
    // C-3 due 31/10/2025, 61 days (61–90): 2,000 × 7.1 % = 142.00, marked doubtful.
    let got: Vec<_> = closings[0]
        .provisions
        .lines
        .iter()
        .map(|l| (l.number.as_str(), l.net, l.rate, l.amount, l.doubtful))
        .collect();
    assert_eq!(
        got,
        [
            ("C-1", dec("1000"), dec("10.8"), dec("108.00"), false),
            ("C-2", dec("500"), dec("3.4"), dec("17.00"), false),
            ("C-3", dec("2000"), dec("7.1"), dec("142.00"), true),
        ]
    );
    // 108 + 17 + 142 = 267.00.
    assert_eq!(closings[0].provisions.total, dec("267.00"));
    assert!(matches!(
        b.log.last().unwrap().head.fact,
        Fact::ClosingRecorded { total, .. } if total == dec("267.00")
    ));
    // The first closing's entries are those of a first closing, recorded or not.
    let p = at(&b.p, "2025-12-31");
    assert_eq!(
        entries_csv_since_recorded(&b.p, &p, date("2025-12-31")),
        entries_csv(b.p.ledger(), &p, date("2025-12-31"))
    );
}

#[test]
fn the_next_closing_writes_back_what_fell_and_what_was_paid() {
    let mut b = first_closing();
    // C-1 paid in full; C-3 paid 1,800 of 2,400 (600 owed, net 500); C-2 unpaid.
    b.pay("2026-03-15", "C-1", "2026-02-15", "1200");
    b.pay("2026-03-15", "C-3", "2026-03-10", "1800");
    let closing = "2026-03-31";
    let p = at(&b.p, closing);
    // At 31/03/2026, all > 90 days at 10.8 %: C-2 500 × 10.8 % = 54.00 (was 17.00: +37.00
    // booked 6817 / 491); C-3 500 × 10.8 % = 54.00 (was 142.00: 88.00 written back 491 /
    // 7817), and of the 2,400 in 416 since the first closing the 1,800 paid comes back to 411
    // (the 600 still owed stays doubtful); C-1 gone (was 108.00: written back whole).
    // 267.00 + 37.00 − 88.00 − 108.00 = 108.00 = 54 + 54.
    assert_eq!(p.total, dec("108.00"));
    let csv = entries_csv_since_recorded(&b.p, &p, date(closing));
    let want = "\u{feff}Date;Compte;Libellé;Débit;Crédit;Pièce\r\n\
        31/03/2026;6817;Dotation provision C-2 Bravo;37,00;;C-2\r\n\
        31/03/2026;491;Provision C-2 Bravo;;37,00;C-2\r\n\
        31/03/2026;411;Retour en compte client C-3 Cosy;1800,00;;C-3\r\n\
        31/03/2026;416;Retour en compte client C-3 Cosy;;1800,00;C-3\r\n\
        31/03/2026;491;Reprise provision C-3 Cosy;88,00;;C-3\r\n\
        31/03/2026;7817;Reprise provision C-3 Cosy;;88,00;C-3\r\n\
        31/03/2026;491;Reprise provision C-1 Acme;108,00;;C-1\r\n\
        31/03/2026;7817;Reprise provision C-1 Acme;;108,00;C-1\r\n";
    assert_eq!(csv, want);
    // Without the recorded closing (the page before this change) there is no write-back.
    assert!(!entries_csv(b.p.ledger(), &p, date(closing)).contains(";7817;"));
    // Recording the second closing does not make it its own base: the same entries.
    b.ok(
        "2026-04-02",
        Command::RecordClosing {
            date: date(closing),
        },
    );
    assert_eq!(b.p.follow_up.closings.len(), 2);
    assert_eq!(b.p.follow_up.closings[1].provisions.total, dec("108.00"));
    assert_eq!(entries_csv_since_recorded(&b.p, &p, date(closing)), want);
    assert_eq!(
        closing_before(&b.p.follow_up.closings, date("2026-04-01")).map(|c| c.date),
        Some(date(closing))
    );
}

#[test]
fn a_closing_not_after_the_last_is_refused_and_changes_nothing() {
    let mut b = first_closing();
    let (p, n) = (b.p.clone(), b.log.len());
    for d in ["2025-12-31", "2025-11-30"] {
        let e = b
            .run_on("2026-01-06", Command::RecordClosing { date: date(d) })
            .unwrap_err();
        assert_eq!(e.code(), "closing_not_after_last");
        assert_eq!(
            e,
            CommandError::Closing(
                encours_core::portfolio::closing::ClosingError::NotAfterLast {
                    date: date(d),
                    last: date("2025-12-31"),
                }
            )
        );
    }
    assert_eq!((&b.p, b.log.len()), (&p, n));
    // A day after is fine.
    b.ok(
        "2026-01-06",
        Command::RecordClosing {
            date: date("2026-01-01"),
        },
    );
    assert_eq!(b.p.follow_up.closings.len(), 2);
}

#[test]
fn the_undo_takes_the_last_closing_back_with_a_compensating_event() {
    let mut b = first_closing();
    b.pay("2026-03-15", "C-1", "2026-02-15", "1200");
    b.ok(
        "2026-04-02",
        Command::RecordClosing {
            date: date("2026-03-31"),
        },
    );
    let n = b.log.len();
    b.ok("2026-04-03", Command::UndoClosing);
    assert_eq!(b.log.len(), n + 1, "an event added, none removed");
    assert!(matches!(
        b.log.last().unwrap().head.fact,
        Fact::ClosingUndone { date: d } if d == date("2026-03-31")
    ));
    let dates: Vec<_> = b.p.follow_up.closings.iter().map(|c| c.date).collect();
    assert_eq!(dates, [date("2025-12-31")]);
    // The date is free again, and the entries at it are since the first closing still.
    b.ok(
        "2026-04-03",
        Command::RecordClosing {
            date: date("2026-03-31"),
        },
    );
    b.ok("2026-04-03", Command::UndoClosing);
    b.ok("2026-04-03", Command::UndoClosing);
    assert!(b.p.follow_up.closings.is_empty());
    let e = b.run_on("2026-04-03", Command::UndoClosing).unwrap_err();
    assert_eq!(e.code(), "no_closing");
    assert_eq!(replay(&b.log), b.p);
}

#[test]
fn closings_replay_from_the_log_and_travel_in_snapshots_and_backups() {
    let mut b = first_closing();
    b.pay("2026-03-15", "C-3", "2026-03-10", "1800");
    b.ok(
        "2026-04-02",
        Command::RecordClosing {
            date: date("2026-03-31"),
        },
    );
    b.ok("2026-04-02", Command::UndoClosing);
    b.ok(
        "2026-04-02",
        Command::RecordClosing {
            date: date("2026-03-31"),
        },
    );
    assert_eq!(b.p.follow_up.closings.len(), 2);
    // Replay from empty, and a snapshot at each cut plus the tail.
    assert_eq!(replay(&b.log), b.p);
    for k in 0..=b.log.len() {
        let head = replay(&b.log[..k]);
        let chunks = snapshot::to_chunks(&head);
        let mut back =
            snapshot::from_chunks(chunks.iter().map(|(n, v)| (n.as_str(), v.as_slice()))).unwrap();
        replay_onto(&mut back, &b.log[k..]);
        assert_eq!(back, b.p, "cut at {k}");
    }
    for e in &b.log {
        let (h, body) = e.encode();
        assert_eq!(&Event::decode(&h, &body).unwrap(), e);
    }
    // Backups: schema 4 (the log) and schema 3 (chunks), and a log opened for the latter.
    let settings = Default::default();
    let v4 = parse(&export_log(&b.log, &settings, "2026-04-02T00:00:00Z")).unwrap();
    assert_eq!(v4.data.portfolio, b.p);
    let v3 = parse(&export(&b.p, &settings, "2026-04-02T00:00:00Z")).unwrap();
    assert_eq!(v3.data.portfolio, b.p);
    let opened = with_context("2026-04-02", 0, &mut 0, |cx| opening(&b.p, cx));
    assert_eq!(replay(&opened), b.p);
}

#[test]
fn a_follow_up_of_layout_5_still_reads_with_no_closing() {
    let bytes = include_bytes!("corpus/snapshot/collection-layout5.bin");
    assert_eq!(bytes[0], 5, "the fixture is a layout-5 chunk");
    let p = snapshot::from_chunks([("collection", &bytes[..])]).unwrap();
    assert_eq!(p.follow_up, layout5_sample());
    assert!(p.follow_up.closings.is_empty());
    // The current layout keeps the closings.
    let b = first_closing();
    let mut c = layout5_sample();
    c.closings = b.p.follow_up.closings.clone();
    let (name, bytes) = snapshot::collection_chunk(&c);
    assert_eq!(bytes[0], 6);
    let back = snapshot::from_chunks([(name.as_str(), bytes.as_slice())]).unwrap();
    assert_eq!(back.follow_up, c);
}

/// One invoice: 1,000.00 net + 200.00 VAT = 1,200.00, due 31/01/2025.
const ONE_DOUBTFUL: &str = "N° facture;Client;Date;Échéance;Montant HT;TVA;Montant TTC
D-1;Dupont;01/01/2025;31/01/2025;1 000,00;200,00;1 200,00
";

/// The CSV's lines after its header.
fn body(csv: &str) -> Vec<&str> {
    csv.lines().skip(1).collect()
}

/// Debits − credits of one account over entries CSVs.
fn balance(csvs: &[&str], account: &str) -> rust_decimal::Decimal {
    let cell = |c: &str| {
        if c.is_empty() {
            rust_decimal::Decimal::ZERO
        } else {
            dec(&c.replace(',', "."))
        }
    };
    csvs.iter()
        .flat_map(|csv| body(csv))
        .map(|l| l.split(';').collect::<Vec<_>>())
        .filter(|f| f[1] == account)
        .map(|f| cell(f[3]) - cell(f[4]))
        .sum()
}

/// The 416 balance of a doubtful invoice follows what it still owes as doubtful: what was paid
/// since the first closing (credited to 411 by the bank journal) or is no longer doubtful
/// comes back from 416 to 411 (debit 411 / credit 416); a part written off stays in 416 for
/// the accountant's loss entry (654 / 416, not exported).
#[test]
fn what_a_doubtful_invoice_no_longer_owes_as_doubtful_comes_back_from_416_to_411() {
    // By hand. D-1 at 31/12/2025 and at 31/03/2026 is more than 90 days late: 10.8 %.
    // Owing 1,200: net 1,000.00, provision 108.00. Owing 700 (500 paid): net 700 × 1,000 /
    // 1,200 = 583.333… → 583.33, provision 583.33 × 10.8 % = 62.99964 → 63.00.
    // 500 back to 411, the provision written back whole (the 700 written off stays in 416).
    const PAID_500_THEN_WRITTEN_OFF: &[&str] = &[
        "31/03/2026;411;Retour en compte client D-1 Dupont;500,00;;D-1",
        "31/03/2026;416;Retour en compte client D-1 Dupont;;500,00;D-1",
        "31/03/2026;491;Reprise provision D-1 Dupont;108,00;;D-1",
        "31/03/2026;7817;Reprise provision D-1 Dupont;;108,00;D-1",
    ];
    const FIRST: &[&str] = &[
        "31/12/2025;416;Créance douteuse D-1 Dupont;1200,00;;D-1",
        "31/12/2025;411;Créance douteuse D-1 Dupont;;1200,00;D-1",
        "31/12/2025;6817;Dotation provision D-1 Dupont;108,00;;D-1",
        "31/12/2025;491;Provision D-1 Dupont;;108,00;D-1",
    ];
    type Step = fn(&mut Book);
    fn nothing(_: &mut Book) {}
    fn unmark(b: &mut Book) {
        let invoice = b.inv("D-1");
        let doubtful = false;
        b.ok("2026-02-15", Command::SetDoubtful { invoice, doubtful });
    }
    fn write_off(b: &mut Book) {
        let invoice = b.inv("D-1");
        let status = InvoiceStatus::WrittenOff;
        b.ok("2026-02-15", Command::SetStatus { invoice, status });
    }
    // (case, before the first closing, between the closings, the first closing's lines, the
    // second's, what 416 holds for D-1 after both)
    type Case = (
        &'static str,
        Step,
        Step,
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
    );
    let cases: &[Case] = &[
        (
            // 1,200 back to 411 (the bank credited 411 with it), the 108.00 written back.
            "(a) paid in full",
            nothing,
            |b| b.pay("2026-03-15", "D-1", "2026-02-15", "1200"),
            FIRST,
            &[
                "31/03/2026;411;Retour en compte client D-1 Dupont;1200,00;;D-1",
                "31/03/2026;416;Retour en compte client D-1 Dupont;;1200,00;D-1",
                "31/03/2026;491;Reprise provision D-1 Dupont;108,00;;D-1",
                "31/03/2026;7817;Reprise provision D-1 Dupont;;108,00;D-1",
            ],
            "0",
        ),
        (
            // 500 back, 1,200 − 500 = 700 stays in 416; provision 108.00 → 63.00: 45.00 back.
            "(b) paid 500",
            nothing,
            |b| b.pay("2026-03-15", "D-1", "2026-02-15", "500"),
            FIRST,
            &[
                "31/03/2026;411;Retour en compte client D-1 Dupont;500,00;;D-1",
                "31/03/2026;416;Retour en compte client D-1 Dupont;;500,00;D-1",
                "31/03/2026;491;Reprise provision D-1 Dupont;45,00;;D-1",
                "31/03/2026;7817;Reprise provision D-1 Dupont;;45,00;D-1",
            ],
            "700",
        ),
        (
            // Still owed, no longer doubtful: all 1,200 back; the bucket rate's 108.00 stays.
            "(c) unmarked",
            nothing,
            unmark,
            FIRST,
            &[
                "31/03/2026;411;Retour en compte client D-1 Dupont;1200,00;;D-1",
                "31/03/2026;416;Retour en compte client D-1 Dupont;;1200,00;D-1",
            ],
            "0",
        ),
        (
            // The 500 paid and the 700 owed both back: 1,200; provision 108.00 → 63.00.
            "(c) paid 500 and unmarked",
            nothing,
            |b| {
                b.pay("2026-02-10", "D-1", "2026-02-10", "500");
                unmark(b);
            },
            FIRST,
            &[
                "31/03/2026;411;Retour en compte client D-1 Dupont;1200,00;;D-1",
                "31/03/2026;416;Retour en compte client D-1 Dupont;;1200,00;D-1",
                "31/03/2026;491;Reprise provision D-1 Dupont;45,00;;D-1",
                "31/03/2026;7817;Reprise provision D-1 Dupont;;45,00;D-1",
            ],
            "0",
        ),
        ("(d) nothing changed", nothing, nothing, FIRST, &[], "1200"),
        (
            // The 1,200 written off stays in 416 for the loss entry; 108.00 written back.
            "(e) written off",
            nothing,
            write_off,
            FIRST,
            &[
                "31/03/2026;491;Reprise provision D-1 Dupont;108,00;;D-1",
                "31/03/2026;7817;Reprise provision D-1 Dupont;;108,00;D-1",
            ],
            "1200",
        ),
        (
            // 500 paid back to 411; the 700 written off stays in 416 for the loss entry.
            "(e) paid 500, then the rest written off",
            nothing,
            |b| {
                b.pay("2026-02-10", "D-1", "2026-02-10", "500");
                write_off(b);
            },
            FIRST,
            PAID_500_THEN_WRITTEN_OFF,
            "700",
        ),
        (
            // A payment dated on the write-off day counts as paid: the same entries.
            "(e) paid 500 on the write-off day",
            nothing,
            |b| {
                b.pay("2026-02-15", "D-1", "2026-02-15", "500");
                write_off(b);
            },
            FIRST,
            PAID_500_THEN_WRITTEN_OFF,
            "700",
        ),
        (
            // 500 paid before the first closing (700 to 416, provision 63.00), the payment
            // cancelled after it: 1,200 owed, 500 more to 416; provision 63.00 → 108.00.
            "(f) a payment counted at the first closing cancelled",
            |b| b.pay("2025-12-10", "D-1", "2025-12-10", "500"),
            |b| {
                let payment = b.p.ledger().payments.last().unwrap().id;
                b.ok("2026-02-15", Command::CancelPayment { payment });
            },
            &[
                "31/12/2025;416;Créance douteuse D-1 Dupont;700,00;;D-1",
                "31/12/2025;411;Créance douteuse D-1 Dupont;;700,00;D-1",
                "31/12/2025;6817;Dotation provision D-1 Dupont;63,00;;D-1",
                "31/12/2025;491;Provision D-1 Dupont;;63,00;D-1",
            ],
            &[
                "31/03/2026;416;Créance douteuse D-1 Dupont;500,00;;D-1",
                "31/03/2026;411;Créance douteuse D-1 Dupont;;500,00;D-1",
                "31/03/2026;6817;Dotation provision D-1 Dupont;45,00;;D-1",
                "31/03/2026;491;Provision D-1 Dupont;;45,00;D-1",
            ],
            "1200",
        ),
    ];
    for &(case, before, between, first, second, in_416) in cases {
        let mut b = Book::empty("2025-12-01", 1_767_225_600_000);
        b.ok(
            "2025-12-01",
            common::commands::import(ONE_DOUBTFUL, "2025-12-01"),
        );
        b.ok(
            "2025-12-01",
            Command::SetProvisionRates(ProvisionRates::statistical_example()),
        );
        let invoice = b.inv("D-1");
        let doubtful = true;
        b.ok("2025-12-20", Command::SetDoubtful { invoice, doubtful });
        before(&mut b);
        let d1 = date("2025-12-31");
        let csv1 = entries_csv_since_recorded(&b.p, &at(&b.p, "2025-12-31"), d1);
        assert_eq!(body(&csv1), first, "{case}: first closing");
        b.ok("2026-01-05", Command::RecordClosing { date: d1 });
        between(&mut b);
        let d2 = date("2026-03-31");
        let csv2 = entries_csv_since_recorded(&b.p, &at(&b.p, "2026-03-31"), d2);
        assert_eq!(body(&csv2), second, "{case}: second closing");
        assert_eq!(
            balance(&[&csv1, &csv2], "416"),
            dec(in_416),
            "{case}: 416 after both"
        );
        // Once the second closing is recorded, a third with nothing new books nothing: no
        // line moves to or from 416 twice.
        b.ok("2026-04-02", Command::RecordClosing { date: d2 });
        let d3 = date("2026-06-30");
        let csv3 = entries_csv_since_recorded(&b.p, &at(&b.p, "2026-06-30"), d3);
        assert_eq!(body(&csv3), Vec::<&str>::new(), "{case}: third closing");
    }
}
