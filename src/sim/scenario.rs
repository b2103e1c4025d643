//! A scenario: the market, its customers and the focal firm's policies. Serde JSON with
//! a `version` field (see docs/scenario.md). Missing fields take their defaults;
//! unknown fields are an error.

use super::policy::{
    AdoptionPolicy, ChannelPolicy, CommunicationPolicy, ContractPolicy, ReplyPolicy, ReplySpeed,
    SaveDeskPolicy, TermPlan,
};
use super::validate::{Checker, ProblemKind};
use serde::{Deserialize, Serialize};

/// The scenario format this engine reads and writes. Version 1 files are upgraded on
/// load ([`upgrade_v1`]).
pub const SCENARIO_VERSION: u32 = 2;
/// Most customers in a scenario.
pub const MAX_CUSTOMERS: u32 = 2_000_000;
/// Longest horizon in months.
pub const MAX_HORIZON: u32 = 600;
/// Most competitors besides the focal firm.
pub const MAX_COMPETITORS: usize = 7;
/// Most customer segments.
pub const MAX_SEGMENTS: usize = 16;
/// Most contact links in the network (customers x mean degree), to bound memory.
pub const MAX_CONTACT_LINKS: f64 = 50_000_000.0;

/// Everything the engine needs for one simulated market.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be [`SCENARIO_VERSION`].
    pub version: u32,
    pub name: String,
    /// Customers in the whole market, including those outside it (1-2,000,000).
    pub customers: u32,
    /// Months to simulate (1-600). One step is one month.
    pub horizon_months: u32,
    pub population: Population,
    pub market: Market,
    pub satisfaction: Satisfaction,
    pub word_of_mouth: WordOfMouth,
    pub contract: ContractPolicy,
    pub replies: ReplyPolicy,
    pub adoption: AdoptionPolicy,
    pub channel: ChannelPolicy,
    pub communication: CommunicationPolicy,
    pub save_desk: SaveDeskPolicy,
    pub economics: Economics,
}

impl Default for Scenario {
    /// A full-featured market: two segments, the focal firm and two rivals, every
    /// mechanism on, free exit, replies at the audit mix, reactive communication.
    fn default() -> Self {
        Self {
            version: SCENARIO_VERSION,
            name: "Default market".into(),
            customers: 20_000,
            horizon_months: 60,
            population: Population::default(),
            market: Market::default(),
            satisfaction: Satisfaction::default(),
            word_of_mouth: WordOfMouth::default(),
            contract: ContractPolicy::default(),
            replies: ReplyPolicy::default(),
            adoption: AdoptionPolicy::default(),
            channel: ChannelPolicy::default(),
            communication: CommunicationPolicy::default(),
            save_desk: SaveDeskPolicy::default(),
            economics: Economics::default(),
        }
    }
}

impl Scenario {
    /// Every mechanism off: one firm, one segment, churn from Beta(alpha, beta) only.
    /// The starting cohort's survival is then the sBG curve
    /// S(t) = B(alpha, beta + t) / B(alpha, beta) (Fader & Hardie 2007).
    pub fn neutral() -> Self {
        Self {
            name: "Neutral (sBG only)".into(),
            population: Population {
                segments: vec![Segment::neutral()],
            },
            market: Market::neutral(),
            word_of_mouth: WordOfMouth::neutral(),
            contract: ContractPolicy::neutral(),
            replies: ReplyPolicy::neutral(),
            adoption: AdoptionPolicy::neutral(),
            channel: ChannelPolicy::neutral(),
            communication: CommunicationPolicy::neutral(),
            save_desk: SaveDeskPolicy::neutral(),
            economics: Economics::neutral(),
            ..Self::default()
        }
    }

    /// Number of firms: the focal firm plus competitors.
    pub fn firm_count(&self) -> usize {
        1 + self.market.competitors.len()
    }

    /// Names of the firms, focal first.
    pub fn firm_names(&self) -> Vec<String> {
        std::iter::once(self.market.focal_name.clone())
            .chain(self.market.competitors.iter().map(|c| c.name.clone()))
            .collect()
    }

