//! The market around the firms: how a person chooses a firm and a plan, and each firm's
//! public reputation. Not a policy of the focal firm: every firm is chosen by the same
//! rule (docs/model.md §10).
//!
//! **Choice.** A person of segment g with churn propensity θ choosing among the plans on
//! offer picks plan k of firm j with multinomial-logit probability ∝ exp(U), where
//!
//! ```text
//! U = c · q_j + w · R_j − λ_g · cost_jk(θ)
//! ```
//!
//! with q_j the firm's quality (the focal firm's improved by listening), R_j its
//! reputation, λ_g the segment's price sensitivity and cost the plan's monthly cost to
//! this person: the price, less a device subsidy spread over the term, plus the term's
//! expected exit cost for someone of propensity θ (`contract::expected_exit_cost`). Only
//! differences in utility matter, so an attribute shared by every firm drops out.
//!
//! **Reputation.** What a firm's customers say accumulates in two stocks, positive and
//! negative messages, each fading with a half-life; the reputation is their net
//! balance R = (P − N) / (P + N), from −1 (only complaints) to 1 (only praise). It is
//! 0 when word of mouth is off.

use super::policy::TermPlan;

/// A firm's plans as the market sees them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Offer {
    /// Monthly list price of the free-exit plan.
    pub list_price: f64,
    /// The free-exit plan is on offer.
    pub free: bool,
    pub term: Option<TermPlan>,
}

impl Offer {
    /// The monthly price of `plan` (before any negotiated discount).
    #[inline]
    pub fn price(&self, plan: Plan) -> f64 {
        match (plan, self.term) {
            (Plan::Term, Some(term)) => term.price(self.list_price),
            _ => self.list_price,
        }
    }
}

/// Which of a firm's plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    Free,
    Term,
}

/// Every firm's plans as weights for each segment this month, and the pull of rivals.
/// Weights are exp(U − top) with `top` the segment's highest utility before exit costs,
/// so they stay in range; a term plan's weight is finished per person, since its
/// expected exit cost depends on the person's own propensity to leave.
/// Steps of the exit-cost grid over θ.
const EXIT_STEPS: usize = 1024;

pub(crate) struct Choice {
    firms: usize,
    segments: usize,
    /// exp(U − top) of each firm's free plan per segment, `[firm][segment]`; 0 if not
    /// offered.
    free_weight: Vec<f64>,
    /// exp(U − top) of each firm's term plan per segment before the person's expected
    /// exit cost, `[firm][segment]`; 0 if not offered.
    term_weight: Vec<f64>,
    /// exp(−λ_g · expected exit cost(θ)) of each firm's term plan for each segment, on
    /// a grid of θ in [0, 1] (`EXIT_STEPS` steps, read with linear interpolation),
    /// `[firm][segment][step]`. The offers do not change during a run, so the grid is
    /// made once; a choice then needs no exponential.
    exit_factor: Vec<f64>,
    /// λ_g per segment.
    price_weight: Vec<f64>,
    /// Pull of the other firms on a customer of firm j in segment g, `[firm][segment]`:
    /// the share of choice weight (at the segment's mean propensity) held by the others.
    pull: Vec<f64>,
    /// (firm, plan, weight) of the options in a pick.
    scratch: Vec<(usize, Plan, f64)>,
}

impl Choice {
    pub fn new(offers: &[Offer], price_weight: Vec<f64>) -> Self {
        let firms = offers.len();
        let segments = price_weight.len();
        let mut exit_factor = vec![1.0; firms * segments * (EXIT_STEPS + 1)];
        for (j, o) in offers.iter().enumerate() {
            let Some(plan) = o.term else { continue };
            for (g, lambda) in price_weight.iter().enumerate() {
                let at = (j * segments + g) * (EXIT_STEPS + 1);
                for k in 0..=EXIT_STEPS {
                    let theta = k as f64 / EXIT_STEPS as f64;
                    exit_factor[at + k] = libm::exp(
                        -lambda
                            * super::policy::contract::expected_exit_cost(
                                theta,
                                plan.months,
                                plan.penalty,
                            ),
                    );
                }
            }
        }
        Self {
            firms,
            segments,
            free_weight: vec![0.0; firms * segments],
            term_weight: vec![0.0; firms * segments],
            exit_factor,
            price_weight,
            pull: vec![0.0; firms * segments],
            scratch: Vec::with_capacity(2 * firms),
        }
    }

