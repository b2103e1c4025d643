//! What a run produces: monthly series per firm, the outside pool and the flow matrix.

use serde::{Deserialize, Serialize};

/// Bins of the satisfaction histogram: [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0].
pub const SATISFACTION_BINS: usize = 10;

/// Every monthly series the engine records for each firm. Month 0 is the starting
/// state (flows, churn, money are 0 there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    ActiveCustomers,
    Satisfied,
    AtRisk,
    Captive,
    Adopted,
    TermPlanCustomers,
    ChurnUnhappy,
    ChurnEndOfTerm,
    ChurnPaidPenalty,
    ChurnRefusedForced,
    ChurnLured,
    ChurnRenegotiation,
    ChurnTotal,
    Acquisitions,
    AcquisitionsFromCompetitors,
    AcquisitionsFromOutside,
    CohortSurvival,
    MeanSatisfaction,
    PromoterShare,
    DetractorShare,
    WordOfMouthMessages,
    PositiveMessages,
    Reputation,
    IncidentHits,
    ProspectEnquiries,
    SalesWon,
    SalesLostToSlowReply,
    ListeningFeedback,
    OfferImprovement,
    RenewalDiscounts,
    SaveNotices,
    SaveWithdrawn,
    SaveDowngraded,
    SaveLeft,
    AveragePrice,
    Revenue,
    PolicyCosts,
    AcquisitionCosts,
    KeptByDistributors,
    Costs,
    Margin,
    LifetimeValue,
    NewCustomerValue,
    ValueToAcquisitionCost,
}

impl Series {
    const ALL: [Series; 44] = [
        Series::ActiveCustomers,
        Series::Satisfied,
        Series::AtRisk,
        Series::Captive,
        Series::Adopted,
        Series::TermPlanCustomers,
        Series::ChurnUnhappy,
        Series::ChurnEndOfTerm,
        Series::ChurnPaidPenalty,
        Series::ChurnRefusedForced,
        Series::ChurnLured,
        Series::ChurnRenegotiation,
        Series::ChurnTotal,
        Series::Acquisitions,
        Series::AcquisitionsFromCompetitors,
        Series::AcquisitionsFromOutside,
        Series::CohortSurvival,
        Series::MeanSatisfaction,
        Series::PromoterShare,
        Series::DetractorShare,
        Series::WordOfMouthMessages,
        Series::PositiveMessages,
        Series::Reputation,
        Series::IncidentHits,
        Series::ProspectEnquiries,
        Series::SalesWon,
        Series::SalesLostToSlowReply,
        Series::ListeningFeedback,
        Series::OfferImprovement,
        Series::RenewalDiscounts,
        Series::SaveNotices,
        Series::SaveWithdrawn,
        Series::SaveDowngraded,
        Series::SaveLeft,
        Series::AveragePrice,
        Series::Revenue,
        Series::PolicyCosts,
        Series::AcquisitionCosts,
        Series::KeptByDistributors,
        Series::Costs,
        Series::Margin,
        Series::LifetimeValue,
        Series::NewCustomerValue,
        Series::ValueToAcquisitionCost,
    ];

