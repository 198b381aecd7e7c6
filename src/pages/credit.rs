//! Credit management across clients: provisions for doubtful receivables (with the entries
//! for the accountant), the 13-week cash-in forecast against what came in, disputes, and the
//! clients over their credit limit.

use crate::dispatch::{dispatch, dispatch_and_tell};
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::router::{client_path, dyn_link};
use crate::state::AppState;
use crate::widgets;
use encours_core::aging::Buckets;
use encours_core::forecast::{actuals, forecast_owing, week_start};
use encours_core::portfolio::command::Command;
use encours_core::provision::{
    closing_before, entries_csv_since_recorded, provisions_owing, ProvisionRates,
};
use encours_core::scoring::score_all_owing;
use encours_core::Ledger;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn base_currency(state: AppState) -> encours_core::Currency {
    state.portfolio.with(|l| l.first_currency())
}

#[component]
pub fn Credit() -> impl IntoView {
    super::title(T::nav_credit);
    view! {
        <section class="credit">
            <h1>{tr(T::nav_credit)}</h1>
            <Provisions/>
            <Forecast/>
            <Disputes/>
        </section>
    }
    .into_any()
}

#[component]
fn Provisions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let closing = RwSignal::new(state.today.get_untracked());
    let ready = super::after_paint(1);
    let result = Memo::new(move |_| {
        if !ready.get() {
            return None;
        }
        let d = closing.get();
        let owed = state.owed_on(d);
        Some(state.portfolio.with(|l| {
            let p = provisions_owing(
                l,
                d,
                &Buckets::default(),
                &l.follow_up.provision_rates,
                &owed,
            );
            let by_client: Vec<(String, encours_core::ledger::ClientId, Decimal)> = p
                .by_client()
                .into_iter()
                .map(|(c, a)| (l.client_name(c).to_string(), c, a))
                .collect();
            let derived = p.lines.iter().filter(|l| l.net_derived).count();
            (p, by_client, derived)
        }))
    });
    let save_rate = move |k: usize, v: String| {
        let Some(d) = format::parse_amount(&v) else {
            return state.error(state.t(T::bad_amount));
        };
        let mut r: ProvisionRates = state
            .portfolio
            .with_untracked(|l| l.follow_up.provision_rates.clone());
        match k {
            5 => r.litigation = d,
            6 => r.default_vat = d,
            k => match r.by_bucket.get_mut(k) {
                Some(x) => *x = d,
                None => return,
            },
        }
        dispatch_and_tell(state, Command::SetProvisionRates(r));
    };
    // Since the last closing recorded before the chosen date: what fell or went is written
    // back (491 / 7817).
    let export = move || {
        let d = closing.get_untracked();
        let Some(csv) = result.with_untracked(|r| {
            r.as_ref().map(|(p, _, _)| {
                state
                    .portfolio
                    .with_untracked(|l| entries_csv_since_recorded(l, p, d))
            })
        }) else {
            return;
        };
        crate::util::download(
            &format!("provisions-{d}.csv"),
            "text/csv;charset=utf-8",
            &csv,
        );
    };
    // Records the closing at the chosen date (its provisions, the next export's base), or
    // takes the last one back.
    let run = move |cmd: Command, done: T| {
        leptos::task::spawn_local(async move {
            match dispatch(state, cmd).await {
                Ok(_) => state.notify(state.t(done)),
                Err(e) => state.error(e.text(state.lang.get_untracked())),
            }
        });
    };
    let record = move || {
        let date = closing.get_untracked();
        run(Command::RecordClosing { date }, T::closing_recorded);
    };
    let undo = move || run(Command::UndoClosing, T::closing_undone);
    view! {
        <div class="panel" data-testid="provisions">
            <h2>{tr(T::provisions)}</h2>
            <div class="form-row">
                <label>{tr(T::closing_date)}<input type="date" name="closing" prop:value=move || closing.get().to_string()
                    on:change=move |ev| if let Some(d) = format::parse_iso(&event_target_value(&ev)) { closing.set(d) }/></label>
                {widgets::button(tr(T::export_entries), "button primary", Box::new(export))}
                {widgets::button(tr(T::record_closing), "button", Box::new(record))}
            </div>
            {move || {
                let lang = state.lang.get();
                let chosen = closing.get();
                let cur = base_currency(state);
                let (last, base) = state.portfolio.with(|l| {
                    let c = &l.follow_up.closings;
                    (
                        c.last().map(|x| (x.date, x.provisions.total)),
                        closing_before(c, chosen).map(|x| x.date),
                    )
                });
                let t = move |k| crate::i18n::t(lang, k);
                match last {
                    None => view! { <p class="note" data-testid="last-closing">{t(T::no_closing_yet)}</p> }.into_any(),
                    Some((d, total)) => view! {
                        <p data-testid="last-closing" data-date=d.to_string() data-total=total.to_string()>
                            {format!("{}{}{} · {}", t(T::last_closing), format::colon(lang), format::date(lang, d), format::money(lang, total, cur))}
                            {base.map(|b| format!(" · {} {}", t(T::entries_since), format::date(lang, b)))}
                            " "{widgets::button(tr(T::undo_closing), "button small", Box::new(undo))}
                        </p>
                    }.into_any(),
                }
            }}
            {move || {
                let lang = state.lang.get();
                let rates = state.portfolio.with(|l| l.follow_up.provision_rates.clone());
                let labels = Buckets::default().labels();
                let mut fields: Vec<(String, Decimal)> = labels.into_iter().zip(rates.by_bucket.iter().copied()).enumerate()
                    .map(|(k, (l, r))| (if k == 0 { crate::i18n::t(lang, T::not_due).to_string() } else { l }, r)).collect();
                fields.push((crate::i18n::t(lang, T::status_litigation).into(), rates.litigation));
                fields.push((crate::i18n::t(lang, T::default_vat).into(), rates.default_vat));
                view! {
                    // CGI art. 39-1-5°: statistical rates are not deductible as such.
                    <p class="note" data-testid="provision-note" data-code=encours_core::provision::DEDUCTIBILITY_NOTE_CODE>{crate::i18n::t(lang, T::provision_note)}</p>
                    <details><summary>{crate::i18n::t(lang, T::provision_rates)}</summary>
                        <div class="form-grid">
                            {fields.into_iter().enumerate().map(|(k, (label, r))| view! {
                                <label>{format!("{label} (%)")}<input name=format!("rate-{k}") value=format::amount_input(lang, r)
                                    on:change=move |ev| save_rate(k, event_target_value(&ev))/></label>
                            }).collect_view()}
                        </div>
                    </details>
                }
            }}
            {move || {
                let lang = state.lang.get();
                let cur = base_currency(state);
                result.with(|r| match r {
                    None => super::computing(),
                    Some((p, by_client, derived)) => view! {
                    <p data-testid="provision-total"><strong>{crate::i18n::t(lang, T::total)}{format::colon(lang)}{format::money(lang, p.total, cur)}</strong>
                        {(*derived > 0).then(|| format!(" · {derived} {}", crate::i18n::t(lang, T::net_derived)))}</p>
                    <table><tbody>
                        {by_client.iter().take(50).map(|(n, c, a)| view! {
                            <tr><td>{dyn_link(client_path(*c), n.clone())}</td><td class="num">{format::money(lang, *a, cur)}</td></tr>
                        }).collect_view()}
                    </tbody></table>
                }.into_any(),
                })
            }}
        </div>
    }
    .into_any()
}

