//! Aged balance: the worked cases of DOMAIN.md as tables, and its invariants as properties
//! (the naive reference it is compared with on random books is in aging_reference.rs).

mod common;
use common::*;
use encours_core::aging::{age, AgingOptions, Buckets};
use encours_core::import::{import, ImportOptions};
use encours_core::ledger::{Installment, InvoiceStatus};
use encours_core::Ledger;
use proptest::prelude::*;
use rust_decimal::Decimal;

const HEAD: &str = "N° facture;Client;Date;Échéance;Montant TTC;Réglé\n";

fn aged(csv: &str, as_of: &str) -> encours_core::aging::CurrencyAging {
    let (l, r) = load(csv, "2025-06-30");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    age(&l, &AgingOptions::new(date(as_of)))
        .currencies
        .remove(0)
}

#[test]
fn bucket_bounds_are_inclusive() {
    let b = Buckets::default();
    let table = [
        (-5, 0),
        (0, 0),
        (1, 1),
        (30, 1),
        (31, 2),
        (60, 2),
        (61, 3),
        (90, 3),
        (91, 4),
        (400, 4),
    ];
    for (days, bucket) in table {
        assert_eq!(b.index(days), bucket, "{days} days late");
    }
    assert_eq!(b.labels(), ["not due", "1–30", "31–60", "61–90", "> 90"]);
    let custom = Buckets::parse("15,45").unwrap();
    assert_eq!(custom.labels(), ["not due", "1–15", "16–45", "> 45"]);
    assert!(Buckets::parse("60,30").is_err());
    assert!(Buckets::parse("0,30").is_err());
}

#[test]
fn invoices_land_in_their_buckets() {
    // As of 2025-06-30: due 06-30 not due, 05-31 30 days, 05-01 60 days, 04-01 90 days, 03-31 91.
    let csv = format!(
        "{HEAD}A;X;01/06/2025;30/06/2025;100,00;\nB;X;01/05/2025;31/05/2025;200,00;\nC;X;01/04/2025;01/05/2025;300,00;50,00\nD;X;01/03/2025;01/04/2025;400,00;\nE;X;01/03/2025;31/03/2025;500,00;\n"
    );
    let a = aged(&csv, "2025-06-30");
    assert_eq!(
        a.buckets,
        [dec("100"), dec("200"), dec("250"), dec("400"), dec("500")]
    );
    assert_eq!(a.total, dec("1450"));
    assert_eq!(a.clients[0].oldest_days_late, 91);
}

#[test]
fn installments_take_payments_earliest_first() {
    // DOMAIN.md: 100 in 30/50/20, a payment of 40 leaves 0/40/20.
    let (mut l, _) = load(
        &format!("{HEAD}F1;X;01/01/2025;31/01/2025;100;\n"),
        "2025-06-30",
    );
    l.invoices[0].installments = vec![
        Installment {
            due_date: date("2025-01-31"),
            amount: dec("30"),
        },
        Installment {
            due_date: date("2025-04-15"),
            amount: dec("50"),
        },
        Installment {
            due_date: date("2025-07-31"),
            amount: dec("20"),
        },
    ];
    let id = l.invoices[0].id;
    l.record_payment(id, date("2025-02-01"), dec("40")).unwrap();
    let mut o = AgingOptions::new(date("2025-06-30"));
    o.detail = true;
    let a = age(&l, &o).currencies.remove(0);
    let lines: Vec<_> = a.clients[0].invoices[0]
        .lines
        .iter()
        .map(|x| (x.due_date, x.amount))
        .collect();
    assert_eq!(
        lines,
        [
            (date("2025-04-15"), dec("40")),
            (date("2025-07-31"), dec("20"))
        ]
    );
    // 2025-04-15 is 76 days late: 61–90; the last installment is not due.
    assert_eq!(
        a.buckets,
        [dec("20"), dec("0"), dec("0"), dec("40"), dec("0")]
    );
}

