//! A receipt of the review queue: what the bank says (as text), the proposals with their
//! evidence, and the user's choice — a proposal, other invoices and amounts (a split), or
//! "not a customer payment".

use super::{allocations, evidence, Choice, Row};
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use encours_core::bank::matching::Proposal;
use encours_core::bank::Transaction;
use encours_core::ledger::{Allocation, DocKind};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// "F2025-031 1 440,00 €, F2025-032 200,00 €".
fn invoices_text(state: AppState, lang: Lang, p: &Proposal, t: &Transaction) -> String {
    state.portfolio.with_untracked(|book| {
        p.invoices
            .iter()
            .zip(&p.amounts)
            .map(|(i, a)| {
                let n = book
                    .ledger()
                    .invoice(*i)
                    .map(|x| x.number.clone())
                    .unwrap_or_default();
                format!("{n} {}", format::money(lang, *a, t.currency))
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn evidence_text(lang: Lang, p: &Proposal) -> String {
    p.evidence
        .iter()
        .map(|e| evidence(lang, *e))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn payer(t: &Transaction) -> String {
    t.counterparty.clone().unwrap_or_default()
}

/// A row of the sure matches' table.
pub(super) fn auto_row(state: AppState, lang: Lang, r: &Row) -> impl IntoView {
    let p = &r.proposals[0];
    view! {
        <tr>
            <td>{format::date(lang, r.t.date)}</td>
            <td>{payer(&r.t)}</td>
            <td class="num">{format::money(lang, r.t.amount, r.t.currency)}</td>
            <td>{invoices_text(state, lang, p, &r.t)}</td>
            <td>{evidence_text(lang, p)}</td>
        </tr>
    }
}

#[component]
pub(super) fn Card(row: Row, choices: RwSignal<BTreeMap<String, Choice>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang.get_untracked();
    let t = row.t.clone();
    let id = t.id.clone();
    // The editor's lines (invoice number, amount as typed), from the best proposal if any.
    let first: Vec<(String, String)> = match row.proposals.first() {
        Some(p) => state.portfolio.with_untracked(|book| {
            p.invoices
                .iter()
                .zip(&p.amounts)
                .map(|(i, a)| {
                    let n = book
                        .ledger()
                        .invoice(*i)
                        .map(|x| x.number.clone())
                        .unwrap_or_default();
                    (n, format::amount_input(lang, *a))
                })
                .collect()
        }),
        None => vec![(String::new(), format::amount_input(lang, t.amount))],
    };
    let lines = RwSignal::new(first);
    let problem = RwSignal::new(None::<String>);
    let choose = {
        let id = id.clone();
        move |c: Choice| {
            problem.set(None);
            choices.update(|m| drop(m.insert(id.clone(), c)));
        }
    };
    let choose_lines = {
        let choose = choose.clone();
        move |_| {
            let lang = state.lang.get_untracked();
            let read = lines.get_untracked();
            let mut out = Vec::new();
            for (number, amount) in &read {
                let number = number.trim();
                if number.is_empty() {
                    continue;
                }
                let invoice = state.portfolio.with_untracked(|book| {
                    book.ledger()
                        .invoices
                        .iter()
                        .find(|i| {
                            i.kind == DocKind::Invoice && i.number.eq_ignore_ascii_case(number)
                        })
                        .map(|i| i.id)
                });
                let (Some(invoice), Some(amount)) = (invoice, format::parse_amount(amount)) else {
                    problem.set(Some(format!(
                        "{number}{}{}",
                        format::colon(lang),
                        crate::i18n::t(lang, T::bank_bad_line)
                    )));
                    return;
                };
                out.push(Allocation { invoice, amount });
            }
            if out.is_empty() {
                problem.set(Some(crate::i18n::t(lang, T::bank_bad_line).into()));
                return;
            }
            choose(Choice::Pay(out));
        }
    };
    let dismiss = {
        let choose = choose.clone();
        move |_| choose(Choice::NotCustomer)
    };
    let clear = {
        let id = id.clone();
        move |_| choices.update(|m| drop(m.remove(&id)))
    };
    let chosen = {
        let id = id.clone();
        move || choices.with(|m| m.get(&id).cloned())
    };
    let iban = t.iban.clone();
    let refs = t.references.join(" ");
    // Date · amount · payer, without a dangling dot when the bank names no payer.
    let heading = [
        format::date(lang, t.date),
        format::money(lang, t.amount, t.currency),
        payer(&t),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <article class="panel bank-card" data-testid="bank-card" data-bank-id=id.clone()>
            <h3>{heading}</h3>
            <p class="bank-label">{t.label.clone()}</p>
            {(!t.remittance.is_empty() && t.remittance != t.label).then(|| view! { <p class="bank-label">{t.remittance.clone()}</p> })}
            {iban.map(|i| view! { <p>"IBAN "{i}</p> })}
            {(!refs.is_empty()).then(|| view! { <p>{state.t(T::reference)}{format::colon(lang)}{refs.clone()}</p> })}
            <ul class="bank-proposals">
                {row.proposals.iter().take(8).map(|p| {
                    let a = allocations(p);
                    let choose = choose.clone();
                    let text = invoices_text(state, lang, p, &t);
                    // Each Accept says what it accepts: a screen reader lists them by name.
                    let name = format!("{} {text}", crate::i18n::t(lang, T::bank_accept));
                    view! {
                        <li>
                            <button class="button" data-testid="bank-accept" aria-label=name on:click=move |_| choose(Choice::Pay(a.clone()))>{tr(T::bank_accept)}</button>
                            " "{text}" — "{evidence_text(lang, p)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <fieldset class="bank-split">
                <legend>{tr(T::bank_other)}</legend>
                {move || lines.get().into_iter().enumerate().map(|(k, (n, a))| view! {
                    <div class="bank-line">
                        <label>{tr(T::number)}" "
                            <input type="text" data-testid="bank-line-invoice" prop:value=n
                                on:change=move |ev| { let v = event_target_value(&ev); lines.update(|l| l[k].0 = v); }/>
                        </label>
                        <label>{tr(T::bank_amount)}" "
                            <input type="text" inputmode="decimal" data-testid="bank-line-amount" prop:value=a
                                on:change=move |ev| { let v = event_target_value(&ev); lines.update(|l| l[k].1 = v); }/>
                        </label>
                    </div>
                }).collect_view()}
                <button class="button" data-testid="bank-add-line" on:click=move |_| lines.update(|l| l.push((String::new(), String::new())))>{tr(T::bank_add_line)}</button>
                " "
                <button class="button" data-testid="bank-choose-lines" on:click=choose_lines>{tr(T::bank_choose_lines)}</button>
            </fieldset>
            {move || problem.get().map(|p| view! { <p class="banner error" role="alert">{p}</p> })}
            <div class="actions">
                <button class="button" data-testid="bank-not-customer" on:click=dismiss>{tr(T::bank_not_customer)}</button>
            </div>
            <p role="status" data-testid="bank-choice">{move || chosen().map(|c| {
                let lang = state.lang.get();
                let text = match &c {
                    Choice::NotCustomer => state.t(T::bank_not_customer).to_string(),
                    Choice::Pay(a) => state.portfolio.with_untracked(|book| a.iter().map(|x| {
                        let n = book.ledger().invoice(x.invoice).map(|i| i.number.clone()).unwrap_or_default();
                        format!("{n} {}", format::money(lang, x.amount, t.currency))
                    }).collect::<Vec<_>>().join(", ")),
                };
                view! {
                    <span>{state.t(T::bank_chosen)}{format::colon(lang)}{text}</span>" "
                    <button class="button" on:click=clear.clone()>{tr(T::cancel)}</button>
                }
            })}</p>
        </article>
    }
}
