//! No JSON that deserialises can make the engine panic, loop or produce NaN.
//! Scenarios are generated over generous ranges (including out-of-range values); each
//! one goes through JSON and `decode_scenario`; if it is accepted it runs (with the
//! population and horizon capped small to keep the test fast) and every number must be
//! finite. The fuzz target in fuzz/ does the same from raw bytes.

use fideliza::sim::policy::{AdoptionMode, ChannelMode, Outage, PeerMixing, ReplySpeed};
use fideliza::sim::{Competitor, Flow, Scenario, Segment, Series, decode_scenario, run};
use proptest::prelude::*;

fn speed() -> impl Strategy<Value = ReplySpeed> {
    prop_oneof![
        Just(ReplySpeed::Immediate),
        Just(ReplySpeed::WithinHours),
        Just(ReplySpeed::Day),
        Just(ReplySpeed::Never),
        Just(ReplySpeed::Audit),
        Just(ReplySpeed::Custom),
    ]
}

/// A share in [0, 1], with the edges often.
fn unit() -> impl Strategy<Value = f64> {
    prop_oneof![8 => 0.0..=1.0f64, 1 => Just(0.0), 1 => Just(1.0)]
}

/// A value that breaks validation, for the corrupted cases.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(-1.0),
        Just(1.5),
        Just(1e300),
        Just(-1e-300),
        Just(7e6),
        -1e3..1e3f64
    ]
}

prop_compose! {
    fn segment()(share in unit(), alpha in 0.001..200.0f64, beta in 0.001..10_000.0f64,
                 patience in 0.01..1000.0f64, spread in 0.0..5.0f64, price_weight in 0.0..5.0f64,
                 enquiry in unit(), tie in 0.0..10.0f64, talk in unit(), openness in 0.0..10.0f64)
        -> Segment {
        Segment { name: "s".into(), share, churn_alpha: alpha, churn_beta: beta,
                  patience_median_hours: patience, patience_spread: spread,
                  price_sensitivity: price_weight, enquiry_rate: enquiry, tie_sensitivity: tie,
                  talkativeness: talk, openness }
    }
}

prop_compose! {
    fn competitor()(quality in unit(), share in unit(), reply_speed in speed(),
                    contract in 0u32..=600, proactive in any::<bool>(), rate in unit(),
                    price in 0.0..10_000.0f64, discount in unit(), both in any::<bool>(),
                    cac in 0.0..1e5f64)
        -> Competitor {
        Competitor { name: "c".into(), quality, initial_share: share * 0.3, reply_speed,
                     contract_months: contract, proactive, incident_rate: rate, price,
                     term_discount: discount, free_exit_plan_too: both, acquisition_cost: cac,
                     ..Competitor::default() }
    }
}

prop_compose! {
    fn outage()(month in 1u32..=600, severity in unit(), share in unit(), all in any::<bool>()) -> Outage {
        Outage { month, severity, share_affected: share, all_firms: all }
    }
}

