//! Keeping and sharing work: the workbench as JSON (autosave and workbench files), as
//! a link fragment (deflated JSON in base64url: static hosting needs no server), and
//! scenarios in the engine's own JSON format (one scenario or an array of them).
//!
//! Every decoder returns an error that says what is wrong, and never a half-read
//! workbench: the caller keeps the work on screen unless decoding fully succeeds.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::i18n::Lang;
use super::levers::Value;
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
    /// The JSON does not read as a workbench or scenarios. `line` and `column` are 0
    /// where a position would not help (a link, an upgraded file); `field` is the
    /// path of the field whose value the error is in (`scenarios[0].customers`), when
    /// one is found ("" if not).
    Json {
        message: String,
        line: usize,
        column: usize,
        field: String,
    },
    /// Valid JSON, but not fideliza work: not an object, or one without a format
    /// version.
    NotWork,
    Version {
        found: u64,
        supported: u32,
    },
    ScenarioCount(usize),
    Replications(u32),
    /// The view points past the scenarios or the horizon (the decoders tidy the view,
    /// so only [`Workbench::check`] of a state built by hand reports this).
    View {
        editing: usize,
        focus: usize,
        month: Option<u32>,
        scenarios: usize,
    },
    /// The autosave record around the workbench is not one this app writes.
    Record(String),
    /// Scenario `index` (0 = A) is not usable. `field` is the path of the field a JSON
    /// error is in (`replies.speed`), when one is found ("" if not).
    Scenario {
        index: usize,
        error: DecodeError,
        field: String,
    },
    /// A lesson link names a lesson that does not exist.
    UnknownLesson(String),
    /// Scenario `index` differs from A in a setting every scenario shares: the field
    /// at `path` (`horizon_months`, `population.segments[1].share`; a list's path when
    /// the lists differ in length), A's value and theirs (a list's lengths).
    SharedDiffers {
        index: usize,
        path: String,
        /// The segment's or competitor's name in A, when the setting is one of theirs.
        item: String,
        first: Option<Value>,
        theirs: Option<Value>,
    },
}

impl ShareError {
    /// What is wrong, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            ShareError::UnknownLesson(id) => {
                let list = super::lessons::lessons()
                    .iter()
                    .map(|l| l.id)
                    .collect::<Vec<_>>()
                    .join(", ");
                if es {
                    format!("El enlace pide la lección «{id}», que no existe (las lecciones son: {list}). Sigues con tu trabajo.")
                } else {
                    format!("The link asks for lesson \"{id}\", which does not exist (the lessons are: {list}). Your work is still here.")
                }
            }
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
                field,
            } => {
                let field = (!field.is_empty()).then_some(field.as_str());
                let detail = super::explain::json_detail(message, field, lang);
                match (*line, es) {
                    // A link or an upgraded file: no lines to point at.
                    (0, true) => format!("Su contenido no se puede leer: {detail}."),
                    (0, false) => format!("Its content cannot be read: {detail}."),
                    _ => {
                        let at = super::explain::json_position(*line, *column, lang);
                        if es {
                            format!("El JSON no se puede leer{at}: {detail}.")
                        } else {
                            format!("The JSON cannot be read{at}: {detail}.")
                        }
                    }
                }
            }
            ShareError::NotWork => if es {
                "No es un trabajo de fideliza: un trabajo es un objeto JSON con un campo «version»."
            } else {
                "It is not fideliza work, which is a JSON object with a \"version\" field."
            }
            .into(),
            ShareError::Version { found, supported } if *found > u64::from(*supported) => {
                // Say which version is needed, so the user knows the work is not lost:
                // a newer fideliza opens it.
                if es {
                    format!("Este trabajo es de una versión más reciente de fideliza (formato {found}); esta aplicación lee el formato {supported}. Ábrelo con una versión de fideliza que lea el formato {found}.")
                } else {
                    format!("This work comes from a newer version of fideliza (format {found}); this app reads format {supported}. Open it with a version of fideliza that reads format {found}.")
                }
            }
            ShareError::Version { found, supported } => {
                if es {
                    format!("Versión de formato {found} no admitida (esta aplicación lee la {supported}).")
                } else {
                    format!("Format version {found} is not supported (this app reads version {supported}).")
                }
            }
            ShareError::View {
                editing,
                focus,
                month,
                scenarios,
            } => {
                let month = month.map_or_else(|| "-".to_string(), |m| m.to_string());
                if es {
                    format!("La vista no corresponde al trabajo: escenario en edición {editing}, escenario destacado {focus} y mes {month}, con {scenarios} escenario(s).")
                } else {
                    format!("The view does not fit the work: scenario being edited {editing}, focused scenario {focus} and month {month}, with {scenarios} scenario(s).")
                }
            }
            ShareError::Record(detail) => {
                if es {
                    format!("El trabajo guardado en este navegador no se puede leer: {detail}")
                } else {
                    format!("The work saved in this browser cannot be read: {detail}")
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
            ShareError::SharedDiffers {
                index,
                path,
                item,
                first,
                theirs,
            } => {
                let letter = super::state::LETTERS.get(*index).copied().unwrap_or('?');
                let (label, first, theirs) = shared_words(path, item, *first, *theirs, lang);
                if es {
                    format!("El escenario {letter} tiene «{label}» en {theirs} y A en {first}: todos los escenarios comparten los mismos clientes y mercado, así que ese ajuste tiene que ser igual en todos.")
                } else {
                    format!("Scenario {letter} has \"{label}\" at {theirs} and A at {first}: every scenario shares the same customers and market, so that setting must be the same in all of them.")
                }
            }
            ShareError::Scenario {
                index,
                error,
                field,
            } => {
                let letter = super::state::LETTERS.get(*index).copied().unwrap_or('?');
                let field = (!field.is_empty()).then_some(field.as_str());
                let detail = super::explain::decode_error_message(error, field, lang);
                if es {
                    format!("Escenario {letter}: {detail}")
                } else {
                    format!("Scenario {letter}: {detail}")
                }
            }
        }
    }
}

