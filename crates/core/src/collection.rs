//! The follow-up of collection: what was sent to whom and when, what clients answered, and the
//! user's dunning settings. Stored with the ledger (one small chunk of its own) and in backups.
//!
//! Aging and KPIs never read it; dunning does, to know each invoice's level and each client's
//! promises, pauses and snoozes.

use crate::dunning::{Channel, DunningSettings};
use crate::ledger::{ClientId, InvoiceId};
use crate::small::SortedMap;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The last dunning level sent for an invoice.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    /// Index in the client's scenario.
    pub level: usize,
    pub date: NaiveDate,
}

/// A client's dunning state set by the user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// No reminder at all until un-paused.
    pub paused: bool,
    /// No reminder before this date.
    pub snoozed_until: Option<NaiveDate>,
}

/// What a phone call gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallOutcome {
    /// The client promised to pay `amount` by `date`.
    Promise {
        date: NaiveDate,
        amount: Decimal,
    },
    /// The client contests the invoices.
    Dispute,
    NoAnswer,
    WrongContact,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityKind {
    /// A reminder went out at a level (`level_name` as it was called then).
    Reminder {
        level: usize,
        level_name: String,
        channel: Channel,
    },
    /// A call was made at a level.
    Call {
        level: usize,
        level_name: String,
        outcome: CallOutcome,
    },
    /// A free note.
    Note,
    /// A recorded payment corrected, cancelled, or one of those undone (appended last: the
    /// stored layout of the kinds before it is unchanged).
    Payment(crate::correction::PaymentChange),
}

/// One entry of a client's timeline, with a copy of the text sent (proof for a case file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: u32,
    pub client: ClientId,
    pub date: NaiveDate,
    pub invoices: Vec<InvoiceId>,
    pub kind: ActivityKind,
    /// Subject and body as sent, or the user's note.
    pub text: String,
}

/// A promise to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub client: ClientId,
    pub made_on: NaiveDate,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub channel: Channel,
}

/// Everything collection keeps besides the ledger's records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub settings: DunningSettings,
    pub reached: SortedMap<InvoiceId, Reached>,
    pub follow_ups: SortedMap<ClientId, FollowUp>,
    pub activities: Vec<Activity>,
    pub promises: Vec<Promise>,
    /// Contractual late-payment rates (percent) agreed with some clients.
    pub contract_rates: SortedMap<ClientId, Decimal>,
    pub next_activity: u32,
    /// Payment plans, in the order they were agreed.
    pub plans: Vec<crate::plan::Plan>,
    /// Disputes, open and resolved, in the order they were opened.
    pub disputes: Vec<crate::dispute::Dispute>,
    /// Solvency checklists filled in when granting credit (layout 2).
    pub checklists: SortedMap<ClientId, crate::scoring::Checklist>,
    /// Who follows a client when it is not the user: a salesperson's name (layout 2).
    pub owners: SortedMap<ClientId, String>,
    /// The user's provision rates (layout 2).
    pub provision_rates: crate::provision::ProvisionRates,
    /// The user's assumptions on what collection costs (layout 2).
    pub recovery_costs: crate::case_file::RecoveryCosts,
    /// What French law needs recorded beyond the ledger (layout 4).
    pub law: LawRecords,
    /// What confirmed bank matches taught (layout 5).
    pub bank: BankMemory,
    /// The closings recorded, in date order, each with its provisions as booked: the next
    /// closing's entries are computed since the last (layout 6).
    pub closings: Vec<crate::provision::Closing>,
}

/// What confirmed bank matches taught: who pays from which IBAN and under which name, and
/// the receipts set aside as not customer payments. Each entry names the batch that made it:
/// once that batch is undone the entry counts no more (an undone match unlearns what it
/// taught), and the next batch of matches drops it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankMemory {
    /// IBAN (letters and digits, upper case) → the client and the batch that taught it.
    pub ibans: SortedMap<String, (ClientId, crate::ledger::BatchId)>,
    /// A payer's name as a bank wrote it → the client and the batch that taught it.
    pub names: SortedMap<String, (ClientId, crate::ledger::BatchId)>,
    /// Receipts marked "not a customer payment", by bank id, with their batch.
    pub dismissed: SortedMap<String, crate::ledger::BatchId>,
}

impl BankMemory {
    /// What the matcher is to know, the entries of undone batches left out.
    pub fn learned(&self, ledger: &crate::ledger::Ledger) -> crate::bank::matching::Learned {
        let live = |b: &crate::ledger::BatchId| ledger.batches.iter().any(|x| x.id == *b);
        let keep = |m: &SortedMap<String, (ClientId, crate::ledger::BatchId)>| {
            m.iter()
                .filter(|(_, (_, b))| live(b))
                .map(|(k, (c, _))| (k.clone(), *c))
                .collect()
        };
        crate::bank::matching::Learned {
            ibans: keep(&self.ibans),
            names: keep(&self.names),
        }
    }

    /// Drops the entries whose batch is gone.
    pub fn prune(&mut self, ledger: &crate::ledger::Ledger) {
        let live = |b: &crate::ledger::BatchId| ledger.batches.iter().any(|x| x.id == *b);
        self.ibans.retain(|_, (_, b)| live(b));
        self.names.retain(|_, (_, b)| live(b));
        self.dismissed.retain(|_, b| live(b));
    }
}

