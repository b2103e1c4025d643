//! The closed form of the shifted-beta-geometric (sBG) model, against which the engine's
//! neutral setting is tested.
//!
//! Each customer has a constant per-period churn probability `theta ~ Beta(alpha, beta)`
//! (Fader & Hardie 2007, "How to Project Customer Retention", J. Interactive Marketing
//! 21(1)). Heterogeneity alone makes aggregate retention rise over time: the customers
//! most likely to leave go first.

/// Closed-form sBG survival S(t) = B(alpha, beta + t) / B(alpha, beta), t = 0..=months,
/// by the recursion S(t) = S(t-1) * (beta + t - 1) / (alpha + beta + t - 1).
pub fn sbg_survival(alpha: f64, beta: f64, months: u32) -> Vec<f64> {
    let mut s = 1.0;
    let mut curve = vec![s];
    for t in 1..=months {
        let t = f64::from(t);
        s *= (beta + t - 1.0) / (alpha + beta + t - 1.0);
        curve.push(s);
    }
    curve
}

/// A shifted-beta-geometric model fitted to one cohort by maximum likelihood.
#[derive(Clone, Debug, PartialEq)]
pub struct SbgFit {
    pub alpha: f64,
    pub beta: f64,
    /// Log-likelihood at the estimate, for a cohort of the size given (or of 1,000 when
    /// the table holds shares): comparable between fits of the same table only.
    pub log_likelihood: f64,
    /// Periods used (after period 0).
    pub periods: usize,
}

/// Why a cohort cannot be fitted. `row` counts periods from 0 (the starting cohort).
#[derive(Clone, Debug, PartialEq)]
pub enum FitError {
    /// Fewer than two periods after the start.
    TooShort { periods: usize },
    /// The starting count is zero, negative or not a number.
    NoStart,
    /// A value that is not a finite number (a gap).
    Gap { row: usize },
    /// More customers than at the start (over 100% of the cohort).
    AboveStart { row: usize },
    /// More customers than the period before: survival cannot rise.
    Rising { row: usize },
    /// Nobody ever leaves: no churn to estimate.
    NobodyLeaves,
    /// Everybody leaves in the first period: no curve to estimate.
    AllAtOnce,
    /// The likelihood has no finite maximum for these losses (a shifted-beta-geometric
    /// curve cannot follow them, as when almost the whole cohort leaves in one period).
    NoEstimate,
}

/// Fits alpha and beta to `active[t]`, the customers of a cohort still active at period
/// t (t = 0 is the start; counts or percentages), by maximum likelihood as in Fader &
/// Hardie (2007): the customers lost in period t contribute ln P(leave in period t),
/// those still active at the end ln S(T). The model's churn is per month, as the
/// engine's; a period spans `months_per_period` months (12 for yearly data), so a
/// customer lost in period t left between months k(t-1)+1 and kt: P = S(k(t-1)) - S(kt).
/// With `months_per_period` 1 this is Fader & Hardie's own likelihood. Nelder-Mead on
/// (ln alpha, ln beta).
pub fn sbg_fit(active: &[f64], months_per_period: u32) -> Result<SbgFit, FitError> {
    let k = months_per_period.max(1) as usize;
    let start = *active.first().ok_or(FitError::TooShort { periods: 0 })?;
    if !start.is_finite() || start <= 0.0 {
        return Err(FitError::NoStart);
    }
    for (t, v) in active.iter().enumerate().skip(1) {
        if !v.is_finite() || *v < 0.0 {
            return Err(FitError::Gap { row: t });
        }
        if *v > start * (1.0 + 1e-9) {
            return Err(FitError::AboveStart { row: t });
        }
        if *v > active[t - 1] * (1.0 + 1e-9) {
            return Err(FitError::Rising { row: t });
        }
    }
    let periods = active.len() - 1;
    if periods < 2 {
        return Err(FitError::TooShort { periods });
    }
    // Shares are read as a cohort of 1,000 (the estimate does not depend on the size).
    let scale = if start <= 100.0 + 1e-9 {
        1000.0 / start
    } else {
        1.0
    };
    let n: Vec<f64> = active.iter().map(|v| v * scale).collect();
    let lost: Vec<f64> = n.windows(2).map(|w| (w[0] - w[1]).max(0.0)).collect();
    let still = n[periods];
    if lost.iter().all(|l| *l <= 0.0) {
        return Err(FitError::NobodyLeaves);
    }
    if still <= 0.0 && lost[1..].iter().all(|l| *l <= 0.0) {
        return Err(FitError::AllAtOnce);
    }
    let log_likelihood = |alpha: f64, beta: f64| -> f64 {
        // Monthly survival by S(m) = S(m-1) (beta + m - 1) / (alpha + beta + m - 1),
        // read every k months.
        let mut survival = 1.0f64;
        let mut month = 0usize;
        let mut ll = 0.0;
        for l in &lost {
            let before = survival;
            for _ in 0..k {
                month += 1;
                let m = month as f64;
                survival *= (beta + m - 1.0) / (alpha + beta + m - 1.0);
            }
            if *l > 0.0 {
                ll += l * (before - survival).max(1e-300).ln();
            }
        }
        ll + still * survival.max(1e-300).ln()
    };
    let objective = |x: [f64; 2]| {
        let (a, b) = (x[0].exp(), x[1].exp());
        let ll = log_likelihood(a, b);
        if ll.is_finite() { -ll } else { f64::INFINITY }
    };
    let best = nelder_mead(objective, [0.0, 0.0], 0.5, 4000);
    let (alpha, beta) = (best[0].exp(), best[1].exp());
    // The maximum at an edge of the parameter space (a parameter running off to 0 or
    // to infinity) is not an estimate: a cohort of 1e300 falling to 63 "fitted" beta
    // 2e-16.
    let inside = |x: f64| (1e-6..=1e6).contains(&x);
    if !(inside(alpha) && inside(beta)) {
        return Err(FitError::NoEstimate);
    }
    Ok(SbgFit {
        alpha,
        beta,
        log_likelihood: log_likelihood(alpha, beta),
        periods,
    })
}

