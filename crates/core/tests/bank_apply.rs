//! Bank matches applied through the one door (`Command::ApplyBankMatches`): accepted ones make
//! one batch of payments that `UndoImport` takes back to the very aged balance, teach the
//! payer's IBAN and name (which the matcher then uses), and replay from the log; refused ones
//! give their code and change nothing. Also: the follow-up's layout 4, written before the
//! bank memory existed, still reads.

mod common;

use common::{date, dec};
use encours_core::aging::{age, AgingOptions};
use encours_core::bank::matching::{match_transactions, Evidence};
use encours_core::bank::{parse_statement, Direction, Transaction};
use encours_core::collection::{ActivityKind, Collection, Promise};
use encours_core::dunning::Channel;
use encours_core::kpi::{kpis, KpiOptions};
use encours_core::ledger::{Allocation, BatchId, ClientId, InvoiceId};
use encours_core::portfolio::bank::{BankDecision, BankItem};
use encours_core::portfolio::command::{Command, CommandError, Reply};
use encours_core::portfolio::event::{Event, Fact};
use encours_core::portfolio::log::replay;
use encours_core::portfolio::Portfolio;
use rust_decimal::Decimal;

const TODAY: &str = "2025-07-15";

// F-1 1,000.00 and F-2 300.00 for Acme, F-3 200.00 for Bolt, all overdue on TODAY.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;300,00
F-3;Bolt;01/01/2025;31/01/2025;200,00
";

const ACME_IBAN: &str = "FR76 3000 6000 0112 3456 7890 189";

use common::commands::Book;

impl Book {
    fn new() -> Book {
        Book::with(BOOK)
    }

    fn with(csv: &str) -> Book {
        let mut b = Book::empty(TODAY, 0);
        b.run(common::commands::import(csv, TODAY)).unwrap();
        b
    }