prop_compose! {
    fn scenario()(
        customers in 1u32..400, horizon in 1u32..40,
        segments in prop::collection::vec(segment(), 1..4),
        competitors in prop::collection::vec(competitor(), 0..4),
        focal in (unit(), unit(), unit(), unit(), unit(), 0.0..50.0f64),
        sat in (unit(), 0.0..20.0f64, 0.1..600.0f64, unit(), 0.0..0.5f64, unit(), unit(), unit()),
        wom in (any::<bool>(), 0.0..100.0f64, unit(), 0.0..10.0f64, unit(), 1.0..100.0f64, unit()),
        contract in (0u32..=600, any::<bool>(), unit(), unit(), unit(), any::<bool>()),
        plans in (any::<bool>(), unit(), 0.0..1e5f64, 0.001..1.0f64, 0.0..120.0f64, unit(), unit()),
        desk in (any::<bool>(), unit(), unit(), unit(), unit(), 0.0..1e3f64),
        market in (0.0..10_000.0f64, 0.0..20.0f64, 0.1..600.0f64, 0.0..10.0f64, 0.0..1e5f64),
        replies in (speed(), unit(), unit(), unit(), unit(), any::<bool>(), 0u32..40, unit(), unit(), unit(), 1.0..10.0f64),
        adoption in (0u8..3, unit(), unit(), any::<bool>(), unit(), 1u32..=600, unit(), unit(), any::<bool>(), unit(), unit(), unit()),
        channel in (any::<bool>(), unit(), unit(), unit(), 0u32..=120, unit()),
        comm in (any::<bool>(), unit(), unit(), unit(), unit(), prop::collection::vec(outage(), 0..3)),
        econ in (unit(), unit()),
        corrupt in prop::option::weighted(0.3, (0usize..11, wild())),
    ) -> Scenario {
        let mut s = Scenario {
            customers,
            horizon_months: horizon,
            ..Scenario::default()
        };
        // Shares that add up to 1 (the corrupted cases break this and other rules).
        let mut segments = segments;
        let n = segments.len() as f64;
        for x in &mut segments { x.share = 1.0 / n; }
        s.population.segments = segments;
        s.market.competitors = competitors;
        (s.market.focal_quality, s.market.focal_initial_share, s.market.arrival_rate,
         s.market.switch_share, s.market.lure_rate, s.market.choice_sensitivity) = focal;
        s.market.focal_initial_share *= 0.3;
        let z = &mut s.satisfaction;
        (z.reference, z.sensitivity, z.memory_half_life_months, z.scar_share, z.fit_spread,
         z.promoter_at, z.detractor_below, z.at_risk_below) = sat;
        let w = &mut s.word_of_mouth;
        (w.enabled, w.mean_degree, w.rewire, w.defection_uplift, w.uplift_decay, w.exposure_cap,
         w.negative_message_hit) = wom;
        let c = &mut s.contract;
        (c.term_months, c.relock_on_renewal, c.resentment_per_month, c.pay_penalty_midpoint,
         c.forgiveness, c.staggered_start) = contract;
        (c.free_exit_plan_too, c.term_discount, c.device_subsidy, c.pay_penalty_spread,
         c.penalty_tolerance_months, c.renewal_ask_share, c.renewal_discount) = plans;
        let d = &mut s.save_desk;
        (d.enabled, d.withdraw_share, d.downgrade_share, d.save_discount,
         d.downgrade_price_share, d.cost_per_notice) = desk;
        d.downgrade_share *= 1.0 - d.withdraw_share;
        (s.market.focal_price, s.market.reputation_weight, s.market.reputation_half_life_months,
         s.word_of_mouth.positive_talk_rate, s.economics.acquisition_cost) = market;
        let r = &mut s.replies;
        (r.speed, r.custom_mix.within_hour, r.custom_mix.within_day, r.custom_mix.over_day,
         r.goodwill_loss, r.memory.enabled, r.memory.renegotiation_months,
         r.memory.renegotiation_hazard, r.memory.offer_retention, r.memory.offer_lift,
         r.memory.weight_without_memory) = replies;
        r.custom_mix.never = 1.0 - r.custom_mix.within_hour - r.custom_mix.within_day - r.custom_mix.over_day;
        let a = &mut s.adoption;
        let mode;
        let peers;
        (mode, a.p, a.q, peers, a.value, a.forced_month, a.antipathy, a.refusal_share,
         a.flexible_exception, a.exception_share, a.refuse_leave_share,
         a.disengaged_revenue_share) = adoption;
        a.mode = [AdoptionMode::None, AdoptionMode::OptIn, AdoptionMode::Forced][mode as usize];
        a.peers = if peers { PeerMixing::Network } else { PeerMixing::FullyMixed };
        let ch = &mut s.channel;
        let direct;
        (direct, ch.learning_rate, ch.max_improvement, ch.distributor_reach,
         ch.distributor_delay_months, ch.distributor_margin_share) = channel;
        ch.mode = if direct { ChannelMode::Direct } else { ChannelMode::Distributors };
        let m = &mut s.communication;
        (m.proactive, m.softening, m.incident_rate, m.incident_severity,
         m.incident_share_affected, m.outages) = comm;
        (s.economics.gross_margin, s.economics.annual_discount_rate) = econ;
        if s.satisfaction.detractor_below > s.satisfaction.promoter_at {
            std::mem::swap(&mut s.satisfaction.detractor_below, &mut s.satisfaction.promoter_at);
        }
        let mix = &mut s.replies.custom_mix;
        let rest = (1.0 - mix.within_hour).max(0.0);
        mix.within_day *= rest;
        mix.over_day *= (rest - mix.within_day).max(0.0);
        mix.never = (1.0 - mix.within_hour - mix.within_day - mix.over_day).max(0.0);
        if let Some((field, v)) = corrupt {
            match field {
                0 => s.population.segments[0].share = v,
                1 => s.market.focal_quality = v,
                2 => s.satisfaction.memory_half_life_months = v,
                3 => s.word_of_mouth.mean_degree = v,
                4 => s.replies.custom_mix.within_hour = v,
                5 => s.adoption.p = v,
                6 => s.population.segments[0].churn_alpha = v,
                7 => s.contract.pay_penalty_spread = v,
                8 => s.save_desk.withdraw_share = v,
                9 => s.market.focal_price = v,
                _ => s.economics.gross_margin = v,
            }
        }
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_decodable_scenario_runs_without_panic_or_nan(s in scenario(), seed in any::<u64>()) {
        let text = serde_json::to_string(&s).unwrap();
        if let Ok(decoded) = decode_scenario(&text) {
            let r = run(&decoded, seed, &mut |_| Flow::Continue).expect("valid scenario runs");
            prop_assert_eq!(r.months, decoded.horizon_months);
            for &series in Series::all() {
                for f in 0..r.firms.len() {
                    for &v in r.series(series, f) {
                        prop_assert!(v.is_finite(), "{} not finite", series.key());
                    }
                }
            }
            for t in 0..=r.months as usize {
                let active: f64 = (0..r.firms.len()).map(|f| r.series(Series::ActiveCustomers, f)[t]).sum();
                prop_assert_eq!(active + r.outside[t], f64::from(decoded.customers));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_decoder(text in ".{0,200}") {
        let _ = decode_scenario(&text);
    }

    #[test]
    fn json_with_random_values_in_known_fields_never_panics(
        field in prop_oneof![Just("customers"), Just("horizon_months"), Just("version"), Just("name")],
        value in prop_oneof![
            any::<i64>().prop_map(|v| v.to_string()),
            any::<f64>().prop_map(|v| format!("{v:e}")),
            Just("null".to_string()), Just("\"x\"".to_string()), Just("[]".to_string()), Just("{}".to_string()),
        ]
    ) {
        let text = format!(r#"{{"version": 1, "{field}": {value}}}"#);
        if let Ok(s) = decode_scenario(&text) {
            let s = Scenario { customers: s.customers.min(300), ..s };
            let _ = run(&s, 1, &mut |_| Flow::Continue);
        }
    }
}

/// The generator must produce enough valid scenarios for the property above to bite.
#[test]
fn the_generator_produces_valid_scenarios_often_enough() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let mut valid = 0;
    for _ in 0..400 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        if fideliza::sim::validate(&s).is_ok() {
            valid += 1;
        }
    }
    println!("valid: {valid} / 400");
    assert!(
        valid >= 200,
        "only {valid} of 400 generated scenarios are valid"
    );
}
