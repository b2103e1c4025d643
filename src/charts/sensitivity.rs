//! The charts of a sensitivity study: a tornado (which lever moves the outcome most), a
//! two-lever map, and a break-even (B − A along one lever, with its band).
//!
//! [`View::legend`](super::View::legend): tornado: the low end, the high end; break-even:
//! the median difference, the 5-95% band, the break-even.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::frame::{self, PlotGeometry, Quantity, Swatch, View};
use super::palette;

/// Tornado colours: the lever at the low end (blue), at the high end (vermillion).
const LOW: RGBColor = palette::SCENARIO[0];
const HIGH: RGBColor = RGBColor(213, 94, 0);

/// One lever's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub at_low: f64,
    pub at_high: f64,
}

/// Bars widest first, around the outcome as the scenario is.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoChart {
    pub base: f64,
    pub bars: Vec<Bar>,
    pub quantity: Quantity,
}

/// Where the tornado's bars landed: the plot's top and bottom pixels and how many
/// bars share them (bar i spans the i-th equal slice from the top).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BarGeometry {
    pub y_px: (i32, i32),
    pub bars: usize,
}

impl BarGeometry {
    /// The bar under pixel `y` (backend pixels), if any.
    pub fn bar_at(&self, y: i32) -> Option<usize> {
        let (top, bottom) = self.y_px;
        if self.bars == 0 || bottom <= top || y < top || y >= bottom {
            return None;
        }
        Some(((y - top) as usize * self.bars) / (bottom - top) as usize)
    }
}

/// Shortens a label to about `max_px` wide.
fn fit(label: &str, size: f64, max_px: f64) -> String {
    if frame::text_width(label, size) <= max_px {
        return label.to_string();
    }
    let keep = ((max_px / (size * 0.56)) as usize).saturating_sub(1).max(4);
    let mut s: String = label.chars().take(keep).collect();
    s.push('…');
    s
}

pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TornadoChart,
    view: &View,
) -> Result<BarGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let legend = vec![
        (view.legend_entry(0, "Low end"), Swatch::Box(LOW)),
        (view.legend_entry(1, "High end"), Swatch::Box(HIGH)),
    ];
    let plot = frame::header(area, &view.title, &legend, base)?;
    let n = chart.bars.len().max(1);
    let (lo, hi) = chart
        .bars
        .iter()
        .flat_map(|b| [b.at_low, b.at_high])
        .chain([chart.base])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (lo, hi) = frame::padded(lo, hi);
    let (lo, hi) = if lo >= 0.0 && chart.base > 0.0 {
        // Keep the base off the left edge: a tornado is read from its centre.
        (lo.min(chart.base - (hi - chart.base)), hi)
    } else {
        (lo, hi)
    };
    let (w, _) = plot.dim_in_pixel();
    let label_px = (f64::from(w) * 0.38).min(base * 22.0);
    let x_area = (base * 3.4).round() as u32;
    let mut c = ChartBuilder::on(&plot)
        .margin_top((base * 0.4) as u32)
        .margin_right((base * 1.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(label_px.ceil() as u32)
        .build_cartesian_2d(lo..hi, 0.0..n as f64)?;
    let fmt = &view.format;
    let step = frame::tick_step(lo, hi, 5);
    c.configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .axis_style(palette::INK)
        .x_labels(frame::tick_count(f64::from(w) - label_px, base * 6.0))
        .x_desc(&view.x_axis)
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(base))
        .x_label_formatter(&|v| fmt.tick(*v, step, chart.quantity))
        .draw()?;
    // Backend pixels of the plot, and the header's offset (labels are drawn on the
    // area below the header, in its own coordinates).
    let (xs, ys) = c.plotting_area().get_pixel_range();
    let (ox, oy) = {
        let (a, b) = (area.get_base_pixel(), plot.get_base_pixel());
        (b.0 - a.0, b.1 - a.1)
    };
    // Bar i from the top: y from n - i - 1 to n - i.
    for (i, bar) in chart.bars.iter().enumerate() {
        let y0 = (n - i - 1) as f64 + 0.18;
        let y1 = (n - i) as f64 - 0.18;
        for (end, colour) in [(bar.at_low, LOW), (bar.at_high, HIGH)] {
            if end != chart.base {
                c.draw_series(std::iter::once(Rectangle::new(
                    [(chart.base.min(end), y0), (chart.base.max(end), y1)],
                    colour.filled(),
                )))?;
            }
        }
        let label = fit(&bar.label, base, label_px - base);
        let y = ys.start - oy + ((i as f64 + 0.5) * f64::from(ys.end - ys.start) / n as f64) as i32;
        plot.draw(&Text::new(
            label,
            (xs.start - ox - (base * 0.5) as i32, y),
            frame::font(base).pos(Pos::new(HPos::Right, VPos::Center)),
        ))?;
    }
    // The outcome as the scenario is.
    c.draw_series(std::iter::once(PathElement::new(
        [(chart.base, 0.0), (chart.base, n as f64)],
        palette::INK.stroke_width(2),
    )))?;
    area.present()?;
    let (_, top) = area.get_base_pixel();
    Ok(BarGeometry {
        y_px: (ys.start - top, ys.end - top),
        bars: chart.bars.len(),
    })
}

