//! Paired difference, scenario k minus a baseline scenario (A unless another is chosen), of one measure with its 5-95% band
//! (replication by replication, so common random numbers cancel the noise both share),
//! in scenario k's colour, over a dashed zero line. Drawn with
//! [`bands::draw`](super::bands::draw).

use super::bands::{BandChart, BandLine};
use super::frame::Quantity;
use crate::sim::{Comparison, Series, Unit};

/// What to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// A monthly series of one firm.
    Series(Series, usize),
    /// The running total of revenue, policy costs or margin of one firm
    /// (`sim::CUMULATED`); the cumulative margin is the headline money comparison.
    Cumulative(Series, usize),
    /// The focal firm's market share.
    MarketShare,
}

impl Measure {
    /// How the measure's values read (shares become percentage points).
    pub fn quantity(self) -> Quantity {
        match self {
            Measure::MarketShare => Quantity::SharePoints,
            Measure::Cumulative(..) => Quantity::Money,
            Measure::Series(s, _) => match s.unit() {
                Unit::Share => Quantity::SharePoints,
                Unit::Points => Quantity::Points,
                Unit::Money | Unit::MoneyPerMonth => Quantity::Money,
                Unit::Customers | Unit::CustomersPerMonth | Unit::MessagesPerMonth => {
                    Quantity::Customers
                }
                Unit::Index | Unit::Ratio => Quantity::Number,
            },
        }
    }
}

/// Scenario `scenario` minus scenario `baseline` for `measure`; no line if that
/// difference does not exist (a single scenario, a firm out of range).
pub fn from_comparison(
    c: &Comparison,
    baseline: usize,
    scenario: usize,
    measure: Measure,
) -> BandChart {
    let line = c.difference(baseline, scenario).and_then(|d| {
        let band = match measure {
            Measure::MarketShare => Some(&d.market_share),
            Measure::Cumulative(s, f) => d.cumulative(s, f),
            Measure::Series(s, f) => (f < d.firms).then(|| d.band(s, f)),
        }?;
        Some(BandLine {
            scenario,
            name: c
                .scenarios
                .get(scenario)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            band: band.clone(),
            start: 0,
        })
    });
    BandChart {
        quantity: measure.quantity(),
        lines: line.into_iter().collect(),
        zero_line: true,
        minus: Some((
            baseline,
            c.scenarios
                .get(baseline)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        )),
        segments: super::frame::SegmentLines::none(),
    }
}
