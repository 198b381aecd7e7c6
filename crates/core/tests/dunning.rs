//! Dunning: levels, catch-up, exclusions, grouping per client, penalties, drafts.

mod common;

use common::{date, dec, load_pf};
use encours_core::collection::{CallOutcome, FollowUp};
use encours_core::dunning::template::{self, Company, Context};
use encours_core::dunning::{mark_done, worklist, Language, LevelKind, Reason, Scenario, Worklist};
use encours_core::ledger::{ClientId, CustomerKind, InvoiceStatus};
use encours_core::penalty::{penalties, RateTable, Terms};
use encours_core::Portfolio;

/// Acme owes three invoices, Bravo one, Cosy (a consumer) one; all issued in 2025.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
A-3;Acme;01/02/2025;03/03/2025;500,00
B-1;Bravo;01/02/2025;03/03/2025;2 000,00
C-1;Cosy;01/02/2025;03/03/2025;150,00
";

fn book() -> Portfolio {
    let (mut l, r) = load_pf(BOOK, "2025-01-01");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let cosy = client(&l, "Cosy");
    l.ledger_mut().clients[cosy.0 as usize].kind = CustomerKind::Consumer;
    // These tests follow the catch-up to the level each date reaches: the scenarios' opt-in
    // `straight_to_notice`. Amicable first (the default) is tested in tests/law_dunning.rs.
    for s in &mut l.follow_up.settings.scenarios {
        s.straight_to_notice = true;
    }
    l
}

fn client(l: &Portfolio, name: &str) -> ClientId {
    l.clients.iter().find(|c| c.name == name).unwrap().id
}

/// The entry of the client named `name` (it must have one).
fn entry<'a>(l: &Portfolio, w: &'a Worklist, name: &str) -> &'a encours_core::dunning::Entry {
    let c = client(l, name);
    w.entries.iter().find(|e| e.client == c).unwrap()
}

fn list(l: &Portfolio, today: &str) -> Worklist {
    worklist(l, &RateTable::builtin(), date(today))
}

