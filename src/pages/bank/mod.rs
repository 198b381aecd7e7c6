//! Rapprochement: a bank statement's receipts matched to the open invoices. The proposals the
//! core calls `auto` are listed for a look and applied in one click; the others wait in a
//! review queue (accept a proposal, choose other invoices, split the receipt, or set it aside
//! as not a customer payment); receipts nothing fits are listed apart. Every application is one
//! `ApplyBankMatches` command: one batch, undone by the Undo button (`UndoImport`).
//!
//! The page keeps only the file, its transactions and their proposals, and the user's choices.
//! The statement is read and matched by the engine's worker (the page's wasm holds neither the
//! statement parsers nor the matcher), the file sent again whenever the book changes, so a receipt applied
//! (or an undo) moves between the lists by itself. What the bank wrote is shown as text,
//! never as markup.

pub mod qr;
mod review;

use crate::dispatch::{dispatch, CommandReply};
use crate::format;
use crate::i18n::{plural, tr, Lang, T};
use crate::state::AppState;
use encours_core::bank::matching::{Evidence, Proposal};
use encours_core::bank::{decode_answer, Answer, BankError, Direction, Transaction};
use encours_core::ledger::{Allocation, BatchId};
use encours_core::portfolio::bank::{applied_among, BankDecision, BankItem};
use encours_core::portfolio::command::Command;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

thread_local! {
    /// A statement the import page received, handed over to this page.
    static HANDED: RefCell<Option<(String, Arc<Vec<u8>>)>> = const { RefCell::new(None) };
    /// The statement and the batches this page applied, kept while the user looks at another
    /// page (the aged balance) and comes back.
    static KEPT: RefCell<(Option<Loaded>, Vec<Applied>)> = const { RefCell::new((None, Vec::new())) };
}

/// Gives a statement dropped on the import page to this page (which opens next).
pub fn hand_over(name: String, bytes: Arc<Vec<u8>>) {
    HANDED.with(|h| *h.borrow_mut() = Some((name, bytes)));
}

/// A statement read, with the proposals for each of its transactions (aligned), and its file
/// (sent again to the engine when the book changes).
#[derive(Clone)]
struct Loaded {
    name: String,
    bytes: Arc<Vec<u8>>,
    transactions: Vec<Transaction>,
    errors: Vec<BankError>,
    proposals: Vec<Vec<Proposal>>,
}

/// The statement in `bytes` read and matched by the engine on `today`; `None` when the
/// engine could not answer.
async fn statement(today: chrono::NaiveDate, bytes: &[u8]) -> Option<Answer> {
    let req = format!(r#"{{"type":"statement","today":"{today}"}}"#);
    let answer = crate::engine::call(req, Some(bytes)).await?;
    decode_answer(&answer.bytes)
}

/// A receipt still to decide, with the core's proposals against today's book.
#[derive(Clone, PartialEq)]
pub(super) struct Row {
    pub t: Transaction,
    pub proposals: Vec<Proposal>,
}

#[derive(Clone, PartialEq, Default)]
struct Lists {
    auto: Vec<Row>,
    review: Vec<Row>,
    unmatched: Vec<Row>,
    applied: usize,
    debits: usize,
}

/// What the user chose for a receipt of the queue.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Choice {
    Pay(Vec<Allocation>),
    NotCustomer,
}

/// The last batch this page applied: its id, how many payments, for how much.
#[derive(Clone, Copy, PartialEq)]
struct Applied {
    batch: BatchId,
    payments: usize,
    amount: rust_decimal::Decimal,
}

