//! The phrases of a draft that depend on the law and on what was really sent: a consumer's
//! letter cites art. 1231-6 Code civil and the legal rate, never L441-10 or the €40; "despite
//! our reminders" appears only when reminders went out; amicable costs stay with the creditor
//! (L111-8 Code des procédures civiles d'exécution), so a letter speaks only of the costs of
//! proceedings a court may put on the debtor, and for a business of the additional
//! compensation on proof (L441-10 II).
//!
//! Each phrase is a placeholder of [`super::template`]: `{despite}` `{still_unpaid}`
//! `{penalty_terms}` `{claims}` `{ask}` `{costs}` `{claims_summary}` `{call_claims}`
//! `{legal_rate}` `{day_basis}`.

use super::template::{date, money, Context};
use super::Language;
use crate::penalty::{HalfYear, Warning, DAY_BASIS};
use rust_decimal::Decimal;

/// A rate as printed: `2,76 %` in French, `2.76%` in English.
pub fn percent(lang: Language, rate: Decimal) -> String {
    let r = rate.round_dp(2).normalize();
    let r = if r.scale() == 1 {
        format!("{r:.2}")
    } else {
        r.to_string()
    };
    match lang {
        Language::Fr => format!("{} %", r.replace('.', ",")),
        Language::En => format!("{r}%"),
    }
}

fn half_year(lang: Language, h: HalfYear) -> String {
    match (lang, h.half) {
        (Language::Fr, 1) => format!("1er semestre {}", h.year),
        (Language::Fr, _) => format!("2d semestre {}", h.year),
        (Language::En, 1) => format!("first half of {}", h.year),
        (Language::En, _) => format!("second half of {}", h.year),
    }
}

/// The half-years the rate table lacks for this entry's interest, if any.
fn missing(ctx: &Context) -> Vec<HalfYear> {
    ctx.entry
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::RateMissing(m) => Some(m.half_year),
            _ => None,
        })
        .collect()
}

/// The business penalties line's figure: the amount, or "to be computed" naming the
/// half-year whose rate the user must enter.
fn penalties_figure(ctx: &Context) -> String {
    let m = missing(ctx);
    if m.is_empty() {
        return money(ctx.lang, ctx.entry.penalties, ctx.entry.currency);
    }
    let list = m
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    match ctx.lang {
        Language::Fr => format!("à calculer (taux de {list} à saisir)"),
        Language::En => format!("to be computed (rate for {list} to be entered)"),
    }
}

/// The consumer's rate sentence: "au taux de l'intérêt légal (…), soit 2,76 % l'an".
fn consumer_rate(ctx: &Context) -> String {
    let e = ctx.entry;
    let lang = ctx.lang;
    let contractual = e.contract_rate.is_some();
    match (e.consumer_rate, contractual, lang) {
        (Some((_, r)), true, Language::Fr) => format!("au taux de {} l'an prévu au contrat", percent(lang, r)),
        (Some((_, r)), true, Language::En) => format!("at the contract rate of {} a year", percent(lang, r)),
        (Some((h, r)), false, Language::Fr) => format!(
            "au taux de l'intérêt légal (article 1231-6 du Code civil), soit {} l'an pour le {}",
            percent(lang, r),
            half_year(lang, h)
        ),
        (Some((h, r)), false, Language::En) => format!(
            "at the legal interest rate (article 1231-6 of the French Civil Code), {} a year for the {}",
            percent(lang, r),
            half_year(lang, h)
        ),
        (None, _, Language::Fr) => "au taux de l'intérêt légal (article 1231-6 du Code civil)".into(),
        (None, _, Language::En) => {
            "at the legal interest rate (article 1231-6 of the French Civil Code)".into()
        }
    }
}

