//! Rules that used to live in the app's pages, now the core's: the grade's stable code, the
//! client filter (segment, grade, owner), the overdue part of a client's aged balance, and an
//! installment's state.
//!
//! Mutations tried: `Grade::D => "E"` in `code` fails `grade_codes_round_trip`; dropping the
//! owner condition of `ClientFilter::clients` fails `the_filter_keeps_what_each_field_asks`;
//! `skip(0)` in `ClientAging::overdue` fails `overdue_is_every_bucket_but_not_due`;
//! `inst.due <= today` in `installment_state` fails `installment_states_on_their_dates`.

mod common;

use common::{date, dec, load, load_pf};
use encours_core::aging::{age, AgingOptions};
use encours_core::client_filter::{keeps, ClientFilter, UNASSIGNED};
use encours_core::plan::{installment_state, InstallmentState, PlanInstallment};
use encours_core::scoring::{score_all, Grade};

#[test]
fn grade_codes_round_trip() {
    let codes: Vec<&str> = Grade::ALL.iter().map(|g| g.code()).collect();
    assert_eq!(codes, ["A", "B", "C", "D", "E"]);
    for g in Grade::ALL {
        assert_eq!(Grade::from_code(g.code()), Some(g));
    }
    assert_eq!(Grade::from_code(" c "), Some(Grade::C));
    for bad in ["", "F", "AB", "-"] {
        assert_eq!(Grade::from_code(bad), None, "{bad:?}");
    }
}

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
B-1;Bolt;01/03/2025;31/03/2025;500,00
C-1;Cale;01/05/2025;31/05/2025;300,00
D-1;Dune;01/06/2025;30/06/2025;100,00
";

#[test]
fn the_filter_keeps_what_each_field_asks() {
    let (mut pf, _) = load_pf(BOOK, "2025-06-15");
    let today = date("2025-06-15");
    let ids: Vec<_> = pf.ledger().clients.iter().map(|c| c.id).collect();
    pf.ledger_mut().clients[0].segment = Some("BTP".into());
    pf.ledger_mut().clients[2].segment = Some("BTP".into());
    pf.follow_up.set_owner(ids[0], "Léa");
    pf.follow_up.set_owner(ids[1], "Léa");
    assert_eq!(ClientFilter::default().clients(&pf, today), None);
    let f = |segment: Option<&str>, grade, owner: Option<&str>| ClientFilter {
        segment: segment.map(str::to_string),
        grade,
        owner: owner.map(str::to_string),
    };
    let kept = |f: ClientFilter| f.clients(&pf, today).unwrap();
    assert_eq!(kept(f(Some("BTP"), None, None)), [ids[0], ids[2]]);
    assert_eq!(kept(f(None, None, Some("Léa"))), [ids[0], ids[1]]);
    assert_eq!(kept(f(None, None, Some(UNASSIGNED))), [ids[2], ids[3]]);
    assert_eq!(kept(f(Some("BTP"), None, Some("Léa"))), [ids[0]]);
    // A grade keeps exactly the clients scored with it (compared as grades, not as text).
    let scores = score_all(&pf, today);
    for g in Grade::ALL {
        let want: Vec<_> = pf
            .ledger()
            .clients
            .iter()
            .zip(&scores)
            .filter(|(_, s)| s.grade == g)
            .map(|(c, _)| c.id)
            .collect();
        assert_eq!(kept(f(None, Some(g), None)), want, "{g:?}");
    }
    let k = Some(vec![ids[1], ids[3]]);
    assert!(keeps(&k, ids[3]) && !keeps(&k, ids[0]) && keeps(&None, ids[0]));
}

#[test]
fn overdue_is_every_bucket_but_not_due() {
    // On 2025-06-15: A-1, B-1 and C-1 (due 31/05) are late; D-1 (due 30/06) is not due.
    let (l, _) = load(BOOK, "2025-06-15");
    let a = age(&l, &AgingOptions::new(date("2025-06-15")));
    let rows: Vec<_> = a.currencies.iter().flat_map(|c| c.clients.iter()).collect();
    let by = |name: &str| rows.iter().find(|r| &*r.name == name).unwrap().overdue();
    assert_eq!(by("Acme"), dec("1200"));
    assert_eq!(by("Bolt"), dec("500"));
    assert_eq!(by("Cale"), dec("300"));
    // Dune owes 100 €, all of it in "not due".
    assert_eq!(by("Dune"), dec("0"));
    let dune = rows.iter().find(|r| &*r.name == "Dune").unwrap();
    assert_eq!(dune.total, dec("100"));
}

#[test]
fn installment_states_on_their_dates() {
    let inst = PlanInstallment {
        due: date("2025-04-05"),
        amount: dec("400"),
    };
    // (covered, today, state): missed only from the day after its due date.
    let cases = [
        ("400", "2025-05-01", InstallmentState::Paid),
        ("500", "2025-03-01", InstallmentState::Paid),
        ("399.99", "2025-04-05", InstallmentState::PartlyPaid),
        ("399.99", "2025-04-06", InstallmentState::Missed),
        ("0", "2025-04-06", InstallmentState::Missed),
        ("0", "2025-04-05", InstallmentState::Upcoming),
    ];
    for (covered, today, want) in cases {
        assert_eq!(
            installment_state(&inst, dec(covered), date(today)),
            want,
            "{covered} on {today}"
        );
    }
}
