//! CSV cells for files opened in a spreadsheet: text that could run as a formula is
//! neutralised, amounts stay numbers.

/// A text cell: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front (the
/// spreadsheet shows the text instead of evaluating it), and the cell is quoted when it holds
/// the delimiter, a quote or a line break.
pub fn text(s: &str, delimiter: char) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// An amount as a number cell: rounded to the cent, no thousands separator, the given decimal
/// mark (`-300,00` stays a number for a French spreadsheet).
pub fn amount(d: rust_decimal::Decimal, decimal: char) -> String {
    let plain = crate::money::to_plain(d);
    if decimal == '.' {
        plain
    } else {
        plain.replace('.', &decimal.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::dec;

    #[test]
    fn cells() {
        for (raw, want) in [
            ("Acme", "Acme"),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+33 1 23", "'+33 1 23"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("a;b", "\"a;b\""),
            ("two\nlines", "\"two\nlines\""),
        ] {
            assert_eq!(text(raw, ';'), want, "{raw:?}");
        }
        assert_eq!(amount(dec("-300"), ','), "-300,00");
        assert_eq!(amount(dec("1234.565"), '.'), "1234.57");
    }
}
