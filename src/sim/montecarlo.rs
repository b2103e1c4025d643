//! Monte Carlo with common random numbers: replication r of every scenario uses the
//! same derived seed, so the same customers, incidents and dice. Bands are the 5th,
//! 50th and 95th percentiles across replications (linear interpolation between order
//! statistics); paired differences (scenario k minus scenario 0) are taken replication
//! by replication, then summarised the same way.
//!
//! Quantities that are not monthly series of one firm are also summarised replication
//! by replication: the focal firm's market share, cumulative money (revenue, policy
//! costs and margin summed from month 1 to t *within* each replication, then banded),
//! and the medians of the satisfaction histogram and of the flow matrix.
//!
//! # Memory: streaming aggregates
//!
//! A replication is folded into the aggregates as soon as it ends and then dropped, so
//! memory does not grow with the number of replications:
//!
//! - **Exact over every replication**, in O(1) memory per number: the mean and the
//!   standard error of the mean (Welford's online algorithm) of every banded quantity,
//!   and for paired differences also the share of replications in which scenario k is
//!   above, and below, scenario 0 ([`Moments`], [`Paired`]).
//! - **Percentiles** (the bands, and the medians of the histogram and flows) need the
//!   values themselves. They are exact while the kept replications fit a byte budget
//!   ([`KEEP_BUDGET_BYTES`]): K replications, with K the budget over the bytes one
//!   replication of every scenario takes (at least [`MIN_KEPT`]). Past K, the kept
//!   replications are thinned deterministically by stride: keep every 2nd replication
//!   (0, 2, 4, ...), then every 4th, and so on, and only keep new replications on the
//!   stride. Percentiles then come from an evenly spaced subsample of between K/2 and
//!   K replications, always the same ones for the same scenarios and count, on every
//!   platform. [`Comparison::banded_replications`] says how many were used.
//!
//! The batch advances a month at a time ([`MonteCarlo::advance`]), so a caller can
//! follow and stop even one long replication; the results do not depend on how the
//! work was cut.

use super::engine::{Flow, Replication, RunError};
use super::results::{RunResult, SATISFACTION_BINS, SegmentSeries, Series};
use super::rng::replication_seed;
use super::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Median and 5-95% band of a series, by month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub median: Vec<f64>,
    pub p05: Vec<f64>,
    pub p95: Vec<f64>,
}

impl Band {
    /// The band of the values turned over (−x): the median turns over and the 5% and
    /// 95% lines swap. Exact for these percentiles (linear interpolation between order
    /// statistics is symmetric), up to the last bit of rounding. `0.0 - x` rather than
    /// `-x`, so a zero stays +0 (a difference of nothing is shown as 0, never −0).
    fn turned_over(self) -> Self {
        let neg = |v: Vec<f64>| v.into_iter().map(|x| 0.0 - x).collect();
        Self {
            median: neg(self.median),
            p05: neg(self.p95),
            p95: neg(self.p05),
        }
    }
}

/// Where a batch is, in months simulated over all runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchProgress {
    pub done: u64,
    pub total: u64,
}

/// Mean and standard error of the mean over every replication, by month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    pub mean: Vec<f64>,
    /// Sample standard deviation over the square root of the replications (0 with one).
    pub std_error: Vec<f64>,
}

/// A paired difference (scenario k minus scenario 0) summarised over every replication.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    pub mean: Vec<f64>,
    pub std_error: Vec<f64>,
    /// Share of replications in which scenario k is above scenario 0. Whether that is
    /// winning depends on the series (more margin is better, more churn is worse).
    pub share_above: Vec<f64>,
    /// Share of replications in which scenario k is below scenario 0 (ties are in
    /// neither share).
    pub share_below: Vec<f64>,
}

impl Paired {
    /// The same pairs the other way round (j minus k from k minus j): the mean changes
    /// sign, the standard error stays, above and below swap. Exact.
    fn reversed(self) -> Self {
        Self {
            mean: self.mean.into_iter().map(|m| 0.0 - m).collect(),
            std_error: self.std_error,
            share_above: self.share_below,
            share_below: self.share_above,
        }
    }
}

/// Bands of every series for one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioBands {
    pub name: String,
    pub firms: Vec<String>,
    pub months: u32,
    /// `[series][firm]` flattened; use [`ScenarioBands::band`].
    pub bands: Vec<Band>,
    pub outside: Band,
    /// Focal firm's active customers over all firms' active customers, computed in
    /// each replication and then banded (0 when nobody is active).
    pub market_share: Band,
    /// Cumulative sums from month 0 to t of [`CUMULATED`] series, `[k][firm]`
    /// flattened, cumulated per replication before banding; use
    /// [`ScenarioBands::cumulative`].
    pub cumulative: Vec<Band>,
    /// Median over replications of active customers per satisfaction bin,
    /// `[month][firm][bin]`; use [`ScenarioBands::satisfaction_histogram`].
    pub satisfaction_histogram: Vec<f64>,
    /// Median over replications of the flow matrix, `[month][from][to]` with
    /// `firms.len() + 1` places (the last is outside the market); use
    /// [`ScenarioBands::flow`].
    pub flows: Vec<f64>,
    /// Mean and standard error over every replication, parallel to `bands`; use
    /// [`ScenarioBands::moments`].
    #[serde(default)]
    pub moments: Vec<Moments>,
    #[serde(default)]
    pub outside_moments: Moments,
    #[serde(default)]
    pub market_share_moments: Moments,
    /// Parallel to `cumulative`.
    #[serde(default)]
    pub cumulative_moments: Vec<Moments>,
    /// Names of the customer segments.
    #[serde(default)]
    pub segments: Vec<String>,
    /// The focal firm's results per segment, `[segment series][segment]` flattened;
    /// use [`ScenarioBands::segment_band`].
    #[serde(default)]
    pub segment_bands: Vec<Band>,
}

/// Money series that are also available cumulated (see [`ScenarioBands::cumulative`]).
pub const CUMULATED: [Series; 6] = [
    Series::Revenue,
    Series::PolicyCosts,
    Series::AcquisitionCosts,
    Series::KeptByDistributors,
    Series::Costs,
    Series::Margin,
];

fn cumulated_index(series: Series) -> Option<usize> {
    CUMULATED.iter().position(|&s| s == series)
}