    /// All series in their fixed order.
    pub fn all() -> &'static [Series] {
        &Self::ALL
    }

    /// Position in [`Series::all`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Stable machine key (CSV column, JSON field).
    pub fn key(self) -> &'static str {
        self.info().0
    }

    /// English label.
    pub fn label(self) -> &'static str {
        self.info().1
    }

    /// Unit of the values.
    pub fn unit(self) -> Unit {
        self.info().2
    }

    /// Whether the series counts what happens during a month (leavers, revenue,
    /// messages, the price paid, who was heard): month 0 is the starting state, before
    /// any month has run, so the 0 recorded there is no value, and a chart drawing it
    /// would show a ramp from nothing.
    pub fn is_monthly_flow(self) -> bool {
        matches!(
            self.unit(),
            Unit::CustomersPerMonth | Unit::MessagesPerMonth | Unit::MoneyPerMonth
        ) || self == Series::ListeningFeedback
    }

    fn info(self) -> (&'static str, &'static str, Unit) {
        use Unit::*;
        match self {
            Series::ActiveCustomers => ("active_customers", "Active customers", Customers),
            Series::Satisfied => ("satisfied", "Satisfied customers", Customers),
            Series::AtRisk => ("at_risk", "Customers at risk", Customers),
            Series::Captive => (
                "captive",
                "Captive customers (tied, wanting to leave)",
                Customers,
            ),
            Series::Adopted => ("adopted", "Customers using the new service", Customers),
            Series::TermPlanCustomers => {
                ("term_plan_customers", "Customers on a term plan", Customers)
            }
            Series::ChurnUnhappy => ("churn_unhappy", "Left: unhappy", CustomersPerMonth),
            Series::ChurnEndOfTerm => (
                "churn_end_of_term",
                "Left: at end of term",
                CustomersPerMonth,
            ),
            Series::ChurnPaidPenalty => (
                "churn_paid_penalty",
                "Left: paid the exit penalty",
                CustomersPerMonth,
            ),
            Series::ChurnRefusedForced => (
                "churn_refused_forced",
                "Left: refused the forced service",
                CustomersPerMonth,
            ),
            Series::ChurnLured => (
                "churn_lured",
                "Left: lured by a competitor",
                CustomersPerMonth,
            ),
            Series::ChurnRenegotiation => (
                "churn_renegotiation",
                "Left: shopped around at a renegotiation point",
                CustomersPerMonth,
            ),
            Series::ChurnTotal => ("churn_total", "Left: all reasons", CustomersPerMonth),
            Series::Acquisitions => ("acquisitions", "New customers", CustomersPerMonth),
            Series::AcquisitionsFromCompetitors => (
                "acquisitions_from_competitors",
                "New customers from competitors",
                CustomersPerMonth,
            ),
            Series::AcquisitionsFromOutside => (
                "acquisitions_from_outside",
                "New customers from outside the market",
                CustomersPerMonth,
            ),
            Series::CohortSurvival => (
                "cohort_survival",
                "Survival of the starting customers",
                Share,
            ),
            Series::MeanSatisfaction => ("mean_satisfaction", "Mean satisfaction", Points),
            Series::PromoterShare => ("promoter_share", "Promoters", Share),
            Series::DetractorShare => ("detractor_share", "Detractors", Share),
            Series::WordOfMouthMessages => (
                "word_of_mouth_messages",
                "Negative word-of-mouth messages",
                MessagesPerMonth,
            ),
            Series::PositiveMessages => (
                "positive_messages",
                "Positive word-of-mouth messages",
                MessagesPerMonth,
            ),
            Series::Reputation => (
                "reputation",
                "Reputation (net balance of word of mouth)",
                Index,
            ),
            Series::IncidentHits => (
                "incident_hits",
                "Customers hit by an incident",
                CustomersPerMonth,
            ),
            Series::ProspectEnquiries => (
                "prospect_enquiries",
                "Enquiries from would-be customers",
                CustomersPerMonth,
            ),
            Series::SalesWon => ("sales_won", "Enquiries won", CustomersPerMonth),
            Series::SalesLostToSlowReply => (
                "sales_lost_to_slow_reply",
                "Enquiries lost to a slow reply",
                CustomersPerMonth,
            ),
            Series::ListeningFeedback => {
                ("listening_feedback", "Customers heard by the firm", Share)
            }
            // In satisfaction points, as its lever ("most the offer can improve") and
            // the lessons' texts give it: a chart in % beside a sentence in points
            // left the class comparing 1.5% with "2.3 points".
            Series::OfferImprovement => (
                "offer_improvement",
                "Improvement of the offer from listening",
                Points,
            ),
            Series::RenewalDiscounts => (
                "renewal_discounts",
                "Customers who negotiated a discount at renewal",
                CustomersPerMonth,
            ),
            Series::SaveNotices => (
                "save_notices",
                "Notices to leave received by the save desk",
                CustomersPerMonth,
            ),
            Series::SaveWithdrawn => (
                "save_withdrawn",
                "Notices withdrawn after the desk's offer",
                CustomersPerMonth,
            ),
            Series::SaveDowngraded => (
                "save_downgraded",
                "Notices ending in a cheaper plan",
                CustomersPerMonth,
            ),
            Series::SaveLeft => (
                "save_left",
                "Notices ending in a departure",
                CustomersPerMonth,
            ),
            Series::AveragePrice => ("average_price", "Average monthly price paid", MoneyPerMonth),
            Series::Revenue => ("revenue", "Revenue", MoneyPerMonth),
            Series::PolicyCosts => ("policy_costs", "Policy costs", MoneyPerMonth),
            Series::AcquisitionCosts => (
                "acquisition_costs",
                "Acquisition costs (including device subsidies)",
                MoneyPerMonth,
            ),
            Series::KeptByDistributors => (
                "kept_by_distributors",
                "Revenue kept by distributors",
                MoneyPerMonth,
            ),
            Series::Costs => (
                "costs",
                "All costs: policy, acquisition and distributors' share",
                MoneyPerMonth,
            ),
            Series::Margin => ("margin", "Margin after all costs", MoneyPerMonth),
            Series::LifetimeValue => (
                "lifetime_value",
                "Discounted margin per starting customer, to date",
                Money,
            ),
            Series::NewCustomerValue => (
                "new_customer_value",
                "Lifetime value of a new customer (forward-looking)",
                Money,
            ),
            Series::ValueToAcquisitionCost => (
                "value_to_acquisition_cost",
                "Lifetime value of a new customer over its acquisition cost",
                Ratio,
            ),
        }
    }
}

