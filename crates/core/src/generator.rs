//! Deterministic portfolios: the same seed gives the same ledger and the same CSV, for demos,
//! tests and benchmarks.

use crate::ledger::{
    Allocation, Client, ClientId, CustomerKind, DocKind, Invoice, InvoiceId, InvoiceStatus, Ledger,
    Payment, PaymentId,
};
use crate::money::Currency;
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use std::fmt::Write;

/// A small, fast, seeded generator (SplitMix64): no dependency, identical on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

pub(crate) const PREFIXES: &[&str] = &[
    "Atelier",
    "Boulangerie",
    "Cabinet",
    "Garage",
    "Imprimerie",
    "Menuiserie",
    "Pharmacie",
    "Transports",
    "Studio",
    "Librairie",
    "Hôtel",
    "Brasserie",
    "Clinique",
    "Agence",
    "Ferme",
];
pub(crate) const NAMES: &[&str] = &[
    "Dupont",
    "Martin",
    "Bernard",
    "Lefèvre",
    "Moreau",
    "Garnier",
    "Rousseau",
    "Fontaine",
    "Chevalier",
    "Mercier",
    "Blanc",
    "Guérin",
    "Faure",
    "Lambert",
    "Bonnet",
    "Girard",
    "Roux",
    "Morel",
];
pub(crate) const FORMS: &[&str] = &["SARL", "SAS", "SA", "EURL", "& Fils", "SCOP"];
pub(crate) const CITIES: &[&str] = &[
    "Lyon", "Nantes", "Lille", "Rennes", "Bordeaux", "Dijon", "Tours", "Annecy", "Brest", "Nancy",
];
const SEGMENTS: &[&str] = &["PME", "Grands comptes", "Artisans", "Particuliers"];

/// What to generate.
#[derive(Clone, Debug)]
pub struct GeneratorOptions {
    pub seed: u64,
    pub invoices: usize,
    pub clients: usize,
    /// The last invoice date; the portfolio spreads over `months` before it.
    pub today: NaiveDate,
    pub months: u32,
}

impl GeneratorOptions {
    /// `invoices` invoices for `invoices / 5` clients over 18 months.
    pub fn new(invoices: usize, today: NaiveDate) -> Self {
        GeneratorOptions {
            seed: 42,
            invoices,
            clients: (invoices / 5).max(1),
            today,
            months: 18,
        }
    }
}

/// The app's demo portfolio, dated relative to `today` (the CLI's `--demo` gives the same
/// book): a small business's 40 clients and 600 invoices over 18 months. Half the clients pay
/// on time, a third a little late, a few late and three very late (those reach the formal
/// notice); names without numbers. Its own profile: [`generate`], the benchmarks' portfolio,
/// is left as it is (same seed, same bytes).
pub fn demo(today: NaiveDate) -> crate::Portfolio {
    crate::generator_demo::demo(today)
}

