//! Cohort tables a strategist brings: read from pasted or uploaded text, checked, and
//! fitted with the shifted-beta-geometric model (`sim::cohort::sbg_fit`).
//!
//! A table has one row per period and one column per cohort or segment: customers still
//! active, or percent of the cohort. An optional first column numbers the periods (0,
//! 1, 2...) and an optional first line names the columns. Fields are separated by tabs,
//! semicolons or commas; with tabs or semicolons a decimal comma is read too (a Spanish
//! spreadsheet's export). A column may end early (a younger cohort), but not have holes.

use super::explain::format_number;
use super::i18n::Lang;
use crate::sim::cohort::{FitError, SbgFit, sbg_fit};

/// A table read from text.
#[derive(Clone, Debug, PartialEq)]
pub struct CohortTable {
    pub names: Vec<String>,
    /// Values by column, period 0 first.
    pub columns: Vec<Vec<f64>>,
    /// Line of the text (1-based) holding period 0.
    pub first_line: usize,
}

/// What is wrong with a table; lines count from 1 as an editor shows them.
#[derive(Clone, Debug, PartialEq)]
pub enum TableError {
    Empty,
    /// A cell that is not a number.
    NotANumber {
        line: usize,
        column: usize,
        text: String,
    },
    /// An empty cell with numbers below it in the same column.
    Hole {
        line: usize,
        column: usize,
    },
    /// The period column does not count 0, 1, 2...
    Periods {
        line: usize,
        found: String,
    },
    /// A column that cannot be fitted (its name and why).
    Fit {
        column: String,
        first_line: usize,
        error: FitError,
    },
}

impl TableError {
    /// What is wrong and where, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            TableError::Empty => if es {
                "La tabla está vacía: pega una fila por periodo y una columna por cohorte."
            } else {
                "The table is empty: paste one row per period and one column per cohort."
            }
            .into(),
            TableError::NotANumber { line, column, text } => {
                if es {
                    format!("Línea {line}, columna {column}: «{text}» no es un número.")
                } else {
                    format!("Line {line}, column {column}: \"{text}\" is not a number.")
                }
            }
            TableError::Hole { line, column } => {
                if es {
                    format!(
                        "Línea {line}, columna {column}: falta el valor y hay valores debajo; una cohorte no puede tener huecos."
                    )
                } else {
                    format!(
                        "Line {line}, column {column}: the value is missing and there are values below it; a cohort cannot have gaps."
                    )
                }
            }
            TableError::Periods { line, found } => {
                if es {
                    format!("Línea {line}: el periodo «{found}» no sigue la cuenta 0, 1, 2…")
                } else {
                    format!("Line {line}: period \"{found}\" does not follow the count 0, 1, 2…")
                }
            }
            TableError::Fit {
                column,
                first_line,
                error,
            } => {
                let line = |row: &usize| first_line + row;
                match error {
                    FitError::TooShort { periods } => {
                        if es {
                            format!(
                                "«{column}»: hacen falta al menos dos periodos después del inicio (hay {periods})."
                            )
                        } else {
                            format!(
                                "\"{column}\": at least two periods after the start are needed ({periods} given)."
                            )
                        }
                    }
                    FitError::NoStart => {
                        if es {
                            format!(
                                "«{column}»: el primer valor (línea {first_line}) debe ser el tamaño de la cohorte, mayor que cero."
                            )
                        } else {
                            format!(
                                "\"{column}\": the first value (line {first_line}) must be the cohort's size, above zero."
                            )
                        }
                    }
                    FitError::Gap { row } => {
                        if es {
                            format!(
                                "«{column}», línea {}: el valor no es un número válido.",
                                line(row)
                            )
                        } else {
                            format!(
                                "\"{column}\", line {}: the value is not a valid number.",
                                line(row)
                            )
                        }
                    }
                    FitError::AboveStart { row } => {
                        if es {
                            format!(
                                "«{column}», línea {}: hay más clientes que al inicio (más del 100 %).",
                                line(row)
                            )
                        } else {
                            format!(
                                "\"{column}\", line {}: more customers than at the start (over 100%).",
                                line(row)
                            )
                        }
                    }
                    FitError::Rising { row } => {
                        if es {
                            format!(
                                "«{column}», línea {}: hay más clientes que el periodo anterior; la supervivencia de una cohorte no puede subir.",
                                line(row)
                            )
                        } else {
                            format!(
                                "\"{column}\", line {}: more customers than the period before; a cohort's survival cannot rise.",
                                line(row)
                            )
                        }
                    }
                    FitError::Degenerate => {
                        if es {
                            format!(
                                "«{column}»: nadie se va (o todos a la vez): el modelo no tiene una estimación finita."
                            )
                        } else {
                            format!(
                                "\"{column}\": nobody leaves (or everybody at once): the model has no finite estimate."
                            )
                        }
                    }
                }
            }
        }
    }
}

