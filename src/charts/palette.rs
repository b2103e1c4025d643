//! Colours that stay distinct for readers with colour-vision deficiencies: the
//! Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design").

use plotters::style::RGBColor;

/// Scenario colours A, B, C, D, used in every chart.
pub const SCENARIO: [RGBColor; 4] = [
    RGBColor(0, 114, 178), // blue
    // Okabe-Ito orange (230, 159, 0) darkened to reach 3:1 against white, the WCAG
    // 2.1 minimum for graphics (1.4.11); the hue, and so its distinctness, is kept.
    RGBColor(193, 125, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
];
/// Axis, grid and text colours (dark grey on white keeps WCAG AA contrast).
pub const INK: RGBColor = RGBColor(33, 37, 41);
pub const GRID: RGBColor = RGBColor(222, 226, 230);
/// Text that explains rather than reads a value (#495057: 7.9:1 on white).
pub const MUTED: RGBColor = RGBColor(73, 80, 87);

/// Churn reasons: unhappy, end of term, paid the penalty, refused the forced service,
/// lured by a competitor, shopped around at a renegotiation point. Okabe-Ito colours
/// not used for scenarios, two greys told apart by lightness, and a pale tint of the
/// sky blue (the two departures tied to the calendar of the relationship).
pub const REASON: [RGBColor; 6] = [
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
    RGBColor(64, 64, 64),    // dark grey
    RGBColor(170, 170, 170), // light grey
    RGBColor(176, 222, 247), // pale sky blue
];
/// Customer states: satisfied, at risk, captive; and the adopted-service overlay.
pub const STATE: [RGBColor; 3] = [
    RGBColor(86, 180, 233), // sky blue
    RGBColor(240, 228, 66), // yellow
    RGBColor(213, 94, 0),   // vermillion
];
pub const OVERLAY: RGBColor = RGBColor(0, 0, 0);
