//! Import: pick or drop a file (invoices or payments CSV, FEC), check what was detected and
//! change it, map the columns, preview the first rows and see what the import will do; then
//! commit the good rows in one transaction. The last import can be undone.

mod wizard;

use crate::dispatch::dispatch;
use crate::i18n::{plural, tr, T};
use crate::state::{self, AppState};
use encours_core::import::{
    self, Code, FileError, FileKind, ImportOptions, ImportReport, ParseJob, Parsed,
};
use encours_core::portfolio::command::{Command, Reply};
use leptos::prelude::*;
use std::sync::Arc;

/// Records parsed between two yields to the browser (about 40 ms on a laptop).
const SLICE: usize = 20_000;

/// A file read with some options, and what importing it would do.
#[derive(Clone)]
pub struct Loaded {
    name: String,
    bytes: Arc<Vec<u8>>,
    opts: ImportOptions,
    parsed: Parsed,
    /// The import run on a copy of the data: the counts and errors shown before committing.
    summary: ImportReport,
    /// The column mapping came from an earlier import of the same layout.
    remembered: bool,
}

/// Why a file could not be read: a core code (said in the UI's language) or the browser's own
/// words for a file it could not hand over.
#[derive(Clone)]
enum FileProblem {
    Code(String, Code),
    Browser(String),
}

impl FileProblem {
    fn text(&self, lang: crate::i18n::Lang) -> String {
        match self {
            FileProblem::Code(name, code) => {
                format!(
                    "{name}{}{}",
                    crate::format::colon(lang),
                    crate::messages::import_code(lang, code)
                )
            }
            FileProblem::Browser(e) => e.clone(),
        }
    }
}

/// Parses in slices, yielding in between: the page stays responsive and shows how far it is.
async fn parse(
    bytes: &[u8],
    opts: &ImportOptions,
    progress: RwSignal<Option<f64>>,
) -> Result<Parsed, FileError> {
    let mut job = ParseJob::new(bytes, opts)?;
    while !job.step(SLICE) {
        progress.set(Some(job.progress()));
        crate::util::yield_now().await;
    }
    progress.set(None);
    Ok(job.finish())
}

/// Reads the file with `opts`; on a first read, the mapping remembered for its header layout
/// replaces the one guessed from the header names.
async fn load(
    state: AppState,
    name: String,
    bytes: Arc<Vec<u8>>,
    mut opts: ImportOptions,
    first: bool,
    progress: RwSignal<Option<f64>>,
) -> Result<Loaded, FileError> {
    // Columns not found by their names: the header is shown for mapping them by hand.
    let mut parsed = match parse(&bytes, &opts, progress).await {
        Ok(p) => p,
        Err(e) => import::unmapped(&bytes, &opts).map_err(|_| e)?,
    };
    let mut remembered = false;
    if first && parsed.detected.kind != FileKind::Fec {
        if let Some(m) = wizard::remembered(&parsed.detected.headers) {
            if m != parsed.detected.mapping {
                opts.mapping = Some(m);
                parsed = parse(&bytes, &opts, progress).await?;
                remembered = true;
            }
        }
    }
    crate::util::yield_now().await;
    // What the import would do, on the part of the book the file reaches (no copy of it).
    let summary = state
        .portfolio
        .with_untracked(|l| import::preview(l.ledger(), &parsed, &opts));
    Ok(Loaded {
        name,
        bytes,
        opts,
        parsed,
        summary,
        remembered,
    })
}

