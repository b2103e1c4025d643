//! Renders every workbench chart for real comparisons into /tmp/charts-review/*.svg, for
//! a person to look at (convert with `rsvg-convert`). Ignored by default:
//! `cargo test --test charts_review -- --ignored`.

use fideliza::charts::{
    NumberFormat, View, bands, churn, customers, difference, flows, money, satisfaction, stack,
    states, survival,
};
use fideliza::sim::{Comparison, Flow, Series, preset, run_many};
use plotters::prelude::*;

fn comparison(name: &str) -> Comparison {
    let mut scenarios = preset(name).expect("preset").scenarios;
    for s in &mut scenarios {
        s.customers = 5_000;
    }
    run_many(&scenarios, 1, 20, &mut |_| Flow::Continue).expect("runs")
}

fn view(title: &str, y: &str, legend: &[&str], spanish: bool) -> View {
    View {
        title: title.into(),
        x_axis: if spanish { "Mes" } else { "Month" }.into(),
        y_axis: y.into(),
        unit: String::new(),
        legend: legend.iter().map(|s| s.to_string()).collect(),
        scenarios: vec!["A".into(), "B".into()],
        format: if spanish {
            NumberFormat::spanish()
        } else {
            NumberFormat::english()
        },
        cursor: Some(14),
        reveal: None,
        notes: Vec::new(),
    }
}

fn save(
    name: &str,
    size: (u32, u32),
    draw: impl Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>),
) {
    let dir = std::path::Path::new("/tmp/charts-review");
    std::fs::create_dir_all(dir).expect("dir");
    let path = dir.join(format!("{name}-{}.svg", size.0));
    let area = SVGBackend::new(&path, size).into_drawing_area();
    draw(&area);
}

#[test]
#[ignore]
fn render_review_charts() {
    for (id, c) in [
        ("lock", comparison("lock-in-vs-free-exit")),
        ("proactive", comparison("reactive-vs-proactive")),
    ] {
        for size in [(1200, 600), (360, 300), (1920, 1080)] {
            let es = size.0 == 360;
            let v = view(
                "Starting customers still with us, by month (median and 5-95% band)",
                "Still customers (% of month 0)",
                &[],
                es,
            );
            save(&format!("{id}-1-survival"), size, |a| {
                bands::draw(a, &survival::from_comparison(&c), &v).unwrap();
            });
            let v = view("Active customers of our firm", "Active customers", &[], es);
            save(&format!("{id}-2a-active"), size, |a| {
                bands::draw(a, &customers::active_from_comparison(&c), &v).unwrap();
            });
            let v = view(
                "Market share of our firm",
                "Share of all active customers (%)",
                &[],
                es,
            );
            save(&format!("{id}-2b-share"), size, |a| {
                bands::draw(a, &customers::share_from_comparison(&c), &v).unwrap();
            });
            let v = view(
                "Why customers left, scenario B",
                "Customers leaving per month",
                &[
                    "Unhappy",
                    "End of term",
                    "Paid the penalty",
                    "Refused the forced service",
                    "Lured by a competitor",
                ],
                es,
            );
            save(&format!("{id}-3-churn"), size, |a| {
                stack::draw(a, &churn::from_comparison(&c, 1), &v).unwrap();
            });
            let v = view(
                "Customers by state, scenario B",
                "Customers",
                &["Satisfied", "At risk", "Captive", "Using the new service"],
                es,
            );
            save(&format!("{id}-4-states"), size, |a| {
                stack::draw(a, &states::from_comparison(&c, 1), &v).unwrap();
            });
            let mut v = view(
                "Satisfaction at month 24",
                "Share of customers (%)",
                &[],
                es,
            );
            v.x_axis = "Satisfaction (points out of 100)".into();
            save(&format!("{id}-5-satisfaction"), size, |a| {
                satisfaction::draw(
                    a,
                    &satisfaction::SatisfactionChart::from_comparison(&c, 24),
                    &v,
                )
                .unwrap();
            });
            let v = view(
                "Money to date, our firm",
                "",
                &["Revenue (€)", "Policy costs (€)", "Margin (€)"],
                es,
            );
            save(&format!("{id}-6-money"), size, |a| {
                money::draw(a, &money::MoneyChart::from_comparison(&c), &v).unwrap();
            });
            let mut v = view(
                "Customers moving between firms, scenario A (whole horizon)",
                "From",
                &[],
                es,
            );
            v.x_axis = "To".into();
            save(&format!("{id}-7-flows"), size, |a| {
                flows::draw(a, &flows::FlowChart::from_comparison(&c, 0), &v).unwrap();
            });
            let v = view(
                "B − A: cumulative margin (paired)",
                "Difference in margin to date (€)",
                &[],
                es,
            );
            save(&format!("{id}-8-difference"), size, |a| {
                let d = difference::from_comparison(
                    &c,
                    0,
                    1,
                    difference::Measure::Cumulative(Series::Margin, 0),
                );
                bands::draw(a, &d, &v).unwrap();
            });
        }
    }
}
