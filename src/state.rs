//! The app's state: the portfolio (ledger and follow-up) in a signal, the open store, and the operations that change
//! both. A change is computed in memory, then written in one transaction; if another tab wrote
//! first, the ledger is reloaded and the change applied again, so nothing is lost.
//!
//! Everything that replaces or changes the ledger (a change and its write, a reload after
//! another tab wrote) runs one at a time ([`Lock`]), and the ledger's revision is kept with it
//! (`LEDGER_REV`), set in the same step as the ledger. Before, a reload could finish during a
//! write's awaits: the write then checked the store against the *reloaded* revision, passed,
//! and stored a change computed on the old ledger — with the same new payment id as the other
//! tab's, so one of the two payments replaced the other when the journal was replayed (17 of
//! 20 survived the two-tab race of issue 24).

pub use crate::history::{history_of_client, history_of_invoice, HistoryRow};
use crate::i18n::{Lang, T};
pub use crate::origin::origin;
use crate::store::{Chunks, Store, StoreError, StoreEvents};
use crate::store_text::StoreErrorText;
use crate::util::prefs;
use chrono::NaiveDate;
use encours_core::portfolio::event::Event;
use encours_core::snapshot;
use encours_core::Portfolio;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static STORE: RefCell<Option<Rc<Store>>> = const { RefCell::new(None) };
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
    /// The stored revision the ledger in the signal was read at (or written as).
    static LEDGER_REV: Cell<u64> = const { Cell::new(0) };
    /// Events stored after the snapshot the book was read from (with the revision).
    static TAIL: Cell<usize> = const { Cell::new(0) };
    /// Whether a [`Lock`] is held, and who waits for it.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<VecDeque<js_sys::Function>> = const { RefCell::new(VecDeque::new()) };
    /// The UI's language, for texts built outside a reactive scope (store errors).
    static UI_LANG: Cell<Lang> = const { Cell::new(Lang::Fr) };
}

/// The language the UI shows now.
pub fn ui_lang() -> Lang {
    UI_LANG.with(Cell::get)
}

/// Holds the ledger for one change or reload at a time, across their awaits.
struct Lock;

impl Lock {
    async fn acquire() -> Lock {
        while BUSY.with(Cell::get) {
            let wait = js_sys::Promise::new(&mut |resolve, _| {
                WAITING.with(|w| w.borrow_mut().push_back(resolve));
            });
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        }
        BUSY.with(|b| b.set(true));
        Lock
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        BUSY.with(|b| b.set(false));
        if let Some(next) = WAITING.with(|w| w.borrow_mut().pop_front()) {
            let _ = next.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Events after the snapshot past which a new snapshot is written (the log keeps them all).
const COMPACT_AFTER: usize = 200;

/// Preference keys in localStorage.
pub const PREF_LANG: &str = "encours.lang";
pub const PREF_THEME: &str = "encours.theme";
pub const PREF_TODAY: &str = "encours.today";

#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Loading,
    Ready,
    Failed(String),
    /// Stored records are damaged: nothing is written until the user restores a backup.
    Damaged(StoreError),
}

/// A message shown on top of every page until dismissed (or until a reload for blocking ones).
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub reload: bool,
    pub error: bool,
}

/// Shared signals, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub portfolio: RwSignal<Portfolio>,
    pub status: RwSignal<Status>,
    pub banner: RwSignal<Option<Banner>>,
    pub toast: RwSignal<Option<String>>,
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<String>,
    pub today: RwSignal<NaiveDate>,
    /// Bumped on every change to the stored data (pages re-read settings on it).
    pub revision: RwSignal<u64>,
    /// The stored settings (company profile, rate table), key → text.
    pub settings: RwSignal<BTreeMap<String, String>>,
    /// The ledger read for the reports once per change of the data, shared by every page:
    /// `Book::on(portfolio.ledger(), state.book.get())` (read lazily, when a page first asks).
    pub book: Memo<std::sync::Arc<encours_core::book::Prepared>>,
    /// What each invoice owes today, read off the shared book once per change of the data or
    /// of the date (lazily): the worklist, the scores, the provisions and the disputes of a
    /// page each computed it again (a `Book` built each time, ~30 ms at 100k in the browser).
    pub owed_today: Memo<std::sync::Arc<Vec<rust_decimal::Decimal>>>,
}

