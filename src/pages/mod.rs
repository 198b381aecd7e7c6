//! One module per page.

pub mod aging;
pub mod charts;
pub mod client;
pub mod clients;
pub mod credit;
pub mod damaged;
pub mod dashboard;
pub mod filter;
pub mod import;
pub mod invoice;
pub mod invoices;
pub mod profile;
pub mod rates;
pub mod reminders;
pub mod settings;

use crate::i18n::T;
use crate::state::AppState;
use leptos::prelude::*;

/// Keeps the document title in step with the page and the language.
pub fn title(key: T) {
    let state = expect_context::<AppState>();
    Effect::new(move |_| crate::util::set_title(state.t(key)));
}
