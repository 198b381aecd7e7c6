//! The shell: router, navigation, language and theme, banners.

use crate::i18n::{tr, Lang, T};
use crate::pages;
use crate::router::{Link, Route};
use crate::state::{self, AppState, Status, PREF_THEME};
use crate::util::prefs;
use leptos::prelude::*;

/// The navigation entries: path, label.
const NAV: [(&str, T); 9] = [
    ("/", T::nav_dashboard),
    ("/clients", T::nav_clients),
    ("/aging", T::nav_aging),
    ("/invoices", T::nav_invoices),
    ("/import", T::nav_import),
    ("/bank", T::nav_bank),
    ("/reminders", T::nav_reminders),
    ("/credit", T::nav_credit),
    ("/settings", T::nav_settings),
];

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    leptos::task::spawn_local(state::init(state));
    crate::util::register_service_worker(move || {
        state.banner.set(Some(crate::state::Banner {
            text: state.t(T::new_version).to_string(),
            reload: true,
            error: false,
        }))
    });

    // <html lang> and the theme follow the preferences.
    Effect::new(move |_| {
        let lang = state.lang.get();
        let theme = state.theme.get();
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.code());
            let _ = html.set_attribute("data-theme", &theme);
        }
    });

    let route = Route::install(crate::util::base_path());
    view! {
            <a class="skip" href="#main">{move || if state.lang.get() == Lang::Fr { "Aller au contenu" } else { "Skip to content" }}</a>
            <header class="top">
                <span class="brand">"Encours"</span>
                <nav aria-label=tr(T::menu)>
                    {NAV.iter().map(|&(path, label)| view! {
                        <Link to=path class="nav-link">{tr(label)}</Link>
                    }).collect_view()}
                </nav>
                <div class="prefs">
                    <select aria-label=tr(T::language) class="lang-switch"
                        on:change=move |ev| {
                            if let Some(l) = Lang::from_code(&event_target_value(&ev)) {
                                state.set_lang(l);
                            }
                        }
                        prop:value=move || state.lang.get().code()>
                        <option value="fr">"FR"</option>
                        <option value="en">"EN"</option>
                    </select>
                    <select aria-label=tr(T::theme) class="theme-switch"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            prefs::set(PREF_THEME, &v);
                            state.theme.set(v);
                        }
                        prop:value=move || state.theme.get()>
                        <option value="system">{tr(T::theme_system)}</option>
                        <option value="light">{tr(T::theme_light)}</option>
                        <option value="dark">{tr(T::theme_dark)}</option>
                    </select>
                </div>
            </header>
            <Banners/>
            <main id="main">
                {move || match state.status.get() {
                    Status::Loading => view! { <p class="loading" role="status">{state.t(T::loading)}</p> }.into_any(),
                    Status::Failed(e) => view! { <p class="banner error" role="alert">{e}</p> }.into_any(),
                    Status::Damaged(e) => view! { <pages::damaged::Damaged error=e/> }.into_any(),
                    Status::Ready => ().into_any(),
                }}
                {move || match route.path.get().as_str() {
                    "/" => view! { <pages::dashboard::Dashboard/> }.into_any(),
                    "/clients" => view! { <pages::clients::Clients/> }.into_any(),
                    "/invoices" => view! { <pages::invoices::Invoices/> }.into_any(),
                    "/import" => view! { <pages::import::Import/> }.into_any(),
                    "/bank" => view! { <pages::bank::Bank/> }.into_any(),
                    "/reminders" => view! { <pages::reminders::Reminders/> }.into_any(),
                    "/settings" => view! { <pages::settings::Settings/> }.into_any(),
                    "/credit" => view! { <pages::credit::Credit/> }.into_any(),
                    "/aging" => view! { <pages::aging::AgedBalance/> }.into_any(),
                    p => {
                        let id = |prefix: &str| p.strip_prefix(prefix).and_then(|id| id.parse::<u64>().ok());
                        match (id("/clients/"), id("/invoices/")) {
                            (Some(id), _) => view! { <pages::client::ClientPage id=id/> }.into_any(),
                            (_, Some(id)) => view! { <pages::invoice::InvoicePage id=id/> }.into_any(),
                            _ => view! { <NotFound/> }.into_any(),
                        }
                    }
                }}
            </main>
            <footer class="foot">{tr(T::privacy)}</footer>
    }
}

#[component]
fn Banners() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || state.banner.get().map(|b| view! {
            <div class=if b.error { "banner error" } else { "banner" } role="alert">
                <span>{b.text.clone()}</span>
                {if b.reload {
                    view! { <button on:click=move |_| { let _ = web_sys::window().map(|w| w.location().reload()); }>{state.t(T::reload)}</button> }.into_any()
                } else {
                    view! { <button aria-label="×" on:click=move |_| state.banner.set(None)>"×"</button> }.into_any()
                }}
            </div>
        })}
        {move || state.toast.get().map(|text| {
            set_timeout(move || state.toast.set(None), std::time::Duration::from_secs(4));
            view! { <div class="toast" role="status">{text}</div> }
        })}
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let state = expect_context::<AppState>();
    crate::util::set_title(crate::i18n::t(state.lang.get_untracked(), T::not_found));
    view! {
        <section>
            <h1>{tr(T::not_found)}</h1>
            <Link to="/">{tr(T::back_home)}</Link>
        </section>
    }
}