    fn refused(&mut self, items: Vec<BankItem>, code: &str) {
        let before = self.p.clone();
        let logged = self.log.len();
        match self.run(apply(items)) {
            Err(e) => assert_eq!(e.code(), code),
            Ok(_) => panic!("{code}: accepted"),
        }
        assert_eq!(self.p, before, "{code}: changed the book");
        assert_eq!(self.log.len(), logged);
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

    fn client(&self, name: &str) -> ClientId {
        self.p
            .ledger()
            .clients
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .id
    }

    fn total(&self) -> Decimal {
        age(self.p.ledger(), &AgingOptions::new(date(TODAY))).currencies[0].total
    }
}

fn receipt(id: &str, amount: &str, payer: Option<&str>, iban: Option<&str>) -> Transaction {
    Transaction {
        id: id.into(),
        account: Some("FR7630004000031234567890143".into()),
        date: date("2025-07-10"),
        value_date: None,
        amount: dec(amount),
        direction: Direction::Credit,
        currency: Default::default(),
        label: format!("VIR SEPA RECU /DE {}", payer.unwrap_or("")),
        counterparty: payer.map(str::to_string),
        iban: iban.map(str::to_string),
        references: Vec::new(),
        remittance: String::new(),
        line: 1,
    }
}

fn pay(t: Transaction, parts: &[(InvoiceId, &str)]) -> BankItem {
    BankItem {
        transaction: t,
        decision: BankDecision::Pay(
            parts
                .iter()
                .map(|(invoice, a)| Allocation {
                    invoice: *invoice,
                    amount: dec(a),
                })
                .collect(),
        ),
    }
}

fn apply(items: Vec<BankItem>) -> Command {
    Command::ApplyBankMatches {
        label: "releve-juillet.xml".into(),
        items,
    }
}

fn reports(p: &Portfolio) -> String {
    let as_of = date(TODAY);
    let aging = age(p.ledger(), &AgingOptions::new(as_of));
    let k = kpis(p.ledger(), &KpiOptions::new(as_of));
    format!("{aging:?}\n{k:?}")
}

#[test]
fn one_batch_of_payments_undone_to_the_very_aged_balance() {
    let mut b = Book::new();
    let (f1, f2, f3) = (b.inv("F-1"), b.inv("F-2"), b.inv("F-3"));
    let before = reports(&b.p);
    assert_eq!(b.total(), dec("1500.00"));
    let items = vec![
        // One transfer for two invoices, split by the user.
        pay(
            receipt(
                "BANK-1",
                "1300.00",
                Some("ACME INDUSTRIE SARL"),
                Some(ACME_IBAN),
            ),
            &[(f1, "1000.00"), (f2, "300.00")],
        ),
        // Part of an invoice.
        pay(
            receipt("BANK-2", "50.00", Some("BOLT"), None),
            &[(f3, "50.00")],
        ),
        BankItem {
            transaction: receipt("BANK-3", "75.00", Some("URSSAF"), None),
            decision: BankDecision::NotCustomerPayment,
        },
    ];
    let (reply, events) = b.run(apply(items)).unwrap();
    let Reply::BankMatched { batch, payments } = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].head.fact,
        Fact::BankMatched {
            batch,
            label: "releve-juillet.xml".into(),
            payments: 2,
            set_aside: 1,
            invoices: vec![f1, f2, f3],
            amount: dec("1350.00"),
        }
    );
    // The aged balance moved by exactly what was applied.
    assert_eq!(b.total(), dec("150.00"));
    // One batch; its payments carry the bank id as reference.
    assert_eq!(b.p.ledger().batches.last().unwrap().id, batch);
    let refs: Vec<_> = payments
        .iter()
        .map(|id| {
            let p = b.p.ledger().payments.iter().find(|p| p.id == *id).unwrap();
            assert_eq!(p.batch, Some(batch));
            assert_eq!(p.date, date("2025-07-10"));
            p.reference.clone().unwrap()
        })
        .collect();
    assert_eq!(refs, ["BANK-1", "BANK-2"]);
    // The payer learned: Acme's IBAN and the name its bank writes; Bolt's own name not kept.
    let learned = b.p.follow_up.bank.learned(b.p.ledger());
    let acme = b.client("Acme");
    assert_eq!(
        learned.ibans,
        [("FR7630006000011234567890189".to_string(), acme)]
    );
    assert_eq!(learned.names, [("ACME INDUSTRIE SARL".to_string(), acme)]);
    // The event, through its binary encoding, replays to the live book.
    let (h, body) = events[0].encode();
    assert_eq!(Event::decode(&h, &body).unwrap(), events[0]);
    assert_eq!(replay(&b.log), b.p);
    // The same statement again: every receipt is known (applied or set aside).
    b.refused(
        vec![pay(
            receipt("BANK-1", "1300.00", None, None),
            &[(f1, "1.00")],
        )],
        "bank_already_applied",
    );
    b.refused(
        vec![BankItem {
            transaction: receipt("BANK-3", "75.00", None, None),
            decision: BankDecision::NotCustomerPayment,
        }],
        "bank_already_applied",
    );

    // Undo: the reports are back to the cent, what the batch taught is forgotten, and the
    // statement can be applied again.
    let (reply, events) = b.run(Command::UndoImport).unwrap();
    assert!(matches!(reply, Reply::ImportUndone { .. }));
    assert_eq!(events[0].head.fact.batch(), Some(batch));
    assert_eq!(reports(&b.p), before);
    assert_eq!(b.total(), dec("1500.00"));
    assert!(b.p.follow_up.bank.learned(b.p.ledger()).ibans.is_empty());
    assert_eq!(replay(&b.log), b.p);
    let again = vec![pay(
        receipt("BANK-1", "1300.00", None, Some(ACME_IBAN)),
        &[(f1, "1000.00"), (f2, "300.00")],
    )];
    let (reply, _) = b.run(apply(again)).unwrap();
    // A new batch id (ids are never reused), and the stale entries of the undone one pruned.
    assert!(matches!(reply, Reply::BankMatched { batch: b2, .. } if b2 > batch));
    assert_eq!(b.p.follow_up.bank.names.len(), 0);
    assert_eq!(b.p.follow_up.bank.dismissed.len(), 0);
    assert_eq!(replay(&b.log), b.p);
}

