//! The steps of the import wizard: what was detected (each setting can be changed), the column
//! mapping, a preview of the first parsed rows, and the summary of what the import will do.

use super::Loaded;
use crate::format;
use crate::i18n::{plural, t, Lang, T};
use crate::messages::field_label;
use crate::widgets;
use encours_core::import::{
    header::{self, Field},
    view::{ReportView, RowView},
    DateOrder, DecimalSep, Encoding, FileKind, ImportOptions,
};
use leptos::prelude::*;

/// Rows shown in the preview.
const PREVIEW: usize = 20;
/// The remembered mapping of a header layout: this prefix, then the normalised headers.
const PREF_MAPPING: &str = "encours.mapping.";

/// A change the user made to the reading settings.
pub type Reparse = Callback<ImportOptions>;

fn layout_key(headers: &[String]) -> String {
    let names: Vec<String> = headers.iter().map(|h| header::normalize(h)).collect();
    format!("{PREF_MAPPING}{}", names.join("|"))
}

/// The mapping last used for files with these headers.
pub fn remembered(headers: &[String]) -> Option<Vec<(Field, usize)>> {
    let saved = crate::util::prefs::get(&layout_key(headers))?;
    saved
        .split(',')
        .map(|pair| {
            let (f, c) = pair.split_once('=')?;
            let field = Field::ALL.into_iter().find(|x| format!("{x:?}") == f)?;
            Some((field, c.parse().ok()?))
        })
        .collect()
}

/// Remembers the mapping used for these headers.
pub fn remember(headers: &[String], mapping: &[(Field, usize)]) {
    let v: Vec<String> = mapping.iter().map(|(f, c)| format!("{f:?}={c}")).collect();
    crate::util::prefs::set(&layout_key(headers), &v.join(","));
}

