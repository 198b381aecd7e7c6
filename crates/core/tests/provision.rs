//! Provisions for doubtful receivables: rates by bucket and litigation, on the net amount.

mod common;

use common::{date, dec, load_pf};
use encours_core::aging::Buckets;
use encours_core::provision::{entries_csv, entries_csv_since, provisions, ProvisionRates};

const BOOK: &str = "N° facture;Client;Date;Échéance;Montant HT;TVA;Montant TTC;Réglé;Statut
P-1;Acme;01/01/2025;31/01/2025;1 000,00;200,00;1 200,00;600,00;
P-2;Acme;01/11/2025;01/12/2025;500,00;100,00;600,00;;
P-3;Bravo;01/10/2025;31/10/2025;;;1 200,00;;
P-4;Bravo;01/06/2025;01/07/2025;2 000,00;400,00;2 400,00;;Contentieux
P-5;Cosy;01/12/2025;31/12/2025;100,00;20,00;120,00;;
P-6;=Evil;01/01/2025;31/01/2025;100,00;20,00;120,00;;
";

#[test]
fn provisions_on_the_net_amount_by_bucket_and_litigation() {
    let (l, r) = load_pf(BOOK, "2025-06-30");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The statistical example grid, chosen by the user (the default is 0 %, see below).
    let p = provisions(
        &l,
        date("2025-12-31"),
        &Buckets::default(),
        &ProvisionRates::statistical_example(),
    );
    // (number, bucket, outstanding incl. VAT, net, derived, rate, provision)
    let got: Vec<_> = p
        .lines
        .iter()
        .map(|x| {
            (
                x.number.as_str(),
                x.bucket,
                x.outstanding,
                x.net,
                x.net_derived,
                x.rate,
                x.amount,
            )
        })
        .collect();
    let want = vec![
        // 600 of 1,200 still owed: net 500, > 90 days at 10.8 %.
        (
            "P-1",
            Some(4),
            dec("600"),
            dec("500"),
            false,
            dec("10.8"),
            dec("54.00"),
        ),
        // 30 days late: 1–30 at 1.5 %.
        (
            "P-2",
            Some(1),
            dec("600"),
            dec("500"),
            false,
            dec("1.5"),
            dec("7.50"),
        ),
        // No net amount: derived at 20 % VAT (1,200 / 1.2), 61 days at 7.1 %, flagged.
        (
            "P-3",
            Some(3),
            dec("1200"),
            dec("1000"),
            true,
            dec("7.1"),
            dec("71.00"),
        ),
        // In litigation: 100 % of the net, whatever the age.
        (
            "P-4",
            None,
            dec("2400"),
            dec("2000"),
            false,
            dec("100"),
            dec("2000.00"),
        ),
        (
            "P-6",
            Some(4),
            dec("120"),
            dec("100"),
            false,
            dec("10.8"),
            dec("10.80"),
        ),
    ];
    assert_eq!(got, want);
    // P-5 is not due: rate 0, no line.
    assert_eq!(p.total, dec("2143.30"));
    let by_client: Vec<_> = p.by_client().into_iter().map(|(_, a)| a).collect();
    assert_eq!(by_client, [dec("61.50"), dec("2071.00"), dec("10.80")]);

    let csv = entries_csv(&l, &p, date("2025-12-31"));
    assert!(csv.starts_with("\u{feff}Date;Compte;Libellé;Débit;Crédit;Pièce\r\n"));
    let sum = |account: &str, col: usize| -> rust_decimal::Decimal {
        csv.lines()
            .filter(|x| x.split(';').nth(1) == Some(account))
            .map(|x| x.split(';').nth(col).unwrap().replace(',', "."))
            .filter(|c| !c.is_empty())
            .map(|c| dec(&c))
            .sum()
    };
    assert_eq!(sum("6817", 3), dec("2143.30"));
    assert_eq!(sum("491", 4), dec("2143.30"));
    assert_eq!(sum("416", 3), sum("411", 4));
    // Only P-4, in litigation, moves to 416 (2,400 incl. VAT): nobody marked the others
    // doubtful, a statistical rate does not make them so.
    assert_eq!(sum("416", 3), dec("2400"));
    // A client named like a formula is neutralised.
    assert!(
        csv.contains(";Provision P-6 =Evil;") && !csv.contains(";=Evil"),
        "{csv}"
    );
    assert!(
        csv.contains("31/12/2025;6817;Dotation provision P-4 Bravo;2000,00;;P-4\r\n"),
        "{csv}"
    );
}

