//! The focal firm's customer base per scenario: active customers over time, and its
//! market share (focal active customers over all firms' active customers). Both are
//! drawn with [`bands::draw`](super::bands::draw).

use super::bands::{BandChart, BandLine};
use super::frame::Quantity;
use crate::sim::{Comparison, Series};

/// Active customers of firm 0, median and 5-95% band, per scenario.
pub fn active_from_comparison(c: &Comparison) -> BandChart {
    BandChart {
        quantity: Quantity::Customers,
        lines: c
            .scenarios
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.firms.is_empty())
            .map(|(k, s)| BandLine {
                scenario: k,
                name: s.name.clone(),
                band: s.band(Series::ActiveCustomers, 0).clone(),
            })
            .collect(),
        zero_line: false,
        minus: None,
    }
}

/// Market share of firm 0 per scenario. The share is computed in each replication and
/// then banded (`ScenarioBands::market_share`), so it is a median of ratios, not a
/// ratio of medians.
pub fn share_from_comparison(c: &Comparison) -> BandChart {
    BandChart {
        quantity: Quantity::Share,
        lines: c
            .scenarios
            .iter()
            .enumerate()
            .map(|(k, s)| BandLine {
                scenario: k,
                name: s.name.clone(),
                band: s.market_share.clone(),
            })
            .collect(),
        zero_line: false,
        minus: None,
    }
}
