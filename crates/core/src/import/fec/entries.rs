//! From ledger lines to receivables: which customer lines are invoices, credit notes,
//! payments, write-offs or moves to doubtful, and what lettering settles. The rules are
//! written out in `docs/import-fec.md`; each step below names the one it implements.

use super::{Entry, Line};
use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use crate::import::{ImportOptions, InvoiceRow, PaymentRow, Staged};
use crate::ledger::InvoiceStatus;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What an entry's other (non-customer) lines say about its customer lines.
#[derive(Default)]
struct Context {
    /// Money moved: a bank or cash account (51…, 53…).
    bank: bool,
    /// Revenue (70…, 709 rebates included) or a discount granted (665…): a credit reduces
    /// what is owed without money.
    reduces: bool,
    /// A bad-debt loss (654…, 6714…).
    write_off: bool,
    /// Credit minus debit on 70…, and on 4457… (VAT collected).
    revenue: Decimal,
    vat: Decimal,
}

fn context(lines: &[Line], entry: &Entry) -> Context {
    let mut c = Context::default();
    for l in entry.lines.iter().map(|&i| &lines[i as usize]) {
        if l.customer.is_some() {
            continue;
        }
        let a = l.account.as_str();
        c.bank |= a.starts_with("51") || a.starts_with("53");
        c.reduces |= a.starts_with("70") || a.starts_with("665");
        c.write_off |= a.starts_with("654") || a.starts_with("6714");
        if a.starts_with("70") {
            c.revenue -= l.amount;
        } else if a.starts_with("4457") {
            c.vat -= l.amount;
        }
    }
    c
}

/// One customer's lines in one entry, as rule "416" reads them.
struct Moves {
    /// Its first line in the entry.
    first: u32,
    net: Decimal,
    /// Debited, credited on 416; debited, credited on its other accounts.
    doubtful: (bool, bool),
    other: (bool, bool),
}

impl Moves {
    fn new(first: u32) -> Moves {
        Moves {
            first,
            net: Decimal::ZERO,
            doubtful: (false, false),
            other: (false, false),
        }
    }

    fn add(&mut self, l: &Line) {
        self.net += l.amount;
        let side = if l.account.starts_with("416") {
            &mut self.doubtful
        } else {
            &mut self.other
        };
        side.0 |= l.amount > Decimal::ZERO;
        side.1 |= l.amount < Decimal::ZERO;
    }

    /// Moved to 416, or back from it.
    fn is_move(&self) -> bool {
        (self.doubtful.0 && self.other.1) || (self.doubtful.1 && self.other.0)
    }
}

/// An invoice or a credit note to be.
struct Doc {
    entry: u32,
    customer: u32,
    /// The first line it was made from.
    line: u32,
    issue: NaiveDate,
    due: Option<NaiveDate>,
    total: Decimal,
    doubtful: bool,
    status: Option<InvoiceStatus>,
    /// For a credit note: the invoice (a doc) it reduces.
    applies_to: Option<usize>,
    net: Option<Decimal>,
    vat: Option<Decimal>,
}

impl Doc {
    fn new(entry: u32, customer: u32, line: u32, issue: NaiveDate, total: Decimal) -> Doc {
        Doc {
            entry,
            customer,
            line,
            issue,
            due: None,
            total,
            doubtful: false,
            status: None,
            applies_to: None,
            net: None,
            vat: None,
        }
    }

    /// The entry's revenue and VAT, when the entry holds this document only.
    fn net_vat_from(&mut self, ctx: &Context) {
        let nonzero = |d: Decimal| (!d.is_zero()).then_some(d);
        self.net = nonzero(ctx.revenue);
        self.vat = nonzero(ctx.vat);
    }
}

struct Payment {
    line: u32,
    customer: u32,
    date: NaiveDate,
    amount: Decimal,
    reference: String,
    allocations: Vec<(usize, Decimal)>,
}

