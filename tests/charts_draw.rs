//! Every workbench chart draws into SVG at desktop and phone sizes, shows its texts,
//! maps pixels to months, exports rows and CSV, and survives extreme data.

use fideliza::charts::bands::{self, BandChart, BandLine};
use fideliza::charts::stack::{self, Layer, StackChart, StackKind};
use fideliza::charts::{
    NumberFormat, PlotGeometry, Quantity, SegmentLines, View, churn, customers, difference, flows,
    money, satisfaction, states, survival,
};
use fideliza::sim::{Band, Comparison, Flow, Series, preset, run_many};
use plotters::prelude::*;
use std::sync::OnceLock;

fn comparison() -> &'static Comparison {
    static C: OnceLock<Comparison> = OnceLock::new();
    C.get_or_init(|| {
        let mut scenarios = preset("lock-in-vs-free-exit").expect("preset").scenarios;
        for s in &mut scenarios {
            s.customers = 1_000;
            s.horizon_months = 30;
        }
        run_many(&scenarios, 3, 3, &mut |_| Flow::Continue).expect("runs")
    })
}

fn view(legend: &[&str]) -> View {
    View {
        title: "Chart title".into(),
        x_axis: "Month axis".into(),
        y_axis: "Value axis (unit)".into(),
        unit: "u".into(),
        legend: legend.iter().map(|s| s.to_string()).collect(),
        scenarios: vec!["Scenario one".into(), "Scenario two".into()],
        format: NumberFormat::english(),
        cursor: Some(3),
        reveal: None,
        notes: Vec::new(),
    }
}

