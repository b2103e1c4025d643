//! Essay 5, "Experience WITH the customer": proactive vs reactive communication when
//! the service fails.
//!
//! Claim modelled: during an outage a firm that tells its customers first keeps them;
//! a reactive firm learns of the problem when customers are already lost and telling
//! their networks.
//!
//! Incidents: each month a random incident happens at the firm with probability
//! `incident_rate`, hitting a share `incident_share_affected` of its customers with
//! satisfaction loss `incident_severity`; scheduled outages hit at a given month with
//! their own severity and share (at the focal firm only, or at every firm, like a
//! storm). Proactive: each hit is softened by `softening` and costs one message.
//! Reactive: the full hit, and every affected customer has to enquire, so a slow reply
//! adds a late-reply hit. Affected customers complain to their contacts, and so to the
//! firm's public reputation, with their segment's propensity to talk; a customer who
//! was told first complains `softening` less often (social networks amplify silence,
//! not a warning). Defaults are our assumptions.

use crate::sim::validate::{Checker, ProblemKind};
use serde::{Deserialize, Serialize};

/// A scheduled outage (e.g. a storm).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outage {
    /// Month it happens (1-600).
    pub month: u32,
    /// Satisfaction hit before softening (0-1).
    pub severity: f64,
    /// Share of the firm's customers affected (0-1).
    pub share_affected: f64,
    /// Hits every firm in the market (true) or only the focal firm (false).
    pub all_firms: bool,
}

impl Default for Outage {
    fn default() -> Self {
        Self {
            month: 24,
            severity: 0.3,
            share_affected: 0.6,
            all_firms: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommunicationPolicy {
    /// Tell affected customers first (true) or wait for them to ask (false).
    pub proactive: bool,
    /// Share of an incident's hit removed by a proactive message (0-1).
    pub softening: f64,
    /// Cost of one proactive message (currency units).
    pub cost_per_message: f64,
    /// Chance of a random incident at the focal firm in a month (0-1).
    pub incident_rate: f64,
    /// Satisfaction hit of a random incident (0-1).
    pub incident_severity: f64,
    /// Share of customers a random incident affects (0-1).
    pub incident_share_affected: f64,
    /// Scheduled outages (at most 100).
    pub outages: Vec<Outage>,
}

impl Default for CommunicationPolicy {
    fn default() -> Self {
        Self {
            proactive: false,
            softening: 0.6,
            cost_per_message: 0.05,
            incident_rate: 0.05,
            incident_severity: 0.15,
            incident_share_affected: 0.2,
            outages: vec![Outage::default()],
        }
    }
}

/// Satisfaction hit of an incident of `severity` at a firm that is (or is not)
/// proactive.
#[inline]
pub fn incident_hit(severity: f64, proactive: bool, softening: f64) -> f32 {
    (if proactive {
        severity * (1.0 - softening)
    } else {
        severity
    }) as f32
}

/// Multiplier on an incident-hit customer's chance of complaining in public.
#[inline]
pub fn complaint_factor(proactive: bool, softening: f64) -> f64 {
    if proactive { 1.0 - softening } else { 1.0 }
}

impl CommunicationPolicy {
    /// No incidents at all.
    pub fn neutral() -> Self {
        Self {
            incident_rate: 0.0,
            outages: Vec::new(),
            cost_per_message: 0.0,
            ..Self::default()
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        c.share(format!("{at}.softening"), self.softening);
        c.range(
            format!("{at}.cost_per_message"),
            self.cost_per_message,
            0.0,
            1e6,
        );
        c.share(format!("{at}.incident_rate"), self.incident_rate);
        c.share(format!("{at}.incident_severity"), self.incident_severity);
        c.share(
            format!("{at}.incident_share_affected"),
            self.incident_share_affected,
        );
        if self.outages.len() > 100 {
            c.push(
                format!("{at}.outages"),
                ProblemKind::TooMany {
                    count: self.outages.len() as u64,
                    max: 100,
                },
            );
        }
        for (k, o) in self.outages.iter().enumerate().take(100) {
            let at = format!("{at}.outages[{k}]");
            c.count(format!("{at}.month"), u64::from(o.month), 1, 600);
            c.share(format!("{at}.severity"), o.severity);
            c.share(format!("{at}.share_affected"), o.share_affected);
        }
    }
}