/// Weeks looked back to compare a past forecast with what came in.
const LOOK_BACK: i64 = 4;

#[component]
fn Forecast() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The forecast, then the one made LOOK_BACK weeks ago: each in a task of its own.
    let (ready_ahead, ready_past) = (super::after_paint(2), super::after_paint(3));
    let ahead = Memo::new(move |_| {
        let today = state.today.get();
        ready_ahead.get().then(|| {
            let owed = state.owed_on(today);
            state
                .portfolio
                .with(|l| forecast_owing(l, today, &score_all_owing(l, today, &owed), &owed))
        })
    });
    let past = Memo::new(move |_| {
        if !ready_past.get() {
            return None;
        }
        let today = state.today.get();
        // The forecast made LOOK_BACK weeks ago, against the payments of those weeks.
        let then = today - chrono::Duration::weeks(LOOK_BACK);
        let owed = state.owed_on(then);
        Some(state.portfolio.with(|l| {
            let past = forecast_owing(l, then, &score_all_owing(l, then, &owed), &owed);
            let weeks: Vec<_> = past
                .weeks
                .iter()
                .map(|w| w.start)
                .filter(|s| *s < week_start(today))
                .collect();
            let came = actuals(l, &weeks);
            let past: Vec<_> = past
                .weeks
                .iter()
                .zip(came)
                .map(|(w, a)| (w.start, w.expected, a))
                .collect::<Vec<_>>();
            past
        }))
    });
    move || {
        let lang = state.lang.get();
        let cur = base_currency(state);
        let Some(ahead) = ahead.get() else {
            return view! { <div class="panel" data-testid="forecast"><h2>{tr(T::forecast)}</h2>{super::computing()}</div> }.into_any();
        };
        let past = past.get().unwrap_or_default();
        let sym = format::symbol(cur);
        let cols = ahead
            .weeks
            .iter()
            .map(|w| {
                use chrono::Datelike;
                super::charts::Column {
                    name: format!("{:02}/{:02}", w.start.day(), w.start.month()),
                    value: w.expected.to_f64().unwrap_or(0.0),
                    label: format::compact(lang, w.expected.round().to_i64().unwrap_or(0), &sym),
                    tip: format!(
                        "{} · {}",
                        format::date(lang, w.start),
                        format::money(lang, w.expected, cur)
                    ),
                    class: "bar b0".into(),
                }
            })
            .collect::<Vec<_>>();
        // Thirteen columns leave no room for every value above them: the axis reads them.
        let labelled = cols.len() <= 8;
        let every = cols.len().div_ceil(5);
        let tick = move |v: i64| format::compact(lang, v, &sym);
        let t = move |k| crate::i18n::t(lang, k);
        view! {
            <div class="panel" data-testid="forecast">
                <h2>{t(T::forecast)}</h2>
                <div class="chart" data-testid="forecast-chart">{super::charts::columns(t(T::forecast).to_string(), cols, &tick, labelled, every)}</div>
                <table>
                    <thead><tr><th>{t(T::week_of)}</th><th class="num">{t(T::expected)}</th><th class="num">{t(T::received)}</th></tr></thead>
                    <tbody>
                        // What the rows are: the past weeks' forecast against what came in, then the 13 weeks ahead.
                        <tr class="group"><th colspan="3" scope="colgroup">{format!("{} {}", past.len(), t(T::forecast_past_weeks))}</th></tr>
                        {past.into_iter().map(|(d, e, a)| view! {
                            <tr class="past"><td>{format::date(lang, d)}</td><td class="num" data-label=t(T::expected)>{format::money(lang, e, cur)}</td><td class="num" data-label=t(T::received)>{format::money(lang, a, cur)}</td></tr>
                        }).collect_view()}
                        <tr class="group"><th colspan="3" scope="colgroup">{format!("{} {}", ahead.weeks.len(), t(T::forecast_next_weeks))}</th></tr>
                        {ahead.weeks.iter().map(|w| view! {
                            <tr class="ahead"><td>{format::date(lang, w.start)}</td><td class="num" data-label=t(T::expected)>{format::money(lang, w.expected, cur)}</td><td></td></tr>
                        }).collect_view()}
                        <tr><td>{t(T::later)}</td><td class="num" data-label=t(T::expected)>{format::money(lang, ahead.later, cur)}</td><td></td></tr>
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    }
}

