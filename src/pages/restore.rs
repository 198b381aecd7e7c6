//! Restoring a backup, shared by the settings page and the damaged-storage panel: the file
//! read and checked (its problem said in the UI's language), what it holds summed up for the
//! confirmation, and the restore itself — a schema-4 backup with its own log, an older one
//! with a log opened for its book — so that both ways in restore the same thing.

use crate::format;
use crate::i18n::{t, Lang, T};
use crate::state::{self, AppState};
use crate::store::StoreError;
use encours_core::backup::{self, Backup};

/// Reads a picked backup file: the backup, or why it cannot be restored.
pub async fn read(file: &web_sys::File, lang: Lang) -> Result<Backup, String> {
    let bytes = crate::util::read_file(file)
        .await
        .map_err(|_| t(lang, T::file_not_read).to_string())?;
    backup::parse(&String::from_utf8_lossy(&bytes))
        .map_err(|e| crate::messages::backup_error(lang, &e))
}

/// "01/12/2026 19:22 · 36 clients · 613 factures · 492 règlements".
pub fn summary(lang: Lang, b: &Backup) -> String {
    let n = |k: usize| format::count(lang, k);
    let p = &b.data.portfolio;
    format!(
        "{} · {} {} · {} {} · {} {}",
        format::timestamp(lang, &b.exported_at),
        n(p.clients.len()),
        t(lang, T::count_clients),
        n(p.invoices.len()),
        t(lang, T::count_invoices),
        n(p.payments.len()),
        t(lang, T::count_payments)
    )
}

/// Replaces everything stored by the backup, in one transaction.
pub async fn apply(state: AppState, b: Backup) -> Result<(), StoreError> {
    let settings: Vec<(String, String)> = b.data.settings.into_iter().collect();
    match b.data.events {
        // A schema-4 backup: its own log. A schema-3 one: a log opened for its book.
        Some(events) => {
            state::replace_all_with_log(state, b.data.portfolio, events, settings).await
        }
        None => state::replace_all(state, b.data.portfolio, settings).await,
    }
}
