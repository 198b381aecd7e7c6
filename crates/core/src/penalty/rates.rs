//! The rate tables late-payment penalties rest on: the ECB main refinancing rate and the French
//! legal interest rate, both fixed per half-year.
//!
//! The built-in values are the official figures (sources on each table). The user can correct
//! or extend them. A half-year missing from a table is never borrowed from another period: the
//! lookup fails with [`RateMissing`], which names the table and the half-year, and the user
//! enters the rate.

use crate::small::SortedMap;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

use crate::import::{Code, RowError};

/// A calendar half-year: January–June (`H1`) or July–December (`H2`).
///
/// ```
/// use encours_core::penalty::HalfYear;
/// let h: HalfYear = "2025-H2".parse().unwrap();
/// assert_eq!(h.to_string(), "2025-H2");
/// assert_eq!(h.first_day().to_string(), "2025-07-01");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HalfYear {
    pub year: i32,
    /// 1 or 2.
    pub half: u8,
}

impl HalfYear {
    /// The half-year a date falls in.
    pub fn of(date: chrono::NaiveDate) -> HalfYear {
        use chrono::Datelike;
        HalfYear {
            year: date.year(),
            half: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    pub fn first_day(self) -> chrono::NaiveDate {
        let month = if self.half == 1 { 1 } else { 7 };
        chrono::NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> chrono::NaiveDate {
        let (m, d) = if self.half == 1 { (6, 30) } else { (12, 31) };
        chrono::NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or_default()
    }

    pub fn next(self) -> HalfYear {
        if self.half == 1 {
            HalfYear { half: 2, ..self }
        } else {
            HalfYear {
                year: self.year + 1,
                half: 1,
            }
        }
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-H{}", self.year, self.half)
    }
}

/// `2025-H1`; `S` (semestre) is accepted for `H`, in either case.
impl FromStr for HalfYear {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a half-year like 2025-H1");
        let (y, h) = s.trim().split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let half = match h.to_ascii_uppercase().as_str() {
            "H1" | "S1" => 1,
            "H2" | "S2" => 2,
            _ => return Err(bad()),
        };
        if !(1900..=2200).contains(&year) {
            return Err(bad());
        }
        Ok(HalfYear { year, half })
    }
}

/// Which table a rate comes from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RateKind {
    /// ECB main refinancing rate (B2B default rate, L441-10).
    Ecb,
    /// Taux de l'intérêt légal (the 3× floor, and consumers' interest).
    Legal,
}

/// A half-year a table does not hold: the computation is refused rather than run on another
/// period's rate.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RateMissing {
    pub table: RateKind,
    pub half_year: HalfYear,
}

impl RateMissing {
    /// Stable code: `ecb_rate_missing` or `legal_rate_missing`.
    pub fn code(&self) -> &'static str {
        match self.table {
            RateKind::Ecb => "ecb_rate_missing",
            RateKind::Legal => "legal_rate_missing",
        }
    }
}

impl fmt::Display for RateMissing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.half_year)
    }
}

impl std::error::Error for RateMissing {}

/// ECB main refinancing rates and legal interest rates, by half-year, in percent.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RateTable {
    pub ecb: SortedMap<HalfYear, Decimal>,
    pub legal: SortedMap<HalfYear, Decimal>,
}

/// Where the built-in values come from, shown next to the table.
pub const SOURCE: &str = "ECB main refinancing operations rate in force on 1 January / 1 July \
(ecb.europa.eu, key ECB interest rates); taux de l'intérêt légal « tous les autres cas » \
(arrêtés semestriels, Banque de France / direction générale du Trésor; one yearly décret \
before 2015)";

/// ECB main refinancing rate in force on the first day of each half-year (L441-10 I: the rate
/// of 1 January for January–June, of 1 July for July–December; a rule since 2013 — before it
/// the law took the most recent operation's rate, which moved inside 2008-H2, 2011-H1,
/// 2011-H2 and 2012-H2, so claims on those periods deserve a check).
///
/// Sources, cross-checked: the ECB's key interest rates page (decisions and their effective
/// dates); legifiscal.fr's list of refi changes 2009–2014 (1.25 % 8/4/2009, 1 % 13/5/2009,
/// 1.25 % 13/4/2011, 1.50 % 13/7/2011, 1.25 % 9/11/2011, 1 % 14/12/2011, 0.75 % 11/7/2012,
/// 0.50 % 8/5/2013, 0.25 % 13/11/2013, 0.15 % 11/6/2014, 0.05 % 10/9/2014, 0 % 16/3/2016);
/// 2.50 % from 10/12/2008 (cabinet Chemouli-Dauzier, Le Moniteur: "depuis le 1er janvier
/// 2009 ... 2,5 %"); 4.25 % only from 9/7/2008 (cbanque.com), so 4.00 % on 1 July 2008;
/// 2.50 % from 21/12/2022 to 2023-H1, 4.00 % on 1 July 2023 (DOMAIN.md, ECB).
const BUILTIN_ECB: &[(i32, u8, &str)] = &[
    (2008, 1, "4.00"),
    (2008, 2, "4.00"),
    (2009, 1, "2.50"),
    (2009, 2, "1.00"),
    (2010, 1, "1.00"),
    (2010, 2, "1.00"),
    (2011, 1, "1.00"),
    (2011, 2, "1.25"),
    (2012, 1, "1.00"),
    (2012, 2, "1.00"),
    (2013, 1, "0.75"),
    (2013, 2, "0.50"),
    (2014, 1, "0.25"),
    (2014, 2, "0.15"),
    (2015, 1, "0.05"),
    (2015, 2, "0.05"),
    (2016, 1, "0.05"),
    (2016, 2, "0.00"),
    // 2017-H1 to 2022-H2: 0.00 (filled in by `builtin`; the rise to 0.50 % came on
    // 27/7/2022, after 1 July).
    (2023, 1, "2.50"),
    (2023, 2, "4.00"),
    (2024, 1, "4.50"),
    (2024, 2, "4.25"),
    (2025, 1, "3.15"),
    (2025, 2, "2.15"),
    (2026, 1, "2.15"),
];

