//! The collection case file (dossier de recouvrement): everything a collection agency or a
//! court needs about one client's unpaid invoices — the invoices, each reminder and call with
//! its date, the mise en demeure, the penalty computation, the total claimed and what the
//! client answered — and, before handing it over, what each way of collecting would cost
//! against what it may bring back.
//!
//! The case file is assembled from the ledger and the follow-up; it stores nothing.

use crate::collection::{Activity, ActivityKind, CallOutcome};
use crate::dispute::Dispute;
use crate::dunning::worklist::{dated_allocations, invoice_penalty};
use crate::dunning::LevelKind;
use crate::ledger::{ClientId, CustomerKind, DocKind, InvoiceId, InvoiceStatus};
use crate::money::{round_cents, Currency};
use crate::penalty::{Penalty, RateTable, Terms};
use crate::plan::{plan_status, promise_status, PromiseStatus};
use crate::portfolio::Portfolio;
use crate::scoring::Grade;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An unpaid invoice in the case file, with its penalty computation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseInvoice {
    pub invoice: InvoiceId,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Decimal,
    pub outstanding: Decimal,
    pub status: InvoiceStatus,
    /// Interest lines to the case file's date; while a plan on track stops them, to the
    /// plan's agreement (what accrued before it stays owed, and so does the €40).
    pub penalty: Penalty,
}

/// What the client said, in date order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A promise to pay and whether it was kept.
    Promise {
        made_on: NaiveDate,
        date: NaiveDate,
        amount: Decimal,
        status: PromiseStatus,
    },
    /// A dispute opened on an invoice (with its reason and notes).
    Dispute(Dispute),
    /// A call that reached nobody or the wrong person.
    NoAnswer(NaiveDate),
}

/// One client's case file on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFile {
    pub client: ClientId,
    pub as_of: NaiveDate,
    /// The case file is in one currency: the one the client owes most in.
    pub currency: Currency,
    pub invoices: Vec<CaseInvoice>,
    /// Reminders and calls, oldest first, with the text sent.
    pub history: Vec<Activity>,
    /// The mise en demeure sent (the first one), if any.
    pub notice: Option<Activity>,
    pub answers: Vec<Answer>,
    pub principal: Decimal,
    pub interest: Decimal,
    /// €40 per late invoice, for a business client.
    pub indemnity: Decimal,
    /// Who follows the client (`None`: the user).
    pub owner: Option<String>,
}

impl CaseFile {
    /// Outstanding, penalties and indemnity.
    pub fn claimed(&self) -> Decimal {
        self.principal + self.interest + self.indemnity
    }
}

