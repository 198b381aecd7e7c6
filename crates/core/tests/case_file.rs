//! The collection case file and the cost/benefit of each way of collecting.

mod common;

use common::{date, dec, load_pf};
use encours_core::case_file::{
    best_route, case_file, chance, routes, Answer, Claim, Court, RecoveryCosts, Route,
};
use encours_core::collection::{ActivityKind, Promise};
use encours_core::dispute::{self, DisputeReason};
use encours_core::dunning::Channel;
use encours_core::penalty::RateTable;
use encours_core::plan::{agree, Frequency, PlanTerms, PromiseStatus};
use encours_core::scoring::Grade;
use rust_decimal::Decimal;

// DOMAIN.md's worked example (12,000 due 31/03/2025) and a second, smaller invoice.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/03/2025;31/03/2025;12 000,00
F-2;Acme;01/04/2025;30/04/2025;500,00
F-3;Acme;01/09/2025;31/10/2025;900,00
";

fn reminder(level: usize, name: &str, channel: Channel) -> ActivityKind {
    ActivityKind::Reminder {
        level,
        level_name: name.into(),
        channel,
    }
}

#[test]
fn case_file_gathers_invoices_penalties_history_and_answers() {
    let (mut l, r) = load_pf(BOOK, "2025-03-01");
    assert!(r.errors.is_empty());
    let acme = l.clients[0].id;
    let ids: Vec<_> = l.invoices.iter().map(|i| i.id).collect();
    let col = &mut l.follow_up;
    // Logged out of order on purpose: the case file sorts by date.
    col.log(
        acme,
        date("2025-05-15"),
        vec![ids[0]],
        reminder(4, "Mise en demeure", Channel::RegisteredLetter),
        "MISE EN DEMEURE…".into(),
    );
    col.log(
        acme,
        date("2025-04-03"),
        vec![ids[0]],
        reminder(1, "Relance", Channel::Email),
        "Relance…".into(),
    );
    col.log(
        acme,
        date("2025-06-01"),
        vec![ids[0]],
        reminder(4, "Mise en demeure", Channel::RegisteredLetter),
        "second".into(),
    );
    col.promises.push(Promise {
        client: acme,
        made_on: date("2025-04-20"),
        date: date("2025-04-30"),
        amount: dec("1000"),
        channel: Channel::Phone,
    });
    col.set_owner(acme, " Julie ");
    dispute::open(
        &mut l,
        ids[1],
        date("2025-05-02"),
        DisputeReason::Quality,
        "rayures".into(),
    )
    .unwrap();

    let f = case_file(&l, acme, &RateTable::builtin(), date("2025-09-30")).unwrap();
    // F-3 is not due yet; F-2 is disputed but still claimed (the court decides).
    let numbers: Vec<_> = f.invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["F-1", "F-2"]);
    assert_eq!(f.invoices[0].penalty.interest, dec("760.92"));
    assert_eq!(f.invoices[0].penalty.lines.len(), 2);
    assert_eq!(f.principal, dec("12500"));
    assert_eq!(f.indemnity, dec("80"));
    assert_eq!(f.claimed(), f.principal + f.interest + f.indemnity);
    assert!(f.interest > dec("760.92"));
    let dates: Vec<_> = f.history.iter().map(|a| a.date.to_string()).collect();
    assert_eq!(dates, ["2025-04-03", "2025-05-15", "2025-06-01"]);
    assert_eq!(f.notice.as_ref().unwrap().date, date("2025-05-15"));
    assert_eq!(f.owner.as_deref(), Some("Julie"));
    // The answers, in date order: the broken promise, then the dispute with its reason.
    assert!(matches!(
        f.answers[0],
        Answer::Promise {
            status: PromiseStatus::Broken,
            ..
        }
    ));
    assert!(
        matches!(&f.answers[1], Answer::Dispute(d) if d.reason == DisputeReason::Quality && d.notes == "rayures")
    );
    // Nothing overdue: no case file.
    assert!(case_file(&l, acme, &RateTable::builtin(), date("2025-03-31")).is_none());
}

