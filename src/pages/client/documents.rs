//! The client's documents, laid out for A4 printing: the statement of account (relevé de
//! compte), the collection case file, and a payment plan agreement; and, before the case
//! file, what each way of collecting would cost and bring back.

use super::items::{activity_text, reason_text};
use super::{ClientBook, Doc};
use crate::company;
use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use crate::widgets;
use encours_core::case_file::{best_route, case_file, routes, Answer, Claim, RecoveryCosts, Route};
use encours_core::dunning::template::Company;
use encours_core::ledger::Client;
use encours_core::plan::PromiseStatus;
use encours_core::portfolio::command::Command;
use encours_core::Currency;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// The parties: the user's company, then the client.
fn parties(lang: Lang, co: &Company, c: &Client, owner: Option<String>) -> AnyView {
    let t = |k| crate::i18n::t(lang, k);
    view! {
        <div class="parties">
            <div><h3>{t(T::creditor)}</h3><strong>{co.name.clone()}</strong><div class="lines">{co.address.clone()}</div><div>{co.identity(lang.core())}</div>
                <div>{owner.map(|o| format!("{}{}{o}", t(T::owner), format::colon(lang)))}</div></div>
            <div><h3>{t(T::debtor)}</h3><strong>{c.name.clone()}</strong><div class="lines">{c.address.clone().unwrap_or_default()}</div>
                <div>{c.siren.clone().map(|s| format!("SIREN {s}"))}</div><div>{c.email.clone()}</div></div>
        </div>
    }
    .into_any()
}

#[component]
pub fn Printed(doc: Doc) -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let lang = state.lang.get_untracked();
    let today = state.today.get_untracked();
    let co = state.settings.with_untracked(company::company);
    let (client, owner) = book.ledger.with_untracked(|l| {
        (
            l.clients.first().cloned().unwrap_or_default(),
            l.follow_up.owner(book.id).map(str::to_string),
        )
    });
    let cur = super::currency(book);
    let m = move |d: Decimal| format::money(lang, d, cur);
    let t = move |k| crate::i18n::t(lang, k);
    let body = match doc {
        Doc::Statement => statement(lang, book, cur, &co),
        Doc::CaseFile => {
            let table = state.settings.with_untracked(company::rates);
            match book.ledger.with_untracked(|l| case_file(l, book.id, &table, today)) {
                None => view! { <p>{t(T::owes_nothing)}</p> }.into_any(),
                Some(f) => view! {
                    <h2>{t(T::invoices_claimed)}</h2>
                    <table>
                        <thead><tr><th>{t(T::number)}</th><th>{t(T::issue_date)}</th><th>{t(T::due_date)}</th><th class="num">{t(T::amount)}</th><th class="num">{t(T::outstanding)}</th><th class="num">{t(T::penalties)}</th></tr></thead>
                        <tbody>{f.invoices.iter().map(|i| view! {
                            <tr><td>{i.number.clone()}</td><td>{format::date(lang, i.issue_date)}</td><td>{format::date(lang, i.due_date)}</td>
                            <td class="num">{m(i.total)}</td><td class="num">{m(i.outstanding)}</td><td class="num">{m(i.penalty.interest)}</td></tr>
                            {i.penalty.lines.iter().map(|p| view! {
                                <tr class="sub"><td colspan="5">{format!("{} → {} · {} {} · {} · {}", format::date(lang, p.from), format::date(lang, p.to), p.days, t(T::days), format::rate(lang, p.rate), m(p.base))}</td><td class="num">{m(p.amount)}</td></tr>
                            }).collect_view()}
                        }).collect_view()}</tbody>
                    </table>
                    <table class="totals">
                        <tr><th>{t(T::principal)}</th><td class="num">{m(f.principal)}</td></tr>
                        <tr><th>{t(T::penalties)}</th><td class="num">{m(f.interest)}</td></tr>
                        <tr><th>{t(T::indemnity)}</th><td class="num">{m(f.indemnity)}</td></tr>
                        <tr><th>{t(T::total_claimed)}</th><td class="num" data-testid="claimed"><strong>{m(f.claimed())}</strong></td></tr>
                    </table>
                    <h2>{t(T::notice)}</h2>
                    <p>{match &f.notice { Some(n) => format!("{} · {}", format::date(lang, n.date), activity_text(lang, &n.kind)), None => t(T::no_notice).to_string() }}</p>
                    <h2>{t(T::reminders_sent)}</h2>
                    <ol class="history" data-testid="case-history">
                        {f.history.iter().map(|a| view! {
                            <li><strong>{format::date(lang, a.date)}" · "{activity_text(lang, &a.kind)}</strong><pre class="sent">{a.text.clone()}</pre></li>
                        }).collect_view()}
                    </ol>
                    <h2>{t(T::answers)}</h2>
                    <ul>{f.answers.iter().map(|a| view! { <li>{answer_text(lang, a, cur)}</li> }).collect_view()}</ul>
                }.into_any(),
            }
        }
        Doc::Plan(pid) => plan_agreement(lang, book, pid, cur),
    };
    let title = match doc {
        Doc::Statement => T::statement,
        Doc::CaseFile => T::case_file,
        Doc::Plan(_) => T::plan_agreement,
    };
    view! {
        <article class="document" data-testid="document">
            <h1>{t(title)}" · "{client.name.clone()}</h1>
            <p class="place-date">{format!("{} {}", t(T::as_of), format::date(lang, today))}</p>
            {parties(lang, &co, &client, owner)}
            {body}
        </article>
    }
    .into_any()
}

