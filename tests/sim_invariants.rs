//! Invariants every month, determinism, cancellation and Monte Carlo bands.

use fideliza::sim::{
    self, Flow, REFERENCE_DIGEST, REFERENCE_SEED, RunError, RunResult, Scenario, Series, Unit,
    presets, run, run_many,
};

fn check_invariants(s: &Scenario, r: &RunResult) {
    let firms = r.firms.len();
    assert_eq!(firms, s.firm_count());
    for t in 0..=r.months as usize {
        let active: f64 = (0..firms)
            .map(|f| r.series(Series::ActiveCustomers, f)[t])
            .sum();
        assert_eq!(
            active + r.outside[t],
            f64::from(s.customers),
            "conservation at month {t}"
        );
        for f in 0..firms {
            let a = r.series(Series::ActiveCustomers, f)[t];
            let states = r.series(Series::Satisfied, f)[t]
                + r.series(Series::AtRisk, f)[t]
                + r.series(Series::Captive, f)[t];
            assert_eq!(states, a, "states partition the customers");
            assert!(r.series(Series::Adopted, f)[t] <= a);
            if t > 0 {
                let before = r.series(Series::ActiveCustomers, f)[t - 1];
                let change =
                    r.series(Series::Acquisitions, f)[t] - r.series(Series::ChurnTotal, f)[t];
                assert_eq!(
                    before + change,
                    a,
                    "stock-flow balance, month {t}, firm {f}"
                );
            }
        }
    }
    for &series in Series::all() {
        for f in 0..firms {
            for &v in r.series(series, f) {
                assert!(v.is_finite(), "{} not finite", series.key());
                if series.unit() == Unit::Share {
                    assert!(
                        (0.0..=1.0).contains(&v),
                        "{} = {v} outside [0, 1]",
                        series.key()
                    );
                }
                if series.unit() == Unit::Index {
                    assert!(
                        (-1.0..=1.0).contains(&v),
                        "{} = {v} outside [-1, 1]",
                        series.key()
                    );
                } else if series.unit() != Unit::MoneyPerMonth && series.unit() != Unit::Money {
                    assert!(v >= 0.0, "{} = {v} negative", series.key());
                }
            }
        }
    }
}

#[test]
fn every_preset_keeps_the_invariants() {
    for p in presets() {
        for s in &p.scenarios {
            let mut s = s.clone();
            s.customers = s.customers.min(5_000);
            let r = run(&s, 3, &mut |_| Flow::Continue).unwrap();
            check_invariants(&s, &r);
        }
    }
}

#[test]
fn same_seed_same_result_other_seed_other_result() {
    let s = Scenario {
        customers: 4_000,
        ..Scenario::default()
    };
    let a = run(&s, 1, &mut |_| Flow::Continue).unwrap();
    let b = run(&s, 1, &mut |_| Flow::Continue).unwrap();
    let c = run(&s, 2, &mut |_| Flow::Continue).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.digest(), b.digest());
    assert_ne!(a.digest(), c.digest());
}

#[test]
fn the_reference_digest_is_pinned() {
    let digest = sim::reference_digest();
    println!("REFERENCE_DIGEST = {digest:#018x}");
    assert_eq!(digest, REFERENCE_DIGEST, "got {digest:#018x}");
    let r = run(
        &sim::reference_digest_scenario(),
        REFERENCE_SEED,
        &mut |_| Flow::Continue,
    )
    .unwrap();
    assert_eq!(r.digest(), REFERENCE_DIGEST);
}

#[test]
fn a_run_can_be_cancelled_between_months() {
    let s = Scenario::default();
    let mut seen = 0;
    let r = run(&s, 1, &mut |p| {
        seen = p.month;
        if p.month == 5 {
            Flow::Stop
        } else {
            Flow::Continue
        }
    });
    assert_eq!(r, Err(RunError::Cancelled));
    assert_eq!(seen, 5);
}

