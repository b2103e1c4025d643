//! Retention of the starting cohort with Monte Carlo bands: the focal firm's share of
//! its month-0 customers still active, one median line and 5-95% band per scenario.
//! Drawn with [`bands::draw`](super::bands::draw).

use super::bands::{BandChart, BandLine};
use super::frame::Quantity;
use crate::sim::{Comparison, Series};

/// `Series::CohortSurvival` of firm 0 for every scenario of `c`.
pub fn from_comparison(c: &Comparison) -> BandChart {
    BandChart {
        quantity: Quantity::Share,
        lines: c
            .scenarios
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.firms.is_empty())
            .map(|(k, s)| BandLine {
                scenario: k,
                name: s.name.clone(),
                band: s.band(Series::CohortSurvival, 0).clone(),
            })
            .collect(),
        zero_line: false,
        minus: None,
    }
}
