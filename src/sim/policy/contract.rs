//! Essay 4, "This is how real loyalty begins": lock-in contracts vs free exit.
//!
//! Claim modelled: a tie imposed by contract makes a customer who wants to leave count
//! the days until the term ends and then go, or squeeze the provider at the end; a
//! relationship the customer chose is forgiven an occasional error.
//!
//! What a contract does to a customer (the month loop calls the functions below):
//! - **Plans.** A firm offers free exit, a term plan (months, discount on the monthly
//!   price, a one-off device subsidy, an early-exit penalty), or both. People choose a
//!   firm and a plan together (`sim::market`); the term's expected cost to someone who
//!   expects to leave, [`expected_exit_cost`], makes customers prone to leave avoid
//!   terms, so the term *selects* customers.
//! - **Captives.** A tied customer whose churn draw says "leave" pays the penalty with
//!   probability [`pay_penalty_probability`], or else becomes *captive*. A captive's
//!   grievance accumulates: every month [`resentment`] is taken from satisfaction and
//!   kept as a scar, so the drift back to the firm's quality cannot undo it. Each month a
//!   captive may pay the penalty; at the end of the term every captive still there gives
//!   notice (the cliff).
//! - **Renewal.** A customer who stays at the end of the term signs again
//!   (`relock_on_renewal`) or becomes free; either way a share `renewal_ask_share`
//!   negotiates `renewal_discount` off the price ([`renew`]): the squeeze.
//! - **Forgiveness.** Customers who are not tied have `forgiveness` of every incident's
//!   hit forgiven.
//!
//! All behavioural numbers here are modelling assumptions, not published figures (see
//! docs/model.md §5).

use crate::sim::validate::Checker;
use serde::{Deserialize, Serialize};

/// The focal firm's plans and how its customers behave under a term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContractPolicy {
    /// Minimum term of the term plan in months; 0 = no term plan, free exit only.
    /// Range 0-600.
    pub term_months: u32,
    /// With a term plan, also offer the free-exit plan so customers choose (true), or
    /// offer the term plan only (false).
    pub free_exit_plan_too: bool,
    /// Share taken off the monthly price on the term plan (0-1).
    pub term_discount: f64,
    /// One-off value given to a customer who signs the term plan (a device, say),
    /// paid by the firm at signing (currency units, 0-1e5).
    pub device_subsidy: f64,
    /// Early-exit penalty paid by a tied customer who leaves (currency units). 0-1e7.
    pub exit_penalty: f64,
    /// Sign a new term at the end of the old one (true) or become free (false).
    pub relock_on_renewal: bool,
    /// Satisfaction a captive customer loses each month, kept as grievance (0-1).
    pub resentment_per_month: f64,
    /// Satisfaction at which a tied customer who wants to leave pays the penalty with
    /// half the chance the penalty's size allows (0-1).
    pub pay_penalty_midpoint: f64,
    /// How sharply that chance rises below the midpoint (satisfaction, 0.001-1).
    pub pay_penalty_spread: f64,
    /// Penalty, in months of the customer's price, that halves the chance of paying it
    /// (0-120).
    pub penalty_tolerance_months: f64,
    /// Share of customers who stay at the end of a term and negotiate a discount (0-1).
    pub renewal_ask_share: f64,
    /// Discount won by a customer who negotiates at renewal, off the plan's price (0-1).
    pub renewal_discount: f64,
    /// Share of an incident's hit forgiven by customers who are not tied (0-1).
    pub forgiveness: f64,
    /// Existing customers' terms start at random months (true) or all at month 0
    /// (false: the policy is introduced now, so the end-of-term cliff is visible).
    /// Competitors' existing terms are always staggered: their policy is not new.
    pub staggered_start: bool,
}

impl Default for ContractPolicy {
    /// Free exit, with the behavioural parameters used if a term is set.
    fn default() -> Self {
        Self {
            term_months: 0,
            free_exit_plan_too: false,
            term_discount: 0.1,
            device_subsidy: 0.0,
            exit_penalty: 150.0,
            relock_on_renewal: true,
            resentment_per_month: 0.02,
            pay_penalty_midpoint: 0.2,
            pay_penalty_spread: 0.05,
            penalty_tolerance_months: 2.0,
            renewal_ask_share: 0.3,
            renewal_discount: 0.15,
            forgiveness: 0.25,
            staggered_start: false,
        }
    }
}

impl ContractPolicy {
    /// No contract mechanism at all: free exit, nothing forgiven.
    pub fn neutral() -> Self {
        Self {
            forgiveness: 0.0,
            ..Self::default()
        }
    }

