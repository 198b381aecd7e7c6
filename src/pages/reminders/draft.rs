//! One worklist entry opened: the draft in the client's language, the channel's actions
//! (mail, copy, .eml, print, call script and outcome), and "mark as sent".

use super::letter;
use crate::company;
use crate::dispatch::{dispatch, DispatchError};
use crate::format;
use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use crate::widgets;
use chrono::NaiveDate;
use encours_core::collection::{CallOutcome, FollowUp};
use encours_core::dunning::template::{self, Context, Draft as Text};
use encours_core::dunning::undo::Marked;
use encours_core::dunning::{sender, Channel, Entry};
use encours_core::ledger::Client;
use encours_core::portfolio::command::{Command, CommandError, Reply};
use leptos::prelude::*;

/// The draft of an entry in a language, with the user's current settings.
pub fn render(state: AppState, entry: &Entry, lang: Lang) -> (Client, Text) {
    let client = state
        .portfolio
        .with_untracked(|l| l.client(entry.client).cloned().unwrap_or_default());
    let company = state.settings.with_untracked(company::company);
    let deadline_days = state
        .portfolio
        .with_untracked(|l| l.follow_up.settings.deadline_days);
    let ctx = Context {
        lang: lang.core(),
        company: &company,
        client: &client,
        entry,
        today: state.today.get_untracked(),
        deadline_days,
    };
    let text = template::render(&entry.level.template(lang.core()), &ctx);
    (client, text)
}

/// The sender fields `entry`'s draft needs that the profile leaves empty (a call needs none).
pub fn missing(
    state: AppState,
    entry: &Entry,
    lang: Lang,
) -> Vec<encours_core::dunning::sender::SenderField> {
    let channel = entry.level.channel;
    if channel == Channel::Phone {
        return Vec::new();
    }
    let company = state.settings.with(company::company);
    let letter = matches!(channel, Channel::Letter | Channel::RegisteredLetter);
    sender::missing(&entry.level.template(lang.core()), &company, letter)
}

/// The last "mark as sent" of the page, to undo: who, and what each mark replaced.
#[derive(Clone, Copy)]
pub struct LastSent(pub RwSignal<Option<(Vec<String>, Vec<Marked>)>>);

/// Marks entries as sent in one stored transaction, each with its text, and offers the undo.
pub fn mark_all_sent(state: AppState, items: Vec<(Entry, String)>, after: impl Fn() + 'static) {
    let last = expect_context::<LastSent>();
    let names: Vec<String> = items
        .iter()
        .map(|(e, _)| super::client_name(state, e.client))
        .collect();
    leptos::task::spawn_local(async move {
        match dispatch(state, Command::MarkSent { items, call: None }).await {
            Ok(reply) => {
                state.notify(state.t(T::marked_sent));
                last.0.set(Some((names, marks(reply))));
                after();
            }
            Err(e) => state.error(e.text(state.lang.get_untracked())),
        }
    });
}

/// The marks a [`Command::MarkSent`] reply gives back to undo it with.
fn marks(reply: Reply) -> Vec<Marked> {
    match reply {
        Reply::Marks(m) => m,
        _ => Vec::new(),
    }
}

/// Undoes the last "mark as sent".
pub fn undo_last(state: AppState) {
    let last = expect_context::<LastSent>();
    let Some((_, marks)) = last.0.get_untracked() else {
        return;
    };
    leptos::task::spawn_local(async move {
        match dispatch(state, Command::UndoSent { marks }).await {
            // Nothing left to take back (undone in another tab): the undo is done all the same.
            Ok(_) | Err(DispatchError::Refused(CommandError::NothingToRecord)) => {
                last.0.set(None);
                state.notify(state.t(T::saved));
            }
            Err(e) => state.error(e.text(state.lang.get_untracked())),
        }
    });
}

/// Copies text to the clipboard (navigator.clipboard, looked up dynamically: no extra bindings).
fn copy(state: AppState, text: String) {
    use wasm_bindgen::JsCast;
    let clip = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined());
    let write = clip.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    if let (Some(c), Some(f)) = (clip, write) {
        if f.call1(&c, &text.into()).is_ok() {
            state.notify(state.t(T::copied));
        }
    }
}

