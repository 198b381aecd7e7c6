//! One invoice (`/invoices/ID`): amounts, schedule with what is left on each due date,
//! payments and credit notes applied to it, follow-up; and the actions on it (payment, credit
//! note, dispute, write-off), each one stored transaction seen everywhere at once.

use super::client::items::activity_text;
use super::invoices::{set_disputed, status_text, PaymentForm};
use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{t, tr, T};
use crate::state::AppState;
use encours_core::invoice_view::detail;
use encours_core::ledger::{DisplayStatus, InvoiceId, InvoiceStatus};
use encours_core::portfolio::command::Command;
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn InvoicePage(id: u64) -> impl IntoView {
    super::title(T::invoice_title);
    let state = expect_context::<AppState>();
    let id = InvoiceId(id);
    let detail = Memo::new(move |_| {
        let today = state.today.get();
        state.portfolio.with(|l| detail(l, id, today))
    });
    let paying = RwSignal::new(false);
    let editing = RwSignal::new(None);
    let credit = RwSignal::new(String::new());
    let add_credit = move |_| {
        let Some(amount) =
            format::parse_amount(&credit.get_untracked()).filter(|a| *a > Decimal::ZERO)
        else {
            state.error(state.t(T::bad_amount));
            return;
        };
        dispatch_and_tell(
            state,
            Command::IssueCreditNote {
                invoice: id,
                amount,
            },
        );
        credit.set(String::new());
    };
    // Written off, or back to open (the undo of a write-off).
    let set_status = move |status: InvoiceStatus| {
        dispatch_and_tell(
            state,
            Command::SetStatus {
                invoice: id,
                status,
            },
        );
    };
    move || {
        let lang = state.lang.get();
        let Some(d) = detail.get() else {
            return view! { <section><h1>{t(lang, T::not_found)}</h1></section> }.into_any();
        };
        let cur = d.invoice.currency;
        let m = move |x: Decimal| format::money(lang, x, cur);
        let status = d.status();
        let open = d.is_open();
        let disputed = status == DisplayStatus::Disputed;
        let amount = |k: T, v: Option<Decimal>| {
            v.map(|v| view! { <dt>{t(lang, k)}</dt><dd class="num">{m(v)}</dd> })
        };
        view! {
            <section class="invoice-page">
                <p class="crumbs">{crate::router::dyn_link("/invoices".into(), t(lang, T::nav_invoices).into())}" › "
                    {crate::router::dyn_link(crate::router::client_path(d.invoice.client), d.client.clone())}</p>
                <h1 data-testid="invoice-number">{t(lang, T::invoice_title)}" "{d.invoice.number.clone()}</h1>
                <dl class="facts">
                    <dt>{t(lang, T::client)}</dt><dd>{d.client.clone()}</dd>
                    <dt>{t(lang, T::issue_date)}</dt><dd>{format::date(lang, d.invoice.issue_date)}</dd>
                    <dt>{t(lang, T::due_date)}</dt><dd>{format::date(lang, d.invoice.due_date)}</dd>
                    {amount(T::net_amount, d.invoice.net)}
                    {amount(T::vat_amount, d.invoice.vat)}
                    {amount(T::amount, Some(d.invoice.total))}
                    <dt>{t(lang, T::outstanding)}</dt><dd class="num" data-testid="invoice-outstanding" tabindex="-1">{m(d.outstanding)}</dd>
                    <dt>{t(lang, T::status)}</dt><dd data-testid="invoice-status">{t(lang, status_text(status))}</dd>
                    {state.portfolio.with(|l| encours_core::dunning::prescription::prescribed_since(l, id, state.today.get())).map(|p| view! {
                        <dt>{t(lang, T::prescription)}</dt><dd data-testid="prescribed">{format!("{} {}", t(lang, T::prescribed_since), format::date(lang, p))}</dd>
                    })}
                </dl>
                <div class="actions">
                    {open.then(|| view! {
                        <button class="button primary" on:click=move |_| paying.set(true)>{t(lang, T::record_payment)}</button>
                        <button class="button" on:click=move |_| set_disputed(state, id, !disputed)>{t(lang, if disputed { T::resolve_dispute } else { T::mark_disputed })}</button>
                        <button class="button" data-testid="write-off" on:click=move |_| set_status(InvoiceStatus::WrittenOff)>{t(lang, T::write_off)}</button>
                    })}
                    {(status == DisplayStatus::WrittenOff).then(|| view! {
                        <button class="button" on:click=move |_| set_status(InvoiceStatus::Open)>{t(lang, T::undo_write_off)}</button>
                    })}
                </div>
                {encours_core::penalty::terms::check(d.invoice.issue_date, d.invoice.due_date).map(|w| view! {
                    <p class="banner warning" role="status" data-testid="terms-warning" data-code=encours_core::penalty::terms::TermsOverCap::CODE>
                        {format!("{} ({} {}, {} {})", t(lang, T::terms_over_cap), w.days, t(lang, T::days), t(lang, T::latest_due), format::date(lang, w.latest))}
                    </p>
                })}
                {open.then(|| law_actions(state, lang, id))}
                {move || paying.get().then(|| view! { <PaymentForm id=id default_amount=d.outstanding on_done=move || paying.set(false) focus="[data-testid=invoice-outstanding]"/> })}
                {open.then(|| view! {
                    <div class="form-row">
                        <label>{tr(T::credit_amount)}<input name="credit" inputmode="decimal" prop:value=credit on:input=move |ev| credit.set(event_target_value(&ev))/></label>
                        <button class="button" on:click=add_credit>{tr(T::add_credit_note)}</button>
                    </div>
                })}
                <h2>{t(lang, T::schedule)}</h2>
                <table>
                    <thead><tr><th>{t(lang, T::due_date)}</th><th class="num">{t(lang, T::amount)}</th><th class="num">{t(lang, T::outstanding)}</th></tr></thead>
                    <tbody>{d.schedule.iter().map(|r| view! {
                        <tr><td>{format::date(lang, r.due_date)}</td><td class="num">{m(r.amount)}</td><td class="num">{m(r.left)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <h2>{t(lang, T::payments_applied)}</h2>
                <ul class="plain" data-testid="invoice-payments">
                    {d.payments.iter().map(|(p, a)| super::client::payments::payment_line(state, lang, p, *a, editing)).collect_view()}
                    {d.credits.iter().map(|c| view! { <li>{format!("{} · {} · {}", format::date(lang, c.date), c.number, m(c.amount))}</li> }).collect_view()}
                </ul>
                <h2>{t(lang, T::timeline)}</h2>
                <ul class="plain" data-testid="invoice-timeline">
                    {d.activity.iter().map(|(n, date, k)| {
                        let undo = match k {
                            encours_core::collection::ActivityKind::Payment(c) => Some(super::client::payments::undo_button(state, lang, *n, c)),
                            _ => None,
                        };
                        view! { <li>{format!("{} · {}", format::date(lang, *date), activity_text(lang, k))}" "{undo}</li> }
                    }).collect_view()}
                </ul>
                <super::history::History invoice=id/>
            </section>
        }
        .into_any()
    }
}

/// What French law needs recorded on an invoice: marked doubtful (only then it moves to 416,
/// CGI art. 39-1-5°), and the client's acknowledgement of the debt, which restarts
/// prescription (art. 2240 Code civil).
fn law_actions(state: AppState, lang: crate::i18n::Lang, id: InvoiceId) -> AnyView {
    let (doubtful, ack) = state.portfolio.with_untracked(|l| {
        (
            l.follow_up.law.doubtful.get(&id).copied(),
            l.follow_up.law.acknowledgements.get(&id).copied(),
        )
    });
    let toggle = move |_| {
        // What the button said when clicked: the mark as it is now, not as the page opened.
        let doubtful = state
            .portfolio
            .with_untracked(|l| l.follow_up.law.doubtful.get(&id).is_some());
        dispatch_and_tell(
            state,
            Command::SetDoubtful {
                invoice: id,
                doubtful: !doubtful,
            },
        );
    };
    let save_ack = move |v: String| {
        let date = format::parse_iso(&v);
        super::reminders::save(state, Command::SetAcknowledgement { invoice: id, date });
    };
    view! {
        <div class="form-row law">
            <button class="button" data-testid="mark-doubtful" on:click=toggle>
                {t(lang, if doubtful.is_some() { T::unmark_doubtful } else { T::mark_doubtful })}
            </button>
            <label>{t(lang, T::acknowledged_on)}
                <input type="date" name="acknowledged" value=ack.map(|d| d.to_string()).unwrap_or_default()
                    on:change=move |ev| save_ack(event_target_value(&ev))/></label>
        </div>
    }
    .into_any()
}