impl ScenarioBands {
    pub fn band(&self, series: Series, firm: usize) -> &Band {
        &self.bands[series.index() * self.firms.len() + firm]
    }

    /// Band of the running total of `series` (one of [`CUMULATED`]) for `firm`, or
    /// `None` for other series or firms.
    pub fn cumulative(&self, series: Series, firm: usize) -> Option<&Band> {
        let k = cumulated_index(series)?;
        if firm >= self.firms.len() {
            return None;
        }
        self.cumulative.get(k * self.firms.len() + firm)
    }

    /// Band of the focal firm's `series` for segment `segment` (`None` out of range).
    pub fn segment_band(&self, series: SegmentSeries, segment: usize) -> Option<&Band> {
        if segment >= self.segments.len() {
            return None;
        }
        self.segment_bands
            .get(series.index() * self.segments.len() + segment)
    }

    /// Mean and standard error of `series` for `firm` over every replication.
    pub fn moments(&self, series: Series, firm: usize) -> Option<&Moments> {
        self.moments
            .get(series.index() * self.firms.len() + firm)
            .filter(|_| firm < self.firms.len())
    }

    /// Places of the flow matrix: firms, then outside the market.
    pub fn places(&self) -> usize {
        self.firms.len() + 1
    }

    /// Median customers who moved from `from` to `to` during `month` (0 out of range).
    pub fn flow(&self, month: u32, from: usize, to: usize) -> f64 {
        let p = self.places();
        if from >= p || to >= p {
            return 0.0;
        }
        self.flows
            .get((month as usize * p + from) * p + to)
            .copied()
            .unwrap_or(0.0)
    }

    /// Median active customers of `firm` at `month` per satisfaction bin
    /// ([`SATISFACTION_BINS`] bins; empty out of range).
    pub fn satisfaction_histogram(&self, month: u32, firm: usize) -> &[f64] {
        if firm >= self.firms.len() {
            return &[];
        }
        let start = (month as usize * self.firms.len() + firm) * SATISFACTION_BINS;
        self.satisfaction_histogram
            .get(start..start + SATISFACTION_BINS)
            .unwrap_or(&[])
    }
}

/// Scenario `scenario` minus scenario 0, paired by replication, over the firms and
/// months both have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub scenario: usize,
    /// The scenario subtracted (0, A, unless another baseline was asked for).
    #[serde(default)]
    pub baseline: usize,
    pub firms: usize,
    pub months: u32,
    /// `[series][firm]` flattened; use [`Difference::band`].
    pub bands: Vec<Band>,
    /// Paired difference of the focal firm's market share.
    pub market_share: Band,
    /// Paired difference of the running totals of [`CUMULATED`], `[k][firm]`; the
    /// cumulative margin difference is the headline money comparison. Use
    /// [`Difference::cumulative`].
    pub cumulative: Vec<Band>,
    /// Mean, standard error and shares above and below zero over every replication,
    /// parallel to `bands`; use [`Difference::paired`].
    #[serde(default)]
    pub paired: Vec<Paired>,
    #[serde(default)]
    pub market_share_paired: Paired,
    /// Parallel to `cumulative`; use [`Difference::cumulative_paired`].
    #[serde(default)]
    pub cumulative_paired: Vec<Paired>,
}

impl Difference {
    /// The other way round: `baseline − scenario` from `scenario − baseline`, the same
    /// paired values turned over (see [`Band::turned_over`]).
    fn turned_over(self) -> Self {
        Self {
            scenario: self.baseline,
            baseline: self.scenario,
            bands: self.bands.into_iter().map(Band::turned_over).collect(),
            market_share: self.market_share.turned_over(),
            cumulative: self.cumulative.into_iter().map(Band::turned_over).collect(),
            paired: self.paired.into_iter().map(Paired::reversed).collect(),
            market_share_paired: self.market_share_paired.reversed(),
            cumulative_paired: self
                .cumulative_paired
                .into_iter()
                .map(Paired::reversed)
                .collect(),
            ..self
        }
    }

    pub fn band(&self, series: Series, firm: usize) -> &Band {
        &self.bands[series.index() * self.firms + firm]
    }

    /// Paired difference of the running total of `series` (one of [`CUMULATED`]).
    pub fn cumulative(&self, series: Series, firm: usize) -> Option<&Band> {
        let k = cumulated_index(series)?;
        if firm >= self.firms {
            return None;
        }
        self.cumulative.get(k * self.firms + firm)
    }

    /// Exact paired statistics of `series` for `firm` over every replication.
    pub fn paired(&self, series: Series, firm: usize) -> Option<&Paired> {
        self.paired
            .get(series.index() * self.firms + firm)
            .filter(|_| firm < self.firms)
    }

    /// Exact paired statistics of the running total of `series` (one of [`CUMULATED`]).
    pub fn cumulative_paired(&self, series: Series, firm: usize) -> Option<&Paired> {
        let k = cumulated_index(series)?;
        if firm >= self.firms {
            return None;
        }
        self.cumulative_paired.get(k * self.firms + firm)
    }
}

/// The result of [`run_many`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub seed: u64,
    /// Replications run; the means, standard errors and shares use all of them.
    pub replications: u32,
    /// Replications the percentiles (bands and medians) come from: all of them while
    /// they fit the memory budget, else an evenly spaced subsample (see the module).
    #[serde(default)]
    pub banded_replications: u32,
    pub scenarios: Vec<ScenarioBands>,
    /// Every scenario after the first against A (`differences[k - 1]` is k minus A),
    /// then every pair against the other baselines; see [`Comparison::difference`].
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// Scenario `k` minus scenario `baseline`, if both exist and differ.
    pub fn difference(&self, baseline: usize, k: usize) -> Option<&Difference> {
        self.differences
            .iter()
            .find(|d| d.baseline == baseline && d.scenario == k)
    }
}

/// Percentile `q` in [0, 1] of sorted values, interpolating linearly.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let x = q * (sorted.len() - 1) as f64;
    let lo = x.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo as f64)
}

/// The two positions [`percentile`] reads for quantile `q` of `n` sorted values.
fn percentile_positions(n: usize, q: f64) -> (usize, usize) {
    let lo = (q * (n - 1) as f64).floor() as usize;
    (lo, (lo + 1).min(n - 1))
}

