//! Encours's sync core: the event log of each device through a CouchDB database, end-to-end
//! encrypted — without I/O and without crypto.
//!
//! The HTTP requests are the caller's (`fetch` in the browser), and so is the encryption
//! (WebCrypto's AES-GCM, with a key PBKDF2 derives from the user's passphrase, in a
//! worker). What is here is everything between: pure functions and small state machines,
//! tested natively, that never panic on what a server or another device sends.
//!
//! # The model
//!
//! The stored truth is an append-only log of immutable events, each with a random 128-bit
//! id. Syncing it needs no merge of documents, only a union of logs:
//!
//! - **Immutable events become immutable documents.** A push takes the events made since
//!   the last push, [`frame`](frame::frame)s them into one byte string with an
//!   [`Hlc`](hlc::Hlc) stamp, [`split`](parts::split)s it into parts that fit CouchDB's
//!   document size limit, encrypts each part (its own IV, and the
//!   [additional data](doc::SyncDoc::associated_data) that binds it to its place) and
//!   writes each as a [`SyncDoc`](doc::SyncDoc) whose id comes from the batch's random id
//!   and the part's index ([`doc_id`](doc::doc_id)). The server sees sizes and times, never
//!   a name or an amount.
//! - **Pushing twice is harmless.** Documents are never updated, so a document whose id the
//!   server already has was written by an earlier try of the same push: CouchDB's
//!   `conflict` reads as [`AlreadyThere`](couch::PushOutcome::AlreadyThere). A push whose
//!   answer was lost is retried as is: the same documents, or at least the same batch id
//!   and the same split (keep the batch until every part is stored). A batch split anew
//!   (smaller parts after a 413) takes a new batch id, so that no pull mixes parts of two
//!   splits.
//! - **A pull follows the changes feed from a checkpoint.** The position is kept in a
//!   `_local` document ([`Checkpoint`](doc::Checkpoint)), which CouchDB neither replicates
//!   nor lists as a change. Each page of [`_changes`](couch::changes_path) gives documents
//!   ([`parse_changes`](couch::parse_changes)); the caller decrypts each `ct` with AES-GCM
//!   (the IV in `iv`, [`SyncDoc::unpack`](doc::SyncDoc::unpack) decodes both), hands the
//!   plaintext to an [`Assembler`](parts::Assembler) that gives a batch once all its parts
//!   came, [`unframe`](frame::unframe)s it, [`observe`](hlc::Clock::observe)s its stamp,
//!   and appends the events it does not already have (by `EventId`: a batch may come
//!   twice). The checkpoint moves on once the assembler holds nothing (parts held in
//!   memory would be lost with a reload).
//! - **Failures back off.** A failed request is retried after a [`Backoff`](backoff::Backoff)
//!   delay; [`CouchError`](couch::CouchError)'s kind says whether retrying can help.
//!
//! # Errors
//!
//! Each module's errors are types with a stable `code()` (`frame_truncated`,
//! `part_conflict`, `doc_iv`, `couch_unauthorized`…) for the UI to translate and tests to
//! match. A document that is not ours does not fail a page of the feed: it is set aside
//! with its reason ([`ChangesPage::foreign`](couch::ChangesPage::foreign)).
//!
//! # Modules
//!
//! - [`hlc`]: hybrid logical clock stamps, and their sortable text keys.
//! - [`frame`]: a batch's plaintext, framed and unframed.
//! - [`parts`]: a frame split to fit documents, and reassembled.
//! - [`doc`]: the documents stored (encrypted parts, the checkpoint).
//! - [`couch`]: CouchDB's request paths and bodies, and its answers read.
//! - [`backoff`]: the sync loop's delays between tries.

pub mod backoff;
pub mod couch;
pub mod doc;
pub mod frame;
pub mod hlc;
pub mod parts;
