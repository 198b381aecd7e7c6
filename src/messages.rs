//! The core's codes (import errors and warnings, edit, undo and backup errors) in the UI's
//! language. The core never builds a sentence for the app: it gives a code and its
//! parameters, and this module says it in French or English.

use crate::i18n::Lang;
use encours_core::backup::{BackupError, Inconsistency};
use encours_core::import::{header::Field, words, Change, Code};
use encours_core::ledger::EditError;

/// A field's label in the mapping and in messages.
pub fn field_label(lang: Lang, f: Field) -> &'static str {
    words::field_label(lang.core(), f)
}

/// An import code (an error, a warning) in `lang` (the core's words: the worker writes the
/// same into its reports).
pub fn import_code(lang: Lang, code: &Code) -> String {
    words::code(lang.core(), code)
}

/// What an import changed in the book.
pub fn import_change(lang: Lang, change: &Change) -> String {
    words::change(lang.core(), change)
}

fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// A ledger edit's error (undo included).
pub fn edit_error(lang: Lang, e: &EditError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        EditError::UnknownInvoice(id) => {
            if fr {
                format!("facture n° {} introuvable", id.counter())
            } else {
                format!("unknown invoice #{}", id.counter())
            }
        }
        EditError::UnknownClient(id) => {
            if fr {
                format!("client n° {} introuvable", id.counter())
            } else {
                format!("unknown client #{}", id.counter())
            }
        }
        EditError::NotPositive => pick(
            lang,
            "le montant doit être positif",
            "the amount must be positive",
        )
        .into(),
        EditError::NothingToUndo => {
            pick(lang, "aucun import à annuler", "no import to undo").into()
        }
        EditError::AlreadyDisputed(id) => {
            if fr {
                format!("la facture n° {} est déjà en litige", id.counter())
            } else {
                format!("invoice #{} is already disputed", id.counter())
            }
        }
        EditError::NotDisputed(id) => {
            if fr {
                format!("la facture n° {} n'a pas de litige ouvert", id.counter())
            } else {
                format!("invoice #{} has no open dispute", id.counter())
            }
        }
        EditError::TooLarge => pick(
            lang,
            "le montant dépasse ce qui est dû",
            "the amount is more than what is owed",
        )
        .into(),
    }
}