/// An integer with the order of `f64::total_cmp` (the same bit trick it uses): sorting
/// or selecting these keys orders the values exactly as `total_cmp` does, with plain
/// integer comparisons. Its own inverse.
#[inline(always)]
fn order_key(bits: i64) -> i64 {
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// Quantiles of many small sets of values (the replications of one element), by
/// selection instead of sorting: a summary asks for three quantiles of each of some
/// 10,000 elements per scenario, on the page's thread while workers run. Gives the same
/// bits as [`percentile`] on the values sorted with `f64::total_cmp`.
#[derive(Default)]
pub struct Quantiles {
    keys: Vec<i64>,
}

impl Quantiles {
    /// Quantiles `qs` of `values`, each exactly `percentile(sorted values, q)`.
    pub fn of<const N: usize>(&mut self, values: &[f64], qs: [f64; N]) -> [f64; N] {
        let n = values.len();
        if n == 0 {
            return [0.0; N];
        }
        self.keys.clear();
        self.keys
            .extend(values.iter().map(|v| order_key(v.to_bits() as i64)));
        // The positions each quantile reads, ascending and without repeats.
        let mut wanted = [0usize; 8];
        let mut m = 0;
        for &q in qs.iter().take(wanted.len() / 2) {
            let (lo, hi) = percentile_positions(n, q);
            for i in [lo, hi] {
                if !wanted[..m].contains(&i) {
                    wanted[m] = i;
                    m += 1;
                }
            }
        }
        let wanted = &mut wanted[..m];
        wanted.sort_unstable();
        select_at(&mut self.keys, 0, wanted);
        let value = |i: usize| f64::from_bits(order_key(self.keys[i]) as u64);
        qs.map(|q| {
            let (lo, hi) = percentile_positions(n, q);
            let x = q * (n - 1) as f64;
            // The same arithmetic as `percentile`.
            value(lo) + (value(hi) - value(lo)) * (x - lo as f64)
        })
    }
}

/// Puts at each position in `at` (ascending, relative to the whole slice of which
/// `keys` starts at `base`) the key a sort would put there.
fn select_at(keys: &mut [i64], base: usize, at: &[usize]) {
    if at.is_empty() || keys.len() < 2 {
        return;
    }
    if keys.len() <= 24 {
        keys.sort_unstable();
        return;
    }
    let mid = at.len() / 2;
    let i = at[mid] - base;
    keys.select_nth_unstable(i);
    let (left, rest) = keys.split_at_mut(i);
    select_at(left, base, &at[..mid]);
    select_at(&mut rest[1..], base + i + 1, &at[mid + 1..]);
}

/// Bytes that the kept replications (for percentiles) may take, all scenarios together.
pub const KEEP_BUDGET_BYTES: usize = 128 * 1024 * 1024;
/// Replications kept for percentiles however large they are (a band from fewer than
/// this many would say little).
pub const MIN_KEPT: usize = 16;
/// Elements gathered at a time for percentiles (times the kept replications, f64s):
/// small enough to stay in cache.
const GATHER_BLOCK: usize = 64;

/// Where each quantity sits in one replication's row of numbers for a scenario.
/// The banded part (`..banded`) gets bands and moments; the rest gets medians only.
#[derive(Clone, Copy, Debug)]
struct Layout {
    firms: usize,
    /// Values per series: months + 1.
    len: usize,
    /// Customer segments (per-segment results of the focal firm).
    segments: usize,
}

impl Layout {
    fn of(s: &Scenario) -> Self {
        Self {
            firms: s.firm_count(),
            len: s.horizon_months as usize + 1,
            segments: s.population.segments.len(),
        }
    }
    fn values(&self) -> usize {
        Series::all().len() * self.firms * self.len
    }
    fn outside(&self) -> usize {
        self.values()
    }
    fn market_share(&self) -> usize {
        self.outside() + self.len
    }
    fn cumulative(&self) -> usize {
        self.market_share() + self.len
    }
    fn segments(&self) -> usize {
        self.cumulative() + CUMULATED.len() * self.firms * self.len
    }
    /// End of the banded part.
    fn banded(&self) -> usize {
        self.segments() + SegmentSeries::ALL.len() * self.segments * self.len
    }
    fn histogram(&self) -> usize {
        self.banded()
    }
    fn flows(&self) -> usize {
        self.histogram() + self.len * self.firms * SATISFACTION_BINS
    }
    fn total(&self) -> usize {
        self.flows() + self.len * (self.firms + 1) * (self.firms + 1)
    }

    /// One replication's numbers in this layout.
    fn row(&self, r: &RunResult) -> Vec<f64> {
        let mut row = Vec::with_capacity(self.total());
        row.extend_from_slice(&r.values);
        row.extend_from_slice(&r.outside);
        row.extend(market_share(r));
        for &series in &CUMULATED {
            for f in 0..self.firms {
                row.extend(running_total(r.series(series, f)));
            }
        }
        row.extend_from_slice(&r.segment_values);
        row.extend_from_slice(&r.satisfaction_bins);
        row.extend_from_slice(&r.flows);
        debug_assert_eq!(row.len(), self.total());
        row
    }
}

/// Running total of one run's monthly series (month 0 included, where money is 0).
fn running_total(values: &[f64]) -> impl Iterator<Item = f64> + '_ {
    values.iter().scan(0.0, |acc, v| {
        *acc += v;
        Some(*acc)
    })
}

/// Focal firm's share of all active customers, by month.
fn market_share(r: &RunResult) -> Vec<f64> {
    let focal = r.series(Series::ActiveCustomers, 0);
    (0..focal.len())
        .map(|t| {
            let all: f64 = (0..r.firms.len())
                .map(|f| r.series(Series::ActiveCustomers, f)[t])
                .sum();
            if all > 0.0 { focal[t] / all } else { 0.0 }
        })
        .collect()
}