/// The layout-5 collection (before the recorded closings), kept to read stores and backups
/// written then.
#[derive(Deserialize)]
pub(crate) struct CollectionV5 {
    settings: DunningSettings,
    reached: SortedMap<InvoiceId, Reached>,
    follow_ups: SortedMap<ClientId, FollowUp>,
    activities: Vec<Activity>,
    promises: Vec<Promise>,
    contract_rates: SortedMap<ClientId, Decimal>,
    next_activity: u32,
    plans: Vec<crate::plan::Plan>,
    disputes: Vec<crate::dispute::Dispute>,
    checklists: SortedMap<ClientId, crate::scoring::Checklist>,
    owners: SortedMap<ClientId, String>,
    provision_rates: crate::provision::ProvisionRates,
    recovery_costs: crate::case_file::RecoveryCosts,
    law: LawRecords,
    bank: BankMemory,
}

impl From<CollectionV5> for Collection {
    fn from(c: CollectionV5) -> Collection {
        Collection {
            settings: c.settings,
            reached: c.reached,
            follow_ups: c.follow_ups,
            activities: c.activities,
            promises: c.promises,
            contract_rates: c.contract_rates,
            next_activity: c.next_activity,
            plans: c.plans,
            disputes: c.disputes,
            checklists: c.checklists,
            owners: c.owners,
            provision_rates: c.provision_rates,
            recovery_costs: c.recovery_costs,
            law: c.law,
            bank: c.bank,
            closings: Vec::new(),
        }
    }
}

/// The layout-4 collection (before [`BankMemory`]), kept to read stores and backups written
/// then.
#[derive(Deserialize)]
pub(crate) struct CollectionV4 {
    settings: DunningSettings,
    reached: SortedMap<InvoiceId, Reached>,
    follow_ups: SortedMap<ClientId, FollowUp>,
    activities: Vec<Activity>,
    promises: Vec<Promise>,
    contract_rates: SortedMap<ClientId, Decimal>,
    next_activity: u32,
    plans: Vec<crate::plan::Plan>,
    disputes: Vec<crate::dispute::Dispute>,
    checklists: SortedMap<ClientId, crate::scoring::Checklist>,
    owners: SortedMap<ClientId, String>,
    provision_rates: crate::provision::ProvisionRates,
    recovery_costs: crate::case_file::RecoveryCosts,
    law: LawRecords,
}

impl From<CollectionV4> for Collection {
    fn from(c: CollectionV4) -> Collection {
        Collection {
            settings: c.settings,
            reached: c.reached,
            follow_ups: c.follow_ups,
            activities: c.activities,
            promises: c.promises,
            contract_rates: c.contract_rates,
            next_activity: c.next_activity,
            plans: c.plans,
            disputes: c.disputes,
            checklists: c.checklists,
            owners: c.owners,
            provision_rates: c.provision_rates,
            recovery_costs: c.recovery_costs,
            law: c.law,
            bank: BankMemory::default(),
            closings: Vec::new(),
        }
    }
}

/// Facts with legal effect the user records (layout 4 of the follow-up).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawRecords {
    /// The latest acknowledgement of an invoice's debt by the client (a letter, a signed plan):
    /// it interrupts prescription (art. 2240 Code civil) and a new period starts from it.
    pub acknowledgements: SortedMap<InvoiceId, NaiveDate>,
    /// Invoices the user marked doubtful, with the date: only these move to account 416.
    pub doubtful: SortedMap<InvoiceId, NaiveDate>,
    /// Clients whose terms are "N jours fin de mois" (`Client::terms_days` holds N): the due
    /// date is the end of the month N days after the invoice date.
    pub end_of_month: SortedMap<ClientId, ()>,
}

/// The layout-2 dunning settings (scenarios without `straight_to_notice`).
#[derive(Deserialize)]
pub(crate) struct DunningSettingsV2 {
    scenarios: Vec<ScenarioV2>,
    segments: SortedMap<String, usize>,
    minimum: Decimal,
    deadline_days: u32,
}

#[derive(Deserialize)]
struct ScenarioV2 {
    name: String,
    levels: Vec<crate::dunning::Level>,
}

impl From<DunningSettingsV2> for DunningSettings {
    fn from(s: DunningSettingsV2) -> DunningSettings {
        DunningSettings {
            scenarios: s
                .scenarios
                .into_iter()
                .map(|x| crate::dunning::Scenario {
                    name: x.name,
                    levels: x.levels,
                    straight_to_notice: false,
                })
                .collect(),
            segments: s.segments,
            minimum: s.minimum,
            deadline_days: s.deadline_days,
        }
    }
}

