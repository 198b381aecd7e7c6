//! Each client's records, found without reading the whole ledger.
//!
//! A payment is checked against what its invoice owes, which reads the paying client's
//! invoices and payments; finding them by scanning the ledger was most of a payment's time at
//! 100,000 invoices (1.8 ms of the 2.5 ms command in the browser, profiled on 2026-12-02).
//! The portfolio keeps these lists beside its ledger: built on first use, dropped by every
//! change to the ledger ([`super::Portfolio::ledger_mut`]) except the ones that only append
//! records or rewrite one in place for the same client
//! ([`super::Portfolio::ledger_appending`]). Records from the lengths the lists were built
//! for onwards are read off the ledger itself, so an appended payment needs no update.

use crate::ledger::{ClientId, Ledger};

/// The positions of each client's invoices and payments in the ledger.
#[derive(Clone, Debug)]
pub(crate) struct ClientRecords {
    invoices: Grouped,
    payments: Grouped,
}

/// Positions grouped by the counter of the client's id (two devices' clients made with the
/// same counter share a group, read with a filter): `pos[start[c]..start[c + 1]]` are client `c`'s, in order,
/// among the first `len` records. Ids from `last` on share the group `last`, which
/// [`ClientRecords::of`] keeps below the ledger's record count: a damaged or hostile file
/// naming client 4,000,000,000 (and its counter past it) cannot make the lists that long.
#[derive(Clone, Debug)]
struct Grouped {
    start: Vec<u32>,
    pos: Vec<u32>,
    len: usize,
    last: usize,
}

