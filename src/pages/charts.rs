//! Charts drawn as SVG by the app (no chart library, nothing fetched): monthly lines and
//! horizontal bars. Each mark has a tooltip (`<title>`), each chart an accessible label, and the
//! colours come from the theme's variables so that dark mode reads too. Coordinates are floats:
//! they place pixels, no amount is computed with them.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const W: f64 = 360.0;
const H: f64 = 150.0;
const LEFT: f64 = 8.0;
const BOTTOM: f64 = 18.0;

fn month_name(lang: Lang, d: NaiveDate) -> &'static str {
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let i = d.month0() as usize;
    match lang {
        Lang::Fr => FR[i],
        Lang::En => EN[i],
    }
}

/// One line of a monthly chart: its name, CSS class and a value per month (`None`: no point).
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
    /// The value as the tooltip reads it.
    pub texts: Vec<String>,
}

/// Lines over months, with a legend.
pub fn monthly(lang: Lang, label: String, months: &[NaiveDate], series: Vec<Series>) -> AnyView {
    let n = months.len().max(2);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |m, v| m.max(*v))
        .max(1.0);
    let x = move |i: usize| LEFT + i as f64 * (W - 2.0 * LEFT) / (n - 1) as f64;
    let y = move |v: f64| (H - BOTTOM) - v.max(0.0) / max * (H - BOTTOM - 8.0);
    let axis = months
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == (months.len() + 1) % 2)
        .map(|(i, m)| view! { <text x=format!("{:.1}", x(i)) y=format!("{}", H - 4.0) text-anchor="middle" class="axis">{month_name(lang, *m)}</text> })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| view! { <span class=format!("key {}", s.class)>{s.name.clone()}</span> })
        .collect_view();
    let lines = series
        .into_iter()
        .map(|s| {
            let points: Vec<String> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
                .collect();
            let dots = s
                .values
                .iter()
                .zip(&s.texts)
                .zip(months)
                .enumerate()
                .filter_map(|(i, ((v, t), m))| {
                    v.map(|v| {
                        let tip = format!("{} {} · {}: {t}", month_name(lang, *m), m.year(), s.name);
                        view! { <circle cx=format!("{:.1}", x(i)) cy=format!("{:.1}", y(v)) r="3.5"><title>{tip}</title></circle> }
                    })
                })
                .collect_view();
            view! { <g class=format!("series {}", s.class)><polyline points=points.join(" ")/>{dots}</g> }
        })
        .collect_view();
    view! {
        <figure class="panel chart">
            <figcaption>{label.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
                <line x1="0" x2=W.to_string() y1=format!("{}", H - BOTTOM) y2=format!("{}", H - BOTTOM) class="base"/>
                {lines}{axis}
            </svg>
            <p class="legend">{legend}</p>
        </figure>
    }
    .into_any()
}

/// Horizontal bars, largest first: (name, value, value as read).
pub fn bars(label: String, rows: Vec<(String, f64, String)>) -> AnyView {
    let max = rows.iter().fold(1.0_f64, |m, r| m.max(r.1));
    let row_h = 22.0;
    let height = row_h * rows.len().max(1) as f64;
    let marks = rows
        .into_iter()
        .enumerate()
        .map(|(i, (name, v, text))| {
            let top = i as f64 * row_h;
            let w = (v.max(0.0) / max * 115.0).max(1.0);
            // The whole name is in the tooltip.
            let short: String = if name.chars().count() > 22 { name.chars().take(21).chain(['…']).collect() } else { name.clone() };
            view! {
                <g>
                    <title>{format!("{name}: {text}")}</title>
                    <text x="0" y=format!("{:.1}", top + 15.0) class="name">{short}</text>
                    <rect x="148" y=format!("{:.1}", top + 4.0) width=format!("{w:.1}") height="14" class="bar hbar"/>
                    <text x="356" y=format!("{:.1}", top + 15.0) text-anchor="end" class="axis">{text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="panel chart">
            <figcaption>{label.clone()}</figcaption>
            <svg viewBox=format!("0 0 360 {height}") role="img" aria-label=label class="hbars">{marks}</svg>
        </figure>
    }
    .into_any()
}
