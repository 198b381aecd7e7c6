//! The default texts of each level, in French and English, written for Encours.
//!
//! Placeholders are listed in [`super::template`]. The formal notice carries every element a
//! mise en demeure needs (parties, the words, invoices, total with penalties and indemnity,
//! deadline, how to pay, what follows, place, date, signature) and stays a plain business
//! letter: nothing in it imitates a bailiff's or a court's document. What depends on the
//! client's kind and on what was really sent comes from [`super::wording`]: a consumer's
//! letters cite art. 1231-6 Code civil and no €40; "despite our reminders" only after some.

use super::{Language, LevelKind, Template};

const FR: [(&str, &str); 6] = [
    (
        "Échéance prochaine de vos factures",
        "Bonjour,

Nous vous rappelons, à toutes fins utiles, que les factures suivantes arrivent prochainement à échéance :

{invoices}

Montant total : {total}.

Si le règlement est déjà programmé, merci de ne pas tenir compte de ce message. Vous pouvez régler par virement sur le compte {iban}[[ en indiquant en référence {reference}]].

Cordialement,
{signature}",
    ),
    (
        "Rappel : factures échues",
        "Bonjour,

Sauf erreur de notre part, nous n'avons pas encore reçu le règlement des factures suivantes, arrivées à échéance :

{invoices}

Montant restant dû : {total}.

Il s'agit peut-être d'un simple oubli : pourriez-vous procéder au règlement par virement (IBAN {iban}[[, référence {reference}]]) ou nous indiquer la date prévue ? Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce rappel.

Cordialement,
{signature}",
    ),
    (
        "Deuxième relance : factures impayées",
        "Bonjour,

{still_unpaid} :

{invoices}

Montant restant dû : {total}.

Nous vous remercions de régulariser cette situation sous huit jours, par virement sur le compte {iban}[[ en indiquant en référence {reference}]]. Si une difficulté explique ce retard, {contact} se tient à votre disposition[[ au {phone}]] pour en parler et convenir d'une solution.

Cordialement,
{signature}",
    ),
    (
        "Relance formelle : pénalités de retard",
        "Madame, Monsieur,

Les factures ci-dessous demeurent impayées{despite} :

{invoices}

Principal restant dû : {total}.

{penalty_terms}

Montant total réclamé : {total_claimed}.

Nous vous prions de procéder au règlement au plus tard le {deadline}, par virement sur le compte {iban} (BIC {bic})[[ en indiquant en référence {reference}]].

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{signature}",
    ),
    (
        "Mise en demeure de payer",
        "Madame, Monsieur,

Par la présente lettre, qui vaut mise en demeure au sens de l'article 1344 du Code civil, {company} ({company_id}), {company_address}, vous demande de payer les sommes dont {client}[[, {client_address},]] reste redevable au titre des factures suivantes :

{invoices}

{claims}

{ask} de régler cette somme au plus tard le {deadline}, par virement sur le compte IBAN {iban} (BIC {bic}), en rappelant les numéros de facture[[ (en référence : {reference})]].

À défaut de paiement dans ce délai, nous pourrons engager sans nouvel avis la procédure judiciaire que la loi nous permet, notamment une requête en injonction de payer, {costs}.

Pour toute question, vous pouvez joindre {contact}[[ au {phone}]][[ (courriel : {email})]].

Fait à {place}, le {date}.

{signature}",
    ),
    (
        "Dossier transmis au recouvrement",
        "Madame, Monsieur,

Notre mise en demeure est restée sans réponse. Les factures suivantes restent impayées :

{invoices}

Total réclamé : {claims_summary}.

Nous vous informons que nous transmettons ce dossier au recouvrement. Un règlement immédiat par virement sur le compte {iban} (BIC {bic})[[, en indiquant en référence {reference},]] reste possible et mettrait fin à la procédure.

Fait à {place}, le {date}.

{signature}",
    ),
];

