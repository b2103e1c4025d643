//! Lessons: a class of 10-15 minutes per essay, built on the essay's classroom example.
//!
//! A lesson walks the class through six stages: the situation and the essay's question;
//! a prediction the class commits to while no result is visible; the reveal, months
//! playing out with the prediction drawn on the chart; two or three charts that explain
//! the result, each annotated with numbers of this run; the one lever that would turn
//! the result around and where; and a debrief of three questions quoting this run.
//!
//! Every sentence here that states a result is a function of the run (it returns
//! nothing when the statement does not hold), and host tests run each lesson at its
//! settings and assert that all of them hold and that the flip value flips.

use super::board::{ChartData, ChartKind, rotation_title};
use super::examples::{self, Finding, adopted_share, at, es_en, euros, share, total, whole};
use super::explain::format_number;
use super::i18n::Lang;
use crate::charts::{Note, View};
use crate::sim::{Comparison, Series};

/// What the class predicts: which scenario ends with more cumulative margin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Guess {
    A,
    B,
    /// Within 2% of each other.
    Same,
}

impl Guess {
    pub const ALL: [Guess; 3] = [Guess::A, Guess::B, Guess::Same];

    /// Its key in a link.
    pub fn key(self) -> &'static str {
        match self {
            Guess::A => "a",
            Guess::B => "b",
            Guess::Same => "same",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// A stage of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Situation,
    Predict,
    Reveal,
    /// The n-th explaining chart (from 0).
    Explain(usize),
    Flip,
    Debrief,
}

impl Stage {
    /// Whether results may show at this stage (never before the reveal).
    pub fn shows_results(self) -> bool {
        !matches!(self, Stage::Situation | Stage::Predict)
    }
}

/// One explaining chart: which chart, the note pinned on it and the sentences below it.
pub struct Explained {
    pub chart: ChartKind,
    /// The series of the "any series" chart, when that is the chart.
    pub series: Option<Series>,
    /// The annotations drawn on the chart, computed from the run (on a chart of
    /// panels, one per panel when each speaks of its own scenario).
    pub notes: fn(&Comparison, Lang) -> Vec<Note>,
    /// Sentences below the chart (the example's findings).
    pub findings: &'static [Finding],
    /// The months the rotation chart totals, first and last included, when its
    /// sentences speak of a period rather than the whole horizon (`None`: the whole
    /// horizon, as in the workbench). Other charts ignore it.
    pub months: Option<(u32, u32)>,
}

impl Explained {
    /// The chart's data as the lesson shows it, for the run `c`.
    pub fn data(&self, c: &Comparison) -> Option<ChartData> {
        let series = self.series.unwrap_or(Series::ActiveCustomers);
        let horizon = c.scenarios.first().map_or(0, |s| s.months);
        let data = ChartData::build(self.chart, c, (1, 0), horizon, series)?;
        Some(match self.months {
            Some((first, last)) => data.over_months(first, last),
            None => data,
        })
    }

