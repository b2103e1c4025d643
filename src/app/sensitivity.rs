//! Which lever matters, and where does the winner change? Studies of one scenario's
//! levers, run as many variants of it with common random numbers (replication r of
//! every variant uses the same seed), so a lever that does not touch the outcome
//! moves it by exactly zero and the ranking is not noise.
//!
//! - **Tornado**: every lever that matters in the scenario, set to the low and the
//!   high end of its typical range (the range its slider covers; whole-number levers
//!   to half and one and a half times their value; switches off and on), one at a time,
//!   ranked by how far the outcome moves (mean over the replications).
//! - **Two levers**: a grid of two levers' values ([`GRID`] × [`GRID`]), the mean
//!   outcome in each cell.
//! - **Break-even**: one lever of a scenario over its typical range against an
//!   unchanged baseline; scenario − baseline replication by replication, its median and
//!   5-95% band at [`LEVELS`] values, and where they cross zero (linear interpolation
//!   between the two values either side). Either may be any letter: the texts name
//!   them as [`Plan::difference`] says ("A − B" for A's lever against B).
//!
//! A [`Plan`] lists the variants to run; the page runs them in its worker pool
//! ([`super::pool`]), the command line and the tests with [`run_plan`]; both read the
//! answers with [`Plan::read`], for any of the four outcomes without running again.

use crate::sim::search::Outcome;
use crate::sim::{Piece, RunError, Scenario, percentile};

use super::board::number_format;
use super::i18n::{Lang, lower_case};
use super::levers::{Control, Kind, Scope, Value, controls};
use crate::charts::Quantity;

/// Values per lever in the two-lever grid.
pub const GRID: usize = 5;
/// Lever values tried in a break-even.
pub const LEVELS: usize = 9;
/// Levers that set the size of the model rather than a policy or a customer trait:
/// not in a tornado.
const NOT_LEVERS: [&str; 2] = ["customers", "horizon_months"];

/// What to study.
#[derive(Clone, Debug, PartialEq)]
pub enum Study {
    Tornado {
        scenario: usize,
    },
    Heatmap {
        scenario: usize,
        x: Control,
        y: Control,
    },
    BreakEven {
        baseline: usize,
        scenario: usize,
        lever: Control,
    },
}

/// The low and high values of a lever in a tornado.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ends {
    pub control: Control,
    pub low: Value,
    pub high: Value,
}

/// The variants a study runs, and how to read their outcomes back.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub study: Study,
    /// Variant 0 is the scenario as it is (the unchanged baseline in a break-even).
    pub variants: Vec<Scenario>,
    shape: Shape,
}

#[derive(Clone, Debug, PartialEq)]
enum Shape {
    /// Variants 1 + 2i and 2 + 2i: lever i at its low and high end.
    Tornado(Vec<Ends>),
    /// Variant 1 + iy * GRID + ix: x at `xs[ix]`, y at `ys[iy]`.
    Heatmap { xs: Vec<f64>, ys: Vec<f64> },
    /// Variant 1 + i: the scenario (not the baseline) with the lever at `xs[i]`.
    BreakEven { xs: Vec<f64> },
}

/// The two ends a tornado moves a lever to, or `None` if it has no range to move in.
pub fn ends(c: Control, s: &Scenario) -> Option<Ends> {
    if NOT_LEVERS.contains(&c.lever.id) || !c.enabled(s) {
        return None;
    }
    let (low, high) = match c.lever.kind {
        Kind::Number { typical, .. } => {
            let (min, max) = c.range(s)?;
            let (lo, hi) = (typical.0.clamp(min, max), typical.1.clamp(min, max));
            (Value::Number(lo), Value::Number(hi))
        }
        Kind::Integer { .. } => {
            let (min, max) = c.range(s)?;
            let v = c.get(s)?.as_f64()?;
            let lo = (v * 0.5).round().clamp(min, max);
            let hi = (v * 1.5).round().clamp(min, max);
            (Value::Integer(lo as i64), Value::Integer(hi as i64))
        }
        Kind::Toggle => (Value::Toggle(false), Value::Toggle(true)),
        Kind::Choice(_) => return None,
    };
    if low == high {
        return None;
    }
    // Both ends must be values the scenario accepts.
    let mut probe = s.clone();
    c.set(&mut probe, low).ok()?;
    let mut probe = s.clone();
    c.set(&mut probe, high).ok()?;
    Some(Ends {
        control: c,
        low,
        high,
    })
}

/// `count` evenly spaced values over a numeric lever's typical range (its allowed
/// range for whole numbers), as the scenario allows them.
pub fn levels(c: Control, s: &Scenario, count: usize) -> Option<Vec<f64>> {
    let (min, max) = c.range(s)?;
    let (lo, hi) = match c.lever.kind {
        Kind::Number { typical, .. } => (typical.0.clamp(min, max), typical.1.clamp(min, max)),
        Kind::Integer { .. } => {
            let v = c.get(s)?.as_f64()?;
            (
                (v * 0.5).round().clamp(min, max),
                (v * 1.5).round().clamp(min, max),
            )
        }
        _ => return None,
    };
    if hi <= lo || count < 2 {
        return None;
    }
    let mut xs: Vec<f64> = (0..count)
        .map(|i| lo + (hi - lo) * i as f64 / (count - 1) as f64)
        .collect();
    if matches!(c.lever.kind, Kind::Integer { .. }) {
        xs.iter_mut().for_each(|x| *x = x.round());
        xs.dedup();
    }
    Some(xs)
}

/// A numeric lever's value `x` as the lever takes it (whole numbers rounded).
pub fn value_of(c: Control, x: f64) -> Value {
    match c.lever.kind {
        Kind::Integer { .. } => Value::Integer(x.round() as i64),
        _ => Value::Number(x),
    }
}

fn with(s: &Scenario, c: Control, v: Value) -> Option<Scenario> {
    let mut s = s.clone();
    c.set(&mut s, v).ok()?;
    Some(s)
}