/// Legal interest rate, « tous les autres cas » (L313-2 Code monétaire et financier: the
/// creditor acting for professional needs). One rate a year until 2014 (décrets), two from
/// 2015 (arrêtés). Sources, each row seen in two: direction générale du Trésor's table
/// (tresor.economie.gouv.fr, 2011 – 2020-H1), and for 2012–2014 moneyvox.fr / rss-info.fr
/// (0.71, 0.04, 0.04); 2015-H2 arrêté du 24/6/2015 (AP-HP affaires juridiques); 2016-H1
/// arrêté du 23/12/2015 (ONB); 2018-H2 arrêté du 27/6/2018 (veegee.fr); 2020-H2 cabinet-cec.fr;
/// 2019 – 2023 infonet.fr's table; 2021 dandrel-avocats.fr; 2023-H2 arrêté du 27/6/2023
/// (Lefebvre Dalloz via notaires2normandie.com); 2024-H1 infonet.fr; 2025-H1 3.71 and
/// 2025-H2 2.76 (ksca.fr / Lefebvre Dalloz, votrexpert.com); 2026-H1 arrêté du 15/12/2025, JO
/// du 26/12/2025 (2.62 %). One page (aeccompta.com) prints 0.88 for 2018-H1 and 0.76 for
/// 2019-H1: the Trésor's 0.89 and 0.86 are kept.
const BUILTIN_LEGAL: &[(i32, u8, &str)] = &[
    (2012, 1, "0.71"),
    (2012, 2, "0.71"),
    (2013, 1, "0.04"),
    (2013, 2, "0.04"),
    (2014, 1, "0.04"),
    (2014, 2, "0.04"),
    (2015, 1, "0.93"),
    (2015, 2, "0.99"),
    (2016, 1, "1.01"),
    (2016, 2, "0.93"),
    (2017, 1, "0.90"),
    (2017, 2, "0.90"),
    (2018, 1, "0.89"),
    (2018, 2, "0.88"),
    (2019, 1, "0.86"),
    (2019, 2, "0.87"),
    (2020, 1, "0.87"),
    (2020, 2, "0.84"),
    (2021, 1, "0.79"),
    (2021, 2, "0.76"),
    (2022, 1, "0.76"),
    (2022, 2, "0.77"),
    (2023, 1, "2.06"),
    (2023, 2, "4.22"),
    (2024, 1, "5.07"),
    (2024, 2, "4.92"),
    (2025, 1, "3.71"),
    (2025, 2, "2.76"),
    (2026, 1, "2.62"),
];

fn table(rows: &[(i32, u8, &str)]) -> SortedMap<HalfYear, Decimal> {
    rows.iter()
        .map(|&(year, half, r)| (HalfYear { year, half }, Decimal::from_str(r).unwrap()))
        .collect()
}

impl RateTable {
    /// The values of DOMAIN.md. 2016-H2 to 2022-H2 (0.00 throughout) are filled in.
    pub fn builtin() -> RateTable {
        let mut ecb = table(BUILTIN_ECB);
        let mut h = HalfYear {
            year: 2017,
            half: 1,
        };
        while h.year < 2023 {
            ecb.insert(h, Decimal::ZERO);
            h = h.next();
        }
        RateTable {
            ecb,
            legal: table(BUILTIN_LEGAL),
        }
    }

    /// The ECB rate of a half-year, exactly as the table holds it.
    pub fn ecb(&self, h: HalfYear) -> Result<Decimal, RateMissing> {
        self.ecb.get(&h).copied().ok_or(RateMissing {
            table: RateKind::Ecb,
            half_year: h,
        })
    }

    /// The legal interest rate (« autres cas ») of a half-year, exactly as the table holds it.
    pub fn legal(&self, h: HalfYear) -> Result<Decimal, RateMissing> {
        self.legal.get(&h).copied().ok_or(RateMissing {
            table: RateKind::Legal,
            half_year: h,
        })
    }

