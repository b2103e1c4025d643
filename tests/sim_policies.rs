//! Each policy moves the outcomes the way its essay claims, everything else equal:
//! both scenarios of a pair run with the same seed, so the same customers, incidents and
//! dice (common random numbers), and the difference is due to the policy alone.

use fideliza::sim::{Flow, RunResult, Scenario, Series, preset, run};

fn pair(id: &str, customers: u32) -> (RunResult, RunResult) {
    let p = preset(id).unwrap_or_else(|| panic!("preset {id}"));
    assert_eq!(p.scenarios.len(), 2);
    let go = |s: &Scenario| {
        let mut s = s.clone();
        s.customers = customers;
        run(&s, 11, &mut |_| Flow::Continue).unwrap()
    };
    (go(&p.scenarios[0]), go(&p.scenarios[1]))
}

fn total(r: &RunResult, s: Series, firm: usize, months: std::ops::RangeInclusive<usize>) -> f64 {
    r.series(s, firm)[months].iter().sum()
}

#[test]
fn lock_in_holds_captives_and_ends_in_a_cliff() {
    let (free, locked) = pair("lock-in-vs-free-exit", 20_000);
    let captive = locked.series(Series::Captive, 0);
    let end = locked.series(Series::ChurnEndOfTerm, 0);
    let churn = locked.series(Series::ChurnTotal, 0);
    println!(
        "captive at 23: {}, end-of-term churn at 24: {}, churn 20-23: {:?}",
        captive[23],
        end[24],
        &churn[20..24]
    );
    assert!(captive[23] > 200.0, "captives before the end of the term");
    assert_eq!(free.series(Series::Captive, 0).iter().sum::<f64>(), 0.0);
    // The cliff: the month the term ends, more customers leave than in any of the four
    // months before, several times over.
    let before = churn[20..24].iter().cloned().fold(0.0, f64::max);
    assert!(
        churn[24] > 3.0 * before,
        "cliff {} vs {}",
        churn[24],
        before
    );
    assert!(end[24] > 0.5 * churn[24]);
    // During the term, tied customers leave far less than free ones.
    assert!(
        total(&locked, Series::ChurnTotal, 0, 2..=23)
            < 0.6 * total(&free, Series::ChurnTotal, 0, 2..=23)
    );
    assert!(total(&locked, Series::ChurnPaidPenalty, 0, 1..=24) > 0.0);
}

#[test]
fn immediate_replies_win_more_sales_than_replies_after_a_day() {
    let (slow, fast) = pair("slow-vs-immediate-replies", 20_000);
    let won_slow = total(&slow, Series::SalesWon, 0, 1..=60);
    let won_fast = total(&fast, Series::SalesWon, 0, 1..=60);
    println!("sales won: 24 h+ {won_slow}, immediate {won_fast}");
    assert!(won_fast > 3.0 * won_slow.max(1.0));
    assert!(
        total(&slow, Series::SalesLostToSlowReply, 0, 1..=60)
            > total(&fast, Series::SalesLostToSlowReply, 0, 1..=60)
    );
    // ... and it costs money.
    assert!(
        total(&fast, Series::PolicyCosts, 0, 1..=60) > total(&slow, Series::PolicyCosts, 0, 1..=60)
    );
    assert!(
        fast.series(Series::ActiveCustomers, 0)[60] > slow.series(Series::ActiveCustomers, 0)[60]
    );
}

#[test]
fn crm_memory_keeps_more_customers() {
    let (none, memory) = pair("no-memory-vs-crm-memory", 20_000);
    let a = total(&none, Series::ChurnTotal, 0, 1..=60);
    let b = total(&memory, Series::ChurnTotal, 0, 1..=60);
    println!("churn without memory {a}, with memory {b}");
    assert!(b < 0.9 * a);
    assert!(
        memory.series(Series::CohortSurvival, 0)[60]
            > none.series(Series::CohortSurvival, 0)[60] + 0.03
    );
}

#[test]
fn proactive_outage_messages_lose_fewer_customers() {
    let (reactive, proactive) = pair("reactive-vs-proactive", 20_000);
    let a = total(&reactive, Series::ChurnTotal, 0, 24..=36);
    let b = total(&proactive, Series::ChurnTotal, 0, 24..=36);
    println!("churn months 24-36: reactive {a}, proactive {b}");
    assert!(b < 0.85 * a);
    assert!(
        proactive.series(Series::MeanSatisfaction, 0)[25]
            > reactive.series(Series::MeanSatisfaction, 0)[25] + 0.05
    );
    assert!(
        total(&proactive, Series::WordOfMouthMessages, 0, 24..=26)
            < total(&reactive, Series::WordOfMouthMessages, 0, 24..=26)
    );
}

