//! The focal firm's customer base per scenario: active customers over time, its
//! market share (focal active customers over all firms' active customers), and its
//! reputation (the net balance of what its customers say). All are drawn with
//! [`bands::draw`](super::bands::draw).

use super::bands::BandChart;
use super::frame::{Quantity, SegmentLines};
use crate::sim::{Comparison, Series};

/// Active customers of firm 0, median and 5-95% band, per scenario.
pub fn active_from_comparison(c: &Comparison) -> BandChart {
    let mut chart = BandChart::per_scenario(c, Quantity::Customers, |s| {
        (!s.firms.is_empty()).then(|| s.band(Series::ActiveCustomers, 0))
    });
    // Listed per segment in the read-out and the CSV.
    chart.segments = SegmentLines::from_comparison(
        c,
        crate::sim::SegmentSeries::ActiveCustomers,
        Quantity::Customers,
        None,
    );
    chart
}

/// Market share of firm 0 per scenario. The share is computed in each replication and
/// then banded (`ScenarioBands::market_share`), so it is a median of ratios, not a
/// ratio of medians.
pub fn share_from_comparison(c: &Comparison) -> BandChart {
    BandChart::per_scenario(c, Quantity::Share, |s| Some(&s.market_share))
}

/// Reputation of firm 0 per scenario, from -1 (only complaints) to 1 (only praise).
pub fn reputation_from_comparison(c: &Comparison) -> BandChart {
    let mut chart = BandChart::per_scenario(c, Quantity::Number, |s| {
        (!s.firms.is_empty()).then(|| s.band(Series::Reputation, 0))
    });
    // Zero: as much praise as complaint.
    chart.zero_line = true;
    chart
}
