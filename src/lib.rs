//! Encours in the browser: the Leptos shell over `encours_core`. Pages call the core; they do
//! not re-implement it.

pub mod app;
pub mod company;
pub mod dispatch;
pub mod engine;
pub mod format;
pub mod history;
pub mod i18n;
pub mod messages;
pub mod origin;
pub mod pages;
pub mod router;
pub mod state;
/// The IndexedDB store (its own crate, which the engine's worker also uses).
pub use encours_store as store;
pub mod store_text;
pub mod util;
pub mod widgets;
