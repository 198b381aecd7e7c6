//! Reminders (dunning): filled by the dunning work; a placeholder until then.

use crate::i18n::T;
use crate::state::AppState;
use leptos::prelude::*;

#[component]
pub fn Reminders() -> impl IntoView {
    super::title(T::nav_reminders);
    let state = expect_context::<AppState>();
    view! {
        <section>
            <h1>{move || state.t(T::nav_reminders)}</h1>
            <p>{move || state.t(T::reminders_soon)}</p>
        </section>
    }
}
