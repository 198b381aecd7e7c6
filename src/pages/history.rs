//! "Who did what, when": the history of an invoice or of a client, read off the event log and
//! shown on their pages (issue 20's audit trail).

use crate::format;
use crate::history::{history_of_client, history_of_invoice, HistoryRow};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::store_text::StoreErrorText;
use encours_core::dunning::Channel;
use encours_core::ledger::{ClientId, InvoiceId, InvoiceStatus};
use encours_core::portfolio::event::Fact;
use encours_core::Portfolio;
use leptos::prelude::*;

pub(crate) fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Fr {
        fr
    } else {
        en
    }
}

fn status(lang: Lang, s: InvoiceStatus) -> &'static str {
    match s {
        InvoiceStatus::Open => pick(lang, "rouverte", "reopened"),
        InvoiceStatus::Disputed => pick(lang, "mise en litige", "disputed"),
        InvoiceStatus::Litigation => pick(lang, "passée au contentieux", "sent to litigation"),
        InvoiceStatus::WrittenOff => pick(lang, "passée en perte", "written off"),
    }
}

fn channel(lang: Lang, c: Channel) -> &'static str {
    match c {
        Channel::Email => pick(lang, "courriel", "email"),
        Channel::Phone => pick(lang, "appel", "call"),
        Channel::Letter => pick(lang, "courrier", "letter"),
        Channel::RegisteredLetter => pick(lang, "recommandé AR", "registered letter"),
    }
}

