//! An imported invoice due later than L441-10 I allows is imported with a warning that gives its
//! days and the latest lawful due date; one within the cap gets none.

mod common;

use common::{date, load};
use encours_core::import::Code;

#[test]
fn terms_past_the_cap_are_warned_with_their_days_and_the_rest_are_not() {
    // T-89: 01/01 → 31/03 = 30 + 28 + 31 = 89 days. The cap for 01/01/2025 is the later of
    // 01/01 + 60 days = 02/03 and the two "45 days end of month" readings (31/01 + 45 days =
    // 17/03; end of the month of 01/01 + 45 days = 15/02 → 28/02): 17/03/2025.
    // T-60: 01/01 → 02/03 = 60 days, within the cap. T-74: 01/01 → 16/03, 74 days, within the
    // "45 days end of month" reading. T-76 on 31/01: 31/01 + 60 = 01/04; the end of January
    // is 31/01 itself, + 45 = 17/03; end of (31/01 + 45 = 17/03) = 31/03: the cap is 01/04, and
    // 17/04 is 76 days.
    let csv = "N° facture;Client;Date;Échéance;Montant TTC
T-89;Acme;01/01/2025;31/03/2025;100,00
T-60;Acme;01/01/2025;02/03/2025;100,00
T-74;Acme;01/01/2025;16/03/2025;100,00
T-76;Bravo;31/01/2025;17/04/2025;100,00
";
    let (l, report) = load(csv, "2025-06-30");
    assert_eq!(l.invoices.len(), 4, "{:?}", report.errors);
    let warned: Vec<(u64, String, i64, chrono::NaiveDate)> = report
        .warnings
        .iter()
        .filter_map(|w| match &w.code {
            Code::PaymentTermsOverCap {
                number,
                days,
                latest,
            } => Some((w.line, number.clone(), *days, *latest)),
            _ => None,
        })
        .collect();
    assert_eq!(
        warned,
        [
            (2, "T-89".to_string(), 89, date("2025-03-17")),
            (5, "T-76".to_string(), 76, date("2025-04-01")),
        ]
    );
    assert_eq!(report.warnings[0].code.id(), "payment_terms_over_cap");
}