const EN: [(&str, &str); 6] = [
    (
        "Invoices falling due soon",
        "Hello,

A friendly note that the following invoices fall due shortly:

{invoices}

Total: {total}.

If payment is already scheduled, please disregard this message. You can pay by bank transfer to {iban}[[, quoting {reference}]].

Kind regards,
{signature}",
    ),
    (
        "Reminder: invoices past due",
        "Hello,

Unless we are mistaken, we have not yet received payment for the following invoices, now past due:

{invoices}

Amount outstanding: {total}.

This may be an oversight: could you arrange payment by bank transfer (IBAN {iban}[[, reference {reference}]]) or let us know when it is planned? If your payment has crossed this message, please disregard it.

Kind regards,
{signature}",
    ),
    (
        "Second reminder: unpaid invoices",
        "Hello,

{still_unpaid}:

{invoices}

Amount outstanding: {total}.

Please settle within eight days by bank transfer to {iban}[[, quoting {reference}]]. If something is holding the payment up, {contact} is available[[ on {phone}]] to discuss it and agree on a solution.

Kind regards,
{signature}",
    ),
    (
        "Formal reminder: late-payment penalties",
        "Dear Sir or Madam,

The invoices below remain unpaid{despite}:

{invoices}

Principal outstanding: {total}.

{penalty_terms}

Total claimed: {total_claimed}.

Please pay by {deadline} at the latest, by bank transfer to {iban} (BIC {bic})[[, quoting {reference}]].

Yours faithfully,

{signature}",
    ),
    (
        "Formal notice to pay (mise en demeure)",
        "Dear Sir or Madam,

{company} ({company_id}), {company_address}, hereby gives formal notice (mise en demeure) to {client}[[, {client_address},]] to pay the sums owed under the following invoices:

{invoices}

{claims}

{ask} to pay this sum by {deadline} at the latest, by bank transfer to IBAN {iban} (BIC {bic}), quoting the invoice numbers[[ (reference: {reference})]].

Failing payment by that date, we may start the court proceedings the law allows without further notice, in particular an application for a payment order (injonction de payer), {costs}.

For any question, please contact {contact}[[ on {phone}]][[ (e-mail: {email})]].

{place}, {date}.

{signature}",
    ),
    (
        "Claim handed over for collection",
        "Dear Sir or Madam,

Our formal notice has gone unanswered. The following invoices remain unpaid:

{invoices}

Total claimed: {claims_summary}.

We are handing this claim over for collection. Immediate payment by bank transfer to {iban} (BIC {bic})[[, quoting {reference},]] remains possible and would end the proceedings.

{place}, {date}.

{signature}",
    ),
];

/// The phone script (not editable: talking points, not a letter).
pub fn call_script(lang: Language) -> &'static str {
    match lang {
        Language::Fr => "Appel à {client}[[ ({client_phone})]]

1. Se présenter : {contact}, {company}.
2. Objet : {count} facture(s) impayée(s), {total} au total ; la plus ancienne a {oldest} jours de retard.
{invoices}
3. Demander si les factures ont bien été reçues et si quelque chose bloque le paiement (litige, validation interne, trésorerie).
4. Obtenir une date et un montant de paiement précis ; proposer un échéancier si besoin.
5. {call_claims}
6. Noter le résultat ci-dessous (promesse, litige, pas de réponse, mauvais contact).",
        Language::En => "Call to {client}[[ ({client_phone})]]

1. Introduce yourself: {contact}, {company}.
2. Purpose: {count} unpaid invoice(s), {total} in all; the oldest is {oldest} days late.
{invoices}
3. Ask whether the invoices were received and whether anything holds the payment up (dispute, internal approval, cash).
4. Get a precise payment date and amount; offer a payment plan if needed.
5. {call_claims}
6. Record the outcome below (promise, dispute, no answer, wrong contact).",
    }
}

/// The default text of a kind of level.
pub fn default_template(kind: LevelKind, lang: Language) -> Template {
    let k = match kind {
        LevelKind::Courtesy => 0,
        LevelKind::Reminder => 1,
        LevelKind::Firm => 2,
        LevelKind::Formal => 3,
        LevelKind::Notice => 4,
        LevelKind::Handover => 5,
    };
    let (subject, body) = match lang {
        Language::Fr => FR[k],
        Language::En => EN[k],
    };
    Template {
        subject: subject.into(),
        body: body.into(),
    }
}
