//! Reminders: today's worklist (one entry per client), each entry's draft, the letters to
//! print, and the scenarios. The decisions are the core's (`encours_core::dunning`); this page
//! shows them and records what the user did.

mod draft;
mod letter;
mod scenarios;

use crate::company;
use crate::dispatch::{dispatch, DispatchError};
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use encours_core::collection::{ActivityKind, CallOutcome, FollowUp};
use encours_core::dunning::{worklist_owing, Channel, Reason, Tone, Worklist};
use encours_core::ledger::ClientId;
use encours_core::penalty::Warning;
use encours_core::portfolio::command::{Command, CommandError};
use leptos::prelude::*;
use std::sync::Arc;

/// Worklist entries laid out at first, and added by each "show more" (five steps at a time).
const STEP: usize = 100;

pub fn channel_text(c: Channel) -> T {
    match c {
        Channel::Email => T::ch_email,
        Channel::Phone => T::ch_phone,
        Channel::Letter => T::ch_letter,
        Channel::RegisteredLetter => T::ch_registered,
    }
}

pub fn outcome_text(o: &CallOutcome) -> T {
    match o {
        CallOutcome::Promise { .. } => T::out_promise,
        CallOutcome::Dispute => T::out_dispute,
        CallOutcome::NoAnswer => T::out_no_answer,
        CallOutcome::WrongContact => T::out_wrong_contact,
    }
}

pub fn tone_text(t: Tone) -> T {
    match t {
        Tone::Courteous => T::tone_courteous,
        Tone::Firm => T::tone_firm,
        Tone::Formal => T::tone_formal,
        Tone::Legal => T::tone_legal,
    }
}

