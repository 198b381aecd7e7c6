//! Column names in French and English exports, mapped to the fields the import understands.

use serde::{Deserialize, Serialize};

/// A field an import row can carry.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Number,
    Client,
    ClientCode,
    IssueDate,
    DueDate,
    Net,
    Vat,
    Total,
    Paid,
    Outstanding,
    PaymentDate,
    Currency,
    Status,
    Email,
    Phone,
    Siren,
    VatId,
    Segment,
    TermsDays,
    /// What the document is: invoice, credit note (Xero's `Type`, « Type de pièce »).
    DocType,
    /// One line item's amount (FreshBooks' "Line Total"): the rows of one invoice add up.
    LineTotal,
    /// One installment's amount, beside its own due date (rows of one invoice, one each).
    InstallmentAmount,
}

impl Field {
    /// Every field, in a stable order.
    pub const ALL: [Field; 22] = [
        Field::Number,
        Field::Client,
        Field::ClientCode,
        Field::IssueDate,
        Field::DueDate,
        Field::Net,
        Field::Vat,
        Field::Total,
        Field::Paid,
        Field::Outstanding,
        Field::PaymentDate,
        Field::Currency,
        Field::Status,
        Field::Email,
        Field::Phone,
        Field::Siren,
        Field::VatId,
        Field::Segment,
        Field::TermsDays,
        Field::DocType,
        Field::LineTotal,
        Field::InstallmentAmount,
    ];

    /// A short English name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Field::Number => "invoice number",
            Field::Client => "client",
            Field::ClientCode => "client code",
            Field::IssueDate => "date",
            Field::DueDate => "due date",
            Field::Net => "amount excl. VAT",
            Field::Vat => "VAT",
            Field::Total => "amount incl. VAT",
            Field::Paid => "paid",
            Field::Outstanding => "outstanding",
            Field::PaymentDate => "payment date",
            Field::Currency => "currency",
            Field::Status => "status",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Siren => "SIREN",
            Field::VatId => "VAT id",
            Field::Segment => "segment",
            Field::TermsDays => "payment terms (days)",
            Field::DocType => "document type",
            Field::LineTotal => "line total",
            Field::InstallmentAmount => "installment amount",
        }
    }
}

