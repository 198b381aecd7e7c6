//! The payment terms cap between businesses (L441-10 I Code de commerce): 60 days from the
//! invoice date, or, if agreed, 45 days end of month. An invoice due later gets a warning (the
//! contract may be unlawful, the invoice is still owed), never a refusal. Some sectors have
//! their own caps (L441-11: perishable food 30 days, transport 30 days, …): the user judges.
//!
//! "45 jours fin de mois" is read two ways in practice (the end of the month after 45 days, or
//! 45 days after the end of the month); both are accepted, so the cap is the later of them and
//! of the 60 days, and the warning never fires on a lawful reading.

use crate::portfolio::Portfolio;
use chrono::{Datelike, Duration, NaiveDate};

/// An invoice's due date past what L441-10 I allows.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct TermsOverCap {
    /// Days from the invoice date to its due date.
    pub days: i64,
    /// The latest due date the law allows for that invoice date.
    pub latest: NaiveDate,
}

impl TermsOverCap {
    /// Stable code of the warning.
    pub const CODE: &'static str = "payment_terms_over_cap";
}

/// The last day of `d`'s month.
pub fn end_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(d, |first| first - Duration::days(1))
}

/// The due date of "`days` jours fin de mois": the end of the month `days` days after `issue`.
pub fn due_end_of_month(issue: NaiveDate, days: u32) -> NaiveDate {
    end_of_month(issue + Duration::days(i64::from(days)))
}

/// The latest due date L441-10 I allows for an invoice of `issue`.
pub fn latest_due(issue: NaiveDate) -> NaiveDate {
    let sixty = issue + Duration::days(60);
    let eom_after = due_end_of_month(issue, 45);
    let after_eom = end_of_month(issue) + Duration::days(45);
    sixty.max(eom_after).max(after_eom)
}

/// A warning when the due date is past the cap.
///
/// ```
/// use encours_core::penalty::terms::check;
/// let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// assert_eq!(check(d("2025-01-01"), d("2025-03-31")).unwrap().days, 89);
/// assert!(check(d("2025-01-01"), d("2025-03-02")).is_none());
/// ```
pub fn check(issue: NaiveDate, due: NaiveDate) -> Option<TermsOverCap> {
    let latest = latest_due(issue);
    (due > latest).then(|| TermsOverCap {
        days: (due - issue).num_days(),
        latest,
    })
}

/// The due date of an invoice issued on `issue` under a client's terms: `days` after the
/// invoice date, or the end of that month when the client's terms are "fin de mois"
/// (`Collection::law.end_of_month`). For the import to derive due dates it lacks.
pub fn client_due(
    pf: &Portfolio,
    client: crate::ledger::ClientId,
    issue: NaiveDate,
    default_days: u32,
) -> NaiveDate {
    let ledger = pf.ledger();
    let days = ledger
        .client(client)
        .and_then(|c| c.terms_days)
        .unwrap_or(default_days);
    if pf.follow_up.law.end_of_month.contains_key(&client) {
        due_end_of_month(issue, days)
    } else {
        issue + Duration::days(i64::from(days))
    }
}

/// Every invoice of the ledger whose due date is past the cap, with its warning (the pages and
/// an import's report list them).
pub fn over_cap(ledger: &crate::Ledger) -> Vec<(crate::ledger::InvoiceId, TermsOverCap)> {
    ledger
        .invoices
        .iter()
        .filter(|i| i.kind == crate::ledger::DocKind::Invoice)
        .filter_map(|i| check(i.issue_date, i.due_date).map(|w| (i.id, w)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::date;

    #[test]
    fn caps_by_hand() {
        // (issue, due, warned days)
        let cases: &[(&str, &str, Option<i64>)] = &[
            // 89 days: 01/01 + 60 = 02/03; end of Feb (15/02 + EOM) = 28/02; 31/01 + 45 =
            // 17/03. The cap is 17/03: 31/03 is past it.
            ("2025-01-01", "2025-03-31", Some(89)),
            // 60 days exactly: allowed.
            ("2025-01-01", "2025-03-02", None),
            // 45 days end of month, second reading: 31/01 + 45 = 17/03 (75 days), allowed.
            ("2025-01-01", "2025-03-17", None),
            ("2025-01-01", "2025-03-18", Some(76)),
            // Mid-month: 20/01 + 60 = 21/03; 06/03 → 31/03; 31/01 + 45 = 17/03: cap 31/03.
            ("2025-01-20", "2025-03-31", None),
            ("2025-01-20", "2025-04-01", Some(71)),
        ];
        for &(issue, due, warned) in cases {
            assert_eq!(
                check(date(issue), date(due)).map(|w| w.days),
                warned,
                "{issue} → {due}"
            );
        }
        assert_eq!(due_end_of_month(date("2025-01-20"), 45), date("2025-03-31"));
        assert_eq!(due_end_of_month(date("2025-11-20"), 30), date("2025-12-31"));
        assert_eq!(end_of_month(date("2024-02-10")), date("2024-02-29"));
    }

    #[test]
    fn a_client_on_45_days_end_of_month() {
        let mut pf = crate::Portfolio::default();
        let c = pf.ledger_mut().add_client(crate::ledger::Client {
            name: "Acme".into(),
            ..Default::default()
        });
        pf.ledger_mut().client_mut(c).unwrap().terms_days = Some(45);
        // 45 days net: 20/01 + 45 = 06/03.
        assert_eq!(
            client_due(&pf, c, date("2025-01-20"), 30),
            date("2025-03-06")
        );
        pf.follow_up.law.end_of_month.insert(c, ());
        // 45 days end of month: 06/03 → 31/03.
        assert_eq!(
            client_due(&pf, c, date("2025-01-20"), 30),
            date("2025-03-31")
        );
    }
}