#[test]
fn an_invalid_scenario_gives_an_error_not_a_panic() {
    let s = Scenario {
        customers: 0,
        horizon_months: 0,
        ..Scenario::default()
    };
    match run(&s, 1, &mut |_| Flow::Continue) {
        Err(RunError::Invalid(problems)) => assert_eq!(problems.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn monte_carlo_bands_and_paired_differences() {
    let p = sim::preset("reactive-vs-proactive").unwrap();
    let scenarios: Vec<Scenario> = p
        .scenarios
        .iter()
        .map(|s| Scenario {
            customers: 3_000,
            horizon_months: 30,
            ..s.clone()
        })
        .collect();
    let mut last = None;
    let c = run_many(&scenarios, 9, 12, &mut |p| {
        last = Some(p);
        Flow::Continue
    })
    .unwrap();
    let last = last.unwrap();
    assert_eq!(last.done, last.total);
    assert_eq!(last.total, 2 * 12 * 30);
    assert_eq!(c.scenarios.len(), 2);
    // B - A, then A - B (the difference chart may subtract any scenario).
    assert_eq!(c.differences.len(), 2);
    let (ba, ab) = (c.difference(0, 1).unwrap(), c.difference(1, 0).unwrap());
    assert_eq!((ab.baseline, ab.scenario), (1, 0));
    let (x, y) = (
        ba.cumulative(Series::Margin, 0).unwrap(),
        ab.cumulative(Series::Margin, 0).unwrap(),
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    for t in 0..31 {
        assert!(close(x.median[t], -y.median[t]), "month {t}");
        assert!(
            close(x.p05[t], -y.p95[t]) && close(x.p95[t], -y.p05[t]),
            "month {t}"
        );
    }
    let (px, py) = (
        ba.cumulative_paired(Series::Margin, 0).unwrap(),
        ab.cumulative_paired(Series::Margin, 0).unwrap(),
    );
    assert_eq!(px.share_above, py.share_below);
    assert_eq!(px.std_error, py.std_error);
    assert!(px.mean.iter().zip(&py.mean).all(|(a, b)| *a == -*b));
    for s in &c.scenarios {
        for &series in Series::all() {
            for f in 0..s.firms.len() {
                let b = s.band(series, f);
                assert_eq!(b.median.len(), 31);
                for t in 0..31 {
                    assert!(b.p05[t] <= b.median[t] && b.median[t] <= b.p95[t]);
                }
            }
        }
    }
    // Common random numbers: before the storm (month 24) the two scenarios differ only
    // by the cost of proactive messages for random incidents; customers and their
    // first-month draws are identical.
    let d = c.differences[0].band(Series::ActiveCustomers, 0);
    assert_eq!(d.median[0], 0.0);
    assert_eq!(d.p05[0], 0.0);
    assert_eq!(d.p95[0], 0.0);
    // After the storm the proactive firm keeps more customers in every replication.
    assert!(
        d.p05[30] > 0.0,
        "paired band {:?}",
        (d.p05[30], d.median[30], d.p95[30])
    );
}

#[test]
fn stepping_a_batch_gives_run_many_and_partial_summaries_count_what_is_done() {
    let pair = sim::preset("lock-in-vs-free-exit").unwrap().scenarios;
    let pair: Vec<Scenario> = pair
        .into_iter()
        .map(|mut s| {
            s.customers = 2_000;
            s.horizon_months = 30;
            s
        })
        .collect();
    let whole = sim::run_many(&pair, 11, 4, &mut |_| Flow::Continue).unwrap();
    let mut batch = sim::MonteCarlo::new(&pair, 11, 4).unwrap();
    assert!(
        batch.step(&mut |_| Flow::Continue).unwrap(),
        "more to run after 1 of 4"
    );
    let partial = batch.summary();
    assert_eq!(partial.replications, 1);
    assert_eq!(batch.progress(), (1, 4));
    while batch.step(&mut |_| Flow::Continue).unwrap() {}
    assert_eq!(batch.summary(), whole);
    assert!(
        !batch.step(&mut |_| Flow::Continue).unwrap(),
        "nothing left to run"
    );
}