/// Synonyms, written normalised (lowercase, no accents, words separated by one space).
const SYNONYMS: &[(&str, Field)] = &[
    ("n facture", Field::Number),
    ("no facture", Field::Number),
    ("n de facture", Field::Number),
    ("num facture", Field::Number),
    ("numero", Field::Number),
    ("numero facture", Field::Number),
    ("numero de facture", Field::Number),
    ("facture", Field::Number),
    ("n piece", Field::Number),
    ("piece", Field::Number),
    ("reference", Field::Number),
    ("ref", Field::Number),
    ("invoice", Field::Number),
    ("invoice number", Field::Number),
    ("invoice no", Field::Number),
    ("invoice n", Field::Number),
    ("invoice id", Field::Number),
    ("id", Field::Number),
    ("document number", Field::Number),
    ("doc number", Field::Number),
    ("invoice num", Field::Number),
    ("n de piece", Field::Number),
    ("numero de piece", Field::Number),
    // Dolibarr's « Réf. facture ».
    ("ref facture", Field::Number),
    ("reference facture", Field::Number),
    ("contact name", Field::Client),
    ("contact", Field::Client),
    ("client contact name", Field::Client),
    ("client company", Field::Client),
    ("customer company", Field::Client),
    ("organization", Field::Client),
    ("billing name", Field::Client),
    ("nom", Field::Client),
    ("destinataire", Field::Client),
    ("document date", Field::IssueDate),
    ("issued", Field::IssueDate),
    ("issued on", Field::IssueDate),
    ("created", Field::IssueDate),
    ("date de creation", Field::IssueDate),
    ("date d edition", Field::IssueDate),
    // Dolibarr's « Date facturation ».
    ("date facturation", Field::IssueDate),
    ("date de facturation", Field::IssueDate),
    ("due on date", Field::DueDate),
    ("payment due date", Field::DueDate),
    ("date due", Field::DueDate),
    ("invoice due date", Field::DueDate),
    ("invoice total", Field::Total),
    ("invoice amount total", Field::Total),
    ("total amount incl tax", Field::Total),
    ("total incl tax", Field::Total),
    ("total ttc devise", Field::Total),
    ("net a payer", Field::Total),
    ("montant total", Field::Total),
    ("total with tax", Field::Total),
    ("grand total", Field::Total),
    ("invoice amount due", Field::Outstanding),
    ("balance due amount", Field::Outstanding),
    ("amount outstanding", Field::Outstanding),
    ("due amount", Field::Outstanding),
    ("montant du", Field::Outstanding),
    ("montant restant", Field::Outstanding),
    ("solde restant", Field::Outstanding),
    ("reste a regler", Field::Outstanding),
    ("restant a payer", Field::Outstanding),
    // Dolibarr's « Créance »: what the invoice still claims.
    ("creance", Field::Outstanding),
    ("montant creance", Field::Outstanding),
    ("amount residual", Field::Outstanding),
    ("invoice amount paid", Field::Paid),
    ("paid to date", Field::Paid),
    ("total paid", Field::Paid),
    ("currency code", Field::Currency),
    ("invoice currency", Field::Currency),
    ("invoice status", Field::Status),
    ("subtotal amount", Field::Net),
    ("sub total", Field::Net),
    ("total tax", Field::Vat),
    ("tax total", Field::Vat),
    ("total excl tax", Field::Net),
    // Odoo's "Untaxed Amount" (and its "Signed" variant, see `lookup`).
    ("untaxed amount", Field::Net),
    ("amount untaxed", Field::Net),
    ("tax excluded", Field::Net),
    ("invoice ref", Field::Number),
    ("number", Field::Number),
    ("client", Field::Client),
    ("nom client", Field::Client),
    ("nom du client", Field::Client),
    ("raison sociale", Field::Client),
    ("societe", Field::Client),
    ("tiers", Field::Client),
    ("customer", Field::Client),
    ("customer name", Field::Client),
    ("client name", Field::Client),
    ("company", Field::Client),
    ("debtor", Field::Client),
    ("code client", Field::ClientCode),
    ("compte client", Field::ClientCode),
    ("n client", Field::ClientCode),
    ("customer id", Field::ClientCode),
    ("customer code", Field::ClientCode),
    ("customer no", Field::ClientCode),
    ("client id", Field::ClientCode),
    ("date", Field::IssueDate),
    ("date facture", Field::IssueDate),
    ("date de facture", Field::IssueDate),
    ("date emission", Field::IssueDate),
    ("date d emission", Field::IssueDate),
    ("date de la facture", Field::IssueDate),
    ("invoice date", Field::IssueDate),
    ("issue date", Field::IssueDate),
    ("date issued", Field::IssueDate),
    ("echeance", Field::DueDate),
    ("date echeance", Field::DueDate),
    ("date d echeance", Field::DueDate),
    ("date limite", Field::DueDate),
    ("date limite de paiement", Field::DueDate),
    ("due date", Field::DueDate),
    ("due", Field::DueDate),
    ("due on", Field::DueDate),
    ("montant ht", Field::Net),
    ("total ht", Field::Net),
    ("ht", Field::Net),
    ("net amount", Field::Net),
    ("amount excl vat", Field::Net),
    ("amount excluding vat", Field::Net),
    ("subtotal", Field::Net),
    ("net", Field::Net),
    ("tva", Field::Vat),
    ("montant tva", Field::Vat),
    ("total tva", Field::Vat),
    ("vat", Field::Vat),
    ("vat amount", Field::Vat),
    ("tax", Field::Vat),
    ("tax amount", Field::Vat),
    ("montant ttc", Field::Total),
    ("total ttc", Field::Total),
    ("ttc", Field::Total),
    ("montant", Field::Total),
    ("montant facture", Field::Total),
    ("total", Field::Total),
    ("amount", Field::Total),
    ("invoice amount", Field::Total),
    ("amount incl vat", Field::Total),
    ("amount including vat", Field::Total),
    ("gross amount", Field::Total),
    ("total amount", Field::Total),
    ("regle", Field::Paid),
    ("montant regle", Field::Paid),
    ("deja regle", Field::Paid),
    ("paye", Field::Paid),
    ("montant paye", Field::Paid),
    ("encaisse", Field::Paid),
    ("paid", Field::Paid),
    ("amount paid", Field::Paid),
    ("paid amount", Field::Paid),
    ("reste a payer", Field::Outstanding),
    ("reste du", Field::Outstanding),
    ("restant du", Field::Outstanding),
    ("solde", Field::Outstanding),
    ("solde du", Field::Outstanding),
    ("balance", Field::Outstanding),
    ("balance due", Field::Outstanding),
    ("outstanding", Field::Outstanding),
    ("amount due", Field::Outstanding),
    ("open amount", Field::Outstanding),
    ("date reglement", Field::PaymentDate),
    ("date de reglement", Field::PaymentDate),
    ("date paiement", Field::PaymentDate),
    ("date de paiement", Field::PaymentDate),
    ("date encaissement", Field::PaymentDate),
    ("payment date", Field::PaymentDate),
    ("paid on", Field::PaymentDate),
    ("date paid", Field::PaymentDate),
    ("devise", Field::Currency),
    ("currency", Field::Currency),
    ("statut", Field::Status),
    ("etat", Field::Status),
    ("status", Field::Status),
    ("email", Field::Email),
    ("e mail", Field::Email),
    ("mail", Field::Email),
    ("courriel", Field::Email),
    ("telephone", Field::Phone),
    ("tel", Field::Phone),
    ("phone", Field::Phone),
    ("siren", Field::Siren),
    ("siret", Field::Siren),
    ("tva intracommunautaire", Field::VatId),
    ("n tva", Field::VatId),
    ("vat id", Field::VatId),
    ("vat number", Field::VatId),
    ("segment", Field::Segment),
    ("categorie", Field::Segment),
    ("delai de paiement", Field::TermsDays),
    ("conditions de paiement", Field::TermsDays),
    ("payment terms", Field::TermsDays),
    ("terms", Field::TermsDays),
    ("conditions", Field::TermsDays),
    ("type", Field::DocType),
    ("document type", Field::DocType),
    ("type de document", Field::DocType),
    ("type de piece", Field::DocType),
    ("invoice type", Field::DocType),
    ("transaction type", Field::DocType),
    ("party", Field::Client),
    ("partner", Field::Client),
    ("party name", Field::Client),
    ("name", Field::Client),
    ("outstanding amount", Field::Outstanding),
    ("amount remaining", Field::Outstanding),
    ("remaining amount", Field::Outstanding),
    ("invoiced at", Field::IssueDate),
    ("invoiced on", Field::IssueDate),
    ("issued at", Field::IssueDate),
    ("due at", Field::DueDate),
    ("customer currency", Field::Currency),
    ("line total", Field::LineTotal),
    ("line amount", Field::LineTotal),
    ("item total", Field::LineTotal),
    ("total ligne", Field::LineTotal),
    ("montant ligne", Field::LineTotal),
    ("installment amount", Field::InstallmentAmount),
    ("instalment amount", Field::InstallmentAmount),
    ("montant echeance", Field::InstallmentAmount),
    ("montant de l echeance", Field::InstallmentAmount),
    ("montant de l echeance ttc", Field::InstallmentAmount),
];