#[component]
pub fn Import() -> impl IntoView {
    super::title(T::nav_import);
    let state = expect_context::<AppState>();
    let loaded = RwSignal::new(None::<Loaded>);
    let file_error = RwSignal::new(None::<FileProblem>);
    let report = RwSignal::new(None::<ImportReport>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<f64>);

    let run = move |name: String, bytes: Arc<Vec<u8>>, opts: ImportOptions, first: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match load(state, name.clone(), bytes, opts, first, progress).await {
                Ok(l) => {
                    file_error.set(None);
                    loaded.set(Some(l));
                }
                Err(e) => {
                    progress.set(None);
                    // With other settings the file might read: keep it loaded to try again.
                    if first {
                        loaded.set(None);
                    }
                    file_error.set(Some(FileProblem::Code(name, e.0)));
                }
            }
            busy.set(false);
        });
    };
    let reparse = Callback::new(move |opts: ImportOptions| {
        if let Some((name, bytes)) =
            loaded.with_untracked(|l| l.as_ref().map(|l| (l.name.clone(), l.bytes.clone())))
        {
            run(name, bytes, opts, false);
        }
    });
    let route = expect_context::<crate::router::Route>();
    let take_file = move |file: web_sys::File| {
        report.set(None);
        file_error.set(None);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match crate::util::read_file(&file).await {
                // A bank statement goes to the Rapprochement page.
                Ok(bytes) if encours_core::bank::looks_like_statement(&bytes) => {
                    super::bank::hand_over(name, Arc::new(bytes));
                    route.navigate("/bank");
                }
                Ok(bytes) => {
                    let opts = ImportOptions::builder(state.today.get_untracked())
                        .label(name.clone())
                        .build();
                    run(name, Arc::new(bytes), opts, true);
                }
                Err(e) => file_error.set(Some(FileProblem::Browser(e))),
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
    let commit_error = RwSignal::new(None::<String>);
    let commit = move |_| {
        let Some(l) = loaded.get_untracked() else {
            return;
        };
        busy.set(true);
        commit_error.set(None);
        leptos::task::spawn_local(async move {
            crate::util::yield_now().await;
            let detected = l.parsed.detected.clone();
            let cmd = Command::Import {
                parsed: Box::new(l.parsed),
                opts: Box::new(l.opts),
            };
            match dispatch(state, cmd).await {
                Ok(Reply::Imported {
                    report: r,
                    over_limit,
                }) => {
                    let over: Vec<String> = state.portfolio.with_untracked(|p| {
                        over_limit
                            .iter()
                            .filter_map(|c| p.client(*c).map(|c| c.name.clone()))
                            .collect()
                    });
                    if !over.is_empty() {
                        state.error(format!(
                            "{}{}{}",
                            state.t(T::over_limit),
                            crate::format::colon(state.lang.get_untracked()),
                            over.join(", ")
                        ));
                    }
                    if detected.kind != FileKind::Fec {
                        wizard::remember(&detected.headers, &detected.mapping);
                    }
                    report.set(Some(*r));
                    loaded.set(None);
                    state::request_persistence();
                }
                Ok(_) => {}
                // Shown next to the Import button, where the user is looking.
                Err(e) => commit_error.set(Some(e.text(state.lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    let undo = move |_| {
        leptos::task::spawn_local(async move {
            match dispatch(state, Command::UndoImport).await {
                Ok(Reply::ImportUndone { label }) => state.notify(format!("↶ {label}")),
                Ok(_) => {}
                Err(e) => state.error(e.text(state.lang.get_untracked())),
            }
        });
    };
    let has_batches = Memo::new(move |_| state.portfolio.with(|l| !l.batches.is_empty()));

    view! {
        <section class="import">
            <h1>{tr(T::import_title)}</h1>
            <label class="drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" data-testid="import-file" on:change=on_pick/>
                <span>{tr(T::import_pick)}</span>
                <span class="hint">{tr(T::import_drop)}</span>
            </label>
            {move || progress.get().map(|p| view! {
                <progress class="import-progress" max="1" value=p.to_string() aria-label=tr(T::loading)></progress>
            })}
            {move || file_error.get().map(|e| view! { <p class="banner error" role="alert" data-testid="import-file-error">{e.text(state.lang.get())}</p> })}
            {move || {
                let lang = state.lang.get();
                loaded.with(|l| l.as_ref().map(|l| {
                    let empty = l.parsed.staged.invoices.is_empty() && l.parsed.staged.payments.is_empty();
                    view! {
                    <div class="panel wizard">
                        <h2>{l.name.clone()}</h2>
                        {wizard::settings(l, lang, reparse)}
                        {wizard::mapping(l, lang, reparse)}
                        {wizard::preview(l, lang)}
                        {wizard::summary(l, lang)}
                        <div class="actions">
                            <button class="button primary" data-testid="import-commit" disabled=move || busy.get() || empty on:click=commit>{tr(T::do_import)}</button>
                            <button class="button" on:click=move |_| loaded.set(None)>{tr(T::cancel)}</button>
                        </div>
                        {move || commit_error.get().map(|e| view! { <p class="banner error" role="alert" data-testid="import-error">{e}</p> })}
                    </div>
                }}))
            }}
            {move || report.get().map(|r| {
                let lang = state.lang.get();
                view! {
                    <div class="panel" role="status" data-testid="import-report">
                        <h2>{state.t(T::import_done)}</h2>
                        {if r.batch.is_none() { view! { <p>{state.t(T::nothing_changed)}</p> }.into_any() } else { view! {
                            <p>{crate::format::count(lang, r.new_invoices)}" "{state.t(plural(lang, r.new_invoices, T::new_invoice, T::new_invoices))}" · "
                               {crate::format::count(lang, r.updated_invoices)}" "{state.t(plural(lang, r.updated_invoices, T::updated_invoice, T::updated_invoices))}" · "
                               {crate::format::count(lang, r.unchanged_invoices)}" "{state.t(plural(lang, r.unchanged_invoices, T::unchanged_invoice, T::unchanged_invoices))}" · "
                               {crate::format::count(lang, r.new_payments)}" "{state.t(plural(lang, r.new_payments, T::new_payment, T::new_payments))}</p>
                        }.into_any() }}
                        <ul>{r.changes.iter().take(50).map(|c| view! { <li>{crate::messages::import_change(lang, c)}</li> }).collect_view()}</ul>
                        {wizard::error_table(r.errors.clone(), lang)}
                        {wizard::warning_table(r.warnings.clone(), lang)}
                    </div>
                }
            })}
            <Show when=move || has_batches.get()>
                <button class="button" on:click=undo>{tr(T::undo_import)}</button>
            </Show>
        </section>
    }
}
