//! Keeping and sharing work: the workbench as JSON (autosave and workbench files), as
//! a link fragment (deflated JSON in base64url: static hosting needs no server), and
//! scenarios in the engine's own JSON format (one scenario or an array of them).
//!
//! Every decoder returns an error that says what is wrong, and never a half-read
//! workbench: the caller keeps the work on screen unless decoding fully succeeds.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::i18n::Lang;
use super::state::{MAX_REPLICATIONS, MAX_SCENARIOS, WORKBENCH_VERSION, Workbench};
use crate::sim::{self, DecodeError, Scenario};

/// Start of a share-link fragment (after `#`): names the format, so a future format
/// can be told apart.
pub const LINK_PREFIX: &str = "w1.";
/// Longest link fragment or file accepted (a full workbench is a few kB).
pub const MAX_TEXT: usize = 4 * 1024 * 1024;

/// Why a link, file or stored workbench cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// The fragment is not a fideliza link (or comes from a newer format).
    NotALink,
    /// Cut or altered in transit: not valid base64, deflate or UTF-8.
    Damaged,
    /// Larger than anything fideliza writes.
    TooLarge(usize),
    /// The JSON does not read as a workbench or scenarios.
    Json {
        message: String,
        line: usize,
        column: usize,
    },
    Version {
        found: u64,
        supported: u32,
    },
    ScenarioCount(usize),
    Replications(u32),
    /// Scenario `index` (0 = A) is not usable.
    Scenario {
        index: usize,
        error: DecodeError,
    },
}

impl ShareError {
    /// What is wrong, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            ShareError::NotALink => if es {
                "El enlace no es un enlace de fideliza (o es de una versión más reciente)."
            } else {
                "This is not a fideliza link (or it comes from a newer version)."
            }
            .into(),
            ShareError::Damaged => if es {
                "El enlace está dañado: le falta una parte o se ha modificado. Pide que te lo vuelvan a enviar."
            } else {
                "The link is damaged: part of it is missing or it was altered. Ask for it to be sent again."
            }
            .into(),
            ShareError::TooLarge(bytes) => {
                let kb = bytes / 1024;
                if es {
                    format!("El contenido es demasiado grande ({kb} kB) para ser un trabajo de fideliza.")
                } else {
                    format!("The content is too large ({kb} kB) to be fideliza work.")
                }
            }
            ShareError::Json {
                message,
                line,
                column,
            } => {
                if es {
                    format!("El JSON no se puede leer (línea {line}, columna {column}): {message}")
                } else {
                    format!("The JSON cannot be read (line {line}, column {column}): {message}")
                }
            }
            ShareError::Version { found, supported } => {
                if es {
                    format!("Versión de formato {found} no admitida (esta aplicación lee la {supported}).")
                } else {
                    format!("Format version {found} is not supported (this app reads version {supported}).")
                }
            }
            ShareError::ScenarioCount(n) => {
                if es {
                    format!("Hay {n} escenarios; se admiten entre 1 y {MAX_SCENARIOS}.")
                } else {
                    format!("There are {n} scenarios; between 1 and {MAX_SCENARIOS} are allowed.")
                }
            }
            ShareError::Replications(r) => {
                if es {
                    format!("{r} réplicas no es válido: deben ser entre 1 y {MAX_REPLICATIONS}.")
                } else {
                    format!("{r} replications is not valid: it must be between 1 and {MAX_REPLICATIONS}.")
                }
            }
            ShareError::Scenario { index, error } => {
                let letter = super::state::LETTERS.get(*index).copied().unwrap_or('?');
                let detail = super::explain::decode_error_message(error, lang);
                if es {
                    format!("Escenario {letter}: {detail}")
                } else {
                    format!("Scenario {letter}: {detail}")
                }
            }
        }
    }
}

fn json_error(e: &serde_json::Error) -> ShareError {
    ShareError::Json {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    }
}

/// The workbench as readable JSON (autosave and workbench files).
pub fn workbench_to_json(wb: &Workbench) -> String {
    serde_json::to_string_pretty(wb).unwrap_or_default()
}

/// A workbench from JSON, fully checked.
pub fn workbench_from_json(text: &str) -> Result<Workbench, ShareError> {
    if text.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(text.len()));
    }
    // Read the version first, so an old or future file says so rather than failing
    // on a field it does not know.
    let probe: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    match probe.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(WORKBENCH_VERSION) => {}
        Some(found) => {
            return Err(ShareError::Version {
                found,
                supported: WORKBENCH_VERSION,
            });
        }
        None => {
            return Err(ShareError::Version {
                found: 0,
                supported: WORKBENCH_VERSION,
            });
        }
    }
    let wb: Workbench = serde_json::from_value(probe).map_err(|e| ShareError::Json {
        message: e.to_string(),
        line: 0,
        column: 0,
    })?;
    wb.check()?;
    Ok(wb)
}

