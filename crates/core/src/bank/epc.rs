//! The EPC QR code ("SEPA credit transfer", EPC069-12): what a payer's banking app scans to
//! fill a transfer with the creditor's IBAN, the amount and the RF reference, so the payment
//! comes back carrying the reference.
//!
//! The payload is lines separated by `\n`: `BCD`, version `002`, character set `1` (UTF-8),
//! `SCT`, the BIC (optional in version 002), the beneficiary's name (≤ 70 characters), the
//! IBAN, `EUR` and the amount (0.01 to 999999999.99, a dot, at most two decimals), a purpose
//! code (empty), then either the structured reference (`RF…`, ≤ 35) or a free text (≤ 140).
//! It is drawn at error-correction level M, as the standard asks.
//!
//! ```
//! use encours_core::bank::epc::{payload, Transfer};
//! let t = Transfer {
//!     bic: Some("BNPAFRPP"),
//!     name: "Atelier Martin",
//!     iban: "FR76 3000 6000 0112 3456 7890 189",
//!     amount: "1440.00".parse().unwrap(),
//!     reference: Some("RF34F2025038"),
//!     text: None,
//! };
//! let p = payload(&t).unwrap();
//! assert_eq!(p.lines().nth(6), Some("FR7630006000011234567890189"));
//! ```

use super::name::compact;
use super::rf;
use rust_decimal::Decimal;

/// A transfer to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer<'a> {
    pub bic: Option<&'a str>,
    /// The beneficiary: the company that sends the invoice.
    pub name: &'a str,
    pub iban: &'a str,
    pub amount: Decimal,
    /// An ISO 11649 reference (`RF…`), checked.
    pub reference: Option<&'a str>,
    /// Free remittance text, used only without a reference.
    pub text: Option<&'a str>,
}

/// Why a payload cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EpcError {
    /// Not an IBAN, or its check digits disagree.
    BadIban,
    /// A BIC is 8 or 11 letters and digits.
    BadBic,
    /// Empty, or longer than 70 characters.
    BadName,
    /// Not within 0.01 – 999,999,999.99, or more than two decimals.
    BadAmount,
    /// Not a valid RF reference.
    BadReference,
    /// Free text longer than 140 characters.
    TextTooLong,
    /// The payload did not fit a QR code (cannot happen within the limits above).
    TooLong,
}

impl EpcError {
    pub fn code(&self) -> &'static str {
        match self {
            EpcError::BadIban => "bad_iban",
            EpcError::BadBic => "bad_bic",
            EpcError::BadName => "bad_name",
            EpcError::BadAmount => "bad_amount",
            EpcError::BadReference => "bad_reference",
            EpcError::TextTooLong => "text_too_long",
            EpcError::TooLong => "too_long",
        }
    }
}

