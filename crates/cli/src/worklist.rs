//! `encours worklist`: whom to remind on a date, with the default scenario and nothing sent
//! yet (the files carry no follow-up), for scripts and checks.

use encours_core::dunning::{worklist, Reason};
use encours_core::money::to_plain;
use encours_core::penalty::RateTable;
use encours_core::Portfolio;
use serde_json::json;

pub fn output(ledger: &Portfolio, as_of: chrono::NaiveDate, as_json: bool) -> String {
    let w = worklist(ledger, &RateTable::builtin(), as_of);
    let name = |c: encours_core::ledger::ClientId| ledger.client(c).map_or("", |c| c.name.as_str());
    if as_json {
        let entries: Vec<_> = w
            .entries
            .iter()
            .map(|e| {
                json!({
                    "client": name(e.client),
                    "level": e.level.name,
                    "level_index": e.level_index,
                    "why": e.choice.code(),
                    "channel": format!("{:?}", e.level.channel),
                    "invoices": e.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(),
                    "total": to_plain(e.total),
                    "penalties": to_plain(e.penalties),
                    "indemnity": to_plain(e.indemnity),
                    "currency": e.currency.to_string(),
                })
            })
            .collect();
        let excluded: Vec<_> = w
            .excluded
            .iter()
            .map(|x| {
                json!({
                    "client": name(x.client),
                    "invoice": x.invoice.and_then(|i| ledger.invoice(i)).map(|i| i.number.clone()),
                    "reason": reason(&x.reason),
                })
            })
            .collect();
        return serde_json::to_string_pretty(&json!({
            "as_of": as_of.to_string(),
            "entries": entries,
            "excluded": excluded,
        }))
        .expect("JSON");
    }
    let mut out = String::new();
    for e in &w.entries {
        out.push_str(&format!(
            "{:<32} {:<26} {:>3} invoice(s) {:>14} + {:>10}\n",
            name(e.client),
            e.level.name,
            e.invoices.len(),
            to_plain(e.total),
            to_plain(e.penalties + e.indemnity)
        ));
    }
    for x in &w.excluded {
        out.push_str(&format!(
            "(excluded) {}: {}\n",
            name(x.client),
            reason(&x.reason)
        ));
    }
    out.push_str(&format!("{} client(s) to remind", w.entries.len()));
    out
}

/// The reason's stable code first (`excluded[].reason` starts with it), then its details.
fn reason(r: &Reason) -> String {
    let code = r.code();
    match r {
        Reason::Disputed | Reason::Litigation | Reason::Paused => code.into(),
        Reason::Snoozed(d) => format!("{code}: until {d}"),
        Reason::Promise(d, a) => format!("{code}: {} by {d}", to_plain(*a)),
        Reason::BelowMinimum(a) => format!("{code}: {}", to_plain(*a)),
        Reason::PlanOnTrack(p) => format!("{code}: plan #{p}"),
        Reason::Prescribed(d) => format!("{code}: since {d}"),
    }
}
