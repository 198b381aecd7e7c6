//! A small router for the app's flat pages: the path after the base in a signal, links that
//! push history entries, and the back button. It replaces `leptos_router`, whose generic route
//! matching cost about 90 KB of wasm for six routes (the bundle has a 350 KB gzip budget).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The current route: the path below the base, always starting with `/`.
#[derive(Clone, Copy)]
pub struct Route {
    pub path: RwSignal<String>,
    base: StoredValue<String>,
}

fn location_path(base: &str) -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let rest = path.strip_prefix(base).unwrap_or(&path);
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        "/".to_string()
    } else {
        rest.to_string()
    }
}

impl Route {
    /// Reads the location and follows the back and forward buttons.
    pub fn install(base: String) -> Route {
        let route = Route {
            path: RwSignal::new(location_path(&base)),
            base: StoredValue::new(base),
        };
        let on_pop = Closure::<dyn FnMut()>::new(move || {
            route.path.set(location_path(&route.base.get_value()));
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        }
        on_pop.forget();
        provide_context(route);
        route
    }

    /// The full URL path of an app path (`/invoices` → `/encours/invoices`).
    pub fn href(&self, path: &str) -> String {
        crate::util::link(&self.base.get_value(), path)
    }

    /// Goes to `path` (an app path) and records it in the history.
    pub fn navigate(&self, path: &str) {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&self.href(path)));
        }
        self.path.set(path.to_string());
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// A link inside the app: a real `<a href>` (middle-click, copy link and keyboard work), whose
/// plain left click navigates without reloading.
#[component]
pub fn Link(
    /// The app path, e.g. `/invoices`.
    to: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    let route = expect_context::<Route>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
        {
            ev.prevent_default();
            route.navigate(to);
        }
    };
    let current = move || (route.path.get() == to).then_some("page");
    view! {
        <a href=route.href(to) class=class data-testid=testid aria-current=current on:click=on_click>{children()}</a>
    }
}

/// A link to a page whose path is built at run time (a client's page), with the same click
/// behaviour as [`Link`].
pub fn dyn_link(path: String, text: String) -> AnyView {
    let route = expect_context::<Route>();
    let href = route.href(&path);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
        {
            ev.prevent_default();
            route.navigate(&path);
        }
    };
    view! { <a href=href on:click=on_click>{text}</a> }.into_any()
}

/// The path of a client's page.
pub fn client_path(id: encours_core::ledger::ClientId) -> String {
    format!("/clients/{}", id.0)
}
