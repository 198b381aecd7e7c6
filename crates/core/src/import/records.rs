//! Splitting CSV text into records and fields, without I/O and without copying the common row.
//!
//! The reading is the one spreadsheets and the `csv` crate share (its tests compare the two on
//! random inputs):
//! - a record ends at `\n`, `\r` or `\r\n`; empty lines are not records;
//! - a field that *starts* with `"` is quoted: delimiters and line breaks inside are data, `""`
//!   is one quote, and whatever follows the closing quote up to the next delimiter is kept as
//!   written; a quote anywhere else is an ordinary character;
//! - except: a quoted field that never closes, or that spans a line break and closes on a
//!   quote followed by something other than a delimiter or a line end (the quote was left
//!   open and "closed" on the next row's opening quote), makes its record *broken*
//!   ([`Record::broken`]): it ends at the line where the quote opened, and reading goes on at
//!   the next line, so that no row after it is lost.
//!
//! Most records hold no quoted field: their fields end where [`Ends`] finds the next delimiter
//! or line break (64 bytes at a time), and are handed out as slices of the input. Only a
//! record with a quoted field is copied, unescaped, into a buffer of its own.
//!
//! ```text
//! let mut records = Records::new(b"a;\"b;c\"\n\nd", b';');
//! let mut rec = Record::default();
//! assert!(records.read(&mut rec));
//! assert_eq!((rec.get(1), rec.line()), (Some(&b"b;c"[..]), 1));
//! assert!(records.read(&mut rec));
//! assert_eq!((rec.get(0), rec.line()), (Some(&b"d"[..]), 3));
//! assert!(!records.read(&mut rec));
//! ```

use super::scan::Ends;

/// Reads records one after the other from a byte slice.
pub(super) struct Records<'a> {
    data: &'a [u8],
    delimiter: u8,
    quoting: bool,
    /// Where the next record is looked for, and the file line there (1-based).
    pos: usize,
    line: u64,
    ends: Ends,
}

/// One record: the bounds of its fields, in the input or (for a record with quoted fields) in
/// its own buffer. Reused from record to record so that reading allocates nothing.
#[derive(Default)]
pub(super) struct Record<'a> {
    data: &'a [u8],
    bounds: Vec<(usize, usize)>,
    scratch: Vec<u8>,
    /// The fields are in `scratch` (the record has a quoted field).
    unquoted: bool,
    /// The field (0-based) whose quote was left open.
    broken: Option<u32>,
    start: usize,
    line: u64,
}

impl<'a> Records<'a> {
    /// Records of `data` with fields separated by `delimiter`, quotes understood.
    pub(super) fn new(data: &'a [u8], delimiter: u8) -> Self {
        Records {
            data,
            delimiter,
            quoting: true,
            pos: 0,
            line: 1,
            ends: Ends::new(delimiter),
        }
    }

    /// Whether `"` starts a quoted field (FEC files have no quoting).
    pub(super) fn quoting(mut self, yes: bool) -> Self {
        self.quoting = yes;
        self
    }

    /// Resumes at a position given by [`Records::position`].
    pub(super) fn resume(mut self, (pos, line): (usize, u64)) -> Self {
        self.pos = pos.min(self.data.len());
        self.line = line;
        self
    }

    /// Where reading stands: the byte offset and the line there.
    pub(super) fn position(&self) -> (usize, u64) {
        (self.pos, self.line)
    }

