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
        &l.ledger().invoices[..ids(l.invoices.len())]
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>(),
        &l.ledger().payments[..ids(l.payments.len())]
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        &[l.ledger().clients[0].id],
    );
    assert!(!delta.invoices.is_empty() && !delta.payments.is_empty());
    let bytes = delta.encode();
    assert_eq!(Delta::decode(&bytes).unwrap(), delta);
    // Replayed over a save that lacks those records, it brings them back.
    let mut old = l.clone();
    old.ledger_mut()
        .invoices
        .retain(|i| !delta.invoices.contains(i));
    old.ledger_mut()
        .payments
        .retain(|p| !delta.payments.contains(p));
    Delta::decode(&bytes).unwrap().apply(old.ledger_mut());
    assert_eq!(old, l);
    let mut rng = Rng::new(0xDE17A);
    for _ in 0..cases() {
        if let Ok(d) = Delta::decode(&damage(&mut rng, &bytes)) {
            // Whatever decodes can be replayed without a panic.
            let mut copy = l.clone();
            d.apply(copy.ledger_mut());
        }
    }
}

/// `text` with the checksum made right again for its (damaged) `data`: the damage then reaches
/// the events' decoder and the replay, not only the checksum.
fn reseal(text: &str) -> Option<String> {
    let start = text.find(",\"data\":")? + ",\"data\":".len();
    let end = text.trim_end().len().checked_sub(1)?;
    let sum = text
        .get(start..end)?
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let at = text.find("\"checksum\":\"")? + "\"checksum\":\"".len();
    Some(format!(
        "{}{sum:016x}{}",
        text.get(..at)?,
        text.get(at + 16..)?
    ))
}

/// Schema 4, the event log: the book's opening events round-trip; damaged anywhere the file
/// never panics and, when it parses, gives the same book; its events' base64 changed and the
/// checksum made right, it never panics either and is refused by the decoder or the replay's
/// checks (an event's code or `inconsistent`), never by the envelope.
#[test]
fn a_schema4_backup_round_trips_and_a_damaged_one_never_panics() {
    use encours_core::portfolio::{command::Context, event::Origin, log};
    let l = book();
    let o = Origin::default();
    let mut n = 0u128;
    let mut ids = || {
        n += 1;
        n
    };
    let mut cx = Context {
        today: common::date("2025-06-30"),
        at: 1_751_284_800_000,
        origin: &o,
        ids: &mut ids,
    };
    let events = log::opening(&l, &mut cx);
    let settings = BTreeMap::from([("company".to_string(), "Acme SARL".to_string())]);
    let text = backup::export_log(&events, &settings, "2025-06-30T12:00:00Z");
    let back = backup::parse(&text).unwrap();
    assert_eq!(back.data.portfolio, l);
    assert_eq!(back.data.events.as_ref(), Some(&events));
    let mut rng = Rng::new(0x4E7);
    let mut refused = 0;
    for _ in 0..cases() {
        let bytes = damage(&mut rng, text.as_bytes());
        match backup::parse(&String::from_utf8_lossy(&bytes)) {
            Err(_) => refused += 1,
            Ok(b) => assert_eq!(b.data.portfolio, l),
        }
    }
    assert!(refused > cases() / 2, "{refused} refused");
    // Inside the events: base64 characters swapped for others, so every change is bytes.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let events_at = text.find("\"events\":[").unwrap();
    let inside: Vec<usize> = (events_at + 10..text.len())
        .filter(|&k| ALPHABET.contains(&text.as_bytes()[k]))
        .collect();
    let (mut restored, mut decoder) = (0, 0);
    for _ in 0..cases() {
        let mut bytes = text.clone().into_bytes();
        for _ in 0..=rng.below(3) {
            let k = inside[rng.below(inside.len() as u64) as usize];
            bytes[k] = ALPHABET[rng.below(64) as usize];
        }
        let resealed = reseal(&String::from_utf8(bytes).unwrap()).unwrap();
        match backup::parse(&resealed) {
            Ok(_) => restored += 1,
            Err(e) => {
                assert!(["inconsistent", "event_schema"].contains(&e.code()), "{e}");
                decoder += 1;
            }
        }
    }
    assert!(decoder > 0, "{restored} restored, {decoder} refused");
}