fn split(line: &str) -> (Vec<String>, bool) {
    let (cells, decimal_comma): (Vec<&str>, bool) = if line.contains('\t') {
        (line.split('\t').collect(), true)
    } else if line.contains(';') {
        (line.split(';').collect(), true)
    } else {
        (line.split(',').collect(), false)
    };
    (
        cells
            .into_iter()
            .map(|c| c.trim().trim_matches('"').trim().to_string())
            .collect(),
        decimal_comma,
    )
}

/// A number as people write them: "63.1", "63,1" (with tabs or semicolons), "63.1 %",
/// "1.234,5" or "1,234.5" as thousands.
fn number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let cell = cell.trim_end_matches('%').trim();
    if cell.is_empty() {
        return None;
    }
    let cleaned: String = if decimal_comma {
        let parts: Vec<&str> = cell.split('.').collect();
        let grouped = parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3);
        if cell.contains(',') || grouped {
            // "1.234,5" and "1.000": dots group thousands.
            cell.replace('.', "").replace(',', ".")
        } else {
            cell.to_string()
        }
    } else {
        cell.to_string()
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A small table as a spreadsheet in the user's language would copy it: the field's
/// placeholder.
pub fn example(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "periodo;2022;2023\n0;1000;800\n1;700;590\n2;560;",
        Lang::En => "period,2022,2023\n0,1000,800\n1,700,590\n2,560,",
    }
}

/// Reads a cohort table (see the module's description).
pub fn parse(text: &str) -> Result<CohortTable, TableError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, Vec<String>, bool)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let (cells, dc) = split(l);
            (i + 1, cells, dc)
        })
        .collect();
    let Some((_, first, dc)) = lines.first() else {
        return Err(TableError::Empty);
    };
    // A header: any cell that is not a number.
    let header = first
        .iter()
        .any(|c| !c.is_empty() && number(c, *dc).is_none());
    let body = if header { &lines[1..] } else { &lines[..] };
    let Some((first_line, first_row, first_dc)) = body.first() else {
        return Err(TableError::Empty);
    };
    // A period column: the first of several starts at 0 (no cohort starts with nobody).
    let with_periods = first_row.len() > 1 && number(&first_row[0], *first_dc) == Some(0.0);
    let skip = usize::from(with_periods);
    let width = body.iter().map(|(_, r, _)| r.len()).max().unwrap_or(0);
    let n = width.saturating_sub(skip);
    if n == 0 {
        return Err(TableError::Empty);
    }
    let names: Vec<String> = (0..n)
        .map(|k| {
            header
                .then(|| first.get(k + skip).filter(|s| !s.is_empty()).cloned())
                .flatten()
                .unwrap_or_else(|| format!("{}", k + 1))
        })
        .collect();
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut ended: Vec<Option<usize>> = vec![None; n];
    for (row, (line, cells, dc)) in body.iter().enumerate() {
        if with_periods {
            let p = cells.first().map(String::as_str).unwrap_or("");
            if number(p, *dc) != Some(row as f64) {
                return Err(TableError::Periods {
                    line: *line,
                    found: p.to_string(),
                });
            }
        }
        for k in 0..n {
            let cell = cells.get(k + skip).map(String::as_str).unwrap_or("");
            if cell.trim_end_matches('%').trim().is_empty() {
                ended[k].get_or_insert(*line);
                continue;
            }
            let Some(v) = number(cell, *dc) else {
                return Err(TableError::NotANumber {
                    line: *line,
                    column: k + skip + 1,
                    text: cell.chars().take(30).collect(),
                });
            };
            if let Some(missing) = ended[k] {
                return Err(TableError::Hole {
                    line: missing,
                    column: k + skip + 1,
                });
            }
            columns[k].push(v);
        }
    }
    Ok(export_medians(CohortTable {
        names,
        columns,
        first_line: *first_line,
    }))
}

