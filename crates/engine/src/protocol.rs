//! What the page asks the engine and what it answers: JSON text, one message each way.
//!
//! A message to the worker is `{id, req, bytes?}`: `req` a [`Request`] as JSON, `bytes` a
//! file's content beside it (an `ArrayBuffer`, transferred, never copied into the JSON). The
//! answer is `{id, reply, ms}`: `reply` a [`Reply`] as JSON and `ms` the time the engine took
//! to handle it, without the messages' travel. If the worker's wasm cannot load, its loader
//! (`public/engine-worker.js`) posts `{id: 0, failed}` with the browser's words instead.

use crate::views::{AgingRow, Figures, InvoiceRow, WorkRow};
use chrono::NaiveDate;
use encours_core::diagnostic::Code;
use encours_core::portfolio::event::Origin;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A request to the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Opens the store `db` (the app's, or a test's) and reads the book. `origin` is who
    /// makes this engine's events (the page's device and person: a worker has no
    /// localStorage).
    Open { db: String, origin: Origin },
    /// Imports the file sent beside the request, with the default options of `today`.
    Import { today: NaiveDate },
    /// Records a payment of `amount` on `invoice` received on `date`. Ids travel as decimal
    /// text: a tagged id passes 2^53, past what a JavaScript number holds exactly.
    RecordPayment {
        invoice: String,
        date: NaiveDate,
        amount: Decimal,
    },
    /// The aged balance and every KPI on `today`.
    Figures { today: NaiveDate },
    /// The aged balance's client rows on `today`, rows `offset..offset + limit`.
    AgingRows {
        today: NaiveDate,
        offset: usize,
        limit: usize,
    },
    /// The invoices in the book's order, rows `offset..offset + limit`, with what each owes on
    /// `today`.
    Invoices {
        today: NaiveDate,
        offset: usize,
        limit: usize,
    },
    /// Whom to remind on `today`, rows `offset..offset + limit`.
    Worklist {
        today: NaiveDate,
        offset: usize,
        limit: usize,
    },
    /// Turns sync on: the event log, encrypted with a key derived from `passphrase`, through
    /// the CouchDB database at `url` (`user` empty: no credentials). The worker then posts
    /// `{sync}` messages (a [`SyncState`] as JSON) as it goes.
    SyncStart {
        url: String,
        user: String,
        password: String,
        passphrase: String,
    },
    /// Turns sync off (what was synced stays).
    SyncStop,
}

/// The engine's answer to one [`Request`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// The book is read: its stored revision and what it holds.
    Opened {
        rev: u64,
        counts: Counts,
    },
    /// A command's events are stored: the revision they made.
    Stored {
        rev: u64,
        counts: Counts,
    },
    /// The import's counts (its rows' errors are in `errors`, each with its line).
    Imported {
        rev: u64,
        new_invoices: usize,
        new_payments: usize,
        errors: usize,
    },
    Figures(Box<Figures>),
    AgingRows {
        total: usize,
        rows: Vec<AgingRow>,
    },
    Invoices {
        total: usize,
        rows: Vec<InvoiceRow>,
    },
    Worklist {
        total: usize,
        rows: Vec<WorkRow>,
    },
    Sync(SyncState),
    Failed(EngineError),
}

/// Where sync stands, as the page shows it (in its language, from the codes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    #[default]
    Off,
    /// Deriving the key and reading the server's configuration.
    Connecting,
    /// Sending or taking in `events` events.
    Syncing { events: usize },
    /// Everything is on both sides (`refused`: documents that did not decrypt or read,
    /// left aside; `at`: ms since 1970 of the last exchange).
    Synced { at: i64, refused: usize },
    /// The server cannot be reached; tried again in `retry_ms`.
    Offline { detail: String, retry_ms: u32 },
    /// Stopped: `code` says why (`wrong_passphrase`, `unauthorized`, `forbidden`, `bad_url`,
    /// `no_crypto`, `server`, `store`…), `detail` in the server's or browser's words.
    Failed { code: String, detail: String },
}

/// What the book holds (the page's counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub clients: usize,
    pub invoices: usize,
    pub payments: usize,
}

/// Why a request was not done, with a stable code each; the page renders it in its language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineError {
    /// The request is not JSON of a [`Request`] (`detail`: the decoder's words).
    BadRequest { detail: String },
    /// A request that needs the book came before [`Request::Open`].
    NotOpen,
    /// The book refused the command (`code`: the core's `CommandError::code`).
    Refused { code: String },
    /// The file could not be read as an import: the core's code and its parameters.
    BadFile { error: Code },
    /// The store failed (`code`: the store's `StoreError::code`; `detail`: the browser's
    /// words, if any).
    Store { code: String, detail: String },
}

impl Request {
    /// Reads a request's JSON.
    pub fn from_json(text: &str) -> Result<Request, EngineError> {
        serde_json::from_str(text).map_err(|e| EngineError::BadRequest {
            detail: e.to_string(),
        })
    }
}

impl Reply {
    pub fn to_json(&self) -> String {
        // A reply holds strings, numbers and decimals only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