#[test]
fn a_plan_on_track_keeps_what_accrued_before_it_and_the_indemnity() {
    // Plan agreed on 01/09/2025, case file on 30/09/2025. Stopping penalties stops them from
    // the agreement: what accrued up to 01/09 included stays owed, and so does the €40.
    // F-1 12,000 due 31/03: 01/04–30/06 91 d × 13.15 % = 393.42; 01/07–01/09 63 d × 12.15 %
    //   = 12000 × 0.1215 × 63 / 365 = 251.654 → 251.65; F-1 645.07.
    // F-2 500 due 30/04: 01/05–30/06 61 d × 13.15 % = 10.988 → 10.99; 01/07–01/09 63 d ×
    //   12.15 % = 10.486 → 10.49; F-2 21.48. Together 666.55, indemnity 2 × 40.
    // Kept running to 30/09: F-1 760.92 (DOMAIN's example); F-2 10.99 + 92 d × 12.15 % on 500
    //   = 15.312 → 15.31, 26.30; together 787.22.
    for (stops, interest) in [(true, "666.55"), (false, "787.22")] {
        let (mut l, _) = load_pf(BOOK, "2025-03-01");
        let acme = l.clients[0].id;
        let terms = PlanTerms {
            down_payment: Decimal::ZERO,
            count: 12,
            first: date("2025-10-15"),
            frequency: Frequency::Monthly,
            stops_penalties: stops,
        };
        agree(&mut l, acme, date("2025-09-01"), &terms).unwrap();
        let f = case_file(&l, acme, &RateTable::builtin(), date("2025-09-30")).unwrap();
        assert_eq!(f.interest, dec(interest), "stops_penalties = {stops}");
        assert_eq!(f.indemnity, dec("80"), "stops_penalties = {stops}");
        if stops {
            assert_eq!(f.invoices[0].penalty.lines[1].to, date("2025-09-01"));
        }
    }
}

#[test]
fn agreeing_a_plan_covers_what_is_owed_and_replaces_the_running_one() {
    let (mut l, _) = load_pf(BOOK, "2025-03-01");
    let acme = l.clients[0].id;
    let ids: Vec<_> = l.invoices.iter().map(|i| i.id).collect();
    dispute::open(
        &mut l,
        ids[1],
        date("2025-05-02"),
        DisputeReason::Price,
        String::new(),
    )
    .unwrap();
    let terms = PlanTerms {
        down_payment: dec("1000"),
        count: 3,
        first: date("2025-10-01"),
        frequency: Frequency::Monthly,
        stops_penalties: true,
    };
    let first = agree(&mut l, acme, date("2025-09-30"), &terms).unwrap();
    let p = &l.follow_up.plans[0];
    // F-1 and F-3 (not F-2, disputed): 12,900 = 1,000 down + 3 × 3,966.67 (last 3,966.66).
    assert_eq!(p.invoices, [ids[0], ids[2]]);
    let amounts: Vec<Decimal> = p.installments.iter().map(|i| i.amount).collect();
    assert_eq!(
        amounts,
        [dec("1000"), dec("3966.67"), dec("3966.67"), dec("3966.66")]
    );
    assert_eq!(amounts.iter().sum::<Decimal>(), dec("12900"));
    let second = agree(&mut l, acme, date("2025-10-02"), &terms).unwrap();
    assert_ne!(first, second);
    let live: Vec<_> = l
        .follow_up
        .plans
        .iter()
        .filter(|p| !p.cancelled)
        .map(|p| p.id)
        .collect();
    assert_eq!(live, [second]);
    // A down payment as large as the debt does not split it.
    let too_much = PlanTerms {
        down_payment: dec("20000"),
        ..terms
    };
    assert!(agree(&mut l, acme, date("2025-10-02"), &too_much).is_none());
}

