//! `encours penalty`: late-payment interest for one invoice, line by line: a business's
//! penalties (L441-10, D441-5), or a consumer's interest at the legal rate from the notice
//! (art. 1231-6 Code civil).

use crate::args::PenaltyArgs;
use encours_core::money::{grouped, to_plain};
use encours_core::penalty::{penalties, Basis, Penalty, RateKind, RateTable, Terms, Warning};
use serde_json::json;

pub fn run(a: &PenaltyArgs, as_json: bool) -> Result<(), String> {
    let table = match &a.rate_table {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            let mut t = RateTable::parse_csv(&text).map_err(|e| format!("{path}: {e}"))?;
            // A file with only ECB rates keeps the built-in legal rates for the 3x floor.
            if t.legal.is_empty() {
                t.legal = RateTable::builtin().legal;
            }
            t
        }
        None => RateTable::builtin(),
    };
    let terms = Terms {
        business: !a.consumer,
        contractual_rate: a.contract_rate,
        notice: a.notice,
        ..Terms::default()
    };
    if a.notice.is_some() && !a.consumer {
        return Err(
            "--notice is for a consumer (--consumer): a business owes penalties from the due date"
                .into(),
        );
    }
    let (Some(amount), Some(due), Some(paid)) = (a.amount, a.due, a.paid) else {
        return Err("penalty needs --amount, --due and --paid".into());
    };
    let p = penalties(amount, due, paid, &a.payments, &table, &terms).map_err(|m| {
        let which = match m.table {
            RateKind::Ecb => "ECB rate",
            RateKind::Legal => "legal interest rate",
        };
        format!(
            "{}: no {which} for {} in the table; pass --rate-table with a row for it",
            m.code(),
            m.half_year
        )
    })?;
    let text = if as_json { to_json(&p) } else { to_text(&p) };
    crate::write_line(&text)?;
    for w in &p.warnings {
        eprintln!("encours: warning: {}", warning(w));
    }
    Ok(())
}

fn warning(w: &Warning) -> String {
    match w {
        Warning::ContractualBelowFloor {
            half_year,
            contractual,
            floor,
        } => format!(
            "contractual rate {contractual} % is below 3 x the legal interest rate in {half_year}: {floor} % applies"
        ),
        Warning::NoNoticeYet => "a consumer owes no late interest before a mise en demeure (art. 1231-6 Code civil): pass --notice DATE once one is sent".into(),
        Warning::RateMissing(m) => format!("no rate for {} in the table", m.half_year),
    }
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::Commercial => "ecb_plus_margin",
        Basis::Contractual => "contractual",
        Basis::LegalRate => "legal_rate",
    }
}

fn to_json(p: &Penalty) -> String {
    let lines: Vec<_> = p
        .lines
        .iter()
        .map(|l| {
            json!({
                "from": l.from.to_string(),
                "to": l.to.to_string(),
                "days": l.days,
                "base": to_plain(l.base),
                "rate": l.rate.normalize().to_string(),
                "amount": to_plain(l.amount),
            })
        })
        .collect();
    let v = json!({
        "lines": lines,
        "interest": to_plain(p.interest),
        "indemnity": to_plain(p.indemnity),
        "total": to_plain(p.interest + p.indemnity),
        "basis": basis(p.basis),
        "warnings": p.warnings.iter().map(|w| json!({"code": w.code(), "message": warning(w)})).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).expect("JSON")
}

fn to_text(p: &Penalty) -> String {
    let mut out = String::new();
    for l in &p.lines {
        out.push_str(&format!(
            "{} -> {}  {:>4} days  {:>14} x {:>6} %  {:>12}\n",
            l.from.format("%d/%m/%Y"),
            l.to.format("%d/%m/%Y"),
            l.days,
            grouped(l.base, ' ', ','),
            l.rate.normalize(),
            grouped(l.amount, ' ', ',')
        ));
    }
    out.push_str(&format!(
        "penalties {}\nindemnity {}\ntotal     {}",
        grouped(p.interest, ' ', ','),
        grouped(p.indemnity, ' ', ','),
        grouped(p.interest + p.indemnity, ' ', ',')
    ));
    out
}