#[test]
fn every_refusal_has_its_code_and_changes_nothing() {
    let mut b = Book::new();
    let (f1, f2, f3) = (b.inv("F-1"), b.inv("F-2"), b.inv("F-3"));
    let t = |amount: &str| receipt("T", amount, Some("ACME"), None);
    let mut debit = t("100.00");
    debit.direction = Direction::Debit;
    b.refused(vec![pay(debit, &[(f1, "100.00")])], "bank_debit");
    b.refused(vec![pay(t("100.00"), &[(f1, "0.00")])], "bank_not_positive");
    b.refused(
        vec![pay(t("100.00"), &[(f1, "-5.00")])],
        "bank_not_positive",
    );
    b.refused(vec![pay(t("100.00"), &[])], "bank_no_invoice");
    // Never more than the receipt, nor than an invoice owes (1,000.00 on F-1).
    b.refused(
        vec![pay(t("100.00"), &[(f1, "60.00"), (f2, "40.01")])],
        "bank_more_than_received",
    );
    b.refused(
        vec![pay(t("1200.00"), &[(f1, "1000.01")])],
        "bank_more_than_owed",
    );
    // Two receipts of one command on one invoice: the second sees what the first applied.
    b.refused(
        vec![
            pay(receipt("A", "800.00", None, None), &[(f1, "800.00")]),
            pay(receipt("B", "800.00", None, None), &[(f1, "800.00")]),
        ],
        "bank_more_than_owed",
    );
    b.refused(
        vec![pay(t("1200.00"), &[(f1, "1000.00"), (f3, "200.00")])],
        "bank_many_clients",
    );
    b.refused(
        vec![pay(t("10.00"), &[(InvoiceId(999), "10.00")])],
        "bank_unknown_invoice",
    );
    let mut usd = t("10.00");
    usd.currency = "USD".parse().unwrap();
    b.refused(vec![pay(usd, &[(f1, "10.00")])], "bank_currency");
    // The same transaction twice in one command.
    b.refused(
        vec![
            pay(t("10.00"), &[(f1, "10.00")]),
            pay(t("10.00"), &[(f2, "10.00")]),
        ],
        "bank_already_applied",
    );
    b.refused(Vec::new(), "nothing_to_record");
    // The refusals name the transaction.
    let e = b
        .run(apply(vec![pay(t("1.00"), &[(f1, "2.00")])]))
        .unwrap_err();
    let CommandError::Bank(e) = e else { panic!() };
    assert_eq!(e.transaction(), "T");
}

#[test]
fn a_learned_iban_names_the_payer_next_time() {
    let mut b = Book::new();
    let f1 = b.inv("F-1");
    // Half of F-1 paid from an account named oddly: the name alone finds no client.
    let odd = receipt(
        "X-1",
        "500.00",
        Some("SOC. DUPUIS ET FILS"),
        Some(ACME_IBAN),
    );
    let none = match_transactions(
        b.p.ledger(),
        std::slice::from_ref(&odd),
        date(TODAY),
        &Default::default(),
    );
    assert!(none[0].is_empty(), "{none:?}");
    b.run(apply(vec![pay(odd, &[(f1, "500.00")])])).unwrap();
    // The next transfer from that IBAN, with no name at all, is Acme's, by its IBAN.
    let next = receipt("X-2", "500.00", None, Some("fr7630006000011234567890189"));
    let learned = b.p.follow_up.bank.learned(b.p.ledger());
    let m = match_transactions(
        b.p.ledger(),
        std::slice::from_ref(&next),
        date(TODAY),
        &learned,
    );
    assert_eq!(m[0][0].invoices, [f1]);
    assert!(m[0][0].evidence.contains(&Evidence::PayerIban));
    // And so does the name variant alone.
    let by_name = receipt("X-3", "500.00", Some("SOC. DUPUIS ET FILS"), None);
    let m = match_transactions(b.p.ledger(), &[by_name], date(TODAY), &learned);
    assert_eq!(m[0][0].invoices, [f1]);
    assert!(m[0][0].evidence.contains(&Evidence::PayerName));
    // Undone, the IBAN means nothing again.
    b.run(Command::UndoImport).unwrap();
    let learned = b.p.follow_up.bank.learned(b.p.ledger());
    let m = match_transactions(b.p.ledger(), &[next], date(TODAY), &learned);
    assert!(m[0].is_empty());
}