    /// The chart's texts, its note included, in `lang`; `data` is [`Explained::data`].
    pub fn view(&self, c: &Comparison, data: &ChartData, lang: Lang, names: &[String]) -> View {
        let notes = (self.notes)(c, lang);
        let series = self.series.unwrap_or(Series::ActiveCustomers);
        let mut view = self
            .chart
            .view(lang, names, notes.first().map(|n| n.month), None, series);
        if let Some(s) = self.series {
            // The series is fixed here: its name is the whole title.
            view.title = super::explain::series_label(s, lang).to_string();
        }
        if self.chart == ChartKind::Flows {
            // The title says which months the cells total, as the sentences below do.
            let horizon = c.scenarios.first().map_or(0, |s| s.months);
            view.title = rotation_title(data.period(horizon), lang);
        }
        view.notes = notes;
        view
    }
}

/// A lesson: texts in Spanish and English (in that order), its example, its charts.
pub struct Lesson {
    /// Stable id, used in links.
    pub id: &'static str,
    /// The classroom example it runs (a preset id).
    pub example: &'static str,
    pub title: [&'static str; 2],
    /// The situation and the essay's question, in two or three sentences.
    pub situation: [&'static str; 2],
    /// What the class predicts, asked as a question.
    pub question: [&'static str; 2],
    pub explained: &'static [Explained],
    /// Three discussion questions quoting numbers of the run.
    pub debrief: &'static [Finding],
}

fn pick(texts: &[&'static str; 2], lang: Lang) -> &'static str {
    match lang {
        Lang::Es => texts[0],
        Lang::En => texts[1],
    }
}

impl Lesson {
    pub fn title(&self, lang: Lang) -> &'static str {
        pick(&self.title, lang)
    }
    pub fn situation(&self, lang: Lang) -> &'static str {
        pick(&self.situation, lang)
    }
    pub fn question(&self, lang: Lang) -> &'static str {
        pick(&self.question, lang)
    }

    /// Its stages in order.
    pub fn stages(&self) -> Vec<Stage> {
        let mut v = vec![Stage::Situation, Stage::Predict, Stage::Reveal];
        v.extend((0..self.explained.len()).map(Stage::Explain));
        v.push(Stage::Flip);
        v.push(Stage::Debrief);
        v
    }

    /// The essay it comes from, numbered as the app presents them.
    pub fn essay(&self) -> Option<u8> {
        super::explain::essay_number(crate::sim::preset(self.example)?.essay)
    }

    /// The example's flip: the lever that turns the result around.
    pub fn flip(&self) -> Option<examples::Flip> {
        examples::example(self.example)?.flip
    }

    /// The debrief questions that hold for `c`.
    pub fn questions(&self, c: &Comparison, lang: Lang) -> Vec<String> {
        self.debrief.iter().filter_map(|q| q(c, lang)).collect()
    }

    /// Explaining chart `i`'s data as the lesson shows it: the line of customers using
    /// the new service is drawn only in a lesson whose scenarios differ in how the
    /// service is adopted; elsewhere (the lock-in's customers by state) it is the
    /// market's background, which no step speaks of.
    pub fn chart_data(&self, i: usize, c: &Comparison) -> Option<ChartData> {
        let data = self.explained.get(i)?.data(c)?;
        let about_adoption = crate::sim::preset(self.example).is_some_and(|p| {
            p.scenarios
                .windows(2)
                .any(|w| w[0].adoption != w[1].adoption)
        });
        Some(match data {
            ChartData::Stacks(mut panels) if !about_adoption => {
                for p in &mut panels {
                    p.overlay = None;
                }
                ChartData::Stacks(panels)
            }
            data => data,
        })
    }
}

/// Every lesson, in the order of the essays' themes.
pub fn lessons() -> &'static [Lesson] {
    LESSONS
}

pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// The lesson built on example `example`, if any.
pub fn lesson_of_example(example: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.example == example)
}

// ---------------------------------------------------------------------------------
// The result and the class's prediction

/// The paired difference B - A of cumulative margin at the horizon (median over
/// replications) and A's own cumulative margin.
pub fn margin_difference(c: &Comparison) -> Option<(f64, f64)> {
    let d = c.differences.first()?;
    let diff = *d.cumulative(Series::Margin, 0)?.median.last()?;
    let a = *c
        .scenarios
        .first()?
        .cumulative(Series::Margin, 0)?
        .median
        .last()?;
    Some((diff, a))
}

/// Who ends with more cumulative margin: `Same` when the two are within 2%.
pub fn outcome(c: &Comparison) -> Option<Guess> {
    let (diff, a) = margin_difference(c)?;
    Some(if diff.abs() < 0.02 * a.abs().max(1.0) {
        Guess::Same
    } else if diff > 0.0 {
        Guess::B
    } else {
        Guess::A
    })
}

/// The class's prediction in words.
pub fn guess_text(guess: Guess, names: &[String], lang: Lang) -> String {
    let name = |k: usize| names.get(k).cloned().unwrap_or_default();
    match (guess, lang) {
        (Guess::A, Lang::Es) => format!("gana {}", name(0)),
        (Guess::B, Lang::Es) => format!("gana {}", name(1)),
        (Guess::Same, Lang::Es) => "quedan igual (a menos de un 2\u{a0}%)".into(),
        (Guess::A, Lang::En) => format!("{} wins", name(0)),
        (Guess::B, Lang::En) => format!("{} wins", name(1)),
        (Guess::Same, Lang::En) => "they end level (within 2%)".into(),
    }
}

/// The prediction as a note on the reveal chart, at the horizon.
pub fn prediction_note(c: &Comparison, guess: Guess, names: &[String], lang: Lang) -> Note {
    let months = c.scenarios.first().map_or(0, |s| s.months);
    Note {
        month: months,
        text: match lang {
            Lang::Es => format!("Predicción de la clase: {}", guess_text(guess, names, lang)),
            Lang::En => format!("The class predicted: {}", guess_text(guess, names, lang)),
        },
        value: None,
        scenario: None,
        bottom: true,
    }
}

/// The result against the prediction, computed from the run.
pub fn reveal_text(
    c: &Comparison,
    guess: Option<Guess>,
    names: &[String],
    lang: Lang,
) -> Option<String> {
    let (diff, _) = margin_difference(c)?;
    let won = outcome(c)?;
    let months = c.scenarios.first()?.months;
    let name = |k: usize| names.get(k).cloned().unwrap_or_default();
    let result = match won {
        Guess::Same => es_en(
            lang,
            format!(
                "En {months} meses quedan casi igual: {} de margen acumulado a favor de {}.",
                euros(diff.abs(), lang),
                name(if diff >= 0.0 { 1 } else { 0 })
            ),
            format!(
                "Over {months} months they end almost level: {} of cumulative margin in favour of {}.",
                euros(diff.abs(), lang),
                name(if diff >= 0.0 { 1 } else { 0 })
            ),
        ),
        g => {
            let (w, l) = if g == Guess::B { (1, 0) } else { (0, 1) };
            es_en(
                lang,
                format!(
                    "En {months} meses, {} acumula {} más de margen que {}.",
                    name(w),
                    euros(diff.abs(), lang),
                    name(l)
                ),
                format!(
                    "Over {months} months, {} earns {} more cumulative margin than {}.",
                    name(w),
                    euros(diff.abs(), lang),
                    name(l)
                ),
            )
        }
    };
    let verdict = guess.map(|g| match (g == won, lang) {
        (true, Lang::Es) => " La clase acertó.",
        (false, Lang::Es) => " La clase no acertó: veamos por qué.",
        (true, Lang::En) => " The class got it right.",
        (false, Lang::En) => " The class got it wrong: let us see why.",
    });
    Some(format!("{result}{}", verdict.unwrap_or_default()))
}

// ---------------------------------------------------------------------------------
// Notes on the charts, computed from the run

fn note(month: u32, text: String, value: Option<f64>) -> Option<Note> {
    Some(Note {
        month,
        text,
        value,
        scenario: None,
        bottom: false,
    })
}

/// A note about scenario B only (drawn on B's panel).
fn note_on_b(month: u32, text: String) -> Option<Note> {
    Some(Note {
        scenario: Some(1),
        ..note(month, text, None)?
    })
}

fn mes(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "Mes",
        Lang::En => "Month",
    }
}

