//! The market mechanisms (reputation, prices and plans, renewal, the penalty, the save
//! desk, acquisition cost and lifetime value, per-segment results) and the model fixes,
//! each checked for its direction with common random numbers: the two runs compared
//! share the seed, so the same customers, incidents and dice, and differ only in the
//! setting under test.

use fideliza::sim::policy::{AdoptionMode, ContractPolicy, ReplySpeed};
use fideliza::sim::{
    Competitor, Flow, RunResult, Scenario, SegmentSeries, Series, preset, run, run_many,
};

fn go(s: &Scenario, seed: u64) -> RunResult {
    run(s, seed, &mut |_| Flow::Continue).expect("valid scenario")
}

fn total(r: &RunResult, s: Series, firm: usize, months: std::ops::RangeInclusive<usize>) -> f64 {
    r.series(s, firm)[months].iter().sum()
}

fn example(id: &str, k: usize, customers: u32) -> Scenario {
    let mut s = preset(id).unwrap().scenarios[k].clone();
    s.customers = customers;
    s
}

// ---------------------------------------------------------------------------------
// Fixes

/// Before the fix the flag that makes newcomers adopt after a forced migration was
/// never set, so adoption decayed from about 83% to 29% of customers by month 60.
#[test]
fn after_a_forced_migration_newcomers_adopt_on_joining() {
    let s = example("opt-in-vs-forced-service", 1, 20_000);
    assert_eq!(s.adoption.mode, AdoptionMode::Forced);
    let r = go(&s, 3);
    let share =
        |t: usize| r.series(Series::Adopted, 0)[t] / r.series(Series::ActiveCustomers, 0)[t];
    println!(
        "adopting share: month 13 {:.3}, month 60 {:.3}",
        share(13),
        share(60)
    );
    assert!(share(13) > 0.75);
    // Only refusers who stayed (disengaged, or on the old channel) never adopt, and
    // they only leave over time: the share can only grow towards 1.
    assert!(
        share(60) >= share(13) - 0.01,
        "{} then {}",
        share(13),
        share(60)
    );
    assert!(total(&r, Series::Acquisitions, 0, 13..=60) > 1_000.0);
}

/// Before the fix a detractor who also enquired was counted twice, so the share of
/// customers heard could exceed 1.
#[test]
fn the_listening_feedback_is_a_share_of_customers_heard_once() {
    let mut s = Scenario::neutral();
    s.customers = 3_000;
    s.horizon_months = 12;
    // Everyone enquires every month and everyone is a detractor.
    s.population.segments[0].enquiry_rate = 1.0;
    s.market.focal_quality = 0.1;
    s.satisfaction.fit_spread = 0.0;
    let r = go(&s, 1);
    for t in 1..=12 {
        let f = r.series(Series::ListeningFeedback, 0)[t];
        assert!((0.999..=1.0).contains(&f), "month {t}: {f}");
    }
    // And a quiet firm hears nobody.
    s.population.segments[0].enquiry_rate = 0.0;
    s.market.focal_quality = 0.9;
    let quiet = go(&s, 1);
    assert!(
        quiet.series(Series::ListeningFeedback, 0)[1..]
            .iter()
            .all(|&f| f == 0.0)
    );
}

/// Before the fix a customer leaving at a renegotiation point was booked as "lured by a
/// competitor" and joined a rival without enquiring: no reply test, no switch share.
#[test]
fn renegotiation_leavers_shop_around_under_their_own_reason() {
    let mut s = Scenario {
        customers: 8_000,
        horizon_months: 20,
        ..Scenario::default()
    };
    s.market.lure_rate = 0.0;
    s.communication.outages.clear();
    s.replies.memory.renegotiation_hazard = 0.5;
    s.market.switch_share = 1.0;
    for c in &mut s.market.competitors {
        c.reply_speed = ReplySpeed::Never;
    }
    let silent_rivals = go(&s, 5);
    for c in &mut s.market.competitors {
        c.reply_speed = ReplySpeed::Immediate;
    }
    let quick_rivals = go(&s, 5);
    for r in [&silent_rivals, &quick_rivals] {
        assert_eq!(total(r, Series::ChurnLured, 0, 1..=20), 0.0);
        assert!(total(r, Series::ChurnRenegotiation, 0, 1..=20) > 500.0);
    }
    // Rivals that never answer win none of them: they end outside the market.
    let to_rivals = |r: &RunResult| -> f64 {
        (1..=20u32)
            .map(|t| (1..r.firms.len()).map(|j| r.flow(t, 0, j)).sum::<f64>())
            .sum()
    };
    println!(
        "to rivals: silent {}, quick {}",
        to_rivals(&silent_rivals),
        to_rivals(&quick_rivals)
    );
    assert_eq!(to_rivals(&silent_rivals), 0.0);
    assert!(to_rivals(&quick_rivals) > 0.5 * total(&quick_rivals, Series::ChurnTotal, 0, 1..=20));
}

