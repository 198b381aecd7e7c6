//! One module per page.

pub mod aging;
pub mod bank;
pub mod charts;
pub mod client;
pub mod clients;
pub mod credit;
pub mod damaged;
pub mod dashboard;
pub mod filter;
pub mod history;
pub mod import;
pub mod invoice;
pub mod invoices;
pub mod profile;
pub mod rates;
pub mod reminders;
pub mod restore;
pub mod review;
pub mod settings;
pub mod sync;

use crate::i18n::T;
use crate::state::AppState;
use leptos::prelude::*;

/// Keeps the document title in step with the page and the language.
pub fn title(key: T) {
    let state = expect_context::<AppState>();
    Effect::new(move |_| crate::util::set_title(state.t(key)));
}

/// Turns true in a later task (the `step`-th after the page is put in place): a section whose
/// work reads it is computed after the page's first paint, each section in a task of its own,
/// so that opening a page at 100k invoices is not one long block of work (Crédit's 1.2 s).
pub fn after_paint(step: u32) -> Signal<bool> {
    let ready = RwSignal::new(false);
    set_timeout(
        move || ready.set(true),
        std::time::Duration::from_millis(u64::from(step)),
    );
    ready.into()
}

/// The book's changes (and the date's), seen `step` ms late, each in a task of its own: a
/// section whose figures read the book through it (untracked) is computed after the page's
/// first paint and again after each change, each section apart — a payment that another tab
/// or device made no longer recomputes the dashboard's four sections in the task that
/// applied it (95 ms at 100k invoices, the sync bench's receiving page). 0 until the first.
pub fn settled(state: AppState, step: u32) -> Signal<u64> {
    let seen = RwSignal::new(0u64);
    let asked = StoredValue::new(0u64);
    Effect::new(move |_| {
        state.portfolio.track();
        state.today.track();
        let k = asked.get_value() + 1;
        asked.set_value(k);
        set_timeout(
            move || {
                if asked.get_value() == k {
                    seen.set(k);
                }
            },
            std::time::Duration::from_millis(u64::from(step)),
        );
    });
    seen.into()
}

/// Computes `memo` in a task of its own, `step` ms after the first paint, so that the work
/// reading it next does not add its time to that task.
pub fn warm<T: Send + Sync + 'static>(memo: Memo<T>, step: u32) {
    let ready = after_paint(step);
    Effect::new(move |_| {
        if ready.get() {
            memo.with(|_| ());
        }
    });
}

/// "n of m shown" and a button that lays out `step` more, when `limit` leaves some of `count`
/// rows out (nothing otherwise).
pub fn show_more(
    lang: crate::i18n::Lang,
    count: usize,
    limit: RwSignal<usize>,
    step: usize,
    testid: &'static str,
) -> Option<AnyView> {
    use crate::format::count as n;
    let t = |k| crate::i18n::t(lang, k);
    let shown = count.min(limit.get());
    (shown < count).then(|| {
        view! {
            <p class="more">{format!("{} {} {}", n(lang, shown), t(T::rows_shown), n(lang, count))}" "
                <button class="button small" data-testid=testid on:click=move |_| limit.update(|l| *l += step)>{t(T::show_more)}</button></p>
        }
        .into_any()
    })
}

/// The line a section shows while its figures are being computed.
pub fn computing() -> AnyView {
    view! { <p class="loading" role="status">{crate::i18n::tr(T::loading)}</p> }.into_any()
}