fn lock_in_captives_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let n = at(c, 1, Series::Captive, 23)?;
    let text = es_en(
        lang,
        format!("Mes 23: {} cautivos en B", whole(n, lang)),
        format!("Month 23: {} captives in B", whole(n, lang)),
    );
    note_on_b(23, text)
}

fn lock_in_cliff_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let n = at(c, 1, Series::ChurnEndOfTerm, 24)?;
    let text = es_en(
        lang,
        format!("Mes 24: se van {} de golpe", whole(n, lang)),
        format!("Month 24: {} leave at once", whole(n, lang)),
    );
    note_on_b(24, text)
}

fn lock_in_reputation_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let (b, a) = (
        at(c, 1, Series::Reputation, 24)?,
        at(c, 0, Series::Reputation, 24)?,
    );
    let text = es_en(
        lang,
        format!(
            "Mes 24: {} con permanencia, {} sin ella",
            format_number(b, 2, lang),
            format_number(a, 2, lang)
        ),
        format!(
            "Month 24: {} locked in, {} free",
            format_number(b, 2, lang),
            format_number(a, 2, lang)
        ),
    );
    note(24, text, Some(b))
}

/// Months of the run (the horizon the lesson's notes and questions quote).
fn horizon_of(c: &Comparison) -> Option<u32> {
    examples::horizon(c).map(|h| h as u32)
}

fn replies_sales_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let h = horizon_of(c)? as usize;
    let (slow, fast) = (
        total(c, 0, Series::SalesWon, 1, h)?,
        total(c, 1, Series::SalesWon, 1, h)?,
    );
    let text = es_en(
        lang,
        format!(
            "En {h} meses: {} ventas frente a {}",
            whole(slow, lang),
            whole(fast, lang)
        ),
        format!(
            "Over {h} months: {} sales against {}",
            whole(slow, lang),
            whole(fast, lang)
        ),
    );
    note(h as u32, text, None)
}

fn active_at_horizon_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let h = horizon_of(c)?;
    let (a, b) = (
        at(c, 0, Series::ActiveCustomers, h as usize)?,
        at(c, 1, Series::ActiveCustomers, h as usize)?,
    );
    let text = format!(
        "{} {h}: A {} · B {}",
        mes(lang),
        whole(a, lang),
        whole(b, lang)
    );
    note(h, text, None)
}

fn no_note(_: &Comparison, _: Lang) -> Vec<Note> {
    Vec::new()
}

fn forced_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let n = at(c, 1, Series::ChurnRefusedForced, 12)?;
    let text = es_en(
        lang,
        format!("Mes 12: migración obligada; se van {}", whole(n, lang)),
        format!("Month 12: forced migration; {} leave", whole(n, lang)),
    );
    note_on_b(12, text)
}

/// Each panel says its own scenario's share using the new service at the horizon (one
/// note across both panels was drawn twice and covered either's data).
fn forced_adoption_notes(c: &Comparison, lang: Lang) -> Vec<Note> {
    let Some(h) = horizon_of(c) else {
        return Vec::new();
    };
    (0..2)
        .filter_map(|k| {
            let used = adopted_share(c, k, h as usize)?;
            let text = es_en(
                lang,
                format!("Mes {h}: lo usa el {}", share(used, lang)),
                format!("Month {h}: {} use it", share(used, lang)),
            );
            Some(Note {
                scenario: Some(k),
                ..note(h, text, None)?
            })
        })
        .collect()
}

