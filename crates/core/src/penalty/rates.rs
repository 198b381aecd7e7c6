//! The rate tables late-payment penalties rest on: the ECB main refinancing rate and the French
//! legal interest rate, both fixed per half-year.
//!
//! The built-in values come from DOMAIN.md (ECB decisions, Banque de France publications). The
//! user can correct or extend them: a half-year missing from the table is never guessed
//! silently — the last known value is used and [`Lookup::exact`] says it was not in the table.

use crate::small::SortedMap;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

use crate::import::RowError;

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

/// A rate read from a table.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// Percent (`3.15` for 3.15 %).
    pub rate: Decimal,
    /// The half-year whose value this is.
    pub from: HalfYear,
    /// False when the half-year asked for is not in the table and `from` is the nearest one.
    pub exact: bool,
}

/// ECB main refinancing rates and legal interest rates, by half-year, in percent.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RateTable {
    pub ecb: SortedMap<HalfYear, Decimal>,
    pub legal: SortedMap<HalfYear, Decimal>,
}

/// Where the built-in values come from, shown next to the table.
pub const SOURCE: &str = "ECB main refinancing operations rate (ecb.europa.eu), taux de l'intérêt \
légal for professionals (Banque de France / arrêtés du ministère de l'Économie)";

const BUILTIN_ECB: &[(i32, u8, &str)] = &[
    (2015, 1, "0.05"),
    (2015, 2, "0.05"),
    (2016, 1, "0.05"),
    (2016, 2, "0.00"),
    (2023, 1, "2.50"),
    (2023, 2, "4.00"),
    (2024, 1, "4.50"),
    (2024, 2, "4.25"),
    (2025, 1, "3.15"),
    (2025, 2, "2.15"),
    (2026, 1, "2.15"),
];

const BUILTIN_LEGAL: &[(i32, u8, &str)] = &[
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

    /// The ECB rate for a half-year.
    pub fn ecb(&self, h: HalfYear) -> Option<Lookup> {
        lookup(&self.ecb, h)
    }

    /// The legal interest rate for a half-year.
    pub fn legal(&self, h: HalfYear) -> Option<Lookup> {
        lookup(&self.legal, h)
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
            let err = |column: u32, message: String| RowError {
                line: i as u64 + 1,
                column,
                message,
            };
            let mut cells = line.split(sep).map(str::trim);
            let h: HalfYear = cells
                .next()
                .unwrap_or_default()
                .parse()
                .map_err(|e| err(1, e))?;
            for (col, map) in [(2, &mut t.ecb), (3, &mut t.legal)] {
                match cells.next() {
                    None | Some("") => {}
                    Some(cell) => {
                        let rate = Decimal::from_str(&cell.replace(',', "."))
                            .ok()
                            .filter(|r| *r >= Decimal::ZERO && *r < Decimal::ONE_HUNDRED)
                            .ok_or_else(|| {
                                err(col, format!("'{cell}' is not a rate in percent"))
                            })?;
                        map.insert(h, rate);
                    }
                }
            }
        }
        if t.ecb.is_empty() {
            return Err(RowError {
                line: 1,
                column: 1,
                message: "no half-year rate in the file".into(),
            });
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

/// The value for `h`, else the latest one before it, else the earliest one.
fn lookup(map: &SortedMap<HalfYear, Decimal>, h: HalfYear) -> Option<Lookup> {
    if let Some(&rate) = map.get(&h) {
        return Some(Lookup {
            rate,
            from: h,
            exact: true,
        });
    }
    let (&from, &rate) = map.before(&h).or_else(|| map.first())?;
    Some(Lookup {
        rate,
        from,
        exact: false,
    })
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
        for (h, rate, exact) in [
            ("2025-H1", "3.15", true),
            ("2020-H2", "0.00", true),
            ("2026-H1", "2.15", true),
            ("2026-H2", "2.15", false),
            ("2010-H1", "0.05", false),
        ] {
            let l = t.ecb(hy(h)).unwrap();
            assert_eq!((l.rate, l.exact), (dec(rate), exact), "{h}");
        }
        assert_eq!(t.legal(hy("2026-H2")).unwrap().from, hy("2026-H1"));
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
