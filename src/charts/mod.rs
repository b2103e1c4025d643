//! Charts of simulation results, drawn with plotters on any drawing backend: a canvas in
//! the browser, SVG in host tests. Each chart is one module with one `draw` function that
//! takes a drawing area, plain data built from a [`Comparison`](crate::sim::Comparison)
//! and a [`View`] (texts already translated, number format, cursor month), and returns
//! the plot's [`PlotGeometry`] so the UI can map a pointer to a month.
//!
//! | chart | data | module |
//! |---|---|---|
//! | retention of the starting cohort, bands | [`bands::BandChart`] | [`survival`] |
//! | active customers / market share, bands | [`bands::BandChart`] | [`customers`] |
//! | churn by reason, stacked bars | [`stack::StackChart`] | [`churn`] |
//! | customers by state, stacked areas | [`stack::StackChart`] | [`states`] |
//! | satisfaction distribution at a month | [`satisfaction::SatisfactionChart`] | [`satisfaction`] |
//! | cumulative revenue, costs, margin | [`money::MoneyChart`] | [`money`] |
//! | flows between firms, heatmap | [`flows::FlowChart`] | [`flows`] |
//! | paired difference k − A, band | [`bands::BandChart`] | [`difference`] |

pub mod bands;
pub mod churn;
pub mod customers;
pub mod difference;
pub mod fit;
pub mod flows;
pub mod frame;
pub mod money;
pub mod palette;
pub mod satisfaction;
pub mod sensitivity;
pub mod stack;
pub mod states;
pub mod survival;

pub use frame::{Note, NumberFormat, PlotGeometry, Quantity, Row, SegmentLine, SegmentLines, View};