fn forced_recovery_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let h = horizon_of(c)? as usize;
    let cross = (13..=h).find(|&t| {
        (t..=h).all(|u| {
            at(c, 1, Series::MeanSatisfaction, u).unwrap_or(0.0)
                > at(c, 0, Series::MeanSatisfaction, u).unwrap_or(1.0)
        })
    })?;
    let text = es_en(
        lang,
        format!("Desde el mes {cross}, B por encima"),
        format!("From month {cross}, B is above"),
    );
    note(
        cross as u32,
        text,
        at(c, 1, Series::MeanSatisfaction, cross),
    )
}

fn channel_gap_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let h = horizon_of(c)? as usize;
    let (t, gap) = (1..=h)
        .filter_map(|t| {
            Some((
                t,
                at(c, 1, Series::OfferImprovement, t)? - at(c, 0, Series::OfferImprovement, t)?,
            ))
        })
        .max_by(|x, y| x.1.total_cmp(&y.1))?;
    let text = es_en(
        lang,
        format!(
            "Mes {t}: la mayor ventaja de B, {} puntos",
            format_number(gap * 100.0, 1, lang)
        ),
        format!(
            "Month {t}: B's widest lead, {} points",
            format_number(gap * 100.0, 1, lang)
        ),
    );
    note(t as u32, text, at(c, 1, Series::OfferImprovement, t))
}

fn storm_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let (a, b) = (
        at(c, 0, Series::MeanSatisfaction, 24)?,
        at(c, 1, Series::MeanSatisfaction, 24)?,
    );
    let text = es_en(
        lang,
        format!(
            "Mes 24, el temporal: {} (A) y {} (B) puntos",
            whole(a * 100.0, lang),
            whole(b * 100.0, lang)
        ),
        format!(
            "Month 24, the storm: {} (A) and {} (B) points",
            whole(a * 100.0, lang),
            whole(b * 100.0, lang)
        ),
    );
    note(24, text, Some(a))
}

fn storm_reputation_note(c: &Comparison, lang: Lang) -> Option<Note> {
    let (a, b) = (
        at(c, 0, Series::Reputation, 30)?,
        at(c, 1, Series::Reputation, 30)?,
    );
    let text = es_en(
        lang,
        format!(
            "Mes 30: {} la que calla, {} la que avisa",
            format_number(a, 2, lang),
            format_number(b, 2, lang)
        ),
        format!(
            "Month 30: {} silent, {} warning",
            format_number(a, 2, lang),
            format_number(b, 2, lang)
        ),
    );
    note(30, text, Some(a))
}

// ---------------------------------------------------------------------------------
// Debrief questions, quoting the run

fn q_lock_in_loyal(c: &Comparison, lang: Lang) -> Option<String> {
    let captives = at(c, 1, Series::Captive, 23)?;
    let cliff = at(c, 1, Series::ChurnEndOfTerm, 24)?;
    (captives > 0.0 && cliff > 0.0).then(|| {
        es_en(
            lang,
            format!(
                "En el mes 23, {} clientes querían irse y no podían; en el mes 24 se fueron {}. ¿Eran clientes fieles? ¿Qué nombre les daríais?",
                whole(captives, lang),
                whole(cliff, lang)
            ),
            format!(
                "In month 23, {} customers wanted to leave and could not; in month 24, {} left. Were they loyal customers? What would you call them?",
                whole(captives, lang),
                whole(cliff, lang)
            ),
        )
    })
}

fn q_lock_in_prospects(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (free, tied) = (
        total(c, 0, Series::Acquisitions, 1, h)?,
        total(c, 1, Series::Acquisitions, 1, h)?,
    );
    (tied < free).then(|| {
        es_en(
            lang,
            format!(
                "La permanencia ganó {} clientes nuevos en {h} meses; la salida libre, {}. ¿Por qué lo que dicen los cautivos llega a quien aún no es cliente?",
                whole(tied, lang),
                whole(free, lang)
            ),
            format!(
                "The lock-in won {} new customers over {h} months; free exit, {}. Why does what captives say reach people who are not customers yet?",
                whole(tied, lang),
                whole(free, lang)
            ),
        )
    })
}