/// Draws with `draw` at `size`, returns the SVG and the geometry.
fn svg<F>(size: (u32, u32), draw: F) -> (String, PlotGeometry)
where
    F: Fn(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> PlotGeometry,
{
    let mut out = String::new();
    let g;
    {
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        g = draw(&area);
    }
    (out, g)
}

/// The number in attribute `name` of an SVG element's opening tag.
fn svg_number(tag: &str, name: &str) -> f64 {
    let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
    tag[at..].split('"').next().unwrap().parse().unwrap()
}

fn contains_all(out: &str, texts: &[&str]) {
    for t in texts {
        assert!(out.contains(t), "missing {t:?}");
    }
}

fn check_month_edges(g: &PlotGeometry) {
    let (first, last) = g.months.expect("months on x");
    assert_eq!(g.month_at(g.x_px.0), Some(first));
    assert_eq!(g.month_at(g.x_px.1), Some(last));
    assert_eq!(g.month_at(g.x_px.0 - 1), None);
    assert_eq!(g.month_at(g.x_px.1 + 1), None);
}

fn band_cases() -> Vec<(&'static str, BandChart)> {
    let c = comparison();
    vec![
        ("survival", survival::from_comparison(c)),
        ("active", customers::active_from_comparison(c)),
        ("share", customers::share_from_comparison(c)),
        (
            "difference",
            difference::from_comparison(
                c,
                0,
                1,
                difference::Measure::Cumulative(Series::Margin, 0),
            ),
        ),
        (
            "difference-series",
            difference::from_comparison(
                c,
                0,
                1,
                difference::Measure::Series(Series::ActiveCustomers, 0),
            ),
        ),
    ]
}

#[test]
fn band_charts_draw_at_both_sizes_with_their_texts() {
    for (name, data) in band_cases() {
        assert!(!data.lines.is_empty(), "{name}");
        let v = view(&[]);
        for size in [(1200, 600), (360, 300)] {
            let (out, g) = svg(size, |a| bands::draw(a, &data, &v).expect(name));
            contains_all(&out, &["Chart title", "Month axis", "Value axis (unit)"]);
            if name.starts_with("difference") {
                contains_all(&out, &["Scenario two − Scenario one"]);
            } else {
                contains_all(&out, &["Scenario one", "Scenario two"]);
            }
            check_month_edges(&g);
            assert_eq!(g.months, Some((0, 30)));
        }
    }
}

#[test]
fn stack_charts_draw_with_a_legend_entry_for_every_layer_drawn() {
    let c = comparison();
    let reasons = ["Unhappy", "End of term", "Paid penalty", "Refused", "Lured"];
    let st = ["Satisfied", "At risk", "Captive", "Adopted"];
    let mut left_out = 0;
    for (data, legend) in [
        (churn::from_comparison(c, 1), &reasons[..]),
        (states::from_comparison(c, 1), &st[..3]),
    ] {
        let v = view(legend);
        for size in [(1200, 600), (360, 300)] {
            let (out, g) = svg(size, |a| stack::draw(a, &data, &v).expect("stack"));
            contains_all(&out, &["Chart title", "Month axis", "Value axis (unit)"]);
            // Listed if and only if the layer has a bar somewhere.
            for (entry, layer) in legend.iter().zip(&data.layers) {
                let drawn = layer.values.iter().any(|v| *v != 0.0);
                assert_eq!(out.contains(entry), drawn, "{entry}: drawn {drawn}");
                left_out += usize::from(!drawn);
            }
            check_month_edges(&g);
        }
    }
    // This run has no forced service: its refusals are left out of the legend.
    assert!(left_out > 0);
    // In panels, a layer drawn in any of them is listed.
    let (a, b) = (churn::from_comparison(c, 0), churn::from_comparison(c, 1));
    let only_b: Vec<&str> = reasons
        .iter()
        .zip(a.layers.iter().zip(&b.layers))
        .filter(|(_, (la, lb))| {
            la.values.iter().all(|v| *v == 0.0) && lb.values.iter().any(|v| *v != 0.0)
        })
        .map(|(r, _)| *r)
        .collect();
    assert!(
        !only_b.is_empty(),
        "some reason only B has (end of term, penalty)"
    );
    let (out, _) = svg((1200, 600), |g| {
        stack::draw_panels(g, &[a.clone(), b.clone()], &view(&reasons)).expect("panels")
    });
    contains_all(&out, &only_b);
    // Churn starts at month 1 (nothing leaves at month 0).
    let data = churn::from_comparison(c, 1);
    let (_, g) = svg((1200, 600), |a| {
        stack::draw(a, &data, &view(&reasons)).unwrap()
    });
    assert_eq!(g.months, Some((1, 30)));
    // The lock-in scenario has an end-of-term cliff: the end-of-term layer peaks
    // well above its typical month.
    let eot = &data.layers[1].values;
    let peak = eot.iter().copied().fold(0.0, f64::max);
    let mut sorted = eot.clone();
    sorted.sort_by(f64::total_cmp);
    assert!(
        peak > 5.0 * sorted[sorted.len() / 2].max(1.0),
        "cliff {eot:?}"
    );
}

#[test]
fn satisfaction_money_and_flows_draw() {
    let c = comparison();
    let sat = satisfaction::SatisfactionChart::from_comparison(c, 12);
    let m = money::MoneyChart::from_comparison(c);
    let f = flows::FlowChart::from_comparison(c, 0);
    for size in [(1200, 600), (360, 300)] {
        let v = view(&[]);
        let (out, g) = svg(size, |a| satisfaction::draw(a, &sat, &v).unwrap());
        contains_all(
            &out,
            &[
                "Chart title",
                "Month axis",
                "Value axis (unit)",
                "Scenario one",
                "Scenario two",
            ],
        );
        assert_eq!(g.months, None);
        assert_eq!(g.month_at(g.x_px.0), None);
        let v = money_view();
        let (out, g) = svg(size, |a| money::draw(a, &m, &v).unwrap());
        contains_all(
            &out,
            &["Chart title", "Margin (€)", "Scenario one", "Scenario two"],
        );
        if size.0 == 1200 {
            contains_all(&out, &["Revenue (€)", "Costs (€)", "New customer (€)"]);
        }
        // The read-out has every panel and the two extras, the ratio as a number (the
        // new customer's value only once it can be estimated: not with so few
        // customers).
        let rows = m.rows_at(&v, 12);
        assert_eq!(rows.len(), 4 * 2, "{rows:#?}");
        assert!(rows[6].label.starts_with("To date (€): "));
        for r in &rows {
            let ratio = r.label.starts_with("Value / cost");
            assert_eq!(r.quantity == Quantity::Number, ratio);
        }
        let csv = m.csv(&v);
        assert!(
            csv.lines()
                .next()
                .unwrap()
                .contains("Value / cost: Scenario two p95")
        );
        check_month_edges(&g);
        // Firms go by their own names; the legend names the place outside the market.
        let v = view(&["Fuera del mercado"]);
        let (out, _) = svg(size, |a| flows::draw(a, &f, &v).unwrap());
        contains_all(
            &out,
            &[
                "Chart title",
                "Month axis",
                "Value axis (unit)",
                &c.scenarios[0].firms[0],
                "Fuera del",
            ],
        );
    }
}

#[test]
fn different_data_draw_different_pictures() {
    let c = comparison();
    let v = view(&[]);
    let a = svg((800, 400), |x| {
        bands::draw(x, &survival::from_comparison(c), &v).unwrap()
    })
    .0;
    let b = svg((800, 400), |x| {
        bands::draw(x, &customers::share_from_comparison(c), &v).unwrap()
    })
    .0;
    assert_ne!(a, b);
    let a = svg((800, 400), |x| {
        stack::draw(x, &churn::from_comparison(c, 0), &v).unwrap()
    })
    .0;
    let b = svg((800, 400), |x| {
        stack::draw(x, &churn::from_comparison(c, 1), &v).unwrap()
    })
    .0;
    assert_ne!(a, b);
    let s0 = satisfaction::SatisfactionChart::from_comparison(c, 1);
    let s1 = satisfaction::SatisfactionChart::from_comparison(c, 25);
    assert_ne!(
        svg((800, 400), |x| satisfaction::draw(x, &s0, &v).unwrap()).0,
        svg((800, 400), |x| satisfaction::draw(x, &s1, &v).unwrap()).0
    );
    let f0 = flows::FlowChart::from_comparison(c, 0);
    let f1 = flows::FlowChart::from_comparison(c, 1);
    assert_ne!(
        svg((800, 400), |x| flows::draw(x, &f0, &v).unwrap()).0,
        svg((800, 400), |x| flows::draw(x, &f1, &v).unwrap()).0
    );
}

/// A view with the money chart's panel titles and read-out labels.
fn money_view() -> View {
    view(&[
        "Revenue (€)",
        "Costs (€)",
        "Margin (€)",
        "New customer (€)",
        "To date (€)",
        "Value / cost",
    ])
}

fn hand_band() -> BandChart {
    BandChart {
        quantity: Quantity::Share,
        lines: vec![BandLine {
            scenario: 1,
            name: "Own name".into(),
            band: Band {
                median: vec![1.0, 0.5, 0.25],
                p05: vec![1.0, 0.4, 0.2],
                p95: vec![1.0, 0.6, 0.3],
            },
            start: 0,
        }],
        zero_line: false,
        minus: None,
        segments: SegmentLines::none(),
    }
}

#[test]
fn rows_and_csv_of_hand_made_data() {
    let data = hand_band();
    let mut v = view(&[]);
    v.unit = "%".into();
    let rows = data.rows_at(&v, 1);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].label, "Scenario two");
    assert_eq!(rows[0].value, 0.5);
    assert_eq!(rows[0].band, Some((0.4, 0.6)));
    assert!(data.rows_at(&v, 9).is_empty());
    assert_eq!(
        data.csv(&v),
        "Month axis,Scenario two p50 (%),Scenario two p5 (%),Scenario two p95 (%)\n\
         0,100,100,100\n1,50,40,60\n2,25,20,30\n"
    );
    // Spanish view: CSV still uses '.' decimals.
    v.format = NumberFormat::spanish();
    assert!(data.csv(&v).contains("\n2,25,20,30\n"));

    let stack = StackChart {
        kind: StackKind::Bars,
        quantity: Quantity::Customers,
        scenario: 0,
        first_month: 1,
        layers: vec![
            Layer {
                name: "x".into(),
                colour: RGBColor(1, 2, 3),
                values: vec![0.0, 2.5, 4.0],
            },
            Layer {
                name: "y".into(),
                colour: RGBColor(3, 2, 1),
                values: vec![0.0, 1.0, 1234.5],
            },
        ],
        overlay: None,
        segments: SegmentLines::none(),
    };
    let v = view(&["Unhappy", "Lured"]);
    let rows = stack.rows_at(&v, 2);
    assert_eq!(
        rows.iter()
            .map(|r| (r.label.as_str(), r.value))
            .collect::<Vec<_>>(),
        [("Unhappy", 4.0), ("Lured", 1234.5)]
    );
    assert_eq!(
        stack.csv(&v),
        "Month axis,Unhappy (u),Lured (u)\n1,2.5,1\n2,4,1234.5\n"
    );

    let mut f = flows::FlowChart {
        scenario: 0,
        places: vec!["P".into(), "Q".into()],
        months: 1,
        flows: vec![0.0; 8],
        window: (0, 1),
    };
    f.flows[4 + 1] = 7.0; // month 1, P -> Q
    let v = view(&[]);
    assert_eq!(f.csv(&v), "month,P → Q (u),Q → P (u)\n0,0,0\n1,7,0\n");
    assert_eq!(f.rows_at(&v, 1)[0].value, 7.0);
    assert_eq!(f.total(0, 1), 7.0);
    // The cells, and the rows that state them, total the months shown.
    f.flows[1] = 2.0; // month 0, P -> Q
    assert_eq!(f.total(0, 1), 9.0);
    assert_eq!(f.totals(&v)[0].value, 9.0);
    let f = f.over(1, 5);
    assert_eq!((f.window, f.whole_horizon()), ((1, 1), false));
    assert_eq!(f.total(0, 1), 7.0);
    assert_eq!(f.totals(&v)[0].label, "P → Q");
}

