//! Typed values out of CSV fields: French and English numbers and dates.
//!
//! Both parsers work on the field's bytes without allocating, because they run for every
//! amount and date of a 100,000-row file.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which character separates the decimals.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecimalSep {
    /// `1 234,56` (French)
    Comma,
    /// `1,234.56` (English)
    Dot,
}

impl DecimalSep {
    fn byte(self) -> u8 {
        match self {
            DecimalSep::Comma => b',',
            DecimalSep::Dot => b'.',
        }
    }
}

/// The order of day, month and year in a date field. The separator is free (`/`, `-`, `.`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// 31/12/2025, 31.12.2025
    Dmy,
    /// 12/31/2025
    Mdy,
    /// 2025-12-31
    Ymd,
    /// 20251231 (FEC)
    Compact,
}

// The problems are part of the diagnostics every layer reports; kept here by their old path.
pub use crate::diagnostic::{AmountProblem, DateProblem};

/// Parses an amount. Accepts a sign, parentheses for negatives, a currency sign or code, and
/// thousands separators (space, no-break space, narrow no-break space, apostrophe, and the
/// punctuation that is not the decimal separator when followed by exactly three digits).
#[inline]
pub fn parse_amount(field: &[u8], sep: DecimalSep) -> Result<Decimal, AmountProblem> {
    match plain_amount(field, sep.byte()) {
        Some(d) => Ok(d),
        None => any_amount(field, sep),
    }
}

/// Everything [`parse_amount`] accepts beyond the plain case; kept out of line so that the
/// plain case inlines into the row reader.
#[inline(never)]
fn any_amount(field: &[u8], sep: DecimalSep) -> Result<Decimal, AmountProblem> {
    let s = trim_amount(field);
    if s.is_empty() {
        return Err(AmountProblem::Empty);
    }
    let (mut s, mut negative) = match s {
        // "($400.00)": the sign inside the parentheses too.
        [b'(', inner @ .., b')'] => (trim_amount(inner), true),
        _ => (s, false),
    };
    if let [inner @ .., b'-'] = s {
        s = trim_amount(inner);
        negative = !negative;
    }
    match s.first() {
        Some(b'-') => {
            negative = !negative;
            s = trim_amount(&s[1..]);
        }
        Some(b'+') => s = trim_amount(&s[1..]),
        _ => {}
    }
    let dec = sep.byte();
    let thousands = if dec == b',' { b'.' } else { b',' };
    let mut mantissa: u128 = 0;
    let mut digits = 0u32;
    let mut scale: Option<u32> = None;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            b'0'..=b'9' => {
                if digits >= 28 {
                    return Err(AmountProblem::TooManyDigits);
                }
                if mantissa != 0 || c != b'0' || scale.is_some() {
                    digits += 1;
                }
                mantissa = mantissa * 10 + u128::from(c - b'0');
                if let Some(sc) = scale.as_mut() {
                    *sc += 1;
                }
                i += 1;
            }
            _ if c == dec => {
                if scale.is_some() {
                    return Err(AmountProblem::TwoDecimalSeparators);
                }
                scale = Some(0);
                i += 1;
            }
            _ if c == thousands => {
                // A grouping mark must sit between digits and be followed by a group of three.
                let group_ok = i > 0
                    && s[i - 1].is_ascii_digit()
                    && scale.is_none()
                    && s.len() >= i + 4
                    && s[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                    && s.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
                if !group_ok {
                    return Err(AmountProblem::MisplacedSeparator);
                }
                i += 1;
            }
            b' ' | b'\'' if scale.is_none() && i > 0 => i += 1,
            0xC2 if s.get(i + 1) == Some(&0xA0) && scale.is_none() => i += 2,
            0xE2 if s.get(i + 1..i + 3) == Some(&[0x80, 0xAF][..]) && scale.is_none() => i += 3,
            _ => return Err(AmountProblem::NotANumber),
        }
    }
    if i == 0 || (digits == 0 && mantissa == 0 && !s.iter().any(u8::is_ascii_digit)) {
        return Err(AmountProblem::NotANumber);
    }
    let scale = scale.unwrap_or(0);
    if scale > 28 {
        return Err(AmountProblem::TooManyDecimals);
    }
    let signed = if negative {
        -(mantissa as i128)
    } else {
        mantissa as i128
    };
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| AmountProblem::OutOfRange)
}

