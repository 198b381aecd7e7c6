//! The import's codes (its errors, warnings and changes) in French and English: the words
//! the Import page shows, and that the engine's worker writes into the report it sends the
//! page ([`super::view`]), so that the page needs no decoder of the codes themselves. The
//! codes stay the stable interface (the CLI's JSON); these are their sentences.

use super::{header::Field, AmountProblem, Change, Changed, Code, DateProblem};
use crate::language::Language;
use crate::ledger::InvoiceStatus;
use rust_decimal::Decimal;

/// `: ` with the space French puts before it.
fn colon(lang: Language) -> &'static str {
    match lang {
        Language::Fr => " : ",
        Language::En => ": ",
    }
}

/// An amount as the user types it: decimal comma in French, no grouping.
fn amount_input(lang: Language, d: Decimal) -> String {
    let plain = crate::money::to_plain(d);
    match lang {
        Language::Fr => plain.replace('.', ","),
        Language::En => plain,
    }
}

/// A field's label in the mapping and in messages.
pub fn field_label(lang: Language, f: Field) -> &'static str {
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

fn pick(lang: Language, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

fn amount_problem(lang: Language, p: AmountProblem) -> &'static str {
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

fn date_problem(lang: Language, p: DateProblem) -> &'static str {
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
pub fn code(lang: Language, code: &Code) -> String {
    let fr = lang == Language::Fr;
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
            format!("facture {number} : un délai de paiement de {days} jours dépasse le plafond légal (L441-10 : échéance au plus tard le {})", crate::dunning::template::date(lang, *latest))
        } else {
            format!("invoice {number}: payment terms of {days} days exceed the legal cap (L441-10: due by {} at the latest)", crate::dunning::template::date(lang, *latest))
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
            format!("facture {number} : ses échéances font {}, pas son total {}", amount_input(lang, *sum), amount_input(lang, *total))
        } else {
            format!("invoice {number}: its installments add up to {}, not to its total {}", amount_input(lang, *sum), amount_input(lang, *total))
        },
    }
}

fn status_label(lang: Language, s: InvoiceStatus) -> &'static str {
    let (fr, en) = match s {
        InvoiceStatus::Open => ("ouverte", "open"),
        InvoiceStatus::Disputed => ("en litige", "disputed"),
        InvoiceStatus::Litigation => ("au contentieux", "in litigation"),
        InvoiceStatus::WrittenOff => ("passée en perte", "written off"),
    };
    pick(lang, fr, en)
}

fn changed(lang: Language, c: &Changed) -> String {
    let fr = lang == Language::Fr;
    let amount = |d| amount_input(lang, d);
    let day = |d| crate::dunning::template::date(lang, d);
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
pub fn change(lang: Language, change: &Change) -> String {
    let fr = lang == Language::Fr;
    let amount = |d| amount_input(lang, d);
    match change {
        Change::InvoiceUpdated { number, fields } => {
            let parts: Vec<String> = fields.iter().map(|c| changed(lang, c)).collect();
            format!("{number}{}{}", colon(lang), parts.join(", "))
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
