use super::*;
use crate::generator::{generate, GeneratorOptions};
use crate::test_support::{date, dec};

#[test]
fn chunks_round_trip() {
    let l = Portfolio::new(generate(&GeneratorOptions::new(60_000, date("2025-06-30"))));
    let chunks = to_chunks(&l);
    assert!(
        chunks
            .iter()
            .filter(|(k, _)| k.starts_with("invoices/"))
            .count()
            >= 3
    );
    let back = from_chunks(chunks.iter().rev().map(|(k, v)| (k.as_str(), v.as_slice()))).unwrap();
    assert_eq!(back, l);
}

#[test]
fn collection_layout_1_is_migrated_and_a_newer_one_refused() {
    let mut c = Collection::default();
    c.contract_rates
        .insert(crate::ledger::ClientId(3), dec("12.5"));
    c.next_activity = 7;
    // Layouts 1 and 2 had scenarios without `straight_to_notice` (a name and levels).
    let s0 = c.settings.clone();
    let scenarios: Vec<(&String, &Vec<crate::dunning::Level>)> =
        s0.scenarios.iter().map(|s| (&s.name, &s.levels)).collect();
    let settings2 = (&scenarios, &s0.segments, s0.minimum, s0.deadline_days);
    // Layout 1 was these fields, in this order, after the version.
    let v1 = enc(&(
        1u32,
        settings2,
        &c.reached,
        &c.follow_ups,
        &c.activities,
        &c.promises,
        &c.contract_rates,
        c.next_activity,
        &c.plans,
        &c.disputes,
    ));
    let migrated = collection_from(&v1).unwrap();
    assert_eq!(migrated, c);
    assert_eq!(
        migrated.provision_rates,
        crate::provision::ProvisionRates::default()
    );
    c.set_owner(crate::ledger::ClientId(3), "Julie");
    c.provision_rates.litigation = dec("80");
    // Layouts 2 and 3 (3 only added an activity kind): the same plus checklists, owners,
    // provision rates and recovery costs.
    for version in [2u32, 3] {
        let v2 = enc(&(
            version,
            settings2,
            &c.reached,
            &c.follow_ups,
            &c.activities,
            &c.promises,
            &c.contract_rates,
            c.next_activity,
            &c.plans,
            &c.disputes,
            (
                &c.checklists,
                &c.owners,
                &c.provision_rates,
                &c.recovery_costs,
            ),
        ));
        assert_eq!(collection_from(&v2).unwrap(), c);
    }
    // The current layout round-trips with the new fields.
    c.law.acknowledgements.insert(
        crate::ledger::InvoiceId(4),
        crate::test_support::date("2025-02-01"),
    );
    c.settings.scenarios[0].straight_to_notice = true;
    let (_, bytes) = collection_chunk(&c);
    assert_eq!(collection_from(&bytes).unwrap(), c);
    let newer = enc(&(COLLECTION_VERSION + 1, &c));
    assert_eq!(
        collection_from(&newer).unwrap_err(),
        SnapshotError::CollectionLayout {
            found: COLLECTION_VERSION + 1
        }
    );
}

#[test]
fn missing_chunk_is_an_error() {
    let l = Portfolio::new(generate(&GeneratorOptions::new(30_000, date("2025-06-30"))));
    let chunks = to_chunks(&l);
    let partial = chunks
        .iter()
        .filter(|(k, _)| k != "invoices/1")
        .map(|(k, v)| (k.as_str(), v.as_slice()));
    assert_eq!(
        from_chunks(partial),
        Err(SnapshotError::Missing {
            record: "invoices".into()
        })
    );
    assert_eq!(
        from_chunks([("meta", &b"\xff\xff"[..])])
            .unwrap_err()
            .code(),
        "undecodable"
    );
}

#[test]
fn a_lost_meta_is_an_error_not_an_empty_book() {
    // The case: `meta` deleted showed "No data yet" and a negative outstanding.
    let l = Portfolio::new(generate(&GeneratorOptions::new(50, date("2025-06-30"))));
    let chunks = to_chunks(&l);
    let without_meta = chunks
        .iter()
        .filter(|(k, _)| k != "meta")
        .map(|(k, v)| (k.as_str(), v.as_slice()));
    assert_eq!(
        from_chunks(without_meta),
        Err(SnapshotError::Missing {
            record: "meta".into()
        })
    );
    // The follow-up alone (dunning settings set before any import) is a valid empty book.
    let c = Collection {
        next_activity: 3,
        ..Collection::default()
    };
    let (name, bytes) = collection_chunk(&c);
    let back = from_chunks([(name.as_str(), bytes.as_slice())]).unwrap();
    assert_eq!(back.follow_up, c);
    assert!(back.ledger().invoices.is_empty());
}

