//! Money helpers: currencies and the rounding rule users read.
//!
//! Amounts are [`Decimal`]s everywhere. Anything shown to a user (a total on screen, a penalty
//! line on a letter) is rounded to the cent *half away from zero*; `Decimal::round_dp` alone is
//! banker's rounding, which is why this module exists.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Rounds to the cent, half away from zero (0.125 → 0.13, −0.125 → −0.13).
pub fn round_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats an amount with exactly two decimals and a dot (`"9420.60"`), the machine form used
/// by JSON outputs.
pub fn to_plain(amount: Decimal) -> String {
    let mut a = round_cents(amount);
    a.rescale(2);
    a.to_string()
}

/// An amount rounded to the cent with its thousands grouped: `grouped(1234.5, ' ', ',')` is
/// `"1 234,50"`. The one formatting rule behind French CSV output and the app's amounts.
pub fn grouped(amount: Decimal, thousands: char, decimal: char) -> String {
    let plain = to_plain(amount);
    let (sign, s) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').unwrap_or((s, "00"));
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(ch);
    }
    out.push(decimal);
    out.push_str(frac);
    out
}

/// An ISO 4217 currency code, stored as three ASCII uppercase letters.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// One word per currency: the derived hash wrote a length and three bytes, and currencies key
/// the per-currency maps of every KPI pass.
impl std::hash::Hash for Currency {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u32(u32::from_le_bytes([self.0[0], self.0[1], self.0[2], 0]));
    }
}

impl Currency {
    /// The euro, the default currency of every record.
    pub const EUR: Currency = Currency(*b"EUR");

    /// The code as text (`"EUR"`).
    pub fn as_str(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::EUR
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

/// Error for a text that is not a three-letter currency code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCurrency(pub String);

impl fmt::Display for BadCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a currency code: {:?}", self.0)
    }
}

impl std::error::Error for BadCurrency {}

impl FromStr for Currency {
    type Err = BadCurrency;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t {
            "€" => return Ok(Currency::EUR),
            "$" => return Ok(Currency(*b"USD")),
            "£" => return Ok(Currency(*b"GBP")),
            _ => {}
        }
        let b = t.as_bytes();
        if b.len() == 3 && b.iter().all(|c| c.is_ascii_alphabetic()) {
            Ok(Currency([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
                b[2].to_ascii_uppercase(),
            ]))
        } else {
            Err(BadCurrency(s.to_string()))
        }
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    /// Read from the borrowed text (one per invoice and payment in a snapshot: a `String` for
    /// each was an allocation per record on every load).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Code;
        impl serde::de::Visitor<'_> for Code {
            type Value = Currency;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a currency code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Currency, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::dec;

    #[test]
    fn rounding_is_half_away_from_zero() {
        let table = [
            (dec("0.125"), dec("0.13")),
            (dec("-0.125"), dec("-0.13")),
            (dec("0.135"), dec("0.14")),
            (dec("2.675"), dec("2.68")),
            (dec("393.4191"), dec("393.42")),
            (dec("10"), dec("10")),
        ];
        for (input, expected) in table {
            assert_eq!(round_cents(input), expected, "{input}");
        }
    }

    #[test]
    fn plain_form_has_two_decimals() {
        assert_eq!(to_plain(dec("9420.6")), "9420.60");
        assert_eq!(to_plain(dec("-300")), "-300.00");
    }

    #[test]
    fn currency_codes() {
        assert_eq!("eur".parse::<Currency>().unwrap(), Currency::EUR);
        assert_eq!("€".parse::<Currency>().unwrap(), Currency::EUR);
        assert_eq!("USD".parse::<Currency>().unwrap().to_string(), "USD");
        assert!("EURO".parse::<Currency>().is_err());
        assert!("E1R".parse::<Currency>().is_err());
    }
}