#[test]
fn forced_adoption_is_faster_but_costs_satisfaction_and_customers() {
    let (opt_in, forced) = pair("opt-in-vs-forced-service", 20_000);
    let share = |r: &RunResult, t: usize| {
        r.series(Series::Adopted, 0)[t] / r.series(Series::ActiveCustomers, 0)[t]
    };
    println!(
        "adopted share at 13: opt-in {:.3}, forced {:.3}",
        share(&opt_in, 13),
        share(&forced, 13)
    );
    assert!(share(&forced, 13) > share(&opt_in, 13) + 0.5);
    assert!(share(&forced, 60) > share(&opt_in, 60));
    assert!(
        forced.series(Series::MeanSatisfaction, 0)[13]
            < opt_in.series(Series::MeanSatisfaction, 0)[13] - 0.05
    );
    assert!(total(&forced, Series::ChurnRefusedForced, 0, 12..=12) > 100.0);
    assert!(
        forced.series(Series::ActiveCustomers, 0)[24]
            < 0.95 * opt_in.series(Series::ActiveCustomers, 0)[24]
    );
}

#[test]
fn a_flexible_exception_keeps_customers_forcing_loses() {
    let (rigid, flexible) = pair("rigid-vs-flexible-forcing", 20_000);
    assert!(
        total(&flexible, Series::ChurnRefusedForced, 0, 12..=12)
            < 0.7 * total(&rigid, Series::ChurnRefusedForced, 0, 12..=12)
    );
    assert!(
        flexible.series(Series::ActiveCustomers, 0)[24]
            > rigid.series(Series::ActiveCustomers, 0)[24]
    );
}

#[test]
fn a_direct_channel_improves_satisfaction_over_time() {
    let (distributors, direct) = pair("distributors-vs-direct", 20_000);
    let s = |r: &RunResult, t: usize| r.series(Series::MeanSatisfaction, 0)[t];
    for t in [12, 36, 60, 120] {
        println!(
            "month {t}: satisfaction distributors {:.3}, direct {:.3}; improvement {:.3} vs {:.3}",
            s(&distributors, t),
            s(&direct, t),
            distributors.series(Series::OfferImprovement, 0)[t],
            direct.series(Series::OfferImprovement, 0)[t]
        );
    }
    assert!(
        (s(&direct, 1) - s(&distributors, 1)).abs() < 0.01,
        "same start"
    );
    assert!(s(&direct, 36) > s(&distributors, 36) + 0.01);
    assert!(s(&direct, 120) > s(&distributors, 120) + 0.005);
    assert!(
        direct.series(Series::OfferImprovement, 0)[12]
            > 2.0 * distributors.series(Series::OfferImprovement, 0)[12]
    );
    assert!(
        total(&direct, Series::Margin, 0, 1..=120)
            > total(&distributors, Series::Margin, 0, 1..=120)
    );
}

/// What distributors keep is their share of revenue, month by month, and counts among
/// the firm's costs: the margin is revenue at the gross margin less all costs, in
/// either channel. A direct firm pays distributors nothing.
#[test]
fn distributors_keep_their_share_of_revenue_as_a_cost() {
    let (distributors, direct) = pair("distributors-vs-direct", 5_000);
    let preset = preset("distributors-vs-direct").unwrap();
    let (a, b) = (&preset.scenarios[0], &preset.scenarios[1]);
    let share = a.channel.distributor_margin_share;
    assert!(share > 0.0);
    for (r, s, kept_share) in [(&distributors, a, share), (&direct, b, 0.0)] {
        let v = |series: Series, t: usize| r.series(series, 0)[t];
        let mut kept_in_all = 0.0;
        for t in 1..=120 {
            let revenue = v(Series::Revenue, t);
            let kept = v(Series::KeptByDistributors, t);
            assert!(
                (kept - revenue * kept_share).abs() < 1e-6 * revenue.max(1.0),
                "t {t}"
            );
            let costs = v(Series::PolicyCosts, t) + v(Series::AcquisitionCosts, t) + kept;
            assert!(
                (v(Series::Costs, t) - costs).abs() < 1e-6 * costs.max(1.0),
                "t {t}"
            );
            let margin = revenue * s.economics.gross_margin - v(Series::Costs, t);
            assert!(
                (v(Series::Margin, t) - margin).abs() < 1e-6 * revenue.max(1.0),
                "t {t}"
            );
            kept_in_all += kept;
        }
        assert_eq!(kept_in_all > 0.0, kept_share > 0.0);
    }
}

#[test]
fn churners_from_the_focal_firm_are_acquisitions_of_competitors() {
    let s = Scenario::default();
    let r = run(&s, 5, &mut |_| Flow::Continue).unwrap();
    let firms = r.firms.len();
    let outside = firms;
    let mut to_rivals = 0.0;
    for t in 1..=r.months {
        let tu = t as usize;
        for j in 0..firms {
            let from_firms: f64 = (0..firms)
                .filter(|&k| k != j)
                .map(|k| r.flow(t, k, j))
                .sum();
            assert_eq!(
                from_firms,
                r.series(Series::AcquisitionsFromCompetitors, j)[tu]
            );
            assert_eq!(
                r.flow(t, outside, j),
                r.series(Series::AcquisitionsFromOutside, j)[tu]
            );
            let left: f64 = (0..=firms)
                .filter(|&k| k != j)
                .map(|k| r.flow(t, j, k))
                .sum();
            assert_eq!(left, r.series(Series::ChurnTotal, j)[tu]);
            assert_eq!(r.flow(t, j, j), 0.0);
        }
        to_rivals += (1..firms).map(|j| r.flow(t, 0, j)).sum::<f64>();
    }
    assert!(to_rivals > 500.0, "{to_rivals}");
}
