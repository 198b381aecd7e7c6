//! French law in dunning: amicable first, prescription, and letters that say only what is
//! true (consumer wording, first letter vs after reminders, costs, deadline). Figures by hand.

mod common;

use common::{date, dec, load_pf};
use encours_core::dunning::template::{self, Company, Context};
use encours_core::dunning::{mark_done, worklist, Entry, Language, LevelChoice, LevelKind, Reason};
use encours_core::ledger::{ClientId, CustomerKind};
use encours_core::penalty::RateTable;
use encours_core::Portfolio;

fn client(l: &Portfolio, name: &str) -> ClientId {
    l.clients.iter().find(|c| c.name == name).unwrap().id
}

fn entry_of(l: &Portfolio, today: &str, name: &str) -> Option<Entry> {
    let c = client(l, name);
    worklist(l, &RateTable::builtin(), date(today))
        .entries
        .into_iter()
        .find(|e| e.client == c)
}

// Nova was never reminded; N-1 is due 30/05/2025, so 46 days late on 15/07/2025.
const NOVA: &str = "N° facture;Client;Date;Échéance;Montant TTC
N-1;Nova;30/04/2025;30/05/2025;1 000,00
";

#[test]
fn a_never_reminded_client_starts_at_the_firm_reminder_and_reaches_the_notice_after_its_gap() {
    let (mut l, _) = load_pf(NOVA, "2025-05-01");
    // 46 days late: the date reaches the mise en demeure (J+45), but nothing was sent.
    let e = entry_of(&l, "2025-07-15", "Nova").unwrap();
    assert_eq!(e.level.kind, LevelKind::Firm);
    assert_eq!(e.choice, LevelChoice::AmicableFirst { reached: 4 });
    assert_eq!(e.choice.code(), "amicable_first");
    assert_eq!((e.penalties, e.indemnity), (dec("0"), dec("0")));
    mark_done(&mut l, &e, date("2025-07-15"), "appel".into(), None);
    // The formal reminder 15 days after the firm one (30 − 15), on 30/07.
    assert!(entry_of(&l, "2025-07-29", "Nova").is_none());
    let e = entry_of(&l, "2025-07-30", "Nova").unwrap();
    assert_eq!(
        (e.level.kind, e.choice.clone()),
        (LevelKind::Formal, LevelChoice::Scheduled)
    );
    // Left unsent: the notice comes 30 days after the firm reminder (45 − 15), on 14/08.
    assert_eq!(
        entry_of(&l, "2025-08-13", "Nova").unwrap().level.kind,
        LevelKind::Formal
    );
    let e = entry_of(&l, "2025-08-14", "Nova").unwrap();
    assert_eq!(e.level.kind, LevelKind::Notice);
    assert_eq!(e.choice, LevelChoice::CaughtUp { skipped: 1 });
    assert_eq!(e.reminders_sent, 1);
}

#[test]
fn straight_to_notice_is_a_per_scenario_setting_off_by_default() {
    let (mut l, _) = load_pf(NOVA, "2025-05-01");
    assert!(l
        .follow_up
        .settings
        .scenarios
        .iter()
        .all(|s| !s.straight_to_notice));
    l.follow_up.settings.scenarios[0].straight_to_notice = true;
    let e = entry_of(&l, "2025-07-15", "Nova").unwrap();
    assert_eq!(
        (e.level.kind, e.choice),
        (LevelKind::Notice, LevelChoice::StraightToNotice)
    );
    assert_eq!(e.reminders_sent, 0);
}