/// Before the fix the drift towards the firm's quality pulled a captive's satisfaction
/// back up, so it levelled off about 0.18 below target; the grievance now accumulates.
#[test]
fn a_captives_grievance_accumulates_month_after_month() {
    let mut s = Scenario::neutral();
    s.customers = 2_000;
    s.horizon_months = 23;
    s.contract = ContractPolicy::lock_in(24);
    s.contract.exit_penalty = 1e6; // nobody pays it
    // Everyone wants to leave at once: churn propensity near 1.
    s.population.segments[0].churn_alpha = 1_000.0;
    s.population.segments[0].churn_beta = 0.01;
    s.satisfaction.fit_spread = 0.0;
    let r = go(&s, 2);
    let captive = r.series(Series::Captive, 0);
    let sat = r.series(Series::MeanSatisfaction, 0);
    assert_eq!(captive[1], 2_000.0, "everyone is captive");
    let x = s.contract.resentment_per_month;
    for t in 2..=23 {
        assert!(
            sat[t] < sat[t - 1],
            "month {t}: {} then {}",
            sat[t - 1],
            sat[t]
        );
        // Each month takes the full resentment off (tie sensitivity 1).
        assert!((sat[t - 1] - sat[t] - x).abs() < 1e-4, "month {t}");
    }
    assert!(sat[23] < 0.7 - 0.4, "{}", sat[23]);
}

// ---------------------------------------------------------------------------------
// Reputation

#[test]
fn a_silent_firm_gets_more_complaints_a_worse_reputation_and_fewer_customers() {
    let reactive = go(&example("reactive-vs-proactive", 0, 20_000), 4);
    let proactive = go(&example("reactive-vs-proactive", 1, 20_000), 4);
    let after = 24..=36;
    assert!(
        total(&reactive, Series::WordOfMouthMessages, 0, after.clone())
            > 1.5 * total(&proactive, Series::WordOfMouthMessages, 0, after.clone())
    );
    assert!(
        reactive.series(Series::Reputation, 0)[30] < proactive.series(Series::Reputation, 0)[30]
    );
    assert!(
        total(&reactive, Series::Acquisitions, 0, 25..=36)
            < total(&proactive, Series::Acquisitions, 0, 25..=36)
    );
    // Before the storm nothing differs: same customers, same dice.
    assert_eq!(
        reactive.series(Series::ActiveCustomers, 0)[..24],
        proactive.series(Series::ActiveCustomers, 0)[..24]
    );
}

#[test]
fn reputation_reaches_acquisitions_only_as_much_as_it_weighs() {
    // The silent firm's loss of new customers after the storm, against the warning
    // firm, grows with the weight of reputation in choice and vanishes without it.
    let lost = |weight: f64| {
        let mut pair = preset("reactive-vs-proactive").unwrap().scenarios;
        for s in &mut pair {
            s.customers = 20_000;
            s.market.reputation_weight = weight;
        }
        let c = run_many(&pair, 9, 6, &mut |_| Flow::Continue).unwrap();
        let d = &c.differences[0].band(Series::Acquisitions, 0).median;
        d[25..=36].iter().sum::<f64>()
    };
    let (none, some, much) = (lost(0.0), lost(1.5), lost(4.0));
    println!("proactive minus reactive acquisitions, months 25-36: {none} {some} {much}");
    assert!(some > none + 50.0 && much > some, "{none} {some} {much}");
}