#[test]
fn extreme_inputs_draw_without_panic() {
    let empty_band = Band::default();
    let one = Band {
        median: vec![5.0],
        p05: vec![5.0],
        p95: vec![5.0],
    };
    let huge = Band {
        median: vec![1e9; 4],
        p05: vec![-1e9; 4],
        p95: vec![2e9; 4],
    };
    let zeros = Band {
        median: vec![0.0; 12],
        p05: vec![0.0; 12],
        p95: vec![0.0; 12],
    };
    let v = view(&[]);
    for band in [empty_band, one, huge, zeros] {
        for quantity in [
            Quantity::Share,
            Quantity::Customers,
            Quantity::Money,
            Quantity::SharePoints,
        ] {
            let data = BandChart {
                quantity,
                lines: vec![BandLine {
                    scenario: 7,
                    name: String::new(),
                    band: band.clone(),
                    start: 0,
                }],
                zero_line: true,
                minus: Some((0, String::new())),
                segments: SegmentLines::none(),
            };
            for size in [(1200, 600), (360, 300)] {
                let (_, g) = svg(size, |a| bands::draw(a, &data, &v).unwrap());
                assert!(g.x_px.1 > g.x_px.0);
                let _ = data.csv(&v);
            }
        }
    }
    let no_lines = BandChart {
        quantity: Quantity::Share,
        lines: vec![],
        zero_line: false,
        minus: None,
        segments: SegmentLines::none(),
    };
    svg((360, 300), |a| bands::draw(a, &no_lines, &v).unwrap());
    assert_eq!(no_lines.csv(&v), "Month axis\n");

    for (kind, values) in [
        (StackKind::Bars, vec![]),
        (StackKind::Areas, vec![0.0]),
        (StackKind::Bars, vec![1e9, 0.0, 1e9]),
        (StackKind::Areas, vec![0.0; 50]),
    ] {
        let data = StackChart {
            kind,
            quantity: Quantity::Customers,
            scenario: 0,
            first_month: 1,
            layers: vec![Layer {
                name: "a".into(),
                colour: RGBColor(0, 0, 0),
                values: values.clone(),
            }],
            overlay: Some(Layer {
                name: "o".into(),
                colour: RGBColor(0, 0, 0),
                values,
            }),
            segments: SegmentLines::none(),
        };
        for size in [(1200, 600), (360, 300)] {
            svg(size, |a| stack::draw(a, &data, &v).unwrap());
        }
    }

    // A comparison with nothing in it, and out-of-range scenario choices.
    let empty = Comparison {
        seed: 0,
        replications: 0,
        banded_replications: 0,
        scenarios: vec![],
        differences: vec![],
    };
    let c = comparison();
    for size in [(1200, 600), (360, 300)] {
        svg(size, |a| {
            bands::draw(a, &survival::from_comparison(&empty), &v).unwrap()
        });
        svg(size, |a| {
            stack::draw(a, &churn::from_comparison(&empty, 3), &v).unwrap()
        });
        svg(size, |a| {
            stack::draw(a, &states::from_comparison(c, 9), &v).unwrap()
        });
        svg(size, |a| {
            bands::draw(
                a,
                &difference::from_comparison(c, 0, 5, difference::Measure::MarketShare),
                &v,
            )
            .unwrap()
        });
        svg(size, |a| {
            satisfaction::draw(
                a,
                &satisfaction::SatisfactionChart::from_comparison(&empty, 0),
                &v,
            )
            .unwrap()
        });
        svg(size, |a| {
            satisfaction::draw(
                a,
                &satisfaction::SatisfactionChart::from_comparison(c, 999),
                &v,
            )
            .unwrap()
        });
        svg(size, |a| {
            money::draw(a, &money::MoneyChart::from_comparison(&empty), &v).unwrap()
        });
        svg(size, |a| {
            flows::draw(a, &flows::FlowChart::from_comparison(&empty, 0), &v).unwrap()
        });
        svg(size, |a| {
            flows::draw(a, &flows::FlowChart::from_comparison(c, 1), &v).unwrap()
        });
    }
}