#[test]
fn salvage_keeps_the_readable_chunks_and_mends_references() {
    let l = generate(&GeneratorOptions::new(60_000, date("2025-06-30")));
    let chunks = to_chunks(&Portfolio::new(l.clone()));
    let damaged = SnapshotError::Damaged {
        record: "invoices/1".into(),
    };
    let s = salvage(chunks.iter().map(|(k, v)| {
        let p = if k == "invoices/1" {
            Err(damaged.clone())
        } else {
            Ok(v.as_slice())
        };
        (k.as_str(), p)
    }));
    assert_eq!(s.lost, ["invoices/1"]);
    // The oracle: the original invoices without the second chunk's 25,000.
    let expected: Vec<_> = l
        .invoices
        .iter()
        .enumerate()
        .filter(|(k, _)| !(CHUNK..2 * CHUNK).contains(k))
        .map(|(_, i)| i.id)
        .collect();
    let got: Vec<_> = s.portfolio.ledger().invoices.iter().map(|i| i.id).collect();
    assert_eq!(got, expected);
    assert_eq!(s.portfolio.ledger().payments.len(), l.payments.len());
    assert_eq!(s.portfolio.ledger().clients, l.clients);
    assert_eq!(s.portfolio.ledger().next_invoice, l.next_invoice);
    // Some payments were allocated to the lost invoices: their allocations are gone.
    let lost_ids: std::collections::BTreeSet<_> =
        l.invoices[CHUNK..2 * CHUNK].iter().map(|i| i.id).collect();
    assert!(l
        .payments
        .iter()
        .any(|p| p.allocations.iter().any(|a| lost_ids.contains(&a.invoice))));
    assert!(s
        .portfolio
        .ledger()
        .payments
        .iter()
        .all(|p| p.allocations.iter().all(|a| !lost_ids.contains(&a.invoice))));
    // What is salvaged is a backup the app can restore (its reference checks pass).
    let text = crate::backup::export(&s.portfolio, &Default::default(), "2026-12-01T00:00:00Z");
    assert_eq!(
        crate::backup::parse(&text).unwrap().data.portfolio,
        s.portfolio
    );
}

#[test]
fn salvage_without_clients_or_meta_recreates_what_is_named() {
    let l = generate(&GeneratorOptions::new(300, date("2025-06-30")));
    let chunks = to_chunks(&Portfolio::new(l.clone()));
    let s = salvage(chunks.iter().map(|(k, v)| {
        let p = if k == "clients" || k == "meta" {
            Err(SnapshotError::Damaged { record: k.clone() })
        } else {
            Ok(v.as_slice())
        };
        (k.as_str(), p)
    }));
    assert_eq!(s.lost, ["clients", "meta"]);
    assert_eq!(s.portfolio.ledger().invoices, l.invoices);
    // Every client named by an invoice comes back as "#id".
    for i in &l.invoices {
        let c = s.portfolio.ledger().client(i.client).unwrap();
        assert_eq!(c.name, format!("#{}", i.client.counter()));
    }
    // Counters from the ids present: the largest id + 1.
    let max_inv = l.invoices.iter().map(|i| i.id.counter()).max().unwrap();
    assert_eq!(s.portfolio.ledger().next_invoice, max_inv + 1);
    let text = crate::backup::export(&s.portfolio, &Default::default(), "2026-12-01T00:00:00Z");
    assert!(crate::backup::parse(&text).is_ok());
}

#[test]
fn deltas_replay_edits() {
    let mut l = generate(&GeneratorOptions::new(200, date("2025-06-30")));
    let saved = l.clone();
    let inv = l.invoices[3].id;
    let p = l
        .record_payment(inv, date("2025-07-01"), dec("10.00"))
        .unwrap();
    let delta = Delta::of(&l, &[], &[p], &[]);
    let mut replayed = saved;
    Delta::decode(&delta.encode()).unwrap().apply(&mut replayed);
    assert_eq!(replayed, l);
}