#[test]
fn prescribed_invoices_leave_the_worklist_with_their_date() {
    // Today 30/06/2025. O-1 due 30/06/2019 (six years): 5 years (L110-4), last day
    // 30/06/2024, prescribed since 01/07/2024. R-1 due 30/06/2021 (four years) with a payment
    // on 15/09/2024 (last year): a new period to 15/09/2029, still claimed. C-1, a consumer's,
    // due 31/05/2023: 2 years (L218-2), prescribed since 01/06/2025.
    let (mut l, _) = load_pf(
        "N° facture;Client;Date;Échéance;Montant TTC
O-1;Oldco;01/06/2019;30/06/2019;1 000,00
R-1;Recent;01/06/2021;30/06/2021;1 000,00
C-1;Conso;01/05/2023;31/05/2023;200,00
",
        "2019-06-01",
    );
    let conso = client(&l, "Conso");
    l.ledger_mut().clients[conso.0 as usize].kind = CustomerKind::Consumer;
    let r1 = l.invoices.iter().find(|i| i.number == "R-1").unwrap().id;
    l.ledger_mut()
        .record_payment(r1, date("2024-09-15"), dec("100"))
        .unwrap();
    let w = worklist(&l, &RateTable::builtin(), date("2025-06-30"));
    let excluded: Vec<_> = w
        .excluded
        .iter()
        .map(|x| {
            (
                l.invoice(x.invoice.unwrap()).unwrap().number.clone(),
                x.reason.clone(),
            )
        })
        .collect();
    assert_eq!(
        excluded,
        [
            ("O-1".to_string(), Reason::Prescribed(date("2024-07-01"))),
            ("C-1".to_string(), Reason::Prescribed(date("2025-06-01"))),
        ]
    );
    assert_eq!(w.excluded[0].reason.code(), "prescribed");
    let names: Vec<_> = w
        .entries
        .iter()
        .map(|e| l.client_name(e.client).to_string())
        .collect();
    assert_eq!(names, ["Recent"]);
    // No case file for a prescribed claim.
    let oldco = client(&l, "Oldco");
    assert!(encours_core::case_file::case_file(
        &l,
        oldco,
        &RateTable::builtin(),
        date("2025-06-30")
    )
    .is_none());
    // An acknowledgement recorded on O-1 before the period ran out (10/03/2024) restarts it.
    let o1 = l.invoices.iter().find(|i| i.number == "O-1").unwrap().id;
    l.follow_up
        .law
        .acknowledgements
        .insert(o1, date("2024-03-10"));
    let w = worklist(&l, &RateTable::builtin(), date("2025-06-30"));
    assert!(w.entries.iter().any(|e| e.client == oldco));
}

// Letters on 15/07/2025 (2025-H2: legal rate 2.76 %). Shop is a business, Dupont a consumer,
// both never reminded and 46 days late; the scenarios go straight to the notice so the
// notice is the first letter actually sent.
const LETTERS: &str = "N° facture;Client;Date;Échéance;Montant TTC
S-1;Shop;30/04/2025;30/05/2025;1 000,00
P-1;Dupont;30/04/2025;30/05/2025;1 000,00
";

fn letters() -> Portfolio {
    let (mut l, _) = load_pf(LETTERS, "2025-05-01");
    let dupont = client(&l, "Dupont");
    l.ledger_mut().clients[dupont.0 as usize].kind = CustomerKind::Consumer;
    for s in &mut l.follow_up.settings.scenarios {
        s.straight_to_notice = true;
    }
    l
}

fn render(l: &Portfolio, e: &Entry, today: &str, lang: Language) -> String {
    let company = Company {
        name: "Atelier Dupont".into(),
        ..Company::default()
    };
    let ctx = Context {
        lang,
        company: &company,
        client: l.client(e.client).unwrap(),
        entry: e,
        today: date(today),
        deadline_days: l.follow_up.settings.deadline_days,
    };
    template::render(&e.level.template(lang), &ctx).body
}

fn check(body: &str, has: &[&str], lacks: &[&str]) {
    for h in has {
        assert!(body.contains(h), "missing {h:?} in\n{body}");
    }
    for h in lacks {
        assert!(!body.contains(h), "unexpected {h:?} in\n{body}");
    }
    assert!(!body.contains('{'), "{body}");
}

#[test]
fn a_consumer_notice_cites_1231_6_and_the_legal_rate_without_the_40() {
    let l = letters();
    let e = entry_of(&l, "2025-07-15", "Dupont").unwrap();
    assert_eq!(e.level.kind, LevelKind::Notice);
    // No notice before this one: no interest claimed yet, the rate stated for what follows.
    assert_eq!((e.penalties, e.indemnity), (dec("0"), dec("0")));
    let fr = render(&l, &e, "2025-07-15", Language::Fr);
    check(
        &fr,
        &[
            "article 1231-6 du Code civil",
            "2,76 % l'an pour le 2d semestre 2025",
            "base 365 jours",
            "Principal : 1\u{202f}000,00 €",
            "Total réclamé : 1\u{202f}000,00 €",
            "À compter de la présente mise en demeure",
            "les frais de procédure pouvant être mis à votre charge.",
            // The deadline: the letter's date + 15 days (the default).
            "au plus tard le 30/07/2025",
            "Nous vous demandons de régler",
        ],
        &[
            "40 €",
            "D441-5",
            "L441-10",
            "Indemnité",
            "relances",
            "les frais restant",
        ],
    );
    let en = render(&l, &e, "2025-07-15", Language::En);
    check(
        &en,
        &[
            "article 1231-6 of the French Civil Code",
            "2.76% a year for the second half of 2025",
            "365-day basis",
            "From this formal notice",
            "with the costs of proceedings that may be charged to you.",
            "by 2025-07-30",
            "We ask you to pay",
        ],
        &["€40", "D441-5", "L441-10", "reminders", "at your expense"],
    );
}