/// The workbench as a URL fragment (without the `#`).
pub fn workbench_to_link(wb: &Workbench) -> String {
    let json = serde_json::to_vec(wb).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A workbench from a URL fragment (with or without the `#`), fully checked.
pub fn workbench_from_link(fragment: &str) -> Result<Workbench, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(body) = fragment.strip_prefix(LINK_PREFIX) else {
        return Err(ShareError::NotALink);
    };
    if body.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(body.len()));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(body.trim())
        .map_err(|_| ShareError::Damaged)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_TEXT)
        .map_err(|_| ShareError::Damaged)?;
    let text = String::from_utf8(json).map_err(|_| ShareError::Damaged)?;
    workbench_from_json(&text)
}

/// Scenarios in the engine's JSON: one scenario object when there is one, else an array.
pub fn scenarios_to_json(scenarios: &[Scenario]) -> String {
    match scenarios {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    }
    .unwrap_or_default()
}

/// Scenarios from a file: one engine scenario, an array of 1-4 of them, or a whole
/// workbench file (its scenarios). Each is decoded and validated by the engine.
pub fn scenarios_from_json(text: &str) -> Result<Vec<Scenario>, ShareError> {
    if text.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(text.len()));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(&e))?;
    let items: Vec<serde_json::Value> = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(ref map) if map.contains_key("scenarios") => {
            return workbench_from_json(text).map(|wb| wb.scenarios);
        }
        other => vec![other],
    };
    if items.is_empty() || items.len() > MAX_SCENARIOS {
        return Err(ShareError::ScenarioCount(items.len()));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            sim::decode_scenario(&item.to_string())
                .map_err(|error| ShareError::Scenario { index, error })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbench() -> Workbench {
        let mut wb = Workbench::new(Lang::Es);
        wb.seed = 99;
        wb.view.month = Some(12);
        wb
    }

    #[test]
    fn a_link_round_trips_exactly_and_is_url_safe() {
        let wb = workbench();
        let link = workbench_to_link(&wb);
        assert!(link.starts_with(LINK_PREFIX));
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        );
        assert_eq!(workbench_from_link(&format!("#{link}")), Ok(wb));
    }

    #[test]
    fn damaged_or_foreign_links_say_what_is_wrong() {
        let link = workbench_to_link(&workbench());
        assert_eq!(workbench_from_link("#hello"), Err(ShareError::NotALink));
        assert_eq!(workbench_from_link(""), Err(ShareError::NotALink));
        let cut = &link[..link.len() / 2];
        assert_eq!(workbench_from_link(cut), Err(ShareError::Damaged));
        let mut bytes = link.into_bytes();
        let k = bytes.len() - 10;
        bytes[k] = if bytes[k] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(bytes).unwrap();
        assert!(workbench_from_link(&altered).is_err());
        for lang in [Lang::Es, Lang::En] {
            assert!(!ShareError::Damaged.message(lang).is_empty());
        }
    }

    #[test]
    fn workbench_json_round_trips_and_rejects_bad_versions_and_values() {
        let wb = workbench();
        let json = workbench_to_json(&wb);
        assert_eq!(workbench_from_json(&json), Ok(wb.clone()));
        let future = json.replacen("\"version\": 1", "\"version\": 9", 1);
        assert!(matches!(
            workbench_from_json(&future),
            Err(ShareError::Version { found: 9, .. })
        ));
        let mut bad = wb.clone();
        bad.scenarios[1].customers = 0;
        assert!(matches!(
            workbench_from_json(&workbench_to_json(&bad)),
            Err(ShareError::Scenario { index: 1, .. })
        ));
        let mut bad = wb;
        bad.replications = 0;
        assert_eq!(
            workbench_from_json(&workbench_to_json(&bad)),
            Err(ShareError::Replications(0))
        );
        assert!(matches!(
            workbench_from_json("{ not json"),
            Err(ShareError::Json { line: 1, .. })
        ));
    }

    #[test]
    fn scenario_files_import_one_or_several_engine_scenarios() {
        let pair = sim::preset("reactive-vs-proactive").unwrap().scenarios;
        assert_eq!(
            scenarios_from_json(&scenarios_to_json(&pair)),
            Ok(pair.clone())
        );
        assert_eq!(
            scenarios_from_json(&scenarios_to_json(&pair[..1])),
            Ok(pair[..1].to_vec())
        );
        let five = vec![pair[0].clone(); 5];
        assert_eq!(
            scenarios_from_json(&scenarios_to_json(&five)),
            Err(ShareError::ScenarioCount(5))
        );
        let broken = scenarios_to_json(&pair).replacen("\"customers\"", "\"customerz\"", 1);
        assert!(matches!(
            scenarios_from_json(&broken),
            Err(ShareError::Scenario { index: 0, .. })
        ));
        assert!(matches!(
            scenarios_from_json("[1, 2"),
            Err(ShareError::Json { .. })
        ));
    }
}