    pub(crate) fn check(&self, c: &mut Checker) {
        if self.version != SCENARIO_VERSION {
            c.push(
                "version",
                ProblemKind::UnsupportedVersion {
                    found: self.version,
                    supported: SCENARIO_VERSION,
                },
            );
        }
        c.name("name", &self.name);
        c.count(
            "customers",
            u64::from(self.customers),
            1,
            u64::from(MAX_CUSTOMERS),
        );
        c.count(
            "horizon_months",
            u64::from(self.horizon_months),
            1,
            u64::from(MAX_HORIZON),
        );
        self.population.check(c);
        self.market.check(c);
        self.satisfaction.check(c);
        self.word_of_mouth.check(c, self.customers);
        self.contract.check(c, "contract");
        self.replies.check(c, "replies");
        self.adoption.check(c, "adoption");
        self.channel.check(c, "channel");
        self.communication.check(c, "communication");
        self.save_desk.check(c, "save_desk");
        self.economics.check(c);
    }
}

/// The customers of the market, in segments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Population {
    /// 1-16 segments whose shares add up to 1.
    pub segments: Vec<Segment>,
}

impl Default for Population {
    fn default() -> Self {
        Self {
            segments: vec![
                Segment {
                    name: "Settled".into(),
                    share: 0.6,
                    churn_alpha: 0.7,
                    churn_beta: 60.0,
                    patience_median_hours: 4.0,
                    price_sensitivity: 0.1,
                    enquiry_rate: 0.05,
                    tie_sensitivity: 0.8,
                    talkativeness: 0.2,
                    openness: 0.8,
                    ..Segment::default()
                },
                Segment {
                    name: "Demanding".into(),
                    share: 0.4,
                    churn_alpha: 0.7,
                    churn_beta: 20.0,
                    patience_median_hours: 1.0,
                    price_sensitivity: 0.2,
                    enquiry_rate: 0.12,
                    tie_sensitivity: 1.5,
                    talkativeness: 0.4,
                    openness: 1.3,
                    ..Segment::default()
                },
            ],
        }
    }
}

impl Population {
    fn check(&self, c: &mut Checker) {
        if self.segments.is_empty() {
            c.push("population.segments", ProblemKind::Empty);
            return;
        }
        if self.segments.len() > MAX_SEGMENTS {
            c.push(
                "population.segments",
                ProblemKind::TooMany {
                    count: self.segments.len() as u64,
                    max: MAX_SEGMENTS as u64,
                },
            );
        }
        let mut all_ok = true;
        for (k, s) in self.segments.iter().enumerate() {
            all_ok &= s.check(c, &format!("population.segments[{k}]"));
        }
        let sum: f64 = self.segments.iter().map(|s| s.share).sum();
        if all_ok && (sum - 1.0).abs() > 1e-6 {
            c.push(
                "population.segments",
                ProblemKind::SharesDoNotSumToOne { sum },
            );
        }
    }
}

/// A group of customers with the same traits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Segment {
    pub name: String,
    /// Share of the population (0-1; shares add up to 1).
    pub share: f64,
    /// Alpha of the Beta distribution of monthly churn propensity theta (0.001-10,000).
    pub churn_alpha: f64,
    /// Beta of that distribution (0.001-10,000). Mean churn = alpha / (alpha + beta).
    pub churn_beta: f64,
    /// Median hours a customer waits for a reply (0.01-1,000).
    pub patience_median_hours: f64,
    /// Log-scale spread (sd of ln hours) of patience (0-5).
    pub patience_spread: f64,
    /// Weight of price in choosing a firm and a plan: utility lost per currency unit
    /// of monthly cost (0-5). With 0.1 a plan 5 € dearer is chosen e^0.5 ≈ 1.6 times
    /// less often, other things equal.
    pub price_sensitivity: f64,
    /// Chance a customer enquires in a month (0-1).
    pub enquiry_rate: f64,
    /// Multiplier on resentment when tied and antipathy when forced (0-10).
    pub tie_sensitivity: f64,
    /// Chance an unhappy or affected customer tells their contacts in a month (0-1).
    pub talkativeness: f64,
    /// Multiplier on adoption of a new service (0-10).
    pub openness: f64,
}

impl Default for Segment {
    fn default() -> Self {
        Self {
            name: "Everyone".into(),
            share: 1.0,
            // Fader & Hardie (2007) "Regular" cohort fit (per year there; used as a
            // reference shape here).
            churn_alpha: 0.704,
            churn_beta: 1.182,
            // Median 2 h, log-sd 1.4: reply within 1 h is ~60x more often in time than
            // after 24 h+, Oldroyd et al. (2011)'s ratio for qualifying a lead.
            patience_median_hours: 2.0,
            patience_spread: 1.4,
            price_sensitivity: 0.1,
            enquiry_rate: 0.08,
            tie_sensitivity: 1.0,
            talkativeness: 0.3,
            openness: 1.0,
        }
    }
}