/// The mean outcome over a grid of two levers' values.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatmapChart {
    /// Value labels along x and y (lever values as shown).
    pub xs: Vec<String>,
    pub ys: Vec<String>,
    /// `values[iy][ix]`.
    pub values: Vec<Vec<f64>>,
    pub quantity: Quantity,
}

/// Light to dark blue, readable under either text colour at its ends.
fn shade(f: f64) -> RGBColor {
    let f = f.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(mix(237, 8), mix(244, 48), mix(252, 107))
}

pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &HeatmapChart,
    view: &View,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let plot = frame::header(area, &view.title, &[], base)?;
    let (nx, ny) = (chart.xs.len().max(1), chart.ys.len().max(1));
    let widest = chart.ys.iter().map(|s| s.as_str()).max_by_key(|s| s.len());
    let (x_area, y_area) = frame::label_areas(widest.unwrap_or("0"), base, true);
    let mut c = ChartBuilder::on(&plot)
        .margin_top((base * 0.4) as u32)
        .margin_right((base * 1.2) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
    let xs = chart.xs.clone();
    let ys = chart.ys.clone();
    let at = |labels: &[String], v: f64| -> String {
        let i = v - 0.5;
        if (i - i.round()).abs() < 1e-6 && i >= 0.0 {
            labels.get(i.round() as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    c.configure_mesh()
        .disable_mesh()
        .axis_style(palette::INK)
        .x_labels(nx * 2 + 1)
        .y_labels(ny * 2 + 1)
        .x_desc(&view.x_axis)
        .y_desc(&view.y_axis)
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(base))
        .x_label_formatter(&|v| at(&xs, *v))
        .y_label_formatter(&|v| at(&ys, *v))
        .draw()?;
    let all = chart.values.iter().flatten().copied();
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let span = if hi > lo { hi - lo } else { 1.0 };
    for (iy, row) in chart.values.iter().enumerate() {
        for (ix, v) in row.iter().enumerate() {
            let f = (v - lo) / span;
            let (x0, y0) = (ix as f64, iy as f64);
            c.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                shade(f).filled(),
            )))?;
            c.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                WHITE.stroke_width(2),
            )))?;
            let ink = if f > 0.55 { WHITE } else { palette::INK };
            c.draw_series(std::iter::once(Text::new(
                view.format.value(*v, chart.quantity),
                (x0 + 0.5, y0 + 0.5),
                (FontFamily::SansSerif, base)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
    }
    area.present()?;
    Ok(())
}

/// B − A along a lever: median and 5-95% band at each value tried, and where the
/// median crosses zero.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEvenChart {
    pub xs: Vec<f64>,
    pub median: Vec<f64>,
    pub p05: Vec<f64>,
    pub p95: Vec<f64>,
    pub crossing: Option<f64>,
    pub quantity: Quantity,
    /// How the lever's values read on the axis ("5 %", "30 €").
    pub x_labels: Vec<String>,
    /// The crossing as it reads.
    pub crossing_label: Option<String>,
}