    /// A lock-in of `months` (term plan only) with re-lock at renewal.
    pub fn lock_in(months: u32) -> Self {
        Self {
            term_months: months,
            ..Self::default()
        }
    }

    /// The term plan on offer, if any.
    pub fn term_plan(&self) -> Option<TermPlan> {
        (self.term_months > 0).then_some(TermPlan {
            months: self.term_months,
            discount: self.term_discount,
            subsidy: self.device_subsidy,
            penalty: self.exit_penalty,
        })
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        c.count(
            format!("{at}.term_months"),
            u64::from(self.term_months),
            0,
            600,
        );
        c.share(format!("{at}.term_discount"), self.term_discount);
        c.range(
            format!("{at}.device_subsidy"),
            self.device_subsidy,
            0.0,
            1e5,
        );
        c.range(format!("{at}.exit_penalty"), self.exit_penalty, 0.0, 1e7);
        c.share(
            format!("{at}.resentment_per_month"),
            self.resentment_per_month,
        );
        c.share(
            format!("{at}.pay_penalty_midpoint"),
            self.pay_penalty_midpoint,
        );
        c.range(
            format!("{at}.pay_penalty_spread"),
            self.pay_penalty_spread,
            0.001,
            1.0,
        );
        c.range(
            format!("{at}.penalty_tolerance_months"),
            self.penalty_tolerance_months,
            0.0,
            120.0,
        );
        c.share(format!("{at}.renewal_ask_share"), self.renewal_ask_share);
        c.share(format!("{at}.renewal_discount"), self.renewal_discount);
        c.share(format!("{at}.forgiveness"), self.forgiveness);
    }
}

/// A term plan as a firm offers it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TermPlan {
    pub months: u32,
    /// Share off the list price.
    pub discount: f64,
    /// One-off value at signing (currency units).
    pub subsidy: f64,
    pub penalty: f64,
}

impl TermPlan {
    /// Monthly price on this plan for a list price.
    #[inline]
    pub fn price(&self, list_price: f64) -> f64 {
        list_price * (1.0 - self.discount)
    }

    /// What the plan costs a customer with churn propensity `theta` per month of the
    /// term, in currency: the price, less the subsidy spread over the term, plus the
    /// [`expected_exit_cost`].
    #[inline]
    pub fn monthly_cost(&self, list_price: f64, theta: f64) -> f64 {
        let months = f64::from(self.months.max(1));
        self.price(list_price) - self.subsidy / months
            + expected_exit_cost(theta, self.months, self.penalty)
    }
}

/// A term's expected cost per month to someone who expects to want to leave with
/// monthly probability `theta`: the chance of wanting out before the term ends,
/// 1 − (1 − θ)^T, times the penalty, spread over the T months. Customers prone to
/// leave therefore shy away from terms, and a term plan selects loyal customers.
#[inline]
pub fn expected_exit_cost(theta: f64, months: u32, penalty: f64) -> f64 {
    if months == 0 || penalty <= 0.0 {
        return 0.0;
    }
    (1.0 - stay_through(1.0 - theta.clamp(0.0, 1.0), months)) * penalty / f64::from(months)
}

/// x^n by repeated squaring: exact IEEE products, so the same bits on every platform,
/// and cheaper than exp(n · ln x) in the choice loop.
#[inline]
pub fn stay_through(mut x: f64, mut n: u32) -> f64 {
    let mut out = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            out *= x;
        }
        x *= x;
        n >>= 1;
    }
    out
}

/// Chance that a tied customer who wants to leave pays the penalty this month:
///
/// ```text
/// σ((midpoint − s) / spread) · M / (M + penalty / price)
/// ```
///
/// with σ the logistic function and M `penalty_tolerance_months`. Lower satisfaction
/// makes paying likelier; a penalty that is large against the monthly price makes it
/// rarer (a penalty of M months' price halves it). No penalty and very low satisfaction:
/// nearly certain.
#[inline]
pub fn pay_penalty_probability(policy: &ContractPolicy, s: f32, penalty: f64, price: f32) -> f64 {
    willingness_to_pay(policy, f64::from(s)) * penalty_deterrence(policy, penalty, price)
}

/// σ((midpoint − s) / spread): the satisfaction part of [`pay_penalty_probability`].
#[inline]
pub fn willingness_to_pay(policy: &ContractPolicy, s: f64) -> f64 {
    let z = (policy.pay_penalty_midpoint - s) / policy.pay_penalty_spread;
    1.0 / (1.0 + libm::exp(-z))
}

