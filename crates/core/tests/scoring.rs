//! Risk scores on crafted histories: each factor, the grade, the checklist, the suggestions.

mod common;

use common::{date, dec, load_pf};
use encours_core::collection::Promise;
use encours_core::dunning::Channel;
use encours_core::scoring::{
    score_all, suggested_limit, suggested_terms, Checklist, FactorName, Grade,
};
use encours_core::Portfolio;

/// Four invoices per client, 1,000 each, due on the 31st of Jan–Apr 2025.
fn book() -> Portfolio {
    let mut csv = String::from("N° facture;Client;Date;Échéance;Montant TTC\n");
    for name in ["Ponctuel", "Lent", "Fuyant", "Nouveau"] {
        for (k, due) in ["31/01/2025", "28/02/2025", "31/03/2025", "30/04/2025"]
            .iter()
            .enumerate()
        {
            if name == "Nouveau" {
                continue;
            }
            csv.push_str(&format!("{name}-{k};{name};01/01/2025;{due};1 000,00\n"));
        }
    }
    csv.push_str("N-1;Nouveau;01/06/2025;01/07/2025;500,00\n");
    load_pf(&csv, "2025-01-01").0
}

fn pay(l: &mut Portfolio, number: &str, on: &str) {
    let id = l.invoices.iter().find(|i| i.number == number).unwrap().id;
    let total = l.invoice(id).unwrap().total;
    l.ledger_mut().record_payment(id, date(on), total).unwrap();
}

fn points(s: &encours_core::scoring::Score, name: FactorName) -> i32 {
    s.factors
        .iter()
        .find(|f| f.name == name)
        .map_or(0, |f| f.points)
}

#[test]
fn scores_and_grades_from_history() {
    let mut l = book();
    // Ponctuel pays every invoice on its due date.
    for (k, d) in ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]
        .iter()
        .enumerate()
    {
        pay(&mut l, &format!("Ponctuel-{k}"), d);
    }
    // Lent pays each one 30 days late.
    for (k, d) in ["2025-03-02", "2025-03-30", "2025-04-30", "2025-05-30"]
        .iter()
        .enumerate()
    {
        pay(&mut l, &format!("Lent-{k}"), d);
    }
    // Fuyant paid the first one 10 days late, owes the rest (the oldest 120 days late on
    // 30/06), and broke a promise.
    pay(&mut l, "Fuyant-0", "2025-02-10");
    let fuyant = l.clients.iter().find(|c| c.name == "Fuyant").unwrap().id;
    l.follow_up.promises.push(Promise {
        client: fuyant,
        made_on: date("2025-05-01"),
        date: date("2025-05-15"),
        amount: dec("1000"),
        channel: Channel::Phone,
    });
    l.ledger_mut().clients[fuyant.0 as usize].credit_limit = Some(dec("2500"));

    let scores = score_all(&l, date("2025-06-30"));
    let by_name = |n: &str| {
        scores
            .iter()
            .find(|s| l.ledger().clients[s.client.0 as usize].name == n)
            .unwrap()
    };

    let p = by_name("Ponctuel");
    assert_eq!((p.score, p.grade, p.from_history), (100, Grade::A, true));

    // Average 30 days late → −15; every invoice late → −20: 65, B.
    let s = by_name("Lent");
    assert_eq!(points(s, FactorName::AverageDaysLate), -15);
    assert_eq!(points(s, FactorName::ShareLate), -20);
    assert_eq!((s.score, s.grade), (65, Grade::B));

    // 10 days late on the one paid (−5, −20 share), 3,000 owed on a 2,500 limit (−15), oldest
    // overdue 120 days (−20), one broken promise (−8): 32, E.
    let f = by_name("Fuyant");
    assert_eq!(points(f, FactorName::AverageDaysLate), -5);
    assert_eq!(points(f, FactorName::LimitUsed), -15);
    assert_eq!(points(f, FactorName::OldestOverdue), -20);
    assert_eq!(points(f, FactorName::BrokenPromises), -8);
    assert_eq!((f.score, f.grade), (32, Grade::E));
    // The factors explain the score exactly.
    for s in &scores {
        if s.from_history {
            assert_eq!(
                100 + s.factors.iter().map(|x| x.points).sum::<i32>(),
                i32::from(s.score)
            );
        }
    }
}

