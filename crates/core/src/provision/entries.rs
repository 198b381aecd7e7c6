//! The journal entries a closing hands the accountant (a French CSV): per invoice, what moves
//! between 411 « Clients » and 416 « Clients douteux ou litigieux », and the change of its
//! provision (6817 / 491 when it rises, 491 / 7817 when it falls or goes).
//!
//! **The 416 rule.** After a closing's entries, what 416 holds for an invoice is what that
//! closing says is doubtful and owed, incl. VAT: its outstanding amount when it is doubtful
//! (in litigation or marked so), nothing otherwise. What the previous closing left there is
//! known without a stored field: its line's `outstanding` when that line was `doubtful`. So
//! the entries move the difference:
//! - it rises (the invoice became doubtful, or owes more again, e.g. a payment cancelled):
//!   debit 416 / credit 411;
//! - it falls (paid in full or in part, a credit note, no longer doubtful): debit 411 /
//!   credit 416 — the receivable comes back to 411.
//!
//! Why debit 411 / credit 416 for what was paid. The plan comptable général (règlement ANC
//! 2014-03, account 416) moves a doubtful receivable out of 411 by debit 416 / credit 411, the
//! TTC amount; the textbook settlement of a doubtful receivable is then booked on 416 itself
//! (debit 512 / credit 416, then 491 / 7817 for its provision; a loss debit 654 and the VAT /
//! credit 416 — e.g. analyse-comptable.fr, « Dépréciation des créances clients »). Encours
//! does not write the bank journal: it assumes the accountant books a receipt against the
//! client's account 411, where the invoice was booked and where the bank lettering finds it
//! (debit 512 / credit 411). After that entry 411 holds the amount paid as a credit while 416
//! still holds it as a debit; debit 411 / credit 416 for the amount paid since the previous
//! closing clears both. An accountant who credits 416 directly on a receipt must leave these
//! lines out (416 would be credited twice).
//!
//! Write-offs are not exported: the loss (debit 654 for the net, the VAT account for the VAT
//! when CGI art. 272 allows its recovery / credit 416) is the accountant's entry, with its VAT
//! treatment (on debits or on receipts) Encours does not know. So the part of a doubtful
//! invoice that was written off gets no 411 / 416 line (416 would be credited twice); only
//! what was paid on it between the previous closing and the write-off comes back to 411, and
//! its provision is written back whole. The part written off is what the invoice owed on its
//! write-off day, that day's payments counted (`written_off`).

use super::{closing_before, ProvisionLine, Provisions};
use crate::ledger::{InvoiceId, InvoiceStatus, Ledger};
use crate::portfolio::Portfolio;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The entries at `closing` since the latest closing recorded before it
/// ([`closing_before`]), or as a first closing when none was.
pub fn entries_csv_since_recorded(pf: &Portfolio, p: &Provisions, closing: NaiveDate) -> String {
    match closing_before(&pf.follow_up.closings, closing) {
        Some(c) => entries_csv_since(pf.ledger(), &c.provisions, p, closing),
        None => entries_csv(pf.ledger(), p, closing),
    }
}

/// The entries for the accountant at a first closing: [`entries_csv_since`] with nothing
/// provisioned before.
pub fn entries_csv(ledger: &Ledger, p: &Provisions, closing: NaiveDate) -> String {
    entries_csv_since(ledger, &Provisions::default(), p, closing)
}

/// The entries for the accountant, as a French CSV (`;`, decimal comma, UTF-8 with BOM): per
/// invoice, what moves between 411 and 416 since `previous` so that 416 holds what is
/// doubtful and owed (see the module's rule: 416 / 411 when it rises, 411 / 416 when it
/// falls, nothing for a part written off), then the change of its provision since
/// `previous`: an increase 6817 / 491, a decrease written back 491 / 7817 (a provision that
/// disappears is written back whole). Text cells are neutralised against formulas.
pub fn entries_csv_since(
    ledger: &Ledger,
    previous: &Provisions,
    p: &Provisions,
    closing: NaiveDate,
) -> String {
    let mut j = Journal::new(closing);
    // One look-up per invoice, not a scan of the previous closing's lines (sorted vectors,
    // not B-trees: each B-tree's code weighs on the page's wasm).
    let mut before: Vec<(InvoiceId, &ProvisionLine)> =
        previous.lines.iter().map(|l| (l.invoice, l)).collect();
    crate::small::sort_by(&mut before, |a, b| a.0.cmp(&b.0));
    let mut now: Vec<InvoiceId> = p.lines.iter().map(|l| l.invoice).collect();
    crate::small::sort_by(&mut now, Ord::cmp);
    for l in &p.lines {
        let label = format!("{} {}", l.number, ledger.client_name(l.client));
        let was = (before.binary_search_by_key(&l.invoice, |x| x.0).ok()).map(|k| before[k].1);
        j.move_416(
            in_416(l) - was.map_or(Decimal::ZERO, in_416),
            &label,
            &l.number,
        );
        j.provision(
            l.amount - was.map_or(Decimal::ZERO, |w| w.amount),
            &label,
            &l.number,
        );
    }
    // Lines that are gone (paid, written off, no longer doubtful at a rate of 0): what was in
    // 416 comes back to 411 but for the part written off, the provision is written back whole.
    let lost = written_off(ledger, previous, &now, closing);
    for w in (previous.lines.iter()).filter(|w| now.binary_search(&w.invoice).is_err()) {
        let label = format!("{} {}", w.number, ledger.client_name(w.client));
        let kept = (lost.binary_search_by_key(&w.invoice, |x| x.0).ok())
            .map_or(Decimal::ZERO, |k| lost[k].1);
        j.move_416(kept - in_416(w), &label, &w.number);
        j.provision(-w.amount, &label, &w.number);
    }
    j.out
}

