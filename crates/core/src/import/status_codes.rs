//! Invoice statuses written as numbers. A number means nothing by itself (Dolibarr's 3, an
//! abandoned invoice, may be anything in another tool), so a status column's numbers are only
//! read as a tool's codes when the file's own column names say which tool wrote it. Today one
//! tool: Dolibarr, whose exports write the invoice's `fk_statut` as the number it is stored as.
//!
//! Dolibarr's codes (`htdocs/compta/facture/class/facture.class.php`, `Facture::STATUS_*`):
//! 0 draft (`STATUS_DRAFT`), 1 validated, to be paid (`STATUS_VALIDATED`), 2 classified paid
//! (`STATUS_CLOSED`, in full or partially with the rest given up), 3 abandoned
//! (`STATUS_ABANDONED`: cancelled, replaced, or given up as a bad debt). Its document types
//! (`f.type`, `CommonInvoice::TYPE_*` in `htdocs/core/class/commoninvoice.class.php`): 0
//! standard, 1 replacement, 2 credit note, 3 deposit, 4 pro forma (deprecated: "an order with
//! the look of an invoice, not an invoice"), 5 situation.

use super::header;

/// A tool's numbering of invoice statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Numbering {
    Dolibarr,
}

/// What a numbered status says an invoice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Coded {
    /// Not issued yet: no receivable.
    Draft,
    /// Issued, to be paid.
    Validated,
    /// Classified paid: what it still owes is what the file's amounts say.
    Paid,
    /// Cancelled or given up: no receivable.
    Abandoned,
}

/// What a numbered document type says a row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CodedType {
    /// A standard, replacement, deposit or situation invoice.
    Invoice,
    CreditNote,
    /// Not an invoice: no receivable.
    ProForma,
}

/// Dolibarr's label of `f.fk_statut` in its invoice exports (`InvoiceStatus` in
/// `htdocs/langs/{fr_FR,en_US}/bills.lang`), normalised: « Statut facture », "Invoice status".
const DOLIBARR_STATUS: &[&str] = &["statut facture", "invoice status"];

/// Other labels of the same export datasets (`CustomersInvoicesAndInvoiceLines`,
/// `CustomersInvoicesAndPayments` of `htdocs/core/modules/modFacture.class.php`) that no other
/// tool of the corpus writes and a hand-made file is unlikely to, normalised: `InvoicePaid`
/// (« Facture payée », the 0/1 paid flag), `InvoiceDateCreation`,
/// `AmountPaymentDistributedOnInvoice`. Dolibarr's « Réf. facture », « Créance » and « Date
/// facturation » are left out: they are ordinary French headers (the import reads the last two
/// as synonyms of the issue date and the amount owed), and a home-made file with « Statut
/// facture » at 0 for "unpaid" would have had its invoices skipped as drafts. The English
/// `InvoiceRef`, `Rest` ("Pending") and `DateInvoice` ("Invoice date") are too common to tell.
const DOLIBARR_OWN: &[&str] = &[
    "facture payee",
    "invoice paid",
    "date creation facture",
    "invoice creation date",
    "montant paiement affecte a la facture",
    "payment amount distributed on invoice",
];

impl Numbering {
    /// The numbering the status column (`status`, an index into `headers`) follows: Dolibarr's
    /// when that column bears Dolibarr's status label and another column one of Dolibarr's own
    /// labels (a user picks the fields of a Dolibarr export, so no one other label is always
    /// there; the separator Dolibarr writes after the last field is not asked for either, a
    /// spreadsheet that saves the file again drops it). A "Status" column of another name, or
    /// Dolibarr's label alone ("Invoice status" is Zoho's too), is no evidence: its numbers
    /// are not read, and the row is imported as before.
    pub(super) fn of(headers: &[String], status: Option<usize>) -> Option<Numbering> {
        let status = header::normalize(headers.get(status?)?);
        let own = headers
            .iter()
            .any(|h| DOLIBARR_OWN.contains(&header::normalize(h).as_str()));
        (DOLIBARR_STATUS.contains(&status.as_str()) && own).then_some(Numbering::Dolibarr)
    }

