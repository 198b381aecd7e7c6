//! Invoices: search, status filter, the total of what is shown, and recording a payment.
//! Rows are rendered a page at a time so 100,000 invoices stay smooth.

pub use super::client::payments::PaymentForm;
use crate::format;
use crate::i18n::{tr, T};
use crate::state::AppState;
use encours_core::ledger::{DisplayStatus, DocKind, InvoiceId};
use leptos::prelude::*;
use rust_decimal::Decimal;

const PAGE: usize = 50;

/// A column the list can be sorted by.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Col {
    Number,
    Client,
    Issue,
    Due,
    Total,
    Outstanding,
    Status,
}

/// The rows in `col`'s order (ties keep the book's order: sorting is stable), reversed when
/// `desc`. Invoice numbers compare by their digits' value ("F-9" before "F-10").
fn sort_rows(rows: &mut Vec<Row>, col: Col, desc: bool) {
    use std::cmp::Ordering;
    let cmp = |a: &Row, b: &Row| -> Ordering {
        match col {
            Col::Number => natural(&a.number, &b.number),
            Col::Client => a.client.to_lowercase().cmp(&b.client.to_lowercase()),
            Col::Issue => a.issue.cmp(&b.issue),
            Col::Due => a.due.cmp(&b.due),
            Col::Total => a.total.cmp(&b.total),
            Col::Outstanding => a.outstanding.cmp(&b.outstanding),
            Col::Status => (a.status as u8).cmp(&(b.status as u8)),
        }
    };
    // The shared sort (one copy of the sort code in the page; the comparisons, not the moves,
    // are this sort's time).
    encours_core::small::sort_by(rows, |a, b| if desc { cmp(b, a) } else { cmp(a, b) });
}

/// Compares runs of digits by value and the rest as text.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| {
        let mut out: Vec<(bool, u64, String)> = Vec::new();
        let mut digits = String::new();
        let mut text = String::new();
        for ch in s.chars() {
            if ch.is_ascii_digit() {
                if !text.is_empty() {
                    out.push((false, 0, std::mem::take(&mut text)));
                }
                digits.push(ch);
            } else {
                if !digits.is_empty() {
                    out.push((
                        true,
                        digits.parse().unwrap_or(u64::MAX),
                        std::mem::take(&mut digits),
                    ));
                }
                text.push(ch);
            }
        }
        if !digits.is_empty() {
            out.push((true, digits.parse().unwrap_or(u64::MAX), digits));
        }
        if !text.is_empty() {
            out.push((false, 0, text));
        }
        out
    };
    key(a).cmp(&key(b))
}

#[derive(Clone, PartialEq)]
struct Row {
    id: InvoiceId,
    number: String,
    client: String,
    issue: chrono::NaiveDate,
    due: chrono::NaiveDate,
    total: Decimal,
    outstanding: Decimal,
    currency: encours_core::Currency,
    status: DisplayStatus,
}

pub fn status_text(s: DisplayStatus) -> T {
    match s {
        DisplayStatus::Open => T::status_open,
        DisplayStatus::Paid => T::status_paid,
        DisplayStatus::Disputed => T::status_disputed,
        DisplayStatus::Litigation => T::status_litigation,
        DisplayStatus::WrittenOff => T::status_written_off,
    }
}

