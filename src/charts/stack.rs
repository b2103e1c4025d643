//! Stacked layers over months for one scenario: bars (churn by reason) or areas
//! (customers by state), with an optional line overlay for a quantity that overlaps
//! the stacked ones. Layers are medians over replications stacked on each other, so
//! the top of a stack is the sum of medians (close to, not exactly, the median total).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{self, PlotGeometry, Quantity, Row, SegmentLines, Swatch, View};
use super::palette;

/// Bars (a flow per month) or areas (a stock at each month).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackKind {
    Bars,
    Areas,
}

/// One stacked layer or the overlay line.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// English fallback label when [`View::legend`] has none for this position.
    pub name: String,
    pub colour: RGBColor,
    /// Values by month, month 0 first.
    pub values: Vec<f64>,
}

/// Data of a stacked chart. Legend entries in [`View::legend`]: the layers bottom to
/// top, then the overlay.
#[derive(Clone, Debug, PartialEq)]
pub struct StackChart {
    pub kind: StackKind,
    pub quantity: Quantity,
    /// Which scenario (0 = A) the data come from.
    pub scenario: usize,
    /// First month drawn (1 for flows such as churn, which are 0 at month 0).
    pub first_month: u32,
    pub layers: Vec<Layer>,
    pub overlay: Option<Layer>,
    /// Per-segment values listed in the read-out and CSV (not drawn).
    pub segments: SegmentLines,
}

impl StackChart {
    /// Last month with data (0 when there is none).
    pub fn months(&self) -> u32 {
        self.layers
            .iter()
            .chain(&self.overlay)
            .map(|l| l.values.len().saturating_sub(1) as u32)
            .max()
            .unwrap_or(0)
    }

    fn label(&self, view: &View, i: usize) -> String {
        let fallback = self
            .layers
            .get(i)
            .or(if i == self.layers.len() {
                self.overlay.as_ref()
            } else {
                None
            })
            .map(|l| l.name.as_str())
            .unwrap_or("");
        view.legend_entry(i, fallback)
    }

    fn all_layers(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().chain(&self.overlay)
    }

    /// Each layer's value at `month`, bottom to top, then the overlay.
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        self.all_layers()
            .enumerate()
            .filter_map(|(i, l)| {
                Some(Row {
                    label: self.label(view, i),
                    value: *l.values.get(month as usize)?,
                    band: None,
                    quantity: self.quantity,
                })
            })
            .chain(self.segments.rows_at(view, month))
            .collect()
    }

    /// CSV: month, then one column per layer and the overlay; `.` decimals.
    pub fn csv(&self, view: &View) -> String {
        csv_of(std::slice::from_ref(self), view, false)
    }

    /// Header cells (each with a leading comma) of the layers, the overlay and the
    /// segments, each layer's label after `prefix`.
    fn csv_header_cells(&self, view: &View, prefix: &str) -> String {
        let mut out = String::new();
        for (i, _) in self.all_layers().enumerate() {
            out.push(',');
            out.push_str(&frame::csv_header(
                &format!("{prefix}{}", self.label(view, i)),
                &view.unit,
            ));
        }
        out.push_str(&self.segments.csv_header(view, &view.unit));
        out
    }

    /// The cells of month `t` (each with a leading comma), as the header lists them.
    fn csv_cells(&self, t: u32) -> String {
        let mut out = String::new();
        for l in self.all_layers() {
            out.push(',');
            out.push_str(
                &l.values
                    .get(t as usize)
                    .map(|v| frame::csv_number(*v))
                    .unwrap_or_default(),
            );
        }
        out.push_str(&self.segments.csv_cells(t as usize, 1.0));
        out
    }

    fn top(&self) -> f64 {
        let n = self.months() as usize + 1;
        let mut hi = 0.0f64;
        for t in 0..n {
            let stack: f64 = self
                .layers
                .iter()
                .filter_map(|l| l.values.get(t))
                .filter(|v| v.is_finite() && **v > 0.0)
                .sum();
            hi = hi.max(stack);
            if let Some(v) = self.overlay.as_ref().and_then(|o| o.values.get(t)) {
                if v.is_finite() {
                    hi = hi.max(*v);
                }
            }
        }
        hi
    }
}

