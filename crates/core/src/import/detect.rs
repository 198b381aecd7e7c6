//! Detection: a pure function of the file's first bytes tells its encoding, delimiter, decimal
//! separator and date order. Each guess can be overridden through [`super::ImportOptions`].

use super::text::{split3, DateOrder, DecimalSep};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Text encodings the import reads. Only these three are referenced from `encoding_rs`, so the
/// wasm build does not carry every decoder table.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    Windows1252,
    Iso8859_15,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Iso8859_15 => "ISO-8859-15",
        }
    }
}

/// Encoding and BOM length: a UTF-8 BOM or valid UTF-8 means UTF-8; anything else is read as
/// `legacy` (Windows-1252 for spreadsheets, ISO-8859-15 for FEC files).
pub fn detect_encoding(bytes: &[u8], legacy: Encoding) -> (Encoding, usize) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return (Encoding::Utf8, 3);
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => (Encoding::Utf8, 0),
        // A multi-byte character cut by the end of a sample is still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            (Encoding::Utf8, 0)
        }
        Err(_) => (legacy, 0),
    }
}

/// The file as text: its encoding detected (unless `forced`) and decoded, UTF-8 validated once
/// for both (a 10 MB file is read once, not twice). Returns the text, the encoding and whether
/// the file starts with a UTF-8 BOM.
pub fn read_text(
    bytes: &[u8],
    forced: Option<Encoding>,
    legacy: Encoding,
) -> (Cow<'_, str>, Encoding, bool) {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let encoding = match forced {
        Some(e) => e,
        None if bom => Encoding::Utf8,
        None => match std::str::from_utf8(bytes) {
            Ok(s) => return (Cow::Borrowed(s), Encoding::Utf8, false),
            Err(_) => detect_encoding(bytes, legacy).0,
        },
    };
    (decode(bytes, encoding), encoding, bom)
}

/// Decodes to UTF-8 text; borrows when the input already is (minus its BOM). Invalid UTF-8
/// sequences become U+FFFD rather than failing: the rows holding them report their own errors.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Cow<'_, str> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match encoding {
        // `from_utf8` validates fast; the lossy decoder only runs on invalid input.
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(body),
        },
        Encoding::Windows1252 => single_byte(body, |b| {
            WINDOWS_1252_HIGH
                .get(usize::from(b).wrapping_sub(0x80))
                .copied()
        }),
        Encoding::Iso8859_15 => single_byte(body, iso_8859_15_exception),
    }
}

/// Windows-1252 bytes 0x80–0x9F (WHATWG mapping: the five unassigned bytes stay C1 controls).
const WINDOWS_1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The eight ISO-8859-15 bytes that differ from Latin-1.
fn iso_8859_15_exception(b: u8) -> Option<char> {
    Some(match b {
        0xA4 => '\u{20AC}',
        0xA6 => '\u{160}',
        0xA8 => '\u{161}',
        0xB4 => '\u{17D}',
        0xB8 => '\u{17E}',
        0xBC => '\u{152}',
        0xBD => '\u{153}',
        0xBE => '\u{178}',
        _ => return None,
    })
}

/// A single-byte encoding is Latin-1 with a few exceptions. `encoding_rs::mem::decode_latin1`
/// does the bulk (and borrows pure ASCII); only the exceptions are patched. Going through an
/// `encoding_rs::Encoding` instead would build its generic decoder, which keeps every decoder
/// and its tables (about 200 KB) in the wasm build.
fn single_byte(body: &[u8], exception: impl Fn(u8) -> Option<char>) -> Cow<'_, str> {
    if !body.iter().any(|&b| b >= 0x80 && exception(b).is_some()) {
        return encoding_rs::mem::decode_latin1(body);
    }
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    for &b in body {
        match exception(b) {
            Some(c) => out.push(c),
            None => out.push(char::from(b)),
        }
    }
    Cow::Owned(out)
}

/// The delimiter among `;` `,` tab `|` that splits the first lines most consistently.
/// Characters inside double quotes do not count.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let sample = &text[..text.len().min(64 * 1024)];
    let mut per_line: Vec<[u32; 4]> = Vec::new();
    let mut counts = [0u32; 4];
    let mut quoted = false;
    for &c in sample {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                per_line.push(counts);
                counts = [0; 4];
                if per_line.len() >= 50 {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(k) = CANDIDATES.iter().position(|&d| d == c) {
                    counts[k] += 1;
                }
            }
            _ => {}
        }
    }
    if counts.iter().any(|&n| n > 0) {
        per_line.push(counts);
    }
    let mut best = (b';', 0u64);
    for (k, &d) in CANDIDATES.iter().enumerate() {
        // The first line that has the candidate: a title line before the header has none.
        let first = per_line.iter().map(|l| l[k]).find(|&n| n > 0).unwrap_or(0);
        if first == 0 {
            continue;
        }
        // Lines agreeing with the header's count, weighted by that count.
        let agree = per_line.iter().filter(|l| l[k] == first).count() as u64;
        let score = agree * 1000 + u64::from(first);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// The decimal separator and the date order of a file's samples — the options' own where
/// the user set them — and whether the order stayed ambiguous. A comma-delimited file's
/// amounts default to a decimal dot, the others' to a comma.
pub fn sample_formats(
    opts: &super::ImportOptions,
    delimiter: u8,
    amounts: &[Vec<u8>],
    dates: &[Vec<u8>],
) -> (DecimalSep, DateOrder, bool) {
    let default_decimal = if delimiter == b',' {
        DecimalSep::Dot
    } else {
        DecimalSep::Comma
    };
    let decimal = opts
        .decimal
        .unwrap_or_else(|| detect_decimal(amounts.iter().map(Vec::as_slice), default_decimal));
    let (date_order, ambiguous) = match opts.date_order {
        Some(o) => (o, false),
        None => detect_date_order(dates.iter().map(Vec::as_slice)),
    };
    (decimal, date_order, ambiguous)
}

/// The decimal separator that fits most amount samples. `default` wins ties and an empty sample.
pub fn detect_decimal<'a>(
    samples: impl Iterator<Item = &'a [u8]>,
    default: DecimalSep,
) -> DecimalSep {
    let (mut comma, mut dot) = (0u32, 0u32);
    for s in samples {
        let s = s.trim_ascii();
        let last_comma = s.iter().rposition(|&c| c == b',');
        let last_dot = s.iter().rposition(|&c| c == b'.');
        match (last_comma, last_dot) {
            (Some(c), Some(d)) if c > d => comma += 1,
            (Some(_), Some(_)) => dot += 1,
            // "1,234" alone could be a thousands group: only a non-3-digit tail decides.
            (Some(c), None) if s.len() - c - 1 != 3 => comma += 1,
            (None, Some(d)) if s.len() - d - 1 != 3 => dot += 1,
            _ => {}
        }
    }
    match comma.cmp(&dot) {
        std::cmp::Ordering::Greater => DecimalSep::Comma,
        std::cmp::Ordering::Less => DecimalSep::Dot,
        std::cmp::Ordering::Equal => default,
    }
}

