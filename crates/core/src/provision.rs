//! Provisions for doubtful receivables (provisions pour créances douteuses), computed on the
//! amount net of VAT still owed at a closing date, at a rate per age bucket or for litigation,
//! and the journal entries an accountant books for them (411 ↔ 416, 6817 / 491, 491 / 7817).
//!
//! There is no official grid: the rates are the user's. Under the French accounting plan and
//! CGI art. 39-1-5°, a provision is deductible only for a probable loss justified client by
//! client (a dispute, a failing debtor, a notice left unanswered): a statistical rate by age
//! (an IFRS 9-style grid) is an internal estimate. So the default grid is 0 % in every age
//! bucket, the litigation rate is kept (a litigation is a justified, specific risk), and the
//! pages show the note ([`DEDUCTIBILITY_NOTE_CODE`]) next to the rates.
//!
//! Only invoices in litigation or marked doubtful by the user
//! (`Collection::law.doubtful`) move from 411 to 416; a provision at a bucket rate on an
//! invoice nobody marked doubtful books 6817 / 491 alone. When a provision falls from one
//! closing to the next, the difference is written back (491 / 7817); when it rises, the extra
//! is booked (6817 / 491). What a doubtful invoice no longer owes as doubtful (paid in whole or
//! in part, no longer doubtful) comes back from 416 to 411 (debit 411 / credit 416), so that
//! 416 holds what the closing says is doubtful and owed; the rule, its direction and its
//! source are in [`entries`]. The previous closing is the one the user recorded ([`Closing`],
//! `Command::RecordClosing`), kept in the follow-up.
//!
//! When an invoice has no net amount, the net is derived from the amount incl. VAT with a VAT
//! rate (20 % by default) and the line says so.

use crate::aging::{outstanding_by_invoice, Buckets};
use crate::ledger::{ClientId, DocKind, InvoiceId, InvoiceStatus};
use crate::money::round_cents;
use crate::portfolio::Portfolio;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub mod entries;
pub use entries::{entries_csv, entries_csv_since, entries_csv_since_recorded};

/// Rates in percent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionRates {
    /// One per aging bucket, in bucket order (the first is "not due").
    pub by_bucket: Vec<Decimal>,
    /// For invoices in litigation, whatever their age.
    pub litigation: Decimal,
    /// VAT rate used to derive a net amount the invoice does not give.
    pub default_vat: Decimal,
}

/// The code of the note the pages show by the rates: statistical rates must be justified
/// client by client to be deductible (CGI art. 39-1-5°).
pub const DEDUCTIBILITY_NOTE_CODE: &str = "provision_cgi_39_1_5";

impl Default for ProvisionRates {
    /// 0 % in each of the five default buckets (nothing statistical by default, see the module
    /// note), 100 % in litigation, VAT 20 %.
    fn default() -> Self {
        ProvisionRates {
            by_bucket: vec![Decimal::ZERO; 5],
            litigation: Decimal::ONE_HUNDRED,
            default_vat: Decimal::from(20),
        }
    }
}

impl ProvisionRates {
    /// The IFRS 9-style example grid of DOMAIN.md (0 / 1.5 / 3.4 / 7.1 / 10.8 %): an internal
    /// estimate the user may choose, not deductible as such.
    pub fn statistical_example() -> ProvisionRates {
        let p = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        ProvisionRates {
            by_bucket: ["0", "1.5", "3.4", "7.1", "10.8"]
                .iter()
                .map(|s| p(s))
                .collect(),
            ..ProvisionRates::default()
        }
    }
}

/// The provision of one invoice. Stored as it is in a recorded [`Closing`] (the follow-up's
/// layout 6): a change of its fields is a new layout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionLine {
    pub invoice: InvoiceId,
    pub client: ClientId,
    pub number: String,
    /// The aging bucket, `None` for litigation.
    pub bucket: Option<usize>,
    /// Still owed at the closing date, incl. VAT.
    pub outstanding: Decimal,
    /// Its part net of VAT, the base of the provision.
    pub net: Decimal,
    /// The net was derived with the default VAT rate (the invoice gave none).
    pub net_derived: bool,
    pub rate: Decimal,
    /// Rounded to the cent, half away from zero.
    pub amount: Decimal,
    /// In litigation or marked doubtful by the user: reclassified from 411 to 416.
    pub doubtful: bool,
}

