//! Lines with Monte Carlo bands over months: one median line per scenario in its
//! colour over a translucent 5-95% band. The retention, active customers, market
//! share, cumulative money and paired difference charts are all this chart with
//! different data (see their modules for the `from_comparison` constructors).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{self, PlotGeometry, Quantity, Row, SegmentLines, Swatch, View};
use super::palette;
use crate::sim::Band;

/// One scenario's line and band.
#[derive(Clone, Debug, PartialEq)]
pub struct BandLine {
    /// Scenario index 0..4 (A-D): picks the colour and the name in [`View::scenarios`].
    pub scenario: usize,
    /// The scenario's own name, used when the view has none.
    pub name: String,
    /// Median, 5th and 95th percentile by month (month 0 first).
    pub band: Band,
    /// First month with a value: earlier months are neither drawn nor read out (a
    /// quantity not yet estimable, such as the value of a new customer).
    pub start: usize,
}

/// Data of a banded-lines chart.
#[derive(Clone, Debug, PartialEq)]
pub struct BandChart {
    pub quantity: Quantity,
    pub lines: Vec<BandLine>,
    /// Draw a dashed zero line (paired differences).
    pub zero_line: bool,
    /// For paired differences: the baseline scenario index and fallback name, so
    /// labels read "B − A".
    pub minus: Option<(usize, String)>,
    /// Per-segment values listed in the read-out and CSV (not drawn).
    pub segments: SegmentLines,
}

impl BandChart {
    /// One line per scenario of `c` that `band` picks a band for (the focal firm's,
    /// by the callers' choice), in the scenario's colour.
    pub fn per_scenario(
        c: &crate::sim::Comparison,
        quantity: Quantity,
        band: impl Fn(&crate::sim::ScenarioBands) -> Option<&Band>,
    ) -> Self {
        BandChart {
            quantity,
            lines: c
                .scenarios
                .iter()
                .enumerate()
                .filter_map(|(k, s)| {
                    Some(BandLine {
                        scenario: k,
                        name: s.name.clone(),
                        band: band(s)?.clone(),
                        start: 0,
                    })
                })
                .collect(),
            zero_line: false,
            minus: None,
            segments: SegmentLines::none(),
        }
    }

    /// Last month with data in any line (0 when there is none).
    pub fn months(&self) -> u32 {
        self.lines
            .iter()
            .map(|l| l.band.median.len().saturating_sub(1) as u32)
            .max()
            .unwrap_or(0)
    }

    fn name(&self, view: &View, line: &BandLine) -> String {
        let name = view.scenario_name(line.scenario, &line.name);
        match &self.minus {
            Some((k, base)) => format!("{name} − {}", view.scenario_name(*k, base)),
            None => name,
        }
    }

    /// Each line's median and band at `month` (lines without that month are left out).
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        let t = month as usize;
        self.lines
            .iter()
            .filter(|l| t >= l.start)
            .filter_map(|l| {
                let b = &l.band;
                Some(Row {
                    label: self.name(view, l),
                    value: *b.median.get(t)?,
                    band: Some((*b.p05.get(t)?, *b.p95.get(t)?)),
                    quantity: self.quantity,
                })
            })
            .chain(self.segments.rows_at(view, month))
            .collect()
    }

    /// CSV: month, then median, p5 and p95 of every line; shares in %, differences of
    /// shares in percentage points, satisfaction in points out of 100; `.` decimals.
    pub fn csv(&self, view: &View) -> String {
        let mut out = frame::csv_field(&view.x_axis);
        for l in &self.lines {
            let name = self.name(view, l);
            for q in ["p50", "p5", "p95"] {
                out.push(',');
                out.push_str(&frame::csv_header(&format!("{name} {q}"), &view.unit));
            }
        }
        out.push_str(&self.segments.csv_header(view, &view.unit));
        out.push('\n');
        let scale = match self.quantity {
            Quantity::Share | Quantity::SharePoints | Quantity::Points => 100.0,
            _ => 1.0,
        };
        for t in 0..=self.months() as usize {
            if self.lines.is_empty() {
                break;
            }
            out.push_str(&t.to_string());
            for l in &self.lines {
                for v in [&l.band.median, &l.band.p05, &l.band.p95] {
                    out.push(',');
                    out.push_str(
                        &v.get(t)
                            .filter(|_| t >= l.start)
                            .map(|v| frame::csv_number(v * scale))
                            .unwrap_or_default(),
                    );
                }
            }
            out.push_str(&self.segments.csv_cells(t, scale));
            out.push('\n');
        }
        out
    }

    pub(crate) fn value_range(&self) -> (f64, f64) {
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        for l in &self.lines {
            let shown = |v: &Vec<f64>| v.iter().skip(l.start).copied().collect::<Vec<f64>>();
            for v in shown(&l.band.median)
                .iter()
                .chain(&shown(&l.band.p05))
                .chain(&shown(&l.band.p95))
            {
                if v.is_finite() {
                    lo = lo.min(*v);
                    hi = hi.max(*v);
                }
            }
        }
        // A balance from -1 to 1 (reputation) keeps its whole scale, so a fall is seen
        // for its real size rather than zoomed.
        if self.quantity == Quantity::Number && lo >= -1.0 && hi <= 1.0 {
            return (-1.0, 1.0);
        }
        let (lo, hi) = frame::padded(lo, hi);
        let bounded = matches!(self.quantity, Quantity::Share | Quantity::Points);
        if bounded && hi > 1.0 && lo >= 0.0 && hi < 1.06 {
            (lo, 1.0)
        } else {
            (lo, hi)
        }
    }
}