/// Lowercases, strips French accents and the `°`/`º` of "N°", and keeps words separated by one
/// space: "N° Facture" → "n facture", "Date d'échéance" → "date d echeance"; CamelCase and
/// snake_case are words too: "InvoiceAmountDue" → "invoice amount due", "due_date" → "due date".
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 4);
    let mut pending_space = false;
    let mut prev_lower = false;
    for orig in header.chars() {
        // A capital after a small letter or a digit starts a word ("DocumentNumber").
        if orig.is_uppercase() && prev_lower {
            pending_space = !out.is_empty();
        }
        prev_lower = orig.is_lowercase() || orig.is_ascii_digit();
        let Some(ch) = orig.to_lowercase().next() else {
            continue;
        };
        let c = match ch {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            c if c.is_alphanumeric() => c,
            _ => {
                pending_space = !out.is_empty();
                continue;
            }
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// The synonym a normalised name is, and the field it names. A trailing "signed" (Odoo's
/// "Total Signed", "Amount Due Signed": the amount with the sign of its document, a credit
/// note's negative) names the same field as the name without it.
fn lookup(n: &str) -> Option<(&'static str, Field)> {
    let find = |n: &str| SYNONYMS.iter().find(|(s, _)| *s == n).copied();
    find(n).or_else(|| find(n.strip_suffix(" signed")?))
}

/// The field a header names, if it is a known synonym.
pub fn field_for(header: &str) -> Option<Field> {
    lookup(&normalize(header)).map(|(_, f)| f)
}

/// Names that only stand in for a field when nothing names it better: an internal id is not
/// the invoice number a client sees ("Invoice ID" beside "Invoice Number", Zoho), "Ref" or
/// "Pièce" not when a "N° facture" is there.
const WEAK: &[&str] = &[
    "contact",
    "nom",
    "ref",
    "reference",
    "piece",
    "n piece",
    "number",
    "numero",
    "facture",
    "invoice",
    "date",
    "montant",
    "amount",
    "total",
    "net",
    "due",
    "company",
    "societe",
    "tiers",
    "name",
    // A record's creation time, next to the invoice's own date (Frappe Books).
    "created",
];

/// How much a header's name says about its field: 0 an internal id, 1 a weak name, 2 a
/// specific one.
fn rank(n: &str) -> u8 {
    if n == "id" || n == "invoice id" {
        0
    } else if WEAK.contains(&n) {
        1
    } else {
        2
    }
}

/// Every column whose name is a known synonym: (field, column, rank), in column order.
pub fn candidates(headers: &[String]) -> Vec<(Field, usize, u8)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(col, h)| {
            let (s, f) = lookup(&normalize(h))?;
            Some((f, col, rank(s)))
        })
        .collect()
}

