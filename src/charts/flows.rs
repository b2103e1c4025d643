//! Rotation between firms for one scenario: a from → to matrix of customers moved over
//! the whole horizon, or over the months a lesson picks (sum over those months of the
//! median monthly flows), as a heatmap with the counts written in the cells. Places are
//! the firms (focal first) and, last, outside the market. Rows are where customers came from, columns where they went.
//!
//! [`View::legend`](super::View::legend): the name of the last place, outside the
//! market, in the reader's language (firms go by their own names), then the word that
//! heads the CSV's column of months.
//! [`View::x_axis`](super::View::x_axis) titles the columns ("to"),
//! [`View::y_axis`](super::View::y_axis) the rows ("from").

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{self, PlotGeometry, Quantity, Row, View};
use super::palette;
use crate::sim::Comparison;

#[derive(Clone, Debug, PartialEq)]
pub struct FlowChart {
    pub scenario: usize,
    /// Fallback place names: firm names, then "Outside the market".
    pub places: Vec<String>,
    /// Months simulated; flows have `months + 1` matrices.
    pub months: u32,
    /// `[month][from][to]` median customers moved.
    pub flows: Vec<f64>,
    /// First and last month the cells total (both included): the whole horizon unless
    /// [`FlowChart::over`] narrows it.
    pub window: (u32, u32),
}

impl FlowChart {
    /// Median flows of scenario `scenario` (an empty matrix if it does not exist).
    pub fn from_comparison(c: &Comparison, scenario: usize) -> Self {
        match c.scenarios.get(scenario) {
            Some(s) => {
                let mut places = s.firms.clone();
                places.push("Outside the market".into());
                Self {
                    scenario,
                    places,
                    months: s.months,
                    flows: s.flows.clone(),
                    window: (0, s.months),
                }
            }
            None => Self {
                scenario,
                places: Vec::new(),
                months: 0,
                flows: Vec::new(),
                window: (0, 0),
            },
        }
    }

    /// Customers moved from `from` to `to` during `month`.
    pub fn flow(&self, month: u32, from: usize, to: usize) -> f64 {
        let p = self.places.len();
        if from >= p || to >= p {
            return 0.0;
        }
        self.flows
            .get((month as usize * p + from) * p + to)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
    }

    /// The same chart totalling months `first` to `last` (both included, kept within
    /// the horizon), so that a text about a period can point at a matrix of that
    /// period.
    pub fn over(mut self, first: u32, last: u32) -> Self {
        let last = last.min(self.months);
        self.window = (first.min(last), last);
        self
    }

    /// Whether the cells total the whole horizon.
    pub fn whole_horizon(&self) -> bool {
        self.window == (0, self.months)
    }

    /// Customers moved from `from` to `to` over the months shown (see `window`).
    pub fn total(&self, from: usize, to: usize) -> f64 {
        let (first, last) = self.window;
        (first..=last).map(|t| self.flow(t, from, to)).sum()
    }

    /// Every move "from → to" as the cells show it: totals over the months shown.
    pub fn totals(&self, view: &View) -> Vec<Row> {
        self.pairs()
            .map(|(a, b)| Row {
                label: format!("{} → {}", self.place(view, a), self.place(view, b)),
                value: self.total(a, b),
                band: None,
                quantity: Quantity::Customers,
            })
            .collect()
    }

    /// Firms by their own names; the last place (outside the market) by the view's
    /// first legend entry, in the reader's language.
    fn place(&self, view: &View, i: usize) -> String {
        let fallback = self.places.get(i).map(String::as_str).unwrap_or("");
        if i + 1 == self.places.len() {
            view.legend_entry(0, fallback)
        } else {
            fallback.to_string()
        }
    }

    /// Largest move between two places over the months shown.
    fn largest(&self) -> f64 {
        self.pairs()
            .map(|(a, b)| self.total(a, b))
            .fold(0.0, f64::max)
    }

    fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let p = self.places.len();
        (0..p).flat_map(move |a| (0..p).filter(move |b| *b != a).map(move |b| (a, b)))
    }

    /// Every move "from → to" during `month`, zeros included.
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        if month > self.months {
            return Vec::new();
        }
        self.pairs()
            .map(|(a, b)| Row {
                label: format!("{} → {}", self.place(view, a), self.place(view, b)),
                value: self.flow(month, a, b),
                band: None,
                quantity: Quantity::Customers,
            })
            .collect()
    }

    /// CSV: month, then one column per "from → to" pair; `.` decimals.
    pub fn csv(&self, view: &View) -> String {
        csv_of(std::slice::from_ref(self), view, false)
    }

    /// Header cells (each with a leading comma): "from → to" after `prefix`.
    fn csv_header_cells(&self, view: &View, prefix: &str) -> String {
        let mut out = String::new();
        for (a, b) in self.pairs() {
            out.push(',');
            out.push_str(&frame::csv_header(
                &format!("{prefix}{} → {}", self.place(view, a), self.place(view, b)),
                &view.unit,
            ));
        }
        out
    }

    /// The cells of month `t` (each with a leading comma).
    fn csv_cells(&self, t: u32) -> String {
        let mut out = String::new();
        for (a, b) in self.pairs() {
            out.push(',');
            out.push_str(&frame::csv_number(self.flow(t, a, b)));
        }
        out
    }
}

/// Sequential light-to-dark blue (ColorBrewer Blues), readable in every colour vision.
fn ramp(f: f64) -> RGBColor {
    let f = f.clamp(0.0, 1.0);
    let lerp = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(lerp(239, 8), lerp(243, 48), lerp(255, 107))
}

/// Whether `text` goes on `lines` lines no wider than `max_px` without shortening.
fn fits_lines(text: &str, size: f64, max_px: f64, lines: usize) -> bool {
    let wrapped = frame::wrap(text, size, max_px);
    wrapped.len() <= lines && wrapped.iter().all(|l| frame::text_width(l, size) <= max_px)
}

/// The width `text` needs in at most two lines, broken at the space that makes the
/// wider of the two narrowest.
fn two_lines_width(text: &str, size: f64) -> f64 {
    let whole = frame::text_width(text, size);
    text.char_indices()
        .filter(|&(_, c)| c == ' ')
        .map(|(i, _)| {
            let (a, b) = (text[..i].trim(), text[i..].trim());
            frame::text_width(a, size).max(frame::text_width(b, size))
        })
        .fold(whole, f64::min)
}

/// `text` in at most `lines` lines no wider than `max_px`, the last shortened if need
/// be.
fn in_lines(text: &str, size: f64, max_px: f64, lines: usize) -> Vec<String> {
    let mut wrapped = frame::wrap(text, size, max_px);
    let lines = lines.max(1);
    if wrapped.len() > lines {
        let rest = wrapped.split_off(lines - 1).join(" ");
        wrapped.push(rest);
    }
    wrapped
        .iter()
        .map(|l| frame::shorten(l, size, max_px))
        .collect()
}

/// `lines` one under another from `(x, y)`, `step` apart.
fn draw_lines<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    lines: &[String],
    (x, y): (f64, f64),
    step: f64,
    style: &TextStyle,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (k, line) in lines.iter().enumerate() {
        let at = (x.round() as i32, (y + k as f64 * step).round() as i32);
        plot.draw(&Text::new(line.as_str(), at, style.clone()))?;
    }
    Ok(())
}

/// Draws the heatmap; the axes are places, so the returned geometry has no months.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &FlowChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let plot = frame::header(area, &view.title, &[], base)?;
    let geometry = draw_plot(&plot, data, view, base, data.largest())?;
    area.present()?;
    Ok(geometry)
}

/// Narrowest matrix put beside another (CSS px): the row names ("Outside the market")
/// take a third of it, and four columns of counts need the rest; narrower, the column
/// names were cut and the counts shrank to 9 px. `static/style.css` gives a rotation
/// chart narrower than two of them the height of two matrices.
pub(crate) const MIN_PANEL_WIDTH: u32 = 380;

/// Several scenarios' matrices under one title, each headed by its scenario's name,
/// on one colour scale so that the same tint means the same number of customers.
pub fn draw_panels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[FlowChart],
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let plot = frame::header(area, &view.title, &[], base)?;
    let largest = panels.iter().map(FlowChart::largest).fold(0.0, f64::max);
    let scenarios: Vec<usize> = panels.iter().map(|p| p.scenario).collect();
    let geometry = frame::in_panels(&plot, &scenarios, view, base, MIN_PANEL_WIDTH, |i, cell| {
        draw_plot(cell, &panels[i], view, base, largest)
    })?;
    area.present()?;
    Ok(geometry)
}