#[component]
fn Disputes() -> impl IntoView {
    let state = expect_context::<AppState>();
    // After the forecast, in a task of its own (it reads every invoice too).
    let ready = super::after_paint(4);
    move || {
        if !ready.get() {
            return super::computing();
        }
        let lang = state.lang.get();
        let t = move |k| crate::i18n::t(lang, k);
        let today = state.today.get();
        let owed = state.owed_on(today);
        let (stats, open, over) = state.portfolio.with(|l| {
            // The same open disputes the dashboard and the worklist count (imported ones too).
            let open: Vec<_> = encours_core::dispute::open_disputes_owing(l, today, &owed)
                .into_iter()
                .map(|d| {
                    let (reason, opened) = d.record.unzip();
                    (
                        d.client,
                        l.client_name(d.client).to_string(),
                        l.invoice(d.invoice)
                            .map(|i| i.number.clone())
                            .unwrap_or_default(),
                        reason.unwrap_or(encours_core::dispute::DisputeReason::Other),
                        opened
                            .or_else(|| l.invoice(d.invoice).and_then(|i| i.status_date))
                            .unwrap_or(today),
                    )
                })
                .collect();
            let over: Vec<_> = encours_core::credit_limit::over_limit_owing(l, &owed)
                .into_iter()
                .map(|a| {
                    (
                        a.client,
                        l.client_name(a.client).to_string(),
                        a.limit,
                        a.outstanding,
                    )
                })
                .collect();
            let stats = encours_core::dispute::stats_of(l, today, open.len());
            (stats, open, over)
        });
        let cur = base_currency(state);
        view! {
            <div class="panels">
                <div class="panel" data-testid="disputes">
                    <h2>{t(T::disputes)}</h2>
                    <p data-testid="dispute-count" data-open=stats.open.to_string()>{format!("{} {} · {} {} · {} {}", stats.open, t(T::open_count), stats.resolved, t(T::resolved_12m), t(T::avg_resolution), format::days(lang, stats.average_resolution_days))}</p>
                    <ul class="plain">{open.into_iter().map(|(c, n, num, r, d)| view! {
                        <li>{dyn_link(client_path(c), n)}" · "{num}" · "{t(crate::pages::client::reason_text(r))}" · "{format::date(lang, d)}</li>
                    }).collect_view()}</ul>
                </div>
                <div class="panel" data-testid="over-limit">
                    <h2>{t(T::over_limit)}</h2>
                    <ul class="plain">{over.into_iter().map(|(c, n, limit, owed)| view! {
                        <li>{dyn_link(client_path(c), n)}" · "{format::money(lang, owed, cur)}" / "{format::money(lang, limit, cur)}</li>
                    }).collect_view()}</ul>
                </div>
            </div>
        }
        .into_any()
    }
}