/// True for an IBAN whose check digits agree (spaces allowed): letters as 10–35, the first
/// four characters moved to the end, 1 mod 97.
pub fn iban_is_valid(iban: &str) -> bool {
    let c = compact(iban);
    if c.len() < 15
        || c.len() > 34
        || !iban
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == ' ')
    {
        return false;
    }
    let b = c.as_bytes();
    if !b[..2].iter().all(u8::is_ascii_alphabetic) || !b[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut r: u32 = 0;
    for ch in c[4..].chars().chain(c[..4].chars()) {
        let Some(v) = ch.to_digit(36) else {
            return false;
        };
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    r == 1
}

/// The payload text of a transfer, checked field by field.
pub fn payload(t: &Transfer) -> Result<String, EpcError> {
    let iban = compact(t.iban);
    if !iban_is_valid(t.iban) {
        return Err(EpcError::BadIban);
    }
    let bic = match t.bic {
        Some(b) => {
            let b = compact(b);
            if !(b.len() == 8 || b.len() == 11) {
                return Err(EpcError::BadBic);
            }
            b
        }
        None => String::new(),
    };
    let name = t.name.trim();
    if name.is_empty() || name.chars().count() > 70 || name.contains('\n') {
        return Err(EpcError::BadName);
    }
    let max = Decimal::new(99_999_999_999, 2);
    if t.amount < Decimal::new(1, 2) || t.amount > max || t.amount.normalize().scale() > 2 {
        return Err(EpcError::BadAmount);
    }
    let mut amount = t.amount;
    amount.rescale(2);
    let (reference, text) = match t.reference {
        Some(r) if rf::is_valid(r) => (compact(r), String::new()),
        Some(_) => return Err(EpcError::BadReference),
        None => {
            let text = t.text.unwrap_or("").trim().replace('\n', " ");
            if text.chars().count() > 140 {
                return Err(EpcError::TextTooLong);
            }
            (String::new(), text)
        }
    };
    let lines = [
        "BCD".to_string(),
        "002".into(),
        "1".into(),
        "SCT".into(),
        bic,
        name.to_string(),
        iban,
        format!("EUR{amount}"),
        String::new(),
        reference,
        text,
    ];
    let mut s = lines.join("\n");
    // Trailing empty fields may be left out; a payload ends at its last field.
    while s.ends_with('\n') {
        s.pop();
    }
    Ok(s)
}

/// The QR code of a payload as an SVG image (error correction M, quiet zone included), 6
/// pixels a module, drawn locally.
pub fn svg(payload: &str) -> Result<String, EpcError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| EpcError::TooLong)?;
    Ok(code
        .render::<svg::Color>()
        .module_dimensions(6, 6)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer() -> Transfer<'static> {
        Transfer {
            bic: Some("BNPAFRPP"),
            name: "Atelier Martin SARL",
            // The French IBAN example of the ECBS/SWIFT IBAN registry.
            iban: "FR76 3000 6000 0112 3456 7890 189",
            amount: "1440.5".parse().unwrap(),
            reference: Some("RF34F2025038"),
            text: None,
        }
    }

    #[test]
    fn payload_field_by_field() {
        let p = payload(&transfer()).unwrap();
        let lines: Vec<&str> = p.split('\n').collect();
        assert_eq!(
            lines,
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "BNPAFRPP",
                "Atelier Martin SARL",
                "FR7630006000011234567890189",
                "EUR1440.50",
                "",
                "RF34F2025038",
            ]
        );
        // Without a reference, the text is the eleventh line.
        let t = Transfer {
            reference: None,
            text: Some("Facture F2025-038"),
            bic: None,
            ..transfer()
        };
        let p = payload(&t).unwrap();
        let lines: Vec<&str> = p.split('\n').collect();
        assert_eq!(lines[4], "");
        assert_eq!(lines[9], "");
        assert_eq!(lines[10], "Facture F2025-038");
    }

    #[test]
    fn payload_refusals() {
        let bad = |t: Transfer| payload(&t).unwrap_err();
        assert_eq!(
            bad(Transfer {
                iban: "FR77 3000 6000 0112 3456 7890 189",
                ..transfer()
            }),
            EpcError::BadIban
        );
        assert_eq!(
            bad(Transfer {
                amount: Decimal::ZERO,
                ..transfer()
            }),
            EpcError::BadAmount
        );
        assert_eq!(
            bad(Transfer {
                amount: "1.005".parse().unwrap(),
                ..transfer()
            }),
            EpcError::BadAmount
        );
        assert_eq!(
            bad(Transfer {
                amount: "1000000000".parse().unwrap(),
                ..transfer()
            }),
            EpcError::BadAmount
        );
        assert_eq!(
            bad(Transfer {
                reference: Some("RF35F2025038"),
                ..transfer()
            }),
            EpcError::BadReference
        );
        assert_eq!(
            bad(Transfer {
                name: &"x".repeat(71),
                ..transfer()
            }),
            EpcError::BadName
        );
        assert_eq!(
            bad(Transfer {
                bic: Some("BNPA"),
                ..transfer()
            }),
            EpcError::BadBic
        );
    }

    #[test]
    fn ibans() {
        assert!(iban_is_valid("FR7630006000011234567890189"));
        assert!(iban_is_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_is_valid("NL56AGDH9619008421"));
        assert!(!iban_is_valid("DE89 3704 0044 0532 0130 01"));
        assert!(!iban_is_valid("short"));
        assert!(!iban_is_valid("FR76-3000-6000-0112-3456-7890-189"));
    }
}
