//! Bad input: every problem reported at once, with field and range; decoding errors.

use fideliza::sim::policy::{Outage, ReplySpeed};
use fideliza::sim::{
    DecodeError, ProblemKind, Scenario, Segment, decode_scenario, presets, validate,
};

#[test]
fn defaults_and_presets_are_valid() {
    assert_eq!(validate(&Scenario::default()), Ok(()));
    assert_eq!(validate(&Scenario::neutral()), Ok(()));
    for p in presets() {
        for s in &p.scenarios {
            assert_eq!(validate(s), Ok(()), "preset {}", p.id);
        }
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut s = Scenario {
        version: 7,
        customers: 3_000_000,
        horizon_months: 601,
        ..Scenario::default()
    };
    s.population.segments[0].share = 0.5; // 0.5 + 0.4 != 1
    s.population.segments[1].enquiry_rate = -0.1;
    s.population.segments[1].churn_alpha = f64::NAN;
    s.market.competitors[0].quality = 1.5;
    s.replies.speed = ReplySpeed::Custom;
    s.replies.custom_mix.never = 0.5; // sum 1.27
    s.communication.outages.push(Outage {
        month: 0,
        ..Outage::default()
    });
    let problems = validate(&s).unwrap_err();
    let find = |field: &str| {
        problems
            .iter()
            .find(|p| p.field == field)
            .unwrap_or_else(|| panic!("no problem for {field} in {problems:#?}"))
            .kind
            .clone()
    };
    assert_eq!(
        find("version"),
        ProblemKind::UnsupportedVersion {
            found: 7,
            supported: 2
        }
    );
    assert_eq!(
        find("customers"),
        ProblemKind::OutOfRange {
            value: 3e6,
            min: 1.0,
            max: 2e6
        }
    );
    assert_eq!(
        find("horizon_months"),
        ProblemKind::OutOfRange {
            value: 601.0,
            min: 1.0,
            max: 600.0
        }
    );
    assert_eq!(
        find("population.segments[1].enquiry_rate"),
        ProblemKind::OutOfRange {
            value: -0.1,
            min: 0.0,
            max: 1.0
        }
    );
    assert_eq!(
        find("population.segments[1].churn_alpha"),
        ProblemKind::NotFinite
    );
    assert!(
        matches!(find("population.segments"), ProblemKind::SharesDoNotSumToOne { sum } if (sum - 0.9).abs() < 1e-9)
    );
    assert!(matches!(
        find("market.competitors[0].quality"),
        ProblemKind::OutOfRange { .. }
    ));
    assert!(matches!(
        find("replies.custom_mix"),
        ProblemKind::SharesDoNotSumToOne { .. }
    ));
    assert!(matches!(
        find("communication.outages[1].month"),
        ProblemKind::OutOfRange { .. }
    ));
    assert_eq!(problems.len(), 9, "{problems:#?}");
    // English messages name the field and the range.
    let text = problems[1].to_string();
    assert_eq!(
        text,
        "customers is 3000000, but must be between 1 and 2000000"
    );
}

#[test]
fn empty_segments_and_initial_shares_over_one() {
    let mut s = Scenario::default();
    s.population.segments.clear();
    s.market.focal_initial_share = 0.9;
    let problems = validate(&s).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.field == "population.segments" && p.kind == ProblemKind::Empty)
    );
    assert!(problems.iter().any(|p| p.field == "market.competitors"
        && matches!(p.kind, ProblemKind::SharesExceedOne { .. })));
}

#[test]
fn decoding_reports_syntax_version_and_validation() {
    let good = serde_json::to_string(&Scenario::default()).unwrap();
    assert_eq!(decode_scenario(&good).unwrap(), Scenario::default());
    // Missing fields take defaults.
    let partial = r#"{"version": 2, "customers": 500}"#;
    assert_eq!(decode_scenario(partial).unwrap().customers, 500);
    match decode_scenario("{\n  \"version\": 2,\n  \"customers\": 5,,\n}") {
        Err(DecodeError::Json { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        decode_scenario(r#"{"customers": 5}"#),
        Err(DecodeError::MissingVersion)
    );
    assert_eq!(
        decode_scenario(r#"{"version": 3}"#),
        Err(DecodeError::UnsupportedVersion {
            found: 3,
            supported: 2
        })
    );
    for version in [1, 2] {
        assert!(matches!(
            decode_scenario(&format!(r#"{{"version": {version}, "custmers": 5}}"#)),
            Err(DecodeError::Json { .. })
        ));
    }
    match decode_scenario(r#"{"version": 1, "customers": 0, "horizon_months": 9999}"#) {
        Err(DecodeError::Invalid(p)) => assert_eq!(p.len(), 2),
        other => panic!("{other:?}"),
    }
    let s = Scenario {
        population: fideliza::sim::Population {
            segments: vec![Segment::default()],
        },
        ..Scenario::default()
    };
    let text = serde_json::to_string_pretty(&s).unwrap();
    assert_eq!(decode_scenario(&text).unwrap(), s);
}

#[test]
fn version_1_files_open_upgraded_with_prices_from_their_revenues() {
    // Written by the version-1 engine (`fideliza preset lock-in-vs-free-exit`).
    let text = include_str!("fixtures/v1-lock-in-vs-free-exit.json");
    let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    assert_eq!(values.len(), 2);
    for (k, v) in values.iter().enumerate() {
        assert_eq!(v["version"], 1);
        let s = decode_scenario(&v.to_string()).unwrap_or_else(|e| panic!("{k}: {e}"));
        assert_eq!(s.version, fideliza::sim::SCENARIO_VERSION);
        // Version 1 charged 35 to 60% of the customers and 25 to 40%: 31 on average,
        // now every firm's price.
        assert!(
            (s.market.focal_price - 31.0).abs() < 1e-9,
            "{}",
            s.market.focal_price
        );
        assert!(
            s.market
                .competitors
                .iter()
                .all(|c| (c.price - 31.0).abs() < 1e-9)
        );
        // The old threshold for paying the penalty is the new midpoint.
        assert_eq!(s.contract.pay_penalty_midpoint, 0.2);
        assert_eq!(s.contract.term_months, if k == 0 { 0 } else { 24 });
        assert_eq!(s.population.segments.len(), 2);
        assert!(fideliza::sim::validate(&s).is_ok());
    }
    // A version-1 file that left the population and the market out gets version 1's
    // default revenues and rivals, priced.
    let bare = decode_scenario(r#"{"version": 1, "customers": 800}"#).unwrap();
    assert_eq!(bare.customers, 800);
    assert!((bare.market.focal_price - 31.0).abs() < 1e-9);
    assert_eq!(bare.market.competitors.len(), 2);
    assert!(
        bare.market
            .competitors
            .iter()
            .all(|c| (c.price - 31.0).abs() < 1e-9)
    );
}

#[test]
fn customers_out_of_range_is_one_problem_not_two() {
    // 99,999,999 customers also made the default 10 contacts per person look out of
    // range ("between 0 and 1 contacts"), a field the user had not touched.
    let s = Scenario {
        customers: 99_999_999,
        ..Scenario::default()
    };
    let problems = validate(&s).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["customers"], "{problems:?}");
    // Within range, the cap on contacts still follows the population.
    let mut big = Scenario {
        customers: 2_000_000,
        ..Scenario::default()
    };
    big.word_of_mouth.mean_degree = 60.0;
    let problems = validate(&big).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.field == "word_of_mouth.mean_degree")
    );
}