/// A shared value changed when it is another `Arc` (its contents are not compared: at 100k
/// invoices that would cost what sharing saves).
pub fn shared_changed<T>(a: Option<&std::sync::Arc<T>>, b: Option<&std::sync::Arc<T>>) -> bool {
    !matches!((a, b), (Some(a), Some(b)) if std::sync::Arc::ptr_eq(a, b))
}

/// The local date of the browser, unless a simulated date was set in the settings.
pub fn system_today() -> NaiveDate {
    if let Some(s) = prefs::get(PREF_TODAY) {
        if let Some(d) = crate::format::parse_iso(&s) {
            return d;
        }
    }
    crate::store::local_today()
}

fn default_lang() -> Lang {
    if let Some(l) = prefs::get(PREF_LANG).and_then(|s| Lang::from_code(&s)) {
        return l;
    }
    let nav = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if nav.starts_with("en") {
        Lang::En
    } else {
        Lang::Fr
    }
}

impl AppState {
    pub fn new() -> Self {
        let lang = default_lang();
        UI_LANG.with(|l| l.set(lang));
        let portfolio = RwSignal::new(Portfolio::default());
        let today = RwSignal::new(system_today());
        let book = Memo::new_with_compare(
            move |_| portfolio.with(|p| encours_core::Book::new(p.ledger()).prepared()),
            shared_changed,
        );
        AppState {
            portfolio,
            book,
            owed_today: Memo::new_with_compare(
                move |_| {
                    let (prepared, today) = (book.get(), today.get());
                    std::sync::Arc::new(portfolio.with(|p| {
                        // With the client lists a payment's check reads (`Portfolio::prepare`):
                        // pages ask for these figures after their first paint, so the lists are
                        // built there, not by the next payment nor before the first figures.
                        p.prepare();
                        encours_core::Book::on(p.ledger(), prepared).outstanding_by_invoice(today)
                    }))
                },
                shared_changed,
            ),
            status: RwSignal::new(Status::Loading),
            banner: RwSignal::new(None),
            toast: RwSignal::new(None),
            lang: RwSignal::new(lang),
            theme: RwSignal::new(prefs::get(PREF_THEME).unwrap_or_else(|| "system".into())),
            today,
            revision: RwSignal::new(0),
            settings: RwSignal::new(BTreeMap::new()),
        }
    }

    /// What each invoice owes on `day`: today's shared figures, or read off the shared book
    /// for another day (tracked).
    ///
    /// Today's figures are checked against the ledger's length: between a command changing the
    /// portfolio and its stored append telling the signals (`commit`), a page may read the new
    /// ledger while the memo still holds the figures of the old one; they are then computed
    /// again here, never indexed out of step.
    pub fn owed_on(&self, day: NaiveDate) -> std::sync::Arc<Vec<rust_decimal::Decimal>> {
        if day == self.today.get() {
            let owed = self.owed_today.get();
            if self.portfolio.with(|p| p.invoices.len()) == owed.len() {
                return owed;
            }
        }
        let prepared = self.book.get();
        std::sync::Arc::new(
            self.portfolio
                .with(|p| encours_core::Book::on(p.ledger(), prepared).outstanding_by_invoice(day)),
        )
    }

