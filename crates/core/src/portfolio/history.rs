//! Histories read off the event log: "who did what, when" about one invoice or one client.
//!
//! Only event heads are read (never the records of a 100,000-invoice import). An event belongs
//! to a history when its [`Fact`] names the invoice (or client), when it is the import of a
//! batch that created or changed the invoice (an imported invoice's history starts there), or
//! when it replaced the whole book (demo data, a restored backup: the book the record belongs
//! to starts there). Events before the last replacement belong to a book that is gone.

use super::event::{EventHead, Fact};
use crate::ledger::{BatchId, ClientId, InvoiceId, Ledger};

/// A log sequence number (the stored record the event is in) and the event's head.
pub type Logged = (u64, EventHead);

/// The import batches that created or changed `invoice` (its own, then those whose undo
/// data holds it as it was before them).
pub fn batches_of_invoice(l: &Ledger, invoice: InvoiceId) -> Vec<BatchId> {
    let mut out: Vec<BatchId> = l
        .invoice(invoice)
        .and_then(|i| i.batch)
        .into_iter()
        .collect();
    for b in &l.batches {
        if b.previous_invoices.iter().any(|i| i.id == invoice) && !out.contains(&b.id) {
            out.push(b.id);
        }
    }
    out
}

/// The import batches that brought or changed one of `client`'s invoices, or the client.
pub fn batches_of_client(l: &Ledger, client: ClientId) -> Vec<BatchId> {
    let mut out: Vec<BatchId> = Vec::new();
    let mut add = |b: BatchId| {
        if !out.contains(&b) {
            out.push(b);
        }
    };
    for i in l.invoices.iter().filter(|i| i.client == client) {
        if let Some(b) = i.batch {
            add(b);
        }
    }
    for b in &l.batches {
        let touched = b.previous_clients.iter().any(|c| c.id == client)
            || b.previous_invoices.iter().any(|i| i.client == client);
        if touched {
            add(b.id);
        }
    }
    out
}

/// The heads after (and including) the last replacement of the whole book.
fn current_book(heads: &[Logged]) -> &[Logged] {
    let start = heads
        .iter()
        .rposition(|(_, h)| matches!(h.fact, Fact::Replaced { .. }))
        .unwrap_or(0);
    &heads[start..]
}

fn select(heads: &[Logged], keep: impl Fn(&Fact) -> bool) -> Vec<&Logged> {
    current_book(heads)
        .iter()
        .filter(|(_, h)| matches!(h.fact, Fact::Replaced { .. }) || keep(&h.fact))
        .collect()
}

/// The history of `invoice`, in log order. `batches`: [`batches_of_invoice`].
pub fn of_invoice<'a>(
    heads: &'a [Logged],
    invoice: InvoiceId,
    batches: &[BatchId],
) -> Vec<&'a Logged> {
    select(heads, |f| {
        f.invoices().contains(&invoice) || f.batch().is_some_and(|b| batches.contains(&b))
    })
}