/// A customer credit that lettering settles, in date order.
enum Credit {
    Payment(usize),
    Note(usize),
    /// Line index, amount.
    WriteOff(u32, Decimal),
}

/// Turns the customer lines of `entries` into `staged` invoices, credit notes and payments.
pub(super) fn build(lines: &[Line], entries: &[Entry], opts: &ImportOptions, staged: &mut Staged) {
    let mut docs: Vec<Doc> = Vec::new();
    let mut payments: Vec<Payment> = Vec::new();
    // (customer, letter) → invoices of that letter; the credits to settle them.
    let mut lettered: HashMap<(u32, &str), Vec<usize>> = HashMap::default();
    let mut credits: Vec<(NaiveDate, u32, u32, &str, Credit)> = Vec::new();
    // Moves to 416: by letter, or by piece when unlettered.
    let mut doubtful_letters: Vec<(u32, &str)> = Vec::new();
    let mut doubtful_pieces: Vec<(u32, &str)> = Vec::new();
    // Lines of the entry (and their amounts) once 411 ↔ 416 moves are netted.
    let mut items: Vec<(u32, Decimal)> = Vec::new();
    let mut invoice_of: HashMap<(u32, &str, &str), usize> = HashMap::default();
    let mut summary: Vec<Moves> = Vec::new();
    let mut by_customer: HashMap<u32, usize> = HashMap::default();
    for (e, entry) in entries.iter().enumerate() {
        let ctx = context(lines, entry);
        let customer_lines = || {
            entry
                .lines
                .iter()
                .copied()
                .filter(|&i| lines[i as usize].customer.is_some())
        };
        // Rule "416": a customer debited on 416 and credited on 411 (or the reverse) in one
        // entry is moved, not billed or paid; what does not net out is an ordinary line.
        items.clear();
        summary.clear();
        by_customer.clear();
        for i in customer_lines() {
            let l = &lines[i as usize];
            let c = l.customer.unwrap_or_default();
            let k = *by_customer.entry(c).or_insert_with(|| {
                summary.push(Moves::new(i));
                summary.len() - 1
            });
            summary[k].add(l);
        }
        for i in customer_lines() {
            let l = &lines[i as usize];
            let c = l.customer.unwrap_or_default();
            let m = &summary[by_customer[&c]];
            if !m.is_move() {
                items.push((i, l.amount));
                continue;
            }
            if l.amount < Decimal::ZERO && !l.account.starts_with("416") {
                if l.letter.is_empty() {
                    doubtful_pieces.push((c, &l.piece_ref));
                } else {
                    doubtful_letters.push((c, &l.letter));
                }
            }
            if i == m.first && !m.net.is_zero() {
                items.push((i, m.net));
            }
        }
        let first_doc = docs.len();
        invoice_of.clear();
        for &(i, amount) in &items {
            let l = &lines[i as usize];
            let customer = l.customer.unwrap_or_default();
            let issue = l.piece_date.unwrap_or(entry.date);
            if amount > Decimal::ZERO {
                // Rule "invoices": one invoice per customer, piece and letter in an entry.
                let key = (customer, l.piece_ref.as_str(), l.letter.as_str());
                if let Some(&d) = invoice_of.get(&key) {
                    docs[d].total += amount;
                    continue;
                }
                invoice_of.insert(key, docs.len());
                if !l.letter.is_empty() {
                    lettered
                        .entry((customer, &l.letter))
                        .or_default()
                        .push(docs.len());
                }
                let mut doc = Doc::new(e as u32, customer, i, issue, amount);
                // A debit against the bank (a refund, a bounced payment) is due at once.
                doc.due = ctx.bank.then_some(entry.date);
                doc.doubtful = l.account.starts_with("416");
                docs.push(doc);
            } else if amount < Decimal::ZERO {
                let credit = if ctx.write_off && !ctx.bank {
                    Credit::WriteOff(i, -amount)
                } else if ctx.reduces && !ctx.bank {
                    let mut doc = Doc::new(e as u32, customer, i, issue, amount);
                    doc.due = Some(entry.date);
                    docs.push(doc);
                    Credit::Note(docs.len() - 1)
                } else {
                    payments.push(Payment {
                        line: i,
                        customer,
                        date: entry.date,
                        amount: -amount,
                        reference: format!("{}-{}", entry.journal, entry.number),
                        allocations: Vec::new(),
                    });
                    Credit::Payment(payments.len() - 1)
                };
                credits.push((entry.date, i, customer, &l.letter, credit));
            }
        }
        // An entry of one document: its revenue and VAT are that document's.
        if docs.len() == first_doc + 1 {
            docs[first_doc].net_vat_from(&ctx);
        }
    }
    settle(lines, &mut docs, &mut payments, &mut lettered, credits);
    for (c, letter) in doubtful_letters {
        for &d in lettered
            .get(&(c, letter))
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            docs[d].doubtful = true;
        }
    }
    if !doubtful_pieces.is_empty() {
        let mut by_piece: HashMap<(u32, &str), Vec<usize>> = HashMap::default();
        for (k, d) in docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.total > Decimal::ZERO)
        {
            let piece = lines[d.line as usize].piece_ref.as_str();
            by_piece.entry((d.customer, piece)).or_default().push(k);
        }
        for key in doubtful_pieces {
            match by_piece.get(&key) {
                Some(found) => found.iter().for_each(|&k| docs[k].doubtful = true),
                // An invoice of an earlier import.
                None if !key.1.is_empty() => staged.doubtful.push(key.1.to_string()),
                None => {}
            }
        }
    }
    let numbers = numbers(lines, entries, staged, &docs);
    for (d, number) in docs.iter().zip(&numbers) {
        staged.invoices.push(InvoiceRow {
            line: lines[d.line as usize].line,
            number: number.as_str().into(),
            client: d.customer,
            issue_date: d.issue,
            due_date: d.due,
            net: d.net,
            vat: d.vat,
            total: d.total,
            paid: None,
            payment_date: None,
            currency: opts.currency,
            status: d.status,
            doubtful: d.doubtful,
            applies_to: d.applies_to.map(|t| numbers[t].clone()),
        });
    }
    for p in payments {
        staged.payments.push(PaymentRow {
            line: lines[p.line as usize].line,
            client: p.customer,
            date: p.date,
            amount: p.amount,
            currency: opts.currency,
            allocations: p
                .allocations
                .into_iter()
                .map(|(d, a)| (numbers[d].clone(), a))
                .collect(),
            reference: Some(p.reference),
        });
    }
}

