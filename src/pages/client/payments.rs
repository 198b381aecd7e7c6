//! Payments on the screens: the form that records one (or corrects one) with the core's checks
//! (zero or negative refused, an overpayment confirmed with where the surplus goes), the list
//! of a client's or an invoice's payments with "correct" and "cancel", and the timeline lines
//! of those changes with their undo. The rules are the core's (`encours_core::correction`).

use crate::dispatch::{dispatch, dispatch_and_tell, DispatchError};
use crate::format;
use crate::i18n::{t, tr, Lang, T};
use crate::state::AppState;
use chrono::NaiveDate;
use encours_core::correction::{self, PaymentChange, PaymentError, Surplus};
use encours_core::ledger::{InvoiceId, Payment, PaymentId};
use encours_core::portfolio::command::{Command, CommandError};
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The words for a refused payment change.
pub fn error_text(lang: Lang, e: &PaymentError) -> String {
    match e {
        PaymentError::NotPositive => t(lang, T::amount_not_positive).into(),
        PaymentError::AlreadyUndone(_) => t(lang, T::already_undone).into(),
        PaymentError::ChangedSince(_) | PaymentError::UnknownPayment(_) => {
            t(lang, T::payment_changed_since).into()
        }
        other => other.to_string(),
    }
}

/// What the user typed in a payment form, kept outside the form: a form is drawn again when
/// the page around it is (another tab's change redraws the page), and a new form would show
/// the default amount again (a test saw the outstanding recorded instead of the 2,11 € typed).
/// Keyed by the invoice and the payment corrected; dropped when the form is done, or when no
/// form of that key is drawn any more once the redraw is over.
mod draft {
    use encours_core::ledger::{InvoiceId, PaymentId};
    use std::cell::RefCell;

    pub type Key = (InvoiceId, Option<PaymentId>);

    #[derive(Default)]
    struct Draft {
        key: Option<Key>,
        amount: Option<String>,
        date: Option<String>,
        /// Forms of this key drawn now.
        live: u32,
    }

    thread_local! {
        static DRAFTS: RefCell<Vec<Draft>> = const { RefCell::new(Vec::new()) };
    }

    /// A form of `key` is drawn: what was typed in the one it replaces, if any.
    pub fn claim(key: Key) -> (Option<String>, Option<String>) {
        DRAFTS.with_borrow_mut(|v| {
            let k = match v.iter().position(|d| d.key == Some(key)) {
                Some(k) => k,
                None => {
                    v.push(Draft {
                        key: Some(key),
                        ..Draft::default()
                    });
                    v.len() - 1
                }
            };
            v[k].live += 1;
            (v[k].amount.clone(), v[k].date.clone())
        })
    }

    pub fn amount(key: Key, text: String) {
        DRAFTS.with_borrow_mut(|v| {
            if let Some(d) = v.iter_mut().find(|d| d.key == Some(key)) {
                d.amount = Some(text);
            }
        })
    }

    pub fn date(key: Key, text: String) {
        DRAFTS.with_borrow_mut(|v| {
            if let Some(d) = v.iter_mut().find(|d| d.key == Some(key)) {
                d.date = Some(text);
            }
        })
    }

    /// The form is done (saved or cancelled): nothing to keep.
    pub fn forget(key: Key) {
        DRAFTS.with_borrow_mut(|v| v.retain(|d| d.key != Some(key)));
    }

    /// A form of `key` is taken off the page. Its draft stays until the end of the redraw (the
    /// new form claims it), then goes if no form claimed it (the user left the page).
    pub fn release(key: Key) {
        DRAFTS.with_borrow_mut(|v| {
            if let Some(d) = v.iter_mut().find(|d| d.key == Some(key)) {
                d.live = d.live.saturating_sub(1);
            }
        });
        leptos::task::spawn_local(async move {
            DRAFTS.with_borrow_mut(|v| v.retain(|d| d.key != Some(key) || d.live > 0));
        });
    }
}

