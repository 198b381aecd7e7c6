//! The book laid out for matching, once per ledger: the open invoices with what is still due
//! in cents, and lookups by invoice number, by client, by amount and by name key.
//!
//! Built for 100,000 open invoices in a fraction of the matching budget: the first version
//! kept a `String` key and a `Vec` per number, amount and client (300,000 small allocations),
//! and building it took longer than matching 5,000 lines (malloc and free were a third of the
//! profile). Keys are now 64-bit hashes of the compact text, computed without allocating, the
//! entries sharing a key chained through one vector; a hit is checked against the ledger's
//! own text, so a hash collision can never match a wrong invoice.

use crate::bank::name::{compact, name_key};
use crate::hash::FxHashMap;
use crate::ledger::{ClientId, DocKind, IdIndex, InvoiceId, InvoiceStatus, Ledger};
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::hash::Hash;

/// An invoice with something still due.
#[derive(Clone, Debug)]
pub struct OpenInvoice {
    pub id: InvoiceId,
    pub client: ClientId,
    pub due: NaiveDate,
    pub currency: Currency,
    /// What is still due, in cents; `None` when it has more decimals than cents (it then
    /// matches no amount exactly).
    pub cents: Option<i64>,
    /// Position in the ledger's invoices.
    pos: u32,
    /// The hash of the number's letters and digits, when it is looked up at all.
    number: Option<u64>,
}

/// Amount in cents, when it is a whole number of them.
pub fn to_cents(d: Decimal) -> Option<i64> {
    // Integer arithmetic on the mantissa for the usual scales (0 to 2 decimals): a Decimal
    // multiplication per open invoice showed in the profile.
    if d.scale() <= 2 {
        let m = i64::try_from(d.mantissa()).ok()?;
        return m.checked_mul(10i64.pow(2 - d.scale()));
    }
    let c = d * Decimal::ONE_HUNDRED;
    (c.fract().is_zero()).then(|| c.to_i64()).flatten()
}

/// What a payer's IBAN and the names it signs with were learned to mean (a confirmed match
/// teaches them; kept in the data).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Learned {
    /// IBAN (letters and digits, upper case) → client.
    pub ibans: Vec<(String, ClientId)>,
    /// A name variant as a bank wrote it → client.
    pub names: Vec<(String, ClientId)>,
}

/// Words of bank labels that name no one: a client key made only of them is never looked up
/// in a label ("VIR SEPA RECU" must not find a client called "Sepa").
const BANK_WORDS: &[&str] = &[
    "VIR",
    "VIREMENT",
    "SEPA",
    "RECU",
    "EMIS",
    "DE",
    "DU",
    "LA",
    "LE",
    "LES",
    "MOTIF",
    "REF",
    "FACTURE",
    "FACT",
    "FAC",
    "CHEQUE",
    "CHQ",
    "REMISE",
    "PRLV",
    "PRELEVEMENT",
    "CB",
    "CARTE",
    "INST",
    "INSTANTANE",
    "PAIEMENT",
    "REGLEMENT",
    "ET",
    "EN",
    "VOTRE",
    "FAVEUR",
    "DATE",
    "ID",
];

const END: u32 = u32::MAX;

/// Items grouped by key, each group in increasing item order: one map of first items and one
/// vector of next items, instead of a vector per key.
struct Chains<K> {
    heads: FxHashMap<K, u32>,
    next: Vec<u32>,
}

impl<K: Hash + Eq> Chains<K> {
    /// `keys[i]` is item i's key, if it has one.
    fn new(keys: impl DoubleEndedIterator<Item = Option<K>> + ExactSizeIterator) -> Self {
        let n = keys.len();
        let mut c = Chains {
            heads: FxHashMap::default(),
            next: vec![END; n],
        };
        c.heads.reserve(n);
        // From the last item down, so that each head is the group's first item.
        for (i, key) in keys.enumerate().rev() {
            if let Some(k) = key {
                let before = c.heads.insert(k, i as u32).unwrap_or(END);
                c.next[i] = before;
            }
        }
        c
    }

    fn get(&self, key: &K) -> impl Iterator<Item = u32> + '_ {
        let mut at = self.heads.get(key).copied().unwrap_or(END);
        std::iter::from_fn(move || {
            (at != END).then(|| {
                let i = at;
                at = self.next[i as usize];
                i
            })
        })
    }
}

