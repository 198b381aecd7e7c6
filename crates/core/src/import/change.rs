//! What an import changed in the book, as a stable code and its parameters (like the row
//! errors in [`crate::diagnostic`]): the app says it in the UI's language, the CLI prints the code,
//! the parameters and [`Change::message`], the English text.
//!
//! ```
//! use encours_core::import::Change;
//! use rust_decimal::Decimal;
//! let c = Change::PaidSoFar { number: "F1".into(), from: Decimal::ZERO, to: Decimal::new(60000, 2) };
//! assert_eq!(c.id(), "paid_so_far");
//! assert_eq!(c.to_string(), "F1: paid so far 0.00 → 600.00");
//! ```

use crate::ledger::InvoiceStatus;
use crate::money::to_plain;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One change an import made to what the book already held. Variants are only ever added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum Change {
    /// An invoice read again with other values.
    InvoiceUpdated {
        number: String,
        fields: Vec<Changed>,
    },
    /// The amount paid so far on an invoice, as the file now says it.
    PaidSoFar {
        number: String,
        from: Decimal,
        to: Decimal,
    },
    /// A payment names an invoice the book does not hold: it is kept unallocated.
    InvoiceNotFound { line: u64, number: String },
    /// An invoice moved to doubtful (a FEC's 411 → 416).
    MarkedDoubtful { number: String },
}

/// What changed on an updated invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Changed {
    Total {
        from: Decimal,
        to: Decimal,
    },
    DueDate {
        from: NaiveDate,
        to: NaiveDate,
    },
    IssueDate {
        from: NaiveDate,
        to: NaiveDate,
    },
    Client,
    Status {
        from: InvoiceStatus,
        to: InvoiceStatus,
    },
    /// Something else (net, VAT, currency, doubtful).
    Details,
}

impl Change {
    /// The stable snake_case code, as serialized.
    pub fn id(&self) -> &'static str {
        match self {
            Change::InvoiceUpdated { .. } => "invoice_updated",
            Change::PaidSoFar { .. } => "paid_so_far",
            Change::InvoiceNotFound { .. } => "invoice_not_found",
            Change::MarkedDoubtful { .. } => "marked_doubtful",
        }
    }

    /// The invoice number the change is about.
    pub fn number(&self) -> &str {
        match self {
            Change::InvoiceUpdated { number, .. }
            | Change::PaidSoFar { number, .. }
            | Change::InvoiceNotFound { number, .. }
            | Change::MarkedDoubtful { number } => number,
        }
    }

    /// The English text, for the CLI and logs.
    pub fn message(&self) -> String {
        match self {
            Change::InvoiceUpdated { number, fields } => {
                let parts: Vec<String> = fields.iter().map(Changed::message).collect();
                format!("{number}: {}", parts.join(", "))
            }
            Change::PaidSoFar { number, from, to } => format!(
                "{number}: paid so far {} → {}",
                to_plain(*from),
                to_plain(*to)
            ),
            Change::InvoiceNotFound { line, number } => {
                format!("line {line}: invoice {number} not found, payment kept unallocated")
            }
            Change::MarkedDoubtful { number } => format!("{number}: doubtful"),
        }
    }
}

impl Changed {
    /// What changed between two versions of an invoice (`Details` when none of the listed
    /// fields did).
    pub(crate) fn between(a: &crate::ledger::Invoice, b: &crate::ledger::Invoice) -> Vec<Changed> {
        let mut parts = Vec::new();
        if a.total != b.total {
            parts.push(Changed::Total {
                from: a.total,
                to: b.total,
            });
        }
        if a.due_date != b.due_date {
            parts.push(Changed::DueDate {
                from: a.due_date,
                to: b.due_date,
            });
        }
        if a.issue_date != b.issue_date {
            parts.push(Changed::IssueDate {
                from: a.issue_date,
                to: b.issue_date,
            });
        }
        if a.client != b.client {
            parts.push(Changed::Client);
        }
        if a.status != b.status {
            parts.push(Changed::Status {
                from: a.status,
                to: b.status,
            });
        }
        if parts.is_empty() {
            parts.push(Changed::Details);
        }
        parts
    }

    /// The English text.
    pub fn message(&self) -> String {
        match self {
            Changed::Total { from, to } => format!("total {} → {}", to_plain(*from), to_plain(*to)),
            Changed::DueDate { from, to } => format!("due {from} → {to}"),
            Changed::IssueDate { from, to } => format!("date {from} → {to}"),
            Changed::Client => "client".into(),
            Changed::Status { from, to } => format!("status {from:?} → {to:?}"),
            Changed::Details => "details".into(),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_serializes_as_code_and_params() {
        let c = Change::InvoiceUpdated {
            number: "F7".into(),
            fields: vec![
                Changed::Total {
                    from: Decimal::new(100, 0),
                    to: Decimal::new(120, 0),
                },
                Changed::Client,
            ],
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "invoice_updated", "params": {"number": "F7",
                "fields": [{"field": "total", "from": "100", "to": "120"}, {"field": "client"}]}})
        );
        assert_eq!(v["code"], c.id());
        assert_eq!(c.to_string(), "F7: total 100.00 → 120.00, client");
        let back: Change = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }
}