/// M / (M + penalty / price): the penalty part of [`pay_penalty_probability`], an
/// upper bound of the whole chance.
#[inline]
pub fn penalty_deterrence(policy: &ContractPolicy, penalty: f64, price: f32) -> f64 {
    let m = policy.penalty_tolerance_months;
    let months_of_price = if price > 0.0 {
        penalty / f64::from(price)
    } else if penalty > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    if months_of_price <= 0.0 {
        1.0
    } else if m <= 0.0 || !months_of_price.is_finite() {
        0.0
    } else {
        m / (m + months_of_price)
    }
}

/// Satisfaction a captive loses this month (also added to its scar: grievance
/// accumulates while tied and does not fade).
#[inline]
pub fn resentment(policy: &ContractPolicy, tie_sensitivity: f32) -> f32 {
    policy.resentment_per_month as f32 * tie_sensitivity
}

/// What happens to a customer who stays at the end of a term.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Renewal {
    /// Month the new term ends, or 0 for free exit from now on.
    pub contract_end: u32,
    /// Still on the term plan.
    pub on_term: bool,
    /// New monthly price.
    pub price: f32,
    /// Negotiated a discount.
    pub squeezed: bool,
}

/// Renewal at the end of a term in month `t`: re-lock for another term or become free
/// at the list price (`relock_on_renewal`); with chance `renewal_ask_share` (decided by
/// `ask_draw`) the customer negotiates `renewal_discount` off the plan's price (never
/// raising a price already lower). Customers of every firm behave by these rules.
#[inline]
pub fn renew(
    policy: &ContractPolicy,
    plan: TermPlan,
    list_price: f64,
    current_price: f32,
    t: u32,
    ask_draw: f64,
) -> Renewal {
    let relock = policy.relock_on_renewal;
    let plan_price = if relock {
        plan.price(list_price)
    } else {
        list_price
    };
    let squeezed = ask_draw < policy.renewal_ask_share;
    let price = if squeezed {
        (plan_price * (1.0 - policy.renewal_discount)) as f32
    } else {
        plan_price as f32
    };
    Renewal {
        contract_end: if relock { t + plan.months } else { 0 },
        on_term: relock,
        // A negotiated price is kept if it is already lower.
        price: if squeezed {
            price.min(current_price)
        } else {
            price
        },
        squeezed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paying_the_penalty_gets_likelier_as_satisfaction_falls_and_rarer_as_it_grows() {
        let p = ContractPolicy::default();
        let at = |s: f32, penalty: f64| pay_penalty_probability(&p, s, penalty, 30.0);
        assert!(at(0.1, 150.0) > at(0.3, 150.0));
        assert!(at(0.3, 150.0) > at(0.6, 150.0));
        assert!(at(0.1, 30.0) > at(0.1, 150.0));
        assert!(at(0.1, 150.0) > at(0.1, 1500.0));
        // At the midpoint, a penalty of M months' price halves a half chance.
        let half = at(
            p.pay_penalty_midpoint as f32,
            30.0 * p.penalty_tolerance_months,
        );
        assert!((half - 0.25).abs() < 1e-6, "{half}");
        assert!(pay_penalty_probability(&p, 0.0, 0.0, 30.0) > 0.95);
    }

    #[test]
    fn customers_prone_to_leave_expect_terms_to_cost_more() {
        assert!(expected_exit_cost(0.05, 24, 150.0) > expected_exit_cost(0.01, 24, 150.0));
        assert_eq!(expected_exit_cost(0.05, 0, 150.0), 0.0);
        assert_eq!(expected_exit_cost(0.05, 24, 0.0), 0.0);
        assert!((expected_exit_cost(1.0, 24, 240.0) - 10.0).abs() < 1e-12);
    }

    #[test]
    fn renewal_squeezes_the_price_only_for_those_who_ask() {
        let mut policy = ContractPolicy::lock_in(24);
        let plan = policy.term_plan().unwrap();
        let asked = renew(&policy, plan, 30.0, 27.0, 24, 0.1);
        assert!(asked.squeezed && asked.on_term && asked.contract_end == 48);
        assert!((asked.price - 27.0 * 0.85).abs() < 1e-4);
        let kept = renew(&policy, plan, 30.0, 27.0, 24, 0.9);
        assert!(!kept.squeezed && (kept.price - 27.0).abs() < 1e-4);
        policy.relock_on_renewal = false;
        let free = renew(&policy, plan, 30.0, 27.0, 24, 0.9);
        assert_eq!((free.contract_end, free.on_term), (0, false));
        assert!((free.price - 30.0).abs() < 1e-4);
    }
}
