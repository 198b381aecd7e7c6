//! What the app reads back from storage or from a user's file, damaged at random: a backup
//! (`backup::parse`), the stored chunks (`snapshot::from_chunks`) and a journal entry
//! (`Delta::decode`) never panic, and undamaged ones give back what was written.
//! `FUZZ_CASES` sets the count, as in fuzz.rs.

mod common;
use encours_core::backup;
use encours_core::generator::{generate, GeneratorOptions, Rng};
use encours_core::snapshot::{from_chunks, to_chunks, Delta};
use encours_core::Portfolio;
use std::collections::BTreeMap;

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// A small book with every kind of record (payments, credit notes, batches, follow-up).
fn book() -> Portfolio {
    Portfolio::new(generate(&GeneratorOptions::new(
        30,
        common::date("2025-06-30"),
    )))
}

/// `base` with one to four bytes changed, removed, inserted, or cut off.
fn damage(rng: &mut Rng, base: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(4) {
        if v.is_empty() {
            break;
        }
        let pos = rng.below(v.len() as u64) as usize;
        match rng.below(4) {
            0 => v[pos] = rng.next_u64() as u8,
            1 => {
                v.remove(pos);
            }
            2 => v.insert(pos, rng.next_u64() as u8),
            _ => v.truncate(pos),
        }
    }
    v
}

#[test]
fn a_backup_round_trips_and_a_damaged_one_never_panics() {
    let l = book();
    let settings = BTreeMap::from([("company".to_string(), "Acme SARL".to_string())]);
    let text = backup::export(&l, &settings, "2025-06-30T12:00:00Z");
    let back = backup::parse(&text).unwrap();
    assert_eq!(back.data.portfolio, l);
    assert_eq!(back.data.settings, settings);
    let mut rng = Rng::new(0xBAC);
    let mut refused = 0;
    for _ in 0..cases() {
        let bytes = damage(&mut rng, text.as_bytes());
        let damaged = String::from_utf8_lossy(&bytes);
        match backup::parse(&damaged) {
            Err(_) => refused += 1,
            // A change the checksum does not cover (white space) must leave the book as it was.
            Ok(b) => assert_eq!(b.data.portfolio, l),
        }
    }
    assert!(refused > cases() / 2, "{refused} refused");
}

#[test]
fn stored_chunks_round_trip_and_damaged_ones_never_panic() {
    let l = book();
    let chunks = to_chunks(&l);
    let view = |c: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> { c.to_vec() };
    let read = |c: &[(String, Vec<u8>)]| from_chunks(c.iter().map(|(k, v)| (k.as_str(), &v[..])));
    let mut back = read(&chunks).unwrap();
    // The follow-up travels in a chunk of its own (collection_chunk) in the store.
    back.follow_up = l.follow_up.clone();
    assert_eq!(back, l);
    let mut rng = Rng::new(0x5A);
    for _ in 0..cases() {
        let mut c = view(&chunks);
        let k = rng.below(c.len() as u64) as usize;
        if rng.chance(10) {
            let (key, _) = c.remove(k);
            // A missing chunk of records is refused, never read as a smaller book.
            if ["clients", "invoices/", "payments/"]
                .iter()
                .any(|p| key.starts_with(p))
            {
                assert!(read(&c).is_err(), "{key} removed");
            }
        } else {
            c[k].1 = damage(&mut rng, &c[k].1);
        }
        let _ = read(&c);
    }
}

#[test]
fn a_journal_entry_round_trips_and_a_damaged_one_never_panics() {
    let l = book();
    let ids = |n: usize| n.min(3);
    let delta = Delta::of(
        &l,
        &l.ledger.invoices[..ids(l.invoices.len())]
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        &l.ledger.payments[..ids(l.payments.len())]
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        &[l.ledger.clients[0].id],
    );
    assert!(!delta.invoices.is_empty() && !delta.payments.is_empty());
    let bytes = delta.encode();
    assert_eq!(Delta::decode(&bytes).unwrap(), delta);
    // Replayed over a save that lacks those records, it brings them back.
    let mut old = l.clone();
    old.ledger.invoices.retain(|i| !delta.invoices.contains(i));
    old.ledger.payments.retain(|p| !delta.payments.contains(p));
    Delta::decode(&bytes).unwrap().apply(&mut old.ledger);
    assert_eq!(old, l);
    let mut rng = Rng::new(0xDE17A);
    for _ in 0..cases() {
        if let Ok(d) = Delta::decode(&damage(&mut rng, &bytes)) {
            // Whatever decodes can be replayed without a panic.
            let mut copy = l.clone();
            d.apply(&mut copy.ledger);
        }
    }
}
