//! Bad input: every problem at once, each naming its field and the allowed range.

use super::scenario::{SCENARIO_VERSION, Scenario};
use serde::Serialize;
use std::fmt;

/// One thing wrong with a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Problem {
    /// Path of the field, e.g. `population.segments[1].share`.
    pub field: String,
    /// What is wrong, with the numbers (the UI translates these).
    pub kind: ProblemKind,
    /// The name of the segment or competitor the field belongs to, as the user wrote
    /// it ("" for a field of the scenario itself, or an unnamed item), so a message can
    /// say "Demanding" rather than "Segment 2".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
}

/// What is wrong with a field. Structured so a UI can phrase it in any language.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The value lies outside `[min, max]`.
    OutOfRange { value: f64, min: f64, max: f64 },
    /// NaN or infinite.
    NotFinite,
    /// Shares that must add up to 1 do not (tolerance 1e-6).
    SharesDoNotSumToOne { sum: f64 },
    /// Shares that must add up to at most 1 exceed it.
    SharesExceedOne { sum: f64 },
    /// A list that needs at least one entry is empty.
    Empty,
    /// A list is longer than allowed.
    TooMany { count: u64, max: u64 },
    /// The scenario format version is not one this engine reads.
    UnsupportedVersion { found: u32, supported: u32 },
    /// This value must not exceed the value of another field.
    MustNotExceed {
        value: f64,
        other_field: String,
        other: f64,
    },
    /// A text field is too long (in characters).
    TooLong { length: u64, max: u64 },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange { value, min, max } => {
                write!(f, "is {value}, but must be between {min} and {max}")
            }
            Self::NotFinite => write!(f, "is not a finite number"),
            Self::SharesDoNotSumToOne { sum } => write!(f, "shares add up to {sum}, not 1"),
            Self::SharesExceedOne { sum } => {
                write!(f, "shares add up to {sum}, more than 1")
            }
            Self::Empty => write!(f, "must not be empty"),
            Self::TooMany { count, max } => write!(f, "has {count} entries, at most {max} allowed"),
            Self::UnsupportedVersion { found, supported } => write!(
                f,
                "is version {found}, but this engine reads version {supported}"
            ),
            Self::MustNotExceed {
                value,
                other_field,
                other,
            } => write!(f, "is {value}, but must not exceed {other_field} ({other})"),
            Self::TooLong { length, max } => {
                write!(f, "is {length} characters long, at most {max} allowed")
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.kind)
    }
}

/// Collects problems while walking a scenario.
#[derive(Default)]
pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
}

impl Checker {
    pub(crate) fn push(&mut self, field: impl Into<String>, kind: ProblemKind) {
        self.problems.push(Problem {
            field: field.into(),
            kind,
            item: String::new(),
        });
    }

    /// A real number within `[min, max]`; returns whether it is fine.
    pub(crate) fn range(
        &mut self,
        field: impl Into<String>,
        value: f64,
        min: f64,
        max: f64,
    ) -> bool {
        if !value.is_finite() {
            self.push(field, ProblemKind::NotFinite);
            false
        } else if value < min || value > max {
            self.push(field, ProblemKind::OutOfRange { value, min, max });
            false
        } else {
            true
        }
    }

    /// A whole number within `[min, max]`.
    pub(crate) fn count(
        &mut self,
        field: impl Into<String>,
        value: u64,
        min: u64,
        max: u64,
    ) -> bool {
        if value < min || value > max {
            self.push(
                field,
                ProblemKind::OutOfRange {
                    value: value as f64,
                    min: min as f64,
                    max: max as f64,
                },
            );
            false
        } else {
            true
        }
    }

    /// A share within [0, 1].
    pub(crate) fn share(&mut self, field: impl Into<String>, value: f64) -> bool {
        self.range(field, value, 0.0, 1.0)
    }

    pub(crate) fn name(&mut self, field: impl Into<String>, value: &str) {
        let length = value.chars().count() as u64;
        if length > MAX_NAME {
            self.push(
                field,
                ProblemKind::TooLong {
                    length,
                    max: MAX_NAME,
                },
            );
        }
    }
}

/// Longest name accepted for a scenario, segment or firm.
pub const MAX_NAME: u64 = 200;

/// Every problem with a scenario, or `Ok(())` if the engine can run it.
pub fn validate(scenario: &Scenario) -> Result<(), Vec<Problem>> {
    let mut c = Checker::default();
    scenario.check(&mut c);
    if c.problems.is_empty() {
        return Ok(());
    }
    for p in &mut c.problems {
        p.item = item_name(scenario, &p.field).unwrap_or_default();
    }
    Err(c.problems)
}

