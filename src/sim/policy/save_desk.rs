//! The retention ("save") desk: the reactive counterpart of essay 3's proactive call.
//!
//! Claim modelled: a firm without memory waits until the customer asks to leave, then
//! tries to keep them with an offer; at the end of a term this is where the customer
//! squeezes the provider (essay 4). Essay 3 argues the firm should call first instead
//! (`replies.memory`); the desk lets the two be compared.
//!
//! Per customer: a focal customer who decides to leave (unhappy, lured, at a
//! renegotiation point, at the end of a term, or about to pay the penalty) first gives
//! notice. The desk makes an offer: with chance `withdraw_share` the customer withdraws
//! the notice and stays with `save_discount` off the plan's price; with chance
//! `downgrade_share` they move to a cheaper plan paying `downgrade_price_share` of it;
//! otherwise they leave as they meant to. Every notice costs `cost_per_notice`. A saved
//! customer is no happier than before, so many give notice again later. Refusers of a
//! forced service are not handled by the desk (their complaint is the service itself).
//! The shares and costs are modelling assumptions.

use crate::sim::validate::{Checker, ProblemKind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SaveDeskPolicy {
    /// The focal firm runs a retention desk.
    pub enabled: bool,
    /// Share of notices withdrawn after the desk's offer (0-1).
    pub withdraw_share: f64,
    /// Share of notices that end in a move to a cheaper plan (0-1; with
    /// `withdraw_share`, at most 1).
    pub downgrade_share: f64,
    /// Discount off the plan's price given to a customer who withdraws (0-1).
    pub save_discount: f64,
    /// Share of the plan's price paid after a downgrade (0-1).
    pub downgrade_price_share: f64,
    /// Cost of handling one notice (currency units).
    pub cost_per_notice: f64,
}

impl Default for SaveDeskPolicy {
    fn default() -> Self {
        Self {
            enabled: false,
            withdraw_share: 0.25,
            downgrade_share: 0.15,
            save_discount: 0.2,
            downgrade_price_share: 0.6,
            cost_per_notice: 10.0,
        }
    }
}

/// What a notice ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskOutcome {
    Withdrawn,
    Downgraded,
    Left,
}

impl SaveDeskPolicy {
    pub fn neutral() -> Self {
        Self::default()
    }

    /// The outcome of a notice, for a uniform `u`.
    #[inline]
    pub fn outcome(&self, u: f64) -> DeskOutcome {
        if u < self.withdraw_share {
            DeskOutcome::Withdrawn
        } else if u < self.withdraw_share + self.downgrade_share {
            DeskOutcome::Downgraded
        } else {
            DeskOutcome::Left
        }
    }

    /// Price after the outcome, for a customer paying `price` on a plan listed at
    /// `plan_price` (a price already lower is kept).
    #[inline]
    pub fn price_after(&self, outcome: DeskOutcome, plan_price: f64, price: f32) -> f32 {
        let offered = match outcome {
            DeskOutcome::Withdrawn => plan_price * (1.0 - self.save_discount),
            DeskOutcome::Downgraded => plan_price * self.downgrade_price_share,
            DeskOutcome::Left => return price,
        };
        (offered as f32).min(price)
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        let a = c.share(format!("{at}.withdraw_share"), self.withdraw_share);
        let b = c.share(format!("{at}.downgrade_share"), self.downgrade_share);
        if a && b && self.withdraw_share + self.downgrade_share > 1.0 + 1e-9 {
            c.push(
                format!("{at}.downgrade_share"),
                ProblemKind::SharesExceedOne {
                    sum: self.withdraw_share + self.downgrade_share,
                },
            );
        }
        c.share(format!("{at}.save_discount"), self.save_discount);
        c.share(
            format!("{at}.downgrade_price_share"),
            self.downgrade_price_share,
        );
        c.range(
            format!("{at}.cost_per_notice"),
            self.cost_per_notice,
            0.0,
            1e6,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_ends_withdrawn_downgraded_or_left_in_the_set_shares() {
        let d = SaveDeskPolicy::default();
        let n = 10_000;
        let mut counts = [0usize; 3];
        for k in 0..n {
            let u = (f64::from(k) + 0.5) / f64::from(n);
            counts[match d.outcome(u) {
                DeskOutcome::Withdrawn => 0,
                DeskOutcome::Downgraded => 1,
                DeskOutcome::Left => 2,
            }] += 1;
        }
        assert_eq!(counts, [2_500, 1_500, 6_000]);
        assert!((d.price_after(DeskOutcome::Withdrawn, 30.0, 30.0) - 24.0).abs() < 1e-5);
        assert!((d.price_after(DeskOutcome::Downgraded, 30.0, 30.0) - 18.0).abs() < 1e-5);
        assert_eq!(d.price_after(DeskOutcome::Withdrawn, 30.0, 10.0), 10.0);
    }
}