#[test]
fn per_segment_results_are_in_the_read_outs_and_csvs() {
    let c = comparison();
    let v = view(&[]);
    let active = customers::active_from_comparison(c);
    let rows = active.rows_at(&v, 12);
    // Two scenarios, then two scenarios × two segments.
    assert_eq!(rows.len(), 2 + 4);
    assert_eq!(rows[2].label, "Scenario one · Settled");
    let sum: f64 = rows[2..4].iter().map(|r| r.value).sum();
    let whole = c.scenarios[0].band(Series::ActiveCustomers, 0).median[12];
    // Medians of parts need not add up to the median of the whole, but nearly do.
    assert!((sum - whole).abs() < 0.05 * whole, "{sum} vs {whole}");
    assert!(
        active
            .csv(&v)
            .lines()
            .next()
            .unwrap()
            .contains("Scenario two · Demanding p95")
    );
    let churn = churn::from_comparison(c, 1);
    let rows = churn.rows_at(&v, 5);
    assert!(rows.iter().any(|r| r.label == "Scenario two · Demanding"));
    assert!(!rows.iter().any(|r| r.label.starts_with("Scenario one")));
    let sat = satisfaction::SatisfactionChart::from_comparison(c, 12);
    let rows = sat.rows_at(&v, 12);
    let settled = rows
        .iter()
        .find(|r| r.label == "Scenario one · Settled")
        .unwrap();
    // Satisfaction reads in points out of 100 there, as on the levers and in the texts.
    assert!((0.0..=1.0).contains(&settled.value) && settled.quantity == Quantity::Points);
    assert!(
        sat.csv(&v)
            .lines()
            .next()
            .unwrap()
            .contains("Scenario one · Settled p50 (0-100)")
    );
}

/// Places whose names begin alike ("Rival North", "Rival South") still read apart under
/// narrow columns: the names go on two lines instead of being cut to "Riva…".
#[test]
fn rotation_names_read_apart_in_narrow_columns() {
    let f = flows::FlowChart {
        scenario: 0,
        places: vec![
            "Our firm".into(),
            "Rival North".into(),
            "Rival South".into(),
            "Outside the market".into(),
        ],
        months: 1,
        flows: vec![1.0; 2 * 16],
        window: (0, 1),
    };
    let v = view(&[]);
    // Two panels side by side in 900 px: columns of about 70 px.
    let (out, _) = svg((900, 400), |a| {
        flows::draw_panels(a, &[f.clone(), f.clone()], &v).unwrap()
    });
    // Each name is written as a row's name and as a column's name, in each panel.
    for word in ["North", "South", "firm"] {
        let n = out.matches(word).count();
        assert_eq!(n, 4, "{word} appears {n} times");
    }
    assert!(!out.contains("Riva…"));
}

