//! The lessons tell the truth of their runs: every annotation, explanation and debrief
//! question holds when the lesson runs at its settings, every number in them comes from
//! the run (another run gives other numbers), and moving the one lever past the flip
//! value really turns the result around.

use fideliza::app::board::{ChartData, ChartKind};
use fideliza::app::i18n::Lang;
use fideliza::app::lessons::{self, Guess, Lesson, Stage};
use fideliza::app::state::Workbench;
use fideliza::sim::{self, Comparison, Flow, Scenario};

/// A lesson runs its example at the workbench's seed and number of replications.
fn run(scenarios: &[Scenario], seed: u64) -> Comparison {
    let wb = Workbench::new(Lang::En);
    sim::run_many(scenarios, seed, wb.replications, &mut |_| Flow::Continue).expect("runs")
}

fn scenarios(l: &Lesson) -> Vec<Scenario> {
    sim::preset(l.example).expect("preset").scenarios
}

/// Every text the lesson shows from the run, in order, labelled for messages.
fn texts(l: &Lesson, c: &Comparison, lang: Lang) -> Vec<(String, Option<String>)> {
    let names = vec!["A".to_string(), "B".to_string()];
    let mut out = vec![(
        "reveal".to_string(),
        lessons::reveal_text(c, Some(Guess::B), &names, lang),
    )];
    for (i, e) in l.explained.iter().enumerate() {
        // One entry per chart, its notes together, so the entries line up across runs.
        let notes: Vec<String> = (e.notes)(c, lang).into_iter().map(|n| n.text).collect();
        out.push((
            format!("note {i}"),
            (!notes.is_empty()).then(|| notes.join(" | ")),
        ));
        for (k, f) in e.findings.iter().enumerate() {
            out.push((format!("finding {i}.{k}"), f(c, lang)));
        }
    }
    for (k, q) in l.debrief.iter().enumerate() {
        out.push((format!("question {k}"), q(c, lang)));
    }
    out
}

fn quotes_a_count(text: &str) -> bool {
    let mut run = 0;
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else if ch != '.' && ch != ',' {
            run = 0;
        }
    }
    false
}

#[test]
fn every_sentence_of_every_lesson_holds_at_its_settings_and_comes_from_the_run() {
    let seed = Workbench::new(Lang::En).seed;
    for l in lessons::lessons() {
        let pair = scenarios(l);
        let c = run(&pair, seed);
        // Other runs: another seed; and half the customers with a worse product.
        let other_seed = run(&pair, 7);
        let mut smaller = pair.clone();
        for s in &mut smaller {
            s.customers /= 2;
            s.market.focal_quality -= 0.1;
        }
        let other_size = run(&smaller, seed);
        for lang in [Lang::Es, Lang::En] {
            let here = texts(l, &c, lang);
            let there = [texts(l, &other_seed, lang), texts(l, &other_size, lang)];
            for (i, (what, text)) in here.iter().enumerate() {
                let Some(text) = text else {
                    // Notes may be absent by design (no_note); everything else must hold.
                    assert!(
                        what.starts_with("note"),
                        "{} ({lang:?}): {what} does not hold",
                        l.id
                    );
                    continue;
                };
                assert!(text.len() > 10, "{}: {what}: {text}", l.id);
                // A sentence quoting counts or money (three digits or more; shares and
                // points can coincide): another run changes at least one of them.
                if quotes_a_count(text) {
                    let changed = there.iter().any(|t| t[i].1.as_deref() != Some(text));
                    assert!(
                        changed,
                        "{}: {what} reads the same in other runs: {text}",
                        l.id
                    );
                }
            }
        }
        // The notes pin a month within the horizon.
        let months = c.scenarios[0].months;
        for e in l.explained {
            for n in (e.notes)(&c, Lang::En) {
                assert!(n.month <= months, "{}: note at {}", l.id, n.month);
            }
        }
        assert!(lessons::outcome(&c).is_some());
    }
}

#[test]
fn the_quoted_numbers_are_the_runs_numbers() {
    // Spot checks that the annotation reads the very series it names.
    let l = lessons::lesson("lock-in").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let cliff = c.scenarios[1].band(sim::Series::ChurnEndOfTerm, 0).median[24];
    let note = (l.explained[1].notes)(&c, Lang::En).remove(0);
    let shown = format!("{}", cliff.round() as i64);
    let digits: String = note.text.chars().filter(|ch| ch.is_ascii_digit()).collect();
    assert!(
        digits.ends_with(&shown),
        "note {} should quote {shown}",
        note.text
    );
    assert_eq!(note.month, 24);
    // On a chart of panels, a note about one scenario is drawn on its panel and quotes
    // that scenario's number: forcing's adoption at the horizon, A's panel then B's.
    let l = lessons::lesson("forcing").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let notes = (l.explained[0].notes)(&c, Lang::En);
    assert_eq!(notes.len(), 2);
    for (k, n) in notes.iter().enumerate() {
        assert_eq!(n.scenario, Some(k));
        let s = &c.scenarios[k];
        let h = s.months as usize;
        let used = s.band(sim::Series::Adopted, 0).median[h]
            / s.band(sim::Series::ActiveCustomers, 0).median[h];
        let shown = format!("{}%", (used * 100.0).round() as i64);
        assert!(n.text.contains(&shown), "{} should quote {shown}", n.text);
    }
}

