//! French and English texts. French first: the product was born French.

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

macro_rules! texts {
    ($($key:ident => $fr:literal, $en:literal;)*) => {
        /// A text of the interface.
        #[derive(Copy, Clone, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum T { $($key),* }

        /// The text in the given language.
        pub fn t(lang: Lang, key: T) -> &'static str {
            match (key, lang) {
                $((T::$key, Lang::Fr) => $fr, (T::$key, Lang::En) => $en,)*
            }
        }
    };
}

texts! {
    app_name => "Encours", "Encours";
    tagline => "Vos créances, sur votre appareil", "Your receivables, on your device";
    nav_dashboard => "Tableau de bord", "Dashboard";
    nav_clients => "Clients", "Clients";
    nav_invoices => "Factures", "Invoices";
    nav_import => "Import", "Import";
    nav_reminders => "Relances", "Reminders";
    nav_settings => "Réglages", "Settings";
    menu => "Menu", "Menu";
    loading => "Chargement…", "Loading…";
    not_found => "Page introuvable.", "Page not found.";
    back_home => "Retour au tableau de bord", "Back to the dashboard";
    empty_title => "Aucune donnée pour l'instant", "No data yet";
    empty_body => "Importez vos factures (CSV ou FEC) ou chargez un portefeuille de démonstration. Tout reste sur cet appareil.", "Import your invoices (CSV or FEC) or load a demo portfolio. Everything stays on this device.";
    load_demo => "Charger les données de démo", "Load demo data";
    go_import => "Importer un fichier", "Import a file";
    count_clients => "clients", "clients";
    count_invoices => "factures", "invoices";
    count_payments => "règlements", "payments";
    kpi_outstanding => "Encours total", "Total outstanding";
    kpi_overdue => "Échu", "Overdue";
    kpi_dso => "DSO (count-back)", "DSO (count-back)";
    kpi_dso_simple => "DSO simple", "Simple DSO";
    kpi_cei => "CEI (3 mois)", "CEI (3 months)";
    kpi_over90 => "Part > 90 jours", "Share over 90 days";
    kpi_disputed => "En litige", "Disputed";
    kpi_bad_debt => "Pertes (12 mois)", "Bad debt (12 months)";
    days => "jours", "days";
    aging_title => "Balance âgée", "Aged balance";
    not_due => "non échu", "not due";
    top_debtors => "Principaux débiteurs", "Top debtors";
    as_of => "Au", "As of";
    client => "Client", "Client";
    number => "N° facture", "Invoice no.";
    issue_date => "Date", "Date";
    due_date => "Échéance", "Due date";
    amount => "Montant TTC", "Amount";
    outstanding => "Reste dû", "Outstanding";
    status => "Statut", "Status";
    status_open => "Ouverte", "Open";
    status_paid => "Payée", "Paid";
    status_disputed => "En litige", "Disputed";
    status_litigation => "Contentieux", "Litigation";
    status_written_off => "Passée en perte", "Written off";
    search => "Rechercher (numéro ou client)", "Search (number or client)";
    all_statuses => "Tous les statuts", "All statuses";
    shown => "affichées", "shown";
    total_shown => "Total affiché", "Total shown";
    record_payment => "Enregistrer un règlement", "Record a payment";
    payment_date => "Date du règlement", "Payment date";
    payment_amount => "Montant", "Amount";
    save => "Enregistrer", "Save";
    cancel => "Annuler", "Cancel";
    saved => "Enregistré.", "Saved.";
    overdue_days => "Plus ancien retard (j)", "Oldest overdue (days)";
    import_title => "Importer des factures, des règlements ou un FEC", "Import invoices, payments or a FEC";
    import_pick => "Choisir un fichier (CSV, TXT)", "Choose a file (CSV, TXT)";
    import_drop => "ou déposez-le ici", "or drop it here";
    detected => "Détecté", "Detected";
    encoding => "Encodage", "Encoding";
    delimiter => "Séparateur", "Delimiter";
    decimal => "Décimales", "Decimals";
    date_format => "Dates", "Dates";
    file_kind => "Contenu", "Contents";
    rows_ok => "lignes valides", "valid rows";
    rows_errors => "lignes en erreur", "rows with errors";
    line => "Ligne", "Line";
    column => "Colonne", "Column";
    message => "Message", "Message";
    do_import => "Importer", "Import";
    undo_import => "Annuler le dernier import", "Undo last import";
    import_done => "Import terminé", "Import done";
    new_invoices => "nouvelles factures", "new invoices";
    updated_invoices => "mises à jour", "updated";
    unchanged_invoices => "inchangées", "unchanged";
    new_payments => "nouveaux règlements", "new payments";
    nothing_changed => "Rien n'a changé : ces lignes sont déjà enregistrées.", "Nothing changed: these rows are already stored.";
    reminders_soon => "Le plan de relance (scénarios, liste du jour, brouillons) arrive dans une prochaine version.", "Dunning (scenarios, today's worklist, drafts) comes in a next version.";
    language => "Langue", "Language";
    theme => "Thème", "Theme";
    theme_system => "Système", "System";
    theme_light => "Clair", "Light";
    theme_dark => "Sombre", "Dark";
    storage => "Stockage local", "Local storage";
    storage_used => "Utilisé", "Used";
    storage_quota => "Quota", "Quota";
    storage_persisted => "Stockage persistant", "Persistent storage";
    yes => "oui", "yes";
    no => "non", "no";
    backup => "Sauvegarde", "Backup";
    export_backup => "Exporter une sauvegarde", "Export backup";
    restore_backup => "Restaurer une sauvegarde", "Restore backup";
    restore_confirm => "Remplacer toutes les données par cette sauvegarde ?", "Replace all data with this backup?";
    restored => "Sauvegarde restaurée.", "Backup restored.";
    data => "Données", "Data";
    erase_all => "Effacer toutes les données", "Erase all data";
    erase_confirm => "Effacer définitivement toutes les données de cet appareil ?", "Permanently erase all data on this device?";
    confirm => "Confirmer", "Confirm";
    erased => "Toutes les données ont été effacées.", "All data was erased.";
    demo_loaded => "Données de démonstration chargées.", "Demo data loaded.";
    today_override => "Date du jour simulée (démo, tests)", "Simulated today (demos, tests)";
    reset => "Réinitialiser", "Reset";
    reload => "Recharger", "Reload";
    blocked => "Un autre onglet d'Encours utilise une ancienne version des données : fermez-le pour continuer.", "Another Encours tab uses an older version of the data: close it to continue.";
    version_change => "Une version plus récente d'Encours a été ouverte dans un autre onglet. Rechargez cette page.", "A newer version of Encours was opened in another tab. Reload this page.";
    updated_elsewhere => "Données mises à jour depuis un autre onglet.", "Data updated from another tab.";
    privacy => "Aucune donnée ne quitte cet appareil : pas de serveur, pas de traceur.", "No data leaves this device: no server, no tracker.";
}

/// The text for `key`, following the language. One concrete type for every text of the
/// interface keeps the wasm small (a closure per text would be compiled once per text).
pub fn tr(key: T) -> leptos::prelude::Signal<&'static str> {
    use leptos::prelude::*;
    let state = expect_context::<crate::state::AppState>();
    Signal::derive(move || state.t(key))
}