/// Why a study cannot be planned (said to the user in [`PlanError::message`]).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    NoScenario,
    NoLevers,
    NotNumeric,
    SameScenario,
}

impl PlanError {
    pub fn message(&self, lang: super::i18n::Lang) -> &'static str {
        use super::i18n::Lang::*;
        match (self, lang) {
            (PlanError::NoScenario, Es) => "Ese escenario no existe.",
            (PlanError::NoScenario, En) => "That scenario does not exist.",
            (PlanError::NoLevers, Es) => "Este escenario no tiene palancas que mover.",
            (PlanError::NoLevers, En) => "This scenario has no levers to move.",
            (PlanError::NotNumeric, Es) => {
                "Elige una palanca numérica que importe en este escenario."
            }
            (PlanError::NotNumeric, En) => "Choose a numeric lever that matters in this scenario.",
            (PlanError::SameScenario, Es) => {
                "Elige dos escenarios distintos: uno no se compara consigo mismo."
            }
            (PlanError::SameScenario, En) => {
                "Choose two different scenarios: one is not compared with itself."
            }
        }
    }
}

/// The variants `study` runs over `scenarios`.
pub fn plan(study: &Study, scenarios: &[Scenario]) -> Result<Plan, PlanError> {
    let get = |k: usize| scenarios.get(k).ok_or(PlanError::NoScenario);
    let (variants, shape) = match *study {
        Study::Tornado { scenario } => {
            let s = get(scenario)?;
            let all: Vec<Ends> = controls(s).into_iter().filter_map(|c| ends(c, s)).collect();
            if all.is_empty() {
                return Err(PlanError::NoLevers);
            }
            let mut variants = vec![s.clone()];
            for e in &all {
                variants.extend(with(s, e.control, e.low));
                variants.extend(with(s, e.control, e.high));
            }
            (variants, Shape::Tornado(all))
        }
        Study::Heatmap { scenario, x, y } => {
            let s = get(scenario)?;
            let xs = levels(x, s, GRID).ok_or(PlanError::NotNumeric)?;
            let ys = levels(y, s, GRID).ok_or(PlanError::NotNumeric)?;
            let mut variants = vec![s.clone()];
            for &yv in &ys {
                for &xv in &xs {
                    let v = with(s, y, value_of(y, yv))
                        .and_then(|t| with(&t, x, value_of(x, xv)))
                        .ok_or(PlanError::NotNumeric)?;
                    variants.push(v);
                }
            }
            (variants, Shape::Heatmap { xs, ys })
        }
        Study::BreakEven {
            baseline,
            scenario,
            lever,
        } => {
            if baseline == scenario {
                return Err(PlanError::SameScenario);
            }
            let a = get(baseline)?;
            let b = get(scenario)?;
            let xs = levels(lever, b, LEVELS).ok_or(PlanError::NotNumeric)?;
            let mut variants = vec![a.clone()];
            for &x in &xs {
                variants.push(with(b, lever, value_of(lever, x)).ok_or(PlanError::NotNumeric)?);
            }
            (variants, Shape::BreakEven { xs })
        }
    };
    Ok(Plan {
        study: study.clone(),
        variants,
        shape,
    })
}

/// One lever's bar in a tornado: the outcome with the lever at each end.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    pub ends: Ends,
    pub at_low: f64,
    pub at_high: f64,
}

impl Swing {
    /// How far the outcome moves between the two ends.
    pub fn width(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// A tornado: the outcome as the scenario is, and every lever's swing, widest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    pub base: f64,
    pub swings: Vec<Swing>,
    /// Replications per variant (the summary says the base is their mean, which the
    /// charts' median over their own replications need not equal).
    pub replications: usize,
}

/// The mean outcome in each cell of a two-lever grid: `values[iy][ix]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    pub x: Control,
    pub y: Control,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub values: Vec<Vec<f64>>,
    /// The outcome as the scenario is.
    pub base: f64,
}

/// Scenario − baseline along a lever of the scenario (see [`Plan::difference`]):
/// median and 5-95% band over the replications.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEven {
    pub lever: Control,
    pub xs: Vec<f64>,
    pub median: Vec<f64>,
    pub p05: Vec<f64>,
    pub p95: Vec<f64>,
    /// Where the median crosses zero (the first crossing), if it does in the range.
    pub crossing: Option<f64>,
    /// Where the 5th and the 95th percentiles cross zero, if they do: the band of the
    /// break-even.
    pub band: (Option<f64>, Option<f64>),
    pub replications: usize,
}

/// What a study found.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    Tornado(Tornado),
    Heatmap(Heatmap),
    BreakEven(BreakEven),
}

/// Scenario `k`'s letter, as the scenario pickers show it.
fn scenario_letter(k: usize) -> char {
    super::state::LETTERS
        .get(k)
        .copied()
        .unwrap_or_else(|| char::from(b'A' + (k % 26) as u8))
}

/// The first value at which `ys` (at `xs`) crosses zero, by linear interpolation.
pub fn first_crossing(xs: &[f64], ys: &[f64]) -> Option<f64> {
    for i in 0..xs.len().min(ys.len()) {
        if ys[i] == 0.0 {
            return Some(xs[i]);
        }
        if i + 1 < xs.len().min(ys.len())
            && ys[i].signum() != ys[i + 1].signum()
            && ys[i + 1] != 0.0
        {
            return Some(xs[i] + (xs[i + 1] - xs[i]) * ys[i] / (ys[i] - ys[i + 1]));
        }
    }
    None
}

fn mean(values: &[[f64; 4]], o: usize) -> f64 {
    values.iter().map(|v| v[o]).sum::<f64>() / values.len().max(1) as f64
}