/// FNV-1a over bytes: streamed, so a run of words hashes as it grows.
#[derive(Copy, Clone)]
struct Fnv(u64);

impl Fnv {
    const START: Fnv = Fnv(0xcbf2_9ce4_8422_2325);
    fn byte(self, b: u8) -> Fnv {
        Fnv((self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }
    /// The ASCII letters and digits of `s`, upper case: the hash of [`compact`]`(s)`.
    fn compact(mut self, s: &str) -> Fnv {
        for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
            self = self.byte(b.to_ascii_uppercase());
        }
        self
    }
}

pub struct Index<'a> {
    ledger: &'a Ledger,
    pub open: Vec<OpenInvoice>,
    /// Hash of the compact invoice number → open invoices (a number may repeat).
    numbers: Chains<u64>,
    longest_number: usize,
    /// Client → its open invoices, oldest due first.
    clients: Chains<ClientId>,
    /// Cents → open invoices due exactly that.
    amounts: Chains<i64>,
    /// Name keys (clients' and learned variants) and their clients.
    names: Vec<(String, ClientId)>,
    /// Hash of a name key → entries of `names`.
    name_keys: Chains<u64>,
    /// The most words in a name key.
    longest_name: usize,
    pub by_iban: FxHashMap<String, ClientId>,
    /// Invoice id → position in `open`.
    position: IdIndex,
    /// For each open invoice: its number is another open invoice's too.
    pub number_shared: Vec<bool>,
}

impl<'a> Index<'a> {
    pub fn new(ledger: &'a Ledger, as_of: NaiveDate, learned: &Learned) -> Index<'a> {
        let outstanding = crate::aging::outstanding_by_invoice(ledger, as_of);
        let mut open = Vec::new();
        let mut longest_number = 0;
        for (pos, (inv, &o)) in ledger.invoices.iter().zip(&outstanding).enumerate() {
            if inv.kind != DocKind::Invoice
                || o <= Decimal::ZERO
                || inv.status_on(as_of) == InvoiceStatus::WrittenOff
            {
                continue;
            }
            // The number is hashed here, in the ledger's order: read later in due order, the
            // invoices and their numbers were cache misses, half of building the lookups.
            let n = &inv.number;
            let len = n.bytes().filter(u8::is_ascii_alphanumeric).count();
            // Too short to be told from a word or a day of a date: never looked up.
            let number = (len >= 3 && n.bytes().any(|b| b.is_ascii_digit())).then(|| {
                longest_number = longest_number.max(len);
                Fnv::START.compact(n).0
            });
            open.push(OpenInvoice {
                id: inv.id,
                client: inv.client,
                due: inv.due_date,
                currency: inv.currency,
                cents: to_cents(o),
                pos: pos as u32,
                number,
            });
        }
        // Oldest due first, then by id: every chain below keeps that order.
        open.sort_unstable_by_key(|o| (o.due, o.id));
        let numbers = Chains::new(open.iter().map(|o| o.number));
        let clients = Chains::new(open.iter().map(|o| Some(o.client)));
        let amounts = Chains::new(open.iter().map(|o| o.cents));
        let mut number_shared = vec![false; open.len()];
        for &head in numbers.heads.values() {
            if numbers.next[head as usize] != END {
                let mut at = head;
                while at != END {
                    number_shared[at as usize] = true;
                    at = numbers.next[at as usize];
                }
            }
        }
        let mut names: Vec<(String, ClientId)> = Vec::new();
        let all = ledger
            .clients
            .iter()
            .map(|c| (c.name.as_str(), c.id))
            .chain(learned.names.iter().map(|(n, c)| (n.as_str(), *c)));
        for (name, id) in all {
            let key = name_key(name);
            if key.len() < 3 || key.split(' ').all(|w| BANK_WORDS.contains(&w)) {
                continue;
            }
            names.push((key, id));
        }
        names.sort_unstable();
        names.dedup();
        let longest_name = names
            .iter()
            .map(|(k, _)| k.split(' ').count())
            .max()
            .unwrap_or(0)
            .min(8);
        let name_keys = Chains::new(names.iter().map(|(k, _)| Some(name_hash(k.split(' ')))));
        let by_iban = learned
            .ibans
            .iter()
            .map(|(i, c)| (compact(i), *c))
            .collect();
        let position = IdIndex::build(open.iter().map(|o| o.id.0), ledger.next_invoice);
        Index {
            ledger,
            open,
            numbers,
            longest_number,
            clients,
            amounts,
            names,
            name_keys,
            longest_name,
            by_iban,
            position,
            number_shared,
        }
    }

    /// Position in `open` of an open invoice.
    pub fn position(&self, id: InvoiceId) -> Option<u32> {
        self.position.get(id.0).map(|p| p as u32)
    }

    /// The open invoices whose number's letters and digits are `body` (upper case).
    pub fn with_number(&self, body: &str) -> Vec<u32> {
        let h = Fnv::START.compact(body).0;
        self.numbers
            .get(&h)
            .filter(|&k| {
                compact(&self.ledger.invoices[self.open[k as usize].pos as usize].number) == body
            })
            .collect()
    }

    /// A client's open invoices, oldest due first.
    pub fn of_client(&self, c: ClientId) -> impl Iterator<Item = u32> + '_ {
        self.clients.get(&c)
    }

