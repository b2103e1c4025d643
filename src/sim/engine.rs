//! The month loop: every customer of the market is an agent, stored as a small record
//! (plus the few arrays read apart from it: firm, word of mouth heard). One pass over
//! all customers per month applies every policy through the per-customer rules in
//! `policy/` (what a contract, a reply, a forced service, an incident or the save desk
//! does to one customer); the market module picks firms and plans and keeps
//! reputations. Word of mouth, defection contagion and peer adoption then travel along
//! the contact network from the month's events only (cost ~ events × degree, not
//! customers × degree). See docs/model.md for the equations.

use super::market::{Choice, Offer, Plan, Reputation};
use super::network::Network;
use super::policy::contract::{self, TermPlan};
use super::policy::replies::MemoryMonth;
use super::policy::{
    AdoptionMode, ChannelMode, DeskOutcome, ForcedOutcome, PeerMixing, ReplyMix, communication,
    replies,
};
use super::results::{RunResult, SATISFACTION_BINS, SegmentSeries, Series};
use super::rng::{Chance, Draws, Purpose};
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
const TERM: u8 = 32; // on a term plan (tied while month < contract_end)

/// Why a customer left a firm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    Unhappy = 0,
    EndOfTerm = 1,
    PaidPenalty = 2,
    RefusedForced = 3,
    Lured = 4,
    Renegotiation = 5,
}

impl Reason {
    /// The save desk hears every departure but a refusal of the forced service.
    fn gives_notice(self) -> bool {
        self != Reason::RefusedForced
    }
}

const CHURN_SERIES: [Series; 6] = [
    Series::ChurnUnhappy,
    Series::ChurnEndOfTerm,
    Series::ChurnPaidPenalty,
    Series::ChurnRefusedForced,
    Series::ChurnLured,
    Series::ChurnRenegotiation,
];

/// What the month loop reads and writes of a customer in the market, kept together:
/// one array is one base pointer, and the loop, which has dozens of values alive at
/// once, has few registers to spare for more (each array of its own cost a reload
/// from the stack at every use). All of it is read every month anyway.
#[derive(Clone, Copy, Default)]
struct Person {
    theta: f32,
    sat: f32,
    scar: f32,
    exposure: f32,
    patience: f32,
    fit: f32,
    /// Monthly price the customer pays (after term, renewal and desk discounts).
    price: f32,
    joined: u16,
    contract_end: u16,
    segment: u8,
    flags: u8,
}

/// Per-customer state: a few arrays, each read where it is needed on its own.
pub(crate) struct Customers {
    /// Apart from the rest: the only thing read of a prospect, and what word of mouth
    /// looks up for each contact.
    pub(crate) provider: Vec<u8>,
    people: Vec<Person>,
    adopted_contacts: Vec<u8>,
    /// Word of mouth waiting to be felt this month (empty without word of mouth):
    /// `[HEARD]` complaints heard about the customer's provider, `[DEFECTED]` contacts
    /// at the same provider who left. Counted in bytes, so spreading along the network
    /// touches little memory; applied at the start of the customer's month, before
    /// anything else happens to them, which is when a direct update would first matter.
    said: Vec<[u8; 2]>,
    /// The same, filling up during this month for next month: a complainer or a
    /// leaver marks their contacts at once, while their part of the arrays is still in
    /// the cache; the two swap at the end of the month.
    said_next: Vec<[u8; 2]>,
}

/// Slots of [`Customers::said`].
const HEARD: usize = 0;
const DEFECTED: usize = 1;

impl Customers {
    /// Provider, person, word of mouth heard (this and next month) and adopted
    /// contacts.
    pub(crate) fn bytes_per_customer() -> usize {
        1 + std::mem::size_of::<Person>() + 2 * 2 + 1
    }
}

/// A firm's fixed rules.
struct FirmRules {
    quality: f32,
    offer: Offer,
    mix: ReplyMix,
    proactive: bool,
    incident_rate: f64,
    crm: bool,
    /// Cost of winning one customer.
    acquisition_cost: f64,
    /// Existing customers' terms end at random months.
    staggered: bool,
}

impl FirmRules {
    /// The term plan (only called for customers on one).
    #[inline]
    fn term(&self) -> TermPlan {
        self.offer.term.unwrap_or(TermPlan {
            months: 1,
            discount: 0.0,
            subsidy: 0.0,
            penalty: 0.0,
        })
    }
}

/// An incident hitting a firm this month.
#[derive(Clone, Copy)]
struct Event {
    hit: f32,
    share: Chance,
    k: u32,
}

struct SegmentRules {
    enquiry: Chance,
    tie: f32,
    talk: f64,
    /// Chance of complaining in a month (detractors, captives, refusers, customers hit
    /// by an incident at a reactive firm) and when hit at a proactive firm.
    complain: Chance,
    complain_warned: Chance,
    /// Chance a promoter recommends the firm in a month.
    praise: f64,
    openness: f64,
}

/// What the month loop reads of a customer's firm and segment, set for the month:
/// one lookup (and one bounds check) where there were six, in a loop where each costs
/// its share. `[firm * segments + segment]`.
#[derive(Clone, Copy, Default)]
struct Cell {
    /// The firm's quality this month.
    base: f32,
    /// Where the firm's part of [`Sim::memory_now`] starts.
    memory_at: usize,
    /// The other firms' pull on the segment's customers of this firm.
    pull: f64,
    enquiry: Chance,
    complain: Chance,
    complain_warned: Chance,
    proactive: bool,
    crm: bool,
    /// An incident or outage hits the firm this month.
    incidents: bool,
    /// The firm's customers may adopt its new service this month (the focal firm's,
    /// while opting in is open or in the month of a forced migration).
    adoption_now: bool,
}

/// Counts for one firm and month.
#[derive(Clone, Copy, Default)]
struct Tally {
    active: u32,
    satisfied: u32,
    at_risk: u32,
    captive: u32,
    adopted: u32,
    on_term: u32,
    /// Customers who kept the old channel (forced service, flexible exception).
    old_channel: u32,
    churn: [u32; 6],
    acquisitions: u32,
    from_competitors: u32,
    from_outside: u32,
    cohort: u32,
    sat_sum: f64,
    promoters: u32,
    detractors: u32,
    negative_messages: u64,
    /// Expected number of promoters who praise the firm (see the month loop).
    praise: f64,
    incident_hits: u32,
    prospect_enquiries: u32,
    sales_won: u32,
    lost_slow: u32,
    /// Subscription revenue (prices paid).
    subscriptions: f64,
    penalties: f64,
    cohort_revenue: f64,
    acquisition_costs: f64,
    fast_replies: u32,
    proactive_messages: u32,
    offers: u32,
    /// Customers who spoke to the firm or are detractors, each counted once.
    feedback: u32,
    renewal_discounts: u32,
    notices: u32,
    withdrawn: u32,
    downgraded: u32,
    desk_left: u32,
    /// Active customers by satisfaction decile, [0, 0.1) .. [0.9, 1.0); the extra
    /// last slot holds satisfaction exactly 1.0 and joins the top bin when recorded.
    sat_bins: [u32; SATISFACTION_BINS + 1],
    /// Active customers by their flags (`flags & COUNTED_FLAGS`): the counts by state
    /// above (active, captive, adopted, ...) follow from it once a month.
    states: Histogram<64>,
    /// Active customers by satisfaction class (see [`level`]): the counts by
    /// satisfaction above (deciles, at risk, promoters, ...) follow from it.
    levels: Histogram<256>,
}

/// Counts by a small key: one increment per customer where a dozen counters would
/// each take one, turned into the counters once a month ([`Tally::fold`]).
#[derive(Clone, Copy)]
struct Histogram<const N: usize>([u32; N]);

impl<const N: usize> Default for Histogram<N> {
    fn default() -> Self {
        Self([0; N])
    }
}

/// The flags [`Tally::states`] is keyed by (all six).
const COUNTED_FLAGS: u8 = START | CAPTIVE | ADOPTED | DISENGAGED | EXCEPTION | TERM;

/// Bits of a satisfaction class below its decile (`decile * 16 + bits`).
const LEVEL_CAPTIVE: usize = 1;
const LEVEL_AT_RISK: usize = 2;
const LEVEL_PROMOTER: usize = 4;
const LEVEL_DETRACTOR: usize = 8;
/// The decile of a class whose satisfaction is out of [0, 1.1): counted in no bin.
const LEVEL_NO_BIN: usize = SATISFACTION_BINS + 1;

impl Tally {
    /// Turns the month's histograms into the counts by state and satisfaction.
    fn fold(&mut self) {
        for (key, &n) in self.states.0.iter().enumerate() {
            let has = |flag: u8| if key & usize::from(flag) != 0 { n } else { 0 };
            self.active += n;
            self.captive += has(CAPTIVE);
            self.adopted += has(ADOPTED);
            self.on_term += has(TERM);
            self.old_channel += has(EXCEPTION);
            self.cohort += has(START);
        }
        for (key, &n) in self.levels.0.iter().enumerate() {
            let has = |bit: usize| if key & bit != 0 { n } else { 0 };
            if let Some(bin) = self.sat_bins.get_mut(key >> 4) {
                *bin += n;
            }
            if key & LEVEL_CAPTIVE == 0 {
                self.at_risk += has(LEVEL_AT_RISK);
                self.satisfied += n - has(LEVEL_AT_RISK);
            }
            self.promoters += has(LEVEL_PROMOTER);
            self.detractors += has(LEVEL_DETRACTOR);
        }
    }
}

/// The focal firm's counts for one segment and month.
#[derive(Clone, Copy, Default)]
struct SegmentTally {
    active: u32,
    churn: u32,
    sat_sum: f64,
}