/// Positions in the rows of scenario 0 and scenario k of each element of their paired
/// difference: series and cumulative money of the firms both have over the months both
/// have, and the market share.
fn paired_positions(a: Layout, b: Layout) -> (usize, usize, Vec<(usize, usize)>) {
    let firms = a.firms.min(b.firms);
    let len = a.len.min(b.len);
    let mut at = Vec::new();
    for series in 0..Series::all().len() {
        for f in 0..firms {
            for t in 0..len {
                at.push((
                    (series * a.firms + f) * a.len + t,
                    (series * b.firms + f) * b.len + t,
                ));
            }
        }
    }
    for t in 0..len {
        at.push((a.market_share() + t, b.market_share() + t));
    }
    for c in 0..CUMULATED.len() {
        for f in 0..firms {
            for t in 0..len {
                at.push((
                    a.cumulative() + (c * a.firms + f) * a.len + t,
                    b.cumulative() + (c * b.firms + f) * b.len + t,
                ));
            }
        }
    }
    (firms, len, at)
}

/// Welford's running mean and sum of squared deviations, element by element.
#[derive(Clone, Debug, Default)]
struct Welford {
    n: u64,
    mean: Vec<f64>,
    m2: Vec<f64>,
}

impl Welford {
    fn new(len: usize) -> Self {
        Self {
            n: 0,
            mean: vec![0.0; len],
            m2: vec![0.0; len],
        }
    }

    fn add(&mut self, values: impl Iterator<Item = f64>) {
        self.n += 1;
        let n = self.n as f64;
        for ((x, mean), m2) in values.zip(&mut self.mean).zip(&mut self.m2) {
            let delta = x - *mean;
            *mean += delta / n;
            *m2 += delta * (x - *mean);
        }
    }

    fn std_error(&self, i: usize) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        (self.m2[i].max(0.0) / (n - 1.0) / n).sqrt()
    }

    fn moments(&self, range: std::ops::Range<usize>) -> Moments {
        Moments {
            mean: self.mean[range.clone()].to_vec(),
            std_error: range.map(|i| self.std_error(i)).collect(),
        }
    }
}

/// Exact paired statistics of scenario k minus scenario j (j < k).
#[derive(Clone, Debug)]
struct PairedStats {
    /// (j, k)
    pair: (usize, usize),
    /// (position in scenario 0's row, position in scenario k's row) per element.
    at: Vec<(usize, usize)>,
    firms: usize,
    len: usize,
    moments: Welford,
    above: Vec<u32>,
    below: Vec<u32>,
}

impl PairedStats {
    fn add(&mut self, a: &[f64], b: &[f64]) {
        let diffs = self.at.iter().map(|&(i, j)| b[j] - a[i]);
        self.moments.add(diffs.clone());
        for ((d, above), below) in diffs.zip(&mut self.above).zip(&mut self.below) {
            *above += u32::from(d > 0.0);
            *below += u32::from(d < 0.0);
        }
    }

    fn paired(&self, range: std::ops::Range<usize>) -> Paired {
        let n = self.moments.n.max(1) as f64;
        let m = self.moments.moments(range.clone());
        Paired {
            mean: m.mean,
            std_error: m.std_error,
            share_above: self.above[range.clone()]
                .iter()
                .map(|&c| f64::from(c) / n)
                .collect(),
            share_below: self.below[range]
                .iter()
                .map(|&c| f64::from(c) / n)
                .collect(),
        }
    }
}

/// Everything kept of the replications folded in so far.
#[derive(Clone, Debug)]
struct Aggregate {
    layouts: Vec<Layout>,
    moments: Vec<Welford>,
    /// For every pair of scenarios (j, k), j < k: k against j.
    paired: Vec<PairedStats>,
    /// Kept replications: (index, one row per scenario), in index order.
    kept: Vec<(u32, Vec<Vec<f64>>)>,
    /// Only replications whose index is a multiple of `stride` are kept.
    stride: u32,
    /// Most replications kept (K).
    capacity: usize,
}

impl Aggregate {
    fn new(scenarios: &[Scenario], capacity: Option<usize>) -> Self {
        let layouts: Vec<Layout> = scenarios.iter().map(Layout::of).collect();
        let row_bytes: usize = layouts
            .iter()
            .map(|l| l.total() * std::mem::size_of::<f64>())
            .sum();
        let capacity = capacity
            .unwrap_or_else(|| (KEEP_BUDGET_BYTES / row_bytes.max(1)).max(MIN_KEPT))
            .max(2);
        let n = layouts.len();
        let paired = (0..n)
            .flat_map(|j| (j + 1..n).map(move |k| (j, k)))
            .map(|(j, k)| {
                let (firms, len, at) = paired_positions(layouts[j], layouts[k]);
                PairedStats {
                    pair: (j, k),
                    moments: Welford::new(at.len()),
                    above: vec![0; at.len()],
                    below: vec![0; at.len()],
                    at,
                    firms,
                    len,
                }
            })
            .collect();
        Self {
            moments: layouts.iter().map(|l| Welford::new(l.banded())).collect(),
            layouts,
            paired,
            kept: Vec::new(),
            stride: 1,
            capacity,
        }
    }

    /// Folds in replication `index` (one row per scenario); indexes come in order.
    fn add(&mut self, index: u32, rows: Vec<Vec<f64>>) {
        for ((w, row), l) in self.moments.iter_mut().zip(&rows).zip(&self.layouts) {
            w.add(row[..l.banded()].iter().copied());
        }
        for p in self.paired.iter_mut() {
            let (j, k) = p.pair;
            p.add(&rows[j], &rows[k]);
        }
        if index % self.stride != 0 {
            return;
        }
        self.kept.push((index, rows));
        if self.kept.len() > self.capacity {
            // Thin by stride: what is kept stays evenly spaced from replication 0.
            self.stride = self.stride.saturating_mul(2);
            let stride = self.stride;
            self.kept.retain(|(i, _)| i % stride == 0);
        }
    }

    /// Percentile bands of elements `range` of scenario `k`'s rows.
    fn bands(&self, range: std::ops::Range<usize>, len: usize, k: usize) -> Vec<Band> {
        self.bands_of(range.len() / len.max(1), len, |from, block, n| {
            self.gather(k, range.start + from, block, n);
        })
    }

    /// Fills `block` with scenario `k`'s elements `from..` over the `n` kept
    /// replications, element after element (`block[e * n + r]`).
    fn gather(&self, k: usize, from: usize, block: &mut [f64], n: usize) {
        let width = block.len() / n.max(1);
        for (r, (_, rows)) in self.kept.iter().enumerate() {
            for (e, &v) in rows[k][from..from + width].iter().enumerate() {
                block[e * n + r] = v;
            }
        }
    }