/// A long place name under a narrow column takes a third line rather than losing its
/// end: "Outside the market" read "Outside the mar…" under two matrices side by side
/// and under a phone's ("Fuera del mer…" in Spanish).
#[test]
fn rotation_column_names_take_a_third_line_rather_than_an_ellipsis() {
    let f = |outside: &str| flows::FlowChart {
        scenario: 0,
        places: vec![
            "Our firm".into(),
            "Rival North".into(),
            "Rival South".into(),
            outside.into(),
        ],
        months: 1,
        flows: vec![1.0; 2 * 16],
        window: (0, 1),
    };
    let v = view(&[]);
    // Two panels side by side on a desktop's card, and one above the other on a phone.
    for (size, outside, last_word) in [
        ((960, 400), "Outside the market", "market"),
        ((360, 800), "Outside the market", "market"),
        ((360, 800), "Fuera del mercado", "mercado"),
    ] {
        let two = [f(outside), f(outside)];
        let (out, _) = svg(size, |a| flows::draw_panels(a, &two, &v).unwrap());
        assert!(!out.contains('…'), "{size:?} {outside}: a name was cut");
        // Whole, as a row's name and as a column's, in each panel.
        let n = out.matches(last_word).count();
        assert_eq!(n, 4, "{size:?}: {last_word} appears {n} times");
    }
    // The Spanish names under two matrices on a 1280 px screen's card (they read
    // "Nuest… empre…" and "Fuera del merca…"): the rows' names go a word to a line.
    let es = flows::FlowChart {
        places: vec![
            "Nuestra empresa".into(),
            "Rival Norte".into(),
            "Rival Sur".into(),
            "Fuera del mercado".into(),
        ],
        ..f("")
    };
    let (out, _) = svg((880, 360), |a| {
        flows::draw_panels(a, &[es.clone(), es.clone()], &v).unwrap()
    });
    assert!(!out.contains('…'), "a Spanish name was cut");
    assert_eq!(out.matches("empresa").count(), 4);
}

#[test]
fn rotation_matrices_stack_below_two_of_380_px_and_sit_side_by_side_above() {
    let f = flows::FlowChart::from_comparison(comparison(), 0);
    let v = view(&[]);
    let two = [f.clone(), f.clone()];
    // A card beside the editor on a tablet (632 px): one above the other.
    let (_, g) = svg((632, 700), |a| flows::draw_panels(a, &two, &v).unwrap());
    assert_eq!(g.panels.0, 0, "stacked: no stride between panels");
    // Two of 380 px fit: side by side, the second a panel's width along.
    let (_, g) = svg((760, 400), |a| flows::draw_panels(a, &two, &v).unwrap());
    assert!(g.panels.0 >= 370, "side by side: stride {}", g.panels.0);
    // Charts over months keep their own, narrower threshold.
    let churn = churn::from_comparison(comparison(), 1);
    let (_, g) = svg((632, 400), |a| {
        stack::draw_panels(a, &[churn.clone(), churn.clone()], &v).unwrap()
    });
    assert!(g.panels.0 > 0, "leavers side by side at 632 px");
}

#[test]
fn the_money_chart_keeps_its_four_panels_on_a_card_beside_the_editor() {
    // 1280x720 at 150% zoom: the card beside the editor draws a 585 x 420 canvas, too
    // narrow before for the 2 x 2 grid and too short for four rows, so only the margin
    // was drawn under a title that promises four panels.
    let m = money::MoneyChart::from_comparison(comparison());
    let v = money_view();
    let (out, _) = svg((585, 420), |a| money::draw(a, &m, &v).unwrap());
    contains_all(
        &out,
        &["Revenue (€)", "Costs (€)", "Margin (€)", "New customer (€)"],
    );
    // A panel title longer than its panel is set smaller, then cut, never drawn past
    // the panel's edge (bold, measured as wide as Firefox draws it: at 585 px Firefox
    // cut the closing parenthesis of a title fitted with the regular width).
    let long = "Cumulative costs: policies and winning customers (€)";
    let mut titled = v.clone();
    titled.legend[1] = long.into();
    // 943 x 630: the card on a 1366 px screen.
    for size in [(800, 420), (943, 630)] {
        let (out, _) = svg(size, |a| money::draw(a, &m, &titled).unwrap());
        assert!(
            out.contains(long),
            "set smaller, the title fits whole at {size:?}"
        );
    }
    for width in [585, 480] {
        let (out, _) = svg((width, 420), |a| money::draw(a, &m, &titled).unwrap());
        assert!(
            !out.contains(long) && out.contains("Cumulative costs: policies"),
            "cut at {width} px"
        );
        assert!(out.contains('…'));
    }
    // Far too small for four, the margin alone.
    let (out, _) = svg((360, 300), |a| money::draw(a, &m, &v).unwrap());
    contains_all(&out, &["Margin (€)"]);
    assert!(!out.contains("Revenue (€)"));
}

