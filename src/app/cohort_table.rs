//! Cohort tables a strategist brings: read from pasted or uploaded text, checked, and
//! fitted with the shifted-beta-geometric model (`sim::cohort::sbg_fit`).
//!
//! A table has one row per period and one column per cohort or segment: customers still
//! active, or percent of the cohort. An optional first column numbers the periods (0,
//! 1, 2... or 1, 2, 3..., the first row being the start) and an optional first line
//! names the columns (words, or successive years). Fields are separated by tabs,
//! semicolons or commas, with RFC 4180 quotes. Each column's commas are read as
//! decimal marks or thousands separators from all its values (see `column_style`). A
//! column may end early (a younger cohort), but not have holes; empty columns at the
//! end (trailing separators) are ignored. What had to be assumed is kept in `notes`.

use super::csv_locale;
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
    /// What was assumed to read the table, to be shown with it.
    pub notes: Vec<Assumed>,
}

/// A reading of an ambiguous table, said to the user so a wrong guess shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Assumed {
    /// The first line, all successive years, names the cohorts.
    YearsAsNames { line: usize },
    /// The periods count from 1: the first row (period 1) is the cohort's start.
    PeriodsFromOne { line: usize },
}

impl Assumed {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Assumed::YearsAsNames { line }, Lang::Es) => format!(
                "La línea {line} (años seguidos) se ha leído como los nombres de las cohortes, no como datos."
            ),
            (Assumed::YearsAsNames { line }, Lang::En) => format!(
                "Line {line} (successive years) was read as the cohorts' names, not as data."
            ),
            (Assumed::PeriodsFromOne { line }, Lang::Es) => format!(
                "Los periodos empiezan en 1: la primera fila (línea {line}) se ha tomado como el inicio de cada cohorte."
            ),
            (Assumed::PeriodsFromOne { line }, Lang::En) => format!(
                "The periods start at 1: the first row (line {line}) was taken as each cohort's start."
            ),
        }
    }
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
    /// A count or share below zero.
    Negative {
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
            TableError::Negative { line, column, text } => {
                if es {
                    format!(
                        "Línea {line}, columna {column}: «{text}» es negativo; los clientes activos (o su %) no pueden ser menos de cero."
                    )
                } else {
                    format!(
                        "Line {line}, column {column}: \"{text}\" is negative; active customers (or their %) cannot be below zero."
                    )
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
                                "«{column}», línea {}: hay más clientes que al inicio (más del 100\u{a0}%).",
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
                    FitError::NobodyLeaves => {
                        if es {
                            format!("«{column}»: nadie se va, así que no hay abandono que estimar.")
                        } else {
                            format!(
                                "\"{column}\": nobody leaves, so there is no churn to estimate."
                            )
                        }
                    }
                    FitError::AllAtOnce => {
                        if es {
                            format!(
                                "«{column}»: todos se van en el primer periodo, así que no hay curva de abandono que estimar."
                            )
                        } else {
                            format!(
                                "\"{column}\": everybody leaves in the first period, so there is no churn curve to estimate."
                            )
                        }
                    }
                    FitError::NoEstimate => {
                        if es {
                            format!(
                                "«{column}»: el modelo no encuentra una estimación finita para estas bajas: una curva beta-geométrica desplazada, en la que la parte que se va cada periodo solo baja, no puede seguirlas (bajas que suben, como cuando nadie se va durante meses y luego muchos a la vez con una permanencia, o casi toda la cohorte yéndose de golpe)."
                            )
                        } else {
                            format!(
                                "\"{column}\": the model finds no finite estimate for these losses: a shifted-beta-geometric curve, in which the share leaving each period only falls, cannot follow them (losses that rise, as when nobody leaves for months and then many at once under a lock-in, or almost the whole cohort leaving at once)."
                            )
                        }
                    }
                }
            }
        }
    }
}

/// How a column writes its numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    /// "1.234,5": dots group thousands, a comma is the decimal mark.
    Spanish,
    /// "1,234.5": commas group thousands, a dot is the decimal mark.
    English,
}

/// The field separator of the whole text: a tab, else a semicolon, else a comma, each
/// counted only outside double quotes (a quoted "12,500" does not make a comma table).
fn separator(text: &str) -> char {
    let mut quoted = false;
    let (mut semicolon, mut tab) = (false, false);
    for c in text.chars() {
        match c {
            // A doubled quote inside quotes toggles twice: no net change, as it should.
            '"' => quoted = !quoted,
            '\n' => quoted = false,
            '\t' if !quoted => tab = true,
            ';' if !quoted => semicolon = true,
            _ => {}
        }
    }
    if tab {
        '\t'
    } else if semicolon {
        ';'
    } else {
        ','
    }
}

