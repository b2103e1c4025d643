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
            supported: 1
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
    let partial = r#"{"version": 1, "customers": 500}"#;
    assert_eq!(decode_scenario(partial).unwrap().customers, 500);
    match decode_scenario("{\n  \"version\": 1,\n  \"customers\": 5,,\n}") {
        Err(DecodeError::Json { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        decode_scenario(r#"{"customers": 5}"#),
        Err(DecodeError::MissingVersion)
    );
    assert_eq!(
        decode_scenario(r#"{"version": 2}"#),
        Err(DecodeError::UnsupportedVersion {
            found: 2,
            supported: 1
        })
    );
    assert!(matches!(
        decode_scenario(r#"{"version": 1, "custmers": 5}"#),
        Err(DecodeError::Json { .. })
    ));
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
