//! Command-line arguments, parsed by hand (a handful of flags does not need a framework).

use chrono::NaiveDate;
use encours_core::aging::Buckets;
use encours_core::import::Format;
use encours_core::ledger::Rate;
use encours_core::Currency;
use rust_decimal::Decimal;

pub const USAGE: &str = "\
usage:
  encours import FILE... [--format auto|csv|fec] [--json]
  encours aging  FILE... --as-of YYYY-MM-DD [--buckets 30,60,90] [--json]
  encours kpi    FILE... --as-of YYYY-MM-DD [--period-days 90] [--json]
  encours worklist FILE... --as-of YYYY-MM-DD [--json]   (whom to remind, default scenario)
  (any report)     --demo instead of FILE...: the app's demo portfolio dated at --as-of
  encours penalty --amount A --due YYYY-MM-DD --paid YYYY-MM-DD [--consumer [--notice YYYY-MM-DD]] [--rate-table FILE] [--json]
  encours generate [--invoices 100000] [--seed 42] [--as-of YYYY-MM-DD] [--out FILE]
  encours match  FILE... --bank STATEMENT [--bank STATEMENT ...] --as-of YYYY-MM-DD [--json]
                   (receipts matched to invoices; camt.053, OFX, CFONB 120 or bank CSV)

Files combine: an invoices CSV with a payments CSV, or a FEC.
Options:
  --as-of DATE       the date of the report (aging, kpi); also the import date
  --today DATE       the import date for undated \"paid so far\" amounts (default: --as-of, else today)
  --buckets LIST     upper bounds of the overdue buckets in days (default 30,60,90)
  --period-days N    window of the simple DSO and average days late (default 90)
  --rate CUR=RATE    convert CUR to the base currency at RATE (repeatable); the report says so
  --base CUR         the base currency for --rate (default EUR)
  --json             machine-readable output; amounts are decimal strings, shares fractions
Penalty (business: L441-10, D441-5; consumer: art. 1231-6 Code civil):
  --amount A         amount incl. VAT still owed at the due date
  --due / --paid     due date; payment date (or today for an unpaid invoice), included
  --payment DATE=A   a partial payment received on DATE (repeatable)
  --rate-table FILE  CSV half_year,ecb_rate[,legal_rate] (2025-H1,3.15) replacing the built-in table;
                     a half-year missing from the table is refused, naming it
  --contract-rate R  contractual rate in percent (business: floored at 3 x the legal interest rate)
  --consumer         a consumer (B2C): legal interest rate from the notice, no 40 EUR, no floor
  --notice DATE      the consumer's mise en demeure; without it no interest runs yet
Generate (the benchmarks' portfolio: the same seed gives the same bytes):
  --invoices N       invoices to write, for N/5 clients, plus credit notes on some (default 100000)
  --seed S           the generator's seed (default 42)
  --as-of DATE       the last invoice date (default today)
  --out FILE         where to write the French CSV (;, decimal comma, DD/MM/YYYY; default stdout)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Import,
    Aging,
    Kpi,
    Worklist,
    Penalty,
    Generate,
    Match,
    Help,
}

#[derive(Clone, Debug)]
pub struct Args {
    pub command: Command,
    pub files: Vec<String>,
    pub format: Format,
    pub as_of: Option<NaiveDate>,
    pub today: Option<NaiveDate>,
    pub buckets: Buckets,
    pub period_days: u32,
    pub rates: Vec<Rate>,
    pub base: Currency,
    pub json: bool,
    /// Use the app's demo portfolio (dated at `--as-of`) instead of files.
    pub demo: bool,
    pub penalty: PenaltyArgs,
    pub generate: GenerateArgs,
    /// `match`: the bank statements.
    pub bank: Vec<String>,
}

/// The `generate` command's inputs.
#[derive(Clone, Debug)]
pub struct GenerateArgs {
    pub invoices: usize,
    pub seed: u64,
    pub out: Option<String>,
}

impl Default for GenerateArgs {
    fn default() -> Self {
        GenerateArgs {
            invoices: 100_000,
            seed: 42,
            out: None,
        }
    }
}

/// The `penalty` command's inputs.
#[derive(Clone, Debug, Default)]
pub struct PenaltyArgs {
    pub amount: Option<Decimal>,
    pub due: Option<NaiveDate>,
    pub paid: Option<NaiveDate>,
    pub payments: Vec<(NaiveDate, Decimal)>,
    pub rate_table: Option<String>,
    pub contract_rate: Option<Decimal>,
    pub consumer: bool,
    /// A consumer's mise en demeure: interest runs from the next day (art. 1231-6 C. civ.).
    pub notice: Option<NaiveDate>,
}

