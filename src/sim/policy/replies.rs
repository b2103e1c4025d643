//! Essay 3, "Clients: immediacy and memory": slow vs immediate replies, CRM memory.
//!
//! Claim modelled: customers want immediacy; a reply that arrives after the customer
//! stopped waiting loses the sale (a prospect buys from a faster competitor) or
//! goodwill (a customer). A firm with memory calls its customer with its best offer
//! before the renegotiation point; a firm without memory waits to be called, and its
//! customers' bad experiences weigh more.
//!
//! Reply times come from a mix of four buckets (Oldroyd, McElheran & Elkington 2011,
//! "The Short Life of Online Sales Leads", HBR, March 2011, audit of 2,241 US firms:
//! 37% within 1 h, 16% within 1-24 h, 24% after more than 24 h, 23% never). Within a
//! bucket the reply time is uniform on [0, 1] h, log-uniform on [1, 24] h, uniform on
//! [24, 72] h, or infinite. A reply counts only if it comes within the customer's
//! patience (log-normal per segment, see `Segment`). With the default patience (median
//! 2 h, log-sd 1.4) the chance a reply is in time is about 60x higher within 1 h than
//! after 24 h, the ratio Oldroyd et al. report for qualifying a lead.
//!
//! Memory: customers reconsider their provider every `renegotiation_months` of tenure
//! (about 18 months is the essay's figure, not a published statistic), with extra
//! leaving hazard `renegotiation_hazard`. With CRM memory the firm makes a proactive
//! offer the month before: satisfaction rises by `offer_lift` and the renegotiation
//! hazard is cut by `offer_retention`. Without memory, every incident and late reply
//! hits `weight_without_memory` times harder (the customer has to repeat the story).

use crate::sim::validate::{Checker, ProblemKind};
use serde::{Deserialize, Serialize};

/// Reply-time presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplySpeed {
    /// Every enquiry answered within the hour.
    Immediate,
    /// Answered the same day, after 1 to 24 hours.
    WithinHours,
    /// Answered after 24 hours or more.
    Day,
    /// Never answered.
    Never,
    /// The mix Oldroyd et al. (2011) found in their audit of 2,241 firms.
    Audit,
    /// The `custom_mix` of the policy.
    Custom,
}

/// Shares of enquiries answered within 1 h, within 1-24 h, after 24 h+, or never.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyMix {
    pub within_hour: f64,
    pub within_day: f64,
    pub over_day: f64,
    pub never: f64,
}

impl Default for ReplyMix {
    fn default() -> Self {
        Self::of(ReplySpeed::Audit)
    }
}

impl ReplyMix {
    /// The bucket shares of a preset (for `Custom`, the audit mix).
    pub fn of(speed: ReplySpeed) -> Self {
        let m = |a, b, c, d| Self {
            within_hour: a,
            within_day: b,
            over_day: c,
            never: d,
        };
        match speed {
            ReplySpeed::Immediate => m(1.0, 0.0, 0.0, 0.0),
            ReplySpeed::WithinHours => m(0.0, 1.0, 0.0, 0.0),
            ReplySpeed::Day => m(0.0, 0.0, 1.0, 0.0),
            ReplySpeed::Never => m(0.0, 0.0, 0.0, 1.0),
            ReplySpeed::Audit | ReplySpeed::Custom => m(0.37, 0.16, 0.24, 0.23),
        }
    }

    /// Reply time in hours for a uniform `u` in [0, 1) (infinite = never).
    pub fn reply_hours(&self, u: f64) -> f64 {
        let total = self.within_hour + self.within_day + self.over_day + self.never;
        let total = if total > 0.0 { total } else { 1.0 };
        let x = u * total;
        if x < self.within_hour {
            x / self.within_hour
        } else if x < self.within_hour + self.within_day {
            let v = (x - self.within_hour) / self.within_day;
            libm::exp(v * core::f64::consts::LN_2 * 4.584_962_500_721_156)
        } else if x < self.within_hour + self.within_day + self.over_day {
            let v = (x - self.within_hour - self.within_day) / self.over_day;
            24.0 + 48.0 * v
        } else {
            f64::INFINITY
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        let ok = c.share(format!("{at}.within_hour"), self.within_hour)
            & c.share(format!("{at}.within_day"), self.within_day)
            & c.share(format!("{at}.over_day"), self.over_day)
            & c.share(format!("{at}.never"), self.never);
        let sum = self.within_hour + self.within_day + self.over_day + self.never;
        if ok && (sum - 1.0).abs() > 1e-6 {
            c.push(at, ProblemKind::SharesDoNotSumToOne { sum });
        }
    }
}

/// CRM memory and the renegotiation point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrmMemory {
    /// The firm remembers its customers and calls before the renegotiation point.
    pub enabled: bool,
    /// Months of tenure between renegotiation points; 0 = customers never renegotiate.
    /// About 18 in the essay (its claim, not a published statistic). Range 0-600.
    pub renegotiation_months: u32,
    /// Extra chance of leaving at a renegotiation point (0-1).
    pub renegotiation_hazard: f64,
    /// Share of that extra hazard removed by a proactive offer (0-1).
    pub offer_retention: f64,
    /// Satisfaction gained from a proactive offer (0-1).
    pub offer_lift: f64,
    /// Cost of one proactive offer (currency units).
    pub cost_per_offer: f64,
    /// Multiplier on incident and late-reply hits when the firm has no memory (1-10).
    pub weight_without_memory: f64,
}