/// What 416 holds for an invoice once a closing's entries are booked: what it owes incl. VAT
/// when doubtful, nothing otherwise.
fn in_416(l: &ProvisionLine) -> Decimal {
    if l.doubtful {
        l.outstanding
    } else {
        Decimal::ZERO
    }
}

/// Per invoice of `previous` in 416, gone from the closing's lines and written off by
/// `closing`: the part written off, which stays in 416 for the accountant's loss entry. It is
/// what the invoice owed on its write-off day, that day's payments counted (read on a copy of
/// the ledger where the write-offs of that day take effect the day after), at most what was
/// in 416; a write-off with no date is of all of it. The copy is made only when there is such
/// an invoice. Sorted by invoice (`now` is).
fn written_off(
    ledger: &Ledger,
    previous: &Provisions,
    now: &[InvoiceId],
    closing: NaiveDate,
) -> Vec<(InvoiceId, Decimal)> {
    let mut out = Vec::new();
    // (position in the ledger, the invoice's previous line, its write-off day)
    let mut dated: Vec<(usize, &ProvisionLine, NaiveDate)> = Vec::new();
    for w in &previous.lines {
        if !w.doubtful || now.binary_search(&w.invoice).is_ok() {
            continue;
        }
        let Ok(pos) = ledger.invoices.binary_search_by_key(&w.invoice, |i| i.id) else {
            continue;
        };
        let inv = &ledger.invoices[pos];
        if inv.status_on(closing) != InvoiceStatus::WrittenOff {
            continue;
        }
        match inv.status_date {
            Some(d) => dated.push((pos, w, d)),
            None => out.push((w.invoice, w.outstanding)),
        }
    }
    if dated.is_empty() {
        crate::small::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        return out;
    }
    let mut copy = ledger.clone();
    for &(pos, _, d) in &dated {
        copy.invoices[pos].status_date = d.succ_opt();
    }
    crate::small::sort_by(&mut dated, |a, b| a.2.cmp(&b.2));
    let mut k = 0;
    while k < dated.len() {
        let day = dated[k].2;
        let owed = crate::aging::outstanding_by_invoice(&copy, day);
        while k < dated.len() && dated[k].2 == day {
            let (pos, w, _) = dated[k];
            out.push((w.invoice, owed[pos].min(w.outstanding).max(Decimal::ZERO)));
            k += 1;
        }
    }
    crate::small::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

/// The CSV being written: its header, then pairs of lines (a debit, the matching credit).
struct Journal {
    date: String,
    out: String,
}

impl Journal {
    fn new(closing: NaiveDate) -> Journal {
        Journal {
            date: crate::dunning::template::date(crate::language::Language::Fr, closing),
            out: String::from("\u{feff}Date;Compte;Libellé;Débit;Crédit;Pièce\r\n"),
        }
    }

    /// What 416 holds for the invoice changes by `change`: 416 / 411 when it rises, 411 / 416
    /// when it falls.
    fn move_416(&mut self, change: Decimal, label: &str, piece: &str) {
        if change > Decimal::ZERO {
            let label = format!("Créance douteuse {label}");
            self.pair(("416", &label), ("411", &label), change, piece);
        } else if change < Decimal::ZERO {
            let label = format!("Retour en compte client {label}");
            self.pair(("411", &label), ("416", &label), -change, piece);
        }
    }

    /// The provision changes by `change`: 6817 / 491 when it rises, 491 / 7817 (written back)
    /// when it falls.
    fn provision(&mut self, change: Decimal, label: &str, piece: &str) {
        if change > Decimal::ZERO {
            let (debit, credit) = (
                format!("Dotation provision {label}"),
                format!("Provision {label}"),
            );
            self.pair(("6817", &debit), ("491", &credit), change, piece);
        } else if change < Decimal::ZERO {
            let label = format!("Reprise provision {label}");
            self.pair(("491", &label), ("7817", &label), -change, piece);
        }
    }

    /// `amount` debited on one (account, label), then credited on the other.
    fn pair(&mut self, debit: (&str, &str), credit: (&str, &str), amount: Decimal, piece: &str) {
        use crate::export::text;
        let sum = crate::export::amount(amount, ',');
        let piece = text(piece, ';');
        for ((account, label), (d, c)) in [(debit, (sum.as_str(), "")), (credit, ("", &sum))] {
            self.out.push_str(&format!(
                "{};{account};{};{d};{c};{piece}\r\n",
                self.date,
                text(label, ';'),
            ));
        }
    }
}