pub(super) fn evidence(lang: Lang, e: Evidence) -> &'static str {
    let fr = lang == Lang::Fr;
    match e {
        Evidence::Reference => {
            if fr {
                "référence RF"
            } else {
                "RF reference"
            }
        }
        Evidence::InvoiceNumber => {
            if fr {
                "n° de facture"
            } else {
                "invoice number"
            }
        }
        Evidence::Amount => {
            if fr {
                "montant exact"
            } else {
                "exact amount"
            }
        }
        Evidence::PayerIban => {
            if fr {
                "IBAN connu"
            } else {
                "known IBAN"
            }
        }
        Evidence::PayerName => {
            if fr {
                "nom du payeur"
            } else {
                "payer's name"
            }
        }
        Evidence::Partial => {
            if fr {
                "paiement partiel"
            } else {
                "partial payment"
            }
        }
    }
}

fn allocations(p: &Proposal) -> Vec<Allocation> {
    p.invoices
        .iter()
        .zip(&p.amounts)
        .map(|(&invoice, &amount)| Allocation { invoice, amount })
        .collect()
}

/// The cards of a list, or a word saying it is empty.
fn cards(rows: &[Row], choices: RwSignal<BTreeMap<String, Choice>>) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="hint">{tr(T::bank_none)}</p> }.into_any();
    }
    rows.iter()
        .map(|r| view! { <review::Card row=r.clone() choices=choices/> })
        .collect_view()
        .into_any()
}

