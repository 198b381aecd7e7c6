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

/// A request to the engine: `{"type": "figures", "today": "2025-06-30"}` (its JSON as serde
/// writes it, internally tagged; read by [`Request::from_json`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Opens the store `db` (the app's, or a test's) and reads the book. `origin` is who
    /// makes this engine's events (the page's device and person: a worker has no
    /// localStorage).
    Open { db: String, origin: Origin },
    /// Imports the file sent beside the request, with the default options of `today`.
    Import { today: NaiveDate },
    /// What importing the file would do on the book as it is, nothing stored: the bytes
    /// beside are the Import page's options and the file
    /// ([`encours_core::import::view::frame`]); answered [`Reply::Report`].
    Preview,
    /// Imports the file with the options beside, as [`Request::Preview`]: [`Reply::Report`]
    /// once stored.
    ImportWith,
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
    /// Reads the bank statement sent beside the request: answered with it and the
    /// matcher's proposals for each of its transactions against the book on `today`
    /// ([`Reply::Statement`]).
    Statement { today: NaiveDate },
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
    /// What an import did (`rev`: the revision it stored) or would do (a preview: `rev` 0),
    /// as the Import page shows it: an [`encours_core::import::view::ReportView`] posted
    /// beside the JSON as the message's `bytes`.
    Report {
        rev: u64,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// An [`encours_core::bank::Answer`] (`encode_answer`), posted beside the JSON (`{type: "statement"}`) as
    /// the message's `bytes`.
    Statement {
        #[serde(skip)]
        bytes: Vec<u8>,
    },
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
    /// Reads a request's JSON: its `type` first, then the fields of that type into a plain
    /// struct. By hand rather than serde's derive for an internally tagged enum, which buffers
    /// every field through serde's `Content` (one copy of that machinery per field type:
    /// ~30 KB raw of the worker's wasm, measured with twiggy on 2026-12-04).
    pub fn from_json(text: &str) -> Result<Request, EngineError> {
        use serde::de::DeserializeOwned;
        fn read<T: DeserializeOwned>(text: &str) -> Result<T, EngineError> {
            serde_json::from_str(text).map_err(|e| EngineError::BadRequest {
                detail: e.to_string(),
            })
        }
        #[derive(Deserialize)]
        struct Kind {
            #[serde(rename = "type")]
            kind: String,
        }
        #[derive(Deserialize)]
        struct Open {
            db: String,
            origin: Origin,
        }
        #[derive(Deserialize)]
        struct Today {
            today: NaiveDate,
        }
        #[derive(Deserialize)]
        struct Payment {
            invoice: String,
            date: NaiveDate,
            amount: Decimal,
        }
        #[derive(Deserialize)]
        struct Paged {
            today: NaiveDate,
            offset: usize,
            limit: usize,
        }
        #[derive(Deserialize)]
        struct Sync {
            url: String,
            user: String,
            password: String,
            passphrase: String,
        }
        let paged = |make: fn(NaiveDate, usize, usize) -> Request| {
            read::<Paged>(text).map(|p| make(p.today, p.offset, p.limit))
        };
        Ok(match read::<Kind>(text)?.kind.as_str() {
            "open" => {
                let r: Open = read(text)?;
                Request::Open {
                    db: r.db,
                    origin: r.origin,
                }
            }
            "import" => Request::Import {
                today: read::<Today>(text)?.today,
            },
            "preview" => Request::Preview,
            "import_with" => Request::ImportWith,
            "figures" => Request::Figures {
                today: read::<Today>(text)?.today,
            },
            "record_payment" => {
                let r: Payment = read(text)?;
                Request::RecordPayment {
                    invoice: r.invoice,
                    date: r.date,
                    amount: r.amount,
                }
            }
            "aging_rows" => paged(|today, offset, limit| Request::AgingRows {
                today,
                offset,
                limit,
            })?,
            "invoices" => paged(|today, offset, limit| Request::Invoices {
                today,
                offset,
                limit,
            })?,
            "worklist" => paged(|today, offset, limit| Request::Worklist {
                today,
                offset,
                limit,
            })?,
            "sync_start" => {
                let r: Sync = read(text)?;
                Request::SyncStart {
                    url: r.url,
                    user: r.user,
                    password: r.password,
                    passphrase: r.passphrase,
                }
            }
            "sync_stop" => Request::SyncStop,
            "statement" => Request::Statement {
                today: read::<Today>(text)?.today,
            },
            other => {
                return Err(EngineError::BadRequest {
                    detail: format!("unknown request type `{other}`"),
                })
            }
        })
    }
}

impl Reply {
    pub fn to_json(&self) -> String {
        // A reply holds strings, numbers and decimals only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}