#[test]
fn routes_cost_and_expected_net_by_grade() {
    let costs = RecoveryCosts::default();
    let claim = |p: &str, i: &str| Claim {
        principal: dec(p),
        interest: dec(i),
        business: true,
    };
    // (principal, interest, grade, route, chance %, cost, expected net, available)
    // Chances: base by grade (A 90, C 55, E 15) + lift × (100 − base) / 100, lifts: mediation
    // and small claims 10 (the debtor must agree), agency 15, référé 25, injonction 30.
    type Case = (
        &'static str,
        &'static str,
        Grade,
        Route,
        u32,
        &'static str,
        &'static str,
        bool,
    );
    #[rustfmt::skip]
    let cases: &[Case] = &[
        // 3,000 × 90 % = 2,700.
        ("3000", "0", Grade::A, Route::KeepReminding, 90, "0", "2700.00", true),
        // 55 + 15 × 45 / 100 = 61 %: 1,830 recovered, 15 % commission 274.50, net 1,555.50.
        ("3000", "0", Grade::C, Route::Agency, 61, "274.50", "1555.50", true),
        // 15 + 30 × 85 / 100 = 40 %: 1,200 − 150 = 1,050.
        ("3000", "0", Grade::E, Route::Injonction, 40, "150", "1050.00", true),
        // 15 + 10 × 85 / 100 = 23 %: 690 − 100 = 590 (below the injonction: needs agreement).
        ("3000", "0", Grade::E, Route::SmallClaims, 23, "100", "590.00", true),
        // 15 + 25 × 85 / 100 = 36 %: 1,080 − 500 = 580.
        ("3000", "0", Grade::E, Route::Refere, 36, "500", "580.00", true),
        // The ceiling counts principal and interest (R125-1 CPCE): 4,900 + 100 = 5,000 is in,
        // 23 % × 5,000 − 100 = 1,050; 4,900 + 150 = 5,050 is out.
        ("4900", "100", Grade::E, Route::SmallClaims, 23, "100", "1050.00", true),
        ("4900", "150", Grade::E, Route::SmallClaims, 23, "100", "1061.50", false),
        // 200 × 54 % − 150 = −42.
        ("200", "0", Grade::D, Route::Injonction, 54, "150", "-42.00", true),
    ];
    for &(p, i, grade, route, pct, cost, net, available) in cases {
        let all = routes(&claim(p, i), grade, &costs);
        let o = all.iter().find(|o| o.route == route).unwrap();
        let case = format!("{p}+{i} {route:?} {grade:?}");
        assert_eq!(o.chance, pct, "{case}");
        assert_eq!(o.cost, dec(cost), "{case}");
        assert_eq!(o.expected_net, dec(net), "{case}");
        assert_eq!(o.available, available, "{case}");
        assert_eq!(o.needs_agreement, route == Route::SmallClaims, "{case}");
    }
    assert_eq!(
        best_route(&routes(&claim("3000", "0"), Grade::A, &costs)),
        Some(Route::KeepReminding)
    );
    // A bad payer owing 3,000: the injonction (small claims rest on the debtor's agreement).
    assert_eq!(
        best_route(&routes(&claim("3000", "0"), Grade::E, &costs)),
        Some(Route::Injonction)
    );
    assert_eq!(chance(Route::Injonction, Grade::A), 93);
    // Which court and which form: a business before the commercial court with Cerfa 12946, a
    // consumer before the tribunal judiciaire (Cerfa 12948).
    let inj = |business| {
        let c = Claim {
            business,
            ..claim("3000", "0")
        };
        let all = routes(&c, Grade::C, &costs);
        let o = all
            .iter()
            .find(|o| o.route == Route::Injonction)
            .unwrap()
            .clone();
        (o.court, o.form)
    };
    assert_eq!(inj(true), (Some(Court::Commercial), Some("12946")));
    assert_eq!(inj(false), (Some(Court::Judicial), Some("12948")));
    let refere = routes(&claim("3000", "0"), Grade::C, &costs);
    assert_eq!(
        refere
            .iter()
            .find(|o| o.route == Route::Refere)
            .unwrap()
            .court,
        Some(Court::Commercial)
    );
    // The ceiling is editable.
    let higher = RecoveryCosts {
        small_claims_ceiling: dec("6000"),
        ..RecoveryCosts::default()
    };
    let all = routes(&claim("4900", "150"), Grade::E, &higher);
    assert!(
        all.iter()
            .find(|o| o.route == Route::SmallClaims)
            .unwrap()
            .available
    );
}