/// The case file of `client` on `today`; `None` when the client owes nothing overdue.
/// Prescribed invoices are left out: a claim that can no longer be enforced has no place in
/// a file handed to an agency or a court.
pub fn case_file(
    pf: &Portfolio,
    client: ClientId,
    table: &RateTable,
    today: NaiveDate,
) -> Option<CaseFile> {
    let ledger = pf.ledger();
    let c = ledger.client(client)?;
    let col = &pf.follow_up;
    let outstanding = crate::aging::outstanding_by_invoice(ledger, today);
    let prescribed = crate::dunning::prescription::prescribed(pf, today);
    // Overdue, not written off, not prescribed, owed by the client: (position, currency).
    let items: Vec<usize> = (0..ledger.invoices.len())
        .filter(|&k| {
            let i = &ledger.invoices[k];
            i.client == client
                && i.kind == DocKind::Invoice
                && outstanding[k] > Decimal::ZERO
                && i.due_date < today
                && i.status_on(today) != InvoiceStatus::WrittenOff
                && prescribed[k].is_none()
        })
        .collect();
    let mut per_currency: Vec<(Currency, Decimal)> = Vec::new();
    for &k in &items {
        let i = &ledger.invoices[k];
        match per_currency.iter_mut().find(|x| x.0 == i.currency) {
            Some(x) => x.1 += outstanding[k],
            None => per_currency.push((i.currency, outstanding[k])),
        }
    }
    let currency = per_currency.iter().max_by_key(|x| x.1)?.0;
    // Plans on track that stop penalties: their invoices accrue nothing after the agreement
    // (the earliest, if several plans cover one invoice).
    let mut frozen: Vec<(InvoiceId, NaiveDate)> = col
        .plans
        .iter()
        .filter(|p| p.client == client && p.stops_penalties)
        .filter(|p| plan_status(ledger, p, today).on_track)
        .flat_map(|p| p.invoices.iter().map(move |&i| (i, p.agreed_on)))
        .collect();
    crate::small::sort_by(&mut frozen, |a, b| a.cmp(b));
    let business = c.kind == CustomerKind::Business;
    let contractual_rate = col.contract_rates.get(&client).copied();
    let received = dated_allocations(ledger);
    let mut file = CaseFile {
        client,
        as_of: today,
        currency,
        invoices: Vec::new(),
        history: Vec::new(),
        notice: None,
        answers: Vec::new(),
        principal: Decimal::ZERO,
        interest: Decimal::ZERO,
        indemnity: Decimal::ZERO,
        owner: col.owner(client).map(str::to_string),
    };
    for k in items {
        let i = &ledger.invoices[k];
        if i.currency != currency {
            continue;
        }
        let owed = outstanding[k];
        let terms = Terms {
            business,
            contractual_rate,
            notice: (!business)
                .then(|| crate::dunning::notice_sent(pf, client, i.id))
                .flatten(),
            ..Terms::default()
        };
        let until = frozen
            .iter()
            .find(|f| f.0 == i.id)
            .map_or(today, |f| f.1.min(today));
        let penalty = invoice_penalty(
            &received, i.id, i.due_date, owed, today, until, table, &terms,
        )
        .unwrap_or_else(|missing| Penalty {
            warnings: vec![crate::penalty::Warning::RateMissing(missing)],
            ..Penalty::default()
        });
        file.principal += owed;
        file.interest += penalty.interest;
        file.indemnity += penalty.indemnity;
        file.invoices.push(CaseInvoice {
            invoice: i.id,
            number: i.number.clone(),
            issue_date: i.issue_date,
            due_date: i.due_date,
            total: i.total,
            outstanding: owed,
            status: i.status_on(today),
            penalty,
        });
    }
    let scenario = col.settings.scenario_for(c.segment.as_deref());
    let is_notice = |level: usize| {
        scenario
            .levels
            .get(level)
            .is_some_and(|l| l.kind == LevelKind::Notice)
    };
    let mut answers: Vec<(NaiveDate, Answer)> = Vec::new();
    for a in col.activities.iter().filter(|a| a.client == client) {
        match &a.kind {
            ActivityKind::Reminder { level, .. } => {
                if file.notice.is_none() && is_notice(*level) {
                    file.notice = Some(a.clone());
                }
                file.history.push(a.clone());
            }
            ActivityKind::Call { outcome, .. } => {
                if matches!(outcome, CallOutcome::NoAnswer | CallOutcome::WrongContact) {
                    answers.push((a.date, Answer::NoAnswer(a.date)));
                }
                file.history.push(a.clone());
            }
            ActivityKind::Note | ActivityKind::Payment(_) => {}
        }
    }
    for p in col.promises.iter().filter(|p| p.client == client) {
        let status = promise_status(ledger, p, today);
        answers.push((
            p.made_on,
            Answer::Promise {
                made_on: p.made_on,
                date: p.date,
                amount: p.amount,
                status,
            },
        ));
    }
    for d in col.disputes.iter().filter(|d| d.client == client) {
        answers.push((d.opened_on, Answer::Dispute(d.clone())));
    }
    crate::small::sort_by(&mut file.history, |a, b| {
        (a.date, a.id).cmp(&(b.date, b.id))
    });
    crate::small::sort_by(&mut answers, |a, b| a.0.cmp(&b.0));
    file.answers = answers.into_iter().map(|a| a.1).collect();
    Some(file)
}

/// The user's cost assumptions for each way of collecting (editable in the app). They are
/// assumptions, not tariffs: each user sets their own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCosts {
    /// A mediator's fee: a private mediator by default (the Médiateur des entreprises is free:
    /// set 0 to count on it).
    pub mediation: Decimal,
    /// A collection agency's commission, in percent of what it recovers.
    pub agency_percent: Decimal,
    /// Court and service fees of an injonction de payer.
    pub injonction: Decimal,
    /// A commissaire de justice's fee for the small-claims procedure.
    pub small_claims: Decimal,
    /// The ceiling of the small-claims procedure, principal and interest (R125-1 Code des
    /// procédures civiles d'exécution: 5,000 €).
    pub small_claims_ceiling: Decimal,
    /// A référé-provision: the summons served by a commissaire de justice and, often, counsel.
    pub refere: Decimal,
}

impl Default for RecoveryCosts {
    fn default() -> Self {
        RecoveryCosts {
            mediation: Decimal::from(150),
            agency_percent: Decimal::from(15),
            injonction: Decimal::from(150),
            small_claims: Decimal::from(100),
            small_claims_ceiling: Decimal::from(5000),
            refere: Decimal::from(500),
        }
    }
}

/// A way of collecting.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Route {
    KeepReminding,
    Mediation,
    Agency,
    /// Injonction de payer (art. 1405 ff. Code de procédure civile).
    Injonction,
    /// Procédure simplifiée de recouvrement des petites créances (L125-1, R125-1 CPCE): a
    /// commissaire de justice obtains an agreement; it works only if the debtor agrees.
    SmallClaims,
    /// Référé-provision (art. 873 al. 2 CPC before the commercial court, 835 al. 2 before the
    /// tribunal judiciaire): a quick order for a debt not seriously contestable.
    Refere,
}

