//! Counter-based random numbers for common random numbers (CRN).
//!
//! Every random decision in the model gets its own draw, keyed by
//! `(seed, purpose, customer or firm id, month, counter)` and hashed with the SplitMix64
//! finaliser (Steele, Lea & Flood 2014). A policy change in one scenario therefore does
//! not shift any other draw: scenario A and B see the same customers, the same incidents
//! and the same dice for every decision they share, so a difference between them is due
//! to policy, not noise. Pure integer arithmetic: identical bits on every platform.

/// SplitMix64 finaliser: a bijective 64-bit mixer with full avalanche.
#[inline(always)]
pub(crate) const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What a draw is for. Each purpose is an independent stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Purpose {
    Segment = 1,
    InitialProvider,
    Theta,
    Patience,
    Fit,
    Network,
    ContractStart,
    Churn,
    Enquiry,
    ReplyTime,
    FirmIncident,
    IncidentHit,
    Talk,
    Adoption,
    Forced,
    Shopping,
    Arrival,
    Replication,
    PlanChoice,
    PayPenalty,
    Renewal,
    SaveDesk,
}

/// A seeded family of independent uniform draws.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Draws {
    seed: u64,
}

impl Draws {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            seed: mix64(seed ^ 0x6a09_e667_f3bc_c909),
        }
    }

    /// 64 random bits for one decision. `id` < 2^32, `month` < 2^12, `k` < 2^12.
    #[inline(always)]
    pub(crate) fn bits(&self, purpose: Purpose, id: u32, month: u32, k: u32) -> u64 {
        let key = u64::from(id)
            | (u64::from(month & 0xfff) << 32)
            | (u64::from(k & 0xfff) << 44)
            | ((purpose as u64) << 56);
        // Golden-ratio spread then the SplitMix64 finaliser: the SplitMix64 step.
        mix64(key.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ self.seed)
    }

    /// Uniform in [0, 1) with 53 random bits.
    #[inline(always)]
    pub(crate) fn uniform(&self, purpose: Purpose, id: u32, month: u32, k: u32) -> f64 {
        // Below 2^53, so exactly representable: converted as a signed integer, which
        // takes one instruction where an unsigned 64-bit conversion takes several.
        ((self.bits(purpose, id, month, k) >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Whether an event of fixed chance happens: exactly `uniform(..) < p`, compared in
    /// integers (no conversion to floating point in the month loop).
    #[inline(always)]
    pub(crate) fn happens(
        &self,
        purpose: Purpose,
        id: u32,
        month: u32,
        k: u32,
        chance: Chance,
    ) -> bool {
        (self.bits(purpose, id, month, k) >> 11) < chance.0
    }

    /// Standard normal by Box-Muller from two keyed uniforms (counters k, k + 1).
    pub(crate) fn normal(&self, purpose: Purpose, id: u32, month: u32, k: u32) -> f64 {
        let u1 = 1.0 - self.uniform(purpose, id, month, k);
        let u2 = self.uniform(purpose, id, month, k + 1);
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(core::f64::consts::TAU * u2)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000), with the boost
    /// Gamma(a) = Gamma(a + 1) * U^(1/a) for shapes below 1. Bounded: after 64
    /// rejections (probability far below 1e-60) it returns the mean.
    pub(crate) fn gamma(&self, purpose: Purpose, id: u32, k0: u32, shape: f64) -> f64 {
        let (a, boost) = if shape < 1.0 {
            let u = self.uniform(purpose, id, 0, k0);
            (shape + 1.0, libm::pow(u, 1.0 / shape))
        } else {
            (shape, 1.0)
        };
        let d = a - 1.0 / 3.0;
        let c = 1.0 / libm::sqrt(9.0 * d);
        let mut k = k0 + 1;
        for _ in 0..64 {
            let z = self.normal(purpose, id, 0, k);
            let u = self.uniform(purpose, id, 0, k + 2);
            k += 3;
            let v = 1.0 + c * z;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            // Marsaglia & Tsang's squeeze first: 1 − 0.0331 z⁴ is below the acceptance
            // bound exp(z²/2 + d − d·v + d·ln v) for every z (near z = 0 the bound is
            // 1 − z⁴/(108 d) and d ≥ 2/3, so the margin is at least 0.019 z⁴), so a draw
            // under it is accepted by the exact test too, without its two logarithms.
            let z2 = z * z;
            if u < 1.0 - 0.0331 * z2 * z2 || libm::log(u) < 0.5 * z2 + d - d * v + d * libm::log(v)
            {
                return d * v * boost;
            }
        }
        a * boost
    }

    /// Beta(alpha, beta) as X / (X + Y); falls back to the mean if both underflow.
    pub(crate) fn beta(&self, purpose: Purpose, id: u32, alpha: f64, beta: f64) -> f64 {
        let x = self.gamma(purpose, id, 0, alpha);
        let y = self.gamma(purpose, id, 1024, beta);
        let t = x / (x + y);
        if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            alpha / (alpha + beta)
        }
    }
}

/// A fixed probability as a threshold on 53 random bits: `m < ceil(p · 2^53)` holds
/// exactly when `m · 2^-53 < p` for an integer m, so [`Draws::happens`] decides as
/// [`Draws::uniform`] would.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Chance(u64);

impl Chance {
    pub(crate) fn of(p: f64) -> Self {
        let scaled = (p.clamp(0.0, 1.0) * (1u64 << 53) as f64).ceil();
        Self(scaled as u64)
    }
}

/// Seed of replication `r` derived from a base seed: the same for every scenario.
pub(crate) fn replication_seed(seed: u64, r: u32) -> u64 {
    Draws::new(seed).bits(Purpose::Replication, r, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniforms_are_uniform_and_keyed() {
        let d = Draws::new(42);
        let n = 100_000;
        let mean: f64 = (0..n)
            .map(|i| d.uniform(Purpose::Churn, i, 3, 0))
            .sum::<f64>()
            / f64::from(n);
        assert!((mean - 0.5).abs() < 0.005);
        assert_ne!(
            d.uniform(Purpose::Churn, 1, 3, 0),
            d.uniform(Purpose::Enquiry, 1, 3, 0)
        );
        assert_eq!(
            d.uniform(Purpose::Churn, 1, 3, 0),
            Draws::new(42).uniform(Purpose::Churn, 1, 3, 0)
        );
    }

    #[test]
    fn a_chance_decides_exactly_as_a_uniform_compared_with_it() {
        let d = Draws::new(9);
        for p in [0.0, 1e-9, 0.03, 0.5, 0.123_456_789, 0.999, 1.0] {
            let c = Chance::of(p);
            for i in 0..20_000 {
                assert_eq!(
                    d.happens(Purpose::Arrival, i, 5, 0, c),
                    d.uniform(Purpose::Arrival, i, 5, 0) < p,
                    "p = {p}, i = {i}"
                );
            }
        }
    }

    #[test]
    fn beta_has_the_right_mean() {
        let d = Draws::new(7);
        let n = 50_000;
        let m: f64 = (0..n)
            .map(|i| d.beta(Purpose::Theta, i, 0.704, 1.182))
            .sum::<f64>()
            / f64::from(n);
        assert!((m - 0.704 / 1.886).abs() < 0.006, "{m}");
    }
}
