//! Essay 2, "The need to get close to the customer": direct relationship vs selling
//! through distributors.
//!
//! Claim modelled: a firm that talks with its end customers hears their complaints and
//! ideas and improves its offer; a firm behind distributors hears a filtered, late
//! signal, learns slowly, and gives part of its margin away.
//!
//! Each month the firm hears feedback from the share `f` of its customers who spoke to
//! it (enquired, were hit by an incident, or are detractors). Direct: heard = f.
//! Distributors: heard = `distributor_reach * f` from `distributor_delay_months` ago.
//! The offer improves by `learning_rate * heard * (max_improvement - improvement)`,
//! and improvement adds to every customer's satisfaction target (and to the quality
//! prospects see). Distributors sell for the firm: they bear the cost of winning
//! customers (the firm's acquisition cost is not paid) and keep
//! `distributor_margin_share` of revenue in return. Listening costs
//! `cost_per_customer_heard` per customer heard. The functional form and defaults are
//! our assumptions.

use crate::sim::validate::Checker;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelMode {
    Direct,
    Distributors,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelPolicy {
    pub mode: ChannelMode,
    /// Speed at which heard feedback improves the offer (per month, 0-1).
    pub learning_rate: f64,
    /// Most the offer can improve satisfaction by listening (0-1).
    pub max_improvement: f64,
    /// Share of feedback distributors pass on (0-1).
    pub distributor_reach: f64,
    /// Months distributors take to pass feedback on (0-120).
    pub distributor_delay_months: u32,
    /// Share of revenue kept by distributors (0-1).
    pub distributor_margin_share: f64,
    /// Cost of listening to one customer (currency units).
    pub cost_per_customer_heard: f64,
}

impl Default for ChannelPolicy {
    fn default() -> Self {
        Self {
            mode: ChannelMode::Direct,
            learning_rate: 0.3,
            max_improvement: 0.05,
            distributor_reach: 0.3,
            distributor_delay_months: 6,
            distributor_margin_share: 0.2,
            cost_per_customer_heard: 0.5,
        }
    }
}

impl ChannelPolicy {
    /// Feedback heard this month from the history of listening shares f_0..f_t (the
    /// last is this month's): all of it directly, a late and filtered share through
    /// distributors.
    pub fn heard(&self, feedback_history: &[f64]) -> f64 {
        let k = feedback_history.len();
        match self.mode {
            ChannelMode::Direct => feedback_history.last().copied().unwrap_or(0.0),
            ChannelMode::Distributors => {
                let d = self.distributor_delay_months as usize;
                if k > d {
                    self.distributor_reach * feedback_history[k - 1 - d]
                } else {
                    0.0
                }
            }
        }
    }

    /// The offer's improvement after hearing `heard`: I + rate · H · (max − I).
    pub fn improve(&self, improvement: f64, heard: f64) -> f64 {
        improvement + self.learning_rate * heard * (self.max_improvement - improvement).max(0.0)
    }

    /// Share of revenue kept by distributors.
    pub fn distributor_share(&self) -> f64 {
        match self.mode {
            ChannelMode::Direct => 0.0,
            ChannelMode::Distributors => self.distributor_margin_share,
        }
    }

    /// Direct, but nothing is learnt and nothing is paid.
    pub fn neutral() -> Self {
        Self {
            learning_rate: 0.0,
            cost_per_customer_heard: 0.0,
            ..Self::default()
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        c.share(format!("{at}.learning_rate"), self.learning_rate);
        c.share(format!("{at}.max_improvement"), self.max_improvement);
        c.share(format!("{at}.distributor_reach"), self.distributor_reach);
        c.count(
            format!("{at}.distributor_delay_months"),
            u64::from(self.distributor_delay_months),
            0,
            120,
        );
        c.share(
            format!("{at}.distributor_margin_share"),
            self.distributor_margin_share,
        );
        c.range(
            format!("{at}.cost_per_customer_heard"),
            self.cost_per_customer_heard,
            0.0,
            1e6,
        );
    }
}
