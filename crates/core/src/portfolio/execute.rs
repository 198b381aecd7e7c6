//! Executing commands: check, change, and record the change as an event.
//!
//! Each command runs the domain's own function (the same one the tests of `dispute`, `plan`,
//! `correction`… exercise), which checks everything before it changes anything, then the
//! event is read off what changed: the records it names, and the follow-up's parts that
//! differ from a copy taken before (the follow-up is small, and commands that cannot touch
//! it — a payment, an import — skip the copy; the ledger is never copied, except by the bulk
//! commands that replace most of it). Replaying the events from an empty book
//! gives the same book: the property tests of `tests/portfolio_replay.rs` hold it to that.

use super::changes::Changes;
use super::command::{Command, CommandError, Context, Everyday, Executed, Reply};
use super::event::Fact;
use super::{follow_up, follow_up_mut, ledger, ledger_mut, Portfolio};
use crate::collection::Promise;
use crate::dunning::Channel;
use crate::ledger::{ClientId, EditError, InvoiceId, InvoiceStatus, PaymentId};
use rust_decimal::Decimal;

impl Portfolio {
    pub(super) fn everyday(
        &mut self,
        cmd: Everyday,
        cx: &mut Context,
    ) -> Result<Executed, CommandError> {
        self.made_on(cx.origin.device);
        match cmd {
            Everyday::Import { parsed, opts } => super::batch::import(self, &parsed, &opts, cx),
            Everyday::RecordPayment {
                invoice,
                date,
                amount,
                surplus,
            } => {
                let id = crate::correction::record(self, invoice, date, amount, surplus)?;
                let (fact, c) = payment_fact(self, id, |payment, client, invoices| {
                    Fact::PaymentRecorded {
                        payment,
                        client,
                        invoices,
                        amount,
                        date,
                    }
                });
                Ok(Executed {
                    events: vec![cx.event(fact, c)],
                    reply: Reply::Payment(id),
                })
            }
        }
    }

