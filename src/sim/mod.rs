//! The simulation core: seed in, numbers out. No web types, no clocks, no I/O.

pub mod cohort;
