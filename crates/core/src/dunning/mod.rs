//! Dunning (relances): scenarios of reminder levels, today's worklist, and the drafts.
//!
//! A [`Scenario`] is an ordered list of [`Level`]s placed in days around the due date. What
//! was sent is kept per invoice in [`crate::collection::Collection`]; [`worklist`] reads both
//! and says, for today, whom to remind, at which level, for which invoices and how much.
//! [`template`] turns a level's text into a draft with the client's figures.

pub mod prescription;
pub mod sender;
pub mod template;
mod texts;
pub mod undo;
pub mod wording;
pub(crate) mod worklist;

pub use worklist::{
    mark_done, notice_sent, worklist, worklist_owing, Entry, EntryInvoice, Exclusion, LevelChoice,
    Reason, Worklist,
};

use crate::small::SortedMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How a level reaches the client.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Email,
    Phone,
    Letter,
    RegisteredLetter,
}

/// How firmly a level speaks.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tone {
    Courteous,
    Firm,
    Formal,
    Legal,
}

/// What a level is for; picks its default texts, and whether it may be skipped.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LevelKind {
    /// Before the due date.
    Courtesy,
    Reminder,
    Firm,
    /// Cites the penalties.
    Formal,
    /// Mise en demeure: never skipped, even when the worklist catches up.
    Notice,
    /// Handover to a collection agency or a court (the case file).
    Handover,
}

impl LevelKind {
    /// A level the catch-up may not jump over: a handover without a prior formal notice
    /// would be premature (and weak in court).
    pub fn required(self) -> bool {
        self == LevelKind::Notice
    }
}

/// A subject and a body with `{placeholders}` (see [`template`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

// Moved to the crate root (exports and the app use it too); the old path still works.
pub use crate::language::Language;

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub name: String,
    pub kind: LevelKind,
    /// Days from the due date; negative before it.
    pub offset_days: i32,
    pub channel: Channel,
    pub tone: Tone,
    /// Claims late-payment penalties.
    pub penalties: bool,
    /// Claims the €40 recovery indemnity (business clients only).
    pub indemnity: bool,
    /// The user's own texts; `None` uses the default text of `kind`.
    pub fr: Option<Template>,
    pub en: Option<Template>,
}

impl Level {
    /// The text used for a language: the user's, else the default.
    pub fn template(&self, lang: Language) -> Template {
        let own = match lang {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        };
        own.clone()
            .unwrap_or_else(|| texts::default_template(self.kind, lang))
    }

    /// Forgets the user's text for a language ("reset to default").
    pub fn reset(&mut self, lang: Language) {
        match lang {
            Language::Fr => self.fr = None,
            Language::En => self.en = None,
        }
    }
}

/// An ordered list of levels (offsets increasing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    pub levels: Vec<Level>,
    /// When nothing was sent to a client yet, go straight to the level the date reaches (the
    /// mise en demeure at most) instead of starting at the firm reminder. Off by default:
    /// amicable first.
    pub straight_to_notice: bool,
}

fn level(
    name: &str,
    kind: LevelKind,
    offset: i32,
    channel: Channel,
    tone: Tone,
    claims: bool,
) -> Level {
    Level {
        name: name.into(),
        kind,
        offset_days: offset,
        channel,
        tone,
        penalties: claims,
        indemnity: claims,
        fr: None,
        en: None,
    }
}

impl Scenario {
    /// The usual French sequence: courtesy J−5, reminder J+3, firm reminder and call J+15,
    /// formal reminder with penalties J+30, mise en demeure J+45, handover J+60.
    pub fn standard() -> Scenario {
        use Channel::*;
        use LevelKind::*;
        Scenario {
            name: "Standard".into(),
            levels: vec![
                level("Courtoisie", Courtesy, -5, Email, Tone::Courteous, false),
                level("Relance", Reminder, 3, Email, Tone::Courteous, false),
                level("Relance ferme + appel", Firm, 15, Phone, Tone::Firm, false),
                level("Relance formelle", Formal, 30, Letter, Tone::Formal, true),
                level(
                    "Mise en demeure",
                    Notice,
                    45,
                    RegisteredLetter,
                    Tone::Legal,
                    true,
                ),
                level("Transmission", Handover, 60, Letter, Tone::Legal, true),
            ],
            straight_to_notice: false,
        }
    }

    /// A softer sequence for key accounts: no pre-due note, later steps, penalties only from
    /// the formal notice.
    pub fn key_accounts() -> Scenario {
        use Channel::*;
        use LevelKind::*;
        Scenario {
            name: "Grands comptes".into(),
            levels: vec![
                level("Relance", Reminder, 7, Email, Tone::Courteous, false),
                level("Appel", Firm, 21, Phone, Tone::Courteous, false),
                level("Relance formelle", Formal, 40, Letter, Tone::Formal, false),
                level(
                    "Mise en demeure",
                    Notice,
                    60,
                    RegisteredLetter,
                    Tone::Legal,
                    true,
                ),
                level("Transmission", Handover, 80, Letter, Tone::Legal, true),
            ],
            straight_to_notice: false,
        }
    }

    /// Offsets must increase (the catch-up walks the levels in order).
    pub fn check(&self) -> Result<(), String> {
        if self.levels.is_empty() {
            return Err("a scenario needs at least one level".into());
        }
        if self
            .levels
            .windows(2)
            .any(|w| w[0].offset_days >= w[1].offset_days)
        {
            return Err("the levels' day offsets must increase".into());
        }
        Ok(())
    }
}

/// The user's dunning settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DunningSettings {
    /// The first one is the default scenario.
    pub scenarios: Vec<Scenario>,
    /// Segment → index in `scenarios`.
    pub segments: SortedMap<String, usize>,
    /// A client whose total due is below this is not reminded.
    pub minimum: Decimal,
    /// Days given to pay in a formal notice, from the letter's date (8 to 15 is customary).
    pub deadline_days: u32,
}

impl Default for DunningSettings {
    fn default() -> Self {
        DunningSettings {
            scenarios: vec![Scenario::standard(), Scenario::key_accounts()],
            segments: SortedMap::new(),
            minimum: Decimal::from(10),
            deadline_days: 15,
        }
    }
}

impl DunningSettings {
    /// The scenario of a segment, else the default one.
    pub fn scenario_for(&self, segment: Option<&str>) -> &Scenario {
        segment
            .and_then(|s| self.segments.iter().find(|(k, _)| k.as_str() == s))
            .map(|(_, i)| i)
            .and_then(|&i| self.scenarios.get(i))
            .or_else(|| self.scenarios.first())
            .unwrap_or_else(|| standard())
    }
}

fn standard() -> &'static Scenario {
    static STANDARD: std::sync::OnceLock<Scenario> = std::sync::OnceLock::new();
    STANDARD.get_or_init(Scenario::standard)
}