impl Plan {
    /// The scenario the study is about and its index: in a break-even the one whose
    /// variants carry the lever (not the baseline), else the scenario studied.
    pub fn studied(&self) -> (usize, &Scenario) {
        match self.study {
            Study::BreakEven { scenario, .. } => (scenario, &self.variants[1]),
            Study::Tornado { scenario } | Study::Heatmap { scenario, .. } => {
                (scenario, &self.variants[0])
            }
        }
    }

    /// A break-even's difference as its letters, the scenario whose lever moves first
    /// and the baseline second: what is plotted and said is `.0 − .1` ("A − B" when the
    /// lever is A's and B is the baseline), whichever of the two comes first in the
    /// list. `None` for the other studies.
    pub fn difference(&self) -> Option<(char, char)> {
        match self.study {
            Study::BreakEven {
                baseline, scenario, ..
            } => Some((scenario_letter(scenario), scenario_letter(baseline))),
            _ => None,
        }
    }

    /// The study's finding for `outcome` from `outcomes[variant][replication]`.
    pub fn read(&self, outcomes: &[Vec<[f64; 4]>], outcome: Outcome) -> Reading {
        let o = outcome.index();
        let at = |v: usize| outcomes.get(v).map_or(0.0, |r| mean(r, o));
        match &self.shape {
            Shape::Tornado(all) => {
                let mut swings: Vec<Swing> = all
                    .iter()
                    .enumerate()
                    .map(|(i, e)| Swing {
                        ends: *e,
                        at_low: at(1 + 2 * i),
                        at_high: at(2 + 2 * i),
                    })
                    .collect();
                // Widest first; ties keep the panel order.
                swings.sort_by(|a, b| b.width().total_cmp(&a.width()));
                Reading::Tornado(Tornado {
                    base: at(0),
                    swings,
                    replications: outcomes.first().map_or(0, Vec::len),
                })
            }
            Shape::Heatmap { xs, ys } => {
                let Study::Heatmap { x, y, .. } = self.study else {
                    unreachable!("a heatmap plan comes from a heatmap study")
                };
                Reading::Heatmap(Heatmap {
                    x,
                    y,
                    values: (0..ys.len())
                        .map(|iy| (0..xs.len()).map(|ix| at(1 + iy * xs.len() + ix)).collect())
                        .collect(),
                    xs: xs.clone(),
                    ys: ys.clone(),
                    base: at(0),
                })
            }
            Shape::BreakEven { xs } => {
                let Study::BreakEven { lever, .. } = self.study else {
                    unreachable!("a break-even plan comes from a break-even study")
                };
                let a = outcomes.first().map(Vec::as_slice).unwrap_or_default();
                let (mut median, mut p05, mut p95) = (vec![], vec![], vec![]);
                for i in 0..xs.len() {
                    let b = outcomes.get(1 + i).map(Vec::as_slice).unwrap_or_default();
                    let mut d: Vec<f64> = b.iter().zip(a).map(|(b, a)| b[o] - a[o]).collect();
                    d.sort_by(f64::total_cmp);
                    median.push(percentile(&d, 0.5));
                    p05.push(percentile(&d, 0.05));
                    p95.push(percentile(&d, 0.95));
                }
                Reading::BreakEven(BreakEven {
                    lever,
                    crossing: first_crossing(xs, &median),
                    band: (first_crossing(xs, &p05), first_crossing(xs, &p95)),
                    xs: xs.clone(),
                    median,
                    p05,
                    p95,
                    replications: a.len(),
                })
            }
        }
    }
}

/// The outcome's name as the panel and its charts say it.
pub fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match (o, lang) {
        (Outcome::CumulativeMargin, Lang::Es) => "Margen acumulado al final del horizonte",
        (Outcome::CumulativeMargin, Lang::En) => "Cumulative margin at the horizon",
        (Outcome::ActiveCustomers, Lang::Es) => "Clientes al final del horizonte",
        (Outcome::ActiveCustomers, Lang::En) => "Customers at the horizon",
        (Outcome::MarketShare, Lang::Es) => "Cuota de mercado al final del horizonte",
        (Outcome::MarketShare, Lang::En) => "Market share at the horizon",
        (Outcome::NewCustomerValue, Lang::Es) => "Valor de vida de un cliente nuevo",
        (Outcome::NewCustomerValue, Lang::En) => "Lifetime value of a new customer",
    }
}

/// How a sentence refers to an outcome. Spanish articles, prepositions and pronouns
/// agree with the noun ("de la cuota", "de los clientes", "del margen"; "la mueve",
/// "los mueve"), so each outcome carries its own rather than one pattern for all.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutcomeWords {
    /// With its definite article: "la cuota de mercado al final del horizonte".
    pub the: &'static str,
    /// After "of": "de la cuota de mercado…", "del margen acumulado…".
    pub of_the: &'static str,
    /// The object pronoun standing for it: "la" in "la palanca que más la mueve".
    pub it: &'static str,
}

/// The words for `o` in `lang`.
pub fn outcome_words(o: Outcome, lang: Lang) -> OutcomeWords {
    let w = |the, of_the, it| OutcomeWords { the, of_the, it };
    match (o, lang) {
        (Outcome::CumulativeMargin, Lang::Es) => w(
            "el margen acumulado al final del horizonte",
            "del margen acumulado al final del horizonte",
            "lo",
        ),
        (Outcome::CumulativeMargin, Lang::En) => w(
            "the cumulative margin at the horizon",
            "of the cumulative margin at the horizon",
            "it",
        ),
        (Outcome::ActiveCustomers, Lang::Es) => w(
            "los clientes al final del horizonte",
            "de los clientes al final del horizonte",
            "los",
        ),
        (Outcome::ActiveCustomers, Lang::En) => w(
            "the customers at the horizon",
            "of the customers at the horizon",
            "them",
        ),
        (Outcome::MarketShare, Lang::Es) => w(
            "la cuota de mercado al final del horizonte",
            "de la cuota de mercado al final del horizonte",
            "la",
        ),
        (Outcome::MarketShare, Lang::En) => w(
            "the market share at the horizon",
            "of the market share at the horizon",
            "it",
        ),
        (Outcome::NewCustomerValue, Lang::Es) => w(
            "el valor de vida de un cliente nuevo",
            "del valor de vida de un cliente nuevo",
            "lo",
        ),
        (Outcome::NewCustomerValue, Lang::En) => w(
            "the lifetime value of a new customer",
            "of the lifetime value of a new customer",
            "it",
        ),
    }
}