/// The history of `client`, in log order. `batches`: [`batches_of_client`].
pub fn of_client<'a>(
    heads: &'a [Logged],
    client: ClientId,
    batches: &[BatchId],
) -> Vec<&'a Logged> {
    select(heads, |f| {
        f.client() == Some(client) || f.batch().is_some_and(|b| batches.contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correction::Surplus;
    use crate::dispute::DisputeReason;
    use crate::import::{parse, ImportOptions};
    use crate::portfolio::command::{Command, Context};
    use crate::portfolio::event::{Event, Origin};
    use crate::portfolio::Portfolio;
    use crate::test_support::{date, dec};

    const BOOK: &str = "N° facture;Client;Date;Échéance;Montant TTC
F-1;Acme;01/01/2025;31/01/2025;1 000,00
F-2;Acme;01/02/2025;28/02/2025;300,00
F-3;Bolt;01/01/2025;31/01/2025;200,00
";

    struct Log {
        p: Portfolio,
        heads: Vec<Logged>,
        next: u128,
    }

    impl Log {
        fn run(&mut self, cmd: Command, author: &str) {
            let o = Origin {
                device: 9,
                device_name: "poste".into(),
                author: author.into(),
            };
            let mut next = self.next;
            let mut ids = || {
                next += 1;
                next
            };
            let mut cx = Context {
                today: date("2025-07-15"),
                at: 1_752_537_600_000 + self.heads.len() as i64,
                origin: &o,
                ids: &mut ids,
            };
            let done = self
                .p
                .execute(cmd, &mut cx)
                .expect("the test's command is valid");
            self.next = next;
            let seq = self.heads.len() as u64 + 1;
            self.heads
                .extend(done.events.into_iter().map(|e: Event| (seq, e.head)));
        }

        fn id(&self, number: &str) -> InvoiceId {
            let l: &Ledger = &self.p;
            l.invoices.iter().find(|i| i.number == number).unwrap().id
        }
    }

    fn import(csv: &str) -> Command {
        let opts = ImportOptions::builder(date("2025-07-15")).build();
        Command::Import {
            parsed: Box::new(parse(csv.as_bytes(), &opts).unwrap()),
            opts: Box::new(opts),
        }
    }

    fn codes(h: &[&Logged]) -> Vec<(&'static str, String)> {
        h.iter()
            .map(|(_, h)| (h.fact.code(), h.author.clone()))
            .collect()
    }

    #[test]
    fn an_invoice_history_is_its_import_then_what_named_it() {
        let mut log = Log {
            p: Portfolio::default(),
            heads: Vec::new(),
            next: 0,
        };
        log.run(import(BOOK), "Léa");
        let (f1, f2) = (log.id("F-1"), log.id("F-2"));
        let pay = |invoice| Command::RecordPayment {
            invoice,
            date: date("2025-07-10"),
            amount: dec("100.00"),
            surplus: Surplus::Refuse,
        };
        log.run(pay(f1), "Léa");
        log.run(pay(f2), "Marc");
        log.run(
            Command::OpenDispute {
                invoice: f1,
                reason: DisputeReason::Quality,
                notes: String::new(),
            },
            "Marc",
        );
        let l: &Ledger = &log.p;
        let acme = l.invoice(f1).unwrap().client;
        let bolt = l
            .invoices
            .iter()
            .find(|i| i.number == "F-3")
            .unwrap()
            .client;
        log.run(
            Command::RecordPromise {
                client: acme,
                date: date("2025-07-31"),
                amount: dec("50"),
            },
            "Léa",
        );
        let l: &Ledger = &log.p;
        let h = of_invoice(&log.heads, f1, &batches_of_invoice(l, f1));
        assert_eq!(
            codes(&h),
            [
                ("imported", "Léa".to_string()),
                ("payment_recorded", "Léa".to_string()),
                ("dispute_opened", "Marc".to_string()),
            ]
        );
        // The client's: its invoices' events and its own (the promise).
        let h = of_client(&log.heads, acme, &batches_of_client(l, acme));
        assert_eq!(
            codes(&h).iter().map(|c| c.0).collect::<Vec<_>>(),
            [
                "imported",
                "payment_recorded",
                "payment_recorded",
                "dispute_opened",
                "promise_made"
            ]
        );
        // Bolt's: the import only.
        let h = of_client(&log.heads, bolt, &batches_of_client(l, bolt));
        assert_eq!(
            codes(&h).iter().map(|c| c.0).collect::<Vec<_>>(),
            ["imported"]
        );
        // Demo data replaces the book: the history starts again there.
        log.run(Command::LoadDemo, "Léa");
        let h = of_invoice(&log.heads, f1, &[]);
        assert_eq!(
            codes(&h).iter().map(|c| c.0).collect::<Vec<_>>(),
            ["replaced"]
        );
    }

    #[test]
    fn a_re_import_that_changed_an_invoice_is_in_its_history() {
        let mut log = Log {
            p: Portfolio::default(),
            heads: Vec::new(),
            next: 0,
        };
        log.run(import(BOOK), "Léa");
        log.run(
            import(
                "N° facture;Client;Date;Échéance;Montant TTC
F-2;Acme;01/02/2025;28/02/2025;350,00
F-9;Dune;01/05/2025;31/05/2025;620,00
",
            ),
            "Léa",
        );
        let l: &Ledger = &log.p;
        let (f1, f2) = (log.id("F-1"), log.id("F-2"));
        assert_eq!(
            of_invoice(&log.heads, f2, &batches_of_invoice(l, f2)).len(),
            2
        );
        assert_eq!(
            of_invoice(&log.heads, f1, &batches_of_invoice(l, f1)).len(),
            1
        );
    }
}