/// Every provision at a closing date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provisions {
    pub lines: Vec<ProvisionLine>,
    pub total: Decimal,
}

/// A closing the user recorded: its date and the provisions as they were booked then (per
/// invoice: the base net of VAT, the rate, the amount, whether it was in 416). The next
/// closing's entries are computed since it ([`entries_csv_since`]): a provision that fell or
/// went is written back (491 / 7817), and what left 416 comes back to 411, only because this
/// one is kept. Recorded closings are kept in date order in `Collection::closings`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    pub date: NaiveDate,
    pub provisions: Provisions,
}

/// The latest recorded closing strictly before `date`: what the entries at `date` are
/// computed since (the closing at `date` itself, once recorded, is not its own base).
pub fn closing_before(closings: &[Closing], date: NaiveDate) -> Option<&Closing> {
    closings.iter().rev().find(|c| c.date < date)
}

impl Provisions {
    /// Totals per client, in client id order.
    pub fn by_client(&self) -> Vec<(ClientId, Decimal)> {
        let mut out: crate::small::SortedMap<ClientId, Decimal> = crate::small::SortedMap::new();
        for l in &self.lines {
            let total = out.get(&l.client).copied().unwrap_or_default() + l.amount;
            out.insert(l.client, total);
        }
        out.iter().map(|(c, a)| (*c, *a)).collect()
    }
}

/// The provisions at `closing`: lines with a non-zero rate, and every doubtful invoice.
pub fn provisions(
    pf: &Portfolio,
    closing: NaiveDate,
    buckets: &Buckets,
    rates: &ProvisionRates,
) -> Provisions {
    let owed = outstanding_by_invoice(pf, closing);
    provisions_owing(pf, closing, buckets, rates, &owed)
}

/// [`provisions`] given what is owed per invoice on `closing` (`outstanding_by_invoice`), for
/// a caller that has it already.
pub fn provisions_owing(
    pf: &Portfolio,
    closing: NaiveDate,
    buckets: &Buckets,
    rates: &ProvisionRates,
    outstanding: &[Decimal],
) -> Provisions {
    let ledger = pf.ledger();
    let mut out = Provisions::default();
    for (k, inv) in ledger.invoices.iter().enumerate() {
        let owed = outstanding[k];
        if inv.kind != DocKind::Invoice || owed <= Decimal::ZERO {
            continue;
        }
        let litigation = inv.status_on(closing) == InvoiceStatus::Litigation;
        let marked = pf
            .follow_up
            .law
            .doubtful
            .get(&inv.id)
            .is_some_and(|&d| d <= closing);
        let (bucket, rate) = if litigation {
            (None, rates.litigation)
        } else {
            let b = buckets.index((closing - inv.due_date).num_days());
            (Some(b), rates.by_bucket.get(b).copied().unwrap_or_default())
        };
        // A doubtful invoice keeps its line at 0 %: it still moves to 416.
        if rate <= Decimal::ZERO && !(litigation || marked) {
            continue;
        }
        let known = inv.net.or_else(|| inv.vat.map(|v| inv.total - v));
        let (net, net_derived) = match known {
            Some(n) if inv.total > Decimal::ZERO => (round_cents(owed * n / inv.total), false),
            _ => (
                round_cents(
                    owed * Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rates.default_vat),
                ),
                true,
            ),
        };
        let amount = round_cents(net * rate / Decimal::ONE_HUNDRED);
        out.total += amount;
        out.lines.push(ProvisionLine {
            invoice: inv.id,
            client: inv.client,
            number: inv.number.clone(),
            bucket,
            outstanding: owed,
            net,
            net_derived,
            rate,
            amount,
            doubtful: litigation || marked,
        });
    }
    out
}
