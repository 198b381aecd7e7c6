//! The aged balance: as of any date, with the user's buckets, one row per client that opens on
//! its invoices, sortable and filtered, with a totals row; exported as CSV for a spreadsheet or
//! printed as an A4 report.

use crate::format;
use crate::i18n::{t, tr, Lang, T};
use crate::state::AppState;
use crate::util::prefs;
use crate::widgets;
use encours_core::aging::{AgingOptions, Buckets, ClientAging, CurrencyAging};
use encours_core::export::{aging_csv, CsvStyle};
use encours_core::ledger::ClientId;
use encours_core::money::to_plain;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// The bucket bounds the user chose last (localStorage).
const PREF_BUCKETS: &str = "encours.aging.buckets";
/// Client rows laid out at first, then this many more at a time (20,000 rows at once would
/// freeze the page; the totals always cover every row kept).
const STEP: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    Name,
    Total,
    Bucket(usize),
    Disputed,
    Credits,
}

/// The filters of the page (the segment, grade and owner filter is shared with other lists).
#[derive(Clone, Default, PartialEq)]
struct Narrow {
    name: String,
    min: Option<Decimal>,
    /// "", "overdue", "disputed" or "credit".
    status: String,
}

impl Narrow {
    fn keeps(&self, c: &ClientAging) -> bool {
        let status = match self.status.as_str() {
            "overdue" => c.has_overdue(),
            "disputed" => !c.disputed.is_zero(),
            "credit" => !c.unallocated_credits.is_zero(),
            _ => true,
        };
        status
            && self.min.is_none_or(|m| c.total >= m)
            && (self.name.is_empty() || c.name.to_lowercase().contains(&self.name))
    }
}

fn value(c: &ClientAging, col: Column) -> Decimal {
    match col {
        Column::Name => Decimal::ZERO,
        Column::Total => c.total,
        Column::Bucket(i) => c.buckets.get(i).copied().unwrap_or_default(),
        Column::Disputed => c.disputed,
        Column::Credits => c.unallocated_credits,
    }
}