/// The layout-2 and layout-3 collection (before [`LawRecords`]), kept to read stores and
/// backups written then.
#[derive(Deserialize)]
pub(crate) struct CollectionV2 {
    settings: DunningSettingsV2,
    reached: SortedMap<InvoiceId, Reached>,
    follow_ups: SortedMap<ClientId, FollowUp>,
    activities: Vec<Activity>,
    promises: Vec<Promise>,
    contract_rates: SortedMap<ClientId, Decimal>,
    next_activity: u32,
    plans: Vec<crate::plan::Plan>,
    disputes: Vec<crate::dispute::Dispute>,
    checklists: SortedMap<ClientId, crate::scoring::Checklist>,
    owners: SortedMap<ClientId, String>,
    provision_rates: crate::provision::ProvisionRates,
    recovery_costs: RecoveryCostsV2,
}

/// The layout-2/3 recovery costs (before the référé-provision's).
#[derive(Deserialize)]
struct RecoveryCostsV2 {
    mediation: Decimal,
    agency_percent: Decimal,
    injonction: Decimal,
    small_claims: Decimal,
    small_claims_ceiling: Decimal,
}

impl From<RecoveryCostsV2> for crate::case_file::RecoveryCosts {
    fn from(c: RecoveryCostsV2) -> Self {
        crate::case_file::RecoveryCosts {
            mediation: c.mediation,
            agency_percent: c.agency_percent,
            injonction: c.injonction,
            small_claims: c.small_claims,
            small_claims_ceiling: c.small_claims_ceiling,
            ..Default::default()
        }
    }
}

impl From<CollectionV2> for Collection {
    fn from(c: CollectionV2) -> Collection {
        Collection {
            settings: c.settings.into(),
            reached: c.reached,
            follow_ups: c.follow_ups,
            activities: c.activities,
            promises: c.promises,
            contract_rates: c.contract_rates,
            next_activity: c.next_activity,
            plans: c.plans,
            disputes: c.disputes,
            checklists: c.checklists,
            owners: c.owners,
            provision_rates: c.provision_rates,
            recovery_costs: c.recovery_costs.into(),
            law: LawRecords::default(),
            bank: BankMemory::default(),
            closings: Vec::new(),
        }
    }
}

/// The layout-1 collection (before checklists, owners, provision rates and recovery costs),
/// kept to read stores and backups written then.
#[derive(Deserialize)]
pub(crate) struct CollectionV1 {
    settings: DunningSettingsV2,
    reached: SortedMap<InvoiceId, Reached>,
    follow_ups: SortedMap<ClientId, FollowUp>,
    activities: Vec<Activity>,
    promises: Vec<Promise>,
    contract_rates: SortedMap<ClientId, Decimal>,
    next_activity: u32,
    plans: Vec<crate::plan::Plan>,
    disputes: Vec<crate::dispute::Dispute>,
}

impl From<CollectionV1> for Collection {
    fn from(c: CollectionV1) -> Collection {
        Collection {
            settings: c.settings.into(),
            reached: c.reached,
            follow_ups: c.follow_ups,
            activities: c.activities,
            promises: c.promises,
            contract_rates: c.contract_rates,
            next_activity: c.next_activity,
            plans: c.plans,
            disputes: c.disputes,
            ..Collection::default()
        }
    }
}

impl Collection {
    /// Adds an activity and returns its id.
    pub fn log(
        &mut self,
        client: ClientId,
        date: NaiveDate,
        invoices: Vec<InvoiceId>,
        kind: ActivityKind,
        text: String,
    ) -> u32 {
        let id = self.next_activity;
        self.next_activity += 1;
        self.activities.push(Activity {
            id,
            client,
            date,
            invoices,
            kind,
            text,
        });
        id
    }

    /// A client's activities, newest first.
    pub fn timeline(&self, client: ClientId) -> impl Iterator<Item = &Activity> {
        self.activities
            .iter()
            .rev()
            .filter(move |a| a.client == client)
    }

    pub fn follow_up(&self, client: ClientId) -> FollowUp {
        self.follow_ups.get(&client).cloned().unwrap_or_default()
    }

    /// Sets a client's pause and snooze; a default state is not stored.
    pub fn set_follow_up(&mut self, client: ClientId, f: FollowUp) {
        if f == FollowUp::default() {
            self.follow_ups.remove(&client);
        } else {
            self.follow_ups.insert(client, f);
        }
    }

    /// Adds a plan and returns its id.
    pub fn add_plan(&mut self, mut plan: crate::plan::Plan) -> u32 {
        plan.id = self.plans.iter().map(|p| p.id + 1).max().unwrap_or(0);
        let id = plan.id;
        self.plans.push(plan);
        id
    }

    /// Who follows `client`: a named owner, or `None` for the user.
    pub fn owner(&self, client: ClientId) -> Option<&str> {
        self.owners.get(&client).map(String::as_str)
    }

    /// Sets who follows `client`; an empty name means the user.
    pub fn set_owner(&mut self, client: ClientId, owner: &str) {
        let owner = owner.trim();
        if owner.is_empty() {
            self.owners.remove(&client);
        } else {
            self.owners.insert(client, owner.to_string());
        }
    }

    /// The promise a client made that is not yet due on `today` (the latest one).
    pub fn pending_promise(&self, client: ClientId, today: NaiveDate) -> Option<&Promise> {
        self.promises
            .iter()
            .rev()
            .find(|p| p.client == client && p.date >= today)
    }
}
