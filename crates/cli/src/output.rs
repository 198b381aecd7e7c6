//! What the commands print: readable tables, or JSON with amounts as decimal strings.

use crate::args::Args;
use crate::Issues;
use encours_core::aging::{age, AgingOptions, CurrencyAging};
use encours_core::import::{ImportReport, RowError};
use encours_core::kpi::{kpis, KpiOptions, Kpis};
use encours_core::money::to_plain;
use encours_core::Ledger;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// Errors or warnings as `{file, line, column, code, params, message}`: the code and its
/// parameters for programs, the English message for people.
fn rows_json(rows: &[(String, RowError)]) -> Value {
    json!(rows
        .iter()
        .map(|(file, e)| {
            let mut v = serde_json::to_value(e).expect("JSON");
            v["file"] = json!(file);
            v["message"] = json!(e.message());
            v
        })
        .collect::<Vec<_>>())
}

/// What the imports changed as `{code, params, message}`, like the errors.
fn changes_json(changes: &[encours_core::import::Change]) -> Value {
    json!(changes
        .iter()
        .map(|c| {
            let mut v = serde_json::to_value(c).expect("JSON");
            v["message"] = json!(c.message());
            v
        })
        .collect::<Vec<_>>())
}

/// The errors, then the warnings, one a line.
fn push_issues(s: &mut String, issues: &Issues) {
    for (what, rows) in [("error", &issues.errors), ("warning", &issues.warnings)] {
        for (file, e) in rows {
            s.push_str(&format!("{what}: {file}: {e}\n"));
        }
    }
}

/// A ratio or a day count as a JSON number, rounded (these are not money).
fn num(d: Option<Decimal>, dp: u32) -> Value {
    d.and_then(|d| d.round_dp(dp).to_f64())
        .map_or(Value::Null, |f| json!(f))
}

fn rates_json(args: &Args) -> Value {
    json!(args.rates.iter().map(|r| json!({"currency": r.from.to_string(), "rate": r.rate.to_string(), "base": args.base.to_string()})).collect::<Vec<_>>())
}

pub fn import(ledger: &Ledger, r: &ImportReport, issues: &Issues, as_json: bool) -> String {
    if as_json {
        return serde_json::to_string_pretty(&json!({
            "clients": ledger.clients.len(),
            "invoices": ledger.invoices.len(),
            "payments": ledger.payments.len(),
            "errors": rows_json(&issues.errors),
            "warnings": rows_json(&issues.warnings),
            "changes": changes_json(&r.changes),
        }))
        .expect("JSON");
    }
    let mut s = format!(
        "{} clients, {} invoices, {} payments ({} new invoices, {} updated)\n",
        ledger.clients.len(),
        ledger.invoices.len(),
        ledger.payments.len(),
        r.new_invoices,
        r.updated_invoices
    );
    push_issues(&mut s, issues);
    s.trim_end().to_string()
}

fn buckets_json(labels: &[String], amounts: &[Decimal]) -> Value {
    json!(labels
        .iter()
        .zip(amounts)
        .map(|(l, a)| json!({"label": l, "amount": to_plain(*a)}))
        .collect::<Vec<_>>())
}

fn currency_json(labels: &[String], c: &CurrencyAging) -> Value {
    json!({
        "currency": c.currency.to_string(),
        "total": to_plain(c.total),
        "buckets": buckets_json(labels, &c.buckets),
        "disputed": to_plain(c.disputed),
        "unallocated_credits": to_plain(c.unallocated_credits),
        "clients": c.clients.iter().map(|cl| json!({
            "client": cl.name,
            "total": to_plain(cl.total),
            "buckets": buckets_json(labels, &cl.buckets),
            "disputed": to_plain(cl.disputed),
            "unallocated_credits": to_plain(cl.unallocated_credits),
        })).collect::<Vec<_>>(),
    })
}

pub fn aging(ledger: &Ledger, args: &Args, issues: &Issues) -> Result<String, String> {
    let opts = AgingOptions {
        as_of: args.as_of(),
        buckets: args.buckets.clone(),
        detail: false,
    };
    let a = age(ledger, &opts);
    if args.json {
        let mut v = match a.currencies.as_slice() {
            [] => {
                json!({"currency": args.base.to_string(), "total": "0.00", "buckets": buckets_json(&a.labels, &vec![Decimal::ZERO; a.labels.len()]), "disputed": "0.00", "unallocated_credits": "0.00", "clients": []})
            }
            [one] => currency_json(&a.labels, one),
            many => {
                json!({"by_currency": many.iter().map(|c| currency_json(&a.labels, c)).collect::<Vec<_>>()})
            }
        };
        v["as_of"] = json!(a.as_of.to_string());
        v["errors"] = rows_json(&issues.errors);
        v["warnings"] = rows_json(&issues.warnings);
        if !args.rates.is_empty() {
            v["converted"] = rates_json(args);
        }
        return Ok(serde_json::to_string_pretty(&v).expect("JSON"));
    }
    let mut s = format!("Aged balance as of {}\n", a.as_of);
    for c in &a.currencies {
        let mut head = vec!["Client".to_string(), "Total".to_string()];
        head.extend(a.labels.iter().cloned());
        head.push("Disputed".into());
        head.push("Credits".into());
        let mut rows: Vec<Vec<String>> = vec![head];
        let line = |name: &str, total: Decimal, b: &[Decimal], d: Decimal, cr: Decimal| {
            let mut r = vec![name.to_string(), to_plain(total)];
            r.extend(b.iter().map(|x| to_plain(*x)));
            r.push(to_plain(d));
            r.push(to_plain(cr));
            r
        };
        for cl in &c.clients {
            rows.push(line(
                &cl.name,
                cl.total,
                &cl.buckets,
                cl.disputed,
                cl.unallocated_credits,
            ));
        }
        rows.push(line(
            &format!("TOTAL {}", c.currency),
            c.total,
            &c.buckets,
            c.disputed,
            c.unallocated_credits,
        ));
        s.push_str(&table(&rows));
    }
    if !args.rates.is_empty() {
        for r in &args.rates {
            s.push_str(&format!(
                "converted: 1 {} = {} {}\n",
                r.from, r.rate, args.base
            ));
        }
    }
    push_issues(&mut s, issues);
    Ok(s.trim_end().to_string())
}

