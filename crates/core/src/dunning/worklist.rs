//! Today's worklist: one entry per client (and currency) with every overdue invoice, at the
//! level of its most advanced invoice.
//!
//! A client moves through its scenario as one: an entry appears when one of its invoices is
//! due for a level beyond every level already sent to the client for its open invoices, and
//! all its overdue invoices go in that one letter. A newly late invoice of a client already
//! at the firm reminder thus joins the next letter instead of triggering a courteous one.
//!
//! Each invoice's next level is placed by its scenario offset from the due date, but never
//! sooner than the scenario gap after the level actually sent: a step that went out late
//! delays the next by as much. After days without opening the app the worklist shows the
//! level each invoice should be at now — once — and stops at a mise en demeure rather than
//! jump over it to a handover. Amicable first: a client to whom nothing was sent yet starts at
//! the firm reminder, never with a mise en demeure as first contact, unless its scenario says
//! `straight_to_notice`; the notice then follows after its own gap. Each entry says why its
//! level was chosen ([`LevelChoice`]).
//!
//! Prescribed invoices ([`super::prescription`]) are left out with their date; consumers'
//! interest runs only from the mise en demeure sent to them (art. 1231-6 Code civil).

use super::{Level, LevelKind};
use crate::aging::outstanding_by_invoice;
use crate::collection::{ActivityKind, CallOutcome, Promise, Reached};
use crate::ledger::{ClientId, CustomerKind, DocKind, InvoiceId, InvoiceStatus, Ledger};
use crate::money::Currency;
use crate::penalty::{penalties, HalfYear, RateMissing, RateTable, Terms, Warning, INDEMNITY};
use crate::portfolio::Portfolio;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

/// An invoice in a worklist entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryInvoice {
    pub invoice: InvoiceId,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// Negative before the due date.
    pub days_late: i64,
    pub outstanding: Decimal,
    /// Penalties to date, when the entry's level claims them.
    pub penalty: Decimal,
}

/// Whom to remind today, how, and for how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub client: ClientId,
    pub currency: Currency,
    /// Index of the level in the client's scenario.
    pub level_index: usize,
    pub level: Level,
    /// Number of levels in the scenario (the UI shows "3 / 6").
    pub levels: usize,
    pub invoices: Vec<EntryInvoice>,
    /// Outstanding of the listed invoices.
    pub total: Decimal,
    /// Penalties claimed (0 when the level does not claim them).
    pub penalties: Decimal,
    /// €40 per late invoice, when claimed and the client is a business.
    pub indemnity: Decimal,
    /// The level claims the indemnity but the client is a consumer.
    pub consumer_no_indemnity: bool,
    /// A consumer: interest at the legal rate from the mise en demeure, no €40 (the letters'
    /// consumer wording).
    pub consumer: bool,
    /// For a consumer: the date of the first mise en demeure sent for these invoices, if any.
    pub notice_sent: Option<NaiveDate>,
    /// For a consumer: the interest rate that runs from the notice (the contract's, else the
    /// legal rate of today's half-year), `None` when the table lacks that half-year.
    pub consumer_rate: Option<(HalfYear, Decimal)>,
    /// The contract's late-payment rate agreed with the client, if any.
    pub contract_rate: Option<Decimal>,
    /// Reminders and calls actually sent to the client about these invoices: the letters say
    /// "despite our reminders" only when there were some.
    pub reminders_sent: usize,
    /// Why this level and not another.
    pub choice: LevelChoice,
    pub warnings: Vec<Warning>,
}

/// Why the worklist chose an entry's level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LevelChoice {
    /// The next level after the last one sent, on its date.
    Scheduled,
    /// Days passed without reminders: the level the date reached, `skipped` levels past the
    /// next one.
    CaughtUp { skipped: usize },
    /// Nothing was sent to the client yet: amicable first, the firm reminder instead of the
    /// level the date reached (`reached`, an index in the scenario).
    AmicableFirst { reached: usize },
    /// Nothing was sent yet and the scenario goes straight to the level the date reached.
    StraightToNotice,
}