/// Generates a realistic French portfolio: most invoices paid (some late, some in part), a few
/// disputed, a few credit notes, some still open.
pub fn generate(opts: &GeneratorOptions) -> Ledger {
    let mut rng = Rng::new(opts.seed);
    let mut ledger = Ledger::default();
    for k in 0..opts.clients {
        let name = format!(
            "{} {} {}",
            PREFIXES[rng.below(PREFIXES.len() as u64) as usize],
            NAMES[rng.below(NAMES.len() as u64) as usize],
            FORMS[rng.below(FORMS.len() as u64) as usize]
        );
        let consumer = rng.chance(8);
        let city = CITIES[rng.below(CITIES.len() as u64) as usize];
        ledger.add_client(Client {
            name: format!("{name} {}", k + 1),
            code: Some(format!("C{:05}", k + 1)),
            siren: (!consumer).then(|| format!("{:09}", 300_000_000 + rng.below(600_000_000))),
            email: Some(format!("compta{}@exemple.fr", k + 1)),
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
            segment: Some(SEGMENTS[if consumer { 3 } else { rng.below(3) as usize }].to_string()),
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
    let span_days = i64::from(opts.months) * 30;
    let start = opts.today - Days::new(span_days as u64);
    // Each client has a habit: on time, a bit late, late, very late.
    let habits: Vec<i64> = (0..opts.clients)
        .map(|_| [0, 5, 12, 25, 60][rng.below(5) as usize])
        .collect();
    for n in 0..opts.invoices {
        let c = rng.below(opts.clients as u64) as usize;
        // Invoices spread evenly in time, in number order.
        let issue = start + Days::new((n as i64 * span_days / opts.invoices.max(1) as i64) as u64);
        let terms = ledger.clients[c].terms_days.unwrap_or(30);
        let due = issue + Days::new(terms.into());
        let net = Decimal::new(5_000 + rng.below(800_000) as i64, 2);
        let vat = (net * Decimal::new(20, 2)).round_dp(2);
        let total = net + vat;
        let number = format!("F{}-{:06}", issue.year(), n + 1);
        let status = if rng.chance(2) {
            InvoiceStatus::Disputed
        } else {
            InvoiceStatus::Open
        };
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
            status,
            status_date: (status != InvoiceStatus::Open).then_some(due),
            doubtful: false,
            applies_to: None,
            batch: None,
        });
        if status == InvoiceStatus::Disputed {
            continue;
        }
        let delay = habits[c] + rng.below(20) as i64 - 5;
        let pay_date = due + chrono::Duration::days(delay);
        // Some old invoices of the worst payers are never paid and end up written off.
        let given_up = due + Days::new(180);
        if habits[c] >= 60 && given_up <= opts.today && rng.chance(12) {
            let inv = ledger.invoices.last_mut().expect("just added");
            inv.status = InvoiceStatus::WrittenOff;
            inv.status_date = Some(given_up);
            continue;
        }
        if pay_date > opts.today {
            continue;
        }
        // 1 in 10 is paid in part only; 1 in 60 gets a credit note.
        if rng.chance(2) {
            let amount = (total * Decimal::new(10 + rng.below(30) as i64, 2)).round_dp(2);
            ledger.add_invoice(Invoice {
                id: InvoiceId(0),
                number: format!("AV{}-{:06}", issue.year(), n + 1),
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
            continue;
        }
        let amount = if rng.chance(10) {
            (total * Decimal::new(30 + rng.below(50) as i64, 2)).round_dp(2)
        } else {
            total
        };
        ledger.add_payment(Payment {
            id: PaymentId(0),
            client: ClientId(c as u64),
            date: pay_date,
            date_known: true,
            amount,
            currency: Currency::EUR,
            allocations: vec![Allocation {
                invoice: id,
                amount,
            }],
            reference: Some(number),
            batch: None,
            summary: false,
        });
    }
    crate::small::sort_by(&mut ledger.payments, |a, b| a.id.cmp(&b.id));
    ledger
}

/// Writes the ledger's invoices as a French CSV: `;`, decimal comma with space thousands
/// separator, DD/MM/YYYY dates, a "Réglé" column with what was paid by `as_of`.
pub fn french_csv(ledger: &Ledger) -> String {
    let mut paid = vec![Decimal::ZERO; ledger.invoices.len()];
    let index = ledger.invoice_index();
    for p in &ledger.payments {
        for a in &p.allocations {
            if let Some(pos) = index.get(a.invoice.0) {
                paid[pos] += a.amount;
            }
        }
    }
    let cindex = ledger.client_index();
    let mut out = String::with_capacity(ledger.invoices.len() * 100);
    out.push_str(
        "N° facture;Client;Code client;Date;Échéance;Montant HT;TVA;Montant TTC;Réglé;Statut\r\n",
    );
    for (pos, inv) in ledger.invoices.iter().enumerate() {
        let client = cindex.get(inv.client.0).map(|p| &ledger.clients[p]);
        let name = client.map_or("", |c| c.name.as_str());
        let code = client.and_then(|c| c.code.as_deref()).unwrap_or("");
        let status = match inv.status {
            InvoiceStatus::Disputed => "Litige",
            InvoiceStatus::Litigation => "Contentieux",
            InvoiceStatus::WrittenOff => "Perte",
            InvoiceStatus::Open => "",
        };
        let _ = write!(
            out,
            "{};{};{};{};{};{};{};{};{};{}\r\n",
            inv.number,
            quote(name),
            code,
            inv.issue_date.format("%d/%m/%Y"),
            inv.due_date.format("%d/%m/%Y"),
            french_amount(inv.net.unwrap_or_default()),
            french_amount(inv.vat.unwrap_or_default()),
            french_amount(inv.total),
            french_amount(paid[pos]),
            status
        );
    }
    out
}

fn quote(s: &str) -> String {
    if s.contains([';', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `1234.5` → `1 234,50`.
pub fn french_amount(d: Decimal) -> String {
    crate::money::grouped(d, ' ', ',')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, dec};

    #[test]
    fn same_seed_same_ledger() {
        let o = GeneratorOptions::new(500, date("2025-06-30"));
        assert_eq!(generate(&o), generate(&o));
        let other = GeneratorOptions {
            seed: 7,
            ..o.clone()
        };
        assert_ne!(generate(&o), generate(&other));
    }

    #[test]
    fn french_amounts() {
        assert_eq!(french_amount(dec("1234.5")), "1 234,50");
        assert_eq!(french_amount(dec("-300")), "-300,00");
        assert_eq!(french_amount(dec("1234567.891")), "1 234 567,89");
    }
}
