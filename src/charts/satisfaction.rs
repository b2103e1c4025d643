//! Distribution of the focal firm's customers over satisfaction at a chosen month:
//! grouped bars, one per scenario in its colour, over ten equal bins of satisfaction in
//! points out of 100 (0 to 10, ..., 90 to 100). Bars are shares of the scenario's
//! customers (medians of the bin counts over their sum), so scenarios with different
//! sizes compare.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::colour;
use super::frame::{self, PlotGeometry, Quantity, Row, SegmentLines, Swatch, View};
use super::palette;
use crate::sim::{Comparison, SATISFACTION_BINS};

/// One scenario's histograms, by month.
#[derive(Clone, Debug, PartialEq)]
pub struct Histograms {
    pub scenario: usize,
    pub name: String,
    /// `[month][bin]`: median customers per bin.
    pub counts: Vec<Vec<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SatisfactionChart {
    /// The month drawn.
    pub month: u32,
    pub scenarios: Vec<Histograms>,
    /// Mean satisfaction per segment, listed in the read-out and CSV (not drawn).
    pub segments: SegmentLines,
}

impl SatisfactionChart {
    /// Histograms of firm 0 for every scenario, drawn at `month`.
    pub fn from_comparison(c: &Comparison, month: u32) -> Self {
        Self {
            month,
            scenarios: c
                .scenarios
                .iter()
                .enumerate()
                .map(|(k, s)| Histograms {
                    scenario: k,
                    name: s.name.clone(),
                    counts: (0..=s.months)
                        .map(|t| s.satisfaction_histogram(t, 0).to_vec())
                        .collect(),
                })
                .collect(),
            segments: SegmentLines::from_comparison(
                c,
                crate::sim::SegmentSeries::MeanSatisfaction,
                Quantity::Points,
                None,
            ),
        }
    }

    /// Shares per bin of scenario line `h` at `month` (all 0 if nobody is active).
    pub fn shares(h: &Histograms, month: u32) -> Vec<f64> {
        let counts = h
            .counts
            .get(month as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let total: f64 = counts.iter().filter(|v| v.is_finite()).sum();
        (0..SATISFACTION_BINS)
            .map(|b| match counts.get(b) {
                Some(v) if total > 0.0 && v.is_finite() => v / total,
                _ => 0.0,
            })
            .collect()
    }

    fn bin_label(view: &View, b: usize) -> String {
        let f = &view.format;
        format!(
            "{}–{}",
            f.number(b as f64 * 10.0, 0),
            f.number((b + 1) as f64 * 10.0, 0)
        )
    }

    /// Share of customers in every bin for every scenario at `month`, labelled
    /// "scenario bin".
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        self.scenarios
            .iter()
            .filter(|h| (month as usize) < h.counts.len())
            .flat_map(|h| {
                let name = view.scenario_name(h.scenario, &h.name);
                Self::shares(h, month)
                    .into_iter()
                    .enumerate()
                    .map(move |(b, v)| Row {
                        label: format!("{name} {}", Self::bin_label(view, b)),
                        value: v,
                        band: None,
                        quantity: Quantity::Share,
                    })
                    .collect::<Vec<_>>()
            })
            .chain(self.segments.rows_at(view, month))
            .collect()
    }

    /// CSV: month, then every scenario's share per bin in % (`.` decimals). The x axis
    /// is satisfaction, so the month column is headed by the view's first legend entry
    /// ("month" when there is none).
    pub fn csv(&self, view: &View) -> String {
        let mut out = frame::csv_field(&view.legend_entry(0, "month"));
        let plain = View {
            format: frame::NumberFormat::english(),
            ..view.clone()
        };
        for h in &self.scenarios {
            let name = view.scenario_name(h.scenario, &h.name);
            for b in 0..SATISFACTION_BINS {
                out.push(',');
                out.push_str(&frame::csv_header(
                    &format!("{name} {}", Self::bin_label(&plain, b)),
                    "%",
                ));
            }
        }
        out.push_str(&self.segments.csv_header(view, "0-100"));
        out.push('\n');
        let months = self
            .scenarios
            .iter()
            .map(|h| h.counts.len())
            .max()
            .unwrap_or(0);
        for t in 0..months as u32 {
            out.push_str(&t.to_string());
            for h in &self.scenarios {
                for v in Self::shares(h, t) {
                    out.push(',');
                    out.push_str(&frame::csv_number(v * 100.0));
                }
            }
            out.push_str(&self.segments.csv_cells(t as usize, 100.0));
            out.push('\n');
        }
        out
    }
}

/// Draws the grouped bars at `data.month`; the x axis is satisfaction, so the returned
/// geometry has no months (`x_value_at` gives satisfaction × 10).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &SatisfactionChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, _) = area.dim_in_pixel();
    let base = frame::base_size(w);
    let legend: Vec<(String, Swatch)> = data
        .scenarios
        .iter()
        .map(|h| {
            (
                view.scenario_name(h.scenario, &h.name),
                Swatch::Box(colour(h.scenario)),
            )
        })
        .collect();
    let plot = frame::header(area, &view.title, &legend, base)?;
    let (pw, ph) = plot.dim_in_pixel();
    let shares: Vec<Vec<f64>> = data
        .scenarios
        .iter()
        .map(|h| SatisfactionChart::shares(h, data.month))
        .collect();
    let top = shares.iter().flatten().copied().fold(0.0, f64::max);
    let (lo, hi) = frame::padded(0.0, top);
    let hi = hi.min(1.0).max(lo + 0.01);
    let fmt = &view.format;
    let y_n = frame::y_tick_count(f64::from(ph), base, lo, hi);
    let step = frame::tick_step(lo, hi, y_n);
    let widest = fmt.tick(hi, step, Quantity::Share);
    let (y_title, x_area, y_area) =
        frame::y_axis(&plot, &view.y_axis, &widest, f64::from(ph), base)?;
    let bins = SATISFACTION_BINS as f64;
    // Label every bin edge if there is room, else every other one.
    let x_n = if f64::from(pw.saturating_sub(y_area)) / bins > base * 2.4 {
        11
    } else {
        6
    };
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(y_title.margin_top(base))
        .margin_right((base * 1.2) as u32)
        .margin_left((base * 0.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..bins, lo..hi)?;
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
        .x_label_formatter(&|v| {
            if (v - v.round()).abs() < 1e-6 {
                fmt.number(v * 10.0, 0)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| fmt.tick(*v, step, Quantity::Share))
        .draw()?;
    let n = shares.len().max(1) as f64;
    let width = 0.84 / n;
    for (i, (h, s)) in data.scenarios.iter().zip(&shares).enumerate() {
        let c = colour(h.scenario);
        chart.draw_series(
            s.iter()
                .enumerate()
                .filter(|(_, v)| **v > 0.0)
                .map(|(b, v)| {
                    let x = b as f64 + 0.08 + i as f64 * width;
                    Rectangle::new([(x, 0.0), (x + width, *v)], c.filled())
                }),
        )?;
    }
    let geometry = PlotGeometry::of(&chart, (0.0, bins), None);
    area.present()?;
    Ok(geometry)
}
