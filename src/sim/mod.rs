//! The simulation core: scenario and seed in, numbers out. No web types, no clocks,
//! no I/O, no threads; every random draw is keyed by (seed, purpose, id, month) and all
//! transcendental maths goes through `libm`, so results are bit-identical on the host
//! and on wasm32.
//!
//! - [`Scenario`] (serde JSON, versioned), [`validate`], [`decode_scenario`]
//! - [`run`]: one replication; [`run_many`]: Monte Carlo with common random numbers
//! - [`RunResult`] with [`Series`]; [`presets`]
//! - [`cohort`]: the sBG closed form the neutral setting is tested against.
//!
//! The model is documented in docs/model.md, the format in docs/scenario.md.

pub mod cohort;
mod engine;
mod market;
mod montecarlo;
mod network;
pub mod policy;
mod presets;
mod results;
mod rng;
mod scenario;
pub mod search;
mod validate;

pub use engine::{BareLoop, Flow, Progress, Replication, RunError, memory_footprint, run};
pub use montecarlo::{
    Advance, Band, BatchProgress, CUMULATED, Comparison, Difference, KEEP_BUDGET_BYTES, MIN_KEPT,
    Moments, MonteCarlo, Paired, Piece, ScenarioBands, percentile, run_many,
};
pub use presets::{Essay, Preset, preset, presets};
pub use results::{RunResult, SATISFACTION_BINS, SegmentSeries, Series, Unit};
pub use scenario::{
    Competitor, Economics, MAX_COMPETITORS, MAX_CONTACT_LINKS, MAX_CUSTOMERS, MAX_HORIZON,
    MAX_SEGMENTS, Market, Population, SCENARIO_VERSION, Satisfaction, Scenario, Segment,
    WordOfMouth, upgrade_v1,
};
pub use validate::{
    DecodeError, MAX_NAME, Problem, ProblemKind, decode_scenario, message_without_position,
    validate,
};

/// Seed used with [`reference_digest_scenario`] for the cross-platform check.
pub const REFERENCE_SEED: u64 = 20_240_601;

/// Digest of `run(&reference_digest_scenario(), REFERENCE_SEED, ..)`; the host test and
/// the browser test both assert it, so host and wasm32 must agree bit for bit.
pub const REFERENCE_DIGEST: u64 = 0xec70_37fc_5e22_0d6c;

/// A small scenario with every mechanism on, for the host-vs-wasm32 digest check.
pub fn reference_digest_scenario() -> Scenario {
    let mut s = Scenario {
        name: "Reference digest".into(),
        customers: 3_000,
        horizon_months: 36,
        contract: policy::ContractPolicy::lock_in(12),
        ..Scenario::default()
    };
    s.replies.memory.enabled = true;
    s.adoption.mode = policy::AdoptionMode::Forced;
    s.adoption.flexible_exception = true;
    s.communication.proactive = true;
    s.save_desk.enabled = true;
    s
}

/// The digest of the reference run, computed now (compare with [`REFERENCE_DIGEST`]).
pub fn reference_digest() -> u64 {
    run(&reference_digest_scenario(), REFERENCE_SEED, &mut |_| {
        Flow::Continue
    })
    .map(|r| r.digest())
    .unwrap_or(0)
}
