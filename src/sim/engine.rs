//! The month loop: every customer of the market is an agent, stored as a struct of
//! arrays of small numbers. One pass over all customers per month applies every policy;
//! word of mouth, defection contagion and peer adoption then travel along the contact
//! network from the month's events only (cost ~ events x degree, not customers x degree).
//! See docs/model.md for the equations.

use super::network::Network;
use super::policy::{AdoptionMode, ChannelMode, PeerMixing, ReplyMix};
use super::results::{RunResult, SATISFACTION_BINS, Series};
use super::rng::{Draws, Purpose};
use super::scenario::Scenario;
use super::validate::{Problem, validate};
use std::fmt;
use std::sync::Arc;

/// Where a run is, reported after every month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Months done so far (1..=months).
    pub month: u32,
    pub months: u32,
}

/// What the caller wants after a progress report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Why a run gave no result.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum RunError {
    /// The scenario did not validate.
    Invalid(Vec<Problem>),
    /// The progress callback asked to stop.
    Cancelled,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cancelled => write!(f, "cancelled"),
            Self::Invalid(problems) => {
                write!(f, "invalid scenario:")?;
                for p in problems {
                    write!(f, " {p};")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RunError {}

/// Customer is outside the market (a prospect).
pub(crate) const OUTSIDE: u8 = u8::MAX;

/// `joined` stores the month of joining plus this offset, so starting customers can
/// have a prior tenure (spreading their renegotiation points over the calendar).
const TENURE_OFFSET: u32 = 600;

const START: u8 = 1; // still with the firm it had at month 0
const CAPTIVE: u8 = 2; // tied and wanting to leave
const ADOPTED: u8 = 4; // uses the focal firm's new service
const DISENGAGED: u8 = 8; // refused the forced service but stayed
const EXCEPTION: u8 = 16; // kept the old channel on request

/// Why a customer left a firm.
#[derive(Clone, Copy)]
enum Reason {
    Unhappy = 0,
    EndOfTerm = 1,
    PaidPenalty = 2,
    RefusedForced = 3,
    Lured = 4,
}

const CHURN_SERIES: [Series; 5] = [
    Series::ChurnUnhappy,
    Series::ChurnEndOfTerm,
    Series::ChurnPaidPenalty,
    Series::ChurnRefusedForced,
    Series::ChurnLured,
];

/// Per-customer state, struct of arrays (32 bytes per customer plus network).
pub(crate) struct Customers {
    pub(crate) provider: Vec<u8>,
    segment: Vec<u8>,
    flags: Vec<u8>,
    adopted_contacts: Vec<u8>,
    joined: Vec<u16>,
    contract_end: Vec<u16>,
    theta: Vec<f32>,
    sat: Vec<f32>,
    scar: Vec<f32>,
    exposure: Vec<f32>,
    patience: Vec<f32>,
    fit: Vec<f32>,
}

impl Customers {
    pub(crate) fn bytes_per_customer() -> usize {
        4 + 2 * 2 + 6 * 4
    }
}

/// A firm's fixed rules.
struct FirmRules {
    quality: f32,
    weight: f64,
    mix: ReplyMix,
    term: u32,
    penalty: f64,
    proactive: bool,
    incident_rate: f64,
    crm: bool,
    /// Share of the market's choice weight held by the other firms.
    pull: f64,
}

/// An incident hitting a firm this month.
#[derive(Clone, Copy)]
struct Event {
    hit: f32,
    share: f64,
    k: u32,
}

struct SegmentRules {
    revenue: f64,
    enquiry_rate: f64,
    tie: f32,
    talk: f64,
    openness: f64,
}

/// Counts for one firm and month.
#[derive(Clone, Copy, Default)]
struct Tally {
    active: u32,
    satisfied: u32,
    at_risk: u32,
    captive: u32,
    adopted: u32,
    churn: [u32; 5],
    acquisitions: u32,
    from_competitors: u32,
    from_outside: u32,
    cohort: u32,
    sat_sum: f64,
    promoters: u32,
    detractors: u32,
    messages_wom: u64,
    incident_hits: u32,
    prospect_enquiries: u32,
    sales_won: u32,
    lost_slow: u32,
    revenue: f64,
    cohort_revenue: f64,
    fast_replies: u32,
    proactive_messages: u32,
    offers: u32,
    feedback: u32,
    /// Active customers by satisfaction decile, [0, 0.1) .. [0.9, 1.0); the extra
    /// last slot holds satisfaction exactly 1.0 and joins the top bin when recorded.
    sat_bins: [u32; SATISFACTION_BINS + 1],
}

#[inline(always)]
fn clamp01(x: f32) -> f32 {
    x.clamp(0.0, 1.0)
}

/// Run one replication of a scenario.
///
/// Validates first, so any scenario gives a result or a clean error. `on_month` is
/// called after every month; returning [`Flow::Stop`] cancels the run.
pub fn run(
    scenario: &Scenario,
    seed: u64,
    on_month: &mut dyn FnMut(Progress) -> Flow,
) -> Result<RunResult, RunError> {
    let mut replication = Replication::new(scenario, seed)?;
    while replication.step() {
        if on_month(replication.progress()) == Flow::Stop {
            return Err(RunError::Cancelled);
        }
    }
    Ok(replication.finish())
}

/// One replication that advances a month at a time, for callers that must hand control
/// back within a replication (the web worker checks its inbox between months, so a
/// long run can be followed and cancelled). [`run`] is a loop over it.
pub struct Replication {
    sim: Sim,
    month: u32,
}

impl Replication {
    /// Validates the scenario, builds the population and its network, and records
    /// month 0.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Self, RunError> {
        validate(scenario).map_err(RunError::Invalid)?;
        let mut sim = Sim::new(scenario, seed);
        sim.tally_start();
        Ok(Self { sim, month: 0 })
    }

    /// Simulates the next month; `false` (and nothing done) once the horizon is reached.
    pub fn step(&mut self) -> bool {
        if self.month >= self.sim.months {
            return false;
        }
        self.month += 1;
        self.sim.step(self.month);
        true
    }

    /// Months simulated so far, and in all.
    pub fn progress(&self) -> Progress {
        Progress {
            month: self.month,
            months: self.sim.months,
        }
    }

    pub fn is_done(&self) -> bool {
        self.month >= self.sim.months
    }

    /// The result. Months not simulated yet (if any) hold zeros.
    pub fn finish(self) -> RunResult {
        self.sim.result
    }
}

/// Bytes of state per customer and of the contact network for a scenario (for the
/// benchmark). Builds the population but runs no month.
pub fn memory_footprint(scenario: &Scenario, seed: u64) -> (usize, usize) {
    let sim = Sim::new(scenario, seed);
    (Customers::bytes_per_customer(), sim.network.bytes())
}

pub(crate) struct Sim {
    /// Shared, so a [`Replication`] owns its scenario and the month loop can read it
    /// while it updates the customers.
    sc: Arc<Scenario>,
    draws: Draws,
    months: u32,
    n: u32,
    firms: usize,
    rules: Vec<FirmRules>,
    segs: Vec<SegmentRules>,
    c: Customers,
    network: Network,
    wom: bool,
    peers_network: bool,
    hazard_table: Vec<f64>,
    adoption_table: [f64; 256],
    relax: f32,
    // month state
    tallies: Vec<Tally>,
    events: Vec<Vec<Event>>,
    base: Vec<f32>,
    defectors: Vec<(u32, u8)>,
    talkers: Vec<(u32, u8)>,
    adoption_events: Vec<(u32, bool)>,
    adopted_share: f64,
    forced_done: bool,
    improvement: f64,
    feedback_history: Vec<f64>,
    cohort_start: Vec<f64>,
    clv: Vec<f64>,
    result: RunResult,
}

impl Sim {
    fn new(scenario: &Scenario, seed: u64) -> Self {
        let shared = Arc::new(scenario.clone());
        let sc: &Scenario = &shared;
        let draws = Draws::new(seed);
        let n = sc.customers;
        let nu = n as usize;
        let firms = sc.firm_count();
        let m = &sc.market;
        let weight = |q: f64| libm::exp(m.choice_sensitivity * q);
        let mut rules = vec![FirmRules {
            quality: m.focal_quality as f32,
            weight: weight(m.focal_quality),
            mix: sc.replies.mix(),
            term: sc.contract.term_months,
            penalty: sc.contract.exit_penalty,
            proactive: sc.communication.proactive,
            incident_rate: sc.communication.incident_rate,
            crm: sc.replies.memory.enabled,
            pull: 0.0,
        }];
        for comp in &m.competitors {
            rules.push(FirmRules {
                quality: comp.quality as f32,
                weight: weight(comp.quality),
                mix: if comp.reply_speed == super::policy::ReplySpeed::Custom {
                    comp.custom_mix
                } else {
                    ReplyMix::of(comp.reply_speed)
                },
                term: comp.contract_months,
                penalty: comp.exit_penalty,
                proactive: comp.proactive,
                incident_rate: comp.incident_rate,
                crm: false,
                pull: 0.0,
            });
        }
        let total_w: f64 = rules.iter().map(|r| r.weight).sum();
        for r in &mut rules {
            r.pull = if total_w > 0.0 {
                (total_w - r.weight) / total_w
            } else {
                0.0
            };
        }
        let segs: Vec<SegmentRules> = sc
            .population
            .segments
            .iter()
            .map(|s| SegmentRules {
                revenue: s.monthly_revenue,
                enquiry_rate: s.enquiry_rate,
                tie: s.tie_sensitivity as f32,
                talk: s.talkativeness,
                openness: s.openness,
            })
            .collect();

        // Customers: traits from (seed, id) only, identical across scenarios.
        let seg_cum: Vec<f64> = sc
            .population
            .segments
            .iter()
            .scan(0.0, |acc, s| {
                *acc += s.share;
                Some(*acc)
            })
            .collect();
        let mut place_cum = vec![m.focal_initial_share];
        for comp in &m.competitors {
            let last = *place_cum.last().unwrap_or(&0.0);
            place_cum.push(last + comp.initial_share);
        }
        let fit_spread = sc.satisfaction.fit_spread;
        let mut c = Customers {
            provider: vec![OUTSIDE; nu],
            segment: vec![0; nu],
            flags: vec![0; nu],
            adopted_contacts: Vec::new(),
            joined: vec![0; nu],
            contract_end: vec![0; nu],
            theta: vec![0.0; nu],
            sat: vec![0.0; nu],
            scar: vec![0.0; nu],
            exposure: vec![0.0; nu],
            patience: vec![0.0; nu],
            fit: vec![0.0; nu],
        };
        let mut cohort_start = vec![0.0; firms];
        for i in 0..n {
            let iu = i as usize;
            let u =
                draws.uniform(Purpose::Segment, i, 0, 0) * seg_cum.last().copied().unwrap_or(1.0);
            let s = seg_cum
                .iter()
                .position(|&x| u < x)
                .unwrap_or(seg_cum.len() - 1);
            let seg = &sc.population.segments[s];
            c.segment[iu] = s as u8;
            c.theta[iu] = draws.beta(Purpose::Theta, i, seg.churn_alpha, seg.churn_beta) as f32;
            let z = draws.normal(Purpose::Patience, i, 0, 0);
            c.patience[iu] =
                (seg.patience_median_hours * libm::exp(seg.patience_spread * z)) as f32;
            let f = fit_spread * draws.normal(Purpose::Fit, i, 0, 0);
            c.fit[iu] = f.clamp(-0.5, 0.5) as f32;
            let u = draws.uniform(Purpose::InitialProvider, i, 0, 0);
            if let Some(p) = place_cum.iter().position(|&x| u < x) {
                let r = &rules[p];
                c.provider[iu] = p as u8;
                c.flags[iu] = START;
                c.sat[iu] = clamp01(r.quality + c.fit[iu]);
                if r.term > 0 {
                    c.contract_end[iu] = if sc.contract.staggered_start {
                        let u = draws.uniform(Purpose::ContractStart, i, 0, 0);
                        1 + ((u * f64::from(r.term)) as u32).min(r.term - 1)
                    } else {
                        r.term
                    } as u16;
                }
                // Prior tenure spread over one renegotiation cycle.
                let cycle = sc.replies.memory.renegotiation_months.max(1);
                let prior = draws.bits(Purpose::ContractStart, i, 1, 0) % u64::from(cycle);
                c.joined[iu] = (TENURE_OFFSET - prior as u32) as u16;
                cohort_start[p] += 1.0;
            }
        }
        let wom = sc.word_of_mouth.enabled;
        let peers_network =
            sc.adoption.mode == AdoptionMode::OptIn && sc.adoption.peers == PeerMixing::Network;
        let network = if wom || peers_network {
            Network::build(
                n,
                sc.word_of_mouth.mean_degree,
                sc.word_of_mouth.rewire,
                &draws,
            )
        } else {
            Network::empty(nu)
        };
        if peers_network {
            c.adopted_contacts = vec![0; nu];
        }
        // exp(k * d) for d in [-1, 1], 2048 steps, linear interpolation between.
        let k = sc.satisfaction.sensitivity;
        let hazard_table = (0..=2048)
            .map(|j| libm::exp(k * (f64::from(j) / 1024.0 - 1.0)))
            .collect();
        let mut adoption_table = [1.0; 256];
        let q = sc.adoption.q;
        for (m, slot) in adoption_table.iter_mut().enumerate() {
            *slot = libm::pow(1.0 - q, m as f64);
        }
        let relax = (1.0 - libm::pow(0.5, 1.0 / sc.satisfaction.memory_half_life_months)) as f32;
        let months = sc.horizon_months;
        Self {
            sc: Arc::clone(&shared),
            draws,
            months,
            n,
            firms,
            segs,
            c,
            network,
            wom,
            peers_network,
            hazard_table,
            adoption_table,
            relax,
            tallies: vec![Tally::default(); firms],
            events: vec![Vec::new(); firms],
            base: rules.iter().map(|r| r.quality).collect(),
            rules,
            defectors: Vec::with_capacity(nu / 32 + 16),
            talkers: Vec::with_capacity(nu / 32 + 16),
            adoption_events: Vec::new(),
            adopted_share: 0.0,
            forced_done: false,
            improvement: 0.0,
            feedback_history: Vec::with_capacity(months as usize + 1),
            cohort_start,
            clv: vec![0.0; firms],
            result: RunResult::new(months, sc.firm_names()),
        }
    }

    /// exp(k * diff), exactly 1 when diff is 0 (the neutral state).
    #[inline(always)]
    fn hazard_multiplier(&self, diff: f32) -> f64 {
        if diff == 0.0 {
            return 1.0;
        }
        let x = (f64::from(diff).clamp(-1.0, 1.0) + 1.0) * 1024.0;
        let j = (x as usize).min(2047);
        let w = x - j as f64;
        self.hazard_table[j] * (1.0 - w) + self.hazard_table[j + 1] * w
    }

    /// Pick a firm in proportion to choice weight, excluding the firms in `mask`.
    fn pick_firm(&self, u: f64, mask: u32) -> Option<usize> {
        let total: f64 = (0..self.firms)
            .filter(|j| mask & (1 << j) == 0)
            .map(|j| self.rules[j].weight)
            .sum();
        if total <= 0.0 {
            return None;
        }
        let mut x = u * total;
        let mut last = None;
        for j in (0..self.firms).filter(|j| mask & (1 << j) == 0) {
            last = Some(j);
            x -= self.rules[j].weight;
            if x < 0.0 {
                return Some(j);
            }
        }
        last
    }

    /// A would-be customer enquires at up to two firms; the first whose reply comes
    /// within the customer's patience wins the sale.
    fn shop(&mut self, i: u32, t: u32, mut mask: u32) -> Option<usize> {
        let patience = f64::from(self.c.patience[i as usize]);
        for attempt in 0..2 {
            let u = self.draws.uniform(Purpose::Shopping, i, t, attempt);
            let j = self.pick_firm(u, mask)?;
            let reply = self.rules[j].mix.reply_hours(self.draws.uniform(
                Purpose::ReplyTime,
                i,
                t,
                2 + attempt,
            ));
            let tally = &mut self.tallies[j];
            tally.prospect_enquiries += 1;
            if reply <= patience {
                tally.sales_won += 1;
                return Some(j);
            }
            tally.lost_slow += 1;
            mask |= 1 << j;
        }
        None
    }

    fn join(&mut self, i: u32, j: usize, t: u32, from: u8) {
        let iu = i as usize;
        let r = &self.rules[j];
        let c = &mut self.c;
        c.provider[iu] = j as u8;
        c.joined[iu] = (t + TENURE_OFFSET) as u16;
        c.contract_end[iu] = if r.term > 0 { (t + r.term) as u16 } else { 0 };
        c.sat[iu] = clamp01(self.base[j] + c.fit[iu]);
        c.scar[iu] = 0.0;
        c.exposure[iu] = 0.0;
        c.flags[iu] = 0;
        if j == 0 && self.forced_done {
            c.flags[iu] = ADOPTED;
            if self.peers_network {
                self.adoption_events.push((i, true));
            }
        }
        let tally = &mut self.tallies[j];
        tally.acquisitions += 1;
        if from == OUTSIDE {
            tally.from_outside += 1;
        } else {
            tally.from_competitors += 1;
        }
        let p = self.firms + 1;
        let from = if from == OUTSIDE {
            self.firms
        } else {
            from as usize
        };
        self.result.flows[(t as usize * p + from) * p + j] += 1.0;
    }

    fn leave(&mut self, i: u32, p: usize, t: u32, reason: Reason) {
        let iu = i as usize;
        self.tallies[p].churn[reason as usize] += 1;
        if self.c.flags[iu] & ADOPTED != 0 && self.peers_network {
            self.adoption_events.push((i, false));
        }
        if self.wom {
            self.defectors.push((i, p as u8));
        }
        let mask = 1u32 << p;
        let dest = match reason {
            Reason::Lured => {
                let u = self.draws.uniform(Purpose::Shopping, i, t, 3);
                self.pick_firm(u, mask)
            }
            _ => {
                if self.draws.uniform(Purpose::Shopping, i, t, 2) < self.sc.market.switch_share {
                    self.shop(i, t, mask)
                } else {
                    None
                }
            }
        };
        match dest {
            Some(j) => self.join(i, j, t, p as u8),
            None => {
                self.c.provider[iu] = OUTSIDE;
                self.c.flags[iu] = 0;
                self.c.contract_end[iu] = 0;
                let places = self.firms + 1;
                self.result.flows[(t as usize * places + p) * places + self.firms] += 1.0;
            }
        }
    }

    /// Count a customer's end-of-month state.
    #[inline(always)]
    fn tally_customer(&mut self, iu: usize, t: u32) {
        let p = self.c.provider[iu];
        if p == OUTSIDE {
            return;
        }
        let p = p as usize;
        let s = self.c.sat[iu];
        let flags = self.c.flags[iu];
        let sat = &self.sc.satisfaction;
        let seg = &self.segs[self.c.segment[iu] as usize];
        let tally = &mut self.tallies[p];
        tally.active += 1;
        tally.sat_sum += f64::from(s);
        // Satisfaction is kept in [0, 1] (the cast saturates at 0), so the slot exists;
        // `get_mut` keeps the hot loop free of a panic path and of a `min`.
        if let Some(bin) = tally
            .sat_bins
            .get_mut((s * SATISFACTION_BINS as f32) as usize)
        {
            *bin += 1;
        }
        let s = f64::from(s);
        if flags & CAPTIVE != 0 {
            tally.captive += 1;
        } else if s < sat.at_risk_below {
            tally.at_risk += 1;
        } else {
            tally.satisfied += 1;
        }
        if flags & ADOPTED != 0 {
            tally.adopted += 1;
        }
        if s >= sat.promoter_at {
            tally.promoters += 1;
        }
        let revenue = if flags & DISENGAGED != 0 {
            seg.revenue * self.sc.adoption.disengaged_revenue_share
        } else {
            seg.revenue
        };
        if t > 0 {
            tally.revenue += revenue;
        }
        if flags & START != 0 {
            tally.cohort += 1;
            if t > 0 {
                tally.cohort_revenue += revenue;
            }
        }
        if s < sat.detractor_below {
            tally.detractors += 1;
            tally.feedback += 1;
            if self.wom && self.draws.uniform(Purpose::Talk, iu as u32, t, 1) < seg.talk && t > 0 {
                self.talkers.push((iu as u32, p as u8));
            }
        }
    }

    fn tally_start(&mut self) {
        for iu in 0..self.n as usize {
            self.tally_customer(iu, 0);
        }
        self.talkers.clear();
        self.record(0);
    }

    fn prepare_month(&mut self, t: u32) {
        let com = &self.sc.communication;
        for (j, r) in self.rules.iter().enumerate() {
            let events = &mut self.events[j];
            events.clear();
            let soft = |sev: f64| {
                (if r.proactive {
                    sev * (1.0 - com.softening)
                } else {
                    sev
                }) as f32
            };
            if r.incident_rate > 0.0
                && self.draws.uniform(Purpose::FirmIncident, j as u32, t, 0) < r.incident_rate
            {
                events.push(Event {
                    hit: soft(com.incident_severity),
                    share: com.incident_share_affected,
                    k: 0,
                });
            }
            for (k, o) in com.outages.iter().enumerate() {
                if o.month == t && (j == 0 || o.all_firms) {
                    events.push(Event {
                        hit: soft(o.severity),
                        share: o.share_affected,
                        k: 1 + k as u32,
                    });
                }
            }
        }
        for (j, r) in self.rules.iter().enumerate() {
            self.base[j] = if j == 0 {
                (f64::from(r.quality) + self.improvement) as f32
            } else {
                r.quality
            };
        }
        for tally in &mut self.tallies {
            *tally = Tally::default();
        }
    }

    fn step(&mut self, t: u32) {
        self.prepare_month(t);
        let shared = Arc::clone(&self.sc);
        let sc: &Scenario = &shared;
        let sat_rules = &sc.satisfaction;
        let reference = sat_rules.reference as f32;
        let scar_share = sat_rules.scar_share as f32;
        let relax = self.relax;
        let goodwill = sc.replies.goodwill_loss as f32;
        let memory = &sc.replies.memory;
        let reneg = memory.renegotiation_months;
        let no_memory_weight = memory.weight_without_memory as f32;
        let forgive = 1.0 - sc.contract.forgiveness as f32;
        let resent = sc.contract.resentment_per_month as f32;
        let pay_below = sc.contract.pay_penalty_below as f32;
        let adoption = &sc.adoption;
        let adopt_value = adoption.value as f32;
        let w = &sc.word_of_mouth;
        let uplift = if self.wom { w.defection_uplift } else { 0.0 };
        let exposure_cap = w.exposure_cap as f32;
        let decay = w.uplift_decay as f32;
        let market = &sc.market;
        let lure_rate = if self.firms > 1 {
            market.lure_rate
        } else {
            0.0
        };
        let arrival = market.arrival_rate;
        let forced_now = adoption.mode == AdoptionMode::Forced && t == adoption.forced_month;
        let opt_in = adoption.mode == AdoptionMode::OptIn;
        let bass = adoption.p + adoption.q * self.adopted_share;
        let tu16 = t as u16;

        for i in 0..self.n {
            let iu = i as usize;
            let p8 = self.c.provider[iu];
            if p8 == OUTSIDE {
                if arrival > 0.0 && self.draws.uniform(Purpose::Arrival, i, t, 0) < arrival {
                    if let Some(j) = self.shop(i, t, 0) {
                        self.join(i, j, t, OUTSIDE);
                    }
                }
                self.tally_customer(iu, t);
                continue;
            }
            let p = p8 as usize;
            let seg = &self.segs[self.c.segment[iu] as usize];
            let rule = &self.rules[p];
            let fit = self.c.fit[iu];
            let mut flags = self.c.flags[iu];
            let mut scar = self.c.scar[iu];
            let mut s = self.c.sat[iu];
            let adopted = flags & ADOPTED != 0;
            let lift = if adopted { adopt_value } else { 0.0 };
            let target = clamp01(self.base[p] + lift + fit - scar);
            s += (target - s) * relax;
            let patience = f64::from(self.c.patience[iu]);
            let end = self.c.contract_end[iu];
            let tied = end != 0 && tu16 < end;
            let term_end = end != 0 && tu16 == end;
            let mut shock = 0.0f32;
            let mut spoke = false;

            // Incidents: proactive firms soften the hit (and pay a message); reactive
            // firms make the customer ask, and a slow reply adds a late-reply hit.
            for e in 0..self.events[p].len() {
                let ev = self.events[p][e];
                if self.draws.uniform(Purpose::IncidentHit, i, t, ev.k) < ev.share {
                    shock += ev.hit;
                    spoke = true;
                    let tally = &mut self.tallies[p];
                    tally.incident_hits += 1;
                    if rule.proactive {
                        tally.proactive_messages += 1;
                    } else {
                        let reply =
                            rule.mix
                                .reply_hours(self.draws.uniform(Purpose::ReplyTime, i, t, 1));
                        if reply > patience {
                            shock += goodwill;
                        }
                    }
                    if self.wom && self.draws.uniform(Purpose::Talk, i, t, 0) < seg.talk {
                        self.talkers.push((i, p8));
                    }
                }
            }
            // Enquiries: a reply later than the customer's patience costs goodwill.
            if seg.enquiry_rate > 0.0
                && self.draws.uniform(Purpose::Enquiry, i, t, 0) < seg.enquiry_rate
            {
                spoke = true;
                let reply = rule
                    .mix
                    .reply_hours(self.draws.uniform(Purpose::ReplyTime, i, t, 0));
                if reply <= 1.0 {
                    self.tallies[p].fast_replies += 1;
                }
                if reply > patience {
                    shock += goodwill;
                }
            }
            if shock > 0.0 {
                if !rule.crm {
                    shock *= no_memory_weight;
                }
                if !tied {
                    shock *= forgive;
                }
            }
            // Memory: renegotiation points every `reneg` months of tenure; a firm with
            // CRM memory calls with an offer the month before.
            let mut reneg_hazard = 0.0;
            if reneg > 0 {
                let tenure = t + TENURE_OFFSET - u32::from(self.c.joined[iu]);
                if rule.crm && (tenure + 1) % reneg == 0 {
                    s = (s + memory.offer_lift as f32).min(1.0);
                    self.tallies[p].offers += 1;
                }
                if tenure > 0 && tenure % reneg == 0 {
                    reneg_hazard = memory.renegotiation_hazard
                        * if rule.crm {
                            1.0 - memory.offer_retention
                        } else {
                            1.0
                        };
                }
            }
            // Adoption of the focal firm's new service.
            let mut refused_and_leaves = false;
            if p == 0 && !adopted {
                if opt_in {
                    let u = self.draws.uniform(Purpose::Adoption, i, t, 0);
                    let h = if self.peers_network {
                        let m = self.c.adopted_contacts[iu] as usize;
                        1.0 - (1.0 - (seg.openness * adoption.p).min(1.0)) * self.adoption_table[m]
                    } else {
                        seg.openness * bass
                    };
                    if u < h {
                        flags |= ADOPTED;
                        if self.peers_network {
                            self.adoption_events.push((i, true));
                        }
                    }
                } else if forced_now && flags & (EXCEPTION | DISENGAGED) == 0 {
                    let hit = adoption.antipathy as f32 * seg.tie;
                    let refuse_p = (adoption.refusal_share * f64::from(seg.tie)).min(1.0);
                    if self.draws.uniform(Purpose::Forced, i, t, 0) < refuse_p {
                        if adoption.flexible_exception
                            && self.draws.uniform(Purpose::Forced, i, t, 1)
                                < adoption.exception_share
                        {
                            flags |= EXCEPTION;
                        } else if self.draws.uniform(Purpose::Forced, i, t, 2)
                            < adoption.refuse_leave_share
                        {
                            refused_and_leaves = true;
                        } else {
                            flags |= DISENGAGED;
                            shock += hit;
                        }
                    } else {
                        flags |= ADOPTED;
                        shock += hit;
                    }
                }
            }
            if shock > 0.0 {
                s = (s - shock).max(0.0);
                scar = (scar + shock * scar_share).min(1.0);
            }
            if spoke {
                self.tallies[p].feedback += 1;
            }
            // Defection contagion: exposure from contacts who left last month.
            let exposure = self.c.exposure[iu];
            let contagion = 1.0 + uplift * f64::from(exposure.min(exposure_cap));
            self.c.exposure[iu] = exposure * decay;

            let mut reason = None;
            if refused_and_leaves {
                reason = Some(Reason::RefusedForced);
            } else if flags & CAPTIVE != 0 {
                s = (s - resent * seg.tie).max(0.0);
                // At the end of the term a captive simply leaves: no penalty is due then.
                if term_end {
                    reason = Some(Reason::EndOfTerm);
                } else if s < pay_below {
                    reason = Some(Reason::PaidPenalty);
                }
            } else {
                let reference_i = clamp01(reference + fit);
                let h_unhappy = f64::from(self.c.theta[iu])
                    * self.hazard_multiplier(reference_i - s)
                    * contagion;
                let h_lure = lure_rate * (1.0 - f64::from(s)) * rule.pull;
                let u = self.draws.uniform(Purpose::Churn, i, t, 0);
                if u < h_unhappy + h_lure + reneg_hazard {
                    let wants = if u < h_unhappy || self.firms == 1 {
                        Reason::Unhappy
                    } else {
                        Reason::Lured
                    };
                    if tied {
                        if s < pay_below {
                            reason = Some(Reason::PaidPenalty);
                        } else {
                            flags |= CAPTIVE;
                        }
                    } else {
                        reason = Some(wants);
                    }
                } else if term_end {
                    self.c.contract_end[iu] = if sc.contract.relock_on_renewal {
                        (t + rule.term) as u16
                    } else {
                        0
                    };
                }
            }
            self.c.sat[iu] = s;
            self.c.scar[iu] = scar;
            self.c.flags[iu] = flags;
            if let Some(reason) = reason {
                if let Reason::PaidPenalty = reason {
                    self.tallies[p].revenue += rule.penalty;
                }
                self.leave(i, p, t, reason);
            }
            self.tally_customer(iu, t);
        }
        self.spread_on_network();
        self.record(t);
    }

    /// Word of mouth along contacts, from this month's events only.
    fn spread_on_network(&mut self) {
        let hit = self.sc.word_of_mouth.negative_message_hit as f32;
        for &(i, p) in &self.defectors {
            for &c in self.network.of(i as usize) {
                if self.c.provider[c as usize] == p {
                    self.c.exposure[c as usize] += 1.0;
                }
            }
        }
        self.defectors.clear();
        for &(i, p) in &self.talkers {
            let contacts = self.network.of(i as usize);
            self.tallies[p as usize].messages_wom += contacts.len() as u64;
            for &c in contacts {
                let cu = c as usize;
                if self.c.provider[cu] == p {
                    self.c.sat[cu] = (self.c.sat[cu] - hit).max(0.0);
                }
            }
        }
        self.talkers.clear();
        for &(i, adopted) in &self.adoption_events {
            for &c in self.network.of(i as usize) {
                let slot = &mut self.c.adopted_contacts[c as usize];
                *slot = if adopted {
                    slot.saturating_add(1)
                } else {
                    slot.saturating_sub(1)
                };
            }
        }
        self.adoption_events.clear();
    }

    /// Write the month's tallies into the result and update firm-level state.
    fn record(&mut self, t: u32) {
        let shared = Arc::clone(&self.sc);
        let sc: &Scenario = &shared;
        let tu = t as usize;
        let econ = &sc.economics;
        let discount = libm::pow(1.0 + econ.annual_discount_rate, -f64::from(t) / 12.0);
        let channel = &sc.channel;
        let mut active_total = 0u64;
        for j in 0..self.firms {
            let tally = self.tallies[j];
            active_total += u64::from(tally.active);
            let active = f64::from(tally.active);
            let per = |x: f64| if tally.active > 0 { x / active } else { 0.0 };
            let mut costs = 0.0;
            let mut distributor_share = 0.0;
            let mut improvement = 0.0;
            if j == 0 {
                // Channel: feedback heard, directly or late and filtered by distributors.
                let feedback = per(f64::from(tally.feedback));
                self.feedback_history.push(feedback);
                let heard = match channel.mode {
                    ChannelMode::Direct => feedback,
                    ChannelMode::Distributors => {
                        let d = channel.distributor_delay_months as usize;
                        let k = self.feedback_history.len();
                        if k > d {
                            channel.distributor_reach * self.feedback_history[k - 1 - d]
                        } else {
                            0.0
                        }
                    }
                };
                if t > 0 {
                    self.improvement += channel.learning_rate
                        * heard
                        * (channel.max_improvement - self.improvement).max(0.0);
                    costs += f64::from(tally.fast_replies) * sc.replies.cost_per_fast_reply
                        + f64::from(tally.proactive_messages) * sc.communication.cost_per_message
                        + f64::from(tally.offers) * sc.replies.memory.cost_per_offer
                        + heard * active * channel.cost_per_customer_heard;
                }
                if channel.mode == ChannelMode::Distributors {
                    distributor_share = channel.distributor_margin_share;
                }
                improvement = self.improvement;
                self.adopted_share = per(f64::from(tally.adopted));
            }
            let revenue = tally.revenue;
            let margin = revenue * (econ.gross_margin - distributor_share) - costs;
            if self.cohort_start[j] > 0.0 {
                self.clv[j] +=
                    tally.cohort_revenue * (econ.gross_margin - distributor_share) * discount
                        / self.cohort_start[j];
            }
            let churn_total: u32 = tally.churn.iter().sum();
            let cohort_survival = if self.cohort_start[j] > 0.0 {
                f64::from(tally.cohort) / self.cohort_start[j]
            } else {
                0.0
            };
            let clv = self.clv[j];
            let mut put = |s: Series, v: f64| self.result.series_mut(s, j)[tu] = v;
            put(Series::ActiveCustomers, active);
            put(Series::Satisfied, f64::from(tally.satisfied));
            put(Series::AtRisk, f64::from(tally.at_risk));
            put(Series::Captive, f64::from(tally.captive));
            put(Series::Adopted, f64::from(tally.adopted));
            for (k, s) in CHURN_SERIES.iter().enumerate() {
                put(*s, f64::from(tally.churn[k]));
            }
            put(Series::ChurnTotal, f64::from(churn_total));
            put(Series::Acquisitions, f64::from(tally.acquisitions));
            put(
                Series::AcquisitionsFromCompetitors,
                f64::from(tally.from_competitors),
            );
            put(
                Series::AcquisitionsFromOutside,
                f64::from(tally.from_outside),
            );
            put(Series::CohortSurvival, cohort_survival);
            put(Series::MeanSatisfaction, per(tally.sat_sum));
            put(Series::PromoterShare, per(f64::from(tally.promoters)));
            put(Series::DetractorShare, per(f64::from(tally.detractors)));
            put(Series::WordOfMouthMessages, tally.messages_wom as f64);
            put(Series::IncidentHits, f64::from(tally.incident_hits));
            put(
                Series::ProspectEnquiries,
                f64::from(tally.prospect_enquiries),
            );
            put(Series::SalesWon, f64::from(tally.sales_won));
            put(Series::SalesLostToSlowReply, f64::from(tally.lost_slow));
            put(Series::OfferImprovement, improvement);
            put(Series::Revenue, revenue);
            put(Series::PolicyCosts, costs);
            put(Series::Margin, margin);
            put(Series::LifetimeValue, clv);
            let bins = self.result.satisfaction_histogram_mut(t, j);
            for (b, count) in bins.iter_mut().zip(tally.sat_bins) {
                *b = f64::from(count);
            }
            bins[SATISFACTION_BINS - 1] += f64::from(tally.sat_bins[SATISFACTION_BINS]);
        }
        self.result.outside[tu] = (u64::from(self.n) - active_total) as f64;
    }
}
