//! `encours match`: the receipts of bank statements matched to the invoices of the files, each
//! proposal with its evidence (see `encours_core::bank::matching`).

use crate::args::Args;
use encours_core::bank::matching::{match_transactions, Learned, Proposal};
use encours_core::bank::{parse_statement, Dedup, Transaction};
use encours_core::money::to_plain;
use encours_core::Ledger;
use serde_json::{json, Value};

/// Reads the statements in order, each transaction once (a statement given twice, or two
/// that overlap, add nothing the second time). Lines a statement could not read are said on
/// standard error.
fn statements(paths: &[String]) -> Result<Vec<Transaction>, String> {
    let mut dedup = Dedup::default();
    let mut out = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let s = parse_statement(&bytes).map_err(|e| format!("{path}: {e}"))?;
        for e in &s.errors {
            eprintln!("encours: {path}: {e}");
        }
        out.extend(dedup.fresh(s.transactions));
    }
    Ok(out)
}

fn proposal_json(ledger: &Ledger, p: &Proposal) -> Value {
    json!({
        "invoices": p.invoices.iter().map(|i| ledger.invoice(*i).map_or("", |i| i.number.as_str())).collect::<Vec<_>>(),
        "amounts": p.amounts.iter().map(|a| to_plain(*a)).collect::<Vec<_>>(),
        "auto": p.auto,
        "evidence": p.evidence.iter().map(|e| e.code()).collect::<Vec<_>>(),
    })
}

pub fn run(args: &Args, ledger: &Ledger) -> Result<(), String> {
    let txs = statements(&args.bank)?;
    let m = match_transactions(ledger, &txs, args.as_of(), &Learned::default());
    if args.json {
        let rows: Vec<Value> = txs
            .iter()
            .zip(&m)
            .map(|(t, ps)| {
                json!({
                    "id": t.id,
                    "date": t.date.to_string(),
                    "amount": to_plain(t.amount),
                    "direction": t.direction.code(),
                    "label": t.label,
                    "counterparty": t.counterparty.as_deref().unwrap_or(""),
                    "proposals": ps.iter().map(|p| proposal_json(ledger, p)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let out = serde_json::to_string_pretty(&json!({ "transactions": rows }))
            .map_err(|e| e.to_string())?;
        return crate::write_line(&out);
    }
    let mut out = String::new();
    for (t, ps) in txs.iter().zip(&m) {
        out.push_str(&format!(
            "{} {:>12} {:<6} {}\n",
            t.date,
            to_plain(t.amount),
            t.direction.code(),
            t.label
        ));
        for p in ps {
            let parts: Vec<String> = p
                .invoices
                .iter()
                .zip(&p.amounts)
                .map(|(i, a)| {
                    let n = ledger.invoice(*i).map_or("", |i| i.number.as_str());
                    format!("{n} {}", to_plain(*a))
                })
                .collect();
            let why: Vec<&str> = p.evidence.iter().map(|e| e.code()).collect();
            out.push_str(&format!(
                "    {} {} ({})\n",
                if p.auto { "auto  " } else { "review" },
                parts.join(" + "),
                why.join(", ")
            ));
        }
    }
    let auto = m
        .iter()
        .filter(|ps| ps.first().is_some_and(|p| p.auto))
        .count();
    let review = m
        .iter()
        .filter(|ps| ps.first().is_some_and(|p| !p.auto))
        .count();
    out.push_str(&format!(
        "{} transaction(s): {auto} auto, {review} to review, {} without a proposal",
        txs.len(),
        txs.len() - auto - review
    ));
    crate::write_line(&out)
}
