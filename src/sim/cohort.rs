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
}
