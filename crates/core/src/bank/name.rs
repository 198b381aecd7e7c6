//! Names as a bank writes them and as the books write them, brought to one key: `Société
//! Dupont & Fils SARL` and `STE DUPONT ET FILS` are the same payer.
//!
//! ```
//! use encours_core::bank::name::name_key;
//! assert_eq!(name_key("Société Dupont & Fils, S.A.R.L."), name_key("STE DUPONT ET FILS"));
//! assert_eq!(name_key("Hélène Müller"), "HELENE MULLER");
//! ```

/// Upper case, accents dropped, every character that is not a letter or a digit a space,
/// runs of spaces one: `"Crème-Brûlée, S.A."` → `"CREME BRULEE S A"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                "A"
            }
            'ç' | 'Ç' => "C",
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "E",
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "I",
            'ñ' | 'Ñ' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                "O"
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
            'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "Y",
            'œ' | 'Œ' => "OE",
            'æ' | 'Æ' => "AE",
            'ß' => "SS",
            '&' => " ET ",
            _ => "",
        };
        if !mapped.is_empty() {
            for m in mapped.chars() {
                if m == ' ' {
                    if !space {
                        out.push(' ');
                        space = true;
                    }
                } else {
                    out.push(m);
                    space = false;
                }
            }
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
            space = false;
        } else if c == '.' {
            // "S.A.R.L." is "SARL": a dot joins, it does not split.
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Words that say what kind of company, not which: dropped from a name's key.
const LEGAL_FORMS: &[&str] = &[
    "SARL",
    "SAS",
    "SASU",
    "SA",
    "EURL",
    "SCI",
    "SNC",
    "SCOP",
    "SCP",
    "SELARL",
    "STE",
    "SOCIETE",
    "STES",
    "ETS",
    "ETABLISSEMENTS",
    "CIE",
    "LTD",
    "GMBH",
    "INC",
];

/// A name's key: [`fold`]ed, legal forms dropped, `&` read as `ET`. Empty when nothing is left.
pub fn name_key(s: &str) -> String {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Letters and digits only, upper case: how invoice numbers and references compare
/// (`f2025-038`, `F 2025 038` and `F2025038` are one).
pub fn compact(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        let same: &[(&str, &str)] = &[
            ("Dupont SARL", "DUPONT"),
            ("SARL Dupont", "dupont"),
            ("Société Générale Équipements", "STE GENERALE EQUIPEMENTS"),
            ("Martin & Fils S.A.S.", "MARTIN ET FILS"),
            ("L'Atelier du Bois", "L ATELIER DU BOIS"),
            ("ETS  Bernard   SA", "BERNARD"),
            ("Œuvres Cœur", "OEUVRES COEUR"),
        ];
        for (a, b) in same {
            assert_eq!(name_key(a), name_key(b), "{a} / {b}");
            assert!(!name_key(a).is_empty(), "{a}");
        }
        assert_ne!(name_key("Dupont"), name_key("Dupond"));
        assert_ne!(name_key("SAS Alpha"), name_key("Alpha Beta"));
        assert_eq!(name_key("SARL"), "");
        assert_eq!(compact("f2025-038"), "F2025038");
        assert_eq!(compact(" F 2025 038 "), "F2025038");
    }
}
