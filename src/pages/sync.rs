//! Settings → Sync: the user's CouchDB database, their credentials and the passphrase; off
//! until they turn it on. Sync itself runs in the engine's worker (`crates/engine`): this
//! page starts it there, stops it, and shows where it stands in the UI's language.
//!
//! The page speaks to the worker in the engine's JSON protocol, written here by hand rather
//! than with the engine's types: the page's bundle stays without serde_json.

use crate::i18n::{t, tr, Lang, T};
use crate::state::AppState;
use crate::util::prefs;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const PREF_URL: &str = "encours.sync.url";
const PREF_USER: &str = "encours.sync.user";

thread_local! {
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
    /// Where sync stands: the page's, not the form's (the worker goes on when Settings is
    /// left, and the form shown again says where it is).
    static STATE: ArcRwSignal<Shown> = ArcRwSignal::new(Shown::Off);
    /// Whether the worker was asked to open the app's store.
    static OPENED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Where sync stands, as the worker said (`SyncState` of the engine's protocol).
#[derive(Clone, Debug, Default, PartialEq)]
enum Shown {
    #[default]
    Off,
    Connecting,
    Syncing(u32),
    Synced {
        at: f64,
        refused: u32,
    },
    Offline(String),
    Failed {
        code: String,
        detail: String,
    },
}

fn field(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, k: &str) -> String {
    field(v, k).as_string().unwrap_or_default()
}

fn number(v: &JsValue, k: &str) -> f64 {
    field(v, k).as_f64().unwrap_or(0.0)
}

/// A state's JSON (`{"state": "synced", …}`).
fn shown(json: &str) -> Shown {
    let Ok(v) = js_sys::JSON::parse(json) else {
        return Shown::Off;
    };
    match text(&v, "state").as_str() {
        "connecting" => Shown::Connecting,
        "syncing" => Shown::Syncing(number(&v, "events") as u32),
        "synced" => Shown::Synced {
            at: number(&v, "at"),
            refused: number(&v, "refused") as u32,
        },
        "offline" => Shown::Offline(text(&v, "detail")),
        "failed" => Shown::Failed {
            code: text(&v, "code"),
            detail: text(&v, "detail"),
        },
        // The worker's own failure to answer (`{"type": "failed", …}`).
        _ if text(&v, "type") == "failed" => Shown::Failed {
            code: text(&v, "kind"),
            detail: text(&v, "detail"),
        },
        _ => Shown::Off,
    }
}

fn quoted(s: &str) -> String {
    js_sys::JSON::stringify(&JsValue::from_str(s))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "\"\"".into())
}

fn say(lang: Lang, s: &Shown) -> String {
    match s {
        Shown::Off => t(lang, T::sync_off_state).into(),
        Shown::Connecting => t(lang, T::sync_connecting).into(),
        Shown::Syncing(n) => format!("{} ({n})", t(lang, T::sync_syncing)),
        Shown::Synced { at, refused } => {
            let time = js_sys::Date::new(&JsValue::from_f64(*at))
                .to_locale_time_string(lang.code())
                .as_string()
                .unwrap_or_default();
            let mut out = format!("{} {time}", t(lang, T::sync_synced));
            if *refused > 0 {
                out.push_str(&format!(" · {refused} {}", t(lang, T::sync_refused)));
            }
            out
        }
        Shown::Offline(detail) => format!("{} ({detail})", t(lang, T::sync_offline)),
        Shown::Failed { code, detail } => {
            let why = match code.as_str() {
                "wrong_passphrase" => t(lang, T::sync_wrong_passphrase),
                "couch_unauthorized" | "couch_forbidden" => t(lang, T::sync_unauthorized),
                "bad_url" => t(lang, T::sync_bad_url),
                "no_crypto" => t(lang, T::sync_no_crypto),
                _ => t(lang, T::sync_failed),
            };
            match detail.is_empty() || code == "wrong_passphrase" {
                true => why.to_string(),
                false => format!("{why} ({code}: {detail})"),
            }
        }
    }
}

/// The engine's worker, started on first use; its messages answer the calls waiting for
/// them (`crate::engine`) or update sync's state.
pub(crate) fn worker() -> Option<web_sys::Worker> {
    if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
        return Some(w);
    }
    let url = web_sys::window()?
        .document()?
        .query_selector("meta[name=encours-engine]")
        .ok()??
        .get_attribute("content")?;
    let w = web_sys::Worker::new(&url).ok()?;
    let state = STATE.with(Clone::clone);
    let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let data = e.data();
        if crate::engine::resolve(&data) {
            return;
        }
        let json = field(&data, "sync")
            .as_string()
            .or_else(|| field(&data, "reply").as_string());
        match json {
            Some(j) if j.contains("\"state\"") || j.contains("\"failed\"") => state.set(shown(&j)),
            Some(_) => {}
            // The loader's own failure (the wasm did not load).
            None if !field(&data, "failed").is_undefined() => {
                crate::engine::fail_all();
                state.set(Shown::Failed {
                    code: "engine".into(),
                    detail: text(&data, "failed"),
                })
            }
            None => {}
        }
    });
    w.set_onmessage(Some(on.as_ref().unchecked_ref()));
    on.forget();
    // The worker's script did not load or threw: nothing will answer.
    let failed = Closure::<dyn FnMut(web_sys::Event)>::new(|_: web_sys::Event| {
        crate::engine::fail_all();
    });
    w.set_onerror(Some(failed.as_ref().unchecked_ref()));
    failed.forget();
    WORKER.with(|c| *c.borrow_mut() = Some(w.clone()));
    Some(w)
}