    /// `count` bands of `len` months; `values` as for [`Self::each_quantiles`].
    fn bands_of(
        &self,
        count: usize,
        len: usize,
        values: impl Fn(usize, &mut [f64], usize),
    ) -> Vec<Band> {
        let mut bands: Vec<Band> = (0..count)
            .map(|_| Band {
                median: Vec::with_capacity(len),
                p05: Vec::with_capacity(len),
                p95: Vec::with_capacity(len),
            })
            .collect();
        self.each_quantiles(
            count * len,
            [0.05, 0.5, 0.95],
            values,
            |i, [p05, median, p95]| {
                let band = &mut bands[i / len.max(1)];
                band.median.push(median);
                band.p05.push(p05);
                band.p95.push(p95);
            },
        );
        bands
    }

    /// Medians of elements `range` of scenario `k`'s rows.
    fn medians(&self, range: std::ops::Range<usize>, k: usize) -> Vec<f64> {
        let mut out = Vec::with_capacity(range.len());
        self.each_quantiles(
            range.len(),
            [0.5],
            |from, block, n| self.gather(k, range.start + from, block, n),
            |_, [median]| out.push(median),
        );
        out
    }

    /// Quantiles `qs` of each of `total` elements over the `n` kept replications, handed
    /// to `each(element, quantiles)` in order. `values(from, block, n)` fills `block`
    /// with the elements `from..`, element after element (`block[e * n + r]`): gathered
    /// a block at a time, so each kept row is read in order rather than one value from
    /// each row per element.
    fn each_quantiles<const N: usize>(
        &self,
        total: usize,
        qs: [f64; N],
        values: impl Fn(usize, &mut [f64], usize),
        mut each: impl FnMut(usize, [f64; N]),
    ) {
        let n = self.kept.len();
        let mut block = vec![0.0; GATHER_BLOCK * n];
        let mut quantiles = Quantiles::default();
        let mut from = 0;
        while from < total {
            let width = GATHER_BLOCK.min(total - from);
            let block = &mut block[..width * n];
            values(from, block, n);
            for (e, values) in block.chunks_exact(n.max(1)).enumerate() {
                each(from + e, quantiles.of(values, qs));
            }
            from += width;
        }
    }

    fn scenario_bands(&self, k: usize, s: &Scenario) -> ScenarioBands {
        let l = self.layouts[k];
        let w = &self.moments[k];
        let per = |start: usize, count: usize| -> Vec<Moments> {
            (0..count)
                .map(|b| w.moments(start + b * l.len..start + (b + 1) * l.len))
                .collect()
        };
        let cumulated = CUMULATED.len() * l.firms;
        ScenarioBands {
            name: s.name.clone(),
            firms: s.firm_names(),
            months: s.horizon_months,
            bands: self.bands(0..l.values(), l.len, k),
            outside: self
                .bands(l.outside()..l.market_share(), l.len, k)
                .remove(0),
            market_share: self
                .bands(l.market_share()..l.cumulative(), l.len, k)
                .remove(0),
            cumulative: self.bands(l.cumulative()..l.segments(), l.len, k),
            satisfaction_histogram: self.medians(l.histogram()..l.flows(), k),
            flows: self.medians(l.flows()..l.total(), k),
            moments: per(0, Series::all().len() * l.firms),
            outside_moments: w.moments(l.outside()..l.market_share()),
            market_share_moments: w.moments(l.market_share()..l.cumulative()),
            cumulative_moments: per(l.cumulative(), cumulated),
            segments: s
                .population
                .segments
                .iter()
                .map(|g| g.name.clone())
                .collect(),
            segment_bands: self.bands(l.segments()..l.banded(), l.len, k),
        }
    }

    /// Scenario `k` minus scenario `base` (any two different scenarios); for
    /// `base > k`, `k − base` turned over.
    fn difference(&self, base: usize, k: usize) -> Difference {
        if base > k {
            return self.difference(k, base).turned_over();
        }
        let p = self
            .paired
            .iter()
            .find(|p| p.pair == (base, k))
            .expect("paired statistics for every pair");
        let (firms, len) = (p.firms, p.len);
        let series = Series::all().len() * firms;
        let cumulated = CUMULATED.len() * firms;
        // `at` holds (position in base's row, position in k's row).
        let bands = self.bands_of(series + 1 + cumulated, len, |from, block, n| {
            let at = &p.at[from..from + block.len() / n.max(1)];
            for (r, (_, rows)) in self.kept.iter().enumerate() {
                let (row_k, row_base) = (&rows[k], &rows[base]);
                for (e, &(at_base, at_k)) in at.iter().enumerate() {
                    block[e * n + r] = row_k[at_k] - row_base[at_base];
                }
            }
        });
        let paired: Vec<Paired> = (0..series + 1 + cumulated)
            .map(|b| p.paired(b * len..(b + 1) * len))
            .collect();
        let mut bands = bands.into_iter();
        let mut paired = paired.into_iter();
        let series_bands: Vec<Band> = bands.by_ref().take(series).collect();
        let series_paired: Vec<Paired> = paired.by_ref().take(series).collect();
        let market_share = bands.next().unwrap_or_default();
        let market_share_paired = paired.next().unwrap_or_default();
        Difference {
            scenario: k,
            baseline: base,
            firms,
            months: len.saturating_sub(1) as u32,
            bands: series_bands,
            market_share,
            cumulative: bands.collect(),
            paired: series_paired,
            market_share_paired,
            cumulative_paired: paired.collect(),
        }
    }
}

/// One scenario's run in one replication of a batch, on its own: what a web worker of
/// a pool (or a thread) computes while others compute the rest. Its seed is the
/// batch's seed for that replication (common random numbers), so its row is the row
/// the batch would have computed itself; hand it to [`MonteCarlo::add_row`].
pub struct Piece {
    layout: Layout,
    replication: Replication,
}

impl Piece {
    /// Scenario `scenario` in replication `r` of a batch seeded with `seed`.
    pub fn new(scenario: &Scenario, seed: u64, r: u32) -> Result<Self, RunError> {
        Ok(Self {
            layout: Layout::of(scenario),
            replication: Replication::new(scenario, replication_seed(seed, r))?,
        })
    }

