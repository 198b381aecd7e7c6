//! `encours`: the receivables engine on the command line.
//!
//! ```text
//! encours import FILE... [--format auto|csv|fec] [--json]
//! encours aging  FILE... --as-of YYYY-MM-DD [--buckets 30,60,90] [--rate USD=0.92] [--base EUR] [--json]
//! encours kpi    FILE... --as-of YYYY-MM-DD [--period-days 90] [--json]
//! encours worklist FILE... --as-of YYYY-MM-DD [--json]
//! encours penalty --amount A --due YYYY-MM-DD --paid YYYY-MM-DD [--rate-table FILE] [--json]
//! encours match FILE... --bank STATEMENT [--bank STATEMENT ...] --as-of YYYY-MM-DD [--json]
//! ```

mod args;
mod matching;
mod output;
mod penalty;
mod worklist;

use args::{Args, Command};
use encours_core::import::{self, FileKind, ImportOptions, RowError};
use encours_core::Ledger;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("encours: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let result = match args.command {
        Command::Help => write_line(args::USAGE),
        Command::Penalty => penalty::run(&args.penalty, args.json),
        Command::Generate => generate(&args),
        _ => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("encours: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The rows the files' imports refused, and the warnings, each with its file's name.
#[derive(Default)]
pub struct Issues {
    pub errors: Vec<(String, RowError)>,
    pub warnings: Vec<(String, RowError)>,
}

/// Reads every file into one ledger: invoices and FEC files first, payments after, so that
/// payments find the invoices they name.
fn load(args: &Args) -> Result<(Ledger, Issues, import::ImportReport), String> {
    let mut parsed = Vec::new();
    for path in &args.files {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let label = std::path::Path::new(path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let opts = ImportOptions::builder(args.today())
            .format(args.format)
            .label(label)
            .build();
        let p = import::parse(&bytes, &opts).map_err(|e| format!("{path}: {e}"))?;
        parsed.push((p, opts));
    }
    parsed.sort_by_key(|(p, _)| p.detected.kind == FileKind::Payments);
    let mut ledger = Ledger::default();
    let mut issues = Issues::default();
    let mut total = import::ImportReport::default();
    for (p, opts) in parsed {
        let file = &opts.label;
        let r = import::commit(&mut ledger, &p, &opts);
        let named = |rows: &[RowError]| {
            rows.iter()
                .map(|e| (file.clone(), e.clone()))
                .collect::<Vec<_>>()
        };
        issues.errors.extend(named(&r.errors));
        issues.warnings.extend(named(&r.warnings));
        total.new_clients += r.new_clients;
        total.new_invoices += r.new_invoices;
        total.updated_invoices += r.updated_invoices;
        total.new_payments += r.new_payments;
        total.changes.extend(r.changes);
    }
    Ok((ledger, issues, total))
}

fn run(args: &Args) -> Result<(), String> {
    let (ledger, issues, report) = if args.demo {
        let l = encours_core::generator::demo(args.as_of());
        (l, Issues::default(), import::ImportReport::default())
    } else {
        let (l, issues, report) = load(args)?;
        (encours_core::Portfolio::new(l), issues, report)
    };
    // Amounts converted; the follow-up (reminders reached, settings) holds none.
    let ledger = if args.rates.is_empty() {
        ledger
    } else {
        let converted = ledger.ledger().converted(args.base, &args.rates);
        encours_core::Portfolio::from_parts(converted, ledger.follow_up)
    };
    let out = match args.command {
        Command::Import => output::import(&ledger, &report, &issues, args.json),
        Command::Aging => output::aging(&ledger, args, &issues)?,
        Command::Kpi => output::kpi(&ledger, args, &issues),
        Command::Worklist => worklist::output(&ledger, args.as_of(), args.json),
        Command::Match => return matching::run(args, &ledger),
        Command::Help | Command::Penalty | Command::Generate => unreachable!("handled in main"),
    };
    write_line(&out)
}

/// Writes `text` and a line break to standard output (see [`write_out`]).
pub(crate) fn write_line(text: &str) -> Result<(), String> {
    write_out(text.as_bytes())?;
    write_out(b"\n")
}

/// Writes to standard output. A reader that stops early (`encours aging … | head`) closes the
/// pipe: that ends the output, it is not an error (`println!` would panic).
pub(crate) fn write_out(bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Writes the generator's portfolio as a French CSV, to `--out` or standard output; says on
/// standard error what it wrote.
fn generate(args: &Args) -> Result<(), String> {
    use encours_core::generator::{french_csv, generate, GeneratorOptions};
    let g = &args.generate;
    let opts = GeneratorOptions {
        seed: g.seed,
        ..GeneratorOptions::new(g.invoices, args.as_of())
    };
    let ledger = generate(&opts);
    let csv = french_csv(&ledger);
    let to = match &g.out {
        Some(path) => {
            std::fs::write(path, &csv).map_err(|e| format!("{path}: {e}"))?;
            path.as_str()
        }
        None => {
            write_out(csv.as_bytes())?;
            "standard output"
        }
    };
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "{} for {}, {}, to {to}",
        count(ledger.invoices.len(), "invoice"),
        count(ledger.clients.len(), "client"),
        count(csv.len(), "byte"),
    );
    Ok(())
}