/// What the month's customers of one firm and segment add up to (`[firm * segments +
/// segment]`, as [`Cell`]): one sum of satisfaction, one of prices and one histogram
/// increment per customer where there were nine counters to update (each a read and a
/// write of memory, in a chain with the customer before at the same firm), turned
/// into the firm's and the segment's counts and money once a month
/// ([`Sim::fold_cells`]).
#[derive(Clone, Copy, Default)]
struct CellSums {
    sat: f64,
    /// Prices paid, by `[START] + 2 * [DISENGAGED]` (the cohort's revenue is the
    /// starting customers', a disengaged customer pays a share): the share is applied
    /// once a month.
    price: [f64; 4],
    /// Customers by their flags (`flags & COUNTED_FLAGS`) plus [`PRAISES`] and
    /// [`HEARD_FROM`].
    states: Histogram<256>,
    /// Leavers who praised the firm before leaving (stayers are in `states`).
    praised_and_left: u32,
    /// Customers by satisfaction class (see [`Counting::level`]).
    levels: Histogram<256>,
}

/// Bit of a [`CellSums::states`] key: the customer praised the firm this month.
const PRAISES: usize = 64;
/// Bit of a [`CellSums::states`] key: the firm heard from the customer this month.
const HEARD_FROM: usize = 128;

/// The thresholds a customer's end-of-month state is counted by.
#[derive(Clone, Copy)]
struct Counting {
    at_risk_below: f32,
    promoter_at: f32,
    detractor_below: f32,
}

impl Counting {
    fn of(sc: &Scenario) -> Self {
        Self {
            at_risk_below: sc.satisfaction.at_risk_below as f32,
            promoter_at: sc.satisfaction.promoter_at as f32,
            detractor_below: sc.satisfaction.detractor_below as f32,
        }
    }

    /// The satisfaction class of a customer: decile * 16 + the `LEVEL_*` bits. The
    /// decile is that of the histogram, 0..=10 for [0, 1.1) (10 holds satisfaction
    /// exactly 1.0), [`LEVEL_NO_BIN`] beyond (never, satisfaction is kept in [0, 1]);
    /// the float-to-integer cast saturates, so a negative value is in decile 0.
    #[inline(always)]
    fn level(&self, s: f32, flags: u8) -> usize {
        let decile = ((s * SATISFACTION_BINS as f32) as i32).clamp(0, LEVEL_NO_BIN as i32);
        let bit = |yes: bool, bit: usize| if yes { bit } else { 0 };
        decile as usize * 16
            + bit(flags & CAPTIVE != 0, LEVEL_CAPTIVE)
            + bit(s < self.at_risk_below, LEVEL_AT_RISK)
            + bit(s >= self.promoter_at, LEVEL_PROMOTER)
            + bit(s < self.detractor_below, LEVEL_DETRACTOR)
    }

    /// Adds one active customer (satisfaction `s`, `flags`, paying `price`) to its
    /// firm's satisfaction histogram and its firm and segment's sums; `bits` are the
    /// month's [`PRAISES`] and [`HEARD_FROM`].
    #[inline(always)]
    fn add(&self, sums: &mut CellSums, s: f32, flags: u8, bits: usize, price: f32) {
        // Two increments, by state and by satisfaction class, stand for the dozen
        // counts [`Tally::fold`] makes of them; the keys are built with arithmetic
        // rather than branches (which state a customer is in is a coin toss to the
        // processor, and a mispredicted jump costs more than the sum).
        sums.states.0[(usize::from(flags & COUNTED_FLAGS) | bits) & 0xff] += 1;
        sums.levels.0[self.level(s, flags) & 0xff] += 1;
        sums.sat += f64::from(s);
        let slot = usize::from(flags & START != 0) + 2 * usize::from(flags & DISENGAGED != 0);
        sums.price[slot & 3] += f64::from(price);
    }
}

/// A move in the market decided during the month's sweep, carried out after it (in
/// customer order) because it involves other firms: a prospect who enquires, or a
/// customer who leaves (and may shop around).
#[derive(Clone, Copy)]
enum Move {
    Arrive(u32),
    Leave { i: u32, from: u8, reason: Reason },
}

impl Move {
    /// Who moves.
    fn id(self) -> u32 {
        match self {
            Move::Arrive(i) | Move::Leave { i, .. } => i,
        }
    }
}

/// A customer whose contacts at their firm will feel it next month: slot `what` of
/// [`Customers::said_next`] (a complaint heard, or a contact who left).
#[derive(Clone, Copy)]
struct Talk {
    i: u32,
    firm: u8,
    what: u8,
}

/// Steps of the hazard multiplier's table over [-1, 1].
const HAZARD_STEPS: usize = 2048;
/// exp(k · d) for d = -1, -1 + 1/1024, ..., 1: a fixed-size array, so reading it
/// needs no bounds check in the month loop.
type HazardTable = [f64; HAZARD_STEPS + 1];
/// Steps of the willingness to pay the penalty over satisfaction [0, 1].
const PAY_STEPS: usize = 1024;
type PayTable = [f64; PAY_STEPS + 1];

/// exp(k · diff) from the table, linearly interpolated; exactly 1 when diff is 0 (the
/// neutral state).
#[inline(always)]
fn hazard_multiplier(table: &HazardTable, diff: f32) -> f64 {
    // diff = 0 reads table[1024] = exp(0) = 1 exactly, with weight 0 on the next entry.
    let x = (f64::from(diff).clamp(-1.0, 1.0) + 1.0) * 1024.0;
    // x is in [0, 2048]: converted through i32, which takes one instruction, where a
    // conversion to usize has to guard against negative and huge values.
    let j = (x as i32 as usize).min(HAZARD_STEPS - 1);
    let w = x - f64::from(j as i32);
    table[j] * (1.0 - w) + table[j + 1] * w
}

/// An upper bound of [`hazard_multiplier`] for `diff` in [-1, 1], given k·log2(e):
/// 2 to the power of the next whole number above k·diff·log2(e) + 0.01, written straight
/// into a float's exponent bits. At most about twice the exact value, and above it by
/// at least 2^0.01 (0.7 %), far more than the table's interpolation (under 1e-5 for k up
/// to 20) and the rounding of f32 add to it.
#[inline(always)]
fn hazard_bound(k_log2e: f32, diff: f32) -> f32 {
    // k ≤ 20 and |diff| ≤ 1, so x + 128 is in [99, 157]: positive, where a truncating
    // conversion is the floor, and a valid biased exponent (floor(x) + 1 + 127).
    let x = k_log2e * diff + 0.01;
    f32::from_bits(((x + 128.0) as i32 as u32) << 23)
}

/// Whether a tied customer who wants to leave pays the penalty now, for a uniform `u`:
/// the draw is compared with the penalty's deterrence first (an upper bound of the
/// chance), so the satisfaction part, read from `willing` (the contract's willingness
/// to pay by satisfaction in 1024 steps), only matters below it.
#[inline(always)]
fn pays_penalty(
    contract: &contract::ContractPolicy,
    willing: &PayTable,
    u: f64,
    s: f32,
    penalty: f64,
    price: f32,
) -> bool {
    let bound = contract::penalty_deterrence(contract, penalty, price);
    if u >= bound {
        return false;
    }
    let x = f64::from(s.clamp(0.0, 1.0)) * PAY_STEPS as f64;
    let j = (x as i32 as usize).min(PAY_STEPS - 1);
    let w = x - f64::from(j as i32);
    u < bound * (willing[j] * (1.0 - w) + willing[j + 1] * w)
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
    // Plus the sweep's order of customers (a `u32` each, see `Sim::sweep`).
    let order = std::mem::size_of::<u32>();
    (Customers::bytes_per_customer() + order, sim.network.bytes())
}

/// The floor `fideliza bench` compares the month loop with: a loop over the same
/// population arrays doing only what no model can avoid, each customer's month's two
/// draws (an enquiry and leaving, keyed as in the model; a prospect's one, arriving)
/// and a state update (satisfaction relaxes towards the firm's quality; a flag records
/// whether the leaving draw fell below the customer's propensity). Nobody actually
/// moves, so the population it sweeps stays that of month 0. No policy, no counting,
/// no network.
pub struct BareLoop {
    sim: Sim,
}

impl BareLoop {
    /// Validates the scenario and builds its population (not part of the loop).
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Self, RunError> {
        validate(scenario).map_err(RunError::Invalid)?;
        Ok(Self {
            sim: Sim::new(scenario, seed),
        })
    }