#[test]
fn without_word_of_mouth_there_is_no_reputation() {
    let mut s = Scenario {
        customers: 3_000,
        horizon_months: 12,
        ..Scenario::default()
    };
    s.word_of_mouth.enabled = false;
    let r = go(&s, 1);
    for f in 0..r.firms.len() {
        assert!(r.series(Series::Reputation, f).iter().all(|&v| v == 0.0));
        assert!(
            r.series(Series::PositiveMessages, f)
                .iter()
                .all(|&v| v == 0.0)
        );
    }
}

/// East, Hammond & Wright (2007): positive word of mouth is more common than negative
/// in every category they studied, about three times on average.
#[test]
fn positive_word_of_mouth_is_about_three_times_the_negative_in_the_example_market() {
    let c = run_many(
        &[preset("lock-in-vs-free-exit").unwrap().scenarios[0].clone()],
        2026,
        10,
        &mut |_| Flow::Continue,
    )
    .unwrap();
    let s = &c.scenarios[0];
    let (mut positive, mut negative) = (0.0, 0.0);
    for f in 0..s.firms.len() {
        positive += s
            .band(Series::PositiveMessages, f)
            .median
            .iter()
            .sum::<f64>();
        negative += s
            .band(Series::WordOfMouthMessages, f)
            .median
            .iter()
            .sum::<f64>();
    }
    let ratio = positive / negative;
    println!("positive / negative messages: {ratio:.2}");
    assert!((2.0..=4.0).contains(&ratio), "{ratio}");
}

// ---------------------------------------------------------------------------------
// Prices and plans

#[test]
fn a_dearer_firm_wins_fewer_customers_and_loses_more_to_rivals() {
    let base = example("lock-in-vs-free-exit", 0, 20_000);
    let mut dear = base.clone();
    dear.market.focal_price *= 1.2;
    let (a, b) = (go(&base, 8), go(&dear, 8));
    assert!(
        total(&b, Series::Acquisitions, 0, 1..=60) < total(&a, Series::Acquisitions, 0, 1..=60)
    );
    assert!(total(&b, Series::ChurnLured, 0, 1..=60) > total(&a, Series::ChurnLured, 0, 1..=60));
    assert!(b.series(Series::AveragePrice, 0)[60] > a.series(Series::AveragePrice, 0)[60]);
    // Revenue comes from prices: at month 1 it is the prices paid.
    assert!(
        (a.series(Series::Revenue, 0)[1]
            - a.series(Series::AveragePrice, 0)[1] * a.series(Series::ActiveCustomers, 0)[1])
            .abs()
            < 1e-6 * a.series(Series::Revenue, 0)[1]
    );
}

#[test]
fn with_both_plans_on_offer_customers_choose_and_the_term_keeps_the_loyal() {
    // The firm offers a 12-month term beside free exit. Both are chosen; the term-plan
    // customers (the loyal ones, see the engine's own selection test) leave less.
    let mut s = Scenario {
        customers: 20_000,
        horizon_months: 36,
        ..Scenario::default()
    };
    s.communication.outages.clear();
    s.contract = ContractPolicy::lock_in(12);
    s.contract.free_exit_plan_too = true;
    s.contract.exit_penalty = 300.0;
    let r = go(&s, 6);
    let on_term = r.series(Series::TermPlanCustomers, 0);
    let active = r.series(Series::ActiveCustomers, 0);
    println!(
        "on a term plan at months 0, 12, 36: {} {} {} of {}",
        on_term[0], on_term[12], on_term[36], active[36]
    );
    assert!(on_term[0] > 0.1 * active[0] && on_term[0] < 0.9 * active[0]);
    // With the term plan alone, everyone is on it.
    let mut only = s.clone();
    only.contract.free_exit_plan_too = false;
    let forced_term = go(&only, 6);
    assert_eq!(
        forced_term.series(Series::TermPlanCustomers, 0)[0],
        forced_term.series(Series::ActiveCustomers, 0)[0]
    );
}

