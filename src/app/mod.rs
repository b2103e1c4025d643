//! The workbench's logic that needs no browser: texts in Spanish and English, the lever
//! table of the scenario editor, the app state and its reducer, and the share-link
//! codec. No web types here, so all of it is tested on the host with `cargo test`.

pub mod board;
pub mod calibration;
pub mod cohort_table;
pub mod csv_locale;
pub mod examples;
pub mod explain;
pub mod i18n;
pub mod lessons;
pub mod levers;
pub mod pool;
pub mod sensitivity;
pub mod share;
pub mod state;
