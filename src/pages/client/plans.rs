//! Payment plans (échéanciers) and promises to pay: agreeing a plan on what the client owes,
//! each installment's state as payments come in, and the promises with kept or broken.

use super::{ClientBook, Doc};
use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{tr, T};
use crate::state::AppState;
use crate::widgets;
use encours_core::plan::{
    installment_state, plan_status, promise_status, Frequency, InstallmentState, PlanTerms,
    PromiseStatus,
};
use encours_core::portfolio::command::Command;
use leptos::prelude::*;

#[component]
pub fn Plans() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let id = book.id;
    let adding = RwSignal::new(false);
    let plans = move || {
        let today = state.today.get();
        book.ledger.with(|l| {
            l.follow_up
                .plans
                .iter()
                .filter(|p| p.client == id && !p.cancelled)
                .map(|p| (p.clone(), plan_status(l, p, today)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="panel" data-testid="plans">
            <h2>{tr(T::payment_plan)}</h2>
            {move || {
                let lang = state.lang.get();
                let t = move |k| crate::i18n::t(lang, k);
                let cur = super::currency(book);
                let today = state.today.get();
                plans().into_iter().map(|(p, s)| {
                    let pid = p.id;
                    let state_text = if s.completed { T::plan_completed } else if s.on_track { T::plan_on_track } else { T::plan_missed };
                    view! {
                        <div class="plan" data-plan=pid.to_string()>
                            <p><strong data-testid="plan-status">{t(state_text)}</strong>" · "{t(T::agreed_on)}" "{format::date(lang, p.agreed_on)}
                                " · "{t(if p.stops_penalties { T::penalties_stopped } else { T::penalties_run })}</p>
                            <table class="installments">
                                <thead><tr><th>{t(T::due_date)}</th><th class="num">{t(T::amount)}</th><th class="num">{t(T::paid)}</th><th>{t(T::status)}</th></tr></thead>
                                <tbody>
                                    {p.installments.iter().zip(&s.covered).map(|(i, c)| {
                                        let st = match installment_state(i, *c, today) {
                                            InstallmentState::Paid => T::inst_paid,
                                            InstallmentState::Missed => T::inst_missed,
                                            InstallmentState::PartlyPaid => T::inst_partly,
                                            InstallmentState::Upcoming => T::inst_upcoming,
                                        };
                                        view! { <tr><td>{format::date(lang, i.due)}</td><td class="num">{format::money(lang, i.amount, cur)}</td>
                                            <td class="num">{format::money(lang, *c, cur)}</td><td data-testid="installment-status">{t(st)}</td></tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <div class="actions">
                                {widgets::button(tr(T::print_agreement), "button", Box::new(move || super::print(book, Doc::Plan(pid))))}
                                {widgets::button(tr(T::cancel_plan), "button", Box::new(move || dispatch_and_tell(state, Command::CancelPlan { plan: pid })))}
                            </div>
                        </div>
                    }
                }).collect_view()
            }}
            {move || if adding.get() {
                plan_form(state, book, Box::new(move || adding.set(false)))
            } else {
                widgets::button(tr(T::new_plan), "button", Box::new(move || adding.set(true)))
            }}
            <Promises/>
        </div>
    }
    .into_any()
}

/// The terms of a new plan: down payment, number of installments, first date, frequency.
fn plan_form(state: AppState, book: ClientBook, done: Box<dyn Fn()>) -> AnyView {
    let today = state.today.get_untracked();
    let down = RwSignal::new("0".to_string());
    let count = RwSignal::new("3".to_string());
    let first = RwSignal::new((today + chrono::Duration::days(7)).to_string());
    let monthly = RwSignal::new(true);
    let stops = RwSignal::new(true);
    let done = std::rc::Rc::new(done);
    let d2 = done.clone();
    let submit = move || {
        let (Some(down_payment), Ok(n), Some(first)) = (
            format::parse_amount(&down.get_untracked()),
            count.get_untracked().trim().parse::<u32>(),
            format::parse_iso(&first.get_untracked()),
        ) else {
            return state.error(state.t(T::bad_plan));
        };
        let terms = PlanTerms {
            down_payment,
            count: n,
            first,
            frequency: if monthly.get_untracked() {
                Frequency::Monthly
            } else {
                Frequency::Weekly
            },
            stops_penalties: stops.get_untracked(),
        };
        let id = book.id;
        dispatch_and_tell(state, Command::AgreePlan { client: id, terms });
        done();
    };
    let lang = state.lang.get_untracked();
    let freq = vec![
        (
            "m".to_string(),
            crate::i18n::t(lang, T::monthly).to_string(),
        ),
        ("w".to_string(), crate::i18n::t(lang, T::weekly).to_string()),
    ];
    view! {
        <div class="form-grid" data-testid="plan-form">
            {widgets::field(tr(T::down_payment), "down", "0".into(), 0, Box::new(move |v| down.set(v)))}
            {widgets::field(tr(T::installments), "count", "3".into(), 0, Box::new(move |v| count.set(v)))}
            <label>{tr(T::first_due)}<input type="date" name="first" prop:value=first on:change=move |ev| first.set(event_target_value(&ev))/></label>
            {widgets::select(tr(T::frequency), "frequency", freq, "m".into(), Box::new(move |v| monthly.set(v == "m")))}
            {widgets::check(tr(T::stop_penalties), true, Box::new(move |b| stops.set(b)))}
            <div class="actions">
                {widgets::button(tr(T::agree_plan), "button primary", Box::new(submit))}
                {widgets::button(tr(T::cancel), "button", Box::new(move || d2()))}
            </div>
        </div>
    }
    .into_any()
}

/// The client's promises, kept or broken from the payments, and a form to record one.
#[component]
fn Promises() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let id = book.id;
    let date = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let record = move || {
        let (Some(d), Some(a)) = (
            format::parse_iso(&date.get_untracked()),
            format::parse_amount(&amount.get_untracked()),
        ) else {
            return state.error(state.t(T::bad_promise));
        };
        // The command dates it (made today) and refuses an amount that is not positive.
        dispatch_and_tell(
            state,
            Command::RecordPromise {
                client: id,
                date: d,
                amount: a,
            },
        );
    };
    view! {
        <h3>{tr(T::promises)}</h3>
        <ul class="plain" data-testid="promises">
            {move || {
                let lang = state.lang.get();
                let today = state.today.get();
                let cur = super::currency(book);
                book.ledger.with(|l| l.follow_up.promises.iter().filter(|p| p.client == id).map(|p| {
                    let st = match promise_status(l, p, today) {
                        PromiseStatus::Kept => T::promise_kept,
                        PromiseStatus::Broken => T::promise_broken,
                        PromiseStatus::Pending => T::promise_pending,
                    };
                    view! { <li>{format::money(lang, p.amount, cur)}" · "{format::date(lang, p.date)}" · "<strong>{crate::i18n::t(lang, st)}</strong></li> }
                }).collect_view())
            }}
        </ul>
        <div class="form-row">
            <label>{tr(T::promise_date)}<input type="date" name="promise-date" on:change=move |ev| date.set(event_target_value(&ev))/></label>
            {widgets::field(tr(T::amount), "promise-amount", String::new(), 0, Box::new(move |v| amount.set(v)))}
            {widgets::button(tr(T::record_promise), "button", Box::new(record))}
        </div>
    }
    .into_any()
}