#[test]
fn a_new_client_is_scored_from_its_checklist() {
    let mut l = book();
    let nouveau = l.clients.iter().find(|c| c.name == "Nouveau").unwrap().id;
    let today = date("2025-06-15");
    // No checklist: 60, C.
    let s = score_all(&l, today)
        .into_iter()
        .find(|s| s.client == nouveau)
        .unwrap();
    assert_eq!((s.score, s.grade, s.from_history), (60, Grade::C, false));
    // (checklist, score)
    let cases = [
        (
            Checklist {
                years_in_business: 12,
                limited_company: true,
                bureau: Some(Grade::A),
                signed_terms: true,
                ..Checklist::default()
            },
            95,
        ),
        (
            Checklist {
                years_in_business: 3,
                limited_company: true,
                signed_terms: true,
                ..Checklist::default()
            },
            70,
        ),
        (
            Checklist {
                years_in_business: 1,
                risky_sector: true,
                incidents: true,
                ..Checklist::default()
            },
            15,
        ),
    ];
    for (c, want) in cases {
        l.follow_up.checklists.insert(nouveau, c.clone());
        let s = score_all(&l, today)
            .into_iter()
            .find(|s| s.client == nouveau)
            .unwrap();
        assert_eq!(s.score, want, "{c:?}");
    }
}

#[test]
fn suggestions_follow_the_grade() {
    let l = book();
    let lent = l.clients.iter().find(|c| c.name == "Lent").unwrap().id;
    // 4,000 of sales in the last 12 months: 333.33 a month.
    for (grade, limit) in [
        (Grade::A, "1000"),
        (Grade::B, "600"),
        (Grade::C, "500"),
        (Grade::D, "300"),
        (Grade::E, "0"),
    ] {
        assert_eq!(
            suggested_limit(&l, lent, grade, date("2025-06-30")),
            dec(limit),
            "{grade:?}"
        );
    }
    assert_eq!(suggested_terms(Grade::D).1, 30);
    assert!(suggested_terms(Grade::A).2 > dec("0"));
}

#[test]
fn forecast_places_invoices_at_due_date_plus_usual_delay() {
    use encours_core::forecast::{actuals, forecast};
    let mut l = book();
    for (k, d) in ["2025-03-02", "2025-03-30", "2025-04-30"]
        .iter()
        .enumerate()
    {
        pay(&mut l, &format!("Lent-{k}"), d);
    }
    pay(&mut l, "Ponctuel-0", "2025-01-31");
    let as_of = date("2025-04-16");
    let scores = score_all(&l, as_of);
    let f = forecast(&l, as_of, &scores);
    assert_eq!(f.weeks.len(), 13);
    assert_eq!(f.weeks[0].start, date("2025-04-14"));
    let week_of = |d: &str| {
        f.weeks
            .iter()
            .position(|w| w.start <= date(d) && date(d) < w.start + chrono::Duration::days(7))
            .unwrap()
    };
    let grade = |name: &str| {
        scores
            .iter()
            .find(|s| l.ledger().clients[s.client.0 as usize].name == name)
            .unwrap()
            .grade
    };
    // The premise (grades are the scorer's, checked above): Ponctuel and Fuyant are A (100 %
    // expected, docs/credit.md), Lent, 30 days late on average, is C (85 %).
    assert_eq!(
        (grade("Ponctuel"), grade("Lent"), grade("Fuyant")),
        (Grade::A, Grade::C, Grade::A)
    );
    // By hand, from Monday 14/04 (as of Wednesday 16/04), 1,000 an invoice:
    // week 0: already due and expected in the past: Ponctuel-1, -2, Fuyant-0, -1, -2, all A:
    //         5 × 1,000 × 1.00 = 5,000.00;
    // week 2 (28/04): Ponctuel-3 and Fuyant-3 (due 30/04, no delay) 2 × 1,000, and Lent-2
    //         (due 31/03 + 30 days = 30/04; its payment of 30/04 is after the as-of date)
    //         1,000 × 0.85 = 850: 2,850.00;
    // week 6 (26/05): Lent-3, due 30/04 + 30 days = 30/05: 850.00.
    // Nouveau's invoice is issued after the as-of date: nothing.
    let expected: Vec<String> = f.weeks.iter().map(|w| w.expected.to_string()).collect();
    let mut want = vec!["0"; 13];
    (want[0], want[2], want[6]) = ("5000.00", "2850.00", "850.00");
    assert_eq!(expected, want);
    assert_eq!(week_of("2025-05-30"), 6);
    assert!(f.later.is_zero());
    // What came in, week by week, for the comparison once the weeks have passed.
    let got = actuals(&l, &[date("2025-03-31"), date("2025-04-28")]);
    assert_eq!(got, [dec("0"), dec("1000")]);
}
