//! The sender's details a draft needs: a notice with an empty profile names every missing
//! field; optional phone and e-mail leave no dangling words when empty.

mod common;

use common::{date, load_pf};
use encours_core::dunning::sender::{missing, SenderField};
use encours_core::dunning::template::{self, Company, Context};
use encours_core::dunning::{worklist, Entry, Language, Template};
use encours_core::penalty::RateTable;
use encours_core::Portfolio;

// Acme's A-1 is 45 days late on 17/03/2025 (due 31/01): at the formal notice, with the scenario
// set to go straight to it (amicable first would start a never-reminded client at the firm
// reminder).
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
";

fn notice() -> (Portfolio, Entry) {
    let (mut l, _) = load_pf(BOOK, "2025-01-01");
    l.follow_up.settings.scenarios[0].straight_to_notice = true;
    let e = worklist(&l, &RateTable::builtin(), date("2025-03-17"))
        .entries
        .remove(0);
    (l, e)
}

fn full() -> Company {
    Company {
        name: "Atelier Dupont".into(),
        legal_form: "SARL".into(),
        address: "1 place Bellecour, 69002 Lyon".into(),
        city: "Lyon".into(),
        siren: "123 456 789".into(),
        iban: "FR76 3000 4000 0500 0012 3456 789".into(),
        bic: "BNPAFRPP".into(),
        contact: "Marie Dupont".into(),
        signature: "Marie Dupont, gérante".into(),
        ..Company::default()
    }
}

fn body(l: &Portfolio, e: &Entry, c: &Company, lang: Language) -> String {
    let ctx = Context {
        lang,
        company: c,
        client: &l.ledger().clients[0],
        entry: e,
        today: date("2025-03-17"),
        deadline_days: 8,
    };
    template::render(&e.level.template(lang), &ctx).body
}

#[test]
fn a_notice_with_an_empty_profile_names_every_field_it_quotes() {
    let (_, e) = notice();
    assert!(e.level.name.contains("demeure"), "{}", e.level.name);
    let t = e.level.template(Language::Fr);
    // The notice quotes {company} ({company_id}), {company_address}, {iban} (BIC {bic}),
    // {contact}, "Fait à {place}" and {signature}; phone and e-mail only in optional parts.
    use SenderField::*;
    let all = [Name, Address, City, Siren, Iban, Bic, Contact, Signature];
    assert_eq!(missing(&t, &Company::default(), true), all);
    assert_eq!(missing(&t, &full(), true), []);
    let mut no_iban = full();
    no_iban.iban = "  ".into();
    no_iban.city.clear();
    assert_eq!(missing(&t, &no_iban, true), [City, Iban]);
    // The English text quotes the same fields.
    assert_eq!(
        missing(&e.level.template(Language::En), &Company::default(), true),
        all
    );
}

#[test]
fn an_empty_phone_or_e_mail_leaves_no_dangling_words() {
    let (l, e) = notice();
    let mut c = full();
    // Neither: the sentence ends after the contact's name.
    let b = body(&l, &e, &c, Language::Fr);
    assert!(b.contains("vous pouvez joindre Marie Dupont."), "{b}");
    assert!(
        !b.contains(" au .") && !b.contains("()") && !b.contains(" ou à"),
        "{b}"
    );
    // The phone only.
    c.phone = "04 00 00 00 00".into();
    let b = body(&l, &e, &c, Language::Fr);
    assert!(b.contains("joindre Marie Dupont au 04 00 00 00 00."), "{b}");
    // Both.
    c.email = "marie@example.fr".into();
    let b = body(&l, &e, &c, Language::Fr);
    assert!(
        b.contains("joindre Marie Dupont au 04 00 00 00 00 (courriel : marie@example.fr)."),
        "{b}"
    );
    // The e-mail only, in English.
    c.phone.clear();
    let b = body(&l, &e, &c, Language::En);
    assert!(
        b.contains("please contact Marie Dupont (e-mail: marie@example.fr)."),
        "{b}"
    );
    assert!(!b.contains("[[") && !b.contains("]]"), "{b}");
}

#[test]
fn an_optional_part_without_placeholders_or_with_an_unknown_one_stays() {
    let (l, e) = notice();
    let c = full();
    let ctx = Context {
        lang: Language::Fr,
        company: &c,
        client: &l.ledger().clients[0],
        entry: &e,
        today: date("2025-03-17"),
        deadline_days: 8,
    };
    let t = Template {
        subject: "[[Rappel]] {company}".into(),
        body: "A[[ tél. {phone}]]B[[ {oops}]] [[ouvert".into(),
    };
    let d = template::render(&t, &ctx);
    assert_eq!(d.subject, "Rappel Atelier Dupont");
    // The empty phone's part goes; an unknown placeholder stays visible; an unclosed `[[` is text.
    assert_eq!(d.body, "AB {oops} [[ouvert");
}

#[test]
fn a_client_without_an_address_leaves_no_empty_commas_in_the_notice() {
    let (mut l, e) = notice();
    // Acme came from a file without addresses.
    let b = body(&l, &e, &full(), Language::Fr);
    assert!(b.contains("les sommes dont Acme reste redevable"), "{b}");
    assert!(!b.contains(", ,"), "{b}");
    let b = body(&l, &e, &full(), Language::En);
    assert!(b.contains("notice (mise en demeure) to Acme to pay"), "{b}");
    l.ledger_mut().clients[0].address = Some("2 rue des Lilas, 75011 Paris".into());
    let b = body(&l, &e, &full(), Language::Fr);
    assert!(
        b.contains("dont Acme, 2 rue des Lilas, 75011 Paris, reste redevable"),
        "{b}"
    );
}
