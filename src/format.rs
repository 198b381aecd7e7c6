//! How amounts and dates read on screen: `1 234,56 €` in French, `€1,234.56` in English,
//! always rounded to the cent half away from zero.

use crate::i18n::Lang;
use chrono::NaiveDate;
use encours_core::money::grouped;
use encours_core::Currency;
use rust_decimal::Decimal;

/// An amount with its currency.
pub fn money(lang: Lang, amount: Decimal, currency: Currency) -> String {
    let sym = match currency.as_str() {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    };
    match lang {
        Lang::Fr => format!("{} {sym}", grouped(amount, '\u{202f}', ',')),
        Lang::En => {
            let g = grouped(amount, ',', '.');
            match g.strip_prefix('-') {
                Some(rest) => format!("-{sym}{rest}"),
                None => format!("{sym}{g}"),
            }
        }
    }
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

/// `31/12/2025` in French, `2025-12-31` in English (no strftime: it weighs on the wasm).
pub fn date(lang: Lang, d: NaiveDate) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Fr => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::En => format!("{}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// Reads `YYYY-MM-DD` (date inputs, stored preferences).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    encours_core::import::text::parse_date(s.as_bytes(), encours_core::import::DateOrder::Ymd).ok()
}
