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