/// The common case, `-?digits[sep digits]` with at most 18 digits and optional spaces between
/// groups of three (`1 234 567,89`), without the general loop. `None` sends the field to it.
#[inline]
fn plain_amount(s: &[u8], sep: u8) -> Option<Decimal> {
    let (negative, b) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    // 18 bytes hold at most 18 digits: no i64 overflow.
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let digit = |c: u8| {
        let d = c.wrapping_sub(b'0');
        (d < 10).then_some(i64::from(d))
    };
    let mut mantissa: i64 = 0;
    let mut i = 0;
    while let Some(d) = b.get(i).and_then(|&c| digit(c)) {
        mantissa = mantissa * 10 + d;
        i += 1;
    }
    // Groups of three after a first group of one to three digits.
    if b.get(i) == Some(&b' ') {
        if i == 0 || i > 3 {
            return None;
        }
        while b.get(i) == Some(&b' ') {
            let g = b.get(i + 1..i + 4)?;
            mantissa = ((mantissa * 10 + digit(g[0])?) * 10 + digit(g[1])?) * 10 + digit(g[2])?;
            i += 4;
        }
    }
    let scale = match b.get(i) {
        None if i > 0 => 0,
        Some(&c) if c == sep && i > 0 && i + 1 < b.len() => {
            let decimals = &b[i + 1..];
            for &c in decimals {
                mantissa = mantissa * 10 + digit(c)?;
            }
            decimals.len() as u32
        }
        _ => return None,
    };
    Some(Decimal::new(
        if negative { -mantissa } else { mantissa },
        scale,
    ))
}

/// Strips spaces and currency marks around an amount.
fn trim_amount(mut s: &[u8]) -> &[u8] {
    // The common case, a bare number: nothing to strip.
    if let (Some(f), Some(l)) = (s.first(), s.last()) {
        if (f.is_ascii_digit() || *f == b'-') && l.is_ascii_digit() {
            return s;
        }
    }
    loop {
        let before = s.len();
        s = s.trim_ascii();
        for mark in [&b"\xE2\x82\xAC"[..], b"EUR", b"$", b"\xC2\xA0"] {
            if let Some(rest) = s.strip_prefix(mark) {
                s = rest;
            }
            if let Some(rest) = s.strip_suffix(mark) {
                s = rest;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Parses a date in the given order. Two-digit years are 20YY; a trailing time is ignored.
#[inline]
pub fn parse_date(field: &[u8], order: DateOrder) -> Result<NaiveDate, DateProblem> {
    match fixed_date(field, order) {
        Some(d) => Ok(d),
        None => any_date(field, order),
    }
}

/// Everything [`parse_date`] accepts beyond the fixed ten-byte forms.
#[inline(never)]
fn any_date(field: &[u8], order: DateOrder) -> Result<NaiveDate, DateProblem> {
    let s = field.trim_ascii();
    // "2025-01-31 00:00:00" or "2025-01-31T00:00"
    let s = match s.iter().position(|&c| c == b' ' || c == b'T') {
        Some(p) if p >= 8 => &s[..p],
        _ => s,
    };
    if s.is_empty() {
        return Err(DateProblem::Empty);
    }
    if s.iter().any(u8::is_ascii_alphabetic) {
        return month_name_date(field.trim_ascii());
    }
    let (y, m, d) = if order == DateOrder::Compact {
        if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
            return Err(DateProblem::NotCompact);
        }
        (num(&s[0..4]), num(&s[4..6]), num(&s[6..8]))
    } else {
        let (a, b, c) = split3(s).ok_or(DateProblem::NotADate)?;
        match order {
            DateOrder::Dmy => (year(c)?, num(b), num(a)),
            DateOrder::Mdy => (year(c)?, num(a), num(b)),
            DateOrder::Ymd => (year(a)?, num(b), num(c)),
            DateOrder::Compact => unreachable!("handled above"),
        }
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::NoSuchDate)
}

/// A date with the month in words, English or French, in any order of day and month: "Jan 28
/// 2021" (Invoicely), "28 January 2021", « 28 janv. 2025 », « 1er février 2025 »; a time after
/// the year is ignored.
fn month_name_date(s: &[u8]) -> Result<NaiveDate, DateProblem> {
    let text = String::from_utf8_lossy(s).to_lowercase();
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.')) {
        if word.is_empty() || word.contains(':') {
            continue;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            numbers.push(word);
        } else if let Some(digits) = word
            .strip_suffix("er")
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()) && !d.is_empty())
        {
            numbers.push(digits); // « 1er »
        } else if month.is_none() {
            month = Some(month_number(word).ok_or(DateProblem::NotADate)?);
        } else {
            return Err(DateProblem::NotADate);
        }
        if month.is_some() && numbers.len() == 2 {
            break;
        }
    }
    let (Some(m), [a, b]) = (month, numbers.as_slice()) else {
        return Err(DateProblem::NotADate);
    };
    // The year is the four-digit number, else the second.
    let (day, y) = if a.len() == 4 { (b, a) } else { (a, b) };
    let y = year(y.as_bytes())?;
    if day.len() > 2 {
        return Err(DateProblem::NotADate);
    }
    NaiveDate::from_ymd_opt(y as i32, m, num(day.as_bytes())).ok_or(DateProblem::NoSuchDate)
}

