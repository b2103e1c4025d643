//! The churn calibration panel's state, kept free of web types so that what it says and
//! what it sets can be tested on the host: the table last fitted and its fits (or why
//! not), the period length, and what the last "Use for" did. Errors and results are
//! kept as data and worded only when shown, so they follow a language switch.

use super::cohort_table::{self, CohortTable, TableError};
use super::explain::format_number;
use super::i18n::Lang;
use super::levers::{Value, control_at};
use super::state::Action;
use crate::sim::cohort::SbgFit;

/// A table read and fitted.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub table: CohortTable,
    /// Each column's fit, or why it has none.
    pub fits: Vec<Result<SbgFit, TableError>>,
    pub months_per_period: u32,
}

/// Alpha and beta a fit sets in a segment's churn levers.
#[derive(Clone, Debug, PartialEq)]
pub struct ChurnValues {
    pub alpha: f64,
    pub beta: f64,
    /// When the fit was beyond the levers' maximum: the fitted values and the factor
    /// both were divided by to bring them within it.
    pub scaled_from: Option<(f64, f64, f64)>,
}

/// What the last "Use for" click did.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    /// The values were sent to segment `segment`.
    Set {
        column: String,
        segment: usize,
        segment_name: String,
        values: ChurnValues,
    },
    /// The fit cannot be expressed within the levers' range: nothing was sent.
    OutOfRange {
        column: String,
        segment_name: String,
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
    },
}

/// The panel's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Months a row of the table spans (1, 3 or 12).
    pub months_per_period: u32,
    /// The text last fitted, kept so that a change of period length refits it rather
    /// than leaving a fit made for another period length on screen.
    source: Option<String>,
    pub outcome: Option<Result<Fitted, TableError>>,
    pub applied: Option<Applied>,
}

impl Default for Calibration {
    fn default() -> Self {
        Self {
            months_per_period: 1,
            source: None,
            outcome: None,
            applied: None,
        }
    }
}

/// The (min, max) of a segment churn lever, from the lever table itself so that the
/// panel and the editor cannot disagree.
fn lever_bounds(field: &str) -> (f64, f64) {
    control_at(&format!("population.segments[0].{field}"))
        .and_then(|c| c.lever.kind.bounds())
        .unwrap_or((f64::MIN_POSITIVE, f64::MAX))
}

/// Brings a fit's alpha and beta within the churn levers' range. A cohort that loses
/// the same share every period fits with huge alpha and beta (a nearly homogeneous
/// population); dividing both by the same factor keeps the mean churn alpha / (alpha +
/// beta) and a population still nearly homogeneous. Values below the minimum are not
/// scaled up: that would make a very mixed population markedly less mixed.
pub fn churn_values(alpha: f64, beta: f64) -> Result<ChurnValues, (f64, f64)> {
    let (a_lo, a_hi) = lever_bounds("churn_alpha");
    let (b_lo, b_hi) = lever_bounds("churn_beta");
    let (lo, hi) = (a_lo.max(b_lo), a_hi.min(b_hi));
    if !(alpha.is_finite() && beta.is_finite() && alpha > 0.0 && beta > 0.0) {
        return Err((lo, hi));
    }
    let (a, b, scaled_from) = if alpha <= a_hi && beta <= b_hi {
        (alpha, beta, None)
    } else if a_hi / alpha <= b_hi / beta {
        // Alpha is the one at the limit: set it to the maximum exactly (a product
        // could land one rounding step above it and be refused).
        let factor = alpha / a_hi;
        (a_hi, (beta / factor).min(b_hi), Some((alpha, beta, factor)))
    } else {
        let factor = beta / b_hi;
        (
            (alpha / factor).min(a_hi),
            b_hi,
            Some((alpha, beta, factor)),
        )
    };
    if a < a_lo || b < b_lo {
        return Err((lo, hi));
    }
    Ok(ChurnValues {
        alpha: a,
        beta: b,
        scaled_from,
    })
}

