//! Dashboard: counts, KPI cards with their trend against last month, the aged balance as bars,
//! 12-month outstanding, overdue and DSO lines, the top 10 debtors, the alerts; an empty state with
//! import and demo data for a first visit.

use super::charts;
use crate::dispatch::dispatch;
use crate::format;
use crate::i18n::{tr, T};
use crate::router::Link;
use crate::state::{AppState, Status};
use encours_core::aging::AgingOptions;
use encours_core::kpi::{KpiOptions, Kpis};
use encours_core::portfolio::command::Command;
use encours_core::Book;
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Loads the demo portfolio (replacing nothing: it is offered only when empty).
pub fn load_demo(state: AppState) {
    leptos::task::spawn_local(async move {
        match dispatch(state, Command::LoadDemo).await {
            Ok(_) => state.notify(state.t(T::demo_loaded)),
            Err(e) => state.error(e.text(state.lang.get_untracked())),
        }
    });
}

/// What a page of the book shows while the book is empty: what to do, with the import and
/// the demo portfolio one click away (the dashboard, the clients, the aged balance, invoices).
pub fn empty_book() -> AnyView {
    let state = expect_context::<AppState>();
    let empty = Memo::new(move |_| {
        state.status.get() == Status::Ready && state.portfolio.with(|l| l.invoices.is_empty())
    });
    view! {
        <Show when=move || empty.get()>
            <div class="empty" data-testid="empty-book">
                <h2>{tr(T::empty_title)}</h2>
                <p>{tr(T::empty_body)}</p>
                <div class="actions">
                    <Link to="/import" class="button primary">{tr(T::go_import)}</Link>
                    <button class="button" data-testid="load-demo" on:click=move |_| load_demo(state)>{tr(T::load_demo)}</button>
                </div>
            </div>
        </Show>
    }
    .into_any()
}