/// This app's own CSV exports (the retention chart's, say) give each scenario three
/// columns, "name p50", "name p5" and "name p95" (with a unit in brackets): keep the
/// medians, under the scenario's name, and leave the bands out (they are not cohorts).
fn export_medians(table: CohortTable) -> CohortTable {
    let base = |name: &str| -> (String, Option<&'static str>) {
        let bare = match name.rfind(" (") {
            Some(i) if name.ends_with(')') => &name[..i],
            _ => name,
        };
        for q in ["p50", "p5", "p95"] {
            if let Some(stem) = bare.strip_suffix(q).and_then(|s| s.strip_suffix(' ')) {
                return (stem.to_string(), Some(q));
            }
        }
        (bare.to_string(), None)
    };
    if !table.names.iter().any(|n| base(n).1 == Some("p50")) {
        return table;
    }
    let (names, columns) = table
        .names
        .iter()
        .zip(table.columns)
        .filter_map(|(name, column)| match base(name) {
            (stem, Some("p50")) => Some((stem, column)),
            (_, Some(_)) => None,
            (_, None) => Some((name.clone(), column)),
        })
        .unzip();
    CohortTable {
        names,
        columns,
        first_line: table.first_line,
    }
}

/// Fits every column of `table` (periods of `months_per_period` months; the estimates
/// are monthly, as the app's segments take them); the first column that cannot be
/// fitted is the error.
pub fn fit(table: &CohortTable, months_per_period: u32) -> Result<Vec<SbgFit>, TableError> {
    fit_columns(table, months_per_period).into_iter().collect()
}

/// Each column's fit, or why it has none.
fn fit_columns(table: &CohortTable, months_per_period: u32) -> Vec<Result<SbgFit, TableError>> {
    table
        .columns
        .iter()
        .zip(&table.names)
        .map(|(c, name)| {
            sbg_fit(c, months_per_period).map_err(|error| TableError::Fit {
                column: name.clone(),
                first_line: table.first_line,
                error,
            })
        })
        .collect()
}

/// Fits every column on its own: a column the model cannot fit (nobody leaving for
/// months, as under a lock-in) says why, and the others still fit. `Err` only if no
/// column fits (the first column's reason).
pub fn fit_each(
    table: &CohortTable,
    months_per_period: u32,
) -> Result<Vec<Result<SbgFit, TableError>>, TableError> {
    let each = fit_columns(table, months_per_period);
    match each.iter().find_map(|r| r.as_ref().err()) {
        Some(first) if each.iter().all(Result::is_err) => Err(first.clone()),
        _ => Ok(each),
    }
}