/// Which court hears a claim.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Court {
    /// Between traders: the tribunal des activités économiques where it sits (trial courts
    /// since 2025), else the tribunal de commerce.
    Commercial,
    /// A consumer, or any non-commercial claim: the tribunal judiciaire.
    Judicial,
}

impl Court {
    /// The court for a claim on a business (commercial) or on a consumer (civil).
    pub fn for_debtor(business: bool) -> Court {
        if business {
            Court::Commercial
        } else {
            Court::Judicial
        }
    }

    /// The Cerfa form of a requête en injonction de payer before this court: 12946 before the
    /// commercial court, 12948 before the tribunal judiciaire (service-public.fr; cross-read on
    /// se-faire-payer.com and matuile.com).
    pub fn injonction_form(self) -> &'static str {
        match self {
            Court::Commercial => "12946",
            Court::Judicial => "12948",
        }
    }
}

/// What is claimed, for choosing a route.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub principal: Decimal,
    /// Late-payment interest or penalties to date.
    pub interest: Decimal,
    /// A business debtor (commercial court, Cerfa 12946) or a consumer (tribunal judiciaire).
    pub business: bool,
}

/// What a route may bring back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteOutcome {
    pub route: Route,
    /// Out-of-pocket cost (for an agency: its commission on what it may recover).
    pub cost: Decimal,
    /// Chance of recovering, in percent (an assumption by grade, see [`chance`]).
    pub chance: u32,
    /// Expected recovery minus cost, rounded to the cent half away from zero.
    pub expected_net: Decimal,
    /// False when the route does not apply (small claims above the ceiling).
    pub available: bool,
    /// The court, for the routes that go before one.
    pub court: Option<Court>,
    /// The Cerfa form number, for the injonction de payer.
    pub form: Option<&'static str>,
    /// It succeeds only with the debtor's agreement (small claims).
    pub needs_agreement: bool,
}

/// The assumed chance (percent) of recovering through `route` from a client of `grade`: the
/// better the payer, the more a simple reminder achieves. Each stronger route recovers a share
/// of what reminding would not: 10 % for mediation and for the small-claims procedure (both
/// need the debtor's agreement), 15 % for an agency, 25 % for a référé-provision (an order
/// after a hearing, if the debt is not seriously contested), 30 % for an injonction de payer
/// (an enforceable title unless the debtor opposes it).
pub fn chance(route: Route, grade: Grade) -> u32 {
    let base = match grade {
        Grade::A => 90,
        Grade::B => 75,
        Grade::C => 55,
        Grade::D => 35,
        Grade::E => 15,
    };
    let lift = match route {
        Route::KeepReminding => 0,
        Route::Mediation | Route::SmallClaims => 10,
        Route::Agency => 15,
        Route::Refere => 25,
        Route::Injonction => 30,
    };
    (base + lift * (100 - base) / 100).min(95)
}

/// Each route for `claim` on a client of `grade`, always in the same order (from the gentlest
/// to the court), so the view can compare them side by side. What a route may bring back is
/// the principal and the interest; the small-claims ceiling counts both (R125-1 CPCE).
pub fn routes(claim: &Claim, grade: Grade, costs: &RecoveryCosts) -> Vec<RouteOutcome> {
    let hundred = Decimal::ONE_HUNDRED;
    let amount = claim.principal + claim.interest;
    let court = Court::for_debtor(claim.business);
    [
        Route::KeepReminding,
        Route::Mediation,
        Route::Agency,
        Route::SmallClaims,
        Route::Injonction,
        Route::Refere,
    ]
    .into_iter()
    .map(|route| {
        let chance = chance(route, grade);
        let recovered = amount * Decimal::from(chance) / hundred;
        let cost = match route {
            Route::KeepReminding => Decimal::ZERO,
            Route::Mediation => costs.mediation,
            Route::Agency => round_cents(recovered * costs.agency_percent / hundred),
            Route::Injonction => costs.injonction,
            Route::SmallClaims => costs.small_claims,
            Route::Refere => costs.refere,
        };
        RouteOutcome {
            route,
            cost,
            chance,
            expected_net: round_cents(recovered - cost),
            available: route != Route::SmallClaims || amount <= costs.small_claims_ceiling,
            court: matches!(route, Route::Injonction | Route::Refere).then_some(court),
            form: (route == Route::Injonction).then(|| court.injonction_form()),
            needs_agreement: route == Route::SmallClaims,
        }
    })
    .collect()
}
/// The available route with the highest expected net; between equals, the gentler one.
pub fn best_route(outcomes: &[RouteOutcome]) -> Option<Route> {
    let mut best: Option<&RouteOutcome> = None;
    for o in outcomes.iter().filter(|o| o.available) {
        if best.is_none_or(|b| o.expected_net > b.expected_net) {
            best = Some(o);
        }
    }
    best.map(|o| o.route)
}