/// Sum of one column (3 debit, 4 credit) of an account's lines in an entries CSV.
fn sum(csv: &str, account: &str, col: usize) -> rust_decimal::Decimal {
    csv.lines()
        .filter(|x| x.split(';').nth(1) == Some(account))
        .map(|x| x.split(';').nth(col).unwrap().replace(',', "."))
        .filter(|c| !c.is_empty())
        .map(|c| dec(&c))
        .sum()
}

#[test]
fn the_default_grid_provisions_only_what_is_justified_and_doubtful_marks_move_to_416() {
    let (mut l, _) = load_pf(BOOK, "2025-06-30");
    let closing = date("2025-12-31");
    let rates = ProvisionRates::default();
    assert!(rates.by_bucket.iter().all(|r| r.is_zero()) && rates.litigation == dec("100"));
    let p = provisions(&l, closing, &Buckets::default(), &rates);
    // Only P-4 in litigation: 2,000 net × 100 %.
    let numbers: Vec<_> = p.lines.iter().map(|x| x.number.as_str()).collect();
    assert_eq!((numbers, p.total), (vec!["P-4"], dec("2000.00")));
    // The user marks P-1 doubtful (at 0 %): it moves to 416 (600 still owed) with no allowance.
    let p1 = l.invoices.iter().find(|i| i.number == "P-1").unwrap().id;
    l.follow_up.law.doubtful.insert(p1, date("2025-12-15"));
    let p = provisions(&l, closing, &Buckets::default(), &rates);
    let csv = entries_csv(&l, &p, closing);
    assert_eq!(sum(&csv, "416", 3), dec("3000")); // 2,400 (P-4) + 600 (P-1)
    assert_eq!(sum(&csv, "6817", 3), dec("2000.00"));
}

#[test]
fn a_provision_that_falls_is_written_back_to_7817() {
    let (l, _) = load_pf(BOOK, "2025-06-30");
    let closing = date("2025-12-31");
    let before = provisions(
        &l,
        closing,
        &Buckets::default(),
        &ProvisionRates::statistical_example(),
    );
    // The next closing with 1–30 days at 3.4 % and 61–90 at 0 %: P-2 rises 7.50 → 17.00
    // (500 × 3.4 %), +9.50 booked 6817 / 491; P-3 (71.00) is gone, written back 491 / 7817;
    // P-1 54.00, P-4 2,000.00, P-6 10.80 unchanged: no line. P-4 was already in 416.
    let mut rates = ProvisionRates::statistical_example();
    rates.by_bucket[1] = dec("3.4");
    rates.by_bucket[3] = dec("0");
    let after = provisions(&l, closing, &Buckets::default(), &rates);
    let csv = entries_csv_since(&l, &before, &after, closing);
    assert_eq!(
        (sum(&csv, "6817", 3), sum(&csv, "491", 4)),
        (dec("9.50"), dec("9.50"))
    );
    assert_eq!(
        (sum(&csv, "491", 3), sum(&csv, "7817", 4)),
        (dec("71.00"), dec("71.00"))
    );
    assert_eq!(sum(&csv, "416", 3), dec("0"));
    assert!(
        csv.contains(";7817;Reprise provision P-3 Bravo;;71,00;P-3\r\n"),
        "{csv}"
    );
}

#[test]
fn a_doubtful_invoice_at_0_percent_comes_back_to_411_with_no_provision_to_write_back() {
    // The default grid: P-1 marked doubtful has a line at 0 % (600 owed, 1,200 − 600 paid, in
    // 416, no provision); P-4 in litigation, 2,400 in 416, 2,000.00 provisioned.
    let (mut l, _) = load_pf(BOOK, "2025-06-30");
    let closing = date("2025-12-31");
    let rates = ProvisionRates::default();
    let p1 = l.invoices.iter().find(|i| i.number == "P-1").unwrap().id;
    l.follow_up.law.doubtful.insert(p1, date("2025-12-15"));
    let before = provisions(&l, closing, &Buckets::default(), &rates);
    assert_eq!(
        sum(&entries_csv(&l, &before, closing), "416", 3),
        dec("3000")
    );
    // Unmarked: P-1 has no line any more (0 %, not doubtful), its 600 comes back to 411 and,
    // its provision being 0, nothing is written back; P-4 is unchanged: no line.
    l.follow_up.law.doubtful.remove(&p1);
    let after = provisions(&l, closing, &Buckets::default(), &rates);
    let csv = entries_csv_since(&l, &before, &after, closing);
    let body: Vec<_> = csv.lines().skip(1).collect();
    assert_eq!(
        body,
        [
            "31/12/2025;411;Retour en compte client P-1 Acme;600,00;;P-1",
            "31/12/2025;416;Retour en compte client P-1 Acme;;600,00;P-1",
        ]
    );
}