pub fn draw_break_even<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BreakEvenChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let colour = palette::SCENARIO[1];
    let legend = vec![
        (view.legend_entry(0, "Median B - A"), Swatch::Band(colour)),
        (
            view.legend_entry(2, "Break-even"),
            Swatch::Dashed(palette::INK),
        ),
    ];
    let plot = frame::header(area, &view.title, &legend, base)?;
    let (x0, x1) = (
        chart.xs.first().copied().unwrap_or(0.0),
        chart.xs.last().copied().unwrap_or(1.0),
    );
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { (x0, x0 + 1.0) };
    let (lo, hi) = chart
        .p05
        .iter()
        .chain(&chart.p95)
        .chain(&chart.median)
        .chain([&0.0])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let (lo, hi) = frame::padded(lo, hi);
    let step = frame::tick_step(lo, hi, 6);
    let widest = view.format.tick(lo, step, chart.quantity);
    let (x_area, y_area) = frame::label_areas(&widest, base, true);
    let (w, h) = plot.dim_in_pixel();
    // Room at the right for half the last value's label, centred on its tick.
    let last = chart
        .x_labels
        .last()
        .map_or(0.0, |l| frame::text_width(l, base));
    let mut c = ChartBuilder::on(&plot)
        .margin_top((base * 0.6) as u32)
        .margin_right((base * 1.6).max(last / 2.0 + base * 0.4) as u32)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, lo..hi)?;
    let fmt = &view.format;
    // X ticks at the values tried, labelled as the lever reads (drawn here: plotters
    // would put its own round numbers there). As many as fit.
    let every = (chart.xs.len() as f64 * base * 6.0 / f64::from(w.max(1)))
        .ceil()
        .max(1.0) as usize;
    c.configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .axis_style(palette::INK)
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(frame::tick_count(f64::from(h) * 0.7, base * 2.4))
        .x_desc(&view.x_axis)
        .y_desc(&view.y_axis)
        .label_style(frame::font(base))
        .axis_desc_style(frame::font(base))
        .y_label_formatter(&|v| fmt.tick(*v, step, chart.quantity))
        .draw()?;
    let (bx, by) = plot.get_base_pixel();
    for (i, (x, label)) in chart.xs.iter().zip(&chart.x_labels).enumerate() {
        let (px, py) = c.backend_coord(&(*x, lo));
        let (px, py) = (px - bx, py - by);
        plot.draw(&PathElement::new(
            [(px, py), (px, py + (base * 0.4) as i32)],
            palette::INK.stroke_width(1),
        ))?;
        if i % every == 0 {
            plot.draw(&Text::new(
                label.clone(),
                (px, py + (base * 0.6) as i32),
                frame::font(base).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    // Zero: where B and A are level.
    c.draw_series(std::iter::once(PathElement::new(
        [(x0, 0.0), (x1, 0.0)],
        palette::INK.stroke_width(1),
    )))?;
    let band: Vec<(f64, f64)> = chart
        .xs
        .iter()
        .zip(&chart.p95)
        .map(|(x, v)| (*x, *v))
        .chain(chart.xs.iter().zip(&chart.p05).rev().map(|(x, v)| (*x, *v)))
        .collect();
    c.draw_series(std::iter::once(Polygon::new(
        band,
        colour.mix(0.22).filled(),
    )))?;
    let width = (base / 6.0).round().clamp(2.0, 3.0) as u32;
    c.draw_series(LineSeries::new(
        chart.xs.iter().zip(&chart.median).map(|(x, v)| (*x, *v)),
        colour.stroke_width(width),
    ))?;
    c.draw_series(
        chart
            .xs
            .iter()
            .zip(&chart.median)
            .map(|(x, v)| Circle::new((*x, *v), (base * 0.25) as u32 + 2, colour.filled())),
    )?;
    if let Some(x) = chart.crossing {
        c.draw_series(DashedLineSeries::new(
            [(x, lo), (x, hi)],
            (base * 0.6) as u32,
            (base * 0.4) as u32,
            palette::INK.stroke_width(2),
        ))?;
        if let Some(text) = &chart.crossing_label {
            let (px, py) = c.backend_coord(&(x, hi));
            let (px, py) = (px - bx, py - by);
            let left = f64::from(px) > f64::from(w) * 0.6;
            plot.draw(&Text::new(
                text.clone(),
                (px + if left { -6 } else { 6 }, py + (base * 0.4) as i32),
                frame::font(base).pos(Pos::new(
                    if left { HPos::Right } else { HPos::Left },
                    VPos::Top,
                )),
            ))?;
        }
    }
    let geometry = PlotGeometry::of(&c, (x0, x1), None);
    area.present()?;
    Ok(geometry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg<F>(draw: F) -> String
    where
        F: FnOnce(&DrawingArea<SVGBackend, Shift>),
    {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (900, 500)).into_drawing_area();
            draw(&area);
        }
        out
    }

    #[test]
    fn the_tornado_draws_every_bar_label_and_maps_pixels_to_bars() {
        let chart = TornadoChart {
            base: 100.0,
            bars: vec![
                Bar {
                    label: "Price".into(),
                    at_low: 40.0,
                    at_high: 170.0,
                },
                Bar {
                    label: "Patience".into(),
                    at_low: 90.0,
                    at_high: 115.0,
                },
            ],
            quantity: Quantity::Money,
        };
        let mut geometry = BarGeometry::default();
        let out = svg(|a| {
            geometry = draw_tornado(a, &chart, &View::english("T", "Margin (€)", "")).unwrap();
        });
        assert!(out.contains("Price") && out.contains("Patience"));
        assert_eq!(geometry.bars, 2);
        let (top, bottom) = geometry.y_px;
        assert!(top < bottom && bottom <= 500, "{geometry:?}");
        assert_eq!(geometry.bar_at(top + 1), Some(0));
        assert_eq!(geometry.bar_at(bottom - 1), Some(1));
        assert_eq!(geometry.bar_at(bottom + 5), None);
    }

    #[test]
    fn the_break_even_marks_its_crossing_and_the_heatmap_every_cell() {
        let chart = BreakEvenChart {
            xs: vec![0.0, 10.0, 20.0],
            median: vec![50.0, 5.0, -40.0],
            p05: vec![30.0, -10.0, -60.0],
            p95: vec![70.0, 20.0, -20.0],
            crossing: Some(11.1),
            quantity: Quantity::Money,
            x_labels: vec!["0 €".into(), "10 €".into(), "20 €".into()],
            crossing_label: Some("Break-even: 11.1 €".into()),
        };
        let out = svg(|a| {
            draw_break_even(a, &chart, &View::english("B", "Cost", "B - A")).unwrap();
        });
        assert!(out.contains("Break-even: 11.1"), "the crossing is labelled");
        assert!(out.contains("10 €"));
        let map = HeatmapChart {
            xs: vec!["1".into(), "2".into()],
            ys: vec!["a".into(), "b".into()],
            values: vec![vec![1.0, 2.0], vec![3.0, 4.0]],
            quantity: Quantity::Number,
        };
        let out = svg(|a| draw_heatmap(a, &map, &View::english("H", "x", "y")).unwrap());
        for v in ["1.00", "2.00", "3.00", "4.00"] {
            assert!(out.contains(v), "cell {v}");
        }
    }
}
