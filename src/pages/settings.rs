//! Settings: language, storage usage, backup and restore, demo data, erasing, simulated today.

use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::{self, AppState, PREF_TODAY};
use crate::store_text::StoreErrorText;
use crate::util::prefs;
use encours_core::{backup, Portfolio};
use leptos::prelude::*;

#[component]
pub fn Settings() -> impl IntoView {
    super::title(T::nav_settings);
    let state = expect_context::<AppState>();
    let estimate = LocalResource::new(move || {
        state.revision.track();
        state::storage_estimate()
    });
    let pending = RwSignal::new(None::<backup::Backup>);
    let restore_error = RwSignal::new(None::<String>);
    let confirm_erase = RwSignal::new(false);
    // Erasing keeps the company profile and the rate table unless this is ticked.
    let erase_profile = RwSignal::new(false);
    let today = RwSignal::new(prefs::get(PREF_TODAY).unwrap_or_default());
    let author = RwSignal::new(crate::origin::author());
    let device_name = RwSignal::new(crate::origin::device_name());

    let export = move |_| {
        leptos::task::spawn_local(async move {
            let (settings, events) = match state::store() {
                Some(s) => (
                    s.settings().await.unwrap_or_default(),
                    s.events().await.ok(),
                ),
                None => (Vec::new(), None),
            };
            let map = encours_core::small::string_map(settings);
            let now = crate::util::now_iso();
            // The log (schema 4); the book alone (schema 3) when the log cannot be read.
            let text = match events {
                Some(e) if !e.is_empty() => backup::export_log(&e, &map, &now),
                _ => state
                    .portfolio
                    .with_untracked(|l| backup::export(l, &map, &now)),
            };
            let name = format!("encours-backup-{}.json", state.today.get_untracked());
            crate::util::download(&name, "application/json", &text);
        });
    };
    let pick_backup = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        restore_error.set(None);
        leptos::task::spawn_local(async move {
            match super::restore::read(&file, state.lang.get_untracked()).await {
                Ok(b) => pending.set(Some(b)),
                Err(e) => restore_error.set(Some(e)),
            }
        });
    };
    let restore = move |_| {
        let Some(b) = pending.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let done = super::restore::apply(state, b).await;
            match done {
                Ok(()) => {
                    pending.set(None);
                    state.notify(state.t(T::restored));
                }
                Err(e) => state.error(e.shown()),
            }
        });
    };
    let erase = move |_| {
        leptos::task::spawn_local(async move {
            let kept: Vec<(String, String)> = if erase_profile.get_untracked() {
                Vec::new()
            } else {
                state.settings.with_untracked(|s| {
                    s.iter()
                        .filter(|(k, _)| {
                            k.starts_with("company.") || k.as_str() == crate::company::RATES
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
            };
            match state::replace_all(state, Portfolio::default(), kept).await {
                Ok(()) => {
                    confirm_erase.set(false);
                    state.notify(state.t(T::erased));
                }
                Err(e) => state.error(e.shown()),
            }
        });
    };
    let set_today = move |v: String| {
        today.set(v.clone());
        if v.is_empty() {
            prefs::remove(PREF_TODAY);
        } else {
            prefs::set(PREF_TODAY, &v);
        }
        state.today.set(state::system_today());
    };

    view! {
        <section class="settings">
            <h1>{tr(T::nav_settings)}</h1>
            <div class="panel">
                <h2>{tr(T::language)}</h2>
                <div class="actions">
                    <button class="button" data-testid="lang-fr" aria-pressed=move || (state.lang.get() == Lang::Fr).to_string() on:click=move |_| state.set_lang(Lang::Fr)>"Français"</button>
                    <button class="button" data-testid="lang-en" aria-pressed=move || (state.lang.get() == Lang::En).to_string() on:click=move |_| state.set_lang(Lang::En)>"English"</button>
                </div>
            </div>
            <div class="panel">
                <h2>{tr(T::you_and_device)}</h2>
                <label class="field">{tr(T::your_name)}
                    <input type="text" name="author" data-testid="author" autocomplete="name" prop:value=author
                        on:change=move |ev| { let v = event_target_value(&ev); crate::origin::set_author(&v); author.set(crate::origin::author()); }/>
                </label>
                <label class="field">{tr(T::device_name)}
                    <input type="text" name="device-name" data-testid="device-name" prop:value=device_name
                        on:change=move |ev| { let v = event_target_value(&ev); crate::origin::set_device_name(&v); device_name.set(crate::origin::device_name()); }/>
                </label>
                <p class="note">{tr(T::origin_note)}</p>
            </div>
            <super::sync::SyncForm/>
            <super::profile::CompanyForm/>
            <super::rates::RatesForm/>
            <div class="panel">
                <h2>{tr(T::storage)}</h2>
                {move || match estimate.get().flatten() {
                    Some((used, quota, persisted)) => view! {
                        <dl class="detected" data-testid="storage-estimate">
                            <dt>{state.t(T::storage_used)}</dt><dd>{format::size(state.lang.get(), used)}</dd>
                            <dt>{state.t(T::storage_quota)}</dt><dd>{format::size(state.lang.get(), quota)}</dd>
                            <dt>{state.t(T::storage_persisted)}</dt><dd>{if persisted { state.t(T::yes) } else { state.t(T::no) }}</dd>
                        </dl>
                    }.into_any(),
                    None => view! { <p>"–"</p> }.into_any(),
                }}
            </div>
            <div class="panel">
                <h2>{tr(T::backup)}</h2>
                <div class="actions">
                    <button class="button" data-testid="export-backup" on:click=export>{tr(T::export_backup)}</button>
                    <label class="button">
                        {tr(T::restore_backup)}
                        <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="restore-file" on:change=pick_backup/>
                    </label>
                </div>
                {move || restore_error.get().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
                {move || pending.get().map(|b| view! {
                    <div class="confirm" role="alertdialog">
                        <p>{state.t(T::restore_confirm)}</p>
                        <p>{super::restore::summary(state.lang.get(), &b)}</p>
                        <button class="button primary" data-testid="restore-confirm" on:click=restore>{state.t(T::confirm)}</button>
                        <button class="button" on:click=move |_| pending.set(None)>{state.t(T::cancel)}</button>
                    </div>
                })}
            </div>
            <div class="panel">
                <h2>{tr(T::data)}</h2>
                <div class="actions">
                    <button class="button" data-testid="settings-load-demo" on:click=move |_| crate::pages::dashboard::load_demo(state)>{tr(T::load_demo)}</button>
                    <button class="button danger" data-testid="erase" on:click=move |_| confirm_erase.set(true)>{tr(T::erase_all)}</button>
                </div>
                <Show when=move || confirm_erase.get()>
                    <div class="confirm" role="alertdialog">
                        <p>{tr(T::erase_confirm)}</p>
                        <p class="note" data-testid="erase-keeps">{tr(T::erase_keeps)}</p>
                        <label class="check"><input type="checkbox" name="erase-profile" prop:checked=erase_profile
                            on:change=move |ev| erase_profile.set(event_target_checked(&ev))/>" "{tr(T::erase_profile_too)}</label>
                        <div class="actions">
                        <button class="button danger" data-testid="erase-confirm" on:click=erase>{tr(T::confirm)}</button>
                        <button class="button" on:click=move |_| confirm_erase.set(false)>{tr(T::cancel)}</button>
                        </div>
                    </div>
                </Show>
                <label class="field">{tr(T::today_override)}
                    <input type="date" prop:value=today on:change=move |ev| set_today(event_target_value(&ev))/>
                    <button class="button small" on:click=move |_| set_today(String::new())>{tr(T::reset)}</button>
                </label>
            </div>
        </section>
    }
}
