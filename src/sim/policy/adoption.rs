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
//! keep the old channel and are left alone. Other refusers leave (`refuse_leave_share`)
//! or stay disengaged (spending `disengaged_revenue_share` of their revenue, hit by
//! antipathy). Everyone migrated gets the service's value and an `antipathy` hit
//! (times the sensitivity); part of each hit scars (see satisfaction). Customers who
//! join after the forced month adopt on joining, knowing the rule. All shares here are
//! modelling assumptions, not published figures.

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
        }
    }
}

impl AdoptionPolicy {
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
    }
}
