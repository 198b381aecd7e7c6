//! Sync, in the engine's worker: this device's events out to the user's CouchDB database,
//! the other devices' in, every document encrypted here (`crate::crypto`) before it leaves.
//!
//! The server holds two kinds of documents: one plain configuration (`encours-config`: the
//! portfolio's PBKDF2 salt and a known text encrypted with the key, so that a wrong
//! passphrase is told at once, never taken for data), and the event batches, each part a
//! [`SyncDoc`] whose id is random. Checkpoints are `_local` documents (never replicated):
//! how far this device pushed its own log, and how far it read the server's changes feed.
//!
//! A round: push what the log holds after the push checkpoint (this device's events), then
//! read the changes feed after the pull checkpoint until nothing is pending, appending the
//! events not already in the log, then wait on the feed (long-poll) until a change comes
//! there or here (another tab's write, heard on the database's channel, cuts the wait).
//! Pushing a document twice is harmless (its id is there: CouchDB's `conflict`), taking an
//! event twice is too (it is known by its id): a round cut anywhere is simply done again.
//!
//! Left for later, and said in the note: events from two devices are applied in the
//! order they arrive (the batches carry a hybrid logical clock for the review of conflicts,
//! not yet used), and the passphrase lives in the worker's memory only (a reload asks it
//! again).

use crate::crypto::{self, CryptoError, Key};
use crate::http::{self, Answer, Unreachable};
use crate::protocol::SyncState;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use encours_core::portfolio::event::{Event, EventId};
use encours_store::Store;
use encours_sync::backoff::Backoff;
use encours_sync::couch::{self, CouchError};
use encours_sync::doc::{associated_data, max_plain_part, Checkpoint, SyncDoc};
use encours_sync::frame::{self, Batch};
use encours_sync::hlc::Clock;
use encours_sync::parts::{self, Assembler};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use wasm_bindgen::JsCast;

/// The configuration document's id (no business data in it).
const CONFIG_ID: &str = "encours-config";
/// The known text the configuration holds encrypted.
const CHECK: &[u8] = b"encours-sync-check/1";
/// How long the server holds a long-poll open.
const LONGPOLL_MS: u32 = 25_000;
/// Changes read per request: documents are up to [`MAX_DOC`], so a page holds at most
/// 64 MB of ciphertext (a page of 100 could reach 400 MB in one answer, in the worker's
/// memory twice: as text, then decoded).
const PAGE: u32 = 16;
/// Events per pushed batch.
const BATCH: usize = 500;
/// A document's size, well under CouchDB's default `max_document_size` (8 MB).
const MAX_DOC: usize = 4_000_000;

