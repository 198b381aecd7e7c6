//! Several rows of one invoice: line items (FreshBooks, Zoho, Xero write one row per line,
//! Frappe Books one per line and per tax) and installment schedules (one row per installment,
//! each with its own due date and amount). Consecutive rows sharing an invoice number and a
//! client are one invoice (every export seen writes an invoice's rows together; the same
//! number further down the file stays a duplicate, refused by the merge).
//!
//! Whether an amount column is the invoice's (written again on each of its rows) or the row's
//! own is read off the file: when every group of rows repeats the same value, it is the
//! invoice's and is taken once; when one group's rows differ, the rows add up, in every group.
//! A "line total" column with no invoice total always adds up.

use super::{Code, InvoiceRow, RowError, Staged};
use crate::ledger::Installment;
use rust_decimal::Decimal;

/// How the rows of one invoice were told apart by the columns.
pub(super) struct Shape {
    /// The total comes from line totals (no invoice total column): it always adds up.
    pub(super) line_totals: bool,
    /// Each row's installment amount, from its own column (by row index), when the file has one.
    pub(super) installment_amounts: Option<Vec<Option<Decimal>>>,
}

/// Groups the rows of each invoice into one (the first row's place and line), in place.
pub(super) fn group(
    staged: &mut Staged,
    shape: &Shape,
    errors: &mut Vec<RowError>,
    warnings: &mut Vec<RowError>,
) {
    let rows = &staged.invoices;
    let same_invoice = |a: &InvoiceRow, b: &InvoiceRow| {
        a.client == b.client && a.number.as_str() == b.number.as_str()
    };
    // One comparison a row, no look-up: most files have no such rows at all.
    if !rows.windows(2).any(|w| same_invoice(&w[0], &w[1])) {
        return;
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if same_invoice(&rows[g[0]], r) => g.push(k),
            _ => groups.push(vec![k]),
        }
    }
    let multi: Vec<&Vec<usize>> = groups.iter().filter(|g| g.len() > 1).collect();
    // Per amount: the invoice's (the same on every row of every group) or the rows' own.
    let same = |get: &dyn Fn(&InvoiceRow) -> Option<Decimal>| {
        multi
            .iter()
            .all(|g| g.iter().all(|&k| get(&rows[k]) == get(&rows[g[0]])))
    };
    let total_once = !shape.line_totals && same(&|r| Some(r.total));
    let net_once = same(&|r| r.net);
    let vat_once = same(&|r| r.vat);
    let paid_once = same(&|r| r.paid);

    let mut merged: Vec<InvoiceRow> = Vec::with_capacity(groups.len());
    let mut schedules: Vec<(usize, Vec<Installment>)> = Vec::new();
    for g in &groups {
        let first = &rows[g[0]];
        if g.len() == 1 {
            merged.push(first.clone());
            continue;
        }
        // Rows that cannot be part of this invoice: another issue date or currency.
        let mut members = vec![g[0]];
        for &k in &g[1..] {
            let r = &rows[k];
            if r.issue_date != first.issue_date || r.currency != first.currency {
                errors.push(RowError::new(
                    r.line,
                    0,
                    Code::InstallmentMismatch {
                        number: first.number.as_str().to_owned(),
                        first_line: first.line,
                    },
                ));
            } else {
                members.push(k);
            }
        }
        let sum = |get: &dyn Fn(&InvoiceRow) -> Option<Decimal>| -> Option<Decimal> {
            members
                .iter()
                .filter_map(|&k| get(&rows[k]))
                .reduce(|a, b| a + b)
        };
        let mut inv = first.clone();
        if !total_once {
            inv.total = sum(&|r| Some(r.total)).unwrap_or_default();
        }
        if !net_once {
            inv.net = sum(&|r| r.net);
        }
        if !vat_once {
            inv.vat = sum(&|r| r.vat);
        }
        if !paid_once {
            inv.paid = sum(&|r| r.paid);
        }
        inv.payment_date = members.iter().filter_map(|&k| rows[k].payment_date).max();
        // Different due dates: an installment schedule, each row one installment.
        let mut dues: Vec<_> = members.iter().filter_map(|&k| rows[k].due_date).collect();
        crate::small::sort_short(&mut dues, |a, b| a < b);
        dues.dedup();
        let installment_of = |k: usize| match &shape.installment_amounts {
            Some(a) => a.get(k).copied().flatten(),
            None => (!total_once).then_some(rows[k].total),
        };
        let schedule: Option<Vec<Installment>> = (dues.len() > 1)
            .then(|| {
                members
                    .iter()
                    .map(|&k| {
                        Some(Installment {
                            due_date: rows[k].due_date?,
                            amount: installment_of(k)?,
                        })
                    })
                    .collect()
            })
            .flatten();
        match schedule {
            Some(mut parts) => {
                crate::small::sort_by(&mut parts, |a, b| a.due_date.cmp(&b.due_date));
                let sum: Decimal = parts.iter().map(|p| p.amount).sum();
                if sum != inv.total {
                    warnings.push(RowError::new(
                        first.line,
                        0,
                        Code::InstallmentsNotTotal {
                            number: first.number.as_str().to_owned(),
                            sum,
                            total: inv.total,
                        },
                    ));
                }
                inv.due_date = parts.last().map(|p| p.due_date);
                schedules.push((merged.len(), parts));
            }
            None => warnings.push(RowError::new(
                first.line,
                0,
                Code::LinesGrouped {
                    number: first.number.as_str().to_owned(),
                    rows: members.len() as u32,
                },
            )),
        }
        merged.push(inv);
    }
    staged.invoices = merged;
    staged.installments = schedules;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use crate::test_support::date;

    fn row(line: u64, number: &str, total: &str, due: &str) -> InvoiceRow {
        InvoiceRow {
            line,
            number: number.into(),
            client: 0,
            issue_date: date("2025-01-10"),
            due_date: Some(date(due)),
            net: None,
            vat: None,
            total: total.parse().unwrap(),
            paid: None,
            payment_date: None,
            currency: Currency::EUR,
            status: None,
            doubtful: false,
            applies_to: None,
        }
    }

    fn grouped(rows: Vec<InvoiceRow>, shape: Shape) -> (Staged, Vec<RowError>, Vec<RowError>) {
        let mut s = Staged {
            invoices: rows,
            ..Staged::default()
        };
        let (mut e, mut w) = (Vec::new(), Vec::new());
        group(&mut s, &shape, &mut e, &mut w);
        (s, e, w)
    }

    const PLAIN: Shape = Shape {
        line_totals: false,
        installment_amounts: None,
    };

    #[test]
    fn a_repeated_total_is_taken_once_and_differing_ones_add_up() {
        // F1's rows repeat its total (100); F2's differ: the file's totals are the rows' own,
        // so F1 adds up too (100 + 100 = 200) and F2 is 30 + 70 = 100.
        let (s, _, w) = grouped(
            vec![
                row(2, "F1", "100", "2025-02-10"),
                row(3, "F1", "100", "2025-02-10"),
                row(4, "F2", "30", "2025-02-10"),
                row(5, "F2", "70", "2025-02-10"),
            ],
            PLAIN,
        );
        let totals: Vec<String> = s.invoices.iter().map(|i| i.total.to_string()).collect();
        assert_eq!(totals, ["200", "100"]);
        assert_eq!(w.len(), 2);
        // Repeated everywhere: the invoice's total, once.
        let (s, _, _) = grouped(
            vec![
                row(2, "F1", "100", "2025-02-10"),
                row(3, "F1", "100", "2025-02-10"),
                row(4, "F2", "70", "2025-02-10"),
            ],
            PLAIN,
        );
        let totals: Vec<String> = s.invoices.iter().map(|i| i.total.to_string()).collect();
        assert_eq!(totals, ["100", "70"]);
        assert_eq!(s.invoices[0].line, 2);
    }

    #[test]
    fn only_consecutive_rows_are_one_invoice() {
        // F1 again after F2 is a second F1 (the merge refuses it), not a line of the first.
        let (s, _, w) = grouped(
            vec![
                row(2, "F1", "100", "2025-02-10"),
                row(3, "F2", "30", "2025-02-10"),
                row(4, "F1", "100", "2025-02-10"),
            ],
            PLAIN,
        );
        assert_eq!(s.invoices.len(), 3);
        assert!(w.is_empty());
    }

    #[test]
    fn rows_with_their_own_due_dates_are_a_schedule() {
        let (s, e, w) = grouped(
            vec![
                row(2, "F1", "400", "2025-03-10"),
                row(3, "F1", "600", "2025-02-10"),
                row(4, "F2", "50", "2025-02-10"),
            ],
            PLAIN,
        );
        assert!(e.is_empty() && w.is_empty(), "{e:?} {w:?}");
        assert_eq!(s.invoices[0].total, Decimal::from(1000));
        assert_eq!(s.invoices[0].due_date, Some(date("2025-03-10")));
        let (k, parts) = &s.installments[0];
        assert_eq!(*k, 0);
        let got: Vec<(String, String)> = parts
            .iter()
            .map(|p| (p.due_date.to_string(), p.amount.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("2025-02-10".into(), "600".into()),
                ("2025-03-10".into(), "400".into())
            ]
        );
        // With an invoice total and an installment column that do not agree: a warning.
        let (s, _, w) = grouped(
            vec![
                row(2, "F1", "1000", "2025-02-10"),
                row(3, "F1", "1000", "2025-03-10"),
            ],
            Shape {
                line_totals: false,
                installment_amounts: Some(vec![Some(Decimal::from(300)), Some(Decimal::from(600))]),
            },
        );
        assert_eq!(s.invoices[0].total, Decimal::from(1000));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code.id(), "installments_not_total");
        assert_eq!(w[0].line, 2);
    }
}