#[test]
fn a_parsed_statement_applies_its_auto_proposals() {
    // The app's path: read the file, match, apply the auto proposals as they are.
    // Numbers of three characters or more (shorter ones are never looked up in a label).
    let mut b = Book::with(&BOOK.replace("F-", "F2025-"));
    let csv = "Date;Libellé;Débit;Crédit\n\
               10/07/2025;VIR SEPA RECU /DE ACME /MOTIF F2025-1;;1 000,00\n\
               11/07/2025;PRLV EDF;84,00;\n";
    let s = parse_statement(csv.as_bytes()).unwrap();
    let m = match_transactions(
        b.p.ledger(),
        &s.transactions,
        date(TODAY),
        &Default::default(),
    );
    let items: Vec<BankItem> = s
        .transactions
        .iter()
        .zip(&m)
        .filter_map(|(t, ps)| ps.first().filter(|p| p.auto).map(|p| (t, p)))
        .map(|(t, p)| BankItem {
            transaction: t.clone(),
            decision: BankDecision::Pay(
                p.invoices
                    .iter()
                    .zip(&p.amounts)
                    .map(|(i, a)| Allocation {
                        invoice: *i,
                        amount: *a,
                    })
                    .collect(),
            ),
        })
        .collect();
    assert_eq!(items.len(), 1);
    b.run(apply(items)).unwrap();
    assert_eq!(b.total(), dec("500.00"));
    // Matched again, the statement proposes nothing for what it already paid.
    let m = match_transactions(
        b.p.ledger(),
        &s.transactions,
        date(TODAY),
        &Default::default(),
    );
    assert!(m[0].iter().all(|p| !p.invoices.contains(&b.inv("F2025-1"))));
    let applied = encours_core::portfolio::bank::applied_among(
        &b.p,
        s.transactions.iter().map(|t| t.id.as_str()),
    );
    assert!(applied.contains(&s.transactions[0].id));
    assert!(!applied.contains(&s.transactions[1].id));
}

/// The collection written to `corpus/snapshot/collection-layout4.bin` by the build before
/// layout 5 (commit 3b51dd4's `collection_chunk`).
fn layout4_sample() -> Collection {
    let mut c = Collection::default();
    c.contract_rates.insert(ClientId(3), dec("12.5"));
    c.log(
        ClientId(1),
        date("2025-06-02"),
        vec![InvoiceId(4)],
        ActivityKind::Note,
        "rappelé, absent".into(),
    );
    c.promises.push(Promise {
        client: ClientId(1),
        made_on: date("2025-06-02"),
        date: date("2025-06-30"),
        amount: dec("600.00"),
        channel: Channel::Phone,
    });
    c.set_owner(ClientId(2), "Julie");
    c.law
        .acknowledgements
        .insert(InvoiceId(4), date("2025-02-01"));
    c
}

#[test]
fn the_follow_up_of_layout_4_still_reads() {
    let bytes = include_bytes!("corpus/snapshot/collection-layout4.bin");
    assert_eq!(bytes[0], 4, "the fixture is a layout-4 chunk");
    let p = encours_core::snapshot::from_chunks([("collection", &bytes[..])]).unwrap();
    assert_eq!(p.follow_up, layout4_sample());
    assert!(p.follow_up.bank.ibans.is_empty());
    // And the current layout keeps what bank matches taught.
    let mut c = layout4_sample();
    c.bank.ibans.insert(
        "FR7630006000011234567890189".into(),
        (ClientId(1), BatchId(2)),
    );
    c.bank.dismissed.insert("BANK-3".into(), BatchId(2));
    let (name, bytes) = encours_core::snapshot::collection_chunk(&c);
    assert_eq!(bytes[0] as u32, encours_core::snapshot::COLLECTION_VERSION);
    let back = encours_core::snapshot::from_chunks([(name.as_str(), bytes.as_slice())]).unwrap();
    assert_eq!(back.follow_up, c);
}

#[test]
fn the_import_tells_a_statement_from_invoices_and_payments() {
    use encours_core::bank::looks_like_statement as is;
    let bank = "Compte;FR76...\nSolde;1 000,00\n\nDate;Libellé;Débit;Crédit\n10/07/2025;VIR SEPA RECU;;1,00\n";
    assert!(is(bank.as_bytes()));
    assert!(is(b"Date;Libelle;Montant\n10/07/2025;VIR;1,00\n"));
    assert!(is(b"OFXHEADER:100\n<OFX></OFX>"));
    assert!(!is(BOOK.as_bytes()));
    assert!(!is(
        b"N\xc2\xb0 facture;Date;Montant\nF-1;10/07/2025;1,00\n"
    ));
    assert!(!is(
        b"Client;Date;Montant;Libell\xc3\xa9\nAcme;10/07/2025;1,00;x\n"
    ));
}
