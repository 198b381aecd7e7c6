//! Drafts: a level's text with the client's figures put in.
//!
//! Placeholders: `{client}` `{client_address}` `{client_phone}` `{count}` (of invoices)
//! `{oldest}` (days late of the oldest) `{invoices}` (one line per invoice: number,
//! date, due date, amount due) `{total}` `{penalties}` `{indemnity}` `{total_claimed}`
//! `{deadline}` `{date}` `{place}` `{level}` `{company}` `{company_id}` `{company_address}`
//! `{iban}` `{bic}` `{reference}` (the invoices' RF creditor references, ISO 11649, `, `
//! between them; empty when no number gives one) `{contact}` `{phone}` `{email}` `{signature}`, and the phrases that follow
//! the law and what was sent ([`super::wording`]): `{despite}` `{still_unpaid}`
//! `{penalty_terms}` `{claims}` `{ask}` `{costs}` `{claims_summary}` `{call_claims}`
//! `{legal_rate}` `{day_basis}`. An unknown `{name}` is left as written, so a typo shows in
//! the preview instead of vanishing.

use super::{Entry, Language, Template};
use crate::ledger::Client;
use crate::money::{grouped, Currency};
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The user's company, as printed on every draft and letter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub legal_form: String,
    pub address: String,
    /// Town written before the date ("Fait à Lyon").
    pub city: String,
    pub siren: String,
    pub vat_id: String,
    pub iban: String,
    pub bic: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub signature: String,
}

impl Company {
    /// "SAS, SIREN 123 456 789, TVA FR…" from what is filled in.
    pub fn identity(&self, lang: Language) -> String {
        let mut parts = Vec::new();
        if !self.legal_form.is_empty() {
            parts.push(self.legal_form.clone());
        }
        if !self.siren.is_empty() {
            parts.push(format!("SIREN {}", self.siren));
        }
        if !self.vat_id.is_empty() {
            parts.push(match lang {
                Language::Fr => format!("TVA {}", self.vat_id),
                Language::En => format!("VAT {}", self.vat_id),
            });
        }
        parts.join(", ")
    }
}

/// An amount as a reader expects it: `1 234,56 €` in French, `€1,234.56` in English, rounded
/// to the cent half away from zero.
pub fn money(lang: Language, amount: Decimal, currency: Currency) -> String {
    let sym = match currency.as_str() {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    };
    match lang {
        Language::Fr => format!("{} {sym}", grouped(amount, '\u{202f}', ',')),
        Language::En => {
            let g = grouped(amount, ',', '.');
            match g.strip_prefix('-') {
                Some(rest) => format!("-{sym}{rest}"),
                None => format!("{sym}{g}"),
            }
        }
    }
}