thread_local! {
    /// Bumped by each start and stop: a loop of an older generation ends at its next step.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static STATE: RefCell<SyncState> = RefCell::default();
    /// The long-poll in flight, aborted when a local write is heard.
    static WAITING: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
    /// A local write came while a round was running: do another before waiting.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Why a round stopped.
enum Stop {
    /// The server could not be reached: try again later.
    Offline(String),
    /// The server refused (`couch`: its code) or answered what is not CouchDB.
    Couch(CouchError),
    WrongPassphrase,
    Crypto(CryptoError),
    /// The local store failed.
    Store(String),
    /// Sync was turned off or started again meanwhile.
    Superseded,
}

impl From<Unreachable> for Stop {
    fn from(e: Unreachable) -> Stop {
        Stop::Offline(e.0)
    }
}

impl From<CryptoError> for Stop {
    fn from(e: CryptoError) -> Stop {
        Stop::Crypto(e)
    }
}

fn failed(code: &str, detail: impl Into<String>) -> SyncState {
    SyncState::Failed {
        code: code.into(),
        detail: detail.into(),
    }
}

/// The server and database of a database URL (`https://host/prefix/db`).
struct Server {
    root: String,
    db: String,
    auth: Option<String>,
}

impl Server {
    fn parse(url: &str, user: &str, password: &str) -> Option<Server> {
        let url = url.trim().trim_end_matches('/');
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let (host, path) = rest.split_once('/')?;
        // Plain http only to this machine: elsewhere the credentials would travel in clear.
        let local = ["localhost", "127.0.0.1", "[::1]"]
            .iter()
            .any(|h| host == *h || host.starts_with(&format!("{h}:")));
        if url.starts_with("http://") && !local {
            return None;
        }
        let (prefix, db) = match path.rsplit_once('/') {
            Some((p, db)) => (format!("/{p}"), db),
            None => (String::new(), path),
        };
        if host.is_empty() || db.is_empty() {
            return None;
        }
        let scheme = if url.starts_with("https://") {
            "https"
        } else {
            "http"
        };
        Some(Server {
            root: format!("{scheme}://{host}{prefix}"),
            db: db.to_string(),
            auth: http::basic(user, password),
        })
    }

    async fn call(&self, method: &str, path: &str, body: Option<&str>) -> Result<Answer, Stop> {
        let url = format!("{}{path}", self.root);
        Ok(http::call(method, &url, self.auth.as_deref(), body, None).await?)
    }

    /// A call whose answer must be a success.
    async fn ok(&self, method: &str, path: &str, body: Option<&str>) -> Result<Vec<u8>, Stop> {
        let a = self.call(method, path, body).await?;
        if (200..300).contains(&a.status) {
            Ok(a.body)
        } else {
            Err(Stop::Couch(couch::parse_error(a.status, &a.body)))
        }
    }

    fn doc_path(&self, id: &str) -> String {
        format!("/{}/{}", couch::encode(&self.db), couch::encode(id))
    }

    async fn checkpoint(&self, name: &str) -> Result<Checkpoint, Stop> {
        let a = self
            .call("GET", &couch::checkpoint_path(&self.db, name), None)
            .await?;
        match a.status {
            200 => couch::parse_checkpoint(&a.body).map_err(Stop::Couch),
            404 => Ok(Checkpoint::new(name, "0")),
            s => Err(Stop::Couch(couch::parse_error(s, &a.body))),
        }
    }

    /// Stores `cp` at `seq`; `cp` then holds the new revision (for the next save).
    async fn save(&self, name: &str, cp: &mut Checkpoint, seq: String) -> Result<(), Stop> {
        cp.seq = seq;
        let body = self
            .ok(
                "PUT",
                &couch::checkpoint_path(&self.db, name),
                Some(&cp.to_json()),
            )
            .await?;
        cp.rev = Some(couch::parse_put(&body).map_err(Stop::Couch)?);
        Ok(())
    }
}

/// A batch's document id, drawn from its events' ids (random, so it says nothing of the
/// book): the same batch sent again after a lost answer is the same document, which the
/// server keeps once (a `conflict`, read as already there). A batch is a run of this
/// device's log, so its first and last event and its length name its content.
fn batch_id(mut ids: impl ExactSizeIterator<Item = EventId>) -> u128 {
    let n = ids.len() as u128;
    let first = ids.next().map_or(0, |e| e.0);
    let last = ids.last().map_or(first, |e| e.0);
    first ^ last.rotate_left(64) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
}

fn set(state: SyncState) {
    STATE.with(|s| *s.borrow_mut() = state.clone());
    crate::worker::post_sync(&state);
}

/// The current state.
pub fn state() -> SyncState {
    STATE.with(|s| s.borrow().clone())
}

fn current(generation: u32) -> Result<(), Stop> {
    if GENERATION.with(Cell::get) == generation {
        Ok(())
    } else {
        Err(Stop::Superseded)
    }
}

/// Turns sync off: the loop ends at its next step.
pub fn stop() {
    GENERATION.with(|g| g.set(g.get() + 1));
    wake();
    set(SyncState::Off);
}

/// A local write: push it now (cuts the long-poll short).
pub fn wake() {
    AGAIN.with(|a| a.set(true));
    WAITING.with(|w| {
        if let Some(c) = w.borrow_mut().take() {
            c.abort();
        }
    });
}

/// Starts the loop (ending any earlier one). The answer is the first state; the rest come as
/// `{sync}` messages.
pub fn start(url: String, user: String, password: String, passphrase: String) -> SyncState {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    wake();
    let Some(server) = Server::parse(&url, &user, &password) else {
        let s = failed("bad_url", url);
        set(s.clone());
        return s;
    };
    set(SyncState::Connecting);
    wasm_bindgen_futures::spawn_local(run(server, passphrase, generation));
    SyncState::Connecting
}

async fn run(server: Server, passphrase: String, generation: u32) {
    let mut backoff = Backoff::new(1_000, 60_000);
    let mut key: Option<Key> = None;
    let mut sync = Sync::default();
    loop {
        if current(generation).is_err() {
            return;
        }
        let round = async {
            if key.is_none() {
                key = Some(unlock(&server, &passphrase).await?);
            }
            let key = key.as_ref().ok_or(Stop::WrongPassphrase)?;
            sync.round(&server, key, generation).await
        };
        match round.await {
            Ok(()) => backoff.reset(),
            Err(Stop::Superseded) => return,
            Err(Stop::Offline(detail)) => {
                let retry_ms = backoff.next_delay(jitter());
                set(SyncState::Offline { detail, retry_ms });
                sleep(retry_ms).await;
            }
            Err(Stop::Couch(e)) if e.retry() => {
                let retry_ms = backoff.next_delay(jitter());
                set(failed(e.code(), e.reason()));
                sleep(retry_ms).await;
            }
            Err(e) => {
                set(match e {
                    Stop::WrongPassphrase => failed("wrong_passphrase", ""),
                    Stop::Couch(e) => failed(e.code(), e.reason()),
                    Stop::Crypto(CryptoError::Unavailable) => failed("no_crypto", ""),
                    Stop::Crypto(CryptoError::Refused) => failed("wrong_passphrase", ""),
                    Stop::Crypto(CryptoError::Other(d)) => failed("crypto", d),
                    Stop::Store(d) => failed("store", d),
                    Stop::Offline(_) | Stop::Superseded => unreachable!("handled above"),
                });
                return;
            }
        }
    }
}

fn jitter() -> u32 {
    let b = crypto::random(4);
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

async fn sleep(ms: u32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// The portfolio's key: derived with the salt the server's configuration holds, and checked
/// against its encrypted text; the first device writes that configuration.
async fn unlock(server: &Server, passphrase: &str) -> Result<Key, Stop> {
    let path = server.doc_path(CONFIG_ID);
    for _ in 0..3 {
        let a = server.call("GET", &path, None).await?;
        match a.status {
            200 => {
                let config: serde_json::Value = serde_json::from_slice(&a.body)
                    .map_err(|e| Stop::Couch(CouchError::bad_reply(e.to_string())))?;
                let field = |k: &str| {
                    config
                        .get(k)
                        .and_then(|v| v.as_str())
                        .and_then(|t| BASE64.decode(t).ok())
                };
                let (Some(salt), Some(iv), Some(check)) =
                    (field("salt"), field("iv"), field("check"))
                else {
                    return Err(Stop::Couch(CouchError::bad_reply("encours-config")));
                };
                let rounds = config
                    .get("rounds")
                    .and_then(|v| v.as_u64())
                    .and_then(|r| u32::try_from(r).ok())
                    .filter(|r| *r >= crypto::ROUNDS)
                    .ok_or_else(|| Stop::Couch(CouchError::bad_reply("encours-config")))?;
                let key = crypto::derive(passphrase, &salt, rounds).await?;
                return match crypto::open(&key, &iv, &check, CONFIG_ID.as_bytes()).await {
                    Ok(text) if text == CHECK => Ok(key),
                    Ok(_) | Err(CryptoError::Refused) => Err(Stop::WrongPassphrase),
                    Err(e) => Err(Stop::Crypto(e)),
                };
            }
            404 => {
                // A new portfolio on this server: the database (if missing), then its
                // configuration. Another device may write it first: then read theirs.
                let db = server
                    .call("PUT", &format!("/{}", couch::encode(&server.db)), None)
                    .await?;
                if !matches!(db.status, 201 | 202 | 412) {
                    return Err(Stop::Couch(couch::parse_error(db.status, &db.body)));
                }
                let salt = crypto::random(16);
                let key = crypto::derive(passphrase, &salt, crypto::ROUNDS).await?;
                let iv = crypto::random(crypto::IV_LEN);
                let check = crypto::seal(&key, &iv, CHECK, CONFIG_ID.as_bytes()).await?;
                let b64 = |b: &[u8]| BASE64.encode(b);
                let body = serde_json::json!({
                    "v": 1,
                    "kdf": "PBKDF2-SHA-256",
                    "rounds": crypto::ROUNDS,
                    "salt": b64(&salt),
                    "cipher": "AES-GCM-256",
                    "iv": b64(&iv),
                    "check": b64(&check),
                })
                .to_string();
                let put = server.call("PUT", &path, Some(&body)).await?;
                match put.status {
                    201 | 202 => return Ok(key),
                    409 => continue,
                    s => return Err(Stop::Couch(couch::parse_error(s, &put.body))),
                }
            }
            s => return Err(Stop::Couch(couch::parse_error(s, &a.body))),
        }
    }
    Err(Stop::Couch(CouchError::bad_reply("encours-config")))
}

/// What one run of the loop keeps between rounds.
#[derive(Default)]
struct Sync {
    /// The ids of the events in the local log (read once, then kept up).
    known: Option<HashSet<EventId>>,
    assembler: Assembler,
    clock: Option<Clock>,
    refused: usize,
}

impl Sync {
    async fn round(&mut self, server: &Server, key: &Key, generation: u32) -> Result<(), Stop> {
        let store = crate::worker::store().ok_or(Stop::Store("not open".into()))?;
        if self.known.is_none() {
            let heads = store
                .heads()
                .await
                .map_err(|e| Stop::Store(e.to_string()))?;
            self.known = Some(heads.into_iter().map(|(_, h)| h.id).collect());
        }
        AGAIN.with(|a| a.set(false));
        self.push(server, key, &store, generation).await?;
        // The feed until nothing is pending, then wait on it.
        while self.pull(server, key, generation, false).await? {}
        set(SyncState::Synced {
            at: js_sys::Date::now() as i64,
            refused: self.refused,
        });
        if !AGAIN.with(Cell::get) {
            self.pull(server, key, generation, true).await?;
        }
        Ok(())
    }

    /// Sends this device's events after the push checkpoint, in batches.
    async fn push(
        &mut self,
        server: &Server,
        key: &Key,
        store: &Store,
        generation: u32,
    ) -> Result<(), Stop> {
        let device = crate::worker::device();
        let name = format!("encours-push-{device:016x}");
        let mut cp = server.checkpoint(&name).await?;
        current(generation)?;
        // The checkpoint holds the next log record to push ("0": all of them).
        let next: u64 = cp.seq.parse().unwrap_or(0);
        let records = store
            .events_after(next.checked_sub(1))
            .await
            .map_err(|e| Stop::Store(e.to_string()))?;
        let Some(last) = records.last().map(|(k, _)| *k) else {
            return Ok(());
        };
        // Written here since the log was read: known, so that they do not come back from the
        // feed as news (appended twice, then pushed again with the next batch).
        let known = self.known.get_or_insert_with(HashSet::new);
        known.extend(records.iter().map(|(_, e)| e.head.id));
        // Only the events made here (device 0: data from before devices had ids); the others
        // came from the server.
        let mine: Vec<&(u64, Event)> = records
            .iter()
            .filter(|(_, e)| e.head.device == device || e.head.device == 0)
            .collect();
        let clock = self.clock.get_or_insert_with(|| Clock::new(device));
        for (i, chunk) in mine.chunks(BATCH).enumerate() {
            set(SyncState::Syncing {
                events: mine.len() - i * BATCH,
            });
            let batch = Batch {
                stamp: clock.tick(js_sys::Date::now() as i64),
                events: chunk.iter().map(|(_, e)| e.encode()).collect(),
            };
            let plain = frame::frame(&batch);
            let pieces = parts::split(&plain, max_plain_part(MAX_DOC));
            let id = batch_id(chunk.iter().map(|(_, e)| e.head.id));
            let mut docs = Vec::with_capacity(pieces.len());
            for (n, piece) in pieces.iter().enumerate() {
                let iv: [u8; crypto::IV_LEN] =
                    crypto::random(crypto::IV_LEN).try_into().unwrap_or([0; 12]);
                let (part, parts) = (n as u32, pieces.len() as u32);
                let aad = associated_data(id, part, parts);
                let ct = crypto::seal(key, &iv, piece, &aad).await?;
                docs.push(SyncDoc::new(id, part, parts, &iv, &ct));
            }
            current(generation)?;
            let body = server
                .ok(
                    "POST",
                    &couch::bulk_docs_path(&server.db),
                    Some(&couch::bulk_docs_body(&docs)),
                )
                .await?;
            let outcomes = couch::parse_bulk_docs(&body).map_err(Stop::Couch)?;
            if let Some((_, couch::PushOutcome::Refused { error, reason })) =
                outcomes.iter().find(|(_, o)| !o.is_stored())
            {
                return Err(Stop::Couch(couch::parse_error(
                    400,
                    serde_json::json!({"error": error, "reason": reason})
                        .to_string()
                        .as_bytes(),
                )));
            }
            // Kept after each batch: a push cut off resumes after what the server holds.
            let done = chunk.last().map_or(last, |(k, _)| *k);
            if done < last {
                server.save(&name, &mut cp, (done + 1).to_string()).await?;
            }
        }
        server.save(&name, &mut cp, (last + 1).to_string()).await
    }

    /// Reads one page of the feed after the pull checkpoint (long-polling if `wait`) and
    /// appends the events not in the log. `true` when more is pending.
    async fn pull(
        &mut self,
        server: &Server,
        key: &Key,
        generation: u32,
        wait: bool,
    ) -> Result<bool, Stop> {
        let device = crate::worker::device();
        let name = format!("encours-pull-{device:016x}");
        let mut cp = server.checkpoint(&name).await?;
        current(generation)?;
        let path =
            couch::changes_path(&server.db, &cp.seq, wait.then_some(LONGPOLL_MS), Some(PAGE));
        let answer = if wait {
            let Ok(controller) = web_sys::AbortController::new() else {
                return Ok(false);
            };
            let signal = controller.signal();
            WAITING.with(|w| *w.borrow_mut() = Some(controller));
            let url = format!("{}{path}", server.root);
            let a = http::call("GET", &url, server.auth.as_deref(), None, Some(&signal)).await;
            WAITING.with(|w| w.borrow_mut().take());
            match a {
                Ok(a) => a,
                // Cut short by a local write (or by a stop): a new round.
                Err(_) if signal.aborted() => return Ok(false),
                Err(e) => return Err(e.into()),
            }
        } else {
            server.call("GET", &path, None).await?
        };
        current(generation)?;
        if !(200..300).contains(&answer.status) {
            return Err(Stop::Couch(couch::parse_error(answer.status, &answer.body)));
        }
        let page = couch::parse_changes(&answer.body).map_err(Stop::Couch)?;
        self.refused += page
            .foreign
            .iter()
            .filter(|(id, _)| id != CONFIG_ID)
            .count();
        let mut fresh: Vec<Event> = Vec::new();
        for doc in &page.docs {
            let Ok(sealed) = doc.unpack() else {
                self.refused += 1;
                continue;
            };
            let plain = match crypto::open(key, &sealed.iv, &sealed.ct, &sealed.aad).await {
                Ok(p) => p,
                // Truncated or altered (the key opened the configuration): reported, left.
                Err(CryptoError::Refused) => {
                    self.refused += 1;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let Ok(Some(whole)) =
                self.assembler
                    .push(sealed.batch, sealed.part, sealed.parts, plain)
            else {
                continue;
            };
            let Ok(batch) = frame::unframe(&whole) else {
                self.refused += 1;
                continue;
            };
            if let Some(clock) = self.clock.as_mut() {
                clock.observe(batch.stamp, js_sys::Date::now() as i64);
            }
            let known = self.known.get_or_insert_with(HashSet::new);
            for (head, body) in &batch.events {
                match Event::decode(head, body) {
                    Ok(e) if known.insert(e.head.id) => fresh.push(e),
                    Ok(_) => {}
                    Err(_) => self.refused += 1,
                }
            }
        }
        if !fresh.is_empty() {
            set(SyncState::Syncing {
                events: fresh.len(),
            });
            let ids: Vec<EventId> = fresh.iter().map(|e| e.head.id).collect();
            if let Err(e) = crate::worker::append_foreign(fresh).await {
                // Not stored: the next round reads them again (the checkpoint stayed).
                let known = self.known.get_or_insert_with(HashSet::new);
                for id in &ids {
                    known.remove(id);
                }
                return Err(Stop::Store(format!("{e:?}")));
            }
        }
        // Counted in changes, not in our documents: a page holding the configuration or a
        // design document is as full as any (counting ours stopped the paging there, and
        // left the rest to the long-poll).
        let more = page.pending.is_some_and(|p| p > 0) || (!wait && page.changes >= PAGE as usize);
        // A batch cut across pages is finished by the next page: the checkpoint stays before
        // it until then, so that a restart reads its first parts again.
        if self.assembler.is_idle() && page.last_seq != cp.seq {
            server.save(&name, &mut cp, page.last_seq).await?;
        }
        Ok(more && page.changes > 0)
    }
}