fn q_lock_in_squeeze(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let squeezed = total(c, 1, Series::RenewalDiscounts, 1, h)?;
    let price = at(c, 1, Series::AveragePrice, h)?;
    let free_price = at(c, 0, Series::AveragePrice, h)?;
    (squeezed > 0.0).then(|| {
        es_en(
            lang,
            format!(
                "Al renovar, {} clientes arrancaron una rebaja y el precio medio acabó en {} al mes, frente a {} con salida libre. ¿Quién tiene el poder cuando acaba un contrato?",
                whole(squeezed, lang),
                examples::euros_cents(price, lang),
                examples::euros_cents(free_price, lang)
            ),
            format!(
                "At renewal, {} customers squeezed out a discount and the average price ended at {} a month, against {} with free exit. Who holds the power when a contract ends?",
                whole(squeezed, lang),
                examples::euros_cents(price, lang),
                examples::euros_cents(free_price, lang)
            ),
        )
    })
}

fn q_replies_hour(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let asked = total(c, 0, Series::ProspectEnquiries, 1, h)?;
    let (slow, fast) = (
        total(c, 0, Series::SalesWon, 1, h)?,
        total(c, 1, Series::SalesWon, 1, h)?,
    );
    (fast > slow).then(|| {
        es_en(
            lang,
            format!(
                "De {} consultas, la empresa lenta ganó {} clientes y la rápida {}. ¿Cuánto vale una hora para quien pregunta? ¿Y para la empresa?",
                whole(asked, lang),
                whole(slow, lang),
                whole(fast, lang)
            ),
            format!(
                "Of {} enquiries, the slow firm won {} customers and the fast one {}. What is an hour worth to the person asking? And to the firm?",
                whole(asked, lang),
                whole(slow, lang),
                whole(fast, lang)
            ),
        )
    })
}

fn q_replies_rivals(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (slow, fast) = (
        at(c, 0, Series::ActiveCustomers, h)?,
        at(c, 1, Series::ActiveCustomers, h)?,
    );
    (fast > slow).then(|| {
        es_en(
            lang,
            format!(
                "Al final, la empresa lenta tiene {} clientes y la rápida {}. Con «Explorar en el simulador», buscad el gráfico de rotación: ¿adónde fueron los que faltan?",
                whole(slow, lang),
                whole(fast, lang)
            ),
            format!(
                "In the end the slow firm has {} customers and the fast one {}. With \"Explore in the workbench\", find the rotation chart: where did the missing ones go?",
                whole(slow, lang),
                whole(fast, lang)
            ),
        )
    })
}

fn q_replies_cost(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (slow, fast) = (
        total(c, 0, Series::PolicyCosts, 1, h)? / h as f64,
        total(c, 1, Series::PolicyCosts, 1, h)? / h as f64,
    );
    (fast > slow).then(|| {
        es_en(
            lang,
            format!(
                "Contestar rápido costó {} al mes frente a {}. ¿Qué le diríais a quien solo mira esa línea del presupuesto?",
                euros(fast, lang),
                euros(slow, lang)
            ),
            format!(
                "Replying fast cost {} a month against {}. What would you tell someone who only looks at that line of the budget?",
                euros(fast, lang),
                euros(slow, lang)
            ),
        )
    })
}

fn q_forced_choice(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (a, b) = (adopted_share(c, 0, h)?, adopted_share(c, 1, h)?);
    (b > a).then(|| {
        es_en(
            lang,
            format!(
                "Por elección, el {} usa el servicio al final; por obligación, el {}. ¿Cuál de las dos cifras le enseñaríais al consejo? ¿Cuál es más honesta?",
                share(a, lang),
                share(b, lang)
            ),
            format!(
                "By choice, {} use the service in the end; by obligation, {}. Which figure would you show the board? Which one is more honest?",
                share(a, lang),
                share(b, lang)
            ),
        )
    })
}

fn q_forced_leavers(c: &Comparison, lang: Lang) -> Option<String> {
    let left = at(c, 1, Series::ChurnRefusedForced, 12)?;
    (left > 0.0).then(|| {
        es_en(
            lang,
            format!(
                "En el mes 12, {} clientes se fueron antes que aceptar el cambio. ¿Qué podría haber hecho la empresa para no perderlos?",
                whole(left, lang)
            ),
            format!(
                "In month 12, {} customers left rather than accept the change. What could the firm have done not to lose them?",
                whole(left, lang)
            ),
        )
    })
}

fn q_forced_time(c: &Comparison, lang: Lang) -> Option<String> {
    let (diff, _) = margin_difference(c)?;
    let h = horizon_of(c)?;
    (diff < 0.0).then(|| {
        es_en(
            lang,
            format!(
                "Obligar deja {} menos de margen en {h} meses, aunque el servicio acaba gustando. ¿A cuántos años vista decide una empresa? ¿Y quien la dirige?",
                euros(-diff, lang)
            ),
            format!(
                "Forcing leaves {} less margin over {h} months, though customers end up liking the service. How many years ahead does a firm decide? And its managers?",
                euros(-diff, lang)
            ),
        )
    })
}