impl LevelChoice {
    /// Stable code: `scheduled`, `caught_up`, `amicable_first`, `straight_to_notice`.
    pub fn code(&self) -> &'static str {
        match self {
            LevelChoice::Scheduled => "scheduled",
            LevelChoice::CaughtUp { .. } => "caught_up",
            LevelChoice::AmicableFirst { .. } => "amicable_first",
            LevelChoice::StraightToNotice => "straight_to_notice",
        }
    }
}

impl Entry {
    /// Total claimed: outstanding, penalties and indemnity.
    pub fn claimed(&self) -> Decimal {
        self.total + self.penalties + self.indemnity
    }
}

/// Why a client or an invoice is left out today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Disputed,
    Litigation,
    Paused,
    Snoozed(NaiveDate),
    /// A promise to pay not yet due: (date, amount).
    Promise(NaiveDate, Decimal),
    /// The total due is below the minimum.
    BelowMinimum(Decimal),
    /// In a payment plan that is on track (the plan's id).
    PlanOnTrack(u32),
    /// Prescribed since that date (L110-4 C. com., L218-2 C. conso.): no longer enforceable.
    Prescribed(NaiveDate),
}

impl Reason {
    /// Stable code (`disputed`, `litigation`, `paused`, `snoozed`, `promise`, `below_minimum`,
    /// `plan_on_track`, `prescribed`).
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Disputed => "disputed",
            Reason::Litigation => "litigation",
            Reason::Paused => "paused",
            Reason::Snoozed(_) => "snoozed",
            Reason::Promise(..) => "promise",
            Reason::BelowMinimum(_) => "below_minimum",
            Reason::PlanOnTrack(_) => "plan_on_track",
            Reason::Prescribed(_) => "prescribed",
        }
    }
}

/// Something the worklist left out, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub client: ClientId,
    pub invoice: Option<InvoiceId>,
    pub reason: Reason,
}

/// The result of [`worklist`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Worklist {
    /// Most advanced level first, then largest amount.
    pub entries: Vec<Entry>,
    pub excluded: Vec<Exclusion>,
}

fn days(n: i32) -> Duration {
    Duration::days(i64::from(n))
}

/// The date a level falls due for an invoice, given the last level sent.
fn due_on(levels: &[Level], j: usize, due: NaiveDate, reached: Option<Reached>) -> NaiveDate {
    let scheduled = due + days(levels[j].offset_days);
    match reached {
        Some(r) if r.level < levels.len() => {
            scheduled.max(r.date + days(levels[j].offset_days - levels[r.level].offset_days))
        }
        _ => scheduled,
    }
}

/// The level to send today for one invoice, if any: the furthest one due, but never past a
/// required level (the mise en demeure).
fn ready_level(
    levels: &[Level],
    due: NaiveDate,
    reached: Option<Reached>,
    today: NaiveDate,
) -> Option<usize> {
    let start = reached.map_or(0, |r| r.level + 1);
    let mut best = None;
    for j in start..levels.len() {
        if due_on(levels, j, due, reached) > today {
            break;
        }
        best = Some(j);
        if levels[j].kind.required() {
            break;
        }
    }
    best
}

/// The level a client to whom nothing was sent yet may start at: the firm reminder (the
/// first level of kind `Firm`, else the last level before any formal one).
fn amicable_cap(levels: &[Level]) -> Option<usize> {
    levels
        .iter()
        .position(|l| l.kind == LevelKind::Firm)
        .or_else(|| {
            let formal = levels.iter().position(|l| {
                matches!(
                    l.kind,
                    LevelKind::Formal | LevelKind::Notice | LevelKind::Handover
                )
            })?;
            formal.checked_sub(1)
        })
}

/// The date of the first mise en demeure sent to `client` covering `invoice`, read from the
/// timeline (a reminder at a level of kind `Notice` in the client's scenario).
pub fn notice_sent(pf: &Portfolio, client: ClientId, invoice: InvoiceId) -> Option<NaiveDate> {
    let ledger = pf.ledger();
    let col = &pf.follow_up;
    let segment = ledger.client(client).and_then(|c| c.segment.as_deref());
    let scenario = col.settings.scenario_for(segment);
    col.activities
        .iter()
        .filter(|a| a.client == client && a.invoices.contains(&invoice))
        .filter(|a| match &a.kind {
            ActivityKind::Reminder { level, .. } => scenario
                .levels
                .get(*level)
                .is_some_and(|l| l.kind == LevelKind::Notice),
            _ => false,
        })
        .map(|a| a.date)
        .min()
}

