//! The core's codes (import errors and warnings, edit, undo and backup errors) in the UI's
//! language. The core never builds a sentence for the app: it gives a code and its
//! parameters, and this module says it in French or English.

use crate::i18n::Lang;
use encours_core::backup::{BackupError, Inconsistency};
use encours_core::import::{header::Field, AmountProblem, Change, Changed, Code, DateProblem};
use encours_core::ledger::EditError;
use encours_core::ledger::InvoiceStatus;

/// A field's label in the mapping and in messages.
pub fn field_label(lang: Lang, f: Field) -> &'static str {
    let (fr, en) = match f {
        Field::Number => ("N° de facture", "Invoice number"),
        Field::Client => ("Client", "Client"),
        Field::ClientCode => ("Code client", "Client code"),
        Field::IssueDate => ("Date de facture", "Invoice date"),
        Field::DueDate => ("Échéance", "Due date"),
        Field::Net => ("Montant HT", "Amount excl. VAT"),
        Field::Vat => ("TVA", "VAT"),
        Field::Total => ("Montant TTC", "Amount incl. VAT"),
        Field::Paid => ("Déjà réglé", "Paid so far"),
        Field::Outstanding => ("Reste à payer", "Outstanding"),
        Field::PaymentDate => ("Date de règlement", "Payment date"),
        Field::Currency => ("Devise", "Currency"),
        Field::Status => ("Statut", "Status"),
        Field::Email => ("E-mail", "Email"),
        Field::Phone => ("Téléphone", "Phone"),
        Field::Siren => ("SIREN", "SIREN"),
        Field::VatId => ("N° TVA", "VAT id"),
        Field::Segment => ("Segment", "Segment"),
        Field::TermsDays => ("Délai de paiement (jours)", "Payment terms (days)"),
        Field::DocType => ("Type de pièce", "Document type"),
        Field::LineTotal => ("Total de la ligne", "Line total"),
        Field::InstallmentAmount => ("Montant de l'échéance", "Installment amount"),
    };
    pick(lang, fr, en)
}

fn pick(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn amount_problem(lang: Lang, p: AmountProblem) -> &'static str {
    let (fr, en) = match p {
        AmountProblem::Empty => ("montant vide", "empty amount"),
        AmountProblem::NotANumber => ("ce n'est pas un nombre", "not a number"),
        AmountProblem::TooManyDigits => ("trop de chiffres", "too many digits"),
        AmountProblem::TooManyDecimals => ("trop de décimales", "too many decimals"),
        AmountProblem::TwoDecimalSeparators => {
            ("deux séparateurs décimaux", "two decimal separators")
        }
        AmountProblem::MisplacedSeparator => (
            "séparateur inattendu dans le montant",
            "unexpected separator in the amount",
        ),
        AmountProblem::OutOfRange => ("montant hors limites", "amount out of range"),
    };
    pick(lang, fr, en)
}

fn date_problem(lang: Lang, p: DateProblem) -> &'static str {
    let (fr, en) = match p {
        DateProblem::Empty => ("date vide", "empty date"),
        DateProblem::NotADate => ("ce n'est pas une date", "not a date"),
        DateProblem::NotCompact => ("la date n'est pas AAAAMMJJ", "the date is not YYYYMMDD"),
        DateProblem::BadYear => (
            "l'année doit avoir 2 ou 4 chiffres",
            "the year must have 2 or 4 digits",
        ),
        DateProblem::NoSuchDate => ("cette date n'existe pas", "no such date"),
    };
    pick(lang, fr, en)
}