/// The value of a law-dependent placeholder, or `None` for another name.
pub fn phrase(name: &str, ctx: &Context) -> Option<String> {
    let e = ctx.entry;
    let fr = ctx.lang == Language::Fr;
    let sent = e.reminders_sent > 0;
    let m = |a: Decimal| money(ctx.lang, a, e.currency);
    Some(match name {
        "day_basis" => if fr { format!("base {DAY_BASIS} jours") } else { format!("{DAY_BASIS}-day basis") },
        "legal_rate" => match e.consumer_rate {
            Some((_, r)) => percent(ctx.lang, r),
            None => String::new(),
        },
        "despite" => match (sent, fr) {
            (true, true) => " malgré nos relances".into(),
            (true, false) => " despite our reminders".into(),
            (false, _) => String::new(),
        },
        "still_unpaid" => match (sent, fr) {
            (true, true) => "Malgré notre précédent rappel, les factures suivantes restent impayées".into(),
            (false, true) => "Sauf erreur de notre part, les factures suivantes, arrivées à échéance, restent impayées".into(),
            (true, false) => "Despite our previous reminder, the following invoices remain unpaid".into(),
            (false, false) => "Unless we are mistaken, the following invoices, now past due, remain unpaid".into(),
        },
        "penalty_terms" => match (e.consumer, fr) {
            (false, true) => format!(
                "Nous vous rappelons que, conformément à l'article L441-10 du Code de commerce et à nos conditions de vente, tout retard de paiement fait courir de plein droit des pénalités de retard ({} à ce jour, base {DAY_BASIS} jours) ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (article D441-5), soit {}.",
                penalties_figure(ctx), m(e.indemnity)
            ),
            (false, false) => format!(
                "Under article L441-10 of the French Commercial Code and our terms of sale, late payment automatically incurs late-payment penalties ({} to date, {DAY_BASIS}-day basis) and a fixed recovery fee of €40 per invoice (article D441-5), that is {}.",
                penalties_figure(ctx), m(e.indemnity)
            ),
            (true, true) => format!(
                "À défaut de règlement, une mise en demeure vous sera adressée ; à compter de celle-ci, les sommes dues porteront intérêts {} (base {DAY_BASIS} jours).",
                consumer_rate(ctx)
            ),
            (true, false) => format!(
                "Failing payment, a formal notice will be sent to you; from that notice, the sums due will bear interest {} ({DAY_BASIS}-day basis).",
                consumer_rate(ctx)
            ),
        },
        "claims" => claims(ctx),
        "ask" => match (sent, fr) {
            (true, true) => "Nos précédentes relances étant restées sans effet, nous vous demandons".into(),
            (false, true) => "Nous vous demandons".into(),
            (true, false) => "As our previous reminders went unanswered, we ask you".into(),
            (false, false) => "We ask you".into(),
        },
        "costs" => match (e.consumer, fr) {
            (true, true) => "les frais de procédure pouvant être mis à votre charge".into(),
            (false, true) => "les frais de procédure pouvant être mis à votre charge, ainsi qu'une indemnisation complémentaire sur justification (article L441-10 du Code de commerce) si nos frais de recouvrement dépassent l'indemnité forfaitaire".into(),
            (true, false) => "with the costs of proceedings that may be charged to you".into(),
            (false, false) => "with the costs of proceedings that may be charged to you, and additional compensation on proof (article L441-10, French Commercial Code) where our recovery costs exceed the fixed fee".into(),
        },
        "claims_summary" => match (e.consumer, fr) {
            (false, true) => format!("{}, dont {} de pénalités de retard et {} d'indemnité forfaitaire", m(e.claimed()), penalties_figure(ctx), m(e.indemnity)),
            (false, false) => format!("{}, including {} of late-payment penalties and {} of fixed recovery fees", m(e.claimed()), penalties_figure(ctx), m(e.indemnity)),
            (true, true) => format!("{}, dont {} d'intérêts au taux légal (article 1231-6 du Code civil)", m(e.claimed()), m(e.penalties)),
            (true, false) => format!("{}, including {} of interest at the legal rate (article 1231-6, French Civil Code)", m(e.claimed()), m(e.penalties)),
        },
        "call_claims" => match (e.consumer, fr) {
            (false, true) => format!("Rappeler les pénalités ({}) et l'indemnité de 40 € par facture si le retard persiste.", penalties_figure(ctx)),
            (false, false) => format!("Mention the penalties ({}) and the €40 fee per invoice if the delay goes on.", penalties_figure(ctx)),
            (true, true) => "Indiquer qu'à défaut de paiement une mise en demeure suivra, à compter de laquelle des intérêts au taux légal courront.".into(),
            (true, false) => "Explain that a formal notice will follow if unpaid, from which interest at the legal rate runs.".into(),
        },
        _ => return None,
    })
}