/// Today's worklist.
pub fn worklist(pf: &Portfolio, table: &RateTable, today: NaiveDate) -> Worklist {
    worklist_owing(pf, table, today, &outstanding_by_invoice(pf, today))
}

/// [`worklist`] given what is owed per invoice today (`outstanding_by_invoice`), for a caller
/// that has it already (the app computes it once per revision of the data for its pages).
pub fn worklist_owing(
    pf: &Portfolio,
    table: &RateTable,
    today: NaiveDate,
    outstanding: &[Decimal],
) -> Worklist {
    let ledger = pf.ledger();
    let col = &pf.follow_up;
    let settings = &col.settings;
    let prescribed = super::prescription::prescribed(pf, today);
    let clients = ledger.client_index();
    // Invoices covered by a plan on track, with the plan: dunning leaves them to the plan.
    let mut planned: Vec<(InvoiceId, u32)> = col
        .plans
        .iter()
        .filter(|p| !p.cancelled)
        .filter(|p| {
            let s = crate::plan::plan_status(ledger, p, today);
            s.on_track && !s.completed
        })
        .flat_map(|p| p.invoices.iter().map(move |&i| (i, p.id)))
        .collect();
    crate::small::sort_by(&mut planned, |a, b| a.0.cmp(&b.0));
    // Each candidate invoice: (client, currency, position, level due, level sent).
    type Candidate = (ClientId, Currency, usize, Option<usize>, Option<usize>);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut out = Worklist::default();
    // Built on the first penalised invoice only.
    let mut received: Option<Vec<(InvoiceId, NaiveDate, Decimal)>> = None;
    for (k, inv) in ledger.invoices.iter().enumerate() {
        let owed = outstanding[k];
        if inv.kind != DocKind::Invoice || owed <= Decimal::ZERO || inv.issue_date > today {
            continue;
        }
        let plan = planned
            .binary_search_by_key(&inv.id, |x| x.0)
            .ok()
            .map(|k| planned[k].1);
        let reason = match inv.status_on(today) {
            InvoiceStatus::Disputed => Some(Reason::Disputed),
            InvoiceStatus::Litigation => Some(Reason::Litigation),
            InvoiceStatus::WrittenOff => continue,
            InvoiceStatus::Open => prescribed[k]
                .map(Reason::Prescribed)
                .or(plan.map(Reason::PlanOnTrack)),
        };
        if let Some(reason) = reason {
            out.excluded.push(Exclusion {
                client: inv.client,
                invoice: Some(inv.id),
                reason,
            });
            continue;
        }
        let Some(client) = clients.get(inv.client.0).map(|p| &ledger.clients[p]) else {
            continue;
        };
        let scenario = settings.scenario_for(client.segment.as_deref());
        let reached = col.reached.get(&inv.id).copied();
        let ready = ready_level(&scenario.levels, inv.due_date, reached, today);
        if ready.is_none() && inv.due_date >= today {
            continue;
        }
        candidates.push((inv.client, inv.currency, k, ready, reached.map(|r| r.level)));
    }
    crate::small::sort_by(&mut candidates, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for group in candidates.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (client_id, currency) = (group[0].0, group[0].1);
        // The furthest level due and the furthest level sent, over the client's invoices.
        let level = group.iter().map(|c| c.3).max().flatten();
        let sent = group.iter().map(|c| c.4).max().flatten();
        let items = group.iter().map(|c| (c.2, c.3));
        let client = &ledger.clients[clients.get(client_id.0).expect("grouped by known clients")];
        let scenario = settings.scenario_for(client.segment.as_deref());
        let last = scenario.levels.len() - 1;
        let mut level_index = match (level, sent) {
            (None, _) => continue,
            (Some(l), Some(s)) if l <= s && s < last => continue,
            (Some(l), _) => l,
        };
        let next = sent.map_or(0, |s| s + 1);
        let choice = match (sent, amicable_cap(&scenario.levels)) {
            (None, Some(cap)) if level_index > cap && !scenario.straight_to_notice => {
                let reached = level_index;
                level_index = cap;
                LevelChoice::AmicableFirst { reached }
            }
            (None, _) if level_index > next && scenario.straight_to_notice => {
                LevelChoice::StraightToNotice
            }
            _ if level_index > next => LevelChoice::CaughtUp {
                skipped: level_index - next,
            },
            _ => LevelChoice::Scheduled,
        };
        let lvl = &scenario.levels[level_index];
        let follow = col.follow_up(client_id);
        let mut entry = Entry {
            client: client_id,
            currency,
            level_index,
            level: lvl.clone(),
            levels: scenario.levels.len(),
            invoices: Vec::new(),
            total: Decimal::ZERO,
            penalties: Decimal::ZERO,
            indemnity: Decimal::ZERO,
            consumer_no_indemnity: lvl.indemnity && client.kind == CustomerKind::Consumer,
            consumer: client.kind == CustomerKind::Consumer,
            notice_sent: None,
            consumer_rate: None,
            reminders_sent: 0,
            contract_rate: col.contract_rates.get(&client_id).copied(),
            choice,
            warnings: Vec::new(),
        };
        let contractual_rate = col.contract_rates.get(&client_id).copied();
        if entry.consumer {
            let h = HalfYear::of(today);
            entry.consumer_rate = match contractual_rate {
                Some(r) => Some((h, r)),
                None => table.legal(h).ok().map(|r| (h, r)),
            };
        }
        for (k, ready) in items {
            let inv = &ledger.invoices[k];
            // Not yet due: only in a pre-due note.
            if inv.due_date >= today && ready != Some(level_index) {
                continue;
            }
            let owed = outstanding[k];
            let mut line = EntryInvoice {
                invoice: inv.id,
                number: inv.number.clone(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                days_late: (today - inv.due_date).num_days(),
                outstanding: owed,
                penalty: Decimal::ZERO,
            };
            if line.days_late > 0 && (lvl.penalties || lvl.indemnity) {
                let terms = Terms {
                    business: !entry.consumer,
                    contractual_rate,
                    notice: if entry.consumer {
                        notice_sent(pf, client_id, inv.id)
                    } else {
                        None
                    },
                    ..Terms::default()
                };
                if let Some(n) = terms.notice {
                    entry.notice_sent = Some(entry.notice_sent.map_or(n, |m: NaiveDate| m.min(n)));
                }
                let received = received.get_or_insert_with(|| dated_allocations(ledger));
                let p = invoice_penalty(
                    received,
                    inv.id,
                    inv.due_date,
                    owed,
                    today,
                    today,
                    table,
                    &terms,
                )
                .unwrap_or_else(missing_rate);
                if lvl.penalties {
                    line.penalty = p.interest;
                    entry.penalties += p.interest;
                    // A consumer without a notice yet is the expected case, not a warning.
                    for w in p
                        .warnings
                        .into_iter()
                        .filter(|w| *w != Warning::NoNoticeYet)
                    {
                        if !entry.warnings.contains(&w) {
                            entry.warnings.push(w);
                        }
                    }
                }
                if lvl.indemnity && terms.business {
                    entry.indemnity += INDEMNITY;
                }
            }
            entry.total += owed;
            entry.invoices.push(line);
        }
        crate::small::sort_by(&mut entry.invoices, |a, b| {
            (a.due_date, a.invoice).cmp(&(b.due_date, b.invoice))
        });
        entry.reminders_sent = col
            .activities
            .iter()
            .filter(|a| a.client == client_id)
            .filter(|a| {
                matches!(
                    a.kind,
                    ActivityKind::Reminder { .. } | ActivityKind::Call { .. }
                )
            })
            .filter(|a| {
                a.invoices
                    .iter()
                    .any(|i| entry.invoices.iter().any(|e| e.invoice == *i))
            })
            .count();
        let reason = if follow.paused {
            Some(Reason::Paused)
        } else if let Some(d) = follow.snoozed_until.filter(|&d| d > today) {
            Some(Reason::Snoozed(d))
        } else if let Some(p) = col.pending_promise(client_id, today) {
            Some(Reason::Promise(p.date, p.amount))
        } else if entry.total < settings.minimum {
            Some(Reason::BelowMinimum(entry.total))
        } else {
            None
        };
        match reason {
            Some(reason) => out.excluded.push(Exclusion {
                client: client_id,
                invoice: None,
                reason,
            }),
            None => out.entries.push(entry),
        }
    }
    crate::small::sort_by(&mut out.entries, |a, b| {
        b.level_index
            .cmp(&a.level_index)
            .then(b.total.cmp(&a.total))
    });
    out
}

/// An invoice whose interest cannot be computed: no figure, and the warning naming the
/// half-year the table lacks (the letter says the penalties are still to be computed).
fn missing_rate(missing: RateMissing) -> crate::penalty::Penalty {
    crate::penalty::Penalty {
        warnings: vec![Warning::RateMissing(missing)],
        ..Default::default()
    }
}

/// Every dated payment allocated to an invoice, as (invoice, date, amount), sorted by invoice:
/// read once per worklist rather than once per penalised invoice.
pub(crate) fn dated_allocations(ledger: &Ledger) -> Vec<(InvoiceId, NaiveDate, Decimal)> {
    let mut v: Vec<(InvoiceId, NaiveDate, Decimal)> = ledger
        .payments
        .iter()
        .filter(|p| p.date_known)
        .flat_map(|p| {
            p.allocations
                .iter()
                .map(move |a| (a.invoice, p.date, a.amount))
        })
        .collect();
    crate::small::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
    v
}

/// Penalties on an invoice counted to `until` (today, or an earlier stop such as a plan's
/// agreement): the balance at the due date is rebuilt from what is owed on `today` plus the
/// dated payments received after the due date up to `today`, which split the periods.
#[allow(clippy::too_many_arguments)]
pub(crate) fn invoice_penalty(
    received: &[(InvoiceId, NaiveDate, Decimal)],
    invoice: InvoiceId,
    due: NaiveDate,
    owed: Decimal,
    today: NaiveDate,
    until: NaiveDate,
    table: &RateTable,
    terms: &Terms,
) -> Result<crate::penalty::Penalty, RateMissing> {
    let start = received.partition_point(|r| r.0 < invoice);
    let later: Vec<(NaiveDate, Decimal)> = received[start..]
        .iter()
        .take_while(|r| r.0 == invoice)
        .filter(|r| r.1 > due && r.1 <= today)
        .map(|r| (r.1, r.2))
        .collect();
    let at_due = owed + later.iter().map(|p| p.1).sum::<Decimal>();
    penalties(at_due, due, until, &later, table, terms)
}

/// Records that an entry's reminder went out (or its call was made, with `outcome`): every
/// listed invoice moves to the entry's level (never back), the text sent is kept in the
/// client's timeline, a promise is recorded, a dispute marks the invoices disputed.
/// Returns the invoices whose status changed.
pub fn mark_done(
    pf: &mut Portfolio,
    entry: &Entry,
    today: NaiveDate,
    text: String,
    outcome: Option<CallOutcome>,
) -> Vec<InvoiceId> {
    let (ledger, col) = pf.parts_mut();
    let ids: Vec<InvoiceId> = entry.invoices.iter().map(|i| i.invoice).collect();
    for &id in &ids {
        // Never back: an invoice already past this level keeps its own.
        if col
            .reached
            .get(&id)
            .is_none_or(|r| r.level <= entry.level_index)
        {
            col.reached.insert(
                id,
                Reached {
                    level: entry.level_index,
                    date: today,
                },
            );
        }
    }
    let level_name = entry.level.name.clone();
    let kind = match &outcome {
        Some(o) => ActivityKind::Call {
            level: entry.level_index,
            level_name,
            outcome: o.clone(),
        },
        None => ActivityKind::Reminder {
            level: entry.level_index,
            level_name,
            channel: entry.level.channel,
        },
    };
    col.log(entry.client, today, ids.clone(), kind, text);
    let mut changed = Vec::new();
    match outcome {
        Some(CallOutcome::Promise { date, amount }) => col.promises.push(Promise {
            client: entry.client,
            made_on: today,
            date,
            amount,
            channel: super::Channel::Phone,
        }),
        Some(CallOutcome::Dispute) => {
            for id in ids {
                if ledger
                    .set_status(id, InvoiceStatus::Disputed, today)
                    .is_ok()
                {
                    changed.push(id);
                }
            }
        }
        _ => {}
    }
    changed
}