fn amount(flag: &str, s: &str) -> Result<Decimal, String> {
    s.parse()
        .map_err(|_| format!("{flag}: not an amount (1234.56): {s}"))
}

fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("not a date (YYYY-MM-DD): {s}"))
}

impl Args {
    pub fn parse(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
        let command = match it.next().as_deref() {
            Some("import") => Command::Import,
            Some("aging") => Command::Aging,
            Some("kpi") => Command::Kpi,
            Some("worklist") => Command::Worklist,
            Some("help" | "--help" | "-h") | None => Command::Help,
            Some("penalty") => Command::Penalty,
            Some("generate") => Command::Generate,
            Some("match") => Command::Match,
            Some(other) => return Err(format!("unknown command: {other}")),
        };
        let mut a = Args {
            command,
            files: Vec::new(),
            format: Format::Auto,
            as_of: None,
            today: None,
            buckets: Buckets::default(),
            period_days: 90,
            rates: Vec::new(),
            base: Currency::EUR,
            json: false,
            demo: false,
            penalty: PenaltyArgs::default(),
            generate: GenerateArgs::default(),
            bank: Vec::new(),
        };
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| it.next())
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--json" => a.json = true,
                "--demo" => a.demo = true,
                "--as-of" => a.as_of = Some(date(&value()?)?),
                "--today" => a.today = Some(date(&value()?)?),
                "--buckets" => a.buckets = Buckets::parse(&value()?).map_err(|e| e.to_string())?,
                "--period-days" => {
                    a.period_days = value()?
                        .parse()
                        .map_err(|_| "--period-days needs a number of days")?
                }
                "--base" => a.base = value()?.parse().map_err(|e| format!("--base: {e}"))?,
                "--rate" => {
                    let v = value()?;
                    let (c, r) = v.split_once('=').ok_or("--rate needs CUR=RATE")?;
                    a.rates.push(Rate {
                        from: c.parse().map_err(|e| format!("--rate: {e}"))?,
                        rate: r
                            .parse()
                            .map_err(|_| format!("--rate: not a number: {r}"))?,
                    });
                }
                "--format" => {
                    a.format = match value()?.as_str() {
                        "auto" => Format::Auto,
                        "csv" => Format::Csv,
                        "fec" => Format::Fec,
                        f => return Err(format!("unknown format {f} (auto, csv or fec)")),
                    }
                }
                "--amount" => a.penalty.amount = Some(amount("--amount", &value()?)?),
                "--due" => a.penalty.due = Some(date(&value()?)?),
                "--paid" => a.penalty.paid = Some(date(&value()?)?),
                "--payment" => {
                    let v = value()?;
                    let (d, x) = v.split_once('=').ok_or("--payment needs DATE=AMOUNT")?;
                    a.penalty.payments.push((date(d)?, amount("--payment", x)?));
                }
                "--rate-table" => a.penalty.rate_table = Some(value()?),
                "--contract-rate" => {
                    a.penalty.contract_rate = Some(amount("--contract-rate", &value()?)?)
                }
                "--consumer" => a.penalty.consumer = true,
                "--notice" => a.penalty.notice = Some(date(&value()?)?),
                "--invoices" => {
                    a.generate.invoices = value()?
                        .parse()
                        .map_err(|_| "--invoices needs a number of invoices")?
                }
                "--seed" => {
                    a.generate.seed = value()?
                        .parse()
                        .map_err(|_| "--seed needs a whole number")?
                }
                "--out" => a.generate.out = Some(value()?),
                "--bank" => a.bank.push(value()?),
                f if f.starts_with("--") => return Err(format!("unknown option {f}")),
                _ => a.files.push(arg),
            }
        }
        if a.command == Command::Penalty {
            let p = &a.penalty;
            if p.amount.is_none() || p.due.is_none() || p.paid.is_none() {
                return Err("penalty needs --amount, --due and --paid".into());
            }
            return Ok(a);
        }
        if a.command == Command::Generate {
            return match a.files.first() {
                Some(f) => Err(format!(
                    "generate reads no file ({f}): use --out to write one"
                )),
                None => Ok(a),
            };
        }
        if a.command != Command::Help && a.files.is_empty() && !a.demo {
            return Err("no input file".into());
        }
        if a.command == Command::Match && a.bank.is_empty() {
            return Err("match needs --bank STATEMENT".into());
        }
        if matches!(
            a.command,
            Command::Aging | Command::Kpi | Command::Worklist | Command::Match
        ) && a.as_of.is_none()
        {
            return Err("--as-of YYYY-MM-DD is required".into());
        }
        Ok(a)
    }

    /// The import date: `--today`, else `--as-of` (the files are a snapshot of that day), else
    /// the system date.
    pub fn today(&self) -> NaiveDate {
        self.today
            .or(self.as_of)
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| self.today())
    }
}
