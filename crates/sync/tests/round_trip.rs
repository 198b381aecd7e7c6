//! Events from one device reach another through a (simulated) CouchDB, as the sync loop
//! will move them: encoded by the core, framed, split, "encrypted", pushed as documents,
//! read back from a changes feed that shuffles and repeats them, reassembled, unframed and
//! decoded into the same events. The cipher is a stand-in (XOR with a keystream drawn
//! from the IV and the additional data): the crypto is the browser's, what is tested here
//! is that every byte gets where it belongs, and that moving a ciphertext is caught.

use encours_core::generator::Rng;
use encours_core::portfolio::changes::Changes;
use encours_core::portfolio::event::{Event, EventHead, EventId, Fact, EVENT_SCHEMA};
use encours_sync::couch::{self, PushOutcome};
use encours_sync::doc::{associated_data, Checkpoint, SyncDoc, IV_LEN, TAG_LEN};
use encours_sync::frame::{frame, unframe, Batch};
use encours_sync::hlc::{Clock, MAX_DRIFT_MS};
use encours_sync::parts::{split, Assembler};

const NOW: i64 = 1_752_537_600_000;

fn event(rng: &mut Rng, device: u64, at: i64, fact: Fact) -> Event {
    Event {
        head: EventHead {
            id: EventId(u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64())),
            schema: EVENT_SCHEMA,
            device,
            author: "Léa".into(),
            at,
            fact,
            device_name: "Poste de Léa".into(),
        },
        changes: Changes::default(),
    }
}

/// A keystream from the IV and the additional data: decrypting with other additional data
/// gives other bytes, and the "tag" (a checksum of plaintext and additional data) says so.
fn keystream(iv: &[u8; IV_LEN], aad: &[u8], len: usize) -> Vec<u8> {
    let mut seed = 0xcbf2_9ce4_8422_2325u64;
    for &b in iv.iter().chain(aad) {
        seed = (seed ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

fn tag(plain: &[u8], aad: &[u8]) -> [u8; TAG_LEN] {
    let mut t = [0u8; TAG_LEN];
    for (i, &b) in plain.iter().chain(aad).enumerate() {
        t[i % TAG_LEN] = t[i % TAG_LEN].wrapping_mul(31).wrapping_add(b);
    }
    t
}

fn seal(iv: &[u8; IV_LEN], aad: &[u8], plain: &[u8]) -> Vec<u8> {
    let ks = keystream(iv, aad, plain.len());
    let mut ct: Vec<u8> = plain.iter().zip(ks).map(|(p, k)| p ^ k).collect();
    ct.extend_from_slice(&tag(plain, aad));
    ct
}

fn open(iv: &[u8; IV_LEN], aad: &[u8], ct: &[u8]) -> Option<Vec<u8>> {
    let (body, t) = ct.split_at(ct.len().checked_sub(TAG_LEN)?);
    let ks = keystream(iv, aad, body.len());
    let plain: Vec<u8> = body.iter().zip(ks).map(|(c, k)| c ^ k).collect();
    (tag(&plain, aad) == t).then_some(plain)
}

/// A push: the events framed, split into parts of `max_part` bytes, sealed, as documents.
fn push(rng: &mut Rng, clock: &mut Clock, events: &[Event], max_part: usize) -> Vec<SyncDoc> {
    let batch = Batch {
        stamp: clock.tick(NOW),
        events: events.iter().map(Event::encode).collect(),
    };
    let id = u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64());
    let parts = split(&frame(&batch), max_part);
    let n = parts.len() as u32;
    let mut docs = Vec::new();
    for (i, plain) in parts.iter().enumerate() {
        let mut iv = [0u8; IV_LEN];
        iv.iter_mut().for_each(|b| *b = rng.next_u64() as u8);
        let aad = associated_data(id, i as u32, n);
        let doc = SyncDoc::new(id, i as u32, n, &iv, &seal(&iv, &aad, plain));
        assert_eq!(doc.associated_data(), aad);
        docs.push(doc);
    }
    docs
}

/// A server's changes feed of `docs` in the order given, with a seq per row.
fn feed(docs: &[&SyncDoc], numeric: bool, last: usize) -> String {
    let seq = |n: usize| {
        if numeric {
            n.to_string()
        } else {
            format!("\"{n}-g1AAAA\"")
        }
    };
    let rows: Vec<String> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            format!(
                r#"{{"seq":{},"id":"{}","changes":[{{"rev":"1-x"}}],"doc":{}}}"#,
                seq(i + 1),
                d.id,
                serde_json::to_string(d).unwrap()
            )
        })
        .collect();
    format!(
        r#"{{"results":[{}],"last_seq":{},"pending":0}}"#,
        rows.join(","),
        seq(last)
    )
}

/// A pull of one page: the batches it completes, decoded.
fn pull(page: &[u8], asm: &mut Assembler, clock: &mut Clock) -> (Vec<Vec<Event>>, String) {
    let page = couch::parse_changes(page).unwrap();
    assert!(page.foreign.is_empty(), "{:?}", page.foreign);
    let mut batches = Vec::new();
    for doc in &page.docs {
        let sealed = doc.unpack().unwrap();
        let plain = open(&sealed.iv, &sealed.aad, &sealed.ct).expect("a part opens");
        if let Some(whole) = asm
            .push(sealed.batch, sealed.part, sealed.parts, plain)
            .unwrap()
        {
            let batch = unframe(&whole).unwrap();
            assert!(batch.stamp.drift(NOW, MAX_DRIFT_MS).is_none());
            clock.observe(batch.stamp, NOW);
            let events = batch
                .events
                .iter()
                .map(|(h, b)| Event::decode(h, b).unwrap());
            batches.push(events.collect());
        }
    }
    (batches, page.last_seq)
}

