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

use super::engine::{Flow, Progress, RunError, run};
use super::results::{RunResult, SATISFACTION_BINS, Series};
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

/// Where a batch is, in months simulated over all runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchProgress {
    pub done: u64,
    pub total: u64,
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
}

/// Money series that are also available cumulated (see [`ScenarioBands::cumulative`]).
pub const CUMULATED: [Series; 3] = [Series::Revenue, Series::PolicyCosts, Series::Margin];

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
}

impl Difference {
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
}

/// The result of [`run_many`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub seed: u64,
    pub replications: u32,
    pub scenarios: Vec<ScenarioBands>,
    /// One per scenario after the first.
    pub differences: Vec<Difference>,
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

/// Median of `values` over replications, element by element (all the same length).
fn median_of<'a>(len: usize, rows: impl Iterator<Item = &'a [f64]> + Clone) -> Vec<f64> {
    let mut scratch = Vec::new();
    (0..len)
        .map(|i| {
            scratch.clear();
            scratch.extend(rows.clone().map(|r| r[i]));
            scratch.sort_by(f64::total_cmp);
            percentile(&scratch, 0.5)
        })
        .collect()
}

/// Running total of one run's monthly series (month 0 included, where money is 0).
fn running_total(values: &[f64]) -> Vec<f64> {
    values
        .iter()
        .scan(0.0, |acc, v| {
            *acc += v;
            Some(*acc)
        })
        .collect()
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

/// Per replication: market share, then running totals `[k][firm]` of [`CUMULATED`].
struct Derived {
    market_share: Vec<f64>,
    cumulative: Vec<Vec<f64>>,
}

fn derived(r: &RunResult) -> Derived {
    let firms = r.firms.len();
    let mut cumulative = Vec::with_capacity(CUMULATED.len() * firms);
    for &series in &CUMULATED {
        for f in 0..firms {
            cumulative.push(running_total(r.series(series, f)));
        }
    }
    Derived {
        market_share: market_share(r),
        cumulative,
    }
}

fn band_of(len: usize, values: impl Fn(usize, &mut Vec<f64>)) -> Band {
    let mut b = Band {
        median: Vec::with_capacity(len),
        p05: Vec::with_capacity(len),
        p95: Vec::with_capacity(len),
    };
    let mut scratch = Vec::new();
    for t in 0..len {
        scratch.clear();
        values(t, &mut scratch);
        scratch.sort_by(f64::total_cmp);
        b.median.push(percentile(&scratch, 0.5));
        b.p05.push(percentile(&scratch, 0.05));
        b.p95.push(percentile(&scratch, 0.95));
    }
    b
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

/// A Monte Carlo batch run one replication at a time, so a caller (the web worker) can
/// hand control back between replications: to notice a cancellation, or to show the
/// bands of the replications done so far while the rest run.
pub struct MonteCarlo {
    scenarios: Vec<Scenario>,
    seed: u64,
    replications: u32,
    done: u32,
    /// Months simulated so far over every run, and in all.
    months_done: u64,
    months_total: u64,
    runs: Vec<Vec<RunResult>>,
}

impl MonteCarlo {
    /// Validates every scenario (all problems at once, fields prefixed by
    /// `scenarios[k].`) and prepares `replications` (at least 1) runs of each.
    pub fn new(scenarios: &[Scenario], seed: u64, replications: u32) -> Result<Self, RunError> {
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
            runs: vec![Vec::with_capacity(replications as usize); scenarios.len()],
        })
    }

    /// Runs the next replication of every scenario (common random numbers: the same
    /// derived seed for all). `Ok(false)` once every replication is done.
    pub fn step(
        &mut self,
        on_progress: &mut dyn FnMut(BatchProgress) -> Flow,
    ) -> Result<bool, RunError> {
        if self.done >= self.replications {
            return Ok(false);
        }
        let seed_r = replication_seed(self.seed, self.done);
        let (mut done, total) = (self.months_done, self.months_total);
        for (k, s) in self.scenarios.iter().enumerate() {
            let result = run(s, seed_r, &mut |_p: Progress| {
                done += 1;
                on_progress(BatchProgress { done, total })
            })?;
            self.runs[k].push(result);
        }
        self.months_done = done;
        self.done += 1;
        Ok(self.done < self.replications)
    }

    /// Replications completed so far, and asked for.
    pub fn progress(&self) -> (u32, u32) {
        (self.done, self.replications)
    }

    /// Bands and paired differences over the replications done so far (at least one
    /// step must have run for the bands to hold data).
    pub fn summary(&self) -> Comparison {
        let derived: Vec<Vec<Derived>> = self
            .runs
            .iter()
            .map(|rs| rs.iter().map(derived).collect())
            .collect();
        let scenario_bands = self
            .scenarios
            .iter()
            .zip(&self.runs)
            .zip(&derived)
            .map(|((s, rs), ds)| {
                let firms = s.firm_count();
                let len = s.horizon_months as usize + 1;
                let mut bands = Vec::with_capacity(Series::all().len() * firms);
                for &series in Series::all() {
                    for f in 0..firms {
                        bands.push(band_of(len, |t, out| {
                            out.extend(rs.iter().map(|r| r.series(series, f)[t]));
                        }));
                    }
                }
                ScenarioBands {
                    name: s.name.clone(),
                    firms: s.firm_names(),
                    months: s.horizon_months,
                    bands,
                    outside: band_of(len, |t, out| out.extend(rs.iter().map(|r| r.outside[t]))),
                    market_share: band_of(len, |t, out| {
                        out.extend(ds.iter().map(|d| d.market_share[t]));
                    }),
                    cumulative: (0..CUMULATED.len() * firms)
                        .map(|k| {
                            band_of(len, |t, out| {
                                out.extend(ds.iter().map(|d| d.cumulative[k][t]))
                            })
                        })
                        .collect(),
                    satisfaction_histogram: median_of(
                        len * firms * SATISFACTION_BINS,
                        rs.iter().map(|r| r.satisfaction_bins.as_slice()),
                    ),
                    flows: median_of(
                        len * (firms + 1) * (firms + 1),
                        rs.iter().map(|r| r.flows.as_slice()),
                    ),
                }
            })
            .collect();
        let mut differences = Vec::new();
        for k in 1..self.scenarios.len() {
            let firms = self.scenarios[0]
                .firm_count()
                .min(self.scenarios[k].firm_count());
            let months = self.scenarios[0]
                .horizon_months
                .min(self.scenarios[k].horizon_months);
            let mut bands = Vec::with_capacity(Series::all().len() * firms);
            for &series in Series::all() {
                for f in 0..firms {
                    bands.push(band_of(months as usize + 1, |t, out| {
                        out.extend(
                            self.runs[k]
                                .iter()
                                .zip(&self.runs[0])
                                .map(|(b, a)| b.series(series, f)[t] - a.series(series, f)[t]),
                        );
                    }));
                }
            }
            let len = months as usize + 1;
            let pairs = || derived[k].iter().zip(&derived[0]);
            let market_share = band_of(len, |t, out| {
                out.extend(pairs().map(|(b, a)| b.market_share[t] - a.market_share[t]));
            });
            let mut cumulative = Vec::with_capacity(CUMULATED.len() * firms);
            for c in 0..CUMULATED.len() {
                for f in 0..firms {
                    let kb = c * self.scenarios[k].firm_count() + f;
                    let ka = c * self.scenarios[0].firm_count() + f;
                    cumulative.push(band_of(len, |t, out| {
                        out.extend(pairs().map(|(b, a)| b.cumulative[kb][t] - a.cumulative[ka][t]));
                    }));
                }
            }
            differences.push(Difference {
                scenario: k,
                firms,
                months,
                bands,
                market_share,
                cumulative,
            });
        }
        Comparison {
            seed: self.seed,
            replications: self.done,
            scenarios: scenario_bands,
            differences,
        }
    }
}