    /// Simulates the next month; `false` once the horizon is reached.
    pub fn step(&mut self) -> bool {
        self.replication.step()
    }

    /// Months simulated so far, and in all.
    pub fn progress(&self) -> super::engine::Progress {
        self.replication.progress()
    }

    pub fn is_done(&self) -> bool {
        self.replication.is_done()
    }

    /// The run's own result.
    pub fn finish(self) -> RunResult {
        self.replication.finish()
    }

    /// The row this run adds to its batch.
    pub fn row(self) -> Vec<f64> {
        self.layout.row(&self.replication.finish())
    }

    /// The run's outcomes at the horizon, in the order of [`Outcome::ALL`].
    ///
    /// [`Outcome::ALL`]: super::search::Outcome::ALL
    pub fn outcomes(self) -> [f64; 4] {
        super::search::Outcome::of_run(&self.replication.finish())
    }
}

/// Run every scenario `replications` times with common random numbers.
pub fn run_many(
    scenarios: &[Scenario],
    seed: u64,
    replications: u32,
    on_progress: &mut dyn FnMut(BatchProgress) -> Flow,
) -> Result<Comparison, RunError> {
    let mut batch = MonteCarlo::new(scenarios, seed, replications)?;
    while batch.step(on_progress)? {}
    Ok(batch.summary())
}

/// What [`MonteCarlo::advance`] did before handing control back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// The caller asked to pause; the batch goes on from here at the next call.
    Paused,
    /// A replication of every scenario ended (worth a new summary); more remain.
    Replicated,
    /// Every replication is done.
    Done,
}

/// A Monte Carlo batch run a month at a time, so a caller (the web worker) can hand
/// control back within a replication: to notice a cancellation, to report progress,
/// or to show the bands of the replications done so far while the rest run. The
/// numbers do not depend on where the work was paused.
pub struct MonteCarlo {
    scenarios: Vec<Scenario>,
    seed: u64,
    replications: u32,
    done: u32,
    /// Months simulated so far over every run, and in all.
    months_done: u64,
    months_total: u64,
    /// The run under way: scenario `k` of replication `done`.
    current: Option<(usize, Replication)>,
    /// Rows of the scenarios of replication `done` that have ended.
    rows: Vec<Vec<f64>>,
    /// Rows handed in by [`MonteCarlo::add_row`] ahead of their turn, by replication.
    waiting: std::collections::BTreeMap<u32, Vec<Option<Vec<f64>>>>,
    aggregate: Aggregate,
}

impl MonteCarlo {
    /// Validates every scenario (all problems at once, fields prefixed by
    /// `scenarios[k].`) and prepares `replications` (at least 1) runs of each.
    pub fn new(scenarios: &[Scenario], seed: u64, replications: u32) -> Result<Self, RunError> {
        Self::build(scenarios, seed, replications, None)
    }

    /// As [`MonteCarlo::new`], keeping at most `kept` replications for percentiles
    /// (instead of what [`KEEP_BUDGET_BYTES`] allows): for tests of the thinning.
    pub fn with_kept(
        scenarios: &[Scenario],
        seed: u64,
        replications: u32,
        kept: usize,
    ) -> Result<Self, RunError> {
        Self::build(scenarios, seed, replications, Some(kept))
    }

    fn build(
        scenarios: &[Scenario],
        seed: u64,
        replications: u32,
        kept: Option<usize>,
    ) -> Result<Self, RunError> {
        let mut problems = Vec::new();
        for (k, s) in scenarios.iter().enumerate() {
            if let Err(ps) = super::validate(s) {
                problems.extend(ps.into_iter().map(|mut p| {
                    p.field = format!("scenarios[{k}].{}", p.field);
                    p
                }));
            }
        }
        if !problems.is_empty() {
            return Err(RunError::Invalid(problems));
        }
        let replications = replications.max(1);
        let months_total = scenarios
            .iter()
            .map(|s| u64::from(s.horizon_months) * u64::from(replications))
            .sum();
        Ok(Self {
            scenarios: scenarios.to_vec(),
            seed,
            replications,
            done: 0,
            months_done: 0,
            months_total,
            current: None,
            rows: Vec::with_capacity(scenarios.len()),
            waiting: std::collections::BTreeMap::new(),
            aggregate: Aggregate::new(scenarios, kept),
        })
    }

    /// Simulates month after month, calling `keep_going` after each; returns when it
    /// says [`Flow::Stop`] (paused: the next call goes on from there), when a
    /// replication of every scenario has ended, or when all are done. Building a
    /// scenario's customers counts as part of its first month.
    pub fn advance(
        &mut self,
        keep_going: &mut dyn FnMut(BatchProgress) -> Flow,
    ) -> Result<Advance, RunError> {
        loop {
            if self.done >= self.replications || self.scenarios.is_empty() {
                return Ok(Advance::Done);
            }
            let (k, mut replication) = match self.current.take() {
                Some(current) => current,
                None => {
                    let k = self.rows.len();
                    let seed = replication_seed(self.seed, self.done);
                    (k, Replication::new(&self.scenarios[k], seed)?)
                }
            };
            let mut stop = false;
            if replication.step() {
                self.months_done += 1;
                stop = keep_going(BatchProgress {
                    done: self.months_done,
                    total: self.months_total,
                }) == Flow::Stop;
            }
            if !replication.is_done() {
                self.current = Some((k, replication));
                if stop {
                    return Ok(Advance::Paused);
                }
                continue;
            }
            self.rows
                .push(self.aggregate.layouts[k].row(&replication.finish()));
            if self.rows.len() == self.scenarios.len() {
                let rows = std::mem::take(&mut self.rows);
                self.aggregate.add(self.done, rows);
                self.done += 1;
                return Ok(if self.done >= self.replications {
                    Advance::Done
                } else {
                    Advance::Replicated
                });
            }
            if stop {
                return Ok(Advance::Paused);
            }
        }
    }

