//! Which column is which, by names and by values. The names propose (synonyms, see
//! [`super::header`]); the first data rows decide between columns that name one field, and
//! find the fields no name gives: dates that parse as dates, amounts as amounts, an invoice
//! number that has digits, a client that has letters. A column the names chose keeps its
//! field unless another one named for it fits its values and it does not.

use super::header::{self, Field};
use super::text::{parse_amount, parse_date, DateOrder, DecimalSep};

/// What the sampled values of one column look like.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Profile {
    /// Non-blank values.
    filled: u32,
    dates: u32,
    amounts: u32,
    digits: u32,
    letters: u32,
    /// Three capital letters (EUR, USD).
    codes: u32,
}

impl Profile {
    fn of<'a>(values: impl Iterator<Item = &'a str>) -> Profile {
        let mut p = Profile::default();
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            p.filled += 1;
            let b = v.as_bytes();
            let date = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd]
                .iter()
                .any(|&o| parse_date(b, o).is_ok());
            p.dates += u32::from(date);
            let amount = !date
                && [DecimalSep::Dot, DecimalSep::Comma]
                    .iter()
                    .any(|&s| parse_amount(b, s).is_ok());
            p.amounts += u32::from(amount);
            p.digits += u32::from(b.iter().any(u8::is_ascii_digit));
            p.letters += u32::from(v.chars().any(char::is_alphabetic));
            p.codes += u32::from(b.len() == 3 && b.iter().all(u8::is_ascii_uppercase));
        }
        p
    }

    /// The share of filled values that suit `field` (1 for an empty column: nothing against).
    fn fit(&self, field: Field) -> f64 {
        if self.filled == 0 {
            return 1.0;
        }
        let share = |n: u32| f64::from(n) / f64::from(self.filled);
        match field {
            Field::IssueDate | Field::DueDate | Field::PaymentDate => share(self.dates),
            Field::Net
            | Field::Vat
            | Field::Total
            | Field::Paid
            | Field::Outstanding
            | Field::LineTotal
            | Field::InstallmentAmount => share(self.amounts),
            Field::Number => share(self.digits) * (1.0 - share(self.dates)),
            Field::Client => share(self.letters) * (1.0 - share(self.dates)),
            Field::Currency => share(self.codes),
            _ => 1.0,
        }
    }
}

/// Profiles of every column over the sampled records (`rows[r][c]`).
pub(super) fn profiles(columns: usize, rows: &[Vec<String>]) -> Vec<Profile> {
    (0..columns)
        .map(|c| Profile::of(rows.iter().filter_map(|r| r.get(c).map(String::as_str))))
        .collect()
}

/// Words that point a column with no known name to a field, and words that rule it out.
/// A column is proposed when its name has a word of the first list and none of the second.
const HINTS: &[(Field, &[&str], &[&str])] = &[
    (
        Field::Number,
        &[
            "number",
            "numero",
            "num",
            "no",
            "n",
            "details",
            "document",
            "facture",
            "ref",
            "reference",
            "piece",
        ],
        &[
            "order",
            "po",
            "purchase",
            "estimate",
            "tax",
            "account",
            "phone",
            "tel",
            "customer",
            "client",
            "line",
            "item",
            "project",
            "branch",
            "transaction",
            "bill",
            "tracking",
            "vat",
            "tva",
            "siren",
            "siret",
        ],
    ),
    (
        Field::Client,
        &[
            "client",
            "customer",
            "party",
            "contact",
            "company",
            "name",
            "nom",
            "tiers",
            "societe",
            "debtor",
            "buyer",
            "recipient",
            "destinataire",
            "partner",
        ],
        &[
            "email", "mail", "phone", "address", "adresse", "item", "product", "produit",
            "template", "branch", "sales", "person", "city", "country", "code", "id", "number",
            "tax", "vat", "style", "account", "file", "project",
        ],
    ),
    (
        Field::IssueDate,
        &[
            "date", "issued", "invoiced", "created", "document", "emission", "facture", "invoice",
        ],
        &[
            "due",
            "echeance",
            "paid",
            "payment",
            "paiement",
            "reglement",
            "updated",
            "modified",
            "last",
            "ship",
            "expected",
            "writeoff",
            "limite",
            "partial",
            "added",
            "let",
            "valid",
        ],
    ),
    (
        Field::DueDate,
        &["due", "echeance", "limite", "expiry"],
        &["partial", "amount", "montant", "balance"],
    ),
    (
        Field::Total,
        &[
            "total", "amount", "montant", "ttc", "gross", "grand", "sum", "somme",
        ],
        &[
            "tax",
            "tva",
            "vat",
            "rate",
            "taux",
            "discount",
            "remise",
            "quantity",
            "qty",
            "quantite",
            "price",
            "prix",
            "unit",
            "paid",
            "paye",
            "regle",
            "balance",
            "due",
            "reste",
            "solde",
            "outstanding",
            "base",
            "sub",
            "subtotal",
            "ht",
            "net",
            "shipping",
            "adjustment",
            "writeoff",
            "late",
            "fee",
            "line",
            "item",
            "ligne",
            "before",
            "exchange",
            "withholding",
            "one",
            "two",
            "debit",
            "credit",
            "untaxed",
            "residual",
            "remaining",
            "creance",
        ],
    ),
    (
        Field::Outstanding,
        &[
            "balance",
            "outstanding",
            "remaining",
            "restant",
            "reste",
            "solde",
            "residual",
            "creance",
        ],
        &["date", "base", "account", "opening"],
    ),
    (
        Field::Currency,
        &["currency", "devise"],
        &["rate", "exchange"],
    ),
    (Field::Status, &["status", "statut", "etat", "state"], &[]),
];