/// Step 1: what was detected, each setting a select that reads the file again.
pub fn settings(l: &Loaded, lang: Lang, reparse: Reparse) -> AnyView {
    let d = &l.parsed.detected;
    let base = l.opts.clone();
    let pick = move |f: fn(&mut ImportOptions, &str)| -> widgets::OnValue {
        let base = base.clone();
        Box::new(move |v: String| {
            let mut o = base.clone();
            f(&mut o, &v);
            reparse.run(o)
        })
    };
    let opts = |v: &[(&str, &str)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    let fr = lang == Lang::Fr;
    let kind = match d.kind {
        FileKind::Invoices => "invoices",
        FileKind::Payments => "payments",
        FileKind::Fec => "fec",
    };
    let kinds = opts(&[
        ("invoices", if fr { "Factures" } else { "Invoices" }),
        ("payments", if fr { "Règlements" } else { "Payments" }),
        ("fec", "FEC"),
    ]);
    let encodings = opts(&[
        ("utf8", "UTF-8"),
        ("1252", "Windows-1252"),
        ("885915", "ISO-8859-15"),
    ]);
    let encoding = match d.encoding {
        Encoding::Utf8 => "utf8",
        Encoding::Windows1252 => "1252",
        Encoding::Iso8859_15 => "885915",
    };
    let delimiters = opts(&[
        (";", if fr { "; point-virgule" } else { "; semicolon" }),
        (",", if fr { ", virgule" } else { ", comma" }),
        ("\t", if fr { "tabulation" } else { "tab" }),
        ("|", if fr { "| barre verticale" } else { "| pipe" }),
    ]);
    let decimals = opts(&[
        (
            "comma",
            if fr {
                "virgule (1 234,56)"
            } else {
                "comma (1 234,56)"
            },
        ),
        (
            "dot",
            if fr {
                "point (1,234.56)"
            } else {
                "dot (1,234.56)"
            },
        ),
    ]);
    let decimal = if d.decimal == DecimalSep::Comma {
        "comma"
    } else {
        "dot"
    };
    let dates = opts(&[
        ("dmy", if fr { "JJ/MM/AAAA" } else { "DD/MM/YYYY" }),
        ("mdy", if fr { "MM/JJ/AAAA" } else { "MM/DD/YYYY" }),
        ("ymd", if fr { "AAAA-MM-JJ" } else { "YYYY-MM-DD" }),
        ("compact", if fr { "AAAAMMJJ" } else { "YYYYMMDD" }),
    ]);
    let date = match d.date_order {
        DateOrder::Dmy => "dmy",
        DateOrder::Mdy => "mdy",
        DateOrder::Ymd => "ymd",
        DateOrder::Compact => "compact",
    };
    let sig = |k| Signal::stored(t(lang, k));
    // A new kind, encoding or delimiter changes the columns: the mapping is read again.
    view! {
        <fieldset class="form-row detected" data-testid="import-settings">
            <legend>{t(lang, T::step_detected)}</legend>
            {widgets::select(sig(T::file_kind), "kind", kinds, kind.into(), pick(|o, v| {
                o.mapping = None;
                o.kind = Some(match v { "payments" => FileKind::Payments, "fec" => FileKind::Fec, _ => FileKind::Invoices });
                o.format = if v == "fec" { encours_core::import::Format::Fec } else { encours_core::import::Format::Csv };
            }))}
            {widgets::select(sig(T::encoding), "encoding", encodings, encoding.into(), pick(|o, v| {
                o.encoding = Some(match v { "1252" => Encoding::Windows1252, "885915" => Encoding::Iso8859_15, _ => Encoding::Utf8 });
            }))}
            {widgets::select(sig(T::delimiter), "delimiter", delimiters, (d.delimiter as char).to_string(), pick(|o, v| {
                o.mapping = None;
                o.delimiter = v.bytes().next();
            }))}
            {widgets::select(sig(T::decimal), "decimal", decimals, decimal.into(), pick(|o, v| {
                o.decimal = Some(if v == "dot" { DecimalSep::Dot } else { DecimalSep::Comma });
            }))}
            {widgets::select(sig(T::date_format), "dates", dates, date.into(), pick(|o, v| {
                o.date_order = Some(match v { "mdy" => DateOrder::Mdy, "ymd" => DateOrder::Ymd, "compact" => DateOrder::Compact, _ => DateOrder::Dmy });
            }))}
            <p class="hint">{t(lang, T::header_row)}{if d.bom { " · BOM UTF-8" } else { "" }}
                {if d.date_ambiguous { format!(" · {}", t(lang, T::dates_ambiguous)) } else { String::new() }}</p>
        </fieldset>
    }
    .into_any()
}

/// Step 2: each column of the file and the field it fills (CSV files only).
pub fn mapping(l: &Loaded, lang: Lang, reparse: Reparse) -> AnyView {
    let d = &l.parsed.detected;
    if d.kind == FileKind::Fec {
        return ().into_any();
    }
    let current = d.mapping.clone();
    let base = l.opts.clone();
    let rows = d.headers.iter().enumerate().map(|(col, h)| {
        let selected = current.iter().find(|(_, c)| *c == col).map(|(f, _)| format!("{f:?}")).unwrap_or_default();
        let mut options = vec![(String::new(), t(lang, T::ignore_column).to_string())];
        options.extend(Field::ALL.iter().map(|f| (format!("{f:?}"), field_label(lang, *f).to_string())));
        let (current, base) = (current.clone(), base.clone());
        let on: widgets::OnValue = Box::new(move |v: String| {
            // A field fills one column: choosing it here takes it from wherever it was.
            let field = Field::ALL.into_iter().find(|f| format!("{f:?}") == v);
            let mut m: Vec<(Field, usize)> = current.iter().copied().filter(|(f, c)| *c != col && Some(*f) != field).collect();
            if let Some(f) = field {
                m.push((f, col));
            }
            let mut o = base.clone();
            o.mapping = Some(m);
            reparse.run(o);
        });
        let label = if h.is_empty() { format!("{}", col + 1) } else { h.clone() };
        let options = options.into_iter().map(|(v, text)| {
            let sel = v == selected;
            view! { <option value=v selected=sel>{text}</option> }
        }).collect_view();
        view! { <tr><th scope="row">{label.clone()}</th><td><select name="field" aria-label=label on:change=move |ev| on(event_target_value(&ev))>{options}</select></td></tr> }
    }).collect_view();
    view! {
        <fieldset class="mapping" data-testid="import-mapping">
            <legend>{t(lang, T::step_mapping)}</legend>
            {l.remembered.then(|| view! { <p class="hint" data-testid="mapping-remembered">{t(lang, T::mapping_remembered)}</p> })}
            <table><thead><tr><th>{t(lang, T::file_column)}</th><th>{t(lang, T::field)}</th></tr></thead><tbody>{rows}</tbody></table>
        </fieldset>
    }
    .into_any()
}

/// Step 3: the first parsed rows, as they will be stored.
pub fn preview(l: &Loaded, lang: Lang) -> AnyView {
    let s = &l.parsed.staged;
    let name = |c: u32| {
        s.clients
            .get(c as usize)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let cur = l.opts.currency;
    let m = |d| format::money(lang, d, cur);
    let (head, rows): (Vec<T>, Vec<Vec<String>>) = if l.parsed.detected.kind != FileKind::Payments {
        (
            vec![
                T::line,
                T::number,
                T::client,
                T::issue_date,
                T::due_date,
                T::amount,
                T::paid,
            ],
            s.invoices
                .iter()
                .take(PREVIEW)
                .map(|r| {
                    vec![
                        r.line.to_string(),
                        r.number.to_string(),
                        name(r.client),
                        format::date(lang, r.issue_date),
                        r.due_date
                            .map(|d| format::date(lang, d))
                            .unwrap_or_default(),
                        format::money(lang, r.total, r.currency),
                        r.paid.map(m).unwrap_or_default(),
                    ]
                })
                .collect(),
        )
    } else {
        (
            vec![T::line, T::payment_date, T::client, T::amount, T::number],
            s.payments
                .iter()
                .take(PREVIEW)
                .map(|p| {
                    vec![
                        p.line.to_string(),
                        format::date(lang, p.date),
                        name(p.client),
                        format::money(lang, p.amount, p.currency),
                        p.allocations
                            .iter()
                            .map(|(n, _)| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                })
                .collect(),
        )
    };
    view! {
        <fieldset class="preview">
            <legend>{t(lang, T::step_preview)}</legend>
            <div class="table-wrap"><table data-testid="import-rows">
                <thead><tr>{head.into_iter().map(|k| view! { <th>{t(lang, k)}</th> }).collect_view()}</tr></thead>
                <tbody>{rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
            </table></div>
        </fieldset>
    }
    .into_any()
}

/// Step 4: what the import will do, and the rows it cannot take (`summary`: worked out
/// after the wizard is drawn; until then the step says so).
pub fn summary(records: u64, summary: RwSignal<Option<ReportView>>, lang: Lang) -> AnyView {
    let n = move |v: u64, one, many| {
        let v = v as usize;
        view! { <li><strong>{crate::format::count(lang, v)}</strong>" "{t(lang, plural(lang, v, one, many))}</li> }
    };
    view! {
        <fieldset class="summary">
            <legend>{t(lang, T::step_summary)}</legend>
            {move || match summary.get() {
                None => view! { <p class="note" data-testid="import-preview-pending">{t(lang, T::loading)}</p> }.into_any(),
                Some(r) => {
                    let bad = bad_lines(&r.errors);
                    view! {
                        <ul class="counts" data-testid="import-preview">
                            {n(r.new_invoices, T::new_invoice, T::new_invoices)}
                            {n(r.updated_invoices, T::updated_invoice, T::updated_invoices)}
                            {n(r.unchanged_invoices, T::unchanged_invoice, T::unchanged_invoices)}
                            {n(r.new_payments, T::new_payment, T::new_payments)}
                            <li data-testid="bad-rows"><strong>{bad}</strong>" "{t(lang, plural(lang, bad, T::row_error, T::rows_errors))}</li>
                        </ul>
                        {error_table(r.errors, lang)}
                        {warning_table(r.warnings, lang)}
                    }
                    .into_any()
                }
            }}
            {(records == 0).then(|| view! { <p class="banner warning" role="status" data-testid="import-no-rows">{t(lang, T::import_no_rows)}</p> })}
        </fieldset>
    }
    .into_any()
}

/// Lines with at least one error.
fn bad_lines(errors: &[RowView]) -> usize {
    let mut lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    encours_core::small::sort_by(&mut lines, Ord::cmp);
    lines.dedup();
    lines.len()
}

/// The errors with their line and column, and a CSV of them.
pub fn error_table(errors: Vec<RowView>, lang: Lang) -> AnyView {
    rows_table(errors, lang, "errors", "import-errors.csv", T::errors_csv)
}

/// The warnings (rows imported, or left out on purpose), the same way.
pub fn warning_table(warnings: Vec<RowView>, lang: Lang) -> AnyView {
    if warnings.is_empty() {
        return ().into_any();
    }
    view! {
        <h3>{t(lang, T::import_warnings)}</h3>
        {rows_table(warnings, lang, "warnings", "import-warnings.csv", T::warnings_csv)}
    }
    .into_any()
}

fn rows_table(
    errors: Vec<RowView>,
    lang: Lang,
    class: &'static str,
    file: &'static str,
    download: T,
) -> AnyView {
    if errors.is_empty() {
        return ().into_any();
    }
    let csv: String = std::iter::once("line;column;code;message\r\n".to_string())
        .chain(errors.iter().map(|e| {
            format!(
                "{};{};{};{}\r\n",
                e.line,
                e.column,
                e.code,
                encours_core::export::text(e.words.get(lang.core()), ';')
            )
        }))
        .collect();
    view! {
        <div class="table-wrap">
            <table class=class data-testid=format!("import-{class}")>
                <thead><tr><th>{t(lang, T::line)}</th><th>{t(lang, T::column)}</th><th>{t(lang, T::message)}</th></tr></thead>
                <tbody>
                    {errors.iter().take(200).map(|e| view! { <tr><td>{e.line}</td><td>{e.column}</td><td data-code=e.code.clone()>{e.words.get(lang.core()).to_string()}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <button class="button small" on:click=move |_| crate::util::download(file, "text/csv", &csv)>{t(lang, download)}</button>
    }
    .into_any()
}
