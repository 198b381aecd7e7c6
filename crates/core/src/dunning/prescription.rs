//! Prescription (limitation) of invoices: after it, a claim can no longer be enforced, so the
//! app neither reminds it, nor sends a mise en demeure, nor builds a case file for it.
//!
//! - Between traders: 5 years (L110-4 Code de commerce).
//! - A professional's claim against a consumer: 2 years (L218-2 Code de la consommation).
//!
//! Both run from the due date. An acknowledgement of the debt by the debtor interrupts the
//! period and a new one of the same length starts (art. 2240 Code civil); a partial payment is
//! such an acknowledgement, so a dated payment allocated to the invoice after its due date
//! restarts it, and so does an acknowledgement the user records on the invoice. The period is
//! counted in days (art. 2228): its last day is the anniversary of its start, and the claim is
//! prescribed from the next day (art. 2229: acquired once the last day is over).

use crate::ledger::{CustomerKind, InvoiceId};
use crate::portfolio::Portfolio;
use chrono::{Duration, Months, NaiveDate};

/// Years of the period for a client of this kind.
pub fn years(kind: CustomerKind) -> u32 {
    match kind {
        CustomerKind::Business => 5,
        CustomerKind::Consumer => 2,
    }
}

/// The first day an invoice due on `due` is prescribed, given the dates that interrupted the
/// period (payments received after the due date, acknowledgements); earlier dates are ignored.
///
/// ```
/// use encours_core::dunning::prescription::prescribed_from;
/// use encours_core::ledger::CustomerKind;
/// let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// assert_eq!(prescribed_from(d("2020-03-31"), CustomerKind::Business, []), d("2025-04-01"));
/// assert_eq!(prescribed_from(d("2020-03-31"), CustomerKind::Consumer, [d("2021-01-15")]),
///            d("2023-01-16"));
/// ```
pub fn prescribed_from(
    due: NaiveDate,
    kind: CustomerKind,
    interruptions: impl IntoIterator<Item = NaiveDate>,
) -> NaiveDate {
    let start = interruptions
        .into_iter()
        .filter(|&d| d > due)
        .max()
        .unwrap_or(due);
    let end = start
        .checked_add_months(Months::new(12 * years(kind)))
        .unwrap_or(NaiveDate::MAX);
    end.checked_add_signed(Duration::days(1)).unwrap_or(end)
}

/// For each invoice of the ledger (by position), the date it has been prescribed since, when
/// that date is on or before `today`. Only dated payments received on or before `today`, and
/// acknowledgements on or before `today`, interrupt.
pub fn prescribed(pf: &Portfolio, today: NaiveDate) -> Vec<Option<NaiveDate>> {
    let ledger = pf.ledger();
    // Interruptions only push the date later, and no period is shorter than the consumer's:
    // an invoice due less than that long ago is not prescribed, whatever was paid. Most of a
    // book is that young, so the sorted allocations are built only if an older one exists.
    let young = |due: NaiveDate| prescribed_from(due, CustomerKind::Consumer, []) > today;
    let mut received = None;
    let clients = ledger.client_index();
    let acks = &pf.follow_up.law.acknowledgements;
    ledger
        .invoices
        .iter()
        .map(|inv| {
            if young(inv.due_date) {
                return None;
            }
            let received =
                received.get_or_insert_with(|| super::worklist::dated_allocations(ledger));
            let kind = clients
                .get(inv.client.0)
                .map(|p| ledger.clients[p].kind)
                .unwrap_or_default();
            let from = prescribed_from(
                inv.due_date,
                kind,
                interruptions(received, inv.id, today)
                    .chain(acks.get(&inv.id).copied().filter(|&d| d <= today)),
            );
            (from <= today).then_some(from)
        })
        .collect()
}

/// The date one invoice has been prescribed since, if it is on `today` (the pages' flag).
pub fn prescribed_since(pf: &Portfolio, invoice: InvoiceId, today: NaiveDate) -> Option<NaiveDate> {
    let ledger = pf.ledger();
    let inv = ledger.invoice(invoice)?;
    let kind = ledger
        .client(inv.client)
        .map(|c| c.kind)
        .unwrap_or_default();
    let payments = ledger
        .payments
        .iter()
        .filter(|p| p.date_known && p.date <= today)
        .filter(|p| p.allocations.iter().any(|a| a.invoice == invoice))
        .map(|p| p.date);
    let ack = pf
        .follow_up
        .law
        .acknowledgements
        .get(&invoice)
        .copied()
        .filter(|&d| d <= today);
    let from = prescribed_from(inv.due_date, kind, payments.chain(ack));
    (from <= today).then_some(from)
}

/// The payment dates allocated to `invoice` up to `today`, from the sorted allocations.
fn interruptions(
    received: &[(InvoiceId, NaiveDate, rust_decimal::Decimal)],
    invoice: InvoiceId,
    today: NaiveDate,
) -> impl Iterator<Item = NaiveDate> + '_ {
    let start = received.partition_point(|r| r.0 < invoice);
    received[start..]
        .iter()
        .take_while(move |r| r.0 == invoice)
        .map(|r| r.1)
        .filter(move |&d| d <= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::date;

    #[test]
    fn periods_by_hand() {
        // (due, kind, interruptions, prescribed from)
        let cases: &[(&str, CustomerKind, &[&str], &str)] = &[
            // 5 years from 31/03/2020: last day 31/03/2025, prescribed from 01/04/2025.
            ("2020-03-31", CustomerKind::Business, &[], "2025-04-01"),
            // 2 years for a consumer: last day 31/03/2022.
            ("2020-03-31", CustomerKind::Consumer, &[], "2022-04-01"),
            // A payment on 10/06/2024 restarts 5 years: last day 10/06/2029.
            (
                "2020-03-31",
                CustomerKind::Business,
                &["2024-06-10"],
                "2029-06-11",
            ),
            // A payment before the due date does not interrupt anything.
            (
                "2020-03-31",
                CustomerKind::Business,
                &["2020-03-01"],
                "2025-04-01",
            ),
            // 29 February + 5 years: chrono keeps the month's last day, 28/02/2029.
            ("2024-02-29", CustomerKind::Business, &[], "2029-03-01"),
        ];
        for &(due, kind, ints, expected) in cases {
            let got = prescribed_from(date(due), kind, ints.iter().map(|d| date(d)));
            assert_eq!(got, date(expected), "{due} {kind:?} {ints:?}");
        }
    }
}