#[test]
fn a_new_customers_value_not_yet_estimable_says_why_in_its_panel() {
    // The neutral baseline: one firm and a year; no cycle of new customers is seen.
    let mut one = preset("baseline").expect("preset").scenarios;
    one[0].customers = 500;
    let c = run_many(&one, 3, 2, &mut |_| Flow::Continue).expect("runs");
    let m = money::MoneyChart::from_comparison(&c);
    let v = view(&[
        "Revenue (€)",
        "Costs (€)",
        "Margin (€)",
        "New customer (€)",
        "Starting customer (€)",
        "Ratio",
        "Needs a whole cycle of new customers",
    ]);
    let (out, _) = svg((1200, 600), |a| money::draw(a, &m, &v).unwrap());
    contains_all(
        &out,
        &["New customer (€)", "Needs a whole cycle of new customers"],
    );
    // Where it can be estimated (five years of the default market), the panel draws
    // its lines and no such note.
    let mut market = preset("market").expect("preset").scenarios;
    market[0].customers = 2_000;
    let c = run_many(&market, 3, 2, &mut |_| Flow::Continue).expect("runs");
    let m = money::MoneyChart::from_comparison(&c);
    let (out, _) = svg((1200, 600), |a| money::draw(a, &m, &v).unwrap());
    assert!(out.contains("New customer (€)"));
    assert!(!out.contains("Needs a whole cycle"));
    // Its lines begin once a cycle has been seen, and the gap before them says from
    // which month, the one the lines start at.
    let start = m.panels[3].lines.iter().map(|l| l.start).min().unwrap();
    assert!(start > 0, "the value starts at month {start}");
    let mut v = v;
    v.legend.push("from month {}".into());
    let (out, _) = svg((1200, 600), |a| money::draw(a, &m, &v).unwrap());
    assert!(
        out.contains(&format!("from month {start}")),
        "no 'from month {start}'"
    );
}

#[test]
fn bars_are_evenly_spaced_however_many_months() {
    // 120 months in 430 px: a 20% gap would round to 0 or 1 px from bar to bar.
    let layer = |values: Vec<f64>| Layer {
        name: "x".into(),
        colour: RGBColor(213, 94, 0),
        values,
    };
    for (months, width) in [(120u32, 430u32), (24, 900)] {
        let data = StackChart {
            kind: StackKind::Bars,
            quantity: Quantity::Customers,
            scenario: 0,
            first_month: 1,
            layers: vec![layer(
                (0..=months).map(|t| 10.0 + f64::from(t % 7)).collect(),
            )],
            overlay: None,
            segments: SegmentLines::none(),
        };
        let (out, _) = svg((width, 300), |a| {
            stack::draw(a, &data, &view(&["x"])).unwrap()
        });
        // The bars: rects filled with the layer's colour, left to right (the legend's
        // swatch, a small square, is not one).
        let mut bars: Vec<(f64, f64)> = out
            .split("<rect")
            .skip(1)
            .filter(|tag| tag.split("/>").next().unwrap().contains("#D55E00"))
            .filter(|tag| svg_number(tag, "height") > 30.0)
            .map(|tag| (svg_number(tag, "x"), svg_number(tag, "width")))
            .collect();
        bars.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert_eq!(bars.len(), months as usize, "{months} months");
        let gaps: Vec<f64> = bars
            .windows(2)
            .map(|w| w[1].0 - (w[0].0 + w[0].1))
            .collect();
        let (lo, hi) = gaps
            .iter()
            .fold((f64::MAX, f64::MIN), |(l, h), g| (l.min(*g), h.max(*g)));
        if months == 120 {
            // Touching (or overlapping by the same pixel), never a gap here and none there.
            assert!(hi <= 0.0, "gaps {lo}..{hi} px");
        } else {
            assert!(
                lo >= 2.0,
                "visible gaps between {months} bars: {lo}..{hi} px"
            );
        }
    }
}

#[test]
fn a_legend_entry_longer_than_the_canvas_wraps_inside_it() {
    // On a phone the difference chart's "B · <long name> − A · <long name>" ran off the
    // canvas, so the baseline's name could not be read.
    let c = comparison();
    let mut v = view(&[]);
    let long = "B · Migración obligada, canal antiguo a petición − A · Migración obligada";
    v.scenarios = vec![long.into(), long.into()];
    let width = 390.0;
    let (out, _) = svg((390, 420), |a| {
        bands::draw(a, &customers::share_from_comparison(c), &v).unwrap()
    });
    // Every text's estimated right edge (the charts' own estimate of a width) is
    // inside the canvas, and every word of the name is drawn.
    let mut words_drawn = String::new();
    for tag in out.split("<text").skip(1) {
        let content = tag
            .split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .trim();
        let size = svg_number(tag, "font-size");
        let right = svg_number(tag, "x") + content.chars().count() as f64 * size * 0.56;
        if tag.contains("text-anchor=\"end\"") || tag.contains("text-anchor=\"middle\"") {
            continue;
        }
        assert!(right <= width + 0.5, "{content:?} ends at {right}");
        words_drawn.push_str(content);
        words_drawn.push(' ');
    }
    for word in long.split_whitespace() {
        assert!(words_drawn.contains(word), "{word} is not drawn");
    }
}

