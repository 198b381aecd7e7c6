//! Which invoices a receipt pays, with the evidence: deterministic, explained, precision first.
//!
//! For each credit, the evidence found is:
//! - [`Evidence::Reference`]: an invoice's RF creditor reference (check digits verified) in
//!   the references, the remittance or the label;
//! - [`Evidence::InvoiceNumber`]: an open invoice's number written there (spaces, dashes and
//!   case aside);
//! - [`Evidence::PayerIban`] / [`Evidence::PayerName`]: the payer, by a learned IBAN, else by
//!   its name brought to a key (accents, case, punctuation, legal forms aside) against the
//!   clients' names: the counterparty field, else a run of words of the label;
//! - [`Evidence::Amount`]: the proposal settles exactly what is due on its invoices — one open
//!   invoice, or a set of the payer's open invoices (a bounded search), or the referenced ones;
//! - [`Evidence::Partial`]: less than what is due, applied to the oldest first.
//!
//! A proposal is `auto` only when it cannot reasonably be wrong: a reference or an invoice
//! number, the amount settling exactly those invoices, all of one client, and that client is
//! the payer named (or, for an RF reference, whose check digits make a typo implausible, no
//! payer is named at all). Never on an amount alone, never when the payer could be two
//! clients, never on a debit. Auto proposals are applied in turn: what one settles is no
//! longer open for the transactions after it.
//!
//! ```
//! use encours_core::bank::matching::{match_transactions, Learned};
//! use encours_core::bank::parse_statement;
//! # use encours_core::ledger::*;
//! # let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let mut ledger = Ledger::default();
//! let c = ledger.add_client(Client { name: "Dupont SARL".into(), ..Client::default() });
//! # ledger.add_invoice(Invoice { id: InvoiceId(0), number: "F2025-031".into(), client: c,
//! #   kind: DocKind::Invoice, issue_date: d("2025-06-01"), due_date: d("2025-07-01"), net: None,
//! #   vat: None, total: "1440".parse().unwrap(), currency: Default::default(),
//! #   installments: vec![], status: InvoiceStatus::Open, status_date: None, doubtful: false,
//! #   applies_to: None, batch: None });
//! let csv = "Date;Libellé;Débit;Crédit\n02/07/2025;VIR SEPA RECU /DE DUPONT /MOTIF F2025-031;;1 440,00\n";
//! let s = parse_statement(csv.as_bytes()).unwrap();
//! let m = match_transactions(&ledger, &s.transactions, d("2025-07-03"), &Learned::default());
//! assert!(m[0][0].auto);
//! ```

mod index;
mod subset;

pub use index::Learned;
use index::{to_cents, Index};

use crate::bank::model::{Direction, Transaction};
use crate::bank::name::{compact, name_key};
use crate::bank::rf;
use crate::ledger::{ClientId, InvoiceId, Ledger};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Why a proposal is made.
#[derive(
    Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Evidence {
    Reference,
    InvoiceNumber,
    Amount,
    PayerIban,
    PayerName,
    Partial,
}

impl Evidence {
    /// A stable snake_case code (the CLI's JSON, the app's words).
    pub fn code(self) -> &'static str {
        match self {
            Evidence::Reference => "reference",
            Evidence::InvoiceNumber => "invoice_number",
            Evidence::Amount => "amount",
            Evidence::PayerIban => "payer_iban",
            Evidence::PayerName => "payer_name",
            Evidence::Partial => "partial",
        }
    }

    /// How much the evidence weighs when proposals are ranked.
    fn weight(self) -> u32 {
        match self {
            Evidence::Reference => 100,
            Evidence::InvoiceNumber => 60,
            Evidence::PayerIban => 30,
            Evidence::PayerName => 25,
            Evidence::Amount => 20,
            Evidence::Partial => 0,
        }
    }
}

/// Invoices a receipt may pay, how much to each, and why (the engine's worker sends them to
/// the page, in postcard).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Proposal {
    pub invoices: Vec<InvoiceId>,
    /// Aligned with `invoices`; they add up to at most the receipt.
    pub amounts: Vec<Decimal>,
    /// Safe to apply after a look, without review.
    pub auto: bool,
    /// Sorted, each once.
    pub evidence: Vec<Evidence>,
}