/// Units of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Customers,
    CustomersPerMonth,
    MessagesPerMonth,
    Share,
    MoneyPerMonth,
    Money,
    /// A balance from -1 to 1 (reputation).
    Index,
    /// An index from 0 to 1 read as points out of 100 (satisfaction), the scale its
    /// levers and the texts use.
    Points,
    /// A plain ratio (lifetime value over acquisition cost).
    Ratio,
}

/// Results of the focal firm per customer segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentSeries {
    /// Active customers of the segment.
    ActiveCustomers,
    /// Customers of the segment who left this month (all reasons).
    ChurnTotal,
    /// Mean satisfaction of the segment's active customers.
    MeanSatisfaction,
}

impl SegmentSeries {
    pub const ALL: [SegmentSeries; 3] = [
        SegmentSeries::ActiveCustomers,
        SegmentSeries::ChurnTotal,
        SegmentSeries::MeanSatisfaction,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The firm-level series this one splits by segment.
    pub fn total(self) -> Series {
        match self {
            SegmentSeries::ActiveCustomers => Series::ActiveCustomers,
            SegmentSeries::ChurnTotal => Series::ChurnTotal,
            SegmentSeries::MeanSatisfaction => Series::MeanSatisfaction,
        }
    }

    /// Stable machine key (CSV column, JSON field).
    pub fn key(self) -> &'static str {
        self.total().key()
    }
}

/// One replication's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Months simulated; every series has `months + 1` values (month 0 = start).
    pub months: u32,
    /// Firm names, focal first.
    pub firms: Vec<String>,
    /// `[series][firm][month]`, flattened; use [`RunResult::series`].
    pub values: Vec<f64>,
    /// Customers outside the market (prospects) by month.
    pub outside: Vec<f64>,
    /// Moves between firms and the outside pool, `[month][from][to]` flattened, with
    /// `firms.len() + 1` places (the last one is outside the market).
    pub flows: Vec<f64>,
    /// Active customers by satisfaction bin, `[month][firm][bin]` flattened with
    /// [`SATISFACTION_BINS`] bins; use [`RunResult::satisfaction_histogram`]. Derived
    /// from the same state as the series, so it is left out of [`RunResult::digest`].
    pub satisfaction_bins: Vec<f64>,
    /// Names of the customer segments.
    pub segments: Vec<String>,
    /// The focal firm's results per segment, `[segment series][segment][month]`
    /// flattened; use [`RunResult::segment_series`]. Derived, left out of the digest.
    pub segment_values: Vec<f64>,
}