/// How the outcome's numbers read.
pub fn outcome_quantity(o: Outcome) -> Quantity {
    match o {
        Outcome::CumulativeMargin | Outcome::NewCustomerValue => Quantity::Money,
        Outcome::ActiveCustomers => Quantity::Customers,
        Outcome::MarketShare => Quantity::Share,
    }
}

/// A lever as a reader knows it: "Precio (Mercado)", "Alfa de abandono · Leales".
pub fn control_name(c: Control, s: &Scenario, lang: Lang) -> String {
    let item = match c.lever.scope {
        Scope::Outage => Some(c.lever.scope.item_name(c.index, lang)),
        _ => c.item_named(s).map(str::to_string),
    };
    match item {
        Some(item) => format!("{} · {item}", c.lever.label(lang)),
        None => c.lever.label(lang).to_string(),
    }
}

/// A value of a lever as it reads ("5 %", "24 meses", "Sí").
pub fn value_text(c: Control, v: Value, lang: Lang) -> String {
    match v {
        Value::Number(x) => c.lever.display(x, lang),
        Value::Integer(n) => c.lever.display(n as f64, lang),
        Value::Toggle(true) => if lang == Lang::Es { "Sí" } else { "On" }.into(),
        Value::Toggle(false) => if lang == Lang::Es { "No" } else { "Off" }.into(),
        Value::Choice(id) => id.into(),
    }
}

/// The levers a two-lever map or a break-even can move in `s`: numeric, mattering,
/// with a range to move in.
pub fn numeric_controls(s: &Scenario) -> Vec<Control> {
    controls(s)
        .into_iter()
        .filter(|c| !NOT_LEVERS.contains(&c.lever.id) && c.enabled(s))
        .filter(|c| levels(*c, s, 2).is_some())
        .collect()
}

/// The texts of a break-even chart, naming the difference by its real letters.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakEvenTexts {
    pub title: String,
    pub x_axis: String,
    /// "A − B: what"; the chart may keep only the part before the colon when its axis
    /// is too short for the whole (the title names the outcome too).
    pub y_axis: String,
    /// The median with its band, (unused), the break-even: as the chart's legend reads.
    pub legend: Vec<String>,
    /// The label at the crossing, if the median crosses zero.
    pub crossing: Option<String>,
}

/// "A − B": the difference a break-even plots, by its letters.
fn minus(plan: &Plan) -> String {
    let (s, b) = plan.difference().unwrap_or(('B', 'A'));
    format!("{s} − {b}")
}

/// The title, axes, legend and crossing label of a break-even chart.
pub fn break_even_texts(
    be: &BreakEven,
    plan: &Plan,
    outcome: Outcome,
    lang: Lang,
) -> BreakEvenTexts {
    let es = lang == Lang::Es;
    let (_, s) = plan.studied();
    let d = minus(plan);
    let what = lower_case(outcome_label(outcome, lang));
    let name = control_name(be.lever, s, lang);
    let x = |v: f64| value_text(be.lever, value_of(be.lever, v), lang);
    BreakEvenTexts {
        title: if es {
            format!("{d} según «{name}» ({what})")
        } else {
            format!("{d} along \"{name}\" ({what})")
        },
        x_axis: name.clone(),
        y_axis: format!("{d}: {what}"),
        legend: vec![
            if es {
                format!("Mediana de {d} y banda del 5-95\u{a0}%")
            } else {
                format!("Median {d} and 5-95% band")
            },
            String::new(),
            if es {
                "Punto de equilibrio"
            } else {
                "Break-even"
            }
            .into(),
        ],
        crossing: be.crossing.map(|c| {
            if es {
                format!("Equilibrio: {}", x(c))
            } else {
                format!("Break-even: {}", x(c))
            }
        }),
    }
}

/// Where scenario `s` stands against baseline `b` when their difference is `v`.
fn standing(v: f64, s: char, b: char, lang: Lang) -> String {
    match (lang, v.total_cmp(&0.0)) {
        (Lang::Es, std::cmp::Ordering::Greater) => format!("{s} va por delante de {b}"),
        (Lang::Es, std::cmp::Ordering::Less) => format!("{s} va por detrás de {b}"),
        (Lang::Es, std::cmp::Ordering::Equal) => format!("{s} va a la par de {b}"),
        (Lang::En, std::cmp::Ordering::Greater) => format!("{s} is ahead of {b}"),
        (Lang::En, std::cmp::Ordering::Less) => format!("{s} is behind {b}"),
        (Lang::En, std::cmp::Ordering::Equal) => format!("{s} is level with {b}"),
    }
}

/// The scenarios a break-even of `scenario` may run against, out of `n`: every other
/// one. The scenario itself is not offered, so the picker cannot show one choice while
/// the study quietly runs another ([`plan`] refuses it too, should it be asked).
pub fn baseline_choices(n: usize, scenario: usize) -> Vec<usize> {
    (0..n).filter(|&k| k != scenario).collect()
}

/// The baseline a break-even of `scenario` runs against when `asked` was picked last:
/// `asked` while it is still a choice, else the first choice (the scenario picker may
/// since have moved onto it, or it may have been deleted); `None` with no other.
pub fn baseline_for(asked: usize, scenario: usize, n: usize) -> Option<usize> {
    let choices = baseline_choices(n, scenario);
    choices
        .iter()
        .copied()
        .find(|&k| k == asked)
        .or(choices.first().copied())
}