/// The date order that fits the samples, and whether it stayed ambiguous (every day ≤ 12, so
/// the user should confirm). Day-month-year wins when nothing tells: French first.
pub fn detect_date_order<'a>(samples: impl Iterator<Item = &'a [u8]>) -> (DateOrder, bool) {
    let (mut first_over_12, mut second_over_12, mut ymd, mut compact, mut slashed) =
        (false, false, 0u32, 0u32, 0u32);
    for s in samples {
        let s = s.trim_ascii();
        // "2023-01-31T09:00:45.858Z": the date before the time.
        let s = match s.iter().position(|&c| c == b' ' || c == b'T') {
            Some(p) if p >= 8 => &s[..p],
            _ => s,
        };
        if s.len() == 8 && s.iter().all(u8::is_ascii_digit) {
            compact += 1;
            continue;
        }
        let Some((a, b, _)) = split3(s) else { continue };
        if a.len() == 4 {
            ymd += 1;
            continue;
        }
        slashed += 1;
        let n = |p: &[u8]| {
            p.iter()
                .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
        };
        first_over_12 |= n(a) > 12;
        second_over_12 |= n(b) > 12;
    }
    if ymd >= slashed && ymd >= compact && ymd > 0 {
        (DateOrder::Ymd, false)
    } else if compact > slashed {
        (DateOrder::Compact, false)
    } else if second_over_12 && !first_over_12 {
        (DateOrder::Mdy, false)
    } else {
        (DateOrder::Dmy, !first_over_12 && slashed > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFa;b", Encoding::Windows1252),
            (Encoding::Utf8, 3)
        );
        assert_eq!(
            detect_encoding("é;b".as_bytes(), Encoding::Windows1252),
            (Encoding::Utf8, 0)
        );
        assert_eq!(
            detect_encoding(b"\xE9;b", Encoding::Windows1252),
            (Encoding::Windows1252, 0)
        );
        assert_eq!(
            decode(b"\xE9ch\xE9ance \x80", Encoding::Windows1252),
            "échéance €"
        );
        assert_eq!(decode(b"\xA4", Encoding::Iso8859_15), "€");
    }

    #[test]
    fn single_byte_decoding_matches_encoding_rs_on_every_byte() {
        let all: Vec<u8> = (0..=255u8).collect();
        for (ours, theirs) in [
            (Encoding::Windows1252, encoding_rs::WINDOWS_1252),
            (Encoding::Iso8859_15, encoding_rs::ISO_8859_15),
        ] {
            for b in &all {
                let one = [*b];
                assert_eq!(
                    decode(&one, ours),
                    theirs.decode_without_bom_handling(&one).0,
                    "{ours:?} byte {b:#x}"
                );
            }
            assert_eq!(
                decode(&all, ours),
                theirs.decode_without_bom_handling(&all).0
            );
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc\n1\t2,5\t3\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        // Commas inside quotes and decimal commas do not fool it.
        assert_eq!(
            detect_delimiter(b"N;Client;Montant\n1;\"Dupont, Fils\";1 234,56\n"),
            b';'
        );
    }

    #[test]
    fn decimals_and_dates() {
        let s = |v: &'static [&'static str]| v.iter().map(|x| x.as_bytes());
        assert_eq!(
            detect_decimal(s(&["1 234,56", "12,5"]), DecimalSep::Dot),
            DecimalSep::Comma
        );
        assert_eq!(
            detect_decimal(s(&["1,234.56", "12.5"]), DecimalSep::Comma),
            DecimalSep::Dot
        );
        assert_eq!(
            detect_decimal(s(&["1,234"]), DecimalSep::Comma),
            DecimalSep::Comma
        );
        assert_eq!(
            detect_date_order(s(&["31/01/2025", "01/02/2025"])),
            (DateOrder::Dmy, false)
        );
        assert_eq!(
            detect_date_order(s(&["01/31/2025", "02/01/2025"])),
            (DateOrder::Mdy, false)
        );
        assert_eq!(
            detect_date_order(s(&["01/02/2025"])),
            (DateOrder::Dmy, true)
        );
        assert_eq!(
            detect_date_order(s(&["2025-01-31"])),
            (DateOrder::Ymd, false)
        );
        assert_eq!(
            detect_date_order(s(&["20250131"])),
            (DateOrder::Compact, false)
        );
    }
}
