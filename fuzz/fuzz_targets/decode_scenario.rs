//! Fuzz the scenario decoder: any bytes must give a scenario or a clean error, and any
//! scenario the decoder accepts must run (population and horizon capped small) without
//! panicking or producing NaN.
//!
//! Run: `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run decode_scenario -- -max_total_time=120`
#![no_main]

use fideliza::sim::{Flow, Series, decode_scenario, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut scenario) = decode_scenario(text) else {
        return;
    };
    scenario.customers = scenario.customers.min(500);
    scenario.horizon_months = scenario.horizon_months.min(36);
    let result = run(&scenario, 1, &mut |_| Flow::Continue).expect("a decoded scenario runs");
    for &series in Series::all() {
        for firm in 0..result.firms.len() {
            assert!(result.series(series, firm).iter().all(|v| v.is_finite()));
        }
    }
});