/// The label of a shared setting and its two values as the editor writes them in
/// `lang` (a list's path names how many items it has; an item, by its name in A).
fn shared_words(
    path: &str,
    item: &str,
    first: Option<Value>,
    theirs: Option<Value>,
    lang: Lang,
) -> (String, String, String) {
    use super::levers::{Scope, control_at};
    let es = lang == Lang::Es;
    let count = |v: Option<Value>| match v {
        Some(Value::Integer(n)) => n.to_string(),
        _ => String::new(),
    };
    let lists = [
        (
            Scope::Segment,
            "número de segmentos",
            "number of customer segments",
        ),
        (
            Scope::Competitor,
            "número de competidores",
            "number of competitors",
        ),
    ];
    if let Some(&(_, in_es, in_en)) = lists.iter().find(|(s, ..)| s.list_path() == Some(path)) {
        let label = if es { in_es } else { in_en };
        return (label.into(), count(first), count(theirs));
    }
    match control_at(path) {
        Some(c) => (
            match item.trim() {
                "" => c.full_label(lang),
                name => c.label_named(name, lang),
            },
            c.display_value(first, lang),
            c.display_value(theirs, lang),
        ),
        None => (path.into(), count(first), count(theirs)),
    }
}

/// serde's error in reading `text`, its column counted in characters as an editor
/// counts them (serde counts bytes: "«nueva»" would push it past the end of the line).
fn json_error_in(e: &serde_json::Error, text: &str) -> ShareError {
    ShareError::Json {
        message: e.to_string(),
        line: e.line(),
        column: char_column(text, e.line(), e.column()),
        field: path_at(text, e.line(), e.column()),
    }
}

/// serde's error in reading `text` where a position would not help the user (the
/// text of a link, a file upgraded on the way in): the field it is in, no position.
fn json_error_unplaced(e: &serde_json::Error, text: &str) -> ShareError {
    ShareError::Json {
        message: sim::message_without_position(e),
        line: 0,
        column: 0,
        field: path_at(text, e.line(), e.column()),
    }
}

/// Where the value that ends at line `line`, byte column `column` (both from 1, as
/// serde gives an error's position) of `text` sits in the document, as a path of keys
/// and list places: `scenarios[0].population.segments[1].share`. Read by following the
/// brackets, keys and commas before that point; empty at the top level or when a key
/// does not look like one of our field names (lower case, digits and underscores).
fn path_at(text: &str, line: usize, column: usize) -> String {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut end = (line_start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // An object's key (empty until its first one is read) or a list's place.
    enum Level {
        Object(String),
        List(usize),
    }
    let mut levels: Vec<Level> = Vec::new();
    let (mut in_string, mut escaped, mut expecting_key) = (false, false, false);
    let mut string = String::new();
    for c in text[..end].chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    in_string = false;
                    if expecting_key && let Some(Level::Object(key)) = levels.last_mut() {
                        *key = std::mem::take(&mut string);
                        expecting_key = false;
                    }
                }
                _ if expecting_key => string.push(c),
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string.clear();
            }
            '{' => {
                levels.push(Level::Object(String::new()));
                expecting_key = true;
            }
            '[' => levels.push(Level::List(0)),
            '}' | ']' => {
                levels.pop();
            }
            ',' => match levels.last_mut() {
                Some(Level::List(place)) => *place += 1,
                Some(Level::Object(_)) => expecting_key = true,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(key) if key.is_empty() => {}
            Level::Object(key) => {
                let ours = key.len() <= 40
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if !ours {
                    return String::new();
                }
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::List(place) => path.push_str(&format!("[{place}]")),
        }
    }
    path
}

/// The character column of byte column `byte_column` (both from 1) on line `line` (from
/// 1) of `text`; unchanged when the line is not there.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(here) = text.split('\n').nth(line.wrapping_sub(1)) else {
        return byte_column;
    };
    let mut end = byte_column.saturating_sub(1).min(here.len());
    while !here.is_char_boundary(end) {
        end -= 1;
    }
    here[..end].chars().count() + 1
}

/// The workbench as readable JSON (autosave and workbench files).
pub fn workbench_to_json(wb: &Workbench) -> String {
    pretty(&compact(wb))
}

// The app's download size: every way of writing a type as JSON, and of reading one,
// adds a copy of that type's serde code (the workbench and its scenarios are large).
// So the app writes its types one way, compact ([`compact`]), and re-indents that text
// when people will read it ([`pretty`]); it reads them one way, from text
// (`serde_json::from_str`), going through a `Value` only to look at or upgrade a
// document before reading it.

/// `value` as compact JSON.
fn compact<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Compact JSON (as serde_json writes it) laid out for people the way
/// `serde_json::to_string_pretty` does: two-space indents, `": "`, empty `[]` and `{}`
/// kept on one line; fields stay in the order they were written.
fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// A workbench from JSON, fully checked. The view is tidied (brought within the
/// scenarios and the horizon) rather than refused: it only says what is on screen.
pub fn workbench_from_json(text: &str) -> Result<Workbench, ShareError> {
    if text.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(text.len()));
    }
    let probe: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error_in(&e, text))?;
    workbench_from_value(probe, Some(text))
}

