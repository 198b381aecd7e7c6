//! Charts drawn as SVG by the app (no chart library, nothing fetched): monthly lines, columns
//! and horizontal bars. Each has a value axis or its values written on its marks, each mark a
//! tooltip (`<title>`), each chart an accessible label, and the colours come from the theme's
//! variables so that dark mode reads too. Coordinates are floats: they place pixels, no amount
//! is computed with them (tick values are whole numbers chosen for the axis).

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const W: f64 = 360.0;
const H: f64 = 170.0;
/// Room for the value axis's labels on the left, and for half of the last month's name on the
/// right (a centred « juin » at the right edge lost its last letters).
const LEFT: f64 = 46.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 20.0;

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

/// Round tick values from 0 to at least `max`: a step of 1, 2 or 5 × 10ⁿ giving 3 to 5 ticks
/// over the range (0, 50 000, 100 000, 150 000 for a maximum of 123 456).
pub fn ticks(max: f64) -> Vec<i64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0)
        .round() as i64;
    let top = (max / step as f64).ceil() as i64;
    (0..=top.max(1)).map(|k| k * step).collect()
}

/// One line of a monthly chart: its name, CSS class and a value per month (`None`: no point).
pub struct Series {
    pub name: String,
    pub class: &'static str,
    pub values: Vec<Option<f64>>,
    /// The value as the tooltip reads it.
    pub texts: Vec<String>,
}

/// The value axis of a chart `height` high from `top`: a grid line and a label per tick.
fn value_axis(ticks: &[i64], y: impl Fn(f64) -> f64, tick: &dyn Fn(i64) -> String) -> AnyView {
    ticks
        .iter()
        .map(|&v| {
            let at = format!("{:.1}", y(v as f64));
            view! {
                <g class="tick">
                    <line x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=at.clone() y2=at.clone() class="grid"/>
                    <text x=(LEFT - 4.0).to_string() y=format!("{:.1}", y(v as f64) + 3.5) text-anchor="end" class="axis value">{tick(v)}</text>
                </g>
            }
        })
        .collect_view()
        .into_any()
}

/// Lines over months, with a value axis (`tick` writes its labels) and a legend.
pub fn monthly(
    lang: Lang,
    label: String,
    months: &[NaiveDate],
    series: Vec<Series>,
    tick: &dyn Fn(i64) -> String,
) -> AnyView {
    let n = months.len().max(2);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0_f64, |m, v| m.max(*v));
    let ticks = ticks(max);
    let top = *ticks.last().unwrap_or(&1) as f64;
    let x = move |i: usize| LEFT + i as f64 * (W - LEFT - RIGHT) / (n - 1) as f64;
    let y = move |v: f64| (H - BOTTOM) - v.max(0.0) / top * (H - BOTTOM - TOP);
    let axis = months
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == (months.len() + 1) % 2)
        .map(|(i, m)| view! { <text x=format!("{:.1}", x(i)) y=format!("{}", H - 5.0) text-anchor="middle" class="axis">{month_name(lang, *m)}</text> })
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
                {value_axis(&ticks, y, tick)}
                <line x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=format!("{}", H - BOTTOM) y2=format!("{}", H - BOTTOM) class="base"/>
                {lines}{axis}
            </svg>
            <p class="legend">{legend}</p>
        </figure>
    }
    .into_any()
}

/// One column: its name under it, its height, its value written above it (when there is
/// room), the tooltip, and its CSS class.
pub struct Column {
    pub name: String,
    pub value: f64,
    pub label: String,
    pub tip: String,
    pub class: String,
}

/// Vertical columns over a value axis. Every column's value is written above it when the
/// columns are wide enough for it (`labelled`), names every `name_every` column.
pub fn columns(
    label: String,
    cols: Vec<Column>,
    tick: &dyn Fn(i64) -> String,
    labelled: bool,
    name_every: usize,
) -> AnyView {
    let max = cols.iter().fold(0.0_f64, |m, c| m.max(c.value));
    let ticks = ticks(max);
    let top_value = *ticks.last().unwrap_or(&1) as f64;
    // Room above the tallest column for its value.
    let top = if labelled { TOP + 12.0 } else { TOP };
    let y = move |v: f64| (H - BOTTOM) - v.max(0.0) / top_value * (H - BOTTOM - top);
    let n = cols.len().max(1);
    let pitch = (W - LEFT - RIGHT) / n as f64;
    let width = pitch * 0.72;
    let marks = cols
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let x = LEFT + i as f64 * pitch + (pitch - width) / 2.0;
            let mid = format!("{:.1}", x + width / 2.0);
            let top_y = y(c.value);
            let h = (H - BOTTOM - top_y).max(0.0);
            let name = (i % name_every.max(1) == 0).then(|| view! {
                <text x=mid.clone() y=format!("{}", H - 5.0) text-anchor="middle" class="axis">{c.name.clone()}</text>
            });
            let value = labelled.then(|| view! {
                <text x=mid.clone() y=format!("{:.1}", top_y - 3.0) text-anchor="middle" class="axis total">{c.label.clone()}</text>
            });
            view! {
                <g>
                    <title>{c.tip}</title>
                    <rect x=format!("{x:.1}") y=format!("{top_y:.1}") width=format!("{width:.1}") height=format!("{h:.1}") class=c.class/>
                    {value}{name}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label class="columns">
            {value_axis(&ticks, y, tick)}
            <line x1=LEFT.to_string() x2=(W - RIGHT).to_string() y1=format!("{}", H - BOTTOM) y2=format!("{}", H - BOTTOM) class="base"/>
            {marks}
        </svg>
    }
    .into_any()
}

/// Horizontal bars, largest first: (name, value, value as read), each value written at the end
/// of its row.
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

#[cfg(test)]
mod tests {
    use super::ticks;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        // By hand: 123 456 / 4 = 30 864 → step 50 000 → 0..150 000; 38 / 4 = 9.5 → step 10.
        let table: &[(f64, &[i64])] = &[
            (123_456.0, &[0, 50_000, 100_000, 150_000]),
            (38.0, &[0, 10, 20, 30, 40]),
            (100.0, &[0, 50, 100]),
            (0.0, &[0, 1]),
            (7.5, &[0, 2, 4, 6, 8]),
        ];
        for (max, want) in table {
            assert_eq!(ticks(*max), *want, "{max}");
        }
    }
}