impl Default for CrmMemory {
    fn default() -> Self {
        Self {
            enabled: false,
            renegotiation_months: 18,
            renegotiation_hazard: 0.15,
            offer_retention: 0.6,
            offer_lift: 0.05,
            cost_per_offer: 5.0,
            weight_without_memory: 1.25,
        }
    }
}

/// How the firm answers enquiries, and whether it remembers its customers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyPolicy {
    pub speed: ReplySpeed,
    /// Used when `speed` is `custom`; the four shares must add up to 1.
    pub custom_mix: ReplyMix,
    /// Satisfaction a customer loses when a reply comes after their patience (0-1).
    pub goodwill_loss: f64,
    /// Cost of answering one enquiry within the hour (currency units).
    pub cost_per_fast_reply: f64,
    pub memory: CrmMemory,
}

impl Default for ReplyPolicy {
    fn default() -> Self {
        Self {
            speed: ReplySpeed::Audit,
            custom_mix: ReplyMix::default(),
            goodwill_loss: 0.1,
            cost_per_fast_reply: 2.0,
            memory: CrmMemory::default(),
        }
    }
}

/// A reply later than the customer's patience costs goodwill (a satisfaction shock).
#[inline]
pub fn late_reply_shock(reply_hours: f64, patience_hours: f64, goodwill_loss: f32) -> f32 {
    if reply_hours > patience_hours {
        goodwill_loss
    } else {
        0.0
    }
}

/// What the memory policy does to a customer at `tenure` months with the firm.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MemoryMonth {
    /// A firm with memory calls with its offer this month (the month before the
    /// renegotiation point).
    pub offer: bool,
    /// Extra chance of leaving this month (a renegotiation point).
    pub renegotiation_hazard: f64,
}

impl CrmMemory {
    /// The renegotiation calendar: points every `renegotiation_months` of tenure, the
    /// proactive call the month before, and the hazard at the point (cut by
    /// `offer_retention` when the firm called).
    #[inline]
    pub fn month(&self, tenure: u32, firm_has_memory: bool) -> MemoryMonth {
        match self.renegotiation_months {
            0 => MemoryMonth::default(),
            cycle => self.month_in_cycle(tenure % cycle, tenure > 0, firm_has_memory),
        }
    }

    /// [`CrmMemory::month`] for a customer `into_cycle` months past their last
    /// renegotiation point (or joining); `started` is false in the joining month.
    #[inline]
    pub fn month_in_cycle(
        &self,
        into_cycle: u32,
        started: bool,
        firm_has_memory: bool,
    ) -> MemoryMonth {
        let cycle = self.renegotiation_months;
        if cycle == 0 {
            return MemoryMonth::default();
        }
        // Arithmetic rather than branches: firms and tenures alternate from one
        // customer to the next, which a processor cannot predict.
        let point = f64::from(u8::from(started & (into_cycle == 0)));
        let kept = if firm_has_memory {
            1.0 - self.offer_retention
        } else {
            1.0
        };
        MemoryMonth {
            offer: firm_has_memory & (into_cycle == cycle - 1),
            renegotiation_hazard: point * self.renegotiation_hazard * kept,
        }
    }
}

impl ReplyPolicy {
    /// No reply or memory effect: late replies cost nothing, no renegotiation points.
    pub fn neutral() -> Self {
        Self {
            goodwill_loss: 0.0,
            cost_per_fast_reply: 0.0,
            memory: CrmMemory {
                renegotiation_months: 0,
                weight_without_memory: 1.0,
                ..CrmMemory::default()
            },
            ..Self::default()
        }
    }

    /// The effective reply mix.
    pub fn mix(&self) -> ReplyMix {
        match self.speed {
            ReplySpeed::Custom => self.custom_mix,
            s => ReplyMix::of(s),
        }
    }

    pub(crate) fn check(&self, c: &mut Checker, at: &str) {
        if self.speed == ReplySpeed::Custom {
            self.custom_mix.check(c, &format!("{at}.custom_mix"));
        }
        c.share(format!("{at}.goodwill_loss"), self.goodwill_loss);
        c.range(
            format!("{at}.cost_per_fast_reply"),
            self.cost_per_fast_reply,
            0.0,
            1e6,
        );
        let m = &self.memory;
        let at = format!("{at}.memory");
        c.count(
            format!("{at}.renegotiation_months"),
            u64::from(m.renegotiation_months),
            0,
            600,
        );
        c.share(format!("{at}.renegotiation_hazard"), m.renegotiation_hazard);
        c.share(format!("{at}.offer_retention"), m.offer_retention);
        c.share(format!("{at}.offer_lift"), m.offer_lift);
        c.range(format!("{at}.cost_per_offer"), m.cost_per_offer, 0.0, 1e6);
        c.range(
            format!("{at}.weight_without_memory"),
            m.weight_without_memory,
            1.0,
            10.0,
        );
    }
}
