//! Import: pick or drop a file (invoices or payments CSV, FEC), check what was detected and
//! change it, map the columns, preview the first rows and see what the import will do; then
//! commit the good rows in one transaction. The last import can be undone.

mod wizard;

use crate::dispatch::dispatch;
use crate::i18n::{plural, tr, T};
use crate::state::{self, AppState};
use encours_core::import::{
    self, view::ReportView, Code, FileError, FileKind, ImportOptions, ParseJob, Parsed,
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
        crate::util::yield_to_paint().await;
    }
    progress.set(None);
    Ok(job.finish())
}

/// Reads the file with `opts`; on a first read, the mapping remembered for its header layout
/// replaces the one guessed from the header names.
async fn load(
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
    Ok(Loaded {
        name,
        bytes,
        opts,
        parsed,
        remembered,
    })
}

/// What importing the file now `loaded` would do, on the part of the book the file reaches
/// (no copy of it): in the engine's worker, or here when there is none. `None` when no file
/// is loaded any more.
async fn preview(state: AppState, loaded: RwSignal<Option<Loaded>>) -> Option<ReportView> {
    let (bytes, opts) =
        loaded.with_untracked(|l| l.as_ref().map(|l| (l.bytes.clone(), l.opts.clone())))?;
    if let Some(view) = crate::engine::import("preview", &opts, &bytes).await {
        return Some(view);
    }
    loaded.with_untracked(|l| {
        let l = l.as_ref()?;
        let report = state
            .portfolio
            .with_untracked(|p| import::preview(p.ledger(), &l.parsed, &l.opts));
        Some(ReportView::of(&report, &[]))
    })
}

#[component]
pub fn Import() -> impl IntoView {
    super::title(T::nav_import);
    let state = expect_context::<AppState>();
    let loaded = RwSignal::new(None::<Loaded>);
    let file_error = RwSignal::new(None::<FileProblem>);
    let report = RwSignal::new(None::<ReportView>);
    // Apart from `loaded`: the wizard is drawn once the file is read, and only this part
    // again when the preview comes (drawing the whole wizard with it held a click's paint).
    let summary = RwSignal::new(None::<ReportView>);
    let busy = RwSignal::new(false);
    let progress = RwSignal::new(None::<f64>);

    let run = move |name: String, bytes: Arc<Vec<u8>>, opts: ImportOptions, first: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            summary.set(None);
            match load(name.clone(), bytes, opts, first, progress).await {
                Ok(l) => {
                    file_error.set(None);
                    loaded.set(Some(l));
                    // The wizard is painted before its summary is worked out.
                    crate::util::yield_to_paint().await;
                    let asked = loaded.with_untracked(|l| l.as_ref().map(|l| l.opts.clone()));
                    let view = preview(state, loaded).await;
                    // Settings changed meanwhile: their own read sets the summary.
                    if loaded.with_untracked(|l| l.as_ref().map(|l| l.opts.clone())) == asked {
                        summary.set(view);
                    }
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
        // Not the parsed rows (a copy of 100,000 of them is a long task): the worker reads
        // the file again.
        let Some((bytes, opts, detected)) = loaded.with_untracked(|l| {
            let l = l.as_ref()?;
            Some((l.bytes.clone(), l.opts.clone(), l.parsed.detected.clone()))
        }) else {
            return;
        };
        busy.set(true);
        commit_error.set(None);
        leptos::task::spawn_local(async move {
            crate::util::yield_now().await;
            // Imported and stored by the engine's worker (the page then reads the stored book
            // back in steps); here, as one command, when the worker did not.
            let done = match crate::engine::import("import_with", &opts, &bytes).await {
                Some(view) => {
                    state::catch_up(state).await;
                    Ok(Some(view))
                }
                None => match loaded.with_untracked(|l| l.as_ref().map(|l| l.parsed.clone())) {
                    Some(parsed) => {
                        let cmd = Command::Import {
                            parsed: Box::new(parsed),
                            opts: Box::new(opts),
                        };
                        dispatch(state, cmd).await.map(|reply| match reply {
                            Reply::Imported { report, over_limit } => {
                                Some(ReportView::of(&report, &over_limit))
                            }
                            _ => None,
                        })
                    }
                    None => Ok(None),
                },
            };
            match done {
                Ok(Some(r)) => {
                    let over: Vec<String> = state.portfolio.with_untracked(|p| {
                        (r.over_limit.iter())
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
                    report.set(Some(r));
                    loaded.set(None);
                    state::request_persistence();
                }
                Ok(None) => {}
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
                        {wizard::summary(l.parsed.records, summary, lang)}
                        <div class="actions">
                            <button class="button primary" data-testid="import-commit" disabled=move || busy.get() || empty || summary.with(Option::is_none) on:click=commit>{tr(T::do_import)}</button>
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
                        {if !r.changed { view! { <p>{state.t(T::nothing_changed)}</p> }.into_any() } else {
                            let n = |v: u64, one, many| view! { {crate::format::count(lang, v as usize)}" "{state.t(plural(lang, v as usize, one, many))} };
                            view! {
                            <p>{n(r.new_invoices, T::new_invoice, T::new_invoices)}" · "
                               {n(r.updated_invoices, T::updated_invoice, T::updated_invoices)}" · "
                               {n(r.unchanged_invoices, T::unchanged_invoice, T::unchanged_invoices)}" · "
                               {n(r.new_payments, T::new_payment, T::new_payments)}</p>
                        }.into_any() }}
                        <ul>{r.changes.iter().map(|c| view! { <li>{c.get(lang.core()).to_string()}</li> }).collect_view()}</ul>
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
