//! Shown above every page while stored data is damaged: what is wrong, and the two ways out
//! (restore a backup; export what can still be read). Nothing is written until the user picks.

use crate::i18n::{tr, T};
use crate::state::{self, AppState};
use crate::store::StoreError;
use crate::store_text::StoreErrorText;
use encours_core::backup;
use leptos::prelude::*;

#[component]
pub fn Damaged(error: StoreError) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<backup::Backup>);
    let problem = RwSignal::new(None::<String>);
    let lost = RwSignal::new(None::<Vec<String>>);
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        problem.set(None);
        leptos::task::spawn_local(async move {
            match super::restore::read(&file, state.lang.get_untracked()).await {
                Ok(b) => pending.set(Some(b)),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let restore = move |_| {
        let Some(b) = pending.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match super::restore::apply(state, b).await {
                Ok(()) => state.notify(state.t(T::restored)),
                Err(e) => problem.set(Some(e.text(state.lang.get_untracked()))),
            }
        });
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match state::export_readable().await {
                Ok((text, names)) => {
                    let name = format!("encours-lisible-{}.json", state.today.get_untracked());
                    crate::util::download(&name, "application/json", &text);
                    lost.set(Some(names));
                }
                Err(e) => problem.set(Some(e.text(state.lang.get_untracked()))),
            }
        });
    };
    view! {
        <div class="panel banner error damaged" role="alert" data-testid="storage-damaged">
            <h2>{tr(T::damaged_title)}</h2>
            <p data-testid="storage-damaged-why">{move || error.text(state.lang.get())}</p>
            <p>{tr(T::damaged_body)}</p>
            <div class="actions">
                <label class="button">
                    {tr(T::damaged_restore)}
                    <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="damaged-restore" on:change=pick/>
                </label>
                <button class="button" data-testid="damaged-export" on:click=export>{tr(T::damaged_export)}</button>
            </div>
            {move || lost.get().filter(|l| !l.is_empty()).map(|l| view! {
                <p data-testid="damaged-lost">{tr(T::damaged_lost)}" "{l.join(", ")}</p>
            })}
            {move || pending.get().map(|b| {
                let counts = super::restore::summary(state.lang.get(), &b);
                view! {
                    <p>{counts}</p>
                    <button class="button primary" data-testid="damaged-confirm" on:click=restore>{tr(T::damaged_confirm)}</button>
                }
            })}
            {move || problem.get().map(|e| view! { <p role="alert">{e}</p> })}
        </div>
    }
}
