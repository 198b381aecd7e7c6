//! Provisions for doubtful receivables (provisions pour créances douteuses), computed on the
//! amount net of VAT still owed at a closing date, at a rate per age bucket or for litigation,
//! and the journal entries an accountant books for them (416 / 411, 6817 / 491).
//!
//! There is no official grid: the rates are the user's. When an invoice has no net amount,
//! the net is derived from the amount incl. VAT with a VAT rate (20 % by default) and the line
//! says so.

use crate::aging::{outstanding_by_invoice, Buckets};
use crate::ledger::{ClientId, DocKind, InvoiceId, InvoiceStatus, Ledger};
use crate::money::round_cents;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

impl Default for ProvisionRates {
    /// The IFRS 9 style example of DOMAIN.md: 0 / 1.5 / 3.4 / 7.1 / 10.8 %, 100 % in litigation.
    fn default() -> Self {
        let p = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        ProvisionRates {
            by_bucket: ["0", "1.5", "3.4", "7.1", "10.8"]
                .iter()
                .map(|s| p(s))
                .collect(),
            litigation: Decimal::ONE_HUNDRED,
            default_vat: Decimal::from(20),
        }
    }
}

/// The provision of one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

/// Every provision at a closing date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provisions {
    pub lines: Vec<ProvisionLine>,
    pub total: Decimal,
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

/// The provisions at `closing`: lines with a non-zero rate only.
pub fn provisions(
    ledger: &Ledger,
    closing: NaiveDate,
    buckets: &Buckets,
    rates: &ProvisionRates,
) -> Provisions {
    let outstanding = outstanding_by_invoice(ledger, closing);
    let mut out = Provisions::default();
    for (k, inv) in ledger.invoices.iter().enumerate() {
        let owed = outstanding[k];
        if inv.kind != DocKind::Invoice || owed <= Decimal::ZERO {
            continue;
        }
        let (bucket, rate) = if inv.status_on(closing) == InvoiceStatus::Litigation {
            (None, rates.litigation)
        } else {
            let b = buckets.index((closing - inv.due_date).num_days());
            (Some(b), rates.by_bucket.get(b).copied().unwrap_or_default())
        };
        if rate <= Decimal::ZERO {
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
        });
    }
    out
}

/// The entries for the accountant, as a French CSV (`;`, decimal comma, UTF-8 with BOM): per
/// provisioned invoice, the reclassification of what is owed from 411 to 416 and the
/// allowance 6817 / 491. Text cells are neutralised against formulas.
pub fn entries_csv(ledger: &Ledger, p: &Provisions, closing: NaiveDate) -> String {
    use crate::export::{amount, text};
    let date = crate::dunning::template::date(crate::dunning::Language::Fr, closing);
    let mut out = String::from("\u{feff}Date;Compte;Libellé;Débit;Crédit;Pièce\r\n");
    let mut line = |account: &str,
                    label: &str,
                    debit: Option<Decimal>,
                    credit: Option<Decimal>,
                    piece: &str| {
        let cell = |d: Option<Decimal>| d.map(|d| amount(d, ',')).unwrap_or_default();
        out.push_str(&format!(
            "{date};{account};{};{};{};{}\r\n",
            text(label, ';'),
            cell(debit),
            cell(credit),
            text(piece, ';')
        ));
    };
    for l in &p.lines {
        let client = ledger.client_name(l.client);
        let label = format!("{} {}", l.number, client);
        line(
            "416",
            &format!("Créance douteuse {label}"),
            Some(l.outstanding),
            None,
            &l.number,
        );
        line(
            "411",
            &format!("Créance douteuse {label}"),
            None,
            Some(l.outstanding),
            &l.number,
        );
        line(
            "6817",
            &format!("Dotation provision {label}"),
            Some(l.amount),
            None,
            &l.number,
        );
        line(
            "491",
            &format!("Provision {label}"),
            None,
            Some(l.amount),
            &l.number,
        );
    }
    out
}