    /// The open invoices due exactly `cents`, oldest due first.
    pub fn with_amount(&self, cents: i64) -> impl Iterator<Item = u32> + '_ {
        self.amounts.get(&cents)
    }

    /// The clients whose name key is exactly `key`.
    pub fn named(&self, key: &str) -> Vec<ClientId> {
        self.named_words(&key.split(' ').collect::<Vec<_>>())
    }

    fn named_words(&self, words: &[&str]) -> Vec<ClientId> {
        let h = name_hash(words.iter().copied());
        self.name_keys
            .get(&h)
            .map(|e| &self.names[e as usize])
            .filter(|(k, _)| k.split(' ').eq(words.iter().copied()))
            .map(|(_, c)| *c)
            .collect()
    }

    /// The clients whose name key is a run of whole words of `text`, the longest keys only
    /// (`DUPONT ET FILS` in a label wins over `DUPONT`).
    pub fn names_in(&self, text: &str) -> Vec<ClientId> {
        let folded = name_key(text);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut best_len = 0;
        let mut found: Vec<ClientId> = Vec::new();
        for i in 0..words.len() {
            let mut h = Fnv::START;
            for j in i..words.len().min(i + self.longest_name) {
                if j > i {
                    h = h.byte(b' ');
                }
                for b in words[j].bytes() {
                    h = h.byte(b);
                }
                let len = j - i + 1;
                if len < best_len || !self.name_keys.heads.contains_key(&h.0) {
                    continue;
                }
                let ids = self.named_words(&words[i..=j]);
                if ids.is_empty() {
                    continue;
                }
                if len > best_len {
                    best_len = len;
                    found.clear();
                }
                for id in ids {
                    if !found.contains(&id) {
                        found.push(id);
                    }
                }
            }
        }
        found
    }

    /// The open invoices whose number is written in `text`, spaces, dashes and case aside
    /// (`F2025-038`, `f 2025 038`): runs of up to five words joined and looked up.
    pub fn numbers_in(&self, text: &str) -> Vec<u32> {
        let words: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut found = Vec::new();
        for i in 0..words.len() {
            let mut h = Fnv::START;
            let mut len = 0;
            for j in i..words.len().min(i + 5) {
                h = h.compact(words[j]);
                len += words[j].len();
                if len > self.longest_number {
                    break;
                }
                if !self.numbers.heads.contains_key(&h.0) {
                    continue;
                }
                let joined: String = words[i..=j].concat().to_ascii_uppercase();
                for k in self.with_number(&joined) {
                    if !found.contains(&k) {
                        found.push(k);
                    }
                }
            }
        }
        found
    }
}

/// The hash of a name key given as its words (joined by one space).
fn name_hash<'w>(words: impl Iterator<Item = &'w str>) -> u64 {
    let mut h = Fnv::START;
    for (n, w) in words.enumerate() {
        if n > 0 {
            h = h.byte(b' ');
        }
        for b in w.bytes() {
            h = h.byte(b);
        }
    }
    h.0
}

#[cfg(test)]
mod tests {
    use super::to_cents;

    #[test]
    fn cents() {
        let c = |s: &str| to_cents(s.parse().unwrap());
        assert_eq!(c("1440"), Some(144_000));
        assert_eq!(c("1440.5"), Some(144_050));
        assert_eq!(c("-0.07"), Some(-7));
        assert_eq!(c("1.250"), Some(125));
        assert_eq!(c("1.255"), None);
        assert_eq!(c("79228162514264337593543950335"), None);
    }
}
