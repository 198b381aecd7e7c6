//! Import: pick or drop a file, see what was detected and which rows are wrong, then commit the
//! good rows in one transaction; the last import can be undone.

use crate::i18n::{tr, T};
use crate::state::{self, AppState};
use encours_core::import::{self, FileKind, ImportOptions, ImportReport, ParseJob, Parsed};
use leptos::prelude::*;

/// Records parsed between two yields to the browser (about 40 ms on a laptop).
const SLICE: usize = 20_000;

#[derive(Clone)]
struct Loaded {
    name: String,
    parsed: Parsed,
    opts: ImportOptions,
}

#[component]
pub fn Import() -> impl IntoView {
    super::title(T::nav_import);
    let state = expect_context::<AppState>();
    let loaded = RwSignal::new(None::<Loaded>);
    let file_error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<f64>);

    let take_file = move |file: web_sys::File| {
        report.set(None);
        file_error.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match crate::util::read_file(&file).await {
                Ok(bytes) => {
                    let opts = ImportOptions::builder(state.today.get_untracked())
                        .label(name.clone())
                        .build();
                    // In slices, yielding in between: the page stays responsive and shows how
                    // far it is on large files.
                    let parsed = match ParseJob::new(&bytes, &opts) {
                        Ok(mut job) => {
                            while !job.step(SLICE) {
                                progress.set(Some(job.progress()));
                                crate::util::yield_now().await;
                            }
                            progress.set(None);
                            Ok(job.finish())
                        }
                        Err(e) => Err(e),
                    };
                    match parsed {
                        Ok(parsed) => loaded.set(Some(Loaded { name, parsed, opts })),
                        Err(e) => {
                            loaded.set(None);
                            file_error.set(Some(format!("{name}: {e}")));
                        }
                    }
                }
                Err(e) => file_error.set(Some(e)),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            take_file(f);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            take_file(f);
        }
    };
    let commit = move |_| {
        let Some(l) = loaded.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let today = state.today.get_untracked();
            match state::change_all(state, |ledger| {
                let was = encours_core::credit_limit::over_limit(ledger, today);
                let r = import::apply(ledger, &l.parsed.staged, &l.opts);
                let over: Vec<String> =
                    encours_core::credit_limit::pushed_over(&was, ledger, today)
                        .iter()
                        .filter_map(|a| ledger.client(a.client).map(|c| c.name.clone()))
                        .collect();
                (r, over)
            })
            .await
            {
                Ok((mut r, over)) => {
                    if !over.is_empty() {
                        state.error(format!(
                            "{}{}{}",
                            state.t(T::over_limit),
                            crate::format::colon(state.lang.get_untracked()),
                            over.join(", ")
                        ));
                    }
                    let mut errors = l.parsed.errors.clone();
                    errors.append(&mut r.errors);
                    r.errors = errors;
                    report.set(Some(r));
                    loaded.set(None);
                    state::request_persistence();
                }
                Err(e) => state.error(e),
            }
            busy.set(false);
        });
    };
    let undo = move |_| {
        leptos::task::spawn_local(async move {
            match state::change_all(state, |l| l.undo_last_batch().map(|b| b.label)).await {
                Ok(Ok(label)) => state.notify(format!("↶ {label}")),
                Ok(Err(e)) => state.error(e),
                Err(e) => state.error(e),
            }
        });
    };
    let has_batches = Memo::new(move |_| state.ledger.with(|l| !l.batches.is_empty()));

    view! {
        <section>
            <h1>{tr(T::import_title)}</h1>
            <label class="drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" data-testid="import-file" on:change=on_pick/>
                <span>{tr(T::import_pick)}</span>
                <span class="hint">{tr(T::import_drop)}</span>
            </label>
            {move || progress.get().map(|p| view! {
                <progress class="import-progress" max="1" value=p.to_string() aria-label=tr(T::loading)></progress>
            })}
            {move || file_error.get().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
            {move || loaded.get().map(|l| {
                let d = l.parsed.detected.clone();
                let kind = match d.kind { FileKind::Invoices => "factures / invoices", FileKind::Payments => "règlements / payments", FileKind::Fec => "FEC" };
                let delim = match d.delimiter { b'\t' => "tab".to_string(), c => (c as char).to_string() };
                let good = l.parsed.staged.invoices.len() + l.parsed.staged.payments.len();
                let errors = l.parsed.errors.clone();
                view! {
                    <div class="panel">
                        <h2>{l.name.clone()}</h2>
                        <dl class="detected">
                            <dt>{state.t(T::file_kind)}</dt><dd>{kind}</dd>
                            <dt>{state.t(T::encoding)}</dt><dd>{d.encoding.name()}{if d.bom { " (BOM)" } else { "" }}</dd>
                            <dt>{state.t(T::delimiter)}</dt><dd>{delim}</dd>
                            <dt>{state.t(T::decimal)}</dt><dd>{format!("{:?}", d.decimal)}</dd>
                            <dt>{state.t(T::date_format)}</dt><dd>{format!("{:?}{}", d.date_order, if d.date_ambiguous { " ?" } else { "" })}</dd>
                        </dl>
                        <p data-testid="import-preview"><strong>{good}</strong>" "{state.t(T::rows_ok)}" · "<strong>{errors.len()}</strong>" "{state.t(T::rows_errors)}</p>
                        <ErrorTable errors=errors/>
                        <button class="button primary" data-testid="import-commit" disabled=move || busy.get() on:click=commit>{tr(T::do_import)}</button>
                    </div>
                }
            })}
            {move || report.get().map(|r| view! {
                <div class="panel" role="status" data-testid="import-report">
                    <h2>{state.t(T::import_done)}</h2>
                    {if r.batch.is_none() { view! { <p>{state.t(T::nothing_changed)}</p> }.into_any() } else { view! {
                        <p>{r.new_invoices}" "{state.t(T::new_invoices)}" · "{r.updated_invoices}" "{state.t(T::updated_invoices)}" · "
                           {r.unchanged_invoices}" "{state.t(T::unchanged_invoices)}" · "{r.new_payments}" "{state.t(T::new_payments)}</p>
                    }.into_any() }}
                    <ul>{r.changes.iter().take(50).map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                    <ErrorTable errors=r.errors.clone()/>
                </div>
            })}
            <Show when=move || has_batches.get()>
                <button class="button" on:click=undo>{tr(T::undo_import)}</button>
            </Show>
        </section>
    }
}

#[component]
fn ErrorTable(errors: Vec<import::RowError>) -> impl IntoView {
    let state = expect_context::<AppState>();
    (!errors.is_empty()).then(|| {
        let csv: String = std::iter::once("line;column;message\r\n".to_string())
            .chain(errors.iter().map(|e| format!("{};{};{}\r\n", e.line, e.column, encours_core::export::text(&e.message, ';'))))
            .collect();
        view! {
            <div class="table-wrap">
                <table class="errors">
                    <thead><tr><th>{state.t(T::line)}</th><th>{state.t(T::column)}</th><th>{state.t(T::message)}</th></tr></thead>
                    <tbody>
                        {errors.iter().take(200).map(|e| view! { <tr><td>{e.line}</td><td>{e.column}</td><td>{e.message.clone()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <button class="button small" on:click=move |_| crate::util::download("import-errors.csv", "text/csv", &csv)>"CSV ↓"</button>
        }
    })
}
