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
    nav_aging => "Balance âgée", "Aged balance";
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
    row_error => "ligne en erreur", "row with errors";
    rows_errors => "lignes en erreur", "rows with errors";
    line => "Ligne", "Line";
    column => "Colonne", "Column";
    message => "Message", "Message";
    do_import => "Importer", "Import";
    undo_import => "Annuler le dernier import", "Undo last import";
    import_done => "Import terminé", "Import done";
    new_invoice => "nouvelle facture", "new invoice";
    new_invoices => "nouvelles factures", "new invoices";
    updated_invoice => "mise à jour", "updated";
    updated_invoices => "mises à jour", "updated";
    unchanged_invoice => "inchangée", "unchanged";
    unchanged_invoices => "inchangées", "unchanged";
    new_payment => "nouveau règlement", "new payment";
    new_payments => "nouveaux règlements", "new payments";
    nothing_changed => "Rien n'a changé : ces lignes sont déjà enregistrées.", "Nothing changed: these rows are already stored.";
    language => "Langue", "Language";
    you_and_device => "Vous et cet appareil", "You and this device";
    your_name => "Votre nom", "Your name";
    device_name => "Nom de cet appareil", "This device's name";
    origin_note => "Ils accompagnent chaque modification dans l'historique des factures et des clients (qui a fait quoi, quand, depuis quel appareil).", "They go with every change in the invoices' and clients' history (who did what, when, from which device).";
    sync => "Synchronisation", "Sync";
    sync_note => "Désactivée par défaut. Activée, le journal des modifications passe par la base CouchDB que vous indiquez, chiffré ici avec une clé tirée de la phrase secrète : le serveur ne voit ni client, ni montant, ni numéro. Sans la phrase, rien ne se déchiffre ; elle n'est pas enregistrée.", "Off by default. When on, the change log goes through the CouchDB database you name, encrypted here with a key drawn from the passphrase: the server sees no client, amount or number. Without the passphrase nothing decrypts; it is not stored.";
    sync_url => "Adresse de la base CouchDB", "CouchDB database URL";
    sync_user => "Utilisateur (facultatif)", "User (optional)";
    sync_password => "Mot de passe", "Password";
    sync_passphrase => "Phrase secrète du portefeuille", "Portfolio passphrase";
    sync_on => "Activer la synchronisation", "Turn sync on";
    sync_stop => "Arrêter", "Stop";
    sync_off_state => "Synchronisation désactivée.", "Sync is off.";
    sync_connecting => "Connexion et calcul de la clé…", "Connecting and deriving the key…";
    sync_syncing => "Synchronisation en cours : événements", "Syncing: events";
    sync_synced => "Synchronisé à", "Synced at";
    sync_refused => "document(s) illisible(s) ou altéré(s) écarté(s)", "unreadable or altered document(s) left aside";
    sync_offline => "Serveur injoignable, nouvel essai bientôt", "Server unreachable, trying again soon";
    sync_wrong_passphrase => "Phrase secrète incorrecte pour ce portefeuille : rien n'a été lu ni écrit.", "Wrong passphrase for this portfolio: nothing was read or written.";
    sync_unauthorized => "Le serveur refuse cet utilisateur ou ce mot de passe.", "The server refuses this user or password.";
    sync_bad_url => "Adresse invalide : https://…/base (http seulement vers cet ordinateur).", "Invalid URL: https://…/database (http only to this computer).";
    sync_no_crypto => "Ce navigateur n'offre pas le chiffrement ici (page non sécurisée).", "This browser offers no encryption here (insecure page).";
    sync_failed => "La synchronisation s'est arrêtée", "Sync stopped";
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
    // Storage errors and the damaged-storage panel (helper `storage`).
    store_unavailable => "Le stockage local n'est pas disponible dans ce navigateur (navigation privée ?) : rien ne peut être enregistré.", "Local storage is unavailable in this browser (private browsing?): nothing can be saved.";
    store_quota => "Le stockage du navigateur pour ce site est plein : rien de cette modification n'a été enregistré.", "The browser's storage for this site is full: nothing of this change was saved.";
    store_used => "Utilisé :", "Used:";
    store_quota_what => "Libérez de l'espace (données d'autres sites dans les réglages du navigateur, ou annulez d'anciens imports ici), exportez une sauvegarde, puis réessayez.", "Free some space (other sites' data in the browser's settings, or undo old imports here), export a backup, then try again.";
    store_damaged => "Les données enregistrées sur cet appareil sont endommagées : elles ne correspondent plus à leur somme de contrôle ou sont illisibles.", "The data stored on this device is damaged: it no longer matches its checksum or cannot be read.";
    store_read_only => "Rien n'a été enregistré : les données enregistrées sont endommagées, et rien ne sera écrit par-dessus tant que vous n'aurez pas restauré une sauvegarde (ou exporté ce qui est lisible).", "Nothing was saved: the stored data is damaged, and nothing will be written over it until you restore a backup (or export what can be read).";
    store_too_new => "Les données enregistrées viennent d'une version plus récente d'Encours : rechargez la page pour l'obtenir.", "The stored data comes from a newer version of Encours: reload the page to get it.";
    store_closed => "Rien n'a été enregistré : une version plus récente d'Encours a été ouverte dans un autre onglet et cet onglet ne peut plus écrire. Rechargez la page.", "Nothing was saved: a newer version of Encours was opened in another tab and this tab can no longer write. Reload the page.";
    store_busy => "Un autre onglet enregistre sans cesse : rien n'a été enregistré ici, réessayez.", "Another tab keeps saving: nothing was saved here, try again.";
    store_other => "Erreur de stockage : rien de cette modification n'a été enregistré.", "Storage error: nothing of this change was saved.";
    damaged_title => "Données endommagées", "Damaged data";
    damaged_body => "Rien n'est écrit sur cet appareil tant que vous n'avez pas choisi. Restaurez une sauvegarde (elle remplace tout), ou exportez d'abord ce qui est encore lisible.", "Nothing is written on this device until you choose. Restore a backup (it replaces everything), or first export what can still be read.";
    damaged_restore => "Restaurer une sauvegarde…", "Restore a backup…";
    damaged_export => "Exporter ce qui est lisible", "Export what can be read";
    damaged_lost => "Illisible, absent de l'export :", "Unreadable, not in the export:";
    file_not_read => "Le fichier n'a pas pu être lu : choisissez-le à nouveau.", "The file could not be read: choose it again.";
    logo_kind => "Logo : PNG, JPEG ou SVG de moins de 512 Ko.", "Logo: PNG, JPEG or SVG under 512 KB.";
    new_version => "Une nouvelle version d'Encours est prête : rechargez la page pour l'utiliser (vos données sont conservées).", "A new version of Encours is ready: reload the page to use it (your data is kept).";
    damaged_confirm => "Remplacer les données endommagées par cette sauvegarde", "Replace the damaged data with this backup";
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
    reason_prescribed => "Prescrite depuis le", "Time-barred since";
    prescribed_since => "prescrite depuis le", "time-barred since";
    prescription => "Prescription", "Limitation";
    provision_note => "Les taux par ancienneté sont une estimation interne : pour être déductible (CGI art. 39-1-5°), une provision doit reposer sur une perte probable justifiée client par client (litige, débiteur défaillant, mise en demeure restée sans réponse). Seules les factures en contentieux ou marquées douteuses passent en 416.", "Rates by age are an internal estimate: to be deductible (CGI art. 39-1-5°), a provision must rest on a probable loss justified client by client (a dispute, a failing debtor, a notice left unanswered). Only invoices in litigation or marked doubtful move to account 416.";
    straight_to_notice => "Sans envoi préalable, aller directement au niveau atteint (jusqu'à la mise en demeure) au lieu de commencer par la relance ferme", "With nothing sent yet, go straight to the level the date reaches (up to the notice) instead of starting with the firm reminder";
    why_scheduled => "niveau suivant, à sa date", "next level, on its date";
    why_caught_up => "rattrapage : niveaux sautés", "catch-up: levels skipped";
    why_amicable_first => "amiable d'abord : rien d'envoyé encore", "amicable first: nothing sent yet";
    why_straight_to_notice => "directement au niveau atteint", "straight to the level reached";
    mark_doubtful => "Marquer douteuse (compte 416)", "Mark doubtful (account 416)";
    unmark_doubtful => "Ne plus marquer douteuse", "Unmark doubtful";
    acknowledged_on => "Reconnaissance de dette le (interrompt la prescription, art. 2240 C. civ.)", "Debt acknowledged on (restarts limitation, art. 2240 Code civil)";
    terms_basis => "Base des conditions", "Terms basis";
    terms_net => "jours nets (date de facture + N)", "days net (invoice date + N)";
    terms_end_of_month => "jours fin de mois (45 jours fin de mois, 30 jours fin de mois…)", "days end of month (45 days end of month, 30…)";
    terms_over_cap => "Délai de paiement au-delà du plafond légal (L441-10 I : 60 jours ou 45 jours fin de mois ; plafonds sectoriels L441-11)", "Payment terms beyond the legal cap (L441-10 I: 60 days or 45 days end of month; sector caps L441-11)";
    latest_due => "échéance maximale", "latest due date";
    reason_plan => "échéancier respecté", "payment plan on track";
    consumer_no_indemnity => "Particulier : pas d'indemnité forfaitaire de 40 €.", "Consumer: no €40 recovery fee.";
    rate_missing => "Taux BCE absent du tableau pour", "No ECB rate in the table for";
    legal_rate_missing => "Taux de l'intérêt légal absent du tableau pour", "No legal interest rate in the table for";
    enter_rate => "pénalités non calculées : saisissez ce taux dans le profil (tableau des taux)", "penalties not computed: enter this rate in the profile (rate table)";
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
    // The client page.
    open_items => "Factures ouvertes", "Open items";
    days_late => "Jours de retard", "Days late";
    owes_nothing => "Ce client ne doit rien.", "This client owes nothing.";
    contact_terms => "Coordonnées et conditions", "Contact details and terms";
    segment => "Segment", "Segment";
    terms_days => "Délai de paiement (jours)", "Payment terms (days)";
    credit_limit => "Plafond de crédit", "Credit limit";
    customer_kind => "Type de client", "Customer type";
    business => "Professionnel (B2B)", "Business (B2B)";
    consumer => "Particulier (B2C)", "Consumer (B2C)";
    owner => "Suivi par", "Followed by";
    notes => "Notes", "Notes";
    note => "Note", "Note";
    nothing_to_record => "Rien à enregistrer : vérifiez les valeurs saisies.", "Nothing to record: check the values entered.";
    bad_amount => "Montant illisible.", "Unreadable amount.";
    payment_history => "Paiements reçus", "Payments received";
    timeline => "Historique des relances", "Follow-up history";
    paid => "Réglé", "Paid";
    dispute_reason => "Motif", "Reason";
    open_dispute => "Ouvrir le litige", "Open the dispute";
    reason_price => "Prix", "Price";
    reason_quantity => "Quantité", "Quantity";
    reason_quality => "Qualité", "Quality";
    reason_not_received => "Non reçu", "Not received";
    reason_already_paid => "Déjà payé", "Already paid";
    reason_other => "Autre", "Other";
    resolution => "Issue", "Outcome";
    res_rejected => "Réclamation rejetée (dû à nouveau)", "Claim rejected (owed again)";
    res_credit => "Avoir total", "Full credit note";
    res_partial => "Avoir partiel", "Partial credit note";
    credit_amount => "Montant de l'avoir", "Credit note amount";
    risk => "Risque", "Risk";
    grade => "note", "grade";
    from_history => "d'après l'historique de paiement", "from the payment history";
    from_checklist => "sans historique : d'après la fiche de solvabilité", "no history: from the solvency checklist";
    f_days_late => "Retard moyen pondéré (jours)", "Weighted average days late";
    f_share_late => "Part des factures payées en retard (%)", "Share of invoices paid late (%)";
    f_trend => "Tendance 90 j (jours de retard en plus)", "90-day trend (extra days late)";
    f_limit_used => "Encours / plafond (%)", "Outstanding / limit (%)";
    f_oldest => "Plus ancien impayé (jours)", "Oldest overdue (days)";
    f_disputes => "Litiges", "Disputes";
    f_broken => "Promesses non tenues", "Broken promises";
    f_checklist => "Fiche de solvabilité", "Solvency checklist";
    suggested_terms => "Conditions suggérées", "Suggested terms";
    suggested_limit => "Plafond suggéré", "Suggested limit";
    deposit => "acompte", "deposit";
    early_discount => "escompte", "early-payment discount";
    checklist => "Fiche de solvabilité", "Solvency checklist";
    checklist_renew => "à renouveler (plus d'un an)", "to renew (over a year old)";
    years_in_business => "Années d'activité", "Years in business";
    bureau => "Note d'un organisme de crédit", "Credit bureau grade";
    limited_company => "Société à responsabilité limitée", "Limited company";
    risky_sector => "Secteur à risque", "Risky sector";
    incidents => "Incidents de paiement ou procédure collective", "Payment incidents or insolvency proceedings";
    signed_terms => "CGV signées", "Signed terms of sale";
    payment_plan => "Échéancier", "Payment plan";
    new_plan => "Nouvel échéancier", "New payment plan";
    agree_plan => "Convenir de l'échéancier", "Agree the plan";
    bad_plan => "Échéancier impossible : vérifiez l'acompte, le nombre d'échéances et la date.", "Plan impossible: check the down payment, the number of installments and the date.";
    down_payment => "Acompte", "Down payment";
    installments => "Nombre d'échéances", "Number of installments";
    first_due => "Première échéance", "First installment";
    frequency => "Périodicité", "Frequency";
    monthly => "Mensuelle", "Monthly";
    weekly => "Hebdomadaire", "Weekly";
    stop_penalties => "Suspendre les pénalités tant que l'échéancier est respecté", "Stop penalties while the plan is kept";
    penalties_stopped => "pénalités suspendues", "penalties stopped";
    penalties_run => "pénalités maintenues", "penalties keep running";
    agreed_on => "convenu le", "agreed on";
    plan_on_track => "Respecté", "On track";
    plan_missed => "Échéance manquée", "Installment missed";
    plan_completed => "Soldé", "Completed";
    inst_paid => "Payée", "Paid";
    inst_partly => "Partiellement payée", "Partly paid";
    inst_missed => "Manquée", "Missed";
    inst_upcoming => "À venir", "Upcoming";
    print_agreement => "Imprimer l'accord", "Print the agreement";
    cancel_plan => "Annuler l'échéancier", "Cancel the plan";
    plan_agreement => "Échéancier de paiement", "Payment plan agreement";
    plan_covers => "Échéancier convenu le", "Plan agreed on";
    plan_clause => "Tant que les échéances sont payées à leur date, aucune relance n'est envoyée. Une échéance impayée rend exigible la totalité du solde.", "As long as each installment is paid on its date, no reminder is sent. A missed installment makes the whole balance due.";
    promises => "Promesses de paiement", "Promises to pay";
    record_promise => "Noter la promesse", "Record the promise";
    bad_promise => "Indiquez une date et un montant.", "Enter a date and an amount.";
    promise_kept => "tenue", "kept";
    promise_broken => "non tenue", "broken";
    promise_pending => "en attente", "pending";
    promise_of => "promesse de", "promise of";
    statement => "Relevé de compte", "Statement of account";
    case_file => "Dossier de recouvrement", "Collection case file";
    creditor => "Créancier", "Creditor";
    debtor => "Débiteur", "Debtor";
    invoices_claimed => "Factures réclamées", "Invoices claimed";
    penalties => "Pénalités de retard", "Late-payment penalties";
    principal => "Principal", "Principal";
    indemnity => "Indemnité forfaitaire (40 € par facture)", "Fixed indemnity (€40 per invoice)";
    total_claimed => "Total réclamé", "Total claimed";
    total_due => "Total dû", "Total due";
    credits => "Avoirs non imputés", "Unallocated credits";
    notice => "Mise en demeure", "Formal notice";
    no_notice => "Aucune mise en demeure envoyée.", "No formal notice sent.";
    reminders_sent => "Relances et appels", "Reminders and calls";
    answers => "Réponses du client", "The client's answers";
    collection_options => "Options de recouvrement", "Ways of collecting";
    cost => "Coût", "Cost";
    chance => "Chance de recouvrer", "Chance of recovery";
    expected_net => "Gain net attendu", "Expected net";
    not_available => "au-delà du plafond", "above the ceiling";
    routes_help => "Estimations : la chance dépend de la note du client ; les coûts sont les vôtres, modifiables ci-dessous.", "Estimates: the chance depends on the client's grade; the costs are yours, editable below.";
    route_remind => "Continuer les relances", "Keep reminding";
    route_mediation => "Médiation", "Mediation";
    route_agency => "Société de recouvrement", "Collection agency";
    route_injonction => "Injonction de payer", "Injonction de payer (court order)";
    route_small_claims => "Procédure petites créances (principal et intérêts ≤ plafond, R125-1 CPCE)", "Small-claims procedure (principal and interest ≤ ceiling, R125-1 CPCE)";
    route_refere => "Référé-provision", "Référé-provision (summary order)";
    court_commercial => "tribunal des activités économiques / de commerce", "commercial court (tribunal des activités économiques / de commerce)";
    court_judicial => "tribunal judiciaire", "tribunal judiciaire (civil court)";
    needs_agreement => "aboutit seulement si le débiteur accepte", "works only if the debtor agrees";
    small_claims_ceiling => "Plafond petites créances (principal et intérêts)", "Small-claims ceiling (principal and interest)";
    cost_refere => "Coût d'un référé-provision", "Cost of a référé-provision";
    cost_mediation => "Frais de médiation (€)", "Mediation fee (€)";
    cost_agency => "Commission de la société (%)", "Agency commission (%)";
    cost_injonction => "Frais d'injonction (€)", "Injonction fees (€)";
    cost_small_claims => "Frais petites créances (€)", "Small-claims fees (€)";
    // The credit page and the alerts.
    nav_credit => "Crédit", "Credit";
    provisions => "Provisions pour créances douteuses", "Provisions for doubtful receivables";
    provision_rates => "Taux de provision", "Provision rates";
    closing_date => "Date de clôture", "Closing date";
    export_entries => "Exporter les écritures (CSV)", "Export the entries (CSV)";
    record_closing => "Enregistrer la clôture", "Record closing";
    undo_closing => "Annuler la dernière clôture", "Undo the last closing";
    last_closing => "Dernière clôture enregistrée", "Last recorded closing";
    no_closing_yet => "Aucune clôture enregistrée : l'export est celui d'une première clôture (sans reprise).", "No closing recorded: the export is a first closing's (no write-back).";
    entries_since => "Écritures depuis la clôture du", "Entries since the closing of";
    closing_recorded => "Clôture enregistrée", "Closing recorded";
    closing_undone => "Clôture annulée", "Closing undone";
    closing_not_after => "Une clôture doit suivre la dernière enregistrée, du", "A closing must come after the last recorded one, of";
    no_closing => "Aucune clôture enregistrée à annuler.", "No recorded closing to undo.";
    default_vat => "TVA par défaut", "Default VAT";
    total => "Total", "Total";
    net_derived => "montants HT déduits avec la TVA par défaut", "net amounts derived with the default VAT";
    forecast => "Encaissements prévus (13 semaines)", "Expected collections (13 weeks)";
    week_of => "Semaine du", "Week of";
    expected => "Prévu", "Expected";
    received => "Reçu", "Received";
    later => "Au-delà", "Later";
    disputes => "Litiges", "Disputes";
    open_count => "ouverts", "open";
    resolved_12m => "résolus sur 12 mois", "resolved over 12 months";
    avg_resolution => "délai moyen de résolution (jours)", "average resolution time (days)";
    over_limit => "Plafond de crédit dépassé", "Credit limit exceeded";
    alerts => "Alertes", "Alerts";
    alert_due => "Échéance proche", "Falling due";
    alert_over60 => "Passée à plus de 60 jours", "Now over 60 days late";
    promise_broken_alert => "Promesse non tenue", "Promise broken";
    all => "Tous", "All";
    me => "Moi", "Me";
    grade_filter => "Note", "Grade";
    buckets_days => "Tranches (jours, bornes incluses)", "Buckets (days, upper bounds)";
    bad_buckets => "Bornes croissantes, par ex. 30,60,90", "Increasing bounds, e.g. 30,60,90";
    name_contains => "Client contient", "Client contains";
    min_amount => "Montant minimum", "Minimum amount";
    with_overdue => "Avec de l'échu", "With overdue";
    with_dispute => "Avec un litige", "With a dispute";
    with_credit => "Avec un avoir non imputé", "With an unallocated credit";
    credits_col => "Avoirs non imputés", "Unallocated credits";
    csv_french => "CSV ; virgule décimale (Excel français)", "CSV ; decimal comma (French Excel)";
    csv_plain => "CSV , point décimal", "CSV , decimal dot";
    export_csv => "Exporter (CSV)", "Export (CSV)";
    print => "Imprimer", "Print";
    show_invoices => "Voir les factures de", "Show the invoices of";
    show_more => "Afficher plus", "Show more";
    rows_shown => "lignes affichées sur", "rows shown of";
    // Layout, charts, empty states and formats (issue 19, helper layout).
    client_one => "client", "client";
    client_many => "clients", "clients";
    aging_all_future => "Toutes les factures sont datées après le ", "Every invoice is dated after ";
    aging_first_issue => " : la balance à cette date est vide (première facture du ", ": the balance on that date is empty (first invoice of ";
    aging_pick_later => "Choisissez une date plus tardive.", "Pick a later date.";
    dso_help => "DSO : délai moyen de paiement, en jours de chiffre d'affaires que représente l'encours (méthode count-back : les mois les plus récents d'abord).", "DSO (days sales outstanding): the outstanding as days of sales (count-back: the latest months first).";
    cei_help => "CEI : part de ce qui était à encaisser sur 3 mois qui l'a été (100 % : tout encaissé).", "CEI (collection effectiveness index): the share of what was collectable over 3 months that was collected (100%: all of it).";
    erase_keeps => "Les factures, clients, règlements et relances de cet appareil sont effacés. Le profil de l'entreprise (coordonnées, logo) et le barème des taux sont conservés, sauf si vous cochez la case.", "The invoices, clients, payments and reminders on this device are erased. The company profile (details, logo) and the rate table are kept, unless you tick the box.";
    erase_profile_too => "Effacer aussi le profil de l'entreprise et le barème des taux", "Also erase the company profile and the rate table";
    half_year => "Semestre", "Half-year";
    ecb_rate => "Taux BCE (%)", "ECB rate (%)";
    legal_rate => "Taux légal (%)", "Legal rate (%)";
    add_half_year => "Ajouter un semestre", "Add a half-year";
    remove_row => "Retirer", "Remove";
    rates_form_help => "Un semestre par ligne (2025-S1 : janvier à juin, 2025-S2 : juillet à décembre). Pénalité = taux BCE + 10 points ; plancher d'un taux contractuel = 3 × taux légal.", "One half-year per line (2025-H1: January to June, 2025-H2: July to December). Penalty = ECB rate + 10 points; a contractual rate's floor = 3 × legal rate.";
    bad_rate_row => "Ligne à corriger", "Row to fix";
    actions_col => "Actions", "Actions";
    route_col => "Procédure", "Procedure";
    kpi_help => "Que mesurent DSO et CEI ?", "What do DSO and CEI measure?";
    step_detected => "1. Lecture du fichier", "1. Reading the file";
    step_mapping => "2. Colonnes", "2. Columns";
    step_preview => "3. Aperçu des premières lignes", "3. Preview of the first rows";
    step_summary => "4. Ce que l'import va faire", "4. What the import will do";
    header_row => "Ligne 1 : en-têtes des colonnes", "Line 1: column headers";
    dates_ambiguous => "dates ambiguës (jour et mois ≤ 12) : vérifiez le format", "ambiguous dates (day and month ≤ 12): check the format";
    ignore_column => "— ignorer —", "— ignore —";
    mapping_remembered => "Correspondance des colonnes reprise de votre dernier import de ce modèle de fichier.", "Column mapping taken from your last import of this file layout.";
    file_column => "Colonne du fichier", "File column";
    field => "Donnée", "Field";
    last_month => "il y a un mois", "a month ago";
    trend_12m => "Encours et échu sur 12 mois", "Outstanding and overdue over 12 months";
    dso_trend => "DSO sur 12 mois (jours)", "DSO over 12 months (days)";
    see_detail => "détail", "details";
    invoice_title => "Facture", "Invoice";
    net_amount => "Montant HT", "Amount excl. VAT";
    vat_amount => "TVA", "VAT";
    write_off => "Passer en perte", "Write off";
    undo_write_off => "Annuler le passage en perte", "Undo the write-off";
    // Issue 19 (screens): payments checked, corrected, cancelled; letters' sender; sorting.
    amount_unreadable => "Montant illisible : saisissez par exemple 1 234,56.", "Unreadable amount: type e.g. 1,234.56.";
    amount_not_positive => "Le montant doit être supérieur à zéro.", "The amount must be more than zero.";
    bad_date => "Date illisible.", "Unreadable date.";
    overpay_by => "Ce montant dépasse le reste dû de", "This amount is more than what is owed by";
    owed_is => "reste dû :", "owed:";
    surplus_to_credit => "Le surplus sera porté au crédit du client : imputé sur ses autres factures ouvertes, sinon gardé à son compte.", "The surplus will go to the client's credit: applied to its other open invoices, else kept on its account.";
    confirm_overpayment => "Confirmer le règlement", "Confirm the payment";
    change_amount => "Modifier le montant", "Change the amount";
    correct_payment => "Corriger", "Correct";
    cancel_payment => "Annuler ce règlement", "Cancel this payment";
    undo => "Défaire", "Undo";
    pay_corrected => "Règlement corrigé", "Payment corrected";
    pay_cancelled => "Règlement annulé (contre-passation)", "Payment cancelled (reversal)";
    pay_undone => "Modification d'un règlement défaite", "Payment change undone";
    already_undone => "Cette modification a déjà été défaite.", "This change was already undone.";
    payment_changed_since => "Ce règlement a changé depuis : défaites d'abord la modification la plus récente.", "This payment changed since: undo the latest change first.";
    sort_by => "Trier par", "Sort by";
    actions => "Actions", "Actions";
    invoices_count => "factures", "invoices";
    page_of => "page", "page";
    first_page => "Première page", "First page";
    previous_page => "Page précédente", "Previous page";
    next_page => "Page suivante", "Next page";
    last_page => "Dernière page", "Last page";
    sender_missing => "Courrier bloqué : le profil de l'entreprise ne donne pas", "Letter blocked: the company profile lacks";
    fill_profile => "Compléter le profil", "Fill in the profile";
    mark_printed_sent => "Marquer les courriers imprimés comme envoyés", "Mark the printed letters as sent";
    printed_letters => "courriers imprimés", "letters printed";
    marked_sent => "Marqué comme envoyé.", "Marked as sent.";
    letters_blocked => "courriers bloqués (profil incomplet)", "letters blocked (profile incomplete)";
    payments_received => "Règlements reçus", "Payments received";
    pay_to => "Règlement par virement sur le compte", "Payment by bank transfer to";
    transfer_reference => "Référence du virement", "Transfer reference";
    transfer_references => "Référence du virement, facture par facture", "Transfer reference, invoice by invoice";
    reference => "Référence", "Reference";
    forecast_past_weeks => "semaines passées : prévu et reçu", "past weeks: expected and received";
    forecast_next_weeks => "semaines à venir", "weeks ahead";
    add_credit_note => "Émettre un avoir", "Issue a credit note";
    schedule => "Échéancier", "Schedule";
    payments_applied => "Règlements et avoirs imputés", "Payments and credit notes applied";
    errors_csv => "Télécharger les erreurs (CSV)", "Download the errors (CSV)";
    // Rapprochement (bank statements).
    nav_bank => "Rapprochement", "Bank matching";
    bank_title => "Rapprochement bancaire", "Bank reconciliation";
    bank_intro => "Déposez un relevé (camt.053, OFX, CFONB 120 ou CSV de votre banque) : chaque encaissement est rapproché des factures ouvertes, avec ce qui le justifie.", "Drop a statement (camt.053, OFX, CFONB 120 or your bank's CSV): each receipt is matched to the open invoices, with the evidence.";
    bank_pick => "Choisir un relevé bancaire", "Choose a bank statement";
    bank_transactions => "opérations", "transactions";
    bank_already => "déjà rapprochées", "already matched";
    bank_debits => "débits ignorés", "debits ignored";
    bank_sure => "Rapprochements sûrs", "Sure matches";
    bank_apply_auto => "Appliquer les rapprochements sûrs", "Apply the sure matches";
    bank_review => "À vérifier", "To review";
    bank_unmatched => "Encaissements sans correspondance", "Unmatched receipts";
    bank_payer => "Payeur", "Payer";
    bank_invoices => "Factures", "Invoices";
    bank_evidence => "Justification", "Evidence";
    bank_accept => "Accepter", "Accept";
    bank_other => "Autres factures, ou répartir l'encaissement", "Other invoices, or split the receipt";
    bank_add_line => "Ajouter une facture", "Add an invoice";
    bank_choose_lines => "Retenir ces factures", "Use these invoices";
    bank_bad_line => "facture introuvable ou montant illisible", "unknown invoice or unreadable amount";
    bank_not_customer => "Pas un règlement client", "Not a customer payment";
    bank_chosen => "Choix", "Chosen";
    bank_apply_choices => "Appliquer mes choix", "Apply my choices";
    bank_payments_recorded => "règlements enregistrés", "payments recorded";
    bank_undo => "Annuler ce rapprochement", "Undo this reconciliation";
    bank_undone => "Rapprochement annulé", "Reconciliation undone";
    // Import messages (helper exports): the codes themselves are in messages.rs.
    import_warnings => "Avertissements", "Warnings";
    import_no_rows => "Ce fichier n'a que sa ligne d'en-tête : aucune ligne de données à importer.", "This file has only its header line: no data rows to import.";
    warnings_csv => "Télécharger les avertissements (CSV)", "Download the warnings (CSV)";
    // Rapprochement: the singulars of the counts, and the empty lists.
    bank_transaction_one => "opération", "transaction";
    bank_already_one => "déjà rapprochée", "already matched";
    bank_debit_one => "débit ignoré", "debit ignored";
    bank_payment_recorded_one => "règlement enregistré", "payment recorded";
    bank_none_sure => "Aucun rapprochement sûr : rien ne sera appliqué sans votre choix.", "No sure match: nothing is applied without your choice.";
    bank_engine_failed => "le moteur de l'application n'a pas pu lire le relevé (rechargez la page)", "the app's engine could not read the statement (reload the page)";
    bank_none => "Aucun.", "None.";
    bank_amount => "Montant", "Amount";
    bank_choices_hint => "Vos choix ci-dessus ne sont enregistrés qu'avec ce bouton.", "Your choices above are recorded only with this button.";
}

/// The text for `key`, following the language. One concrete type for every text of the
/// interface keeps the wasm small (a closure per text would be compiled once per text).
pub fn tr(key: T) -> leptos::prelude::Signal<&'static str> {
    use leptos::prelude::*;
    let state = expect_context::<crate::state::AppState>();
    Signal::derive(move || state.t(key))
}

/// The text that goes with a count of `n`: `one` for a single thing (in French, for none
/// too: « 0 nouvelle facture »), else `many`.
pub fn plural(lang: Lang, n: usize, one: T, many: T) -> T {
    let singular = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    if singular {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests;
