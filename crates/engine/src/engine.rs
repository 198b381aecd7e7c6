//! The engine's handlers: each request on the book in memory. Storing what a command made is
//! the worker's part ([`crate::worker`]); here a command's events are returned to be stored.

use crate::protocol::{Counts, EngineError, Reply, Request};
use crate::views;
use encours_core::book::Prepared;
use encours_core::correction::Surplus;
use encours_core::import::view::ReportView;
use encours_core::import::{self, ImportOptions};
use encours_core::ledger::InvoiceId;
use encours_core::portfolio::command::{Context, Everyday, Executed};
use encours_core::{Book, Portfolio};
use std::cell::RefCell;
use std::sync::Arc;

/// The book the engine holds.
#[derive(Default)]
pub struct Engine {
    pub book: Portfolio,
    /// What the reports read off the ledger, kept until the book changes (building it is
    /// most of an aged balance's time at 100k invoices).
    prepared: RefCell<Option<Arc<Prepared>>>,
}

/// What a request asks of the book.
pub enum Plan {
    /// A view: the reply, computed.
    Answer(Reply),
    /// A change: the command to execute (and store).
    Change(Everyday),
    /// An import whose report is answered whole ([`Request::ImportWith`]).
    Import(Everyday),
}

impl Engine {
    pub fn new(book: Portfolio) -> Engine {
        Engine {
            book,
            prepared: RefCell::default(),
        }
    }

    /// The reports' book, read once per change of the ledger.
    fn reports(&self) -> Book<'_> {
        let mut kept = self.prepared.borrow_mut();
        match kept.as_ref() {
            Some(p) => Book::on(self.book.ledger(), Arc::clone(p)),
            None => {
                let b = Book::new(self.book.ledger());
                *kept = Some(b.prepared());
                b
            }
        }
    }

    /// Applies events made elsewhere (another device's, through sync) to the book.
    pub fn apply(&mut self, events: &[encours_core::portfolio::event::Event]) {
        self.prepared.get_mut().take();
        for e in events {
            self.book.apply(e);
        }
    }

    pub fn counts(&self) -> Counts {
        Counts {
            clients: self.book.clients.len(),
            invoices: self.book.invoices.len(),
            payments: self.book.payments.len(),
        }
    }

    /// What `req` asks: a view answered now, or a command to execute. `bytes` is the file
    /// sent with an import. [`Request::Open`] is the worker's, not the book's.
    pub fn plan(&self, req: Request, bytes: &[u8]) -> Result<Plan, EngineError> {
        Ok(match req {
            // The worker's own: opening the store, and sync's loop beside the requests.
            Request::Open { .. } | Request::SyncStart { .. } | Request::SyncStop => {
                return Err(EngineError::NotOpen)
            }
            Request::Figures { today } => Plan::Answer(Reply::Figures(Box::new(views::figures(
                &self.reports(),
                today,
            )))),
            Request::AgingRows {
                today,
                offset,
                limit,
            } => {
                let (total, rows) = views::aging_rows(&self.reports(), today, offset, limit);
                Plan::Answer(Reply::AgingRows { total, rows })
            }
            Request::Worklist {
                today,
                offset,
                limit,
            } => {
                let (total, rows) = views::worklist_rows(&self.book, today, offset, limit);
                Plan::Answer(Reply::Worklist { total, rows })
            }
            Request::Invoices {
                today,
                offset,
                limit,
            } => {
                let (total, rows) = views::invoice_rows(&self.book, today, offset, limit);
                Plan::Answer(Reply::Invoices { total, rows })
            }
            Request::Statement { today } => Plan::Answer(Reply::Statement {
                bytes: self.statement(bytes, today)?,
            }),
            Request::Import { today } => Plan::Change(import(
                bytes,
                Box::new(ImportOptions::builder(today).build()),
            )?),
            Request::ImportWith => {
                let (opts, file) = framed(bytes)?;
                Plan::Import(import(file, Box::new(opts))?)
            }
            Request::Preview => {
                let (opts, file) = framed(bytes)?;
                let parsed =
                    import::parse(file, &opts).map_err(|e| EngineError::BadFile { error: e.0 })?;
                let report = import::preview(self.book.ledger(), &parsed, &opts);
                Plan::Answer(Reply::Report {
                    rev: 0,
                    bytes: ReportView::of(&report, &[]).encode(),
                })
            }
            Request::RecordPayment {
                invoice,
                date,
                amount,
            } => Plan::Change(Everyday::RecordPayment {
                invoice: InvoiceId(invoice.parse().map_err(|_| EngineError::BadRequest {
                    detail: format!("no such id: {invoice}"),
                })?),
                date,
                amount,
                surplus: Surplus::Refuse,
            }),
        })
    }

    /// The statement in `bytes` with its proposals, as the bytes of an
    /// [`encours_core::bank::Answer`]. The page keeps no matcher nor statement parser: they
    /// stay out of its wasm (about 60 KB raw, measured 2026-12-07). It sends the file again
    /// each time it wants the proposals again (a statement is small and read in a few ms):
    /// the worker keeps nothing of it, and a worker that reopened the store loses nothing.
    fn statement(&self, bytes: &[u8], today: chrono::NaiveDate) -> Result<Vec<u8>, EngineError> {
        use encours_core::bank::{encode_answer, matching, parse_statement, Direction};
        use encours_core::portfolio::bank::applied_among;
        let s = match parse_statement(bytes) {
            Ok(s) => s,
            Err(e) => return Ok(encode_answer(&Err(e))),
        };
        // The receipts not applied yet (a debit is never a customer's payment), as the page
        // lists them.
        let applied = applied_among(&self.book, s.transactions.iter().map(|t| t.id.as_str()));
        let fresh = |t: &&encours_core::bank::Transaction| {
            t.direction == Direction::Credit && !applied.contains(&t.id)
        };
        let credits: Vec<_> = s.transactions.iter().filter(fresh).cloned().collect();
        let learned = self.book.follow_up.bank.learned(self.book.ledger());
        let mut found =
            matching::match_transactions(self.book.ledger(), &credits, today, &learned).into_iter();
        let proposals: Vec<_> = (s.transactions.iter())
            .map(|t| match fresh(&t) {
                true => found.next().unwrap_or_default(),
                false => Vec::new(),
            })
            .collect();
        Ok(encode_answer(&Ok((s, proposals))))
    }

    /// Executes `cmd` on the book: its events and reply, or why it was refused (the book is
    /// then as it was).
    pub fn execute(&mut self, cmd: Everyday, cx: &mut Context) -> Result<Executed, EngineError> {
        self.prepared.get_mut().take();
        self.book
            .execute_everyday(cmd, cx)
            .map_err(|e| EngineError::Refused {
                code: e.code().to_string(),
            })
    }
}

/// The import of `bytes` with `opts`, parsed.
fn import(bytes: &[u8], opts: Box<ImportOptions>) -> Result<Everyday, EngineError> {
    let parsed = import::parse(bytes, &opts).map_err(|e| EngineError::BadFile { error: e.0 })?;
    Ok(Everyday::Import {
        parsed: Box::new(parsed),
        opts,
    })
}

/// The options and the file of an Import page's request.
fn framed(bytes: &[u8]) -> Result<(ImportOptions, &[u8]), EngineError> {
    import::view::unframe(bytes).ok_or_else(|| EngineError::BadRequest {
        detail: "no import options beside the file".into(),
    })
}
