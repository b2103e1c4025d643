//! A cohort table against the shifted-beta-geometric fit: the data as dots, the fitted
//! survival and its projection past the data as a line (dashed beyond the last
//! observed period), one colour per column.
//!
//! [`View::legend`](super::View::legend): the columns' names.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bands::colour;
use super::frame::{self, PlotGeometry, Swatch, View};
use super::palette;

/// Data and fitted survival of each column, as shares of the starting cohort.
#[derive(Clone, Debug, PartialEq)]
pub struct FitChart {
    /// Observed survival by period (period 0 first).
    pub data: Vec<Vec<f64>>,
    /// Fitted survival, `steps` values per period (months in a quarter or a year: the
    /// model's line bends between the data's periods, where joining period points
    /// drew it in straight pieces), as far as the projection goes.
    pub fitted: Vec<Vec<f64>>,
    /// Values of `fitted` per period (at least 1).
    pub steps: u32,
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &FitChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let legend: Vec<(String, Swatch)> = (0..chart.data.len())
        .map(|k| {
            (
                view.legend_entry(k, &frame::letter(k)),
                Swatch::Band(colour(k)),
            )
        })
        .collect();
    let plot = frame::header(area, &view.title, &legend, base)?;
    let steps = chart.steps.max(1) as usize;
    let periods = chart
        .fitted
        .iter()
        .map(|c| c.len().saturating_sub(1).div_ceil(steps))
        .chain(chart.data.iter().map(|c| c.len().saturating_sub(1)))
        .max()
        .unwrap_or(1)
        .max(1);
    let x_max = periods as f64;
    // Room for the widest tick as it is written ("100 %" in Spanish), so the axis
    // title does not touch it. Whole percents: with at most about ten ticks over
    // 0-100 %, each is a whole percent ("50,0 %" said nothing more).
    let widest_tick = view.format.percent(1.0, 0);
    let (x_area, y_area) = frame::label_areas(&widest_tick, base, true);
    let (w, h) = plot.dim_in_pixel();
    let mut c = ChartBuilder::on(&plot)
        .margin_top((base * 0.6) as u32)
        .margin_right((base * 1.2) as u32)
        .margin_left((base * 0.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..x_max, 0.0..1.0)?;
    let fmt = &view.format;
    c.configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .axis_style(palette::INK)
        .x_labels(frame::tick_count(
            f64::from(w.saturating_sub(y_area)),
            base * 3.2,
        ))
        .y_labels(frame::tick_count(f64::from(h) * 0.7, base * 2.4))
        .x_desc(&view.x_axis)
        .y_desc(&view.y_axis)
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(base))
        .x_label_formatter(&|v| frame::month_tick(*v))
        .y_label_formatter(&|v| fmt.percent(*v, 0))
        .draw()?;
    let width = (base / 6.0).round().clamp(2.0, 3.0) as u32;
    for (k, (data, fitted)) in chart.data.iter().zip(&chart.fitted).enumerate() {
        let col = colour(k);
        let observed = data.len().saturating_sub(1) * steps;
        let line = |from: usize, to: usize| -> Vec<(f64, f64)> {
            fitted
                .iter()
                .enumerate()
                .skip(from)
                .take(to.saturating_sub(from) + 1)
                .map(|(t, v)| (t as f64 / steps as f64, *v))
                .collect()
        };
        c.draw_series(LineSeries::new(line(0, observed), col.stroke_width(width)))?;
        c.draw_series(DashedLineSeries::new(
            line(observed, fitted.len()),
            (base * 0.6) as u32,
            (base * 0.4) as u32,
            col.stroke_width(width),
        ))?;
        c.draw_series(
            data.iter()
                .enumerate()
                .map(|(t, v)| Circle::new((t as f64, *v), (base * 0.3) as u32 + 2, col.filled())),
        )?;
    }
    let geometry = PlotGeometry::of(&c, (0.0, x_max), Some((0, periods as u32)));
    area.present()?;
    Ok(geometry)
}
