//! The reference run gives the same digest on wasm32 as on the host
//! (`tests/sim_invariants.rs` asserts the same constant there). Runs under Node:
//! `cargo test --target wasm32-unknown-unknown --test sim_wasm` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`.
#![cfg(target_arch = "wasm32")]

use fideliza::sim::{REFERENCE_DIGEST, reference_digest};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_reference_digest_matches_the_host() {
    assert_eq!(reference_digest(), REFERENCE_DIGEST);
}

/// The benchmark scenario of `fideliza bench` (100,000 customers x 120 months, every
/// policy on, word of mouth on), timed in the JavaScript engine. Prints the speed.
#[wasm_bindgen_test]
fn benchmark_speed_in_wasm() {
    let mut s = fideliza::sim::reference_digest_scenario();
    s.customers = 100_000;
    s.horizon_months = 120;
    let start = js_sys::Date::now();
    let r = fideliza::sim::run(&s, 7, &mut |_| fideliza::sim::Flow::Continue).unwrap();
    let secs = (js_sys::Date::now() - start) / 1000.0;
    let cm = 100_000.0 * 120.0;
    web_sys::console::log_1(
        &format!(
            "wasm32: {:.3} s, {:.1} M customer-months/s (digest {:#018x})",
            secs,
            cm / secs / 1e6,
            r.digest()
        )
        .into(),
    );
}