/// Rule "lettering": the credits of a (customer, letter) settle the invoices of that letter,
/// oldest first; a write-off that leaves nothing of them open writes them off. Credits without
/// a letter, or beyond what their letter's invoices owe, stay unallocated (the aged balance
/// applies them to the customer's oldest open items).
fn settle<'a>(
    lines: &[Line],
    docs: &mut Vec<Doc>,
    payments: &mut [Payment],
    lettered: &mut HashMap<(u32, &'a str), Vec<usize>>,
    mut credits: Vec<(NaiveDate, u32, u32, &'a str, Credit)>,
) {
    let key = |d: usize| (docs[d].issue, docs[d].line);
    for group in lettered.values_mut() {
        // Most letters join a few documents; a long one (a letter kept for a year's
        // account) goes through the shared sort, not the quadratic one.
        if group.len() <= 32 {
            crate::small::sort_short(group, |&a, &b| key(a) < key(b));
        } else {
            crate::small::sort_by(group, |&a, &b| key(a).cmp(&key(b)));
        }
    }
    let mut left: Vec<Decimal> = docs.iter().map(|d| d.total.max(Decimal::ZERO)).collect();
    // Money and credit notes first, then what is written off is what they left.
    let key =
        |c: &(NaiveDate, u32, u32, &str, Credit)| (matches!(c.4, Credit::WriteOff(..)), c.0, c.1);
    crate::small::sort_by(&mut credits, |a, b| key(a).cmp(&key(b)));
    let none = Vec::new();
    for (date, _, customer, letter, credit) in credits {
        let group = if letter.is_empty() {
            &none
        } else {
            lettered.get(&(customer, letter)).unwrap_or(&none)
        };
        let first_open =
            |left: &[Decimal]| group.iter().copied().find(|&d| left[d] > Decimal::ZERO);
        match credit {
            Credit::Payment(k) => {
                let mut rest = payments[k].amount;
                for &d in group {
                    let take = rest.min(left[d]);
                    if take > Decimal::ZERO {
                        left[d] -= take;
                        rest -= take;
                        payments[k].allocations.push((d, take));
                    }
                }
            }
            Credit::Note(k) => {
                if let Some(d) = first_open(&left) {
                    docs[k].applies_to = Some(d);
                    left[d] += docs[k].total;
                }
            }
            Credit::WriteOff(i, amount) => {
                let open: Decimal = group.iter().map(|&d| left[d].max(Decimal::ZERO)).sum();
                if open == amount {
                    for &d in group {
                        if left[d] > Decimal::ZERO {
                            docs[d].status = Some(InvoiceStatus::WrittenOff);
                            left[d] = Decimal::ZERO;
                        }
                    }
                    continue;
                }
                // Not the exact rest of lettered invoices: a credit note of the loss, so
                // that the balance stays the ledger's.
                let target = first_open(&left);
                if let Some(t) = target {
                    left[t] -= amount;
                }
                let mut doc = Doc::new(lines[i as usize].entry, customer, i, date, -amount);
                doc.due = Some(date);
                doc.applies_to = target;
                docs.push(doc);
                left.push(Decimal::ZERO);
            }
        }
    }
}

/// Rule "numbers": an invoice keeps its PieceRef when no other invoice of the file has it;
/// otherwise (and for credit notes) the entry is added ("RAN/AN-1"), then the customer
/// ("RAN/AN-1/C002"), then the file line: numbers are unique and the same on every
/// import of the same file.
fn numbers(lines: &[Line], entries: &[Entry], staged: &Staged, docs: &[Doc]) -> Vec<String> {
    let candidate = |d: &Doc, level: u8| -> Option<String> {
        let l = &lines[d.line as usize];
        let e = &entries[d.entry as usize];
        let entry = format!("{}-{}", e.journal, e.number);
        let base = if l.piece_ref.is_empty() {
            entry
        } else {
            format!("{}/{entry}", l.piece_ref)
        };
        let c = &staged.clients[d.customer as usize];
        let code = c.code.as_deref().unwrap_or(&c.name);
        match level {
            0 => (d.total > Decimal::ZERO && !l.piece_ref.is_empty()).then(|| l.piece_ref.clone()),
            1 => Some(base),
            2 => Some(format!("{base}/{code}")),
            _ => Some(format!("{base}/{code}/{}", l.line)),
        }
    };
    let mut out: Vec<Option<String>> = vec![None; docs.len()];
    let mut taken: HashSet<String> = HashSet::default();
    for level in 0..4 {
        let wanted: Vec<Option<String>> = docs
            .iter()
            .zip(&out)
            .map(|(d, o)| o.is_none().then(|| candidate(d, level)).flatten())
            .collect();
        let mut count: HashMap<&str, u32> = HashMap::default();
        for w in wanted.iter().flatten() {
            *count.entry(w).or_default() += 1;
        }
        for (o, w) in out.iter_mut().zip(&wanted) {
            if let Some(w) = w {
                if count[w.as_str()] == 1 && taken.insert(w.clone()) {
                    *o = Some(w.clone());
                }
            }
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(k, o)| o.unwrap_or_else(|| format!("#{k}")))
        .collect()
}