#[test]
fn a_consumer_handover_claims_interest_from_the_notice() {
    let mut l = letters();
    let e = entry_of(&l, "2025-07-15", "Dupont").unwrap();
    mark_done(&mut l, &e, date("2025-07-15"), "MED".into(), None);
    // The handover, 15 days after the notice: 30/07. Interest from 16/07 to 30/07 = 15 days at
    // 2.76 % on 1,000: 27.60 × 15 / 365 = 1.134 → 1.13.
    let e = entry_of(&l, "2025-07-30", "Dupont").unwrap();
    assert_eq!(e.level.kind, LevelKind::Handover);
    assert_eq!(e.notice_sent, Some(date("2025-07-15")));
    assert_eq!((e.penalties, e.indemnity), (dec("1.13"), dec("0")));
    let fr = render(&l, &e, "2025-07-30", Language::Fr);
    check(&fr, &["1\u{202f}001,13 €, dont 1,13 € d'intérêts au taux légal (article 1231-6 du Code civil)"], &["40 €", "forfaitaire"]);
}

#[test]
fn a_business_notice_first_letter_versus_after_reminders() {
    let mut l = letters();
    // First letter actually sent: neutral wording.
    let e = entry_of(&l, "2025-07-15", "Shop").unwrap();
    assert_eq!((e.level.kind, e.reminders_sent), (LevelKind::Notice, 0));
    // Penalties: 31/05–30/06 31 d × 13.15 % on 1,000 = 131.50 × 31 / 365 = 11.168 → 11.17;
    // 01/07–15/07 15 d × 12.15 % = 121.50 × 15 / 365 = 4.993 → 4.99; 16.16, and the €40.
    assert_eq!((e.penalties, e.indemnity), (dec("16.16"), dec("40")));
    let fr = render(&l, &e, "2025-07-15", Language::Fr);
    check(
        &fr,
        &[
            "Pénalités de retard (article L441-10 du Code de commerce, taux BCE + 10 points, base 365 jours), arrêtées au 15/07/2025 : 16,16 €",
            "Indemnité forfaitaire pour frais de recouvrement (article D441-5 du Code de commerce), 40 € par facture : 40,00 €",
            "Total réclamé : 1\u{202f}056,16 €",
            "Nous vous demandons de régler",
            "les frais de procédure pouvant être mis à votre charge, ainsi qu'une indemnisation complémentaire sur justification (article L441-10 du Code de commerce)",
            "au plus tard le 30/07/2025",
        ],
        &["relances", "les frais restant", "1231-6"],
    );
    let en = render(&l, &e, "2025-07-15", Language::En);
    check(
        &en,
        &[
            "We ask you to pay",
            "additional compensation on proof (article L441-10",
            "365-day basis",
        ],
        &["reminders went unanswered", "at your expense"],
    );
    // After a reminder really sent (the firm call on 01/07), the notice says so.
    let shop = client(&l, "Shop");
    let s1 = l.invoices.iter().find(|i| i.number == "S-1").unwrap().id;
    l.follow_up.log(
        shop,
        date("2025-07-01"),
        vec![s1],
        encours_core::collection::ActivityKind::Reminder {
            level: 2,
            level_name: "Relance ferme + appel".into(),
            channel: encours_core::dunning::Channel::Phone,
        },
        "appel".into(),
    );
    let e = entry_of(&l, "2025-07-15", "Shop").unwrap();
    assert_eq!(e.reminders_sent, 1);
    check(
        &render(&l, &e, "2025-07-15", Language::Fr),
        &["Nos précédentes relances étant restées sans effet, nous vous demandons"],
        &[],
    );
    check(
        &render(&l, &e, "2025-07-15", Language::En),
        &["As our previous reminders went unanswered, we ask you"],
        &[],
    );
}

#[test]
fn the_deadline_is_editable() {
    let mut l = letters();
    l.follow_up.settings.deadline_days = 8;
    let e = entry_of(&l, "2025-07-15", "Shop").unwrap();
    check(
        &render(&l, &e, "2025-07-15", Language::Fr),
        &["au plus tard le 23/07/2025"],
        &[],
    );
}
