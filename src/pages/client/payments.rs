//! Payments on the screens: the form that records one (or corrects one) with the core's checks
//! (zero or negative refused, an overpayment confirmed with where the surplus goes), the list
//! of a client's or an invoice's payments with "correct" and "cancel", and the timeline lines
//! of those changes with their undo. The rules are the core's (`encours_core::correction`).

use crate::format;
use crate::i18n::{t, tr, Lang, T};
use crate::state::{self, AppState};
use chrono::NaiveDate;
use encours_core::correction::{self, PaymentChange, PaymentError, Surplus};
use encours_core::ledger::{InvoiceId, Payment, PaymentId};
use encours_core::snapshot::Delta;
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
    let amount = RwSignal::new(format::amount_input(lang, default_amount));
    let first_date = correcting.map_or_else(|| state.today.get_untracked(), |c| c.1);
    let date = RwSignal::new(first_date.to_string());
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
        let today = state.today.get_untracked();
        leptos::task::spawn_local(async move {
            let failed = std::rc::Rc::new(std::cell::RefCell::new(None));
            let f = failed.clone();
            let change = move |l: &mut encours_core::Portfolio| {
                let r = match correcting {
                    None => correction::record(l, id, d, a, policy)
                        .map(|p| Delta::of(l, &[], &[p], &[])),
                    Some((p, _)) => correction::correct(l, p, d, a, today, policy)
                        .map(|_| Delta::of(l, &[], &[p], &[])),
                };
                r.map_err(|e| *f.borrow_mut() = Some(e)).ok()
            };
            // A new payment touches only the journal; a correction is logged in the timeline
            // (the follow-up chunk) too.
            let r = if correcting.is_some() {
                state::follow(state, change).await
            } else {
                state::edit(state, change).await
            };
            match r {
                Ok(true) => {
                    state.notify(state.t(T::saved));
                    on_done();
                    // The form may have been drawn again meanwhile (another tab's change redraws the page).
                    let f = focus.try_get_value().unwrap_or_default();
                    if !f.is_empty() {
                        crate::widgets::focus_soon(f);
                    }
                }
                Ok(false) => {
                    let e = failed.borrow_mut().take();
                    error.set(e.map(|e| error_text(state.lang.get_untracked(), &e)));
                }
                // Next to the Save button (a full quota, a closed store): nothing was saved.
                Err(e) => error.set(Some(e.to_string())),
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
                    on:input=move |ev| { amount.set(event_target_value(&ev)); confirming.set(None); } required/>
            </label>
            <label>{tr(T::payment_date)}
                <input name="date" type="date" prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) required/>
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
    let today = state.today.get_untracked();
    state::follow_and_tell(state, move |l| {
        correction::cancel(l, p, today).ok()?;
        Some(Delta {
            removed_payments: vec![p],
            ..Delta::of(l, &[], &[], &[])
        })
    });
}

/// Undoes the payment change logged as timeline entry `entry`.
pub fn undo(state: AppState, entry: u32) {
    let today = state.today.get_untracked();
    state::follow_and_tell(state, move |l| {
        let p = correction::undo(l, entry, today).ok()?;
        Some(Delta::of(l, &[], &[p], &[]))
    });
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
