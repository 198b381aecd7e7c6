//! Letters laid out for A4 printing: sender, recipient placed for a window envelope, place and
//! date, the registered-letter mention, subject, text. Several letters print in one job, one
//! per page.

use super::draft::place_date;
use crate::company;
use crate::i18n::{Lang, T};
use crate::pages::bank::qr;
use crate::state::AppState;
use encours_core::bank::{epc, rf};
use encours_core::dunning::template::{Company, Draft as Text};
use encours_core::dunning::{Channel, Entry};
use leptos::prelude::*;

/// A letter to print: the entry, its final text, its language.
pub type Item = (Entry, Text, Lang);

/// Lays the letters out, then opens the print dialog once they are in the page.
pub fn print(printing: RwSignal<Vec<Item>>, items: Vec<Item>) {
    if items.is_empty() {
        return;
    }
    printing.set(items);
    crate::util::print_soon();
}

#[component]
pub fn Letters(printing: RwSignal<Vec<Item>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Once printed, the letters leave the page: a later Ctrl+P prints the worklist again.
    let listener = window_event_listener(leptos::ev::afterprint, move |_| printing.set(Vec::new()));
    on_cleanup(move || listener.remove());
    view! {
        <div class="letters" data-testid="letters">
            {move || {
                let company = state.settings.with(company::company);
                let logo = state.settings.with(|s| s.get(company::LOGO).cloned());
                let today = state.today.get();
                printing.get().into_iter().map(|(e, text, lang)| {
                    let client = state.portfolio.with_untracked(|l| l.client(e.client).cloned().unwrap_or_default());
                    let t = |k| crate::i18n::t(lang, k);
                    view! {
                        <article class="letter" data-client=client.name.clone()>
                            <header class="letter-head">
                                <div class="sender">
                                    {logo.clone().map(|src| view! { <img class="logo" src=src alt=""/> }.into_any())}
                                    <strong>{company.name.clone()}</strong>
                                    <div class="lines">{company.address.clone()}</div>
                                    <div>{company.identity(lang.core())}</div>
                                    <div>{[company.phone.clone(), company.email.clone()].join("  ")}</div>
                                </div>
                                <div class="recipient">
                                    <strong>{client.name.clone()}</strong>
                                    <div class="lines">{client.address.clone().unwrap_or_default()}</div>
                                </div>
                            </header>
                            <p class="place-date">{place_date(lang, &company.city, today)}</p>
                            {(e.level.channel == Channel::RegisteredLetter).then(|| view! { <p class="registered"><strong>{t(T::registered_letter)}</strong></p> }.into_any())}
                            <p class="subject"><strong>{t(T::subject)}{crate::format::colon(lang)}</strong>{text.subject.clone()}</p>
                            <div class="letter-body">{text.body.clone()}</div>
                            {payment(lang, &company, &e)}
                        </article>
                    }.into_any()
                }).collect_view()
            }}
        </div>
    }
    .into_any()
}

/// How to pay, under the text: our IBAN (and BIC), the RF reference of the invoice (of each
/// one when several are listed) and the EPC QR code for their amount due (what the statement
/// of account prints). Nothing without a valid IBAN in the profile.
fn payment(lang: Lang, co: &Company, e: &Entry) -> Option<AnyView> {
    if !epc::iban_is_valid(&co.iban) {
        return None;
    }
    let one = e.invoices.len() == 1;
    let refs: Vec<String> = e
        .invoices
        .iter()
        .filter_map(|i| {
            let r = rf::creditor_reference(&i.number)?;
            Some(if one { r } else { format!("{} {r}", i.number) })
        })
        .collect();
    let label = if one {
        T::transfer_reference
    } else {
        T::transfer_references
    };
    let refs = (!refs.is_empty()).then(|| {
        let (label, colon) = (crate::i18n::t(lang, label), crate::format::colon(lang));
        format!("{label}{colon}{}", refs.join(", "))
    });
    let numbers: Vec<&str> = e.invoices.iter().map(|i| i.number.as_str()).collect();
    Some(
        view! {
            <section class="letter-pay" data-testid="letter-pay">
                <div>
                    <p class="pay-to">{qr::pay_to(lang, co)}</p>
                    <p data-testid="letter-references">{refs}</p>
                </div>
                {qr::statement_qr(co, e.total, &numbers)}
            </section>
        }
        .into_any(),
    )
}