fn table(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut s = String::new();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i == 0 {
                s.push_str(&c.replace(char::is_control, " "));
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.push('\n');
    }
    s
}

fn kpi_json(k: &Kpis) -> Value {
    json!({
        "as_of": k.as_of.to_string(),
        "currency": k.currency.to_string(),
        "total_outstanding": to_plain(k.total_outstanding),
        "overdue": to_plain(k.overdue),
        "overdue_share": num(k.overdue_share, 4),
        "over_90_share": num(k.over_90_share, 4),
        "disputed": to_plain(k.disputed),
        "dispute_rate": num(k.dispute_rate, 4),
        "dso_simple_days": num(k.dso_simple_days, 1),
        "dso_countback_days": num(k.dso_countback_days, 1),
        "cei": num(k.cei, 4),
        "avg_days_late": num(k.avg_days_late, 1),
        "bad_debt_rate": num(k.bad_debt_rate, 4),
        "sales_period": to_plain(k.sales_period),
        "top_debtors": k.top_debtors.iter().map(|d| json!({"client": d.name, "amount": to_plain(d.amount)})).collect::<Vec<_>>(),
        "monthly": k.monthly.iter().map(|m| json!({"date": m.date.to_string(), "outstanding": to_plain(m.outstanding), "overdue": to_plain(m.overdue), "dso_days": num(m.dso_days, 1)})).collect::<Vec<_>>(),
    })
}

pub fn kpi(ledger: &Ledger, args: &Args, issues: &Issues) -> String {
    let opts = KpiOptions {
        as_of: args.as_of(),
        period_days: args.period_days,
        buckets: args.buckets.clone(),
    };
    let all = kpis(ledger, &opts);
    if args.json {
        let mut v = match all.as_slice() {
            [one] => kpi_json(one),
            many => {
                json!({"as_of": args.as_of().to_string(), "by_currency": many.iter().map(kpi_json).collect::<Vec<_>>()})
            }
        };
        v["errors"] = rows_json(&issues.errors);
        v["warnings"] = rows_json(&issues.warnings);
        if !args.rates.is_empty() {
            v["converted"] = rates_json(args);
        }
        return serde_json::to_string_pretty(&v).expect("JSON");
    }
    let pct = |d: Option<Decimal>| {
        d.map_or("–".into(), |d| {
            format!("{}%", (d * Decimal::ONE_HUNDRED).round_dp(1))
        })
    };
    let days = |d: Option<Decimal>| d.map_or("–".into(), |d| format!("{} days", d.round_dp(1)));
    let mut s = String::new();
    for k in &all {
        s.push_str(&format!("KPIs as of {} ({})\n", k.as_of, k.currency));
        let rows = vec![
            vec![
                "Total outstanding".to_string(),
                to_plain(k.total_outstanding),
            ],
            vec![
                "Overdue".into(),
                format!("{} ({})", to_plain(k.overdue), pct(k.overdue_share)),
            ],
            vec!["Over 90 days".into(), pct(k.over_90_share)],
            vec![
                "Disputed".into(),
                format!("{} ({})", to_plain(k.disputed), pct(k.dispute_rate)),
            ],
            vec![
                format!("DSO simple ({} days)", args.period_days),
                days(k.dso_simple_days),
            ],
            vec!["DSO count-back".into(), days(k.dso_countback_days)],
            vec!["CEI (3 months)".into(), pct(k.cei)],
            vec!["Average days late".into(), days(k.avg_days_late)],
            vec!["Bad-debt rate (12 months)".into(), pct(k.bad_debt_rate)],
        ];
        s.push_str(&table(&rows));
        if !k.top_debtors.is_empty() {
            s.push_str("Top debtors:\n");
            for d in &k.top_debtors {
                let name = d.name.replace(char::is_control, " ");
                s.push_str(&format!("  {}  {name}\n", to_plain(d.amount)));
            }
        }
    }
    push_issues(&mut s, issues);
    s.trim_end().to_string()
}