/// The money chart's panels line up, and the pointer reads a month over any of them:
/// the right-hand column of the 2 x 2 grid (and three of a row of four) read nothing,
/// the card taking its month from the margin panel's place alone.
#[test]
fn every_money_panel_reads_the_month_under_the_pointer() {
    use fideliza::app::board::ChartKind;
    use fideliza::app::i18n::Lang;
    use fideliza::sim::Series;
    let m = money::MoneyChart::from_comparison(comparison());
    for lang in [Lang::En, Lang::Es] {
        let names = ["A · one".to_string(), "B · two".to_string()];
        let v = ChartKind::Money.view(lang, &names, None, None, Series::ActiveCustomers);
        // A 2 x 2 grid (a tablet's card) and a row of four (a wide screen).
        for (size, cols) in [((566, 700), 2), ((1500, 500), 4)] {
            let (out, g) = svg(size, |a| money::draw(a, &m, &v).unwrap());
            let (stride, n) = g.panels;
            assert_eq!(n, cols, "{size:?}: columns");
            assert!(stride > 0 && g.x_px.0 + stride * (cols as i32 - 1) < size.0 as i32);
            let months = g.months.expect("months on x").1;
            for k in 0..cols as i32 {
                // The middle of each column's plot reads the middle month.
                let x = (g.x_px.0 + g.x_px.1) / 2 + k * stride;
                let t = g.month_at(x).expect("a month over every column");
                assert!(
                    t.abs_diff(months / 2) <= 1,
                    "{size:?} column {k}: month {t}"
                );
            }
            // Every panel's title is whole (the costs' was cut on a tablet).
            assert!(!out.contains('…'), "{lang:?} {size:?}: a title was cut");
        }
    }
    // The plots line up: each column's plot begins at the same place in its cell, the
    // y labels taking the room of the widest (revenue's millions beside the value of a
    // customer in hundreds): the month-0 grid line is at the same place in each.
    let v = money_view();
    let (out, g) = svg((1500, 500), |a| money::draw(a, &m, &v).unwrap());
    let axes: Vec<f64> = out
        .match_indices("<line")
        .filter_map(|(at, _)| {
            let tag = &out[at..at + out[at..].find('>').unwrap()];
            let (x1, x2) = (svg_number(tag, "x1"), svg_number(tag, "x2"));
            let (y1, y2) = (svg_number(tag, "y1"), svg_number(tag, "y2"));
            (x1 == x2 && (y2 - y1).abs() > 200.0).then_some(x1)
        })
        .collect();
    // (The fourth, a new customer's value, says it is not estimated yet in this run.)
    for k in 0..3 {
        let left = f64::from(g.x_px.0 + k * g.panels.0);
        assert!(
            axes.iter().any(|&x| (x - left).abs() <= 1.5),
            "panel {k}: no y axis at {left} ({axes:?})"
        );
    }
}

/// The satisfaction histogram's x axis is satisfaction, not months: its table and CSV
/// head the month column "Month" / "Mes" (they said "Satisfaction (points out of 100)").
#[test]
fn the_satisfaction_table_heads_its_month_column_with_month() {
    use fideliza::app::board::ChartKind;
    use fideliza::app::i18n::Lang;
    let chart = satisfaction::SatisfactionChart::from_comparison(comparison(), 5);
    let names = ["A · one".to_string(), "B · two".to_string()];
    for (lang, month) in [(Lang::En, "Month"), (Lang::Es, "Mes")] {
        let v = ChartKind::Satisfaction.view(lang, &names, None, None, Series::ActiveCustomers);
        let csv = chart.csv(&v);
        let first = csv.lines().next().unwrap().split(',').next().unwrap();
        assert_eq!(first, month, "{lang:?}");
        // The axis still says what it is.
        assert!(v.x_axis.contains("100"), "{}", v.x_axis);
    }
}

/// A note on a stacked chart keeps its label off the layers' edges, as one on a line
/// chart keeps off the lines: the states' edges run along the top of the plot, so the
/// label goes to the bottom (it sat at the top, over the captive band the note was
/// about).
#[test]
fn a_note_on_a_stacked_chart_keeps_off_the_layers_edges() {
    use fideliza::charts::Note;
    let data = states::from_comparison(comparison(), 1);
    let mut v = view(&["Satisfied", "At risk", "Captive"]);
    v.cursor = None;
    v.notes = vec![Note {
        month: 15,
        text: "A remark".into(),
        value: None,
        scenario: None,
        bottom: false,
    }];
    let (out, g) = svg((900, 500), |a| stack::draw(a, &data, &v).unwrap());
    // The label: the white box drawn over the plot.
    let label_y = out
        .match_indices("<rect")
        .map(|(at, _)| &out[at..at + out[at..].find('>').unwrap()])
        .find(|tag| tag.contains("opacity=\"0.92\""))
        .map(|tag| svg_number(tag, "y"))
        .expect("a note label");
    let middle = f64::from(g.y_px.0 + g.y_px.1) / 2.0;
    assert!(
        label_y > middle,
        "label at y {label_y}, plot middle {middle}"
    );
}

/// The calibration chart: a fit to yearly rows draws the model's line month by month
/// between the yearly dots (joining yearly points drew it in straight pieces with a
/// corner at each year), solid over the data and dashed beyond, and the x axis still
/// counts years.
#[test]
fn a_fit_to_yearly_rows_draws_its_line_month_by_month() {
    use fideliza::charts::fit::{self, FitChart};
    use fideliza::sim::cohort::sbg_survival;
    let (alpha, beta) = (0.7, 1.2);
    let monthly = sbg_survival(alpha, beta, 12 * 8);
    let yearly: Vec<f64> = monthly.iter().step_by(12).take(4).copied().collect();
    let chart = FitChart {
        data: vec![yearly],
        fitted: vec![monthly],
        steps: 12,
    };
    let mut v = view(&["Cohort 2024"]);
    v.x_axis = "Year".into();
    let (out, g) = svg((800, 450), |a| fit::draw(a, &chart, &v).unwrap());
    assert_eq!(g.months, Some((0, 8)), "the axis counts years");
    // Points of each polyline (the solid and the dashed line's pieces).
    let lines: Vec<usize> = out
        .match_indices("points=\"")
        .map(|(at, m)| {
            let rest = &out[at + m.len()..];
            rest[..rest.find('"').unwrap()].split_whitespace().count()
        })
        .collect();
    // Over the three observed years: a point a month.
    assert!(lines.contains(&(3 * 12 + 1)), "{lines:?}");
    contains_all(&out, &["Year", "Cohort 2024"]);
}