/// One line's fields, trimmed, as RFC 4180 reads them (the charts' CSV reader): a
/// field in double quotes may hold the separator, and a doubled quote inside it is one
/// quote.
fn split(line: &str, sep: char) -> Vec<String> {
    csv_locale::parse_with(line, sep)
        .into_iter()
        .next()
        .unwrap_or_default()
        .iter()
        .map(|field| field.trim().to_string())
        .collect()
}

/// "12,500" or "1,234,567.5": commas grouping digits in threes.
fn english_grouped(cell: &str) -> bool {
    let cell = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mut groups = whole.split(',');
    let head = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&head.len())
        && digits(head)
        && rest.all(|g| g.len() == 3 && digits(g))
        && digits(fraction)
}

/// Whether a cell is written as a number at all (digits and marks), whichever style.
fn numeric_looking(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ",.%-+ ".contains(c))
}

/// Decides a column's style from all its cells. In a comma-separated file a comma can
/// only be inside quotes, and it groups thousands ("12,500") unless it cannot ("63,1").
/// With tabs or semicolons a comma is a decimal mark (a Spanish spreadsheet) unless
/// every comma groups three digits in a column of counts (no percentages, some value
/// above 100): English Excel's "1,200" is then 1200, not 1.2.
fn column_style<'a>(cells: impl Iterator<Item = &'a str>, sep: char) -> Style {
    let numeric: Vec<&str> = cells
        .map(|c| c.trim())
        .filter(|c| numeric_looking(c))
        .collect();
    let bare = |c: &&str| c.trim_end_matches('%').trim().to_string();
    let with_comma: Vec<String> = numeric
        .iter()
        .filter(|c| c.contains(','))
        .map(bare)
        .collect();
    let grouped = !with_comma.is_empty() && with_comma.iter().all(|c| english_grouped(c));
    if sep == ',' {
        return if with_comma.is_empty() || grouped {
            Style::English
        } else {
            Style::Spanish
        };
    }
    let counts = !numeric.iter().any(|c| c.contains('%'))
        && numeric
            .iter()
            .any(|c| number(c, Style::English).is_some_and(|v| v > 100.0));
    if grouped && counts {
        Style::English
    } else {
        Style::Spanish
    }
}