    /// Reads a rate table file: a header, then `half_year,ecb_rate[,legal_rate]` rows
    /// (`2025-H1,3.15,3.71`); `;` works as well as `,`, and a decimal comma with `;`. An empty
    /// cell leaves that rate out. Errors carry the line and column.
    pub fn parse_csv(text: &str) -> Result<RateTable, RowError> {
        let mut t = RateTable::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() || i == 0 && line.to_ascii_lowercase().starts_with("half") {
                continue;
            }
            let sep = if line.contains(';') { ';' } else { ',' };
            let err = |column: u32, code: Code| RowError::new(i as u64 + 1, column, code);
            let mut cells = line.split(sep).map(str::trim);
            let cell = cells.next().unwrap_or_default();
            let h: HalfYear = cell.parse().map_err(|_: String| {
                err(
                    1,
                    Code::BadHalfYear {
                        value: cell.to_string(),
                    },
                )
            })?;
            for (col, map) in [(2, &mut t.ecb), (3, &mut t.legal)] {
                match cells.next() {
                    None | Some("") => {}
                    Some(cell) => {
                        let rate = Decimal::from_str(&cell.replace(',', "."))
                            .ok()
                            .filter(|r| *r >= Decimal::ZERO && *r < Decimal::ONE_HUNDRED)
                            .ok_or_else(|| {
                                err(
                                    col,
                                    Code::BadRate {
                                        value: cell.to_string(),
                                    },
                                )
                            })?;
                        map.insert(h, rate);
                    }
                }
            }
        }
        if t.ecb.is_empty() {
            return Err(RowError::new(1, 1, Code::NoRate));
        }
        Ok(t)
    }

    /// The table as the file [`RateTable::parse_csv`] reads.
    pub fn to_csv(&self) -> String {
        let keys: SortedMap<HalfYear, ()> = self
            .ecb
            .keys()
            .chain(self.legal.keys())
            .map(|&h| (h, ()))
            .collect();
        let mut out = String::from("half_year,ecb_rate,legal_rate\n");
        for (&h, _) in keys.iter() {
            let cell = |m: &SortedMap<HalfYear, Decimal>| m.get(&h).map(|r| r.to_string());
            out.push_str(&format!(
                "{h},{},{}\n",
                cell(&self.ecb).unwrap_or_default(),
                cell(&self.legal).unwrap_or_default()
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::dec;

    fn hy(s: &str) -> HalfYear {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_lookups() {
        let t = RateTable::builtin();
        // (half-year, ECB, legal): None where the table has no row.
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("2007-H2", None, None),
            ("2008-H1", Some("4.00"), None),
            ("2011-H2", Some("1.25"), None),
            ("2012-H1", Some("1.00"), Some("0.71")),
            ("2014-H1", Some("0.25"), Some("0.04")),
            ("2020-H2", Some("0.00"), Some("0.84")),
            ("2022-H2", Some("0.00"), Some("0.77")),
            ("2023-H1", Some("2.50"), Some("2.06")),
            ("2023-H2", Some("4.00"), Some("4.22")),
            ("2025-H1", Some("3.15"), Some("3.71")),
            ("2026-H1", Some("2.15"), Some("2.62")),
            ("2026-H2", None, None),
        ];
        for &(h, ecb, legal) in cases {
            assert_eq!(t.ecb(hy(h)).ok(), ecb.map(dec), "ECB {h}");
            assert_eq!(t.legal(hy(h)).ok(), legal.map(dec), "legal {h}");
        }
        // Every half-year from the first row to the last is in each table: no gap.
        for (map, first) in [(&t.ecb, hy("2008-H1")), (&t.legal, hy("2012-H1"))] {
            let mut h = first;
            while h <= hy("2026-H1") {
                assert!(map.get(&h).is_some(), "{h}");
                h = h.next();
            }
        }
        let e = t.ecb(hy("2007-H2")).unwrap_err();
        assert_eq!((e.code(), e.half_year), ("ecb_rate_missing", hy("2007-H2")));
        assert_eq!(
            t.legal(hy("2026-H2")).unwrap_err().to_string(),
            "legal_rate_missing: 2026-H2"
        );
    }

    #[test]
    fn csv_round_trip_and_errors() {
        let t = RateTable::builtin();
        assert_eq!(RateTable::parse_csv(&t.to_csv()).unwrap(), t);
        let f = RateTable::parse_csv("half_year;ecb_rate\n2026-S2;2,40\n").unwrap();
        assert_eq!(f.ecb.get(&hy("2026-H2")), Some(&dec("2.40")));
        let e = RateTable::parse_csv("half_year,ecb_rate\n2025-H1,3.15\n2025-H3,1\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        let e = RateTable::parse_csv("half_year,ecb_rate\n2025-H1,abc\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        assert!(RateTable::parse_csv("").is_err());
    }
}
