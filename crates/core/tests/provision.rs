//! Provisions for doubtful receivables: rates by bucket and litigation, on the net amount.

mod common;

use common::{date, dec, load};
use encours_core::aging::Buckets;
use encours_core::provision::{entries_csv, provisions, ProvisionRates};

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
    let (l, r) = load(BOOK, "2025-06-30");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let p = provisions(
        &l,
        date("2025-12-31"),
        &Buckets::default(),
        &ProvisionRates::default(),
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
    assert_eq!(sum("416", 3), dec("4920"));
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