/// The request that opens the app's store in the worker, for this device and person.
fn open_request() -> String {
    let o = crate::origin::origin();
    // The device as its exact digits: a JavaScript number would round it.
    format!(
        r#"{{"type":"open","db":{},"origin":{{"device":{},"device_name":{},"author":{}}}}}"#,
        quoted(crate::store::schema::DB_NAME),
        o.device,
        quoted(&o.device_name),
        quoted(&o.author)
    )
}

/// Opens the app's store in the worker unless this page did already (the worker reads the
/// book once; it follows the store's changes after).
pub(crate) fn open_once(w: &web_sys::Worker) {
    if !OPENED.with(|o| o.replace(true)) {
        send(w, 1, open_request());
    }
}

fn send(w: &web_sys::Worker, id: u32, req: String) {
    let m = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&m, &"id".into(), &id.into());
    let _ = js_sys::Reflect::set(&m, &"req".into(), &req.into());
    let _ = w.post_message(&m);
}

#[component]
pub fn SyncForm() -> impl IntoView {
    let app = expect_context::<AppState>();
    let state = RwSignal::from(STATE.with(Clone::clone));
    let url = RwSignal::new(prefs::get(PREF_URL).unwrap_or_default());
    let user = RwSignal::new(prefs::get(PREF_USER).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let on = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        prefs::set(PREF_URL, url.get_untracked().trim());
        prefs::set(PREF_USER, user.get_untracked().trim());
        let Some(w) = worker() else {
            state.set(Shown::Failed {
                code: "engine".into(),
                detail: String::new(),
            });
            return;
        };
        send(&w, 1, open_request());
        OPENED.with(|o| o.set(true));
        send(
            &w,
            2,
            format!(
                r#"{{"type":"sync_start","url":{},"user":{},"password":{},"passphrase":{}}}"#,
                quoted(url.get_untracked().trim()),
                quoted(user.get_untracked().trim()),
                quoted(&password.get_untracked()),
                quoted(&passphrase.get_untracked())
            ),
        );
        passphrase.set(String::new());
        state.set(Shown::Connecting);
    };
    let off = move |_| {
        if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
            send(&w, 3, r#"{"type":"sync_stop"}"#.into());
        }
    };
    let running = move || !matches!(state.get(), Shown::Off | Shown::Failed { .. });
    view! {
        <div class="panel">
            <h2>{tr(T::sync)}</h2>
            <p class="note">{tr(T::sync_note)}</p>
            <form class="sync" on:submit=on>
                <label class="field">{tr(T::sync_url)}
                    <input type="url" name="sync-url" required placeholder="https://couch.example.org/encours" prop:value=url on:input=move |ev| url.set(event_target_value(&ev))/>
                </label>
                <label class="field">{tr(T::sync_user)}
                    <input type="text" name="sync-user" autocomplete="username" prop:value=user on:input=move |ev| user.set(event_target_value(&ev))/>
                </label>
                <label class="field">{tr(T::sync_password)}
                    <input type="password" name="sync-password" autocomplete="current-password" prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
                </label>
                <label class="field">{tr(T::sync_passphrase)}
                    <input type="password" name="sync-passphrase" required minlength="8" autocomplete="off" prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                </label>
                <div class="actions">
                    <button class="button primary" type="submit" data-testid="sync-on">{tr(T::sync_on)}</button>
                    <button class="button" type="button" data-testid="sync-stop" disabled=move || !running() on:click=off>{tr(T::sync_stop)}</button>
                </div>
            </form>
            <p role="status" data-testid="sync-state" data-state=move || format!("{:?}", state.get()).split([' ', '(', '{']).next().unwrap_or("").to_lowercase()>
                {move || say(app.lang.get(), &state.get())}
            </p>
        </div>
    }
}