#[component]
pub fn Invoices() -> impl IntoView {
    super::title(T::nav_invoices);
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    // The book's order (by id) until a header is clicked.
    let sort = RwSignal::new(None::<(Col, bool)>);
    let paying = RwSignal::new(None::<InvoiceId>);
    // What is due per invoice depends on the data, not on the search: the app's shared figures.
    // After the first paint, those figures in one task and the rows in the next (at 100k
    // invoices, together they came to 100 ms).
    crate::pages::warm(state.owed_today, 1);
    let ready = super::after_paint(2);
    // Shared, not copied, by the sorted view while no column is sorted (100k rows at 100k).
    let rows = Memo::new_with_compare(
        move |_| {
            if !ready.get() {
                return Default::default();
            }
            let q = query.get().to_lowercase();
            // The option values are the statuses' names: read once, not per row.
            let st = status.with(|v| {
                [
                    DisplayStatus::Open,
                    DisplayStatus::Paid,
                    DisplayStatus::Disputed,
                    DisplayStatus::Litigation,
                    DisplayStatus::WrittenOff,
                ]
                .into_iter()
                .find(|s| format!("{s:?}") == *v)
            });
            let out = state.owed_on(state.today.get());
            std::sync::Arc::new(state.portfolio.with(|l| {
                let names = l.client_index();
                // Each client's name lowered once, not once per invoice.
                let lower: Vec<String> = if q.is_empty() {
                    Vec::new()
                } else {
                    l.clients.iter().map(|c| c.name.to_lowercase()).collect()
                };
                l.invoices
                    .iter()
                    .zip(out.iter().copied())
                    .filter(|(i, _)| i.kind == DocKind::Invoice)
                    .filter_map(|(i, o)| {
                        let pos = names.get(i.client.0);
                        let client = pos.map(|p| l.clients[p].name.as_str()).unwrap_or("");
                        let s = i.display_status(o);
                        let matches_q = q.is_empty()
                            || i.number.to_lowercase().contains(&q)
                            || pos.is_some_and(|p| lower[p].contains(&q));
                        let matches_s = st.is_none_or(|x| x == s);
                        (matches_q && matches_s).then(|| Row {
                            id: i.id,
                            number: i.number.clone(),
                            client: client.to_string(),
                            issue: i.issue_date,
                            due: i.due_date,
                            total: i.total,
                            outstanding: o,
                            currency: i.currency,
                            status: s,
                        })
                    })
                    .collect::<Vec<_>>()
            }))
        },
        crate::state::shared_changed,
    );
    let sorted = Memo::new_with_compare(
        move |_| {
            let r = rows.get();
            let Some((col, desc)) = sort.get() else {
                return r;
            };
            let mut r = Vec::clone(&r);
            sort_rows(&mut r, col, desc);
            std::sync::Arc::new(r)
        },
        crate::state::shared_changed,
    );
    let header = move |col: Col, key: T, class: &'static str| {
        let aria = move || match sort.get() {
            Some((c, false)) if c == col => "ascending",
            Some((c, true)) if c == col => "descending",
            _ => "none",
        };
        view! {
            <th class=class aria-sort=aria>
                <button class="sort" on:click=move |_| {
                    sort.update(|s| *s = Some(match *s {
                        Some((c, desc)) if c == col => (col, !desc),
                        _ => (col, false),
                    }));
                    page.set(0);
                }>{tr(key)}</button>
            </th>
        }
    };
    let pages = move || rows.with(|r| r.len().div_ceil(PAGE).max(1));
    let at_end = move || page.get() + 1 >= pages();
    let at_start = move || page.get() == 0;
    view! {
        <section>
            <h1>{tr(T::nav_invoices)}</h1>
            <div class="filters">
                <input type="search" placeholder=tr(T::search) aria-label=tr(T::search)
                    prop:value=query on:input=move |ev| { query.set(event_target_value(&ev)); page.set(0); }/>
                <select aria-label=tr(T::status) on:change=move |ev| { status.set(event_target_value(&ev)); page.set(0); }>
                    <option value="">{tr(T::all_statuses)}</option>
                    <option value="Open">{tr(T::status_open)}</option>
                    <option value="Paid">{tr(T::status_paid)}</option>
                    <option value="Disputed">{tr(T::status_disputed)}</option>
                    <option value="Litigation">{tr(T::status_litigation)}</option>
                    <option value="WrittenOff">{tr(T::status_written_off)}</option>
                </select>
            </div>
            {move || if ready.get() {
                view! { <p class="summary" data-testid="invoice-summary">
                    {move || {
                        let lang = state.lang.get();
                        rows.with(|r| {
                            let total: Decimal = r.iter().map(|x| x.outstanding).sum();
                            let cur = r.first().map(|x| x.currency).unwrap_or_default();
                            format!("{} {} · {} {}", r.len(), crate::i18n::t(lang, T::shown), crate::i18n::t(lang, T::total_shown), format::money(lang, total, cur))
                        })
                    }}
                </p> }.into_any()
            } else {
                super::computing()
            }}
            <div class="table-wrap">
                <table class="invoices">
                    <thead><tr>
                        {header(Col::Number, T::number, "")}
                        {header(Col::Client, T::client, "")}
                        {header(Col::Issue, T::issue_date, "")}
                        {header(Col::Due, T::due_date, "")}
                        {header(Col::Total, T::amount, "num")}
                        {header(Col::Outstanding, T::outstanding, "num")}
                        {header(Col::Status, T::status, "")}
                        <th><span class="visually-hidden">{tr(T::actions)}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = state.lang.get();
                            let p = page.get();
                            sorted.with(|r| r.iter().skip(p * PAGE).take(PAGE).cloned().collect::<Vec<_>>()).into_iter().map(|row| {
                                let id = row.id;
                                let open = row.outstanding > Decimal::ZERO;
                                let disputed = row.status == DisplayStatus::Disputed;
                                view! {
                                    <tr data-number=row.number.clone()>
                                        <td>{crate::router::dyn_link(format!("/invoices/{}", id.0), row.number.clone())}</td>
                                        <td>{row.client.clone()}</td>
                                        <td data-label=crate::i18n::t(lang, T::issue_date)>{format::date(lang, row.issue)}</td>
                                        <td data-label=crate::i18n::t(lang, T::due_date)>{format::date(lang, row.due)}</td>
                                        <td class="num" data-label=crate::i18n::t(lang, T::amount)>{format::money(lang, row.total, row.currency)}</td>
                                        <td class="num outstanding" data-label=crate::i18n::t(lang, T::outstanding)>{format::money(lang, row.outstanding, row.currency)}</td>
                                        <td data-label=crate::i18n::t(lang, T::status)>{crate::i18n::t(lang, status_text(row.status))}</td>
                                        <td>{open.then(|| view! {
                                            <button class="small" on:click=move |_| paying.set(Some(id))>{crate::i18n::t(lang, T::record_payment)}</button>
                                            " "
                                            <button class="small" on:click=move |_| set_disputed(state, id, !disputed)>
                                                {crate::i18n::t(lang, if disputed { T::resolve_dispute } else { T::mark_disputed })}</button>
                                        })}</td>
                                    </tr>
                                    {move || (paying.get() == Some(id)).then(|| view! { <tr class="inline-form"><td colspan="8"><PaymentForm id=id default_amount=row.outstanding on_done=move || paying.set(None) focus=format!("tr[data-number='{}'] a", row.number.replace('\'', "\\'"))/></td></tr> })}
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <nav class="pager" aria-label=tr(T::page_of)>
                <button class="small" aria-label=tr(T::first_page) disabled=at_start on:click=move |_| page.set(0)>"«"</button>
                <button class="small" aria-label=tr(T::previous_page) disabled=at_start on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"‹"</button>
                <span data-testid="invoice-page">{move || format!("{} {} / {}", state.t(T::page_of), page.get() + 1, pages())}</span>
                <button class="small" aria-label=tr(T::next_page) disabled=at_end on:click=move |_| page.update(|p| *p += 1)>"›"</button>
                <button class="small" aria-label=tr(T::last_page) disabled=at_end on:click=move |_| page.set(pages() - 1)>"»"</button>
            </nav>
        </section>
    }
}

/// Opens a dispute on an invoice (dunning skips it) or closes it as rejected (owed again): the
/// core decides which (`Command::SetDisputed`).
pub fn set_disputed(state: AppState, id: InvoiceId, disputed: bool) {
    leptos::task::spawn_local(async move {
        let cmd = encours_core::portfolio::command::Command::SetDisputed {
            invoice: id,
            disputed,
        };
        if let Err(e) = crate::dispatch::dispatch(state, cmd).await {
            state.error(e.text(state.lang.get_untracked()));
        }
    });
}
