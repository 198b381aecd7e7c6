//! The demo portfolio: a small French business's book as a new user should first see it.
//!
//! Unlike the benchmarks' [`crate::generator::generate`] (uniform habits, numbered names, built
//! for volume), the demo's clients behave like real ones: 20 of 40 pay on time, 13 a little
//! late (3 to 15 days), 4 late (20 to 40 days), 3 very late (50 to 90 days: those are at the
//! formal notice or past it); 1 invoice in 50 due in the last four months is disputed, 1 in
//! 20 is paid in two goes, 1 in 50 reduced by a credit note. Names are a trade and a family name, each used once.

use crate::generator::{Rng, CITIES, FORMS, NAMES, PREFIXES};
use crate::ledger::{
    Allocation, Client, ClientId, CustomerKind, DocKind, Invoice, InvoiceId, InvoiceStatus, Ledger,
    Payment, PaymentId,
};
use crate::money::Currency;
use crate::portfolio::Portfolio;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

const CLIENTS: usize = 40;
const INVOICES: usize = 600;
const MONTHS: i64 = 18;

/// Payment habits: how many clients, and their delay after the due date (min, max days).
const HABITS: [(usize, i64, i64); 4] = [(20, -5, 2), (13, 3, 15), (4, 20, 40), (3, 50, 90)];

/// `xs` in a seeded random order (Fisher–Yates).
fn shuffled<T: Clone>(rng: &mut Rng, xs: &[T]) -> Vec<T> {
    let mut v = xs.to_vec();
    for k in (1..v.len()).rev() {
        v.swap(k, rng.below(k as u64 + 1) as usize);
    }
    v
}

