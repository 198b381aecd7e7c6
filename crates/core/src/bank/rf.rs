//! The ISO 11649 creditor reference ("RF reference") of an invoice, and finding one in a
//! statement's text.
//!
//! `RF` + two check digits + up to 21 letters and digits. The check is the IBAN's: the body
//! followed by `RF00`, letters read as 10–35, mod 97; the check digits are 98 minus it, and a
//! whole reference moved the same way (its first four characters to the end) is 1 mod 97.
//!
//! ```
//! use encours_core::bank::rf::{creditor_reference, is_valid};
//! assert_eq!(creditor_reference("F2025-038").as_deref(), Some("RF34F2025038"));
//! assert!(is_valid("RF18 5390 0754 7034")); // ISO 11649's own example
//! assert!(!is_valid("RF19539007547034"));
//! ```

use super::name::compact;

/// The longest body ISO 11649 allows.
pub const MAX_BODY: usize = 21;

/// Mod 97 of the characters read as digits, letters as 10–35; `None` for anything else.
fn mod97(chars: impl Iterator<Item = char>) -> Option<u32> {
    let mut r: u32 = 0;
    for c in chars {
        let v = c.to_digit(36)?;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    Some(r)
}

/// The RF reference of an invoice number: its letters and digits, upper case (other
/// characters dropped), with its check digits. `None` when nothing or more than 21 characters
/// are left.
pub fn creditor_reference(number: &str) -> Option<String> {
    let body = compact(number);
    if body.is_empty() || body.len() > MAX_BODY {
        return None;
    }
    let r = mod97(body.chars().chain("RF00".chars()))?;
    Some(format!("RF{:02}{body}", 98 - r))
}

/// True for a well-formed reference whose check digits agree (spaces allowed, any case).
pub fn is_valid(reference: &str) -> bool {
    let c = compact(reference);
    if !reference
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == ' ')
        || c.len() < 5
        || c.len() > 4 + MAX_BODY
        || !c.starts_with("RF")
        || !c[2..4].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    mod97(c[4..].chars().chain(c[..4].chars())) == Some(1)
}

/// The bodies (the invoice numbers' letters and digits) of every valid RF reference in a
/// text, printed whole (`RF34F2025038`) or in groups (`RF34 F202 5038`). The longest valid
/// run of words from an `RF` word is taken.
pub fn find_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let u = w.to_ascii_uppercase();
        if !(u.len() >= 4 && u.starts_with("RF") && u[2..4].bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let mut joined = String::new();
        let mut best = None;
        for next in &words[i..words.len().min(i + 7)] {
            joined.push_str(&next.to_ascii_uppercase());
            if joined.len() > 4 + MAX_BODY {
                break;
            }
            if is_valid(&joined) {
                best = Some(joined[4..].to_string());
            }
        }
        if let Some(b) = best {
            if !out.contains(&b) {
                out.push(b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        // ISO 11649's example: RF18 5390 0754 7034.
        assert!(is_valid("RF18539007547034"));
        assert_eq!(
            creditor_reference("539007547034").as_deref(),
            Some("RF18539007547034")
        );
        // The example of the Wikipedia article on the creditor reference: RF45 G72U UR.
        assert!(is_valid("RF45G72UUR"));
        assert_eq!(creditor_reference("G72UUR").as_deref(), Some("RF45G72UUR"));
        // F2025038 + RF00 → 15 2025038 27 15 00 = 152025038271500, which is 64 mod 97
        // (computed apart, with Python's big integers): 98 − 64 = 34.
        assert_eq!(
            creditor_reference("F2025-038").as_deref(),
            Some("RF34F2025038")
        );
        // Every wrong check digit fails.
        for k in 0..100 {
            let r = format!("RF{k:02}539007547034");
            assert_eq!(is_valid(&r), k == 18, "{r}");
        }
        assert_eq!(creditor_reference("--"), None);
        assert_eq!(creditor_reference(&"9".repeat(22)), None);
        assert!(!is_valid("RF1"));
        assert!(!is_valid("RFAB539007547034"));
        assert!(!is_valid("RF18-5390-0754-7034"));
    }

    #[test]
    fn found_in_text() {
        assert_eq!(find_in("VIR /RFB/RF34F2025038 MERCI"), ["F2025038"]);
        assert_eq!(find_in("ref rf34 f202 5038 ok"), ["F2025038"]);
        assert!(find_in("RF35F2025038").is_empty());
        assert!(find_in("RF").is_empty());
    }
}