#[test]
fn moving_the_lever_past_the_flip_turns_the_result_around() {
    let seed = Workbench::new(Lang::En).seed;
    for l in lessons::lessons() {
        let flip = l.flip().unwrap();
        let pair = scenarios(l);
        let first = run(&pair, seed);
        let before = lessons::margin_difference(&first).unwrap().0;
        let past = flip.past(&pair).expect("a value past the flip");
        let mut moved = pair.clone();
        flip.apply(&mut moved, past).expect("a valid lever value");
        let second = run(&moved, seed);
        let after = lessons::margin_difference(&second).unwrap().0;
        assert!(
            before.signum() != after.signum(),
            "{}: {} at {past}: B - A margin {before} before, {after} after",
            l.id,
            flip.lever
        );
        // And the class sees it turn: a win for the other side, not "almost level"
        // (the forcing lesson's 233 months and the outage's 45 € ended so).
        let (won, wins) = (lessons::outcome(&first), lessons::outcome(&second));
        assert!(
            wins != Some(Guess::Same) && wins != won,
            "{}: {} at {past}: {won:?} before, {wins:?} after",
            l.id,
            flip.lever
        );
    }
}

#[test]
fn the_prediction_step_comes_before_any_result() {
    for l in lessons::lessons() {
        let stages = l.stages();
        assert_eq!(stages[0], Stage::Situation);
        assert_eq!(stages[1], Stage::Predict);
        assert!(!stages[0].shows_results() && !stages[1].shows_results());
        assert!(stages[2..].iter().all(|s| s.shows_results()));
        assert_eq!(*stages.last().unwrap(), Stage::Debrief);
    }
}