impl Segment {
    /// One segment with the Regular cohort's alpha and beta and no enquiries.
    pub fn neutral() -> Self {
        Self {
            enquiry_rate: 0.0,
            ..Self::default()
        }
    }

    fn check(&self, c: &mut Checker, at: &str) -> bool {
        c.name(format!("{at}.name"), &self.name);
        let share_ok = c.share(format!("{at}.share"), self.share);
        c.range(
            format!("{at}.churn_alpha"),
            self.churn_alpha,
            0.001,
            10_000.0,
        );
        c.range(format!("{at}.churn_beta"), self.churn_beta, 0.001, 10_000.0);
        c.range(
            format!("{at}.patience_median_hours"),
            self.patience_median_hours,
            0.01,
            1000.0,
        );
        c.range(
            format!("{at}.patience_spread"),
            self.patience_spread,
            0.0,
            5.0,
        );
        c.range(
            format!("{at}.price_sensitivity"),
            self.price_sensitivity,
            0.0,
            5.0,
        );
        c.share(format!("{at}.enquiry_rate"), self.enquiry_rate);
        c.range(
            format!("{at}.tie_sensitivity"),
            self.tie_sensitivity,
            0.0,
            10.0,
        );
        c.share(format!("{at}.talkativeness"), self.talkativeness);
        c.range(format!("{at}.openness"), self.openness, 0.0, 10.0);
        share_ok
    }
}

/// The focal firm's place in the market, its competitors and the flows between them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Market {
    pub focal_name: String,
    /// Quality of the focal firm's offer: the satisfaction its customers settle at (0-1).
    pub focal_quality: f64,
    /// The focal firm's monthly list price (free-exit plan; currency units, 0-10,000).
    pub focal_price: f64,
    /// Share of the market's customers at the focal firm at month 0 (0-1).
    pub focal_initial_share: f64,
    /// At most 7 competitors; focal + competitor initial shares at most 1, the rest is
    /// outside the market (prospects).
    pub competitors: Vec<Competitor>,
    /// Chance a prospect outside the market enquires at a firm in a month (0-1).
    pub arrival_rate: f64,
    /// Share of leaving customers who look for another provider; the rest leave the
    /// market (0-1).
    pub switch_share: f64,
    /// Monthly pull of competitors on a customer, times (1 - satisfaction) (0-1).
    pub lure_rate: f64,
    /// How strongly choice between firms follows quality: utility c * quality (0-50).
    pub choice_sensitivity: f64,
    /// How strongly choice follows a firm's reputation (the net sentiment of what its
    /// customers say, -1 to 1): utility w * reputation (0-20). Needs word of mouth on.
    pub reputation_weight: f64,
    /// Months for half of what was said about a firm to be forgotten (0.1-600).
    pub reputation_half_life_months: f64,
}

impl Default for Market {
    fn default() -> Self {
        Self {
            focal_name: "Our firm".into(),
            focal_quality: 0.7,
            focal_price: 30.0,
            focal_initial_share: 0.3,
            competitors: vec![
                Competitor {
                    name: "Rival North".into(),
                    initial_share: 0.3,
                    ..Competitor::default()
                },
                Competitor {
                    name: "Rival South".into(),
                    quality: 0.65,
                    initial_share: 0.25,
                    reply_speed: ReplySpeed::Immediate,
                    contract_months: 12,
                    ..Competitor::default()
                },
            ],
            arrival_rate: 0.03,
            switch_share: 0.8,
            lure_rate: 0.01,
            choice_sensitivity: 5.0,
            reputation_weight: 1.5,
            reputation_half_life_months: 6.0,
        }
    }
}

impl Market {
    /// The focal firm alone with all customers; nobody arrives, nobody is lured.
    pub fn neutral() -> Self {
        Self {
            focal_initial_share: 1.0,
            competitors: Vec::new(),
            arrival_rate: 0.0,
            lure_rate: 0.0,
            ..Self::default()
        }
    }

