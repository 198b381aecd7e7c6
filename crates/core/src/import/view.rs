//! An import's report as the Import page shows it: its counts, and each change, error and
//! warning already said in French and in English ([`super::words`]). The engine's worker
//! runs the preview and the import (at 100,000 rows each is a main-thread task of 150–250
//! ms in the page's wasm) and sends the page this, in a few bytes' plain layout: the page
//! decodes strings and numbers, not the codes (whose serde forms — tagged, flattened — a
//! compact format cannot read, and whose JSON decoder would weigh about 50 KB gzip in the
//! page, measured 2026-12-08).
//!
//! The file and the options travel the other way in one buffer ([`frame`], [`unframe`]).

use super::{ImportOptions, ImportReport, RowError};
use crate::language::Language;
use crate::ledger::ClientId;

/// The changes a report lists (the page shows as many; the count says how many there are).
pub const CHANGES_SHOWN: usize = 50;

/// A sentence in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub fr: String,
    pub en: String,
}

impl Words {
    /// The sentence in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
    }
}

/// A row's error or warning: where, its stable code (`Code::id`), its words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowView {
    pub line: u64,
    pub column: u32,
    pub code: String,
    pub words: Words,
}

/// What an import did, or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportView {
    pub new_clients: u64,
    pub new_invoices: u64,
    pub updated_invoices: u64,
    pub unchanged_invoices: u64,
    pub new_payments: u64,
    pub unchanged_payments: u64,
    /// Whether the import changed anything (it made a batch).
    pub changed: bool,
    /// The first [`CHANGES_SHOWN`] changes, and how many there are.
    pub changes: Vec<Words>,
    pub changes_total: u64,
    pub errors: Vec<RowView>,
    pub warnings: Vec<RowView>,
    /// The clients the import pushed over their credit limit.
    pub over_limit: Vec<ClientId>,
}

fn both(say: impl Fn(Language) -> String) -> Words {
    Words {
        fr: say(Language::Fr),
        en: say(Language::En),
    }
}

fn rows(list: &[RowError]) -> Vec<RowView> {
    (list.iter())
        .map(|e| RowView {
            line: e.line,
            column: e.column,
            code: e.code.id().to_string(),
            words: both(|l| super::words::code(l, &e.code)),
        })
        .collect()
}

impl ReportView {
    pub fn of(r: &ImportReport, over_limit: &[ClientId]) -> ReportView {
        let n = |v: usize| v as u64;
        ReportView {
            new_clients: n(r.new_clients),
            new_invoices: n(r.new_invoices),
            updated_invoices: n(r.updated_invoices),
            unchanged_invoices: n(r.unchanged_invoices),
            new_payments: n(r.new_payments),
            unchanged_payments: n(r.unchanged_payments),
            changed: r.batch.is_some(),
            changes: (r.changes.iter().take(CHANGES_SHOWN))
                .map(|c| both(|l| super::words::change(l, c)))
                .collect(),
            changes_total: n(r.changes.len()),
            errors: rows(&r.errors),
            warnings: rows(&r.warnings),
            over_limit: over_limit.to_vec(),
        }
    }

    /// The bytes: numbers as 8 bytes little-endian, a text as its length (4 bytes) and its
    /// UTF-8, a list as its length and its items.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        for v in [
            self.new_clients,
            self.new_invoices,
            self.updated_invoices,
            self.unchanged_invoices,
            self.new_payments,
            self.unchanged_payments,
            u64::from(self.changed),
            self.changes_total,
        ] {
            w.u64(v);
        }
        w.len(self.changes.len());
        for c in &self.changes {
            w.words(c);
        }
        for list in [&self.errors, &self.warnings] {
            w.len(list.len());
            for r in list {
                w.u64(r.line);
                w.len(r.column as usize);
                w.text(&r.code);
                w.words(&r.words);
            }
        }
        w.len(self.over_limit.len());
        for c in &self.over_limit {
            w.u64(c.0);
        }
        w.0
    }

    /// What [`ReportView::encode`] wrote; `None` for any other bytes.
    pub fn decode(b: &[u8]) -> Option<ReportView> {
        let mut r = Reader(b);
        let mut v = ReportView {
            new_clients: r.u64()?,
            new_invoices: r.u64()?,
            updated_invoices: r.u64()?,
            unchanged_invoices: r.u64()?,
            new_payments: r.u64()?,
            unchanged_payments: r.u64()?,
            changed: r.u64()? != 0,
            changes_total: r.u64()?,
            ..ReportView::default()
        };
        for _ in 0..r.len()? {
            v.changes.push(Words {
                fr: r.text()?,
                en: r.text()?,
            });
        }
        for list in [&mut v.errors, &mut v.warnings] {
            for _ in 0..r.len()? {
                list.push(RowView {
                    line: r.u64()?,
                    column: r.u32()?,
                    code: r.text()?,
                    words: Words {
                        fr: r.text()?,
                        en: r.text()?,
                    },
                });
            }
        }
        for _ in 0..r.len()? {
            v.over_limit.push(ClientId(r.u64()?));
        }
        r.0.is_empty().then_some(v)
    }
}

