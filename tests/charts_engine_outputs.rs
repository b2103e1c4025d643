//! The engine outputs the workbench charts need: satisfaction histogram, median flows,
//! cumulative money and market share bands, and serde round trips of a Comparison.

use fideliza::sim::{
    self, CUMULATED, Comparison, Flow, SATISFACTION_BINS, Scenario, Series, preset, run, run_many,
};

fn small(name: &str) -> Vec<Scenario> {
    let mut scenarios = preset(name).expect("preset").scenarios;
    for s in &mut scenarios {
        s.customers = 1_500;
        s.horizon_months = 30;
    }
    scenarios
}

fn many(scenarios: &[Scenario], replications: u32) -> Comparison {
    run_many(scenarios, 7, replications, &mut |_| Flow::Continue).expect("runs")
}

#[test]
fn histogram_bins_sum_to_active_customers() {
    for s in small("market").iter().chain(&small("lock-in-vs-free-exit")) {
        let r = run(s, 11, &mut |_| Flow::Continue).expect("run");
        for t in 0..=r.months {
            for f in 0..r.firms.len() {
                let bins = r.satisfaction_histogram(t, f);
                assert_eq!(bins.len(), SATISFACTION_BINS);
                let active = r.series(Series::ActiveCustomers, f)[t as usize];
                assert_eq!(bins.iter().sum::<f64>(), active, "month {t} firm {f}");
            }
        }
    }
}

#[test]
fn one_replication_bands_equal_the_run() {
    let scenarios = small("lock-in-vs-free-exit");
    let c = many(&scenarios, 1);
    for (k, b) in c.scenarios.iter().enumerate() {
        let months = b.months as usize;
        for f in 0..b.firms.len() {
            for &series in &CUMULATED {
                let monthly = &b.band(series, f).median;
                let cumulative = b.cumulative(series, f).expect("cumulated");
                let total: f64 = monthly.iter().sum();
                assert!(
                    (cumulative.median[months] - total).abs() <= 1e-9 * total.abs().max(1.0),
                    "scenario {k} {series:?} firm {f}"
                );
                assert_eq!(cumulative.p05, cumulative.median);
                assert_eq!(cumulative.p95, cumulative.median);
            }
            // Histogram medians of one run equal its active customers.
            for t in 0..=b.months {
                let sum: f64 = b.satisfaction_histogram(t, f).iter().sum();
                assert_eq!(sum, b.band(Series::ActiveCustomers, f).median[t as usize]);
            }
        }
        // Flows in = acquisitions of each firm, month by month.
        for t in 1..=b.months {
            for to in 0..b.firms.len() {
                let inflow: f64 = (0..b.places())
                    .filter(|&from| from != to)
                    .map(|from| b.flow(t, from, to))
                    .sum();
                assert_eq!(inflow, b.band(Series::Acquisitions, to).median[t as usize]);
            }
        }
        assert!(b.cumulative(Series::ActiveCustomers, 0).is_none());
        assert_eq!(b.flow(0, 99, 0), 0.0);
        assert!(b.satisfaction_histogram(9_999, 0).is_empty());
    }
    let d = &c.differences[0];
    let a = &c.scenarios[0];
    let b = &c.scenarios[1];
    let m = d.months as usize;
    let margin = |s: &sim::ScenarioBands| s.cumulative(Series::Margin, 0).unwrap().median[m];
    let diff = d.cumulative(Series::Margin, 0).unwrap().median[m];
    assert!((diff - (margin(b) - margin(a))).abs() <= 1e-6 * diff.abs().max(1.0));
}

#[test]
fn market_share_is_per_replication_and_bounded() {
    let c = many(&small("market"), 5);
    for b in &c.scenarios {
        for t in 0..=b.months as usize {
            let ms = &b.market_share;
            assert!(ms.p05[t] <= ms.median[t] && ms.median[t] <= ms.p95[t]);
            assert!((0.0..=1.0).contains(&ms.p05[t]) && ms.p95[t] <= 1.0);
        }
    }
}

#[test]
fn comparison_round_trips_through_serde() {
    let c = many(&small("reactive-vs-proactive"), 2);
    let json = serde_json::to_string(&c).expect("serialise");
    let back: Comparison = serde_json::from_str(&json).expect("deserialise");
    // serde_json's default float parsing may differ in the last bit, so compare shapes
    // and the re-serialised text (a worker would use bincode, which is exact).
    assert_eq!(back.scenarios.len(), c.scenarios.len());
    assert_eq!(back.differences.len(), c.differences.len());
    assert_eq!(back.scenarios[1].flows.len(), c.scenarios[1].flows.len());
    let close = |a: &[f64], b: &[f64]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| (x - y).abs() <= 1e-12 * x.abs().max(1.0))
    };
    for (x, y) in back.scenarios.iter().zip(&c.scenarios) {
        assert_eq!(x.name, y.name);
        assert!(close(&x.flows, &y.flows));
        assert!(close(&x.satisfaction_histogram, &y.satisfaction_histogram));
        assert!(close(&x.market_share.p95, &y.market_share.p95));
        assert!(close(&x.cumulative[2].median, &y.cumulative[2].median));
    }
}

#[test]
fn reference_digest_is_unchanged() {
    assert_eq!(sim::reference_digest(), sim::REFERENCE_DIGEST);
}