/// Why a backup cannot be restored.
pub fn backup_error(lang: Lang, e: &BackupError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        BackupError::NotJson(_) => pick(
            lang,
            "le fichier n'est pas du JSON complet (tronqué ?)",
            "the file is not complete JSON (truncated?)",
        )
        .into(),
        BackupError::NotABackup => pick(
            lang,
            "ce fichier n'est pas une sauvegarde Encours",
            "this file is not an Encours backup",
        )
        .into(),
        BackupError::NewerSchema(v) => {
            if fr {
                format!("cette sauvegarde vient d'une version plus récente d'Encours (schéma {v}, celle-ci lit jusqu'au {}) : mettez l'application à jour d'abord", encours_core::backup::SCHEMA_VERSION)
            } else {
                format!("this backup comes from a newer version of Encours (schema {v}, this one reads up to {}); update the app first", encours_core::backup::SCHEMA_VERSION)
            }
        }
        BackupError::OlderSchema(v) => {
            if fr {
                format!("cette sauvegarde utilise le schéma {v}, que cette version ne lit pas")
            } else {
                format!("this backup uses schema {v}, which this version cannot read")
            }
        }
        BackupError::Checksum => pick(
            lang,
            "la sauvegarde a été modifiée ou abîmée après l'export (somme de contrôle différente)",
            "the backup was modified or damaged after export (checksum mismatch)",
        )
        .into(),
        BackupError::EventSchema { index, found } => {
            let n = index + 1;
            if fr {
                format!("l'événement {n} de cette sauvegarde vient d'une version plus récente d'Encours (schéma d'événement {found}, celle-ci lit jusqu'au {}) : mettez l'application à jour d'abord", encours_core::portfolio::event::EVENT_SCHEMA)
            } else {
                format!("event {n} of this backup comes from a newer version of Encours (event schema {found}, this one reads up to {}); update the app first", encours_core::portfolio::event::EVENT_SCHEMA)
            }
        }
        BackupError::Inconsistent(i) => {
            let what = match i {
                Inconsistency::SettingNotText => pick(
                    lang,
                    "un réglage n'est pas du texte",
                    "a setting is not text",
                )
                .to_string(),
                Inconsistency::NoRecords => pick(lang, "aucun enregistrement", "no records").into(),
                Inconsistency::ChunkNotBase64 => {
                    pick(lang, "un bloc n'est pas en base64", "a chunk is not base64").into()
                }
                Inconsistency::Records(_) => pick(
                    lang,
                    "les enregistrements sont illisibles",
                    "the records cannot be read",
                )
                .into(),
                Inconsistency::EventNotBase64(k) => {
                    if fr {
                        format!("l'événement {} n'est pas une paire de textes base64", k + 1)
                    } else {
                        format!("event {} is not a pair of base64 texts", k + 1)
                    }
                }
                Inconsistency::EventUndecodable { index, .. } => {
                    if fr {
                        format!("l'événement {} est illisible", index + 1)
                    } else {
                        format!("event {} cannot be read", index + 1)
                    }
                }
                Inconsistency::IdsOutOfOrder(what) => {
                    if fr {
                        format!("identifiants ({what}) dans le désordre")
                    } else {
                        format!("{what} ids out of order")
                    }
                }
                Inconsistency::InvoiceWithoutClient(n) => {
                    if fr {
                        format!("la facture {n} désigne un client absent")
                    } else {
                        format!("invoice {n} names a missing client")
                    }
                }
                Inconsistency::PaymentWithoutClient(p) => {
                    if fr {
                        format!("le règlement n° {p} désigne un client absent")
                    } else {
                        format!("payment #{p} names a missing client")
                    }
                }
                Inconsistency::AllocationWithoutInvoice { payment, invoice } => {
                    if fr {
                        format!("le règlement n° {payment} est affecté à la facture absente n° {invoice}")
                    } else {
                        format!("payment #{payment} is allocated to missing invoice #{invoice}")
                    }
                }
            };
            if fr {
                format!("la sauvegarde est incohérente : {what}")
            } else {
                format!("the backup is inconsistent: {what}")
            }
        }
    }
}

/// Why a command was refused, in the UI's language.
pub fn command_error(lang: Lang, e: &encours_core::portfolio::command::CommandError) -> String {
    use crate::i18n::{t, T};
    use encours_core::correction::PaymentError;
    use encours_core::portfolio::closing::ClosingError;
    use encours_core::portfolio::command::CommandError as E;
    let fr = lang == Lang::Fr;
    match e {
        E::Edit(e) => edit_error(lang, e),
        E::Payment(PaymentError::NotPositive) => t(lang, T::amount_not_positive).into(),
        E::Payment(PaymentError::AlreadyUndone(_)) => t(lang, T::already_undone).into(),
        E::Payment(PaymentError::ChangedSince(_) | PaymentError::UnknownPayment(_)) => {
            t(lang, T::payment_changed_since).into()
        }
        E::Payment(PaymentError::UnknownInvoice(id)) => {
            edit_error(lang, &EditError::UnknownInvoice(*id))
        }
        E::Payment(PaymentError::Overpayment { .. }) => t(lang, T::overpay_by).into(),
        E::Payment(PaymentError::UnknownChange(n)) => {
            if fr {
                format!("modification n° {n} introuvable")
            } else {
                format!("unknown change #{n}")
            }
        }
        E::UnknownClient(id) => edit_error(lang, &EditError::UnknownClient(*id)),
        E::UnknownPlan(n) => {
            if fr {
                format!("échéancier n° {n} introuvable")
            } else {
                format!("unknown payment plan #{n}")
            }
        }
        E::NoPlan => pick(
            lang,
            "rien à échelonner : aucune facture ouverte, ou des conditions qui ne la divisent pas",
            "nothing to spread: no open invoice, or terms that do not split it",
        )
        .into(),
        E::NothingToRecord => t(lang, T::nothing_to_record).into(),
        E::Bank(e) => bank_error(lang, e),
        E::Closing(ClosingError::NotAfterLast { last, .. }) => format!(
            "{} {}.",
            t(lang, T::closing_not_after),
            crate::format::date(lang, *last)
        ),
        E::Closing(ClosingError::NoClosing) => t(lang, T::no_closing).into(),
    }
}

