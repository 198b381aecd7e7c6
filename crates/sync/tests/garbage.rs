//! What a server or another device sends, damaged, never panics a reader: frames cut at
//! every length or with random bytes changed, CouchDB answers with random edits, parts pushed
//! in random orders with random counts, random stamp keys. A refusal is a typed error with
//! its module's code; what is accepted keeps its promises (a frame accepted re-frames to the
//! same bytes, a key accepted gives the same key back, the assembler's bounds hold).
//! `FUZZ_CASES` sets the count (3,000 by default).

use encours_core::generator::Rng;
use encours_sync::couch;
use encours_sync::doc::SyncDoc;
use encours_sync::frame::{frame, unframe, Batch};
use encours_sync::hlc::Hlc;
use encours_sync::parts::{split, Assembler};

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// `base` with up to `edits` + 1 random edits, biased to bytes that matter to the format.
fn mutate(rng: &mut Rng, base: &[u8], edits: u64, alphabet: &[u8]) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..=rng.below(edits + 1) {
        let pos = rng.below(v.len() as u64 + 1) as usize;
        let pick = |rng: &mut Rng| alphabet[rng.below(alphabet.len() as u64) as usize];
        match rng.below(6) {
            0 if pos < v.len() => v[pos] = rng.next_u64() as u8,
            1 => v.insert(pos, pick(rng)),
            2 if pos < v.len() => {
                v.remove(pos);
            }
            3 => v.truncate(pos),
            4 => {
                let end = (pos + rng.below(40) as usize).min(v.len());
                let chunk = v[pos..end].to_vec();
                v.splice(pos..pos, chunk);
            }
            _ if pos < v.len() => v[pos] = pick(rng),
            _ => v.push(pick(rng)),
        }
    }
    v
}

fn sample_batch(rng: &mut Rng) -> Batch {
    let events = (0..rng.below(5))
        .map(|_| {
            let head = (0..rng.below(200)).map(|_| rng.next_u64() as u8).collect();
            let body = (0..rng.below(300)).map(|_| rng.next_u64() as u8).collect();
            (head, body)
        })
        .collect();
    Batch {
        stamp: Hlc {
            wall_ms: rng.next_u64() as i64,
            counter: rng.next_u64() as u32,
            device: rng.next_u64(),
        },
        events,
    }
}

#[test]
fn every_truncation_of_a_frame_is_refused() {
    let mut rng = Rng::new(1);
    for _ in 0..50 {
        let bytes = frame(&sample_batch(&mut rng));
        for cut in 0..bytes.len() {
            let e = unframe(&bytes[..cut]).unwrap_err();
            assert!(e.code().starts_with("frame_"), "{cut}: {e}");
            assert!(e.offset() <= cut);
        }
    }
}

#[test]
fn damaged_frames_are_refused_or_reframe_to_themselves() {
    let mut rng = Rng::new(2);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..cases() {
        let bytes = frame(&sample_batch(&mut rng));
        let damaged = mutate(&mut rng, &bytes, 4, &[0, 1, 0x7f, 0x80, 0xff]);
        match unframe(&damaged) {
            Ok(batch) => {
                assert_eq!(frame(&batch), damaged);
                accepted += 1;
            }
            Err(e) => {
                assert!(e.code().starts_with("frame_") && e.offset() <= damaged.len());
                refused += 1;
            }
        }
        let noise: Vec<u8> = (0..rng.below(64)).map(|_| rng.next_u64() as u8).collect();
        if let Ok(batch) = unframe(&noise) {
            assert_eq!(frame(&batch), noise);
        }
    }
    assert!(accepted > 0 && refused > 0, "{accepted} {refused}");
}

#[test]
fn random_keys_are_refused_or_round_trip() {
    let mut rng = Rng::new(3);
    for _ in 0..cases() {
        let good = Hlc {
            wall_ms: rng.next_u64() as i64,
            counter: rng.next_u64() as u32,
            device: rng.next_u64(),
        }
        .to_key();
        let damaged = mutate(&mut rng, good.as_bytes(), 2, b"0123456789abcdefABCDEF-+ ");
        let text = String::from_utf8_lossy(&damaged);
        match Hlc::from_key(&text) {
            Ok(h) => assert_eq!(h.to_key(), text),
            Err(e) => assert!(e.code().starts_with("hlc_key_")),
        }
    }
}

