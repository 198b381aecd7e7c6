//! The engine's handlers natively: requests read from JSON, views paged, commands refused
//! with their code, and the reports' book read again after a change.

use chrono::NaiveDate;
use encours_core::import::view::ReportView;
use encours_core::portfolio::command::Context;
use encours_core::portfolio::event::Origin;
use encours_engine::engine::Plan;
use encours_engine::protocol::{EngineError, Reply, Request};
use encours_engine::Engine;

const CSV: &[u8] = include_bytes!("../../../tests/e2e/fixtures/balance.csv");

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn run(engine: &mut Engine, req: Request, bytes: &[u8]) -> Result<Reply, EngineError> {
    match engine.plan(req, bytes)? {
        Plan::Answer(r) => Ok(r),
        Plan::Change(cmd) | Plan::Import(cmd) => {
            let whole = matches!(
                &cmd,
                encours_core::portfolio::command::Everyday::Import { .. }
            );
            let origin = Origin::default();
            let mut n = 0u128;
            let mut ids = || {
                n += 1;
                n
            };
            let mut cx = Context {
                today: day("2025-06-30"),
                at: 0,
                origin: &origin,
                ids: &mut ids,
            };
            let x = engine.execute(cmd, &mut cx)?;
            Ok(match x.reply {
                encours_core::portfolio::command::Reply::Imported { report, over_limit }
                    if whole =>
                {
                    Reply::Report {
                        rev: 1,
                        bytes: ReportView::of(&report, &over_limit).encode(),
                    }
                }
                _ => Reply::Stored {
                    rev: 0,
                    counts: engine.counts(),
                },
            })
        }
    }
}

fn imported() -> Engine {
    let mut e = Engine::default();
    let today = day("2025-06-30");
    run(&mut e, Request::Import { today }, CSV).unwrap();
    e
}

