use super::*;
use encours_core::import::{AmountProblem, Changed, DateProblem};
use encours_core::ledger::InvoiceStatus;

#[test]
fn a_code_reads_in_each_language_and_never_in_the_other() {
    let bad_date = Code::BadDate {
        value: "31/02/2025".into(),
        problem: DateProblem::NoSuchDate,
    };
    assert_eq!(
        import_code(Lang::Fr, &bad_date),
        "cette date n'existe pas : « 31/02/2025 »"
    );
    assert_eq!(
        import_code(Lang::En, &bad_date),
        "no such date: \"31/02/2025\""
    );
    let amount = Code::BadAmount {
        value: "douze".into(),
        problem: AmountProblem::NotANumber,
    };
    assert_eq!(
        import_code(Lang::Fr, &amount),
        "ce n'est pas un nombre : « douze »"
    );
    assert_eq!(import_code(Lang::En, &amount), "not a number: \"douze\"");
    let paid = Change::PaidSoFar {
        number: "F001".into(),
        from: "0".parse().unwrap(),
        to: "600.00".parse().unwrap(),
    };
    assert_eq!(
        import_change(Lang::Fr, &paid),
        "F001 : déjà réglé 0,00 → 600,00"
    );
    assert_eq!(
        import_change(Lang::En, &paid),
        "F001: paid so far 0.00 → 600.00"
    );
    let updated = Change::InvoiceUpdated {
        number: "F002".into(),
        fields: vec![Changed::Status {
            from: InvoiceStatus::Open,
            to: InvoiceStatus::Disputed,
        }],
    };
    assert_eq!(
        import_change(Lang::Fr, &updated),
        "F002 : statut ouverte → en litige"
    );
    assert_eq!(
        edit_error(Lang::Fr, &EditError::NothingToUndo),
        "aucun import à annuler"
    );
    assert_eq!(
        backup_error(Lang::Fr, &BackupError::Checksum),
        "la sauvegarde a été modifiée ou abîmée après l'export (somme de contrôle différente)"
    );
    let newer = BackupError::EventSchema { index: 2, found: 9 };
    assert!(backup_error(Lang::Fr, &newer).starts_with(
        "l'événement 3 de cette sauvegarde vient d'une version plus récente d'Encours (schéma d'événement 9,"
    ));
    let unreadable = BackupError::Inconsistent(Inconsistency::EventUndecodable {
        index: 0,
        part: "body",
        detail: "eof".into(),
    });
    assert_eq!(
        backup_error(Lang::En, &unreadable),
        "the backup is inconsistent: event 1 cannot be read"
    );
}