    fn check(&self, c: &mut Checker) {
        c.name("market.focal_name", &self.focal_name);
        c.share("market.focal_quality", self.focal_quality);
        c.range("market.focal_price", self.focal_price, 0.0, 10_000.0);
        let mut ok = c.share("market.focal_initial_share", self.focal_initial_share);
        if self.competitors.len() > MAX_COMPETITORS {
            c.push(
                "market.competitors",
                ProblemKind::TooMany {
                    count: self.competitors.len() as u64,
                    max: MAX_COMPETITORS as u64,
                },
            );
        }
        for (k, comp) in self.competitors.iter().enumerate() {
            ok &= comp.check(c, &format!("market.competitors[{k}]"));
        }
        let sum = self.focal_initial_share
            + self
                .competitors
                .iter()
                .map(|c| c.initial_share)
                .sum::<f64>();
        if ok && sum > 1.0 + 1e-6 {
            c.push("market.competitors", ProblemKind::SharesExceedOne { sum });
        }
        c.share("market.arrival_rate", self.arrival_rate);
        c.share("market.switch_share", self.switch_share);
        c.share("market.lure_rate", self.lure_rate);
        c.range(
            "market.choice_sensitivity",
            self.choice_sensitivity,
            0.0,
            50.0,
        );
        c.range(
            "market.reputation_weight",
            self.reputation_weight,
            0.0,
            20.0,
        );
        c.range(
            "market.reputation_half_life_months",
            self.reputation_half_life_months,
            0.1,
            600.0,
        );
    }
}

/// A competing firm with simple policies of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Competitor {
    pub name: String,
    /// Quality of its offer (0-1).
    pub quality: f64,
    /// Share of the market's customers with it at month 0 (0-1).
    pub initial_share: f64,
    /// Monthly list price (free-exit plan; currency units, 0-10,000).
    pub price: f64,
    pub reply_speed: ReplySpeed,
    /// Used when `reply_speed` is `custom`.
    pub custom_mix: super::policy::ReplyMix,
    /// Minimum term of its term plan in months, 0 = free exit only (0-600). Customer
    /// behaviour under a contract follows the focal firm's contract parameters; its
    /// existing customers' terms end at random months.
    pub contract_months: u32,
    /// Share off the price on its term plan (0-1).
    pub term_discount: f64,
    /// With a term plan, also offer free exit (customers choose).
    pub free_exit_plan_too: bool,
    /// Early-exit penalty (currency units).
    pub exit_penalty: f64,
    /// Cost of winning one customer (currency units, 0-1e5).
    pub acquisition_cost: f64,
    /// Tells customers about incidents first.
    pub proactive: bool,
    /// Chance of a random incident in a month (0-1); severity and share as the focal's.
    pub incident_rate: f64,
}

impl Default for Competitor {
    fn default() -> Self {
        Self {
            name: "Rival".into(),
            quality: 0.7,
            initial_share: 0.0,
            price: 30.0,
            reply_speed: ReplySpeed::WithinHours,
            custom_mix: super::policy::ReplyMix::default(),
            contract_months: 0,
            term_discount: 0.1,
            free_exit_plan_too: false,
            exit_penalty: 150.0,
            acquisition_cost: 100.0,
            proactive: false,
            incident_rate: 0.05,
        }
    }
}

impl Competitor {
    /// Its term plan, if any.
    pub fn term_plan(&self) -> Option<TermPlan> {
        (self.contract_months > 0).then_some(TermPlan {
            months: self.contract_months,
            discount: self.term_discount,
            subsidy: 0.0,
            penalty: self.exit_penalty,
        })
    }

    fn check(&self, c: &mut Checker, at: &str) -> bool {
        c.name(format!("{at}.name"), &self.name);
        c.share(format!("{at}.quality"), self.quality);
        let ok = c.share(format!("{at}.initial_share"), self.initial_share);
        c.range(format!("{at}.price"), self.price, 0.0, 10_000.0);
        if self.reply_speed == ReplySpeed::Custom {
            self.custom_mix.check(c, &format!("{at}.custom_mix"));
        }
        c.count(
            format!("{at}.contract_months"),
            u64::from(self.contract_months),
            0,
            600,
        );
        c.share(format!("{at}.term_discount"), self.term_discount);
        c.range(format!("{at}.exit_penalty"), self.exit_penalty, 0.0, 1e7);
        c.range(
            format!("{at}.acquisition_cost"),
            self.acquisition_cost,
            0.0,
            1e5,
        );
        c.share(format!("{at}.incident_rate"), self.incident_rate);
        ok
    }
}

