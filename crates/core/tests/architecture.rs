//! The core's layering (docs/architecture.md), checked on its source: the ledger knows
//! nothing of the follow-up, and the reports read the ledger, never dunning or its records.
//!
//! Only code counts: comments are stripped first (a doc link to a higher layer is allowed).
//! Mutations tried: `use crate::collection::Collection;` added to `ledger.rs` fails
//! `the_ledger_and_money_use_no_follow_up_module` (left: [("ledger.rs", "collection")]);
//! `use crate::dunning::Language;` added to `aging.rs` fails
//! `reports_do_not_use_collection_or_dunning` (left: [("aging.rs", "dunning")]).

use std::path::{Path, PathBuf};

/// The follow-up side of the core (and the portfolio that holds it, and the import that
/// feeds the ledger): what the ledger must not name.
const FOLLOW_UP: &[&str] = &[
    "collection",
    "dunning",
    "plan",
    "dispute",
    "scoring",
    "provision",
    "case_file",
    "correction",
    "penalty",
    "alerts",
    "credit_limit",
    "portfolio",
    "Portfolio",
    "import",
    "bank",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `.rs` files of a module: `name.rs`, or every file under `name/`.
fn files(module: &str) -> Vec<PathBuf> {
    let file = src().join(format!("{module}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut out = Vec::new();
    let mut dirs = vec![src().join(module)];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    assert!(!out.is_empty(), "no source for module {module}");
    out
}

/// The source without `//` comments (line and doc comments; no string here holds `//`
/// before a `crate::` path).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level module a file names by `crate::` (`crate::a::b`, `crate::{a, b::c}`).
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(k) = rest.find("crate::") {
        rest = &rest[k + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let head = part.trim().split("::").next().unwrap_or("").trim();
                if !head.is_empty() {
                    out.push(head.to_string());
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(head);
        }
    }
    out
}

/// The (file, module) pairs where one of `modules`' files names one of `forbidden`.
fn violations(modules: &[&str], forbidden: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in modules {
        for f in files(m) {
            for u in uses(&code(&f)) {
                if forbidden.contains(&u.as_str()) {
                    let name = f.strip_prefix(src()).unwrap().display().to_string();
                    out.push((name, u));
                }
            }
        }
    }
    out
}

#[test]
fn the_ledger_and_money_use_no_follow_up_module() {
    assert_eq!(
        violations(&["ledger", "money"], FOLLOW_UP),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn reports_do_not_use_collection_or_dunning() {
    assert_eq!(
        violations(
            &["aging", "kpi", "forecast", "book"],
            &["collection", "dunning"]
        ),
        Vec::<(String, String)>::new()
    );
}

#[test]
fn the_checker_sees_a_use_when_there_is_one() {
    // The oracle itself: a file that names the follow-up is caught, grouped or not, and a
    // comment is not.
    let text = "use crate::ledger::Ledger;\nuse crate::{money::Currency, collection::Collection};\n/// See [`crate::dunning`].\nfn f() { crate::plan::schedule(); }";
    let stripped: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(uses(&stripped), ["ledger", "money", "collection", "plan"]);
    // And the real sources are read: the worklist does use the follow-up.
    assert!(!violations(&["dunning"], &["collection"]).is_empty());
}

/// The code of every source file, each cut at its first `#[cfg(test)]` (tests may compare
/// with anything).
fn shipped_code() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![src()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = code(&p);
                let shipped = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
                out.push((
                    p.strip_prefix(src()).unwrap().display().to_string(),
                    shipped,
                ));
            }
        }
    }
    out
}

/// Files whose shipped code names one of `encoding_rs`'s `Encoding` statics.
fn encoding_statics(files: &[(String, String)]) -> Vec<String> {
    files
        .iter()
        .filter(|(_, text)| {
            text.match_indices("encoding_rs::")
                .any(|(k, m)| text[k + m.len()..].starts_with(|c: char| c.is_ascii_uppercase()))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn no_shipped_code_names_an_encoding_rs_encoding() {
    // Naming one (`encoding_rs::WINDOWS_1252`) keeps the generic decoder with every
    // encoding's tables in the page: 257 KB gzip (the bank reader did, 615 → 872 KB). The
    // import's own decoders (`import::detect::decode`) use `encoding_rs::mem` only.
    // Mutation tried: `encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0` back
    // in `bank/text.rs` fails this test with ["bank/text.rs"].
    let files = shipped_code();
    assert!(files.iter().any(|(n, _)| n.ends_with("detect.rs")));
    assert_eq!(encoding_statics(&files), Vec::<String>::new());
    // The oracle: a named static is caught, `encoding_rs::mem` is not.
    let probe = |t: &str| encoding_statics(&[("x.rs".into(), t.into())]);
    assert_eq!(probe("let e = encoding_rs::WINDOWS_1252;"), ["x.rs"]);
    assert!(probe("encoding_rs::mem::decode_latin1(b)").is_empty());
}
