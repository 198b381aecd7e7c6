//! How amounts and dates read on screen: `1 234,56 €` in French, `€1,234.56` in English,
//! always rounded to the cent half away from zero.

use crate::i18n::Lang;
use chrono::NaiveDate;
use encours_core::dunning::template;
use encours_core::Currency;
use rust_decimal::Decimal;

/// An amount with its currency (the rule drafts use too, in the core).
pub fn money(lang: Lang, amount: Decimal, currency: Currency) -> String {
    template::money(lang.core(), amount, currency)
}

/// A share (0–1) as a percentage with one decimal.
pub fn percent(lang: Lang, share: Option<Decimal>) -> String {
    match share {
        None => "–".into(),
        Some(s) => {
            let p = (s * Decimal::ONE_HUNDRED).round_dp(1).to_string();
            match lang {
                Lang::Fr => format!("{} %", p.replace('.', ",")),
                Lang::En => format!("{p}%"),
            }
        }
    }
}

/// A day count with one decimal.
pub fn days(lang: Lang, d: Option<Decimal>) -> String {
    match d {
        None => "–".into(),
        Some(d) => {
            let s = d.round_dp(1).to_string();
            match lang {
                Lang::Fr => s.replace('.', ","),
                Lang::En => s,
            }
        }
    }
}

/// An annual rate in percent as written in a penalty computation: `13,15 %`, `13.15%`.
pub fn rate(lang: Lang, r: Decimal) -> String {
    let s = r.round_dp(2).normalize().to_string();
    match lang {
        Lang::Fr => format!("{} %", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    }
}

/// The colon after a label: spaced in French (« Total : »), not in English ("Total: ").
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
}

/// An amount as the user types it in a form: decimal comma in French, no grouping.
pub fn amount_input(lang: Lang, d: Decimal) -> String {
    let plain = encours_core::money::to_plain(d);
    match lang {
        Lang::Fr => plain.replace('.', ","),
        Lang::En => plain,
    }
}

/// Reads an amount (or a rate) typed with a comma or a dot, spaces allowed.
pub fn parse_amount(s: &str) -> Option<Decimal> {
    let s = s.replace([' ', '\u{a0}', '\u{202f}'], "").replace(',', ".");
    s.parse().ok()
}

/// `31/12/2025` in French, `2025-12-31` in English.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    template::date(lang.core(), d)
}

/// Reads `YYYY-MM-DD` (date inputs, stored preferences).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    encours_core::import::text::parse_date(s.as_bytes(), encours_core::import::DateOrder::Ymd).ok()
}

