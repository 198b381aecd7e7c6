//! The client's open items, with what can be done on each (record a payment, open or resolve
//! a dispute), and its history: payments received and the follow-up timeline.

use super::ClientBook;
use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use crate::widgets;
use encours_core::collection::ActivityKind;
use encours_core::dispute::{DisputeReason, Resolution};
use encours_core::ledger::InvoiceId;
use encours_core::portfolio::command::Command;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// What an open item's inline form is doing.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Action {
    Pay(InvoiceId),
    Dispute(InvoiceId),
    Resolve(InvoiceId),
}

pub const REASONS: [(DisputeReason, T); 6] = [
    (DisputeReason::Price, T::reason_price),
    (DisputeReason::Quantity, T::reason_quantity),
    (DisputeReason::Quality, T::reason_quality),
    (DisputeReason::NotReceived, T::reason_not_received),
    (DisputeReason::AlreadyPaid, T::reason_already_paid),
    (DisputeReason::Other, T::reason_other),
];

pub fn reason_text(r: DisputeReason) -> T {
    REASONS
        .iter()
        .find(|x| x.0 == r)
        .map(|x| x.1)
        .unwrap_or(T::reason_other)
}

#[component]
pub fn OpenItems() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let action = RwSignal::new(None::<Action>);
    view! {
        <div class="panel">
            <h2>{tr(T::open_items)}</h2>
            <div class="table-wrap">
                <table data-testid="open-items">
                    <thead><tr>
                        <th>{tr(T::number)}</th><th>{tr(T::issue_date)}</th><th>{tr(T::due_date)}</th>
                        <th class="num">{tr(T::days_late)}</th><th class="num">{tr(T::outstanding)}</th>
                        <th>{tr(T::status)}</th><th><span class="visually-hidden">{tr(T::actions_col)}</span></th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let lang = state.lang.get();
                            let cur = super::currency(book);
                            let today = state.today.get();
                            book.aging.get().map(|a| a.invoices).unwrap_or_default().into_iter().map(|i| {
                                let id = i.invoice;
                                // Prescribed (L110-4 C. com. / L218-2 C. conso.): flagged, never reminded.
                                let prescribed = state.portfolio.with(|l| encours_core::dunning::prescription::prescribed_since(l, id, today));
                                let t = move |k| crate::i18n::t(lang, k);
                                let (label, next) = if i.disputed {
                                    (T::resolve_dispute, Action::Resolve(id))
                                } else {
                                    (T::mark_disputed, Action::Dispute(id))
                                };
                                view! {
                                    <tr data-number=i.number.clone()>
                                        <td>{i.number.clone()}</td>
                                        <td data-label=t(T::issue_date)>{format::date(lang, i.issue_date)}</td>
                                        <td data-label=t(T::due_date)>{format::date(lang, i.due_date)}</td>
                                        <td class="num" data-label=t(T::days_late)>{i.days_late.max(0)}</td>
                                        <td class="num" data-label=t(T::outstanding)>{format::money(lang, i.outstanding, cur)}</td>
                                        <td data-label=t(T::status)>{t(if i.disputed { T::status_disputed } else { T::status_open })}
                                            {prescribed.map(|d| view! { " "<span class="badge warning" data-testid="prescribed">{format!("{} {}", t(T::prescribed_since), format::date(lang, d))}</span> })}</td>
                                        <td class="row-actions">
                                            <button class="small" on:click=move |_| action.set(Some(Action::Pay(id)))>{t(T::record_payment)}</button>
                                            " "
                                            <button class="small" on:click=move |_| action.set(Some(next))>{t(label)}</button>
                                        </td>
                                    </tr>
                                    {move || action.get().filter(|a| matches!(a, Action::Pay(x) | Action::Dispute(x) | Action::Resolve(x) if *x == id)).map(|a| {
                                        let done = move || action.set(None);
                                        let form = match a {
                                            Action::Pay(_) => view! { <super::payments::PaymentForm id=id default_amount=i.outstanding on_done=done focus="[data-testid=open-items]"/> }.into_any(),
                                            Action::Dispute(_) => dispute_form(state, id, Box::new(done)),
                                            Action::Resolve(_) => resolve_form(state, id, i.outstanding, Box::new(done)),
                                        };
                                        view! { <tr class="inline-form"><td colspan="7">{form}</td></tr> }
                                    })}
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

/// Opening a dispute: reason and notes.
fn dispute_form(state: AppState, id: InvoiceId, done: Box<dyn Fn()>) -> AnyView {
    let lang = state.lang.get_untracked();
    let reason = RwSignal::new(DisputeReason::Other);
    let notes = RwSignal::new(String::new());
    let options = REASONS
        .iter()
        .enumerate()
        .map(|(k, (_, t))| (k.to_string(), crate::i18n::t(lang, *t).to_string()))
        .collect();
    let done = std::rc::Rc::new(done);
    let d2 = done.clone();
    let submit = move || {
        dispatch_and_tell(
            state,
            Command::OpenDispute {
                invoice: id,
                reason: reason.get_untracked(),
                notes: notes.get_untracked(),
            },
        );
        done();
    };
    view! {
        <div class="form-row" data-testid="dispute-form">
            {widgets::select(tr(T::dispute_reason), "reason", options, (REASONS.len() - 1).to_string(), Box::new(move |v| {
                if let Some(r) = v.parse::<usize>().ok().and_then(|k| REASONS.get(k)) { reason.set(r.0) }
            }))}
            {widgets::field(tr(T::notes), "notes", String::new(), 0, Box::new(move |v| notes.set(v)))}
            {widgets::button(tr(T::open_dispute), "button primary", Box::new(submit))}
            {widgets::button(tr(T::cancel), "button", Box::new(move || d2()))}
        </div>
    }
    .into_any()
}

/// Resolving a dispute: a credit note for everything, for part of it, or a rejection.
/// `outstanding` is only the partial amount's first value.
fn resolve_form(
    state: AppState,
    id: InvoiceId,
    outstanding: Decimal,
    done: Box<dyn Fn()>,
) -> AnyView {
    let lang = state.lang.get_untracked();
    let how = RwSignal::new("rejected".to_string());
    let amount = RwSignal::new(format::amount_input(lang, outstanding));
    let options = [
        ("rejected", T::res_rejected),
        ("credit", T::res_credit),
        ("partial", T::res_partial),
    ]
    .iter()
    .map(|(v, t)| (v.to_string(), crate::i18n::t(lang, *t).to_string()))
    .collect();
    let done = std::rc::Rc::new(done);
    let d2 = done.clone();
    let submit = move || {
        let resolution = match how.get_untracked().as_str() {
            "credit" => Resolution::CreditNote,
            "partial" => match format::parse_amount(&amount.get_untracked()) {
                Some(a) if a > Decimal::ZERO => Resolution::PartialCredit(a),
                _ => return state.error(state.t(T::bad_amount)),
            },
            _ => Resolution::Rejected,
        };
        // The core credits what is owed today for a full credit note (not this form's figure).
        dispatch_and_tell(
            state,
            Command::ResolveDispute {
                invoice: id,
                resolution,
            },
        );
        done();
    };
    view! {
        <div class="form-row" data-testid="resolve-form">
            {widgets::select(tr(T::resolution), "resolution", options, "rejected".into(), Box::new(move |v| how.set(v)))}
            {move || (how.get() == "partial").then(|| widgets::field(tr(T::credit_amount), "amount", amount.get_untracked(), 0, Box::new(move |v| amount.set(v))))}
            {widgets::button(tr(T::save), "button primary", Box::new(submit))}
            {widgets::button(tr(T::cancel), "button", Box::new(move || d2()))}
        </div>
    }
    .into_any()
}

/// Payments received and the follow-up timeline, newest first.
#[component]
pub fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let editing = RwSignal::new(None);
    move || {
        let lang = state.lang.get();
        let (payments, timeline) = book.ledger.with(|l| {
            let mut p: Vec<_> = l.payments.clone();
            encours_core::small::sort_by(&mut p, |a, b| b.date.cmp(&a.date));
            let t: Vec<_> = l.follow_up.timeline(book.id).cloned().collect();
            (p, t)
        });
        view! {
            <div class="panels">
                <div class="panel">
                    <h2>{crate::i18n::t(lang, T::payment_history)}</h2>
                    <ul class="plain" data-testid="payments">
                        {payments.iter().map(|p| super::payments::payment_line(state, lang, p, p.amount, editing)).collect_view()}
                    </ul>
                </div>
                <div class="panel">
                    <h2>{crate::i18n::t(lang, T::timeline)}</h2>
                    <ul class="plain" data-testid="timeline">
                        {timeline.into_iter().map(|a| {
                            let undo = match &a.kind {
                                ActivityKind::Payment(c) => Some(super::payments::undo_button(state, lang, a.id, c)),
                                _ => None,
                            };
                            view! { <li>{format::date(lang, a.date)}" · "{activity_text(lang, &a.kind)}" "{undo}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        }
        .into_any()
    }
}

/// One line for an activity: the level and channel of a reminder, the outcome of a call.
pub fn activity_text(lang: Lang, k: &ActivityKind) -> String {
    let t = |x| crate::i18n::t(lang, x);
    match k {
        ActivityKind::Reminder {
            level_name,
            channel,
            ..
        } => {
            format!(
                "{level_name} ({})",
                t(crate::pages::reminders::channel_text(*channel))
            )
        }
        ActivityKind::Call {
            level_name,
            outcome,
            ..
        } => {
            format!(
                "{level_name} · {}",
                t(crate::pages::reminders::outcome_text(outcome))
            )
        }
        ActivityKind::Note => t(T::note).to_string(),
        ActivityKind::Payment(c) => super::payments::change_text(lang, c),
    }
}
