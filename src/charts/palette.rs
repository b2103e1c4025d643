//! Colours that stay distinct for readers with colour-vision deficiencies: the
//! Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design").

use plotters::style::RGBColor;

/// Scenario colours A, B, C, D, used in every chart.
pub const SCENARIO: [RGBColor; 4] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
];
/// Vermillion, for reference curves and warnings.
pub const REFERENCE: RGBColor = RGBColor(213, 94, 0);
/// Axis, grid and text colours (dark grey on white keeps WCAG AA contrast).
pub const INK: RGBColor = RGBColor(33, 37, 41);
pub const GRID: RGBColor = RGBColor(222, 226, 230);
