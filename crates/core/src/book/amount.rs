//! The amounts the reports add up: integer cents when the book allows it, `Decimal` otherwise.
//!
//! The aged balance and the KPIs add hundreds of thousands of amounts. Each `Decimal` addition
//! handles a 96-bit mantissa and a scale; at 100,000 invoices that was most of their time. A
//! book whose amounts all have at most two decimals (every real one) is summed in `i64` cents
//! instead, exactly: the sum of every amount's magnitude is kept under 2^60, so no sum of some
//! of them can overflow. A book with more decimals is summed in integer units at its largest
//! scale, in `i64` when they fit and in `i128` otherwise. Only a book mixing amounts with
//! nearly 28 decimals and amounts in the billions, which `Decimal` itself cannot add without
//! rounding, is rounded to the largest scale at which it fits in `i128`. The tests also run the
//! same code over `Decimal` and compare.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Debug;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// What the report code needs of an amount.
pub(crate) trait Amount:
    Copy
    + Default
    + Debug
    + Ord
    + Add<Output = Self>
    + Sub<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + Sum
{
    const ZERO: Self;
    /// A sum of amounts times day counts (average days late).
    type Weighted: Copy + Default + AddAssign;

    /// What the magnitudes of a book's amounts may add up to, in units.
    const BUDGET: u128;

    /// `d` at `scale` decimals, while `budget` (what is left of the magnitude allowed for the
    /// whole book) covers it; `None` when it cannot be represented.
    fn from_decimal(d: Decimal, scale: u32, budget: &mut u128) -> Option<Self>;
    fn to_decimal(self, scale: u32) -> Decimal;
    fn times(self, days: i64) -> Self::Weighted;
    fn weighted_decimal(w: Self::Weighted, scale: u32) -> Decimal;
}

const POW10: [i128; 19] = {
    let mut t = [1i128; 19];
    let mut k = 1;
    while k < 19 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// `d`'s mantissa at `scale` decimals (more decimals: `None`).
fn units(d: Decimal, scale: u32) -> Option<i128> {
    let up = scale.checked_sub(d.scale())? as usize;
    if up == 0 {
        Some(d.mantissa())
    } else {
        d.mantissa().checked_mul(*POW10.get(up)?)
    }
}

impl Amount for i64 {
    const ZERO: Self = 0;
    const BUDGET: u128 = 1 << 60;
    type Weighted = i128;

    fn from_decimal(d: Decimal, scale: u32, budget: &mut u128) -> Option<Self> {
        let v = i64::try_from(units(d, scale)?).ok()?;
        *budget = budget.checked_sub(u128::from(v.unsigned_abs()))?;
        Some(v)
    }

    fn to_decimal(self, scale: u32) -> Decimal {
        Decimal::new(self, scale)
    }

    fn times(self, days: i64) -> i128 {
        i128::from(self) * i128::from(days)
    }

    fn weighted_decimal(w: i128, scale: u32) -> Decimal {
        // |w| < 2^60 × the largest day count: well inside Decimal's 96 bits.
        Decimal::from_i128_with_scale(w, scale)
    }
}

impl Amount for i128 {
    const ZERO: Self = 0;
    const BUDGET: u128 = 1 << 126;
    type Weighted = i128;

    fn from_decimal(d: Decimal, scale: u32, budget: &mut u128) -> Option<Self> {
        let v = units(d, scale)?;
        *budget = budget.checked_sub(v.unsigned_abs())?;
        Some(v)
    }

    fn to_decimal(self, scale: u32) -> Decimal {
        saturated(self, scale)
    }

    fn times(self, days: i64) -> i128 {
        self.saturating_mul(i128::from(days))
    }

    fn weighted_decimal(w: i128, scale: u32) -> Decimal {
        saturated(w, scale)
    }
}

/// `d` with at most `scale` decimals, rounded half away from zero: for the last fallback only,
/// which asks for fewer decimals than the book has.
pub(crate) fn rounded(d: Decimal, scale: u32) -> Decimal {
    if d.scale() > scale {
        d.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
    } else {
        d
    }
}

/// `units` at `scale` decimals; past `Decimal`'s range, its largest value of that sign.
fn saturated(units: i128, scale: u32) -> Decimal {
    Decimal::try_from_i128_with_scale(units, scale).unwrap_or(if units < 0 {
        Decimal::MIN
    } else {
        Decimal::MAX
    })
}

/// Tests run the reports over `Decimal` too, to compare.
#[cfg(test)]
impl Amount for Decimal {
    const ZERO: Self = Decimal::ZERO;
    const BUDGET: u128 = u128::MAX;
    type Weighted = Decimal;

    fn from_decimal(d: Decimal, _: u32, _: &mut u128) -> Option<Self> {
        Some(d)
    }

    fn to_decimal(self, _: u32) -> Decimal {
        self
    }

    fn times(self, days: i64) -> Decimal {
        self.checked_mul(Decimal::from(days))
            .unwrap_or(Decimal::MAX)
    }

    fn weighted_decimal(w: Decimal, _: u32) -> Decimal {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn cents_are_exact_or_refused() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let mut budget = i64::BUDGET;
        let table: &[(&str, u32, Option<i64>)] = &[
            ("12.34", 2, Some(1234)),
            ("12", 2, Some(1200)),
            ("-0.5", 2, Some(-50)),
            ("12.345", 2, None),
            ("12.345", 3, Some(12345)),
            ("1e20", 2, None),
        ];
        for &(s, scale, want) in table {
            let got = if s == "1e20" {
                i64::from_decimal(
                    Decimal::from_i128_with_scale(10i128.pow(20), 0),
                    scale,
                    &mut budget,
                )
            } else {
                i64::from_decimal(d(s), scale, &mut budget)
            };
            assert_eq!(got, want, "{s} at {scale}");
        }
        let mut small = 100;
        assert_eq!(i64::from_decimal(d("0.99"), 2, &mut small), Some(99));
        assert_eq!(
            i64::from_decimal(d("0.02"), 2, &mut small),
            None,
            "over the budget"
        );
        assert_eq!(1234i64.to_decimal(2), d("12.34"));
    }

    #[test]
    fn wide_units_round_only_what_has_more_decimals() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let mut budget = i128::BUDGET;
        let table: &[(&str, u32, i128)] = &[
            ("12.345", 3, 12345),
            ("12.345", 2, 1235),
            ("-12.345", 2, -1235),
            ("12.344", 2, 1234),
            ("7", 2, 700),
        ];
        for &(s, scale, want) in table {
            let got = i128::from_decimal(rounded(d(s), scale), scale, &mut budget);
            assert_eq!(got, Some(want), "{s}");
        }
        assert_eq!(i128::from_decimal(d("12.345"), 2, &mut budget), None);
        assert_eq!(i128::MAX.to_decimal(0), Decimal::MAX);
        assert_eq!((-5i128).to_decimal(1), d("-0.5"));
    }
}
