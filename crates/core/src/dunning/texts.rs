//! The default texts of each level, in French and English, written for Encours.
//!
//! Placeholders are listed in [`super::template`]. The formal notice carries every element a
//! mise en demeure needs (parties, the words, invoices, total with penalties and indemnity,
//! deadline, how to pay, what follows, place, date, signature) and stays a plain business
//! letter: nothing in it imitates a bailiff's or a court's document.

use super::{Language, LevelKind, Template};

const FR: [(&str, &str); 6] = [
    (
        "Échéance prochaine de vos factures",
        "Bonjour,

Nous vous rappelons, à toutes fins utiles, que les factures suivantes arrivent prochainement à échéance :

{invoices}

Montant total : {total}.

Si le règlement est déjà programmé, merci de ne pas tenir compte de ce message. Vous pouvez régler par virement sur le compte {iban}.

Cordialement,
{signature}",
    ),
    (
        "Rappel : factures échues",
        "Bonjour,

Sauf erreur de notre part, nous n'avons pas encore reçu le règlement des factures suivantes, arrivées à échéance :

{invoices}

Montant restant dû : {total}.

Il s'agit peut-être d'un simple oubli : pourriez-vous procéder au règlement par virement (IBAN {iban}) ou nous indiquer la date prévue ? Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce rappel.

Cordialement,
{signature}",
    ),
    (
        "Deuxième relance : factures impayées",
        "Bonjour,

Malgré notre précédent rappel, les factures suivantes restent impayées :

{invoices}

Montant restant dû : {total}.

Nous vous remercions de régulariser cette situation sous huit jours, par virement sur le compte {iban}. Si une difficulté explique ce retard, {contact} se tient à votre disposition[[ au {phone}]] pour en parler et convenir d'une solution.

Cordialement,
{signature}",
    ),
    (
        "Relance formelle : pénalités de retard",
        "Madame, Monsieur,

Les factures ci-dessous demeurent impayées malgré nos relances :

{invoices}

Principal restant dû : {total}.

Nous vous rappelons que, conformément à l'article L441-10 du Code de commerce et à nos conditions de vente, tout retard de paiement fait courir de plein droit des pénalités de retard ({penalties} à ce jour) ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5), soit {indemnity}.

Montant total réclamé : {total_claimed}.

Nous vous prions de procéder au règlement au plus tard le {deadline}, par virement sur le compte {iban} (BIC {bic}).

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

{signature}",
    ),
    (
        "Mise en demeure de payer",
        "Madame, Monsieur,

Par la présente lettre, qui vaut mise en demeure au sens de l'article 1344 du Code civil, {company} ({company_id}), {company_address}, vous demande de payer les sommes dont {client}, {client_address}, reste redevable au titre des factures suivantes :

{invoices}

Principal : {total}
Pénalités de retard (article L441-10 du Code de commerce), arrêtées au {date} : {penalties}
Indemnité forfaitaire pour frais de recouvrement (article D441-5) : {indemnity}
Total réclamé : {total_claimed}

Nos précédentes relances étant restées sans effet, nous vous demandons de régler cette somme au plus tard le {deadline}, par virement sur le compte IBAN {iban} (BIC {bic}), en rappelant les numéros de facture.

À défaut de paiement dans ce délai, nous engagerons sans nouvel avis la procédure de recouvrement que la loi nous permet, notamment une requête en injonction de payer, les frais restant à votre charge. Les pénalités continuent de courir jusqu'au complet paiement.

Pour toute question, vous pouvez joindre {contact}[[ au {phone}]][[ (courriel : {email})]].

Fait à {place}, le {date}.

{signature}",
    ),
    (
        "Dossier transmis au recouvrement",
        "Madame, Monsieur,

Notre mise en demeure est restée sans réponse. Les factures suivantes restent impayées :

{invoices}

Total réclamé : {total_claimed}, dont {penalties} de pénalités de retard et {indemnity} d'indemnité forfaitaire.

Nous vous informons que nous transmettons ce dossier au recouvrement. Un règlement immédiat par virement sur le compte {iban} (BIC {bic}) reste possible et mettrait fin à la procédure.

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

If payment is already scheduled, please disregard this message. You can pay by bank transfer to {iban}.

Kind regards,
{signature}",
    ),
    (
        "Reminder: invoices past due",
        "Hello,

Unless we are mistaken, we have not yet received payment for the following invoices, now past due:

{invoices}

Amount outstanding: {total}.

This may be an oversight: could you arrange payment by bank transfer (IBAN {iban}) or let us know when it is planned? If your payment has crossed this message, please disregard it.

Kind regards,
{signature}",
    ),
    (
        "Second reminder: unpaid invoices",
        "Hello,

Despite our previous reminder, the following invoices remain unpaid:

{invoices}

Amount outstanding: {total}.

Please settle within eight days by bank transfer to {iban}. If something is holding the payment up, {contact} is available[[ on {phone}]] to discuss it and agree on a solution.

Kind regards,
{signature}",
    ),
    (
        "Formal reminder: late-payment penalties",
        "Dear Sir or Madam,

The invoices below remain unpaid despite our reminders:

{invoices}

Principal outstanding: {total}.

Under article L441-10 of the French Commercial Code and our terms of sale, late payment automatically incurs late-payment penalties ({penalties} to date) and a fixed recovery fee of €40 per invoice (article D441-5), that is {indemnity}.

Total claimed: {total_claimed}.

Please pay by {deadline} at the latest, by bank transfer to {iban} (BIC {bic}).

Yours faithfully,

{signature}",
    ),
    (
        "Formal notice to pay (mise en demeure)",
        "Dear Sir or Madam,

{company} ({company_id}), {company_address}, hereby gives formal notice (mise en demeure) to {client}, {client_address}, to pay the sums owed under the following invoices:

{invoices}

Principal: {total}
Late-payment penalties (article L441-10, French Commercial Code), to {date}: {penalties}
Fixed recovery fee (article D441-5): {indemnity}
Total claimed: {total_claimed}

As our previous reminders went unanswered, we ask you to pay this sum by {deadline} at the latest, by bank transfer to IBAN {iban} (BIC {bic}), quoting the invoice numbers.

Failing payment by that date, we will start the recovery proceedings the law allows without further notice, in particular an application for a payment order (injonction de payer), at your expense. Penalties continue to accrue until payment in full.

For any question, please contact {contact}[[ on {phone}]][[ (e-mail: {email})]].

{place}, {date}.

{signature}",
    ),
    (
        "Claim handed over for collection",
        "Dear Sir or Madam,

Our formal notice has gone unanswered. The following invoices remain unpaid:

{invoices}

Total claimed: {total_claimed}, including {penalties} of late-payment penalties and {indemnity} of fixed recovery fees.

We are handing this claim over for collection. Immediate payment by bank transfer to {iban} (BIC {bic}) remains possible and would end the proceedings.

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
5. Rappeler les pénalités ({penalties}) et l'indemnité de 40 € par facture si le retard persiste.
6. Noter le résultat ci-dessous (promesse, litige, pas de réponse, mauvais contact).",
        Language::En => "Call to {client}[[ ({client_phone})]]

1. Introduce yourself: {contact}, {company}.
2. Purpose: {count} unpaid invoice(s), {total} in all; the oldest is {oldest} days late.
{invoices}
3. Ask whether the invoices were received and whether anything holds the payment up (dispute, internal approval, cash).
4. Get a precise payment date and amount; offer a payment plan if needed.
5. Mention the penalties ({penalties}) and the €40 fee per invoice if the delay goes on.
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
