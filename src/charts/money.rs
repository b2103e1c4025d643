//! The focal firm's money per scenario, as four small panels sharing the scenario
//! legend: cumulative revenue, cumulative costs (policies and winning customers),
//! cumulative margin, and the lifetime value of a new customer (forward-looking, from
//! the run's own retention). Running totals are summed within each replication before
//! the percentiles are taken (`ScenarioBands::cumulative`). On a wide canvas the panels
//! sit side by side, on a medium one in a 2 × 2 grid (side by side again when it is
//! too short for the grid), on a narrow one stacked; too short to stack, the margin
//! panel shows alone.
//!
//! The month read-out and the CSV add, per scenario, the value to date of a starting
//! customer and the new customer's value over its acquisition cost.
//!
//! [`View::legend`] holds the four panel titles with units, in the order revenue,
//! costs, margin, value of a new customer; [`View::y_axis`] is not used.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::{self, BandChart};
use super::frame::{self, PlotGeometry, Quantity, Row, Swatch, View};
use crate::sim::{Band, Comparison, ScenarioBands, Series};

/// The panels, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyChart {
    pub panels: Vec<BandChart>,
    /// Read-out and CSV only: value to date of a starting customer, and the new
    /// customer's value over its acquisition cost, per scenario.
    pub extras: Vec<BandChart>,
}

const FALLBACK: [&str; 8] = [
    "Revenue",
    "Costs",
    "Margin",
    "Value of a new customer",
    "Value to date of a starting customer",
    "New customer's value over its acquisition cost",
    // Not a panel: what the value's panel says while it has no line (the engine needs
    // at least 30 new customers followed through a whole cycle of tenure, a year or
    // more: `Sim::new_customer_value`).
    "Not estimated: it needs at least 30 new customers followed through a whole cycle (a year or more).",
    // Not a panel: written in the value's panel where its lines have not begun yet
    // ("{}" is the first month with an estimate).
    "estimated from month {}",
];

/// Legend entry of the note for a value not estimated yet.
const NOT_ESTIMATED: usize = 6;

/// Legend entry of the label where the value's lines begin after the first month.
const ESTIMATED_FROM: usize = 7;

/// Index of the margin panel (the headline).
const MARGIN: usize = 2;

/// Every scenario's band of a money measure, over a zero line (margins go negative).
fn per_scenario(
    c: &Comparison,
    quantity: Quantity,
    band: impl Fn(&ScenarioBands) -> Option<&Band>,
) -> BandChart {
    let mut chart = BandChart::per_scenario(c, quantity, band);
    chart.zero_line = true;
    chart
}

/// The first month of a band of a new customer's value (or of its ratio to the
/// acquisition cost) where every replication in the band has one: the engine reports 0
/// until a whole cycle of new customers' tenure has been seen.
pub fn first_estimable(band: &Band) -> usize {
    band.p05
        .iter()
        .position(|&v| v > 0.0)
        .unwrap_or(band.p05.len())
}

impl MoneyChart {
    /// Money of firm 0 for every scenario of `c`.
    pub fn from_comparison(c: &Comparison) -> Self {
        let cumulated = |series| {
            per_scenario(c, Quantity::Money, move |s: &ScenarioBands| {
                s.cumulative(series, 0)
            })
        };
        let series = |series, quantity| {
            per_scenario(c, quantity, move |s: &ScenarioBands| {
                (!s.firms.is_empty()).then(|| s.band(series, 0))
            })
        };
        let mut value = series(Series::NewCustomerValue, Quantity::Money);
        value.zero_line = false;
        // Not estimable until a whole cycle of new customers' tenure has been seen
        // (the engine reports 0 until then): start each line where every replication
        // in the band has a value, and the value over the acquisition cost with it.
        let starts: Vec<usize> = value
            .lines
            .iter()
            .map(|l| first_estimable(&l.band))
            .collect();
        let mut ratio = series(Series::ValueToAcquisitionCost, Quantity::Number);
        for (l, &start) in value.lines.iter_mut().zip(&starts) {
            l.start = start;
        }
        for (l, &start) in ratio.lines.iter_mut().zip(&starts) {
            l.start = start;
        }
        Self {
            panels: vec![
                cumulated(Series::Revenue),
                cumulated(Series::Costs),
                cumulated(Series::Margin),
                value,
            ],
            extras: vec![series(Series::LifetimeValue, Quantity::Money), ratio],
        }
    }

    fn title(view: &View, i: usize) -> String {
        view.legend_entry(i, FALLBACK.get(i).copied().unwrap_or(""))
    }

    fn all(&self) -> impl Iterator<Item = &BandChart> {
        self.panels.iter().chain(&self.extras)
    }