#[test]
fn requests_read_from_json_and_bad_ones_are_refused_with_their_kind() {
    let r = Request::from_json(r#"{"type":"figures","today":"2025-06-30"}"#).unwrap();
    assert_eq!(
        r,
        Request::Figures {
            today: day("2025-06-30")
        }
    );
    let e = Request::from_json(r#"{"type":"figures","today":"31/02/2025"}"#).unwrap_err();
    assert!(matches!(e, EngineError::BadRequest { .. }));
    let json = Reply::Failed(e).to_json();
    assert!(json.contains(r#""kind":"bad_request""#), "{json}");
}

#[test]
fn views_are_paged_and_their_totals_count_every_row() {
    let mut e = imported();
    let today = day("2025-06-30");
    let all = match run(
        &mut e,
        Request::Invoices {
            today,
            offset: 0,
            limit: 100,
        },
        &[],
    )
    .unwrap()
    {
        Reply::Invoices { total, rows } => {
            assert_eq!(total, rows.len());
            rows
        }
        r => panic!("{r:?}"),
    };
    assert_eq!(all.len(), 8, "the fixture's eight invoices");
    match run(
        &mut e,
        Request::Invoices {
            today,
            offset: 2,
            limit: 3,
        },
        &[],
    )
    .unwrap()
    {
        Reply::Invoices { total, rows } => {
            assert_eq!(total, 8);
            assert_eq!(rows, all[2..5].to_vec());
        }
        r => panic!("{r:?}"),
    }
    match run(
        &mut e,
        Request::Worklist {
            today,
            offset: 1000,
            limit: 10,
        },
        &[],
    )
    .unwrap()
    {
        Reply::Worklist { total, rows } => {
            assert!(total > 0);
            assert!(rows.is_empty());
        }
        r => panic!("{r:?}"),
    }
}

#[test]
fn a_payment_changes_the_figures_and_a_refused_one_names_its_code() {
    let mut e = imported();
    let today = day("2025-06-30");
    let total = |e: &mut Engine| match run(e, Request::Figures { today }, &[]).unwrap() {
        Reply::Figures(f) => f.aging[0].total,
        r => panic!("{r:?}"),
    };
    // Outstanding in the fixture, summed by hand from its rows: 1,000 + 480 + 3,600 + 900 +
    // 750 (disputed) + 125.50 − 300 (a credit note not yet allocated) = 6,555.50.
    assert_eq!(total(&mut e).to_string(), "6555.50");
    let first = match run(
        &mut e,
        Request::Invoices {
            today,
            offset: 0,
            limit: 1,
        },
        &[],
    )
    .unwrap()
    {
        Reply::Invoices { rows, .. } => rows[0].clone(),
        r => panic!("{r:?}"),
    };
    assert_eq!(first.number, "F-101");
    let pay = |amount: &str| Request::RecordPayment {
        invoice: first.id.clone(),
        date: today,
        amount: amount.parse().unwrap(),
    };
    run(&mut e, pay("100"), &[]).unwrap();
    // The reports' book kept before the payment is not used after it.
    assert_eq!(total(&mut e).to_string(), "6455.50");
    // F-101 owes 900 now: 1,000 is refused (an overpayment), and nothing changes.
    let refused = run(&mut e, pay("1000"), &[]).unwrap_err();
    assert!(
        matches!(refused, EngineError::Refused { .. }),
        "{refused:?}"
    );
    assert_eq!(total(&mut e).to_string(), "6455.50");
    let bad = Request::RecordPayment {
        invoice: "F-101".into(),
        date: today,
        amount: 1.into(),
    };
    assert!(matches!(
        run(&mut e, bad, &[]),
        Err(EngineError::BadRequest { .. })
    ));
}

#[test]
fn a_file_that_is_not_an_import_is_refused_with_the_cores_code() {
    let mut e = Engine::default();
    let today = day("2025-06-30");
    match run(&mut e, Request::Import { today }, b"   \n") {
        Err(EngineError::BadFile { error }) => assert_eq!(error.id(), "empty_file"),
        r => panic!("{r:?}"),
    }
}

/// Every request, written by serde's derive (the format the page writes by hand), reads back
/// as itself through the hand-written reader; an unknown or missing type is refused.
#[test]
fn every_request_reads_back_from_its_json() {
    let today = day("2025-06-30");
    let all = [
        Request::Open {
            db: "encours".into(),
            origin: Origin {
                device: 7,
                device_name: "Poste".into(),
                author: "Léa".into(),
            },
        },
        Request::Import { today },
        Request::Preview,
        Request::ImportWith,
        Request::Statement { today },
        Request::RecordPayment {
            invoice: "123456789012345678".into(),
            date: today,
            amount: "12.50".parse().unwrap(),
        },
        Request::Figures { today },
        Request::AgingRows {
            today,
            offset: 10,
            limit: 50,
        },
        Request::Invoices {
            today,
            offset: 0,
            limit: 1,
        },
        Request::Worklist {
            today,
            offset: 3,
            limit: 4,
        },
        Request::SyncStart {
            url: "http://127.0.0.1:5984/db".into(),
            user: "alice".into(),
            password: "pw".into(),
            passphrase: "phrase".into(),
        },
        Request::SyncStop,
    ];
    for r in all {
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(Request::from_json(&json), Ok(r), "{json}");
    }
    for bad in [
        r#"{"type":"nope"}"#,
        r#"{"today":"2025-06-30"}"#,
        r#"{"type":"aging_rows","today":"2025-06-30","offset":1}"#,
        "not json",
    ] {
        assert!(
            matches!(Request::from_json(bad), Err(EngineError::BadRequest { .. })),
            "{bad}"
        );
    }
}

/// A bank statement goes to the engine, which reads it and answers with its
/// transactions and the matcher's proposals (the page holds neither parser nor matcher):
/// the answer's bytes decode to what the core reads of the file and proposes on the same
/// book; sent again after a payment, it is matched against the book as it is then; a file
/// that is no statement comes back as the core's error, in the answer.
#[test]
fn a_statement_is_read_and_matched_against_the_book_as_it_is() {
    use encours_core::bank::{decode_answer, matching, parse_statement, Direction};
    const XML: &[u8] = include_bytes!("../../../tests/e2e/fixtures/releve-demo.camt053.xml");
    let today = day("2025-04-02");
    let mut e = Engine::new(encours_core::generator::demo(today));
    let answer = |e: &mut Engine, bytes: &[u8]| match run(e, Request::Statement { today }, bytes) {
        Ok(Reply::Statement { bytes }) => decode_answer(&bytes).expect("an answer's bytes"),
        other => panic!("not a statement answer: {other:?}"),
    };
    let (statement, proposals) = answer(&mut e, XML).expect("the fixture is a statement");
    let want = parse_statement(XML).unwrap();
    assert_eq!(statement, want);
    assert_eq!(proposals.len(), want.transactions.len());
    let credits: Vec<_> = (want.transactions.iter())
        .filter(|t| t.direction == Direction::Credit)
        .cloned()
        .collect();
    let demo = encours_core::generator::demo(today);
    let learned = demo.follow_up.bank.learned(demo.ledger());
    let core = matching::match_transactions(demo.ledger(), &credits, today, &learned);
    let got: Vec<_> = (want.transactions.iter().zip(&proposals))
        .filter(|(t, _)| t.direction == Direction::Credit)
        .map(|(_, p)| p.clone())
        .collect();
    assert_eq!(got, core);
    // The fixture pays two invoices in full, by an RF reference and by a number: sure.
    assert_eq!(
        proposals
            .iter()
            .filter(|p| p.first().is_some_and(|x| x.auto))
            .count(),
        2
    );
    // Sent again once a receipt is paid by hand: that invoice is no longer proposed in full.
    let (invoice, amount) = {
        let p = (proposals.iter())
            .find_map(|p| p.first().filter(|x| x.auto))
            .unwrap();
        (p.invoices[0], p.amounts[0])
    };
    let req = Request::RecordPayment {
        invoice: invoice.0.to_string(),
        date: today,
        amount,
    };
    run(&mut e, req, &[]).expect("the payment is recorded");
    let (again, after) = answer(&mut e, XML).unwrap();
    assert_eq!(again, statement);
    assert_ne!(
        after, proposals,
        "matched again against the book as it is now"
    );
    assert!(!(after.iter().flatten()).any(|p| p.auto && p.invoices == [invoice]));
    // Not a statement: the core's error, in the answer.
    let bad: &[u8] = b"N\xc2\xb0 facture;Client\n";
    assert_eq!(answer(&mut e, bad), Err(parse_statement(bad).unwrap_err()));
    // No file at all: the core's error too.
    assert_eq!(answer(&mut e, &[]), Err(parse_statement(&[]).unwrap_err()));
}

/// The Import page's file goes to the engine with the page's options (its label here): the
/// preview says what the import will do without storing anything, the import then does it
/// and answers its report as the page shows it — the counts the file's own lines give (a
/// test's count of them, not the core's), the messages in both languages.
#[test]
fn an_import_with_the_pages_options_is_previewed_then_reported() {
    use encours_core::import::view::frame;
    let today = day("2025-06-30");
    // The fixture, and a row whose date does not exist.
    let text = format!(
        "{}F-108;Roux;31/02/2025;31/03/2025;10,00;;\n",
        std::str::from_utf8(CSV).unwrap()
    );
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    let opts = encours_core::import::ImportOptions::builder(today)
        .label("export-juin.csv")
        .build();
    let framed = frame(&opts, text.as_bytes());
    let mut e = Engine::default();
    let Ok(Reply::Report { rev: 0, bytes }) = run(&mut e, Request::Preview, &framed) else {
        panic!("a preview's report")
    };
    let preview = ReportView::decode(&bytes).expect("a report view");
    assert_eq!(preview.new_invoices as usize + preview.errors.len(), rows);
    assert_eq!(preview.errors.len(), 1, "the row of 31/02");
    assert_eq!(preview.errors[0].line as usize, rows + 1);
    assert!(preview
        .errors
        .iter()
        .all(|r| !r.words.fr.is_empty() && r.words.fr != r.words.en));
    assert_eq!(e.counts().invoices, 0, "a preview stores nothing");
    let Ok(Reply::Report { bytes, .. }) = run(&mut e, Request::ImportWith, &framed) else {
        panic!("an import's report")
    };
    let done = ReportView::decode(&bytes).expect("a report view");
    assert_eq!(
        (done.new_invoices, &done.errors),
        (preview.new_invoices, &preview.errors)
    );
    assert!(done.changed && done.over_limit.is_empty());
    assert_eq!(e.counts().invoices as u64, done.new_invoices);
    let label = e.book.batches.last().map(|b| b.label.as_str());
    assert_eq!(label, Some("export-juin.csv"));
    // Without the options beside, the request is refused.
    assert!(matches!(
        run(&mut e, Request::Preview, CSV),
        Err(EngineError::BadRequest { .. })
    ));
}