#[test]
fn customers_at_the_end_of_a_term_squeeze_the_price() {
    let locked = example("lock-in-vs-free-exit", 1, 20_000);
    let mut meek = locked.clone();
    meek.contract.renewal_ask_share = 0.0;
    let (squeeze, no_squeeze) = (go(&locked, 4), go(&meek, 4));
    assert!(total(&squeeze, Series::RenewalDiscounts, 0, 24..=24) > 100.0);
    assert_eq!(total(&no_squeeze, Series::RenewalDiscounts, 0, 1..=60), 0.0);
    assert!(
        squeeze.series(Series::AveragePrice, 0)[30]
            < no_squeeze.series(Series::AveragePrice, 0)[30]
    );
    // Nothing differs before the first renewal.
    assert_eq!(
        squeeze.series(Series::Revenue, 0)[..24],
        no_squeeze.series(Series::Revenue, 0)[..24]
    );
}

#[test]
fn some_tied_customers_pay_the_penalty_and_fewer_when_it_is_larger() {
    let locked = example("lock-in-vs-free-exit", 1, 20_000);
    let mut harsh = locked.clone();
    harsh.contract.exit_penalty *= 10.0;
    let (soft, hard) = (go(&locked, 4), go(&harsh, 4));
    let paid = |r: &RunResult| total(r, Series::ChurnPaidPenalty, 0, 1..=23);
    println!(
        "paid the penalty before month 24: {} vs {}",
        paid(&soft),
        paid(&hard)
    );
    assert!(paid(&soft) > 50.0, "some tied customers leave early");
    assert!(paid(&hard) < 0.5 * paid(&soft));
    // And the captives who did not pay leave at the end of the term.
    assert!(
        hard.series(Series::ChurnEndOfTerm, 0)[24] > soft.series(Series::ChurnEndOfTerm, 0)[24]
    );
}

// ---------------------------------------------------------------------------------
// The save desk

#[test]
fn a_save_desk_keeps_some_leavers_at_a_price() {
    let base = example("lock-in-vs-free-exit", 0, 20_000);
    let mut desk = base.clone();
    desk.save_desk.enabled = true;
    let (without, with) = (go(&base, 12), go(&desk, 12));
    for t in 1..=60 {
        let n = with.series(Series::SaveNotices, 0)[t];
        let parts = with.series(Series::SaveWithdrawn, 0)[t]
            + with.series(Series::SaveDowngraded, 0)[t]
            + with.series(Series::SaveLeft, 0)[t];
        assert_eq!(n, parts, "month {t}");
    }
    assert_eq!(total(&without, Series::SaveNotices, 0, 1..=60), 0.0);
    let notices = total(&with, Series::SaveNotices, 0, 1..=60);
    let kept = total(&with, Series::SaveWithdrawn, 0, 1..=60)
        + total(&with, Series::SaveDowngraded, 0, 1..=60);
    println!("notices {notices}, kept {kept}");
    assert!((0.3..0.5).contains(&(kept / notices)), "{}", kept / notices);
    assert!(
        total(&with, Series::ChurnTotal, 0, 1..=60)
            < total(&without, Series::ChurnTotal, 0, 1..=60)
    );
    assert!(
        total(&with, Series::PolicyCosts, 0, 1..=60)
            > total(&without, Series::PolicyCosts, 0, 1..=60)
    );
    assert!(with.series(Series::AveragePrice, 0)[60] < without.series(Series::AveragePrice, 0)[60]);
}

// ---------------------------------------------------------------------------------
// Acquisition cost and lifetime value

#[test]
fn acquisition_costs_are_the_customers_won_times_their_cost() {
    let s = example("lock-in-vs-free-exit", 0, 10_000);
    let r = go(&s, 3);
    for (j, cost) in std::iter::once(s.economics.acquisition_cost)
        .chain(s.market.competitors.iter().map(|c| c.acquisition_cost))
        .enumerate()
    {
        for t in 1..=60 {
            let expected = r.series(Series::Acquisitions, j)[t] * cost;
            assert!((r.series(Series::AcquisitionCosts, j)[t] - expected).abs() < 1e-6);
        }
    }
    // Distributors sell for the firm: it pays none.
    let mut d = s.clone();
    d.channel.mode = fideliza::sim::policy::ChannelMode::Distributors;
    assert_eq!(total(&go(&d, 3), Series::AcquisitionCosts, 0, 1..=60), 0.0);
}