/// The amounts block of a formal notice.
fn claims(ctx: &Context) -> String {
    let e = ctx.entry;
    let fr = ctx.lang == Language::Fr;
    let m = |a: Decimal| money(ctx.lang, a, e.currency);
    let on = date(ctx.lang, ctx.today);
    if !e.consumer {
        let basis = if e.contract_rate.is_some() {
            if fr {
                "taux contractuel"
            } else {
                "contract rate"
            }
        } else if fr {
            "taux BCE + 10 points"
        } else {
            "ECB rate + 10 points"
        };
        let mut lines = if fr {
            vec![
                format!("Principal : {}", m(e.total)),
                format!("Pénalités de retard (article L441-10 du Code de commerce, {basis}, base {DAY_BASIS} jours), arrêtées au {on} : {}", penalties_figure(ctx)),
            ]
        } else {
            vec![
                format!("Principal: {}", m(e.total)),
                format!("Late-payment penalties (article L441-10, French Commercial Code, {basis}, {DAY_BASIS}-day basis), to {on}: {}", penalties_figure(ctx)),
            ]
        };
        if e.indemnity > Decimal::ZERO {
            lines.push(if fr {
                format!("Indemnité forfaitaire pour frais de recouvrement (article D441-5 du Code de commerce), 40 € par facture : {}", m(e.indemnity))
            } else {
                format!("Fixed recovery fee (article D441-5, French Commercial Code), €40 per invoice: {}", m(e.indemnity))
            });
        }
        lines.push(if fr {
            format!("Total réclamé : {}", m(e.claimed()))
        } else {
            format!("Total claimed: {}", m(e.claimed()))
        });
        lines.push(String::new());
        lines.push(if fr {
            "Les pénalités continuent de courir jusqu'au complet paiement.".into()
        } else {
            "Penalties continue to accrue until payment in full.".into()
        });
        return lines.join("\n");
    }
    // A consumer: interest only from the mise en demeure (art. 1231-6 Code civil).
    let rate = consumer_rate(ctx);
    let mut lines = Vec::new();
    lines.push(if fr {
        format!("Principal : {}", m(e.total))
    } else {
        format!("Principal: {}", m(e.total))
    });
    match e.notice_sent {
        Some(n) if n < ctx.today => {
            let n = date(ctx.lang, n);
            lines.push(if fr {
                format!("Intérêts {rate}, depuis la mise en demeure du {n}, arrêtés au {on} (base {DAY_BASIS} jours) : {}", m(e.penalties))
            } else {
                format!("Interest {rate}, since the formal notice of {n}, to {on} ({DAY_BASIS}-day basis): {}", m(e.penalties))
            });
            lines.push(if fr {
                format!("Total réclamé : {}", m(e.claimed()))
            } else {
                format!("Total claimed: {}", m(e.claimed()))
            });
            lines.push(String::new());
            lines.push(if fr {
                "Ces intérêts continuent de courir jusqu'au complet paiement.".into()
            } else {
                "This interest continues to run until payment in full.".into()
            });
        }
        _ => {
            lines.push(if fr {
                format!("Total réclamé : {}", m(e.total))
            } else {
                format!("Total claimed: {}", m(e.total))
            });
            lines.push(String::new());
            lines.push(if fr {
                format!("À compter de la présente mise en demeure, cette somme porte intérêts {rate} (base {DAY_BASIS} jours), jusqu'au complet paiement.")
            } else {
                format!("From this formal notice, this sum bears interest {rate} ({DAY_BASIS}-day basis) until payment in full.")
            });
        }
    }
    lines.join("\n")
}