    /// The text for `key` in the current language (tracked).
    pub fn t(&self, key: T) -> &'static str {
        crate::i18n::t(self.lang.get(), key)
    }

    pub fn set_lang(&self, lang: Lang) {
        prefs::set(PREF_LANG, lang.code());
        UI_LANG.with(|l| l.set(lang));
        self.lang.set(lang);
    }

    pub fn error(&self, e: impl std::fmt::Display) {
        self.banner.set(Some(Banner {
            text: e.to_string(),
            // Once another tab's upgrade closed the store, reloading is the only way on.
            reload: store().is_some_and(|s| s.is_closed()),
            error: true,
        }));
    }

    pub fn notify(&self, text: impl Into<String>) {
        self.toast.set(Some(text.into()));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

/// The open store (after [`init`] succeeded).
pub fn store() -> Option<Rc<Store>> {
    STORE.with(|s| s.borrow().clone())
}

struct Events(AppState);

impl StoreEvents for Events {
    fn blocked(&self) {
        let lang = self.0.lang.get_untracked();
        self.0.banner.set(Some(Banner {
            text: crate::i18n::t(lang, T::blocked).into(),
            reload: false,
            error: true,
        }));
    }
    fn version_change(&self) {
        let lang = self.0.lang.get_untracked();
        self.0.banner.set(Some(Banner {
            text: crate::i18n::t(lang, T::version_change).into(),
            reload: true,
            error: true,
        }));
    }
    fn with_context(&self, f: &mut dyn FnMut(&mut encours_core::portfolio::command::Context)) {
        crate::origin::with_context(system_today(), |cx| f(cx))
    }
}

/// Opens the store, loads the ledger, and listens to the other tabs.
pub async fn init(state: AppState) {
    let store = match Store::open(crate::store::schema::DB_NAME, Events(state)).await {
        Ok(s) => Rc::new(s),
        Err(e) => {
            state.status.set(Status::Failed(e.shown()));
            return;
        }
    };
    STORE.with(|s| *s.borrow_mut() = Some(store.clone()));
    load_settings(state, &store).await;
    {
        let _lock = Lock::acquire().await;
        if !read_ledger(state, &store).await {
            // Damaged or unreadable: other tabs' news cannot mend it; only the user's choice.
            listen_to_other_tabs(state);
            return;
        }
        compact_if_long(state, &store).await;
    }
    listen_to_other_tabs(state);
}

fn ledger_rev() -> u64 {
    LEDGER_REV.with(Cell::get)
}

/// A long log tail folded into a new snapshot, so that loads stay fast (the events stay in
/// the log). Called with the [`Lock`] held; a failure only leaves the tail as it was.
async fn compact_if_long(state: AppState, store: &Store) {
    if TAIL.with(Cell::get) <= COMPACT_AFTER {
        return;
    }
    let chunks = state.portfolio.with_untracked(snapshot::to_chunks);
    if let Ok(true) = store.compact(ledger_rev(), &chunks).await {
        TAIL.with(|t| t.set(0));
    }
}

/// Reads the ledger into the signal (with its revision), or sets the status saying why it
/// cannot. Called with the [`Lock`] held. `true` when the ledger was read.
async fn read_ledger(state: AppState, store: &Store) -> bool {
    // In steps: a 100k book decoded at once held the main thread for hundreds of ms (the
    // longest task of a page receiving a first sync).
    match store.read_in_steps(crate::util::yield_now).await {
        Ok(l) => {
            LEDGER_REV.with(|r| r.set(l.rev));
            TAIL.with(|t| t.set(l.tail));
            state.portfolio.set(l.portfolio);
            if state.status.get_untracked() != Status::Ready {
                state.status.set(Status::Ready);
            }
            true
        }
        Err(e @ StoreError::Damaged(_)) => {
            // What is shown must not look like a book: nothing of it was read.
            state.portfolio.set(Portfolio::default());
            state.status.set(Status::Damaged(e));
            false
        }
        Err(e) => {
            state.status.set(Status::Failed(e.shown()));
            false
        }
    }
}

/// Applies what was written since the ledger was read (another tab's payment, events sync
/// brought) over the ledger shown, instead of reading the whole book again (at 100,000
/// invoices a read is a main-thread task of hundreds of ms). `false` when only a whole read
/// will do (see [`Store::read_after`]).
async fn apply_update(state: AppState, store: &Store) -> bool {
    let Ok(Some(update)) = store.read_after(ledger_rev()).await else {
        return false;
    };
    LEDGER_REV.with(|r| r.set(update.rev));
    TAIL.with(|t| t.set(t.get() + update.events.len()));
    state
        .portfolio
        .update(|p| encours_core::portfolio::log::replay_onto(p, &update.events));
    true
}

/// Brings the book shown up to the store after a change written elsewhere (another tab, the
/// engine's worker): what was written since, or the whole book read again in steps. Waits
/// for the [`Lock`]; the change's broadcast, heard after, then finds nothing to do.
pub async fn catch_up(state: AppState) {
    refresh(state, false).await;
}

/// [`catch_up`]; `tell`: say so to the user when the book changed (another tab's change).
async fn refresh(state: AppState, tell: bool) {
    let Some(store) = store() else { return };
    let _lock = Lock::acquire().await;
    if store.is_closed() {
        return;
    }
    if !store.is_stale(ledger_rev()).await.unwrap_or(false) {
        // Settings are written outside the revision check: read them anyway.
        load_settings(state, &store).await;
        return;
    }
    load_settings(state, &store).await;
    let was_damaged = matches!(state.status.get_untracked(), Status::Damaged(_));
    let ready = state.status.get_untracked() == Status::Ready;
    if (ready && apply_update(state, &store).await) || read_ledger(state, &store).await {
        state.revision.update(|r| *r += 1);
        if tell && !was_damaged {
            state.notify(crate::i18n::t(ui_lang(), T::updated_elsewhere));
        }
    }
}

fn listen_to_other_tabs(state: AppState) {
    let Ok(channel) = web_sys::BroadcastChannel::new("encours") else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| {
            leptos::task::spawn_local(refresh(state, true));
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
}

fn broadcast() {
    CHANNEL.with(|c| {
        if let Some(c) = c.borrow().as_ref() {
            let _ = c.post_message(&JsValue::from_str("changed"));
        }
    });
}

async fn load_settings(state: AppState, store: &Store) {
    match store.settings().await {
        Ok(s) => state.settings.set(encours_core::small::string_map(s)),
        Err(e) => state.error(e.shown()),
    }
}

/// Reads the ledger (and the settings) again from the store.
pub async fn reload(state: AppState) {
    if let Some(store) = store() {
        let _lock = Lock::acquire().await;
        load_settings(state, &store).await;
        if read_ledger(state, &store).await {
            state.revision.update(|r| *r += 1);
        }
    }
}

/// Why nothing may be written now, if so: damaged storage (until the user restores a
/// backup), or a connection another tab's upgrade closed.
fn refusal(state: AppState, store: &Store) -> Option<StoreError> {
    if store.is_closed() {
        return Some(StoreError::Closed);
    }
    match state.status.get_untracked() {
        Status::Ready => None,
        Status::Damaged(_) => Some(StoreError::ReadOnly),
        Status::Loading | Status::Failed(_) => Some(StoreError::ReadOnly),
    }
}

/// What a change stores.
pub(crate) enum Pending {
    /// Its events; a `bulk` change (an import, its undo, the demo data) with a fresh
    /// snapshot, so that the next load replays nothing of it.
    Events { events: Vec<Event>, bulk: bool },
    /// Nothing to store (a command that changed nothing, such as an import of known rows).
    Nothing,
}

/// Applies a change in memory and appends its events, as a change of the revision the book
/// was read at (the write names it: if another tab wrote since, nothing is written). When another tab wrote first, the ledger is reloaded and the change applied again;
/// when the write fails (quota), the ledger is reloaded too, so what is shown is what is
/// stored. Nothing is applied when nothing may be written ([`refusal`]).
pub(crate) async fn commit<R>(
    state: AppState,
    change: impl Fn(&mut Portfolio) -> Option<(R, Pending)>,
) -> Result<Option<R>, StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    let _lock = Lock::acquire().await;
    for _ in 0..5 {
        if let Some(e) = refusal(state, &store) {
            return Err(e);
        }
        let base = ledger_rev();
        let Some((r, pending)) = state
            .portfolio
            .try_update_untracked(|l| change(l))
            .flatten()
        else {
            return Ok(None);
        };
        let (events, bulk) = match pending {
            Pending::Nothing => return Ok(Some(r)),
            Pending::Events { events, bulk } => (events, bulk),
        };
        let snapshot: Option<Chunks> = if bulk {
            // Encoded after a yield to the browser (the change and the encoding are each a
            // long task at 100,000 invoices; together they would freeze the page twice as
            // long). The lock keeps the book as it is meanwhile; encoded while it is
            // borrowed: no copy of 100,000 invoices.
            crate::util::yield_now().await;
            Some(state.portfolio.with_untracked(snapshot::to_chunks))
        } else {
            None
        };
        match store.append(base, &events, snapshot.as_ref()).await {
            Ok(Some(rev)) => {
                LEDGER_REV.with(|r| r.set(rev));
                TAIL.with(|t| t.set(if bulk { 0 } else { t.get() + events.len() }));
                state.portfolio.notify();
                state.revision.update(|r| *r += 1);
                broadcast();
                compact_if_long(state, &store).await;
                return Ok(Some(r));
            }
            Ok(None) => {
                if read_ledger(state, &store).await {
                    state.revision.update(|r| *r += 1);
                }
            }
            Err(e) => {
                // Nothing of the change was stored: show what is.
                if !store.is_closed() && read_ledger(state, &store).await {
                    state.revision.update(|r| *r += 1);
                }
                return Err(e);
            }
        }
    }
    Err(StoreError::Busy)
}

/// Replaces everything (restore, erase) in one transaction: the user's choice, so it is the
/// one write allowed over damaged storage.
/// The log opens with one event per record of `portfolio` (a backup without a log, or an
/// erase); [`replace_all_with_log`] keeps a backup's own log.
pub async fn replace_all(
    state: AppState,
    portfolio: Portfolio,
    settings: Vec<(String, String)>,
) -> Result<(), StoreError> {
    let events = crate::origin::with_context(state.today.get_untracked(), |cx| {
        encours_core::portfolio::log::opening(&portfolio, cx)
    });
    replace_all_with_log(state, portfolio, events, settings).await
}

/// [`replace_all`] with the log that makes `portfolio` (a backup of schema 4: its events).
pub async fn replace_all_with_log(
    state: AppState,
    portfolio: Portfolio,
    events: Vec<Event>,
    settings: Vec<(String, String)>,
) -> Result<(), StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    let _lock = Lock::acquire().await;
    let rev = store.replace_all(&portfolio, &events, &settings).await?;
    LEDGER_REV.with(|r| r.set(rev));
    TAIL.with(|t| t.set(0));
    state
        .settings
        .set(encours_core::small::string_map(settings));
    state.portfolio.set(portfolio);
    state.status.set(Status::Ready);
    state.revision.update(|r| *r += 1);
    broadcast();
    Ok(())
}