    /// Sets this month's weights from each firm's attractiveness (c · q + w · R) and
    /// offer, and the pull of rivals at each segment's mean churn propensity.
    pub fn update(&mut self, attractiveness: &[f64], offers: &[Offer], mean_theta: &[f64]) {
        for (g, &theta) in mean_theta.iter().enumerate().take(self.segments) {
            let lambda = self.price_weight[g];
            let free = |j: usize| {
                let o = &offers[j];
                o.free.then(|| attractiveness[j] - lambda * o.list_price)
            };
            let term = |j: usize| {
                let o = &offers[j];
                o.term.map(|plan| {
                    let months = f64::from(plan.months.max(1));
                    attractiveness[j] - lambda * (plan.price(o.list_price) - plan.subsidy / months)
                })
            };
            let top = (0..self.firms)
                .flat_map(|j| [free(j), term(j)])
                .flatten()
                .fold(f64::NEG_INFINITY, f64::max);
            for j in 0..self.firms {
                let at = j * self.segments + g;
                self.free_weight[at] = free(j).map_or(0.0, |u| libm::exp(u - top));
                self.term_weight[at] = term(j).map_or(0.0, |u| libm::exp(u - top));
            }
            let weights: Vec<f64> = (0..self.firms)
                .map(|j| {
                    let [f, t] = self.weights(j, g, theta);
                    f + t
                })
                .collect();
            let total: f64 = weights.iter().sum();
            for (j, w) in weights.iter().enumerate() {
                self.pull[j * self.segments + g] = if total > 0.0 {
                    (total - w) / total
                } else {
                    0.0
                };
            }
        }
    }

    /// Weights of firm j's free and term plans for a person of segment g and
    /// propensity θ (0 for a plan not on offer).
    #[inline]
    fn weights(&self, j: usize, g: usize, theta: f64) -> [f64; 2] {
        let at = j * self.segments + g;
        let term = self.term_weight[at];
        if term == 0.0 {
            return [self.free_weight[at], 0.0];
        }
        let x = theta.clamp(0.0, 1.0) * EXIT_STEPS as f64;
        let k = (x as usize).min(EXIT_STEPS - 1);
        let w = x - k as f64;
        let grid = &self.exit_factor[at * (EXIT_STEPS + 1) + k..at * (EXIT_STEPS + 1) + k + 2];
        [
            self.free_weight[at],
            term * (grid[0] * (1.0 - w) + grid[1] * w),
        ]
    }

    /// Pull of the other firms on a customer of firm `j` in segment `g`.
    #[inline]
    pub fn pull(&self, j: usize, g: usize) -> f64 {
        self.pull[j * self.segments + g]
    }

    /// A firm and plan for a person of segment `g` and propensity `theta`, among the
    /// firms not in `mask` (bit j set = excluded), by inverse transform of the uniform
    /// `u`. `None` if no firm is left.
    pub fn pick(
        &mut self,
        g: usize,
        theta: f64,
        mask: u32,
        u: f64,
        offers: &[Offer],
    ) -> Option<(usize, Plan)> {
        let mut options = std::mem::take(&mut self.scratch);
        options.clear();
        let mut total = 0.0;
        for j in (0..self.firms).filter(|j| mask & (1 << j) == 0) {
            let [free, term] = self.weights(j, g, theta);
            if offers[j].free {
                options.push((j, Plan::Free, free));
                total += free;
            }
            if offers[j].term.is_some() {
                options.push((j, Plan::Term, term));
                total += term;
            }
        }
        let mut chosen = options.last().map(|&(j, plan, _)| (j, plan));
        let mut x = u * total;
        for &(j, plan, w) in &options {
            x -= w;
            if x < 0.0 {
                chosen = Some((j, plan));
                break;
            }
        }
        self.scratch = options;
        chosen
    }

    /// The plan a customer already placed at firm `j` is on at the start: chosen
    /// between the firm's own plans by the same rule.
    pub fn plan_at(&self, j: usize, g: usize, theta: f64, u: f64, offers: &[Offer]) -> Plan {
        let o = &offers[j];
        match (o.free, o.term.is_some()) {
            (true, true) => {
                let [free, term] = self.weights(j, g, theta);
                if u * (free + term) < term {
                    Plan::Term
                } else {
                    Plan::Free
                }
            }
            (false, true) => Plan::Term,
            _ => Plan::Free,
        }
    }
}

/// Each firm's stocks of positive and negative word of mouth, fading with a half-life.
pub(crate) struct Reputation {
    positive: Vec<f64>,
    negative: Vec<f64>,
    /// Share of a stock kept from one month to the next: 0.5^(1 / half-life).
    keep: f64,
}