#[component]
pub fn Bank() -> impl IntoView {
    super::title(T::nav_bank);
    let state = expect_context::<AppState>();
    let (kept, stack) = KEPT.with(|k| k.borrow().clone());
    let loaded = RwSignal::new(kept);
    let file_error = RwSignal::new(None::<String>);
    let choices = RwSignal::new(BTreeMap::<String, Choice>::new());
    // The batches applied here, latest last: Undo takes back the latest while it is the book's.
    let applied = RwSignal::new(stack);
    Effect::new(move |_| {
        let k = (loaded.get(), applied.get());
        KEPT.with(|x| *x.borrow_mut() = k);
    });
    let last = Memo::new(move |_| {
        let latest = state
            .portfolio
            .with(|p| p.ledger().batches.last().map(|b| b.id));
        applied.with(|a| a.last().copied().filter(|a| Some(a.batch) == latest))
    });
    let busy = RwSignal::new(false);

    // Each answer of the engine in the order asked: an older one arriving late is dropped.
    let asked = StoredValue::new(0u32);
    let read = move |name: String, bytes: Arc<Vec<u8>>| {
        let n = asked.get_value() + 1;
        asked.set_value(n);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = statement(state.today.get_untracked(), &bytes).await;
            busy.set(false);
            if asked.get_value() != n {
                return;
            }
            let lang = state.lang.get_untracked();
            let why = match answer {
                Some(Ok((s, proposals))) => {
                    file_error.set(None);
                    choices.set(BTreeMap::new());
                    loaded.set(Some(Loaded {
                        name,
                        bytes,
                        transactions: s.transactions,
                        errors: s.errors,
                        proposals,
                    }));
                    return;
                }
                Some(Err(e)) => crate::messages::bank_file_error(lang, &e),
                None => state.t(T::bank_engine_failed).to_string(),
            };
            loaded.set(None);
            file_error.set(Some(format!("{name}{}{why}", format::colon(lang))));
        });
    };
    // The book changed (a receipt applied, an undo, another tab, sync) or the day, or the page
    // opens again on the statement it kept: matched again by the engine.
    Effect::new(move |_| {
        state.portfolio.track();
        let today = state.today.get();
        let file = loaded.with_untracked(|l| l.as_ref().map(|l| Arc::clone(&l.bytes)));
        let Some(bytes) = file else {
            return;
        };
        let n = asked.get_value() + 1;
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            if let Some(Ok((_, proposals))) = statement(today, &bytes).await {
                if asked.get_value() == n {
                    loaded.update(|l| {
                        if let Some(l) = l.as_mut() {
                            l.proposals = proposals;
                        }
                    });
                }
            }
        });
    });
    if let Some((name, bytes)) = HANDED.with(|h| h.borrow_mut().take()) {
        read(name, bytes);
    }
    let take_file = move |file: web_sys::File| {
        leptos::task::spawn_local(async move {
            let name = file.name();
            match crate::util::read_file(&file).await {
                Ok(bytes) => read(name, Arc::new(bytes)),
                Err(e) => file_error.set(Some(e)),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            take_file(f);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            take_file(f);
        }
    };

    // The lists, recomputed from the book: what is applied leaves them, an undo brings it back.
    let lists = Memo::new(move |_| {
        loaded.with(|l| {
            let Some(l) = l else { return Lists::default() };
            state.portfolio.with(|p| {
                let applied = applied_among(p, l.transactions.iter().map(|t| t.id.as_str()));
                let debits = l
                    .transactions
                    .iter()
                    .filter(|t| t.direction == Direction::Debit)
                    .count();
                let mut out = Lists {
                    applied: applied.len(),
                    debits,
                    ..Lists::default()
                };
                let fresh = (l.transactions.iter().zip(&l.proposals))
                    .filter(|(t, _)| t.direction == Direction::Credit && !applied.contains(&t.id));
                for (t, proposals) in fresh {
                    let row = Row {
                        t: t.clone(),
                        proposals: proposals.clone(),
                    };
                    match row.proposals.first() {
                        Some(p) if p.auto => out.auto.push(row),
                        Some(_) => out.review.push(row),
                        None => out.unmatched.push(row),
                    }
                }
                out
            })
        })
    });

    let apply = move |items: Vec<BankItem>| {
        if items.is_empty() {
            return;
        }
        let label =
            loaded.with_untracked(|l| l.as_ref().map(|l| l.name.clone()).unwrap_or_default());
        let amount = items
            .iter()
            .filter(|i| matches!(i.decision, BankDecision::Pay(_)))
            .map(|i| i.transaction.amount)
            .sum();
        let ids: Vec<String> = items.iter().map(|i| i.transaction.id.clone()).collect();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match dispatch(state, Command::ApplyBankMatches { label, items }).await {
                Ok(CommandReply::BankMatched { batch, payments }) => {
                    choices.update(|c| ids.iter().for_each(|id| drop(c.remove(id))));
                    applied.update(|a| {
                        a.push(Applied {
                            batch,
                            payments: payments.len(),
                            amount,
                        })
                    });
                }
                Ok(_) => {}
                Err(e) => state.error(e.text(state.lang.get_untracked())),
            }
            busy.set(false);
        });
    };
    let apply_auto = move |_| {
        let items = lists.with_untracked(|l| {
            l.auto
                .iter()
                .map(|r| BankItem {
                    transaction: r.t.clone(),
                    decision: BankDecision::Pay(allocations(&r.proposals[0])),
                })
                .collect()
        });
        apply(items);
    };
    let apply_choices = move |_| {
        let items = lists.with_untracked(|l| {
            choices.with_untracked(|c| {
                l.review
                    .iter()
                    .chain(&l.unmatched)
                    .chain(&l.auto)
                    .filter_map(|r| {
                        let decision = match c.get(&r.t.id)? {
                            Choice::Pay(a) => BankDecision::Pay(a.clone()),
                            Choice::NotCustomer => BankDecision::NotCustomerPayment,
                        };
                        Some(BankItem {
                            transaction: r.t.clone(),
                            decision,
                        })
                    })
                    .collect()
            })
        });
        apply(items);
    };
    let undo = move |_| {
        // Only a batch this page made, and only while it is the book's latest.
        if last.get_untracked().is_none() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match dispatch(state, Command::UndoImport).await {
                Ok(_) => {
                    applied.update(|a| {
                        a.pop();
                    });
                    state.notify(state.t(T::bank_undone));
                }
                Err(e) => state.error(e.text(state.lang.get_untracked())),
            }
            busy.set(false);
        });
    };
    let decided = Memo::new(move |_| choices.with(|c| c.len()));

    view! {
        <section class="bank">
            <h1>{tr(T::bank_title)}</h1>
            <p class="hint">{tr(T::bank_intro)}</p>
            <label class="drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <input type="file" accept=".xml,.ofx,.qfx,.txt,.csv,.cfonb,.120,.dat" data-testid="bank-file" on:change=on_pick/>
                <span>{tr(T::bank_pick)}</span>
                <span class="hint">{tr(T::import_drop)}</span>
            </label>
            {move || file_error.get().map(|e| view! { <p class="banner error" role="alert" data-testid="bank-file-error">{e}</p> })}
            {move || last.get().map(|a| {
                let lang = state.lang.get();
                let cur = state.portfolio.with_untracked(|p| p.ledger().first_currency());
                view! {
                    <div class="panel" role="status" data-testid="bank-applied">
                        <span>{format!("{} {} · {}", format::count(lang, a.payments), state.t(plural(lang, a.payments, T::bank_payment_recorded_one, T::bank_payments_recorded)), format::money(lang, a.amount, cur))}</span>
                        " "
                        <button class="button" data-testid="bank-undo" disabled=move || busy.get() on:click=undo>{tr(T::bank_undo)}</button>
                    </div>
                }
            })}
            {move || loaded.with(|l| l.as_ref().map(|l| {
                let lang = state.lang.get();
                let errors = l.errors.clone();
                view! {
                    <p data-testid="bank-summary">
                        {l.name.clone()}{format::colon(lang)}{format::count(lang, l.transactions.len())}" "{state.t(plural(lang, l.transactions.len(), T::bank_transaction_one, T::bank_transactions))}
                        {move || lists.with(|x| format!(" · {} {} · {} {}",
                            format::count(lang, x.applied), state.t(plural(lang, x.applied, T::bank_already_one, T::bank_already)),
                            format::count(lang, x.debits), state.t(plural(lang, x.debits, T::bank_debit_one, T::bank_debits))))}
                    </p>
                    {(!errors.is_empty()).then(|| view! {
                        <ul class="banner error" data-testid="bank-errors">
                            {errors.into_iter().take(20).map(|e| view! { <li>{crate::messages::bank_file_error(lang, &e)}</li> }).collect_view()}
                        </ul>
                    })}
                }
            }))}
            <Show when=move || loaded.with(Option::is_some)>
                <h2>{tr(T::bank_sure)}</h2>
                {move || {
                    let lang = state.lang.get();
                    lists.with(|x| if x.auto.is_empty() {
                        view! { <p class="hint" data-testid="bank-auto-none">{state.t(T::bank_none_sure)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table data-testid="bank-auto">
                                    <thead><tr><th>{state.t(T::payment_date)}</th><th>{state.t(T::bank_payer)}</th><th class="num">{state.t(T::bank_amount)}</th><th>{state.t(T::bank_invoices)}</th><th>{state.t(T::bank_evidence)}</th></tr></thead>
                                    <tbody>{x.auto.iter().map(|r| review::auto_row(state, lang, r)).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    })
                }}
                <button class="button primary" data-testid="bank-apply-auto"
                    disabled=move || busy.get() || lists.with(|x| x.auto.is_empty())
                    on:click=apply_auto>
                    {move || format!("{} ({})", state.t(T::bank_apply_auto), lists.with(|x| x.auto.len()))}
                </button>
                <h2>{tr(T::bank_review)}</h2>
                <div data-testid="bank-review">
                    {move || lists.with(|x| cards(&x.review, choices))}
                </div>
                <h2>{tr(T::bank_unmatched)}</h2>
                <div data-testid="bank-unmatched">
                    {move || lists.with(|x| cards(&x.unmatched, choices))}
                </div>
                <button class="button primary" data-testid="bank-apply-choices"
                    disabled=move || busy.get() || decided.get() == 0
                    on:click=apply_choices>
                    {move || format!("{} ({})", state.t(T::bank_apply_choices), decided.get())}
                </button>
                <p class="hint">{tr(T::bank_choices_hint)}</p>
            </Show>
        </section>
    }
}
