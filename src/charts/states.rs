//! The focal firm's customers by state for one scenario: satisfied, at risk and captive
//! as stacked areas (the engine puts every active customer in exactly one of them:
//! captive first, then at risk below the threshold, else satisfied), and customers
//! using the new service as a dashed line, since adoption overlaps all three states.
//! Drawn with [`stack::draw`](super::stack::draw).
//!
//! [`View::legend`](super::View::legend): satisfied, at risk, captive, adopted.

use super::frame::Quantity;
use super::palette;
use super::stack::{Layer, StackChart, StackKind};
use crate::sim::{Comparison, Series};

/// States of firm 0 in scenario `scenario`; the adopted line only when someone adopted.
pub fn from_comparison(c: &Comparison, scenario: usize) -> StackChart {
    let s = c.scenarios.get(scenario).filter(|s| !s.firms.is_empty());
    let layers = s
        .map(|s| {
            [Series::Satisfied, Series::AtRisk, Series::Captive]
                .iter()
                .zip(palette::STATE)
                .map(|(&series, colour)| Layer {
                    name: series.label().to_string(),
                    colour,
                    values: s.band(series, 0).median.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let overlay = s
        .map(|s| s.band(Series::Adopted, 0).median.clone())
        .filter(|v| v.iter().any(|x| *x > 0.0))
        .map(|values| Layer {
            name: Series::Adopted.label().to_string(),
            colour: palette::OVERLAY,
            values,
        });
    StackChart {
        kind: StackKind::Areas,
        quantity: Quantity::Customers,
        scenario,
        first_month: 0,
        layers,
        overlay,
        segments: super::frame::SegmentLines::none(),
    }
}