#[test]
fn disputed_apart_and_credits_fifo() {
    let csv = String::from(
        "N° facture;Client;Date;Échéance;Montant TTC;Statut\nA;X;01/01/2025;31/01/2025;100;\nB;X;01/02/2025;28/02/2025;100;\nL;X;01/01/2025;31/01/2025;70;Litige\nAV1;X;01/03/2025;01/03/2025;-150;\nAV2;Y;01/03/2025;01/03/2025;-30;\n"
    );
    let a = aged(&csv, "2025-06-30");
    // The 150 credit note clears A (oldest) and half of B; the disputed invoice is not touched.
    assert_eq!(a.disputed, dec("70"));
    assert_eq!(a.buckets.iter().sum::<Decimal>(), dec("50"));
    assert_eq!(a.unallocated_credits, dec("30"));
    assert_eq!(a.total, dec("90"));
    let y = a.clients.iter().find(|c| &*c.name == "Y").unwrap();
    assert_eq!(y.total, dec("-30"));
}

#[test]
fn past_as_of_counts_only_what_was_dated_by_then() {
    let (mut l, _) = load(
        &format!("{HEAD}A;X;01/01/2025;31/01/2025;100;\nB;X;01/05/2025;31/05/2025;100;\n"),
        "2025-06-30",
    );
    let a_id = l.invoices[0].id;
    l.record_payment(a_id, date("2025-04-10"), dec("100"))
        .unwrap();
    let at = |d: &str| {
        age(&l, &AgingOptions::new(date(d)))
            .currencies
            .first()
            .map(|c| c.total)
            .unwrap_or_default()
    };
    assert_eq!(at("2025-03-01"), dec("100")); // B not issued yet, A not paid yet
    assert_eq!(at("2025-04-10"), dec("0"));
    assert_eq!(at("2025-06-30"), dec("100"));
    assert_eq!(at("2024-12-31"), dec("0"));
}

#[test]
fn written_off_and_overpaid() {
    let (mut l, _) = load(
        &format!("{HEAD}A;X;01/01/2025;31/01/2025;100;\nB;X;01/02/2025;28/02/2025;80;\n"),
        "2025-06-30",
    );
    let (a, b) = (l.invoices[0].id, l.invoices[1].id);
    l.set_status(a, InvoiceStatus::WrittenOff, date("2025-05-01"))
        .unwrap();
    l.record_payment(b, date("2025-03-01"), dec("100")).unwrap();
    let now = age(&l, &AgingOptions::new(date("2025-06-30")))
        .currencies
        .remove(0);
    assert_eq!(now.unallocated_credits, dec("20"));
    assert_eq!(now.total, dec("-20"));
    // Before the write-off, A was still due and took the overpayment.
    let before = age(&l, &AgingOptions::new(date("2025-04-01")))
        .currencies
        .remove(0);
    assert_eq!(before.total, dec("80"));
}

#[test]
fn what_was_paid_or_credited_on_a_written_off_invoice_is_not_a_credit() {
    let (mut l, _) = load(
        &format!("{HEAD}A;X;01/01/2025;31/01/2025;1000;\nB;X;01/02/2025;28/02/2025;80;\n"),
        "2025-06-30",
    );
    let (a, b) = (l.invoices[0].id, l.invoices[1].id);
    l.record_payment(a, date("2025-03-01"), dec("400")).unwrap();
    l.add_credit_note(a, "AV-A".into(), date("2025-03-15"), dec("100"))
        .unwrap();
    l.set_status(a, InvoiceStatus::WrittenOff, date("2025-05-01"))
        .unwrap();
    let now = age(&l, &AgingOptions::new(date("2025-06-30")))
        .currencies
        .remove(0);
    // The 500 left on A is the loss; the 400 paid and the 100 credited went to A, not to B.
    assert_eq!((now.total, now.unallocated_credits), (dec("80"), dec("0")));
    let before = age(&l, &AgingOptions::new(date("2025-04-01")))
        .currencies
        .remove(0);
    assert_eq!(before.total, dec("580"));
    let _ = b;
}

#[test]
fn currencies_are_never_added() {
    let csv = "N° facture;Client;Date;Échéance;Montant TTC;Devise\nA;X;01/01/2025;31/01/2025;100;EUR\nB;X;01/01/2025;31/01/2025;50;USD\n";
    let (l, _) = load(csv, "2025-06-30");
    let a = age(&l, &AgingOptions::new(date("2025-06-30")));
    let totals: Vec<_> = a
        .currencies
        .iter()
        .map(|c| (c.currency.to_string(), c.total))
        .collect();
    assert_eq!(
        totals,
        [
            ("EUR".to_string(), dec("100")),
            ("USD".to_string(), dec("50"))
        ]
    );
}