/// A count with its thousands grouped: `101 679` in French (the narrow no-break space the
/// amounts use), `101,679` in English.
pub fn count(lang: Lang, n: usize) -> String {
    let sep = match lang {
        Lang::Fr => '\u{202f}',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A size in bytes in the units a reader expects: `1,5 Mo`, `820 Ko` in French (octets),
/// `1.5 MB`, `820 KB` in English; one decimal from a megabyte up.
pub fn size(lang: Lang, bytes: f64) -> String {
    let (kb, mb) = match lang {
        Lang::Fr => ("Ko", "Mo"),
        Lang::En => ("KB", "MB"),
    };
    let bytes = bytes.max(0.0);
    let text = if bytes >= 1024.0 * 1024.0 * 1024.0 * 10.0 {
        // Quotas are in the gigabytes: no decimal is worth reading there.
        let (g, unit) = match lang {
            Lang::Fr => (bytes / 1_073_741_824.0, "Go"),
            Lang::En => (bytes / 1_073_741_824.0, "GB"),
        };
        return format!("{} {unit}", count(lang, g.round() as usize));
    } else if bytes >= 1024.0 * 1024.0 {
        let tenths = (bytes / 104_857.6).round() as usize;
        format!("{}.{} {mb}", count(lang, tenths / 10), tenths % 10)
    } else {
        format!("{} {kb}", (bytes / 1024.0).ceil() as usize)
    };
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A moment written by `util::now_iso` (UTC), in the reader's local time: `01/12/2026 19:22`
/// in French, `2026-12-01 19:22` in English. Unreadable text is shown as it is.
pub fn timestamp(lang: Lang, iso: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    let day = NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date());
    match day {
        Some(day) => format!(
            "{} {:02}:{:02}",
            date(lang, day),
            d.get_hours(),
            d.get_minutes()
        ),
        None => iso.to_string(),
    }
}

/// A currency's sign as the amounts show it (`€`, `$`, `£`, else its code).
pub fn symbol(currency: Currency) -> String {
    match currency.as_str() {
        "EUR" => "€".into(),
        "USD" => "$".into(),
        "GBP" => "£".into(),
        other => other.into(),
    }
}

/// A whole amount as a chart's axis or a bar's label reads it: `950 €`, `1,5 k€`, `150 k€`,
/// `2,3 M€` in French; `€950`, `€1.5k`, `€150k`, `€2.3M` in English. Only for labels: the
/// amounts themselves are shown in full next to the chart.
pub fn compact(lang: Lang, units: i64, sym: &str) -> String {
    let (sign, n) = if units < 0 {
        ("-", units.unsigned_abs())
    } else {
        ("", units as u64)
    };
    // Tenths of the unit shown: one decimal below 10 of it, none above.
    let (value, suffix) = match n {
        0..=999 => (format!("{n}"), ""),
        1_000..=9_999 => (tenths(n, 100), "k"),
        10_000..=999_999 => (format!("{}", (n + 500) / 1000), "k"),
        1_000_000..=9_999_999 => (tenths(n, 100_000), "M"),
        _ => (format!("{}", (n + 500_000) / 1_000_000), "M"),
    };
    match lang {
        Lang::Fr => format!("{sign}{}\u{202f}{suffix}{sym}", value.replace('.', ",")),
        Lang::En => format!("{sign}{sym}{value}{suffix}"),
    }
}

/// `n / (10 × per_tenth)` with one decimal, rounded half up; `7.0` reads `7`.
fn tenths(n: u64, per_tenth: u64) -> String {
    let t = (n + per_tenth / 2) / per_tenth;
    if t.is_multiple_of(10) {
        format!("{}", t / 10)
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_as_each_language_writes_them() {
        // Expected texts written by hand.
        let table: &[(Lang, usize, &str)] = &[
            (Lang::Fr, 0, "0"),
            (Lang::Fr, 999, "999"),
            (Lang::Fr, 1000, "1\u{202f}000"),
            (Lang::Fr, 101_679, "101\u{202f}679"),
            (Lang::Fr, 1_234_567, "1\u{202f}234\u{202f}567"),
            (Lang::En, 101_679, "101,679"),
        ];
        for (lang, n, want) in table {
            assert_eq!(count(*lang, *n), *want, "{lang:?} {n}");
        }
        let sizes: &[(Lang, f64, &str)] = &[
            (Lang::Fr, 0.0, "0 Ko"),
            (Lang::Fr, 1000.0, "1 Ko"),
            (Lang::Fr, 839_680.0, "820 Ko"),
            (Lang::Fr, 1_572_864.0, "1,5 Mo"),
            (Lang::En, 1_572_864.0, "1.5 MB"),
            (Lang::Fr, 296_352_768_000.0, "276 Go"),
        ];
        for (lang, b, want) in sizes {
            assert_eq!(size(*lang, *b), *want, "{lang:?} {b}");
        }
        let compacts: &[(Lang, i64, &str)] = &[
            (Lang::Fr, 0, "0\u{202f}€"),
            (Lang::Fr, 950, "950\u{202f}€"),
            (Lang::Fr, 1_500, "1,5\u{202f}k€"),
            (Lang::Fr, 7_000, "7\u{202f}k€"),
            (Lang::Fr, 149_600, "150\u{202f}k€"),
            (Lang::Fr, 2_349_999, "2,3\u{202f}M€"),
            (Lang::Fr, -20_000, "-20\u{202f}k€"),
            (Lang::En, 1_500, "€1.5k"),
            (Lang::En, 12_000_000, "€12M"),
        ];
        for (lang, n, want) in compacts {
            assert_eq!(compact(*lang, *n, "€"), *want, "{lang:?} {n}");
        }
    }
}
