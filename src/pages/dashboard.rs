//! Dashboard: counts, KPI cards, the aged balance as bars, top debtors; an empty state with
//! import and demo data for a first visit.

use crate::format;
use crate::i18n::{tr, T};
use crate::router::Link;
use crate::state::{self, AppState, Status};
use encours_core::aging::{age_unsorted, AgingOptions};
use encours_core::kpi::{kpis_with_aging, KpiOptions};
use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Loads the demo portfolio (replacing nothing: it is offered only when empty).
pub fn load_demo(state: AppState) {
    leptos::task::spawn_local(async move {
        let today = state.today.get_untracked();
        match state::change_all(state, |l| *l = encours_core::generator::demo(today)).await {
            Ok(()) => state.notify(state.t(T::demo_loaded)),
            Err(e) => state.error(e),
        }
    });
}

#[component]
pub fn Dashboard() -> impl IntoView {
    super::title(T::nav_dashboard);
    let state = expect_context::<AppState>();
    let counts = Memo::new(move |_| {
        state
            .ledger
            .with(|l| (l.clients.len(), l.invoices.len(), l.payments.len()))
    });
    let aging = Memo::new(move |_| {
        let today = state.today.get();
        state
            .ledger
            .with(|l| age_unsorted(l, &AgingOptions::new(today)))
    });
    // The KPIs reuse the aged balance above rather than computing it again.
    let figures = Memo::new(move |_| {
        let today = state.today.get();
        aging.with(|a| {
            state
                .ledger
                .with(|l| kpis_with_aging(l, &KpiOptions::new(today), a))
        })
    });
    let alerts = Memo::new(move |_| {
        let today = state.today.get();
        state
            .ledger
            .with(|l| encours_core::alerts::alerts(l, today))
    });
    view! {
        <section class="dashboard">
            <h1>{tr(T::nav_dashboard)}</h1>
            <p class="counts" data-testid="counts">
                <span data-testid="count-clients">{move || counts.get().0}</span>" " {tr(T::count_clients)}" · "
                <span data-testid="count-invoices">{move || counts.get().1}</span>" " {tr(T::count_invoices)}" · "
                <span data-testid="count-payments">{move || counts.get().2}</span>" " {tr(T::count_payments)}
            </p>
            <Show when=move || state.status.get() == Status::Ready && counts.get().1 == 0>
                <div class="empty">
                    <h2>{tr(T::empty_title)}</h2>
                    <p>{tr(T::empty_body)}</p>
                    <div class="actions">
                        <Link to="/import" class="button primary">{tr(T::go_import)}</Link>
                        <button class="button" data-testid="load-demo" on:click=move |_| load_demo(state)>{tr(T::load_demo)}</button>
                    </div>
                </div>
            </Show>
            {move || {
                let lang = state.lang.get();
                let resolution = state.ledger.with(|l| encours_core::dispute::stats(l, state.today.get()).average_resolution_days);
                figures.get().into_iter().map(|k| {
                    let cur = k.currency;
                    let m = move |d: Decimal| format::money(lang, d, cur);
                    let cards = vec![
                        (T::kpi_outstanding, m(k.total_outstanding), String::new()),
                        (T::kpi_overdue, m(k.overdue), format::percent(lang, k.overdue_share)),
                        (T::kpi_dso, format!("{} {}", format::days(lang, k.dso_countback_days), crate::i18n::t(lang, T::days)),
                            format!("{} {}", crate::i18n::t(lang, T::kpi_dso_simple), format::days(lang, k.dso_simple_days))),
                        (T::kpi_cei, format::percent(lang, k.cei), String::new()),
                        (T::kpi_over90, format::percent(lang, k.over_90_share), String::new()),
                        (T::kpi_disputed, m(k.disputed), format!("{} · {} {}", format::percent(lang, k.dispute_rate), crate::i18n::t(lang, T::avg_resolution), format::days(lang, resolution))),
                        (T::kpi_bad_debt, format::percent(lang, k.bad_debt_rate), String::new()),
                    ];
                    view! {
                        <div class="cards" data-currency=cur.to_string()>
                            {cards.into_iter().map(|(label, value, sub)| view! {
                                <div class="card">
                                    <div class="card-label">{crate::i18n::t(lang, label)}</div>
                                    <div class="card-value">{value}</div>
                                    <div class="card-sub">{sub}</div>
                                </div>
                            }).collect_view()}
                        </div>
                    }
                }).collect_view()
            }}
            {move || {
                let lang = state.lang.get();
                let a = aging.get();
                let labels = a.labels.clone();
                a.currencies.into_iter().map(|c| {
                    let max = c.buckets.iter().copied().max().unwrap_or_default().max(Decimal::ONE);
                    let cur = c.currency;
                    let bars = c.buckets.iter().zip(labels.iter()).enumerate().map(|(i, (amount, label))| {
                        let h = (*amount / max * Decimal::from(120)).round().to_i64().unwrap_or(0);
                        let x = 10 + i as i32 * 70;
                        let text = format::money(lang, *amount, cur);
                        let label = if i == 0 { crate::i18n::t(lang, T::not_due).to_string() } else { label.clone() };
                        view! {
                            <g>
                                <title>{format!("{label}: {text}")}</title>
                                <rect x=x y=130 - h width="50" height=h class=format!("bar b{i}")/>
                                <text x=x + 25 y="148" text-anchor="middle" class="axis">{label}</text>
                            </g>
                        }
                    }).collect_view();
                    let top = figures.get().into_iter().find(|k| k.currency == cur).map(|k| k.top_debtors).unwrap_or_default();
                    view! {
                        <div class="panels">
                            <figure class="panel">
                                <figcaption>{crate::i18n::t(lang, T::aging_title)}" ("{cur.to_string()}")"</figcaption>
                                <svg viewBox="0 0 360 155" role="img" aria-label=crate::i18n::t(lang, T::aging_title)>{bars}</svg>
                            </figure>
                            <div class="panel">
                                <h2>{crate::i18n::t(lang, T::top_debtors)}</h2>
                                <ol class="debtors">
                                    {top.into_iter().map(|d| view! { <li><span>{d.name}</span><span class="num">{format::money(lang, d.amount, cur)}</span></li> }).collect_view()}
                                </ol>
                            </div>
                        </div>
                    }
                }).collect_view()
            }}
            {move || {
                let lang = state.lang.get();
                let all = alerts.get();
                (!all.is_empty()).then(|| {
                    let shown = state.ledger.with(|l| all.iter().take(30).map(|a| {
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