/// What a study found, in one or two sentences computed from its numbers.
pub fn summary(reading: &Reading, plan: &Plan, outcome: Outcome, lang: Lang) -> String {
    let f = number_format(lang);
    let q = outcome_quantity(outcome);
    let es = lang == Lang::Es;
    let (index, s) = plan.studied();
    let words = outcome_words(outcome, lang);
    // The scenario as the tabs name it, "A · Free exit".
    let letter = super::state::LETTERS.get(index).copied().unwrap_or('?');
    let scenario = format!("{letter} · {}", s.name);
    match reading {
        Reading::Tornado(t) => {
            let still = t.swings.iter().filter(|w| w.width() == 0.0).count();
            let Some(top) = t.swings.first().filter(|w| w.width() > 0.0) else {
                return if es {
                    format!("Ninguna palanca mueve {} en este escenario.", words.the)
                } else {
                    format!("No lever moves {} in this scenario.", words.the)
                };
            };
            let name = control_name(top.ends.control, s, lang);
            let (lo, hi) = (
                value_text(top.ends.control, top.ends.low, lang),
                value_text(top.ends.control, top.ends.high, lang),
            );
            let (a, b) = (f.value(top.at_low, q), f.value(top.at_high, q));
            let base = f.value(t.base, q);
            let it = words.it;
            if es {
                format!(
                    "{} con «{scenario}» tal como está: {base} (media de sus {} réplicas en este estudio). La palanca que más {it} mueve es «{name}»: {a} con {lo} y {b} con {hi}. {still} de {} palancas no {it} mueven nada.",
                    outcome_label(outcome, lang),
                    t.replications,
                    t.swings.len()
                )
            } else {
                format!(
                    "{} with \"{scenario}\" as it is: {base} (the mean of its {} replications in this study). The lever that moves {it} most is \"{name}\": {a} at {lo} and {b} at {hi}. {still} of {} levers do not move {it} at all.",
                    outcome_label(outcome, lang),
                    t.replications,
                    t.swings.len()
                )
            }
        }
        Reading::Heatmap(h) => {
            let mut best = (0, 0, f64::NEG_INFINITY);
            let mut worst = (0, 0, f64::INFINITY);
            for (iy, row) in h.values.iter().enumerate() {
                for (ix, v) in row.iter().enumerate() {
                    if *v > best.2 {
                        best = (ix, iy, *v);
                    }
                    if *v < worst.2 {
                        worst = (ix, iy, *v);
                    }
                }
            }
            let at = |(ix, iy, v): (usize, usize, f64)| {
                format!(
                    "{} ({} {}, {} {})",
                    f.value(v, q),
                    control_name(h.x, s, lang),
                    value_text(h.x, value_of(h.x, h.xs[ix]), lang),
                    control_name(h.y, s, lang),
                    value_text(h.y, value_of(h.y, h.ys[iy]), lang),
                )
            };
            if es {
                format!("Máximo: {}. Mínimo: {}.", at(best), at(worst))
            } else {
                format!("Highest: {}. Lowest: {}.", at(best), at(worst))
            }
        }
        Reading::BreakEven(be) => {
            let (sl, bl) = plan.difference().unwrap_or(('B', 'A'));
            let d = minus(plan);
            let of_the = words.of_the;
            let name = control_name(be.lever, s, lang);
            let x = |v: f64| value_text(be.lever, value_of(be.lever, v), lang);
            let range = (x(be.xs[0]), x(be.xs[be.xs.len() - 1]));
            // Where the scenario stands at each end of the range, from the medians
            // plotted: the sign of what is drawn and of what is said are the same.
            let (first, last) = (
                be.median.first().copied().unwrap_or(0.0),
                be.median.last().copied().unwrap_or(0.0),
            );
            // A difference of exactly zero everywhere (the lever and the two scenarios
            // do not touch this outcome) is no crossing at the first value.
            let level = be.median.iter().all(|m| *m == 0.0);
            match be.crossing.filter(|_| !level) {
                Some(c) => {
                    let band = match be.band {
                        (Some(a), Some(b)) if x(a) == x(b) => {
                            if es {
                                format!(" (la banda del 5-95\u{a0}% también cruza en {})", x(a))
                            } else {
                                format!(" (the 5-95% band crosses there too, at {})", x(a))
                            }
                        }
                        (Some(a), Some(b)) => {
                            let (a, b) = (a.min(b), a.max(b));
                            if es {
                                format!(" (banda del 5-95\u{a0}%: entre {} y {})", x(a), x(b))
                            } else {
                                format!(" (5-95% band: between {} and {})", x(a), x(b))
                            }
                        }
                        _ => {
                            if es {
                                format!(
                                    " (la banda del 5-95\u{a0}% no cruza el cero del todo entre {} y {})",
                                    range.0, range.1
                                )
                            } else {
                                format!(
                                    " (the 5-95% band does not wholly cross zero between {} and {})",
                                    range.0, range.1
                                )
                            }
                        }
                    };
                    let (at_first, at_last) =
                        (standing(first, sl, bl, lang), standing(last, sl, bl, lang));
                    if es {
                        format!(
                            "{d} {of_the} cruza el cero con «{name}» en {}{band}. Con {}, {at_first}; con {}, {at_last}.",
                            x(c),
                            range.0,
                            range.1
                        )
                    } else {
                        format!(
                            "{d} {of_the} crosses zero at \"{name}\" = {}{band}. At {}, {at_first}; at {}, {at_last}.",
                            x(c),
                            range.0,
                            range.1
                        )
                    }
                }
                None => {
                    // No crossing: every median has the sign of the first (or all are
                    // zero: level all along).
                    let side = standing(first, sl, bl, lang);
                    if es {
                        format!(
                            "{side} en todo el recorrido de «{name}» ({} a {}): no hay punto de equilibrio.",
                            range.0, range.1
                        )
                    } else {
                        format!(
                            "{side} over the whole range of \"{name}\" ({} to {}): no break-even.",
                            range.0, range.1
                        )
                    }
                }
            }
        }
    }
}