    pub(super) fn run(&mut self, cmd: Command, cx: &mut Context) -> Result<Executed, CommandError> {
        let one = |cx: &mut Context, fact, c: Changes, reply| Executed {
            events: vec![cx.event(fact, c)],
            reply,
        };
        let today = cx.today;
        self.made_on(cx.origin.device);
        use Command as C;
        // The commands that leave the follow-up alone run before its copy is taken: a payment
        // (the everyday edit) or an import does not pay for copying it. A closing changes the
        // follow-up but writes its own change (the closings' tail), so it needs no copy either.
        let cmd = match cmd {
            C::Import { parsed, opts } => {
                return self.everyday(Everyday::Import { parsed, opts }, cx)
            }
            C::UndoImport => return super::batch::undo_import(self, cx),
            C::ApplyBankMatches { label, items } => {
                return super::bank::apply(self, label, items, cx)
            }
            C::RecordClosing { date } => return super::closing::record(self, date, cx),
            C::UndoClosing => return super::closing::undo(self, cx),
            C::LoadDemo => {
                let demo = crate::generator::demo(today);
                let mut c = Changes::everything(&demo);
                c.reset = true;
                *self = demo;
                self.made_on(cx.origin.device);
                return Ok(one(cx, Fact::Replaced { demo: true }, c, Reply::Done));
            }
            C::RecordPayment {
                invoice,
                date,
                amount,
                surplus,
            } => {
                let cmd = Everyday::RecordPayment {
                    invoice,
                    date,
                    amount,
                    surplus,
                };
                return self.everyday(cmd, cx);
            }
            C::IssueCreditNote { invoice, amount } => {
                let l = ledger_mut(self);
                let number = l
                    .credit_note_number(invoice)
                    .ok_or(EditError::UnknownInvoice(invoice))?;
                let note = l.add_credit_note(invoice, number, today, amount)?;
                let client = client_of(self, invoice)?;
                let c = Changes::touched(self, None, &[note], &[], &[]);
                let fact = Fact::CreditNoteIssued {
                    note,
                    invoice,
                    client,
                    amount,
                };
                return Ok(one(cx, fact, c, Reply::CreditNote(note)));
            }
            C::SetStatus { invoice, status } => {
                ledger_mut(self).set_status(invoice, status, today)?;
                let client = client_of(self, invoice)?;
                let c = Changes::touched(self, None, &[invoice], &[], &[]);
                let fact = match status {
                    // What it knew of, for a payment made apart to be put to review.
                    InvoiceStatus::WrittenOff => Fact::WrittenOff {
                        invoice,
                        client,
                        known: (ledger(self).payments.iter())
                            .filter(|p| p.allocations.iter().any(|a| a.invoice == invoice))
                            .map(|p| p.id)
                            .collect(),
                    },
                    status => Fact::StatusSet {
                        invoice,
                        client,
                        status,
                    },
                };
                return Ok(one(cx, fact, c, Reply::Done));
            }
            other => other,
        };
        let before = follow_up(self).clone();
        Ok(match cmd {
            C::CorrectPayment {
                payment,
                date,
                amount,
                surplus,
            } => {
                let entry =
                    crate::correction::correct(self, payment, date, amount, today, surplus)?;
                let (fact, _) = payment_fact(self, payment, |payment, client, invoices| {
                    Fact::PaymentCorrected {
                        payment,
                        client,
                        invoices,
                        amount,
                        date,
                    }
                });
                let c = Changes::touched(self, Some(&before), &[], &[payment], &[]);
                one(cx, fact, c, Reply::Entry(entry))
            }
            C::CancelPayment { payment } => {
                let p = ledger(self)
                    .payments
                    .binary_search_by_key(&payment, |p| p.id)
                    .map(|k| ledger(self).payments[k].clone())
                    .map_err(|_| {
                        CommandError::Payment(crate::correction::PaymentError::UnknownPayment(
                            payment,
                        ))
                    })?;
                let entry = crate::correction::cancel(self, payment, today)?;
                let fact = Fact::PaymentCancelled {
                    payment,
                    client: p.client,
                    invoices: p.allocations.iter().map(|a| a.invoice).collect(),
                };
                let c = Changes::touched(self, Some(&before), &[], &[payment], &[]);
                one(cx, fact, c, Reply::Entry(entry))
            }
            C::ResolveReview { sides, keep } => {
                let (fact, c, reply) = super::review::resolve(self, sides, keep, today, &before)?;
                one(cx, fact, c, reply)
            }
            C::UndoPaymentChange { entry } => {
                let id = crate::correction::undo(self, entry, today)?;
                let (fact, _) = payment_fact(self, id, |payment, client, invoices| {
                    Fact::PaymentChangeUndone {
                        payment,
                        client,
                        invoices,
                    }
                });
                let c = Changes::touched(self, Some(&before), &[], &[id], &[]);
                one(cx, fact, c, Reply::Payment(id))
            }
            C::SetDoubtful { invoice, doubtful } => {
                let client = client_of(self, invoice)?;
                let marks = &mut follow_up_mut(self).law.doubtful;
                if doubtful {
                    if marks.get(&invoice).is_none() {
                        marks.insert(invoice, today);
                    }
                } else {
                    marks.remove(&invoice);
                }
                let fact = Fact::DoubtfulSet {
                    invoice,
                    client,
                    doubtful,
                };
                changed(self, cx, &before, fact)?
            }
            C::SetAcknowledgement { invoice, date } => {
                let client = client_of(self, invoice)?;
                let acks = &mut follow_up_mut(self).law.acknowledgements;
                match date {
                    Some(d) => drop(acks.insert(invoice, d)),
                    None => drop(acks.remove(&invoice)),
                }
                let fact = Fact::AcknowledgementSet {
                    invoice,
                    client,
                    date,
                };
                changed(self, cx, &before, fact)?
            }
            C::OpenDispute {
                invoice,
                reason,
                notes,
            } => {
                crate::dispute::open(self, invoice, today, reason, notes)?;
                let client = client_of(self, invoice)?;
                let c = Changes::touched(self, Some(&before), &[invoice], &[], &[]);
                let fact = Fact::DisputeOpened {
                    invoice,
                    client,
                    reason,
                };
                one(cx, fact, c, Reply::Done)
            }
            C::ResolveDispute {
                invoice,
                resolution,
            } => return resolve(self, invoice, resolution, &before, cx),
            C::SetDisputed { invoice, disputed } => {
                if disputed {
                    return self.execute(
                        Command::OpenDispute {
                            invoice,
                            reason: crate::dispute::DisputeReason::Other,
                            notes: String::new(),
                        },
                        cx,
                    );
                }
                if crate::dispute::current(follow_up(self), invoice).is_some() {
                    return resolve(
                        self,
                        invoice,
                        crate::dispute::Resolution::Rejected,
                        &before,
                        cx,
                    );
                }
                // Disputed by an imported status: no dispute record to close.
                return self.execute(
                    Command::SetStatus {
                        invoice,
                        status: InvoiceStatus::Open,
                    },
                    cx,
                );
            }
            C::MarkSent { items, call } => {
                if items.is_empty() {
                    return Err(CommandError::NothingToRecord);
                }
                let mut out = Executed::default();
                let mut marks = Vec::new();
                for (entry, text) in &items {
                    let before = follow_up(self).clone();
                    let (changed, mark) = crate::dunning::undo::mark_sent(
                        self,
                        entry,
                        today,
                        text.clone(),
                        call.clone(),
                    );
                    marks.push(mark);
                    let c = Changes::touched(self, Some(&before), &changed, &[], &[]);
                    let fact = Fact::ReminderSent {
                        client: entry.client,
                        invoices: entry.invoices.iter().map(|i| i.invoice).collect(),
                        level_name: entry.level.name.clone(),
                        channel: entry.level.channel,
                        call: call.clone(),
                    };
                    out.events.push(cx.event(fact, c));
                }
                out.reply = Reply::Marks(marks);
                out
            }
            C::UndoSent { marks } => {
                let mut out = Executed::default();
                for m in marks.iter().rev() {
                    let before = follow_up(self).clone();
                    let Some(a) = before.activities.iter().find(|a| a.id == m.activity) else {
                        continue;
                    };
                    let fact = Fact::ReminderUndone {
                        client: a.client,
                        invoices: a.invoices.clone(),
                    };
                    let changed = crate::dunning::undo::undo_sent(self, m);
                    let c = Changes::touched(self, Some(&before), &changed, &[], &[]);
                    out.events.push(cx.event(fact, c));
                }
                if out.events.is_empty() {
                    return Err(CommandError::NothingToRecord);
                }
                out
            }
            C::RecordPromise {
                client,
                date,
                amount,
            } => {
                known_client(self, client)?;
                if amount <= Decimal::ZERO {
                    return Err(EditError::NotPositive.into());
                }
                follow_up_mut(self).promises.push(Promise {
                    client,
                    made_on: today,
                    date,
                    amount,
                    channel: Channel::Phone,
                });
                let fact = Fact::PromiseMade {
                    client,
                    date,
                    amount,
                };
                changed(self, cx, &before, fact)?
            }
            C::AgreePlan { client, terms } => {
                known_client(self, client)?;
                let id =
                    crate::plan::agree(self, client, today, &terms).ok_or(CommandError::NoPlan)?;
                let invoices = follow_up(self)
                    .plans
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.invoices.clone())
                    .unwrap_or_default();
                let c = Changes::touched(self, Some(&before), &[], &[], &[]);
                one(
                    cx,
                    Fact::PlanAgreed { client, invoices },
                    c,
                    Reply::Plan(id),
                )
            }
            C::CancelPlan { plan } => {
                let p = follow_up_mut(self)
                    .plans
                    .iter_mut()
                    .find(|p| p.id == plan)
                    .ok_or(CommandError::UnknownPlan(plan))?;
                p.cancelled = true;
                let client = p.client;
                changed(self, cx, &before, Fact::PlanCancelled { client, plan })?
            }
            C::SetFollowUp {
                client,
                follow_up: f,
            } => {
                known_client(self, client)?;
                follow_up_mut(self).set_follow_up(client, f);
                let fact = Fact::ClientEdited {
                    client,
                    field: "follow_up".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetContractRate { client, rate } => {
                known_client(self, client)?;
                let m = &mut follow_up_mut(self).contract_rates;
                match rate {
                    Some(r) => drop(m.insert(client, r)),
                    None => drop(m.remove(&client)),
                }
                let fact = Fact::ClientEdited {
                    client,
                    field: "contract_rate".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::EditClient { client, field } => {
                let id = client.id;
                let slot = ledger_mut(self)
                    .client_mut(id)
                    .ok_or(CommandError::UnknownClient(id))?;
                if *slot == *client {
                    return Err(CommandError::NothingToRecord);
                }
                *slot = *client;
                let c = Changes::touched(self, None, &[], &[], &[id]);
                one(cx, Fact::ClientEdited { client: id, field }, c, Reply::Done)
            }
            C::SetOwner { client, owner } => {
                known_client(self, client)?;
                follow_up_mut(self).set_owner(client, &owner);
                let fact = Fact::ClientEdited {
                    client,
                    field: "owner".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetEndOfMonth {
                client,
                end_of_month,
            } => {
                known_client(self, client)?;
                let m = &mut follow_up_mut(self).law.end_of_month;
                if end_of_month {
                    m.insert(client, ());
                } else {
                    m.remove(&client);
                }
                let fact = Fact::ClientEdited {
                    client,
                    field: "end_of_month".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetChecklist {
                client,
                mut checklist,
            } => {
                known_client(self, client)?;
                checklist.date = Some(today);
                follow_up_mut(self).checklists.insert(client, checklist);
                let fact = Fact::ClientEdited {
                    client,
                    field: "checklist".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetDunningSettings(s) => {
                follow_up_mut(self).settings = *s;
                let fact = Fact::SettingsChanged {
                    what: "dunning".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetProvisionRates(r) => {
                follow_up_mut(self).provision_rates = r;
                let fact = Fact::SettingsChanged {
                    what: "provision_rates".into(),
                };
                changed(self, cx, &before, fact)?
            }
            C::SetRecoveryCosts(r) => {
                follow_up_mut(self).recovery_costs = r;
                let fact = Fact::SettingsChanged {
                    what: "recovery_costs".into(),
                };
                changed(self, cx, &before, fact)?
            }
            // Run above, before the copy.
            C::Import { .. }
            | C::UndoImport
            | C::ApplyBankMatches { .. }
            | C::RecordClosing { .. }
            | C::UndoClosing
            | C::LoadDemo
            | C::RecordPayment { .. }
            | C::IssueCreditNote { .. }
            | C::SetStatus { .. } => unreachable!("a ledger-only command returned above"),
        })
    }
}

/// One event for a change of the follow-up alone; refused when it changed nothing.
fn changed(
    p: &Portfolio,
    cx: &mut Context,
    before: &crate::collection::Collection,
    fact: Fact,
) -> Result<Executed, CommandError> {
    let c = Changes::touched(p, Some(before), &[], &[], &[]);
    if c.is_empty() {
        return Err(CommandError::NothingToRecord);
    }
    Ok(Executed {
        events: vec![cx.event(fact, c)],
        reply: Reply::Done,
    })
}

fn known_client(p: &Portfolio, id: ClientId) -> Result<(), CommandError> {
    ledger(p)
        .client(id)
        .map(|_| ())
        .ok_or(CommandError::UnknownClient(id))
}

fn client_of(p: &Portfolio, invoice: InvoiceId) -> Result<ClientId, CommandError> {
    Ok(ledger(p)
        .invoice(invoice)
        .ok_or(EditError::UnknownInvoice(invoice))?
        .client)
}

/// A payment's fact (built from the payment as it is now) and the payment's record.
fn payment_fact(
    p: &Portfolio,
    id: PaymentId,
    fact: impl FnOnce(PaymentId, ClientId, Vec<InvoiceId>) -> Fact,
) -> (Fact, Changes) {
    let l = ledger(p);
    let (client, invoices) = match l.payments.binary_search_by_key(&id, |x| x.id) {
        Ok(k) => (
            l.payments[k].client,
            l.payments[k]
                .allocations
                .iter()
                .map(|a| a.invoice)
                .collect(),
        ),
        Err(_) => (ClientId::default(), Vec::new()),
    };
    (
        fact(id, client, invoices),
        Changes::touched(p, None, &[], &[id], &[]),
    )
}

fn resolve(
    p: &mut Portfolio,
    invoice: InvoiceId,
    resolution: crate::dispute::Resolution,
    before: &crate::collection::Collection,
    cx: &mut Context,
) -> Result<Executed, CommandError> {
    let today = cx.today;
    let client = client_of(p, invoice)?;
    let number = ledger(p)
        .credit_note_number(invoice)
        .ok_or(EditError::UnknownInvoice(invoice))?;
    // What is owed today, the credit note's ceiling (a rule the page used to apply).
    let outstanding = crate::aging::outstanding_by_invoice(ledger(p), today)
        .get(
            ledger(p)
                .invoice_index()
                .get(invoice.0)
                .unwrap_or(usize::MAX),
        )
        .copied()
        .unwrap_or_default();
    let note = crate::dispute::resolve(p, invoice, today, resolution.clone(), outstanding, number)?;
    let touched: Vec<InvoiceId> = [Some(invoice), note].into_iter().flatten().collect();
    let c = Changes::touched(p, Some(before), &touched, &[], &[]);
    let fact = Fact::DisputeResolved {
        invoice,
        client,
        resolution,
    };
    Ok(Executed {
        events: vec![cx.event(fact, c)],
        reply: note.map_or(Reply::Done, Reply::CreditNote),
    })
}