/// A workbench from parsed JSON, fully checked, view tidied. `text`, when the JSON
/// came from a file, is read again for errors' positions in it.
fn workbench_from_value(
    probe: serde_json::Value,
    text: Option<&str>,
) -> Result<Workbench, ShareError> {
    // Read the version first, so an old or future file says so rather than failing
    // on a field it does not know.
    match probe.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(WORKBENCH_VERSION) => {}
        Some(found) => {
            return Err(ShareError::Version {
                found,
                supported: WORKBENCH_VERSION,
            });
        }
        None => return Err(ShareError::NotWork),
    }
    // Scenarios written by version 1 of the engine open upgraded (each scenario
    // carries its own format version).
    let mut probe = probe;
    let mut upgraded = false;
    if let Some(scenarios) = probe
        .get_mut("scenarios")
        .and_then(serde_json::Value::as_array_mut)
    {
        for s in scenarios.iter_mut() {
            upgraded |= sim::upgrade_v1(s);
        }
    }
    let read: Result<Workbench, ShareError> = match text {
        // Read from the user's own text, so an error's position is one in their file.
        Some(text) if !upgraded => serde_json::from_str(text).map_err(|e| json_error_in(&e, text)),
        // Upgraded or from a link: positions in this text would mislead, so none.
        _ => {
            let text = probe.to_string();
            serde_json::from_str(&text).map_err(|e| json_error_unplaced(&e, &text))
        }
    };
    let mut wb = read?;
    wb.tidy();
    wb.check()?;
    Ok(wb)
}

/// The autosave in the browser's storage: the workbench, plus a revision that every
/// save raises and the tab that wrote it, so tabs of one browser can keep in step and
/// none overwrites newer work from another.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// Raised by one at every save, by whichever tab saves.
    pub rev: u64,
    /// The tab that saved (a random id per page load).
    pub tab: String,
    pub workbench: Workbench,
}

/// Key naming the autosave record (and its format) in its JSON.
const RECORD_KEY: &str = "fideliza_autosave";
/// Version of the autosave record around the workbench.
pub const RECORD_VERSION: u64 = 1;
/// Longest tab id accepted from storage.
const MAX_TAB_ID: usize = 64;

/// The autosave record as JSON.
pub fn stored_to_json(stored: &Stored) -> String {
    format!(
        "{{{}:{RECORD_VERSION},\"rev\":{},\"tab\":{},\"workbench\":{}}}",
        compact(RECORD_KEY),
        stored.rev,
        compact(&stored.tab),
        compact(&stored.workbench)
    )
}

/// The autosave record, fully checked. An autosave from before records existed (a
/// bare workbench) reads as revision 0 of no tab.
pub fn stored_from_json(text: &str) -> Result<Stored, ShareError> {
    if text.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(text.len()));
    }
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error_in(&e, text))?;
    let Some(record) = value.as_object_mut() else {
        return Err(ShareError::Record("not a JSON object".into()));
    };
    let Some(format) = record.remove(RECORD_KEY) else {
        return workbench_from_value(value, None).map(|workbench| Stored {
            rev: 0,
            tab: String::new(),
            workbench,
        });
    };
    match format.as_u64() {
        Some(RECORD_VERSION) => {}
        Some(found) => {
            return Err(ShareError::Version {
                found,
                supported: RECORD_VERSION as u32,
            });
        }
        None => return Err(ShareError::Record(format!("{RECORD_KEY} is {format}"))),
    }
    let rev = record
        .get("rev")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| ShareError::Record("no revision".into()))?;
    let tab = match record.get("tab") {
        Some(serde_json::Value::String(t)) if t.len() <= MAX_TAB_ID => t.clone(),
        _ => return Err(ShareError::Record("no tab id".into())),
    };
    if record.len() != 3 {
        return Err(ShareError::Record("unknown fields".into()));
    }
    let workbench = record
        .remove("workbench")
        .ok_or_else(|| ShareError::Record("no workbench".into()))
        .and_then(|value| workbench_from_value(value, None))?;
    Ok(Stored {
        rev,
        tab,
        workbench,
    })
}

/// The workbench as a URL fragment (without the `#`).
pub fn workbench_to_link(wb: &Workbench) -> String {
    let json = compact(wb);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
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
    // A link has no lines a user could look at: errors name the field, not a position.
    let probe: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| json_error_unplaced(&e, &text))?;
    let wb = workbench_from_value(probe, None)?;
    // A link written by hand (or by another tool) may give scenarios their own
    // customers; the app compares scenarios on the same ones.
    shared_alike(&wb.scenarios)?;
    Ok(wb)
}

/// Scenarios in the engine's JSON: one scenario object when there is one, else an array.
pub fn scenarios_to_json(scenarios: &[Scenario]) -> String {
    pretty(&match scenarios {
        [one] => compact(one),
        many => compact(many),
    })
}

/// What a file brings into the workbench: its scenarios and, from a workbench file
/// (what the app exports), the seed and replications its numbers were run with.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub scenarios: Vec<Scenario>,
    /// `(seed, replications)`; `None` for engine scenarios, which carry neither.
    pub run: Option<(u64, u32)>,
}

/// A file picked for import: a workbench file (scenarios, seed and replications) or
/// engine scenarios (see [`scenarios_from_json`]). Refused, saying where, when its
/// scenarios differ in what every scenario shares (the customers and the market).
pub fn import_from_json(text: &str) -> Result<Imported, ShareError> {
    let imported = read_file(text)?;
    shared_alike(&imported.scenarios)?;
    Ok(imported)
}

