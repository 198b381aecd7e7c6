//! The store's errors in the UI's language, each ending with its stable code.

use crate::i18n::{t, Lang, T};
use crate::store::StoreError;

/// A store error as the user reads it.
pub trait StoreErrorText {
    /// The message in `lang`.
    fn text(&self, lang: Lang) -> String;
    /// The message in the language the UI shows now (pages pass store errors to banners).
    fn shown(&self) -> String {
        self.text(crate::state::ui_lang())
    }
}

impl StoreErrorText for StoreError {
    fn text(&self, lang: Lang) -> String {
        let body = match self {
            StoreError::Unavailable(e) => format!("{} ({e})", t(lang, T::store_unavailable)),
            StoreError::Quota { usage, quota } => {
                let used = match (usage, quota) {
                    (Some(u), Some(q)) if *q > 0.0 => format!(
                        " {} {} / {} ({} %).",
                        t(lang, T::store_used),
                        megabytes(lang, *u),
                        megabytes(lang, *q),
                        (u / q * 100.0).round()
                    ),
                    (Some(u), _) => format!(" {} {}.", t(lang, T::store_used), megabytes(lang, *u)),
                    _ => String::new(),
                };
                format!(
                    "{}{used} {}",
                    t(lang, T::store_quota),
                    t(lang, T::store_quota_what)
                )
            }
            StoreError::Damaged(e) => {
                let what = match e.record() {
                    Some(r) => format!(" ({r}, {})", e.code()),
                    None => format!(" ({})", e.code()),
                };
                format!("{}{what}", t(lang, T::store_damaged))
            }
            StoreError::ReadOnly => t(lang, T::store_read_only).to_string(),
            StoreError::TooNew => t(lang, T::store_too_new).to_string(),
            StoreError::Closed => t(lang, T::store_closed).to_string(),
            StoreError::Busy => t(lang, T::store_busy).to_string(),
            StoreError::Other(e) => format!("{} ({e})", t(lang, T::store_other)),
        };
        format!("{body} [{}]", self.code())
    }
}

/// "9,8 Mo" / "9.8 MB".
fn megabytes(lang: Lang, bytes: f64) -> String {
    let tenths = (bytes / 104_857.6).round() as u64;
    match lang {
        Lang::Fr => format!("{},{} Mo", tenths / 10, tenths % 10),
        Lang::En => format!("{}.{} MB", tenths / 10, tenths % 10),
    }
}
