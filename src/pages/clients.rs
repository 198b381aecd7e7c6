//! Clients with what they owe (the aged balance per client).

use crate::format;
use crate::i18n::{tr, T};
use crate::state::AppState;
use encours_core::aging::{age, AgingOptions};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn Clients() -> impl IntoView {
    super::title(T::nav_clients);
    let state = expect_context::<AppState>();
    let aging = Memo::new(move |_| {
        let today = state.today.get();
        state.ledger.with(|l| age(l, &AgingOptions::new(today)))
    });
    let filter = RwSignal::new(super::filter::Filter::default());
    let kept = Memo::new(move |_| {
        let f = filter.get();
        let today = state.today.get();
        state.ledger.with(|l| f.clients(l, today))
    });
    view! {
        <section>
            <h1>{tr(T::nav_clients)}</h1>
            {super::filter::filter_bar(filter)}
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th>{tr(T::client)}</th>
                        <th class="num">{tr(T::outstanding)}</th>
                        <th class="num">{tr(T::kpi_overdue)}</th>
                        <th class="num">{tr(T::overdue_days)}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = state.lang.get();
                            aging.get().currencies.into_iter().flat_map(|c| {
                                let cur = c.currency;
                                c.clients.into_iter().filter(|cl| kept.with(|k| super::filter::keeps(k, cl.client))).map(move |cl| {
                                    let overdue: Decimal = cl.buckets.iter().skip(1).sum();
                                    view! { <tr>
                                        <td>{crate::router::dyn_link(crate::router::client_path(cl.client), cl.name.to_string())}</td>
                                        <td class="num">{format::money(lang, cl.total, cur)}</td>
                                        <td class="num">{format::money(lang, overdue, cur)}</td>
                                        <td class="num">{cl.oldest_days_late}</td>
                                    </tr> }
                                })
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
