//! Retention of a starting cohort: share still active by month.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette;

/// Texts of the chart, already in the reader's language.
#[derive(Clone, Debug, PartialEq)]
pub struct Labels {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    pub simulated: String,
    pub closed_form: String,
}

/// Draws the simulated retention curve and, dashed, the closed-form curve it should
/// follow. Both are shares in [0, 1] at months 0, 1, 2, ...
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    simulated: &[f64],
    closed_form: &[f64],
    labels: &Labels,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let months = simulated
        .len()
        .max(closed_form.len())
        .saturating_sub(1)
        .max(1) as f64;
    let (width, _) = area.dim_in_pixel();
    // Type sizes track the canvas width so a projector and a phone both read well.
    let base = (f64::from(width) / 45.0).clamp(12.0, 18.0);
    let mut chart = ChartBuilder::on(area)
        .caption(
            &labels.title,
            ("sans-serif", base * 1.3).into_font().color(&palette::INK),
        )
        .margin(base * 0.8)
        .x_label_area_size(base * 3.0)
        .y_label_area_size(base * 4.6)
        .build_cartesian_2d(0.0..months, 0.0..100.0)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette::GRID)
        .x_labels(10)
        .y_labels(6)
        .axis_style(palette::INK)
        .x_desc(&labels.x_axis)
        .y_desc(&labels.y_axis)
        .label_style(("sans-serif", base).into_font().color(&palette::INK))
        .axis_desc_style(("sans-serif", base).into_font().color(&palette::INK))
        .x_label_formatter(&|m| format!("{m:.0}"))
        .y_label_formatter(&|p| format!("{p:.0}%"))
        .draw()?;
    let percent = |curve: &[f64]| -> Vec<(f64, f64)> {
        curve
            .iter()
            .enumerate()
            .map(|(t, s)| (t as f64, s * 100.0))
            .collect()
    };
    let main = palette::SCENARIO[0].stroke_width(3);
    chart
        .draw_series(LineSeries::new(percent(simulated), main))?
        .label(&labels.simulated)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], main));
    let reference = palette::REFERENCE.stroke_width(2);
    chart
        .draw_series(DashedLineSeries::new(percent(closed_form), 6, 4, reference))?
        .label(&labels.closed_form)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], reference));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(palette::GRID)
        .label_font(("sans-serif", base).into_font().color(&palette::INK))
        .draw()?;
    area.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels {
            title: "Retention".into(),
            x_axis: "Month".into(),
            y_axis: "Still a customer".into(),
            simulated: "Simulated".into(),
            closed_form: "sBG closed form".into(),
        }
    }

    fn svg(simulated: &[f64], exact: &[f64]) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (800, 450)).into_drawing_area();
            draw(&area, simulated, exact, &labels()).expect("chart draws");
        }
        out
    }

    #[test]
    fn draws_title_legend_and_both_curves() {
        let out = svg(&[1.0, 0.8, 0.7, 0.65], &[1.0, 0.79, 0.69, 0.64]);
        for text in [
            "Retention",
            "Month",
            "Still a customer",
            "Simulated",
            "sBG closed form",
        ] {
            assert!(out.contains(text), "missing {text:?}");
        }
        // One solid polyline for the simulated curve, dashes for the closed form.
        assert!(out.matches("<polyline").count() >= 2);
    }

    #[test]
    fn different_data_draws_a_different_picture() {
        let a = svg(&[1.0, 0.8, 0.7], &[1.0, 0.8, 0.7]);
        let b = svg(&[1.0, 0.5, 0.3], &[1.0, 0.8, 0.7]);
        assert_ne!(a, b);
    }
}
