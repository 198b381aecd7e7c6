//! What can go wrong with the store, with a stable code each, rendered by the app in the UI's language.

use encours_core::snapshot::SnapshotError;
use std::fmt;

/// Why the store could not do what was asked. Every variant reaches the user as a message
/// (the app's `store_text`) ending with its [`code`](StoreError::code).
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
}

/// For logs and tools: the code and what the browser said. The UI shows its own text, in its
/// language (the app's `messages`).
impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(e) | StoreError::Other(e) => write!(f, "{} ({e})", self.code()),
            StoreError::Damaged(e) => write!(f, "{} ({})", self.code(), e.code()),
            _ => f.write_str(self.code()),
        }
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
