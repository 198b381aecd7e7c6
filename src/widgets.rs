//! Form controls shared by the pages. Each is one non-generic function taking boxed
//! callbacks: a control written inline in a `view!` compiles its own copy of the element
//! code, these compile once (the wasm budget is tight).

use leptos::prelude::*;

/// Called with the control's new value.
pub type OnValue = Box<dyn Fn(String) + 'static>;

/// A labelled text input (or textarea when `rows > 0`), reporting on change.
pub fn field(
    label: Signal<&'static str>,
    name: &'static str,
    value: String,
    rows: u32,
    on: OnValue,
) -> AnyView {
    let control = if rows > 0 {
        view! { <textarea name=name rows=rows.to_string() prop:value=value on:change=move |ev| on(event_target_value(&ev))></textarea> }.into_any()
    } else {
        view! { <input name=name value=value on:change=move |ev| on(event_target_value(&ev))/> }
            .into_any()
    };
    view! { <label>{label}{control}</label> }.into_any()
}

/// A labelled select of (value, text) options.
pub fn select(
    label: Signal<&'static str>,
    name: &'static str,
    options: Vec<(String, String)>,
    selected: String,
    on: OnValue,
) -> AnyView {
    let options = options
        .into_iter()
        .map(|(v, t)| {
            let sel = v == selected;
            view! { <option value=v selected=sel>{t}</option> }.into_any()
        })
        .collect_view();
    view! {
        <label>{label}<select name=name on:change=move |ev| on(event_target_value(&ev))>{options}</select></label>
    }
    .into_any()
}

/// A labelled checkbox.
pub fn check(
    label: Signal<&'static str>,
    checked: bool,
    on: Box<dyn Fn(bool) + 'static>,
) -> AnyView {
    view! { <label class="check"><input type="checkbox" checked=checked on:change=move |ev| on(event_target_checked(&ev))/>{label}</label> }.into_any()
}

/// A button.
pub fn button(
    label: Signal<&'static str>,
    class: &'static str,
    on: Box<dyn Fn() + 'static>,
) -> AnyView {
    view! { <button class=class on:click=move |_| on()>{label}</button> }.into_any()
}

/// Moves the keyboard focus to the first element matching `selector` once the page has
/// drawn it (a form just opened, a result just shown).
pub fn focus_soon(selector: String) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let el = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}