/// A money chart too short for its 2 x 2 grid but wide (a lesson projected on a
/// 1280 x 720 screen) shows its four panels in a row, not the margin alone: the
/// channel lesson's sentence speaks of the costs panel.
#[test]
fn a_short_wide_money_chart_keeps_every_panel() {
    let m = money::MoneyChart::from_comparison(comparison());
    let v = money_view();
    let (out, g) = svg((1200, 390), |a| money::draw(a, &m, &v).unwrap());
    contains_all(
        &out,
        &["Revenue (€)", "Costs (€)", "Margin (€)", "New customer (€)"],
    );
    assert_eq!(g.panels.1, 4, "four columns");
    // Too narrow for a row of four as well: the margin alone.
    let (out, _) = svg((700, 300), |a| money::draw(a, &m, &v).unwrap());
    assert!(out.contains("Margin (€)") && !out.contains("Costs (€)"));
}

/// Over bars, a note's dashed rule starts at the top of its month's bar: drawn down to
/// the axis, it hid the bar it marked (the refusals' month, the end of the term).
#[test]
fn a_note_over_bars_leaves_its_bar_visible() {
    use fideliza::charts::Note;
    let data = churn::from_comparison(comparison(), 1);
    // The month with the most leavers: a tall bar.
    let total = |t: usize| {
        data.layers
            .iter()
            .map(|l| l.values.get(t).copied().unwrap_or(0.0))
            .sum::<f64>()
    };
    let month = (1..=30)
        .max_by(|&a, &b| total(a).total_cmp(&total(b)))
        .unwrap();
    assert!(total(month) > 0.0);
    let mut v = view(&["Unhappy", "End of term", "Paid penalty", "Refused", "Lured"]);
    v.cursor = None;
    v.notes = vec![Note {
        month: month as u32,
        text: "Here".into(),
        value: None,
        scenario: None,
        bottom: false,
    }];
    let (out, g) = svg((900, 500), |a| stack::draw(a, &data, &v).unwrap());
    // The rule's dashes: vertical segments, all at one x.
    let dashes: Vec<(f64, f64)> = out
        .match_indices("points=\"")
        .filter_map(|(at, m)| {
            let rest = &out[at + m.len()..];
            let points: Vec<(f64, f64)> = rest[..rest.find('"').unwrap()]
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (points.len() == 2 && points[0].0 == points[1].0 && points[0].1 != points[1].1)
                .then(|| (points[0].0, points[0].1.max(points[1].1)))
        })
        .collect();
    // The rule: the segments at the note's month (tick marks are elsewhere).
    let (first, last) = g.months.expect("months on x");
    let (x0, x1) = (f64::from(g.x_px.0), f64::from(g.x_px.1));
    let at = x0 + (month as f64 - f64::from(first)) / f64::from(last - first) * (x1 - x0);
    let rule: Vec<f64> = dashes
        .iter()
        .filter(|d| (d.0 - at).abs() <= 0.5 * (x1 - x0) / f64::from(last - first))
        .map(|d| d.1)
        .collect();
    assert!(!rule.is_empty(), "a rule at x {at}: {dashes:?}");
    let lowest = rule.iter().copied().fold(f64::MIN, f64::max);
    let axis = f64::from(g.y_px.1);
    assert!(
        lowest < axis - 10.0,
        "the rule reaches {lowest}, the axis is at {axis}"
    );
}

#[test]
fn a_value_that_starts_late_says_from_which_month_under_its_lines() {
    // The channel's ten years: a new customer's value is estimated from month 20 on,
    // its lines well above 0, so the words go under them, at the plot's bottom left.
    let mut pair = preset("distributors-vs-direct").expect("preset").scenarios;
    for s in &mut pair {
        s.customers = 10_000;
    }
    let c = run_many(&pair, 3, 4, &mut |_| Flow::Continue).expect("runs");
    let m = money::MoneyChart::from_comparison(&c);
    let names = ["A".to_string(), "B".to_string()];
    let v = fideliza::app::board::ChartKind::Money.view(
        fideliza::app::i18n::Lang::En,
        &names,
        None,
        None,
        Series::ActiveCustomers,
    );
    let start = m.panels[3].lines.iter().map(|l| l.start).min().unwrap();
    assert!(start > 12, "the value starts at month {start}");
    let (out, _) = svg((958, 640), |a| money::draw(a, &m, &v).unwrap());
    assert!(
        out.contains(&format!("estimated from month {start}")),
        "no label in the 2 x 2 grid"
    );
    // Lines that begin in different months say each one's (a lock-in's first value
    // comes months after free exit's).
    let mut later = m.clone();
    later.panels[3].lines[1].start = start + 7;
    let (out, _) = svg((958, 640), |a| money::draw(a, &later, &v).unwrap());
    assert!(
        out.contains(&format!(
            "estimated from month {start} (A), {} (B)",
            start + 7
        )),
        "the two starts are not named"
    );
}
