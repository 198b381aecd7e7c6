//! `encours penalty` under French law: a consumer's interest from the notice, codes in JSON,
//! a half-year outside the tables refused. Figures by hand.

mod common;

use common::{json, run};

const INVOICE: [&str; 6] = [
    "--amount",
    "1000",
    "--due",
    "2025-03-31",
    "--paid",
    "2025-05-15",
];

#[test]
fn a_consumer_owes_the_legal_rate_from_the_notice() {
    let mut args = vec!["penalty"];
    args.extend(INVOICE);
    args.extend(["--consumer", "--notice", "2025-04-15", "--json"]);
    let v = json(&args);
    // 16/04–15/05: 30 days at the legal rate 2025-H1 (3.71 %): 1000 × 3.71 % × 30 / 365 =
    // 3.049 → 3.05; no €40.
    assert_eq!(v["interest"], "3.05");
    assert_eq!(v["indemnity"], "0.00");
    assert_eq!(v["basis"], "legal_rate");
    assert_eq!(v["lines"][0]["from"], "2025-04-16");
    assert_eq!(v["lines"][0]["rate"], "3.71");
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn without_a_notice_a_consumer_owes_no_interest_yet_and_it_says_so() {
    let mut args = vec!["penalty"];
    args.extend(INVOICE);
    args.extend(["--consumer", "--json"]);
    let v = json(&args);
    assert_eq!(
        (v["interest"].as_str(), v["indemnity"].as_str()),
        (Some("0.00"), Some("0.00"))
    );
    assert_eq!(v["warnings"][0]["code"], "consumer_no_notice");
    let mut args = vec!["penalty"];
    args.extend(INVOICE);
    args.push("--consumer");
    let (code, _, err) = run(&args);
    assert_eq!(code, 0);
    assert!(
        err.contains("no late interest before a mise en demeure"),
        "{err}"
    );
    // --notice is a consumer's: refused for a business.
    let mut args = vec!["penalty"];
    args.extend(INVOICE);
    args.extend(["--notice", "2025-04-15"]);
    let (code, _, err) = run(&args);
    assert_ne!(code, 0);
    assert!(err.contains("--consumer"), "{err}");
}

#[test]
fn the_floor_warning_carries_its_code() {
    // Contract 5 % in 2023-H1 under the floor 3 × 2.06 = 6.18 %: 01/02–01/03/2023, 29 days on
    // 10,000: 618 × 29 / 365 = 49.101 → 49.10.
    let v = json(&[
        "penalty",
        "--amount",
        "10000",
        "--due",
        "2023-01-31",
        "--paid",
        "2023-03-01",
        "--contract-rate",
        "5",
        "--json",
    ]);
    assert_eq!(v["interest"], "49.10");
    assert_eq!(v["warnings"][0]["code"], "contractual_below_floor");
}

#[test]
fn a_half_year_outside_the_tables_is_refused_naming_it() {
    let (code, out, err) = run(&[
        "penalty",
        "--amount",
        "1000",
        "--due",
        "2026-06-30",
        "--paid",
        "2026-07-31",
    ]);
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("ecb_rate_missing") && err.contains("2026-H2"),
        "{err}"
    );
}
