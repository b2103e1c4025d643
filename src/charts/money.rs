//! Cumulative revenue, policy costs and margin of the focal firm per scenario, as three
//! small panels sharing the scenario legend (side by side on a wide canvas, stacked on
//! a narrow one). Running totals are summed within each replication before the
//! percentiles are taken (`ScenarioBands::cumulative`).
//!
//! [`View::legend`] holds the three panel titles with units, in the order revenue,
//! policy costs, margin; [`View::y_axis`] is not used.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::{self, BandChart, BandLine};
use super::frame::{self, PlotGeometry, Quantity, Row, Swatch, View};
use crate::sim::{CUMULATED, Comparison};

/// Panels in [`CUMULATED`] order: revenue, policy costs, margin.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyChart {
    pub panels: Vec<BandChart>,
}

const FALLBACK: [&str; 3] = ["Revenue", "Policy costs", "Margin"];

impl MoneyChart {
    /// Cumulative money of firm 0 for every scenario of `c`.
    pub fn from_comparison(c: &Comparison) -> Self {
        let panels = CUMULATED
            .iter()
            .map(|&series| BandChart {
                quantity: Quantity::Money,
                lines: c
                    .scenarios
                    .iter()
                    .enumerate()
                    .filter_map(|(k, s)| {
                        Some(BandLine {
                            scenario: k,
                            name: s.name.clone(),
                            band: s.cumulative(series, 0)?.clone(),
                        })
                    })
                    .collect(),
                zero_line: true,
                minus: None,
            })
            .collect();
        Self { panels }
    }

    fn panel_title(view: &View, i: usize) -> String {
        view.legend_entry(i, FALLBACK.get(i).copied().unwrap_or(""))
    }

    /// Every panel's medians and bands at `month`, labelled "panel: scenario".
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        self.panels
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let title = Self::panel_title(view, i);
                p.rows_at(view, month).into_iter().map(move |mut r| {
                    r.label = format!("{title}: {}", r.label);
                    r
                })
            })
            .collect()
    }

    /// CSV: month, then p50/p5/p95 of every scenario for each panel in turn.
    pub fn csv(&self, view: &View) -> String {
        let mut out = frame::csv_field(&view.x_axis);
        for (i, p) in self.panels.iter().enumerate() {
            let title = Self::panel_title(view, i);
            for l in &p.lines {
                let name = view.scenario_name(l.scenario, &l.name);
                for q in ["p50", "p5", "p95"] {
                    out.push(',');
                    out.push_str(&frame::csv_header(
                        &format!("{title}: {name} {q}"),
                        &view.unit,
                    ));
                }
            }
        }
        out.push('\n');
        let months = self.panels.iter().map(BandChart::months).max().unwrap_or(0);
        if self.panels.iter().all(|p| p.lines.is_empty()) {
            return out;
        }
        for t in 0..=months as usize {
            out.push_str(&t.to_string());
            for p in &self.panels {
                for l in &p.lines {
                    for v in [&l.band.median, &l.band.p05, &l.band.p95] {
                        out.push(',');
                        out.push_str(&v.get(t).map(|v| frame::csv_number(*v)).unwrap_or_default());
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Draws the three panels (side by side when wide, stacked when narrow, the margin
/// panel alone when too short to stack); the returned geometry is the margin panel's
/// (stacked panels share their x pixels).
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
    let side_by_side = w >= 900 || w * 10 >= h * 25;
    let (_, ph) = plot.dim_in_pixel();
    // Too little height to stack three readable plots (a phone in landscape): show the
    // headline, the margin, alone.
    let only_margin = !side_by_side && f64::from(ph) / (n as f64) < base * 11.0;
    let cells = if side_by_side {
        plot.split_evenly((1, n))
    } else if only_margin {
        vec![plot.clone()]
    } else {
        plot.split_evenly((n, 1))
    };
    let skip = if only_margin { n - 1 } else { 0 };
    // Panel type a notch smaller: three plots share the space of one.
    let panel_base = (base * 0.9).max(11.0);
    let mut geometry = PlotGeometry::default();
    for (i, (cell, panel)) in cells
        .iter()
        .zip(data.panels.iter().skip(skip))
        .enumerate()
        .map(|(i, x)| (i + skip, x))
    {
        let title = MoneyChart::panel_title(view, i);
        let mut v = view.clone();
        if !side_by_side && !only_margin && i + 1 < n {
            // Stacked: month title only under the bottom panel.
            v.x_axis = String::new();
        }
        let (cell_title, body) = cell.split_vertically((panel_base * 1.6) as u32);
        cell_title.draw(&Text::new(
            title,
            ((panel_base * 0.6) as i32, (panel_base * 0.3) as i32),
            ("sans-serif", panel_base * 1.05)
                .into_font()
                .style(FontStyle::Bold)
                .color(&super::palette::INK),
        ))?;
        geometry = bands::draw_panel(&body, panel, &v, "", panel_base)?;
    }
    area.present()?;
    Ok(geometry)
}