    /// Runs every month of the horizon; returns the number of enquiries (by customers
    /// and prospects) plus the customers whose last leaving draw fell below their
    /// propensity (so that nothing can be optimised away).
    pub fn run(&mut self) -> u64 {
        let sim = &mut self.sim;
        let draws = sim.draws;
        let relax = sim.relax;
        let base = &sim.base[..];
        let enquiry: Vec<Chance> = sim.segs.iter().map(|s| s.enquiry).collect();
        let c = &mut sim.c;
        let n = c.provider.len();
        let (provider, people) = (&c.provider[..n], &mut c.people[..n]);
        let arrival = Chance::of(sim.sc.market.arrival_rate);
        let mut enquiries = 0u64;
        for t in 1..=sim.months {
            for (iu, me) in people.iter_mut().enumerate() {
                let p = provider[iu];
                let i = iu as u32;
                if p == OUTSIDE {
                    // A prospect's one draw: whether they enquire at the market.
                    enquiries += u64::from(draws.happens(Purpose::Arrival, i, t, 0, arrival));
                    continue;
                }
                let chance = enquiry.get(usize::from(me.segment)).copied();
                let asked = draws.happens(Purpose::Enquiry, i, t, 0, chance.unwrap_or_default());
                enquiries += u64::from(asked);
                let target = base.get(usize::from(p)).copied().unwrap_or(0.0);
                me.sat += (target - me.sat) * relax;
                let u = draws.uniform(Purpose::Churn, i, t, 0);
                let wants = u < f64::from(me.theta);
                me.flags = (me.flags & !CAPTIVE) | (CAPTIVE * u8::from(wants));
            }
        }
        let wanting = people.iter().filter(|me| me.flags & CAPTIVE != 0).count();
        enquiries + wanting as u64
    }
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
    offers: Vec<Offer>,
    segs: Vec<SegmentRules>,
    mean_theta: Vec<f64>,
    c: Customers,
    network: Network,
    wom: bool,
    peers_network: bool,
    hazard_table: Box<HazardTable>,
    /// The contract's willingness to pay the penalty by satisfaction, 0 to 1 in 1024
    /// steps (read with linear interpolation).
    pay_table: Box<PayTable>,
    adoption_table: [f64; 256],
    /// `joined mod renegotiation_months` for every possible `joined`.
    joined_in_cycle: Vec<u32>,
    /// What the memory policy does this month to a customer by `joined`, at a firm
    /// without CRM memory, then at one with it (`[crm * joined_in_cycle.len() +
    /// joined]`): set once a month, read with one lookup per customer.
    memory_now: Vec<MemoryMonth>,
    relax: f32,
    choice: Choice,
    reputation: Reputation,
    // month state
    tallies: Vec<Tally>,
    /// The focal firm's, one per segment.
    segment_tallies: Vec<SegmentTally>,
    events: Vec<Vec<Event>>,
    base: Vec<f32>,
    /// Firm by segment, for the month (see [`Cell`]).
    cells: Vec<Cell>,
    /// Firm by segment, the month's sums (see [`CellSums`]).
    cell_sums: Vec<CellSums>,
    adoption_events: Vec<(u32, bool)>,
    /// This month's complainers and leavers, in customer order, whose contacts are
    /// marked once the sweep is over (see [`Sim::mark_contacts`]).
    talk: Vec<Talk>,
    moves: Vec<Move>,
    /// The month's arrivals, then all moves in customer order (see [`Sim::sweep`]).
    arrivals: Vec<Move>,
    merged: Vec<Move>,
    /// Customer ids, those in the market first, then the prospects (see
    /// [`Sim::sweep`]).
    order: Vec<u32>,
    adopted_share: f64,
    forced_done: bool,
    improvement: f64,
    feedback_history: Vec<f64>,
    cohort_start: Vec<f64>,
    clv: Vec<f64>,
    /// New customers by tenure, `[firm][months of tenure]`: at risk of leaving in that
    /// month of their tenure, and left in it (pooled over the run, for the
    /// forward-looking lifetime value).
    tenure_at_risk: Vec<u32>,
    tenure_left: Vec<u32>,
    /// Customers who joined each firm in each month and are still with it,
    /// `[firm][month joined]`: the at-risk counts by tenure follow from them once a
    /// month, without a step per customer.
    joined_and_active: Vec<u32>,
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
        let mut rules = vec![FirmRules {
            quality: m.focal_quality as f32,
            offer: Offer {
                list_price: m.focal_price,
                free: sc.contract.term_months == 0 || sc.contract.free_exit_plan_too,
                term: sc.contract.term_plan(),
            },
            mix: sc.replies.mix(),
            proactive: sc.communication.proactive,
            incident_rate: sc.communication.incident_rate,
            crm: sc.replies.memory.enabled,
            // Distributors sell for the firm: they bear the cost of winning customers
            // and keep a share of revenue in return.
            acquisition_cost: if sc.channel.mode == ChannelMode::Distributors {
                0.0
            } else {
                sc.economics.acquisition_cost
            },
            staggered: sc.contract.staggered_start,
        }];
        for comp in &m.competitors {
            rules.push(FirmRules {
                quality: comp.quality as f32,
                offer: Offer {
                    list_price: comp.price,
                    free: comp.contract_months == 0 || comp.free_exit_plan_too,
                    term: comp.term_plan(),
                },
                mix: if comp.reply_speed == super::policy::ReplySpeed::Custom {
                    comp.custom_mix
                } else {
                    ReplyMix::of(comp.reply_speed)
                },
                proactive: comp.proactive,
                incident_rate: comp.incident_rate,
                crm: false,
                acquisition_cost: comp.acquisition_cost,
                staggered: true,
            });
        }
        let offers: Vec<Offer> = rules.iter().map(|r| r.offer).collect();
        let wom = sc.word_of_mouth.enabled;
        let segs: Vec<SegmentRules> = sc
            .population
            .segments
            .iter()
            .map(|s| SegmentRules {
                enquiry: Chance::of(s.enquiry_rate),
                tie: s.tie_sensitivity as f32,
                talk: s.talkativeness,
                complain: Chance::of(s.talkativeness),
                complain_warned: Chance::of(
                    s.talkativeness
                        * communication::complaint_factor(true, sc.communication.softening),
                ),
                praise: (s.talkativeness * sc.word_of_mouth.positive_talk_rate).min(1.0),
                openness: s.openness,
            })
            .collect();
        let mean_theta: Vec<f64> = sc
            .population
            .segments
            .iter()
            .map(|s| s.churn_alpha / (s.churn_alpha + s.churn_beta))
            .collect();
        let mut choice = Choice::new(
            &offers,
            sc.population
                .segments
                .iter()
                .map(|s| s.price_sensitivity)
                .collect(),
        );
        // Within a firm only the plans' costs differ, so attractiveness does not matter
        // for the starting customers' plans.
        choice.update(&vec![0.0; firms], &offers, &mean_theta);

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
            people: vec![Person::default(); nu],
            adopted_contacts: Vec::new(),
            said: Vec::new(),
            said_next: Vec::new(),
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
            c.people[iu].segment = s as u8;
            c.people[iu].theta =
                draws.beta(Purpose::Theta, i, seg.churn_alpha, seg.churn_beta) as f32;
            let z = draws.normal(Purpose::Patience, i, 0, 0);
            c.people[iu].patience =
                (seg.patience_median_hours * libm::exp(seg.patience_spread * z)) as f32;
            let f = fit_spread * draws.normal(Purpose::Fit, i, 0, 0);
            c.people[iu].fit = f.clamp(-0.5, 0.5) as f32;
            let u = draws.uniform(Purpose::InitialProvider, i, 0, 0);
            if let Some(p) = place_cum.iter().position(|&x| u < x) {
                let r = &rules[p];
                c.provider[iu] = p as u8;
                c.people[iu].flags = START;
                c.people[iu].sat = clamp01(r.quality + c.people[iu].fit);
                let plan = choice.plan_at(
                    p,
                    s,
                    f64::from(c.people[iu].theta),
                    draws.uniform(Purpose::PlanChoice, i, 0, 0),
                    &offers,
                );
                c.people[iu].price = r.offer.price(plan) as f32;
                if plan == Plan::Term {
                    let term = r.term().months;
                    c.people[iu].flags |= TERM;
                    c.people[iu].contract_end = if r.staggered {
                        let u = draws.uniform(Purpose::ContractStart, i, 0, 0);
                        1 + ((u * f64::from(term)) as u32).min(term - 1)
                    } else {
                        term
                    } as u16;
                }
                // Prior tenure spread over one renegotiation cycle.
                let cycle = sc.replies.memory.renegotiation_months.max(1);
                let prior = draws.bits(Purpose::ContractStart, i, 1, 0) % u64::from(cycle);
                c.people[iu].joined = (TENURE_OFFSET - prior as u32) as u16;
                cohort_start[p] += 1.0;
            }
        }
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
        if wom {
            c.said = vec![[0; 2]; nu];
            c.said_next = vec![[0; 2]; nu];
        }
        // exp(k * d) for d in [-1, 1], 2048 steps, linear interpolation between.
        let k = sc.satisfaction.sensitivity;
        let mut hazard_table = Box::new([0.0; HAZARD_STEPS + 1]);
        for (j, slot) in hazard_table.iter_mut().enumerate() {
            *slot = libm::exp(k * (j as f64 / 1024.0 - 1.0));
        }
        let mut pay_table = Box::new([0.0; PAY_STEPS + 1]);
        for (j, slot) in pay_table.iter_mut().enumerate() {
            *slot = contract::willingness_to_pay(&sc.contract, j as f64 / PAY_STEPS as f64);
        }
        let mut adoption_table = [1.0; 256];
        let q = sc.adoption.q;
        for (m, slot) in adoption_table.iter_mut().enumerate() {
            *slot = libm::pow(1.0 - q, m as f64);
        }
        let relax = (1.0 - libm::pow(0.5, 1.0 / sc.satisfaction.memory_half_life_months)) as f32;
        let months = sc.horizon_months;
        let len = months as usize + 1;
        Self {
            sc: Arc::clone(&shared),
            draws,
            months,
            n,
            firms,
            offers,
            segs,
            mean_theta,
            c,
            network,
            wom,
            peers_network,
            hazard_table,
            pay_table,
            adoption_table,
            memory_now: vec![MemoryMonth::default(); 2 * (2 * TENURE_OFFSET as usize + 2)],
            joined_in_cycle: (0..=2 * TENURE_OFFSET + 1)
                .map(|j| j % sc.replies.memory.renegotiation_months.max(1))
                .collect(),
            relax,
            choice,
            reputation: Reputation::new(firms, m.reputation_half_life_months),
            tallies: vec![Tally::default(); firms],
            segment_tallies: vec![SegmentTally::default(); sc.population.segments.len()],
            events: vec![Vec::new(); firms],
            base: rules.iter().map(|r| r.quality).collect(),
            cells: vec![Cell::default(); firms * sc.population.segments.len()],
            cell_sums: vec![CellSums::default(); firms * sc.population.segments.len()],
            rules,
            adoption_events: Vec::new(),
            talk: Vec::with_capacity(if wom { nu / 8 + 16 } else { 0 }),
            moves: Vec::with_capacity(nu / 16 + 16),
            arrivals: Vec::with_capacity(nu / 32 + 16),
            merged: Vec::with_capacity(nu / 16 + 16),
            order: vec![0; nu],
            adopted_share: 0.0,
            forced_done: false,
            improvement: 0.0,
            feedback_history: Vec::with_capacity(len),
            cohort_start,
            clv: vec![0.0; firms],
            // One more slot at the end: the sink of the sweep's starting customers.
            tenure_at_risk: vec![0; firms * len],
            tenure_left: vec![0; firms * len],
            joined_and_active: vec![0; firms * len],
            result: RunResult::new(
                months,
                sc.firm_names(),
                sc.population
                    .segments
                    .iter()
                    .map(|s| s.name.clone())
                    .collect(),
            ),
        }
    }

    /// Number of contacts of customer `i` (messages one talker sends).
    #[inline(always)]
    fn degree(&self, i: usize) -> u64 {
        u64::from(self.network.offsets[i + 1] - self.network.offsets[i])
    }

    /// A would-be customer enquires at up to two firms, each picked with its plan by
    /// the market's choice rule; the first whose reply comes within the customer's
    /// patience wins the sale.
    fn shop(&mut self, i: u32, t: u32, mut mask: u32) -> Option<(usize, Plan)> {
        let iu = i as usize;
        let patience = f64::from(self.c.people[iu].patience);
        let g = self.c.people[iu].segment as usize;
        let theta = f64::from(self.c.people[iu].theta);
        for attempt in 0..2 {
            let u = self.draws.uniform(Purpose::Shopping, i, t, attempt);
            let (j, plan) = self.choice.pick(g, theta, mask, u, &self.offers)?;
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
                return Some((j, plan));
            }
            tally.lost_slow += 1;
            mask |= 1 << j;
        }
        None
    }

    fn join(&mut self, i: u32, j: usize, plan: Plan, t: u32, from: u8) {
        let iu = i as usize;
        self.joined_and_active[j * (self.months as usize + 1) + t as usize] += 1;
        let r = &self.rules[j];
        let c = &mut self.c;
        c.provider[iu] = j as u8;
        c.people[iu].joined = (t + TENURE_OFFSET) as u16;
        c.people[iu].price = r.offer.price(plan) as f32;
        c.people[iu].sat = clamp01(self.base[j] + c.people[iu].fit);
        c.people[iu].scar = 0.0;
        c.people[iu].exposure = 0.0;
        if self.wom {
            // What was said about their old firm does not reach them at the new one.
            c.said[iu] = [0; 2];
            c.said_next[iu] = [0; 2];
        }
        c.people[iu].flags = 0;
        c.people[iu].contract_end = 0;
        let mut cost = r.acquisition_cost;
        if plan == Plan::Term {
            let term = r.term();
            c.people[iu].flags = TERM;
            c.people[iu].contract_end = (t + term.months) as u16;
            cost += term.subsidy;
        }
        // After a forced migration newcomers adopt on joining: they know the rule.
        if j == 0 && self.forced_done {
            c.people[iu].flags |= ADOPTED;
            if self.peers_network {
                self.adoption_events.push((i, true));
            }
        }
        let tally = &mut self.tallies[j];
        tally.acquisitions += 1;
        tally.acquisition_costs += cost;
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

    /// Month of tenure (0 = first month after joining) of a customer who joined during
    /// the run and before month `t`, for the new customers' survival by tenure.
    #[inline(always)]
    fn tenure_slot(&self, iu: usize, t: u32) -> Option<usize> {
        let joined = u32::from(self.c.people[iu].joined);
        (joined > TENURE_OFFSET && joined - TENURE_OFFSET < t)
            .then(|| (t - (joined - TENURE_OFFSET) - 1) as usize)
    }

    fn leave(&mut self, i: u32, p: usize, t: u32, reason: Reason) {
        let iu = i as usize;
        self.tallies[p].churn[reason as usize] += 1;
        if p == 0 {
            self.segment_tallies[self.c.people[iu].segment as usize].churn += 1;
        }
        if let Some(slot) = self.tenure_slot(iu, t) {
            let len = self.months as usize + 1;
            self.tenure_left[p * len + slot] += 1;
            let joined = u32::from(self.c.people[iu].joined) - TENURE_OFFSET;
            self.joined_and_active[p * len + joined as usize] -= 1;
        }
        if self.c.people[iu].flags & ADOPTED != 0 && self.peers_network {
            self.adoption_events.push((i, false));
        }
        let mask = 1u32 << p;
        let dest = match reason {
            // Lured: a rival has already won them over; no shopping around.
            Reason::Lured => {
                let u = self.draws.uniform(Purpose::Shopping, i, t, 3);
                let g = self.c.people[iu].segment as usize;
                let theta = f64::from(self.c.people[iu].theta);
                self.choice.pick(g, theta, mask, u, &self.offers)
            }
            // Every other leaver, renegotiators included, may shop around.
            _ => {
                if self.draws.uniform(Purpose::Shopping, i, t, 2) < self.sc.market.switch_share {
                    self.shop(i, t, mask)
                } else {
                    None
                }
            }
        };
        match dest {
            Some((j, plan)) => self.join(i, j, plan, t, p as u8),
            None => {
                self.c.provider[iu] = OUTSIDE;
                self.c.people[iu].flags = 0;
                self.c.people[iu].contract_end = 0;
                if self.wom {
                    self.c.said_next[iu] = [0; 2];
                }
                let places = self.firms + 1;
                self.result.flows[(t as usize * places + p) * places + self.firms] += 1.0;
            }
        }
    }

    /// Count a customer's end-of-month state (outside the market: nothing).
    fn tally_customer(&mut self, iu: usize) {
        let p = self.c.provider[iu];
        if p == OUTSIDE {
            return;
        }
        let p = p as usize;
        let counts = Counting::of(&self.sc);
        let me = &self.c.people[iu];
        let cell = p * self.segs.len() + me.segment as usize;
        counts.add(&mut self.cell_sums[cell], me.sat, me.flags, 0, me.price);
    }

    /// Month 0: count the starting state and settle each firm's reputation at what its
    /// customers would say in a month.
    fn tally_start(&mut self) {
        let mut said = vec![(0.0f64, 0.0f64); self.firms];
        let (promoter_at, detractor_below) = (
            self.sc.satisfaction.promoter_at,
            self.sc.satisfaction.detractor_below,
        );
        for iu in 0..self.n as usize {
            self.tally_customer(iu);
            let p = self.c.provider[iu];
            if p == OUTSIDE || !self.wom {
                continue;
            }
            let seg = &self.segs[self.c.people[iu].segment as usize];
            let s = f64::from(self.c.people[iu].sat);
            let contacts = self.degree(iu) as f64;
            if s < detractor_below {
                said[p as usize].1 += seg.talk * contacts;
            } else if s >= promoter_at {
                said[p as usize].0 += seg.praise * self.network.mean_degree();
            }
        }
        for (j, (positive, negative)) in said.into_iter().enumerate() {
            self.reputation.settle(j, positive, negative);
        }
        self.record(0);
    }

    fn prepare_month(&mut self, t: u32) {
        let com = &self.sc.communication;
        for (j, r) in self.rules.iter().enumerate() {
            let events = &mut self.events[j];
            events.clear();
            if r.incident_rate > 0.0
                && self.draws.uniform(Purpose::FirmIncident, j as u32, t, 0) < r.incident_rate
            {
                events.push(Event {
                    hit: communication::incident_hit(
                        com.incident_severity,
                        r.proactive,
                        com.softening,
                    ),
                    share: Chance::of(com.incident_share_affected),
                    k: 0,
                });
            }
            for (k, o) in com.outages.iter().enumerate() {
                if o.month == t && (j == 0 || o.all_firms) {
                    events.push(Event {
                        hit: communication::incident_hit(o.severity, r.proactive, com.softening),
                        share: Chance::of(o.share_affected),
                        k: 1 + k as u32,
                    });
                }
            }
        }
        let market = &self.sc.market;
        let mut attractiveness = Vec::with_capacity(self.firms);
        for (j, r) in self.rules.iter().enumerate() {
            let quality = if j == 0 {
                f64::from(r.quality) + self.improvement
            } else {
                f64::from(r.quality)
            };
            self.base[j] = quality as f32;
            let reputation = if self.wom {
                self.reputation.net(j)
            } else {
                0.0
            };
            attractiveness
                .push(market.choice_sensitivity * quality + market.reputation_weight * reputation);
        }
        self.choice
            .update(&attractiveness, &self.offers, &self.mean_theta);
        let segments = self.segs.len();
        let adoption = &self.sc.adoption;
        let opt_in = adoption.mode == AdoptionMode::OptIn;
        let forced_now = adoption.mode == AdoptionMode::Forced && t == adoption.forced_month;
        for (j, rule) in self.rules.iter().enumerate() {
            for (g, seg) in self.segs.iter().enumerate() {
                self.cells[j * segments + g] = Cell {
                    base: self.base[j],
                    pull: self.choice.pull(j, g),
                    enquiry: seg.enquiry,
                    complain: seg.complain,
                    complain_warned: seg.complain_warned,
                    proactive: rule.proactive,
                    crm: rule.crm,
                    incidents: !self.events[j].is_empty(),
                    memory_at: usize::from(rule.crm) * self.joined_in_cycle.len(),
                    adoption_now: j == 0 && (opt_in || forced_now),
                };
            }
        }
        // Memory: renegotiation points every few months of tenure; a firm with CRM
        // memory calls with an offer the month before. Months into the renegotiation
        // cycle, (t + offset − joined) mod cycle, for every `joined`, from the table of
        // `joined mod cycle`.
        let memory = &self.sc.replies.memory;
        let cycle = memory.renegotiation_months;
        let now_in_cycle = if cycle > 0 {
            (t + TENURE_OFFSET) % cycle
        } else {
            0
        };
        let len = self.joined_in_cycle.len();
        for (k, crm) in [false, true].into_iter().enumerate() {
            for (joined, &in_cycle) in self.joined_in_cycle.iter().enumerate() {
                self.memory_now[k * len + joined] = if cycle > 0 {
                    let x = now_in_cycle + cycle - in_cycle;
                    memory.month_in_cycle(if x >= cycle { x - cycle } else { x }, true, crm)
                } else {
                    MemoryMonth::default()
                };
            }
        }
        let adoption = &self.sc.adoption;
        self.forced_done = adoption.mode == AdoptionMode::Forced && t >= adoption.forced_month;
        // New customers at risk this month by months of tenure: everyone who joined in
        // an earlier month and is still there.
        let len = self.months as usize + 1;
        let t = t as usize;
        for j in 0..self.firms {
            for joined in 1..t {
                let n = self.joined_and_active[j * len + joined];
                self.tenure_at_risk[j * len + (t - joined - 1)] += n;
            }
        }
        for tally in &mut self.tallies {
            *tally = Tally::default();
        }
        for seg in &mut self.segment_tallies {
            *seg = SegmentTally::default();
        }
        for sums in &mut self.cell_sums {
            *sums = CellSums::default();
        }
    }

    /// Turns the month's sums by firm and segment into the firms' and the focal firm's
    /// segments' counts and money (see [`CellSums`]).
    fn fold_cells(&mut self, t: u32) {
        let segments = self.segs.len();
        let share = self.sc.adoption.disengaged_revenue_share;
        for (k, sums) in self.cell_sums.iter().enumerate() {
            let (j, g) = (k / segments, k % segments);
            let tally = &mut self.tallies[j];
            let mut active = 0;
            let (mut praising, mut heard) = (sums.praised_and_left, 0);
            for (key, &n) in sums.states.0.iter().enumerate() {
                tally.states.0[key & usize::from(COUNTED_FLAGS)] += n;
                active += n;
                praising += if key & PRAISES != 0 { n } else { 0 };
                heard += if key & HEARD_FROM != 0 { n } else { 0 };
            }
            for (total, &n) in tally.levels.0.iter_mut().zip(&sums.levels.0) {
                *total += n;
            }
            tally.feedback += heard;
            tally.praise += f64::from(praising) * self.segs[g].praise;
            tally.sat_sum += sums.sat;
            // No revenue is counted at month 0 (the starting state).
            if t > 0 {
                let [rest, start, rest_disengaged, start_disengaged] = sums.price;
                tally.subscriptions += rest + start + share * (rest_disengaged + start_disengaged);
                tally.cohort_revenue += start + share * start_disengaged;
            }
            if j == 0 {
                let seg = &mut self.segment_tallies[g];
                seg.active += active;
                seg.sat_sum += sums.sat;
            }
        }
    }

    fn step(&mut self, t: u32) {
        self.prepare_month(t);
        self.sweep(t);
        self.merge_arrivals();
        self.mark_contacts();
        self.settle_moves(t);
        self.spread_on_network();
        self.record(t);
    }

    /// The month for every customer, in id order, over plain arrays: what each policy
    /// does to them, whether they stay, what they say. Moves between firms are queued
    /// for [`Sim::settle_moves`]; nothing here reads another customer's state, so the
    /// order of the two passes does not change any outcome.
    fn sweep(&mut self, t: u32) {
        let shared = Arc::clone(&self.sc);
        let sc: &Scenario = &shared;
        let sat_rules = &sc.satisfaction;
        let reference = sat_rules.reference as f32;
        let k_log2e = (sat_rules.sensitivity * core::f64::consts::LOG2_E) as f32;
        let scar_share = sat_rules.scar_share as f32;
        let promoter_at = sat_rules.promoter_at as f32;
        let detractor_below = sat_rules.detractor_below as f32;
        let goodwill = sc.replies.goodwill_loss as f32;
        let memory = &sc.replies.memory;
        let no_memory_weight = memory.weight_without_memory as f32;
        let terms = &sc.contract;
        let forgive = 1.0 - terms.forgiveness as f32;
        let desk = &sc.save_desk;
        let adoption = &sc.adoption;
        let adopt_value = adoption.value as f32;
        let w = &sc.word_of_mouth;
        let decay = w.uplift_decay as f32;
        let message_hit = w.negative_message_hit as f32;
        let exposure_cap = w.exposure_cap as f32;
        let market = &sc.market;
        let arrival = Chance::of(market.arrival_rate);
        let anyone_arrives = market.arrival_rate > 0.0;
        let forced_now = adoption.mode == AdoptionMode::Forced && t == adoption.forced_month;
        let opt_in = adoption.mode == AdoptionMode::OptIn;
        let counting = Counting::of(sc);
        let tu16 = t as u16;
        let segments = self.segs.len();

        let Sim {
            draws,
            c,
            segs,
            rules,
            events,
            cells,
            cell_sums,
            hazard_table,
            pay_table,
            adoption_table,
            memory_now,
            tallies,
            adoption_events,
            talk,
            moves,
            arrivals,
            order,
            wom,
            peers_network,
            firms,
            months: _,
            adopted_share,
            relax,
            ..
        } = self;
        let draws = *draws;
        let (wom, peers_network, relax, adopted_share) =
            (*wom, *peers_network, *relax, *adopted_share);
        let uplift = if wom { w.defection_uplift } else { 0.0 };
        let lure_rate = if *firms > 1 { market.lure_rate } else { 0.0 };
        let single_firm = *firms == 1;
        let Customers {
            provider,
            people,
            adopted_contacts,
            said,
            said_next: _,
        } = c;
        let n = provider.len();
        let people = &mut people[..n];
        let hazard_table: &HazardTable = hazard_table;
        let pay_table: &PayTable = pay_table;
        // Customers in the market and prospects are swept apart: which of the two the
        // next customer is is a coin toss to the branch predictor (three in ten are
        // outside in the reference run), and a wrong guess at the top of the loop
        // throws away the work begun on the next customer. The ids are sorted into the
        // two groups without a jump: each is written at both ends of the free part of
        // `order` and the end it belongs to moves on (a slot written by someone it does
        // not belong to is still free, and its owner comes later).
        let order = &mut order[..n];
        let (mut front, mut back) = (0, n);
        for (iu, &p8) in provider.iter().enumerate() {
            let inside = p8 != OUTSIDE;
            if let Some(slot) = order.get_mut(front) {
                *slot = iu as u32;
            }
            if let Some(slot) = order.get_mut(back.wrapping_sub(1)) {
                *slot = iu as u32;
            }
            front += usize::from(inside);
            back -= usize::from(!inside);
        }
        // Prospects (at the back, last first): whether they look at the market.
        arrivals.clear();
        if anyone_arrives {
            for &i in order[front..].iter().rev() {
                if draws.happens(Purpose::Arrival, i, t, 0, arrival) {
                    arrivals.push(Move::Arrive(i));
                }
            }
        }
        for &i in &order[..front] {
            let iu = i as usize;
            let p8 = provider[iu];
            let p = p8 as usize;
            let me = &mut people[iu];
            let g = me.segment as usize;
            let cell = &cells[p * segments + g];
            let joined_at = u32::from(me.joined);
            let fit = me.fit;
            let mut flags = me.flags;
            let mut scar = me.scar;
            let mut s = me.sat;
            let mut price = me.price;
            let mut exposure = me.exposure;
            // Last month's word of mouth reaches the customer first (`said` is empty
            // without word of mouth, so the one check stands for both).
            if let Some(slot) = said.get_mut(iu) {
                let [heard, defected] = *slot;
                s = (s - message_hit * f32::from(heard)).max(0.0);
                exposure += f32::from(defected);
                *slot = [0; 2];
            }
            let adopted = flags & ADOPTED != 0;
            // A choice rather than a product with 0 or 1: the value is not negative, so
            // the two give the same number, and the choice takes no conversion.
            let lift = if adopted { adopt_value } else { 0.0 };
            let target = clamp01(cell.base + lift + fit - scar);
            s += (target - s) * relax;
            // Read where a reply is compared with it (a few customers a month).
            let patience = || f64::from(me.patience);
            let end = me.contract_end;
            let tied = end != 0 && tu16 < end;
            let term_end = end != 0 && tu16 == end;
            let mut shock = 0.0f32;
            let mut spoke = false;
            let mut incident_hit = false;

            // Incidents (communication policy): proactive firms soften the hit (and pay
            // a message); at reactive firms the customer has to ask, and a slow reply
            // adds a late-reply hit.
            if cell.incidents {
                for ev in &events[p] {
                    if draws.happens(Purpose::IncidentHit, i, t, ev.k, ev.share) {
                        shock += ev.hit;
                        spoke = true;
                        incident_hit = true;
                        tallies[p].incident_hits += 1;
                        if cell.proactive {
                            tallies[p].proactive_messages += 1;
                        } else {
                            let reply = rules[p].mix.reply_hours(draws.uniform(
                                Purpose::ReplyTime,
                                i,
                                t,
                                1,
                            ));
                            shock += replies::late_reply_shock(reply, patience(), goodwill);
                        }
                    }
                }
            }
            // Enquiries (reply policy): a reply later than the customer's patience costs
            // goodwill.
            if cell.enquiry != Chance::default()
                && draws.happens(Purpose::Enquiry, i, t, 0, cell.enquiry)
            {
                spoke = true;
                let reply = rules[p]
                    .mix
                    .reply_hours(draws.uniform(Purpose::ReplyTime, i, t, 0));
                if reply <= 1.0 {
                    tallies[p].fast_replies += 1;
                }
                shock += replies::late_reply_shock(reply, patience(), goodwill);
            }
            if shock > 0.0 {
                if !cell.crm {
                    shock *= no_memory_weight;
                }
                if !tied {
                    shock *= forgive;
                }
            }
            // Memory: an offer before the renegotiation point, a hazard at it (see
            // `prepare_month`).
            let memory_month = memory_now[cell.memory_at + joined_at as usize];
            if memory_month.offer {
                s = (s + memory.offer_lift as f32).min(1.0);
                tallies[p].offers += 1;
            }
            // Adoption of the focal firm's new service.
            let mut refused = false;
            let mut refused_and_leaves = false;
            // Whether the focal firm's customers can adopt this month is set for the
            // month in the cell: one test where most months nothing is to be done.
            if cell.adoption_now && !adopted {
                if opt_in {
                    let u = draws.uniform(Purpose::Adoption, i, t, 0);
                    let contacts =
                        peers_network.then(|| adoption_table[adopted_contacts[iu] as usize]);
                    let openness = segs[g].openness;
                    if u < adoption.opt_in_probability(openness, adopted_share, contacts) {
                        flags |= ADOPTED;
                        if peers_network {
                            adoption_events.push((i, true));
                        }
                    }
                } else if forced_now && flags & (EXCEPTION | DISENGAGED) == 0 {
                    let dice = [0, 1, 2].map(|k| draws.uniform(Purpose::Forced, i, t, k));
                    match adoption.forced_migration(segs[g].tie, dice) {
                        ForcedOutcome::Migrated { hit } => {
                            flags |= ADOPTED;
                            shock += hit;
                        }
                        ForcedOutcome::Exception => flags |= EXCEPTION,
                        ForcedOutcome::RefusedLeaves => {
                            refused = true;
                            refused_and_leaves = true;
                        }
                        ForcedOutcome::Disengaged { hit } => {
                            refused = true;
                            flags |= DISENGAGED;
                            shock += hit;
                        }
                    }
                }
            }
            if shock > 0.0 {
                s = (s - shock).max(0.0);
                scar = (scar + shock * scar_share).min(1.0);
            }
            // Defection contagion: exposure from contacts who left last month.
            // The smaller of the two, as a comparison: `f32::min` also has to pick the
            // number when one is NaN, which costs five more instructions, and neither is
            // NaN here (counts of contacts decayed, and a validated cap).
            let capped = if exposure < exposure_cap {
                exposure
            } else {
                exposure_cap
            };
            let contagion = 1.0 + uplift * f64::from(capped);
            me.exposure = exposure * decay;

            // Leave or stay (contract policy for tied customers).
            let mut reason = None;
            let mut renewal_due = false;
            if refused_and_leaves {
                reason = Some(Reason::RefusedForced);
            } else if flags & CAPTIVE != 0 {
                // Grievance accumulates while tied: a full scar, so it does not fade.
                let x = contract::resentment(terms, segs[g].tie);
                s = (s - x).max(0.0);
                scar = (scar + x).min(1.0);
                if term_end {
                    reason = Some(Reason::EndOfTerm);
                } else if pays_penalty(
                    terms,
                    pay_table,
                    draws.uniform(Purpose::PayPenalty, i, t, 0),
                    s,
                    rules[p].term().penalty,
                    price,
                ) {
                    reason = Some(Reason::PaidPenalty);
                }
            } else {
                let diff = clamp01(reference + fit) - s;
                let theta = f64::from(me.theta);
                let h_lure = lure_rate * (1.0 - f64::from(s)) * cell.pull;
                let u = draws.uniform(Purpose::Churn, i, t, 0);
                // The draw meets a cheap upper bound of the hazard first: most months
                // it is above it, and the table's interpolation (a long chain of
                // dependent steps) is only read below it. Summed in the same order as
                // the exact hazard, so the bound is not below it after rounding either,
                // and the decision is the exact one.
                let bound = theta * f64::from(hazard_bound(k_log2e, diff)) * contagion
                    + h_lure
                    + memory_month.renegotiation_hazard;
                let wants = if u < bound {
                    let h_unhappy = theta * hazard_multiplier(hazard_table, diff) * contagion;
                    let reason = if u < h_unhappy || single_firm {
                        Reason::Unhappy
                    } else if u < h_unhappy + h_lure {
                        Reason::Lured
                    } else {
                        Reason::Renegotiation
                    };
                    (u < h_unhappy + h_lure + memory_month.renegotiation_hazard).then_some(reason)
                } else {
                    None
                };
                if let Some(wants) = wants {
                    if tied {
                        if pays_penalty(
                            terms,
                            pay_table,
                            draws.uniform(Purpose::PayPenalty, i, t, 0),
                            s,
                            rules[p].term().penalty,
                            price,
                        ) {
                            reason = Some(Reason::PaidPenalty);
                        } else {
                            flags |= CAPTIVE;
                        }
                    } else {
                        reason = Some(wants);
                    }
                } else if term_end {
                    renewal_due = true;
                }
            }
            // The save desk hears the focal firm's leavers first.
            let mut desk_outcome = None;
            // A departure (rare) is tested before the firm (a coin toss).
            if let Some(r) = reason
                && p == 0
                && desk.enabled
                && r.gives_notice()
            {
                let outcome = desk.outcome(draws.uniform(Purpose::SaveDesk, i, t, 0));
                tallies[p].notices += 1;
                match outcome {
                    DeskOutcome::Withdrawn => tallies[p].withdrawn += 1,
                    DeskOutcome::Downgraded => tallies[p].downgraded += 1,
                    DeskOutcome::Left => tallies[p].desk_left += 1,
                }
                if outcome != DeskOutcome::Left {
                    reason = None;
                    flags &= !CAPTIVE;
                    renewal_due = term_end;
                    desk_outcome = Some(outcome);
                }
            }
            if renewal_due {
                // Whoever negotiated with the desk does not ask again at renewal.
                let ask = if desk_outcome.is_some() {
                    1.0
                } else {
                    draws.uniform(Purpose::Renewal, i, t, 0)
                };
                let rule = &rules[p];
                let renewal =
                    contract::renew(terms, rule.term(), rule.offer.list_price, price, t, ask);
                me.contract_end = renewal.contract_end as u16;
                if !renewal.on_term {
                    flags &= !TERM;
                }
                price = renewal.price;
                tallies[p].renewal_discounts += u32::from(renewal.squeezed);
            }
            if let Some(outcome) = desk_outcome {
                let plan = if flags & TERM != 0 {
                    Plan::Term
                } else {
                    Plan::Free
                };
                price = desk.price_after(outcome, rules[p].offer.price(plan), price);
            }
            // Word of mouth: complaints (detractors, captives, refusers, incident-hit
            // customers; fewer if the firm warned them) and praise (promoters).
            let mut praises = false;
            if wom {
                let grieved = refused | (flags & CAPTIVE != 0) | (s < detractor_below);
                let chance = if grieved || !cell.proactive {
                    cell.complain
                } else {
                    cell.complain_warned
                };
                if (grieved | incident_hit) && draws.happens(Purpose::Talk, i, t, 0, chance) {
                    talk.push(Talk {
                        i,
                        firm: p8,
                        what: HEARD as u8,
                    });
                }
                // Praise reaches no one in particular, so it is counted by its expected
                // number (times the mean number of contacts when the month is
                // recorded): no draw needed.
                praises = !(grieved | incident_hit) & (s >= promoter_at);
            }
            me.sat = s;
            me.scar = scar;
            me.flags = flags;
            me.price = price;
            let sums = &mut cell_sums[p * segments + g];
            match reason {
                Some(reason) => {
                    sums.praised_and_left += u32::from(praises);
                    if reason == Reason::PaidPenalty {
                        tallies[p].penalties += rules[p].term().penalty;
                    }
                    // Defection contagion: contacts at the firm feel it next month.
                    if wom {
                        talk.push(Talk {
                            i,
                            firm: p8,
                            what: DEFECTED as u8,
                        });
                    }
                    moves.push(Move::Leave {
                        i,
                        from: p8,
                        reason,
                    });
                }
                None => {
                    // Listening: each customer who stays is heard at most once a month.
                    let heard = spoke || s < detractor_below;
                    let bits = usize::from(praises) * PRAISES + usize::from(heard) * HEARD_FROM;
                    counting.add(sums, s, flags, bits, price);
                }
            }
        }
    }

    /// The month's arrivals, drawn apart from the leavers (see [`Sim::sweep`]), join
    /// them in one list in customer order, the order they are settled in.
    fn merge_arrivals(&mut self) {
        if self.arrivals.is_empty() {
            return;
        }
        let (leaves, arrivals) = (&self.moves, &self.arrivals);
        let merged = &mut self.merged;
        merged.clear();
        let (mut a, mut b) = (0, 0);
        while a < leaves.len() && b < arrivals.len() {
            if leaves[a].id() < arrivals[b].id() {
                merged.push(leaves[a]);
                a += 1;
            } else {
                merged.push(arrivals[b]);
                b += 1;
            }
        }
        merged.extend_from_slice(&leaves[a..]);
        merged.extend_from_slice(&arrivals[b..]);
        std::mem::swap(&mut self.moves, &mut self.merged);
    }

    /// Word of mouth of the month's complainers and leavers, marked for next month on
    /// their contacts at the same firm. Done after the sweep, in one short loop,
    /// rather than in it: a talker's contacts are scattered over the population (a
    /// cache miss each), and the sweep, which keeps dozens of values alive, runs
    /// without that loop in its middle. Nothing changes a provider between the sweep
    /// and this pass (moves are settled after it) and the sweep never reads
    /// `said_next`, so the marks are those the sweep would have made.
    fn mark_contacts(&mut self) {
        let offsets = &self.network.offsets[..];
        let contacts = &self.network.contacts[..];
        let provider = &self.c.provider[..];
        let marks = &mut self.c.said_next[..];
        // The talkers go in chunks: first every talker's memory in the chunk is read,
        // its value folded into `warm` and dropped: these loads depend on nothing but
        // the list, so their cache misses are under way together rather than one after
        // the other (safe Rust has no prefetch instruction). Then the chunk's marks,
        // from the cache. Reading every talker of the month first fetched more than
        // the cache keeps (a month has thousands of talkers, a few lines each), and
        // the marks missed again.
        const CHUNK: usize = 128;
        let mut warm = 0u32;
        for chunk in self.talk.chunks(CHUNK) {
            for &Talk { i, .. } in chunk {
                let iu = i as usize;
                // A talker's contacts may cross into a second cache line: both ends.
                let from = offsets.get(iu).copied().unwrap_or(0) as usize;
                let to = offsets.get(iu + 1).copied().unwrap_or(0) as usize;
                warm ^= contacts.get(from).copied().unwrap_or(0);
                warm ^= contacts.get(to.wrapping_sub(1)).copied().unwrap_or(0);
                warm ^= u32::from(marks.get(iu).map_or(0, |m| m[0]));
            }
            for &Talk { i, firm, what } in chunk {
                let iu = i as usize;
                let (from, to) = (offsets[iu] as usize, offsets[iu + 1] as usize);
                if what == HEARD as u8 {
                    // Each contact hears the complaint, whichever firm they are with.
                    self.tallies[firm as usize].negative_messages += (to - from) as u64;
                }
                let what = usize::from(what);
                // Every contact's slot is written, with 1 or 0 added: whether a contact
                // is at the same firm is a coin toss to the branch predictor, and a
                // store is cheaper than a mispredicted jump.
                for &c in &contacts[from..to] {
                    let cu = c as usize;
                    let same = u8::from(provider[cu] == firm);
                    marks[cu][what] = marks[cu][what].saturating_add(same);
                }
            }
        }
        std::hint::black_box(warm);
        self.talk.clear();
    }

    /// The month's moves, in customer order: prospects shop and may join; leavers go
    /// (shopping around or not). Each mover is counted where they end the month.
    fn settle_moves(&mut self, t: u32) {
        let moves = std::mem::take(&mut self.moves);
        // The movers' records left the cache during the sweep: as for the marks of
        // word of mouth (see `mark_contacts`), each chunk's records are read first,
        // their misses under way together, then the chunk is settled.
        const CHUNK: usize = 64;
        let mut warm = 0u32;
        for chunk in moves.chunks(CHUNK) {
            for &m in chunk {
                let iu = match m {
                    Move::Arrive(i) | Move::Leave { i, .. } => i as usize,
                };
                let c = &self.c;
                // A record may cross into a second cache line: both ends.
                warm ^= c
                    .people
                    .get(iu)
                    .map_or(0, |me| me.theta.to_bits() ^ u32::from(me.flags));
                warm ^= u32::from(c.provider.get(iu).copied().unwrap_or(0));
                warm ^= u32::from(c.said.get(iu).map_or(0, |m| m[0]));
                warm ^= u32::from(c.said_next.get(iu).map_or(0, |m| m[0]));
            }
            self.settle_chunk(chunk, t);
        }
        std::hint::black_box(warm);
        self.moves = moves;
        self.moves.clear();
    }

    fn settle_chunk(&mut self, moves: &[Move], t: u32) {
        for &m in moves {
            let i = match m {
                Move::Arrive(i) => {
                    if let Some((j, plan)) = self.shop(i, t, 0) {
                        self.join(i, j, plan, t, OUTSIDE);
                    }
                    i
                }
                Move::Leave { i, from, reason } => {
                    self.leave(i, from as usize, t, reason);
                    i
                }
            };
            self.tally_customer(i as usize);
        }
    }

    /// Word of mouth along contacts, from this month's events only: contacts at the
    /// firm a leaver left, or a complainer complained about, will feel it next month.
    fn spread_on_network(&mut self) {
        // Complaints and departures were marked for next month during the sweep.
        std::mem::swap(&mut self.c.said, &mut self.c.said_next);
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

    /// Expected discounted margin of a customer who joins firm `j` now, from the run's
    /// own survival of new customers by tenure (see docs/model.md §11). 0 until enough
    /// new customers have been seen.
    fn new_customer_value(&self, j: usize, margin_per_month: f64, monthly_discount: f64) -> f64 {
        const MIN_AT_RISK: u32 = 30;
        let len = self.months as usize + 1;
        let at_risk = &self.tenure_at_risk[j * len..(j + 1) * len];
        let left = &self.tenure_left[j * len..(j + 1) * len];
        let used = at_risk.iter().take_while(|&&n| n >= MIN_AT_RISK).count();
        // A year of tenure at least, a whole term and its end for a firm with a term
        // plan (before that, nobody tied has had the chance to leave), and a whole
        // renegotiation cycle, so that the tail's hazard below covers every kind of
        // month a customer goes through.
        let term = self.rules[j].offer.term.map_or(0, |t| t.months as usize);
        let renegotiation = self.sc.replies.memory.renegotiation_months as usize;
        let cycle = 12.max(term + 1).max(renegotiation);
        if used < cycle {
            return 0.0;
        }
        // Survival S(k) after k months of tenure, and the discounted margin of each
        // month the customer is still there (the joining month counts).
        let mut survival = 1.0;
        let mut factor = 1.0;
        let mut value = 1.0;
        for u in 0..used {
            survival *= 1.0 - f64::from(left[u]) / f64::from(at_risk[u]);
            factor *= monthly_discount;
            value += survival * factor;
        }
        // Beyond the tenures observed: the pooled hazard of the last cycle observed,
        // kept constant (a geometric tail).
        let (l, r): (u64, u64) = (used - cycle..used).fold((0, 0), |(l, r), u| {
            (l + u64::from(left[u]), r + u64::from(at_risk[u]))
        });
        let tail_hazard = if r > 0 { l as f64 / r as f64 } else { 1.0 };
        let q = (1.0 - tail_hazard) * monthly_discount;
        if q < 1.0 {
            value += survival * factor * q / (1.0 - q);
        }
        margin_per_month * value
    }

    /// Write the month's tallies into the result and update firm-level state.
    fn record(&mut self, t: u32) {
        let shared = Arc::clone(&self.sc);
        let sc: &Scenario = &shared;
        let tu = t as usize;
        let econ = &sc.economics;
        let discount = libm::pow(1.0 + econ.annual_discount_rate, -f64::from(t) / 12.0);
        let monthly_discount = libm::pow(1.0 + econ.annual_discount_rate, -1.0 / 12.0);
        let channel = &sc.channel;
        self.fold_cells(t);
        let mut active_total = 0u64;
        for j in 0..self.firms {
            let mut tally = self.tallies[j];
            tally.fold();
            active_total += u64::from(tally.active);
            let active = f64::from(tally.active);
            let per = |x: f64| if tally.active > 0 { x / active } else { 0.0 };
            let feedback = per(f64::from(tally.feedback));
            let mut costs = 0.0;
            let mut distributor_share = 0.0;
            let mut improvement = 0.0;
            if j == 0 {
                // Channel: feedback heard, directly or late and filtered by distributors.
                self.feedback_history.push(feedback);
                let heard = channel.heard(&self.feedback_history);
                if t > 0 {
                    self.improvement = channel.improve(self.improvement, heard);
                    costs += f64::from(tally.fast_replies) * sc.replies.cost_per_fast_reply
                        + f64::from(tally.proactive_messages) * sc.communication.cost_per_message
                        + f64::from(tally.offers) * sc.replies.memory.cost_per_offer
                        + f64::from(tally.notices) * sc.save_desk.cost_per_notice
                        + f64::from(tally.old_channel) * sc.adoption.old_channel_cost
                        + heard * active * channel.cost_per_customer_heard;
                }
                if channel.mode == ChannelMode::Distributors {
                    distributor_share = channel.distributor_share();
                }
                improvement = self.improvement;
                self.adopted_share = per(f64::from(tally.adopted));
            }
            let kept = econ.gross_margin - distributor_share;
            let positive_messages = tally.praise * self.network.mean_degree();
            let revenue = tally.subscriptions + tally.penalties;
            let margin = revenue * kept - costs - tally.acquisition_costs;
            if self.cohort_start[j] > 0.0 {
                self.clv[j] += tally.cohort_revenue * kept * discount / self.cohort_start[j];
            }
            if self.wom && t > 0 {
                self.reputation
                    .add(j, positive_messages, tally.negative_messages as f64);
            }
            let reputation = if self.wom {
                self.reputation.net(j)
            } else {
                0.0
            };
            let churn_total: u32 = tally.churn.iter().sum();
            let cohort_survival = if self.cohort_start[j] > 0.0 {
                f64::from(tally.cohort) / self.cohort_start[j]
            } else {
                0.0
            };
            let value_new =
                self.new_customer_value(j, per(tally.subscriptions) * kept, monthly_discount);
            let cac = self.rules[j].acquisition_cost;
            let clv = self.clv[j];
            let mut put = |s: Series, v: f64| self.result.series_mut(s, j)[tu] = v;
            put(Series::ActiveCustomers, active);
            put(Series::Satisfied, f64::from(tally.satisfied));
            put(Series::AtRisk, f64::from(tally.at_risk));
            put(Series::Captive, f64::from(tally.captive));
            put(Series::Adopted, f64::from(tally.adopted));
            put(Series::TermPlanCustomers, f64::from(tally.on_term));
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
            put(Series::WordOfMouthMessages, tally.negative_messages as f64);
            put(Series::PositiveMessages, positive_messages);
            put(Series::Reputation, reputation);
            put(Series::IncidentHits, f64::from(tally.incident_hits));
            put(
                Series::ProspectEnquiries,
                f64::from(tally.prospect_enquiries),
            );
            put(Series::SalesWon, f64::from(tally.sales_won));
            put(Series::SalesLostToSlowReply, f64::from(tally.lost_slow));
            put(Series::ListeningFeedback, feedback);
            put(Series::OfferImprovement, improvement);
            put(Series::RenewalDiscounts, f64::from(tally.renewal_discounts));
            put(Series::SaveNotices, f64::from(tally.notices));
            put(Series::SaveWithdrawn, f64::from(tally.withdrawn));
            put(Series::SaveDowngraded, f64::from(tally.downgraded));
            put(Series::SaveLeft, f64::from(tally.desk_left));
            put(Series::AveragePrice, per(tally.subscriptions));
            put(Series::Revenue, revenue);
            put(Series::PolicyCosts, costs);
            put(Series::AcquisitionCosts, tally.acquisition_costs);
            // What distributors keep is paid away like a cost: the margin below is
            // revenue at the gross margin less all three.
            let kept_by_distributors = revenue * distributor_share;
            put(Series::KeptByDistributors, kept_by_distributors);
            put(
                Series::Costs,
                costs + tally.acquisition_costs + kept_by_distributors,
            );
            put(Series::Margin, margin);
            put(Series::LifetimeValue, clv);
            put(Series::NewCustomerValue, value_new);
            put(
                Series::ValueToAcquisitionCost,
                if cac > 0.0 { value_new / cac } else { 0.0 },
            );
            let bins = self.result.satisfaction_histogram_mut(t, j);
            for (b, count) in bins.iter_mut().zip(tally.sat_bins) {
                *b = f64::from(count);
            }
            bins[SATISFACTION_BINS - 1] += f64::from(tally.sat_bins[SATISFACTION_BINS]);
        }
        for g in 0..self.segment_tallies.len() {
            let seg = self.segment_tallies[g];
            let mean = if seg.active > 0 {
                seg.sat_sum / f64::from(seg.active)
            } else {
                0.0
            };
            self.result
                .segment_series_mut(SegmentSeries::ActiveCustomers, g)[tu] = f64::from(seg.active);
            self.result.segment_series_mut(SegmentSeries::ChurnTotal, g)[tu] = f64::from(seg.churn);
            self.result
                .segment_series_mut(SegmentSeries::MeanSatisfaction, g)[tu] = mean;
        }
        self.result.outside[tu] = (u64::from(self.n) - active_total) as f64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::policy::ContractPolicy;

    /// Share of the focal firm's customers on the term plan among the quarter least
    /// prone to leave and among the quarter most prone to leave.
    fn term_share_by_propensity(sim: &Sim, joined_from: u32) -> (f64, f64) {
        let mut focal: Vec<(f32, bool)> = (0..sim.n as usize)
            .filter(|&i| {
                sim.c.provider[i] == 0
                    && u32::from(sim.c.people[i].joined) >= joined_from + TENURE_OFFSET
            })
            .map(|i| (sim.c.people[i].theta, sim.c.people[i].flags & TERM != 0))
            .collect();
        focal.sort_by(|a, b| a.0.total_cmp(&b.0));
        let q = focal.len() / 4;
        let share =
            |part: &[(f32, bool)]| part.iter().filter(|x| x.1).count() as f64 / part.len() as f64;
        (share(&focal[..q]), share(&focal[focal.len() - q..]))
    }

    /// The churn test's cheap bound is above the exact hazard multiplier wherever the
    /// model can read it (k in its valid range, satisfaction gaps in [-1, 1]), by at
    /// least 0.5 % (so rounding cannot put it below), and at most about twice it (so
    /// the exact value is needed for few customers).
    #[test]
    fn the_hazard_bound_is_above_the_multiplier_and_close_to_it() {
        for k in [0.0, 0.3, 1.0, 2.5, 4.0, 7.77, 12.0, 20.0] {
            let mut table = [0.0; HAZARD_STEPS + 1];
            for (j, slot) in table.iter_mut().enumerate() {
                *slot = libm::exp(k * (j as f64 / 1024.0 - 1.0));
            }
            let k_log2e = (k * core::f64::consts::LOG2_E) as f32;
            for step in 0..=20_000 {
                let diff = step as f32 / 10_000.0 - 1.0;
                let exact = hazard_multiplier(&table, diff);
                let bound = f64::from(hazard_bound(k_log2e, diff));
                assert!(
                    bound >= exact * 1.005 && bound <= exact * 2.02,
                    "k {k}, diff {diff}: bound {bound}, exact {exact}"
                );
            }
        }
    }

    /// The bench's floor loop draws for every customer of the population, and two
    /// loops from the same seed agree.
    #[test]
    fn the_bare_loop_draws_for_the_population() {
        let s = Scenario {
            customers: 5_000,
            horizon_months: 12,
            ..Scenario::default()
        };
        let check = BareLoop::new(&s, 1).map(|mut b| b.run());
        assert_eq!(check, BareLoop::new(&s, 1).map(|mut b| b.run()));
        let check = check.unwrap_or(0);
        // Enquiries alone: some 5-12% of about 5,000 x 12 customer-months.
        assert!((1_000..20_000).contains(&check), "{check}");
    }

    /// The histograms folded once a month give the counts a counter per state and
    /// threshold would (the counting rules before histograms, written out).
    #[test]
    fn histogram_counts_fold_into_the_counts_by_state_and_satisfaction() {
        let counting = Counting {
            at_risk_below: 0.4,
            promoter_at: 0.8,
            detractor_below: 0.3,
        };
        let draws = Draws::new(3);
        let mut tally = Tally::default();
        let mut sums = CellSums::default();
        let mut want = Tally::default();
        let edges = [0.0f32, 0.3, 0.4, 0.8, 0.9999, 1.0, 0.1, 0.7];
        for i in 0..20_000u32 {
            let s = match edges.get(i as usize) {
                Some(&s) => s,
                None => draws.uniform(Purpose::Fit, i, 0, 0) as f32,
            };
            let flags = (draws.bits(Purpose::Fit, i, 1, 0) & 63) as u8;
            counting.add(&mut sums, s, flags, 0, 10.0);
            let captive = flags & CAPTIVE != 0;
            want.active += 1;
            want.sat_bins[(s * 10.0) as usize] += 1;
            want.captive += u32::from(captive);
            want.at_risk += u32::from(!captive && s < 0.4);
            want.satisfied += u32::from(!captive && s >= 0.4);
            want.adopted += u32::from(flags & ADOPTED != 0);
            want.on_term += u32::from(flags & TERM != 0);
            want.old_channel += u32::from(flags & EXCEPTION != 0);
            want.promoters += u32::from(s >= 0.8);
            want.detractors += u32::from(s < 0.3);
            want.cohort += u32::from(flags & START != 0);
        }
        // As `Sim::fold_cells` does with a firm's cells.
        for (key, &n) in sums.states.0.iter().enumerate() {
            tally.states.0[key & usize::from(COUNTED_FLAGS)] += n;
        }
        tally.levels = sums.levels;
        tally.fold();
        let counts = |t: &Tally| {
            (
                [
                    t.active,
                    t.captive,
                    t.at_risk,
                    t.satisfied,
                    t.adopted,
                    t.on_term,
                    t.old_channel,
                    t.promoters,
                    t.detractors,
                    t.cohort,
                ],
                t.sat_bins,
            )
        };
        assert_eq!(counts(&tally), counts(&want));
        assert_eq!(
            tally.sat_bins[SATISFACTION_BINS], 1,
            "exactly 1.0 has its slot"
        );
        assert_eq!(sums.states.0.iter().sum::<u32>(), 20_000);
    }

    #[test]
    fn a_term_plan_beside_free_exit_selects_customers_less_prone_to_leave() {
        let mut s = Scenario {
            customers: 150_000,
            contract: ContractPolicy::lock_in(24),
            ..Scenario::default()
        };
        s.contract.free_exit_plan_too = true;
        let mut sim = Sim::new(&s, 4);
        sim.tally_start();
        let (loyal, prone) = term_share_by_propensity(&sim, 0);
        println!(
            "on the term plan at the start: loyal quarter {loyal:.3}, prone quarter {prone:.3}"
        );
        assert!(loyal > prone + 0.1, "loyal {loyal}, prone {prone}");
        // Newcomers choose the same way (those of the last month, before the prone ones
        // on free exit have had time to leave again).
        for t in 1..=36 {
            sim.step(t);
        }
        let (loyal, prone) = term_share_by_propensity(&sim, 36);
        println!("newcomers of month 36: loyal quarter {loyal:.3}, prone quarter {prone:.3}");
        assert!(loyal > prone + 0.1, "loyal {loyal}, prone {prone}");
    }
}