/// "Boulangerie Lefèvre" → "boulangerie-lefevre" (for an e-mail domain).
fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        let c = match ch {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        };
        if c != '-' || !out.ends_with('-') {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

pub(crate) fn demo(today: NaiveDate) -> Portfolio {
    let mut rng = Rng::new(2026);
    let mut ledger = Ledger::default();
    // Each (trade, family name) once: no two clients alike, no numbers.
    let pairs: Vec<(usize, usize)> = (0..PREFIXES.len())
        .flat_map(|p| (0..NAMES.len()).map(move |n| (p, n)))
        .collect();
    let pairs = shuffled(&mut rng, &pairs);
    let mut delays: Vec<(i64, i64)> = HABITS
        .iter()
        .flat_map(|&(n, lo, hi)| std::iter::repeat_n((lo, hi), n))
        .collect();
    delays = shuffled(&mut rng, &delays);
    for (k, &(p, n)) in pairs.iter().take(CLIENTS).enumerate() {
        let consumer = k % 12 == 11;
        let base = if consumer {
            format!("{} {}", ["Mme", "M."][rng.below(2) as usize], NAMES[n])
        } else {
            format!("{} {}", PREFIXES[p], NAMES[n])
        };
        let name = if !consumer && rng.chance(40) {
            format!("{base} {}", FORMS[rng.below(FORMS.len() as u64) as usize])
        } else {
            base.clone()
        };
        let city = CITIES[rng.below(CITIES.len() as u64) as usize];
        ledger.add_client(Client {
            name,
            code: Some(format!("C{:05}", k + 1)),
            siren: (!consumer).then(|| format!("{:09}", 300_000_000 + rng.below(600_000_000))),
            email: Some(if consumer {
                format!("{}@exemple.fr", slug(NAMES[n]))
            } else {
                format!("compta@{}.fr", slug(&base))
            }),
            phone: Some(format!(
                "0{} {:02} {:02} {:02} {:02}",
                1 + rng.below(5),
                rng.below(100),
                rng.below(100),
                rng.below(100),
                rng.below(100)
            )),
            address: Some(format!(
                "{} rue de la République\n{} {city}",
                1 + rng.below(120),
                10_000 + rng.below(85_000)
            )),
            segment: Some(
                if consumer {
                    "Particuliers"
                } else {
                    ["PME", "Grands comptes", "Artisans"][rng.below(3) as usize]
                }
                .to_string(),
            ),
            kind: if consumer {
                CustomerKind::Consumer
            } else {
                CustomerKind::Business
            },
            terms_days: Some([30, 30, 45, 60][rng.below(4) as usize]),
            credit_limit: rng
                .chance(50)
                .then(|| Decimal::from(5_000 + 1_000 * rng.below(20))),
            ..Client::default()
        });
    }
    let span_days = MONTHS * 30;
    let start = today - Days::new(span_days as u64);
    for n in 0..INVOICES {
        let c = rng.below(CLIENTS as u64) as usize;
        let issue = start + Days::new((n as i64 * span_days / INVOICES as i64) as u64);
        let terms = ledger.clients[c].terms_days.unwrap_or(30);
        let due = issue + Days::new(terms.into());
        let net = Decimal::new(20_000 + rng.below(500_000) as i64, 2);
        let vat = (net * Decimal::new(20, 2)).round_dp(2);
        let total = net + vat;
        let number = format!("F{}-{:04}", issue.year(), n + 1);
        // A dispute is raised a week or two after the due date, and only once it has come.
        let disputed_on = due + Days::new(7 + rng.below(8));
        // Older disputes were settled long ago (paid as usual): only recent ones are open.
        let disputed =
            rng.chance(2) && disputed_on <= today && disputed_on + Days::new(120) > today;
        let id = ledger.add_invoice(Invoice {
            id: InvoiceId(0),
            number: number.clone(),
            client: ClientId(c as u64),
            kind: DocKind::Invoice,
            issue_date: issue,
            due_date: due,
            net: Some(net),
            vat: Some(vat),
            total,
            currency: Currency::EUR,
            installments: Vec::new(),
            status: if disputed {
                InvoiceStatus::Disputed
            } else {
                InvoiceStatus::Open
            },
            status_date: disputed.then_some(disputed_on),
            doubtful: false,
            applies_to: None,
            batch: None,
        });
        if disputed {
            continue;
        }
        let (lo, hi) = delays[c];
        let delay = lo + rng.below((hi - lo + 1) as u64) as i64;
        let pay_date = due + chrono::Duration::days(delay);
        if pay_date > today {
            continue;
        }
        if rng.chance(2) {
            let amount = (total * Decimal::new(10 + rng.below(20) as i64, 2)).round_dp(2);
            ledger.add_invoice(Invoice {
                id: InvoiceId(0),
                number: format!("AV{}-{:04}", issue.year(), n + 1),
                client: ClientId(c as u64),
                kind: DocKind::CreditNote,
                issue_date: issue + Days::new(10),
                due_date: issue + Days::new(10),
                net: None,
                vat: None,
                total: -amount,
                currency: Currency::EUR,
                installments: Vec::new(),
                status: InvoiceStatus::Open,
                status_date: None,
                doubtful: false,
                applies_to: Some(id),
                batch: None,
            });
            // The rest is paid when the client pays.
            let rest = total - amount;
            ledger.add_payment(payment(c, pay_date, rest, id, &number));
            continue;
        }
        // 1 in 20 is paid in two goes, the rest three to six weeks later (still owed if that
        // is after today).
        if rng.chance(5) {
            let first = (total * Decimal::new(40 + rng.below(40) as i64, 2)).round_dp(2);
            ledger.add_payment(payment(c, pay_date, first, id, &number));
            let later = pay_date + Days::new(21 + rng.below(22));
            if later <= today {
                ledger.add_payment(payment(c, later, total - first, id, &number));
            }
            continue;
        }
        ledger.add_payment(payment(c, pay_date, total, id, &number));
    }
    let mut pf = Portfolio::new(ledger);
    follow_up(&mut pf, today);
    pf
}

/// The reminders a small business would have sent: a session every other Monday over the last
/// five months, the last one two weeks ago, each entry of that day's worklist marked sent (calls
/// without an answer), so that today shows a fortnight's work rather than every late client's
/// first reminder at once.
fn follow_up(pf: &mut Portfolio, today: NaiveDate) {
    use crate::collection::CallOutcome;
    use crate::dunning::{mark_done, worklist, Channel};
    let table = crate::penalty::RateTable::builtin();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    for fortnights in (1..=10u64).rev() {
        let day = monday - Days::new(14 * fortnights);
        for e in worklist(pf, &table, day).entries {
            let outcome = (e.level.channel == Channel::Phone).then_some(CallOutcome::NoAnswer);
            let text = format!("{} (portefeuille de démonstration)", e.level.name);
            mark_done(pf, &e, day, text, outcome);
        }
    }
}

fn payment(c: usize, date: NaiveDate, amount: Decimal, id: InvoiceId, number: &str) -> Payment {
    Payment {
        id: PaymentId(0),
        client: ClientId(c as u64),
        date,
        date_known: true,
        amount,
        currency: Currency::EUR,
        allocations: vec![Allocation {
            invoice: id,
            amount,
        }],
        reference: Some(number.to_string()),
        batch: None,
        summary: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dunning::{worklist, LevelKind};
    use crate::penalty::RateTable;
    use crate::test_support::date;

    #[test]
    fn the_demo_looks_like_a_small_business() {
        let today = date("2025-06-30");
        let pf = demo(today);
        assert_eq!(pf, demo(today), "deterministic");
        let l = pf.ledger();
        assert_eq!(l.clients.len(), CLIENTS);
        // Names: unique, without a digit.
        let mut names: Vec<_> = l.clients.iter().map(|c| c.name.clone()).collect();
        assert!(
            names.iter().all(|n| !n.chars().any(|c| c.is_ascii_digit())),
            "{names:?}"
        );
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CLIENTS);
        // Most clients are not reminded at all; a few reach the notice.
        let w = worklist(&pf, &RateTable::builtin(), today);
        // Clients whose open invoices have been sent the notice (or handed over).
        let owed = crate::aging::outstanding_by_invoice(l, today);
        let mut at_notice: Vec<_> = l
            .invoices
            .iter()
            .zip(&owed)
            .filter(|(i, o)| **o > Decimal::ZERO && i.status == InvoiceStatus::Open)
            .filter(|(i, _)| {
                pf.follow_up.reached.get(&i.id).is_some_and(|r| {
                    let c = &l.clients[i.client.0 as usize];
                    let levels = &pf
                        .follow_up
                        .settings
                        .scenario_for(c.segment.as_deref())
                        .levels;
                    matches!(
                        levels[r.level].kind,
                        LevelKind::Notice | LevelKind::Handover
                    )
                })
            })
            .map(|(i, _)| i.client)
            .collect();
        at_notice.sort();
        at_notice.dedup();
        let notice = at_notice.len();
        let kinds: Vec<_> = w
            .entries
            .iter()
            .map(|e| {
                (
                    e.level.kind,
                    e.invoices.iter().map(|i| i.days_late).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert!(
            w.entries.len() <= CLIENTS / 2,
            "{} entries {kinds:?}",
            w.entries.len()
        );
        assert!(
            (1..=5).contains(&notice),
            "{notice} at the notice {kinds:?}"
        );
        assert!(w.entries.len() >= 4, "{kinds:?}");
        assert!(
            w.entries
                .iter()
                .any(|e| e.level.channel == crate::dunning::Channel::Phone),
            "a call to make: {kinds:?}"
        );
        // Nothing wildly wrong in the figures: no invoice owes more than it was billed.
        let owed = crate::aging::outstanding_by_invoice(l, today);
        for (i, o) in l.invoices.iter().zip(owed) {
            assert!(o <= i.total.max(Decimal::ZERO), "{}", i.number);
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Boulangerie Lefèvre"), "boulangerie-lefevre");
        assert_eq!(slug("Hôtel Guérin & Fils"), "hotel-guerin-fils");
    }
}