fn q_channel_ears(c: &Comparison, lang: Lang) -> Option<String> {
    let (a, b) = (
        at(c, 0, Series::OfferImprovement, 36)?,
        at(c, 1, Series::OfferImprovement, 36)?,
    );
    (b > a).then(|| {
        es_en(
            lang,
            format!(
                "En 36 meses, escuchando directamente, la oferta mejoró {} puntos; a través de distribuidores, {}. ¿Qué se pierde por el camino cuando otro habla con tus clientes?",
                format_number(b * 100.0, 1, lang),
                format_number(a * 100.0, 1, lang)
            ),
            format!(
                "In 36 months, listening directly, the offer improved by {} points; through distributors, by {}. What gets lost on the way when someone else talks to your customers?",
                format_number(b * 100.0, 1, lang),
                format_number(a * 100.0, 1, lang)
            ),
        )
    })
}

fn q_channel_money(c: &Comparison, lang: Lang) -> Option<String> {
    let (diff, _) = margin_difference(c)?;
    let h = horizon_of(c)?;
    (diff > 0.0).then(|| {
        es_en(
            lang,
            format!(
                "La relación directa gana {} más de margen en {h} meses. ¿Por qué tantas empresas venden, aun así, a través de otros?",
                euros(diff, lang)
            ),
            format!(
                "The direct relationship earns {} more margin over {h} months. Why do so many firms still sell through others?",
                euros(diff, lang)
            ),
        )
    })
}

fn q_channel_customers(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (a, b) = (
        at(c, 0, Series::ActiveCustomers, h)?,
        at(c, 1, Series::ActiveCustomers, h)?,
    );
    Some(es_en(
        lang,
        format!(
            "Al final hay {} clientes con distribuidores y {} en directo: casi los mismos. Si no es el número de clientes, ¿qué cambia?",
            whole(a, lang),
            whole(b, lang)
        ),
        format!(
            "In the end there are {} customers with distributors and {} direct: nearly the same. If not the number of customers, what changes?",
            whole(a, lang),
            whole(b, lang)
        ),
    ))
    .filter(|_| (a - b).abs() < 0.1 * a.max(b))
}

fn q_storm_words(c: &Comparison, lang: Lang) -> Option<String> {
    let (silent, warned) = examples::storm_half_year_complaints(c)?;
    (silent > warned).then(|| {
        es_en(
            lang,
            format!(
                "En los seis meses desde el temporal, los clientes de la empresa que calla enviaron {} quejas; los de la que avisa, {}. ¿Qué cambia un aviso a tiempo?",
                whole(silent, lang),
                whole(warned, lang)
            ),
            format!(
                "In the six months from the storm, the silent firm's customers sent {} complaints; the warning firm's, {}. What does a timely warning change?",
                whole(silent, lang),
                whole(warned, lang)
            ),
        )
    })
}

fn q_storm_rotation(c: &Comparison, lang: Lang) -> Option<String> {
    let h = horizon_of(c)? as usize;
    let (a, b) = (
        at(c, 0, Series::ActiveCustomers, h)?,
        at(c, 1, Series::ActiveCustomers, h)?,
    );
    (b > a).then(|| {
        es_en(
            lang,
            format!(
                "Los clientes que se van de una empresa llegan a otra que también falla. Al final, la que avisa tiene {} clientes y la que calla {}. ¿Gana quien no falla, o quien falla mejor?",
                whole(b, lang),
                whole(a, lang)
            ),
            format!(
                "Customers who leave one firm land at another that also fails. In the end the warning firm has {} customers and the silent one {}. Does the firm that never fails win, or the one that fails better?",
                whole(b, lang),
                whole(a, lang)
            ),
        )
    })
}

fn q_storm_money(c: &Comparison, lang: Lang) -> Option<String> {
    let (diff, _) = margin_difference(c)?;
    let h = horizon_of(c)?;
    (diff > 0.0).then(|| {
        es_en(
            lang,
            format!(
                "Avisar a todos cuesta dinero en el momento y, aun así, deja {} más de margen en {h} meses. ¿Por qué tantas empresas esperan a que el cliente llame?",
                euros(diff, lang)
            ),
            format!(
                "Warning everyone costs money at the time, and still leaves {} more margin over {h} months. Why do so many firms wait for the customer to call?",
                euros(diff, lang)
            ),
        )
    })
}

// ---------------------------------------------------------------------------------
// The lessons