/// A random invoices CSV: (number, client, issue offset, due offset, amount cents, paid %, disputed).
fn rows() -> impl Strategy<Value = Vec<(u8, u16, u16, i32, u8, bool)>> {
    prop::collection::vec(
        (
            0u8..6,
            0u16..300,
            0u16..90,
            -50_000i32..200_000,
            0u8..=100,
            prop::bool::weighted(0.1),
        ),
        1..40,
    )
}

fn csv_of(rows: &[(u8, u16, u16, i32, u8, bool)]) -> String {
    let mut s = String::from("N° facture;Client;Date;Échéance;Montant TTC;Réglé;Statut\n");
    let base = date("2025-01-01");
    for (k, (client, issue, terms, cents, paid, disputed)) in rows.iter().enumerate() {
        let i = base + chrono::Days::new(u64::from(*issue));
        let d = i + chrono::Days::new(u64::from(*terms));
        let total = Decimal::new(i64::from(*cents), 2);
        let paid = if total > Decimal::ZERO {
            (total * Decimal::from(*paid) / Decimal::from(100)).round_dp(2)
        } else {
            Decimal::ZERO
        };
        s.push_str(&format!(
            "N{k};C{client};{};{};{};{};{}\n",
            i.format("%d/%m/%Y"),
            d.format("%d/%m/%Y"),
            total.to_string().replace('.', ","),
            paid.to_string().replace('.', ","),
            if *disputed { "Litige" } else { "" }
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128)))]

    #[test]
    /// The file's order changes nothing. (What each figure is worth is checked against a
    /// naive reference in aging_reference.rs: the sum `total = Σ buckets + disputed − credits`
    /// this property once checked is the expression the code computes the total with.)
    fn file_order_does_not_matter(rows in rows(), as_of in 0u16..500) {
        let as_of = date("2025-01-01") + chrono::Days::new(u64::from(as_of));
        let run = |csv: &str| {
            let mut l = Ledger::default();
            let r = import(&mut l, csv.as_bytes(), &ImportOptions::builder(date("2026-01-01")).build());
            prop_assert!(r.errors.is_empty(), "{:?}", r.errors);
            let a = age(&l, &AgingOptions::new(as_of));
            Ok(a.currencies.into_iter().map(|c| (c.total, c.buckets, c.disputed, c.unallocated_credits,
                c.clients.into_iter().map(|x| (x.name, x.total, x.buckets)).collect::<Vec<_>>())).collect::<Vec<_>>())
        };
        let forward = run(&csv_of(&rows))?;
        // Same rows (numbers included), file order reversed.
        let text = csv_of(&rows);
        let mut lines: Vec<&str> = text.lines().skip(1).collect();
        lines.reverse();
        let csv = format!("N° facture;Client;Date;Échéance;Montant TTC;Réglé;Statut\n{}\n", lines.join("\n"));
        let backward = run(&csv)?;
        prop_assert_eq!(forward, backward);
    }
}

#[test]
fn a_clients_own_book_gives_its_figures_as_the_whole_book_does() {
    use encours_core::generator::{generate, GeneratorOptions};
    use encours_core::scoring::score_all;
    let today = date("2025-06-30");
    let l = generate(&GeneratorOptions::new(2_000, today));
    let whole = age(&l, &AgingOptions::new(today));
    let pf = encours_core::Portfolio::new(l.clone());
    let scores = score_all(&pf, today);
    let mut checked = 0;
    for c in whole.currencies.iter().flat_map(|c| &c.clients).take(50) {
        let own = l.for_client(c.client);
        let mine = age(&own, &AgingOptions::new(today));
        assert_eq!(
            mine.currencies[0].clients,
            std::slice::from_ref(c),
            "{}",
            c.name
        );
        let k = l.clients.iter().position(|x| x.id == c.client).unwrap();
        assert_eq!(
            score_all(&pf.for_client(c.client), today),
            [scores[k].clone()],
            "{}",
            c.name
        );
        checked += 1;
    }
    assert_eq!(checked, 50);
}