impl Grouped {
    /// A counting sort of the positions by client (`clients[k]` is record `k`'s): two passes,
    /// no per-client allocation.
    fn of(clients: &[u32], last: u32) -> Grouped {
        let last = last as usize;
        let group = |c: u32| (c as usize).min(last);
        let mut start = vec![0u32; last + 2];
        for &c in clients {
            start[group(c) + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut next = start.clone();
        let mut pos = vec![0; clients.len()];
        for (k, &c) in clients.iter().enumerate() {
            let slot = &mut next[group(c)];
            pos[*slot as usize] = k as u32;
            *slot += 1;
        }
        Grouped {
            start,
            pos,
            len: clients.len(),
            last,
        }
    }

    /// Client `id`'s positions among the first `len` records, and where the records read off
    /// the ledger itself begin; `None` when the ledger holds fewer than `len` records (it
    /// cannot be the ledger the lists were built on).
    fn of_client(&self, id: ClientId, now: usize) -> Option<(&[u32], usize)> {
        if now < self.len {
            return None;
        }
        let c = (id.counter() as usize).min(self.last);
        let (a, b) = (self.start[c] as usize, self.start[c + 1] as usize);
        Some((&self.pos[a..b], self.len))
    }
}

impl ClientRecords {
    pub fn of(l: &Ledger) -> ClientRecords {
        // A sound ledger's ids are below its counter; more groups than records would only
        // hold empty ones (ids past that share the last group, read with a filter).
        let records = l.clients.len() + l.invoices.len() + l.payments.len();
        let n = l
            .next_client
            .min(u32::try_from(records).unwrap_or(u32::MAX));
        ClientRecords {
            invoices: Grouped::of(
                &l.invoices
                    .iter()
                    .map(|i| i.client.counter())
                    .collect::<Vec<_>>(),
                n,
            ),
            payments: Grouped::of(
                &l.payments
                    .iter()
                    .map(|p| p.client.counter())
                    .collect::<Vec<_>>(),
                n,
            ),
        }
    }

    /// The book of client `id` (as [`Ledger::for_client`] makes it), or `None` when `l` is not
    /// a ledger these lists can answer for.
    pub fn book(&self, l: &Ledger, id: ClientId) -> Option<Ledger> {
        let (inv, inv_tail) = self.invoices.of_client(id, l.invoices.len())?;
        let (pay, pay_tail) = self.payments.of_client(id, l.payments.len())?;
        let invoices = pick(&l.invoices, inv, inv_tail, |i| i.client == id);
        let payments = pick(&l.payments, pay, pay_tail, |p| p.client == id);
        Some(l.client_book(id, invoices, payments))
    }
}

/// The client's records among those at `listed` (all of them, but in the shared last group),
/// then among those from `tail` on, in order.
fn pick<T: Clone>(items: &[T], listed: &[u32], tail: usize, mine: impl Fn(&T) -> bool) -> Vec<T> {
    let listed = listed.iter().map(|&k| &items[k as usize]);
    listed
        .chain(&items[tail..])
        .filter(|x| mine(x))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::correction::{self, Surplus};
    use crate::ledger::{ClientId, DocKind};
    use crate::test_support::{awkward_book, date, dec};
    use crate::Portfolio;

    /// Every client's book read through the lists (and an unknown client's) equals the scan's.
    fn same_as_scan(p: &Portfolio, when: &str) {
        let tagged = |c| [ClientId::new(0, c), ClientId::new(7, c)];
        for id in (0..=p.next_client).flat_map(tagged) {
            let scan = p.ledger().for_client(id);
            assert_eq!(p.client_ledger(id), scan, "{when}, client #{}", id.0);
        }
    }

    #[test]
    fn a_clients_book_is_the_same_through_the_lists_after_each_kind_of_change() {
        let today = date("2026-07-01");
        for seed in 0..6 {
            let mut p = Portfolio::new(awkward_book(seed, seed % 2 == 1));
            p.prepare();
            same_as_scan(&p, "built");
            let inv = p
                .invoices
                .iter()
                .find(|i| i.kind == DocKind::Invoice)
                .unwrap()
                .id;
            let pay =
                correction::record(&mut p, inv, today, dec("1.5"), Surplus::ToCredit).unwrap();
            assert!(
                p.records.get().is_some(),
                "a payment appends: the lists are kept"
            );
            same_as_scan(&p, "a payment appended");
            correction::correct(&mut p, pay, today, dec("2"), today, Surplus::ToCredit).unwrap();
            assert!(
                p.records.get().is_some(),
                "corrected in place: the lists are kept"
            );
            same_as_scan(&p, "a payment corrected");
            // Removing one moves the positions after it: the lists are dropped and rebuilt.
            let first = p.payments[0].id;
            correction::cancel(&mut p, first, today).unwrap();
            assert!(p.records.get().is_none());
            same_as_scan(&p, "a payment cancelled");
            // An invoice given to another client in place, as an import's merge does.
            let other = ClientId::new(0, (p.invoices[0].client.counter() + 1) % p.next_client);
            p.ledger_mut().invoices[0].client = other;
            same_as_scan(&p, "an invoice moved to another client");
            // Another device's client made with the same counter (the same group, apart).
            let twin = ClientId::new(7, p.invoices[4].client.counter());
            p.ledger_mut().invoices[4].client = twin;
            same_as_scan(&p, "another device's client with the same counter");
            assert_eq!(p.client_ledger(twin).invoices.len(), 1);
            // Ids at and past the counter (a damaged file) share the last group.
            p.ledger_mut().invoices[1].client = ClientId(u32::MAX.into());
            p.ledger_mut().invoices[2].client = ClientId(p.next_client.into());
            same_as_scan(&p, "clients past the counter");
            let far = ClientId(u32::MAX.into());
            assert_eq!(p.client_ledger(far), p.ledger().for_client(far));
            assert_eq!(p.client_ledger(far).invoices.len(), 1);
            // A counter at the top of the range (a hostile file): the lists stay as long as the
            // records, and still answer.
            p.ledger_mut().next_client = u32::MAX;
            let top = u64::from(u32::MAX);
            let some = [0, 1, p.invoices[3].client.0, top - 1, top, u64::MAX];
            for id in some.map(ClientId) {
                assert_eq!(p.client_ledger(id), p.ledger().for_client(id), "#{}", id.0);
            }
            let records = p.clients.len() + p.invoices.len() + p.payments.len();
            assert!(p.records.get().unwrap().invoices.start.len() <= records + 2);
        }
    }
}
