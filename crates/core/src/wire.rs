//! Faster readers for the hot fields of the stored records: dates and amounts, read back from
//! the very bytes chrono and rust_decimal write (`2026-03-31`, `1234.50`), never another format.
//!
//! Why: a cold start with 100,000 invoices decodes some 400,000 dates and amounts. Measured in
//! the browser (a CPU profile of the app's reload, 2026-12-02), chrono's general date parser
//! took about 125 ms of the load and rust_decimal's string visitor with UTF-8 checks about
//! 45 ms; the fast paths below read the common shapes by hand and hand anything else to the
//! crates' own parsers, so what is accepted (and the value read) is theirs. Dates are also
//! written by hand, in chrono's text; amounts are written by rust_decimal. Stored bytes and
//! backups are the same as before (`snapshot`'s fixture tests hold them).
//!
//! Used as `#[serde(with = "crate::wire::date")]` and
//! `#[serde(deserialize_with = "crate::wire::decimal")]`, they read a string from any serde
//! format: postcard gives its bytes (no UTF-8 pass on the fast path), JSON its text.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// `YYYY-MM-DD` read by hand; any other shape (a year past 9999, a bad date) goes to chrono.
pub fn date_from_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let n = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (n(0..4), n(5..7), n(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::from_str(std::str::from_utf8(b).ok()?).ok()
}

/// `-?digits(.digits)?` with at most 18 digits read by hand (the mantissa and the scale as
/// written, so `4.10` keeps its scale 2 as `Decimal::from_str` does); anything else — more
/// digits, an exponent, a negative zero — goes to rust_decimal, as its serde visitor does.
pub fn decimal_from_bytes(b: &[u8]) -> Option<Decimal> {
    plain_decimal(b).or_else(|| {
        let s = std::str::from_utf8(b).ok()?;
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .ok()
    })
}

/// The common shape of [`decimal_from_bytes`], or `None` for the crate's parser to decide.
/// (The import's `plain_amount` is its cousin: it also takes thousands groups, which
/// rust_decimal refuses, and it lives a layer above the ledger that uses this one.)
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (neg, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0u32;
    let mut scale: Option<u32> = None;
    for (i, &c) in digits.iter().enumerate() {
        match c {
            // 18 digits at most: no i64 overflow.
            b'0'..=b'9' if count < 18 => {
                mantissa = mantissa * 10 + i64::from(c - b'0');
                count += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() && i > 0 && i + 1 < digits.len() => scale = Some(0),
            _ => return None,
        }
    }
    if count == 0 || (neg && mantissa == 0) {
        return None;
    }
    let signed = if neg { -mantissa } else { mantissa };
    Some(Decimal::new(signed, scale.unwrap_or(0)))
}

struct Text<F>(F, &'static str);

impl<'de, T, F: Fn(&[u8]) -> Option<T>> Visitor<'de> for Text<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        (self.0)(v).ok_or_else(|| E::invalid_value(de::Unexpected::Bytes(v), &self))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v.as_bytes()).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// A date in chrono's form, read and written by hand for years 0 to 9999 (chrono's own
/// serializer goes through `Debug` formatting: about 100 ms of each 100k save, profiled).
/// Used as `#[serde(with = "crate::wire::date")]`.
pub mod date {
    use super::*;
    use chrono::Datelike;
    use serde::{Serialize, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_bytes(Text(date_from_bytes, "a date YYYY-MM-DD"))
    }

    /// The same text as chrono's `serialize` (`YYYY-MM-DD`), hence the same bytes.
    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        let y = date.year();
        if !(0..=9999).contains(&y) {
            return date.serialize(s);
        }
        let mut b = *b"0000-00-00";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for i in (at..at + width).rev() {
                b[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, y as u32);
        put(5, 2, date.month());
        put(8, 2, date.day());
        s.serialize_str(std::str::from_utf8(&b).expect("ASCII digits"))
    }
}

/// An amount as rust_decimal writes it (its `serde-str` form).
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_bytes(Text(decimal_from_bytes, "a decimal number"))
}

/// An optional amount (`None` as serde writes it, `Some` read by [`decimal`]).
pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an optional decimal number")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            decimal(d).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape either path may meet, read by the fast path and by the crates' own
    /// parsers: the values (and a decimal's scale) must be the same.
    #[test]
    fn the_fast_paths_read_what_the_crates_read() {
        for s in [
            "2026-03-31",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "+10000-01-01",
            "-0001-01-01",
            "2026-3-31",
            "2026/03/31",
            "",
        ] {
            assert_eq!(
                date_from_bytes(s.as_bytes()),
                NaiveDate::from_str(s).ok(),
                "{s:?}"
            );
        }
        for s in [
            "0",
            "1234.50",
            "4.10",
            "-12.5",
            "-0",
            "-0.00",
            "0.000",
            "999999999999999999",
            "9999999999999999999",
            "79228162514264337593543950335",
            "1e3",
            "1.5E-2",
            ".5",
            "5.",
            "1.2.3",
            "+3",
            "-",
            "",
            "12 000",
        ] {
            let ours = decimal_from_bytes(s.as_bytes());
            let theirs = Decimal::from_str(s)
                .or_else(|_| Decimal::from_scientific(s))
                .ok();
            assert_eq!(ours, theirs, "{s:?}");
            assert_eq!(ours.map(|d| d.to_string()), theirs.map(|d| d.to_string()));
            assert_eq!(
                ours.map(|d| d.is_sign_negative()),
                theirs.map(|d| d.is_sign_negative())
            );
        }
    }

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Record {
        #[serde(with = "date")]
        on: NaiveDate,
        #[serde(deserialize_with = "decimal")]
        amount: Decimal,
        #[serde(default, deserialize_with = "opt_decimal")]
        net: Option<Decimal>,
    }

    /// Our date writer gives chrono's bytes, in postcard and in JSON.
    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        use chrono::Datelike;
        #[derive(serde::Serialize)]
        struct Ours(#[serde(with = "date")] NaiveDate);
        let mut d = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        let mut days = 0;
        while d.year() < 10_100 && days < 4_000_000 {
            if d.ordinal() < 3 || d.day() == 29 || days % 997 == 0 {
                assert_eq!(
                    postcard::to_allocvec(&Ours(d)).unwrap(),
                    postcard::to_allocvec(&d).unwrap(),
                    "{d}"
                );
                assert_eq!(
                    serde_json::to_string(&Ours(d)).unwrap(),
                    serde_json::to_string(&d).unwrap()
                );
            }
            d = d.succ_opt().unwrap();
            days += 1;
        }
        for d in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
        ] {
            assert_eq!(
                postcard::to_allocvec(&Ours(d)).unwrap(),
                postcard::to_allocvec(&d).unwrap()
            );
        }
    }

    /// Written by the crates' serializers, read back by ours in both formats the app uses.
    #[test]
    fn postcard_and_json_round_trip() {
        let r = Record {
            on: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            amount: Decimal::new(-123_450, 2),
            net: Some(Decimal::new(5, 1)),
        };
        let bytes = postcard::to_allocvec(&r).unwrap();
        assert_eq!(postcard::from_bytes::<Record>(&bytes).unwrap(), r);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"on":"2026-12-02","amount":"-1234.50","net":"0.5"}"#
        );
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), r);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::from_value::<Record>(value).unwrap(), r);
        let none = Record { net: None, ..r };
        let bytes = postcard::to_allocvec(&none).unwrap();
        assert_eq!(postcard::from_bytes::<Record>(&bytes).unwrap(), none);
        let json = r#"{"on":"2026-12-02","amount":"-1234.50","net":null}"#;
        assert_eq!(serde_json::from_str::<Record>(json).unwrap(), none);
        assert!(serde_json::from_str::<Record>(r#"{"on":"2026-02-30","amount":"1"}"#).is_err());
        assert!(serde_json::from_str::<Record>(r#"{"on":"2026-02-03","amount":"x"}"#).is_err());
    }
}