/// The reducer action that sets segment `segment`'s churn to `values`, both levers or
/// neither (population levers are shared, so every scenario gets them).
pub fn churn_action(segment: usize, values: &ChurnValues) -> Option<Action> {
    let lever = |field: &str| control_at(&format!("population.segments[{segment}].{field}"));
    Some(Action::SetLevers {
        scenario: 0,
        changes: vec![
            (lever("churn_alpha")?, Value::Number(values.alpha)),
            (lever("churn_beta")?, Value::Number(values.beta)),
        ],
        fitted: Some(segment),
    })
}

impl Calibration {
    /// Reads and fits `source` at the current period length.
    pub fn fit(&mut self, source: &str) {
        self.applied = None;
        self.source = Some(source.to_string());
        let months = self.months_per_period;
        self.outcome = Some(cohort_table::parse(source).and_then(|table| {
            cohort_table::fit_each(&table, months).map(|fits| Fitted {
                table,
                fits,
                months_per_period: months,
            })
        }));
    }

    /// A new period length: the table fitted, if any, is fitted again for it, so the
    /// fit on screen (and what "Use for" sets) always matches the selector.
    pub fn set_months(&mut self, months_per_period: u32) {
        self.months_per_period = months_per_period.max(1);
        self.applied = None;
        if let Some(source) = self.source.clone() {
            self.fit(&source);
        }
    }

    /// "Use for": the churn values of column `column`'s fit for segment `segment`, and
    /// the action to dispatch (none if the fit cannot be set).
    pub fn apply(&mut self, column: usize, segment: usize, segment_name: &str) -> Option<Action> {
        let Some(Ok(fitted)) = &self.outcome else {
            return None;
        };
        let (Some(Ok(fit)), Some(name)) = (fitted.fits.get(column), fitted.table.names.get(column))
        else {
            return None;
        };
        match churn_values(fit.alpha, fit.beta) {
            Ok(values) => {
                let action = churn_action(segment, &values);
                self.applied = Some(Applied::Set {
                    column: name.clone(),
                    segment,
                    segment_name: segment_name.to_string(),
                    values,
                });
                action
            }
            Err((min, max)) => {
                self.applied = Some(Applied::OutOfRange {
                    column: name.clone(),
                    segment_name: segment_name.to_string(),
                    alpha: fit.alpha,
                    beta: fit.beta,
                    min,
                    max,
                });
                None
            }
        }
    }
}