/// `31/12/2025` in French, `2025-12-31` in English.
pub fn date(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::Fr => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Language::En => format!("{}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// Everything a draft may quote.
pub struct Context<'a> {
    pub lang: Language,
    pub company: &'a Company,
    pub client: &'a Client,
    pub entry: &'a Entry,
    pub today: NaiveDate,
    /// Days given to pay, counted from the letter's date (`today`).
    pub deadline_days: u32,
}

impl Context<'_> {
    pub fn deadline(&self) -> NaiveDate {
        self.today + Duration::days(i64::from(self.deadline_days))
    }

    fn money(&self, a: Decimal) -> String {
        money(self.lang, a, self.entry.currency)
    }

    /// The invoices as text lines.
    pub fn invoice_lines(&self) -> String {
        self.entry
            .invoices
            .iter()
            .map(|i| {
                let (of, due, colon) = match self.lang {
                    Language::Fr => ("du", "échéance", " :"),
                    Language::En => ("of", "due", ":"),
                };
                format!(
                    "- {} {of} {}, {due} {}{colon} {}",
                    i.number,
                    date(self.lang, i.issue_date),
                    date(self.lang, i.due_date),
                    self.money(i.outstanding)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The RF creditor reference (ISO 11649) of each invoice whose number gives one, in the
    /// entry's order: what the payer quotes so the transfer comes back matched.
    pub fn references(&self) -> Vec<String> {
        self.entry
            .invoices
            .iter()
            .filter_map(|i| crate::bank::rf::creditor_reference(&i.number))
            .collect()
    }

    fn value(&self, name: &str) -> Option<String> {
        let c = self.company;
        let e = self.entry;
        Some(match name {
            "client" => self.client.name.clone(),
            "client_address" => self
                .client
                .address
                .clone()
                .unwrap_or_default()
                .replace('\n', ", "),
            "client_phone" => self.client.phone.clone().unwrap_or_default(),
            "count" => e.invoices.len().to_string(),
            "oldest" => e
                .invoices
                .iter()
                .map(|i| i.days_late)
                .max()
                .unwrap_or(0)
                .to_string(),
            "invoices" => self.invoice_lines(),
            "total" => self.money(e.total),
            "penalties" => self.money(e.penalties),
            "indemnity" => self.money(e.indemnity),
            "total_claimed" => self.money(e.claimed()),
            "deadline" => date(self.lang, self.deadline()),
            "date" => date(self.lang, self.today),
            "place" => c.city.clone(),
            "level" => e.level.name.clone(),
            "company" => c.name.clone(),
            "company_id" => c.identity(self.lang),
            "company_address" => c.address.replace('\n', ", "),
            "iban" => c.iban.clone(),
            "bic" => c.bic.clone(),
            "reference" => self.references().join(", "),
            "contact" => c.contact.clone(),
            "phone" => c.phone.clone(),
            "email" => c.email.clone(),
            "signature" => c.signature.clone(),
            other => return super::wording::phrase(other, self),
        })
    }
}

/// Replaces the placeholders of one text. A part written `[[…]]` is optional: it is kept
/// (without the brackets) only when every placeholder in it has a value, so an empty phone or
/// e-mail leaves no dangling words ("joindre Marie[[ au {phone}]].").
pub fn fill(text: &str, ctx: &Context) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some((open, len)) = optional_part(rest) {
        out.push_str(&fill_plain(&rest[..open], ctx));
        let inner = &rest[open + 2..open + 2 + len];
        if placeholders(inner).all(|n| ctx.value(n).is_none_or(|v| !v.trim().is_empty())) {
            out.push_str(&fill_plain(inner, ctx));
        }
        rest = &rest[open + 2 + len + 2..];
    }
    out.push_str(&fill_plain(rest, ctx));
    out
}

/// The next `[[…]]` part: where it opens and the length of what is inside.
fn optional_part(text: &str) -> Option<(usize, usize)> {
    let open = text.find("[[")?;
    let len = text[open + 2..].find("]]")?;
    Some((open, len))
}

/// The text with its optional parts left out (what a draft says whatever is empty).
pub(crate) fn required_part(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((open, len)) = optional_part(rest) {
        out.push_str(&rest[..open]);
        rest = &rest[open + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The names of the `{placeholders}` a text quotes (known or not).
pub(crate) fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|s| {
        let name = &s[..s.find('}')?];
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            .then_some(name)
    })
}

fn fill_plain(text: &str, ctx: &Context) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            ctx.value(name).map(|v| (v, close))
        }) {
            Some((v, close)) => {
                out.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A finished draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
}

pub fn render(t: &Template, ctx: &Context) -> Draft {
    Draft {
        subject: fill(&t.subject, ctx),
        body: fill(&t.body, ctx),
    }
}

/// Base64 of some bytes (a logo as a `data:` URL).
pub fn base64(bytes: &[u8]) -> String {
    crate::base64::encode(bytes)
}

/// Percent-encodes for a `mailto:` URL (RFC 6068: everything but unreserved characters).
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `mailto:` link opening the user's mail program with the draft.
pub fn mailto(to: &str, d: &Draft) -> String {
    format!(
        "mailto:{}?subject={}&body={}",
        url_encode(to).replace("%40", "@"),
        url_encode(&d.subject),
        url_encode(&d.body.replace('\n', "\r\n"))
    )
}

/// An `.eml` file (RFC 5322, UTF-8 body, encoded-word subject) the mail program opens as a
/// draft (`X-Unsent: 1`).
pub fn eml(from: &str, to: &str, d: &Draft) -> String {
    use std::fmt::Write;
    let mut subject = String::from("=?UTF-8?B?");
    subject.push_str(&crate::base64::encode(d.subject.as_bytes()));
    subject.push_str("?=");
    let mut out = String::new();
    let _ = write!(
        out,
        "X-Unsent: 1\r\nFrom: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    );
    let body = crate::base64::encode(d.body.replace('\n', "\r\n").as_bytes());
    for line in body.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push_str("\r\n");
    }
    out
}

/// A phone script: who, what, how much, and what to ask for.
pub fn call_script(ctx: &Context) -> String {
    fill(super::texts::call_script(ctx.lang), ctx)
}
