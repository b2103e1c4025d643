//! fideliza: a customer-journey simulator.
//!
//! Three layers that point one way:
//! - [`sim`]: the simulation core. Seed in, numbers out: no web types, no clocks, no I/O.
//! - [`charts`]: plotters drawings of simulation results, generic over the drawing backend.
//! - [`app`]: the workbench's logic that needs no browser (state and reducer, levers,
//!   texts in Spanish and English, the link codec), tested on the host.
//! - `ui` (wasm32 only): the Yew single-page app.

pub mod app;
pub mod charts;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