#[component]
pub fn Draft(
    entry: Entry,
    printing: RwSignal<Vec<letter::Item>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = RwSignal::new(state.lang.get_untracked());
    let (client, first) = render(state, &entry, lang.get_untracked());
    let subject = RwSignal::new(first.subject);
    let body = RwSignal::new(first.body);
    let entry = StoredValue::new(entry);
    // A new language re-renders the default text.
    Effect::new(move |prev: Option<()>| {
        let l = lang.get();
        if prev.is_some() {
            let (_, t) = render(state, &entry.get_value(), l);
            subject.set(t.subject);
            body.set(t.body);
        }
    });
    let channel = entry.with_value(|e| e.level.channel);
    let email = client.email.clone().unwrap_or_default();
    let text = move || Text {
        subject: subject.get(),
        body: body.get(),
    };
    let outcome = RwSignal::new(String::from("no_answer"));
    let promise_date = RwSignal::new(String::new());
    let promise_amount = RwSignal::new(String::new());
    let snooze_to = RwSignal::new(String::new());
    let client_id = entry.with_value(|e| e.client);

    let done = move |_| {
        let call = match outcome.get_untracked().as_str() {
            _ if channel != Channel::Phone => None,
            "promise" => {
                let d = format::parse_iso(&promise_date.get_untracked());
                let a = format::parse_amount(&promise_amount.get_untracked());
                match (d, a) {
                    (Some(date), Some(amount)) => Some(CallOutcome::Promise { date, amount }),
                    _ => {
                        state.error(state.t(T::promise_date));
                        return;
                    }
                }
            }
            "dispute" => Some(CallOutcome::Dispute),
            "wrong_contact" => Some(CallOutcome::WrongContact),
            _ => Some(CallOutcome::NoAnswer),
        };
        let t = text();
        let sent = format!("{}\n\n{}", t.subject, t.body);
        let e = entry.get_value();
        if call.is_none() && !missing(state, &e, lang.get_untracked()).is_empty() {
            return;
        }
        let last = expect_context::<LastSent>();
        leptos::task::spawn_local(async move {
            let cmd = Command::MarkSent {
                items: vec![(e, sent)],
                call,
            };
            match dispatch(state, cmd).await {
                Ok(reply) => {
                    state.notify(state.t(T::saved));
                    if let Some(done) = marks(reply).pop() {
                        last.0.set(Some((
                            vec![super::client_name(state, client_id)],
                            vec![done],
                        )));
                    }
                    on_done();
                }
                Err(e) => state.error(e.text(state.lang.get_untracked())),
            }
        });
    };
    let snooze = move |_| {
        if let Some(d) = format::parse_iso(&snooze_to.get_untracked()) {
            super::set_follow_up(
                state,
                client_id,
                FollowUp {
                    paused: false,
                    snoozed_until: Some(d),
                },
            );
        }
    };
    // A rate agreed in the client's terms of sale (empty: the legal rate).
    let contract_rate = state.portfolio.with_untracked(|l| {
        l.follow_up
            .contract_rates
            .get(&client_id)
            .map(|r| r.to_string())
            .unwrap_or_default()
    });
    let set_rate: widgets::OnValue = Box::new(move |v| {
        let rate = format::parse_amount(&v);
        super::save(
            state,
            Command::SetContractRate {
                client: client_id,
                rate,
            },
        );
    });
    let pause = move |_| {
        super::set_follow_up(
            state,
            client_id,
            FollowUp {
                paused: true,
                snoozed_until: None,
            },
        )
    };
    let consumer = entry.with_value(|e| e.consumer_no_indemnity);
    // A draft whose sender fields are missing can be neither printed nor filed as sent.
    let missing_now = Memo::new(move |_| entry.with_value(|e| missing(state, e, lang.get())));
    let blocked = move || missing_now.with(|m| !m.is_empty());
    // Opening the draft puts the keyboard in its subject.
    widgets::focus_soon("[data-testid=draft] input[name=subject]".into());

    let actions = match channel {
        Channel::Email => view! {
            <a class="button" href=move || template::mailto(&email, &text())>{tr(T::open_mail)}</a>
            <button class="button" on:click=move |_| copy(state, format!("{}\n\n{}", subject.get_untracked(), body.get_untracked()))>{tr(T::copy)}</button>
            <button class="button" on:click=move |_| {
                let company = state.settings.with_untracked(company::company);
                let to = state.portfolio.with_untracked(|l| l.client(client_id).and_then(|c| c.email.clone()).unwrap_or_default());
                let eml = template::eml(&company.email, &to, &text());
                crate::util::download("relance.eml", "message/rfc822", &eml);
            }>{tr(T::download_eml)}</button>
        }
        .into_any(),
        Channel::Letter | Channel::RegisteredLetter => view! {
            <button class="button" disabled=blocked on:click=move |_| {
                letter::print(printing, vec![(entry.get_value(), text(), lang.get_untracked())]);
            }>{tr(T::print_letter)}</button>
        }
        .into_any(),
        Channel::Phone => {
            let t = |k| state.t(k).to_string();
            let outcomes = vec![
                ("no_answer".to_string(), t(T::out_no_answer)),
                ("promise".into(), t(T::out_promise)),
                ("dispute".into(), t(T::out_dispute)),
                ("wrong_contact".into(), t(T::out_wrong_contact)),
            ];
            let script = entry.with_value(|e| {
                let company = state.settings.with_untracked(company::company);
                let ctx = Context {
                    lang: lang.get_untracked().core(),
                    company: &company,
                    client: &client,
                    entry: e,
                    today: state.today.get_untracked(),
                    deadline_days: 8,
                };
                template::call_script(&ctx)
            });
            view! {
                <h3>{tr(T::call_script)}</h3>
                <pre class="script">{script}</pre>
                <fieldset class="outcome">
                    <legend>{tr(T::outcome)}</legend>
                    {widgets::select(tr(T::outcome), "outcome", outcomes, "no_answer".into(), Box::new(move |v| outcome.set(v)))}
                    {move || (outcome.get() == "promise").then(|| view! {
                        <label>{tr(T::promise_date)}<input type="date" name="promise-date" prop:value=promise_date on:input=move |ev| promise_date.set(event_target_value(&ev))/></label>
                        <label>{tr(T::payment_amount)}<input name="promise-amount" inputmode="decimal" prop:value=promise_amount on:input=move |ev| promise_amount.set(event_target_value(&ev))/></label>
                    }.into_any())}
                </fieldset>
            }
            .into_any()
        }
    };

    view! {
        <div class="draft" data-testid="draft">
            <div class="row">{widgets::select(tr(T::draft_language), "draft-lang", languages(), lang.get_untracked().code().into(),
                Box::new(move |v| if let Some(l) = Lang::from_code(&v) { lang.set(l) }))}</div>
            {consumer.then(|| view! { <p class="note">{tr(T::consumer_no_indemnity)}</p> }.into_any())}
            {move || missing_now.with(|m| company::missing_banner(state.lang.get(), m))}
            <label class="block">{tr(T::subject)}
                <input name="subject" prop:value=subject on:input=move |ev| subject.set(event_target_value(&ev))/>
            </label>
            <label class="block">{tr(T::body)}
                <textarea name="body" rows="14" prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            </label>
            <div class="actions">{actions}</div>
            <div class="actions">
                <button class="button primary" disabled=blocked on:click=done>{if channel == Channel::Phone { tr(T::call_done) } else { tr(T::mark_sent) }}</button>
                <label>{tr(T::snooze)}<input type="date" name="snooze" prop:value=snooze_to on:input=move |ev| snooze_to.set(event_target_value(&ev))/></label>
                <button class="button" on:click=snooze>{tr(T::save)}</button>
                <button class="button" on:click=pause>{tr(T::pause)}</button>
                {widgets::field(tr(T::contract_rate), "contract-rate", contract_rate, 0, set_rate)}
                <button class="button" on:click=move |_| on_done()>{tr(T::close)}</button>
            </div>
        </div>
    }
    .into_any()
}

/// The languages a draft can be written in.
pub fn languages() -> Vec<(String, String)> {
    vec![
        ("fr".into(), "Français".into()),
        ("en".into(), "English".into()),
    ]
}

/// Place and date as a letter writes them: "Lyon, le 17/03/2025".
pub fn place_date(lang: Lang, city: &str, d: NaiveDate) -> String {
    let date = format::date(lang, d);
    match (lang, city.is_empty()) {
        (Lang::Fr, false) => format!("{city}, le {date}"),
        (Lang::Fr, true) => format!("Le {date}"),
        (Lang::En, false) => format!("{city}, {date}"),
        (Lang::En, true) => date,
    }
}
