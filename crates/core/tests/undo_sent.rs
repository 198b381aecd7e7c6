//! "Mark as sent" undone: the book is as it was before (the oracle is a copy taken before),
//! whether a reminder, a call with a promise or a call that opened a dispute.

mod common;

use common::{date, dec, load_pf};
use encours_core::collection::CallOutcome;
use encours_core::dunning::undo::{mark_sent, undo_sent};
use encours_core::dunning::worklist;
use encours_core::penalty::RateTable;

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
B-1;Bravo;01/02/2025;03/03/2025;2 000,00
";

#[test]
fn marking_as_sent_then_undoing_gives_back_the_book() {
    let outcomes = [
        None,
        Some(CallOutcome::Promise {
            date: date("2025-04-10"),
            amount: dec("500"),
        }),
        Some(CallOutcome::Dispute),
    ];
    for outcome in outcomes {
        let (mut l, _) = load_pf(BOOK, "2025-01-01");
        let today = date("2025-04-02");
        let w = worklist(&l, &RateTable::builtin(), today);
        assert_eq!(w.entries.len(), 2);
        // An earlier reminder on A-1, so the undo has a level to put back, not only to remove.
        let (_, _) = mark_sent(&mut l, &w.entries[0], date("2025-03-01"), "1".into(), None);
        let before = l.clone();
        let w = worklist(&l, &RateTable::builtin(), today);
        let e = w.entries.iter().find(|e| e.client == l.clients[0].id);
        let e = e.or(w.entries.first()).unwrap().clone();
        let (changed, m) = mark_sent(&mut l, &e, today, "texte".into(), outcome.clone());
        assert_ne!(l.follow_up, before.follow_up, "{outcome:?}");
        let back = undo_sent(&mut l, &m);
        assert_eq!(back, changed, "{outcome:?}");
        // Ids are never reused: only the activity counter stays ahead.
        let mut expected = before.clone();
        expected.follow_up.next_activity = l.follow_up.next_activity;
        assert_eq!(l, expected, "{outcome:?}");
        // Twice changes nothing more.
        assert!(undo_sent(&mut l, &m).is_empty());
        assert_eq!(l, expected);
    }
}

#[test]
fn a_batch_of_letters_undone_in_any_order() {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let today = date("2025-04-02");
    let before = l.clone();
    let w = worklist(&l, &RateTable::builtin(), today);
    let marks: Vec<_> = w
        .entries
        .iter()
        .map(|e| mark_sent(&mut l, e, today, String::new(), None).1)
        .collect();
    assert!(worklist(&l, &RateTable::builtin(), today)
        .entries
        .is_empty());
    for m in &marks {
        undo_sent(&mut l, m);
    }
    let mut expected = before;
    expected.follow_up.next_activity = l.follow_up.next_activity;
    assert_eq!(l, expected);
    assert_eq!(worklist(&l, &RateTable::builtin(), today).entries.len(), 2);
}

/// Mutation tried: `is_none_or(|r| r.level <= entry.level_index)` made always true in
/// `mark_done` fails this test ("A-1 moved back").
#[test]
fn marking_a_lower_level_as_sent_never_moves_an_invoice_back() {
    // A-1 reached the worklist's level on 02/04; a draft of a lower level, prepared earlier
    // and marked as sent afterwards, leaves A-1 where it was (and its date), while A-2, not
    // reached before, takes the lower level.
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    let today = date("2025-04-02");
    let w = worklist(&l, &RateTable::builtin(), today);
    let acme = l.clients[0].id;
    let entry = w.entries.iter().find(|e| e.client == acme).unwrap().clone();
    assert!(
        entry.level_index > 0,
        "the test needs a level above the first"
    );
    let a1 = entry.invoices[0].invoice;
    let mut one = entry.clone();
    one.invoices.truncate(1);
    mark_sent(&mut l, &one, today, "haut".into(), None);
    let high = l.follow_up.reached.get(&a1).copied().unwrap();
    assert_eq!((high.level, high.date), (entry.level_index, today));
    let mut lower = entry.clone();
    lower.level_index -= 1;
    mark_sent(&mut l, &lower, date("2025-04-05"), "bas".into(), None);
    assert_eq!(
        l.follow_up.reached.get(&a1).copied(),
        Some(high),
        "A-1 moved back"
    );
    assert_eq!(entry.invoices.len(), 2);
    let a2 = entry.invoices[1].invoice;
    let r = l.follow_up.reached.get(&a2).copied().unwrap();
    assert_eq!(
        (r.level, r.date),
        (entry.level_index - 1, date("2025-04-05"))
    );
}
