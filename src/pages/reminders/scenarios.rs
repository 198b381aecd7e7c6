//! The scenario editor: levels (days, channel, tone, what is claimed), their texts with a live
//! preview and a reset to the default, the minimum amount, and a scenario per segment.

use crate::i18n::{tr, Lang, T};
use crate::state::AppState;
use crate::widgets::{self, OnValue};
use encours_core::dunning::template::{self, Context};
use encours_core::dunning::{
    worklist_owing, Channel, DunningSettings, Entry, EntryInvoice, Level, Template, Tone,
};
use encours_core::ledger::Client;
use encours_core::portfolio::command::Command;
use leptos::prelude::*;
use rust_decimal::Decimal;

const CHANNELS: [Channel; 4] = [
    Channel::Email,
    Channel::Phone,
    Channel::Letter,
    Channel::RegisteredLetter,
];
const TONES: [Tone; 4] = [Tone::Courteous, Tone::Firm, Tone::Formal, Tone::Legal];

#[component]
pub fn Scenarios() -> impl IntoView {
    let state = expect_context::<AppState>();
    let edited = RwSignal::new(
        state
            .portfolio
            .with_untracked(|l| l.follow_up.settings.clone()),
    );
    let current = RwSignal::new(0usize);
    let editing = RwSignal::new(None::<usize>);
    let error = RwSignal::new(false);
    let save = move |_: ()| {
        let s = edited.get_untracked();
        if s.scenarios.iter().any(|x| x.check().is_err()) {
            error.set(true);
            return;
        }
        error.set(false);
        super::save(state, Command::SetDunningSettings(Box::new(s)));
    };
    let segments = state.portfolio.with_untracked(|l| {
        let mut v: Vec<String> = l.clients.iter().filter_map(|c| c.segment.clone()).collect();
        encours_core::small::sort_by(&mut v, Ord::cmp);
        v.dedup();
        v
    });
    let names = move || {
        edited.with(|s| {
            s.scenarios
                .iter()
                .map(|x| x.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let opts = |v: Vec<String>| {
        v.into_iter()
            .enumerate()
            .map(|(i, n)| (i.to_string(), n))
            .collect::<Vec<_>>()
    };
    let levels = move || {
        let sc = current.get();
        let lang = state.lang.get();
        let levels = edited.with_untracked(|s| {
            s.scenarios
                .get(sc)
                .map(|x| x.levels.clone())
                .unwrap_or_default()
        });
        levels
            .into_iter()
            .enumerate()
            .map(|(k, lv)| {
                // Each control edits one field of level `k` of scenario `sc`.
                let set = move |f: fn(&mut Level, String)| -> OnValue {
                    Box::new(move |v| edited.update_untracked(|s| f(&mut s.scenarios[sc].levels[k], v)))
                };
                let texts = |all: &[T]| all.iter().enumerate().map(|(i, t)| (i.to_string(), crate::i18n::t(lang, *t).to_string())).collect::<Vec<_>>();
                let channels = texts(&CHANNELS.map(super::channel_text));
                let tones = texts(&TONES.map(super::tone_text));
                let ch = CHANNELS.iter().position(|c| *c == lv.channel).unwrap_or(0).to_string();
                let to = TONES.iter().position(|c| *c == lv.tone).unwrap_or(0).to_string();
                view! {
                    <fieldset class="level-edit row">
                        <legend>{format!("{} / {}", k + 1, lv.name)}</legend>
                        {widgets::field(tr(T::level_name), "level-name", lv.name.clone(), 0, set(|l, v| l.name = v))}
                        {widgets::field(tr(T::offset_days), "offset", lv.offset_days.to_string(), 0, set(|l, v| l.offset_days = v.trim().parse().unwrap_or(l.offset_days)))}
                        {widgets::select(tr(T::channel), "channel", channels, ch, set(|l, v| l.channel = CHANNELS[v.parse::<usize>().unwrap_or(0)]))}
                        {widgets::select(tr(T::tone), "tone", tones, to, set(|l, v| l.tone = TONES[v.parse::<usize>().unwrap_or(0)]))}
                        {widgets::check(tr(T::claims_penalties), lv.penalties, Box::new(move |b| edited.update_untracked(|s| s.scenarios[sc].levels[k].penalties = b)))}
                        {widgets::check(tr(T::claims_indemnity), lv.indemnity, Box::new(move |b| edited.update_untracked(|s| s.scenarios[sc].levels[k].indemnity = b)))}
                        {widgets::button(tr(T::edit_text), "button small", Box::new(move || editing.set(Some(k))))}
                    </fieldset>
                }
                .into_any()
            })
            .collect_view()
    };
    let segment_rows = segments
        .into_iter()
        .map(|seg| {
            let chosen = edited.with_untracked(|s| s.segments.get(&seg).map(|i| i.to_string())).unwrap_or_default();
            let mut options = vec![(String::new(), state.t(T::default_scenario).to_string())];
            options.extend(opts(names()));
            let key = seg.clone();
            let on: OnValue = Box::new(move |v| {
                let key = key.clone();
                edited.update_untracked(move |s| match v.parse::<usize>() {
                    Ok(i) => drop(s.segments.insert(key, i)),
                    Err(_) => drop(s.segments.remove(&key)),
                });
            });
            // The segment name is the user's text: a label made of it, not of a fixed key.
            view! { <div class="segment"><span>{seg}</span>{widgets::select(tr(T::scenario), "segment-scenario", options, chosen, on)}</div> }.into_any()
        })
        .collect::<Vec<_>>();
    let has_segments = !segment_rows.is_empty();
    view! {
        <div class="row">
            {widgets::field(tr(T::minimum_amount), "minimum", edited.with_untracked(|s| s.minimum.to_string()), 0,
                Box::new(move |v| if let Some(d) = crate::format::parse_amount(&v) { edited.update_untracked(|s| s.minimum = d) }))}
            {widgets::field(tr(T::deadline_days), "deadline", edited.with_untracked(|s| s.deadline_days.to_string()), 0,
                Box::new(move |v| if let Ok(n) = v.trim().parse::<u32>() { edited.update_untracked(|s| s.deadline_days = n) }))}
            {widgets::select(tr(T::scenario), "scenario", opts(names()), "0".into(),
                Box::new(move |v| { current.set(v.parse().unwrap_or(0)); editing.set(None); }))}
        </div>
        // Amicable first by default; per scenario, the user may go straight to the notice.
        {move || {
            let k = current.get();
            let on = edited.with_untracked(|s| s.scenarios.get(k).is_some_and(|x| x.straight_to_notice));
            widgets::check(tr(T::straight_to_notice), on, Box::new(move |v| edited.update_untracked(|s| {
                if let Some(x) = s.scenarios.get_mut(k) {
                    x.straight_to_notice = v;
                }
            })))
        }}
        <div class="levels">{levels}</div>
        {move || editing.get().map(|k| view! { <TemplateEditor edited=edited scenario=current.get_untracked() level=k/> }.into_any())}
        {has_segments.then(|| view! { <h2>{tr(T::segment_scenarios)}</h2> }.into_any())}
        <div class="row">{segment_rows}</div>
        <div class="actions">
            {widgets::button(tr(T::save), "button primary", Box::new(move || save(())))}
            {move || error.get().then(|| view! { <span class="error" role="alert">{tr(T::scenario_invalid)}</span> }.into_any())}
        </div>
    }
    .into_any()
}

/// An example to preview a text on when nobody is due today.
fn sample(lang: Lang, today: chrono::NaiveDate) -> (Client, Entry) {
    let level = DunningSettings::default().scenarios[0].levels[0].clone();
    let client = Client {
        name: if lang == Lang::Fr {
            "Exemple SARL"
        } else {
            "Example Ltd"
        }
        .into(),
        address: Some("1 rue de l'Exemple\n75001 Paris".into()),
        ..Client::default()
    };
    let amount = Decimal::new(120_000, 2);
    let due = today - chrono::Duration::days(20);
    let entry = Entry {
        client: client.id,
        currency: Default::default(),
        level_index: 0,
        level,
        levels: 1,
        invoices: vec![EntryInvoice {
            invoice: Default::default(),
            number: "F-0001".into(),
            issue_date: due - chrono::Duration::days(30),
            due_date: due,
            days_late: 20,
            outstanding: amount,
            penalty: Decimal::new(862, 2),
        }],
        total: amount,
        penalties: Decimal::new(862, 2),
        indemnity: Decimal::from(40),
        consumer_no_indemnity: false,
        consumer: false,
        notice_sent: None,
        consumer_rate: None,
        contract_rate: None,
        reminders_sent: 2,
        choice: encours_core::dunning::LevelChoice::Scheduled,
        warnings: Vec::new(),
    };
    (client, entry)
}

#[component]
fn TemplateEditor(
    edited: RwSignal<DunningSettings>,
    scenario: usize,
    level: usize,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = RwSignal::new(state.lang.get_untracked());
    let current = move |l: Lang| {
        edited.with_untracked(|s| s.scenarios[scenario].levels[level].template(l.core()))
    };
    let first = current(lang.get_untracked());
    let subject = RwSignal::new(first.subject);
    let body = RwSignal::new(first.body);
    let load = move || {
        let t = current(lang.get_untracked());
        subject.set(t.subject);
        body.set(t.body);
    };
    let keep = move || {
        let t = Some(Template {
            subject: subject.get_untracked(),
            body: body.get_untracked(),
        });
        edited.update_untracked(|s| {
            let lv = &mut s.scenarios[scenario].levels[level];
            match lang.get_untracked() {
                Lang::Fr => lv.fr = t,
                Lang::En => lv.en = t,
            }
        });
    };
    let reset = move |_| {
        edited.update_untracked(|s| {
            s.scenarios[scenario].levels[level].reset(lang.get_untracked().core())
        });
        load();
    };
    let example = Memo::new(move |_| {
        let today = state.today.get();
        let l = lang.get();
        let (rates, owed) = (
            state.settings.with(crate::company::rates),
            state.owed_on(today),
        );
        let first = state.portfolio.with(|led| {
            let w = worklist_owing(led, &rates, today, &owed);
            w.entries
                .into_iter()
                .next()
                .map(|e| (led.client(e.client).cloned().unwrap_or_default(), e, false))
        });
        first.unwrap_or_else(|| {
            let (c, e) = sample(l, today);
            (c, e, true)
        })
    });
    let preview = move || {
        let company = state.settings.with(crate::company::company);
        let (client, entry, _) = example.get();
        let deadline_days = edited.with_untracked(|s| s.deadline_days);
        let ctx = Context {
            lang: lang.get().core(),
            company: &company,
            client: &client,
            entry: &entry,
            today: state.today.get(),
            deadline_days,
        };
        let t = Template {
            subject: subject.get(),
            body: body.get(),
        };
        let d = template::render(&t, &ctx);
        format!("{}\n\n{}", d.subject, d.body)
    };
    view! {
        <div class="template-editor panel">
            <div class="row">
                {widgets::select(tr(T::draft_language), "tpl-lang", super::draft::languages(), lang.get_untracked().code().into(),
                    Box::new(move |v| if let Some(l) = Lang::from_code(&v) { lang.set(l); load(); }))}
                <button class="button" on:click=reset>{tr(T::reset_default)}</button>
            </div>
            <div class="split">
                <div>
                    <label class="block">{tr(T::subject)}<input name="tpl-subject" prop:value=subject on:input=move |ev| { subject.set(event_target_value(&ev)); keep(); }/></label>
                    <label class="block">{tr(T::body)}<textarea name="tpl-body" rows="16" prop:value=body on:input=move |ev| { body.set(event_target_value(&ev)); keep(); }></textarea></label>
                </div>
                <div>
                    <h3>{tr(T::preview)}</h3>
                    {move || example.with(|x| x.2).then(|| view! { <p class="note">{tr(T::sample_note)}</p> }.into_any())}
                    <pre class="preview" data-testid="template-preview">{preview}</pre>
                </div>
            </div>
        </div>
    }
    .into_any()
}
