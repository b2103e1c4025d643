//! Monthly churn of the focal firm split by reason, for one scenario, as stacked bars
//! by month (median of each reason). Under a lock-in contract the end-of-term bars
//! spike at every term end: the cliff the essay describes. Drawn with
//! [`stack::draw`](super::stack::draw).
//!
//! [`View::legend`](super::View::legend): unhappy, end of term, paid the penalty,
//! refused the forced service, lured by a competitor, shopped around at a
//! renegotiation point.

use super::frame::{Quantity, SegmentLines};
use super::palette;
use super::stack::{Layer, StackChart, StackKind};
use crate::sim::{Comparison, Series};

const REASONS: [Series; 6] = [
    Series::ChurnUnhappy,
    Series::ChurnEndOfTerm,
    Series::ChurnPaidPenalty,
    Series::ChurnRefusedForced,
    Series::ChurnLured,
    Series::ChurnRenegotiation,
];

/// Churn by reason of firm 0 in scenario `scenario` (no layers if it does not exist).
pub fn from_comparison(c: &Comparison, scenario: usize) -> StackChart {
    let layers = c
        .scenarios
        .get(scenario)
        .filter(|s| !s.firms.is_empty())
        .map(|s| {
            REASONS
                .iter()
                .zip(palette::REASON)
                .map(|(&series, colour)| Layer {
                    name: series.label().to_string(),
                    colour,
                    values: s.band(series, 0).median.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    StackChart {
        kind: StackKind::Bars,
        quantity: Quantity::Customers,
        scenario,
        first_month: 1,
        layers,
        overlay: None,
        // Departures per segment of the scenario shown.
        segments: SegmentLines::from_comparison(
            c,
            crate::sim::SegmentSeries::ChurnTotal,
            Quantity::Customers,
            Some(scenario),
        ),
    }
}
