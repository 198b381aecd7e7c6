//! Every command, accepted and refused: an accepted one yields events whose fact names what
//! happened and whose replay gives the live book; a refused one gives its stable code and
//! changes nothing.

mod common;

use common::{date, dec};
use encours_core::collection::FollowUp;
use encours_core::correction::Surplus;
use encours_core::dispute::{DisputeReason, Resolution};
use encours_core::dunning::worklist;
use encours_core::ledger::{Client, ClientId, InvoiceId, InvoiceStatus, Ledger, PaymentId};
use encours_core::penalty::RateTable;
use encours_core::plan::{Frequency, PlanTerms};
use encours_core::portfolio::command::{Command, Reply};
use encours_core::portfolio::log::replay;
use encours_core::portfolio::Portfolio;

fn led(p: &Portfolio) -> &Ledger {
    p.ledger()
}

const TODAY: &str = "2025-07-15";

// F-1 1,000.00 and F-2 300.00 for Acme, F-3 200.00 for Bolt, all long overdue on TODAY.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;300,00
F-3;Bolt;01/01/2025;31/01/2025;200,00
";

fn import(csv: &str) -> Command {
    common::commands::import(csv, TODAY)
}

use common::commands::Book;

impl Book {
    fn new() -> Book {
        let mut b = Book::empty(TODAY, 0);
        b.ok(import(BOOK), "imported");
        b
    }

    /// Runs an accepted command: its events' first fact is `fact`, the log replays to the book.
    fn ok(&mut self, cmd: Command, fact: &str) -> Reply {
        let (reply, events) = self.run(cmd).unwrap_or_else(|e| panic!("{fact}: {e:?}"));
        assert_eq!(events.first().map(|e| e.head.fact.code()), Some(fact));
        assert!(events
            .iter()
            .all(|e| e.head.author == "Léa" && e.head.device == 1));
        assert_eq!(replay(&self.log), self.p, "{fact}: replay differs");
        reply
    }

    /// Runs a refused command: its code is `code` and nothing changed.
    fn refused(&mut self, cmd: Command, code: &str) {
        let before = self.p.clone();
        let logged = self.log.len();
        match self.run(cmd) {
            Err(e) => assert_eq!(e.code(), code),
            Ok(_) => panic!("{code}: accepted"),
        }
        assert_eq!(self.p, before, "{code}: changed the book");
        assert_eq!(self.log.len(), logged);
    }

    fn inv(&self, k: usize) -> InvoiceId {
        led(&self.p).invoices[k].id
    }

    fn client(&self, k: usize) -> ClientId {
        led(&self.p).clients[k].id
    }
}

const NOWHERE: InvoiceId = InvoiceId(999);
const NOBODY: ClientId = ClientId(999);

#[test]
fn imports_and_their_undo() {
    let mut b = Book::new();
    assert_eq!(led(&b.p).invoices.len(), 3);
    let r = b.ok(
        import(
            "N° facture;Client;Date;Échéance;Montant TTC\nF-4;Dune;01/05/2025;31/05/2025;620,00\n",
        ),
        "imported",
    );
    assert!(matches!(r, Reply::Imported { .. }));
    assert_eq!(led(&b.p).invoices.len(), 4);
    b.ok(Command::UndoImport, "import_undone");
    assert_eq!(led(&b.p).invoices.len(), 3);
    b.ok(Command::UndoImport, "import_undone");
    b.refused(Command::UndoImport, "nothing_to_undo");
}

#[test]
fn payments_recorded_corrected_cancelled_and_restored() {
    let mut b = Book::new();
    let f1 = b.inv(0);
    let pay = |amount: &str, surplus| Command::RecordPayment {
        invoice: f1,
        date: date("2025-03-01"),
        amount: dec(amount),
        surplus,
    };
    b.refused(pay("0", Surplus::Refuse), "not_positive");
    b.refused(pay("1000.01", Surplus::Refuse), "overpayment");
    b.refused(
        Command::RecordPayment {
            invoice: NOWHERE,
            date: date("2025-03-01"),
            amount: dec("1"),
            surplus: Surplus::Refuse,
        },
        "unknown_invoice",
    );
    let Reply::Payment(p) = b.ok(pay("400", Surplus::Refuse), "payment_recorded") else {
        panic!()
    };
    let correct = |amount: &str| Command::CorrectPayment {
        payment: p,
        date: date("2025-03-02"),
        amount: dec(amount),
        surplus: Surplus::Refuse,
    };
    b.refused(correct("-1"), "not_positive");
    let Reply::Entry(e1) = b.ok(correct("450"), "payment_corrected") else {
        panic!()
    };
    b.ok(
        Command::UndoPaymentChange { entry: e1 },
        "payment_change_undone",
    );
    b.refused(Command::UndoPaymentChange { entry: e1 }, "already_undone");
    let Reply::Entry(e2) = b.ok(Command::CancelPayment { payment: p }, "payment_cancelled") else {
        panic!()
    };
    assert!(led(&b.p).payments.is_empty());
    b.refused(Command::CancelPayment { payment: p }, "unknown_payment");
    b.refused(
        Command::CancelPayment {
            payment: PaymentId(77),
        },
        "unknown_payment",
    );
    b.ok(
        Command::UndoPaymentChange { entry: e2 },
        "payment_change_undone",
    );
    assert_eq!(led(&b.p).payments[0].amount, dec("400"));
    b.refused(Command::UndoPaymentChange { entry: 4242 }, "unknown_change");
}