/// `Ok` when every scenario has the first one's customers and market (the panels
/// [`super::state::is_shared`] applies to all scenarios at once); else the first
/// difference, as the editor names the setting.
pub fn shared_alike(scenarios: &[Scenario]) -> Result<(), ShareError> {
    use super::levers::{Scope, controls_in};
    let Some(first) = scenarios.first() else {
        return Ok(());
    };
    for (index, s) in scenarios.iter().enumerate().skip(1) {
        for scope in [Scope::Segment, Scope::Competitor] {
            let (a, b) = (scope.count(first), scope.count(s));
            if a != b {
                return Err(ShareError::SharedDiffers {
                    index,
                    path: scope.list_path().unwrap_or_default().to_string(),
                    item: String::new(),
                    first: Some(Value::Integer(a as i64)),
                    theirs: Some(Value::Integer(b as i64)),
                });
            }
        }
        for group in super::levers::Group::ALL {
            if !super::state::is_shared(group) {
                continue;
            }
            for control in controls_in(group, first) {
                if control.get(first) != control.get(s) {
                    return Err(ShareError::SharedDiffers {
                        index,
                        path: control.path(),
                        item: control.item_named(first).unwrap_or_default().to_string(),
                        first: control.get(first),
                        theirs: control.get(s),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Scenarios from a file: one engine scenario, an array of 1-4 of them, or a whole
/// workbench file (its scenarios). Each is decoded and validated by the engine.
#[cfg(test)]
pub fn scenarios_from_json(text: &str) -> Result<Vec<Scenario>, ShareError> {
    read_file(text).map(|imported| imported.scenarios)
}

/// What a file holds: one engine scenario, an array of 1-4 of them, or a whole
/// workbench file (its scenarios, seed and replications). Each scenario is decoded and
/// validated by the engine.
fn read_file(text: &str) -> Result<Imported, ShareError> {
    if text.len() > MAX_TEXT {
        return Err(ShareError::TooLarge(text.len()));
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error_in(&e, text))?;
    // Each scenario is read from its own stretch of the file, so that a position in an
    // error is one the user finds in their file.
    let items: Vec<&str> = match value {
        serde_json::Value::Array(_) => array_items(text),
        serde_json::Value::Object(ref map) if map.contains_key("scenarios") => {
            return workbench_from_json(text).map(|wb| Imported {
                scenarios: wb.scenarios,
                run: Some((wb.seed, wb.replications)),
            });
        }
        _ => vec![text],
    };
    if items.is_empty() || items.len() > MAX_SCENARIOS {
        return Err(ShareError::ScenarioCount(items.len()));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            sim::decode_scenario(item).map_err(|error| {
                // The field, found in the item's own text before its position is moved
                // to the file's.
                let field = match &error {
                    DecodeError::Json { line, column, .. } if *line > 0 => {
                        path_at(item, *line, *column)
                    }
                    _ => String::new(),
                };
                ShareError::Scenario {
                    index,
                    error: in_file(error, text, item),
                    field,
                }
            })
        })
        .collect::<Result<_, _>>()
        .map(|scenarios| Imported {
            scenarios,
            run: None,
        })
}

/// The stretches of `text`, a well-formed JSON array, that hold its items (found by
/// depth, outside strings; a few lines where serde's `RawValue` costs kilobytes of the
/// download).
fn array_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'[' | b'{' if depth == 0 => depth = 1,
            b'[' | b'{' => {
                start.get_or_insert(i);
                depth += 1;
            }
            b']' | b'}' if depth == 1 => {
                items.extend(start.take().map(|s| text[s..i].trim_end()));
                break;
            }
            b']' | b'}' => depth -= 1,
            b',' if depth == 1 => items.extend(start.take().map(|s| text[s..i].trim_end())),
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                in_string = true;
                start.get_or_insert(i);
            }
            _ if depth >= 1 => {
                start.get_or_insert(i);
            }
            _ => {}
        }
    }
    items
}

/// `error`, found reading `item` (a stretch of `text`), with its position counted from
/// the start of `text`: lines before the item are added, and on the item's first line
/// so are the columns before it (serde counts both from 1, columns in bytes); the
/// column is then counted in characters.
fn in_file(error: DecodeError, text: &str, item: &str) -> DecodeError {
    match error {
        DecodeError::Json {
            message,
            line,
            column,
        } if line > 0 => {
            let start = (item.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let before = text.get(..start).unwrap_or("");
            let lines_before = before.matches('\n').count();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = if line == 1 {
                column + (start - line_start)
            } else {
                column
            };
            let line = line + lines_before;
            DecodeError::Json {
                message,
                line,
                column: char_column(text, line, column),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_in_a_list_of_scenarios_points_at_its_line_in_the_file() {
        // Scenario B's reply speed is misspelt, far down a pretty-printed file.
        let mut b = serde_json::to_value(Scenario::default()).unwrap();
        b["replies"]["speed"] = "telepathy".into();
        let a = serde_json::to_value(Scenario::default()).unwrap();
        let file = serde_json::to_string_pretty(&serde_json::json!([a, b])).unwrap();
        let (at, _) = file
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("\"telepathy\""))
            .last()
            .unwrap();
        let refused = scenarios_from_json(&file).unwrap_err();
        // The message names the field as the editor does.
        let said = refused.message(Lang::En);
        assert!(
            said.contains("possible options for \"Reply time\""),
            "{said}"
        );
        let ShareError::Scenario { index, error, .. } = refused else {
            panic!("B is refused")
        };
        assert_eq!(index, 1);
        let DecodeError::Json { line, column, .. } = error else {
            panic!("a JSON error: {error}")
        };
        assert_eq!(line, at + 1, "{file}");
        // serde points just past the bad value, on its line.
        let text = file.lines().nth(at).unwrap();
        assert!(column > text.find("telepathy").unwrap() && column <= text.len() + 1);
        // On one line, the columns before the item count too.
        let one_line = format!("[{a}, {b}]");
        let Err(ShareError::Scenario { error, .. }) = scenarios_from_json(&one_line) else {
            panic!("B is refused")
        };
        let DecodeError::Json { line, column, .. } = error else {
            panic!("a JSON error")
        };
        assert_eq!(line, 1);
        let bad = one_line.rfind("telepathy").unwrap();
        assert!(
            column > bad && column <= bad + "telepathy\"".len() + 1,
            "{column} vs {bad}"
        );
    }

    #[test]
    fn the_items_of_a_json_array_are_found_in_its_text() {
        let text = " [ {\"a\": [1, {\"b\": \"],}\\\"\"}]} ,2,\n\"x,]\" , [] , {} ]\n";
        assert_eq!(
            array_items(text),
            [
                "{\"a\": [1, {\"b\": \"],}\\\"\"}]}",
                "2",
                "\"x,]\"",
                "[]",
                "{}"
            ]
        );
        // Each is the JSON serde reads for that item.
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        for (item, expected) in array_items(text).iter().zip(value.as_array().unwrap()) {
            assert_eq!(
                &serde_json::from_str::<serde_json::Value>(item).unwrap(),
                expected
            );
        }
        assert!(array_items("[]").is_empty());
        assert_eq!(array_items("[ -1.5e3 ]"), ["-1.5e3"]);
    }

    #[test]
    fn an_error_in_a_workbench_file_points_at_its_line() {
        // A hand-edited workbench file: the second scenario's reply speed misspelt. Its
        // error once said "line 0, column 0", wherever it was.
        let mut wb = Workbench::new(Lang::Es);
        wb.scenarios.push(Scenario::default());
        let text = workbench_to_json(&wb);
        let at = text.rfind("\"speed\"").unwrap();
        let value_end = at + text[at..].find(',').unwrap();
        let edited = format!("{}: \"telepathy\"{}", &text[..at + 7], &text[value_end..]);
        let line = edited[..at].matches('\n').count() + 1;
        let error = workbench_from_json(&edited).unwrap_err();
        assert!(
            matches!(error, ShareError::Json { line: l, .. } if l == line),
            "{error:?} (expected line {line})"
        );
        let said = error.message(Lang::Es);
        assert!(said.contains(&format!("(línea {line}, columna ")), "{said}");
        // The same workbench from a link has no file to point into: no position.
        let from_link = workbench_from_value(serde_json::from_str(&edited).unwrap(), None);
        let said = from_link.unwrap_err().message(Lang::En);
        assert!(
            said.starts_with("Its content cannot be read: ")
                && said.contains(
                    "\"telepathy\" is not one of the possible options for \"Reply time\""
                ),
            "{said}"
        );
    }

    #[test]
    fn columns_count_characters_as_editors_do() {
        // serde counts bytes: on a line with «», á and ó its column ran past the line's end.
        let s = Scenario {
            name: "Atención rápida «nueva»".into(),
            ..Scenario::default()
        };
        let text = serde_json::to_string_pretty(&s).unwrap();
        let good = format!("\"customers\": {},", s.customers);
        let name_line = format!("\"name\": \"{}\",", s.name);
        assert!(text.contains(&good) && text.contains(&name_line));
        let edited = text.replace(&good, "").replace(
            &name_line,
            &format!("{name_line} \"customers\": \"muchos\","),
        );
        let line_no = edited.lines().position(|l| l.contains("muchos")).unwrap() + 1;
        let line = edited.lines().nth(line_no - 1).unwrap();
        for file in [edited.clone(), format!("[{edited}]")] {
            let Err(ShareError::Scenario { error, .. }) = scenarios_from_json(&file) else {
                panic!("refused")
            };
            let DecodeError::Json {
                line: l, column, ..
            } = error
            else {
                panic!("a JSON error")
            };
            assert_eq!(l, line_no);
            // serde points at or just past the bad value, within the line.
            let bad = line[..line.find("muchos").unwrap()].chars().count() + 1;
            assert!(
                column >= bad && column <= line.chars().count() + 1,
                "column {column} on {line:?} ({} characters; value at {bad})",
                line.chars().count()
            );
        }
        assert_eq!(char_column("aé«b", 1, 6), 4);
        assert_eq!(char_column("x\n«»z", 2, 5), 3);
        assert_eq!(char_column("x", 3, 9), 9);
    }

    #[test]
    fn an_error_with_no_position_names_none() {
        // A version 1 file is upgraded before it is read: positions in the upgraded
        // text would mislead, so the message gives none (it once said "line 0").
        let mut old = serde_json::to_value(Scenario::default()).unwrap();
        old["version"] = 1.into();
        old["replies"]["speed"] = "telepathy".into();
        let error = scenarios_from_json(&old.to_string()).unwrap_err();
        for lang in [Lang::Es, Lang::En] {
            let text = error.message(lang);
            assert!(text.contains("telepathy"), "{text}");
            assert!(!text.contains(" 0"), "{text}");
        }
    }

    #[test]
    fn unreadable_json_is_explained_in_the_users_language() {
        let cut = workbench_from_json("{\"version\": 1, \"scenarios\": [").unwrap_err();
        let list = scenarios_from_json("[1, 2, 3]").unwrap_err();
        let mut option = serde_json::to_value(Scenario::default()).unwrap();
        option["replies"]["speed"] = "telepathy".into();
        let option = scenarios_from_json(&option.to_string()).unwrap_err();
        let typo = scenarios_from_json("{\"version\": 2,, }").unwrap_err();
        let expected = [
            (&cut, "se acaba antes de tiempo", "ends too soon"),
            (
                &list,
                "el número 1 no es el tipo de valor",
                "the number 1 is not the kind",
            ),
            (
                &option,
                "«telepathy» no es una de",
                "\"telepathy\" is not one of",
            ),
            (&typo, "no es JSON bien formado", "not well-formed JSON"),
        ];
        for (error, es, en) in expected {
            let (in_es, in_en) = (error.message(Lang::Es), error.message(Lang::En));
            assert!(in_es.contains(es), "{in_es}");
            assert!(in_en.contains(en), "{in_en}");
            // Nothing of the parser's own English, nor our type names.
            for parser in [
                "EOF",
                "expected",
                "invalid type",
                "VersionProbe",
                " at line ",
            ] {
                assert!(!in_es.contains(parser), "{in_es}");
                assert!(!in_en.contains(parser), "{in_en}");
            }
        }
    }

    #[test]
    fn files_are_laid_out_as_serde_json_lays_them_out() {
        // One way of writing JSON in the app (compact), laid out afterwards: the same
        // text as serde_json's own pretty printer, field order kept.
        let mut wb = workbench();
        wb.scenarios[0].name = "Comillas \" y \\ barra, {llaves} [corchetes]: sí".into();
        assert_eq!(
            workbench_to_json(&wb),
            serde_json::to_string_pretty(&wb).unwrap()
        );
        assert_eq!(
            scenarios_to_json(&wb.scenarios),
            serde_json::to_string_pretty(&wb.scenarios).unwrap()
        );
        assert_eq!(
            scenarios_to_json(&wb.scenarios[..1]),
            serde_json::to_string_pretty(&wb.scenarios[0]).unwrap()
        );
        assert_eq!(
            pretty(r#"{"a":[],"b":{},"c":[1,{"d":"x"}]}"#),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"x\"\n    }\n  ]\n}"
        );
    }

    #[test]
    fn links_and_files_of_the_first_format_still_open() {
        // Written by the app before prices and plans (scenario format 1).
        let link = include_str!("../../tests/fixtures/v1-workbench-link.txt").trim();
        let wb = workbench_from_link(link).expect("an old link opens");
        assert_eq!((wb.seed, wb.view.month), (77, Some(30)));
        assert_eq!(wb.scenarios.len(), 2);
        assert_eq!(wb.scenarios[1].name, "Permanencia de 24 meses");
        for s in &wb.scenarios {
            assert_eq!(s.version, sim::SCENARIO_VERSION);
            assert!((s.market.focal_price - 31.0).abs() < 1e-9);
        }
        let json = include_str!("../../tests/fixtures/v1-workbench.json");
        let wb = workbench_from_json(json).expect("an old workbench file opens");
        assert_eq!(wb.preset.as_deref(), Some("reactive-vs-proactive"));
        assert!(wb.scenarios[1].communication.proactive);
        // Saved again, it is the current format and reads back the same.
        assert_eq!(workbench_from_json(&workbench_to_json(&wb)), Ok(wb));
    }

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

    /// A link holding `json` as fideliza writes links.
    fn link_of(json: &str) -> String {
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
    }

    #[test]
    fn an_edited_link_names_the_field_and_no_line() {
        // A link is one line of packed text: "line 1, column 88" pointed at nothing the
        // user can see. The field the bad value is in is what helps.
        let json = compact(&workbench());
        let cases = [
            (
                json.replacen("\"customers\":20000", "\"customers\":\"many\"", 1),
                "a text is not the kind of value that belongs in \"People in the market\": it goes from 1\u{a0}person to 2,000,000\u{a0}people",
                "un texto no es el tipo de valor que va en «Personas en el mercado»: va de 1\u{a0}persona a 2.000.000\u{a0}personas",
            ),
            (
                json.replacen("\"speed\":\"", "\"speed\":\"telepathy", 1),
                "is not one of the possible options for \"Reply time\"",
                "no es una de las opciones posibles de «Tiempo de respuesta»",
            ),
            (
                json.replacen("\"replications\":", "\"replications\":-", 1),
                "the value of \"Replications\" is not valid: it goes from 1 to 500",
                "el valor de «Réplicas» no es válido: va de 1 a 500",
            ),
        ];
        // A segment's lever is named with its place, as the editor names it: the
        // second segment's enquiries, not "enquiry_rate".
        let second = json.match_indices("\"enquiry_rate\":").nth(1).unwrap().0;
        let segment = format!("{}\"enquiry_rate\":\"often\",{}", &json[..second], {
            let rest = &json[second..];
            &rest[rest.find(',').unwrap() + 1..]
        });
        let enquiries =
            crate::app::levers::control_at("population.segments[1].enquiry_rate").unwrap();
        let cases = cases
            .into_iter()
            .map(|(edited, en, es)| (edited, en.to_string(), es.to_string()))
            .chain([(
                segment,
                format!("belongs in \"{}\"", enquiries.full_label(Lang::En)),
                format!("va en «{}»", enquiries.full_label(Lang::Es)),
            )]);
        for (edited, en, es) in cases {
            assert_ne!(edited, json, "the edit applies");
            let error = workbench_from_link(&link_of(&edited)).unwrap_err();
            let (said_en, said_es) = (error.message(Lang::En), error.message(Lang::Es));
            assert!(
                said_en.starts_with("Its content cannot be read: "),
                "{said_en}"
            );
            assert!(said_en.contains(&en), "{said_en}");
            assert!(said_es.contains(&es), "{said_es}");
            for said in [said_en, said_es] {
                assert!(!said.contains("line") && !said.contains("línea"), "{said}");
            }
        }
        // In a file, the position stays and the field is named too.
        let file = workbench_to_json(&workbench()).replacen("\"seed\": 99", "\"seed\": \"x\"", 1);
        let said = workbench_from_json(&file).unwrap_err().message(Lang::En);
        assert!(
            said.contains("(line ") && said.contains("belongs in \"Random seed\""),
            "{said}"
        );
        assert_eq!(path_at("{\"a\":{\"b_2\":\"x\"}}", 1, 14), "a.b_2");
        assert_eq!(path_at("[1,2]", 1, 3), "[1]");
        assert_eq!(path_at("{\"Name «x»\":1}", 1, 14), "");
        // Lists count their places; a key's string value ("a,]") moves nothing.
        let text = "{\"s\":[{\"n\":\"a,]\"},{\"n\":1,\"share\":true}]}";
        assert_eq!(path_at(text, 1, text.len() - 3), "s[1].share");
    }

    #[test]
    fn an_exported_file_brings_back_its_seed_and_replications_and_shared_settings_must_agree() {
        let mut wb = workbench();
        wb.replications = 7;
        let imported = import_from_json(&workbench_to_json(&wb)).unwrap();
        assert_eq!(imported.scenarios, wb.scenarios);
        assert_eq!(imported.run, Some((99, 7)));
        // Engine scenarios carry no seed: the workbench keeps its own.
        let bare = import_from_json(&scenarios_to_json(&wb.scenarios)).unwrap();
        assert_eq!(bare.run, None);
        // A horizon is shared by every scenario: a file where B's differs is refused,
        // saying which setting and both values, in either language.
        let mut pair = sim::preset("lock-in-vs-free-exit").unwrap().scenarios;
        pair[1].horizon_months = 36;
        let refused = import_from_json(&scenarios_to_json(&pair)).unwrap_err();
        assert!(
            matches!(&refused, ShareError::SharedDiffers { index: 1, path, .. } if path == "horizon_months"),
            "{refused:?}"
        );
        let said = refused.message(Lang::En);
        assert!(
            said.starts_with("Scenario B has \"Horizon\" at 36"),
            "{said}"
        );
        assert!(said.contains("A at 60"), "{said}");
        assert!(
            refused.message(Lang::Es).contains("«Horizonte»"),
            "{}",
            refused.message(Lang::Es)
        );
        // So is a link that does it.
        let mut linked = workbench();
        linked.scenarios = pair.clone();
        assert!(matches!(
            workbench_from_link(&workbench_to_link(&linked)),
            Err(ShareError::SharedDiffers { index: 1, .. })
        ));
        // A segment more in B: the lists' lengths are named.
        let mut pair = sim::preset("lock-in-vs-free-exit").unwrap().scenarios;
        let extra = pair[1].population.segments[0].clone();
        pair[1].population.segments.push(extra);
        for s in pair[1].population.segments.iter_mut() {
            s.share = 1.0 / 3.0;
        }
        let refused = import_from_json(&scenarios_to_json(&pair)).unwrap_err();
        assert_eq!(
            refused.message(Lang::En),
            "Scenario B has \"number of customer segments\" at 3 and A at 2: every scenario shares the same customers and market, so that setting must be the same in all of them."
        );
        // Every example's scenarios agree on them.
        for p in sim::presets() {
            assert_eq!(shared_alike(&p.scenarios), Ok(()), "{}", p.id);
        }
    }

    #[test]
    fn json_that_is_not_work_says_so() {
        // `[1,2,3]` or an object without a version once read "format version 0".
        for json in ["[1,2,3]", "{\"a\":1}", "\"text\"", "{\"version\":\"1\"}"] {
            assert_eq!(
                workbench_from_link(&link_of(json)),
                Err(ShareError::NotWork),
                "{json}"
            );
            assert_eq!(
                workbench_from_json(json),
                Err(ShareError::NotWork),
                "{json}"
            );
        }
        assert_eq!(
            ShareError::NotWork.message(Lang::En),
            "It is not fideliza work, which is a JSON object with a \"version\" field."
        );
        assert!(!ShareError::NotWork.message(Lang::Es).contains('0'));
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

    /// Every place in a JSON tree, as a list of steps from the root.
    fn paths(value: &serde_json::Value, here: Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(here.clone());
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let mut p = here.clone();
                    p.push(Step::Key(k.clone()));
                    paths(v, p, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = here.clone();
                    p.push(Step::Index(i));
                    paths(v, p, out);
                }
            }
            _ => {}
        }
    }

    #[derive(Clone, Debug)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn at<'a>(v: &'a mut serde_json::Value, path: &[Step]) -> &'a mut serde_json::Value {
        path.iter().fold(v, |v, step| match step {
            Step::Key(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        })
    }

    /// What a careless edit, a newer or older app, or a damaged store can put at a place.
    fn replacements(original: &serde_json::Value) -> Vec<serde_json::Value> {
        use serde_json::json;
        let mut out = vec![
            json!(null),
            json!(true),
            json!(-1),
            json!(0),
            json!(1),
            json!(2),
            json!(3),
            json!(4),
            json!(5),
            json!(601),
            json!(u32::MAX),
            json!(u64::MAX),
            json!(-1e308),
            json!(1e308),
            json!(0.5),
            json!(""),
            json!("x".repeat(300)),
            json!([]),
            json!({}),
            json!([original.clone(), original.clone()]),
        ];
        if let Some(items) = original.as_array() {
            let mut more = items.clone();
            more.extend(items.iter().cloned());
            out.push(json!(more));
            out.push(json!(items.iter().take(1).cloned().collect::<Vec<_>>()));
        }
        out
    }

    /// Issue 8, failure 1: any workbench the decoders accept must be usable as it is:
    /// it passes its own check, and the view indexes its scenarios and horizon (the
    /// editor indexes `scenarios[view.editing]`). Anything else is a clear error.
    fn assert_usable_or_explained(outcome: Result<Workbench, ShareError>, what: &str) {
        match outcome {
            Ok(wb) => {
                assert_eq!(wb.check(), Ok(()), "{what}");
                assert!(wb.view.editing < wb.scenarios.len(), "{what}");
                assert!(wb.view.focus < wb.scenarios.len(), "{what}");
                assert!(wb.view.month.is_none_or(|m| m <= wb.horizon()), "{what}");
                let state = crate::app::state::AppState::new(wb);
                let _editor_reads = &state.wb.scenarios[state.wb.view.editing];
            }
            Err(e) => {
                for lang in [Lang::Es, Lang::En] {
                    assert!(e.message(lang).len() > 10, "{what}: {e:?}");
                }
            }
        }
    }

    #[test]
    fn mutated_links_and_autosaves_decode_to_a_usable_workbench_or_a_clear_error() {
        let mut wb = workbench();
        wb.scenarios.truncate(1);
        wb.scenarios
            .push(sim::preset("reactive-vs-proactive").unwrap().scenarios[1].clone());
        wb.view.editing = 1;
        let base = serde_json::to_value(&wb).unwrap();
        let mut places = Vec::new();
        paths(&base, Vec::new(), &mut places);
        assert!(places.len() > 200, "{} places", places.len());
        let (mut accepted, mut refused) = (0, 0);
        for (k, path) in places.iter().enumerate() {
            let original = at(&mut base.clone(), path).clone();
            let mut variants: Vec<serde_json::Value> = replacements(&original)
                .into_iter()
                .map(|r| {
                    let mut v = base.clone();
                    *at(&mut v, path) = r;
                    v
                })
                .collect();
            // The field taken out altogether.
            if let Some((Step::Key(key), parent)) = path.split_last() {
                let mut v = base.clone();
                if let Some(map) = at(&mut v, parent).as_object_mut() {
                    map.remove(key);
                }
                variants.push(v);
            }
            for (j, v) in variants.iter().enumerate() {
                let text = v.to_string();
                let what = format!("{path:?} variant {j}");
                let outcome = workbench_from_json(&text);
                match &outcome {
                    Ok(_) => accepted += 1,
                    Err(_) => refused += 1,
                }
                assert_usable_or_explained(outcome, &what);
                let stored = Stored {
                    rev: 3,
                    tab: "t".into(),
                    workbench: wb.clone(),
                };
                let record = stored_to_json(&stored).replacen(
                    &serde_json::to_string(&wb).unwrap(),
                    &text,
                    1,
                );
                assert_usable_or_explained(
                    stored_from_json(&record).map(|s| s.workbench),
                    &format!("autosave {what}"),
                );
                // Links deflate: check one variant in seven that way too.
                if (k + j) % 7 == 0 {
                    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 1);
                    let link = format!("{LINK_PREFIX}{}", URL_SAFE_NO_PAD.encode(packed));
                    assert_usable_or_explained(workbench_from_link(&link), &format!("link {what}"));
                }
            }
        }
        assert!(
            accepted > 50 && refused > 1000,
            "{accepted} accepted, {refused} refused"
        );
    }

    #[test]
    fn a_view_past_the_scenarios_or_the_horizon_is_tidied_on_the_way_in() {
        let mut wb = workbench();
        wb.scenarios.truncate(1);
        let mut text = workbench_to_json(&wb);
        text = text.replacen("\"editing\": 0", "\"editing\": 1", 1);
        text = text.replacen("\"month\": 12", "\"month\": 4000", 1);
        let wb = workbench_from_json(&text).expect("a view is tidied, not refused");
        assert_eq!(wb.view.editing, 0);
        assert_eq!(wb.view.month, Some(wb.horizon()));
        let link = workbench_to_link(&wb);
        assert_eq!(workbench_from_link(&link), Ok(wb));
    }

    #[test]
    fn the_autosave_record_round_trips_and_reads_bare_workbenches_and_refuses_damage() {
        let stored = Stored {
            rev: 41,
            tab: "a1b2".into(),
            workbench: workbench(),
        };
        let json = stored_to_json(&stored);
        assert_eq!(stored_from_json(&json), Ok(stored.clone()));
        // Written field by field: the header as expected, a quote in the tab escaped.
        let quoted = Stored {
            rev: 7,
            tab: "t\"1".into(),
            workbench: workbench(),
        };
        let text = stored_to_json(&quoted);
        assert!(
            text.starts_with(r#"{"fideliza_autosave":1,"rev":7,"tab":"t\"1","workbench":{"#),
            "{text}"
        );
        assert_eq!(stored_from_json(&text), Ok(quoted));
        let bare = stored_from_json(&workbench_to_json(&stored.workbench)).unwrap();
        assert_eq!((bare.rev, bare.tab.as_str()), (0, ""));
        assert_eq!(bare.workbench, stored.workbench);
        let future = json.replacen("\"fideliza_autosave\":1", "\"fideliza_autosave\":2", 1);
        assert!(matches!(
            stored_from_json(&future),
            Err(ShareError::Version { found: 2, .. })
        ));
        let extra = json.replacen("\"rev\":41", "\"rev\":41,\"x\":1", 1);
        assert!(matches!(
            stored_from_json(&extra),
            Err(ShareError::Record(_))
        ));
        for broken in ["[]", "3", "{}", "{\"fideliza_autosave\":1}"] {
            let e = stored_from_json(broken).unwrap_err();
            assert!(!e.message(Lang::Es).is_empty(), "{broken}");
        }
    }

    #[test]
    fn a_future_version_says_which_version_it_needs() {
        let text = workbench_to_json(&workbench()).replacen("\"version\": 1", "\"version\": 7", 1);
        let e = workbench_from_json(&text).unwrap_err();
        assert!(
            e.message(Lang::En).contains("newer version"),
            "{}",
            e.message(Lang::En)
        );
        assert!(e.message(Lang::En).contains("format 7"));
        assert!(e.message(Lang::Es).contains("formato 7"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Links cut, spliced or with bytes changed in transit.
        #[test]
        fn links_damaged_anywhere_never_panic(
            cut in 0usize..4000,
            at_byte in 0usize..4000,
            byte in proptest::prelude::any::<u8>(),
            insert in ".{0,8}",
        ) {
            let mut link = workbench_to_link(&workbench()).into_bytes();
            let k = at_byte % link.len();
            link[k] = byte;
            let mut link = String::from_utf8_lossy(&link).into_owned();
            let cut = cut % (link.len() + 1);
            if link.is_char_boundary(cut) {
                link.insert_str(cut, &insert);
            }
            assert_usable_or_explained(workbench_from_link(&link), &link);
        }

        /// Autosaves with text changed anywhere.
        #[test]
        fn autosaves_damaged_anywhere_never_panic(at_char in 0usize..20000, insert in ".{0,6}", drop in 0usize..5) {
            let text = stored_to_json(&Stored { rev: 1, tab: "t".into(), workbench: workbench() });
            let mut chars: Vec<char> = text.chars().collect();
            let k = at_char % chars.len();
            let end = (k + drop).min(chars.len());
            chars.splice(k..end, insert.chars());
            let damaged: String = chars.into_iter().collect();
            assert_usable_or_explained(stored_from_json(&damaged).map(|s| s.workbench), &damaged);
        }
    }
}