/// A month's number from its name or abbreviation (English or French, accents or not).
fn month_number(word: &str) -> Option<u32> {
    let w: String = word
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ù' => 'u',
            c => c,
        })
        .collect();
    if w.len() < 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    const MONTHS: [(&str, u32); 16] = [
        ("jan", 1),
        ("feb", 2),
        ("fev", 2),
        ("mar", 3),
        ("apr", 4),
        ("avr", 4),
        ("may", 5),
        ("mai", 5),
        ("jun", 6),
        ("juin", 6),
        ("jul", 7),
        ("juil", 7),
        ("aug", 8),
        ("aou", 8),
        ("sep", 9),
        ("oct", 10),
    ];
    const LATE: [(&str, u32); 2] = [("nov", 11), ("dec", 12)];
    // The longest abbreviation the word starts with ("juin" before "jui…" is ambiguous).
    MONTHS
        .iter()
        .chain(LATE.iter())
        .filter(|(p, _)| w.starts_with(p))
        .max_by_key(|(p, _)| p.len())
        .map(|&(_, m)| m)
}

/// The common case: exactly `DD/MM/YYYY`, `MM/DD/YYYY` or `YYYY-MM-DD` (ten bytes, any one
/// separator), read at fixed positions.
#[inline]
fn fixed_date(s: &[u8], order: DateOrder) -> Option<NaiveDate> {
    let s: &[u8; 10] = s.try_into().ok()?;
    // Positions of year, month, day and of the two separators.
    let (y, m, d, sep) = match order {
        DateOrder::Dmy => (6, 3, 0, [2, 5]),
        DateOrder::Mdy => (6, 0, 3, [2, 5]),
        DateOrder::Ymd => (0, 5, 8, [4, 7]),
        DateOrder::Compact => return None,
    };
    if s[sep[0]] != s[sep[1]] || !matches!(s[sep[0]], b'/' | b'-' | b'.') {
        return None;
    }
    let v = s.map(|c| c.wrapping_sub(b'0'));
    let digits_ok = (0..10).all(|i| i == sep[0] || i == sep[1] || v[i] < 10);
    if !digits_ok {
        return None;
    }
    let two = |i: usize| u32::from(v[i]) * 10 + u32::from(v[i + 1]);
    NaiveDate::from_ymd_opt((two(y) * 100 + two(y + 2)) as i32, two(m), two(d))
}

/// Dates already read, by their text. A file holds a few hundred distinct dates in 100,000
/// rows; finding one here costs a fifth of reading it. Direct-mapped and small (5 KB): a slot
/// holds the last date whose text hashed there.
pub(crate) struct DateMemo {
    keys: Box<[u128; MEMO]>,
    dates: Box<[NaiveDate; MEMO]>,
}

const MEMO: usize = 256;

impl Default for DateMemo {
    fn default() -> Self {
        DateMemo {
            keys: Box::new([0; MEMO]),
            dates: Box::new([NaiveDate::MIN; MEMO]),
        }
    }
}

