//! Clients with what they owe (the aged balance per client): searchable by name, sortable by
//! each column, laid out a step at a time (20,000 clients at 100k invoices would take the page
//! a second to draw at once; the count always covers every client kept).

use crate::format;
use crate::i18n::{t, tr, T};
use crate::state::AppState;
use encours_core::aging::AgingOptions;
use encours_core::ledger::ClientId;
use encours_core::Currency;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Rows laid out at first, and added by each "show more".
const STEP: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Name,
    Outstanding,
    Overdue,
    Days,
}

/// One client in one currency, as the table shows it.
#[derive(Clone, PartialEq, Debug)]
struct Row {
    client: ClientId,
    name: Arc<str>,
    /// The name lower-cased once, for the search.
    key: String,
    currency: Currency,
    total: Decimal,
    overdue: Decimal,
    days: i64,
}

/// The rows whose name contains `needle` (lower case), sorted by `col`; names break ties so
/// that the order never depends on the aging's.
fn select(rows: &[Row], needle: &str, (col, desc): (Column, bool)) -> Vec<Row> {
    let mut kept: Vec<Row> = rows
        .iter()
        .filter(|r| needle.is_empty() || r.key.contains(needle))
        .cloned()
        .collect();
    // The shared sort (one copy in the wasm): some thousands of clients, on a click.
    encours_core::small::sort_by(&mut kept, |a, b| {
        let o = match col {
            Column::Name => std::cmp::Ordering::Equal,
            Column::Outstanding => a.total.cmp(&b.total),
            Column::Overdue => a.overdue.cmp(&b.overdue),
            Column::Days => a.days.cmp(&b.days),
        };
        let o = if desc { o.reverse() } else { o };
        let by_name = a.key.cmp(&b.key);
        o.then(if desc && col == Column::Name {
            by_name.reverse()
        } else {
            by_name
        })
    });
    kept
}

#[component]
pub fn Clients() -> impl IntoView {
    super::title(T::nav_clients);
    let state = expect_context::<AppState>();
    // The rows are computed after the page's first paint.
    let ready = super::after_paint(1);
    let rows = Memo::new(move |_| {
        let today = state.today.get();
        if !ready.get() {
            return Vec::new();
        }
        // The shared book: its clients sorted by name once for this page and the aged balance.
        let prepared = state.book.get();
        let a = state
            .portfolio
            .with(|l| encours_core::Book::on(l, prepared).age(&AgingOptions::new(today)));
        a.currencies
            .into_iter()
            .flat_map(|c| {
                let cur = c.currency;
                c.clients.into_iter().map(move |cl| Row {
                    client: cl.client,
                    key: cl.name.to_lowercase(),
                    overdue: cl.overdue(),
                    name: cl.name,
                    currency: cur,
                    total: cl.total,
                    days: cl.oldest_days_late,
                })
            })
            .collect::<Vec<_>>()
    });
    let filter = RwSignal::new(super::filter::Filter::default());
    let kept = Memo::new(move |_| {
        let f = filter.get();
        let today = state.today.get();
        state.portfolio.with(|l| f.clients(l, today))
    });
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((Column::Name, false));
    let limit = RwSignal::new(STEP);
    let shown = Memo::new(move |_| {
        let needle = search.get();
        let s = sort.get();
        rows.with(|r| {
            kept.with(|k| {
                let mine: Vec<Row> = r
                    .iter()
                    .filter(|row| super::filter::keeps(k, row.client))
                    .cloned()
                    .collect();
                select(&mine, &needle, s)
            })
        })
    });
    let header = move |key: T, col: Column| {
        let aria = move || match sort.get() {
            (c, false) if c == col => "ascending",
            (c, true) if c == col => "descending",
            _ => "none",
        };
        let click = move |_| {
            sort.update(|s| {
                *s = if s.0 == col {
                    (col, !s.1)
                } else {
                    // Amounts and days read largest first.
                    (col, col != Column::Name)
                }
            })
        };
        let class = if col == Column::Name { "" } else { "num" };
        view! { <th class=class aria-sort=aria><button class="sort" on:click=click>{tr(key)}</button></th> }
    };
    view! {
        <section class="clients">
            <h1>{tr(T::nav_clients)}</h1>
            {super::dashboard::empty_book()}
            <div class="filters">
                <label>{tr(T::name_contains)}
                    <input type="search" name="client-search" data-testid="client-search"
                        on:input=move |ev| { search.set(event_target_value(&ev).to_lowercase()); limit.set(STEP); }/>
                </label>
            </div>
            {super::filter::filter_bar(filter)}
            <p class="counts" data-testid="clients-count" role="status">{move || {
                let lang = state.lang.get();
                let n = shown.with(Vec::len);
                format!("{} {}", format::count(lang, n), t(lang, crate::i18n::plural(lang, n, T::client_one, T::client_many)))
            }}</p>
            <div class="table-wrap">
                <table class="clients-table">
                    <thead><tr>
                        {header(T::client, Column::Name)}
                        {header(T::outstanding, Column::Outstanding)}
                        {header(T::kpi_overdue, Column::Overdue)}
                        {header(T::overdue_days, Column::Days)}
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = state.lang.get();
                            let (l_out, l_over, l_days) = (t(lang, T::outstanding), t(lang, T::kpi_overdue), t(lang, T::overdue_days));
                            shown.with(|rows| rows.iter().take(limit.get()).map(|r| view! { <tr data-client=r.name.to_string()>
                                <td>{crate::router::dyn_link(crate::router::client_path(r.client), r.name.to_string())}</td>
                                <td class="num" data-label=l_out>{format::money(lang, r.total, r.currency)}</td>
                                <td class="num" data-label=l_over>{format::money(lang, r.overdue, r.currency)}</td>
                                <td class="num" data-label=l_days>{r.days}</td>
                            </tr> }).collect_view())
                        }}
                    </tbody>
                </table>
            </div>
            {move || super::show_more(state.lang.get(), shown.with(Vec::len), limit, STEP * 5, "clients-more")}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, total: i64, overdue: i64, days: i64) -> Row {
        Row {
            client: ClientId(0),
            name: name.into(),
            key: name.to_lowercase(),
            currency: Currency::default(),
            total: Decimal::from(total),
            overdue: Decimal::from(overdue),
            days,
        }
    }

    #[test]
    fn the_search_keeps_names_containing_it_and_each_column_sorts() {
        let rows = [
            row("Bravo", 300, 0, 0),
            row("Acme", 100, 100, 45),
            row("Cosy", 300, 50, 10),
        ];
        let names = |v: Vec<Row>| v.iter().map(|r| r.name.to_string()).collect::<Vec<_>>();
        // By hand: names A-Z; totals largest first, Bravo before Cosy (tie broken by name).
        assert_eq!(
            names(select(&rows, "", (Column::Name, false))),
            ["Acme", "Bravo", "Cosy"]
        );
        assert_eq!(
            names(select(&rows, "", (Column::Name, true))),
            ["Cosy", "Bravo", "Acme"]
        );
        assert_eq!(
            names(select(&rows, "", (Column::Outstanding, true))),
            ["Bravo", "Cosy", "Acme"]
        );
        assert_eq!(
            names(select(&rows, "", (Column::Overdue, true))),
            ["Acme", "Cosy", "Bravo"]
        );
        assert_eq!(
            names(select(&rows, "", (Column::Days, false))),
            ["Bravo", "Cosy", "Acme"]
        );
        assert_eq!(
            names(select(&rows, "o", (Column::Name, false))),
            ["Bravo", "Cosy"]
        );
        assert!(select(&rows, "zz", (Column::Name, false)).is_empty());
    }
}