static LESSONS: &[Lesson] = &[
    Lesson {
        id: "lock-in",
        example: "lock-in-vs-free-exit",
        title: [
            "Permanencias: ¿atar al cliente compensa?",
            "Lock-in contracts: does tying customers pay?",
        ],
        situation: [
            "Una empresa de telecomunicaciones puede atar a sus clientes con un contrato de 24 meses y un 10\u{a0}% de descuento, a todos a la vez desde hoy (B), o dejarlos irse cuando quieran (A). El ensayo 4 sostiene que un cliente que no puede irse no es un cliente fiel. La pregunta: en cinco años, ¿qué política deja más dinero?",
            "A telecom firm can tie its customers with a 24-month contract and a 10% discount, all of them at once from today (B), or let them leave whenever they like (A). Essay 4 argues that a customer who cannot leave is not a loyal customer. The question: over five years, which policy earns more?",
        ],
        question: [
            "¿Quién acumula más margen en 60 meses?",
            "Who earns more cumulative margin over 60 months?",
        ],
        explained: &[
            Explained {
                chart: ChartKind::States,
                series: None,
                notes: |c, lang| lock_in_captives_note(c, lang).into_iter().collect(),
                findings: &[examples::lock_in_captives],
                months: None,
            },
            Explained {
                chart: ChartKind::Churn,
                series: None,
                notes: |c, lang| lock_in_cliff_note(c, lang).into_iter().collect(),
                findings: &[examples::lock_in_cliff],
                months: None,
            },
            Explained {
                chart: ChartKind::Reputation,
                series: None,
                notes: |c, lang| lock_in_reputation_note(c, lang).into_iter().collect(),
                findings: &[examples::lock_in_reputation, examples::lock_in_acquisitions],
                months: None,
            },
        ],
        debrief: &[q_lock_in_loyal, q_lock_in_prospects, q_lock_in_squeeze],
    },
    Lesson {
        id: "replies",
        example: "slow-vs-immediate-replies",
        title: [
            "Inmediatez: ¿cuánto vale contestar en una hora?",
            "Immediacy: what is replying within the hour worth?",
        ],
        situation: [
            "Dos empresas reciben las mismas consultas de posibles clientes. Una contesta pasadas 24 horas (A); la otra, en menos de una hora (B), lo que cuesta más personal. El ensayo 3 dice que quien pregunta y espera compra a quien le contesta antes.",
            "Two firms get the same enquiries from would-be customers. One answers after 24 hours (A); the other within the hour (B), which takes more staff. Essay 3 says that whoever asks and waits buys from whoever answers first.",
        ],
        question: [
            "¿Quién acumula más margen en 60 meses, pese al coste de contestar rápido?",
            "Who earns more cumulative margin over 60 months, despite the cost of fast replies?",
        ],
        explained: &[
            Explained {
                chart: ChartKind::Explore,
                series: Some(Series::SalesWon),
                notes: |c, lang| replies_sales_note(c, lang).into_iter().collect(),
                findings: &[examples::replies_sales],
                months: None,
            },
            Explained {
                chart: ChartKind::Active,
                series: None,
                notes: |c, lang| active_at_horizon_note(c, lang).into_iter().collect(),
                findings: &[examples::replies_customers],
                months: None,
            },
            // The policy's monthly costs beside the sentence that averages them (this
            // step once showed the rotation matrix, which has no costs to check).
            Explained {
                chart: ChartKind::Explore,
                series: Some(Series::PolicyCosts),
                notes: no_note,
                findings: &[examples::replies_costs],
                months: None,
            },
        ],
        debrief: &[q_replies_hour, q_replies_rivals, q_replies_cost],
    },
    Lesson {
        id: "forcing",
        example: "opt-in-vs-forced-service",
        title: [
            "Obligar o dejar elegir un servicio nuevo",
            "Forcing a new service, or letting customers choose",
        ],
        situation: [
            "Una empresa lanza un servicio nuevo que, de verdad, es mejor. Puede ofrecerlo y dejar que cada cliente lo adopte cuando quiera (A), o migrar a todos a la fuerza en el mes 12 (B). El ensayo 1 advierte de que obligar crea antipatía, aunque el servicio sea bueno.",
            "A firm launches a new service that really is better. It can offer it and let each customer adopt it when they wish (A), or migrate everyone by force in month 12 (B). Essay 1 warns that forcing breeds antipathy, even when the service is good.",
        ],
        question: [
            "¿Quién acumula más margen en 60 meses?",
            "Who earns more cumulative margin over 60 months?",
        ],
        explained: &[
            Explained {
                chart: ChartKind::States,
                series: None,
                notes: forced_adoption_notes,
                findings: &[examples::forced_adoption],
                months: None,
            },
            // Each step's sentences are about its own chart: the departures, then the
            // satisfaction (the example's sentence mixes the two, and its revenue is on
            // no chart of the lesson).
            Explained {
                chart: ChartKind::Churn,
                series: None,
                notes: |c, lang| forced_note(c, lang).into_iter().collect(),
                findings: &[examples::forced_refusals],
                months: None,
            },
            Explained {
                chart: ChartKind::Explore,
                series: Some(Series::MeanSatisfaction),
                notes: |c, lang| forced_recovery_note(c, lang).into_iter().collect(),
                findings: &[examples::forced_fall, examples::forced_recovery],
                months: None,
            },
        ],
        debrief: &[q_forced_choice, q_forced_leavers, q_forced_time],
    },
    Lesson {
        id: "channel",
        example: "distributors-vs-direct",
        title: [
            "Cerca del cliente o a través de distribuidores",
            "Close to the customer, or through distributors",
        ],
        situation: [
            "Una empresa puede vender a través de distribuidores, que captan clientes por ella pero se quedan el 20\u{a0}% de los ingresos y le cuentan tarde y poco lo que oyen (A), o tratar directamente con sus clientes (B). El ensayo 2 defiende estar cerca de quien usa el producto para aprender de él.",
            "A firm can sell through distributors, who win customers for it but keep 20% of the revenue and pass on late and little of what they hear (A), or deal with its customers directly (B). Essay 2 argues for being close to those who use the product, to learn from them.",
        ],
        question: [
            "¿Quién acumula más margen en 120 meses?",
            "Who earns more cumulative margin over 120 months?",
        ],
        explained: &[
            Explained {
                chart: ChartKind::Explore,
                series: Some(Series::OfferImprovement),
                notes: |c, lang| channel_gap_note(c, lang).into_iter().collect(),
                findings: &[examples::channel_learning, examples::channel_gap],
                months: None,
            },
            Explained {
                chart: ChartKind::Money,
                series: None,
                notes: no_note,
                findings: &[examples::channel_margin],
                months: None,
            },
        ],
        debrief: &[q_channel_ears, q_channel_customers, q_channel_money],
    },
    Lesson {
        id: "outage",
        example: "reactive-vs-proactive",
        title: [
            "Cuando el servicio falla: avisar o esperar a que llamen",
            "When the service fails: warn first, or wait for calls",
        ],
        situation: [
            "El servicio falla de vez en cuando, y en el mes 24 un temporal deja sin él a muchos clientes. Una empresa espera a que llamen (A); la otra avisa antes en cada incidencia, el temporal incluido, explica y se disculpa (B), lo que cuesta dinero. El ensayo 5 recuerda que hoy los clientes enfadados hablan, y mucho.",
            "The service fails now and then, and in month 24 a storm cuts it for many customers. One firm waits for them to call (A); the other warns first at every incident, the storm included, explains and apologises (B), which costs money. Essay 5 reminds us that angry customers talk today, and a lot.",
        ],
        question: [
            "¿Quién acumula más margen en 60 meses?",
            "Who earns more cumulative margin over 60 months?",
        ],
        explained: &[
            Explained {
                chart: ChartKind::Explore,
                series: Some(Series::MeanSatisfaction),
                notes: |c, lang| storm_note(c, lang).into_iter().collect(),
                findings: &[examples::storm_satisfaction],
                months: None,
            },
            Explained {
                chart: ChartKind::Reputation,
                series: None,
                notes: |c, lang| storm_reputation_note(c, lang).into_iter().collect(),
                findings: &[examples::storm_complaints, examples::storm_reputation],
                months: None,
            },
            Explained {
                chart: ChartKind::Flows,
                series: None,
                notes: no_note,
                findings: &[examples::storm_rotation],
                // The sentence counts the year from the storm: the cells do too.
                months: Some(examples::STORM_YEAR),
            },
        ],
        debrief: &[q_storm_words, q_storm_rotation, q_storm_money],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_has_its_example_stages_and_texts() {
        for l in lessons() {
            assert!(crate::sim::preset(l.example).is_some(), "{}", l.id);
            assert!(examples::example(l.example).is_some(), "{}", l.id);
            assert!(l.flip().is_some(), "{}: a lesson needs a flip", l.id);
            assert!(l.essay().is_some(), "{}", l.id);
            assert!((2..=3).contains(&l.explained.len()), "{}", l.id);
            assert_eq!(l.debrief.len(), 3, "{}", l.id);
            assert_eq!(l.stages().len(), 5 + l.explained.len());
            for lang in [Lang::Es, Lang::En] {
                assert!(l.title(lang).len() > 10);
                assert!(l.situation(lang).ends_with('.') || l.situation(lang).ends_with('?'));
                assert!(l.question(lang).ends_with('?'));
            }
        }
        let ids: std::collections::HashSet<_> = lessons().iter().map(|l| l.id).collect();
        assert_eq!(ids.len(), 5);
        // The situation introduces the segments the read-outs name, from the first
        // scenario: every scenario of a lesson has the same customers.
        for l in lessons() {
            for lang in [Lang::Es, Lang::En] {
                let scenarios = crate::app::state::example_scenarios(l.example, lang).unwrap();
                let line = crate::app::explain::population_line(&scenarios[0], lang);
                for s in &scenarios {
                    assert_eq!(s.population, scenarios[0].population, "{}", l.id);
                    for seg in &s.population.segments {
                        assert!(line.contains(&seg.name), "{}: {line}", l.id);
                    }
                }
            }
        }
        for g in Guess::ALL {
            assert_eq!(Guess::from_key(g.key()), Some(g));
        }
    }
}