/// Rows of several panels, each prefixed by its scenario's name.
pub fn rows_of_panels(panels: &[FlowChart], view: &View, month: u32) -> Vec<Row> {
    panels
        .iter()
        .flat_map(|p| {
            let name = view.panel_name(p.scenario);
            p.rows_at(view, month).into_iter().map(move |mut row| {
                row.label = format!("{name}: {}", row.label);
                row
            })
        })
        .collect()
}

/// The cells of several panels (totals over the months shown), each prefixed by its
/// scenario's name.
pub fn totals_of_panels(panels: &[FlowChart], view: &View) -> Vec<Row> {
    panels
        .iter()
        .flat_map(|p| {
            let name = view.panel_name(p.scenario);
            p.totals(view).into_iter().map(move |mut row| {
                row.label = format!("{name}: {}", row.label);
                row
            })
        })
        .collect()
}

/// The totals the cells of `panels` show, one per column of [`csv_of_panels`] after
/// the month, in the same order: the table's last row, so that a reader who adds its
/// months up finds the matrix (the CSV itself stays month by month).
pub fn column_totals(panels: &[FlowChart]) -> Vec<f64> {
    panels
        .iter()
        .flat_map(|p| p.pairs().map(move |(a, b)| p.total(a, b)))
        .collect()
}

/// CSV of several panels: month, then every panel's "from → to" columns prefixed by
/// its scenario.
pub fn csv_of_panels(panels: &[FlowChart], view: &View) -> String {
    csv_of(panels, view, true)
}

/// Month, then the columns of each of `panels` (named after their scenario when
/// `named`). The axes are places here, so the first header cell is the view's second
/// legend entry ("month" when there is none).
fn csv_of(panels: &[FlowChart], view: &View, named: bool) -> String {
    let mut out = frame::csv_field(&view.legend_entry(1, "month"));
    for p in panels {
        let prefix = if named {
            format!("{}: ", view.panel_name(p.scenario))
        } else {
            String::new()
        };
        out.push_str(&p.csv_header_cells(view, &prefix));
    }
    out.push('\n');
    if panels.iter().all(|p| p.places.is_empty()) {
        return out;
    }
    let months = panels.iter().map(|p| p.months).max().unwrap_or(0);
    for t in 0..=months {
        out.push_str(&t.to_string());
        for p in panels {
            out.push_str(&p.csv_cells(t));
        }
        out.push('\n');
    }
    out
}

