//! Small browser helpers: page titles, downloads, reading files, the app's base path.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// The path the app is served under, without trailing slash: `""` at the root, `"/encours"`
/// on GitHub Pages. Read from `<base href>`, which Trunk writes from `--public-url`.
pub fn base_path() -> String {
    let uri = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let path = match uri.find("://") {
        Some(i) => uri[i + 3..].find('/').map_or("/", |j| &uri[i + 3 + j..]),
        None => "/",
    };
    path.trim_end_matches('/').to_string()
}

/// An in-app link: the router leaves absolute paths alone, so the base is prefixed here.
pub fn link(base: &str, path: &str) -> String {
    if path == "/" {
        format!("{base}/")
    } else {
        format!("{base}{path}")
    }
}

/// Sets the document title: "Page · Encours".
pub fn set_title(page: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{page} · Encours"));
    }
}

/// Offers `content` as a file download.
pub fn download(name: &str, mime: &str, content: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads a picked or dropped file.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// The current time as an ISO timestamp (for backup headers).
pub fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// Registers the service worker that keeps the app usable offline, and calls `updated` when a
/// new deploy's worker takes over a page that an older one served (the page still runs the
/// old build until it reloads). The browser looks for a new deploy at each load; a tab left
/// open asks again every hour, on its own origin only.
pub fn register_service_worker(updated: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    if js_sys::Reflect::get(&nav, &JsValue::from_str("serviceWorker"))
        .map_or(true, |v| v.is_undefined())
    {
        return;
    }
    let container = nav.service_worker();
    // A first visit has no controller: the first worker claiming the page is not an update.
    let served = js_sys::Reflect::get(&container, &JsValue::from_str("controller"))
        .is_ok_and(|c| !c.is_null() && !c.is_undefined());
    if served {
        let on_change = Closure::<dyn Fn()>::new(updated);
        let _ = container.add_event_listener_with_callback(
            "controllerchange",
            on_change.as_ref().unchecked_ref(),
        );
        on_change.forget();
    }
    let registered = container.register(&format!("{}/sw.js", base_path()));
    let ask = Closure::<dyn FnMut(JsValue)>::new(move |registration: JsValue| {
        // A failed check (offline) is left for the next hour.
        let swallow = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
        let check = Closure::<dyn Fn()>::new(move || {
            let update = js_sys::Reflect::get(&registration, &JsValue::from_str("update"));
            let asked = update
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&registration).ok())
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
            if let Some(p) = asked {
                let _ = p.catch(&swallow);
            }
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
                check.as_ref().unchecked_ref(),
                60 * 60 * 1000,
            );
        }
        check.forget();
    });
    let _ = registered.then(&ask);
    ask.forget();
}

/// Preferences in localStorage (language, theme, simulated date): plain strings. Values
/// written by earlier versions as JSON strings (`"fr"`) read the same.
pub mod prefs {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn get(key: &str) -> Option<String> {
        let v = storage()?.get_item(key).ok()??;
        Some(
            match v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                Some(inner) => inner.to_string(),
                None => v,
            },
        )
    }

    /// Ignores a full or disabled storage: a preference is not worth an error.
    pub fn set(key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

/// Hands control back to the browser (a macrotask) so that it can paint and handle input
/// between slices of long work. Through a `MessageChannel`, not `setTimeout(0)`: chained
/// timeouts are clamped to 4 ms past the fifth, which a book read in a dozen steps paid on
/// every cold start.
pub async fn yield_now() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        // A channel of its own: two slices waiting at once each get their message.
        match web_sys::MessageChannel::new() {
            Ok(c) => {
                c.port1().set_onmessage(Some(&resolve));
                let _ = c.port2().post_message(&wasm_bindgen::JsValue::NULL);
            }
            Err(_) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
                }
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// [`yield_now`] after the next frame is painted: for a loop of slices that must let clicks
/// be answered (their paint waits while macrotasks follow each other: a click during the
/// 100k file's parse took 80–104 ms to show, each slice under 50 ms). Falls back to
/// [`yield_now`] when there is no window.
pub async fn yield_to_paint() {
    if let Some(w) = web_sys::window() {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = w.request_animation_frame(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
    // Past the frame's rendering: the next slice runs after the paint.
    yield_now().await;
}

/// Opens the print dialog once what was just put in the page is laid out.
pub fn print_soon() {
    leptos::prelude::set_timeout(
        || {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        },
        std::time::Duration::from_millis(50),
    );
}
