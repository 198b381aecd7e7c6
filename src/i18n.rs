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

    /// The same language for the core's drafts and formats.
    pub fn core(self) -> encours_core::dunning::Language {
        match self {
            Lang::Fr => encours_core::dunning::Language::Fr,
            Lang::En => encours_core::dunning::Language::En,
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
    worklist => "À faire aujourd'hui", "Today's worklist";
    journal => "Dernières actions", "Latest actions";
    contract_rate => "Taux contractuel du client (%, vide : taux légal)", "Client's contractual rate (%, empty: legal rate)";
    mark_disputed => "Marquer en litige", "Mark disputed";
    resolve_dispute => "Litige résolu", "Dispute resolved";
    scenarios => "Scénarios", "Scenarios";
    to_remind => "client(s) à relancer", "client(s) to remind";
    level => "Niveau", "Level";
    channel => "Canal", "Channel";
    due_total => "Dû", "Due";
    penalties_indemnity => "Pénalités + indemnité", "Penalties + fee";
    prepare => "Préparer", "Prepare";
    close => "Fermer", "Close";
    excluded_today => "Écartés aujourd'hui", "Left out today";
    print_letters => "Imprimer les courriers du jour", "Print today's letters";
    no_reminders => "Personne à relancer aujourd'hui.", "Nobody to remind today.";
    ch_email => "E-mail", "Email";
    ch_phone => "Appel", "Phone call";
    ch_letter => "Courrier", "Letter";
    ch_registered => "Recommandé AR", "Registered letter";
    tone_courteous => "Courtois", "Courteous";
    tone_firm => "Ferme", "Firm";
    tone_formal => "Formel", "Formal";
    tone_legal => "Juridique", "Legal";
    reason_disputed => "facture en litige", "disputed invoice";
    reason_litigation => "facture en contentieux", "invoice in litigation";
    reason_paused => "relances en pause", "reminders paused";
    reason_snoozed => "reporté au", "snoozed until";
    reason_promise => "promesse de paiement pour le", "promise to pay by";
    reason_minimum => "sous le montant minimum", "below the minimum amount";
    reason_plan => "échéancier respecté", "payment plan on track";
    consumer_no_indemnity => "Particulier : pas d'indemnité forfaitaire de 40 €.", "Consumer: no €40 recovery fee.";
    rate_missing => "Taux BCE absent du tableau pour", "No ECB rate in the table for";
    rate_used => "taux utilisé :", "rate used:";
    confirm_rate => "Confirmer ce taux", "Confirm this rate";
    floor_applied => "Taux contractuel inférieur à 3 fois le taux légal : le plancher s'applique", "Contractual rate below 3 times the legal rate: the floor applies";
    subject => "Objet", "Subject";
    body => "Texte", "Text";
    draft_language => "Langue du courrier", "Letter language";
    open_mail => "Ouvrir dans la messagerie", "Open in mail app";
    copy => "Copier", "Copy";
    copied => "Copié.", "Copied.";
    download_eml => "Télécharger (.eml)", "Download (.eml)";
    print_letter => "Imprimer le courrier", "Print the letter";
    mark_sent => "Marquer comme envoyé", "Mark as sent";
    call_done => "Appel effectué", "Call done";
    outcome => "Résultat", "Outcome";
    out_promise => "Promesse de paiement", "Promise to pay";
    out_dispute => "Litige", "Dispute";
    out_no_answer => "Pas de réponse", "No answer";
    out_wrong_contact => "Mauvais interlocuteur", "Wrong contact";
    promise_date => "Date promise", "Promised date";
    snooze => "Reporter au", "Snooze until";
    pause => "Suspendre les relances", "Pause reminders";
    resume => "Reprendre", "Resume";
    registered_letter => "Lettre recommandée avec accusé de réception", "Registered letter with acknowledgement of receipt";
    call_script => "Script d'appel", "Call script";
    scenario => "Scénario", "Scenario";
    level_name => "Nom", "Name";
    offset_days => "Jours / échéance", "Days from due date";
    tone => "Ton", "Tone";
    claims_penalties => "Pénalités", "Penalties";
    claims_indemnity => "Indemnité 40 €", "€40 fee";
    edit_text => "Modifier le texte", "Edit text";
    reset_default => "Rétablir le texte par défaut", "Reset to default";
    preview => "Aperçu", "Preview";
    minimum_amount => "Montant minimum à relancer", "Minimum amount to remind";
    deadline_days => "Délai de paiement d'une mise en demeure (jours)", "Days to pay in a formal notice";
    segment_scenarios => "Scénario par segment", "Scenario per segment";
    default_scenario => "scénario par défaut", "default scenario";
    scenario_invalid => "Les jours des niveaux doivent être croissants.", "Level days must increase.";
    sample_note => "Aperçu sur un exemple : personne à relancer aujourd'hui.", "Preview on an example: nobody to remind today.";
    company_profile => "Votre entreprise (en-tête des courriers)", "Your company (letterhead)";
    co_name => "Raison sociale", "Company name";
    co_legal_form => "Forme juridique", "Legal form";
    co_address => "Adresse", "Address";
    co_city => "Ville (« Fait à »)", "Town (place of signature)";
    co_siren => "SIREN / SIRET", "SIREN / SIRET";
    co_vat => "N° de TVA", "VAT number";
    co_iban => "IBAN", "IBAN";
    co_bic => "BIC", "BIC";
    co_contact => "Interlocuteur", "Contact person";
    co_phone => "Téléphone", "Phone";
    co_email => "E-mail", "Email";
    co_signature => "Signature", "Signature";
    co_logo => "Logo (fichier local)", "Logo (local file)";
    remove_logo => "Retirer le logo", "Remove logo";
    rates_title => "Taux des pénalités de retard", "Late-payment penalty rates";
    rates_help => "Un semestre par ligne : semestre, taux BCE, taux d'intérêt légal (%). Pénalité = taux BCE + 10 points ; plancher d'un taux contractuel = 3 × taux légal.", "One half-year per line: half-year, ECB rate, legal interest rate (%). Penalty = ECB rate + 10 points; a contractual rate's floor = 3 × legal rate.";
    rates_source => "Source des valeurs intégrées :", "Source of the built-in values:";
    rates_builtin => "Revenir aux taux intégrés", "Back to the built-in rates";
}

/// The text for `key`, following the language. One concrete type for every text of the
/// interface keeps the wasm small (a closure per text would be compiled once per text).
pub fn tr(key: T) -> leptos::prelude::Signal<&'static str> {
    use leptos::prelude::*;
    let state = expect_context::<crate::state::AppState>();
    Signal::derive(move || state.t(key))
}