/// The legend of `panels` (their layers are the same, bottom to top, then the
/// overlay). A layer with no positive value in any panel draws nothing, so it
/// is left out (the churn reasons of a market without rivals or a forced service);
/// the table and the CSV keep its column. If every layer is zero, all are listed.
fn legend(panels: &[StackChart], view: &View) -> Vec<(String, Swatch)> {
    let Some(data) = panels.first() else {
        return Vec::new();
    };
    let drawn = |i: usize| {
        panels.iter().any(|p| {
            p.layers
                .get(i)
                .is_some_and(|l| l.values.iter().any(|v| v.is_finite() && *v > 0.0))
        })
    };
    let any = (0..data.layers.len()).any(drawn);
    let mut legend: Vec<(String, Swatch)> = data
        .layers
        .iter()
        .enumerate()
        .filter(|(i, _)| !any || drawn(*i))
        .map(|(i, l)| (data.label(view, i), Swatch::Box(l.colour)))
        .collect();
    if let Some(o) = &data.overlay {
        legend.push((
            data.label(view, data.layers.len()),
            Swatch::Dashed(o.colour),
        ));
    }
    legend
}

/// Draws the stack: title and legend above, the plot below.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &StackChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let plot = frame::header(
        area,
        &view.title,
        &legend(std::slice::from_ref(data), view),
        base,
    )?;
    let geometry = draw_plot(&plot, data, view, base, data.top())?;
    area.present()?;
    Ok(geometry)
}

/// Rows of several panels: each panel's layers prefixed by its scenario's name (its
/// per-segment rows already carry it).
pub fn rows_of_panels(panels: &[StackChart], view: &View, month: u32) -> Vec<Row> {
    panels
        .iter()
        .flat_map(|p| {
            let name = view.panel_name(p.scenario);
            let layers = p.all_layers().count();
            p.rows_at(view, month)
                .into_iter()
                .enumerate()
                .map(move |(i, mut row)| {
                    if i < layers {
                        row.label = format!("{name}: {}", row.label);
                    }
                    row
                })
        })
        .collect()
}

/// CSV of several panels: month, then every panel's columns prefixed by its scenario.
pub fn csv_of_panels(panels: &[StackChart], view: &View) -> String {
    csv_of(panels, view, true)
}

/// Month, then the columns of each of `panels` (named after their scenario when
/// `named`), from the first month of any panel to the last.
fn csv_of(panels: &[StackChart], view: &View, named: bool) -> String {
    let mut out = frame::csv_field(&view.x_axis);
    for p in panels {
        let prefix = if named {
            format!("{}: ", view.panel_name(p.scenario))
        } else {
            String::new()
        };
        out.push_str(&p.csv_header_cells(view, &prefix));
    }
    out.push('\n');
    if panels
        .iter()
        .all(|p| p.layers.is_empty() && p.overlay.is_none())
    {
        return out;
    }
    let first = panels.iter().map(|p| p.first_month).min().unwrap_or(0);
    let last = panels.iter().map(|p| p.months()).max().unwrap_or(0);
    for t in first..=last.max(first) {
        out.push_str(&t.to_string());
        for p in panels {
            out.push_str(&p.csv_cells(t));
        }
        out.push('\n');
    }
    out
}

/// Several scenarios' stacks under one title and legend, side by side (one above the
/// other on a narrow canvas), on one y scale so that heights compare across panels.
pub fn draw_panels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panels: &[StackChart],
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    if panels.is_empty() {
        area.fill(&WHITE)?;
        return Ok(PlotGeometry::default());
    }
    let (w, _) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let plot = frame::header(area, &view.title, &legend(panels, view), base)?;
    let top = panels.iter().map(StackChart::top).fold(0.0, f64::max);
    let scenarios: Vec<usize> = panels.iter().map(|p| p.scenario).collect();
    let geometry = frame::in_panels(
        &plot,
        &scenarios,
        view,
        base,
        frame::MIN_PANEL_WIDTH,
        |i, cell| draw_plot(cell, &panels[i], view, base, top),
    )?;
    area.present()?;
    Ok(geometry)
}

