//! Line numbers for error messages.

/// File line of a byte offset. The csv reader's own line count skips newlines inside quoted
/// fields; users need the line their editor shows. Offsets only grow, so this stays linear.
pub(super) struct LineCounter<'a> {
    pub(super) data: &'a [u8],
    pub(super) offset: usize,
    pub(super) line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        LineCounter {
            data,
            offset: 0,
            line: 1,
        }
    }

    pub(super) fn line_at(&mut self, byte: u64) -> u64 {
        let mut byte = (byte as usize).min(self.data.len());
        // With CRLF the reader's offset can point at the previous record's terminator.
        while matches!(self.data.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte >= self.offset {
            self.line += memchr::memchr_iter(b'\n', &self.data[self.offset..byte]).count() as u64;
        } else {
            self.line = 1 + memchr::memchr_iter(b'\n', &self.data[..byte]).count() as u64;
        }
        self.offset = byte;
        self.line
    }
}
