//! The RF creditor reference in the drafts' payment instructions: `{reference}` gives each
//! invoice's ISO 11649 reference, and every default text, in French and English, quotes it
//! after the IBAN in an optional part (gone, with no dangling words, when no invoice number
//! gives a reference).

mod common;

use common::{date, load_pf};
use encours_core::dunning::template::{self, Company, Context};
use encours_core::dunning::{worklist, Entry, Language, LevelKind, Template};
use encours_core::penalty::RateTable;
use encours_core::Portfolio;

// Acme owes, both late on 17/03/2025: one entry with both.
const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
";

// Computed apart (Python): A1 + RF00 → 101271500, 8 mod 97 → 98 − 8 = 90; A2 → 63.
const RF_A1: &str = "RF90A1";
const RF_A2: &str = "RF63A2";
const IBAN: &str = "FR76 3000 6000 0112 3456 7890 189";

fn book() -> (Portfolio, Entry) {
    let (l, _) = load_pf(BOOK, "2025-01-01");
    let e = worklist(&l, &RateTable::builtin(), date("2025-03-17"))
        .entries
        .remove(0);
    let numbers: Vec<&str> = e.invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["A-1", "A-2"]);
    (l, e)
}

fn company() -> Company {
    Company {
        name: "Atelier Dupont".into(),
        iban: IBAN.into(),
        bic: "BNPAFRPP".into(),
        ..Company::default()
    }
}

fn render(l: &Portfolio, e: &Entry, t: &Template, lang: Language) -> String {
    let c = company();
    let ctx = Context {
        lang,
        company: &c,
        client: &l.ledger().clients[0],
        entry: e,
        today: date("2025-03-17"),
        deadline_days: 8,
    };
    template::render(t, &ctx).body
}

#[test]
fn the_placeholder_gives_each_invoice_s_reference() {
    let (l, mut e) = book();
    let t = Template {
        subject: String::new(),
        body: "Réf. {reference}.[[ ({reference})]]".into(),
    };
    assert_eq!(
        render(&l, &e, &t, Language::Fr),
        format!("Réf. {RF_A1}, {RF_A2}. ({RF_A1}, {RF_A2})")
    );
    e.invoices.truncate(1);
    assert_eq!(
        render(&l, &e, &t, Language::En),
        format!("Réf. {RF_A1}. ({RF_A1})")
    );
    // A number too long for ISO 11649 (more than 21 letters and digits) gives none.
    e.invoices[0].number = "FACTURE-2025-00000000000001".into();
    assert_eq!(render(&l, &e, &t, Language::Fr), "Réf. .");
}

/// (kind, language, the payment sentence with `{R}` for the references, the same without).
const TABLE: &[(LevelKind, Language, &str, &str)] = {
    use Language::*;
    use LevelKind::*;
    &[
        (
            Courtesy,
            Fr,
            "sur le compte {IBAN} en indiquant en référence {R}.",
            "sur le compte {IBAN}.",
        ),
        (
            Reminder,
            Fr,
            "par virement (IBAN {IBAN}, référence {R}) ou nous",
            "par virement (IBAN {IBAN}) ou nous",
        ),
        (
            Firm,
            Fr,
            "sur le compte {IBAN} en indiquant en référence {R}. Si",
            "sur le compte {IBAN}. Si",
        ),
        (
            Formal,
            Fr,
            "sur le compte {IBAN} (BIC BNPAFRPP) en indiquant en référence {R}.\n",
            "sur le compte {IBAN} (BIC BNPAFRPP).\n",
        ),
        (
            Notice,
            Fr,
            "IBAN {IBAN} (BIC BNPAFRPP), en rappelant les numéros de facture (en référence : {R}).",
            "IBAN {IBAN} (BIC BNPAFRPP), en rappelant les numéros de facture.",
        ),
        (
            Handover,
            Fr,
            "sur le compte {IBAN} (BIC BNPAFRPP), en indiquant en référence {R}, reste possible",
            "sur le compte {IBAN} (BIC BNPAFRPP) reste possible",
        ),
        (
            Courtesy,
            En,
            "by bank transfer to {IBAN}, quoting {R}.",
            "by bank transfer to {IBAN}.",
        ),
        (
            Reminder,
            En,
            "by bank transfer (IBAN {IBAN}, reference {R}) or let",
            "by bank transfer (IBAN {IBAN}) or let",
        ),
        (
            Firm,
            En,
            "by bank transfer to {IBAN}, quoting {R}. If",
            "by bank transfer to {IBAN}. If",
        ),
        (
            Formal,
            En,
            "by bank transfer to {IBAN} (BIC BNPAFRPP), quoting {R}.\n",
            "by bank transfer to {IBAN} (BIC BNPAFRPP).\n",
        ),
        (
            Notice,
            En,
            "to IBAN {IBAN} (BIC BNPAFRPP), quoting the invoice numbers (reference: {R}).",
            "to IBAN {IBAN} (BIC BNPAFRPP), quoting the invoice numbers.",
        ),
        (
            Handover,
            En,
            "by bank transfer to {IBAN} (BIC BNPAFRPP), quoting {R}, remains possible",
            "by bank transfer to {IBAN} (BIC BNPAFRPP) remains possible",
        ),
    ]
};

#[test]
fn every_default_text_quotes_the_references_after_the_iban() {
    let (l, two) = book();
    let mut one = two.clone();
    one.invoices.truncate(1);
    let mut none = one.clone();
    none.invoices[0].number = "FACTURE-2025-00000000000001".into();
    let mut kinds_seen = Vec::new();
    for &(kind, lang, with, without) in TABLE {
        let mut e = two.clone();
        e.level.kind = kind;
        e.level.fr = None;
        e.level.en = None;
        let t = e.level.template(lang);
        let with = with.replace("{IBAN}", IBAN);
        let without = without.replace("{IBAN}", IBAN);
        for (entry, refs) in [
            (&two, format!("{RF_A1}, {RF_A2}")),
            (&one, RF_A1.to_string()),
        ] {
            let b = render(&l, entry, &t, lang);
            let want = with.replace("{R}", &refs);
            assert!(b.contains(&want), "{kind:?} {lang:?}: {want:?} not in\n{b}");
        }
        let b = render(&l, &none, &t, lang);
        assert!(
            b.contains(&without),
            "{kind:?} {lang:?}: {without:?} not in\n{b}"
        );
        assert!(
            !b.contains("RF") && !b.contains("[[") && !b.contains("]]") && !b.contains("{"),
            "{kind:?} {lang:?}:\n{b}"
        );
        if !kinds_seen.contains(&kind) {
            kinds_seen.push(kind);
        }
    }
    assert_eq!(
        kinds_seen.len(),
        6,
        "every kind of level, in both languages"
    );
}
