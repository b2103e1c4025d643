//! Essay 4, "This is how real loyalty begins": lock-in contracts vs free exit.
//!
//! Claim modelled: a tie imposed by contract makes a customer who wants to leave count
//! the days until the term ends and then go; the relationship is tested at the end of
//! the term, not during it. A customer who chose to stay forgives an occasional error.
//!
//! Mechanism, per customer and month: a tied customer (month < `contract_end`) whose
//! churn draw says "leave" either pays the early-exit penalty (if satisfaction is below
//! `pay_penalty_below`) or becomes *captive*. Captive customers lose
//! `resentment_per_month` of satisfaction each month (scaled by the segment's
//! sensitivity to being tied), pay the penalty once satisfaction falls below the
//! threshold, and otherwise all leave at the end of the term: the cliff. Non-captive
//! customers re-sign at the end of the term if `relock_on_renewal`, else they become
//! free. Customers who are not tied have `forgiveness` of every incident's hit forgiven
//! (the essay's claim, a modelling assumption, not a published figure).

use crate::sim::validate::Checker;
use serde::{Deserialize, Serialize};

/// Contract terms of a firm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContractPolicy {
    /// Minimum term in months; 0 = free exit. Range 0-600.
    pub term_months: u32,
    /// Early-exit penalty paid by a tied customer who leaves (currency units). 0-1e7.
    pub exit_penalty: f64,
    /// Sign a new term at the end of the old one (true) or become free (false).
    pub relock_on_renewal: bool,
    /// Satisfaction lost per month by a captive customer (0-1).
    pub resentment_per_month: f64,
    /// A tied customer who wants to leave pays the penalty if satisfaction is below this.
    pub pay_penalty_below: f64,
    /// Share of an incident's hit forgiven by customers who are not tied (0-1).
    pub forgiveness: f64,
    /// Existing customers' terms start at random months (true) or all at month 0
    /// (false: the policy is introduced now, so the end-of-term cliff is visible).
    pub staggered_start: bool,
}

impl Default for ContractPolicy {
    /// Free exit, with the behavioural parameters used if a term is set.
    fn default() -> Self {
        Self {
            term_months: 0,
            exit_penalty: 150.0,
            relock_on_renewal: true,
            resentment_per_month: 0.02,
            pay_penalty_below: 0.2,
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

    /// A lock-in of `months` with re-lock at renewal.
    pub fn lock_in(months: u32) -> Self {
        Self {
            term_months: months,
            ..Self::default()
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        c.count(
            format!("{at}.term_months"),
            u64::from(self.term_months),
            0,
            600,
        );
        c.range(format!("{at}.exit_penalty"), self.exit_penalty, 0.0, 1e7);
        c.share(
            format!("{at}.resentment_per_month"),
            self.resentment_per_month,
        );
        c.share(format!("{at}.pay_penalty_below"), self.pay_penalty_below);
        c.share(format!("{at}.forgiveness"), self.forgiveness);
    }
}