impl Proposal {
    fn score(&self) -> u32 {
        self.evidence.iter().map(|e| e.weight()).sum()
    }
}

/// Bounds of the searches, so that no receipt costs more than a fixed amount of work.
#[derive(Copy, Clone, Debug)]
pub struct Limits {
    /// The payer's oldest open invoices the set search looks at.
    pub subset_invoices: usize,
    /// Nodes the set search may visit for one receipt.
    pub subset_nodes: usize,
    /// Proposals kept for a receipt with nothing but its amount (a cheque deposit).
    pub amount_candidates: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            subset_invoices: 20,
            subset_nodes: 4_000,
            amount_candidates: 50,
        }
    }
}

/// The proposals for each transaction, aligned with `transactions`, best first; empty for a
/// debit or a receipt nothing fits.
pub fn match_transactions(
    ledger: &Ledger,
    transactions: &[Transaction],
    as_of: NaiveDate,
    learned: &Learned,
) -> Vec<Vec<Proposal>> {
    match_with_limits(ledger, transactions, as_of, learned, Limits::default())
}

/// [`match_transactions`] with explicit search bounds.
pub fn match_with_limits(
    ledger: &Ledger,
    transactions: &[Transaction],
    as_of: NaiveDate,
    learned: &Learned,
    limits: Limits,
) -> Vec<Vec<Proposal>> {
    let index = Index::new(ledger, as_of, learned);
    let mut m = Matcher {
        remaining: index.open.iter().map(|o| o.cents).collect(),
        index,
        limits,
    };
    // Oldest first: an earlier receipt settles an invoice before a later one sees it.
    let mut order: Vec<usize> = (0..transactions.len()).collect();
    crate::small::sort_by(&mut order, |&a, &b| {
        (transactions[a].date, a).cmp(&(transactions[b].date, b))
    });
    let mut out = vec![Vec::new(); transactions.len()];
    for i in order {
        out[i] = m.propose(&transactions[i]);
    }
    out
}

struct Matcher<'a> {
    index: Index<'a>,
    /// What is still due on each open invoice after the auto proposals so far, in cents.
    remaining: Vec<Option<i64>>,
    limits: Limits,
}

/// Who paid, as far as the statement tells.
struct Payer {
    clients: Vec<ClientId>,
    evidence: Option<Evidence>,
}