/// Minimises `f` over two variables by the Nelder-Mead simplex (standard coefficients:
/// reflection 1, expansion 2, contraction 1/2, shrink 1/2).
fn nelder_mead(
    f: impl Fn([f64; 2]) -> f64,
    start: [f64; 2],
    step: f64,
    iterations: usize,
) -> [f64; 2] {
    let mut simplex = [
        start,
        [start[0] + step, start[1]],
        [start[0], start[1] + step],
    ];
    let mut values = simplex.map(&f);
    for _ in 0..iterations {
        // Order best to worst.
        let mut order = [0, 1, 2];
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        simplex = order.map(|i| simplex[i]);
        values = order.map(|i| values[i]);
        if (values[2] - values[0]).abs() <= 1e-12 * (1.0 + values[0].abs()) {
            break;
        }
        let centre = [
            (simplex[0][0] + simplex[1][0]) / 2.0,
            (simplex[0][1] + simplex[1][1]) / 2.0,
        ];
        let towards = |k: f64| {
            [
                centre[0] + k * (simplex[2][0] - centre[0]),
                centre[1] + k * (simplex[2][1] - centre[1]),
            ]
        };
        let reflected = towards(-1.0);
        let fr = f(reflected);
        if fr < values[0] {
            let expanded = towards(-2.0);
            let fe = f(expanded);
            (simplex[2], values[2]) = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < values[1] {
            (simplex[2], values[2]) = (reflected, fr);
        } else {
            let contracted = if fr < values[2] {
                towards(-0.5)
            } else {
                towards(0.5)
            };
            let fc = f(contracted);
            if fc < values[2].min(fr) {
                (simplex[2], values[2]) = (contracted, fc);
            } else {
                for k in 1..3 {
                    simplex[k] = [
                        simplex[0][0] + 0.5 * (simplex[k][0] - simplex[0][0]),
                        simplex[0][1] + 0.5 * (simplex[k][1] - simplex[0][1]),
                    ];
                    values[k] = f(simplex[k]);
                }
            }
        }
    }
    let best = (0..3)
        .min_by(|&i, &j| values[i].total_cmp(&values[j]))
        .unwrap_or(0);
    simplex[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_form_matches_fader_and_hardie_projection() {
        // calibration.md: alpha 0.704, beta 1.182, years 1..12 (percent).
        let expected = [
            62.7, 47.4, 38.8, 33.2, 29.2, 26.2, 23.9, 22.0, 20.4, 19.1, 18.0, 17.0,
        ];
        let s = sbg_survival(0.704, 1.182, 12);
        for (t, e) in expected.iter().enumerate() {
            assert!(
                (s[t + 1] * 100.0 - e).abs() < 0.06,
                "year {}: {}",
                t + 1,
                s[t + 1]
            );
        }
    }

    #[test]
    fn the_regular_cohort_recovers_fader_and_hardies_estimates() {
        // calibration.md: "Regular" cohort, years 0..7, ML fit alpha 0.704, beta 1.182.
        let regular = [100.0, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1];
        let fit = sbg_fit(&regular, 1).unwrap();
        assert!((fit.alpha / 0.704 - 1.0).abs() < 0.02, "{fit:?}");
        assert!((fit.beta / 1.182 - 1.0).abs() < 0.02, "{fit:?}");
        assert_eq!(fit.periods, 7);
        // Counts give the same estimate as shares.
        let counts: Vec<f64> = regular.iter().map(|v| v * 37.0).collect();
        let again = sbg_fit(&counts, 1).unwrap();
        assert!((again.alpha - fit.alpha).abs() < 1e-3 && (again.beta - fit.beta).abs() < 1e-3);
        // So do absurdly large counts, and their log-likelihood is theirs, to scale.
        for size in [1e12, 1e300] {
            let huge: Vec<f64> = regular.iter().map(|v| v * size / 100.0).collect();
            let again = sbg_fit(&huge, 1).expect("a fit, not 'nobody leaves'");
            assert!((again.alpha - fit.alpha).abs() < 1e-3, "{size}: {again:?}");
            assert!((again.beta - fit.beta).abs() < 1e-3, "{size}: {again:?}");
            let per_customer = again.log_likelihood / size;
            assert!(
                (per_customer - fit.log_likelihood / 1000.0).abs() < 1e-6,
                "{size}: {again:?}"
            );
        }
    }

    #[test]
    fn tables_simulated_from_known_parameters_are_recovered() {
        for (a, b) in [(0.3, 2.0), (1.5, 6.0), (4.0, 3.0)] {
            let s = sbg_survival(a, b, 24);
            let fit = sbg_fit(&s.iter().map(|x| x * 100_000.0).collect::<Vec<_>>(), 1).unwrap();
            assert!((fit.alpha / a - 1.0).abs() < 0.01, "{a} {b}: {fit:?}");
            assert!((fit.beta / b - 1.0).abs() < 0.01, "{a} {b}: {fit:?}");
            // The same customers seen once a year: the monthly parameters come back.
            let yearly: Vec<f64> = sbg_survival(a, b, 120)
                .iter()
                .step_by(12)
                .map(|x| x * 100_000.0)
                .collect();
            let fit = sbg_fit(&yearly, 12).unwrap();
            assert!(
                (fit.alpha / a - 1.0).abs() < 0.01,
                "yearly {a} {b}: {fit:?}"
            );
            assert!((fit.beta / b - 1.0).abs() < 0.01, "yearly {a} {b}: {fit:?}");
        }
    }

    #[test]
    fn bad_tables_say_which_row() {
        assert_eq!(
            sbg_fit(&[100.0, 60.0, 70.0], 1),
            Err(FitError::Rising { row: 2 })
        );
        assert_eq!(
            sbg_fit(&[100.0, 120.0, 70.0], 1),
            Err(FitError::AboveStart { row: 1 })
        );
        assert_eq!(
            sbg_fit(&[100.0, 60.0, f64::NAN, 30.0], 1),
            Err(FitError::Gap { row: 2 })
        );
        assert_eq!(sbg_fit(&[0.0, 0.0, 0.0], 1), Err(FitError::NoStart));
        assert_eq!(
            sbg_fit(&[100.0, 60.0], 1),
            Err(FitError::TooShort { periods: 1 })
        );
        // Each cohort the model cannot fit says which kind it is (all three once read
        // "nobody leaves (or everybody at once)", and the last "fitted" beta 2e-16).
        assert_eq!(
            sbg_fit(&[100.0, 100.0, 100.0], 1),
            Err(FitError::NobodyLeaves)
        );
        assert_eq!(sbg_fit(&[100.0, 0.0, 0.0], 1), Err(FitError::AllAtOnce));
        assert_eq!(sbg_fit(&[1e300, 63.0, 40.0], 1), Err(FitError::NoEstimate));
    }
}