#[component]
pub fn Reminders() -> impl IntoView {
    super::title(T::nav_reminders);
    let tab = RwSignal::new(false);
    let tab_button = move |scen: bool, key: T| {
        view! {
            <button role="tab" class="tab" aria-selected=move || (tab.get() == scen).to_string()
                on:click=move |_| tab.set(scen)>{tr(key)}</button>
        }
    };
    view! {
        <section class="reminders">
            <h1>{tr(T::nav_reminders)}</h1>
            <div role="tablist" class="tabs">
                {tab_button(false, T::worklist)}
                {tab_button(true, T::scenarios)}
            </div>
            {move || if tab.get() {
                view! { <scenarios::Scenarios/> }.into_any()
            } else {
                view! { <Worklist/> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// Client name by id (empty when unknown).
fn client_name(state: AppState, id: ClientId) -> String {
    state
        .portfolio
        .with_untracked(|l| l.client_name(id).to_string())
}

/// Why the worklist chose this level, in words.
fn choice_text(lang: Lang, e: &encours_core::dunning::Entry) -> String {
    use encours_core::dunning::LevelChoice;
    let t = |k| crate::i18n::t(lang, k);
    match &e.choice {
        LevelChoice::Scheduled => t(T::why_scheduled).into(),
        LevelChoice::CaughtUp { skipped } => format!("{} ({skipped})", t(T::why_caught_up)),
        LevelChoice::AmicableFirst { .. } => t(T::why_amicable_first).into(),
        LevelChoice::StraightToNotice => t(T::why_straight_to_notice).into(),
    }
}

fn reason_text(lang: Lang, r: &Reason, currency: encours_core::Currency) -> String {
    let t = |k| crate::i18n::t(lang, k);
    match r {
        Reason::Disputed => t(T::reason_disputed).into(),
        Reason::Litigation => t(T::reason_litigation).into(),
        Reason::Paused => t(T::reason_paused).into(),
        Reason::Snoozed(d) => format!("{} {}", t(T::reason_snoozed), format::date(lang, *d)),
        Reason::Promise(d, a) => format!(
            "{} {} ({})",
            t(T::reason_promise),
            format::date(lang, *d),
            format::money(lang, *a, currency)
        ),
        Reason::PlanOnTrack(_) => t(T::reason_plan).into(),
        Reason::Prescribed(d) => format!("{} {}", t(T::reason_prescribed), format::date(lang, *d)),
        Reason::BelowMinimum(a) => {
            format!(
                "{} ({})",
                t(T::reason_minimum),
                format::money(lang, *a, currency)
            )
        }
    }
}

/// Sets a client's pause and snooze (one stored transaction).
pub fn set_follow_up(state: AppState, client: ClientId, f: FollowUp) {
    save(
        state,
        Command::SetFollowUp {
            client,
            follow_up: f,
        },
    );
}

/// Sends a command that saves a setting, in the background: "saved" when done, and also when
/// it changed nothing (saving what was already there, as the page always did), else why not.
pub fn save(state: AppState, cmd: Command) {
    leptos::task::spawn_local(async move {
        match dispatch(state, cmd).await {
            Ok(_) | Err(DispatchError::Refused(CommandError::NothingToRecord)) => {
                state.notify(state.t(T::saved))
            }
            Err(e) => state.error(e.text(state.lang.get_untracked())),
        }
    });
}

#[component]
fn Worklist() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(crate::pages::filter::Filter::default());
    // The worklist follows the data; the filter only narrows it (no new worklist per choice).
    // After the first paint, what each invoice owes in one task and the worklist in the next
    // (together they were the page's longest work at 100k). The worklist is shared rather than
    // copied when no filter is set (10,611 entries at 100k): a new `Arc` is a change, without
    // comparing the entries.
    crate::pages::warm(state.owed_today, 1);
    let ready = crate::pages::after_paint(2);
    let all = Memo::new_with_compare(
        move |_| {
            if !ready.get() {
                return Arc::default();
            }
            let today = state.today.get();
            let rates = state.settings.with(company::rates);
            let owed = state.owed_on(today);
            Arc::new(
                state
                    .portfolio
                    .with(|l| worklist_owing(l, &rates, today, &owed)),
            )
        },
        crate::state::shared_changed,
    );
    let list = Memo::new_with_compare(
        move |_| {
            let today = state.today.get();
            let f = filter.get();
            let kept = state.portfolio.with(|l| f.clients(l, today));
            let all = all.get();
            if kept.is_none() {
                return all;
            }
            let mut w = Worklist::clone(&all);
            w.entries
                .retain(|e| crate::pages::filter::keeps(&kept, e.client));
            Arc::new(w)
        },
        crate::state::shared_changed,
    );
    // Exclusions laid out (1,832 at 100k invoices).
    let excluded_limit = RwSignal::new(STEP);
    let open = RwSignal::new(None::<(ClientId, encours_core::Currency)>);
    // Entries laid out (10,605 at 100k invoices took the page 2.3 s to draw at once).
    let limit = RwSignal::new(STEP);
    // The entries whose letters are laid out for printing.
    let printing = RwSignal::new(Vec::<letter::Item>::new());
    // The letters of the last "print today's letters", to mark as sent in one step.
    let printed = RwSignal::new(Vec::<(encours_core::dunning::Entry, String)>::new());
    // Letters left out of it: their sender fields are missing.
    let blocked = RwSignal::new(0usize);
    let last = draft::LastSent(RwSignal::new(None));
    provide_context(last);
    let print_all = move |_| {
        let lang = state.lang.get_untracked();
        let (letters, held): (Vec<_>, Vec<_>) = list.with_untracked(|w| {
            w.entries
                .iter()
                .filter(|e| matches!(e.level.channel, Channel::Letter | Channel::RegisteredLetter))
                .cloned()
                .partition(|e| draft::missing(state, e, lang).is_empty())
        });
        blocked.set(held.len());
        let items: Vec<letter::Item> = letters
            .into_iter()
            .map(|e| {
                let text = draft::render(state, &e, lang).1;
                (e, text, lang)
            })
            .collect();
        printed.set(
            items
                .iter()
                .map(|(e, t, _)| (e.clone(), format!("{}\n\n{}", t.subject, t.body)))
                .collect(),
        );
        letter::print(printing, items);
    };
    let mark_printed = move |_| {
        let items = printed.get_untracked();
        draft::mark_all_sent(state, items, move || printed.set(Vec::new()));
    };
    let warnings = move || {
        let lang = state.lang.get();
        let mut seen: Vec<Warning> = Vec::new();
        list.with(|w| {
            for e in &w.entries {
                for x in &e.warnings {
                    if !seen.contains(x) {
                        seen.push(x.clone());
                    }
                }
            }
        });
        seen.into_iter()
            .map(|w| rate_warning(state, lang, w))
            .collect_view()
    };
    view! {
        {crate::pages::filter::filter_bar(filter)}
        // Shown once the worklist is computed (the tests read the rows when it shows).
        {move || ready.get().then(|| view! {
            <p class="summary" data-testid="worklist-summary">{move || {
                let lang = state.lang.get();
                list.with(|w| {
                    let total = w.entries.iter().map(|e| e.claimed()).sum();
                    let cur = w.entries.first().map(|e| e.currency).unwrap_or_default();
                    format!("{} {} · {}", w.entries.len(), crate::i18n::t(lang, T::to_remind), format::money(lang, total, cur))
                })
            }}</p>
        })}
        {warnings}
        <div class="actions">
            <button class="button" on:click=print_all>{tr(T::print_letters)}</button>
        </div>
        {move || {
            let lang = state.lang.get();
            let n = printed.with(Vec::len);
            let held = blocked.get();
            let missing = (held > 0).then(|| {
                let any = list.with(|w| w.entries.iter().find(|e| !draft::missing(state, e, lang).is_empty()).map(|e| draft::missing(state, e, lang)));
                view! {
                    <p class="note" data-testid="letters-blocked">{format!("{held} {}", crate::i18n::t(lang, T::letters_blocked))}</p>
                    {any.and_then(|m| company::missing_banner(lang, &m))}
                }
            });
            let offer = (n > 0).then(|| view! {
                <p class="banner" role="status" data-testid="printed">
                    {format!("{n} {} ", crate::i18n::t(lang, T::printed_letters))}
                    <button class="button primary" on:click=mark_printed>{crate::i18n::t(lang, T::mark_printed_sent)}</button>
                </p>
            });
            (missing, offer)
        }}
        {move || last.0.with(|l| l.as_ref().map(|(names, _)| names.join(", "))).map(|names| {
            let lang = state.lang.get();
            view! {
                <p class="banner" role="status" data-testid="last-sent">
                    {format!("{} {names} ", crate::i18n::t(lang, T::marked_sent))}
                    <button class="button" on:click=move |_| draft::undo_last(state)>{crate::i18n::t(lang, T::undo)}</button>
                </p>
            }
        })}
        <div class="table-wrap">
            <table class="worklist">
                <thead><tr>
                    <th>{tr(T::client)}</th>
                    <th>{tr(T::level)}</th>
                    <th>{tr(T::channel)}</th>
                    <th class="num">{tr(T::count_invoices)}</th>
                    <th class="num">{tr(T::due_total)}</th>
                    <th class="num">{tr(T::penalties_indemnity)}</th>
                    <th><span class="visually-hidden">{tr(T::actions_col)}</span></th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = state.lang.get();
                        let t = move |k| crate::i18n::t(lang, k);
                        list.with(|w| w.entries.iter().take(limit.get()).cloned().collect::<Vec<_>>()).into_iter().map(|e| {
                            let key = (e.client, e.currency);
                            let name = client_name(state, e.client);
                            let entry = e.clone();
                            view! {
                                <tr data-client=name.clone()>
                                    <td>{crate::router::dyn_link(crate::router::client_path(e.client), name.clone())}
                                        <small class="why" data-why=e.choice.code()>{choice_text(lang, &e)}</small></td>
                                    <td class="level" data-label=t(T::level)>{format!("{} ({}/{})", e.level.name, e.level_index + 1, e.levels)}</td>
                                    <td data-label=t(T::channel)>{crate::i18n::t(lang, channel_text(e.level.channel))}</td>
                                    <td class="num" data-label=t(T::count_invoices)>{e.invoices.len()}</td>
                                    <td class="num" data-label=t(T::due_total)>{format::money(lang, e.total, e.currency)}</td>
                                    <td class="num" data-label=t(T::penalties_indemnity)>{format::money(lang, e.penalties + e.indemnity, e.currency)}</td>
                                    <td><button class="small" aria-expanded=move || (open.get() == Some(key)).to_string()
                                        on:click=move |_| open.update(|o| *o = if *o == Some(key) { None } else { Some(key) })>
                                        {crate::i18n::t(lang, T::prepare)}</button></td>
                                </tr>
                                {move || (open.get() == Some(key)).then(|| {
                                    let entry = entry.clone();
                                    view! { <tr class="inline-form"><td colspan="7">
                                        <draft::Draft entry=entry printing=printing on_done=move || open.set(None)/>
                                    </td></tr> }.into_any()
                                })}
                            }.into_any()
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
        {move || crate::pages::show_more(state.lang.get(), list.with(|w| w.entries.len()), limit, STEP * 5, "worklist-more")}
        {move || if !ready.get() {
            Some(crate::pages::computing())
        } else {
            list.with(|w| w.entries.is_empty()).then(|| view! { <p class="empty">{tr(T::no_reminders)}</p> }.into_any())
        }}
        <h2>{tr(T::excluded_today)}</h2>
        <ul class="excluded" data-testid="excluded">
            {move || {
                let lang = state.lang.get();
                list.with(|w| w.excluded.iter().take(excluded_limit.get()).cloned().collect::<Vec<_>>()).into_iter().map(|x| {
                    let name = client_name(state, x.client);
                    let (number, currency) = state.portfolio.with_untracked(|l| {
                        x.invoice.and_then(|i| l.invoice(i)).map_or((String::new(), Default::default()), |i| (format!(" · {}", i.number), i.currency))
                    });
                    let resume = (x.reason == Reason::Paused || matches!(x.reason, Reason::Snoozed(_))).then(|| {
                        let client = x.client;
                        view! { <button class="small" on:click=move |_| set_follow_up(state, client, FollowUp::default())>{crate::i18n::t(lang, T::resume)}</button> }.into_any()
                    });
                    let attr = name.clone();
                    view! {
                        <li data-client=attr>
                            <strong>{name}</strong>{number}" — "{reason_text(lang, &x.reason, currency)}" "{resume}
                        </li>
                    }.into_any()
                }).collect_view()
            }}
        </ul>
        {move || crate::pages::show_more(state.lang.get(), list.with(|w| w.excluded.len()), excluded_limit, STEP * 5, "excluded-more")}
        <h2>{tr(T::journal)}</h2>
        <ul class="excluded" data-testid="journal">
            {move || {
                let lang = state.lang.get();
                state.portfolio.with(|l| {
                    l.follow_up.activities.iter().rev().take(20).map(|a| {
                        let name = l.client(a.client).map(|c| c.name.as_str()).unwrap_or("");
                        let what = match &a.kind {
                            ActivityKind::Reminder { level_name, channel, .. } => format!("{level_name} ({})", crate::i18n::t(lang, channel_text(*channel))),
                            ActivityKind::Call { level_name, outcome, .. } => format!("{level_name} — {}", crate::i18n::t(lang, outcome_text(outcome))),
                            ActivityKind::Note => a.text.clone(),
                            ActivityKind::Payment(c) => crate::pages::client::payments::change_text(lang, c),
                        };
                        format!("{} · {name} · {what}", format::date(lang, a.date))
                    }).collect::<Vec<_>>()
                }).into_iter().map(|line| view! { <li>{line}</li> }.into_any()).collect_view()
            }}
        </ul>
        <letter::Letters printing=printing/>
    }
    .into_any()
}

/// A rate warning. A half-year missing from the table is never filled from another period:
/// the banner names it and sends the user to the rate table.
fn rate_warning(_state: AppState, lang: Lang, w: Warning) -> AnyView {
    let t = |k| crate::i18n::t(lang, k);
    match w {
        Warning::RateMissing(m) => {
            let which = match m.table {
                encours_core::penalty::RateKind::Ecb => t(T::rate_missing),
                encours_core::penalty::RateKind::Legal => t(T::legal_rate_missing),
            };
            view! {
                <p class="banner warning" role="status" data-code=m.code()>
                    {format!("{which} {} — {}", m.half_year, t(T::enter_rate))}
                </p>
            }
            .into_any()
        }
        Warning::ContractualBelowFloor { half_year, floor, .. } => view! {
            <p class="banner warning" role="status">{format!("{} ({half_year}{}{})", t(T::floor_applied), format::colon(lang), format::rate(lang, floor))}</p>
        }
        .into_any(),
        Warning::NoNoticeYet => ().into_any(),
    }
}
