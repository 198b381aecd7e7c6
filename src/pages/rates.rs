//! The penalty rate table as a form: one row per half-year with its ECB rate and its legal
//! interest rate, typed with a decimal comma in French; saved as the CSV the settings keep
//! (`company::RATES`), read back by `RateTable::parse_csv` so the table the penalties use is
//! the one the form shows.

use crate::company::{self, RATES};
use crate::format;
use crate::i18n::{t, tr, Lang, T};
use crate::state::{self, AppState};
use crate::store_text::StoreErrorText;
use encours_core::penalty::{HalfYear, RateTable, SOURCE};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// One row of the form as typed: half-year, ECB rate, legal rate.
type Row = (String, String, String);

/// A half-year as the reader writes it: `2025-S1` in French (semestre), `2025-H1` in English.
fn half_text(lang: Lang, h: HalfYear) -> String {
    match lang {
        Lang::Fr => format!("{}-S{}", h.year, h.half),
        Lang::En => h.to_string(),
    }
}

/// The table's rows, oldest first.
fn rows_of(lang: Lang, table: &RateTable) -> Vec<Row> {
    let mut halves: Vec<HalfYear> = table
        .ecb
        .keys()
        .chain(table.legal.keys())
        .copied()
        .collect();
    encours_core::small::sort_by(&mut halves, Ord::cmp);
    halves.dedup();
    let cell = |r: Option<&Decimal>| {
        r.map(|r| format::amount_input(lang, *r))
            .unwrap_or_default()
    };
    halves
        .into_iter()
        .map(|h| {
            (
                half_text(lang, h),
                cell(table.ecb.get(&h)),
                cell(table.legal.get(&h)),
            )
        })
        .collect()
}

/// The table the rows say, or the first row (1-based) that does not read.
fn table_of(rows: &[Row]) -> Result<RateTable, usize> {
    let mut csv = String::from("half_year,ecb_rate,legal_rate\n");
    for (k, (h, ecb, legal)) in rows.iter().enumerate() {
        if h.trim().is_empty() && ecb.trim().is_empty() && legal.trim().is_empty() {
            continue;
        }
        let half: HalfYear = h.parse().map_err(|_| k + 1)?;
        let rate = |s: &str| -> Result<String, usize> {
            if s.trim().is_empty() {
                return Ok(String::new());
            }
            format::parse_amount(s).map(|d| d.to_string()).ok_or(k + 1)
        };
        csv.push_str(&format!("{half},{},{}\n", rate(ecb)?, rate(legal)?));
    }
    RateTable::parse_csv(&csv).map_err(|e| (e.line as usize).saturating_sub(1).max(1))
}

#[component]
pub fn RatesForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang.get_untracked();
    let rows = RwSignal::new(rows_of(
        lang,
        &state.settings.with_untracked(company::rates),
    ));
    let bad = RwSignal::new(None::<usize>);
    let save = move |text: String| {
        leptos::task::spawn_local(async move {
            match state::put_setting(state, RATES, &text).await {
                Ok(()) => state.notify(state.t(T::saved)),
                Err(e) => state.error(e.shown()),
            }
        });
    };
    let apply = move |_| match table_of(&rows.get_untracked()) {
        Ok(table) => {
            bad.set(None);
            save(table.to_csv());
        }
        Err(k) => bad.set(Some(k)),
    };
    let builtin = move |_| {
        rows.set(rows_of(state.lang.get_untracked(), &RateTable::builtin()));
        bad.set(None);
        save(String::new());
    };
    // The inputs hold what is typed: an edit is not redrawn (a redraw would move the focus).
    let edit = move |k: usize, col: usize, v: String| {
        rows.update_untracked(|r| {
            if let Some(row) = r.get_mut(k) {
                match col {
                    0 => row.0 = v,
                    1 => row.1 = v,
                    _ => row.2 = v,
                }
            }
        })
    };
    view! {
        <div class="panel rates" data-testid="rates">
            <h2>{tr(T::rates_title)}</h2>
            <p class="note">{tr(T::rates_form_help)}</p>
            <div class="table-wrap">
                <table class="rate-table">
                    <thead><tr>
                        <th>{tr(T::half_year)}</th>
                        <th class="num">{tr(T::ecb_rate)}</th>
                        <th class="num">{tr(T::legal_rate)}</th>
                        <th><span class="visually-hidden">{tr(T::remove_row)}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = state.lang.get();
                            let wrong = bad.get();
                            rows.get().into_iter().enumerate().map(|(k, (h, ecb, legal))| {
                                let label = |key: T| format!("{} {}", t(lang, key), h);
                                let invalid = (wrong == Some(k + 1)).then_some("true");
                                view! {
                                    <tr aria-invalid=invalid>
                                        <td><input name="half" size="8" aria-label=t(lang, T::half_year) value=h.clone()
                                            on:change=move |ev| edit(k, 0, event_target_value(&ev))/></td>
                                        <td class="num" data-label=t(lang, T::ecb_rate)><input name="ecb" size="6" inputmode="decimal" aria-label=label(T::ecb_rate) value=ecb
                                            on:change=move |ev| edit(k, 1, event_target_value(&ev))/></td>
                                        <td class="num" data-label=t(lang, T::legal_rate)><input name="legal" size="6" inputmode="decimal" aria-label=label(T::legal_rate) value=legal
                                            on:change=move |ev| edit(k, 2, event_target_value(&ev))/></td>
                                        <td><button class="small" on:click=move |_| rows.update(|r| { r.remove(k); })>{t(lang, T::remove_row)}</button></td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            {move || bad.get().map(|k| view! { <p class="error" role="alert">{format!("{} {k}", state.t(T::bad_rate_row))}</p> })}
            <div class="actions">
                <button class="button" on:click=move |_| rows.update(|r| {
                    let next = r.last().and_then(|l| l.0.parse::<HalfYear>().ok()).map(|h| half_text(state.lang.get_untracked(), h.next()));
                    r.push((next.unwrap_or_default(), String::new(), String::new()));
                })>{tr(T::add_half_year)}</button>
                <button class="button primary" data-testid="rates-save" on:click=apply>{tr(T::save)}</button>
                <button class="button" on:click=builtin>{tr(T::rates_builtin)}</button>
            </div>
            <p class="note">{tr(T::rates_source)}" "{SOURCE}</p>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_read_back_as_the_table_they_show() {
        let built = RateTable::builtin();
        // French rows (2025-S1, 3,15) read as the built-in table itself.
        let rows = rows_of(Lang::Fr, &built);
        assert!(rows
            .iter()
            .any(|r| r == &("2025-S2".to_string(), "2,15".to_string(), r.2.clone())));
        assert_eq!(table_of(&rows), Ok(built));
        let bad: Vec<Row> = vec![
            ("2025-S1".into(), "3,15".into(), "".into()),
            ("2025-S9".into(), "1".into(), "".into()),
        ];
        assert_eq!(table_of(&bad), Err(2));
        let not_a_rate: Vec<Row> = vec![("2025-S1".into(), "abc".into(), "".into())];
        assert_eq!(table_of(&not_a_rate), Err(1));
    }
}
