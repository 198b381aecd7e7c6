//! The one door pages change the book through: [`dispatch`] a [`Command`], read its
//! [`Reply`]. The command is executed by the core (which checks it and yields the events),
//! and its events are stored in one transaction; when another tab wrote first, the book is
//! read again and the command executed again on it, so nothing is lost.
//!
//! Pages hold no domain rule and never touch the book: they read `AppState::portfolio` and
//! send commands.

use crate::i18n::{t, Lang, T};
use crate::state::{self, AppState, Pending};
use crate::store::StoreError;
use crate::store_text::StoreErrorText;
use encours_core::portfolio::command::{Command, CommandError, Reply};
use encours_core::portfolio::event::Event;
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
            DispatchError::Store(e) => e.text(lang),
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
        // Executed again on the fresh book when another tab wrote first (new ids, new events).
        match crate::origin::with_context(today, |cx| p.execute(cmd.clone(), cx)) {
            Ok(x) => {
                *r.borrow_mut() = None;
                Some((x.reply, pending(x.events)))
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

/// What the command stores: its events, appended to the log in one transaction.
fn pending(events: Vec<Event>) -> Pending {
    if events.is_empty() {
        return Pending::Nothing;
    }
    let bulk = events.iter().any(Event::is_bulk);
    Pending::Events { events, bulk }
}
