//! Essay 1, "If you force me to be your customer, you will never win me": a new
//! service adopted by choice (opt-in) or by obligation (forced).
//!
//! Claim modelled: users are won by value and persuasion, not obligation; a forced
//! service breeds antipathy towards the brand; some refuse and are lost; a flexible
//! exception for those who ask keeps goodwill; a new service needs a critical mass of
//! willing adopters.
//!
//! Opt-in: each month a focal customer who has not adopted adopts with probability
//! `openness * (p + q * F)` with F the share of the firm's customers who adopted last
//! month (fully mixed peers; Bass 1969, Management Science 15(5); mean p = 0.03,
//! q = 0.38 per year over 213 applications, Sultan, Farley & Lehmann 1990), or
//! `1 - (1 - openness * p) * (1 - q)^m` with m adopting contacts (network peers;
//! Goldenberg, Libai & Muller 2001, Marketing Letters 12(3), who studied per-tie
//! effects of 0.005-0.07). Adopters gain `value` in satisfaction.
//!
//! Forced: at `forced_month` every focal customer who has not adopted is migrated. A
//! share `refusal_share` (times the segment's sensitivity to being forced, at most 1)
//! refuses. With the flexible exception, a share `exception_share` of refusers ask to
//! keep the old channel and are left alone, which costs the firm `old_channel_cost`
//! a month for each of them (running two channels is why firms force in the first
//! place). Other refusers leave (`refuse_leave_share`)
//! or stay disengaged (spending `disengaged_revenue_share` of their revenue, hit by
//! antipathy). Everyone migrated gets the service's value and an `antipathy` hit
//! (times the sensitivity); part of each hit scars (see satisfaction). Refusers
//! complain to their contacts, which reaches the firm's public reputation. Customers
//! who join in or after the forced month adopt on joining, knowing the rule. All shares
//! here are modelling assumptions, not published figures.

use crate::sim::validate::Checker;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionMode {
    /// No new service.
    None,
    /// Customers adopt by choice, by its value and by peers (Bass).
    OptIn,
    /// Everyone is migrated at `forced_month`.
    Forced,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerMixing {
    /// Peer influence from the share of all the firm's customers who adopted (Bass).
    FullyMixed,
    /// Peer influence from adopting contacts in the social network (Goldenberg et al.).
    Network,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdoptionPolicy {
    pub mode: AdoptionMode,
    /// Innovation coefficient p per month (0-1).
    pub p: f64,
    /// Imitation coefficient q per month (0-1): times F fully mixed, per tie on a network.
    pub q: f64,
    pub peers: PeerMixing,
    /// Satisfaction gained by an adopter from the service's value (0-1).
    pub value: f64,
    /// Month of the forced migration (1-600).
    pub forced_month: u32,
    /// Satisfaction hit of a forced migration (0-1).
    pub antipathy: f64,
    /// Share of customers who refuse a forced migration (0-1).
    pub refusal_share: f64,
    /// Offer the old channel to refusers who ask for it.
    pub flexible_exception: bool,
    /// Share of refusers who ask for the exception (0-1).
    pub exception_share: f64,
    /// Share of the other refusers who leave; the rest stay disengaged (0-1).
    pub refuse_leave_share: f64,
    /// Share of revenue a disengaged customer still brings (0-1).
    pub disengaged_revenue_share: f64,
    /// Monthly cost of serving one customer who kept the old channel (currency units).
    pub old_channel_cost: f64,
}

impl Default for AdoptionPolicy {
    fn default() -> Self {
        Self {
            mode: AdoptionMode::OptIn,
            // Sultan, Farley & Lehmann (1990) yearly means, spread over 12 months.
            p: 0.03 / 12.0,
            q: 0.38 / 12.0,
            peers: PeerMixing::FullyMixed,
            value: 0.05,
            forced_month: 12,
            antipathy: 0.2,
            refusal_share: 0.15,
            flexible_exception: false,
            exception_share: 0.5,
            refuse_leave_share: 0.5,
            disengaged_revenue_share: 0.5,
            old_channel_cost: 1.0,
        }
    }
}

/// What a forced migration does to one customer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ForcedOutcome {
    /// Migrated: adopts, with an antipathy hit.
    Migrated { hit: f32 },
    /// Asked for the old channel and was left alone.
    Exception,
    /// Refused and leaves the firm.
    RefusedLeaves,
    /// Refused and stays, disengaged, with an antipathy hit.
    Disengaged { hit: f32 },
}

impl AdoptionPolicy {
    /// Monthly chance that a customer who has not adopted adopts by choice: fully mixed,
    /// openness · (p + q · F) with F the adopting share of the firm's customers last
    /// month (Bass 1969); on the network, 1 − (1 − openness · p) · (1 − q)^m with m
    /// adopting contacts, read from `no_adoption_by_contacts[m]` = (1 − q)^m
    /// (Goldenberg, Libai & Muller 2001).
    #[inline]
    pub fn opt_in_probability(
        &self,
        openness: f64,
        adopted_share: f64,
        adopting_contacts: Option<f64>,
    ) -> f64 {
        match adopting_contacts {
            Some(no_adoption_by_contacts) => {
                1.0 - (1.0 - (openness * self.p).min(1.0)) * no_adoption_by_contacts
            }
            None => openness * (self.p + self.q * adopted_share),
        }
    }

    /// The forced migration of one customer whose sensitivity to being forced is
    /// `tie`, from three uniform draws: refuse?, ask for the exception?, leave?
    #[inline]
    pub fn forced_migration(&self, tie: f32, draws: [f64; 3]) -> ForcedOutcome {
        let hit = self.antipathy as f32 * tie;
        let refuse_p = (self.refusal_share * f64::from(tie)).min(1.0);
        if draws[0] >= refuse_p {
            ForcedOutcome::Migrated { hit }
        } else if self.flexible_exception && draws[1] < self.exception_share {
            ForcedOutcome::Exception
        } else if draws[2] < self.refuse_leave_share {
            ForcedOutcome::RefusedLeaves
        } else {
            ForcedOutcome::Disengaged { hit }
        }
    }

    /// No new service.
    pub fn neutral() -> Self {
        Self {
            mode: AdoptionMode::None,
            ..Self::default()
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        c.share(format!("{at}.p"), self.p);
        c.share(format!("{at}.q"), self.q);
        c.share(format!("{at}.value"), self.value);
        c.count(
            format!("{at}.forced_month"),
            u64::from(self.forced_month),
            1,
            600,
        );
        c.share(format!("{at}.antipathy"), self.antipathy);
        c.share(format!("{at}.refusal_share"), self.refusal_share);
        c.share(format!("{at}.exception_share"), self.exception_share);
        c.share(format!("{at}.refuse_leave_share"), self.refuse_leave_share);
        c.share(
            format!("{at}.disengaged_revenue_share"),
            self.disengaged_revenue_share,
        );
        c.range(
            format!("{at}.old_channel_cost"),
            self.old_channel_cost,
            0.0,
            1e5,
        );
    }
}