// Helpers not inlined: cold code, kept small in the worker's opt-level-3 wasm.
struct Writer(Vec<u8>);

impl Writer {
    #[inline(never)]
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    #[inline(never)]
    fn len(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u32).to_le_bytes());
    }
    #[inline(never)]
    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn words(&mut self, w: &Words) {
        self.text(&w.fr);
        self.text(&w.en);
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    #[inline(never)]
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (a, b) = (n <= self.0.len()).then(|| self.0.split_at(n))?;
        self.0 = b;
        Some(a)
    }
    #[inline(never)]
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    #[inline(never)]
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    /// A list's length, no longer than what is left could hold (each item takes a byte at
    /// least): bad bytes never make a huge loop.
    fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.0.len()).then_some(n)
    }
    #[inline(never)]
    fn text(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// The options and the file in one buffer: the options' length (4 bytes), the options
/// (postcard), the file.
pub fn frame(opts: &ImportOptions, file: &[u8]) -> Vec<u8> {
    let o = postcard::to_allocvec(opts).unwrap_or_default();
    let mut out = Vec::with_capacity(4 + o.len() + file.len());
    out.extend_from_slice(&(o.len() as u32).to_le_bytes());
    out.extend_from_slice(&o);
    out.extend_from_slice(file);
    out
}

/// What [`frame`] wrote: the options and the file; `None` for other bytes.
pub fn unframe(b: &[u8]) -> Option<(ImportOptions, &[u8])> {
    let n = u32::from_le_bytes(b.get(..4)?.try_into().ok()?) as usize;
    let o = b.get(4..4 + n)?;
    Some((postcard::from_bytes(o).ok()?, &b[4 + n..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Change, Code, ImportOptions};

    #[test]
    fn a_report_reads_back_as_written_and_bad_bytes_read_as_nothing() {
        let report = ImportReport {
            new_invoices: 3,
            updated_invoices: 1,
            changes: vec![Change::MarkedDoubtful {
                number: "F-1".into(),
            }],
            errors: vec![RowError::new(4, 2, Code::EmptyFile)],
            warnings: vec![RowError::new(7, 0, Code::NotText)],
            batch: Some(crate::ledger::BatchId(1)),
            ..ImportReport::default()
        };
        let v = ReportView::of(&report, &[ClientId::new(9, 4)]);
        assert_eq!(v.changes[0].fr, "F-1 : créance douteuse");
        assert_eq!(v.changes[0].en, "F-1: doubtful");
        assert_eq!(v.errors[0].code, "empty_file");
        let b = v.encode();
        assert_eq!(ReportView::decode(&b), Some(v));
        for cut in 0..b.len() {
            assert_eq!(ReportView::decode(&b[..cut]), None, "cut at {cut}");
        }
        let mut long = b.clone();
        long.push(0);
        assert_eq!(ReportView::decode(&long), None);
    }

    #[test]
    fn options_and_file_travel_in_one_buffer() {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let opts = ImportOptions::builder(today).label("export.csv").build();
        let b = frame(&opts, b"N;C\n1;2\n");
        assert_eq!(unframe(&b), Some((opts, &b"N;C\n1;2\n"[..])));
        assert_eq!(unframe(&b[..3]), None);
    }
}