/// Answers of every kind the readers take, to damage.
fn answers() -> Vec<(&'static str, String)> {
    let doc = serde_json::to_string(&SyncDoc::new(5, 0, 2, &[3; 12], &[4; 30])).unwrap();
    vec![
        (
            "changes",
            format!(
                r#"{{"results":[{{"seq":"1-g1AA","id":"b00000000000000000000000000000005-0000","changes":[{{"rev":"1-a"}}],"doc":{doc}}},{{"seq":"2-x","id":"_design/x","deleted":true}}],"last_seq":"2-g1AA","pending":0}}"#
            ),
        ),
        (
            "all_docs",
            format!(
                r#"{{"rows":[{{"id":"b00000000000000000000000000000005-0000","key":"b00000000000000000000000000000005-0000","value":{{"rev":"1-a"}},"doc":{doc}}},{{"key":"b1-0000","error":"not_found"}}]}}"#
            ),
        ),
        (
            "bulk",
            r#"[{"ok":true,"id":"b1-0000","rev":"1-a"},{"id":"b1-0001","error":"conflict","reason":"Document update conflict."}]"#.into(),
        ),
        ("checkpoint", r#"{"_id":"_local/p","_rev":"0-1","seq":17}"#.into()),
        ("put", r#"{"ok":true,"id":"_local/p","rev":"0-2"}"#.into()),
        ("error", r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#.into()),
    ]
}

#[test]
fn damaged_answers_are_read_or_refused_with_a_code() {
    let mut rng = Rng::new(4);
    let answers = answers();
    let mut read = [0u64; 6];
    for i in 0..cases() {
        let k = (i % answers.len() as u64) as usize;
        let (what, base) = &answers[k];
        let damaged = mutate(
            &mut rng,
            base.as_bytes(),
            3,
            b"{}[]\",:0123456789-_ae\\tnul",
        );
        let ok = match *what {
            "changes" => match couch::parse_changes(&damaged) {
                Ok(page) => {
                    for d in &page.docs {
                        assert!(d.check().is_ok());
                        // The ciphertext is read only now: refused or decoded, no panic.
                        let _ = d.unpack();
                    }
                    for (_, e) in &page.foreign {
                        assert!(e.code().starts_with("doc_"));
                    }
                    true
                }
                Err(e) => refused(&e),
            },
            "all_docs" => couch::parse_all_docs(&damaged).map_or_else(|e| refused(&e), |_| true),
            "bulk" => couch::parse_bulk_docs(&damaged).map_or_else(|e| refused(&e), |_| true),
            "checkpoint" => {
                couch::parse_checkpoint(&damaged).map_or_else(|e| refused(&e), |_| true)
            }
            "put" => couch::parse_put(&damaged).map_or_else(|e| refused(&e), |_| true),
            _ => {
                let e = couch::parse_error(rng.below(600) as u16, &damaged);
                assert!(e.code().starts_with("couch_") && !e.to_string().is_empty());
                true
            }
        };
        read[k] += u64::from(ok);
    }
    // Some damage is harmless (a digit changed in a seq): each reader accepted some.
    assert!(read.iter().all(|&n| n > 0), "{read:?}");
}

fn refused(e: &couch::CouchError) -> bool {
    assert_eq!(e.code(), "couch_bad_reply");
    assert!(!e.to_string().is_empty());
    false
}

#[test]
fn random_documents_never_panic_their_checks() {
    let mut rng = Rng::new(5);
    let base = serde_json::to_string(&SyncDoc::new(9, 1, 3, &[1; 12], &[2; 40])).unwrap();
    for _ in 0..cases() {
        let damaged = mutate(&mut rng, base.as_bytes(), 3, b"0123456789abcdef+/=-\"");
        if let Ok(d) = serde_json::from_slice::<SyncDoc>(&damaged) {
            match d.unpack() {
                Ok(s) => assert!(d.check().is_ok() && s.part < s.parts),
                Err(e) => assert!(e.code().starts_with("doc_")),
            }
        }
    }
}

#[test]
fn random_parts_keep_the_assembler_within_bounds() {
    let mut rng = Rng::new(6);
    let (max_parts, max_bytes) = (20, 600);
    let mut asm = Assembler::with_limits(max_parts, max_bytes);
    // A few true batches, whose parts are pushed among random ones.
    let plains: Vec<Vec<u8>> = (0..8u8).map(|i| vec![i; 10 + 7 * usize::from(i)]).collect();
    let split_up: Vec<Vec<Vec<u8>>> = plains.iter().map(|p| split(p, 9)).collect();
    let mut completed = vec![0; plains.len()];
    for _ in 0..cases() {
        let result = if rng.chance(50) {
            let b = rng.below(plains.len() as u64) as usize;
            let parts = &split_up[b];
            let i = rng.below(parts.len() as u64) as usize;
            let got = asm.push(b as u128, i as u32, parts.len() as u32, parts[i].clone());
            if let Ok(Some(plain)) = &got {
                assert_eq!(plain, &plains[b]);
                completed[b] += 1;
            }
            got
        } else {
            let batch = 100 + u128::from(rng.below(6));
            let count = rng.below(8) as u32;
            let index = rng.below(9) as u32;
            let bytes = (0..rng.below(80)).map(|_| rng.next_u64() as u8).collect();
            asm.push(batch, index, count, bytes)
        };
        if let Err(e) = result {
            assert!(e.code().starts_with("part_"));
            if rng.chance(20) {
                let first = asm.pending().next();
                if let Some(b) = first {
                    asm.forget(b);
                }
            }
        }
        assert!(asm.held_parts() <= max_parts && asm.held_bytes() <= max_bytes);
    }
    assert!(completed.iter().sum::<u32>() > 0, "{completed:?}");
}