#[test]
fn events_cross_from_one_device_to_another() {
    let mut rng = Rng::new(7);
    let (mut a, mut b) = (Clock::new(0xa), Clock::new(0xb));
    let facts = [
        Fact::SettingsChanged {
            what: "dunning".into(),
        },
        Fact::Replaced { demo: true },
        Fact::ClientEdited {
            client: encours_core::ledger::ClientId::new(1, 3),
            field: "email".into(),
        },
    ];
    let events: Vec<Event> = facts
        .into_iter()
        .map(|f| event(&mut rng, 0xa, NOW, f))
        .collect();
    let first = push(&mut rng, &mut a, &events, 24);
    let second = push(&mut rng, &mut a, &events[..1], 1 << 20);
    assert!(first.len() > 3 && second.len() == 1);

    // The push's body reads back as the documents (what the server stores).
    let body = couch::bulk_docs_body(&first);
    let stored: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stored["docs"].as_array().unwrap().len(), first.len());

    for numeric in [false, true] {
        // Parts shuffled, the second batch in the middle, one part twice.
        let mut order: Vec<&SyncDoc> = first.iter().rev().collect();
        order.insert(2, &second[0]);
        order.push(&first[1]);
        let page = feed(&order, numeric, order.len());
        let mut asm = Assembler::new();
        let (batches, last) = pull(page.as_bytes(), &mut asm, &mut b);
        assert_eq!(batches, [events[..1].to_vec(), events.clone()]);
        assert!(asm.is_idle());
        let n = order.len();
        assert_eq!(
            last,
            if numeric {
                n.to_string()
            } else {
                format!("{n}-g1AAAA")
            }
        );
        let c = Checkpoint::new("pull-b", &last);
        assert!(couch::checkpoint_path("db", "pull-b").ends_with(&c.id));
    }
    // B observed A's stamps: its next event is ordered after them.
    assert!(b.tick(NOW - 5_000) > a.last());
}

#[test]
fn a_page_boundary_inside_a_batch_leaves_parts_to_fetch() {
    let mut rng = Rng::new(8);
    let mut a = Clock::new(1);
    let events = [event(&mut rng, 1, NOW, Fact::Replaced { demo: false })];
    let docs = push(&mut rng, &mut a, &events, 10);
    let mut asm = Assembler::new();
    let mut b = Clock::new(2);
    let half: Vec<&SyncDoc> = docs[..2].iter().collect();
    let (batches, _) = pull(feed(&half, true, 2).as_bytes(), &mut asm, &mut b);
    assert!(batches.is_empty() && !asm.is_idle());
    // The missing ids, fetched by key, complete the batch.
    let ids: Vec<String> = asm
        .missing()
        .into_iter()
        .map(|(batch, part)| encours_sync::doc::doc_id(batch, part))
        .collect();
    assert_eq!(ids.len(), docs.len() - 2);
    assert!(couch::all_docs_body(&ids).contains(&ids[0]));
    let rows: Vec<String> = docs[2..]
        .iter()
        .map(|d| {
            format!(
                r#"{{"id":"{0}","key":"{0}","value":{{"rev":"1-x"}},"doc":{1}}}"#,
                d.id,
                serde_json::to_string(d).unwrap()
            )
        })
        .collect();
    let fetched =
        couch::parse_all_docs(format!(r#"{{"rows":[{}]}}"#, rows.join(",")).as_bytes()).unwrap();
    let mut done = None;
    for d in &fetched.docs {
        let s = d.unpack().unwrap();
        let plain = open(&s.iv, &s.aad, &s.ct).unwrap();
        done = done.or(asm.push(s.batch, s.part, s.parts, plain).unwrap());
    }
    let batch = unframe(&done.unwrap()).unwrap();
    assert_eq!(
        Event::decode(&batch.events[0].0, &batch.events[0].1).unwrap(),
        events[0]
    );
    assert!(asm.is_idle());
}

#[test]
fn a_moved_ciphertext_does_not_open() {
    let mut rng = Rng::new(9);
    let mut a = Clock::new(1);
    let events = [event(&mut rng, 1, NOW, Fact::Replaced { demo: false })];
    let docs = push(&mut rng, &mut a, &events, 10);
    // The server swaps two parts' ciphertexts (and IVs): their additional data differs.
    let mut moved = docs[1].clone();
    moved.ct = docs[0].ct.clone();
    moved.iv = docs[0].iv.clone();
    let s = moved.unpack().unwrap();
    assert!(open(&s.iv, &s.aad, &s.ct).is_none());
    // And one that claims another count.
    let mut recounted = docs[0].clone();
    recounted.parts += 1;
    let s = recounted.unpack().unwrap();
    assert!(open(&s.iv, &s.aad, &s.ct).is_none());
}

#[test]
fn a_retried_push_is_a_success() {
    let answer = br#"[{"ok":true,"id":"b1-0000","rev":"1-a"},{"id":"b1-0001","error":"conflict","reason":"Document update conflict."}]"#;
    let outcomes = couch::parse_bulk_docs(answer).unwrap();
    assert!(outcomes.iter().all(|(_, o)| o.is_stored()));
    assert_eq!(outcomes[1].1, PushOutcome::AlreadyThere);
}
