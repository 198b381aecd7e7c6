//! The EPC QR code ("SEPA credit transfer") printed on a client's statement: the payer's
//! banking app scans it and fills the transfer with our IBAN, the amount due and the invoice's
//! RF creditor reference, so the payment comes back carrying what identifies it.

use crate::i18n::{Lang, T};
use encours_core::bank::{epc, rf};
use encours_core::dunning::template::Company;
use leptos::prelude::*;
use rust_decimal::Decimal;

/// "Règlement par virement sur le compte IBAN … (BIC …)" from what the profile gives, nothing
/// when it gives no IBAN.
pub fn pay_to(lang: Lang, co: &Company) -> Option<String> {
    let iban = co.iban.trim();
    let bic = co.bic.trim();
    let bic = if bic.is_empty() {
        String::new()
    } else {
        format!(" (BIC {bic})")
    };
    (!iban.is_empty()).then(|| format!("{} IBAN {iban}{bic}", crate::i18n::t(lang, T::pay_to)))
}

/// The code for `amount` over the invoices `numbers`: one invoice gives its RF reference, more
/// give their numbers as the remittance text (the matcher finds numbers there too). Nothing
/// without a valid IBAN in the company profile, or for nothing due.
pub fn statement_qr(co: &Company, amount: Decimal, numbers: &[&str]) -> Option<AnyView> {
    let reference = match numbers {
        [one] => rf::creditor_reference(one),
        _ => None,
    };
    let text: String = numbers.join(" ").chars().take(140).collect();
    let bic = co.bic.trim();
    let t = epc::Transfer {
        bic: (!bic.is_empty()).then_some(bic),
        name: co.name.trim(),
        iban: co.iban.trim(),
        amount,
        reference: reference.as_deref(),
        text: (reference.is_none() && !text.is_empty()).then_some(text.as_str()),
    };
    let payload = epc::payload(&t).ok()?;
    let svg = epc::svg(&payload).ok()?;
    // The SVG is drawn by the core from our own payload, never from imported text.
    Some(
        view! {
            <figure class="epc-qr" data-testid="statement-qr" data-payload=payload>
                <div inner_html=svg></div>
            </figure>
        }
        .into_any(),
    )
}