/// How many of `pos` the name has, 0 if it has any of `neg`.
fn hint_score(words: &[&str], pos: &[&str], neg: &[&str]) -> usize {
    if words.iter().any(|w| neg.contains(w)) {
        return 0;
    }
    words.iter().filter(|w| pos.contains(w)).count()
}

/// How well a named column suits its field, best last: its values suit it, its name's rank,
/// it is filled, its share of suitable values (per mille).
type Fitness = (bool, u8, bool, u32);

/// The mapping for a header row and the profiles of its columns.
pub(super) fn choose(headers: &[String], profiles: &[Profile]) -> Vec<(Field, usize)> {
    let fit = |f: Field, c: usize| profiles.get(c).map_or(1.0, |p| p.fit(f));
    let filled = |c: usize| profiles.get(c).is_some_and(|p| p.filled > 0);
    // Among the columns named for a field: one whose values suit it, the most specific name,
    // a filled one, the best fit, the first.
    let mut best: Vec<(Field, usize, Fitness)> = Vec::new();
    for (f, col, rank) in header::candidates(headers) {
        let fv = fit(f, col);
        let key = (fv >= 0.5, rank, filled(col), (fv * 1000.0) as u32);
        match best.iter_mut().find(|(g, _, _)| *g == f) {
            None => best.push((f, col, key)),
            Some(slot) if key > slot.2 => *slot = (f, col, key),
            Some(_) => {}
        }
    }
    // An optional field whose only named column holds other things (a "Tax" column of tax
    // codes, GST-18) is left out; a needed one is kept, so that its rows say what is wrong.
    let needed = [
        Field::Number,
        Field::Client,
        Field::ClientCode,
        Field::IssueDate,
        Field::Total,
    ];
    let mut mapping: Vec<(Field, usize)> = best
        .into_iter()
        .filter(|(f, _, key)| key.0 || needed.contains(f))
        .map(|(f, c, _)| (f, c))
        .collect();
    let has = |m: &[(Field, usize)], f: Field| m.iter().any(|(g, _)| *g == f);
    // Fields no name gave: the column whose name hints at it and whose values suit it.
    for &(field, pos, neg) in HINTS {
        if has(&mapping, field) || (field == Field::Total && has_amount(&mapping)) {
            continue;
        }
        let taken: Vec<usize> = mapping.iter().map(|&(_, c)| c).collect();
        let pick = headers
            .iter()
            .enumerate()
            .filter(|(c, _)| !taken.contains(c))
            .filter_map(|(c, h)| {
                let n = header::normalize(h);
                let words: Vec<&str> = n.split(' ').collect();
                let score = hint_score(&words, pos, neg);
                let fv = fit(field, c);
                (score > 0 && filled(c) && fv >= 0.9).then_some((score, (fv * 1000.0) as u32, c))
            })
            // Most hint words, then the best fit, then the first column.
            .max_by_key(|&(s, f, c)| (s, f, std::cmp::Reverse(c)));
        if let Some((_, _, c)) = pick {
            mapping.push((field, c));
        }
    }
    mapping
}

/// Whether some column gives an invoice its amount (total, net, outstanding or line totals).
fn has_amount(m: &[(Field, usize)]) -> bool {
    m.iter().any(|(f, _)| {
        matches!(
            f,
            Field::Total | Field::Net | Field::Outstanding | Field::LineTotal
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn map(headers: &[&str], rows: &[&[&str]]) -> Vec<(Field, usize)> {
        let rows: Vec<Vec<String>> = rows.iter().map(|r| strings(r)).collect();
        choose(&strings(headers), &profiles(headers.len(), &rows))
    }

    #[test]
    fn values_decide_between_columns_named_for_one_field() {
        // Two "Date" columns: the second holds the dates; two "Amount" columns, the first
        // empty (a tax line's), the second filled.
        let m = map(
            &["Date", "Client", "N°", "Date", "Amount", "Amount"],
            &[
                &["soon", "Dupont", "F1", "2025-01-10", "", "100.00"],
                &["later", "Roux", "F2", "2025-02-10", "", "50.00"],
            ],
        );
        assert!(m.contains(&(Field::IssueDate, 3)), "{m:?}");
        assert!(m.contains(&(Field::Total, 5)), "{m:?}");
        // With no dates in either, the first (names alone, as before).
        let m = map(&["Date", "Date"], &[&["a", "b"]]);
        assert!(m.contains(&(Field::IssueDate, 0)), "{m:?}");
    }

    #[test]
    fn unknown_names_are_found_by_hint_words_and_values() {
        // No synonym names the number, the client or the issue date here.
        let m = map(
            &[
                "Ticket reference",
                "Buyer",
                "Created date",
                "Last updated date",
                "Amount to pay",
                "Currency used",
            ],
            &[
                &["T-101", "Acme", "2025-01-10", "2025-03-01", "120.00", "EUR"],
                &["T-102", "Roux", "2025-01-12", "2025-03-01", "80.00", "EUR"],
            ],
        );
        assert!(m.contains(&(Field::Number, 0)), "{m:?}");
        assert!(m.contains(&(Field::Client, 1)), "{m:?}");
        assert!(m.contains(&(Field::IssueDate, 2)), "{m:?}");
        assert!(m.contains(&(Field::Total, 4)), "{m:?}");
        assert!(m.contains(&(Field::Currency, 5)), "{m:?}");
        // A hinted column whose values do not fit is left alone.
        let m = map(&["Created date", "Buyer"], &[&["yesterday", "Acme"]]);
        assert!(!m.iter().any(|(f, _)| *f == Field::IssueDate), "{m:?}");
    }
}
