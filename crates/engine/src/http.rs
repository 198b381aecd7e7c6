//! One HTTP call from the worker to the sync server (`fetch`), with the user's credentials.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// An answer: its status and body.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The call did not reach the server (offline, refused connection, CORS, a bad URL): the
/// browser's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreachable(pub String);

/// `method url` with a JSON `body` and, when given, `authorization` (a Basic header's value)
/// and an abort `signal` (a long-poll cut short).
pub async fn call(
    method: &str,
    url: &str,
    authorization: Option<&str>,
    body: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Answer, Unreachable> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(signal);
    // The server's session cookies are not wanted: credentials go in the header.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let headers = web_sys::Headers::new().map_err(words)?;
    headers.set("Accept", "application/json").map_err(words)?;
    if body.is_some() {
        headers
            .set("Content-Type", "application/json")
            .map_err(words)?;
    }
    if let Some(a) = authorization {
        headers.set("Authorization", a).map_err(words)?;
    }
    init.set_headers(&headers);
    if let Some(b) = body {
        init.set_body(&b.into());
    }
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str_and_init(url, &init))
        .await
        .map_err(words)?
        .unchecked_into();
    let buf = JsFuture::from(response.array_buffer().map_err(words)?)
        .await
        .map_err(words)?;
    Ok(Answer {
        status: response.status(),
        body: Uint8Array::new(&buf).to_vec(),
    })
}

fn words(e: wasm_bindgen::JsValue) -> Unreachable {
    Unreachable(
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

/// The `Authorization` header for `user` and `password` (none without a user).
pub fn basic(user: &str, password: &str) -> Option<String> {
    (!user.is_empty()).then(|| {
        format!(
            "Basic {}",
            base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                format!("{user}:{password}").as_bytes()
            )
        )
    })
}
