//! What can go wrong with the store, with a stable code each, rendered in the UI's language.

use crate::i18n::{t, Lang, T};
use encours_core::snapshot::SnapshotError;
use std::fmt;

/// Why the store could not do what was asked. Every variant reaches the user as a message
/// ([`StoreError::text`]) ending with its [`code`](StoreError::code).
#[derive(Clone, Debug, PartialEq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (private mode in some browsers).
    Unavailable(String),
    /// The browser's storage for this site is full: nothing of this write was stored.
    /// `usage` and `quota` in bytes, from `navigator.storage.estimate()` when it answers.
    Quota {
        usage: Option<f64>,
        quota: Option<f64>,
    },
    /// Stored records fail their integrity check or do not decode.
    Damaged(SnapshotError),
    /// A write refused because stored data is damaged: nothing is written over it until the
    /// user restores a backup (or exports what can be read and starts again).
    ReadOnly,
    /// The database is newer than this build (another tab runs a newer version).
    TooNew,
    /// Another tab upgraded the database: this tab's connection is closed, it cannot store.
    Closed,
    /// Another tab kept writing while this one retried.
    Busy,
    Other(String),
}

impl StoreError {
    /// A stable identifier, shown with the message.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Unavailable(_) => "storage_unavailable",
            StoreError::Quota { .. } => "quota_exceeded",
            StoreError::Damaged(_) => "storage_damaged",
            StoreError::ReadOnly => "storage_read_only",
            StoreError::TooNew => "newer_version",
            StoreError::Closed => "connection_closed",
            StoreError::Busy => "other_tab_busy",
            StoreError::Other(_) => "storage_error",
        }
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
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

/// In the language the UI shows now (pages pass store errors to banners as text).
impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(crate::state::ui_lang()))
    }
}

impl From<idb::Error> for StoreError {
    fn from(e: idb::Error) -> Self {
        let text = format!("{e:?}");
        if text.contains("QuotaExceeded") {
            StoreError::Quota {
                usage: None,
                quota: None,
            }
        } else if text.contains("VersionError") {
            StoreError::TooNew
        } else if text.contains("InvalidStateError") {
            // A transaction on a connection closed by a version change.
            StoreError::Closed
        } else {
            StoreError::Other(text)
        }
    }
}