/// Maps a header row to fields. For each field the column with the most specific name wins
/// (a weak name such as "Invoice ID" gives way to "Invoice Number"), among equals the first;
/// unknown columns are left out.
pub fn map_header(headers: &[String]) -> Vec<(Field, usize)> {
    let mut map: Vec<(Field, usize, u8)> = Vec::new();
    for (f, col, rank) in candidates(headers) {
        match map.iter_mut().find(|(g, _, _)| *g == f) {
            None => map.push((f, col, rank)),
            Some(slot) if rank > slot.2 => *slot = (f, col, rank),
            Some(_) => {}
        }
    }
    map.into_iter().map(|(f, c, _)| (f, c)).collect()
}

/// Words that mark a payments file ("Date de règlement", "Mode de paiement"...).
pub fn looks_like_payments(headers: &[String]) -> bool {
    looks_like_payments_mapped(headers, &map_header(headers))
}

/// [`looks_like_payments`] with the columns mapped as given (by hand, or remembered).
pub fn looks_like_payments_mapped(headers: &[String], fields: &[(Field, usize)]) -> bool {
    let has = |f: Field| fields.iter().any(|(g, _)| *g == f);
    let payment_words = headers.iter().any(|h| {
        let n = normalize(h);
        n.contains("reglement")
            || n.contains("paiement")
            || n.contains("payment")
            || n.contains("encaissement")
    });
    let invoice_only = has(Field::DueDate)
        || has(Field::Outstanding)
        || has(Field::Paid)
        || has(Field::Net)
        || has(Field::Vat)
        // "Conditions de paiement" names terms, which only invoices have.
        || has(Field::TermsDays);
    !invoice_only && (payment_words || !has(Field::Number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_synonyms() {
        let table = [
            ("N° facture", Field::Number),
            ("Numéro", Field::Number),
            ("Raison sociale", Field::Client),
            ("Date", Field::IssueDate),
            ("Échéance", Field::DueDate),
            ("Date d'échéance", Field::DueDate),
            ("Montant HT", Field::Net),
            ("TVA", Field::Vat),
            ("Montant TTC", Field::Total),
            ("Réglé", Field::Paid),
            ("Reste à payer", Field::Outstanding),
            ("Invoice Number", Field::Number),
            ("Customer", Field::Client),
            ("Due Date", Field::DueDate),
            ("Amount", Field::Total),
            ("Paid", Field::Paid),
            ("Balance", Field::Outstanding),
            ("  CLIENT  ", Field::Client),
            ("InvoiceNumber", Field::Number),
            ("ContactName", Field::Client),
            ("InvoiceAmountDue", Field::Outstanding),
            ("DocumentNumber", Field::Number),
            ("BalanceDueAmount", Field::Outstanding),
            ("due_date", Field::DueDate),
            ("Currency Code", Field::Currency),
            ("TVA", Field::Vat),
            // Dolibarr (fr_FR labels).
            ("Réf. facture", Field::Number),
            ("Date facturation", Field::IssueDate),
            ("Créance", Field::Outstanding),
            // Odoo: "Signed" names the field the name without it does.
            ("Total Signed", Field::Total),
            ("Amount Due Signed", Field::Outstanding),
            ("Untaxed Amount Signed", Field::Net),
            ("Partner", Field::Client),
        ];
        for (h, f) in table {
            assert_eq!(field_for(h), Some(f), "{h}");
        }
        assert_eq!(field_for("Commentaire"), None);
        assert_eq!(field_for("Signed"), None);
    }

    #[test]
    fn the_most_specific_name_wins_over_an_internal_id() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Zoho: the internal id comes first, the number a client sees after.
        let m = map_header(&h(&[
            "Invoice ID",
            "Invoice Date",
            "Invoice Number",
            "Customer Name",
        ]));
        assert!(m.contains(&(Field::Number, 2)), "{m:?}");
        assert!(m.contains(&(Field::Client, 3)), "{m:?}");
        // Among equals, the first.
        let m = map_header(&h(&["Client", "Customer", "Date"]));
        assert!(m.contains(&(Field::Client, 0)), "{m:?}");
        // A weak "Date" gives way to "Invoice Date", wherever it stands.
        let m = map_header(&h(&["Date", "Invoice Date"]));
        assert_eq!(m, [(Field::IssueDate, 1)]);
    }

    #[test]
    fn payments_files_are_told_apart() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(looks_like_payments(&h(&["Date", "Client", "Montant"])));
        assert!(looks_like_payments(&h(&[
            "Date règlement",
            "Client",
            "Montant",
            "Facture"
        ])));
        assert!(!looks_like_payments(&h(&[
            "N° facture",
            "Client",
            "Date",
            "Montant TTC"
        ])));
        assert!(!looks_like_payments(&h(&[
            "Facture",
            "Client",
            "Échéance",
            "Montant"
        ])));
    }
}
