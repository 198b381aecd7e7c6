//! Talking to CouchDB without doing the talking: the paths of the requests, the bodies to
//! send, and CouchDB's answers read into types. The caller does the HTTP (`fetch` in the
//! browser), with the session cookie or basic auth it holds.
//!
//! A pull, page by page:
//!
//! 1. `GET` [`checkpoint_path`] → [`parse_checkpoint`] (a [`NotFound`](CouchErrorKind::NotFound)
//!    error: start at `"0"`).
//! 2. `GET` [`changes_path`] from the checkpoint's seq → [`parse_changes`]: our documents,
//!    the foreign ones to report, and `last_seq`.
//! 3. Decrypt each document, feed the [`Assembler`](crate::parts::Assembler); if parts are
//!    still missing, fetch them by id ([`all_docs_path`], [`all_docs_body`],
//!    [`parse_all_docs`]).
//! 4. Once the assembler is idle, `PUT` [`checkpoint_path`] the [`Checkpoint`](crate::doc::Checkpoint)
//!    at `last_seq` → [`parse_put`] for its new revision.
//!
//! A push: `POST` [`bulk_docs_path`] with [`bulk_docs_body`] → [`parse_bulk_docs`].
//!
//! Any answer not 2xx: [`parse_error`].

mod changes;
mod error;
mod path;
mod write;

pub use changes::{parse_all_docs, parse_changes, ChangesPage, FetchedDocs};
pub use error::{parse_error, CouchError, CouchErrorKind};
pub use path::{all_docs_path, bulk_docs_path, changes_path, checkpoint_path, encode};
pub use write::{
    all_docs_body, bulk_docs_body, parse_bulk_docs, parse_checkpoint, parse_put, PushOutcome,
};
