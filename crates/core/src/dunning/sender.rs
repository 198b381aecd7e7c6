//! The sender's details a draft needs: which fields of the company profile a level's text
//! quotes (and, for a letter, the sender block prints), so that a letter with a blank where
//! the sender's name, address or IBAN should be is never printed or filed as sent.
//!
//! Phone and e-mail are optional: the built-in texts quote them inside `[[…]]` parts, which
//! [`super::template::fill`] drops when they are empty.

use super::template::{placeholders, required_part, Company};
use super::Template;

/// A field of the company profile a draft may need.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SenderField {
    Name,
    Address,
    City,
    Siren,
    Iban,
    Bic,
    Contact,
    Signature,
}

impl SenderField {
    /// The profile's setting key (`company.<key>`), also a stable code for the interface.
    pub fn key(self) -> &'static str {
        match self {
            SenderField::Name => "name",
            SenderField::Address => "address",
            SenderField::City => "city",
            SenderField::Siren => "siren",
            SenderField::Iban => "iban",
            SenderField::Bic => "bic",
            SenderField::Contact => "contact",
            SenderField::Signature => "signature",
        }
    }

    fn is_empty(self, c: &Company) -> bool {
        let v = match self {
            SenderField::Name => &c.name,
            SenderField::Address => &c.address,
            SenderField::City => &c.city,
            SenderField::Siren => &c.siren,
            SenderField::Iban => &c.iban,
            SenderField::Bic => &c.bic,
            SenderField::Contact => &c.contact,
            SenderField::Signature => &c.signature,
        };
        v.trim().is_empty()
    }

    /// The field a placeholder prints, if it is a required sender field.
    fn of_placeholder(name: &str) -> Option<SenderField> {
        Some(match name {
            "company" => SenderField::Name,
            "company_address" => SenderField::Address,
            "place" => SenderField::City,
            // The identity must name the company: its SIREN (the legal form alone does not).
            "company_id" => SenderField::Siren,
            "iban" => SenderField::Iban,
            "bic" => SenderField::Bic,
            "contact" => SenderField::Contact,
            "signature" => SenderField::Signature,
            _ => return None,
        })
    }
}

/// The fields `template` needs that `company` leaves empty, in the profile's order: those its
/// subject and body quote outside optional parts, and for a `letter` the sender block's name
/// and address.
///
/// ```
/// use encours_core::dunning::sender::{missing, SenderField};
/// use encours_core::dunning::template::Company;
/// use encours_core::dunning::Template;
/// let t = Template { subject: "Relance".into(), body: "Virement sur {iban}[[, tél. {phone}]]. {signature}".into() };
/// let c = Company { iban: "FR76…".into(), ..Company::default() };
/// assert_eq!(missing(&t, &c, false), [SenderField::Signature]);
/// assert_eq!(missing(&t, &c, true), [SenderField::Name, SenderField::Address, SenderField::Signature]);
/// ```
pub fn missing(template: &Template, company: &Company, letter: bool) -> Vec<SenderField> {
    let mut out: Vec<SenderField> = Vec::new();
    if letter {
        out.extend([SenderField::Name, SenderField::Address]);
    }
    for text in [&template.subject, &template.body] {
        let required = required_part(text);
        out.extend(placeholders(&required).filter_map(SenderField::of_placeholder));
    }
    crate::small::sort_by(&mut out, Ord::cmp);
    out.dedup();
    out.retain(|f| f.is_empty(company));
    out
}
