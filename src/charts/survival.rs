//! Retention of the starting cohort with Monte Carlo bands: the focal firm's share of
//! its month-0 customers still active, one median line and 5-95% band per scenario.
//! Drawn with [`bands::draw`](super::bands::draw).

use super::bands::BandChart;
use super::frame::Quantity;
use crate::sim::{Comparison, Series};

/// `Series::CohortSurvival` of firm 0 for every scenario of `c`.
pub fn from_comparison(c: &Comparison) -> BandChart {
    BandChart::per_scenario(c, Quantity::Share, |s| {
        (!s.firms.is_empty()).then(|| s.band(Series::CohortSurvival, 0))
    })
}
