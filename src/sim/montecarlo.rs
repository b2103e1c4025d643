//! Monte Carlo with common random numbers: replication r of every scenario uses the
//! same derived seed, so the same customers, incidents and dice. Bands are the 5th,
//! 50th and 95th percentiles across replications (linear interpolation between order
//! statistics); paired differences (scenario k minus scenario 0) are taken replication
//! by replication, then summarised the same way.

use super::engine::{Flow, Progress, RunError, run};
use super::results::{RunResult, Series};
use super::rng::replication_seed;
use super::scenario::Scenario;
use serde::Serialize;

/// Median and 5-95% band of a series, by month.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioBands {
    pub name: String,
    pub firms: Vec<String>,
    pub months: u32,
    /// `[series][firm]` flattened; use [`ScenarioBands::band`].
    pub bands: Vec<Band>,
    pub outside: Band,
}

impl ScenarioBands {
    pub fn band(&self, series: Series, firm: usize) -> &Band {
        &self.bands[series.index() * self.firms.len() + firm]
    }
}

/// Scenario `scenario` minus scenario 0, paired by replication, over the firms and
/// months both have.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    pub scenario: usize,
    pub firms: usize,
    pub months: u32,
    /// `[series][firm]` flattened; use [`Difference::band`].
    pub bands: Vec<Band>,
}

impl Difference {
    pub fn band(&self, series: Series, firm: usize) -> &Band {
        &self.bands[series.index() * self.firms + firm]
    }
}

/// The result of [`run_many`].
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    let total: u64 = scenarios
        .iter()
        .map(|s| u64::from(s.horizon_months) * u64::from(replications))
        .sum();
    let mut done = 0u64;
    let mut runs: Vec<Vec<RunResult>> =
        vec![Vec::with_capacity(replications as usize); scenarios.len()];
    for r in 0..replications {
        let seed_r = replication_seed(seed, r);
        for (k, s) in scenarios.iter().enumerate() {
            let result = run(s, seed_r, &mut |_p: Progress| {
                done += 1;
                on_progress(BatchProgress { done, total })
            })?;
            runs[k].push(result);
        }
    }
    let scenario_bands = scenarios
        .iter()
        .zip(&runs)
        .map(|(s, rs)| {
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
            }
        })
        .collect();
    let mut differences = Vec::new();
    for k in 1..scenarios.len() {
        let firms = scenarios[0].firm_count().min(scenarios[k].firm_count());
        let months = scenarios[0].horizon_months.min(scenarios[k].horizon_months);
        let mut bands = Vec::with_capacity(Series::all().len() * firms);
        for &series in Series::all() {
            for f in 0..firms {
                bands.push(band_of(months as usize + 1, |t, out| {
                    out.extend(
                        runs[k]
                            .iter()
                            .zip(&runs[0])
                            .map(|(b, a)| b.series(series, f)[t] - a.series(series, f)[t]),
                    );
                }));
            }
        }
        differences.push(Difference {
            scenario: k,
            firms,
            months,
            bands,
        });
    }
    Ok(Comparison {
        seed,
        replications,
        scenarios: scenario_bands,
        differences,
    })
}