/// (client, level kind, invoice numbers) of each entry.
fn summary(l: &Portfolio, w: &Worklist) -> Vec<(String, LevelKind, Vec<String>)> {
    let mut v: Vec<_> = w
        .entries
        .iter()
        .map(|e| {
            (
                l.ledger().clients[e.client.0 as usize].name.clone(),
                e.level.kind,
                e.invoices.iter().map(|i| i.number.clone()).collect(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn send_all(l: &mut Portfolio, today: &str) {
    for e in list(l, today).entries {
        mark_done(l, &e, date(today), "sent".into(), None);
    }
}

#[test]
fn levels_follow_the_scenario_offsets() {
    use LevelKind::*;
    let l = book();
    // (today, Acme's level and invoices); nothing sent yet, so each date shows the furthest
    // level due at that date (catch-up), stopping at the mise en demeure.
    type Case = (&'static str, Option<(LevelKind, &'static [&'static str])>);
    let cases: &[Case] = &[
        ("2025-01-25", None),
        ("2025-01-26", Some((Courtesy, &["A-1"]))),
        ("2025-02-03", Some((Reminder, &["A-1"]))),
        ("2025-02-16", Some((Firm, &["A-1", "A-2"]))),
        ("2025-03-02", Some((Formal, &["A-1", "A-2"]))),
        ("2025-03-17", Some((Notice, &["A-1", "A-2", "A-3"]))),
        // Past J+60 for A-1, but no notice was sent: the notice, not the handover.
        ("2025-04-30", Some((Notice, &["A-1", "A-2", "A-3"]))),
    ];
    for &(today, expected) in cases {
        let w = list(&l, today);
        let acme = summary(&l, &w).into_iter().find(|s| s.0 == "Acme");
        let got = acme.map(|(_, k, inv)| (k, inv));
        let want = expected.map(|(k, inv)| (k, inv.iter().map(|s| s.to_string()).collect()));
        assert_eq!(got, want, "{today}");
    }
}

#[test]
fn catch_up_after_three_weeks_and_a_late_notice_delays_the_handover() {
    let mut l = book();
    let acme = client(&l, "Acme");
    let acme_level = |l: &Portfolio, today: &str| {
        list(l, today)
            .entries
            .into_iter()
            .find(|e| e.client == acme)
            .map(|e| e.level.kind)
    };
    // Reminder sent on time (A-1 due 31/01, J+3 = 03/02).
    send_all(&mut l, "2025-02-03");
    assert_eq!(acme_level(&l, "2025-02-04"), None);
    // The app is not opened for three weeks: on 24/02 the firm level (J+15 = 15/02) shows,
    // once; J+30 (02/03) is not due yet.
    assert_eq!(acme_level(&l, "2025-02-24"), Some(LevelKind::Firm));
    send_all(&mut l, "2025-02-24");
    // Sent 9 days late: the formal reminder moves from 02/03 to 24/02 + 15 = 11/03.
    assert_eq!(acme_level(&l, "2025-03-10"), None);
    assert_eq!(acme_level(&l, "2025-03-11"), Some(LevelKind::Formal));
    send_all(&mut l, "2025-03-11");
    // Not opened until 20/04: the notice (not the handover, though J+60 is past).
    assert_eq!(acme_level(&l, "2025-04-20"), Some(LevelKind::Notice));
    send_all(&mut l, "2025-04-20");
    // The handover comes 15 days after the notice actually sent: 05/05, not 01/04.
    assert_eq!(acme_level(&l, "2025-05-04"), None);
    assert_eq!(acme_level(&l, "2025-05-05"), Some(LevelKind::Handover));
    // The activity log holds one entry per step sent, with the level names.
    let steps: Vec<_> = l
        .follow_up
        .timeline(acme)
        .map(|a| a.date.to_string())
        .collect();
    assert_eq!(
        steps,
        ["2025-04-20", "2025-03-11", "2025-02-24", "2025-02-03"]
    );
}

#[test]
fn one_entry_per_client_at_its_most_advanced_invoice() {
    let l = book();
    let w = list(&l, "2025-03-17");
    let acme = entry(&l, &w, "Acme");
    // A-1 is at J+45 (notice), A-2 at J+31, A-3 at J+14: one letter at the notice level.
    assert_eq!(acme.level.kind, LevelKind::Notice);
    assert_eq!(acme.total, dec("2000.00"));
    assert_eq!(acme.invoices.len(), 3);
    assert_eq!(
        w.entries.iter().filter(|e| e.client == acme.client).count(),
        1
    );
    // Most advanced level first.
    assert_eq!(w.entries[0].client, acme.client);
}

#[test]
fn penalties_and_indemnity_where_the_level_claims_them() {
    let l = book();
    let w = list(&l, "2025-04-02");
    let bravo = entry(&l, &w, "Bravo");
    assert_eq!(bravo.level.kind, LevelKind::Formal);
    let expected = penalties(
        dec("2000"),
        date("2025-03-03"),
        date("2025-04-02"),
        &[],
        &RateTable::builtin(),
        &Terms::default(),
    )
    .unwrap();
    assert_eq!(bravo.penalties, expected.interest);
    assert_eq!(bravo.penalties, dec("21.62"));
    assert_eq!(bravo.indemnity, dec("40"));
    assert_eq!(bravo.claimed(), dec("2061.62"));
    // Earlier levels claim nothing.
    let w = list(&l, "2025-03-06");
    let bravo = entry(&l, &w, "Bravo");
    assert_eq!((bravo.penalties, bravo.indemnity), (dec("0"), dec("0")));
}

#[test]
fn a_partial_payment_splits_the_penalty_periods() {
    let mut l = book();
    let b1 = l.invoices.iter().find(|i| i.number == "B-1").unwrap().id;
    l.ledger_mut()
        .record_payment(b1, date("2025-03-18"), dec("1500"))
        .unwrap();
    let w = list(&l, "2025-04-02");
    let bravo = entry(&l, &w, "Bravo");
    assert_eq!(bravo.total, dec("500.00"));
    let expected = penalties(
        dec("2000"),
        date("2025-03-03"),
        date("2025-04-02"),
        &[(date("2025-03-18"), dec("1500"))],
        &RateTable::builtin(),
        &Terms::default(),
    )
    .unwrap();
    assert_eq!(expected.lines.len(), 2);
    assert_eq!(bravo.penalties, expected.interest);
}

#[test]
fn exclusions_each_with_its_reason() {
    let today = "2025-04-02";
    let base = book();
    let acme = client(&base, "Acme");
    let a1 = base.invoices.iter().find(|i| i.number == "A-1").unwrap().id;
    type Setup = fn(&mut Portfolio, ClientId, encours_core::ledger::InvoiceId);
    let cases: &[(&str, Setup, Reason)] = &[
        (
            "paused",
            |l, c, _| {
                l.follow_up.set_follow_up(
                    c,
                    FollowUp {
                        paused: true,
                        snoozed_until: None,
                    },
                )
            },
            Reason::Paused,
        ),
        (
            "snoozed",
            |l, c, _| {
                l.follow_up.set_follow_up(
                    c,
                    FollowUp {
                        paused: false,
                        snoozed_until: Some(date("2025-04-10")),
                    },
                )
            },
            Reason::Snoozed(date("2025-04-10")),
        ),
        (
            "below minimum",
            |l, _, _| l.follow_up.settings.minimum = dec("5000"),
            Reason::BelowMinimum(dec("2000.00")),
        ),
    ];
    for (what, setup, reason) in cases {
        let mut l = base.clone();
        setup(&mut l, acme, a1);
        let w = list(&l, today);
        assert!(w.entries.iter().all(|e| e.client != acme), "{what}");
        assert!(
            w.excluded
                .iter()
                .any(|x| x.client == acme && x.invoice.is_none() && x.reason == *reason),
            "{what}: {:?}",
            w.excluded
        );
    }
    // A disputed invoice leaves the entry (the client's other invoices stay).
    for (status, reason) in [
        (InvoiceStatus::Disputed, Reason::Disputed),
        (InvoiceStatus::Litigation, Reason::Litigation),
    ] {
        let mut l = base.clone();
        l.ledger_mut()
            .set_status(a1, status, date("2025-03-01"))
            .unwrap();
        let w = list(&l, today);
        let e = w.entries.iter().find(|e| e.client == acme).unwrap();
        assert!(e.invoices.iter().all(|i| i.invoice != a1));
        assert_eq!(e.total, dec("800.00"));
        assert!(w
            .excluded
            .iter()
            .any(|x| x.invoice == Some(a1) && x.reason == reason));
    }
    // A snooze in the past no longer excludes.
    let mut l = base.clone();
    l.follow_up.set_follow_up(
        acme,
        FollowUp {
            paused: false,
            snoozed_until: Some(date("2025-04-01")),
        },
    );
    assert!(list(&l, today).entries.iter().any(|e| e.client == acme));
    // A consumer stays in the worklist but owes no €40, and the entry says why; with no mise
    // en demeure sent yet, no interest runs either (art. 1231-6 Code civil).
    let w = list(&base, today);
    let cosy = entry(&base, &w, "Cosy");
    assert_eq!(cosy.level.kind, LevelKind::Formal);
    assert_eq!(cosy.indemnity, dec("0"));
    assert!(cosy.consumer_no_indemnity && cosy.consumer);
    assert_eq!(cosy.penalties, dec("0"));
    assert!(cosy.warnings.is_empty());
}

#[test]
fn call_outcomes_promise_and_dispute() {
    let mut l = book();
    let acme = client(&l, "Acme");
    let e = list(&l, "2025-02-16")
        .entries
        .into_iter()
        .find(|e| e.client == acme)
        .unwrap();
    assert_eq!(e.level.kind, LevelKind::Firm);
    let promise = CallOutcome::Promise {
        date: date("2025-03-05"),
        amount: dec("1500"),
    };
    mark_done(&mut l, &e, date("2025-02-16"), "call".into(), Some(promise));
    // The promise holds the client until its date; the day after, dunning resumes.
    let w = list(&l, "2025-03-04");
    assert!(w
        .excluded
        .iter()
        .any(|x| x.client == acme && x.reason == Reason::Promise(date("2025-03-05"), dec("1500"))));
    assert!(list(&l, "2025-03-06")
        .entries
        .iter()
        .any(|e| e.client == acme));
    // A dispute marks the invoices disputed: they leave the worklist.
    let e = list(&l, "2025-03-06")
        .entries
        .into_iter()
        .find(|e| e.client == acme)
        .unwrap();
    let changed = mark_done(
        &mut l,
        &e,
        date("2025-03-06"),
        "call".into(),
        Some(CallOutcome::Dispute),
    );
    assert_eq!(changed.len(), e.invoices.len());
    let w = list(&l, "2025-03-20");
    assert!(w.entries.iter().all(|x| x.client != acme));
    assert_eq!(
        w.excluded
            .iter()
            .filter(|x| x.client == acme && x.reason == Reason::Disputed)
            .count(),
        3
    );
}

#[test]
fn a_segment_has_its_own_scenario() {
    let mut l = book();
    let acme = client(&l, "Acme");
    l.ledger_mut().clients[acme.0 as usize].segment = Some("Grands comptes".into());
    l.follow_up
        .settings
        .segments
        .insert("Grands comptes".into(), 1);
    // On 04/02 (J+4 for A-1) the standard scenario reminds; the key-account one waits to J+7.
    assert!(list(&l, "2025-02-04")
        .entries
        .iter()
        .all(|e| e.client != acme));
    let w = list(&l, "2025-02-07");
    assert_eq!(
        w.entries
            .iter()
            .find(|e| e.client == acme)
            .unwrap()
            .level
            .name,
        "Relance"
    );
    assert!(Scenario::key_accounts().check().is_ok());
}

#[test]
fn notice_draft_has_every_legal_element() {
    let mut l = book();
    let acme = client(&l, "Acme");
    l.ledger_mut().clients[acme.0 as usize].address = Some("3 rue des Lilas\n69001 Lyon".into());
    let e = list(&l, "2025-03-17")
        .entries
        .into_iter()
        .find(|e| e.client == acme)
        .unwrap();
    let company = Company {
        name: "Atelier Dupont".into(),
        legal_form: "SARL".into(),
        address: "1 place Bellecour, 69002 Lyon".into(),
        city: "Lyon".into(),
        siren: "123 456 789".into(),
        iban: "FR76 3000 4000 0500 0012 3456 789".into(),
        bic: "BNPAFRPP".into(),
        contact: "Marie Dupont".into(),
        phone: "04 00 00 00 00".into(),
        email: "marie@example.fr".into(),
        signature: "Marie Dupont, gérante".into(),
        ..Company::default()
    };
    let client = &l.ledger().clients[acme.0 as usize];
    let ctx = Context {
        lang: Language::Fr,
        company: &company,
        client,
        entry: &e,
        today: date("2025-03-17"),
        deadline_days: 8,
    };
    let d = template::render(&e.level.template(Language::Fr), &ctx);
    for needle in [
        "mise en demeure",
        "Atelier Dupont",
        "SARL, SIREN 123 456 789",
        "1 place Bellecour",
        "Acme",
        "3 rue des Lilas, 69001 Lyon",
        "A-1 du 01/01/2025, échéance 31/01/2025 : 1\u{202f}200,00 €",
        "A-3 du 01/02/2025",
        "Principal : 2\u{202f}000,00 €",
        "Indemnité forfaitaire",
        "120,00 €",
        "au plus tard le 25/03/2025",
        "FR76 3000",
        "injonction de payer",
        "Fait à Lyon, le 17/03/2025",
        "Marie Dupont, gérante",
    ] {
        assert!(d.body.contains(needle), "missing {needle:?} in\n{}", d.body);
    }
    assert!(d
        .body
        .contains(&template::money(Language::Fr, e.penalties, e.currency)));
    assert!(d
        .body
        .contains(&template::money(Language::Fr, e.claimed(), e.currency)));
    assert!(!d.body.contains('{'), "{}", d.body);
    // English, mailto and eml.
    let ctx = Context {
        lang: Language::En,
        ..ctx
    };
    let d = template::render(&e.level.template(Language::En), &ctx);
    assert!(d.body.contains("formal notice (mise en demeure)") && d.body.contains("€2,000.00"));
    let m = template::mailto("compta@acme.fr", &d);
    assert!(m.starts_with("mailto:compta@acme.fr?subject=Formal%20notice"));
    let eml = template::eml("marie@example.fr", "compta@acme.fr", &d);
    assert!(eml.contains("X-Unsent: 1\r\n") && eml.contains("Subject: =?UTF-8?B?"));
    // An unknown placeholder stays visible.
    let t = encours_core::dunning::Template {
        subject: "{oops}".into(),
        body: "{client} {".into(),
    };
    let d = template::render(&t, &ctx);
    assert_eq!((d.subject.as_str(), d.body.as_str()), ("{oops}", "Acme {"));
}

#[test]
fn collection_survives_snapshot_and_backup() {
    let mut l = book();
    send_all(&mut l, "2025-03-17");
    assert!(!l.follow_up.activities.is_empty());
    let chunks = encours_core::snapshot::to_chunks(&l);
    let back =
        encours_core::snapshot::from_chunks(chunks.iter().map(|(k, v)| (k.as_str(), v.as_slice())))
            .unwrap();
    assert_eq!(back, l);
    // A store written before the collection chunk existed loads with an empty one.
    let old = chunks
        .iter()
        .filter(|(k, _)| k != "collection")
        .map(|(k, v)| (k.as_str(), v.as_slice()));
    assert_eq!(
        encours_core::snapshot::from_chunks(old).unwrap().follow_up,
        Default::default()
    );
    let text = encours_core::backup::export(&l, &Default::default(), "2025-03-17T00:00:00Z");
    assert_eq!(
        encours_core::backup::parse(&text).unwrap().data.portfolio,
        l
    );
}

#[test]
fn a_plan_on_track_keeps_its_invoices_out_until_an_installment_is_missed() {
    use encours_core::plan::{schedule, Frequency, Plan};
    let mut l = book();
    let acme = client(&l, "Acme");
    let ids: Vec<_> = l
        .invoices
        .iter()
        .filter(|i| i.client == acme)
        .map(|i| i.id)
        .collect();
    let installments = schedule(
        dec("2000.00"),
        dec("0"),
        2,
        date("2025-03-20"),
        Frequency::Monthly,
    )
    .unwrap();
    l.follow_up.add_plan(Plan {
        id: 0,
        client: acme,
        agreed_on: date("2025-03-10"),
        invoices: ids.clone(),
        installments,
        stops_penalties: true,
        cancelled: false,
    });
    // Before the first installment: on track, every Acme invoice left to the plan.
    let w = list(&l, "2025-03-17");
    assert!(w.entries.iter().all(|e| e.client != acme));
    assert_eq!(
        w.excluded
            .iter()
            .filter(|x| x.reason == Reason::PlanOnTrack(0))
            .count(),
        3
    );
    // The first 1,000 paid on time: still on track after its date.
    l.ledger_mut()
        .record_payment(ids[0], date("2025-03-19"), dec("1000"))
        .unwrap();
    assert!(list(&l, "2025-04-01")
        .entries
        .iter()
        .all(|e| e.client != acme));
    // The second installment (20/04) is missed: dunning takes the invoices back on 21/04.
    assert!(list(&l, "2025-04-20")
        .entries
        .iter()
        .all(|e| e.client != acme));
    let w = list(&l, "2025-04-21");
    assert!(w.entries.iter().any(|e| e.client == acme));
    assert!(w
        .excluded
        .iter()
        .all(|x| x.reason != Reason::PlanOnTrack(0)));
}