impl Applied {
    /// What happened, in `lang`. `in_effect` is the segment's current (alpha, beta) in
    /// the work, so that success is claimed only while the values are really there.
    pub fn message(&self, lang: Lang, in_effect: Option<(f64, f64)>) -> String {
        let es = lang == Lang::Es;
        let n = |x: f64| format_number(x, 3, lang);
        match self {
            Applied::Set {
                column,
                segment_name,
                values,
                ..
            } => {
                let (a, b) = (n(values.alpha), n(values.beta));
                if in_effect != Some((values.alpha, values.beta)) {
                    return if es {
                        format!(
                            "«{segment_name}» no tiene ahora alfa {a} y beta {b}: el ajuste se deshizo, no se pudo aplicar o se ha cambiado después. «Usar para» lo aplica de nuevo."
                        )
                    } else {
                        format!(
                            "\"{segment_name}\" does not have alpha {a} and beta {b} now: the fit was undone, could not be set, or was changed since. \"Use for\" applies it again."
                        )
                    };
                }
                let done = if es {
                    format!("Abandono ajustado: «{column}» → {segment_name}, alfa {a} y beta {b}.")
                } else {
                    format!("Churn set: \"{column}\" → {segment_name}, alpha {a} and beta {b}.")
                };
                let Some((alpha, beta, factor)) = values.scaled_from else {
                    return done;
                };
                let mean =
                    format_number(100.0 * values.alpha / (values.alpha + values.beta), 3, lang);
                let max = n(values.alpha.max(values.beta));
                let (fa, fb, f) = (n(alpha), n(beta), n(factor));
                if es {
                    format!(
                        "{done} El ajuste daba alfa {fa} y beta {fb}, por encima del máximo de las palancas ({max}): los dos se han dividido por {f}, lo que mantiene el abandono medio ({mean} % al mes) y deja la población casi homogénea, como en tus datos."
                    )
                } else {
                    format!(
                        "{done} The fit gave alpha {fa} and beta {fb}, above the levers' maximum ({max}): both were divided by {f}, which keeps the mean churn ({mean}% a month) and leaves the population nearly homogeneous, as in your data."
                    )
                }
            }
            Applied::OutOfRange {
                column,
                segment_name,
                alpha,
                beta,
                min,
                max,
            } => {
                let (a, b, lo, hi) = (n(*alpha), n(*beta), n(*min), n(*max));
                if es {
                    format!(
                        "No se ha cambiado nada en «{segment_name}»: el ajuste de «{column}» (alfa {a}, beta {b}) no cabe en las palancas del abandono (de {lo} a {hi}), ni dividiendo los dos por igual."
                    )
                } else {
                    format!(
                        "Nothing was changed in \"{segment_name}\": the fit of \"{column}\" (alpha {a}, beta {b}) does not fit the churn levers ({lo} to {hi}), not even dividing both by the same factor."
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{AppState, Notice, Undoable, Workbench};

    /// A cohort of 100,000 losing exactly 2% a month: 24 rows, QA's table.
    fn constant_two_percent() -> String {
        let mut text = String::from("mes;a\n");
        let mut n = 100_000.0f64;
        for month in 0..24 {
            text.push_str(&format!("{month};{n}\n"));
            // Whole customers, each month 2% of the month before.
            n = (n * 0.98).round();
        }
        text
    }

    fn churn(s: &AppState, segment: usize) -> Vec<(f64, f64)> {
        s.wb.scenarios
            .iter()
            .map(|sc| {
                let g = &sc.population.segments[segment];
                (g.churn_alpha, g.churn_beta)
            })
            .collect()
    }

    #[test]
    fn a_fit_beyond_the_levers_is_scaled_into_them_and_what_is_said_is_what_is_set() {
        let mut c = Calibration::default();
        c.fit(&constant_two_percent());
        let Some(Ok(fitted)) = &c.outcome else {
            panic!("{:?}", c.outcome)
        };
        let fit = fitted.fits[0].clone().unwrap();
        // The fit itself is far beyond the levers' maximum of 10,000.
        assert!(fit.beta > 100_000.0, "{fit:?}");
        let state = AppState::new(Workbench::new(Lang::Es));
        // What the panel used to do, send the fit as it is, one lever at a time: alpha
        // (within the range) was set and beta (beyond it) refused, leaving a segment
        // whose churn is neither the old one nor the fit's; the panel claimed success.
        let mut raw = state.clone();
        for (field, value) in [("churn_alpha", fit.alpha), ("churn_beta", fit.beta)] {
            raw = raw.reduce(Action::SetLever {
                scenario: 0,
                control: control_at(&format!("population.segments[0].{field}")).unwrap(),
                value: Value::Number(value),
            });
        }
        assert_ne!(churn(&raw, 0), churn(&state, 0));
        assert_ne!(churn(&raw, 0)[0], (fit.alpha, fit.beta));
        // Both together, out of range: nothing changes at all.
        let unscaled = ChurnValues {
            alpha: fit.alpha,
            beta: fit.beta,
            scaled_from: None,
        };
        let refused = state.reduce(churn_action(0, &unscaled).unwrap());
        assert_eq!(refused.wb.scenarios, state.wb.scenarios);

        let name = state.wb.scenarios[0].population.segments[0].name.clone();
        let after = state.reduce(c.apply(0, 0, &name).unwrap());
        assert!(
            after.revision > state.revision,
            "the new churn asks for a new run"
        );
        let Some(Applied::Set { values, .. }) = c.applied.clone() else {
            panic!("{:?}", c.applied)
        };
        // Exactly the values reported end up in every scenario, within the levers.
        assert!(
            churn(&after, 0)
                .iter()
                .all(|&(a, b)| a == values.alpha && b == values.beta)
        );
        assert_eq!(values.beta, 10_000.0);
        assert!(values.alpha > 0.001 && values.alpha < 10_000.0);
        // The mean churn is kept (about 2% a month).
        let mean = |a: f64, b: f64| a / (a + b);
        assert!((mean(values.alpha, values.beta) / mean(fit.alpha, fit.beta) - 1.0).abs() < 1e-12);
        assert!((mean(values.alpha, values.beta) - 0.02).abs() < 0.001);
        let (fa, fb, factor) = values.scaled_from.unwrap();
        assert_eq!((fa, fb), (fit.alpha, fit.beta));
        assert!((fit.beta / factor - 10_000.0).abs() < 1e-6);
        // The panel says so, with the values set, in each language.
        let in_effect = churn(&after, 0).first().copied();
        let es = c.applied.as_ref().unwrap().message(Lang::Es, in_effect);
        let en = c.applied.as_ref().unwrap().message(Lang::En, in_effect);
        let set_alpha_es = format_number(values.alpha, 3, Lang::Es);
        let set_alpha_en = format_number(values.alpha, 3, Lang::En);
        assert!(
            es.starts_with("Abandono ajustado") && es.contains(&set_alpha_es),
            "{es}"
        );
        assert!(es.contains("beta 10.000") && es.contains("divid"), "{es}");
        assert!(
            en.starts_with("Churn set") && en.contains(&set_alpha_en),
            "{en}"
        );
        assert!(en.contains("beta 10,000") && en.contains("divided"), "{en}");
        // Had the levers refused, it would not claim success.
        let refused = c
            .applied
            .as_ref()
            .unwrap()
            .message(Lang::En, churn(&state, 0).first().copied());
        assert!(!refused.contains("Churn set"), "{refused}");
        assert!(refused.contains("could not be set"), "{refused}");
    }

    /// "Usar para" replaces the churn the user had: it can be undone (the notice's
    /// button or Ctrl+Z), which brings back the levers as they were, in every scenario.
    #[test]
    fn a_fit_applied_can_be_undone() {
        let mut c = Calibration::default();
        c.fit(&constant_two_percent());
        let state = AppState::new(Workbench::new(Lang::Es));
        let name = state.wb.scenarios[0].population.segments[1].name.clone();
        let after = state.reduce(c.apply(0, 1, &name).unwrap());
        assert_ne!(churn(&after, 1), churn(&state, 1));
        assert_eq!(
            after.notice,
            Some(Notice::Undoable(Undoable::Calibrated(name)))
        );
        let undone = after.reduce(Action::Undo);
        assert_eq!(churn(&undone, 1), churn(&state, 1));
        assert_eq!(undone.wb.scenarios, state.wb.scenarios);
        // The panel no longer claims the fit is in effect, and says undoing is one
        // reason and how to set it again.
        let applied = c.applied.as_ref().unwrap();
        let before = applied.message(Lang::Es, churn(&after, 1).first().copied());
        assert!(before.starts_with("Abandono ajustado"), "{before}");
        let said = applied.message(Lang::Es, churn(&undone, 1).first().copied());
        assert!(said.contains("se deshizo"), "{said}");
        assert!(!said.starts_with("Abandono ajustado"), "{said}");
        // A refused fit changes nothing, so there is nothing to undo.
        let unscaled = ChurnValues {
            alpha: 1e9,
            beta: 1e9,
            scaled_from: None,
        };
        let refused = state.reduce(churn_action(1, &unscaled).unwrap());
        assert!(refused.undo.is_none());
    }

    #[test]
    fn a_fit_that_no_scaling_brings_within_the_levers_sets_nothing_and_says_so() {
        // Mean churn below 1 in 10 million: alpha would fall below the minimum.
        assert_eq!(churn_values(0.5, 9_000_000.0), Err((0.001, 10_000.0)));
        assert_eq!(churn_values(0.0005, 2.0), Err((0.001, 10_000.0)));
        let ok = churn_values(0.704, 1.182).unwrap();
        assert_eq!((ok.alpha, ok.beta, ok.scaled_from), (0.704, 1.182, None));
        let out = Applied::OutOfRange {
            column: "a".into(),
            segment_name: "Asentados".into(),
            alpha: 0.5,
            beta: 9e6,
            min: 0.001,
            max: 10_000.0,
        };
        assert!(
            out.message(Lang::Es, None)
                .starts_with("No se ha cambiado nada")
        );
        assert!(
            out.message(Lang::En, None)
                .starts_with("Nothing was changed")
        );
    }

    #[test]
    fn changing_the_period_length_refits_so_no_stale_fit_can_be_applied() {
        let regular =
            "year,Regular\n0,100\n1,63.1\n2,46.8\n3,38.2\n4,32.6\n5,28.9\n6,26.2\n7,24.1\n";
        let mut c = Calibration::default();
        // Nothing fitted yet: the selector only remembers the length.
        c.set_months(3);
        assert_eq!((c.months_per_period, &c.outcome), (3, &None));
        c.set_months(1);
        c.fit(regular);
        let state = AppState::new(Workbench::new(Lang::En));
        c.apply(0, 0, "Settled");
        assert!(c.applied.is_some());
        // The rows were years after all.
        c.set_months(12);
        assert_eq!(c.applied, None, "the message about the old fit goes");
        let mut yearly = Calibration {
            months_per_period: 12,
            ..Calibration::default()
        };
        yearly.fit(regular);
        assert_eq!(c.outcome, yearly.outcome);
        let Some(Ok(fitted)) = &c.outcome else {
            panic!("{:?}", c.outcome)
        };
        assert_eq!(fitted.months_per_period, 12);
        let fit = fitted.fits[0].clone().unwrap();
        // Monthly parameters: beta about 13 rather than the yearly 1.18.
        assert!((fit.beta - 13.0).abs() < 0.3, "{fit:?}");
        let after = state.reduce(c.apply(0, 0, "Settled").unwrap());
        assert_eq!(churn(&after, 0)[0], (fit.alpha, fit.beta));
    }

    #[test]
    fn results_and_errors_are_kept_as_data_and_worded_in_the_language_shown() {
        // Nothing in the panel's state is in a language: the same state words itself
        // in Spanish or English when shown, so a language switch rewords it.
        let mut c = Calibration::default();
        c.fit("year,a\n0,100\n1,sixty\n2,40\n");
        let Some(Err(error)) = &c.outcome else {
            panic!("{:?}", c.outcome)
        };
        assert_eq!(
            error.message(Lang::En),
            "Line 3, column 2: \"sixty\" is not a number."
        );
        assert_eq!(
            error.message(Lang::Es),
            "Línea 3, columna 2: «sixty» no es un número."
        );
        c.fit("year,a\n0,100\n1,63.1\n2,46.8\n3,38.2\n");
        c.apply(0, 0, "Settled");
        let applied = c.applied.clone().unwrap();
        let Applied::Set { values, .. } = &applied else {
            panic!("{applied:?}")
        };
        let now = Some((values.alpha, values.beta));
        assert!(
            applied
                .message(Lang::En, now)
                .starts_with("Churn set: \"a\" → Settled")
        );
        assert!(
            applied
                .message(Lang::Es, now)
                .starts_with("Abandono ajustado: «a» → Settled")
        );
    }
}