/// What an event did, in the user's words (invoice numbers and amounts from the book).
pub fn fact_text(lang: Lang, f: &Fact, p: &Portfolio) -> String {
    let number = |id: InvoiceId| {
        p.ledger()
            .invoice(id)
            .map_or_else(|| format!("#{}", id.counter()), |i| i.number.clone())
    };
    let money = |a| format::money(lang, a, p.ledger().first_currency());
    let numbers = |ids: &[InvoiceId]| {
        ids.iter()
            .map(|&i| number(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fr = lang == Lang::Fr;
    match f {
        Fact::Opened { .. } => pick(
            lang,
            "Reprise des données existantes",
            "Existing data carried over",
        )
        .into(),
        Fact::Replaced { demo: true } => pick(
            lang,
            "Données de démonstration chargées",
            "Demo data loaded",
        )
        .into(),
        Fact::Replaced { demo: false } => {
            pick(lang, "Sauvegarde restaurée", "Backup restored").into()
        }
        Fact::Imported { label, .. } => format!("{} {label}", pick(lang, "Import :", "Import:")),
        Fact::ImportUndone { label, .. } => format!(
            "{} {label}",
            pick(lang, "Import annulé :", "Import undone:")
        ),
        Fact::PaymentRecorded {
            amount,
            date,
            invoices,
            ..
        } => {
            if fr {
                format!(
                    "Règlement de {} reçu le {} ({})",
                    money(*amount),
                    format::date(lang, *date),
                    numbers(invoices)
                )
            } else {
                format!(
                    "Payment of {} received on {} ({})",
                    money(*amount),
                    format::date(lang, *date),
                    numbers(invoices)
                )
            }
        }
        Fact::PaymentCorrected { amount, date, .. } => {
            if fr {
                format!(
                    "Règlement corrigé : {} le {}",
                    money(*amount),
                    format::date(lang, *date)
                )
            } else {
                format!(
                    "Payment corrected: {} on {}",
                    money(*amount),
                    format::date(lang, *date)
                )
            }
        }
        Fact::PaymentCancelled { .. } => pick(lang, "Règlement annulé", "Payment cancelled").into(),
        Fact::PaymentChangeUndone { .. } => pick(
            lang,
            "Modification de règlement défaite",
            "Payment change undone",
        )
        .into(),
        Fact::CreditNoteIssued { note, amount, .. } => {
            if fr {
                format!("Avoir {} de {}", number(*note), money(*amount))
            } else {
                format!("Credit note {} for {}", number(*note), money(*amount))
            }
        }
        Fact::StatusSet {
            invoice, status: s, ..
        } => format!("{} {}", number(*invoice), status(lang, *s)),
        Fact::WrittenOff { invoice, .. } => format!(
            "{} {}",
            number(*invoice),
            status(lang, InvoiceStatus::WrittenOff)
        ),
        Fact::DoubtfulSet {
            invoice, doubtful, ..
        } => match (fr, doubtful) {
            (true, true) => format!("{} classée douteuse", number(*invoice)),
            (true, false) => format!("{} n'est plus douteuse", number(*invoice)),
            (false, true) => format!("{} marked doubtful", number(*invoice)),
            (false, false) => format!("{} no longer doubtful", number(*invoice)),
        },
        Fact::AcknowledgementSet { invoice, date, .. } => match date {
            Some(d) if fr => format!(
                "Reconnaissance de dette du {} ({})",
                format::date(lang, *d),
                number(*invoice)
            ),
            Some(d) => format!(
                "Debt acknowledged on {} ({})",
                format::date(lang, *d),
                number(*invoice)
            ),
            None => pick(
                lang,
                "Reconnaissance de dette retirée",
                "Acknowledgement removed",
            )
            .into(),
        },
        Fact::DisputeOpened { invoice, .. } => format!(
            "{} {}",
            pick(lang, "Litige ouvert :", "Dispute opened:"),
            number(*invoice)
        ),
        Fact::DisputeResolved { invoice, .. } => format!(
            "{} {}",
            pick(lang, "Litige clos :", "Dispute closed:"),
            number(*invoice)
        ),
        Fact::ReminderSent {
            level_name,
            channel: c,
            invoices,
            call,
            ..
        } => format!(
            "{} {level_name} ({}{}) · {}",
            pick(lang, "Relance :", "Reminder:"),
            channel(lang, *c),
            if call.is_some() {
                pick(lang, ", appel noté", ", call noted")
            } else {
                ""
            },
            numbers(invoices)
        ),
        Fact::ReminderUndone { invoices, .. } => format!(
            "{} {}",
            pick(lang, "Relance reprise :", "Reminder taken back:"),
            numbers(invoices)
        ),
        Fact::PromiseMade { amount, date, .. } => {
            if fr {
                format!(
                    "Promesse de payer {} le {}",
                    money(*amount),
                    format::date(lang, *date)
                )
            } else {
                format!(
                    "Promise to pay {} on {}",
                    money(*amount),
                    format::date(lang, *date)
                )
            }
        }
        Fact::PlanAgreed { invoices, .. } => format!(
            "{} {}",
            pick(lang, "Échéancier accordé :", "Payment plan agreed:"),
            numbers(invoices)
        ),
        Fact::PlanCancelled { .. } => {
            pick(lang, "Échéancier annulé", "Payment plan cancelled").into()
        }
        Fact::ClientEdited { field, .. } => format!(
            "{} {field}",
            pick(lang, "Fiche client modifiée :", "Client card edited:")
        ),
        Fact::SettingsChanged { what } => {
            format!("{} {what}", pick(lang, "Réglages :", "Settings:"))
        }
        Fact::ReviewResolved { keep, invoices, .. } => format!(
            "{} {}",
            match keep {
                encours_core::portfolio::review::Keep::Both => pick(
                    lang,
                    "Règlement saisi sur deux appareils : les deux gardés,",
                    "Payment entered on two devices: both kept,"
                ),
                _ => pick(
                    lang,
                    "Règlement saisi sur deux appareils : un seul gardé,",
                    "Payment entered on two devices: one kept,"
                ),
            },
            numbers(invoices)
        ),
        Fact::ReviewSettled {
            keep,
            invoices,
            sides,
            ..
        } => {
            use encours_core::portfolio::review::{Keep, Side};
            let what = match (sides[0], keep) {
                (Side::Reminder(_), Keep::Both) => pick(
                    lang,
                    "Relance marquée envoyée sur deux appareils : les deux gardées,",
                    "Reminder marked sent on two devices: both kept,",
                ),
                (Side::Reminder(_), _) => pick(
                    lang,
                    "Relance marquée envoyée sur deux appareils : une seule gardée,",
                    "Reminder marked sent on two devices: one kept,",
                ),
                (Side::Invoice(_), Keep::Both) => pick(
                    lang,
                    "Même numéro créé sur deux appareils : les deux factures gardées,",
                    "One number made on two devices: both invoices kept,",
                ),
                (Side::Invoice(_), _) => pick(
                    lang,
                    "Même numéro créé sur deux appareils : une seule facture gardée,",
                    "One number made on two devices: one invoice kept,",
                ),
                (_, Keep::First) => pick(
                    lang,
                    "Règlement sur une facture passée en perte : la perte gardée, le règlement annulé,",
                    "Payment on a written-off invoice: the write-off kept, the payment cancelled,",
                ),
                (_, Keep::Second) => pick(
                    lang,
                    "Règlement sur une facture passée en perte : le règlement gardé, la facture rouverte,",
                    "Payment on a written-off invoice: the payment kept, the invoice reopened,",
                ),
                (_, Keep::Both) => pick(
                    lang,
                    "Règlement sur une facture passée en perte : les deux gardés,",
                    "Payment on a written-off invoice: both kept,",
                ),
            };
            format!("{what} {}", numbers(invoices))
        }
        #[allow(unreachable_patterns)]
        other => other.code().replace('_', " "),
    }
}

/// The history of an invoice (`invoice`) or of a client (`client`), newest first.
#[component]
pub fn History(
    #[prop(optional)] invoice: Option<InvoiceId>,
    #[prop(optional)] client: Option<ClientId>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = LocalResource::new(move || {
        state.revision.track();
        state.lang.track();
        async move {
            match (invoice, client) {
                (Some(i), _) => history_of_invoice(state, i).await,
                (None, Some(c)) => history_of_client(state, c).await,
                (None, None) => Ok(Vec::new()),
            }
        }
    });
    move || {
        let lang = state.lang.get();
        let list: Vec<HistoryRow> = match rows.get() {
            Some(Ok(r)) => r,
            Some(Err(e)) => return view! { <p class="error">{e.shown()}</p> }.into_any(),
            None => return ().into_any(),
        };
        let title = pick(lang, "Historique", "History");
        let body = state.portfolio.with(|p| {
            list.iter()
                .rev()
                .map(|r| {
                    let who = if r.author.is_empty() {
                        "—".to_string()
                    } else {
                        r.author.clone()
                    };
                    let text = fact_text(lang, &r.fact, p);
                    view! {
                        <tr>
                            <td>{r.when.clone()}</td>
                            <td class="author">{who}</td>
                            <td>{r.device.clone()}</td>
                            <td class="fact">{text}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <details class="panel history" data-testid="history">
                <summary><h2>{title}</h2></summary>
                <table>
                    <thead><tr>
                        <th>{pick(lang, "Quand", "When")}</th>
                        <th>{pick(lang, "Qui", "Who")}</th>
                        <th>{pick(lang, "Appareil", "Device")}</th>
                        <th>{pick(lang, "Quoi", "What")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </details>
        }
        .into_any()
    }
}