    /// Reads the next record into `rec`; false at the end of the input.
    pub(super) fn read(&mut self, rec: &mut Record<'a>) -> bool {
        let data = self.data;
        // Line breaks between records, blank lines included.
        while let Some(&c) = data.get(self.pos) {
            match c {
                b'\n' => self.line += 1,
                // A lone CR ends a line too (old Mac exports); in CRLF the LF counts.
                b'\r' if data.get(self.pos + 1) != Some(&b'\n') => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos >= data.len() {
            return false;
        }
        rec.data = data;
        rec.start = self.pos;
        rec.line = self.line;
        rec.bounds.clear();
        rec.unquoted = true;
        rec.broken = None;
        let mut field = self.pos;
        loop {
            if self.quoting && data.get(field) == Some(&b'"') {
                self.pos = self.read_quoted(rec);
                return true;
            }
            let end = self.ends.next(data, field);
            rec.bounds.push((field, end));
            if data.get(end) != Some(&self.delimiter) {
                self.pos = end;
                return true;
            }
            field = end + 1;
        }
    }

    /// The record starting at `rec.start`, which has a quoted field: fields are unescaped
    /// into the record's buffer. Returns where the record ends.
    fn read_quoted(&mut self, rec: &mut Record<'a>) -> usize {
        let data = self.data;
        rec.unquoted = false;
        rec.bounds.clear();
        rec.scratch.clear();
        let mut i = rec.start;
        loop {
            let field_start = rec.scratch.len();
            if self.quoting && data.get(i) == Some(&b'"') {
                let (open_at, open_line) = (i, self.line);
                let mut spans_lines = false;
                i += 1;
                loop {
                    let close = memchr::memchr(b'"', &data[i..]).map_or(data.len(), |k| i + k);
                    let part = &data[i..close];
                    let breaks = line_breaks(part);
                    self.line += breaks;
                    spans_lines |= breaks > 0;
                    rec.scratch.extend_from_slice(part);
                    i = close + 1;
                    // `""` is a quote and the field goes on; anything else closes it.
                    if close < data.len() && data.get(i) == Some(&b'"') {
                        rec.scratch.push(b'"');
                        i += 1;
                    } else {
                        break;
                    }
                }
                let closed = i <= data.len();
                i = i.min(data.len());
                let clean_end = matches!(data.get(i), None | Some(b'\n') | Some(b'\r'))
                    || data.get(i) == Some(&self.delimiter);
                if !closed || (spans_lines && !clean_end) {
                    return self.broken(rec, open_at, open_line);
                }
            }
            let end = self.ends.next(data, i);
            rec.scratch.extend_from_slice(&data[i..end]);
            rec.bounds.push((field_start, rec.scratch.len()));
            if data.get(end) != Some(&self.delimiter) {
                return end;
            }
            i = end + 1;
        }
    }
}

impl<'a> Records<'a> {
    /// A record whose quote, opened at `open_at` on `open_line`, was left open: it ends at
    /// the end of that line, where reading goes on.
    #[cold]
    fn broken(&mut self, rec: &mut Record<'a>, open_at: usize, open_line: u64) -> usize {
        rec.broken = Some(rec.bounds.len() as u32);
        rec.bounds.push((rec.scratch.len(), rec.scratch.len()));
        self.line = open_line;
        memchr::memchr2(b'\n', b'\r', &self.data[open_at..])
            .map_or(self.data.len(), |k| open_at + k)
    }
}

/// The line breaks in `part`: LF, CRLF and a lone CR count one each. A CR at the end of
/// `part` counts as lone (`part` stops before a quote or at the end of the input).
fn line_breaks(part: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', part).count();
    let lone_cr = memchr::memchr_iter(b'\r', part)
        .filter(|&k| part.get(k + 1) != Some(&b'\n'))
        .count();
    (lf + lone_cr) as u64
}

impl<'a> Record<'a> {
    /// The number of fields.
    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i`, unescaped.
    pub(super) fn get(&self, i: usize) -> Option<&[u8]> {
        let &(s, e) = self.bounds.get(i)?;
        Some(if self.unquoted {
            &self.data[s..e]
        } else {
            &self.scratch[s..e]
        })
    }

    /// Field `i` as text. `text` is the input as a string (the same bytes as the records were
    /// read from): a field of an unquoted record is sliced out of it without validating again.
    pub(super) fn get_str<'s>(&'s self, text: &'s str, i: usize) -> Option<&'s str> {
        let &(s, e) = self.bounds.get(i)?;
        if self.unquoted {
            // Field bounds sit next to ASCII bytes, so always on character boundaries.
            text.get(s..e)
        } else {
            std::str::from_utf8(&self.scratch[s..e]).ok()
        }
    }

    /// The fields in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The 0-based field whose quote was left open: the record is not to be read as a row.
    pub(super) fn broken(&self) -> Option<u32> {
        self.broken
    }

    /// True when every field is blank (`;;;` or spaces): a row to skip, not an error.
    pub(super) fn is_blank(&self) -> bool {
        self.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
    }

    /// The byte offset where the record starts.
    #[cfg(test)]
    pub(super) fn start(&self) -> usize {
        self.start
    }

    /// The file line where the record starts (1-based; LF, CRLF and a lone CR end a line).
    pub(super) fn line(&self) -> u64 {
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(data: &[u8], quoting: bool) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::new(data, b';').quoting(quoting);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while records.read(&mut rec) {
            let fields = match rec.broken() {
                // A broken record shows as its open field's position, marked.
                Some(k) => vec![format!("!{k}").into_bytes()],
                None => rec.iter().map(<[u8]>::to_vec).collect(),
            };
            out.push((rec.line(), fields));
        }
        out
    }

    fn show(records: &[(u64, Vec<Vec<u8>>)]) -> String {
        records
            .iter()
            .map(|(line, fields)| {
                let f: Vec<String> = fields
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                format!("{line}:{}", f.join("|"))
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    #[test]
    fn records_table() {
        let table: &[(&str, &str)] = &[
            ("a;b\nc;d\n", "1:a|b / 2:c|d"),
            ("a;b\r\nc;d", "1:a|b / 2:c|d"),
            ("a\r\rb", "1:a / 3:b"),
            ("a\rb;\"x\ry\"\rc", "1:a / 2:b|x\ry / 4:c"),
            ("a\r\n\r\nb\r\"c", "1:a / 3:b / 4:!0"),
            ("\n\na\n\n\nb\n", "3:a / 6:b"),
            ("a;;\n;\n", "1:a|| / 2:|"),
            ("\"x;y\";z\n", "1:x;y|z"),
            ("\"l1\nl2\";z\nnext", "1:l1\nl2|z / 3:next"),
            ("\"he said \"\"hi\"\"\";2", "1:he said \"hi\"|2"),
            ("a\"b;c", "1:a\"b|c"),
            ("\"ab\"cd;e", "1:abcd|e"),
            // A quote left open: the record is broken at its line, the next line is read.
            ("\"open;to the end\nx", "1:!0 / 2:x"),
            ("a;\"open\nb;c\n", "1:!1 / 2:b|c"),
            (
                "F1;\"Martin;1\nF2;\"Dupont; Fils\";2\nF3;x",
                "1:!1 / 2:F2|Dupont; Fils|2 / 3:F3|x",
            ),
            ("x;\"a\nb\"c;d\ne", "1:!1 / 2:b\"c|d / 3:e"),
            ("x;\"abc", "1:!1"),
            // A quoted field over two lines that closes cleanly is data, not an error.
            ("\"l1\r\nl2\"\r\nz", "1:l1\r\nl2 / 3:z"),
            ("\"\"", "1:"),
            ("x;\"\"\"\"", "1:x|\""),
            ("   ", "1:   "),
            ("a;\"b\"\r\nc", "1:a|b / 2:c"),
        ];
        for (input, expected) in table {
            assert_eq!(show(&split(input.as_bytes(), true)), *expected, "{input:?}");
        }
        assert_eq!(show(&split(b"\"a;b\";c", false)), "1:\"a|b\"|c");
    }

    /// The same records as the `csv` crate, on random inputs over the characters that matter.
    #[test]
    fn same_records_as_the_csv_crate() {
        let alphabet = b"ab;\"\r\n \xc3\xa9\t\x0b";
        let mut rng = crate::generator::Rng::new(0x5EC0);
        let mut broken = 0;
        for case in 0..20_000 {
            // Mostly short inputs (every case of a few bytes), some past several 64-byte blocks.
            let len = rng.below(if case % 4 == 0 { 400 } else { 40 }) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            let quoting = case % 5 != 0;
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(b';')
                .has_headers(false)
                .flexible(true)
                .quoting(quoting)
                .from_reader(&data[..]);
            let mut expected = Vec::new();
            let mut r = csv::ByteRecord::new();
            while reader.read_byte_record(&mut r).unwrap() {
                expected.push(r.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
            }
            let ours = split(&data, quoting);
            // A broken record (a quote left open) is where the reading differs on purpose:
            // the `csv` crate lets it swallow the rest; its own table cases cover it.
            if ours
                .iter()
                .any(|(_, f)| f.len() == 1 && f[0].starts_with(b"!"))
            {
                broken += 1;
                continue;
            }
            let fields: Vec<_> = ours.iter().map(|(_, f)| f.clone()).collect();
            assert_eq!(fields, expected, "{:?}", String::from_utf8_lossy(&data));
            // Each record's line is the line of its first byte: LF, CRLF and a lone CR each
            // end one.
            let mut records = Records::new(&data, b';').quoting(quoting);
            let mut rec = Record::default();
            while records.read(&mut rec) {
                let before = &data[..rec.start()];
                let breaks = (0..before.len())
                    .filter(|&k| match before[k] {
                        b'\n' => true,
                        b'\r' => data.get(k + 1) != Some(&b'\n'),
                        _ => false,
                    })
                    .count();
                assert_eq!(rec.line(), breaks as u64 + 1, "{data:?}");
            }
        }
        // Most inputs are still compared (a guard against a rule that breaks everything).
        assert!(broken < 8_000, "{broken} of 20,000 inputs read as broken");
    }

    #[test]
    fn reading_resumes_where_it_stopped() {
        let data = b"a;\"1\n2\"\r\n\r\nb;3\nc;4";
        let mut rec = Record::default();
        let mut first = Records::new(data, b';');
        assert!(first.read(&mut rec));
        let mut rest = Records::new(data, b';').resume(first.position());
        assert!(rest.read(&mut rec));
        assert_eq!((rec.get(0), rec.line()), (Some(&b"b"[..]), 4));
        assert_eq!(rec.get(1), Some(&b"3"[..]));
        assert!(rest.read(&mut rec));
        assert!(!rest.read(&mut rec));
    }
}
