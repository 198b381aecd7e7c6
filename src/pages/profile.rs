//! Settings sections used by letters and penalties: the company profile (with a logo kept
//! locally) and the rate table with its source.

use crate::company::{self, FIELDS, LOGO, RATES};
use crate::i18n::{tr, T};
use crate::state::{self, AppState};
use crate::store_text::StoreErrorText;
use encours_core::penalty::{RateTable, SOURCE};
use leptos::prelude::*;

fn save(state: AppState, key: String, value: String) {
    leptos::task::spawn_local(async move {
        if let Err(e) = state::put_setting(state, &key, &value).await {
            state.error(e.shown());
        }
    });
}

#[component]
pub fn CompanyForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pick_logo = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        let mime = file.type_();
        leptos::task::spawn_local(async move {
            match crate::util::read_file(&file).await {
                // A data: URL keeps the logo on the device, in the settings (and backups).
                Ok(bytes) if mime.starts_with("image/") && bytes.len() < 512 * 1024 => {
                    let url = format!(
                        "data:{mime};base64,{}",
                        encours_core::dunning::template::base64(&bytes)
                    );
                    save(state, LOGO.into(), url);
                }
                Ok(_) => state.error(state.t(T::logo_kind)),
                Err(_) => state.error(state.t(T::file_not_read)),
            }
        });
    };
    view! {
        <div class="panel company">
            <h2>{tr(T::company_profile)}</h2>
            <div class="grid-form">
                {FIELDS.iter().map(|&(name, label, multi)| {
                    let key = format!("company.{name}");
                    let value = state.settings.with_untracked(|s| s.get(&key).cloned().unwrap_or_default());
                    let rows = if multi { 3 } else { 0 };
                    crate::widgets::field(tr(label), name, value, rows, Box::new(move |v| save(state, key.clone(), v)))
                }).collect_view()}
            </div>
            <div class="actions">
                <label class="button">{tr(T::co_logo)}
                    <input type="file" accept="image/png,image/jpeg,image/svg+xml" class="visually-hidden" on:change=pick_logo/>
                </label>
                {move || state.settings.with(|s| s.get(LOGO).cloned()).filter(|l| !l.is_empty()).map(|src| view! {
                    <img class="logo" src=src alt=""/>
                    <button class="button small" on:click=move |_| save(state, LOGO.into(), String::new())>{tr(T::remove_logo)}</button>
                }.into_any())}
            </div>
        </div>
    }
    .into_any()
}

#[component]
pub fn RatesForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(state.settings.with_untracked(company::rates).to_csv());
    let error = RwSignal::new(None::<String>);
    let apply = move |_| match RateTable::parse_csv(&text.get_untracked()) {
        Ok(t) => {
            error.set(None);
            save(state, RATES.into(), t.to_csv());
            state.notify(state.t(T::saved));
        }
        Err(e) => error.set(Some(e.to_string())),
    };
    let builtin = move |_| {
        text.set(RateTable::builtin().to_csv());
        save(state, RATES.into(), String::new());
    };
    view! {
        <div class="panel rates">
            <h2>{tr(T::rates_title)}</h2>
            <p class="note">{tr(T::rates_help)}</p>
            <textarea name="rates" rows="12" aria-label=tr(T::rates_title) prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> }.into_any())}
            <div class="actions">
                <button class="button primary" on:click=apply>{tr(T::save)}</button>
                <button class="button" on:click=builtin>{tr(T::rates_builtin)}</button>
            </div>
            <p class="note">{tr(T::rates_source)}" "{SOURCE}</p>
        </div>
    }
    .into_any()
}