impl DateMemo {
    /// [`parse_date`], remembered.
    pub(crate) fn parse(&mut self, f: &[u8], order: DateOrder) -> Result<NaiveDate, DateProblem> {
        // The text (1 to 15 bytes) and its length as one number, never 0 (an empty slot).
        let mut k = [0; 16];
        let Some(to) = k.get_mut(..f.len()).filter(|_| (1..16).contains(&f.len())) else {
            return parse_date(f, order);
        };
        to.copy_from_slice(f);
        k[15] = f.len() as u8;
        let key = u128::from_le_bytes(k);
        let h = ((key >> 64) as u64 ^ key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (h >> 56) as usize % MEMO;
        if self.keys[slot] == key {
            return Ok(self.dates[slot]);
        }
        let d = parse_date(f, order)?;
        (self.keys[slot], self.dates[slot]) = (key, d);
        Ok(d)
    }
}

/// Splits `a/b/c` (any one of `/`, `-`, `.` as separator) into three digit runs.
pub(crate) fn split3(s: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let sep_at = s.iter().position(|c| matches!(c, b'/' | b'-' | b'.'))?;
    let sep = s[sep_at];
    let rest = &s[sep_at + 1..];
    let sep2 = rest.iter().position(|&c| c == sep)?;
    let (a, b, c) = (&s[..sep_at], &rest[..sep2], &rest[sep2 + 1..]);
    let ok = |p: &[u8]| !p.is_empty() && p.len() <= 4 && p.iter().all(u8::is_ascii_digit);
    (ok(a) && ok(b) && ok(c)).then_some((a, b, c))
}

fn num(s: &[u8]) -> u32 {
    s.iter()
        .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
}

fn year(s: &[u8]) -> Result<u32, DateProblem> {
    match s.len() {
        2 => Ok(2000 + num(s)),
        4 => Ok(num(s)),
        _ => Err(DateProblem::BadYear),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, dec};

    #[test]
    fn amounts_table() {
        use DecimalSep::*;
        let table: &[(&str, DecimalSep, &str)] = &[
            ("1234,56", Comma, "1234.56"),
            ("1 234,56", Comma, "1234.56"),
            ("1\u{a0}234,56", Comma, "1234.56"),
            ("1\u{202f}234,56", Comma, "1234.56"),
            ("1.234,56", Comma, "1234.56"),
            ("1.234.567,8", Comma, "1234567.8"),
            ("-300,00", Comma, "-300.00"),
            ("(300,00)", Comma, "-300.00"),
            ("($400.00)", Dot, "-400.00"),
            ("300,00-", Comma, "-300.00"),
            ("1 234,56 €", Comma, "1234.56"),
            ("EUR 12", Comma, "12"),
            ("0000000001234,50", Comma, "1234.50"),
            ("1,234.56", Dot, "1234.56"),
            ("1234.5", Dot, "1234.5"),
            ("+7", Dot, "7"),
            ("$1,000", Dot, "1000"),
            ("0", Dot, "0"),
            ("0,00", Comma, "0.00"),
            ("9999999999999999999", Dot, "9999999999999999999"),
            ("-999999999999999999", Dot, "-999999999999999999"),
            ("12,", Comma, "12"),
        ];
        for (input, sep, expected) in table {
            assert_eq!(
                parse_amount(input.as_bytes(), *sep),
                Ok(dec(expected)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn bad_amounts_are_errors() {
        use DecimalSep::*;
        for (input, sep) in [
            ("", Comma),
            ("abc", Comma),
            ("1.5", Comma), // a dot that is not a thousands group, in a comma file
            ("1,5", Dot),
            ("1,2,3", Comma),
            ("12..3", Dot),
            ("-", Dot),
            ("€", Comma),
            ("99999999999999999999999999999", Dot),
            ("12,", Dot),
        ] {
            assert!(parse_amount(input.as_bytes(), sep).is_err(), "{input:?}");
        }
    }

    #[test]
    fn dates_table() {
        use DateOrder::*;
        let table: &[(&str, DateOrder, &str)] = &[
            ("31/12/2025", Dmy, "2025-12-31"),
            ("31.12.2025", Dmy, "2025-12-31"),
            ("1/2/25", Dmy, "2025-02-01"),
            ("12/31/2025", Mdy, "2025-12-31"),
            ("2025-12-31", Ymd, "2025-12-31"),
            ("2025-12-31 00:00:00", Ymd, "2025-12-31"),
            ("20251231", Compact, "2025-12-31"),
            // The month in words reads the same in any order setting.
            ("Jan 28 2021", Dmy, "2021-01-28"),
            ("Jan 28 2021", Ymd, "2021-01-28"),
            ("28 January 2021", Mdy, "2021-01-28"),
            ("September 28, 2021", Dmy, "2021-09-28"),
            ("28 janv. 2025", Dmy, "2025-01-28"),
            ("1er février 2025", Dmy, "2025-02-01"),
            ("14 juillet 2025", Dmy, "2025-07-14"),
            ("3 juin 2025", Dmy, "2025-06-03"),
            ("15 août 2025", Dmy, "2025-08-15"),
            ("2025-Dec-31", Dmy, "2025-12-31"),
        ];
        for (input, order, expected) in table {
            assert_eq!(
                parse_date(input.as_bytes(), *order),
                Ok(date(expected)),
                "{input}"
            );
        }
        assert!(parse_date(b"31/02/2025", Dmy).is_err());
        assert!(parse_date(b"2025/13/01", Ymd).is_err());
        assert!(parse_date(b"hier", Dmy).is_err());
        assert!(parse_date(b"Jan 32 2021", Dmy).is_err());
        assert!(parse_date(b"Jan Feb 2021", Dmy).is_err());
        assert!(parse_date(b"Jan 2021", Dmy).is_err());
        assert!(parse_date(b"2025123", Compact).is_err());
        // Remembered dates read the same, whatever came before.
        let mut memo = DateMemo::default();
        for (input, order, _) in table.iter().chain(table).rev() {
            assert_eq!(
                memo.parse(input.as_bytes(), *order),
                parse_date(input.as_bytes(), *order)
            );
        }
        for bad in ["31/02/2025", "", "a date longer than sixteen bytes"] {
            assert!(memo.parse(bad.as_bytes(), Dmy).is_err());
        }
    }
}
