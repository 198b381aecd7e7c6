//! The dashboard's "to review" list: what two devices did apart that may be one thing done
//! twice (`encours_core::portfolio::review`), each item with both sides and who made them,
//! resolved by a command that reaches the other devices like any event.

use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::history::{to_review, ReviewRow};
use crate::i18n::Lang;
use crate::pages::history::pick;
use crate::state::AppState;
use encours_core::portfolio::command::Command;
use encours_core::portfolio::review::{Keep, ReviewKind, Side};
use leptos::prelude::*;

#[component]
pub fn ToReview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = LocalResource::new(move || {
        state.revision.track();
        state.lang.track();
        async move { to_review(state).await.unwrap_or_default() }
    });
    move || {
        let list = rows.get().unwrap_or_default();
        if list.is_empty() {
            return ().into_any();
        }
        let lang = state.lang.get();
        view! {
            <div class="panel review" data-testid="to-review">
                <h2>{pick(lang, "À revoir", "To review")}</h2>
                <p class="note">{pick(lang,
                    "Deux appareils ont enregistré, chacun de son côté, ce qui fait peut-être double emploi. Rien n'a été fusionné : gardez l'un des deux, ou les deux s'ils sont distincts.",
                    "Two devices, each on its own, recorded what may be one thing too many. Nothing was merged: keep one of them, or both if they are distinct.")}</p>
                <ul>{list.into_iter().map(|r| item(state, lang, r)).collect_view()}</ul>
            </div>
        }
        .into_any()
    }
}

fn item(state: AppState, lang: Lang, r: ReviewRow) -> impl IntoView {
    let i = r.item.clone();
    let (client, numbers, currency) = state.portfolio.with_untracked(|p| {
        let mut numbers: Vec<String> = (i.invoices.iter())
            .filter_map(|id| p.invoice(*id).map(|x| x.number.clone()))
            .collect();
        numbers.dedup();
        let currency = (i.invoices.first())
            .and_then(|id| p.invoice(*id))
            .map(|x| x.currency)
            .unwrap_or_default();
        (
            p.client_name(i.client).to_string(),
            numbers.join(", "),
            currency,
        )
    });
    let amount = format::money(lang, i.amount, currency);
    let (title, amount) = match i.kind {
        ReviewKind::SamePayment => (
            pick(
                lang,
                "Même règlement saisi sur deux appareils",
                "The same payment entered on two devices",
            ),
            amount,
        ),
        ReviewKind::SameBankLine => (
            pick(
                lang,
                "Même opération bancaire rapprochée sur deux appareils",
                "The same bank transaction matched on two devices",
            ),
            amount,
        ),
        ReviewKind::BeyondAmount => (
            pick(
                lang,
                "Deux règlements au-delà du montant de la facture",
                "Two payments beyond the invoice's amount",
            ),
            format!("{} {amount}", pick(lang, "au-delà :", "beyond:")),
        ),
        ReviewKind::SameNumber => (
            pick(
                lang,
                "Même numéro de facture créé sur deux appareils",
                "One invoice number made on two devices",
            ),
            amount,
        ),
        ReviewKind::WriteOffAndPayment => (
            pick(
                lang,
                "Règlement sur une facture passée en perte sur un autre appareil",
                "A payment for an invoice written off on another device",
            ),
            amount,
        ),
        ReviewKind::SameReminder => (
            pick(
                lang,
                "Même relance marquée envoyée sur deux appareils",
                "The same reminder marked sent on two devices",
            ),
            String::new(),
        ),
        #[allow(unreachable_patterns)]
        _ => (pick(lang, "À revoir", "To review"), amount),
    };
    let day = format::date(lang, i.date);
    let what = ([
        client.as_str(),
        numbers.as_str(),
        amount.as_str(),
        day.as_str(),
    ]
    .iter())
    .filter(|x| !x.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" · ");
    let sides = i.sides;
    let resolve = move |keep| {
        dispatch_and_tell(state, Command::ResolveReview { sides, keep });
    };
    let kind = i.kind;
    let side = move |k: usize| {
        let who = match &r.sides[k] {
            Some(h) if h.author.is_empty() => format!("{} · {}", h.device, h.when),
            Some(h) => format!("{} · {} · {}", h.author, h.device, h.when),
            None => "—".to_string(),
        };
        let keep = if k == 0 { Keep::First } else { Keep::Second };
        let (what, label) = side_text(state, lang, kind, sides[k]);
        view! {
            <li class="side" data-testid=format!("review-side-{k}")>
                {what.map(|w| view! { <span class="what">{w}</span>" · " })}
                <span class="who">{who}</span>" "
                <button class="button" type="button" data-testid=format!("review-keep-{k}")
                    on:click=move |_| resolve(keep)>{label}</button>
            </li>
        }
    };
    let both = match kind {
        ReviewKind::WriteOffAndPayment => pick(
            lang,
            "Garder les deux (recouvrement après la perte)",
            "Keep both (recovered after the write-off)",
        ),
        _ => pick(lang, "Garder les deux", "Keep both"),
    };
    view! {
        <li class="review-item" data-testid="review-item">
            <strong data-testid="review-kind">{title}</strong>
            <p class="what">{what}</p>
            <ul class="sides">{side(0)}{side(1)}</ul>
            <button class="button" type="button" data-testid="review-keep-both"
                on:click=move |_| resolve(Keep::Both)>{both}</button>
        </li>
    }
}

/// What a side is, when the item's line does not say it (each twin invoice's amount and due
/// date; which of the write-off and the payment), and its button's words.
fn side_text(
    state: AppState,
    lang: Lang,
    kind: ReviewKind,
    side: Side,
) -> (Option<String>, &'static str) {
    match (kind, side) {
        (ReviewKind::SameNumber, Side::Invoice(id)) => {
            let what = state.portfolio.with_untracked(|p| {
                p.invoice(id).map(|x| {
                    format!(
                        "{} · {} {}",
                        format::money(lang, x.total, x.currency),
                        pick(lang, "échéance", "due"),
                        format::date(lang, x.due_date)
                    )
                })
            });
            (what, pick(lang, "Garder celle-ci", "Keep this one"))
        }
        (_, Side::WriteOff(_)) => (
            Some(pick(lang, "Passage en perte", "Write-off").to_string()),
            pick(
                lang,
                "Garder la perte (annule le règlement)",
                "Keep the write-off (cancels the payment)",
            ),
        ),
        (ReviewKind::WriteOffAndPayment, Side::Payment(_)) => (
            Some(pick(lang, "Règlement", "Payment").to_string()),
            pick(
                lang,
                "Garder le règlement (rouvre la facture)",
                "Keep the payment (reopens the invoice)",
            ),
        ),
        (_, Side::Reminder(f)) => {
            let what = state.portfolio.with_untracked(|p| {
                encours_core::portfolio::review::reminder_entry(p, f).map(|a| {
                    let level = match &a.kind {
                        encours_core::collection::ActivityKind::Reminder { level_name, .. } => {
                            level_name.clone()
                        }
                        _ => String::new(),
                    };
                    format!("{level} · {}", format::date(lang, a.date))
                })
            });
            (what, pick(lang, "Garder celle-ci", "Keep this one"))
        }
        _ => (None, pick(lang, "Garder celui-ci", "Keep this one")),
    }
}