/// The plot of one stack (axes, layers, overlay, cursor, notes) in `plot`, with its y
/// axis up to `top` (padded).
fn draw_plot<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    data: &StackChart,
    view: &View,
    base: f64,
    top: f64,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (pw, ph) = plot.dim_in_pixel();
    let first = data.first_month;
    let last = data.months().max(first);
    let (x0, x1) = match data.kind {
        StackKind::Bars => (f64::from(first) - 0.5, f64::from(last) + 0.5),
        StackKind::Areas => (f64::from(first), f64::from(last.max(first + 1))),
    };
    let (lo, hi) = frame::padded(0.0, top);
    let fmt = &view.format;
    let y_n = frame::y_tick_count(f64::from(ph), base, lo, hi);
    let step = frame::tick_step(lo, hi, y_n);
    let widest = fmt.tick(hi, step, data.quantity);
    let (y_title, x_area, y_area) =
        frame::y_axis(plot, &view.y_axis, &widest, f64::from(ph), base)?;
    let x_n = frame::tick_count(f64::from(pw.saturating_sub(y_area)), base * 3.2);
    let mut chart = ChartBuilder::on(plot)
        .margin_top(y_title.margin_top(base))
        .margin_right((base * 1.2) as u32)
        .margin_left((base * 0.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, lo..hi)?;
    let quantity = data.quantity;
    chart
        .configure_mesh()
        .disable_x_mesh()
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
    // Playback draws the months revealed so far; the axes above keep the whole horizon.
    let shown_last = view.reveal.map_or(last, |m| m.min(last));
    let months: Vec<u32> = if shown_last >= first {
        (first..=shown_last).collect()
    } else {
        Vec::new()
    };
    let value = |l: &Layer, t: u32| {
        l.values
            .get(t as usize)
            .copied()
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(0.0)
    };
    let mut bottom: Vec<f64> = vec![0.0; months.len()];
    // The tops of the layers (where one meets the next) and the overlay: what a note's
    // label should keep clear of, as it would a line.
    let mut edges: Vec<Vec<(f64, f64)>> = Vec::new();
    let edge = |top: &[f64]| -> Vec<(f64, f64)> {
        months
            .iter()
            .zip(top)
            .map(|(&t, v)| (f64::from(t), *v))
            .collect()
    };
    match data.kind {
        StackKind::Bars => {
            // Bars fill 80% of a month. Below 5 px a month that gap rounds to 0 or 1 px
            // from one bar to the next, unevenly (120 months on a laptop): there the
            // bars touch, so the months read as one even texture.
            let pitch = f64::from(plot.dim_in_pixel().0) / months.len().max(1) as f64;
            let half = if pitch < 5.0 { 0.5 } else { 0.4 };
            for l in &data.layers {
                let mut bars = Vec::with_capacity(months.len());
                for (i, &t) in months.iter().enumerate() {
                    let v = value(l, t);
                    if v > 0.0 {
                        let x = f64::from(t);
                        bars.push(Rectangle::new(
                            [(x - half, bottom[i]), (x + half, bottom[i] + v)],
                            l.colour.filled(),
                        ));
                    }
                    bottom[i] += v;
                }
                chart.draw_series(bars)?;
                edges.push(edge(&bottom));
            }
        }
        StackKind::Areas => {
            for l in &data.layers {
                let top: Vec<f64> = months
                    .iter()
                    .zip(&bottom)
                    .map(|(&t, b)| b + value(l, t))
                    .collect();
                let mut points: Vec<(f64, f64)> = months
                    .iter()
                    .zip(&top)
                    .map(|(&t, v)| (f64::from(t), *v))
                    .collect();
                points.extend(
                    months
                        .iter()
                        .zip(&bottom)
                        .rev()
                        .map(|(&t, v)| (f64::from(t), *v)),
                );
                chart.draw_series(std::iter::once(Polygon::new(points, l.colour.filled())))?;
                // A white seam between layers keeps neighbouring colours apart.
                chart.draw_series(LineSeries::new(
                    months.iter().zip(&top).map(|(&t, v)| (f64::from(t), *v)),
                    WHITE.stroke_width(1),
                ))?;
                edges.push(edge(&top));
                bottom = top;
            }
        }
    }
    if let Some(o) = &data.overlay {
        let points: Vec<(f64, f64)> = months
            .iter()
            .filter_map(|&t| Some((f64::from(t), *o.values.get(t as usize)?)))
            .collect();
        let width = (base / 6.0).round().clamp(2.0, 3.0) as u32;
        edges.push(points.clone());
        chart.draw_series(DashedLineSeries::new(
            points,
            (base * 0.6) as u32,
            (base * 0.4) as u32,
            o.colour.stroke_width(width),
        ))?;
    }
    if let Some(m) = view.cursor.filter(|m| (first..=last).contains(m)) {
        let x = f64::from(m);
        chart.draw_series(std::iter::once(PathElement::new(
            [(x, lo), (x, hi)],
            palette::INK.mix(0.8).stroke_width(1),
        )))?;
    }
    // A note about one scenario goes on that scenario's panel only.
    let notes: Vec<&frame::Note> = view
        .notes
        .iter()
        .filter(|n| n.scenario.is_none_or(|k| k == data.scenario))
        .collect();
    // Over bars, a rule starts at the top of its month's bar (drawn through it, the
    // dashes hid the bar they marked: the refusals' month, the end of the term).
    // (`months` runs from `first` a month at a time; `bottom` holds their totals.)
    let floor = |m: u32| match data.kind {
        StackKind::Bars => m
            .checked_sub(first)
            .and_then(|i| bottom.get(i as usize))
            .copied()
            .unwrap_or(lo),
        StackKind::Areas => lo,
    };
    frame::draw_notes(
        &mut chart,
        &notes,
        (first, last),
        (lo, hi),
        base,
        &edges,
        floor,
    )?;
    Ok(PlotGeometry::of(&chart, (x0, x1), Some((first, last))))
}
