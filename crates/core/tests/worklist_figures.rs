//! The worklist's and the penalty calculator's figures computed by hand (L441-10: the ECB rate
//! of the half-year + 10 points, amount × rate × days / 365, one line per period rounded to
//! the cent, €40 per late invoice), and "mark as sent" never moving an invoice's level back.

mod common;

use common::{date, dec, load_pf};
use encours_core::collection::Reached;
use encours_core::dunning::{mark_done, worklist, Worklist};
use encours_core::penalty::{penalties, RateTable, Terms};
use encours_core::Portfolio;

/// Acme owes three invoices, Bravo one.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
A-3;Acme;01/02/2025;03/03/2025;500,00
B-1;Bravo;01/02/2025;03/03/2025;2 000,00
";

fn book() -> Portfolio {
    let (mut l, r) = load_pf(BOOK, "2025-01-01");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The entries here are at the levels the dates reach (the notice claims penalties): the
    // scenarios' opt-in catch-up, not amicable first (tests/law_dunning.rs).
    for s in &mut l.follow_up.settings.scenarios {
        s.straight_to_notice = true;
    }
    l
}

fn entry<'a>(l: &Portfolio, w: &'a Worklist, name: &str) -> &'a encours_core::dunning::Entry {
    let c = l.clients.iter().find(|c| c.name == name).unwrap().id;
    w.entries.iter().find(|e| e.client == c).unwrap()
}

fn id(l: &Portfolio, number: &str) -> encours_core::ledger::InvoiceId {
    l.invoices.iter().find(|i| i.number == number).unwrap().id
}

#[test]
fn a_multi_invoice_entry_claims_each_invoices_penalty_and_indemnity() {
    let l = book();
    let w = worklist(&l, &RateTable::builtin(), date("2025-04-02"));
    let acme = entry(&l, &w, "Acme");
    // On 02/04/2025, 2025 H1: ECB 3.15 + 10 = 13.15 %.
    // A-1 1,200 due 31/01, 61 days: 1,200 × 0.1315 × 61 / 365 = 26.3721 → 26.37
    // A-2   300 due 14/02, 47 days:   300 × 0.1315 × 47 / 365 =  5.0799 →  5.08
    // A-3   500 due 03/03, 30 days:   500 × 0.1315 × 30 / 365 =  5.4041 →  5.40
    let per_invoice: Vec<(String, i64, String)> = acme
        .invoices
        .iter()
        .map(|i| (i.number.clone(), i.days_late, i.penalty.to_string()))
        .collect();
    assert_eq!(
        per_invoice,
        [
            ("A-1".to_string(), 61, "26.37".to_string()),
            ("A-2".to_string(), 47, "5.08".to_string()),
            ("A-3".to_string(), 30, "5.40".to_string()),
        ]
    );
    // 26.37 + 5.08 + 5.40 = 36.85; three late invoices: 3 × 40 = 120.
    assert_eq!(acme.penalties, dec("36.85"));
    assert_eq!(acme.indemnity, dec("120"));
    // 2,000.00 + 36.85 + 120 = 2,156.85.
    assert_eq!(acme.claimed(), dec("2156.85"));
}

#[test]
fn a_partial_payment_splits_the_entrys_penalty_by_hand() {
    let mut l = book();
    let b1 = id(&l, "B-1");
    l.ledger_mut()
        .record_payment(b1, date("2025-03-18"), dec("1500"))
        .unwrap();
    let w = worklist(&l, &RateTable::builtin(), date("2025-04-02"));
    let bravo = entry(&l, &w, "Bravo");
    // 2,000 from 04/03 to 18/03 (15 days): 2,000 × 0.1315 × 15 / 365 = 10.8082 → 10.81;
    //   500 from 19/03 to 02/04 (15 days):   500 × 0.1315 × 15 / 365 =  2.7021 →  2.70.
    assert_eq!(bravo.total, dec("500.00"));
    assert_eq!(bravo.penalties, dec("13.51"));
    assert_eq!(bravo.indemnity, dec("40"));
}

#[test]
fn a_penalty_across_a_year_end_takes_each_half_years_rate() {
    // 10,000 due 30/11/2024, paid 28/02/2025:
    // 01/12–31/12/2024: 31 days at 2024 H2, 4.25 + 10 = 14.25 %:
    //   10,000 × 0.1425 × 31 / 365 = 121.0274 → 121.03
    // 01/01–28/02/2025: 59 days at 2025 H1, 3.15 + 10 = 13.15 %:
    //   10,000 × 0.1315 × 59 / 365 = 212.5616 → 212.56
    // Total 333.59 (a 366-day year in 2024 would give 120.70 for the first line).
    let p = penalties(
        dec("10000"),
        date("2024-11-30"),
        date("2025-02-28"),
        &[],
        &RateTable::builtin(),
        &Terms::default(),
    )
    .unwrap();
    let lines: Vec<(String, String, i64, String, String)> = p
        .lines
        .iter()
        .map(|l| {
            (
                l.from.to_string(),
                l.to.to_string(),
                l.days,
                l.rate.normalize().to_string(),
                l.amount.to_string(),
            )
        })
        .collect();
    let line = |from: &str, to: &str, days, rate: &str, amount: &str| {
        (from.into(), to.into(), days, rate.into(), amount.into())
    };
    assert_eq!(
        lines,
        [
            line("2024-12-01", "2024-12-31", 31, "14.25", "121.03"),
            line("2025-01-01", "2025-02-28", 59, "13.15", "212.56"),
        ]
    );
    assert_eq!(p.interest, dec("333.59"));
    assert_eq!(p.indemnity, dec("40"));
}

#[test]
fn marking_an_entry_sent_never_moves_an_invoice_back_a_level() {
    let mut l = book();
    let (a1, a2) = (id(&l, "A-1"), id(&l, "A-2"));
    let w = worklist(&l, &RateTable::builtin(), date("2025-02-20"));
    let acme = entry(&l, &w, "Acme").clone();
    assert!(acme.invoices.iter().any(|i| i.invoice == a1));
    // A-1 already went further (a later level sent on 15/02) than the entry's level.
    let further = acme.level_index + 2;
    l.follow_up.reached.insert(
        a1,
        Reached {
            level: further,
            date: date("2025-02-15"),
        },
    );
    mark_done(&mut l, &acme, date("2025-02-20"), "sent".into(), None);
    let reached = |i| l.follow_up.reached.get(&i).map(|r| (r.level, r.date));
    assert_eq!(reached(a1), Some((further, date("2025-02-15"))));
    assert_eq!(reached(a2), Some((acme.level_index, date("2025-02-20"))));
}