/// What can be read of damaged storage, as a backup file's text (Settings' format), with the
/// names of the records that could not be read.
pub async fn export_readable() -> Result<(String, Vec<String>), StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    let s = store.salvage().await?;
    let settings = encours_core::small::string_map(store.settings().await.unwrap_or_default());
    let text = encours_core::backup::export(&s.portfolio, &settings, &crate::util::now_iso());
    Ok((text, s.lost))
}

/// Saves one setting and tells the other tabs.
pub async fn put_setting(state: AppState, key: &str, value: &str) -> Result<(), StoreError> {
    let store = store().ok_or_else(|| StoreError::Unavailable("not open".into()))?;
    if let Some(e) = refusal(state, &store) {
        return Err(e);
    }
    store.put_setting(key, value).await?;
    state
        .settings
        .update(|s| drop(s.insert(key.to_string(), value.to_string())));
    state.revision.update(|r| *r += 1);
    broadcast();
    Ok(())
}

/// Asks the browser to keep the data even under storage pressure (after the first import).
pub fn request_persistence() {
    if let Some(w) = web_sys::window() {
        if let Ok(storage) = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("storage")) {
            let sm: web_sys::StorageManager = storage.unchecked_into();
            let _ = sm.persist();
        }
    }
}

/// Used and available bytes, and whether storage is persistent.
pub async fn storage_estimate() -> Option<(f64, f64, bool)> {
    let (usage, quota) = crate::store::estimate().await?;
    let w = web_sys::window()?;
    let storage = js_sys::Reflect::get(&w.navigator(), &JsValue::from_str("storage")).ok()?;
    let sm: web_sys::StorageManager = storage.unchecked_into();
    let persisted = wasm_bindgen_futures::JsFuture::from(sm.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
        .unwrap_or(false);
    Some((usage, quota, persisted))
}