    /// What a status cell says, when it is one of the numbering's codes (trimmed, digits
    /// only); words and other numbers say nothing here.
    pub(super) fn read(self, f: &[u8]) -> Option<Coded> {
        match self {
            Numbering::Dolibarr => match f.trim_ascii() {
                b"0" => Some(Coded::Draft),
                b"1" => Some(Coded::Validated),
                b"2" => Some(Coded::Paid),
                b"3" => Some(Coded::Abandoned),
                _ => None,
            },
        }
    }

    /// What a document type cell says, when it is one of the numbering's codes.
    pub(super) fn read_type(self, f: &[u8]) -> Option<CodedType> {
        match self {
            Numbering::Dolibarr => match f.trim_ascii() {
                b"0" | b"1" | b"3" | b"5" => Some(CodedType::Invoice),
                b"2" => Some(CodedType::CreditNote),
                b"4" => Some(CodedType::ProForma),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dolibarr_codes_are_read_only_beside_dolibarr_labels() {
        // (headers, status column, cell, what it says), the codes from Facture::STATUS_*.
        let fr = [
            "Réf. facture",
            "Raison sociale",
            "Statut facture",
            "Facture payée",
        ];
        // Dolibarr's labels that are ordinary French headers too: no evidence.
        let common = [
            "Réf. facture",
            "Date facturation",
            "Statut facture",
            "Créance",
        ];
        let en = [
            "Invoice ref.",
            "Company name",
            "Invoice status",
            "Invoice paid",
        ];
        let alone = ["Invoice Number", "Customer Name", "Invoice Status"];
        let bare = ["Facture payée", "Client", "Status"];
        type Case<'a> = (&'a [&'a str], Option<usize>, &'a str, Option<Coded>);
        let table: &[Case] = &[
            (&fr, Some(2), "0", Some(Coded::Draft)),
            (&fr, Some(2), "1", Some(Coded::Validated)),
            (&fr, Some(2), "2", Some(Coded::Paid)),
            (&fr, Some(2), " 3 ", Some(Coded::Abandoned)),
            (&en, Some(2), "0", Some(Coded::Draft)),
            (&en, Some(2), "3", Some(Coded::Abandoned)),
            // Not a code: other numbers, words, decimals.
            (&fr, Some(2), "4", None),
            (&fr, Some(2), "-1", None),
            (&fr, Some(2), "0.0", None),
            (&fr, Some(2), "Brouillon", None),
            (&fr, Some(2), "", None),
            // No evidence: Dolibarr's status label alone (Zoho's too), a bare "Status" beside
            // a Dolibarr label, no status column.
            (&alone, Some(2), "0", None),
            (&common, Some(2), "0", None),
            (&bare, Some(2), "0", None),
            (&fr, None, "0", None),
            (&fr, Some(9), "0", None),
        ];
        for &(headers, col, cell, want) in table {
            let got = Numbering::of(&strings(headers), col).and_then(|n| n.read(cell.as_bytes()));
            assert_eq!(got, want, "{headers:?} column {col:?}, {cell:?}");
        }
    }

    #[test]
    fn dolibarr_document_types() {
        // CommonInvoice::TYPE_*: 2 credit note, 4 pro forma, the others invoices.
        let table = [
            ("0", Some(CodedType::Invoice)),
            ("1", Some(CodedType::Invoice)),
            ("2", Some(CodedType::CreditNote)),
            ("3", Some(CodedType::Invoice)),
            (" 4", Some(CodedType::ProForma)),
            ("5", Some(CodedType::Invoice)),
            ("6", None),
            ("Facture", None),
            ("", None),
        ];
        for (cell, want) in table {
            assert_eq!(
                Numbering::Dolibarr.read_type(cell.as_bytes()),
                want,
                "{cell:?}"
            );
        }
    }
}