/// An import error or warning.
pub fn import_code(lang: Lang, code: &Code) -> String {
    let fr = lang == Lang::Fr;
    let fields = |fs: &[Field]| {
        fs.iter()
            .map(|f| field_label(lang, *f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        Code::EmptyFile => pick(lang, "le fichier est vide", "the file is empty").into(),
        Code::NotText => pick(lang,
            "ce n'est pas un fichier texte (contenu binaire, ou UTF-16) : exportez les données en CSV (UTF-8 ou Windows-1252) ou en FEC",
            "this is not a text file (binary content, or UTF-16): export the data as CSV (UTF-8 or Windows-1252) or as a FEC file").into(),
        Code::MissingColumns { fields: fs, found } => if fr {
            format!("colonne(s) introuvable(s) : {} (colonnes du fichier : {}) ; associez-les ci-dessous", fields(fs), found.join(" | "))
        } else {
            format!("missing column(s): {} (columns found: {}); map them below", fields(fs), found.join(" | "))
        },
        Code::NothingMissing => pick(lang, "toutes les colonnes nécessaires sont associées", "every needed column is mapped").into(),
        Code::FecFixedColumns => pick(lang, "les colonnes d'un FEC sont fixées", "a FEC file has fixed columns").into(),
        Code::NotFec => pick(lang,
            "ce n'est pas un FEC : JournalCode, EcritureNum, EcritureDate, CompteNum et Debit/Credit (ou Montant/Sens) sont obligatoires",
            "not a FEC file: JournalCode, EcritureNum, EcritureDate, CompteNum and Debit/Credit (or Montant/Sens) are required").into(),
        Code::EmptyValue { field } => if fr {
            format!("« {} » est vide", field_label(lang, *field))
        } else {
            format!("{} is empty", field_label(lang, *field))
        },
        Code::BadAmount { value, problem } => if fr {
            format!("{} : « {value} »", amount_problem(lang, *problem))
        } else {
            format!("{}: \"{value}\"", amount_problem(lang, *problem))
        },
        Code::BadDate { value, problem } => if fr {
            format!("{} : « {value} »", date_problem(lang, *problem))
        } else {
            format!("{}: \"{value}\"", date_problem(lang, *problem))
        },
        Code::BadCurrency { value } => if fr {
            format!("devise inconnue : « {value} »")
        } else {
            format!("unknown currency: \"{value}\"")
        },
        Code::PaidOutOfRange { paid, total } => if fr {
            format!("le montant réglé {paid} n'est pas entre 0 et {total}")
        } else {
            format!("paid amount {paid} is outside 0..{total}")
        },
        Code::NotPositive { amount } => if fr {
            format!("un règlement doit être positif (ici {amount})")
        } else {
            format!("a payment must be positive (here {amount})")
        },
        Code::UnclosedQuote => pick(lang, "un guillemet ouvert sur cette ligne n'est jamais fermé", "a quote opened on this line is never closed").into(),
        Code::DuplicateNumber { number, first_line } => if fr {
            format!("le n° de facture {number} figure déjà ligne {first_line}")
        } else {
            format!("invoice number {number} already on line {first_line}")
        },
        Code::BadSens { value } => if fr {
            format!("le sens doit être D ou C, pas « {value} »")
        } else {
            format!("Sens must be D or C, not \"{value}\"")
        },
        Code::BadHalfYear { value } => if fr {
            format!("« {value} » n'est pas un semestre comme 2025-H1")
        } else {
            format!("\"{value}\" is not a half-year like 2025-H1")
        },
        Code::BadRate { value } => if fr {
            format!("« {value} » n'est pas un taux en pourcentage")
        } else {
            format!("\"{value}\" is not a rate in percent")
        },
        Code::NoRate => pick(lang, "aucun taux semestriel dans le fichier", "no half-year rate in the file").into(),
        Code::InstallmentMismatch { number, first_line } => if fr {
            format!("facture {number} : le client ou la devise de cette échéance diffère de la ligne {first_line}")
        } else {
            format!("invoice {number}: this installment's client or currency differs from line {first_line}")
        },
        Code::DraftSkipped { number } => if fr {
            format!("la facture {number} est un brouillon : non importée")
        } else {
            format!("invoice {number} is a draft: not imported")
        },
        Code::PaymentTermsOverCap { number, days, latest } => if fr {
            format!("facture {number} : un délai de paiement de {days} jours dépasse le plafond légal (L441-10 : échéance au plus tard le {})", crate::format::date(lang, *latest))
        } else {
            format!("invoice {number}: payment terms of {days} days exceed the legal cap (L441-10: due by {} at the latest)", crate::format::date(lang, *latest))
        },
        Code::VoidSkipped { number } => if fr {
            format!("la facture {number} est annulée : non importée")
        } else {
            format!("invoice {number} is voided: not imported")
        },
        Code::PaymentOtherClient { number, payer, owner } => if fr {
            format!("la facture {number} est celle de {owner}, pas de {payer} : le règlement reste un crédit non affecté de {payer}")
        } else {
            format!("invoice {number} belongs to {owner}, not to {payer}: the payment is kept as {payer}'s unallocated credit")
        },
        Code::LinesGrouped { number, rows } => if fr {
            format!("facture {number} : {rows} lignes d'articles lues comme une seule facture")
        } else {
            format!("invoice {number}: {rows} line-item rows read as one invoice")
        },
        Code::InstallmentsNotTotal { number, sum, total } => if fr {
            format!("facture {number} : ses échéances font {}, pas son total {}", crate::format::amount_input(lang, *sum), crate::format::amount_input(lang, *total))
        } else {
            format!("invoice {number}: its installments add up to {}, not to its total {}", crate::format::amount_input(lang, *sum), crate::format::amount_input(lang, *total))
        },
    }
}

fn status_label(lang: Lang, s: InvoiceStatus) -> &'static str {
    let (fr, en) = match s {
        InvoiceStatus::Open => ("ouverte", "open"),
        InvoiceStatus::Disputed => ("en litige", "disputed"),
        InvoiceStatus::Litigation => ("au contentieux", "in litigation"),
        InvoiceStatus::WrittenOff => ("passée en perte", "written off"),
    };
    pick(lang, fr, en)
}

fn changed(lang: Lang, c: &Changed) -> String {
    let fr = lang == Lang::Fr;
    let amount = |d| crate::format::amount_input(lang, d);
    let day = |d| crate::format::date(lang, d);
    match c {
        Changed::Total { from, to } => {
            if fr {
                format!("montant {} → {}", amount(*from), amount(*to))
            } else {
                format!("total {} → {}", amount(*from), amount(*to))
            }
        }
        Changed::DueDate { from, to } => {
            if fr {
                format!("échéance {} → {}", day(*from), day(*to))
            } else {
                format!("due {} → {}", day(*from), day(*to))
            }
        }
        Changed::IssueDate { from, to } => format!("date {} → {}", day(*from), day(*to)),
        Changed::Client => pick(lang, "client", "client").into(),
        Changed::Status { from, to } => {
            if fr {
                format!(
                    "statut {} → {}",
                    status_label(lang, *from),
                    status_label(lang, *to)
                )
            } else {
                format!(
                    "status {} → {}",
                    status_label(lang, *from),
                    status_label(lang, *to)
                )
            }
        }
        Changed::Details => pick(lang, "détails", "details").into(),
    }
}

/// What an import changed in the book.
pub fn import_change(lang: Lang, change: &Change) -> String {
    let fr = lang == Lang::Fr;
    let amount = |d| crate::format::amount_input(lang, d);
    match change {
        Change::InvoiceUpdated { number, fields } => {
            let parts: Vec<String> = fields.iter().map(|c| changed(lang, c)).collect();
            format!("{number}{}{}", crate::format::colon(lang), parts.join(", "))
        }
        Change::PaidSoFar { number, from, to } => {
            if fr {
                format!("{number} : déjà réglé {} → {}", amount(*from), amount(*to))
            } else {
                format!("{number}: paid so far {} → {}", amount(*from), amount(*to))
            }
        }
        Change::InvoiceNotFound { line, number } => {
            if fr {
                format!(
                    "ligne {line} : facture {number} introuvable, le règlement reste non affecté"
                )
            } else {
                format!("line {line}: invoice {number} not found, payment kept unallocated")
            }
        }
        Change::MarkedDoubtful { number } => {
            if fr {
                format!("{number} : créance douteuse")
            } else {
                format!("{number}: doubtful")
            }
        }
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