/// The matrix of one scenario in `plot`, tinted on a scale up to `largest`.
fn draw_plot<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    data: &FlowChart,
    view: &View,
    base: f64,
    largest: f64,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (pw, _) = plot.dim_in_pixel();
    let p = data.places.len().max(1);
    let names: Vec<String> = (0..p).map(|i| data.place(view, i)).collect();
    // Names go on up to two lines ("Rival / North"), so that places whose names begin
    // alike still read apart in narrow columns; what does not fit is shortened.
    let rows_in = |max_px: f64, lines: usize| -> (Vec<Vec<String>>, u32, f64) {
        let y_names: Vec<Vec<String>> = names
            .iter()
            .map(|n| in_lines(n, base, max_px, lines))
            .collect();
        let widest = frame::widest(y_names.iter().flatten(), base);
        let y_area = (widest + base * 2.8).ceil() as u32;
        let cell_px = f64::from(pw.saturating_sub(y_area)) / p as f64;
        (y_names, y_area, cell_px - base * 0.3)
    };
    let fit_all = |size: f64, lines: usize, column_px: f64| {
        names.iter().all(|n| fits_lines(n, size, column_px, lines))
    };
    // Narrow columns take their names a size smaller, then a third line ("Outside /
    // the / market" under a column of a phone's matrix or of two side by side, where
    // two lines cut it to "Outside the mar…"). If even that cuts a word ("Nuest…
    // empre…" under two Spanish matrices side by side), the rows' names take their two
    // lines as narrow as they go ("Fuera del / mercado"), which widens the columns,
    // before any is shortened.
    let (mut y_names, mut y_area, mut column_px) = rows_in(f64::from(pw) * 0.35, 2);
    if !fit_all(base * 0.85, 3, column_px) {
        let narrowest = names
            .iter()
            .map(|n| two_lines_width(n, base))
            .fold(0.0, f64::max);
        (y_names, y_area, column_px) = rows_in(narrowest.min(f64::from(pw) * 0.35), 2);
    }
    let (x_size, x_max_lines) = if fit_all(base, 2, column_px) {
        (base, 2)
    } else if fit_all(base * 0.85, 2, column_px) {
        (base * 0.85, 2)
    } else {
        (base * 0.85, 3)
    };
    let x_names: Vec<Vec<String>> = names
        .iter()
        .map(|n| in_lines(n, x_size, column_px, x_max_lines))
        .collect();
    let x_lines = x_names.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let line_px = base * 1.15;
    let x_line_px = x_size * 1.15;
    let pi = p as i32;
    let mut chart = ChartBuilder::on(plot)
        .margin_top((base * 0.6) as u32)
        .margin_right((base * 1.2) as u32)
        .margin_left((base * 0.4) as u32)
        .x_label_area_size((base * 2.25 + x_line_px * x_lines as f64) as u32)
        .y_label_area_size(y_area)
        // A segmented range a..b has b - a + 1 segments: one per place.
        .build_cartesian_2d((0..pi - 1).into_segmented(), (0..pi - 1).into_segmented())?;
    // The mesh draws the ticks and the axes' names; the places' names are drawn below,
    // line by line (the canvas draws one line per text).
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(palette::INK)
        .x_labels(p)
        .y_labels(p)
        .x_desc(&view.x_axis)
        .y_desc(&view.y_axis)
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(base))
        .x_label_formatter(&|_| String::new())
        .y_label_formatter(&|_| String::new())
        .draw()?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (left, top) = plot.get_base_pixel();
    let (x0, x1) = (f64::from(xs.start - left), f64::from(xs.end - left));
    let (y0, y1) = (f64::from(ys.start - top), f64::from(ys.end - top));
    let (col, row) = ((x1 - x0) / p as f64, (y1 - y0) / p as f64);
    let gap = base * 0.6;
    for (i, lines) in x_names.iter().enumerate() {
        let x = x0 + (i as f64 + 0.5) * col;
        let style = frame::font(x_size).pos(Pos::new(HPos::Center, VPos::Top));
        draw_lines(plot, lines, (x, y1 + gap), x_line_px, &style)?;
    }
    for (i, lines) in y_names.iter().enumerate() {
        let middle = y0 + (i as f64 + 0.5) * row;
        let first = middle - (lines.len() as f64 - 1.0) * line_px / 2.0;
        let style = frame::font(base).pos(Pos::new(HPos::Right, VPos::Center));
        draw_lines(plot, lines, (x0 - gap, first), line_px, &style)?;
    }
    let totals: Vec<Vec<f64>> = (0..p)
        .map(|a| {
            (0..p)
                .map(|b| if a == b { 0.0 } else { data.total(a, b) })
                .collect()
        })
        .collect();
    let max = largest;
    let cell_px = column_px + base * 0.3;
    let cell_font = base * if cell_px < base * 4.0 { 0.8 } else { 1.0 };
    for (a, row) in totals.iter().enumerate() {
        for (b, &v) in row.iter().enumerate() {
            // Row `a` (from) counts from the top.
            let (x, y) = (b as i32, pi - 1 - a as i32);
            let corners = [
                (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
            ];
            let (fill, text, ink) = if a == b {
                (palette::GRID.mix(0.6), "–".to_string(), palette::INK)
            } else {
                // Square-root scale so small flows still show a tint.
                let f = if max > 0.0 { (v / max).sqrt() } else { 0.0 };
                let ink = if f > 0.55 { WHITE } else { palette::INK };
                (ramp(f).to_rgba(), view.format.number(v, 0), ink)
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                corners.clone(),
                fill.filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                corners,
                WHITE.stroke_width(2),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                frame::shorten(&text, cell_font, cell_px - 4.0),
                (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                (FontFamily::SansSerif, cell_font)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    Ok(PlotGeometry {
        x_px: (xs.start, xs.end),
        y_px: (ys.start, ys.end),
        x_values: (0.0, p as f64),
        months: None,
        panels: (0, 0),
    })
}