/// With a constant monthly churn p and margin m a month, a new customer is worth
/// m / (1 − (1 − p) d) with d the monthly discount factor (the margin of the joining
/// month included): the engine's estimate from the run's own survival must agree.
#[test]
fn the_lifetime_value_of_a_new_customer_matches_the_closed_form() {
    let p = 0.04;
    let mut s = Scenario::neutral();
    s.customers = 40_000;
    s.horizon_months = 60;
    s.market.focal_initial_share = 0.3;
    s.market.arrival_rate = 0.05;
    s.population.segments[0].churn_alpha = 1e4 * p;
    s.population.segments[0].churn_beta = 1e4 * (1.0 - p);
    s.economics.acquisition_cost = 50.0;
    let r = go(&s, 2);
    let m = s.market.focal_price * s.economics.gross_margin;
    let d = (1.0 + s.economics.annual_discount_rate).powf(-1.0 / 12.0);
    let expected = m / (1.0 - (1.0 - p) * d);
    let got = r.series(Series::NewCustomerValue, 0)[60];
    println!("lifetime value: engine {got:.1}, closed form {expected:.1}");
    assert!((got / expected - 1.0).abs() < 0.03, "{got} vs {expected}");
    let ratio = r.series(Series::ValueToAcquisitionCost, 0)[60];
    assert!((ratio - got / 50.0).abs() < 1e-9);
    // Customers prone to leave are worth less.
    s.population.segments[0].churn_alpha = 1e4 * 2.0 * p;
    s.population.segments[0].churn_beta = 1e4 * (1.0 - 2.0 * p);
    assert!(go(&s, 2).series(Series::NewCustomerValue, 0)[60] < 0.7 * got);
}

// ---------------------------------------------------------------------------------
// Per-segment results

#[test]
fn per_segment_results_add_up_to_the_firms() {
    let r = go(&example("lock-in-vs-free-exit", 1, 10_000), 5);
    assert_eq!(
        r.segments,
        vec!["Settled".to_string(), "Demanding".to_string()]
    );
    for t in 0..=60 {
        let sum = |k: SegmentSeries| -> f64 {
            (0..r.segments.len())
                .map(|g| r.segment_series(k, g)[t])
                .sum()
        };
        assert_eq!(
            sum(SegmentSeries::ActiveCustomers),
            r.series(Series::ActiveCustomers, 0)[t]
        );
        assert_eq!(
            sum(SegmentSeries::ChurnTotal),
            r.series(Series::ChurnTotal, 0)[t]
        );
        let weighted: f64 = (0..r.segments.len())
            .map(|g| {
                r.segment_series(SegmentSeries::MeanSatisfaction, g)[t]
                    * r.segment_series(SegmentSeries::ActiveCustomers, g)[t]
            })
            .sum();
        let mean = r.series(Series::MeanSatisfaction, 0)[t];
        assert!((weighted / r.series(Series::ActiveCustomers, 0)[t] - mean).abs() < 1e-9);
    }
    // The demanding segment leaves more.
    let churn = |g| {
        r.segment_series(SegmentSeries::ChurnTotal, g)[1..]
            .iter()
            .sum::<f64>()
    };
    let size = |g| r.segment_series(SegmentSeries::ActiveCustomers, g)[0];
    assert!(churn(1) / size(1) > churn(0) / size(0));
    assert!(
        r.segment_series(SegmentSeries::ActiveCustomers, 9)
            .is_empty()
    );
}

#[test]
fn competitors_have_prices_and_plans_of_their_own() {
    let mut s = Scenario {
        customers: 10_000,
        horizon_months: 24,
        ..Scenario::default()
    };
    s.market.competitors = vec![Competitor {
        initial_share: 0.3,
        contract_months: 12,
        free_exit_plan_too: true,
        price: 25.0,
        ..Competitor::default()
    }];
    let r = go(&s, 1);
    let on_term = r.series(Series::TermPlanCustomers, 1)[0];
    let active = r.series(Series::ActiveCustomers, 1)[0];
    assert!(on_term > 0.0 && on_term < active);
    let price = r.series(Series::AveragePrice, 1)[1];
    assert!(price < 25.0 && price > 25.0 * 0.9 - 1e-9, "{price}");
}
