//! The charts of a sensitivity study: a tornado (which lever moves the outcome most), a
//! two-lever map, and a break-even (a scenario minus its baseline along one lever, with
//! its band; the view's texts name the two letters).
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

/// Shortens a label to about `max_px` wide, keeping at least four characters.
fn fit(label: &str, size: f64, max_px: f64) -> String {
    frame::shorten_keeping(label, size, max_px, 4)
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

/// The unit every label ends with after its number ("€ per month" in "10.00 € per
/// month", "%" in "40 %"), and the labels without it; `None` when they share none.
fn shared_unit(labels: &[String]) -> Option<(String, Vec<String>)> {
    let (first, rest) = labels.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let shared = rest.iter().fold(first.chars().count(), |n, l| {
        let same = first.chars().rev().zip(l.chars().rev());
        n.min(same.take_while(|(a, b)| a == b).count())
    });
    let suffix: String = first.chars().skip(first.chars().count() - shared).collect();
    // The numbers' own digits, signs and separators stay with the numbers.
    let unit = suffix.trim_start_matches(|c: char| c.is_ascii_digit() || " .,+-−".contains(c));
    if unit.trim().is_empty() {
        return None;
    }
    let numbers = labels
        .iter()
        .map(|l| l.strip_suffix(unit).map(|n| n.trim_end().to_string()))
        .collect::<Option<Vec<String>>>()?;
    if numbers.iter().any(|n| n.is_empty()) {
        return None;
    }
    Some((unit.trim().to_string(), numbers))
}

/// An axis title with the unit taken off its labels: "Our price (€ per month)".
fn titled(title: &str, unit: &str) -> String {
    if title.is_empty() {
        unit.to_string()
    } else {
        format!("{title} ({unit})")
    }
}

pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &HeatmapChart,
    view: &View,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let plot = frame::header(area, &view.title, &[], base)?;
    let (w, _) = plot.dim_in_pixel();
    let (nx, ny) = (chart.xs.len().max(1), chart.ys.len().max(1));
    let (margin_top, margin_right) = ((base * 0.4) as u32, (base * 1.2) as u32);
    let gap = base * 0.8;
    // Each column's width once the y labels (and the rotated y title) take their area.
    let layout = |ys: &[String]| {
        let widest_y = ys
            .iter()
            .max_by(|a, b| frame::text_width(a, base).total_cmp(&frame::text_width(b, base)));
        let (x_area, y_area) = frame::label_areas(widest_y.map_or("0", |s| s), base, true);
        let cell_w = (f64::from(w) - f64::from(y_area + margin_right)).max(1.0) / nx as f64;
        (x_area, y_area, cell_w)
    };
    let (mut xs, mut ys) = (chart.xs.clone(), chart.ys.clone());
    let (mut x_title, mut y_title) = (view.x_axis.clone(), view.y_axis.clone());
    let (_, y_area, cell_w) = layout(&ys);
    // On a narrow canvas "0 % de los ingresos" crowds its column and "60,00 € al mes"
    // eats the width the cells need: the unit the labels share goes once into the
    // axis title instead. A wide canvas keeps the labels whole.
    if frame::widest(&xs, base) + gap > cell_w || f64::from(y_area) > f64::from(w) * 0.3 {
        if let Some((unit, numbers)) = shared_unit(&xs) {
            (x_title, xs) = (titled(&x_title, &unit), numbers);
        }
        if let Some((unit, numbers)) = shared_unit(&ys) {
            (y_title, ys) = (titled(&y_title, &unit), numbers);
        }
    }
    let (x_area, y_area, cell_w) = layout(&ys);
    // Labels still too wide for a column: every second (third...) one, from the first.
    let every = ((frame::widest(&xs, base) + gap) / cell_w.max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (i, label) in xs.iter_mut().enumerate() {
        if i % every != 0 {
            label.clear();
        }
    }
    let mut c = ChartBuilder::on(&plot)
        .margin_top(margin_top)
        .margin_right(margin_right)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)?;
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
        .x_desc(&x_title)
        .y_desc(&y_title)
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
    // The values in the cells: whole when they fit, else shortened ("14.0 M €") and
    // down to a 10 px type; a cell too small even for that is left to its colour (the
    // sentence under the chart names the highest and the lowest).
    let (xs_px, ys_px) = c.plotting_area().get_pixel_range();
    let cell_w = f64::from(xs_px.end - xs_px.start) / nx as f64;
    let cell_h = f64::from(ys_px.end - ys_px.start) / ny as f64;
    let largest = lo.abs().max(hi.abs());
    let texts = |short: bool| -> Vec<Vec<String>> {
        let f = &view.format;
        let one = |v: f64| {
            if short {
                f.compact(v, largest, chart.quantity)
            } else {
                f.value(v, chart.quantity)
            }
        };
        chart
            .values
            .iter()
            .map(|r| r.iter().map(|v| one(*v)).collect())
            .collect()
    };
    let fits = |t: &[Vec<String>], size: f64| {
        let wide = frame::widest(t.iter().flatten(), size);
        wide + size * 0.6 <= cell_w && size * 1.4 <= cell_h
    };
    let small = base.min(10.0f64.max(base * 0.8));
    let (whole, short) = (texts(false), texts(true));
    let cells = [(&whole, base), (&short, base), (&short, small)]
        .into_iter()
        .find(|(t, size)| fits(t, *size));
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
            let Some((texts, size)) = cells else {
                continue;
            };
            let ink = if f > 0.55 { WHITE } else { palette::INK };
            c.draw_series(std::iter::once(Text::new(
                texts[iy][ix].clone(),
                (x0 + 0.5, y0 + 0.5),
                (FontFamily::SansSerif, size)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
    }
    area.present()?;
    Ok(())
}

/// Scenario − baseline along a lever: median and 5-95% band at each value tried, and
/// where the median crosses zero. The letters are the view's to say.
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

/// The break-even's y title as it fits along `room` px of axis. Plotters centres the
/// rotated title on the plot's height and draws it whole, so a longer one runs up
/// into the legend above the plot (and down into the x title): "A − B: cuota de
/// mercado al final del horizonte" keeps only "A − B" on a short axis (the chart's
/// title names the outcome), and anything still too long is cut with an ellipsis.
fn y_title(title: &str, room: f64, base: f64) -> String {
    // A little slack: the width estimate is approximate and the ends need air.
    let room = room - base * 2.0;
    if frame::text_width(title, base) <= room {
        return title.to_string();
    }
    let head = title
        .split_once(':')
        .map_or(title, |(head, _)| head.trim_end());
    fit(head, base, room.max(base * 4.0))
}

pub fn draw_break_even<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BreakEvenChart,
    view: &View,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
    let base = frame::base_size(area.dim_in_pixel().0);
    let colour = palette::SCENARIO[1];
    let legend = vec![
        (
            view.legend_entry(0, "Median difference"),
            Swatch::Band(colour),
        ),
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
    let margin_top = (base * 0.6) as u32;
    let y_title = y_title(
        &view.y_axis,
        f64::from(h) - f64::from(margin_top + x_area),
        base,
    );
    let mut c = ChartBuilder::on(&plot)
        .margin_top(margin_top)
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
        .y_desc(&y_title)
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
    // Zero: where the two scenarios are level.
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

    /// A text of an SVG drawing and its box, estimated from its anchor, size and
    /// length (0.6 em a character: DejaVu Sans digits are 0.64 em, letters less).
    #[derive(Debug)]
    struct Drawn {
        text: String,
        x: (f64, f64),
        y: (f64, f64),
    }

    fn attr(tag: &str, name: &str) -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    }

    /// The horizontal texts of `svg` (the rotated y title is left out).
    fn drawn(svg: &str) -> Vec<Drawn> {
        svg.split("<text")
            .skip(1)
            .filter_map(|part| {
                let (tag, rest) = part.split_once('>')?;
                let text = rest.split("</text>").next()?.trim().to_string();
                if attr(tag, "transform").is_some() || text.trim().is_empty() {
                    return None;
                }
                let num = |name| attr(tag, name).and_then(|v| v.parse::<f64>().ok());
                // The SVG backend writes plotters' size / 1.24; a canvas uses it whole.
                let size = num("font-size")? * 1.24;
                let (x, y) = (num("x")?, num("y")?);
                let w = text.chars().count() as f64 * size * 0.6;
                let x0 = match attr(tag, "text-anchor").as_deref() {
                    Some("middle") => x - w / 2.0,
                    Some("end") => x - w,
                    _ => x,
                };
                let y0 = match attr(tag, "dy").as_deref() {
                    Some("0.76em") => y,
                    Some("-0.5ex") => y - size,
                    _ => y - size / 2.0,
                };
                Some(Drawn {
                    text,
                    x: (x0, x0 + w),
                    y: (y0, y0 + size),
                })
            })
            .collect()
    }

    fn price_by_margin(english: bool) -> (HeatmapChart, View) {
        let labels =
            |xs: &[f64], text: &dyn Fn(f64) -> String| xs.iter().map(|x| text(*x)).collect();
        let xs = labels(&[0.0, 25.0, 50.0, 75.0, 100.0], &|v| {
            if english {
                format!("{v}% of revenue")
            } else {
                format!("{v} % de los ingresos")
            }
        });
        let ys = labels(&[10.0, 22.5, 35.0, 47.5, 60.0], &|v| {
            if english {
                format!("{v:.2} € per month")
            } else {
                format!("{v:.2} € al mes").replace('.', ",")
            }
        });
        let values = vec![
            vec![-753_059.0, 161_461.0, 1_075_981.0, 1_990_500.0, 2_905_020.0],
            vec![
                -661_616.0,
                1_211_563.0,
                3_084_742.0,
                4_957_922.0,
                6_831_101.0,
            ],
            vec![
                -483_592.0,
                2_031_961.0,
                4_547_514.0,
                7_063_067.0,
                9_578_619.0,
            ],
            vec![
                -332_095.0,
                2_679_124.0,
                5_690_343.0,
                8_701_562.0,
                11_712_780.0,
            ],
            vec![
                -266_407.0,
                3_311_117.0,
                6_888_640.0,
                10_466_164.0,
                14_043_688.0,
            ],
        ];
        let chart = HeatmapChart {
            xs,
            ys,
            values,
            quantity: Quantity::Money,
        };
        let mut view = View::english(
            "Two levers: cumulative margin at the horizon",
            "Gross margin",
            "Our price",
        );
        if !english {
            view.format = crate::charts::NumberFormat::spanish();
            view.x_axis = "Margen bruto".into();
            view.y_axis = "Nuestro precio".into();
        }
        (chart, view)
    }

    fn draw_map(size: (u32, u32), chart: &HeatmapChart, view: &View) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
            draw_heatmap(&area, chart, view).unwrap();
        }
        out
    }

    /// The texts of `svg`, `width` px wide, after checking that none overprints
    /// another or leaves the canvas.
    fn legible(svg: &str, width: f64, title: &str) -> Vec<String> {
        let texts = drawn(svg);
        for (i, a) in texts.iter().enumerate() {
            // The title is wrapped by `frame::header` on its own estimate.
            let heading = title.contains(&a.text);
            assert!(
                heading || (a.x.0 >= 0.0 && a.x.1 <= width),
                "{a:?} leaves the canvas"
            );
            for b in &texts[i + 1..] {
                let apart = a.x.1 <= b.x.0 || b.x.1 <= a.x.0 || a.y.1 <= b.y.0 || b.y.1 <= a.y.0;
                assert!(apart, "{a:?} overprints {b:?}");
            }
        }
        texts.into_iter().map(|t| t.text).collect()
    }

    /// On a phone (a 350 px canvas) the map's texts neither overprint one another nor
    /// leave the canvas: the lever values give their shared unit to the axis titles and
    /// the cells read shortened amounts. A desktop canvas keeps the amounts whole, and
    /// the lever values too when they fit their columns.
    #[test]
    fn the_heatmap_reads_on_a_phone_and_stays_whole_on_a_desktop() {
        for (english, cell, unit) in [
            (true, "€14.0 M", "Gross margin (% of revenue)"),
            (false, "14,0 M €", "Margen bruto (% de los ingresos)"),
        ] {
            let (chart, view) = price_by_margin(english);
            let said = legible(&draw_map((350, 420), &chart, &view), 350.0, &view.title);
            for t in [cell, unit, "100", "0"] {
                assert!(said.iter().any(|s| s == t), "{t:?} is not in {said:?}");
            }
            let said = legible(&draw_map((930, 520), &chart, &view), 930.0, &view.title);
            let whole = if english {
                "€14,043,688"
            } else {
                "14.043.688 €"
            };
            assert!(said.iter().any(|s| s == whole), "{said:?}");
        }
        // Short lever values stay as they are.
        let (mut chart, mut view) = price_by_margin(false);
        chart.xs = ["12", "18", "24", "30", "36"]
            .map(|m| format!("{m} meses"))
            .into();
        chart.ys = ["0", "10", "20", "30", "40"]
            .map(|p| format!("{p} %"))
            .into();
        view.x_axis = "Duración de la permanencia".into();
        let said = legible(&draw_map((930, 520), &chart, &view), 930.0, &view.title);
        for t in [
            "36 meses",
            "40 %",
            "Duración de la permanencia",
            "-753.059 €",
        ] {
            assert!(said.iter().any(|s| s == t), "{t:?} is not in {said:?}");
        }
    }

    #[test]
    fn labels_give_up_the_unit_they_share_and_cells_shorten_on_one_scale() {
        let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            shared_unit(&owned(&[
                "10.00 € per month",
                "22.50 € per month",
                "60.00 € per month"
            ])),
            Some(("€ per month".into(), owned(&["10.00", "22.50", "60.00"])))
        );
        assert_eq!(
            shared_unit(&owned(&["5 %", "15 %", "40 %"])),
            Some(("%".into(), owned(&["5", "15", "40"])))
        );
        assert_eq!(
            shared_unit(&owned(&["0% of revenue", "100% of revenue"])),
            Some(("% of revenue".into(), owned(&["0", "100"])))
        );
        // Nothing shared, or a single label: left alone.
        assert_eq!(shared_unit(&owned(&["1 month", "2 months"])), None);
        assert_eq!(shared_unit(&owned(&["12 meses"])), None);
        assert_eq!(shared_unit(&owned(&["10", "20"])), None);

        let en = crate::charts::NumberFormat::english();
        let es = crate::charts::NumberFormat::spanish();
        assert_eq!(
            en.compact(14_043_688.0, 14_043_688.0, Quantity::Money),
            "€14.0 M"
        );
        assert_eq!(
            en.compact(-266_407.0, 14_043_688.0, Quantity::Money),
            "-€0.3 M"
        );
        assert_eq!(
            es.compact(3_786_598.0, 3_786_598.0, Quantity::Money),
            "3,79 M €"
        );
        assert_eq!(
            es.compact(-753_059.0, 753_059.0, Quantity::Money),
            "-753 k €"
        );
        assert_eq!(
            en.compact(12_345.0, 99_000.0, Quantity::Customers),
            "12.3 k"
        );
        assert_eq!(en.compact(950.0, 990.0, Quantity::Money), "€950");
        assert_eq!(en.compact(0.123, 0.5, Quantity::Share), "12.3%");
    }

    /// The rotated y title of `svg` and its box (plotters turns it a quarter left about
    /// its anchor, centred there, the glyphs to the right of it).
    fn y_title_of(svg: &str) -> Drawn {
        let part = svg
            .split("<text")
            .find(|p| p.contains("rotate(270"))
            .expect("a rotated y title");
        let (tag, rest) = part.split_once('>').unwrap();
        let text = rest.split("</text>").next().unwrap().trim().to_string();
        let num = |name| attr(tag, name).and_then(|v| v.parse::<f64>().ok()).unwrap();
        let size = num("font-size") * 1.24;
        let (x, y) = (num("x"), num("y"));
        let long = text.chars().count() as f64 * size * 0.6;
        Drawn {
            text,
            x: (x, x + size),
            y: (y - long / 2.0, y + long / 2.0),
        }
    }

    /// At the sizes the break-even is drawn (a phone, a laptop's column, a 1366 px
    /// window's), the y title stays within the plot's height: it neither runs up into
    /// the legend and its swatches nor overprints any other text, in either language.
    #[test]
    fn the_break_even_y_title_keeps_clear_of_the_legend() {
        let chart = |english: bool| BreakEvenChart {
            xs: vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
            median: vec![-4e5, -3.5e5, -2e5, -1e5, 1e4, 1e5, 2e5, 3e5, 3.5e5],
            p05: vec![-5e5, -4.5e5, -3e5, -2e5, -1e5, 0.0, 1e5, 2e5, 2.5e5],
            p95: vec![-3e5, -2.5e5, -1e5, 0.0, 1e5, 2e5, 3e5, 4e5, 4.5e5],
            crossing: Some(0.49),
            quantity: Quantity::Money,
            x_labels: (1..10)
                .map(|i| {
                    if english {
                        format!("{}0%", i)
                    } else {
                        format!("{}0 %", i)
                    }
                })
                .collect(),
            crossing_label: Some(
                if english {
                    "Break-even: 49%"
                } else {
                    "Equilibrio: 49 %"
                }
                .into(),
            ),
        };
        let views = [
            {
                let mut v = View::english(
                    "A − B along \"Share of customers on a lock-in\" (market share at the horizon)",
                    "Share of customers on a lock-in",
                    "A − B: market share at the horizon",
                );
                v.legend = vec![
                    "Median A − B and 5-95% band".into(),
                    String::new(),
                    "Break-even".into(),
                ];
                (true, v)
            },
            {
                let mut v = View::english(
                    "A − B según «Proporción de clientes con permanencia» (cuota de mercado al final del horizonte)",
                    "Proporción de clientes con permanencia",
                    "A − B: cuota de mercado al final del horizonte",
                );
                v.format = crate::charts::NumberFormat::spanish();
                v.legend = vec![
                    "Mediana de A − B y banda del 5-95 %".into(),
                    String::new(),
                    "Punto de equilibrio".into(),
                ];
                (false, v)
            },
        ];
        for (english, view) in &views {
            let chart = chart(*english);
            for (w, h) in [(350, 320), (930, 468), (1300, 400), (1300, 560)] {
                let mut out = String::new();
                {
                    let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
                    draw_break_even(&area, &chart, view).unwrap();
                }
                let texts = drawn(&out);
                let title = y_title_of(&out);
                assert!(title.text.starts_with("A − B"), "{title:?}");
                let legend_bottom = texts
                    .iter()
                    .filter(|t| view.legend.contains(&t.text))
                    .map(|t| t.y.1)
                    .fold(0.0, f64::max);
                assert!(legend_bottom > 0.0, "the legend is drawn");
                assert!(
                    title.y.0 >= legend_bottom,
                    "{w}×{h}: {title:?} runs up into the legend (down to {legend_bottom})"
                );
                assert!(title.y.1 <= f64::from(h), "{w}×{h}: {title:?}");
                for t in &texts {
                    let apart = title.x.1 <= t.x.0
                        || t.x.1 <= title.x.0
                        || title.y.1 <= t.y.0
                        || t.y.1 <= title.y.0;
                    assert!(apart, "{w}×{h}: {title:?} overprints {t:?}");
                }
            }
        }
        // Where there is room, the title is whole.
        assert_eq!(
            y_title("A − B: market share at the horizon", 600.0, 18.0),
            "A − B: market share at the horizon"
        );
        assert_eq!(
            y_title("A − B: market share at the horizon", 300.0, 18.0),
            "A − B"
        );
    }
}