    /// Runs the rest of the current replication of every scenario (common random
    /// numbers: the same derived seed for all). `on_progress` is called after every
    /// month; [`Flow::Stop`] there cancels the batch. `Ok(false)` once every
    /// replication is done.
    pub fn step(
        &mut self,
        on_progress: &mut dyn FnMut(BatchProgress) -> Flow,
    ) -> Result<bool, RunError> {
        match self.advance(on_progress)? {
            Advance::Paused => Err(RunError::Cancelled),
            Advance::Replicated => Ok(true),
            Advance::Done => Ok(false),
        }
    }

    /// The rows replication `r` of every scenario adds to the batch, computed on their
    /// own from the batch's seed (common random numbers), so that a caller can run
    /// replications on several threads and hand them to [`MonteCarlo::add_rows`] in
    /// order: the summary is then the same bits as a run on one thread.
    pub fn rows_of(&self, r: u32) -> Result<Vec<Vec<f64>>, RunError> {
        let seed = replication_seed(self.seed, r);
        self.scenarios
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let mut replication = Replication::new(s, seed)?;
                while !replication.is_done() {
                    replication.step();
                }
                Ok(self.aggregate.layouts[k].row(&replication.finish()))
            })
            .collect()
    }

    /// Adds the rows of the next replication (from [`MonteCarlo::rows_of`] of
    /// `progress().0`). Ignored while a replication is under way in [`advance`] or once
    /// every replication is in.
    ///
    /// [`advance`]: MonteCarlo::advance
    pub fn add_rows(&mut self, rows: Vec<Vec<f64>>) {
        if self.current.is_some()
            || !self.rows.is_empty()
            || self.done >= self.replications
            || rows.len() != self.scenarios.len()
        {
            return;
        }
        self.months_done += self
            .scenarios
            .iter()
            .map(|s| u64::from(s.horizon_months))
            .sum::<u64>();
        self.aggregate.add(self.done, rows);
        self.done += 1;
    }

    /// Takes the row of scenario `k` in replication `r`, computed elsewhere by a
    /// [`Piece`] (another thread, another web worker), in any order. Replications are
    /// folded in as soon as every scenario of every earlier one is in, so the summary
    /// is the same bits as [`MonteCarlo::advance`] on one thread, however the pieces
    /// were spread and whatever order they came back in. Returns how many replications
    /// were folded in. A piece that does not belong (a replication out of range or
    /// already in, a scenario out of range, a row of the wrong length) is ignored.
    pub fn add_row(&mut self, r: u32, k: usize, row: Vec<f64>) -> u32 {
        let fits = self
            .aggregate
            .layouts
            .get(k)
            .is_some_and(|l| l.total() == row.len());
        if !fits
            || r < self.done
            || r >= self.replications
            || self.current.is_some()
            || !self.rows.is_empty()
        {
            return 0;
        }
        let n = self.scenarios.len();
        let slot = &mut self.waiting.entry(r).or_insert_with(|| vec![None; n])[k];
        if slot.is_none() {
            *slot = Some(row);
        }
        let mut folded = 0;
        while let Some(rows) = self.waiting.get(&self.done) {
            if rows.iter().any(Option::is_none) {
                break;
            }
            let rows = self.waiting.remove(&self.done).unwrap_or_default();
            let rows: Vec<Vec<f64>> = rows.into_iter().flatten().collect();
            self.add_rows(rows);
            folded += 1;
        }
        folded
    }

    /// The scenarios of the batch.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// Replications completed so far, and asked for.
    pub fn progress(&self) -> (u32, u32) {
        (self.done, self.replications)
    }

    /// Months simulated so far over every scenario and replication, and in all.
    pub fn months(&self) -> BatchProgress {
        BatchProgress {
            done: self.months_done,
            total: self.months_total,
        }
    }

    /// Replications the percentiles would come from now.
    pub fn banded_replications(&self) -> u32 {
        self.aggregate.kept.len() as u32
    }

    /// Every scenario against A first (as `differences[k - 1]`), then against each
    /// other baseline B, C... (for the difference chart's choice of baseline).
    fn differences(&self) -> Vec<Difference> {
        // Each pair is computed once; the other way round is the same values turned over.
        let n = self.scenarios.len();
        let mut out: Vec<Difference> = Vec::with_capacity(n * n.saturating_sub(1));
        for base in 0..n {
            for k in (0..n).filter(|&k| k != base) {
                let d = if base < k {
                    self.aggregate.difference(base, k)
                } else {
                    out.iter()
                        .find(|d| (d.baseline, d.scenario) == (k, base))
                        .cloned()
                        .map_or_else(
                            || self.aggregate.difference(base, k),
                            Difference::turned_over,
                        )
                };
                out.push(d);
            }
        }
        out
    }

    /// Bands, moments and paired differences over the replications done so far (at
    /// least one replication must have ended for them to hold data).
    pub fn summary(&self) -> Comparison {
        Comparison {
            seed: self.seed,
            replications: self.done,
            banded_replications: self.banded_replications(),
            scenarios: self
                .scenarios
                .iter()
                .enumerate()
                .map(|(k, s)| self.aggregate.scenario_bands(k, s))
                .collect(),
            differences: self.differences(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sim::{Flow, preset, run};

    #[test]
    fn selected_percentiles_are_the_sorted_ones_bit_for_bit() {
        // Lengths from 0 to 300, values with ties, signed zeros and infinities.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let qs = [0.05, 0.5, 0.95];
        for n in (0..60).chain([99, 100, 101, 200, 300]) {
            for round in 0..8 {
                let values: Vec<f64> = (0..n)
                    .map(|_| match next() % 13 {
                        0 => 0.0,
                        1 => -0.0,
                        2 => f64::INFINITY,
                        3 if round > 3 => f64::NEG_INFINITY,
                        4..=6 => (next() % 5) as f64,
                        _ => (next() >> 11) as f64 / 1e9 - 4e6,
                    })
                    .collect();
                let mut sorted = values.clone();
                sorted.sort_by(f64::total_cmp);
                let mut quantiles = Quantiles::default();
                let selected = quantiles.of(&values, qs);
                for (q, got) in qs.iter().zip(selected) {
                    assert_eq!(
                        got.to_bits(),
                        percentile(&sorted, *q).to_bits(),
                        "n = {n}, q = {q}"
                    );
                }
                let [median] = quantiles.of(&values, [0.5]);
                assert_eq!(median.to_bits(), percentile(&sorted, 0.5).to_bits());
            }
        }
    }

    fn small_pair(months: u32) -> Vec<Scenario> {
        preset("lock-in-vs-free-exit")
            .unwrap()
            .scenarios
            .into_iter()
            .map(|mut s| {
                s.customers = 400;
                s.horizon_months = months;
                s
            })
            .collect()
    }

    /// Runs a batch to the end, pausing every `every` months.
    fn paused_every(batch: &mut MonteCarlo, every: u64) -> usize {
        let mut pauses = 0;
        loop {
            let mut months = 0;
            let outcome = batch
                .advance(&mut |_| {
                    months += 1;
                    if months >= every {
                        Flow::Stop
                    } else {
                        Flow::Continue
                    }
                })
                .unwrap();
            match outcome {
                Advance::Paused => pauses += 1,
                Advance::Replicated => {}
                Advance::Done => return pauses,
            }
        }
    }

    #[test]
    fn the_numbers_do_not_depend_on_how_the_work_is_cut() {
        let pair = small_pair(25);
        let whole = run_many(&pair, 5, 3, &mut |_| Flow::Continue).unwrap();
        for every in [1, 2, 7, 24, 25, 26, 1000] {
            let mut batch = MonteCarlo::new(&pair, 5, 3).unwrap();
            let pauses = paused_every(&mut batch, every);
            assert!(
                every > 150 || pauses > 0,
                "paused {pauses} times every {every}"
            );
            assert_eq!(batch.months().done, batch.months().total);
            assert_eq!(batch.summary(), whole, "pausing every {every} months");
        }
    }

    fn exact(values: &mut [f64]) -> (f64, f64, f64) {
        values.sort_by(f64::total_cmp);
        (
            percentile(values, 0.05),
            percentile(values, 0.5),
            percentile(values, 0.95),
        )
    }

    #[test]
    fn percentiles_thin_by_stride_and_moments_stay_exact_over_every_replication() {
        let pair = small_pair(12);
        let replications = 21;
        let kept = 6;
        let mut batch = MonteCarlo::with_kept(&pair, 9, replications, kept).unwrap();
        let mut most = 0;
        while batch.step(&mut |_| Flow::Continue).unwrap() {
            most = most.max(batch.aggregate.kept.len());
        }
        most = most.max(batch.aggregate.kept.len());
        assert!(most <= kept, "kept {most} of at most {kept}");
        let c = batch.summary();
        assert_eq!(c.replications, replications);
        // 21 replications, K = 6: strides 1 -> 2 -> 4 -> 8 ... kept 0, 4, 8, 12, 16, 20.
        let indexes: Vec<u32> = batch.aggregate.kept.iter().map(|(i, _)| *i).collect();
        assert_eq!(indexes, vec![0, 4, 8, 12, 16, 20]);
        assert_eq!(c.banded_replications, 6);

        let runs: Vec<Vec<RunResult>> = pair
            .iter()
            .map(|s| {
                (0..replications)
                    .map(|r| run(s, replication_seed(9, r), &mut |_| Flow::Continue).unwrap())
                    .collect()
            })
            .collect();
        let series = Series::ActiveCustomers;
        for t in [0usize, 6, 12] {
            // Bands from the evenly spaced subsample.
            let mut sub: Vec<f64> = indexes
                .iter()
                .map(|&r| runs[1][r as usize].series(series, 0)[t])
                .collect();
            let (p05, median, p95) = exact(&mut sub);
            let b = c.scenarios[1].band(series, 0);
            assert_eq!((b.p05[t], b.median[t], b.p95[t]), (p05, median, p95));
            // Mean and standard error from every replication.
            let all: Vec<f64> = runs[1].iter().map(|r| r.series(series, 0)[t]).collect();
            let n = all.len() as f64;
            let mean = all.iter().sum::<f64>() / n;
            let var = all.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let m = c.scenarios[1].moments(series, 0).unwrap();
            assert!((m.mean[t] - mean).abs() < 1e-9 * mean.abs().max(1.0));
            assert!((m.std_error[t] - (var / n).sqrt()).abs() < 1e-9 * mean.abs().max(1.0));
            // Paired: mean difference and the shares above and below, exactly.
            let diffs: Vec<f64> = (0..replications as usize)
                .map(|r| runs[1][r].series(series, 0)[t] - runs[0][r].series(series, 0)[t])
                .collect();
            let p = c.differences[0].paired(series, 0).unwrap();
            let dmean = diffs.iter().sum::<f64>() / n;
            assert!((p.mean[t] - dmean).abs() < 1e-9 * dmean.abs().max(1.0));
            let above = diffs.iter().filter(|d| **d > 0.0).count() as f64 / n;
            let below = diffs.iter().filter(|d| **d < 0.0).count() as f64 / n;
            assert_eq!((p.share_above[t], p.share_below[t]), (above, below));
        }
        // Cumulative margin: its paired statistics exist for every firm both have.
        let cm = c.differences[0]
            .cumulative_paired(Series::Margin, 0)
            .unwrap();
        assert_eq!(cm.mean.len(), 13);
        assert!(
            c.differences[0]
                .cumulative_paired(Series::Satisfied, 0)
                .is_none()
        );
    }

    #[test]
    fn kept_replications_stay_within_the_budget_whatever_the_count() {
        let pair = small_pair(600);
        let a = Aggregate::new(&pair, None);
        let row: usize = a.layouts.iter().map(|l| l.total() * 8).sum();
        assert!(a.capacity >= MIN_KEPT);
        assert!(a.capacity * row <= KEEP_BUDGET_BYTES.max(MIN_KEPT * row));
        // Small scenarios keep every replication the app allows (500).
        let small = small_pair(60);
        assert!(Aggregate::new(&small, None).capacity >= 500);
        // Many replications of a tiny scenario: never more than K kept.
        let mut tiny = small_pair(2);
        for s in &mut tiny {
            s.customers = 50;
        }
        let mut batch = MonteCarlo::with_kept(&tiny, 1, 300, 10).unwrap();
        while batch.step(&mut |_| Flow::Continue).unwrap() {
            assert!(batch.aggregate.kept.len() <= 10);
        }
        let n = batch.banded_replications();
        assert!((5..=10).contains(&n), "{n} kept");
    }
}