/// Satisfaction with memory and how it drives churn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Satisfaction {
    /// Satisfaction at which the churn hazard equals theta (0-1).
    pub reference: f64,
    /// k in the hazard multiplier exp(k * (reference + fit - s)) (0-20).
    pub sensitivity: f64,
    /// Months for half of a shock to fade (0.1-600).
    pub memory_half_life_months: f64,
    /// Share of every shock that never fades (a scar) (0-1).
    pub scar_share: f64,
    /// Spread (sd) of customers' personal fit with an offer (0-0.5).
    pub fit_spread: f64,
    /// Satisfaction at or above which a customer counts as a promoter (0-1).
    pub promoter_at: f64,
    /// Satisfaction below which a customer counts as a detractor (0-1).
    pub detractor_below: f64,
    /// Satisfaction below which a customer counts as at risk (0-1); at or above it,
    /// satisfied.
    pub at_risk_below: f64,
}

impl Default for Satisfaction {
    fn default() -> Self {
        Self {
            reference: 0.7,
            sensitivity: 4.0,
            memory_half_life_months: 6.0,
            scar_share: 0.1,
            fit_spread: 0.1,
            promoter_at: 0.75,
            detractor_below: 0.5,
            at_risk_below: 0.55,
        }
    }
}

impl Satisfaction {
    fn check(&self, c: &mut Checker) {
        c.share("satisfaction.reference", self.reference);
        c.range("satisfaction.sensitivity", self.sensitivity, 0.0, 20.0);
        c.range(
            "satisfaction.memory_half_life_months",
            self.memory_half_life_months,
            0.1,
            600.0,
        );
        c.share("satisfaction.scar_share", self.scar_share);
        c.range("satisfaction.fit_spread", self.fit_spread, 0.0, 0.5);
        let a = c.share("satisfaction.promoter_at", self.promoter_at);
        let b = c.share("satisfaction.detractor_below", self.detractor_below);
        c.share("satisfaction.at_risk_below", self.at_risk_below);
        if a && b && self.detractor_below > self.promoter_at {
            c.push(
                "satisfaction.detractor_below",
                ProblemKind::MustNotExceed {
                    value: self.detractor_below,
                    other_field: "satisfaction.promoter_at".into(),
                    other: self.promoter_at,
                },
            );
        }
    }
}

/// The contact network and what travels on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WordOfMouth {
    pub enabled: bool,
    /// Mean number of contacts per customer (0-100).
    pub mean_degree: f64,
    /// Share of ring-lattice links rewired at random: 0 = lattice, ~0.1 = small world
    /// (Watts & Strogatz 1998), 1 = random graph.
    pub rewire: f64,
    /// Rise of the churn hazard per defecting contact the next month (0-10).
    /// Default 0.8: Nitzan & Libai (2011), J. Marketing 75(6).
    pub defection_uplift: f64,
    /// Share of that exposure still felt a month later (0-1); the effect fades fast.
    pub uplift_decay: f64,
    /// Most defecting contacts that count at once (1-100).
    pub exposure_cap: f64,
    /// Satisfaction a customer loses per negative message about their provider (0-1).
    pub negative_message_hit: f64,
    /// How much more often a promoter recommends their provider in a month than an
    /// unhappy customer complains: promoters talk with chance talkativeness × this
    /// (0-10). Calibrated so positive word of mouth is about three times as frequent as
    /// negative in the default market (East, Hammond & Wright 2007).
    pub positive_talk_rate: f64,
}

impl Default for WordOfMouth {
    fn default() -> Self {
        Self {
            enabled: true,
            mean_degree: 10.0,
            rewire: 0.1,
            defection_uplift: 0.8,
            uplift_decay: 0.25,
            exposure_cap: 3.0,
            negative_message_hit: 0.01,
            positive_talk_rate: 3.0,
        }
    }
}

