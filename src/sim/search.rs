//! Searching over one lever: where does B − A of an outcome change sign?
//!
//! A comparison of two scenarios gives, replication by replication, the difference of
//! an outcome (say cumulative margin at the horizon). [`find_flip`] moves one lever
//! across a range, re-running both scenarios with common random numbers at every
//! value, and bisects on the sign of the median difference to find the value at which
//! the winner changes. The lever is any function that edits the scenarios, so the same
//! search serves the examples' texts ("lock-in stops paying once..."), the lessons'
//! "what would flip it" step and a strategist's break-even.

use super::engine::{Flow, RunError};
use super::montecarlo::{Comparison, run_many};
use super::results::{RunResult, Series};
use super::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// An outcome of a comparison, read at the horizon for the focal firm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Margin summed over the horizon (after policy and acquisition costs).
    CumulativeMargin,
    /// Active customers at the horizon.
    ActiveCustomers,
    /// Market share at the horizon.
    MarketShare,
    /// Forward-looking lifetime value of a new customer at the horizon.
    NewCustomerValue,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::CumulativeMargin,
        Outcome::ActiveCustomers,
        Outcome::MarketShare,
        Outcome::NewCustomerValue,
    ];

    /// Every outcome of one run, in the order of [`Outcome::ALL`]: the same numbers a
    /// batch of that single run would report as [`Outcome::value`].
    pub fn of_run(r: &RunResult) -> [f64; 4] {
        let last = |series: Series| r.series(series, 0).last().copied().unwrap_or(0.0);
        let margin: f64 = r.series(Series::Margin, 0).iter().sum();
        let all: f64 = (0..r.firms.len())
            .map(|f| {
                r.series(Series::ActiveCustomers, f)
                    .last()
                    .copied()
                    .unwrap_or(0.0)
            })
            .sum();
        let active = last(Series::ActiveCustomers);
        let share = if all > 0.0 { active / all } else { 0.0 };
        [margin, active, share, last(Series::NewCustomerValue)]
    }

    /// Position in [`Outcome::ALL`].
    pub fn index(self) -> usize {
        Outcome::ALL.iter().position(|&o| o == self).unwrap_or(0)
    }

    /// Median over replications of scenario `k` minus scenario 0 at the last month both
    /// have (paired by replication). `None` without such a pair.
    pub fn difference(self, c: &Comparison, k: usize) -> Option<f64> {
        let d = c.difference(0, k)?;
        let band = match self {
            Outcome::CumulativeMargin => d.cumulative(Series::Margin, 0)?,
            Outcome::ActiveCustomers => d.band(Series::ActiveCustomers, 0),
            Outcome::MarketShare => &d.market_share,
            Outcome::NewCustomerValue => d.band(Series::NewCustomerValue, 0),
        };
        band.median.last().copied()
    }

    /// Median over replications of scenario `k`'s value at its horizon.
    pub fn value(self, c: &Comparison, k: usize) -> Option<f64> {
        let s = c.scenarios.get(k)?;
        let band = match self {
            Outcome::CumulativeMargin => s.cumulative(Series::Margin, 0)?,
            Outcome::ActiveCustomers => s.band(Series::ActiveCustomers, 0),
            Outcome::MarketShare => &s.market_share,
            Outcome::NewCustomerValue => s.band(Series::NewCustomerValue, 0),
        };
        band.median.last().copied()
    }
}

/// Where the sign of B − A changes along a lever.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flip {
    /// The lever value at which the median difference crosses zero (interpolated
    /// between the last two values tried on either side).
    pub value: f64,
    /// The last values tried on either side, with the median difference there.
    pub below: (f64, f64),
    pub above: (f64, f64),
}

/// The median difference of `outcome` (scenario 1 minus scenario 0) with the lever
/// set to `x` on a copy of `pair`.
pub fn difference_at(
    pair: &[Scenario],
    apply: &dyn Fn(&mut [Scenario], f64),
    x: f64,
    outcome: Outcome,
    seed: u64,
    replications: u32,
) -> Result<f64, RunError> {
    let mut edited = pair.to_vec();
    apply(&mut edited, x);
    let c = run_many(&edited, seed, replications, &mut |_| Flow::Continue)?;
    Ok(outcome.difference(&c, 1).unwrap_or(0.0))
}

/// Bisects `range` for the lever value at which the median of scenario 1 minus
/// scenario 0 of `outcome` changes sign, in at most `steps` halvings. `Ok(None)` if
/// the sign is the same at both ends of the range (the result does not flip there).
pub fn find_flip(
    pair: &[Scenario],
    apply: &dyn Fn(&mut [Scenario], f64),
    range: (f64, f64),
    outcome: Outcome,
    seed: u64,
    replications: u32,
    steps: u32,
) -> Result<Option<Flip>, RunError> {
    let at = |x: f64| difference_at(pair, apply, x, outcome, seed, replications);
    let (mut lo, mut hi) = range;
    let (mut f_lo, mut f_hi) = (at(lo)?, at(hi)?);
    if f_lo == 0.0 {
        return Ok(Some(Flip {
            value: lo,
            below: (lo, f_lo),
            above: (lo, f_lo),
        }));
    }
    if f_lo.signum() == f_hi.signum() {
        return Ok(None);
    }
    for _ in 0..steps {
        let mid = 0.5 * (lo + hi);
        let f = at(mid)?;
        if f.signum() == f_lo.signum() {
            (lo, f_lo) = (mid, f);
        } else {
            (hi, f_hi) = (mid, f);
        }
    }
    let value = if f_hi != f_lo {
        lo + (hi - lo) * f_lo / (f_lo - f_hi)
    } else {
        0.5 * (lo + hi)
    };
    Ok(Some(Flip {
        value,
        below: (lo, f_lo),
        above: (hi, f_hi),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flip_is_bracketed_by_values_on_either_side_of_zero() {
        // B calls its customers before they renegotiate (CRM memory); each call costs
        // x. Cheap calls pay, dear ones do not: the difference in margin falls with x
        // and the search must bracket the value where a direct run changes sign.
        let a = Scenario {
            customers: 3_000,
            horizon_months: 36,
            ..Scenario::default()
        };
        let mut b = a.clone();
        b.replies.memory.enabled = true;
        let pair = vec![a, b];
        let apply = |s: &mut [Scenario], x: f64| s[1].replies.memory.cost_per_offer = x;
        let run_at =
            |x: f64| difference_at(&pair, &apply, x, Outcome::CumulativeMargin, 5, 3).unwrap();
        let flip = find_flip(
            &pair,
            &apply,
            (0.0, 2_000.0),
            Outcome::CumulativeMargin,
            5,
            3,
            12,
        )
        .unwrap()
        .expect("cheap calls pay and very dear ones do not");
        assert!(
            run_at(flip.below.0) > 0.0 && run_at(flip.above.0) < 0.0,
            "{flip:?}"
        );
        assert!(flip.above.0 - flip.below.0 < 1.0, "{flip:?}");
        assert!(flip.below.0 <= flip.value && flip.value <= flip.above.0);
        // Within a range where calls always pay there is no flip.
        let none = find_flip(
            &pair,
            &apply,
            (0.0, flip.below.0),
            Outcome::CumulativeMargin,
            5,
            3,
            4,
        )
        .unwrap();
        assert!(none.is_none(), "{none:?}");
    }
}
