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

/// How a CSV file is laid out for the spreadsheet that opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvStyle {
    /// `;`, decimal comma, UTF-8 with a BOM: what a French Excel opens right on a double-click.
    French,
    /// `,`, decimal dot, no BOM.
    Plain,
}

impl CsvStyle {
    pub fn delimiter(self) -> char {
        match self {
            CsvStyle::French => ';',
            CsvStyle::Plain => ',',
        }
    }

    pub fn decimal(self) -> char {
        match self {
            CsvStyle::French => ',',
            CsvStyle::Plain => '.',
        }
    }

    fn start(self) -> &'static str {
        match self {
            CsvStyle::French => "\u{feff}",
            CsvStyle::Plain => "",
        }
    }
}

/// The aged balance as CSV: one line per client row kept by `keep` (per currency), then a
/// total line per currency over those rows. Headers in `lang`; names neutralised, amounts as
/// numbers.
pub fn aging_csv(
    aging: &crate::aging::Aging,
    keep: impl Fn(&crate::aging::ClientAging) -> bool,
    style: CsvStyle,
    lang: crate::language::Language,
) -> String {
    use crate::language::Language;
    let (d, dec) = (style.delimiter(), style.decimal());
    let words = match lang {
        Language::Fr => [
            "Client",
            "Devise",
            "Total",
            "Non échu",
            "En litige",
            "Avoirs non imputés",
            "TOTAL",
        ],
        Language::En => [
            "Client",
            "Currency",
            "Total",
            "Not due",
            "Disputed",
            "Unallocated credits",
            "TOTAL",
        ],
    };
    let mut out = String::from(style.start());
    let mut head: Vec<String> = vec![
        words[0].into(),
        words[1].into(),
        words[2].into(),
        words[3].into(),
    ];
    head.extend(aging.labels.iter().skip(1).map(|l| text(l, d)));
    head.extend([words[4].into(), words[5].into()]);
    let line = |out: &mut String, cells: Vec<String>| {
        out.push_str(&cells.join(&d.to_string()));
        out.push_str("\r\n");
    };
    line(&mut out, head);
    for c in &aging.currencies {
        let part = c.only(&keep);
        let cells = |name: String, t, b: &[rust_decimal::Decimal], di, cr| {
            let mut cells = vec![name, c.currency.to_string(), amount(t, dec)];
            cells.extend(b.iter().map(|x| amount(*x, dec)));
            cells.extend([amount(di, dec), amount(cr, dec)]);
            cells
        };
        for cl in &part.clients {
            let r = cells(
                text(&cl.name, d),
                cl.total,
                &cl.buckets,
                cl.disputed,
                cl.unallocated_credits,
            );
            line(&mut out, r);
        }
        let r = cells(
            words[6].into(),
            part.total,
            &part.buckets,
            part.disputed,
            part.unallocated_credits,
        );
        line(&mut out, r);
    }
    out
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

    #[test]
    fn aging_csv_in_both_styles() {
        use crate::aging::{age, AgingOptions};
        use crate::import::{import, ImportOptions};
        use crate::test_support::date;
        let mut l = crate::Ledger::default();
        // The credit note goes FIFO to F2 (100), leaving 200 unallocated.
        let csv = "N° facture;Client;Date;Échéance;Montant TTC\nF1;\"=cmd|' /C calc'!A0\";01/01/2025;31/01/2025;1 200,50\nF2;\"Dupont; Fils\";01/03/2025;31/03/2025;100,00\nA1;\"Dupont; Fils\";02/03/2025;02/03/2025;-300,00\n";
        let r = import(
            &mut l,
            csv.as_bytes(),
            &ImportOptions::builder(date("2025-03-15")).build(),
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let fine = l.clients[1].id;
        let a = age(&l, &AgingOptions::new(date("2025-03-15")));
        let fr = aging_csv(
            &a,
            |_| true,
            CsvStyle::French,
            crate::language::Language::Fr,
        );
        let lines: Vec<&str> = fr.split("\r\n").collect();
        assert_eq!(lines[0], "\u{feff}Client;Devise;Total;Non échu;1–30;31–60;61–90;> 90;En litige;Avoirs non imputés");
        assert_eq!(
            lines[1],
            "'=cmd|' /C calc'!A0;EUR;1200,50;0,00;0,00;1200,50;0,00;0,00;0,00;0,00"
        );
        assert_eq!(
            lines[2],
            "\"Dupont; Fils\";EUR;-200,00;0,00;0,00;0,00;0,00;0,00;0,00;200,00"
        );
        assert_eq!(
            lines[3],
            "TOTAL;EUR;1000,50;0,00;0,00;1200,50;0,00;0,00;0,00;200,00"
        );
        let en = aging_csv(
            &a,
            |c| c.client == fine,
            CsvStyle::Plain,
            crate::language::Language::En,
        );
        let lines: Vec<&str> = en.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Client,Currency,Total,Not due,1–30,31–60,61–90,> 90,Disputed,Unallocated credits"
        );
        assert_eq!(
            lines[1],
            "Dupont; Fils,EUR,-200.00,0.00,0.00,0.00,0.00,0.00,0.00,200.00"
        );
        assert_eq!(
            lines[2],
            "TOTAL,EUR,-200.00,0.00,0.00,0.00,0.00,0.00,0.00,200.00"
        );
    }
}