impl RunResult {
    pub(crate) fn new(months: u32, firms: Vec<String>, segments: Vec<String>) -> Self {
        let len = months as usize + 1;
        let f = firms.len();
        Self {
            months,
            values: vec![0.0; Series::all().len() * f * len],
            outside: vec![0.0; len],
            flows: vec![0.0; len * (f + 1) * (f + 1)],
            satisfaction_bins: vec![0.0; len * f * SATISFACTION_BINS],
            segment_values: vec![0.0; SegmentSeries::ALL.len() * segments.len() * len],
            segments,
            firms,
        }
    }

    /// The focal firm's values of `series` for segment `segment`, months 0..=months
    /// (empty if there is no such segment).
    pub fn segment_series(&self, series: SegmentSeries, segment: usize) -> &[f64] {
        if segment >= self.segments.len() {
            return &[];
        }
        let len = self.months as usize + 1;
        let start = (series.index() * self.segments.len() + segment) * len;
        &self.segment_values[start..start + len]
    }

    pub(crate) fn segment_series_mut(
        &mut self,
        series: SegmentSeries,
        segment: usize,
    ) -> &mut [f64] {
        let len = self.months as usize + 1;
        let start = (series.index() * self.segments.len() + segment) * len;
        &mut self.segment_values[start..start + len]
    }

    /// Values of one series for one firm (0 = focal), months 0..=months.
    pub fn series(&self, series: Series, firm: usize) -> &[f64] {
        let len = self.months as usize + 1;
        let start = (series.index() * self.firms.len() + firm) * len;
        &self.values[start..start + len]
    }

    pub(crate) fn series_mut(&mut self, series: Series, firm: usize) -> &mut [f64] {
        let len = self.months as usize + 1;
        let start = (series.index() * self.firms.len() + firm) * len;
        &mut self.values[start..start + len]
    }

    /// Number of places in the flow matrix: firms plus the outside pool (last).
    pub fn places(&self) -> usize {
        self.firms.len() + 1
    }

    /// Customers who moved from `from` to `to` during `month`.
    pub fn flow(&self, month: u32, from: usize, to: usize) -> f64 {
        let p = self.places();
        self.flows[(month as usize * p + from) * p + to]
    }

    /// Active customers of `firm` at the end of `month` in each satisfaction bin
    /// ([`SATISFACTION_BINS`] equal bins of [0, 1]); they sum to the active customers.
    pub fn satisfaction_histogram(&self, month: u32, firm: usize) -> &[f64] {
        let start = (month as usize * self.firms.len() + firm) * SATISFACTION_BINS;
        &self.satisfaction_bins[start..start + SATISFACTION_BINS]
    }

    pub(crate) fn satisfaction_histogram_mut(&mut self, month: u32, firm: usize) -> &mut [f64] {
        let start = (month as usize * self.firms.len() + firm) * SATISFACTION_BINS;
        &mut self.satisfaction_bins[start..start + SATISFACTION_BINS]
    }

    /// FNV-1a over the bit patterns of every number, in a fixed order: months, firm
    /// count, values, outside, flows. Equal on every platform for the same scenario
    /// and seed.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bits: u64| {
            for b in bits.to_le_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        eat(u64::from(self.months));
        eat(self.firms.len() as u64);
        for v in self.values.iter().chain(&self.outside).chain(&self.flows) {
            eat(v.to_bits());
        }
        h
    }
}