#[test]
fn credit_notes_statuses_and_legal_marks() {
    let mut b = Book::new();
    let f2 = b.inv(1);
    b.refused(
        Command::IssueCreditNote {
            invoice: f2,
            amount: dec("0"),
        },
        "not_positive",
    );
    b.refused(
        Command::IssueCreditNote {
            invoice: NOWHERE,
            amount: dec("5"),
        },
        "unknown_invoice",
    );
    let r = b.ok(
        Command::IssueCreditNote {
            invoice: f2,
            amount: dec("50"),
        },
        "credit_note_issued",
    );
    let Reply::CreditNote(note) = r else { panic!() };
    assert_eq!(led(&b.p).invoice(note).unwrap().number, "AV-F-2-1");
    let status = |invoice, status| Command::SetStatus { invoice, status };
    b.ok(status(f2, InvoiceStatus::WrittenOff), "written_off");
    b.ok(status(f2, InvoiceStatus::Open), "status_set");
    b.refused(
        status(NOWHERE, InvoiceStatus::WrittenOff),
        "unknown_invoice",
    );
    let doubtful = |doubtful| Command::SetDoubtful {
        invoice: f2,
        doubtful,
    };
    b.ok(doubtful(true), "doubtful_set");
    b.refused(doubtful(true), "nothing_to_record");
    b.ok(doubtful(false), "doubtful_set");
    let ack = |d: Option<&str>| Command::SetAcknowledgement {
        invoice: f2,
        date: d.map(date),
    };
    b.ok(ack(Some("2025-06-01")), "acknowledgement_set");
    b.refused(ack(Some("2025-06-01")), "nothing_to_record");
    b.ok(ack(None), "acknowledgement_set");
}

#[test]
fn disputes_opened_resolved_and_toggled() {
    let mut b = Book::new();
    let (f1, f3) = (b.inv(0), b.inv(2));
    let open = |invoice| Command::OpenDispute {
        invoice,
        reason: DisputeReason::Price,
        notes: "prix".into(),
    };
    b.ok(open(f1), "dispute_opened");
    b.refused(open(f1), "already_disputed");
    b.refused(open(NOWHERE), "unknown_invoice");
    b.refused(
        Command::ResolveDispute {
            invoice: f1,
            resolution: Resolution::PartialCredit(dec("1000.01")),
        },
        "too_large",
    );
    // A full credit note is for what is owed today: computed in core, not by the page.
    let r = b.ok(
        Command::ResolveDispute {
            invoice: f1,
            resolution: Resolution::CreditNote,
        },
        "dispute_resolved",
    );
    let Reply::CreditNote(note) = r else { panic!() };
    assert_eq!(led(&b.p).invoice(note).unwrap().total, dec("-1000"));
    b.refused(
        Command::ResolveDispute {
            invoice: f1,
            resolution: Resolution::Rejected,
        },
        "not_disputed",
    );
    let toggle = |disputed| Command::SetDisputed {
        invoice: f3,
        disputed,
    };
    b.ok(toggle(true), "dispute_opened");
    b.ok(toggle(false), "dispute_resolved");
    assert_eq!(led(&b.p).invoice(f3).unwrap().status, InvoiceStatus::Open);
}

#[test]
fn reminders_sent_and_taken_back() {
    let mut b = Book::new();
    b.refused(
        Command::MarkSent {
            items: vec![],
            call: None,
        },
        "nothing_to_record",
    );
    let w = worklist(&b.p, &RateTable::builtin(), date(TODAY));
    assert!(!w.entries.is_empty(), "the book is overdue");
    let items = w
        .entries
        .into_iter()
        .map(|e| (e, "Relance".to_string()))
        .collect::<Vec<_>>();
    let n = items.len();
    let Reply::Marks(marks) = b.ok(Command::MarkSent { items, call: None }, "reminder_sent") else {
        panic!()
    };
    assert_eq!(marks.len(), n);
    b.ok(
        Command::UndoSent {
            marks: marks.clone(),
        },
        "reminder_undone",
    );
    b.refused(Command::UndoSent { marks }, "nothing_to_record");
}