#[component]
pub fn Dashboard() -> impl IntoView {
    super::title(T::nav_dashboard);
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        state
            .portfolio
            .with(|l| (l.clients.len(), l.invoices.len(), l.payments.len()))
    });
    // The aged balance with the KPIs on it, the same figures a month ago (the trend on each
    // card), the alerts with the disputes' statistics: each computed after the first paint,
    // and after each change of the book, in a task of its own (at 100k invoices the four in one
    // task blocked the page 209 ms); the reports' book is laid out in the task before them.
    let (ready, first, second, third) = (
        super::settled(state, 1),
        super::settled(state, 2),
        super::settled(state, 3),
        super::settled(state, 4),
    );
    Effect::new(move |_| {
        if ready.get() > 0 {
            state.book.with_untracked(|_| ());
        }
    });
    let reports = Memo::new(move |_| {
        let today = state.today.get_untracked();
        if first.get() == 0 {
            let nothing = encours_core::aging::Aging {
                as_of: today,
                labels: Vec::new(),
                currencies: Vec::new(),
            };
            return (nothing, Vec::new());
        }
        let prepared = state.book.get_untracked();
        state.portfolio.with_untracked(|l| {
            let book = Book::on(l, prepared);
            let aging = book.age_unsorted(&AgingOptions::new(today));
            let figures = book.kpis_with_aging(&KpiOptions::new(today), &aging);
            (aging, figures)
        })
    });
    let before = Memo::new(move |_| {
        let today = state.today.get_untracked();
        if second.get() == 0 {
            return Vec::new();
        }
        today
            .checked_sub_months(chrono::Months::new(1))
            .map(|then| {
                let prepared = state.book.get_untracked();
                state
                    .portfolio
                    .with_untracked(|l| Book::on(l, prepared).kpis(&KpiOptions::new(then)))
            })
            .unwrap_or_default()
    });
    // The alerts, and the disputes' average resolution (a card's second line): both read what
    // each invoice owes today, and the statistics every invoice's follow-up (~30 ms at 100k,
    // profiled), which the first figures do not wait for.
    let alerts_memo = Memo::new(move |_| {
        let today = state.today.get_untracked();
        if third.get() == 0 {
            return (Vec::new(), None);
        }
        let owed = untrack(|| state.owed_on(today));
        state.portfolio.with_untracked(|l| {
            let open = encours_core::dispute::open_disputes_owing(l, today, &owed).len();
            (
                encours_core::alerts::alerts_owing(l, today, &owed),
                encours_core::dispute::stats_of(l, today, open).average_resolution_days,
            )
        })
    });
    let aging = move || reports.with(|r| r.0.clone());
    let figures = move || reports.with(|r| r.1.clone());
    let last_month = move || before.get();
    let alerts = move || alerts_memo.with(|a| a.0.clone());
    view! {
        <section class="dashboard">
            <h1>{tr(T::nav_dashboard)}</h1>
            <p class="counts" data-testid="counts">
                <span data-testid="count-clients">{move || counts.get().0}</span>" " {tr(T::count_clients)}" · "
                <span data-testid="count-invoices">{move || counts.get().1}</span>" " {tr(T::count_invoices)}" · "
                <span data-testid="count-payments">{move || counts.get().2}</span>" " {tr(T::count_payments)}
            </p>
            {empty_book()}
            <crate::pages::review::ToReview/>
            {move || {
                let lang = state.lang.get();
                let resolution = alerts_memo.with(|a| a.1);
                let before = last_month();
                figures().into_iter().map(|k| {
                    let cur = k.currency;
                    let m = move |d: Decimal| format::money(lang, d, cur);
                    let p = before.iter().find(|p| p.currency == cur).cloned();
                    let prev = |f: fn(&Kpis) -> Option<Decimal>| p.as_ref().and_then(f);
                    let dso = |d| format!("{} {}", format::days(lang, d), crate::i18n::t(lang, T::days));
                    let simple = format!("{} {}", crate::i18n::t(lang, T::kpi_dso_simple), format::days(lang, k.dso_simple_days));
                    let cards: Vec<Card> = vec![
                        Card::new(T::kpi_outstanding, Some(k.total_outstanding), prev(|p| Some(p.total_outstanding)), &m, String::new()),
                        Card::new(T::kpi_overdue, Some(k.overdue), prev(|p| Some(p.overdue)), &m, format::percent(lang, k.overdue_share)),
                        Card::share(T::kpi_dso, k.dso_countback_days, prev(|p| p.dso_countback_days), &dso, simple.clone()),
                        Card::share(T::kpi_cei, k.cei, prev(|p| p.cei), &|d| format::percent(lang, d), String::new()),
                        Card::share(T::kpi_over90, k.over_90_share, prev(|p| p.over_90_share), &|d| format::percent(lang, d), String::new()),
                        Card::new(T::kpi_disputed, Some(k.disputed), prev(|p| Some(p.disputed)), &m,
                            format!("{} · {} {}", format::percent(lang, k.dispute_rate), crate::i18n::t(lang, T::avg_resolution), format::days(lang, resolution))),
                        Card::share(T::kpi_bad_debt, k.bad_debt_rate, prev(|p| p.bad_debt_rate), &|d| format::percent(lang, d), String::new()),
                    ];
                    view! {
                        <div class="cards" data-currency=cur.to_string()>
                            {cards.into_iter().map(|c| {
                                // DSO and CEI are explained where they are read (hover, and the
                                // help line under the cards for touch screens).
                                let title = match c.label {
                                    T::kpi_dso => Some(format!("{} · {}", crate::i18n::t(lang, T::dso_help), simple)),
                                    T::kpi_cei => Some(crate::i18n::t(lang, T::cei_help).to_string()),
                                    _ => None,
                                };
                                view! {
                                    <div class="card" title=title>
                                        <div class="card-label">{crate::i18n::t(lang, c.label)}</div>
                                        <div class="card-value">{c.value}</div>
                                        <div class="card-sub">{c.sub}</div>
                                        <div class="card-trend">{c.trend.map(|(arrow, was)| format!("{arrow} {}{}{was}", crate::i18n::t(lang, T::last_month), format::colon(lang)))}</div>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()
            }}
            <Show when=move || counts.get().1 != 0>
                <details class="kpi-help note" data-testid="kpi-help">
                    <summary>{tr(T::kpi_help)}</summary>
                    <p>{tr(T::dso_help)}</p>
                    <p>{tr(T::cei_help)}</p>
                </details>
            </Show>
            {move || {
                let lang = state.lang.get();
                figures().into_iter().map(|k| {
                    let cur = k.currency;
                    let months: Vec<_> = k.monthly.iter().map(|p| p.date).collect();
                    let f = |d: Decimal| d.to_f64();
                    let money = |d: Decimal| format::money(lang, d, cur);
                    let amounts = vec![
                        charts::Series { name: crate::i18n::t(lang, T::kpi_outstanding).into(), class: "s-total",
                            values: k.monthly.iter().map(|p| f(p.outstanding)).collect(), texts: k.monthly.iter().map(|p| money(p.outstanding)).collect() },
                        charts::Series { name: crate::i18n::t(lang, T::kpi_overdue).into(), class: "s-overdue",
                            values: k.monthly.iter().map(|p| f(p.overdue)).collect(), texts: k.monthly.iter().map(|p| money(p.overdue)).collect() },
                    ];
                    let dso = vec![charts::Series { name: "DSO".into(), class: "s-dso",
                        values: k.monthly.iter().map(|p| p.dso_days.and_then(f)).collect(),
                        texts: k.monthly.iter().map(|p| format!("{} {}", format::days(lang, p.dso_days), crate::i18n::t(lang, T::days))).collect() }];
                    let top = k.top_debtors.iter().map(|d| (d.name.clone(), f(d.amount).unwrap_or(0.0), money(d.amount))).collect();
                    let sym = format::symbol(cur);
                    let money_tick = move |v: i64| format::compact(lang, v, &sym);
                    let day_tick = move |v: i64| format::count(lang, v.max(0) as usize);
                    view! {
                        <div class="panels charts">
                            {charts::monthly(lang, format!("{} ({cur})", crate::i18n::t(lang, T::trend_12m)), &months, amounts, &money_tick)}
                            {charts::monthly(lang, crate::i18n::t(lang, T::dso_trend).to_string(), &months, dso, &day_tick)}
                            {charts::bars(format!("{} ({cur})", crate::i18n::t(lang, T::top_debtors)), top)}
                        </div>
                    }
                }).collect_view()
            }}
            {move || {
                let lang = state.lang.get();
                let a = aging();
                let labels = a.labels.clone();
                a.currencies.into_iter().map(|c| {
                    let cur = c.currency;
                    let sym = format::symbol(cur);
                    let cols = c.buckets.iter().zip(labels.iter()).enumerate().map(|(i, (amount, label))| {
                        let name = if i == 0 { crate::i18n::t(lang, T::not_due).to_string() } else { label.clone() };
                        let whole = amount.round().to_i64().unwrap_or(0);
                        charts::Column {
                            tip: format!("{name}: {}", format::money(lang, *amount, cur)),
                            name,
                            value: amount.to_f64().unwrap_or(0.0),
                            label: format::compact(lang, whole, &sym),
                            class: format!("bar b{i}"),
                        }
                    }).collect();
                    let tick = move |v: i64| format::compact(lang, v, &sym);
                    view! {
                        <div class="panels">
                            <figure class="panel chart" data-testid="aging-chart">
                                <figcaption>{crate::i18n::t(lang, T::aging_title)}" ("{cur.to_string()}") · "<Link to="/aging">{crate::i18n::t(lang, T::see_detail)}</Link></figcaption>
                                {charts::columns(crate::i18n::t(lang, T::aging_title).to_string(), cols, &tick, true, 1)}
                            </figure>
                        </div>
                    }
                }).collect_view()
            }}
            {move || {
                let lang = state.lang.get();
                let all = alerts();
                (!all.is_empty()).then(|| {
                    let shown = state.portfolio.with(|l| all.iter().take(30).map(|a| {
                        let name = l.client_name(a.client).to_string();
                        (a.client, name, crate::pages::credit::alert_text(lang, l, a))
                    }).collect::<Vec<_>>());
                    view! {
                        <div class="panel alerts" data-testid="alerts">
                            <h2>{crate::i18n::t(lang, T::alerts)}" ("{all.len()}")"</h2>
                            <ul class="plain">{shown.into_iter().map(|(c, n, text)| view! {
                                <li>{crate::router::dyn_link(crate::router::client_path(c), n)}" · "{text}</li>
                            }).collect_view()}</ul>
                        </div>
                    }
                })
            }}
        </section>
    }
}

/// A KPI card: its value, a line under it, and how it compares with a month ago.
struct Card {
    label: T,
    value: String,
    sub: String,
    /// ▲ ▼ or = and last month's value.
    trend: Option<(&'static str, String)>,
}

impl Card {
    fn new(
        label: T,
        now: Option<Decimal>,
        before: Option<Decimal>,
        show: &dyn Fn(Decimal) -> String,
        sub: String,
    ) -> Card {
        Card::share(
            label,
            now,
            before,
            &|d: Option<Decimal>| d.map(show).unwrap_or_else(|| "–".into()),
            sub,
        )
    }

    fn share(
        label: T,
        now: Option<Decimal>,
        before: Option<Decimal>,
        show: &dyn Fn(Option<Decimal>) -> String,
        sub: String,
    ) -> Card {
        let trend = now.zip(before).map(|(n, b)| {
            let arrow = match n.cmp(&b) {
                std::cmp::Ordering::Greater => "▲",
                std::cmp::Ordering::Less => "▼",
                std::cmp::Ordering::Equal => "=",
            };
            (arrow, show(Some(b)))
        });
        Card {
            label,
            value: show(now),
            sub,
            trend,
        }
    }
}
