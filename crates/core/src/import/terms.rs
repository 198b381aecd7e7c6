//! Payment terms and status words as invoicing tools write them.

use super::header;
use crate::ledger::InvoiceStatus;
/// Payment terms as written: the first number of days, and whether they run to the end of
/// the month (« 30 jours fin de mois », « 45 jours FDM », "EOM"). "Net 30" → (30, false);
/// "à réception" / "due on receipt" → (0, false).
pub(super) fn parse_terms(f: &[u8]) -> Option<(u32, bool)> {
    let n = header::normalize(&String::from_utf8_lossy(f));
    let end_of_month = n.contains("fin de mois") || n.split(' ').any(|w| w == "fdm" || w == "eom");
    let digits: String = n
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u32>() {
        Ok(d) if d <= 366 => Some((d, end_of_month)),
        Ok(_) => None,
        Err(_) if n.contains("reception") || n.contains("receipt") || n.contains("comptant") => {
            Some((0, false))
        }
        Err(_) => None,
    }
}

/// The due date from terms: `days` after the issue, then (end of month) the last day of that
/// month, the reading of « 45 jours fin de mois » the DGCCRF gives first.
pub(super) fn due_from_terms(
    issue: chrono::NaiveDate,
    (days, end_of_month): (u32, bool),
) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let d = issue.checked_add_days(chrono::Days::new(u64::from(days)))?;
    if !end_of_month {
        return Some(d);
    }
    let first_next = if d.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    first_next.pred_opt()
}

/// Reads a status cell in French or English; unknown words leave the status alone.
pub(super) fn parse_status(f: &[u8]) -> Option<InvoiceStatus> {
    let n = header::normalize(&String::from_utf8_lossy(f));
    let has = |w: &str| n.contains(w);
    if has("litige") || has("conteste") || has("disput") {
        Some(InvoiceStatus::Disputed)
    } else if has("contentieux") || has("litigation") || has("judiciaire") {
        Some(InvoiceStatus::Litigation)
    } else if has("perte") || has("irrecouvrable") || has("written") || has("write off") {
        Some(InvoiceStatus::WrittenOff)
    } else if has("ouvert")
        || has("open")
        || has("paye")
        || has("paid")
        || has("solde")
        || has("retard")
        || has("overdue")
    {
        Some(InvoiceStatus::Open)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::date;

    #[test]
    fn payment_terms_give_the_due_date() {
        // (terms, issue, due) by hand: 10/01 + 30 d = 09/02; + 30 d then end of month = 28/02;
        // 15/01 + 45 d = 01/03 → end of March; Net 30 from 31/01 = 02/03.
        let table = [
            ("Net 30", "2025-01-10", Some("2025-02-09")),
            ("30 jours fin de mois", "2025-01-10", Some("2025-02-28")),
            ("45 jours FDM", "2025-01-15", Some("2025-03-31")),
            ("Net 30", "2025-01-31", Some("2025-03-02")),
            ("60 days EOM", "2025-11-15", Some("2026-01-31")),
            ("À réception", "2025-01-10", Some("2025-01-10")),
            ("30", "2025-01-10", Some("2025-02-09")),
            ("selon contrat", "2025-01-10", None),
        ];
        for (terms, issue, due) in table {
            let got = parse_terms(terms.as_bytes()).and_then(|t| due_from_terms(date(issue), t));
            assert_eq!(got, due.map(date), "{terms}");
        }
    }
}