/// Draws the chart: title and legend above, the plot below. Legend entries are the
/// scenario names.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BandChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let legend: Vec<(String, Swatch)> = data
        .lines
        .iter()
        .map(|l| (data.name(view, l), Swatch::Band(colour(l.scenario))))
        .collect();
    let plot = frame::header(area, &view.title, &legend, base)?;
    let geometry = draw_panel(&plot, data, view, &view.y_axis, base, None)?;
    area.present()?;
    Ok(geometry)
}

pub(crate) fn colour(scenario: usize) -> RGBColor {
    palette::SCENARIO[scenario % palette::SCENARIO.len()]
}

/// The widest of the y tick labels `data` gets in a plot `height` px tall (its width
/// sets the room the labels take at the plot's left).
pub(crate) fn widest_tick(data: &BandChart, view: &View, height: f64, base: f64) -> String {
    let (lo, hi) = data.value_range();
    let y_n = frame::y_tick_count(height, base, lo, hi);
    let step = frame::tick_step(lo, hi, y_n);
    [lo, hi, (lo + hi) / 2.0]
        .iter()
        .map(|v| view.format.tick(*v, step, data.quantity))
        .max_by_key(|s| s.chars().count())
        .unwrap_or_default()
}

/// The plot alone (axes, bands, lines, cursor) in `area`, with `y_title` on the y axis.
/// The y tick labels take the room of `widest` at least (panels in a grid give theirs
/// the same room, so that their plots line up), or of their own widest.
pub(crate) fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BandChart,
    view: &View,
    y_title: &str,
    base: f64,
    widest: Option<&str>,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let months = data.months();
    let x_max = f64::from(months.max(1));
    let (lo, hi) = data.value_range();
    let fmt = &view.format;
    let y_n = frame::y_tick_count(f64::from(h), base, lo, hi);
    let step = frame::tick_step(lo, hi, y_n);
    let own = widest_tick(data, view, f64::from(h), base);
    let widest = match widest {
        Some(other) if other.chars().count() > own.chars().count() => other.to_string(),
        _ => own,
    };
    let (y_title, x_area, y_area) = frame::y_axis(area, y_title, &widest, f64::from(h), base)?;
    let x_n = frame::tick_count(f64::from(w.saturating_sub(y_area)), base * 3.2);
    let mut chart = ChartBuilder::on(area)
        .margin_top(y_title.margin_top(base))
        .margin_right((base * 1.2) as u32)
        .margin_left((base * 0.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..x_max, lo..hi)?;
    let quantity = data.quantity;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .axis_style(palette::INK)
        .x_labels(x_n)
        .y_labels(y_n)
        .x_desc(&view.x_axis)
        .y_desc(y_title.beside())
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(y_title.size(base)))
        .x_label_formatter(&|m| frame::month_tick(*m))
        .y_label_formatter(&|v| fmt.tick(*v, step, quantity))
        .draw()?;
    if data.zero_line && lo < 0.0 && hi > 0.0 {
        chart.draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (x_max, 0.0)],
            6,
            4,
            palette::INK.stroke_width(1),
        ))?;
    }
    // Bands first, then every median line on top, so no band hides a line.
    for l in &data.lines {
        let b = &l.band;
        let n = b.p05.len().min(b.p95.len()).min(view.revealed_len());
        if n <= l.start {
            continue;
        }
        let mut points: Vec<(f64, f64)> = (l.start..n).map(|t| (t as f64, b.p95[t])).collect();
        points.extend((l.start..n).rev().map(|t| (t as f64, b.p05[t])));
        chart.draw_series(std::iter::once(Polygon::new(
            points,
            colour(l.scenario).mix(0.18).filled(),
        )))?;
    }
    let width = (base / 6.0).round().clamp(2.0, 3.0) as u32;
    let mut drawn = Vec::with_capacity(data.lines.len());
    for l in &data.lines {
        let line: Vec<(f64, f64)> = l
            .band
            .median
            .iter()
            .take(view.revealed_len())
            .enumerate()
            .skip(l.start)
            .map(|(t, v)| (t as f64, *v))
            .collect();
        let style = colour(l.scenario).stroke_width(width);
        if line.is_empty() {
            continue;
        } else if line.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(
                line[0],
                width * 2,
                style.filled(),
            )))?;
        } else {
            chart.draw_series(LineSeries::new(line.iter().copied(), style))?;
        }
        drawn.push(line);
    }
    if let Some(m) = view.cursor.filter(|m| *m <= months) {
        let x = f64::from(m);
        chart.draw_series(std::iter::once(PathElement::new(
            [(x, lo), (x, hi)],
            palette::INK.mix(0.7).stroke_width(1),
        )))?;
        for l in data.lines.iter().filter(|l| m as usize >= l.start) {
            if let Some(v) = l.band.median.get(m as usize) {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, *v),
                    width * 2,
                    colour(l.scenario).filled(),
                )))?;
            }
        }
    }
    let notes: Vec<&frame::Note> = view.notes.iter().collect();
    frame::draw_notes(
        &mut chart,
        &notes,
        (0, months),
        (lo, hi),
        base,
        &drawn,
        |_| lo,
    )?;
    Ok(PlotGeometry::of(&chart, (0.0, x_max), Some((0, months))))
}
