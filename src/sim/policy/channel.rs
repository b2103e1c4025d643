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
//! and improvement adds to every customer's satisfaction target. Distributors keep
//! `distributor_margin_share` of revenue. Listening costs `cost_per_customer_heard`
//! per customer heard. The functional form and defaults are our assumptions.

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
            max_improvement: 0.15,
            distributor_reach: 0.3,
            distributor_delay_months: 6,
            distributor_margin_share: 0.2,
            cost_per_customer_heard: 0.5,
        }
    }
}

impl ChannelPolicy {
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