/// One line about a fit: "alpha 0,704 · beta 1,182 · log-likelihood -1.611,1".
pub fn describe(fit: &SbgFit, lang: Lang) -> String {
    let ll = match lang {
        Lang::Es => "log-verosimilitud",
        Lang::En => "log-likelihood",
    };
    format!(
        "alpha {} · beta {} · {ll} {}",
        format_number(fit.alpha, 3, lang),
        format_number(fit.beta, 3, lang),
        format_number(fit.log_likelihood, 1, lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_retention_charts_own_csv_reimports_as_one_cohort_per_scenario() {
        // Export the retention chart of a small run, in both locales' CSV forms, and
        // read it back: one column per scenario (the medians), fitted like any table.
        use crate::app::board::{ChartData, ChartKind};
        use crate::app::csv_locale;
        use crate::sim::Series;
        let scenarios: Vec<crate::sim::Scenario> = crate::sim::preset("lock-in-vs-free-exit")
            .unwrap()
            .scenarios
            .into_iter()
            .map(|mut s| {
                s.customers = 2_000;
                s.horizon_months = 24;
                s
            })
            .collect();
        let c =
            crate::sim::run_many(&scenarios, 3, 3, &mut |_| crate::sim::Flow::Continue).unwrap();
        for lang in [Lang::En, Lang::Es] {
            let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
            let view = ChartKind::Retention.view(lang, &names, None, None, Series::Margin);
            let data =
                ChartData::build(ChartKind::Retention, &c, (1, 0), 0, Series::Margin).unwrap();
            let csv = format!("\u{feff}{}", csv_locale::to_locale(&data.csv(&view), lang));
            let table = parse(&csv).unwrap_or_else(|e| panic!("{lang:?}: {}", e.message(lang)));
            assert_eq!(table.names.len(), 2, "{:?}", table.names);
            for (name, s) in table.names.iter().zip(&scenarios) {
                assert!(name.contains(&s.name), "{name} names {}", s.name);
            }
            assert_eq!(table.columns[0].len(), 25);
            // Free exit fits; under a 24-month lock-in nobody can leave before the
            // term ends, a curve no shifted-beta-geometric has, and the fit says so.
            let free = CohortTable {
                names: table.names[..1].to_vec(),
                columns: table.columns[..1].to_vec(),
                first_line: table.first_line,
            };
            let fits = fit(&free, 1).unwrap();
            assert!(fits[0].alpha > 0.0 && fits[0].beta > 0.0);
            assert!(
                matches!(fit(&table, 1), Err(TableError::Fit { column, .. }) if column == table.names[1])
            );
            // Column by column, the free-exit cohort still fits beside it.
            let each = fit_each(&table, 1).unwrap();
            assert_eq!(each[0].as_ref().ok(), Some(&fits[0]));
            assert!(each[1].is_err());
        }
    }

    const REGULAR: &str =
        "year,Regular\n0,100\n1,63.1\n2,46.8\n3,38.2\n4,32.6\n5,28.9\n6,26.2\n7,24.1\n";

    #[test]
    fn a_table_with_periods_and_names_fits_each_column() {
        let t = parse(REGULAR).unwrap();
        assert_eq!(t.names, vec!["Regular"]);
        assert_eq!(t.first_line, 2);
        let fits = fit(&t, 1).unwrap();
        assert!((fits[0].alpha / 0.704 - 1.0).abs() < 0.02);
        // A Spanish spreadsheet: semicolons, decimal commas, percent signs, two cohorts
        // of different ages.
        let es = "periodo;2019;2020\n0;100 %;1.000\n1;63,1 %;700\n2;46,8 %;560\n3;38,2 %;\n";
        let t = parse(es).unwrap();
        assert_eq!(t.columns[0], vec![100.0, 63.1, 46.8, 38.2]);
        assert_eq!(t.columns[1], vec![1000.0, 700.0, 560.0]);
        assert_eq!(fit(&t, 1).unwrap().len(), 2);
        // No header, no periods: one column of values.
        let bare = parse("100\n60\n45\n38\n").unwrap();
        assert_eq!(bare.columns, vec![vec![100.0, 60.0, 45.0, 38.0]]);
    }

    #[test]
    fn the_example_table_reads_in_each_language() {
        for lang in [Lang::Es, Lang::En] {
            let t = parse(example(lang)).unwrap();
            assert_eq!(
                t.columns,
                vec![vec![1000.0, 700.0, 560.0], vec![800.0, 590.0]]
            );
        }
        assert!(example(Lang::En).starts_with("period,"));
        assert!(example(Lang::Es).starts_with("periodo;"));
    }

    #[test]
    fn bad_tables_name_the_line_in_the_users_language() {
        let cases = [
            (
                "year,a\n0,100\n1,sixty\n2,40\n",
                "Line 3, column 2",
                "Línea 3, columna 2",
            ),
            (
                "year,a,b\n0,100,100\n1,,60\n2,40,50\n",
                "Line 3, column 2",
                "Línea 3, columna 2",
            ),
            ("year,a\n0,100\n2,60\n3,40\n", "Line 3", "Línea 3"),
            ("year,a\n0,100\n1,60\n2,70\n", "line 4", "línea 4"),
            ("year,a\n0,100\n1,120\n2,70\n", "line 3", "línea 3"),
            ("", "empty", "vacía"),
        ];
        for (text, en, es) in cases {
            let e = parse(text)
                .and_then(|t| fit(&t, 1).map(|_| ()))
                .unwrap_err();
            assert!(
                e.message(Lang::En).contains(en),
                "{text:?}: {}",
                e.message(Lang::En)
            );
            assert!(
                e.message(Lang::Es).contains(es),
                "{text:?}: {}",
                e.message(Lang::Es)
            );
        }
    }
}