impl Reputation {
    pub fn new(firms: usize, half_life_months: f64) -> Self {
        Self {
            positive: vec![0.0; firms],
            negative: vec![0.0; firms],
            keep: libm::pow(0.5, 1.0 / half_life_months),
        }
    }

    /// Starts firm `j` at the stocks a steady flow of `positive` and `negative`
    /// messages a month would have built, so a run does not start from silence.
    pub fn settle(&mut self, j: usize, positive: f64, negative: f64) {
        let fill = 1.0 / (1.0 - self.keep).max(1e-12);
        self.positive[j] = positive * fill;
        self.negative[j] = negative * fill;
    }

    /// A month of messages about firm `j`.
    pub fn add(&mut self, j: usize, positive: f64, negative: f64) {
        self.positive[j] = self.positive[j] * self.keep + positive;
        self.negative[j] = self.negative[j] * self.keep + negative;
    }

    /// Net balance (P − N) / (P + N) in [−1, 1]; 0 when nothing was said.
    pub fn net(&self, j: usize) -> f64 {
        let (p, n) = (self.positive[j], self.negative[j]);
        if p + n > 0.0 { (p - n) / (p + n) } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offers() -> Vec<Offer> {
        let term = TermPlan {
            months: 24,
            discount: 0.1,
            subsidy: 0.0,
            penalty: 150.0,
        };
        vec![
            Offer {
                list_price: 30.0,
                free: true,
                term: Some(term),
            },
            Offer {
                list_price: 30.0,
                free: true,
                term: None,
            },
        ]
    }

    #[test]
    fn people_prone_to_leave_choose_free_exit_and_loyal_people_the_discount() {
        let offers = offers();
        let mut choice = Choice::new(&offers, vec![0.2]);
        choice.update(&[0.0, 0.0], &offers, &[0.02]);
        let share_term = |theta: f64| {
            (0..2_000)
                .filter(|k| {
                    let u = (f64::from(*k) + 0.5) / 2_000.0;
                    choice.plan_at(0, 0, theta, u, &offers) == Plan::Term
                })
                .count()
        };
        // λ = 0.2 per €: the 3 € discount outweighs 0.7 € of expected exit cost for a
        // loyal person (θ = 0.5%) but not 5.75 € for one prone to leave (θ = 10%).
        let (loyal, prone) = (share_term(0.005), share_term(0.1));
        assert!(loyal > 1_150, "loyal: {loyal}");
        assert!(prone < 800, "prone to leave: {prone}");
    }

    #[test]
    fn a_cheaper_or_better_reputed_firm_is_picked_more_often() {
        let mut offers = offers();
        offers[0].term = None;
        let mut choice = Choice::new(&offers, vec![0.1]);
        let count = |choice: &mut Choice, offers: &[Offer]| {
            (0..1_000)
                .filter(|k| {
                    let u = (f64::from(*k) + 0.5) / 1_000.0;
                    choice.pick(0, 0.02, 0, u, offers).map(|p| p.0) == Some(0)
                })
                .count()
        };
        choice.update(&[0.0, 0.0], &offers, &[0.02]);
        assert_eq!(count(&mut choice, &offers), 500);
        offers[0].list_price = 25.0;
        choice.update(&[0.0, 0.0], &offers, &[0.02]);
        let cheaper = count(&mut choice, &offers);
        assert!(cheaper > 600, "{cheaper}");
        assert!(choice.pull(0, 0) < choice.pull(1, 0));
        offers[0].list_price = 30.0;
        choice.update(&[0.5, 0.0], &offers, &[0.02]);
        assert!(count(&mut choice, &offers) > 550);
        assert_eq!(choice.pick(0, 0.02, 0b11, 0.5, &offers), None);
    }

    #[test]
    fn reputation_is_the_net_balance_of_what_is_said_and_fades() {
        let mut r = Reputation::new(1, 6.0);
        assert_eq!(r.net(0), 0.0);
        r.settle(0, 300.0, 100.0);
        assert!((r.net(0) - 0.5).abs() < 1e-12);
        for _ in 0..6 {
            r.add(0, 0.0, 0.0);
        }
        assert!(
            (r.net(0) - 0.5).abs() < 1e-12,
            "fading alone keeps the balance"
        );
        r.add(0, 0.0, 1e6);
        assert!(r.net(0) < -0.9);
    }
}