#[test]
fn promises_and_plans() {
    let mut b = Book::new();
    let acme = b.client(0);
    let promise = |client, amount: &str| Command::RecordPromise {
        client,
        date: date("2025-08-01"),
        amount: dec(amount),
    };
    b.ok(promise(acme, "300"), "promise_made");
    b.refused(promise(acme, "0"), "not_positive");
    b.refused(promise(NOBODY, "10"), "unknown_client");
    let terms = |count| PlanTerms {
        down_payment: dec("0"),
        count,
        first: date("2025-08-01"),
        frequency: Frequency::Monthly,
        stops_penalties: true,
    };
    b.refused(
        Command::AgreePlan {
            client: acme,
            terms: terms(0),
        },
        "no_plan",
    );
    let Reply::Plan(plan) = b.ok(
        Command::AgreePlan {
            client: acme,
            terms: terms(3),
        },
        "plan_agreed",
    ) else {
        panic!()
    };
    b.ok(Command::CancelPlan { plan }, "plan_cancelled");
    b.refused(Command::CancelPlan { plan }, "nothing_to_record");
    b.refused(Command::CancelPlan { plan: 99 }, "unknown_plan");
}

#[test]
fn a_clients_card_and_follow_up() {
    let mut b = Book::new();
    let acme = b.client(0);
    let mut card: Client = led(&b.p).clients[0].clone();
    b.refused(
        Command::EditClient {
            client: Box::new(card.clone()),
            field: "email".into(),
        },
        "nothing_to_record",
    );
    card.email = Some("compta@acme.fr".into());
    b.ok(
        Command::EditClient {
            client: Box::new(card.clone()),
            field: "email".into(),
        },
        "client_edited",
    );
    card.id = NOBODY;
    b.refused(
        Command::EditClient {
            client: Box::new(card),
            field: "email".into(),
        },
        "unknown_client",
    );
    let pause = FollowUp {
        paused: true,
        snoozed_until: None,
    };
    b.ok(
        Command::SetFollowUp {
            client: acme,
            follow_up: pause.clone(),
        },
        "client_edited",
    );
    b.refused(
        Command::SetFollowUp {
            client: NOBODY,
            follow_up: pause,
        },
        "unknown_client",
    );
    b.ok(
        Command::SetContractRate {
            client: acme,
            rate: Some(dec("10")),
        },
        "client_edited",
    );
    b.refused(
        Command::SetContractRate {
            client: acme,
            rate: Some(dec("10")),
        },
        "nothing_to_record",
    );
    b.ok(
        Command::SetOwner {
            client: acme,
            owner: "Marc".into(),
        },
        "client_edited",
    );
    b.refused(
        Command::SetOwner {
            client: NOBODY,
            owner: "Marc".into(),
        },
        "unknown_client",
    );
    b.ok(
        Command::SetEndOfMonth {
            client: acme,
            end_of_month: true,
        },
        "client_edited",
    );
    b.refused(
        Command::SetEndOfMonth {
            client: acme,
            end_of_month: true,
        },
        "nothing_to_record",
    );
    let checklist = encours_core::scoring::Checklist {
        years_in_business: 4,
        ..Default::default()
    };
    b.ok(
        Command::SetChecklist {
            client: acme,
            checklist: checklist.clone(),
        },
        "client_edited",
    );
    // Dated by the command, not by the page.
    let stored = b.p.follow_up.checklists.get(&acme).cloned().unwrap();
    assert_eq!(stored.date, Some(date(TODAY)));
    b.refused(
        Command::SetChecklist {
            client: NOBODY,
            checklist,
        },
        "unknown_client",
    );
}

#[test]
fn settings_of_the_follow_up() {
    let mut b = Book::new();
    let mut s = b.p.follow_up.settings.clone();
    b.refused(
        Command::SetDunningSettings(Box::new(s.clone())),
        "nothing_to_record",
    );
    s.minimum = dec("23");
    b.ok(Command::SetDunningSettings(Box::new(s)), "settings_changed");
    let mut r = b.p.follow_up.provision_rates.clone();
    r.litigation = dec("77");
    b.ok(Command::SetProvisionRates(r.clone()), "settings_changed");
    b.refused(Command::SetProvisionRates(r), "nothing_to_record");
    let mut c = b.p.follow_up.recovery_costs.clone();
    c.mediation = dec("151");
    b.ok(Command::SetRecoveryCosts(c.clone()), "settings_changed");
    b.refused(Command::SetRecoveryCosts(c), "nothing_to_record");
}

#[test]
fn demo_data_replaces_everything() {
    let mut b = Book::new();
    b.ok(Command::LoadDemo, "replaced");
    assert!(led(&b.p).invoices.iter().all(|i| i.number != "F-1"));
    assert!(!led(&b.p).invoices.is_empty());
}