impl WordOfMouth {
    pub fn neutral() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }

    fn check(&self, c: &mut Checker, customers: u32) {
        // From the customers within their own range: a count out of range is its own
        // problem, and must not make a valid degree look wrong beside it.
        let customers = customers.clamp(1, MAX_CUSTOMERS);
        let max_degree = (MAX_CONTACT_LINKS / f64::from(customers)).min(100.0);
        c.range(
            "word_of_mouth.mean_degree",
            self.mean_degree,
            0.0,
            max_degree,
        );
        c.share("word_of_mouth.rewire", self.rewire);
        c.range(
            "word_of_mouth.defection_uplift",
            self.defection_uplift,
            0.0,
            10.0,
        );
        c.share("word_of_mouth.uplift_decay", self.uplift_decay);
        c.range("word_of_mouth.exposure_cap", self.exposure_cap, 1.0, 100.0);
        c.share(
            "word_of_mouth.negative_message_hit",
            self.negative_message_hit,
        );
        c.range(
            "word_of_mouth.positive_talk_rate",
            self.positive_talk_rate,
            0.0,
            10.0,
        );
    }
}

/// Money: margin on revenue, the cost of winning a customer, and discounting for
/// lifetime value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Economics {
    /// Gross margin as a share of revenue (0-1).
    pub gross_margin: f64,
    /// Yearly discount rate for lifetime value (0-1).
    pub annual_discount_rate: f64,
    /// The focal firm's cost of winning one customer (currency units, 0-1e5).
    pub acquisition_cost: f64,
}

impl Default for Economics {
    fn default() -> Self {
        Self {
            gross_margin: 0.4,
            annual_discount_rate: 0.1,
            acquisition_cost: 100.0,
        }
    }
}

impl Economics {
    /// No acquisition cost.
    pub fn neutral() -> Self {
        Self {
            acquisition_cost: 0.0,
            ..Self::default()
        }
    }

    fn check(&self, c: &mut Checker) {
        c.share("economics.gross_margin", self.gross_margin);
        c.share("economics.annual_discount_rate", self.annual_discount_rate);
        c.range(
            "economics.acquisition_cost",
            self.acquisition_cost,
            0.0,
            1e5,
        );
    }
}

/// Upgrades a version-1 scenario (JSON) to version 2 in place. Version 1 had a monthly
/// revenue per segment and no prices; version 2 has a price per firm, so every firm's
/// price becomes the population's average revenue (the segments' revenues weighted by
/// their shares), which keeps the old revenue per customer on average. The satisfaction
/// below which a tied customer always paid the penalty becomes the midpoint of the
/// chance of paying it. Fields added in version 2 take their defaults. Returns false
/// (and changes nothing) if the value is not a version-1 scenario object.
pub fn upgrade_v1(value: &mut serde_json::Value) -> bool {
    use serde_json::{Value, json};
    let Some(obj) = value.as_object_mut() else {
        return false;
    };
    if obj.get("version").and_then(Value::as_u64) != Some(1) {
        return false;
    }
    // The population's average revenue (the old defaults if segments are missing).
    let old_default = 30.0;
    let mut weighted = 0.0;
    let mut total_share = 0.0;
    if let Some(segments) = obj
        .get_mut("population")
        .and_then(|p| p.get_mut("segments"))
        .and_then(Value::as_array_mut)
    {
        for seg in segments.iter_mut() {
            let Some(seg) = seg.as_object_mut() else {
                continue;
            };
            let revenue = seg
                .remove("monthly_revenue")
                .and_then(|v| v.as_f64())
                .unwrap_or(old_default);
            let share = seg.get("share").and_then(Value::as_f64).unwrap_or(1.0);
            weighted += share * revenue;
            total_share += share;
        }
    } else if obj.get("population").is_none() {
        // Version 1's default population: 60% at 35 and 40% at 25.
        weighted = 0.6 * 35.0 + 0.4 * 25.0;
        total_share = 1.0;
    }
    let price = if total_share > 0.0 && weighted.is_finite() {
        weighted / total_share
    } else {
        old_default
    };
    let market = obj.entry("market").or_insert_with(|| json!({}));
    if let Some(market) = market.as_object_mut() {
        market.insert("focal_price".into(), json!(price));
        let competitors = market.entry("competitors").or_insert_with(|| {
            // Version 1's default rivals, spelled out so they get the price too.
            serde_json::to_value(&Market::default().competitors).unwrap_or(json!([]))
        });
        if let Some(list) = competitors.as_array_mut() {
            for comp in list.iter_mut().filter_map(Value::as_object_mut) {
                comp.insert("price".into(), json!(price));
            }
        }
    }
    if let Some(contract) = obj.get_mut("contract").and_then(Value::as_object_mut)
        && let Some(below) = contract.remove("pay_penalty_below")
    {
        contract.insert("pay_penalty_midpoint".into(), below);
    }
    obj.insert("version".into(), json!(2));
    true
}