/// The rows kept in one currency, sorted, with the totals over them.
fn part(
    c: &CurrencyAging,
    keep: &dyn Fn(&ClientAging) -> bool,
    sort: (Column, bool),
) -> CurrencyAging {
    let mut p = c.only(keep);
    let (col, desc) = sort;
    // The core gives the rows sorted by name.
    if col == Column::Name {
        if desc {
            p.clients.reverse();
        }
    } else {
        // The shared sort (one copy in the wasm): the clients' rows, on a click.
        encours_core::small::sort_by(&mut p.clients, |a, b| {
            let o = value(a, col).cmp(&value(b, col));
            if desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    p
}

/// A money cell that also carries the plain amount (for tests and copy-paste) and its
/// column's name (shown before the amount when the rows are stacked on a phone).
fn cell(lang: Lang, d: Decimal, cur: encours_core::Currency, label: &str) -> AnyView {
    view! { <td class="num" data-amount=to_plain(d) data-label=label.to_string()>{format::money(lang, d, cur)}</td> }.into_any()
}

#[component]
pub fn AgedBalance() -> impl IntoView {
    super::title(T::aging_title);
    let state = expect_context::<AppState>();
    let as_of = RwSignal::new(state.today.get_untracked());
    let bounds = RwSignal::new(prefs::get(PREF_BUCKETS).unwrap_or_else(|| "30,60,90".into()));
    let bad_bounds = Memo::new(move |_| Buckets::parse(&bounds.get()).is_err());
    // A wrong entry keeps the last good buckets on screen, with the error next to the field.
    let buckets = Memo::new(move |prev: Option<&Buckets>| {
        Buckets::parse(&bounds.get())
            .ok()
            .or_else(|| prev.cloned())
            .unwrap_or_default()
    });
    let open = RwSignal::new(HashSet::<ClientId>::new());
    // Computed after the first paint; the invoice lines only once a row is opened (at 100k
    // invoices the lines of every client doubled the work of opening the page).
    let ready = super::after_paint(1);
    let detail = Memo::new(move |_| !open.with(HashSet::is_empty));
    let aging = Memo::new(move |_| {
        if !ready.get() {
            return encours_core::aging::Aging {
                as_of: as_of.get(),
                labels: buckets.get().labels(),
                currencies: Vec::new(),
            };
        }
        let opts = AgingOptions {
            as_of: as_of.get(),
            buckets: buckets.get(),
            detail: detail.get(),
        };
        // The shared book: building one was a third of opening this page at 100k.
        let prepared = state.book.get();
        state
            .portfolio
            .with(|l| encours_core::Book::on(l, prepared).age(&opts))
    });
    let filter = RwSignal::new(super::filter::Filter::default());
    let kept = Memo::new(move |_| {
        let f = filter.get();
        let today = as_of.get();
        state.portfolio.with(|l| f.clients(l, today))
    });
    let narrow = RwSignal::new(Narrow::default());
    let sort = RwSignal::new((Column::Name, false));
    let limit = RwSignal::new(STEP);
    let style = RwSignal::new(match state.lang.get_untracked() {
        Lang::Fr => CsvStyle::French,
        Lang::En => CsvStyle::Plain,
    });
    let keep = move |c: &ClientAging| {
        narrow.with(|n| n.keeps(c)) && kept.with(|k| super::filter::keeps(k, c.client))
    };
    // The balance is computed in one task after the first paint, its rows laid out in the next
    // (together they were one task over 100 ms at 100k invoices).
    super::warm(aging, 1);
    let shown = super::after_paint(2);
    let parts = Memo::new(move |_| {
        if !shown.get() {
            return Vec::new();
        }
        let s = sort.get();
        aging.with(|a| {
            a.currencies
                .iter()
                .map(|c| part(c, &keep, s))
                .collect::<Vec<_>>()
        })
    });
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let csv = aging.with_untracked(|a| aging_csv(a, keep, style.get_untracked(), lang.core()));
        let name = format!(
            "{}-{}.csv",
            t(lang, T::aging_title).to_lowercase().replace(' ', "-"),
            as_of.get_untracked()
        );
        crate::util::download(&name, "text/csv;charset=utf-8", &csv);
    };

    let header = move |label: String, col: Column| {
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
                    (col, col != Column::Name)
                }
            })
        };
        let class = if col == Column::Name { "" } else { "num" };
        view! { <th class=class aria-sort=aria><button class="sort" on:click=click>{label}</button></th> }
    };

    let table = move |p: CurrencyAging| {
        let lang = state.lang.get();
        let labels = aging.with(|a| a.labels.clone());
        let cur = p.currency;
        let n = p.buckets.len();
        let mut heads = vec![
            header(t(lang, T::client).into(), Column::Name),
            header(t(lang, T::total).into(), Column::Total),
        ];
        let names: Vec<String> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    t(lang, T::not_due).to_string()
                } else {
                    l.clone()
                }
            })
            .collect();
        for (i, l) in names.iter().enumerate() {
            heads.push(header(l.clone(), Column::Bucket(i)));
        }
        let (l_total, l_disputed, l_credits) = (
            t(lang, T::total),
            t(lang, T::kpi_disputed),
            t(lang, T::credits_col),
        );
        let names = std::sync::Arc::new(names);
        heads.push(header(t(lang, T::kpi_disputed).into(), Column::Disputed));
        heads.push(header(t(lang, T::credits_col).into(), Column::Credits));
        let count = p.clients.len();
        let shown = count.min(limit.get());
        let rows = p.clients.iter().take(shown).cloned().map(|r| {
            let names = names.clone();
            let line_names = names.clone();
            let id = r.client;
            let is_open = move || open.with(|o| o.contains(&id));
            let toggle = move |_| open.update(|o| if !o.remove(&id) { o.insert(id); });
            let expand_label = format!("{} {}", t(lang, T::show_invoices), r.name);
            let details = move || is_open().then(|| {
                r.invoices.iter().map(|inv| {
                    let per = inv.by_bucket(n);
                    let disputed = inv.disputed_amount();
                    view! {
                        <tr class="invoice-line">
                            <td>{inv.number.clone()}" · "{format::date(lang, inv.due_date)}
                                {(inv.days_late > 0).then(|| format!(" · {} {}", inv.days_late, t(lang, T::days)))}</td>
                            {cell(lang, inv.outstanding, cur, l_total)}
                            {per.into_iter().zip(line_names.iter()).map(|(d, l)| cell(lang, d, cur, l)).collect_view()}
                            {cell(lang, disputed, cur, l_disputed)}
                            <td></td>
                        </tr>
                    }
                }).collect_view()
            });
            view! {
                <tr class="client-row" data-client=r.name.clone()>
                    <td>
                        <button class="expand" aria-expanded=move || is_open().to_string() aria-label=expand_label on:click=toggle>
                            {move || if is_open() { "▾" } else { "▸" }}
                        </button>" "
                        {crate::router::dyn_link(crate::router::client_path(id), r.name.to_string())}
                    </td>
                    {cell(lang, r.total, cur, l_total)}
                    {r.buckets.iter().zip(names.iter()).map(|(d, l)| cell(lang, *d, cur, l)).collect_view()}
                    {cell(lang, r.disputed, cur, l_disputed)}
                    {cell(lang, r.unallocated_credits, cur, l_credits)}
                </tr>
                {details}
            }
        }).collect_view();
        let more = (shown < count).then(|| view! {
            <p class="more">{format!("{shown} {} {count}", t(lang, T::rows_shown))}" "
                <button class="button small" on:click=move |_| limit.update(|l| *l += STEP * 5)>{t(lang, T::show_more)}</button></p>
        });
        view! {
            <div class="table-wrap">
                <table class="aging" data-currency=cur.to_string()>
                    <caption>{format!("{} · {}", t(lang, T::aging_title), cur)}</caption>
                    <thead><tr>{heads}</tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr class="totals">
                        <th scope="row">{t(lang, T::total)}</th>
                        {cell(lang, p.total, cur, l_total)}
                        {p.buckets.iter().zip(names.iter()).map(|(d, l)| cell(lang, *d, cur, l)).collect_view()}
                        {cell(lang, p.disputed, cur, l_disputed)}
                        {cell(lang, p.unallocated_credits, cur, l_credits)}
                    </tr></tfoot>
                </table>
            </div>
            {more}
        }
    };

    view! {
        <section class="aged-balance">
            <h1>{tr(T::aging_title)}</h1>
            <p class="print-only report-head">
                {move || state.settings.with(|s| crate::company::company(s).name)}" · "
                {tr(T::aging_title)}" · "{tr(T::as_of)}" "{move || format::date(state.lang.get(), as_of.get())}
            </p>
            <div class="filters">
                <label>{tr(T::as_of)}
                    <input type="date" name="as_of" prop:value=move || as_of.get().to_string()
                        on:change=move |ev| if let Some(d) = format::parse_iso(&event_target_value(&ev)) { as_of.set(d) }/>
                </label>
                <label>{tr(T::buckets_days)}
                    <input name="buckets" prop:value=bounds aria-invalid=move || bad_bounds.get().to_string()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if Buckets::parse(&v).is_ok() { prefs::set(PREF_BUCKETS, &v); }
                            bounds.set(v);
                        }/>
                </label>
                {move || bad_bounds.get().then(|| view! { <span class="error" role="alert">{tr(T::bad_buckets)}</span> })}
                <label>{tr(T::name_contains)}
                    <input type="search" name="name" on:input=move |ev| { let v = event_target_value(&ev).to_lowercase(); narrow.update(|n| n.name = v); }/>
                </label>
                <label>{tr(T::min_amount)}
                    <input name="min" inputmode="decimal" on:change=move |ev| { let v = format::parse_amount(&event_target_value(&ev)); narrow.update(|n| n.min = v); }/>
                </label>
                {move || {
                    let lang = state.lang.get();
                    let opts = [("", T::all), ("overdue", T::with_overdue), ("disputed", T::with_dispute), ("credit", T::with_credit)]
                        .map(|(v, k)| (v.to_string(), t(lang, k).to_string())).to_vec();
                    widgets::select(tr(T::status), "status", opts, narrow.with_untracked(|n| n.status.clone()), Box::new(move |v| narrow.update(|n| n.status = v)))
                }}
            </div>
            {super::filter::filter_bar(filter)}
            {super::dashboard::empty_book()}
            {move || {
                let lang = state.lang.get();
                let day = as_of.get();
                // Invoices exist, none is issued by the date asked: the balance is empty for that
                // reason, not because everything is paid.
                let first = state.portfolio.with(|l| l.invoices.iter().map(|i| i.issue_date).min());
                first.filter(|f| *f > day).map(|f| view! {
                    <p class="banner warning" role="status" data-testid="aging-future">
                        {format!("{} {}{}{}", t(lang, T::aging_all_future), format::date(lang, day), t(lang, T::aging_first_issue), format::date(lang, f))}
                    </p>
                })
            }}
            {move || parts.get().into_iter().map(table).collect_view()}
            <div class="actions">
                <label>{tr(T::export_csv)}
                    <select name="csv_style" on:change=move |ev| style.set(if event_target_value(&ev) == "plain" { CsvStyle::Plain } else { CsvStyle::French })>
                        <option value="french" selected=move || style.get() == CsvStyle::French>{tr(T::csv_french)}</option>
                        <option value="plain" selected=move || style.get() == CsvStyle::Plain>{tr(T::csv_plain)}</option>
                    </select>
                </label>
                <button class="button" data-testid="aging-export" on:click=export>{tr(T::export_csv)}</button>
                <button class="button" on:click=move |_| crate::util::print_soon()>{tr(T::print)}</button>
            </div>
        </section>
    }
}