/// Runs every variant of `plan` `replications` times on this thread (the command line
/// and the tests; the page uses its worker pool): `outcomes[variant][replication]`.
pub fn run_plan(plan: &Plan, seed: u64, replications: u32) -> Result<Vec<Vec<[f64; 4]>>, RunError> {
    plan.variants
        .iter()
        .map(|s| {
            (0..replications.max(1))
                .map(|r| {
                    let mut piece = Piece::new(s, seed, r)?;
                    while piece.step() {}
                    Ok(piece.outcomes())
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::levers::control_at;
    use crate::app::state::LETTERS;
    use crate::sim::search::{difference_at, find_flip};

    fn small() -> Scenario {
        Scenario {
            customers: 2_000,
            horizon_months: 24,
            ..Scenario::default()
        }
    }

    fn control(path: &str) -> Control {
        control_at(path).unwrap_or_else(|| panic!("no lever at {path}"))
    }

    #[test]
    fn a_lever_that_only_moves_money_is_ranked_by_its_known_effect_and_idle_levers_by_zero() {
        // The acquisition cost changes no customer's path, only the money: with common
        // random numbers the margin at its two ends differs by exactly the change in
        // cost times the customers won, and a lever of a policy that is off (the save
        // desk's offer when there is no save desk) moves nothing at all.
        let s = small();
        let p = plan(&Study::Tornado { scenario: 0 }, std::slice::from_ref(&s)).unwrap();
        let outcomes = run_plan(&p, 11, 2).unwrap();
        let Reading::Tornado(t) = p.read(&outcomes, Outcome::CumulativeMargin) else {
            panic!("a tornado")
        };
        let widths: Vec<f64> = t.swings.iter().map(Swing::width).collect();
        assert!(
            widths.windows(2).all(|w| w[0] >= w[1]),
            "ranked: {widths:?}"
        );
        let cac = t
            .swings
            .iter()
            .find(|w| w.ends.control.lever.id == "economics.acquisition_cost")
            .expect("the acquisition cost is in the tornado");
        let (Value::Number(lo), Value::Number(hi)) = (cac.ends.low, cac.ends.high) else {
            panic!("a number")
        };
        // Customers won in each replication (same at both ends: common random numbers).
        let won: f64 = (0..2)
            .map(|r| {
                let mut piece = Piece::new(&s, 11, r).unwrap();
                while piece.step() {}
                let result = piece.finish();
                result
                    .series(crate::sim::Series::Acquisitions, 0)
                    .iter()
                    .sum::<f64>()
            })
            .sum::<f64>()
            / 2.0;
        let expected = (hi - lo) * won;
        assert!(
            ((cac.at_low - cac.at_high) - expected).abs() < 1e-6 * expected.abs().max(1.0),
            "{} vs {expected}",
            cac.at_low - cac.at_high
        );
        // The largest swings are real ones and idle levers sit at exactly zero.
        assert!(widths[0] > 0.0);
        assert!(
            t.swings.iter().any(|w| w.width() == 0.0),
            "some levers do not touch margin"
        );
        for w in t.swings.iter().filter(|w| w.width() == 0.0) {
            assert_eq!(w.at_low, t.base, "{}", w.ends.control.lever.id);
        }
        // The sentence names the widest lever and counts the idle ones.
        let reading = Reading::Tornado(t.clone());
        let text = summary(&reading, &p, Outcome::CumulativeMargin, Lang::En);
        let top = control_name(t.swings[0].ends.control, &s, Lang::En);
        let idle = t.swings.iter().filter(|w| w.width() == 0.0).count();
        assert!(text.contains(&format!("\"{top}\"")), "{text}");
        // And the scenario it is about, as its tab reads ("as the scenario is" did not).
        let (index, studied) = p.studied();
        let tab = format!("{} · {}", crate::app::state::LETTERS[index], studied.name);
        assert!(text.contains(&format!("with \"{tab}\" as it is")), "{text}");
        // Its base is the study's own mean, and says over how many replications (the
        // charts' median over theirs reads differently).
        assert!(
            text.contains("the mean of its 2 replications in this study"),
            "{text}"
        );
        assert!(
            text.contains(&format!("{idle} of {} levers", t.swings.len())),
            "{text}"
        );
        let es = summary(&reading, &p, Outcome::CumulativeMargin, Lang::Es);
        assert!(
            es.contains(&format!("{idle} de {}", t.swings.len())),
            "{es}"
        );
    }

    #[test]
    fn the_break_even_grid_agrees_with_a_direct_search() {
        // B remembers its customers (CRM) and each offer costs x: the offer cost at
        // which the memory stops paying, found on the grid and by bisection.
        let a = small();
        let mut b = a.clone();
        b.replies.memory.enabled = true;
        let lever = control("replies.memory.cost_per_offer");
        let pair = vec![a, b];
        let study = Study::BreakEven {
            baseline: 0,
            scenario: 1,
            lever,
        };
        let p = plan(&study, &pair).unwrap();
        let outcomes = run_plan(&p, 5, 5).unwrap();
        let Reading::BreakEven(be) = p.read(&outcomes, Outcome::CumulativeMargin) else {
            panic!("a break-even")
        };
        // Each grid point is the median paired difference a batch reports.
        let apply = |s: &mut [Scenario], x: f64| s[1].replies.memory.cost_per_offer = x;
        for (x, m) in be.xs.iter().zip(&be.median).step_by(4) {
            let direct = difference_at(&pair, &apply, *x, Outcome::CumulativeMargin, 5, 5).unwrap();
            assert!(
                (direct - m).abs() <= 1e-9 * m.abs().max(1.0),
                "at {x}: {direct} vs {m}"
            );
        }
        let crossing = be
            .crossing
            .expect("dear offers stop paying within the range");
        let flip = find_flip(
            &pair,
            &apply,
            (be.xs[0], be.xs[be.xs.len() - 1]),
            Outcome::CumulativeMargin,
            5,
            5,
            14,
        )
        .unwrap()
        .expect("the search finds it too");
        let spacing = be.xs[1] - be.xs[0];
        assert!(
            (crossing - flip.value).abs() <= spacing,
            "grid {crossing} vs search {}",
            flip.value
        );
        let text = summary(
            &Reading::BreakEven(be.clone()),
            &p,
            Outcome::CumulativeMargin,
            Lang::En,
        );
        assert!(
            text.contains(&value_text(lever, Value::Number(crossing), Lang::En)),
            "{text}"
        );
        // The band brackets the median crossing when both ends cross.
        if let (Some(lo), Some(hi)) = be.band {
            assert!(
                lo.min(hi) <= crossing && crossing <= lo.max(hi),
                "{:?} {crossing}",
                be.band
            );
        }
    }

    #[test]
    fn a_heatmap_cell_is_the_scenario_with_both_levers_set() {
        let s = small();
        let x = control("economics.acquisition_cost");
        let y = control("market.focal_price");
        let p = plan(
            &Study::Heatmap { scenario: 0, x, y },
            std::slice::from_ref(&s),
        )
        .unwrap();
        assert_eq!(p.variants.len(), 1 + GRID * GRID);
        let outcomes = run_plan(&p, 3, 1).unwrap();
        let Reading::Heatmap(h) = p.read(&outcomes, Outcome::CumulativeMargin) else {
            panic!("a heatmap")
        };
        let mut corner = s.clone();
        x.set(&mut corner, Value::Number(h.xs[GRID - 1])).unwrap();
        y.set(&mut corner, value_of(y, h.ys[GRID - 1])).unwrap();
        let mut piece = Piece::new(&corner, 3, 0).unwrap();
        while piece.step() {}
        assert_eq!(h.values[GRID - 1][GRID - 1], piece.outcomes()[0]);
        // Dearer acquisitions, less margin, along every row.
        for row in &h.values {
            assert!(row.windows(2).all(|w| w[1] <= w[0]), "{row:?}");
        }
    }

    #[test]
    fn studies_that_cannot_be_run_say_why() {
        let s = small();
        let scenarios = [s.clone(), s];
        let toggle = controls(&scenarios[0])
            .into_iter()
            .find(|c| c.lever.kind == Kind::Toggle)
            .unwrap();
        assert_eq!(
            plan(
                &Study::BreakEven {
                    baseline: 0,
                    scenario: 0,
                    lever: toggle
                },
                &scenarios
            ),
            Err(PlanError::SameScenario)
        );
        assert_eq!(
            plan(
                &Study::BreakEven {
                    baseline: 0,
                    scenario: 1,
                    lever: toggle
                },
                &scenarios
            ),
            Err(PlanError::NotNumeric)
        );
        assert_eq!(
            plan(&Study::Tornado { scenario: 5 }, &scenarios),
            Err(PlanError::NoScenario)
        );
    }

    /// The paired median of `outcome` for variant `v` minus variant 0, computed here
    /// from single runs rather than through [`Plan::read`].
    fn direct_median(p: &Plan, v: usize, seed: u64, reps: u32, o: Outcome) -> f64 {
        let one = |s: &Scenario, r: u32| {
            let mut piece = Piece::new(s, seed, r).unwrap();
            while piece.step() {}
            piece.outcomes()[o.index()]
        };
        let mut d: Vec<f64> = (0..reps)
            .map(|r| one(&p.variants[v], r) - one(&p.variants[0], r))
            .collect();
        d.sort_by(f64::total_cmp);
        percentile(&d, 0.5)
    }

    #[test]
    fn a_break_even_names_its_real_letters_and_says_the_sign_it_plots() {
        // "Lock-in vs free exit": A is free exit, B the lock-in. The study of A's lever
        // against B plots A − B, and of B's lever against A plots B − A: every text
        // must say which, and the words "ahead" / "behind" must follow the medians.
        let mut pair = crate::app::state::example_scenarios("lock-in-vs-free-exit", Lang::En)
            .expect("the example exists");
        pair.truncate(2);
        for s in &mut pair {
            s.customers = 1_000;
            s.horizon_months = 24;
        }
        let (seed, reps) = (7, 3);
        for (scenario, baseline) in [(0usize, 1usize), (1, 0)] {
            let (sl, bl) = (LETTERS[scenario], LETTERS[baseline]);
            let lever = numeric_controls(&pair[scenario])[0];
            let study = Study::BreakEven {
                baseline,
                scenario,
                lever,
            };
            let p = plan(&study, &pair).unwrap();
            assert_eq!(p.difference(), Some((sl, bl)));
            let outcomes = run_plan(&p, seed, reps).unwrap();
            for outcome in Outcome::ALL {
                let Reading::BreakEven(be) = p.read(&outcomes, outcome) else {
                    panic!("a break-even")
                };
                // What is plotted is the scenario (with its lever) minus the baseline.
                for v in [1, be.xs.len()] {
                    let direct = direct_median(&p, v, seed, reps, outcome);
                    assert!(
                        (direct - be.median[v - 1]).abs() <= 1e-9 * direct.abs().max(1.0),
                        "{sl} − {bl} at {v}: {direct} vs {}",
                        be.median[v - 1]
                    );
                }
                let reading = Reading::BreakEven(be.clone());
                for lang in [Lang::Es, Lang::En] {
                    let right = format!("{sl} − {bl}");
                    let wrong = format!("{bl} − {sl}");
                    let t = break_even_texts(&be, &p, outcome, lang);
                    for text in [&t.title, &t.y_axis, &t.legend[0]] {
                        assert!(
                            text.contains(&right) && !text.contains(&wrong),
                            "{text:?} should name {right}"
                        );
                    }
                    let said = summary(&reading, &p, outcome, lang);
                    assert!(!said.contains(&wrong), "{said}");
                    // Where the scenario stands at each end, as the medians say.
                    let side = |v: f64| match (lang, v.total_cmp(&0.0)) {
                        (Lang::Es, std::cmp::Ordering::Greater) => "va por delante de",
                        (Lang::Es, std::cmp::Ordering::Less) => "va por detrás de",
                        (Lang::Es, _) => "va a la par de",
                        (Lang::En, std::cmp::Ordering::Greater) => "is ahead of",
                        (Lang::En, std::cmp::Ordering::Less) => "is behind",
                        (Lang::En, _) => "is level with",
                    };
                    let first = format!("{sl} {} {bl}", side(be.median[0]));
                    assert!(said.contains(&first), "{said} should say {first}");
                    if be.crossing.is_some() && be.median.iter().any(|m| *m != 0.0) {
                        assert!(said.starts_with(&right), "{said}");
                        let last = format!("{sl} {} {bl}", side(be.median[be.xs.len() - 1]));
                        assert!(
                            said.ends_with(&format!("{last}.")),
                            "{said} should end {last}"
                        );
                    } else {
                        assert!(
                            be.median
                                .iter()
                                .all(|m| m.total_cmp(&0.0) == be.median[0].total_cmp(&0.0)),
                            "{:?}",
                            be.median
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_baseline_is_never_the_scenario_itself() {
        for n in 1..=4 {
            for scenario in 0..n {
                let choices = baseline_choices(n, scenario);
                assert_eq!(choices.len(), n - 1);
                assert!(!choices.contains(&scenario), "{n} {scenario} {choices:?}");
                for asked in 0..n {
                    let base = baseline_for(asked, scenario, n);
                    if n == 1 {
                        assert_eq!(base, None);
                        continue;
                    }
                    let base = base.unwrap();
                    assert_ne!(base, scenario, "{n} scenarios, {scenario} against {asked}");
                    assert!(choices.contains(&base));
                    if asked != scenario {
                        assert_eq!(base, asked, "a valid choice is kept");
                    }
                }
            }
        }
        // The plan refuses it too, and says so in both languages.
        let pair = [small(), small()];
        let lever = control("replies.memory.cost_per_offer");
        let same = Study::BreakEven {
            baseline: 1,
            scenario: 1,
            lever,
        };
        let refused = plan(&same, &pair).unwrap_err();
        assert_eq!(refused, PlanError::SameScenario);
        assert!(refused.message(Lang::Es).contains("distintos"));
        assert!(refused.message(Lang::En).contains("different"));
    }

    #[test]
    fn spanish_sentences_agree_with_every_outcome() {
        // Articles, "de" + article and pronouns agree with each outcome's noun.
        let s = small();
        let mut b = s.clone();
        b.replies.memory.enabled = true;
        let pair = vec![s.clone(), b];
        let lever = control("replies.memory.cost_per_offer");
        let be_plan = plan(
            &Study::BreakEven {
                baseline: 0,
                scenario: 1,
                lever,
            },
            &pair,
        )
        .unwrap();
        let tornado_plan = plan(&Study::Tornado { scenario: 0 }, &pair).unwrap();
        let cac = ends(control("economics.acquisition_cost"), &s).unwrap();
        let xs = vec![1.0, 2.0, 3.0];
        let crossing = Reading::BreakEven(BreakEven {
            lever,
            xs: xs.clone(),
            median: vec![2.0, 0.5, -1.0],
            p05: vec![1.0, -0.5, -2.0],
            p95: vec![3.0, 1.5, 0.5],
            crossing: Some(2.3),
            band: (Some(1.7), None),
            replications: 3,
        });
        let idle = Reading::Tornado(Tornado {
            base: 1.0,
            swings: vec![],
            replications: 4,
        });
        let moving = Reading::Tornado(Tornado {
            base: 1.0,
            swings: vec![Swing {
                ends: cac,
                at_low: 2.0,
                at_high: 0.5,
            }],
            replications: 4,
        });
        for outcome in Outcome::ALL {
            // (with "de", the article alone, the pronoun): written out here per outcome.
            let (of_the, the, it) = match outcome {
                Outcome::CumulativeMargin => ("del margen acumulado", "el margen", "lo"),
                Outcome::ActiveCustomers => ("de los clientes", "los clientes", "los"),
                Outcome::MarketShare => ("de la cuota de mercado", "la cuota", "la"),
                Outcome::NewCustomerValue => ("del valor de vida", "el valor", "lo"),
            };
            let said = [
                summary(&crossing, &be_plan, outcome, Lang::Es),
                summary(&idle, &tornado_plan, outcome, Lang::Es),
                summary(&moving, &tornado_plan, outcome, Lang::Es),
            ];
            assert!(
                said[0].starts_with(&format!("B − A {of_the} ")),
                "{}",
                said[0]
            );
            assert!(
                said[1].starts_with(&format!("Ninguna palanca mueve {the} ")),
                "{}",
                said[1]
            );
            assert!(
                said[2].contains(&format!("que más {it} mueve"))
                    && said[2].contains(&format!("no {it} mueven nada")),
                "{}",
                said[2]
            );
            for text in &said {
                for wrong in [
                    "del cuota",
                    "del clientes",
                    "el cuota",
                    "el clientes",
                    "de el ",
                    "la margen",
                    "la valor",
                ] {
                    assert!(!text.contains(wrong), "{wrong:?} in {text}");
                }
            }
            // English reads the same way through.
            let en = summary(&crossing, &be_plan, outcome, Lang::En);
            assert!(
                en.starts_with(&format!(
                    "B − A {} crosses zero",
                    outcome_words(outcome, Lang::En).of_the
                )),
                "{en}"
            );
        }
    }
}