#[test]
fn the_rotation_sentence_quotes_the_chart_beside_it() {
    // The outage lesson's rotation step spoke of the year from the storm beside a
    // matrix of the whole horizon, so the class could not find the numbers quoted.
    use fideliza::app::board::ChartData;
    use fideliza::app::board::ChartKind;
    use fideliza::app::explain::format_number;
    let l = lessons::lesson("outage").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let names = vec!["A · Silent".to_string(), "B · Warns".to_string()];
    let mut checked = 0;
    for e in l.explained.iter().filter(|e| e.chart == ChartKind::Flows) {
        let data = e.data(&c).expect("the rotation chart builds");
        let ChartData::Flows(panels) = &data else {
            panic!("the rotation chart is a set of matrices")
        };
        for lang in [Lang::Es, Lang::En] {
            let view = e.view(&c, &data, lang, &names);
            for finding in e.findings {
                let text = finding(&c, lang).expect("the finding holds");
                // The months the sentence names are the months the chart's title names.
                let (first, last) = e.months.expect("the sentence speaks of a period");
                let months = match lang {
                    Lang::Es => format!("meses {first} a {last}"),
                    Lang::En => format!("months {first} to {last}"),
                };
                assert!(text.contains(&months), "{text}");
                assert!(view.title.contains(&months), "{}", view.title);
                // Every number quoted is a row of the chart's cells added up: our firm's
                // customers lost to the rivals, or taken in from them, in A then B.
                // Numbers stand between spaces (the last one before the full stop).
                let spaced = format!("{} ", text.trim_end_matches('.'));
                let mut rest = spaced.as_str();
                for p in panels.iter().take(2) {
                    let rivals = 1..p.places.len() - 1;
                    let cell = |a: usize, b: usize| p.total(a, b).round();
                    let lost: f64 = rivals.clone().map(|r| cell(0, r)).sum();
                    let won: f64 = rivals.map(|r| cell(r, 0)).sum();
                    for n in [lost, won] {
                        let shown = format!(" {} ", format_number(n, 0, lang));
                        let at = rest
                            .find(&shown)
                            .unwrap_or_else(|| panic!("{shown} not next in: {text}"));
                        rest = &rest[at + shown.len()..];
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}

/// The numbers (runs of digits and separators) in `text`, in order.
fn numbers_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for ch in text.chars().chain([' ']) {
        if ch.is_ascii_digit() || (!current.is_empty() && (ch == '.' || ch == ',')) {
            current.push(ch);
        } else if !current.is_empty() {
            out.push(current.trim_end_matches(['.', ',']).to_string());
            current.clear();
        }
    }
    out
}

#[test]
fn the_storms_six_months_are_six_and_quoted_alike_in_the_step_and_the_debrief() {
    // Step 5 added months 24 to 30 (seven) under "the six months from the storm",
    // while the debrief added 24 to 29: two totals for one claim.
    let l = lessons::lesson("outage").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let six = |k: usize| -> f64 {
        c.scenarios[k]
            .band(sim::Series::WordOfMouthMessages, 0)
            .median[24..=29]
            .iter()
            .sum()
    };
    for lang in [Lang::Es, Lang::En] {
        let all = texts(l, &c, lang);
        let quoted: Vec<Vec<String>> = all
            .iter()
            .filter_map(|(_, t)| t.as_deref())
            .filter(|t| t.contains("seis meses") || t.contains("six months"))
            .map(numbers_in)
            .collect();
        assert_eq!(quoted.len(), 2, "the step and the debrief: {quoted:?}");
        let expected: Vec<String> = [six(0), six(1)]
            .iter()
            .map(|v| fideliza::app::explain::format_number(v.round(), 0, lang))
            .collect();
        for q in &quoted {
            assert!(q.ends_with(&expected), "{q:?} should end with {expected:?}");
        }
    }
}

#[test]
fn the_channel_lesson_quotes_one_margin_gain_throughout() {
    // Step 5 quoted the gap between the two median margins (2.277.886 €), the result,
    // the flip and the debrief the median of the paired gains (2.280.243 €).
    let l = lessons::lesson("channel").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let (gain, _) = lessons::margin_difference(&c).unwrap();
    for lang in [Lang::Es, Lang::En] {
        let euros = fideliza::app::explain::format_number(gain.round(), 0, lang);
        let all = texts(l, &c, lang);
        let margin: Vec<&str> = all
            .iter()
            .filter_map(|(_, t)| t.as_deref())
            .filter(|t| t.contains("más de margen") || t.contains("more margin"))
            .collect();
        assert!(margin.len() >= 2, "{margin:?}");
        for t in margin {
            assert!(numbers_in(t).contains(&euros), "{t} should quote {euros}");
        }
    }
}

#[test]
fn a_step_about_costs_shows_the_costs() {
    // The replies lesson's third "why" quoted average policy costs beside the rotation
    // matrix. Its chart is now those costs by month: their averages are the sentence's.
    use fideliza::app::board::{ChartData, ChartKind};
    let l = lessons::lesson("replies").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let step = l
        .explained
        .iter()
        .find(|e| e.series == Some(sim::Series::PolicyCosts))
        .expect("a step charts the policy costs");
    assert_eq!(step.chart, ChartKind::Explore);
    let Some(ChartData::Band(chart)) = step.data(&c) else {
        panic!("a chart of lines by month")
    };
    let h = c.scenarios[0].months as usize;
    let averages: Vec<f64> = chart
        .lines
        .iter()
        .take(2)
        .map(|line| line.band.median[1..=h].iter().sum::<f64>() / h as f64)
        .collect();
    for lang in [Lang::Es, Lang::En] {
        let text = (step.findings[0])(&c, lang).expect("fast replies cost more");
        let quoted = numbers_in(&text);
        for avg in &averages {
            let shown = fideliza::app::examples::euros(*avg, lang);
            assert!(
                text.contains(&shown),
                "{text} should quote the chart's average {shown} ({quoted:?})"
            );
        }
    }
}

/// The channel lesson's "Why 1" speaks of satisfaction points, and its chart reads the
/// same numbers in the same unit: the chart was in % (1.5% beside "2.3 points").
#[test]
fn the_offer_improvement_reads_in_points_on_the_chart_as_in_the_sentence() {
    use fideliza::app::explain::format_number;
    use fideliza::sim::Series;
    let l = lessons::lesson("channel").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let e = l
        .explained
        .iter()
        .find(|e| e.series == Some(Series::OfferImprovement))
        .expect("the step that charts the offer's improvement");
    let data = e.data(&c).expect("the chart builds");
    let names = vec!["A".to_string(), "B".to_string()];
    for lang in [Lang::En, Lang::Es] {
        let view = e.view(&c, &data, lang, &names);
        let rows = data.rows_at(&view, 36);
        let text = (e.findings[0])(&c, lang).expect("the finding holds");
        for row in &rows {
            let shown = view.format.value(row.value, row.quantity);
            assert!(!shown.contains('%'), "{shown}: a share, not points");
            let number = format_number(row.value * 100.0, 1, lang);
            assert_eq!(
                shown, number,
                "the read-out writes points as the sentence does"
            );
            assert!(text.contains(&number), "{text} lacks {number}");
        }
    }
}

/// The forcing lesson's departures step quoted satisfaction and revenue, which its chart
/// does not show. Now each step's sentences quote only what its chart reads: the
/// migration's leavers on the departures chart, the satisfaction before and at the
/// migration on the satisfaction chart (read-outs at months 11 and 12).
#[test]
fn the_forcing_steps_quote_their_own_charts() {
    use fideliza::app::board::ChartKind;
    use fideliza::app::explain::format_number;
    use fideliza::sim::Series;
    let l = lessons::lesson("forcing").unwrap();
    let c = run(&scenarios(l), Workbench::new(Lang::En).seed);
    let names = vec!["A".to_string(), "B".to_string()];
    for lang in [Lang::En, Lang::Es] {
        let churn = l
            .explained
            .iter()
            .find(|e| e.chart == ChartKind::Churn)
            .expect("a departures step");
        let data = churn.data(&c).expect("the chart builds");
        let view = churn.view(&c, &data, lang, &names);
        let rows = data.rows_at(&view, 12);
        for finding in churn.findings {
            let text = finding(&c, lang).expect("the finding holds");
            let quoted = numbers_in(&text);
            assert!(!quoted.is_empty(), "{text}");
            for n in quoted.iter().filter(|n| n.as_str() != "12") {
                let on_chart = rows
                    .iter()
                    .any(|r| &format_number(r.value.round(), 0, lang) == n);
                assert!(on_chart, "{n} of '{text}' is not read off the chart at 12");
            }
            assert!(!text.contains("€") && !text.contains("satisf"), "{text}");
        }
        let sat = l
            .explained
            .iter()
            .find(|e| e.series == Some(Series::MeanSatisfaction))
            .expect("a satisfaction step");
        let data = sat.data(&c).expect("the chart builds");
        let view = sat.view(&c, &data, lang, &names);
        let shown: Vec<String> = [11, 12]
            .iter()
            .flat_map(|&m| data.rows_at(&view, m))
            .map(|r| format_number((r.value * 100.0).round(), 0, lang))
            .collect();
        let fall = (sat.findings[0])(&c, lang).expect("the fall holds");
        let quoted: Vec<String> = numbers_in(&fall)
            .into_iter()
            .filter(|n| n.as_str() != "12")
            .collect();
        assert_eq!(quoted.len(), 3, "{fall}");
        for n in &quoted {
            assert!(
                shown.contains(n),
                "{n} of '{fall}' is not on the chart: {shown:?}"
            );
        }
    }
}

#[test]
fn the_new_service_line_is_drawn_only_where_the_lesson_is_about_it() {
    let seed = Workbench::new(Lang::En).seed;
    for (id, drawn) in [("lock-in", false), ("forcing", true)] {
        let l = lessons::lesson(id).unwrap();
        let c = run(&scenarios(l), seed);
        let i = l
            .explained
            .iter()
            .position(|e| e.chart == ChartKind::States)
            .expect("a chart of customers by state");
        let Some(ChartData::Stacks(panels)) = l.chart_data(i, &c) else {
            panic!("{id}: stacks expected");
        };
        // The run has adopters in both lessons (the market's service is there): the
        // line is left out where no step speaks of it.
        let Some(ChartData::Stacks(raw)) = l.explained[i].data(&c) else {
            panic!("{id}: stacks expected");
        };
        assert!(raw.iter().all(|p| p.overlay.is_some()), "{id}");
        assert!(panels.iter().all(|p| p.overlay.is_some() == drawn), "{id}");
    }
}

/// The settings a lesson's situation states (not results: inputs) are its example's.
#[test]
fn each_situation_states_its_examples_settings() {
    let lesson = |id: &str| {
        let l = lessons::lesson(id).expect("lesson");
        (l.situation(Lang::En), l.situation(Lang::Es), scenarios(l))
    };
    let (en, es, s) = lesson("lock-in");
    assert!(en.contains("24-month contract and a 10% discount, all of them at once"));
    assert!(es.contains("24 meses y un 10\u{a0}% de descuento, a todos a la vez"));
    assert_eq!(
        (s[0].contract.term_months, s[1].contract.term_months),
        (0, 24)
    );
    assert_eq!(s[1].contract.term_discount, 0.1);
    assert!(
        !s[1].contract.staggered_start,
        "every customer's term starts at once"
    );
    let (en, es, s) = lesson("channel");
    assert!(en.contains("keep 20% of the revenue") && es.contains("el 20\u{a0}% de los ingresos"));
    assert_eq!(s[0].channel.distributor_margin_share, 0.2);
    let (en, _, s) = lesson("forcing");
    assert!(en.contains("by force in month 12"));
    assert_eq!(s[1].adoption.forced_month, 12);
    let (en, _, s) = lesson("outage");
    assert!(en.contains("in month 24 a storm"));
    for x in &s {
        assert_eq!(x.communication.outages[0].month, 24);
    }
}