    /// Every panel's medians and bands at `month`, then the extras, labelled
    /// "panel: scenario".
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        self.all()
            .enumerate()
            .flat_map(|(i, p)| {
                let title = Self::title(view, i);
                p.rows_at(view, month).into_iter().map(move |mut r| {
                    r.label = format!("{title}: {}", r.label);
                    r
                })
            })
            .collect()
    }

    /// CSV: month, then p50/p5/p95 of every scenario for each panel and extra in turn.
    pub fn csv(&self, view: &View) -> String {
        let mut out = frame::csv_field(&view.x_axis);
        for (i, p) in self.all().enumerate() {
            let title = Self::title(view, i);
            let unit = if p.quantity == Quantity::Money {
                view.unit.as_str()
            } else {
                ""
            };
            for l in &p.lines {
                let name = view.scenario_name(l.scenario, &l.name);
                for q in ["p50", "p5", "p95"] {
                    out.push(',');
                    out.push_str(&frame::csv_header(&format!("{title}: {name} {q}"), unit));
                }
            }
        }
        out.push('\n');
        if self.panels.iter().all(|p| p.lines.is_empty()) {
            return out;
        }
        let months = self.all().map(BandChart::months).max().unwrap_or(0);
        for t in 0..=months as usize {
            out.push_str(&t.to_string());
            for p in self.all() {
                for l in &p.lines {
                    for v in [&l.band.median, &l.band.p05, &l.band.p95] {
                        out.push(',');
                        out.push_str(
                            &v.get(t)
                                .filter(|_| t >= l.start)
                                .map(|v| frame::csv_number(*v))
                                .unwrap_or_default(),
                        );
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Narrowest chart (CSS px) drawn as a 2 x 2 grid: each panel is then at least 240 px
/// wide, as wide as a phone's chart. Narrower, the panels go one above the other if the
/// height allows, else the margin alone is drawn.
const GRID_MIN_WIDTH: u32 = 480;

/// Draws the panels; the returned geometry is the first panel's, with the stride from
/// one column to the next (all panels share their month scale and line up).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &MoneyChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let legend: Vec<(String, Swatch)> = data
        .panels
        .first()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| {
                    (
                        view.scenario_name(l.scenario, &l.name),
                        Swatch::Band(bands::colour(l.scenario)),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let plot = frame::header(area, &view.title, &legend, base)?;
    let n = data.panels.len().max(1);
    let (_, ph) = plot.dim_in_pixel();
    // Panel type a notch smaller: several plots share the space of one.
    let panel_base = (base * 0.9).max(11.0);
    let min_panel = panel_base * 11.0;
    let (rows, cols) = if w >= 1400 || w * 10 >= h * 32 {
        (1, n)
    } else if w >= GRID_MIN_WIDTH && f64::from(ph) / 2.0 >= min_panel {
        (2, n.div_ceil(2))
    } else if w / n as u32 >= GRID_MIN_WIDTH / 2 {
        // Too short for the grid but wide enough for a row (a lesson projected on a
        // 1280 x 720 screen): every panel in a row rather than the margin alone, as a
        // lesson's sentence may speak of any of them.
        (1, n)
    } else if f64::from(ph) / (n as f64) >= min_panel {
        (n, 1)
    } else {
        (1, 1)
    };
    let cells = if (rows, cols) == (1, 1) {
        vec![plot.clone()]
    } else {
        plot.split_evenly((rows, cols))
    };
    // Alone, the headline: the margin.
    let shown: Vec<usize> = if cells.len() == 1 {
        vec![MARGIN]
    } else {
        (0..n).collect()
    };
    let title_px = (panel_base * 1.6) as u32;
    // Every panel's y labels take the room of the widest, so that the plots line up in
    // columns (and the pointer reads the same month at the same place in each).
    let body_px = cells.first().map_or(0.0, |c| {
        f64::from(c.dim_in_pixel().1.saturating_sub(title_px))
    });
    let widest = shown
        .iter()
        .filter_map(|&i| data.panels.get(i))
        .map(|p| bands::widest_tick(p, view, body_px, panel_base))
        .max_by_key(|t| t.chars().count())
        .unwrap_or_default();
    let mut drawn: Vec<(usize, PlotGeometry)> = Vec::new();
    for (cell, &i) in cells.iter().zip(&shown) {
        let Some(panel) = data.panels.get(i) else {
            continue;
        };
        let title = MoneyChart::title(view, i);
        let mut v = view.clone();
        let bottom_row = cells.len() == 1 || (i / cols) + 1 == rows;
        if !bottom_row {
            // Month title only under the bottom row.
            v.x_axis = String::new();
        }
        let (cell_title, body) = cell.split_vertically(title_px);
        // A panel narrower than its title (a 2 x 2 grid beside the editor) sets it
        // smaller, down to three quarters, then cuts it.
        let full = panel_base * 1.05;
        let room = f64::from(cell.dim_in_pixel().0) - panel_base * 1.2;
        let size = (room / frame::bold_text_width(&title, 1.0)).clamp(full * 0.75, full);
        let title = frame::shorten_bold(&title, size, room);
        cell_title.draw(&Text::new(
            title,
            ((panel_base * 0.6) as i32, (panel_base * 0.3) as i32),
            (FontFamily::SansSerif, size)
                .into_font()
                .style(FontStyle::Bold)
                .color(&super::palette::INK),
        ))?;
        let estimated = panel.lines.iter().any(|l| l.start < l.band.median.len());
        if !estimated && !panel.lines.is_empty() {
            // A new customer's value before it can be estimated: say why, rather than
            // leave an empty plot (see `first_estimable`).
            frame::draw_message(&body, &MoneyChart::title(view, NOT_ESTIMATED))?;
            continue;
        }
        let g = bands::draw_panel(&body, panel, &v, "", panel_base, Some(&widest))?;
        if estimated {
            label_estimated_from(&body, panel, view, g, panel_base)?;
        }
        drawn.push((i, g));
    }
    area.present()?;
    // The first panel's, with the distance to the next column when the panels sit
    // side by side (a row of four, or a 2 x 2 grid): the pointer over any column reads
    // its month there. Alone, the margin's.
    let at = |k: usize| drawn.iter().find(|(i, _)| *i == k).map(|(_, g)| *g);
    let mut geometry = at(shown[0]).unwrap_or_default();
    if cols > 1
        && let Some(next) = at(shown[1])
    {
        geometry.panels = (next.x_px.0 - geometry.x_px.0, cols as u32);
    }
    Ok(geometry)
}

/// In a panel whose lines begin after its first month (a new customer's value, which
/// needs a cycle of tenure to be estimated), says from which month: an axis that starts
/// at 0 with nothing on it for 20 months read as a chart that failed to draw. Written
/// at the bottom left of the plot when the lines leave room below them, else in the
/// gap before them if the words fit there, else not at all.
fn label_estimated_from<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    panel: &BandChart,
    view: &View,
    g: PlotGeometry,
    base: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let Some((first, last)) = g.months else {
        return Ok(());
    };
    let start = panel.lines.iter().map(|l| l.start).min().unwrap_or(0) as u32;
    if start <= first || last <= first || start > last {
        return Ok(());
    }
    let size = base * 0.85;
    let pad = base * 0.4;
    // Each scenario's first month when they differ ("20 (A), 27 (B)"): a line
    // beginning later than the month said would look like a gap in the data.
    let mut starts: Vec<(usize, usize)> =
        panel.lines.iter().map(|l| (l.start, l.scenario)).collect();
    starts.sort_unstable();
    let months = if starts.iter().all(|&(s, _)| s == start as usize) {
        start.to_string()
    } else {
        starts
            .iter()
            .map(|&(s, k)| format!("{s} ({})", frame::letter(k)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = MoneyChart::title(view, ESTIMATED_FROM).replace("{}", &months);
    let (left, right, top, bottom) = (
        f64::from(g.x_px.0),
        f64::from(g.x_px.1),
        f64::from(g.y_px.0),
        f64::from(g.y_px.1),
    );
    // The lowest point of any line, in pixels: the room under the lines (their light
    // bands may run under the words).
    let (lo, hi) = panel.value_range();
    let lowest = panel
        .lines
        .iter()
        .flat_map(|l| l.band.median.iter().skip(l.start).copied())
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let lowest_px = if hi > lo && lowest.is_finite() {
        bottom - (lowest - lo) / (hi - lo) * (bottom - top)
    } else {
        top
    };
    let line_px = size * 1.3;
    let under = (bottom - lowest_px - pad >= line_px + pad
        && frame::text_width(&text, size) <= right - left - 2.0 * pad)
        .then(|| (vec![text.clone()], bottom - pad - line_px));
    let gap = (right - left) * f64::from(start - first) / f64::from(last - first) - 1.5 * pad;
    let before = || {
        let lines = frame::wrap(&text, size, gap);
        (gap > 0.0 && frame::widest(&lines, size) <= gap).then(|| {
            let height = line_px * lines.len() as f64;
            (lines, (top + bottom - height) / 2.0)
        })
    };
    let Some((lines, y)) = under.or_else(before) else {
        return Ok(());
    };
    let origin = body.get_base_pixel();
    let x = (left + pad) as i32 - origin.0;
    for (k, line) in lines.iter().enumerate() {
        body.draw(&Text::new(
            line.as_str(),
            (x, (y + k as f64 * line_px) as i32 - origin.1),
            (FontFamily::SansSerif, size)
                .into_font()
                .color(&super::palette::MUTED),
        ))?;
    }
    Ok(())
}