/// A statement's line that could not be read (or a file that is no statement).
pub fn bank_file_error(lang: Lang, e: &encours_core::bank::BankError) -> String {
    use encours_core::bank::BankErrorKind as K;
    let what = match &e.kind {
        K::UnknownFormat => pick(
            lang,
            "ce fichier n'est pas un relevé bancaire reconnu",
            "this file is no known bank statement",
        ),
        K::MalformedXml => pick(lang, "XML mal formé", "malformed XML"),
        K::BadAmount(_) => pick(lang, "montant illisible", "unreadable amount"),
        K::BadDate(_) => pick(lang, "date illisible", "unreadable date"),
        K::MissingDate => pick(lang, "date absente", "missing date"),
        K::BadDirection(_) => pick(
            lang,
            "sens (crédit/débit) illisible",
            "unreadable credit/debit",
        ),
        K::ShortRecord(_) => pick(lang, "enregistrement trop court", "record too short"),
        K::UnknownRecord(_) => pick(lang, "enregistrement inconnu", "unknown record"),
        K::OrphanComplement => pick(
            lang,
            "complément sans opération",
            "complement without an operation",
        ),
        K::NoHeader => pick(
            lang,
            "aucune ligne d'en-tête avec une date et un montant",
            "no header line with a date and an amount",
        ),
        K::MissingField(_) => pick(lang, "champ manquant", "missing field"),
    };
    let line = pick(lang, "ligne", "line");
    format!("{line} {}{}{what}", e.line, crate::format::colon(lang))
}

/// Why a reconciliation was refused, naming the bank's id of the receipt at fault.
pub fn bank_error(lang: Lang, e: &encours_core::portfolio::bank::BankMatchError) -> String {
    use encours_core::portfolio::bank::BankMatchError as B;
    let what = match e {
        B::Debit { .. } => pick(
            lang,
            "un débit ne règle pas une facture",
            "a debit pays no invoice",
        ),
        B::AlreadyApplied { .. } => pick(
            lang,
            "cette opération est déjà rapprochée",
            "this transaction is already matched",
        ),
        B::NoInvoice { .. } => pick(lang, "aucune facture choisie", "no invoice chosen"),
        B::NotPositive { .. } => pick(
            lang,
            "le montant doit être positif",
            "the amount must be positive",
        ),
        B::MoreThanReceived { .. } => pick(
            lang,
            "plus que le montant reçu",
            "more than the amount received",
        ),
        B::MoreThanOwed { .. } => pick(
            lang,
            "plus que ce que la facture doit encore",
            "more than the invoice still owes",
        ),
        B::ManyClients { .. } => pick(
            lang,
            "des factures de plusieurs clients : un virement vient d'un seul client",
            "invoices of several clients: a transfer comes from one client",
        ),
        B::Currency { .. } => pick(
            lang,
            "la facture est dans une autre devise",
            "the invoice is in another currency",
        ),
        B::UnknownInvoice { .. } => pick(lang, "facture introuvable", "unknown invoice"),
    };
    let op = pick(lang, "opération", "transaction");
    format!(
        "{op} {}{}{what}",
        e.transaction(),
        crate::format::colon(lang)
    )
}

#[cfg(test)]
mod tests;