/// A number as people write them: "63.1", "63,1", "63.1 %", "1.234,5" or "1,234.5".
fn number(cell: &str, style: Style) -> Option<f64> {
    let cell = cell.trim_end_matches('%').trim();
    if cell.is_empty() {
        return None;
    }
    let cleaned: String = match style {
        Style::Spanish => {
            let parts: Vec<&str> = cell.split('.').collect();
            let grouped = parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3);
            if cell.contains(',') || grouped {
                // "1.234,5" and "1.000": dots group thousands.
                cell.replace('.', "").replace(',', ".")
            } else {
                cell.to_string()
            }
        }
        Style::English if cell.contains(',') => {
            if !english_grouped(cell) {
                return None;
            }
            cell.replace(',', "")
        }
        Style::English => cell.to_string(),
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
    let sep = separator(text);
    let mut lines: Vec<(usize, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, split(l, sep)))
        .collect();
    // Separators at the ends of lines (a spreadsheet's empty columns) are not cohorts.
    let width = lines
        .iter()
        .map(|(_, c)| c.iter().rposition(|x| !x.is_empty()).map_or(0, |p| p + 1))
        .max()
        .unwrap_or(0);
    for (_, cells) in &mut lines {
        cells.truncate(width);
    }
    let styles: Vec<Style> = (0..width)
        .map(|k| {
            column_style(
                lines
                    .iter()
                    .filter_map(|(_, c)| c.get(k).map(String::as_str)),
                sep,
            )
        })
        .collect();
    let num = |k: usize, cell: &str| number(cell, styles.get(k).copied().unwrap_or(Style::Spanish));
    let Some((header_line, first)) = lines.first() else {
        return Err(TableError::Empty);
    };
    let mut notes = Vec::new();
    // A header: any cell that is not a number...
    let named = first
        .iter()
        .enumerate()
        .any(|(k, c)| !c.is_empty() && num(k, c).is_none());
    // ...or a row of successive years over the columns (2022, 2023): cohort sizes
    // do not grow one by one like that, cohorts' names do.
    let year = |k: usize, c: &String| {
        num(k, c).filter(|v| v.fract() == 0.0 && (1900.0..=2100.0).contains(v))
    };
    let years: Option<Vec<f64>> = first.iter().enumerate().map(|(k, c)| year(k, c)).collect();
    let years = !named
        && lines.len() > 1
        && years.is_some_and(|y| y.len() > 1 && y.windows(2).all(|w| w[1] > w[0]));
    if years {
        notes.push(Assumed::YearsAsNames { line: *header_line });
    }
    let header = named || years;
    let body = if header { &lines[1..] } else { &lines[..] };
    let Some((first_line, first_row)) = body.first() else {
        return Err(TableError::Empty);
    };
    // A period column: the first of several counting 0, 1, 2... (no cohort starts with
    // nobody), or 1, 2, 3... to the last row (no cohort grows), whose first row is then
    // the cohort's start.
    let periods: Vec<Option<f64>> = body
        .iter()
        .map(|(_, c)| c.first().and_then(|p| num(0, p)))
        .collect();
    let from_one = body.len() > 1
        && periods
            .iter()
            .enumerate()
            .all(|(i, p)| *p == Some(i as f64 + 1.0));
    let start = match periods.first() {
        _ if first_row.len() < 2 => None,
        Some(Some(p)) if *p == 0.0 => Some(0.0),
        _ if from_one => Some(1.0),
        _ => None,
    };
    if start == Some(1.0) {
        notes.push(Assumed::PeriodsFromOne { line: *first_line });
    }
    let with_periods = start.is_some();
    let skip = usize::from(with_periods);
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
    for (row, (line, cells)) in body.iter().enumerate() {
        if let Some(start) = start {
            let p = cells.first().map(String::as_str).unwrap_or("");
            if num(0, p) != Some(row as f64 + start) {
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
            let text = || cell.chars().take(30).collect();
            let Some(v) = num(k + skip, cell) else {
                return Err(TableError::NotANumber {
                    line: *line,
                    column: k + skip + 1,
                    text: text(),
                });
            };
            if v < 0.0 {
                return Err(TableError::Negative {
                    line: *line,
                    column: k + skip + 1,
                    text: text(),
                });
            }
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
        notes,
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
        notes: table.notes,
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

/// One line about a fit: "alpha 0,704 · beta 1,182 (of monthly churn) · log-likelihood
/// -1.611,1 · mean monthly churn 37.3%", the last in plain words for those who do not
/// read alpha and beta: the mean of the Beta(α, β) propensity, α / (α + β).
pub fn describe(fit: &SbgFit, lang: Lang) -> String {
    // The estimates are those of the monthly model, whatever a row of the table spans
    // (yearly rows gave beta 13 where Fader and Hardie's yearly fit reads 1.2): say so.
    let (alpha, monthly, ll, mean) = match lang {
        Lang::Es => (
            "alfa",
            "del abandono mensual",
            "log-verosimilitud",
            "abandono mensual medio",
        ),
        Lang::En => (
            "alpha",
            "of monthly churn",
            "log-likelihood",
            "mean monthly churn",
        ),
    };
    format!(
        "{alpha} {} · beta {} ({monthly}) · {ll} {} · {mean} {}",
        format_number(fit.alpha, 3, lang),
        format_number(fit.beta, 3, lang),
        format_number(fit.log_likelihood, 1, lang),
        super::explain::format_percent(fit.alpha / (fit.alpha + fit.beta), 1, lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fit_is_described_with_its_mean_churn_in_plain_words() {
        let fit = SbgFit {
            alpha: 0.704,
            beta: 1.182,
            log_likelihood: -1680.0,
            periods: 7,
        };
        assert!(
            describe(&fit, Lang::En)
                .starts_with("alpha 0.704 · beta 1.182 (of monthly churn) · log-likelihood")
        );
        assert!(describe(&fit, Lang::En).ends_with(" · mean monthly churn 37.3%"));
        assert!(describe(&fit, Lang::Es).ends_with(" · abandono mensual medio 37,3\u{a0}%"));
    }

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
                notes: Vec::new(),
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

    #[test]
    fn english_numbers_read_with_quotes_and_thousands_commas() {
        // RFC 4180: commas inside quotes are the cell's, here thousands separators.
        let csv = "month,Jan cohort,\"The \"\"B\"\" team\"\n0,\"12,500\",\"9,800\"\n1,\"10,000\",\"7,900\"\n2,\"8,100\",\"6,500\"\n";
        let t = parse(csv).unwrap();
        assert_eq!(t.names, vec!["Jan cohort", "The \"B\" team"]);
        assert_eq!(
            t.columns,
            vec![
                vec![12_500.0, 10_000.0, 8_100.0],
                vec![9_800.0, 7_900.0, 6_500.0]
            ]
        );
        // English Excel copied as tab-separated text: "1,200" is twelve hundred.
        let t = parse("0\t1,200\n1\t950\n2\t800\n3\t700\n").unwrap();
        assert_eq!(t.columns, vec![vec![1200.0, 950.0, 800.0, 700.0]]);
        let t = parse("month\tA\tB\n0\t1,200.5\t2,000\n1\t950\t1,500\n2\t800\t\n").unwrap();
        assert_eq!(
            t.columns,
            vec![vec![1200.5, 950.0, 800.0], vec![2000.0, 1500.0]]
        );
        // A quoted decimal comma in a comma file is still a decimal comma.
        let t = parse("year,a\n0,100\n1,\"63,1\"\n2,\"46,8\"\n").unwrap();
        assert_eq!(t.columns, vec![vec![100.0, 63.1, 46.8]]);
        // The Spanish readings stay: dots group thousands, commas are decimal marks,
        // also in a column of shares whose commas happen to have three digits.
        let t = parse("periodo;a;b\n0;1.000;100 %\n1;700,5;63,125 %\n2;560;46,800 %\n").unwrap();
        assert_eq!(
            t.columns,
            vec![vec![1000.0, 700.5, 560.0], vec![100.0, 63.125, 46.8]]
        );
        let t = parse("0\t100\n1\t63,1\n2\t46,8\n").unwrap();
        assert_eq!(t.columns, vec![vec![100.0, 63.1, 46.8]]);
    }

    #[test]
    fn ambiguous_tables_are_read_as_meant_and_say_what_was_assumed() {
        // A first row of years and no period column: the years name the cohorts.
        let t = parse("2022;2023\n1000;800\n700;590\n560;480\n470;\n").unwrap();
        assert_eq!(t.names, vec!["2022", "2023"]);
        assert_eq!(
            t.columns,
            vec![vec![1000.0, 700.0, 560.0, 470.0], vec![800.0, 590.0, 480.0]]
        );
        assert_eq!(t.notes, vec![Assumed::YearsAsNames { line: 1 }]);
        assert!(
            t.notes[0]
                .message(Lang::Es)
                .contains("nombres de las cohortes")
        );
        assert!(t.notes[0].message(Lang::En).contains("cohorts' names"));
        assert_eq!(fit(&t, 12).unwrap().len(), 2);
        // Periods counted from 1: the first row is the start, not a cohort named "mes".
        let t = parse("mes;clientes\n1;1000\n2;800\n3;650\n4;560\n").unwrap();
        assert_eq!(t.names, vec!["clientes"]);
        assert_eq!(t.columns, vec![vec![1000.0, 800.0, 650.0, 560.0]]);
        assert_eq!(t.notes, vec![Assumed::PeriodsFromOne { line: 2 }]);
        assert!(t.notes[0].message(Lang::Es).contains("empiezan en 1"));
        assert!(t.notes[0].message(Lang::En).contains("start at 1"));
        assert!(fit(&t, 1).is_ok());
        // Plain tables assume nothing; cohort sizes that are not successive years
        // stay data.
        assert!(parse(REGULAR).unwrap().notes.is_empty());
        let t = parse("2500;1800\n1000;800\n700;590\n").unwrap();
        assert_eq!(t.columns[0], vec![2500.0, 1000.0, 700.0]);
        assert!(t.notes.is_empty());
    }

    #[test]
    fn trailing_separators_add_no_cohort_and_negatives_are_called_negative() {
        let t = parse("periodo;a;b;\n0;100;90;\n1;63;60;\n2;47;45;;\n3;38;37;\n").unwrap();
        assert_eq!(t.names, vec!["a", "b"]);
        assert_eq!(fit(&t, 1).unwrap().len(), 2);
        let e = parse("year,a\n0,100\n1,-5\n2,3\n").unwrap_err();
        assert!(
            e.message(Lang::En)
                .starts_with("Line 3, column 2: \"-5\" is negative"),
            "{}",
            e.message(Lang::En)
        );
        assert!(
            e.message(Lang::Es).contains("es negativo"),
            "{}",
            e.message(Lang::Es)
        );
    }
}