/// `l` with every id (and every reference) made by the device tagged `tag` when `pick` says so.
fn retagged(l: &Ledger, tag: impl Fn(u32) -> u32) -> Ledger {
    use crate::ledger::ClientId;
    let c = |id: ClientId| ClientId::new(tag(id.counter()), id.counter());
    let i = |id: InvoiceId| InvoiceId::new(tag(id.counter()), id.counter());
    let mut m = l.clone();
    m.clients.iter_mut().for_each(|x| x.id = c(x.id));
    for x in &mut m.invoices {
        (x.id, x.client, x.applies_to) = (i(x.id), c(x.client), x.applies_to.map(i));
    }
    for x in &mut m.payments {
        (x.id, x.client) = (
            PaymentId::new(tag(x.id.counter()), x.id.counter()),
            c(x.client),
        );
        x.allocations
            .iter_mut()
            .for_each(|a| a.invoice = i(a.invoice));
    }
    m
}

/// Records made on one device take the bytes of untagged ones (the tags' table: one entry);
/// on two devices, a little more; either way they read back as they were, in any order.
#[test]
fn tagged_ids_are_written_against_their_table() {
    let l = generate(&GeneratorOptions::new(30_000, date("2025-06-30")));
    let size = |c: &[(String, Vec<u8>)]| c.iter().map(|(_, v)| v.len()).sum::<usize>();
    let plain = to_chunks(&Portfolio::new(l.clone()));
    assert!(
        plain.iter().all(|(k, _)| k != "tags"),
        "an untagged book is written as before"
    );
    let one = Portfolio::new(retagged(&l, |_| 0x9abc_def1));
    let two = Portfolio::new(retagged(&l, |c| {
        if c % 3 == 0 {
            0x1234_5678
        } else {
            0x9abc_def1
        }
    }));
    let raw = Portfolio::new(retagged(&l, |c| 0x9000_0000 + c % 9)); // nine: past the table
    for (p, what) in [
        (&one, "one device"),
        (&two, "two devices"),
        (&raw, "nine devices"),
    ] {
        let chunks = to_chunks(p);
        let back = from_chunks(chunks.iter().rev().map(|(k, v)| (k.as_str(), v.as_slice())));
        assert_eq!(&back.unwrap(), p, "{what}");
        let has_table = chunks.iter().any(|(k, _)| k == "tags");
        assert_eq!(has_table, what != "nine devices", "{what}");
    }
    // One device: each id the bytes of its counter, the table's few bytes aside.
    let one_size = size(&to_chunks(&one));
    assert!(
        one_size - size(&plain) < 16,
        "{one_size} vs {}",
        size(&plain)
    );
    // Raw ids cost some 6 more bytes each; the two-device table about none.
    let (two_size, raw_size) = (size(&to_chunks(&two)), size(&to_chunks(&raw)));
    assert!(two_size < size(&plain) + size(&plain) / 20, "{two_size}");
    assert!(raw_size > size(&plain) + size(&plain) / 10, "{raw_size}");
}

/// An id whose tag is not in the table is reported, so the caller writes raw ids instead.
#[test]
fn an_id_outside_the_table_is_reported() {
    let id = InvoiceId::new(5, 12);
    let (bytes, missed) = crate::ledger::with_tags(&[7], || enc(&id));
    assert!(missed);
    assert_eq!(
        super::dec::<InvoiceId>(&bytes, "id").unwrap(),
        id,
        "written raw"
    );
    let (bytes, missed) = crate::ledger::with_tags(&[7, 5], || enc(&id));
    assert!(!missed);
    assert_eq!(bytes, enc(&(12u64 * 2 + 1)));
    let back =
        crate::ledger::with_tags(&[7, 5], || super::dec::<InvoiceId>(&bytes, "id").unwrap()).0;
    assert_eq!(back, id);
    // And the table is gone after: ids are raw again.
    assert_eq!(enc(&id), enc(&id.0));
}

/// Salvage: a lost table loses the records written against it, and says so.
#[test]
fn salvage_without_the_table_loses_the_records_it_reads() {
    let l = retagged(
        &generate(&GeneratorOptions::new(2_000, date("2025-06-30"))),
        |_| 3,
    );
    let chunks = to_chunks(&Portfolio::new(l));
    let s = salvage(chunks.iter().map(|(k, v)| {
        let payload = if k == "tags" {
            Err(missing("tags"))
        } else {
            Ok(v.as_slice())
        };
        (k.as_str(), payload)
    }));
    assert!(s.lost.contains(&"tags".to_string()));
    assert!(s.lost.contains(&"invoices/0".to_string()));
    assert!(s.portfolio.invoices.is_empty());
}