fn decimal(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

impl Matcher<'_> {
    fn payer(&self, t: &Transaction) -> Payer {
        if let Some(c) = t
            .iban
            .as_deref()
            .and_then(|i| self.index.by_iban.get(&compact(i)))
        {
            return Payer {
                clients: vec![*c],
                evidence: Some(Evidence::PayerIban),
            };
        }
        let named = |clients: Vec<ClientId>| Payer {
            evidence: (!clients.is_empty()).then_some(Evidence::PayerName),
            clients,
        };
        if let Some(cp) = t.counterparty.as_deref() {
            let ids = self.index.named(&name_key(cp));
            if !ids.is_empty() {
                return named(ids);
            }
            let found = self.index.names_in(cp);
            if !found.is_empty() {
                return named(found);
            }
        }
        named(
            self.index
                .names_in(&format!("{} {}", t.label, t.remittance)),
        )
    }

    fn propose(&mut self, t: &Transaction) -> Vec<Proposal> {
        if t.direction == Direction::Debit {
            return Vec::new();
        }
        let Some(amount) = to_cents(t.amount).filter(|&a| a > 0) else {
            return Vec::new();
        };
        let text = format!("{} {} {}", t.label, t.remittance, t.references.join(" "));
        let payer = self.payer(t);
        // Referenced invoices, each with how it was referenced.
        let mut referenced: Vec<(u32, Evidence)> = Vec::new();
        for body in rf::find_in(&text) {
            for k in self.index.with_number(&body) {
                referenced.push((k, Evidence::Reference));
            }
        }
        for k in self.index.numbers_in(&text) {
            if !referenced.iter().any(|(r, _)| *r == k) {
                referenced.push((k, Evidence::InvoiceNumber));
            }
        }
        referenced.retain(|(k, _)| {
            self.open_cents(*k).is_some() && self.index.open[*k as usize].currency == t.currency
        });
        crate::small::sort_by(&mut referenced, |a, b| a.0.cmp(&b.0));
        let mut proposals = Vec::new();
        if !referenced.is_empty() {
            self.referenced(&referenced, amount, &payer, &mut proposals);
        }
        if payer.clients.len() <= 3 {
            for &c in &payer.clients {
                self.by_payer(c, t, amount, payer.evidence, &mut proposals);
            }
        }
        if payer.clients.is_empty() && referenced.is_empty() {
            // Nothing but an amount (a cheque deposit, a transfer without a name): every
            // invoice due exactly that, for a person to choose.
            let ks = self.index.with_amount(amount).collect::<Vec<u32>>();
            for k in ks {
                if proposals.len() >= self.limits.amount_candidates {
                    break;
                }
                if self.open_cents(k) == Some(amount)
                    && self.index.open[k as usize].currency == t.currency
                {
                    proposals.push(self.proposal(&[(k, amount)], &[Evidence::Amount]));
                }
            }
        }
        rank(&mut proposals, &self.index);
        // Two different proposals that each look certain: neither is.
        if proposals.iter().filter(|p| p.auto).count() > 1 {
            for p in &mut proposals {
                p.auto = false;
            }
        }
        if let Some(p) = proposals.first().filter(|p| p.auto) {
            for (inv, a) in p.invoices.iter().zip(&p.amounts) {
                if let Some(k) = self.index.position(*inv) {
                    if let (Some(r), Some(a)) = (self.remaining[k as usize].as_mut(), to_cents(*a))
                    {
                        *r -= a;
                    }
                }
            }
        }
        proposals
    }

    /// What is still due on an open invoice, if anything.
    fn open_cents(&self, k: u32) -> Option<i64> {
        self.remaining[k as usize].filter(|&c| c > 0)
    }

    fn proposal(&self, parts: &[(u32, i64)], evidence: &[Evidence]) -> Proposal {
        let mut evidence = evidence.to_vec();
        crate::small::sort_by(&mut evidence, Ord::cmp);
        evidence.dedup();
        Proposal {
            invoices: parts
                .iter()
                .map(|(k, _)| self.index.open[*k as usize].id)
                .collect(),
            amounts: parts.iter().map(|(_, c)| decimal(*c)).collect(),
            auto: false,
            evidence,
        }
    }

    /// Proposals from the invoices the text names.
    fn referenced(
        &self,
        referenced: &[(u32, Evidence)],
        amount: i64,
        payer: &Payer,
        out: &mut Vec<Proposal>,
    ) {
        let mut ks: Vec<u32> = referenced.iter().map(|(k, _)| *k).collect();
        // Oldest due first (the index's order is by due date).
        crate::small::sort_by(&mut ks, Ord::cmp);
        let client_of = |k: u32| self.index.open[k as usize].client;
        let one_client = ks.iter().all(|&k| client_of(k) == client_of(ks[0]));
        let payer_is = |k: u32| payer.clients.contains(&client_of(k));
        let kinds = |set: &[u32]| -> Vec<Evidence> {
            referenced
                .iter()
                .filter(|(k, _)| set.contains(k))
                .map(|(_, e)| *e)
                .collect()
        };
        let all_rf = |set: &[u32]| {
            referenced
                .iter()
                .filter(|(k, _)| set.contains(k))
                .all(|(_, e)| *e == Evidence::Reference)
        };
        let mut consider = |set: &[u32], parts: Vec<(u32, i64)>, exact: bool, partial: bool| {
            let mut ev = kinds(set);
            let same_client = set.iter().all(|&k| client_of(k) == client_of(set[0]));
            let payer_ok = set.iter().all(|&k| payer_is(k));
            if payer_ok && same_client {
                ev.extend(payer.evidence);
            }
            if exact {
                ev.push(Evidence::Amount);
            }
            if partial {
                ev.push(Evidence::Partial);
            }
            let mut p = self.proposal(&parts, &ev);
            let unambiguous_payer = payer.clients.len() <= 1;
            let payer_consistent =
                (payer_ok && payer.clients.len() == 1) || (payer.clients.is_empty() && all_rf(set));
            // A number two clients share is no evidence of which one.
            let numbers_unique = set.iter().all(|&k| !self.index.number_shared[k as usize]);
            p.auto =
                exact && same_client && unambiguous_payer && payer_consistent && numbers_unique;
            out.push(p);
        };
        let dues: Vec<(u32, i64)> = ks
            .iter()
            .filter_map(|&k| self.open_cents(k).map(|c| (k, c)))
            .collect();
        let total: i64 = dues.iter().map(|(_, c)| c).sum();
        if total == amount {
            consider(&ks, dues.clone(), true, false);
        } else if amount < total {
            // One of the named invoices, paid exactly.
            for &(k, c) in &dues {
                if c == amount {
                    consider(&[k], vec![(k, c)], true, false);
                }
            }
            if one_client {
                consider(&ks, fifo(&dues, amount), false, true);
            }
        } else {
            // More than the named invoices: they are settled, the rest stays unapplied.
            let mut p = self.proposal(&dues, &kinds(&ks));
            p.auto = false;
            out.push(p);
        }
    }

    /// Proposals from the payer's open invoices: one due exactly the amount, a set of them
    /// summing to it, or a partial payment toward the oldest.
    fn by_payer(
        &self,
        client: ClientId,
        t: &Transaction,
        amount: i64,
        payer_ev: Option<Evidence>,
        out: &mut Vec<Proposal>,
    ) {
        let dues: Vec<(u32, i64)> = self
            .index
            .of_client(client)
            .filter(|&k| self.index.open[k as usize].currency == t.currency)
            .filter_map(|k| self.open_cents(k).map(|c| (k, c)))
            .collect();
        if dues.is_empty() {
            return;
        }
        let ev: Vec<Evidence> = payer_ev.into_iter().collect();
        let mut exact = false;
        for &(k, c) in &dues {
            if c == amount {
                let mut e = ev.clone();
                e.push(Evidence::Amount);
                out.push(self.proposal(&[(k, c)], &e));
                exact = true;
            }
        }
        if exact {
            return;
        }
        let window = &dues[..dues.len().min(self.limits.subset_invoices)];
        let values: Vec<i64> = window.iter().map(|(_, c)| *c).collect();
        if let Some(set) = subset::find(&values, amount, self.limits.subset_nodes) {
            let parts: Vec<(u32, i64)> = set.iter().map(|&i| window[i]).collect();
            let mut e = ev.clone();
            e.push(Evidence::Amount);
            out.push(self.proposal(&parts, &e));
            return;
        }
        let mut e = ev;
        e.push(Evidence::Partial);
        out.push(self.proposal(&fifo(&dues, amount), &e));
    }
}

/// `amount` applied to the oldest dues first; the last one may be paid in part.
fn fifo(dues: &[(u32, i64)], amount: i64) -> Vec<(u32, i64)> {
    let mut left = amount;
    let mut parts = Vec::new();
    for &(k, c) in dues {
        if left <= 0 {
            break;
        }
        let a = c.min(left);
        parts.push((k, a));
        left -= a;
    }
    parts
}

/// Best first: the heavier evidence, then the older invoices; the same invoices proposed twice
/// keep their best proposal.
fn rank(ps: &mut Vec<Proposal>, index: &Index) {
    // Positions in the index are by due date: the smallest is the oldest invoice.
    let oldest = |p: &Proposal| p.invoices.iter().filter_map(|i| index.position(*i)).min();
    crate::small::sort_by(ps, |a, b| {
        b.score()
            .cmp(&a.score())
            .then(b.auto.cmp(&a.auto))
            .then_with(|| oldest(a).cmp(&oldest(b)))
            .then_with(|| a.invoices.cmp(&b.invoices))
    });
    let mut seen: Vec<Vec<InvoiceId>> = Vec::new();
    ps.retain(|p| {
        let mut key = p.invoices.clone();
        crate::small::sort_by(&mut key, Ord::cmp);
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}
