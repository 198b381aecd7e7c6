//! The payer and the reference inside a French bank's label: `VIR SEPA RECU /DE DUPONT SARL
//! /MOTIF FACTURE F2025-031 /REF 0123`, or `VIR RECU 5566 DE: DUPONT SARL MOTIF: F2025-031
//! REF: 0123`. Formats without a payer field (CFONB, CSV) carry it only there.

/// What a label says, beyond its words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelParts {
    /// After `/DE`, `DE:`, `/FRM`, `/DO`.
    pub payer: Option<String>,
    /// After `/MOTIF`, `MOTIF:`, `/LIB`, `/RI`.
    pub motif: Option<String>,
    /// After `/REF`, `REF:`, `/REFDO`, `/EID`, `/RUM`.
    pub references: Vec<String>,
}

#[derive(Copy, Clone, PartialEq)]
enum Part {
    Payer,
    Motif,
    Reference,
    Other,
}

fn keyword(word: &str) -> Option<Part> {
    Some(match word {
        "DE" | "FRM" | "DO" | "DONNEUR" => Part::Payer,
        "MOTIF" | "MOT" | "LIB" | "RI" | "OBJET" => Part::Motif,
        "REF" | "REFDO" | "REFBEN" | "EID" | "RUM" | "REFERENCE" => Part::Reference,
        "ID" | "IID" | "DATE" | "NOPT" | "BEN" | "A" | "POUR" | "ICS" => Part::Other,
        _ => return None,
    })
}

/// Splits a label at its markers: `/KEYWORD` (any case) or `KEYWORD:`.
pub fn parse_label(label: &str) -> LabelParts {
    let mut parts = LabelParts::default();
    let mut current: Option<(Part, Vec<&str>)> = None;
    let flush = |c: Option<(Part, Vec<&str>)>, parts: &mut LabelParts| {
        let Some((part, words)) = c else { return };
        let text = words.join(" ");
        if text.is_empty() {
            return;
        }
        match part {
            Part::Payer if parts.payer.is_none() => parts.payer = Some(text),
            Part::Motif if parts.motif.is_none() => parts.motif = Some(text),
            Part::Reference => parts.references.push(text),
            _ => {}
        }
    };
    for raw in label.split_whitespace() {
        // "/DE", "/MOTIF", "DE:", "MOTIF:" and "/DE:" start a part; "/DEDUPONT" does not.
        let upper = raw.to_uppercase();
        let marker = upper.strip_prefix('/').map(|w| w.trim_end_matches(':'));
        let marker = marker.or_else(|| upper.strip_suffix(':'));
        if let Some(part) = marker.and_then(keyword) {
            flush(current.take(), &mut parts);
            current = Some((part, Vec::new()));
            continue;
        }
        // "DE:DUPONT": a marker glued to its first word.
        if let Some((k, _)) = upper.split_once(':') {
            if let Some(part) = keyword(k.trim_start_matches('/')) {
                flush(current.take(), &mut parts);
                let first = raw.split_once(':').map_or("", |(_, r)| r);
                current = Some((
                    part,
                    if first.is_empty() {
                        vec![]
                    } else {
                        vec![first]
                    },
                ));
                continue;
            }
        }
        if let Some((_, words)) = current.as_mut() {
            words.push(raw);
        }
    }
    flush(current.take(), &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_french_banks() {
        // (label, payer, motif, references)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);
        let cases: &[Case] = &[
            (
                "VIR SEPA RECU /DE DUPONT SARL /MOTIF FACTURE F2025-031 /REF 0123",
                Some("DUPONT SARL"),
                Some("FACTURE F2025-031"),
                &["0123"],
            ),
            (
                "VIR RECU 5566 DE: Martin & Fils MOTIF: F2025 038 REF: XY-1",
                Some("Martin & Fils"),
                Some("F2025 038"),
                &["XY-1"],
            ),
            (
                "VIR SEPA RECU /DE:ACME /EID:E2E-9",
                Some("ACME"),
                None,
                &["E2E-9"],
            ),
            ("REMISE CHEQUE 1234567", None, None, &[]),
            ("PRLV SEPA FREE MOBILE", None, None, &[]),
            ("/DE /MOTIF", None, None, &[]),
        ];
        for (label, payer, motif, refs) in cases {
            let p = parse_label(label);
            assert_eq!(p.payer.as_deref(), *payer, "{label}");
            assert_eq!(p.motif.as_deref(), *motif, "{label}");
            assert_eq!(p.references, refs.to_vec(), "{label}");
        }
    }
}