/// Records a payment on `id` (or, with `correcting`, corrects that payment). `focus` is where
/// the keyboard goes once it is saved: the figure it changed.
#[component]
pub fn PaymentForm(
    id: InvoiceId,
    default_amount: Decimal,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    #[prop(optional)] correcting: Option<(PaymentId, NaiveDate)>,
    #[prop(optional, into)] focus: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang.get_untracked();
    let key = (id, correcting.map(|c| c.0));
    let (typed_amount, typed_date) = draft::claim(key);
    on_cleanup(move || draft::release(key));
    let on_done = move || {
        draft::forget(key);
        on_done();
    };
    let amount =
        RwSignal::new(typed_amount.unwrap_or_else(|| format::amount_input(lang, default_amount)));
    let first_date = correcting.map_or_else(|| state.today.get_untracked(), |c| c.1);
    let date = RwSignal::new(typed_date.unwrap_or_else(|| first_date.to_string()));
    let error = RwSignal::new(None::<String>);
    // The overpayment waiting for the user's consent: (owed, surplus).
    let confirming = RwSignal::new(None::<(Decimal, Decimal)>);
    let currency = state
        .portfolio
        .with_untracked(|l| l.invoice(id).map(|i| i.currency).unwrap_or_default());
    let focus = StoredValue::new(focus);
    let save = move |policy: Surplus| {
        let lang = state.lang.get_untracked();
        let Some(a) = format::parse_amount(&amount.get_untracked()) else {
            error.set(Some(t(lang, T::amount_unreadable).into()));
            return;
        };
        let Some(d) = format::parse_iso(&date.get_untracked()) else {
            error.set(Some(t(lang, T::bad_date).into()));
            return;
        };
        let without = correcting.map(|c| c.0);
        // Asked before the command so that the user consents to an overpayment (the
        // command would refuse it under `Surplus::Refuse` anyway).
        match state
            .portfolio
            .with_untracked(|l| correction::surplus(l, id, a, without))
        {
            Err(e) => return error.set(Some(error_text(lang, &e))),
            Ok(s) if s > Decimal::ZERO && policy == Surplus::Refuse => {
                error.set(None);
                confirming.set(Some((a - s, s)));
                crate::widgets::focus_soon("[data-testid=overpayment] button.primary".into());
                return;
            }
            Ok(_) => {}
        }
        let cmd = match correcting {
            None => Command::RecordPayment {
                invoice: id,
                date: d,
                amount: a,
                surplus: policy,
            },
            Some((p, _)) => Command::CorrectPayment {
                payment: p,
                date: d,
                amount: a,
                surplus: policy,
            },
        };
        leptos::task::spawn_local(async move {
            match dispatch(state, cmd).await {
                Ok(_) => {
                    state.notify(state.t(T::saved));
                    on_done();
                    // The form may have been drawn again meanwhile (another tab's change redraws the page).
                    let f = focus.try_get_value().unwrap_or_default();
                    if !f.is_empty() {
                        crate::widgets::focus_soon(f);
                    }
                }
                Err(e) => {
                    let lang = state.lang.get_untracked();
                    // Next to the Save button (a refused amount, a full quota, a closed
                    // store): nothing was saved.
                    error.set(Some(match &e {
                        DispatchError::Refused(CommandError::Payment(p)) => error_text(lang, p),
                        e => e.text(lang),
                    }));
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(Surplus::Refuse);
    };
    crate::widgets::focus_soon("form.payment input[name=amount]".into());
    view! {
        <form class="payment" on:submit=submit novalidate>
            <label>{tr(T::payment_amount)}
                <input name="amount" inputmode="decimal" prop:value=amount
                    on:input=move |ev| { let v = event_target_value(&ev); draft::amount(key, v.clone()); amount.set(v); confirming.set(None); } required/>
            </label>
            <label>{tr(T::payment_date)}
                <input name="date" type="date" prop:value=date on:input=move |ev| { let v = event_target_value(&ev); draft::date(key, v.clone()); date.set(v); } required/>
            </label>
            <button type="submit" class="button primary">{tr(if correcting.is_some() { T::correct_payment } else { T::save })}</button>
            <button type="button" class="button" on:click=move |_| on_done()>{tr(T::cancel)}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="payment-error">{e}</p> })}
            {move || confirming.get().map(|(owed, surplus)| {
                let lang = state.lang.get();
                let m = move |x| format::money(lang, x, currency);
                view! {
                    <div class="banner warning" role="alertdialog" aria-labelledby="overpay-text" data-testid="overpayment">
                        <p id="overpay-text">{format!("{} {} ({} {}). {}", t(lang, T::overpay_by), m(surplus),
                            t(lang, T::owed_is), m(owed), t(lang, T::surplus_to_credit))}</p>
                        <button type="button" class="button primary" on:click=move |_| save(Surplus::ToCredit)>{t(lang, T::confirm_overpayment)}</button>
                        <button type="button" class="button" on:click=move |_| {
                            confirming.set(None);
                            crate::widgets::focus_soon("form.payment input[name=amount]".into());
                        }>{t(lang, T::change_amount)}</button>
                    </div>
                }
            })}
        </form>
    }
}

/// Cancels a payment (a reversal kept in the timeline), in one stored transaction.
pub fn cancel(state: AppState, p: PaymentId) {
    dispatch_and_tell(state, Command::CancelPayment { payment: p });
}

/// Undoes the payment change logged as timeline entry `entry`.
pub fn undo(state: AppState, entry: u32) {
    dispatch_and_tell(state, Command::UndoPaymentChange { entry });
}

/// A payment's line in a list, with "correct" and "cancel"; `applied` is what it pays on the
/// invoice shown (its whole amount on a client's page).
pub fn payment_line(
    state: AppState,
    lang: Lang,
    p: &Payment,
    applied: Decimal,
    editing: RwSignal<Option<PaymentId>>,
) -> AnyView {
    let id = p.id;
    let cur = p.currency;
    let invoice = p.allocations.first().map(|a| a.invoice);
    let (date, amount) = (p.date, p.amount);
    let text = format!(
        "{} · {} · {}",
        format::date(lang, p.date),
        format::money(lang, applied, cur),
        p.reference.clone().unwrap_or_default()
    );
    view! {
        <li data-payment=id.0.to_string()>
            <span>{text}</span>" "
            {invoice.is_some().then(|| view! {
                <button class="small" on:click=move |_| editing.set(Some(id))>{t(lang, T::correct_payment)}</button>
            })}
            " "
            <button class="small" on:click=move |_| cancel(state, id)>{t(lang, T::cancel_payment)}</button>
            {move || (editing.get() == Some(id)).then(|| invoice.map(|inv| view! {
                <PaymentForm id=inv default_amount=amount correcting=(id, date) on_done=move || editing.set(None)
                    focus=format!("[data-payment='{}'] button", id.0)/>
            }))}
        </li>
    }
    .into_any()
}

/// A timeline line for a payment change.
pub fn change_text(lang: Lang, c: &PaymentChange) -> String {
    let pay = |p: &Payment| {
        format!(
            "{} {}",
            format::money(lang, p.amount, p.currency),
            format::date(lang, p.date)
        )
    };
    match c {
        PaymentChange::Corrected { before, after } => {
            format!(
                "{} : {} → {}",
                t(lang, T::pay_corrected),
                pay(before),
                pay(after)
            )
        }
        PaymentChange::Cancelled { payment } => {
            format!("{} : {}", t(lang, T::pay_cancelled), pay(payment))
        }
        PaymentChange::Undone { .. } => t(lang, T::pay_undone).into(),
    }
}

/// The undo button of a payment change still undoable, else nothing.
pub fn undo_button(state: AppState, lang: Lang, entry: u32, c: &PaymentChange) -> AnyView {
    let can = !matches!(c, PaymentChange::Undone { .. })
        && state
            .portfolio
            .with_untracked(|l| correction::undoable(&l.follow_up, entry));
    can.then(|| {
        view! { <button class="small" data-testid="undo-payment-change" on:click=move |_| undo(state, entry)>{t(lang, T::undo)}</button> }
    })
    .into_any()
}
