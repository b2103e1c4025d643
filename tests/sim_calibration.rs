//! Calibration against published figures (see ../shared/calibration.md and docs/model.md).

use fideliza::sim::policy::{AdoptionMode, ReplyMix, ReplySpeed};
use fideliza::sim::{Flow, Scenario, Segment, Series, run};

/// Fader & Hardie (2007) "Regular" cohort: alpha = 0.704, beta = 1.182 (one period = one
/// year here). Closed form and observed survival, years 1..12, percent.
const CLOSED_FORM: [f64; 12] = [
    62.7, 47.4, 38.8, 33.2, 29.2, 26.2, 23.9, 22.0, 20.4, 19.1, 18.0, 17.0,
];
const OBSERVED: [f64; 12] = [
    63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3,
];

#[test]
fn neutral_settings_reproduce_the_sbg_model() {
    let mut s = Scenario::neutral();
    s.customers = 10_000;
    s.horizon_months = 12;
    s.population.segments = vec![Segment {
        churn_alpha: 0.704,
        churn_beta: 1.182,
        ..Segment::neutral()
    }];
    let seeds = 20;
    let mut mean = [0.0; 13];
    for seed in 0..seeds {
        let r = run(&s, seed, &mut |_| Flow::Continue).unwrap();
        for (m, v) in mean.iter_mut().zip(r.series(Series::CohortSurvival, 0)) {
            *m += v * 100.0 / seeds as f64;
        }
    }
    assert_eq!(mean[0], 100.0);
    let exact = fideliza::sim::cohort::sbg_survival(0.704, 1.182, 12);
    for t in 1..=12 {
        let sim = mean[t];
        assert!((exact[t] * 100.0 - CLOSED_FORM[t - 1]).abs() < 0.06);
        assert!(
            (sim - CLOSED_FORM[t - 1]).abs() < 0.5,
            "year {t}: simulated {sim:.2}, closed form {}",
            CLOSED_FORM[t - 1]
        );
        assert!(
            (sim - OBSERVED[t - 1]).abs() < 1.0,
            "year {t}: simulated {sim:.2}, observed {}",
            OBSERVED[t - 1]
        );
    }
}

/// Bass (1969) with the Sultan, Farley & Lehmann (1990) means p = 0.03, q = 0.38 (one
/// period = one year here), fully mixed: cumulative adoption 3.0, 7.0, 12.3, 19.0, 27.3,
/// 37.0, 47.8, 58.8 percent at t = 1..8.
#[test]
fn opt_in_adoption_follows_the_bass_curve() {
    const BASS: [f64; 8] = [3.0, 7.0, 12.3, 19.0, 27.3, 37.0, 47.8, 58.8];
    let mut s = Scenario::neutral();
    s.customers = 20_000;
    s.horizon_months = 8;
    // No churn: a cohort that stays, so adoption is the only thing moving.
    s.population.segments = vec![Segment {
        churn_alpha: 0.001,
        churn_beta: 10_000.0,
        ..Segment::neutral()
    }];
    s.adoption.mode = AdoptionMode::OptIn;
    s.adoption.p = 0.03;
    s.adoption.q = 0.38;
    let seeds = 5;
    let mut mean = [0.0; 9];
    for seed in 0..seeds {
        let r = run(&s, seed, &mut |_| Flow::Continue).unwrap();
        let active = r.series(Series::ActiveCustomers, 0);
        for (t, (m, a)) in mean
            .iter_mut()
            .zip(r.series(Series::Adopted, 0))
            .enumerate()
        {
            *m += a / active[t] * 100.0 / seeds as f64;
        }
    }
    for t in 1..=8 {
        assert!(
            (mean[t] - BASS[t - 1]).abs() < 1.0,
            "t = {t}: simulated {:.2}, Bass {}",
            mean[t],
            BASS[t - 1]
        );
    }
}

/// Oldroyd, McElheran & Elkington (2011): a reply within 1 h is about 60x as likely to
/// qualify a lead as one after 24 h or more. The default patience makes a reply in time
/// about that much more likely.
#[test]
fn default_patience_gives_the_oldroyd_ratio() {
    let seg = Segment::default();
    let n = 200_000;
    let mut in_time = [0u32; 2];
    for (k, speed) in [ReplySpeed::Immediate, ReplySpeed::Day]
        .into_iter()
        .enumerate()
    {
        let mix = ReplyMix::of(speed);
        for i in 0..n {
            // Deterministic quasi-random grid over (patience quantile, reply quantile).
            let u = (f64::from(i) + 0.5) / f64::from(n);
            let v = ((f64::from(i) * 0.618_033_988_75) % 1.0 + 1.0) % 1.0;
            let z = inverse_normal(u);
            let patience = seg.patience_median_hours * (seg.patience_spread * z).exp();
            if mix.reply_hours(v) <= patience {
                in_time[k] += 1;
            }
        }
    }
    let ratio = f64::from(in_time[0]) / f64::from(in_time[1]);
    assert!((inverse_normal(0.975) - 1.96).abs() < 0.01);
    println!("in-time ratio within 1 h vs 24 h+: {ratio:.1}");
    assert!((40.0..=90.0).contains(&ratio), "ratio {ratio}");
}

/// Acklam's rational approximation of the standard normal quantile (test helper).
fn inverse_normal(p: f64) -> f64 {
    let a = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.383_577_518_672_69e2,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    let b = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    let c = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    let d = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    let tail = |q: f64| {
        let r = (-2.0 * q.ln()).sqrt();
        (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
            / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1.0)
    };
    if p < 0.02425 {
        tail(p)
    } else if p > 1.0 - 0.02425 {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    }
}
