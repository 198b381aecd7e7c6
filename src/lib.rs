//! Encours in the browser: the Leptos shell over `encours_core`.

pub mod store;