#[test]
fn a_part_of_the_clients_carries_the_totals_of_its_rows() {
    use encours_core::generator::{generate, GeneratorOptions};
    let today = date("2025-06-30");
    let l = generate(&GeneratorOptions::new(2_000, today));
    let whole = age(&l, &AgingOptions::new(today));
    let c = &whole.currencies[0];
    assert_eq!(&c.only(|_| true), c);
    let (a, b) = (
        c.only(|x| x.client.0 % 2 == 0),
        c.only(|x| x.client.0 % 2 == 1),
    );
    assert!(!a.clients.is_empty() && !b.clients.is_empty());
    assert_eq!(a.total + b.total, c.total);
    assert_eq!(a.disputed + b.disputed, c.disputed);
    assert_eq!(
        a.unallocated_credits + b.unallocated_credits,
        c.unallocated_credits
    );
    for i in 0..c.buckets.len() {
        assert_eq!(a.buckets[i] + b.buckets[i], c.buckets[i]);
    }
    assert!(c.only(|_| false).total.is_zero());
}

#[test]
fn an_invoice_splits_into_buckets_and_a_client_row_says_what_is_overdue() {
    // 100 in 30/50/20, 40 paid: on 30/06 the 40 left of April is 76 days late, the 20 of July
    // not due; a disputed invoice adds to the disputed column only.
    let (mut l, _) = load(
        &format!("{HEAD}F1;X;01/01/2025;31/01/2025;100;\nF2;X;01/01/2025;31/05/2025;70;\n"),
        "2025-06-30",
    );
    l.invoices[0].installments = [
        ("2025-01-31", "30"),
        ("2025-04-15", "50"),
        ("2025-07-31", "20"),
    ]
    .map(|(d, a)| Installment {
        due_date: date(d),
        amount: dec(a),
    })
    .to_vec();
    let id = l.invoices[0].id;
    l.record_payment(id, date("2025-02-01"), dec("40")).unwrap();
    l.invoices[1].status = InvoiceStatus::Disputed;
    let mut o = AgingOptions::new(date("2025-06-30"));
    o.detail = true;
    let a = age(&l, &o).currencies.remove(0);
    let row = &a.clients[0];
    let n = row.buckets.len();
    let (f1, f2) = (&row.invoices[0], &row.invoices[1]);
    assert_eq!(
        f1.by_bucket(n),
        [20, 0, 0, 40, 0].map(Decimal::from).to_vec()
    );
    assert_eq!(f1.disputed_amount(), Decimal::ZERO);
    assert_eq!(f2.by_bucket(n), vec![Decimal::ZERO; n]);
    assert_eq!(f2.disputed_amount(), dec("70"));
    assert_eq!(row.overdue(), dec("40"));
    assert!(row.has_overdue());
    // The invoices' splits add up to the client's row.
    for b in 0..n {
        assert_eq!(f1.by_bucket(n)[b] + f2.by_bucket(n)[b], row.buckets[b]);
    }
    // Paid off but the July installment: nothing overdue.
    l.record_payment(id, date("2025-06-01"), dec("40")).unwrap();
    let a = age(&l, &o).currencies.remove(0);
    assert_eq!(a.clients[0].overdue(), Decimal::ZERO);
    assert!(!a.clients[0].has_overdue());
}

#[test]
fn a_prepared_book_gives_the_same_reports_and_is_read_again_for_another_ledger() {
    fn shareable<T: Send + Sync>(_: &T) {}
    let (mut l, _) = load(
        &format!("{HEAD}F1;X;01/01/2025;31/01/2025;100;\nF2;Y;01/03/2025;31/03/2025;70;20\n"),
        "2025-06-30",
    );
    let o = AgingOptions::new(date("2025-06-30"));
    let prepared = encours_core::Book::new(&l).prepared();
    shareable(&prepared);
    let again = encours_core::Book::on(&l, prepared.clone());
    assert_eq!(again.age(&o), age(&l, &o));
    assert_eq!(again.age(&o).currencies[0].total, dec("150"));
    // A payment since: the ledger has another shape, the book is read again, not reused.
    let id = l.invoices[0].id;
    l.record_payment(id, date("2025-06-01"), dec("100"))
        .unwrap();
    let now = encours_core::Book::on(&l, prepared);
    assert_eq!(now.age(&o), age(&l, &o));
    assert_eq!(now.age(&o).currencies[0].total, dec("50"));
}
