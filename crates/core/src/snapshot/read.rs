//! Reading a snapshot back: whole ([`from_chunks`]) or one chunk at a time ([`Reader`]).

use super::*;

/// Rebuilds a portfolio from the chunks [`to_chunks`] wrote (in any order).
pub fn from_chunks<'a>(
    chunks: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Portfolio, SnapshotError> {
    let chunks: Vec<(&str, &[u8])> = chunks.into_iter().collect();
    let mut r = Reader::new(chunks.iter().find(|(k, _)| *k == TAGS).map(|(_, b)| *b))?;
    for (key, bytes) in chunks {
        r.read(key, bytes)?;
    }
    r.finish()
}

/// A snapshot read one chunk at a time: [`from_chunks`] in steps, so that a page can let
/// the browser paint between two chunks (a whole 100k book decoded at once is a main-thread
/// task of a few hundred ms).
pub struct Reader {
    tags: Option<Vec<u32>>,
    meta: Option<Meta>,
    ledger: Ledger,
    follow_up: Collection,
    written: Written,
    inv: Vec<(usize, Vec<Invoice>)>,
    pay: Vec<(usize, Vec<Payment>)>,
    records: bool,
}

impl Reader {
    /// A reader of chunks among which `tags` is the one named [`TAGS`], if there is one
    /// (the records' ids are written against it).
    pub fn new(tags: Option<&[u8]>) -> Result<Reader, SnapshotError> {
        Ok(Reader {
            tags: tags.map(table_of).transpose()?,
            meta: None,
            ledger: Ledger::default(),
            follow_up: Collection::default(),
            written: Written::default(),
            inv: Vec::new(),
            pay: Vec::new(),
            records: false,
        })
    }

    /// Decodes one chunk.
    pub fn read(&mut self, key: &str, bytes: &[u8]) -> Result<(), SnapshotError> {
        match decode_with(key, bytes, self.tags.as_deref())? {
            Part::Tags => {}
            Part::Meta(m) => self.meta = Some(m),
            Part::Clients(c) => self.ledger.clients = c,
            Part::Batches(b) => self.ledger.batches = b,
            Part::Collection(c) => self.follow_up = *c,
            Part::Written(w) => self.written = *w,
            Part::Invoices(n, v) => self.inv.push((n, v)),
            Part::Payments(n, v) => self.pay.push((n, v)),
        }
        // Only the follow-up is written without the rest (dunning settings chosen before any
        // import): any other chunk without `meta` means `meta` was lost.
        self.records |= key != COLLECTION && key != WRITTEN;
        Ok(())
    }

    /// The portfolio the chunks read make, checked against their `meta`.
    pub fn finish(self) -> Result<Portfolio, SnapshotError> {
        let Reader {
            meta,
            mut ledger,
            follow_up,
            written,
            mut inv,
            mut pay,
            records,
            ..
        } = self;
        let Some(meta) = meta else {
            if records {
                return Err(missing("meta"));
            }
            return Ok(Portfolio::from_parts(ledger, follow_up).with_written(written));
        };
        if meta.version != SNAPSHOT_VERSION {
            return Err(SnapshotError::EncodingVersion {
                found: meta.version,
            });
        }
        crate::small::sort_by(&mut inv, |a, b| a.0.cmp(&b.0));
        crate::small::sort_by(&mut pay, |a, b| a.0.cmp(&b.0));
        // Concatenated into vectors of the final size: a `flat_map(..).collect()` cannot know
        // it and grew them by doubling, about 65 ms of reallocation in a 100k cold start
        // (profiled).
        ledger.invoices = concat(inv);
        ledger.payments = concat(pay);
        for (what, have, want) in [
            ("invoices", ledger.invoices.len(), meta.invoices),
            ("payments", ledger.payments.len(), meta.payments),
            ("clients", ledger.clients.len(), meta.clients),
        ] {
            if have != want as usize {
                return Err(missing(what));
            }
        }
        ledger.next_client = meta.next_client;
        ledger.next_invoice = meta.next_invoice;
        ledger.next_payment = meta.next_payment;
        ledger.next_batch = meta.next_batch;
        Ok(Portfolio::from_parts(ledger, follow_up).with_written(written))
    }
}

fn concat<T>(parts: Vec<(usize, Vec<T>)>) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.iter().map(|(_, v)| v.len()).sum());
    for (_, mut v) in parts {
        all.append(&mut v);
    }
    all
}

/// One decoded chunk.
pub(super) enum Part {
    Tags,
    Meta(Meta),
    Clients(Vec<Client>),
    Batches(Vec<Batch>),
    Collection(Box<Collection>),
    Written(Box<Written>),
    Invoices(usize, Vec<Invoice>),
    Payments(usize, Vec<Payment>),
}

pub(super) fn decode_chunk(key: &str, bytes: &[u8]) -> Result<Part, SnapshotError> {
    let index = |n: &str| n.parse::<usize>().map_err(|_| unknown(key));
    Ok(match key.split_once('/') {
        None if key == TAGS => Part::Tags,
        None if key == "meta" => Part::Meta(dec(bytes, key)?),
        None if key == "clients" => Part::Clients(dec(bytes, key)?),
        None if key == "batches" => Part::Batches(dec(bytes, key)?),
        None if key == COLLECTION => Part::Collection(Box::new(collection_from(bytes)?)),
        None if key == WRITTEN => {
            Part::Written(Box::new(Written::decode(bytes).ok_or_else(|| {
                SnapshotError::Undecodable {
                    record: WRITTEN.to_string(),
                    detail: "not the last writes' encoding".to_string(),
                }
            })?))
        }
        Some(("invoices", n)) => Part::Invoices(index(n)?, dec(bytes, key)?),
        Some(("payments", n)) => Part::Payments(index(n)?, dec(bytes, key)?),
        _ => return Err(unknown(key)),
    })
}