/// For the dashboard: one line per alert, linking to the client.
pub fn alert_text(lang: Lang, l: &Ledger, a: &encours_core::alerts::Alert) -> String {
    use encours_core::alerts::AlertKind::*;
    let t = |k| crate::i18n::t(lang, k);
    let cur = l.first_currency();
    let m = |d| format::money(lang, d, cur);
    let number = a
        .invoice
        .and_then(|i| l.invoice(i))
        .map(|i| i.number.clone())
        .unwrap_or_default();
    match &a.kind {
        FallingDue { due, amount } => format!(
            "{} {number} · {} · {}",
            t(T::alert_due),
            format::date(lang, *due),
            m(*amount)
        ),
        OverLimit { limit, outstanding } => {
            format!("{} · {} / {}", t(T::over_limit), m(*outstanding), m(*limit))
        }
        Over60 { days_late, amount } => format!(
            "{} {number} · {days_late} {} · {}",
            t(T::alert_over60),
            t(T::days),
            m(*amount)
        ),
        BrokenPromise { date, amount } => format!(
            "{} · {} · {}",
            t(T::promise_broken_alert),
            format::date(lang, *date),
            m(*amount)
        ),
        MissedInstallment { due, amount } => format!(
            "{} · {} · {}",
            t(T::plan_missed),
            format::date(lang, *due),
            m(*amount)
        ),
    }
}
