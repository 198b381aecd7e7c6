//! The company profile and the penalty rate table, as kept in the settings store: one key per
//! field (`company.name`…), the rate table as its CSV file (`rates.csv`).

use crate::i18n::T;
use encours_core::dunning::template::Company;
use encours_core::penalty::RateTable;
use std::collections::BTreeMap;

/// Setting key of the company logo (a `data:` URL of the file the user chose).
pub const LOGO: &str = "company.logo";
/// Setting key of the rate table, as CSV.
pub const RATES: &str = "rates.csv";

/// The profile's fields: setting key suffix, label, multi-line.
pub const FIELDS: [(&str, T, bool); 12] = [
    ("name", T::co_name, false),
    ("legal_form", T::co_legal_form, false),
    ("address", T::co_address, true),
    ("city", T::co_city, false),
    ("siren", T::co_siren, false),
    ("vat_id", T::co_vat, false),
    ("iban", T::co_iban, false),
    ("bic", T::co_bic, false),
    ("contact", T::co_contact, false),
    ("phone", T::co_phone, false),
    ("email", T::co_email, false),
    ("signature", T::co_signature, true),
];

fn field_mut<'a>(c: &'a mut Company, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "name" => &mut c.name,
        "legal_form" => &mut c.legal_form,
        "address" => &mut c.address,
        "city" => &mut c.city,
        "siren" => &mut c.siren,
        "vat_id" => &mut c.vat_id,
        "iban" => &mut c.iban,
        "bic" => &mut c.bic,
        "contact" => &mut c.contact,
        "phone" => &mut c.phone,
        "email" => &mut c.email,
        "signature" => &mut c.signature,
        _ => return None,
    })
}

/// The company profile from the settings.
pub fn company(settings: &BTreeMap<String, String>) -> Company {
    let mut c = Company::default();
    for (k, v) in settings {
        if let Some(f) = k
            .strip_prefix("company.")
            .and_then(|n| field_mut(&mut c, n))
        {
            *f = v.clone();
        }
    }
    c
}

/// The rate table: the user's, else the built-in one.
pub fn rates(settings: &BTreeMap<String, String>) -> RateTable {
    settings
        .get(RATES)
        .and_then(|csv| RateTable::parse_csv(csv).ok())
        .unwrap_or_else(RateTable::builtin)
}

/// The profile field's label for a sender field the letters need.
pub fn label(field: encours_core::dunning::sender::SenderField) -> T {
    FIELDS
        .iter()
        .find(|f| f.0 == field.key())
        .map_or(T::company_profile, |f| f.1)
}

/// "Courrier bloqué : … ne donne pas Raison sociale, Adresse." with a link to the profile, or
/// nothing when no field is missing.
pub fn missing_banner(
    lang: crate::i18n::Lang,
    missing: &[encours_core::dunning::sender::SenderField],
) -> Option<leptos::prelude::AnyView> {
    use leptos::prelude::*;
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing
        .iter()
        .map(|f| crate::i18n::t(lang, label(*f)))
        .collect();
    let text = format!(
        "{}{}{}.",
        crate::i18n::t(lang, T::sender_missing),
        crate::format::colon(lang),
        names.join(", ")
    );
    Some(
        view! {
            <p class="banner warning" role="alert" data-testid="sender-missing">
                {text}" "
                {crate::router::dyn_link("/settings".into(), crate::i18n::t(lang, T::fill_profile).into())}
            </p>
        }
        .into_any(),
    )
}