fn answer_text(lang: Lang, a: &Answer, cur: Currency) -> String {
    let t = |k| crate::i18n::t(lang, k);
    match a {
        Answer::Promise {
            made_on,
            date,
            amount,
            status,
        } => format!(
            "{} · {} {} {} · {}",
            format::date(lang, *made_on),
            t(T::promise_of),
            format::money(lang, *amount, cur),
            format::date(lang, *date),
            t(match status {
                PromiseStatus::Kept => T::promise_kept,
                PromiseStatus::Broken => T::promise_broken,
                PromiseStatus::Pending => T::promise_pending,
            })
        ),
        Answer::Dispute(d) => format!(
            "{} · {} ({}) {}",
            format::date(lang, d.opened_on),
            t(T::status_disputed),
            t(reason_text(d.reason)),
            d.notes
        ),
        Answer::NoAnswer(d) => format!("{} · {}", format::date(lang, *d), t(T::out_no_answer)),
    }
}

/// Open items with what was paid, the aged summary, the total; the payments received and the
/// account to pay to.
fn statement(lang: Lang, book: ClientBook, cur: Currency, co: &Company) -> AnyView {
    let t = move |k| crate::i18n::t(lang, k);
    let m = move |d: Decimal| format::money(lang, d, cur);
    let Some(a) = book.aging.get_untracked() else {
        return view! { <p>{t(T::owes_nothing)}</p> }.into_any();
    };
    let totals = book.ledger.with_untracked(|l| {
        a.invoices
            .iter()
            .map(|i| l.invoice(i.invoice).map(|x| x.total).unwrap_or_default())
            .collect::<Vec<_>>()
    });
    let labels = encours_core::aging::Buckets::default().labels();
    let received = book.ledger.with_untracked(|l| {
        let mut p: Vec<_> = l
            .payments
            .iter()
            .map(|p| (p.date, p.amount, p.reference.clone().unwrap_or_default()))
            .collect();
        encours_core::small::sort_by(&mut p, |a, b| a.0.cmp(&b.0));
        p
    });
    let pay_to = crate::pages::bank::qr::pay_to(lang, co);
    let numbers: Vec<&str> = a.invoices.iter().map(|i| i.number.as_str()).collect();
    let qr = crate::pages::bank::qr::statement_qr(co, a.total, &numbers);
    view! {
        <table data-testid="statement-items">
            <thead><tr><th>{t(T::number)}</th><th>{t(T::issue_date)}</th><th>{t(T::due_date)}</th><th class="num">{t(T::amount)}</th><th class="num">{t(T::paid)}</th><th class="num">{t(T::outstanding)}</th><th class="num">{t(T::days_late)}</th></tr></thead>
            <tbody>{a.invoices.iter().zip(totals).map(|(i, total)| view! {
                <tr><td>{i.number.clone()}</td><td>{format::date(lang, i.issue_date)}</td><td>{format::date(lang, i.due_date)}</td>
                <td class="num">{m(total)}</td><td class="num">{m(total - i.outstanding)}</td><td class="num">{m(i.outstanding)}</td><td class="num">{i.days_late.max(0)}</td></tr>
            }).collect_view()}</tbody>
        </table>
        <table class="totals">
            {labels.into_iter().zip(a.buckets.iter()).enumerate().map(|(k, (l, b))| view! {
                <tr><th>{if k == 0 { t(T::not_due).to_string() } else { l }}</th><td class="num">{m(*b)}</td></tr>
            }).collect_view()}
            {(!a.disputed.is_zero()).then(|| view! { <tr><th>{t(T::kpi_disputed)}</th><td class="num">{m(a.disputed)}</td></tr> })}
            {(!a.unallocated_credits.is_zero()).then(|| view! { <tr><th>{t(T::credits)}</th><td class="num">{m(-a.unallocated_credits)}</td></tr> })}
            <tr><th>{t(T::total_due)}</th><td class="num"><strong>{m(a.total)}</strong></td></tr>
        </table>
        {pay_to.map(|p| view! { <p class="pay-to" data-testid="statement-iban">{p}</p> })}
        {qr}
        {(!received.is_empty()).then(|| view! {
            <h2>{t(T::payments_received)}</h2>
            <table data-testid="statement-payments">
                <thead><tr><th>{t(T::payment_date)}</th><th>{t(T::reference)}</th><th class="num">{t(T::amount)}</th></tr></thead>
                <tbody>{received.into_iter().map(|(d, a, r)| view! {
                    <tr><td>{format::date(lang, d)}</td><td>{r}</td><td class="num">{m(a)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        })}
    }
    .into_any()
}

fn plan_agreement(lang: Lang, book: ClientBook, pid: u32, cur: Currency) -> AnyView {
    let t = move |k| crate::i18n::t(lang, k);
    let m = move |d: Decimal| format::money(lang, d, cur);
    book.ledger.with_untracked(|l| {
        let Some(p) = l.follow_up.plans.iter().find(|p| p.id == pid) else {
            return ().into_any();
        };
        let numbers: Vec<String> = p.invoices.iter().filter_map(|i| l.invoice(*i)).map(|i| i.number.clone()).collect();
        let total: Decimal = p.installments.iter().map(|i| i.amount).sum();
        view! {
            <p>{format!("{} {}{}{}. {} {}.", t(T::plan_covers), format::date(lang, p.agreed_on), format::colon(lang), numbers.join(", "), t(T::total_due), m(total))}</p>
            <table>
                <thead><tr><th>"#"</th><th>{t(T::due_date)}</th><th class="num">{t(T::amount)}</th></tr></thead>
                <tbody>{p.installments.iter().enumerate().map(|(k, i)| view! {
                    <tr><td>{k + 1}</td><td>{format::date(lang, i.due)}</td><td class="num">{m(i.amount)}</td></tr>
                }).collect_view()}</tbody>
            </table>
            <p>{t(T::plan_clause)}</p>
            <div class="parties signatures"><div>{t(T::creditor)}</div><div>{t(T::debtor)}</div></div>
        }
        .into_any()
    })
}

fn route_text(r: Route) -> T {
    match r {
        Route::KeepReminding => T::route_remind,
        Route::Mediation => T::route_mediation,
        Route::Agency => T::route_agency,
        Route::Injonction => T::route_injonction,
        Route::SmallClaims => T::route_small_claims,
        Route::Refere => T::route_refere,
    }
}

/// The court and form of a route, and the small claims' condition.
fn route_note(lang: crate::i18n::Lang, o: &encours_core::case_file::RouteOutcome) -> String {
    use encours_core::case_file::Court;
    let t = |k| crate::i18n::t(lang, k);
    let mut parts = Vec::new();
    if let Some(c) = o.court {
        parts.push(
            t(match c {
                Court::Commercial => T::court_commercial,
                Court::Judicial => T::court_judicial,
            })
            .to_string(),
        );
    }
    if let Some(f) = o.form {
        parts.push(format!("Cerfa {f}"));
    }
    if o.needs_agreement {
        parts.push(t(T::needs_agreement).to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        parts.join(" · ")
    }
}

/// What each way of collecting would cost and bring back for this client, with the user's
/// cost assumptions editable in place.
#[component]
pub fn Routes() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let save = move |apply: fn(&mut RecoveryCosts, Decimal), v: String| {
        let Some(d) = format::parse_amount(&v) else {
            return state.error(state.t(T::bad_amount));
        };
        let mut costs = state
            .portfolio
            .with_untracked(|l| l.follow_up.recovery_costs.clone());
        apply(&mut costs, d);
        dispatch_and_tell(state, Command::SetRecoveryCosts(costs));
    };
    move || {
        let lang = state.lang.get();
        let t = move |k| crate::i18n::t(lang, k);
        let Some(a) = book.aging.get() else {
            return ().into_any();
        };
        let overdue = a.overdue();
        if overdue <= Decimal::ZERO {
            return ().into_any();
        }
        let cur = super::currency(book);
        let grade = book
            .score
            .with(|s| s.as_ref().map(|s| s.grade))
            .unwrap_or(encours_core::scoring::Grade::C);
        let costs = book.ledger.with(|l| l.follow_up.recovery_costs.clone());
        // Principal and interest to date (the small-claims ceiling counts both, R125-1 CPCE).
        let today = state.today.get();
        let rates = state.settings.with(crate::company::rates);
        let claim = book.ledger.with(|l| {
            let client = l.client(book.id);
            let business =
                client.is_none_or(|c| c.kind == encours_core::ledger::CustomerKind::Business);
            let interest =
                case_file(l, book.id, &rates, today).map_or(Decimal::ZERO, |f| f.interest);
            Claim {
                principal: overdue,
                interest,
                business,
            }
        });
        let outcomes = routes(&claim, grade, &costs);
        let best = best_route(&outcomes);
        let field =
            move |k: T, name: &'static str, v: Decimal, apply: fn(&mut RecoveryCosts, Decimal)| {
                widgets::field(
                    tr(k),
                    name,
                    format::amount_input(lang, v),
                    0,
                    Box::new(move |s| save(apply, s)),
                )
            };
        view! {
            <details class="panel routes" data-testid="routes">
                <summary><h2>{t(T::collection_options)}</h2></summary>
                <p>{format!("{} {} · {} {grade:?}", t(T::kpi_overdue), format::money(lang, overdue, cur), t(T::grade))}</p>
                <table>
                    <thead><tr><th><span class="visually-hidden">{t(T::route_col)}</span></th><th class="num">{t(T::cost)}</th><th class="num">{t(T::chance)}</th><th class="num">{t(T::expected_net)}</th></tr></thead>
                    <tbody>{outcomes.into_iter().map(|o| view! {
                        <tr class:best=Some(o.route) == best class:muted=!o.available>
                            <td>{t(route_text(o.route))}{(!o.available).then(|| format!(" ({})", t(T::not_available)))}<small class="muted route-note">{route_note(lang, &o)}</small></td>
                            <td class="num">{format::money(lang, o.cost, cur)}</td><td class="num">{o.chance}" %"</td>
                            <td class="num">{format::money(lang, o.expected_net, cur)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <p class="muted">{t(T::routes_help)}</p>
                <div class="form-grid">
                    {field(T::cost_mediation, "mediation", costs.mediation, |c, d| c.mediation = d)}
                    {field(T::cost_agency, "agency", costs.agency_percent, |c, d| c.agency_percent = d)}
                    {field(T::cost_injonction, "injonction", costs.injonction, |c, d| c.injonction = d)}
                    {field(T::cost_small_claims, "small-claims", costs.small_claims, |c, d| c.small_claims = d)}
                    {field(T::small_claims_ceiling, "small-claims-ceiling", costs.small_claims_ceiling, |c, d| c.small_claims_ceiling = d)}
                    {field(T::cost_refere, "refere", costs.refere, |c, d| c.refere = d)}
                </div>
            </details>
        }
        .into_any()
    }
}
