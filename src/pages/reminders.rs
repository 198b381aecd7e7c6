//! Reminders (dunning): filled by the dunning work; a placeholder until then.

use crate::i18n::{tr, T};
use leptos::prelude::*;

#[component]
pub fn Reminders() -> impl IntoView {
    super::title(T::nav_reminders);
    view! {
        <section>
            <h1>{tr(T::nav_reminders)}</h1>
            <p>{tr(T::reminders_soon)}</p>
        </section>
    }
}