/// The user's name for the list item a field path is in: `population.segments[1].x`
/// is the second segment's name, `market.competitors[0].x` the first competitor's.
/// `None` for other fields, and for the item's own name (which is what is wrong).
fn item_name(scenario: &Scenario, field: &str) -> Option<String> {
    let index_in = |list: &str| -> Option<(usize, &str)> {
        let (i, rest) = field.strip_prefix(list)?.split_once(']')?;
        Some((i.parse().ok()?, rest))
    };
    let name = if let Some((i, rest)) = index_in("population.segments[") {
        (rest != ".name")
            .then(|| scenario.population.segments.get(i))??
            .name
            .as_str()
    } else if let Some((i, rest)) = index_in("market.competitors[") {
        (rest != ".name")
            .then(|| scenario.market.competitors.get(i))??
            .name
            .as_str()
    } else {
        return None;
    };
    // A name too long to be valid is cut, so that it does not swamp the message.
    const LONGEST: usize = 40;
    let name = name.trim();
    match name.char_indices().nth(LONGEST) {
        _ if name.is_empty() => None,
        Some((end, _)) => Some(format!("{}…", &name[..end])),
        None => Some(name.to_string()),
    }
}

/// Why a scenario text could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    /// Not valid JSON, or a field has the wrong type or name (1-based line and column;
    /// 0 and 0 when no position in the text would help, as in an upgraded old file).
    Json {
        message: String,
        line: usize,
        column: usize,
    },
    /// The `version` field is missing.
    MissingVersion,
    /// The `version` field names a format this engine does not read.
    UnsupportedVersion { found: u64, supported: u32 },
    /// Valid JSON, but some values are out of range.
    Invalid(Vec<Problem>),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json {
                message,
                line,
                column,
            } if *line == 0 => write!(f, "JSON error: {message}"),
            Self::Json {
                message,
                line,
                column,
            } => write!(f, "JSON error at line {line}, column {column}: {message}"),
            Self::MissingVersion => write!(f, "the scenario has no \"version\" field"),
            Self::UnsupportedVersion { found, supported } => write!(
                f,
                "scenario version {found} is not supported (this engine reads version {supported})"
            ),
            Self::Invalid(problems) => {
                writeln!(f, "the scenario has {} problem(s):", problems.len())?;
                for p in problems {
                    writeln!(f, "  {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for DecodeError {}

fn json_error(e: &serde_json::Error) -> DecodeError {
    DecodeError::Json {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    }
}

/// Parse a scenario from JSON, check its version and validate it.
/// A serde error's message without its position, for text the app wrote itself from a
/// `Value` (upgraded or re-read), whose lines and columns mean nothing to the reader.
pub fn message_without_position(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    message
        .strip_suffix(&at)
        .map_or_else(|| message.clone(), str::to_string)
}

pub fn decode_scenario(text: &str) -> Result<Scenario, DecodeError> {
    #[derive(serde::Deserialize)]
    struct VersionProbe {
        version: Option<serde_json::Value>,
    }
    let probe: VersionProbe = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let upgrade = match probe.version {
        None => return Err(DecodeError::MissingVersion),
        Some(v) => match v.as_u64() {
            Some(n) if n == u64::from(SCENARIO_VERSION) => false,
            // Version 1 files still open: upgraded on load.
            Some(1) => true,
            Some(n) => {
                return Err(DecodeError::UnsupportedVersion {
                    found: n,
                    supported: SCENARIO_VERSION,
                });
            }
            None => {
                return Err(DecodeError::Json {
                    message: format!("\"version\" must be a whole number, found {v}"),
                    line: 1,
                    column: 1,
                });
            }
        },
    };
    let scenario: Scenario = if upgrade {
        let mut value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| json_error(&e))?;
        super::scenario::upgrade_v1(&mut value);
        // Read from text, as every other scenario is (one copy of the reading code in
        // the app's download); positions in the upgraded text would mislead, so they go.
        serde_json::from_str(&value.to_string()).map_err(|e| DecodeError::Json {
            message: message_without_position(&e),
            line: 0,
            column: 0,
        })?
    } else {
        serde_json::from_str(text).map_err(|e| json_error(&e))?
    };
    validate(&scenario).map_err(DecodeError::Invalid)?;
    Ok(scenario)
}
