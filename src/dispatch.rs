//! The one door pages change the book through: [`dispatch`] a [`Command`], read its
//! [`Reply`]. The command is executed by the core (which checks it and yields the events),
//! and its events are stored in one transaction; when another tab wrote first, the book is
//! read again and the command executed again on it, so nothing is lost.
//!
//! Pages hold no domain rule and never touch the book: they read `AppState::portfolio` and
//! send commands.

use crate::i18n::{t, Lang, T};
use crate::state::{self, AppState, Pending};
use crate::store::{StoreError, Write};
use encours_core::portfolio::changes::Changes;
use encours_core::portfolio::command::{Command, CommandError, Context, Reply};
use encours_core::portfolio::event::{Event, Fact};
use encours_core::snapshot::{self, Delta};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

pub use encours_core::portfolio::command::Reply as CommandReply;

/// Why a command was not done.
#[derive(Clone, Debug, PartialEq)]
pub enum DispatchError {
    /// The core refused it (nothing changed).
    Refused(CommandError),
    /// It could not be stored (nothing changed either).
    Store(StoreError),
}

impl DispatchError {
    /// The words for the user, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            DispatchError::Refused(e) => crate::messages::command_error(lang, e),
            DispatchError::Store(e) => e.to_string(),
        }
    }
}

impl From<StoreError> for DispatchError {
    fn from(e: StoreError) -> Self {
        DispatchError::Store(e)
    }
}

/// Executes `cmd` on the book and stores its events, in one transaction.
pub async fn dispatch(state: AppState, cmd: Command) -> Result<Reply, DispatchError> {
    let refused: Rc<RefCell<Option<CommandError>>> = Rc::default();
    let r = refused.clone();
    let today = state.today.get_untracked();
    let out = state::commit(state, move |p| {
        let origin = origin();
        let mut ids = event_id;
        let mut cx = Context {
            today,
            at: js_sys::Date::now() as i64,
            origin: &origin,
            ids: &mut ids,
        };
        match p.execute(cmd.clone(), &mut cx) {
            Ok(x) => {
                *r.borrow_mut() = None;
                Some((x.reply, pending(&x.events, p)))
            }
            Err(e) => {
                *r.borrow_mut() = Some(e);
                None
            }
        }
    })
    .await?;
    if let Some(e) = refused.borrow_mut().take() {
        return Err(DispatchError::Refused(e));
    }
    Ok(out.unwrap_or_default())
}

/// [`dispatch`] in the background, telling the user it was saved, or why not.
pub fn dispatch_and_tell(state: AppState, cmd: Command) {
    leptos::task::spawn_local(async move {
        match dispatch(state, cmd).await {
            Ok(_) => state.notify(t(state.lang.get_untracked(), T::saved)),
            Err(e) => state.error(e.text(state.lang.get_untracked())),
        }
    });
}

/// Whether an event replaces much of the book (its write is a full save).
fn bulk(e: &Event) -> bool {
    matches!(
        e.head.fact,
        Fact::Imported { .. } | Fact::ImportUndone { .. } | Fact::Replaced { .. }
    ) || e.changes.reset
        || !e.changes.batches.is_empty()
        || !e.changes.removed_batches.is_empty()
        || !e.changes.removed_clients.is_empty()
}

/// What the events' write is on today's storage: a full save for bulk events, else one
/// journal entry with the records they touched (and the follow-up chunk when it changed).
fn pending(events: &[Event], p: &encours_core::Portfolio) -> Pending {
    if events.is_empty() {
        return Pending::Nothing;
    }
    if events.iter().any(bulk) {
        return Pending::EncodeAll;
    }
    let mut d = Delta::default();
    let mut follow = false;
    for e in events {
        merge(&mut d, &e.changes);
        follow |= !e.changes.follow_up.is_empty();
    }
    let l = &p.ledger;
    d.next_client = l.next_client;
    d.next_invoice = l.next_invoice;
    d.next_payment = l.next_payment;
    if follow {
        Pending::Ready(Write::Follow {
            entry: Some(d.encode()),
            chunk: snapshot::collection_chunk(&p.follow_up),
        })
    } else {
        Pending::Ready(Write::Edit(d.encode()))
    }
}

fn merge(d: &mut Delta, c: &Changes) {
    d.clients.extend(c.clients.iter().cloned());
    d.invoices.extend(c.invoices.iter().cloned());
    d.payments.extend(c.payments.iter().cloned());
    d.removed_invoices
        .extend(c.removed_invoices.iter().copied());
    d.removed_payments
        .extend(c.removed_payments.iter().copied());
}

/// This device and its user (until the settings name them: a device id drawn once).
fn origin() -> encours_core::portfolio::event::Origin {
    const KEY: &str = "encours.device";
    let device = crate::util::prefs::get(KEY)
        .and_then(|s| u64::from_str_radix(&s, 16).ok())
        .unwrap_or_else(|| {
            let id = event_id() as u64;
            crate::util::prefs::set(KEY, &format!("{id:016x}"));
            id
        });
    encours_core::portfolio::event::Origin {
        device,
        device_name: String::new(),
        author: String::new(),
    }
}

/// 128 random bits from the browser's cryptographic generator.
fn event_id() -> u128 {
    let bytes = js_sys::Uint8Array::new_with_length(16);
    let crypto = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"crypto".into()).ok())
        .filter(|c| !c.is_undefined());
    if let Some(c) = crypto {
        if let Ok(f) = js_sys::Reflect::get(&c, &"getRandomValues".into()) {
            let f: js_sys::Function = wasm_bindgen::JsCast::unchecked_into(f);
            let _ = f.call1(&c, &bytes);
        }
    }
    let mut b = [0u8; 16];
    bytes.copy_to(&mut b);
    u128::from_le_bytes(b)
}
