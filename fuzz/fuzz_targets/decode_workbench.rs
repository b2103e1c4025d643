//! Fuzz the workbench decoders (share link, workbench JSON, autosave record): any bytes
//! must give a workbench the app can use as it is, or a clear error; never a panic.
//! "Usable" is what the page relies on: the workbench passes its own check, and its
//! view indexes its scenarios and horizon (the editor reads `scenarios[view.editing]`).
//!
//! Run: `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run decode_workbench -- -max_total_time=120`
//! (seeds: `fuzz/seeds.sh` writes a workbench, its link and its autosave record).
#![no_main]

use fideliza::app::i18n::Lang;
use fideliza::app::share::{
    ShareError, stored_from_json, workbench_from_json, workbench_from_link, workbench_to_link,
};
use fideliza::app::state::{AppState, Workbench};
use libfuzzer_sys::fuzz_target;

fn usable_or_explained(outcome: Result<Workbench, ShareError>) {
    match outcome {
        Ok(wb) => {
            assert_eq!(wb.check(), Ok(()));
            assert!(wb.view.editing < wb.scenarios.len());
            assert!(wb.view.focus < wb.scenarios.len());
            assert!(wb.view.month.is_none_or(|m| m <= wb.horizon()));
            // What the page does with it: open it, and write it back as a link.
            let state = AppState::new(wb);
            let _ = &state.wb.scenarios[state.wb.view.editing];
            let link = workbench_to_link(&state.wb);
            assert_eq!(workbench_from_link(&link).as_ref(), Ok(&state.wb));
        }
        Err(e) => {
            assert!(!e.message(Lang::Es).is_empty());
            assert!(!e.message(Lang::En).is_empty());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    usable_or_explained(workbench_from_link(text));
    usable_or_explained(workbench_from_json(text));
    usable_or_explained(stored_from_json(text).map(|s| s.workbench));
});
