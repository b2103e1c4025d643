//! The workbench's state and its one reducer.
//!
//! [`Workbench`] is what the user builds and keeps: up to four scenarios A-D on the same
//! customers and random numbers, the seed, the number of replications, the language and
//! the view. It is what autosave, the share link and the workbench file store.
//! [`AppState`] adds what only lives while the page is open: the run in progress, its
//! results, the message on screen and the values refused at a control.
//!
//! Every change goes through [`AppState::reduce`]; the UI wraps it in a Yew reducer.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::i18n::Lang;
use super::lessons::{self, Guess, Lesson, Stage};
use super::levers::{Control, Group, LeverError, Value};
use super::sensitivity::{self, Plan, PlanError, Study};
use super::share::ShareError;
use crate::sim::{self, Comparison, RunError, Scenario};

/// Scenarios side by side at most (A-D).
pub const MAX_SCENARIOS: usize = 4;
/// Replications a user may ask for.
pub const MAX_REPLICATIONS: u32 = 500;
/// Version of the stored workbench format.
pub const WORKBENCH_VERSION: u32 = 1;
/// The seed and replications a first visit runs with (and lessons, whose texts are
/// tested at them).
pub const FIRST_SEED: u64 = 2026;
pub const FIRST_REPLICATIONS: u32 = 20;
/// The preset a first visit opens with.
pub const FIRST_PRESET: &str = "lock-in-vs-free-exit";
/// Letters of the scenarios, in order.
pub const LETTERS: [char; MAX_SCENARIOS] = ['A', 'B', 'C', 'D'];

/// What the user builds and keeps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workbench {
    pub version: u32,
    pub lang: Lang,
    /// One to four scenarios; the first (A) is the reference of the paired differences.
    pub scenarios: Vec<Scenario>,
    pub seed: u64,
    pub replications: u32,
    /// The preset the scenarios came from, for its explanation (cleared by no edit:
    /// the explanation stays useful while the user experiments).
    pub preset: Option<String>,
    pub view: View,
}

/// What is on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The scenario open in the editor.
    pub editing: usize,
    /// The scenario shown by single-scenario charts (churn by reason, states, flows).
    pub focus: usize,
    /// Months revealed on the charts (playback); `None` shows the whole horizon.
    pub month: Option<u32>,
    /// The series shown by the "any series" chart.
    #[serde(default = "explored_by_default")]
    pub series: sim::Series,
    /// The series of the paired-difference chart (its running total when it has one).
    #[serde(default = "compared_by_default")]
    pub compared: sim::Series,
    /// The scenario the paired-difference chart subtracts (A unless another is chosen).
    #[serde(default)]
    pub baseline: usize,
}

/// The paired-difference chart starts with the margin (cumulative): the bottom line.
pub fn compared_by_default() -> sim::Series {
    sim::Series::Margin
}

/// The series the "any series" chart starts with.
pub fn explored_by_default() -> sim::Series {
    sim::Series::AveragePrice
}

impl Workbench {
    /// A first visit: the lock-in vs free exit pair, in the given language.
    pub fn new(lang: Lang) -> Self {
        let mut wb = Self {
            version: WORKBENCH_VERSION,
            lang,
            scenarios: vec![Scenario::default()],
            seed: FIRST_SEED,
            replications: FIRST_REPLICATIONS,
            preset: None,
            view: View {
                editing: 0,
                focus: 0,
                month: None,
                series: explored_by_default(),
                compared: compared_by_default(),
                baseline: 0,
            },
        };
        wb.load_preset(FIRST_PRESET);
        wb
    }

    /// Switches the language; the names examples gave the scenarios follow it (names
    /// the user typed stay as typed).
    pub fn set_lang(&mut self, lang: Lang) {
        if lang != self.lang {
            for s in &mut self.scenarios {
                localise_names(s, lang);
            }
        }
        self.lang = lang;
    }

    /// Replaces the scenarios by a preset's, with their names in the workbench's
    /// language; false if there is no such preset.
    pub fn load_preset(&mut self, id: &str) -> bool {
        let Some(scenarios) = example_scenarios(id, self.lang) else {
            return false;
        };
        self.scenarios = scenarios;
        self.preset = Some(id.to_string());
        self.view = View {
            editing: 0,
            focus: self.scenarios.len() - 1,
            month: None,
            series: self.view.series,
            compared: self.view.compared,
            baseline: 0,
        };
        true
    }

    /// Months of the horizon (shared by all scenarios; the longest if they differ).
    pub fn horizon(&self) -> u32 {
        self.scenarios
            .iter()
            .map(|s| s.horizon_months)
            .max()
            .unwrap_or(0)
    }

    /// Everything that stops this workbench from being used, or `Ok`. Fixes nothing:
    /// a view that points past the scenarios or the horizon is an error here, and
    /// [`Workbench::tidy`] is what brings it back in range.
    pub fn check(&self) -> Result<(), ShareError> {
        if self.version != WORKBENCH_VERSION {
            return Err(ShareError::Version {
                found: u64::from(self.version),
                supported: WORKBENCH_VERSION,
            });
        }
        if self.scenarios.is_empty() || self.scenarios.len() > MAX_SCENARIOS {
            return Err(ShareError::ScenarioCount(self.scenarios.len()));
        }
        if self.replications == 0 || self.replications > MAX_REPLICATIONS {
            return Err(ShareError::Replications(self.replications));
        }
        for (index, s) in self.scenarios.iter().enumerate() {
            if let Err(problems) = sim::validate(s) {
                return Err(ShareError::Scenario {
                    index,
                    error: sim::DecodeError::Invalid(problems),
                    field: String::new(),
                });
            }
        }
        let view = &self.view;
        let month_ok = view.month.is_none_or(|m| m <= self.horizon());
        if view.editing >= self.scenarios.len()
            || view.focus >= self.scenarios.len()
            || view.baseline >= self.scenarios.len()
            || !month_ok
        {
            return Err(ShareError::View {
                editing: view.editing,
                focus: view.focus,
                month: view.month,
                scenarios: self.scenarios.len(),
            });
        }
        Ok(())
    }

    /// Brings the view back within the scenarios and the horizon (the editor and the
    /// charts index scenarios by it). Every state the app builds goes through here.
    pub fn tidy(&mut self) {
        let last = self.scenarios.len().saturating_sub(1);
        self.view.editing = self.view.editing.min(last);
        self.view.focus = self.view.focus.min(last);
        self.view.baseline = self.view.baseline.min(last);
        let horizon = self.horizon();
        if let Some(m) = self.view.month.as_mut() {
            *m = (*m).min(horizon);
        }
        // An example this app does not know has no explanation to show.
        if self
            .preset
            .as_deref()
            .is_some_and(|id| sim::preset(id).is_none())
        {
            self.preset = None;
        }
    }

    /// Whether two workbenches hold the same work, whatever each shows on screen.
    pub fn same_work(&self, other: &Workbench) -> bool {
        let mut a = self.clone();
        a.view = other.view.clone();
        a == *other
    }

    /// A scenario name that no other scenario has, based on `base`.
    fn unique_name(&self, base: &str) -> String {
        let taken = |n: &str| self.scenarios.iter().any(|s| s.name == n);
        if !taken(base) {
            return base.to_string();
        }
        // A copy of "Plan (2)" is "Plan (3)", not "Plan (2) (2)".
        let stem = match base.rsplit_once(" (") {
            Some((stem, k))
                if k.strip_suffix(')')
                    .is_some_and(|k| k.parse::<u32>().is_ok()) =>
            {
                stem
            }
            _ => base,
        };
        (2..)
            .map(|k| format!("{stem} ({k})"))
            .find(|n| !taken(n))
            .unwrap_or_default()
    }
}

/// Spanish names for the built-in examples' scenarios, firms and segments (the engine
/// writes them in English). Names the user typed are never in this table.
const SPANISH_NAMES: &[(&str, &str)] = &[
    ("Neutral (sBG only)", "Neutro (solo sBG)"),
    ("Default market", "Mercado por defecto"),
    ("Free exit", "Salida libre"),
    ("24-month lock-in", "Permanencia de 24 meses"),
    ("Replies after 24 h or more", "Respuesta en 24 h o más"),
    ("Immediate replies", "Respuesta inmediata"),
    ("No customer memory", "Sin memoria del cliente"),
    (
        "CRM memory with proactive offers",
        "Memoria CRM con ofertas proactivas",
    ),
    ("Opt-in service", "Servicio voluntario"),
    (
        "Forced migration in month 12",
        "Migración obligada en el mes 12",
    ),
    (
        "Forced migration, no exceptions",
        "Migración obligada, sin excepciones",
    ),
    (
        "Forced migration, old channel on request",
        "Migración obligada, canal antiguo a petición",
    ),
    ("Through distributors", "A través de distribuidores"),
    ("Direct relationship", "Relación directa"),
    (
        "Reactive (waits for calls)",
        "Reactiva (espera a que llamen)",
    ),
    ("Proactive (warns first)", "Proactiva (avisa antes)"),
    // The names before 2026-11 (saved work and files keep them).
    ("Reactive during the storm", "Reactiva durante el temporal"),
    (
        "Proactive during the storm",
        "Proactiva durante el temporal",
    ),
    ("Our firm", "Nuestra empresa"),
    ("Rival North", "Rival Norte"),
    ("Rival South", "Rival Sur"),
    ("Settled", "Asentados"),
    ("Demanding", "Exigentes"),
    ("Everyone", "Todos"),
];

/// An example's name in `lang`; any other name (one the user typed) stays as it is.
fn in_language(name: &mut String, lang: Lang) {
    let found = SPANISH_NAMES.iter().find_map(|&(en, es)| match lang {
        Lang::Es if name == en => Some(es),
        Lang::En if name == es => Some(en),
        _ => None,
    });
    if let Some(other) = found {
        *name = other.to_string();
    }
}

/// Gives the names an example gave a scenario (scenario, firms, segments) in `lang`:
/// when an example is loaded, and when the language changes, so that a Spanish app does
/// not show "Free exit" because the work began in English.
fn localise_names(s: &mut Scenario, lang: Lang) {
    in_language(&mut s.name, lang);
    in_language(&mut s.market.focal_name, lang);
    for c in &mut s.market.competitors {
        in_language(&mut c.name, lang);
    }
    for g in &mut s.population.segments {
        in_language(&mut g.name, lang);
    }
}

/// `c` with the names its scenarios, firms and segments go by now in `scenarios` (those
/// it was run from): the charts name firms and segments from the results, and a change
/// of language renames the examples' scenarios, firms and segments without a new run
/// (nor should a run started before it bring the old names back). The same `Rc` when
/// every name is already so.
fn named_as(c: Rc<Comparison>, scenarios: &[Scenario]) -> Rc<Comparison> {
    let names: Vec<(String, Vec<String>, Vec<String>)> = scenarios
        .iter()
        .map(|s| {
            let segments = s.population.segments.iter().map(|g| g.name.clone());
            (s.name.clone(), s.firm_names(), segments.collect())
        })
        .collect();
    let differs = c
        .scenarios
        .iter()
        .zip(&names)
        .any(|(r, (name, firms, segments))| {
            r.name != *name
                || (r.firms.len() == firms.len() && r.firms != *firms)
                || (r.segments.len() == segments.len() && r.segments != *segments)
        });
    if !differs {
        return c;
    }
    let mut renamed = (*c).clone();
    for (r, (name, firms, segments)) in renamed.scenarios.iter_mut().zip(names) {
        r.name = name;
        if r.firms.len() == firms.len() {
            r.firms = firms;
        }
        if r.segments.len() == segments.len() {
            r.segments = segments;
        }
    }
    Rc::new(renamed)
}

/// Panels whose levers describe the customers and the market rather than a policy: they
/// apply to every scenario at once, so A-D always compare the same population.
pub fn is_shared(group: Group) -> bool {
    matches!(
        group,
        Group::Population | Group::Market | Group::WordOfMouth | Group::Satisfaction
    )
}

/// A message for the user, translated when shown (so it follows a language switch).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The link in the address bar could not be opened; the previous work was kept.
    LinkRejected(ShareError),
    /// The link the app was opened with could not be opened, and there was no earlier
    /// work: the app starts with its default scenario.
    LinkRejectedAtStart(ShareError),
    /// A file could not be imported; nothing changed.
    ImportRejected(ShareError),
    /// Autosave failed (storage full or disabled); the work on screen is intact.
    SaveFailed,
    /// The share link was copied to the clipboard.
    LinkCopied,
    /// A lesson's link (its step, language and vote) is on the clipboard.
    LessonLinkCopied,
    /// The clipboard refused; the link is in the address bar.
    LinkInAddressBar,
    /// Work that would otherwise have been lost was kept aside in this browser; the
    /// notice offers it as a download (`text` is what was kept).
    SetAside { why: Aside, text: Rc<String> },
    /// Another tab of this browser changed the work; this tab now shows it.
    SyncedFromOtherTab,
    /// A link pasted into the address bar was opened.
    LinkOpened,
    /// The scenarios were replaced or one deleted; "Undo" (or Ctrl+Z) brings them back.
    Undoable(Undoable),
    /// A sensitivity study could not be planned; nothing was started.
    StudyRefused(PlanError),
    /// No simulation worker has answered since the page asked for its first run:
    /// their files did not load (a dropped connection, a half-finished deployment).
    WorkersSilent,
}

/// What can be undone.
#[derive(Clone, Debug, PartialEq)]
pub enum Undoable {
    /// An example was loaded over the scenarios.
    LoadedExample,
    /// Scenario `name` was deleted.
    Deleted(String),
    /// A lesson's scenarios were loaded to explore.
    Explored,
    /// Scenarios were imported from a file.
    Imported,
    /// Segment `name`'s churn was set from the user's retention data.
    Calibrated(String),
}

/// Why work was kept aside.
#[derive(Clone, Debug, PartialEq)]
pub enum Aside {
    /// The autosave could not be used (a newer format, damaged, or no longer valid).
    Unreadable(ShareError),
    /// A link replaced the work that was saved in this browser.
    ReplacedByLink,
    /// Another tab saved newer work while this tab had changes of its own.
    ChangedElsewhere,
}

/// How far a run has got: whole replications, and months simulated over every
/// scenario and replication (so a long first replication shows movement too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
    pub months_done: u64,
    pub months_total: u64,
    /// Milliseconds since the run started.
    #[serde(default)]
    pub elapsed_ms: u64,
}

impl Progress {
    /// Milliseconds the rest should take at the pace so far: `None` until a little of
    /// the work (1%) and of the time (half a second) gives a pace worth quoting. A run
    /// so long that 1% takes more than 3 s is quoted from 3 s on, once some months are
    /// done: the pace then still counts building the population, so the first figure
    /// is on the long side, and the user learns at once that the run is long.
    pub fn remaining_ms(&self) -> Option<u64> {
        let f = self.fraction();
        let quotable = f >= 0.01 || (self.elapsed_ms >= 3_000 && self.months_done > 0);
        if !quotable || self.elapsed_ms < 500 || f >= 1.0 {
            return None;
        }
        Some((self.elapsed_ms as f64 * (1.0 - f) / f).round() as u64)
    }

    /// Share of the work done, in [0, 1].
    pub fn fraction(&self) -> f64 {
        if self.months_total == 0 {
            return 0.0;
        }
        (self.months_done as f64 / self.months_total as f64).clamp(0.0, 1.0)
    }
}

/// Where the simulation of the current workbench stands: a small state machine.
///
/// Every run is known by the revision it simulates. The worker's messages of a run
/// that was cancelled, failed, finished or superseded by an edit are ignored, so a
/// progress or results message already in flight can never bring a run back. A run
/// is only `Running` after the worker said it started; only a running run moves.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum RunStatus {
    /// Nothing asked yet, or a new run is about to be asked for (quiet time after an
    /// edit); shown as "stale" unless the results on screen are current.
    #[default]
    Idle,
    /// The worker is running the workbench at `revision`.
    Running {
        revision: u64,
        progress: Progress,
    },
    /// Every replication of `revision` is done.
    Finished {
        revision: u64,
    },
    /// The user stopped the run of `revision`.
    Cancelled {
        revision: u64,
    },
    Failed {
        revision: u64,
        error: RunError,
    },
}

impl RunStatus {
    /// The run of `revision` has ended (finished, cancelled or failed): nothing the
    /// worker still says about it may change the state.
    fn ended(&self, revision: u64) -> bool {
        matches!(
            self,
            RunStatus::Finished { revision: r }
                | RunStatus::Cancelled { revision: r }
                | RunStatus::Failed { revision: r, .. } if *r == revision
        )
    }

    /// The run of `revision` is the one in progress.
    fn running(&self, revision: u64) -> bool {
        matches!(self, RunStatus::Running { revision: r, .. } if *r == revision)
    }
}

/// The workbench plus what only lives while the page is open.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub wb: Workbench,
    /// Bumped by every change that needs a new run.
    pub revision: u64,
    pub run: RunStatus,
    /// The latest results and the revision they belong to.
    pub results: Option<(u64, Rc<Comparison>)>,
    pub notice: Option<Notice>,
    /// Values refused at a control: (scenario, lever path, why).
    pub refused: Vec<(usize, String, LeverError)>,
    pub playing: bool,
    /// Months per second during playback.
    pub speed: f64,
    /// The lesson open, if any (it runs its own scenarios; the workbench waits).
    pub lesson: Option<LessonView>,
    /// Presenter mode: full screen, editor hidden, one chart or step at a time.
    pub presenting: bool,
    /// The chart shown in presenter mode (index into the workbench's charts).
    pub presented: usize,
    /// The work before the last replacement or deletion, while it can be undone. The
    /// autosave waits while this is held, so a reload never makes the loss permanent.
    pub undo: Option<Box<Workbench>>,
    /// The sensitivity study asked for last (tornado, two levers, break-even).
    pub study: Option<StudyView>,
    /// Earlier and undone versions of the work, for Undo and Redo.
    pub history: History,
}

/// How many versions of the work Undo can go back through.
pub const HISTORY_DEPTH: usize = 100;

/// The work as it was before each change (Undo goes back through them) and as it was
/// before each undo (Redo comes forward again). Shared, not copied, by the states the
/// reducer makes: most actions (a month of playback, a run's progress) leave it alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    past: Rc<Vec<Rc<Workbench>>>,
    future: Rc<Vec<Rc<Workbench>>>,
    /// The scenario and lever the last change set, when it was a lever: a run of
    /// changes to one lever (a slider dragged, a value retyped) is one step back.
    lever: Option<(usize, String)>,
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Keeps `before` as the version to go back to, unless `lever` continues the
    /// previous change; anything undone is then no longer there to redo.
    fn record(&mut self, before: &Workbench, lever: Option<(usize, String)>) {
        let continues = lever.is_some() && lever == self.lever && self.can_undo();
        if !continues {
            let past = Rc::make_mut(&mut self.past);
            if past.len() == HISTORY_DEPTH {
                past.remove(0);
            }
            past.push(Rc::new(before.clone()));
        }
        self.lever = lever;
        if self.can_redo() {
            self.future = Rc::default();
        }
    }

    /// Every version in `lang`, as the work now is (names follow the language).
    fn set_lang(&mut self, lang: Lang) {
        for list in [&mut self.past, &mut self.future] {
            for wb in Rc::make_mut(list).iter_mut() {
                Rc::make_mut(wb).set_lang(lang);
            }
        }
    }
}

/// A sensitivity study: what was asked, how far it got, what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct StudyView {
    /// Each study asked gets a new id; the pool's messages about others are ignored.
    pub id: u64,
    pub plan: Rc<Plan>,
    /// The workbench revision it was planned from (a later edit makes it stale).
    pub revision: u64,
    pub seed: u64,
    pub replications: u32,
    pub progress: Progress,
    pub status: StudyStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StudyStatus {
    Running,
    Done(Rc<Vec<Vec<[f64; 4]>>>),
    Cancelled,
    Failed(RunError),
}

impl StudyView {
    /// Whether the workbench has changed since the study was planned.
    pub fn stale(&self, revision: u64) -> bool {
        self.revision != revision
    }
}

/// Most replications a study may ask for (each multiplies every variant).
pub const MAX_STUDY_REPLICATIONS: u32 = 50;

/// The scenarios of preset `id` as loaded into the workbench (at most
/// [`MAX_SCENARIOS`], names in `lang`), or `None` if there is no such preset.
pub fn example_scenarios(id: &str, lang: Lang) -> Option<Vec<Scenario>> {
    let mut scenarios: Vec<Scenario> = sim::preset(id)?
        .scenarios
        .into_iter()
        .take(MAX_SCENARIOS)
        .collect();
    if lang == Lang::Es {
        for s in &mut scenarios {
            localise_names(s, lang);
        }
    }
    Some(scenarios)
}

/// A lesson as the class sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonView {
    /// The lesson's id (one of [`lessons::lessons`]).
    pub id: &'static str,
    /// Index into the lesson's stages.
    pub stage: usize,
    pub guess: Option<Guess>,
    /// The lesson's scenarios, names in the reader's language; moved past the flip
    /// when `flipped`.
    pub scenarios: Vec<Scenario>,
    pub flipped: bool,
    /// Months revealed so far (`None`: all).
    pub month: Option<u32>,
}

impl LessonView {
    /// Lesson `id` at stage `stage` (clamped), or `None` if there is no such lesson.
    pub fn open(id: &str, stage: usize, guess: Option<Guess>, lang: Lang) -> Option<Self> {
        let lesson = lessons::lesson(id)?;
        let last = lesson.stages().len() - 1;
        Some(Self {
            id: lesson.id,
            stage: stage.min(last),
            guess,
            scenarios: example_scenarios(lesson.example, lang)?,
            flipped: false,
            month: None,
        })
    }

    pub fn lesson(&self) -> &'static Lesson {
        lessons::lesson(self.id).unwrap_or(&lessons::lessons()[0])
    }

    pub fn stage(&self) -> Stage {
        let stages = self.lesson().stages();
        stages[self.stage.min(stages.len() - 1)]
    }

    pub fn horizon(&self) -> u32 {
        self.scenarios
            .iter()
            .map(|s| s.horizon_months)
            .max()
            .unwrap_or(0)
    }

    /// The lesson's place as a link fragment (1-based step, as a class counts).
    pub fn link(&self, lang: Lang) -> String {
        let mut out = format!(
            "lesson={}&step={}&lang={}",
            self.id,
            self.stage + 1,
            lang.tag()
        );
        if let Some(g) = self.guess {
            out.push_str("&guess=");
            out.push_str(g.key());
        }
        out
    }
}

/// Reads `#lang=L`, a link that only chooses the language (a teacher's link to the
/// workbench for a class): `None` if the fragment is something else, `Some(None)` for a
/// language the app does not speak (which leaves the reader's own).
pub fn language_from_link(fragment: &str) -> Option<Option<Lang>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment.strip_prefix("lang=").map(spoken)
}

/// The language a link's `lang=` value names, if the app speaks it ("es", "EN").
fn spoken(value: &str) -> Option<Lang> {
    [Lang::Es, Lang::En]
        .into_iter()
        .find(|l| value.eq_ignore_ascii_case(l.tag()))
}

/// A lesson link read from the address bar.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonLink {
    pub id: String,
    /// From 0.
    pub stage: usize,
    pub guess: Option<Guess>,
    pub lang: Option<Lang>,
}

/// Reads `#lesson=ID&step=N&guess=G&lang=L`: `None` if the fragment is not a lesson
/// link, an error naming what is wrong if it is one and cannot be opened. A step past
/// the end opens the last; a missing or unreadable step, the first.
pub fn lesson_from_link(fragment: &str) -> Option<Result<LessonLink, String>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if !fragment.starts_with("lesson=") {
        return None;
    }
    let mut link = LessonLink {
        id: String::new(),
        stage: 0,
        guess: None,
        lang: None,
    };
    for pair in fragment.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "lesson" => link.id = value.to_string(),
            "step" => {
                link.stage = value
                    .parse::<usize>()
                    .ok()
                    .map_or(0, |n| n.saturating_sub(1))
            }
            "guess" => link.guess = Guess::from_key(value),
            // Only a language the app speaks: "lang=xx" leaves the reader's own.
            "lang" => link.lang = spoken(value),
            _ => {}
        }
    }
    Some(match lessons::lesson(&link.id) {
        Some(_) => Ok(link),
        None => Err(link.id.chars().take(40).collect()),
    })
}

/// Everything the user (or the worker) can do.
#[derive(Clone, Debug)]
pub enum Action {
    SetLang(Lang),
    LoadPreset(String),
    /// Opens scenario `i` in the editor.
    Edit(usize),
    /// Adds a copy of scenario `i` after the last one.
    Duplicate(usize),
    Rename(usize, String),
    Delete(usize),
    /// Sets a lever of scenario `scenario` (of every scenario for shared panels).
    SetLever {
        scenario: usize,
        control: Control,
        value: Value,
    },
    /// Several levers set together, all or nothing: a fitted churn alpha without its
    /// beta would describe another population altogether.
    SetLevers {
        scenario: usize,
        changes: Vec<(Control, Value)>,
        /// `Some(segment)` when the changes are a churn fitted to the user's data for
        /// that segment: a fit replaces what the user had set, so it can be undone.
        fitted: Option<usize>,
    },
    /// A typed value the control could not read (shown at the control).
    Refuse {
        scenario: usize,
        control: Control,
        error: LeverError,
    },
    /// Adds a customer segment (to every scenario: they share the population), a copy
    /// of the last one that takes half of its share.
    AddSegment(String),
    /// Removes segment `i` everywhere; the others grow in proportion.
    RemoveSegment(usize),
    RenameSegment(usize, String),
    SetSeed(u64),
    SetReplications(u32),
    /// The scenario shown by single-scenario charts.
    Focus(usize),
    /// The series of the "any series" chart.
    ShowSeries(sim::Series),
    /// The series of the paired-difference chart.
    CompareSeries(sim::Series),
    /// The paired-difference chart subtracts scenario k.
    CompareAgainst(usize),
    /// Months revealed (`None`: all).
    ShowMonth(Option<u32>),
    Play,
    Pause,
    /// Moves the revealed month by `delta` (pauses playback).
    Step(i32),
    /// One playback tick: one more month, stopping at the horizon.
    Tick,
    SetSpeed(f64),
    /// A checked workbench from a link, a file or storage.
    Replace(Box<Workbench>),
    Notify(Notice),
    Dismiss,
    /// Dismisses the notice if it is this one (a worker answered after all).
    DismissIf(Notice),
    RunStarted {
        revision: u64,
        progress: Progress,
    },
    RunProgress {
        revision: u64,
        progress: Progress,
    },
    /// Results of a run (partial while `progress.done < progress.total`).
    RunResults {
        revision: u64,
        progress: Progress,
        comparison: Rc<Comparison>,
    },
    RunFailed {
        revision: u64,
        error: RunError,
    },
    /// Stops the run in progress; its later messages are ignored.
    Cancel,
    /// Runs the current workbench again (after a cancellation or a failure).
    Rerun,
    /// Open a lesson at a stage (from 0), with the class's prediction if known.
    OpenLesson {
        id: String,
        stage: usize,
        guess: Option<Guess>,
    },
    /// Go to a stage of the open lesson (clamped).
    LessonStage(usize),
    /// Move by `n` stages (presenter's arrows).
    LessonMove(i32),
    /// The class's prediction.
    Predict(Guess),
    /// Move the lesson's lever past its flip value (or back).
    LessonFlip(bool),
    /// Leave the lesson for the workbench as it was.
    CloseLesson,
    /// Leave the lesson with its scenarios loaded into the workbench.
    ExploreLesson,
    Present(bool),
    /// Move by `n` charts in presenter mode.
    PresentMove(i32),
    /// Scenarios read from a file replace the work (undoable).
    Import(Box<Workbench>),
    /// A competitor joins the market of every scenario (with no customers at month 0,
    /// so the starting shares still add up).
    AddCompetitor(String),
    /// Competitor `i` leaves the market of every scenario (undoable).
    RemoveCompetitor(usize),
    /// An outage is scheduled in scenario `scenario` (a policy: one scenario only).
    AddOutage(usize),
    /// Outage `i` of scenario `scenario` is removed (undoable).
    RemoveOutage {
        scenario: usize,
        index: usize,
    },
    /// Bring back the work before the last change (Ctrl+Z).
    Undo,
    /// Bring back the change the last Undo took away (Ctrl+Shift+Z, Ctrl+Y).
    Redo,
    /// Plan and start a sensitivity study of the workbench with `replications` each.
    StartStudy(Study, u32),
    StudyProgress {
        id: u64,
        progress: Progress,
    },
    StudyDone {
        id: u64,
        outcomes: Rc<Vec<Vec<[f64; 4]>>>,
    },
    StudyFailed {
        id: u64,
        error: RunError,
    },
    CancelStudy,
}

impl AppState {
    /// Entering a lesson's stage: the reveal plays the months from 0; other stages
    /// show them all (or, before the reveal, nothing).
    fn enter_stage(&mut self) {
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        if l.stage() == Stage::Reveal {
            l.month = Some(0);
            self.playing = true;
            // The whole horizon in about eight seconds: long enough to watch, short
            // enough for a class.
            self.speed = (f64::from(l.horizon()) / 8.0).clamp(0.5, 60.0);
        } else {
            l.month = None;
            self.playing = false;
        }
    }

    /// Takes `wb` as the work if it passes its check (whatever the caller built, the
    /// state stays usable); whether it did.
    fn take_in(&mut self, mut wb: Workbench) -> bool {
        wb.tidy();
        if wb.check().is_err() {
            return false;
        }
        self.wb = wb;
        self.refused.clear();
        self.playing = false;
        true
    }

    /// The state for `wb`, with its view tidied: a workbench from a link, a file or
    /// storage may point past its scenarios, and the editor indexes by it.
    pub fn new(mut wb: Workbench) -> Self {
        wb.tidy();
        Self {
            wb,
            revision: 1,
            run: RunStatus::Idle,
            results: None,
            notice: None,
            refused: Vec::new(),
            playing: false,
            speed: 6.0,
            lesson: None,
            presenting: false,
            presented: 0,
            undo: None,
            study: None,
            history: History::default(),
        }
    }

    /// The scenarios the worker runs: the lesson's while one is open.
    pub fn running_scenarios(&self) -> &[Scenario] {
        match &self.lesson {
            Some(l) => &l.scenarios,
            None => &self.wb.scenarios,
        }
    }

    /// The seed and replications of the run: a lesson runs at the settings its texts
    /// are tested at (a first visit's).
    pub fn running_settings(&self) -> (u64, u32) {
        match &self.lesson {
            Some(_) => (FIRST_SEED, FIRST_REPLICATIONS),
            None => (self.wb.seed, self.wb.replications),
        }
    }

    /// The results to draw, if any belong to a recent run.
    pub fn comparison(&self) -> Option<&Rc<Comparison>> {
        self.results.as_ref().map(|(_, c)| c)
    }

    /// Whether the results on screen are those of the current workbench.
    pub fn results_current(&self) -> bool {
        matches!(self.results, Some((r, _)) if r == self.revision)
    }

    /// After the user stopped a run: the replications of it the charts show (done,
    /// asked for), or `None` if none had finished (the charts then show earlier
    /// results, if any). `None` too while the run is not stopped.
    pub fn stopped_after(&self) -> Option<(u32, u32)> {
        let RunStatus::Cancelled { revision } = self.run else {
            return None;
        };
        match &self.results {
            Some((r, c)) if *r == revision => Some((c.replications, self.wb.replications)),
            _ => None,
        }
    }

    /// Whether every replication of the current workbench is on screen.
    pub fn run_finished(&self) -> bool {
        self.results_current()
            && self.run
                == RunStatus::Finished {
                    revision: self.revision,
                }
    }

    /// The refusal shown at a control, if any.
    pub fn refusal(&self, scenario: usize, control: &Control) -> Option<&LeverError> {
        let path = control.path();
        self.refused
            .iter()
            .find(|(s, p, _)| *s == scenario && *p == path)
            .map(|(_, _, e)| e)
    }

    /// Applies `edit` to the segments of every scenario; keeps the result only if every
    /// edit succeeded and every scenario still validates. Returns whether it changed.
    fn edit_population(&mut self, edit: impl Fn(&mut Vec<sim::Segment>) -> bool) -> bool {
        let mut edited = self.wb.scenarios.clone();
        let ok = edited
            .iter_mut()
            .all(|s| edit(&mut s.population.segments) && sim::validate(s).is_ok());
        if ok {
            self.wb.scenarios = edited;
        }
        ok
    }

    /// The state after `action`. Invalid requests (an index out of range, a fifth
    /// scenario, a lever value out of range) leave the work as it was.
    pub fn reduce(&self, action: Action) -> AppState {
        let mut next = self.clone();
        let mut rerun = false;
        // What this action lets the user undo, if it replaces or deletes work.
        let mut undoable: Option<Undoable> = None;
        // How a change of the work is kept for Undo: not at all when it is Undo or Redo
        // itself, or a language switch (the history follows the language); a lever
        // change by the lever it sets.
        let recorded = match &action {
            Action::Undo | Action::Redo | Action::SetLang(_) => None,
            Action::SetLever {
                scenario, control, ..
            } => Some(Some((*scenario, control.path()))),
            _ => Some(None),
        };
        match action {
            Action::StartStudy(study, replications) => {
                match sensitivity::plan(&study, &next.wb.scenarios) {
                    Ok(plan) => {
                        let id = next.study.as_ref().map_or(1, |s| s.id + 1);
                        next.study = Some(StudyView {
                            id,
                            plan: Rc::new(plan),
                            revision: next.revision,
                            seed: next.wb.seed,
                            replications: replications.clamp(1, MAX_STUDY_REPLICATIONS),
                            progress: Progress::default(),
                            status: StudyStatus::Running,
                        });
                    }
                    Err(problem) => next.notice = Some(Notice::StudyRefused(problem)),
                }
            }
            Action::StudyProgress { id, progress } => {
                if let Some(s) = next.study.as_mut()
                    && s.id == id
                    && s.status == StudyStatus::Running
                {
                    s.progress = progress;
                }
            }
            Action::StudyDone { id, outcomes } => {
                if let Some(s) = next.study.as_mut()
                    && s.id == id
                    && s.status == StudyStatus::Running
                {
                    s.progress.months_done = s.progress.months_total;
                    s.progress.done = s.progress.total;
                    s.status = StudyStatus::Done(outcomes);
                }
            }
            Action::StudyFailed { id, error } => {
                if let Some(s) = next.study.as_mut()
                    && s.id == id
                    && s.status == StudyStatus::Running
                {
                    s.status = StudyStatus::Failed(error);
                }
            }
            Action::CancelStudy => {
                if let Some(s) = next.study.as_mut()
                    && s.status == StudyStatus::Running
                {
                    s.status = StudyStatus::Cancelled;
                }
            }
            Action::SetLang(lang) => {
                next.wb.set_lang(lang);
                next.history.set_lang(lang);
                // A lesson's scenarios are its example's, named in the reader's language.
                if let Some(l) = next.lesson.as_mut() {
                    for s in &mut l.scenarios {
                        localise_names(s, lang);
                    }
                }
                if next.results_current()
                    && let Some((revision, c)) = next.results.take()
                {
                    next.results = Some((revision, named_as(c, next.running_scenarios())));
                }
            }
            Action::LoadPreset(id) if next.wb.load_preset(&id) => {
                next.refused.clear();
                next.playing = false;
                rerun = true;
                undoable = Some(Undoable::LoadedExample);
            }
            Action::Import(wb) => {
                rerun = next.take_in(*wb);
                if rerun {
                    undoable = Some(Undoable::Imported);
                }
            }
            Action::AddCompetitor(name) => {
                let mut edited = next.wb.scenarios.clone();
                let ok = edited.iter_mut().all(|s| {
                    s.market.competitors.push(sim::Competitor {
                        name: name.trim().to_string(),
                        initial_share: 0.0,
                        ..sim::Competitor::default()
                    });
                    sim::validate(s).is_ok()
                });
                if ok {
                    next.wb.scenarios = edited;
                    rerun = true;
                }
            }
            Action::RemoveCompetitor(i) => {
                let name = next
                    .wb
                    .scenarios
                    .first()
                    .and_then(|s| s.market.competitors.get(i))
                    .map(|c| c.name.clone());
                let mut edited = next.wb.scenarios.clone();
                let ok = edited.iter_mut().all(|s| {
                    i < s.market.competitors.len() && {
                        s.market.competitors.remove(i);
                        sim::validate(s).is_ok()
                    }
                });
                if let (true, Some(name)) = (ok, name) {
                    next.wb.scenarios = edited;
                    next.refused.clear();
                    rerun = true;
                    undoable = Some(Undoable::Deleted(name));
                }
            }
            Action::AddOutage(k) if k < next.wb.scenarios.len() => {
                let mut s = next.wb.scenarios[k].clone();
                let month = (s.horizon_months / 2).max(1);
                s.communication.outages.push(sim::policy::Outage {
                    month,
                    ..sim::policy::Outage::default()
                });
                if sim::validate(&s).is_ok() {
                    next.wb.scenarios[k] = s;
                    rerun = true;
                }
            }
            Action::RemoveOutage { scenario, index } if scenario < next.wb.scenarios.len() => {
                let outages = &mut next.wb.scenarios[scenario].communication.outages;
                if index < outages.len() {
                    let removed = outages.remove(index);
                    next.refused.clear();
                    rerun = true;
                    undoable = Some(Undoable::Deleted(format!("month {}", removed.month)));
                }
            }
            Action::Undo | Action::Redo => {
                let undo = matches!(action, Action::Undo);
                let h = &mut next.history;
                let (from, to) = if undo {
                    (&mut h.past, &mut h.future)
                } else {
                    (&mut h.future, &mut h.past)
                };
                if let Some(version) = Rc::make_mut(from).pop() {
                    Rc::make_mut(to).push(Rc::new(next.wb.clone()));
                    h.lever = None;
                    // The view is the reader's now, not the version's (the versions
                    // already follow the language, see `History::set_lang`).
                    let view = next.wb.view.clone();
                    next.wb = Rc::unwrap_or_clone(version);
                    next.wb.view = view;
                    next.undo = None;
                    next.refused.clear();
                    next.playing = false;
                    next.notice = None;
                    rerun = true;
                }
            }
            Action::Edit(i) if i < next.wb.scenarios.len() => next.wb.view.editing = i,
            Action::Duplicate(i)
                if i < next.wb.scenarios.len() && next.wb.scenarios.len() < MAX_SCENARIOS =>
            {
                let mut copy = next.wb.scenarios[i].clone();
                copy.name = next.wb.unique_name(&copy.name);
                next.wb.scenarios.push(copy);
                next.wb.view.editing = next.wb.scenarios.len() - 1;
                rerun = true;
            }
            Action::Rename(i, name) if i < next.wb.scenarios.len() => {
                let name = name.trim();
                if !name.is_empty() && name.chars().count() as u64 <= sim::MAX_NAME {
                    next.wb.scenarios[i].name = name.to_string();
                    rerun = true;
                }
            }
            Action::Delete(i) if i < next.wb.scenarios.len() && next.wb.scenarios.len() > 1 => {
                let removed = next.wb.scenarios.remove(i);
                undoable = Some(Undoable::Deleted(removed.name));
                next.refused.retain(|(s, _, _)| *s != i);
                for (s, _, _) in &mut next.refused {
                    if *s > i {
                        *s -= 1;
                    }
                }
                rerun = true;
            }
            Action::SetLever {
                scenario,
                control,
                value,
            } if scenario < next.wb.scenarios.len() => {
                let path = control.path();
                let targets: Vec<usize> = if is_shared(control.lever.group) {
                    (0..next.wb.scenarios.len()).collect()
                } else {
                    vec![scenario]
                };
                // All or nothing: every target must accept the value.
                let mut edited = next.wb.scenarios.clone();
                let outcome = targets
                    .iter()
                    .try_for_each(|&k| control.set(&mut edited[k], value));
                next.refused
                    .retain(|(s, p, _)| !(*s == scenario && *p == path));
                match outcome {
                    // The value in effect, typed again: the refusal above goes, and
                    // nothing re-runs.
                    Ok(()) if edited == next.wb.scenarios => {}
                    Ok(()) => {
                        next.wb.scenarios = edited;
                        rerun = true;
                    }
                    Err(error) => next.refused.push((scenario, path, error)),
                }
            }
            Action::SetLevers {
                scenario,
                changes,
                fitted,
            } if scenario < next.wb.scenarios.len() => {
                let count = next.wb.scenarios.len();
                let mut edited = next.wb.scenarios.clone();
                let outcome = changes.iter().try_for_each(|(control, value)| {
                    let targets: Vec<usize> = if is_shared(control.lever.group) {
                        (0..count).collect()
                    } else {
                        vec![scenario]
                    };
                    targets
                        .iter()
                        .try_for_each(|&k| control.set(&mut edited[k], *value))
                });
                // A refusal leaves every lever as it was; whoever sent the changes
                // reads the work to tell the user.
                if outcome.is_ok() && edited != next.wb.scenarios {
                    for (control, _) in &changes {
                        let path = control.path();
                        next.refused
                            .retain(|(s, p, _)| !(*s == scenario && *p == path));
                    }
                    next.wb.scenarios = edited;
                    rerun = true;
                    undoable = fitted.map(|g| {
                        let segments = &next.wb.scenarios[scenario].population.segments;
                        Undoable::Calibrated(
                            segments.get(g).map_or_else(String::new, |s| s.name.clone()),
                        )
                    });
                }
            }
            Action::Refuse {
                scenario,
                control,
                error,
            } => {
                let path = control.path();
                next.refused
                    .retain(|(s, p, _)| !(*s == scenario && *p == path));
                next.refused.push((scenario, path, error));
            }
            Action::AddSegment(name) => {
                rerun = next.edit_population(|segments| {
                    if segments.len() >= sim::MAX_SEGMENTS {
                        return false;
                    }
                    let Some(last) = segments.last_mut() else {
                        return false;
                    };
                    last.share /= 2.0;
                    let mut added = last.clone();
                    added.name = name.trim().to_string();
                    segments.push(added);
                    true
                });
            }
            Action::RemoveSegment(i) => {
                rerun = next.edit_population(|segments| {
                    if segments.len() <= 1 || i >= segments.len() {
                        return false;
                    }
                    let removed = segments.remove(i).share;
                    let rest = 1.0 - removed;
                    let n = segments.len() as f64;
                    for seg in segments.iter_mut() {
                        seg.share = if rest > 1e-12 {
                            seg.share / rest
                        } else {
                            1.0 / n
                        };
                    }
                    true
                });
                if rerun {
                    next.refused.clear();
                }
            }
            Action::RenameSegment(i, name) => {
                let name = name.trim().to_string();
                rerun = next.edit_population(|segments| match segments.get_mut(i) {
                    Some(seg) if !name.is_empty() => {
                        seg.name = name.clone();
                        true
                    }
                    _ => false,
                });
            }
            Action::SetSeed(seed) => {
                next.wb.seed = seed;
                rerun = true;
            }
            Action::SetReplications(r) if (1..=MAX_REPLICATIONS).contains(&r) => {
                next.wb.replications = r;
                rerun = true;
            }
            Action::Focus(i) if i < next.wb.scenarios.len() => next.wb.view.focus = i,
            Action::ShowSeries(series) => next.wb.view.series = series,
            Action::CompareSeries(series) => next.wb.view.compared = series,
            Action::CompareAgainst(k) if k < next.wb.scenarios.len() => next.wb.view.baseline = k,
            Action::ShowMonth(m) => next.wb.view.month = m,
            Action::Play => {
                let horizon = next.wb.horizon();
                // Playing from the end starts again from month 0.
                if next.wb.view.month.is_none_or(|m| m >= horizon) {
                    next.wb.view.month = Some(0);
                }
                next.playing = true;
            }
            Action::Pause => next.playing = false,
            Action::Step(delta) => {
                let horizon = next.wb.horizon();
                let now = next.wb.view.month.unwrap_or(horizon);
                let to = (i64::from(now) + i64::from(delta)).clamp(0, i64::from(horizon));
                next.wb.view.month = Some(to as u32);
                next.playing = false;
            }
            Action::Tick if next.playing => {
                // Playback moves the lesson's months while one is open, else the
                // workbench's; it stops at the horizon.
                let (month, horizon) = match next.lesson.as_mut() {
                    Some(l) => {
                        let horizon = l.horizon();
                        (&mut l.month, horizon)
                    }
                    None => {
                        let horizon = next.wb.horizon();
                        (&mut next.wb.view.month, horizon)
                    }
                };
                let to = month.map_or(horizon, |m| (m + 1).min(horizon));
                *month = Some(to);
                if to >= horizon {
                    next.playing = false;
                }
            }
            Action::SetSpeed(speed) if speed.is_finite() => next.speed = speed.clamp(0.5, 60.0),
            Action::Replace(wb) => rerun = next.take_in(*wb),
            Action::Notify(notice) => next.notice = Some(notice),
            Action::Dismiss => next.notice = None,
            Action::DismissIf(notice) if next.notice.as_ref() == Some(&notice) => {
                next.notice = None;
            }
            // The run machine: see [`RunStatus`]. A message counts only if it is about
            // the current revision and its run has not ended.
            Action::RunStarted { revision, progress }
                if revision == next.revision && !next.run.ended(revision) =>
            {
                next.run = RunStatus::Running { revision, progress };
            }
            Action::RunProgress { revision, progress }
                if revision == next.revision && next.run.running(revision) =>
            {
                next.run = RunStatus::Running { revision, progress };
            }
            Action::RunResults {
                revision,
                progress,
                comparison,
            } if revision == next.revision && next.run.running(revision) => {
                let comparison = named_as(comparison, next.running_scenarios());
                next.results = Some((revision, comparison));
                next.run = if progress.done >= progress.total {
                    RunStatus::Finished { revision }
                } else {
                    RunStatus::Running { revision, progress }
                };
            }
            Action::RunFailed { revision, error }
                if revision == next.revision && !next.run.ended(revision) =>
            {
                next.run = RunStatus::Failed { revision, error };
            }
            Action::Cancel => {
                if let RunStatus::Running { revision, .. } = next.run {
                    next.run = RunStatus::Cancelled { revision };
                }
            }
            Action::Rerun if next.run.ended(next.revision) => {
                next.run = RunStatus::Idle;
                rerun = true;
            }
            // The open lesson's own link (Back or Forward between its steps): only the
            // step moves; the run, a flipped lever and presenting stay as they are.
            Action::OpenLesson { id, stage, guess }
                if next.lesson.as_ref().is_some_and(|l| l.id == id) =>
            {
                if let Some(l) = next.lesson.as_mut() {
                    l.stage = stage.min(l.lesson().stages().len() - 1);
                    l.guess = guess.or(l.guess);
                    next.enter_stage();
                }
            }
            Action::OpenLesson { id, stage, guess } => {
                if let Some(l) = LessonView::open(&id, stage, guess, next.wb.lang) {
                    next.lesson = Some(l);
                    // A notice about the workbench (an earlier link, a copied link, an
                    // example loaded, with its Undo) is not projected over the lesson;
                    // one about the work kept aside, storage or the simulation is.
                    if !matches!(
                        next.notice,
                        Some(Notice::SaveFailed | Notice::SetAside { .. } | Notice::WorkersSilent)
                    ) {
                        next.notice = None;
                    }
                    next.playing = false;
                    next.enter_stage();
                    rerun = true;
                }
            }
            Action::LessonStage(stage) => {
                if let Some(l) = next.lesson.as_mut() {
                    l.stage = stage.min(l.lesson().stages().len() - 1);
                    next.enter_stage();
                }
            }
            Action::LessonMove(n) => {
                if let Some(l) = next.lesson.as_mut() {
                    let last = l.lesson().stages().len() as i64 - 1;
                    // No going past the prediction before the class has made one.
                    let last = if l.guess.is_none() && l.stage() == Stage::Predict {
                        l.stage as i64
                    } else {
                        last
                    };
                    l.stage = (l.stage as i64 + i64::from(n)).clamp(0, last) as usize;
                    next.enter_stage();
                }
            }
            Action::Predict(g) => {
                if let Some(l) = next.lesson.as_mut() {
                    l.guess = Some(g);
                }
            }
            Action::LessonFlip(on) => {
                let lang = next.wb.lang;
                if let Some(l) = next.lesson.as_mut().filter(|l| l.flipped != on) {
                    let mut scenarios =
                        example_scenarios(l.lesson().example, lang).unwrap_or_default();
                    let moved = !on
                        || l.lesson().flip().is_some_and(|f| {
                            f.past(&scenarios)
                                .is_some_and(|x| f.apply(&mut scenarios, x).is_ok())
                        });
                    if moved {
                        l.scenarios = scenarios;
                        l.flipped = on;
                        rerun = true;
                    }
                }
            }
            Action::CloseLesson if next.lesson.is_some() => {
                next.lesson = None;
                next.playing = false;
                rerun = true;
            }
            Action::ExploreLesson => {
                if let Some(l) = next.lesson.take() {
                    next.wb.load_preset(l.lesson().example);
                    next.wb.scenarios = l.scenarios;
                    next.refused.clear();
                    next.playing = false;
                    rerun = true;
                    undoable = Some(Undoable::Explored);
                }
            }
            Action::Present(on) => next.presenting = on,
            Action::PresentMove(n) => {
                let last = super::board::ChartKind::ALL.len() as i64 - 1;
                next.presented = (next.presented as i64 + i64::from(n)).clamp(0, last) as usize;
            }
            // Out-of-range indexes, stale run messages, ticks while paused: no change.
            _ => {}
        }
        if rerun {
            // A new revision supersedes whatever run was going on: its messages no
            // longer count, and the next run starts from Idle.
            next.revision += 1;
            next.run = RunStatus::Idle;
        }
        match undoable {
            Some(what) => {
                next.undo = Some(Box::new(self.wb.clone()));
                next.notice = Some(Notice::Undoable(what));
            }
            // Any other change to the scenarios, or the notice going away, ends the
            // chance to undo (undoing then would throw the newer work away).
            None if next.wb.scenarios != self.wb.scenarios
                || !matches!(next.notice, Some(Notice::Undoable(_))) =>
            {
                next.undo = None;
                // Its Undo button would undo this change instead (Ctrl+Z still goes
                // back through both).
                if next.wb.scenarios != self.wb.scenarios
                    && matches!(next.notice, Some(Notice::Undoable(_)))
                {
                    next.notice = None;
                }
            }
            None => {}
        }
        // The work, compared field by field (`same_work` copies the workbench, and most
        // actions are a run's progress).
        let (a, b) = (&self.wb, &next.wb);
        let changed = a.scenarios != b.scenarios
            || (a.seed, a.replications) != (b.seed, b.replications)
            || a.preset != b.preset;
        if let Some(lever) = recorded
            && changed
        {
            next.history.record(&self.wb, lever);
        }
        next.wb.tidy();
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::levers::control_at;

    fn state() -> AppState {
        AppState::new(Workbench::new(Lang::En))
    }

    #[test]
    fn a_first_visit_opens_the_lock_in_pair_and_passes_its_own_check() {
        let s = state();
        assert_eq!(s.wb.scenarios.len(), 2);
        assert_eq!(s.wb.preset.as_deref(), Some(FIRST_PRESET));
        assert_eq!(s.wb.check(), Ok(()));
    }

    #[test]
    fn the_examples_names_follow_the_language_and_typed_names_stay() {
        // A Spanish lesson link opened in an English browser left "Free exit" and
        // "24-month lock-in" in the Spanish workbench.
        let s = state();
        assert_eq!(s.wb.scenarios[0].name, "Free exit");
        let s = s.reduce(Action::Rename(1, "Mi plan".into()));
        let es = s.reduce(Action::SetLang(Lang::Es));
        assert_eq!(es.wb.scenarios[0].name, "Salida libre");
        assert_eq!(es.wb.scenarios[1].name, "Mi plan");
        let spanish = example_scenarios(FIRST_PRESET, Lang::Es).unwrap();
        assert_eq!(
            es.wb.scenarios[0].population.segments, spanish[0].population.segments,
            "segment names too"
        );
        assert_eq!(es.revision, s.revision, "names alone ask for no new run");
        let en = es.reduce(Action::SetLang(Lang::En));
        assert_eq!(en.wb.scenarios, s.wb.scenarios);
    }

    #[test]
    fn policy_levers_edit_one_scenario_and_population_levers_edit_all() {
        let s = state();
        let term = control_at("contract.term_months").unwrap();
        let before_a = term.get(&s.wb.scenarios[0]);
        let s2 = s.reduce(Action::SetLever {
            scenario: 1,
            control: term,
            value: Value::Integer(12),
        });
        assert_eq!(term.get(&s2.wb.scenarios[1]), Some(Value::Integer(12)));
        assert_eq!(term.get(&s2.wb.scenarios[0]), before_a);
        assert!(s2.revision > s.revision, "an edit asks for a new run");

        let customers = control_at("customers").unwrap();
        let s3 = s2.reduce(Action::SetLever {
            scenario: 0,
            control: customers,
            value: Value::Integer(5_000),
        });
        assert!(s3.wb.scenarios.iter().all(|sc| sc.customers == 5_000));
    }

    #[test]
    fn a_refused_value_changes_nothing_and_is_shown_at_its_control() {
        let s = state();
        let customers = control_at("customers").unwrap();
        let s2 = s.reduce(Action::SetLever {
            scenario: 0,
            control: customers,
            value: Value::Integer(1_000_000_000),
        });
        assert_eq!(s2.wb, s.wb);
        assert_eq!(s2.revision, s.revision);
        assert!(s2.refusal(0, &customers).is_some());
        // A good value clears the message.
        let s3 = s2.reduce(Action::SetLever {
            scenario: 0,
            control: customers,
            value: Value::Integer(8_000),
        });
        assert!(s3.refusal(0, &customers).is_none());
        // The value in effect typed again after a refusal: the message goes, no re-run.
        let s4 = s3
            .reduce(Action::Refuse {
                scenario: 0,
                control: customers,
                error: LeverError::NotANumber {
                    lever: "customers",
                    text: String::new(),
                },
            })
            .reduce(Action::SetLever {
                scenario: 0,
                control: customers,
                value: Value::Integer(8_000),
            });
        assert!(s4.refusal(0, &customers).is_none());
        assert_eq!((&s4.wb, s4.revision), (&s3.wb, s3.revision));
    }

    #[test]
    fn scenarios_duplicate_up_to_four_rename_and_delete_down_to_one() {
        let mut s = state();
        for _ in 0..5 {
            s = s.reduce(Action::Duplicate(0));
        }
        assert_eq!(s.wb.scenarios.len(), MAX_SCENARIOS);
        let names: std::collections::BTreeSet<_> =
            s.wb.scenarios.iter().map(|x| x.name.clone()).collect();
        assert_eq!(names.len(), MAX_SCENARIOS, "copies get unique names");
        // A copy of a copy is numbered on, not suffixed twice.
        let mut t = state();
        t = t.reduce(Action::Duplicate(0));
        let copy = t.wb.scenarios[2].name.clone();
        assert_eq!(copy, format!("{} (2)", t.wb.scenarios[0].name));
        t = t.reduce(Action::Duplicate(2));
        assert_eq!(
            t.wb.scenarios[3].name,
            format!("{} (3)", t.wb.scenarios[0].name)
        );
        s = s.reduce(Action::Rename(2, "  Mi escenario ".into()));
        assert_eq!(s.wb.scenarios[2].name, "Mi escenario");
        let unchanged = s.reduce(Action::Rename(2, "   ".into()));
        assert_eq!(unchanged.wb, s.wb, "an empty name is refused");
        s = s.reduce(Action::Edit(3));
        for _ in 0..5 {
            s = s.reduce(Action::Delete(0));
        }
        assert_eq!(s.wb.scenarios.len(), 1);
        assert_eq!(s.wb.view.editing, 0, "the view follows the deletions");
    }

    #[test]
    fn segments_are_added_renamed_and_removed_in_every_scenario_with_shares_kept_whole() {
        let mut s = state();
        let n = s.wb.scenarios[0].population.segments.len();
        s = s.reduce(Action::AddSegment("Jóvenes".into()));
        for sc in &s.wb.scenarios {
            assert_eq!(sc.population.segments.len(), n + 1);
            assert_eq!(sc.population.segments[n].name, "Jóvenes");
            let total: f64 = sc.population.segments.iter().map(|g| g.share).sum();
            assert!((total - 1.0).abs() < 1e-9, "shares sum to {total}");
        }
        s = s.reduce(Action::RenameSegment(n, "Young".into()));
        assert!(
            s.wb.scenarios
                .iter()
                .all(|sc| sc.population.segments[n].name == "Young")
        );
        let before = s.clone();
        assert_eq!(s.reduce(Action::RenameSegment(n, " ".into())).wb, before.wb);
        s = s.reduce(Action::RemoveSegment(0));
        for sc in &s.wb.scenarios {
            assert_eq!(sc.population.segments.len(), n);
            let total: f64 = sc.population.segments.iter().map(|g| g.share).sum();
            assert!((total - 1.0).abs() < 1e-9);
        }
        while s.wb.scenarios[0].population.segments.len() > 1 {
            s = s.reduce(Action::RemoveSegment(0));
        }
        let last = s.reduce(Action::RemoveSegment(0));
        assert_eq!(last.wb, s.wb, "the last segment stays");
    }

    #[test]
    fn examples_open_with_spanish_names_in_spanish_and_still_validate() {
        let es = Workbench::new(Lang::Es);
        assert_eq!(es.scenarios[0].name, "Salida libre");
        assert_eq!(es.scenarios[1].market.focal_name, "Nuestra empresa");
        assert_eq!(es.check(), Ok(()));
        let en = Workbench::new(Lang::En);
        assert_eq!(en.scenarios[0].name, "Free exit");
        for p in sim::presets() {
            let mut wb = Workbench::new(Lang::Es);
            assert!(wb.load_preset(p.id));
            assert_eq!(wb.check(), Ok(()), "{}", p.id);
        }
    }

    fn progress(done: u32, total: u32) -> Progress {
        Progress {
            done,
            total,
            months_done: u64::from(done) * 10,
            months_total: u64::from(total) * 10,
            elapsed_ms: 0,
        }
    }

    fn tiny_comparison() -> Rc<Comparison> {
        let s = sim::Scenario {
            customers: 200,
            horizon_months: 6,
            ..sim::Scenario::default()
        };
        Rc::new(sim::run_many(&[s], 1, 1, &mut |_| sim::Flow::Continue).unwrap())
    }

    /// The worker's messages, as the page receives them.
    fn started(revision: u64) -> Action {
        Action::RunStarted {
            revision,
            progress: progress(0, 4),
        }
    }
    fn moved(revision: u64, done: u32) -> Action {
        Action::RunProgress {
            revision,
            progress: progress(done, 4),
        }
    }
    fn results(revision: u64, done: u32, c: &Rc<Comparison>) -> Action {
        Action::RunResults {
            revision,
            progress: progress(done, 4),
            comparison: c.clone(),
        }
    }

    fn replay(s: AppState, messages: Vec<Action>) -> AppState {
        messages.into_iter().fold(s, |s, a| s.reduce(a))
    }

    /// The charts name firms and segments from the results, and a change of language
    /// asks for no new run: the results on screen take the names the workbench now
    /// has, and so do those of a run started before the change. The rotation chart said
    /// "Our firm" and "Rival North" under a Spanish title.
    #[test]
    fn results_on_screen_take_the_names_of_a_new_language() {
        let small = |s: &mut AppState| {
            for sc in &mut s.wb.scenarios {
                sc.customers = 200;
                sc.horizon_months = 3;
            }
        };
        let mut s = state();
        small(&mut s);
        let english =
            Rc::new(sim::run_many(&s.wb.scenarios, 1, 1, &mut |_| sim::Flow::Continue).unwrap());
        assert_eq!(english.scenarios[0].firms[0], "Our firm");
        let r = s.revision;
        let shown = |s: &AppState| {
            let c = s.comparison().unwrap();
            (
                c.scenarios[1].name.clone(),
                c.scenarios[1].firms.clone(),
                c.scenarios[1].segments.clone(),
            )
        };
        // Results in, then the language changes.
        let done = replay(s.clone(), vec![started(r), results(r, 4, &english)]);
        let es = done.reduce(Action::SetLang(Lang::Es));
        assert_eq!(es.revision, r, "no new run");
        let (name, firms, segments) = shown(&es);
        assert_eq!(name, "Permanencia de 24 meses");
        assert_eq!(firms, ["Nuestra empresa", "Rival Norte", "Rival Sur"]);
        assert_eq!(segments, ["Asentados", "Exigentes"]);
        // And back: the same names as the run's.
        let en = es.reduce(Action::SetLang(Lang::En));
        assert_eq!(shown(&en), shown(&done));
        // A run started in English whose results come after the change.
        let late = replay(
            s,
            vec![
                started(r),
                Action::SetLang(Lang::Es),
                results(r, 4, &english),
            ],
        );
        assert_eq!(shown(&late), shown(&es));
        // Results already named so are kept as they came.
        let same = replay(
            es.clone(),
            vec![started(r), results(r, 4, es.comparison().unwrap())],
        );
        assert!(Rc::ptr_eq(
            same.comparison().unwrap(),
            es.comparison().unwrap()
        ));
    }

    /// What the run bar says after Cancel is what the charts show: this run's finished
    /// replications, or, before the first one, the earlier settings' results.
    #[test]
    fn a_stopped_run_says_which_results_the_charts_show() {
        let c = tiny_comparison();
        let s = state();
        let r = s.revision;
        let s = replay(s, vec![started(r), results(r, 1, &c)]);
        assert_eq!(s.stopped_after(), None, "still running");
        let stopped = s.reduce(Action::Cancel);
        let asked = stopped.wb.replications;
        assert_eq!(stopped.stopped_after(), Some((c.replications, asked)));
        assert!(
            crate::app::explain::stopped_text(stopped.stopped_after(), true, Lang::En)
                .starts_with(&format!("Stopped after 1 of {asked} replications"))
        );
        // An edit, then Cancel before any replication of the new settings finished:
        // the charts still show the old results, and the text says so.
        let edited = replay(stopped, vec![Action::SetSeed(99), started(r + 1)]);
        let early = edited.reduce(Action::Cancel);
        assert!(matches!(early.run, RunStatus::Cancelled { .. }));
        assert_eq!(early.stopped_after(), None);
        assert!(early.results.is_some());
        assert!(
            crate::app::explain::stopped_text(
                early.stopped_after(),
                early.results.is_some(),
                Lang::Es
            )
            .contains("siguen mostrando los resultados anteriores")
        );
    }

    #[test]
    fn messages_in_flight_after_cancel_do_not_bring_the_run_back() {
        // Issue 8, failure 2: Cancel, then a progress and a results message the worker
        // had already sent arrive.
        let c = tiny_comparison();
        let s = state();
        let r = s.revision;
        let s = replay(s, vec![started(r), results(r, 1, &c), moved(r, 1)]);
        assert!(matches!(s.run, RunStatus::Running { .. }));
        let cancelled = s.reduce(Action::Cancel);
        assert_eq!(cancelled.run, RunStatus::Cancelled { revision: r });
        let after = replay(
            cancelled.clone(),
            vec![moved(r, 2), results(r, 2, &c), moved(r, 3), started(r)],
        );
        assert_eq!(after.run, RunStatus::Cancelled { revision: r });
        assert_eq!(
            after.results, cancelled.results,
            "late results are not shown"
        );
        let failed_late = after.reduce(Action::RunFailed {
            revision: r,
            error: RunError::Cancelled,
        });
        assert_eq!(failed_late.run, RunStatus::Cancelled { revision: r });

        // Running again is an explicit choice, and it is a new run.
        let again = after.reduce(Action::Rerun);
        assert!(again.revision > r);
        assert_eq!(again.run, RunStatus::Idle);
        let again = replay(again.clone(), vec![moved(r, 3), started(again.revision)]);
        assert!(matches!(again.run, RunStatus::Running { revision, .. } if revision > r));
    }

    #[test]
    fn an_edit_supersedes_the_run_in_progress_and_its_late_messages_are_ignored() {
        let c = tiny_comparison();
        let s = state();
        let old = s.revision;
        let s = replay(s, vec![started(old), moved(old, 1)]);
        let edited = s.reduce(Action::SetSeed(7));
        let new = edited.revision;
        assert!(new > old);
        assert_eq!(edited.run, RunStatus::Idle, "the old run no longer shows");
        let s = replay(
            edited,
            vec![moved(old, 2), results(old, 4, &c), started(old)],
        );
        assert_eq!(s.run, RunStatus::Idle);
        assert!(s.results.is_none());
        // The new run: progress before it starts counts for nothing; then it runs,
        // shows partial results and finishes.
        let s = replay(s, vec![moved(new, 1)]);
        assert_eq!(s.run, RunStatus::Idle);
        let s = replay(s, vec![started(new), results(new, 1, &c), moved(new, 2)]);
        assert!(s.results_current());
        assert!(matches!(
            s.run,
            RunStatus::Running { revision, progress: Progress { done: 2, total: 4, .. } }
                if revision == new
        ));
        let s = s.reduce(results(new, 4, &c));
        assert_eq!(s.run, RunStatus::Finished { revision: new });
        assert!(s.run_finished());
        // A straggler after the end, or a second start, changes nothing.
        let late = replay(
            s.clone(),
            vec![moved(new, 3), started(new), results(new, 3, &c)],
        );
        assert_eq!(late.run, s.run);
        assert!(Rc::ptr_eq(
            late.comparison().unwrap(),
            s.comparison().unwrap()
        ));
    }

    #[test]
    fn a_failed_run_stays_failed_and_cancel_only_stops_a_running_run() {
        let s = state();
        let r = s.revision;
        let idle = s.reduce(Action::Cancel);
        assert_eq!(idle.run, RunStatus::Idle, "nothing to cancel");
        let failed = replay(
            s,
            vec![
                started(r),
                Action::RunFailed {
                    revision: r,
                    error: RunError::Cancelled,
                },
            ],
        );
        assert!(matches!(failed.run, RunStatus::Failed { .. }));
        let late = replay(
            failed.clone(),
            vec![moved(r, 1), started(r), Action::Cancel],
        );
        assert_eq!(late.run, failed.run);
    }

    #[test]
    fn progress_fraction_counts_months_and_stays_in_range() {
        let p = Progress {
            done: 0,
            total: 2,
            months_done: 150,
            months_total: 600,
            elapsed_ms: 2_000,
        };
        assert!((p.fraction() - 0.25).abs() < 1e-12);
        assert_eq!(Progress::default().fraction(), 0.0);
        // A quarter done in 2 s: 6 s to go; no estimate before there is a pace.
        assert_eq!(p.remaining_ms(), Some(6_000));
        assert_eq!(
            Progress {
                elapsed_ms: 400,
                ..p
            }
            .remaining_ms(),
            None
        );
        assert_eq!(
            Progress {
                months_done: 3,
                ..p
            }
            .remaining_ms(),
            None
        );
    }

    #[test]
    fn a_view_past_the_scenarios_is_an_error_and_every_built_state_is_tidy() {
        // Issue 8, failure 1: one scenario with the editor on the second.
        let mut wb = Workbench::new(Lang::En);
        wb.scenarios.truncate(1);
        wb.view.editing = 1;
        wb.view.focus = 7;
        wb.view.month = Some(100_000);
        assert!(matches!(wb.check(), Err(ShareError::View { .. })));
        let s = AppState::new(wb);
        assert_eq!(s.wb.view.editing, 0);
        assert_eq!(s.wb.view.focus, 0);
        assert_eq!(s.wb.view.month, Some(s.wb.horizon()));
        assert_eq!(s.wb.check(), Ok(()));
    }

    #[test]
    fn playback_reveals_months_one_tick_at_a_time_and_stops_at_the_horizon() {
        let mut s = state().reduce(Action::Play);
        assert_eq!(s.wb.view.month, Some(0));
        let horizon = s.wb.horizon();
        for _ in 0..horizon + 5 {
            s = s.reduce(Action::Tick);
        }
        assert_eq!(s.wb.view.month, Some(horizon));
        assert!(!s.playing);
        s = s.reduce(Action::Step(-3));
        assert_eq!(s.wb.view.month, Some(horizon - 3));
        s = s.reduce(Action::Step(-1000));
        assert_eq!(s.wb.view.month, Some(0));
    }

    #[test]
    fn a_language_link_chooses_the_language_and_nothing_else() {
        assert_eq!(language_from_link("#lang=es"), Some(Some(Lang::Es)));
        assert_eq!(language_from_link("lang=EN"), Some(Some(Lang::En)));
        assert_eq!(language_from_link("#lang=xx"), Some(None));
        assert_eq!(language_from_link("#lesson=lock-in&lang=es"), None);
        assert_eq!(language_from_link("#w2.abc"), None);
    }

    #[test]
    fn lesson_links_open_at_their_step_and_bad_ones_say_which_lesson() {
        let l = lesson_from_link("#lesson=lock-in&step=3&guess=b&lang=es")
            .unwrap()
            .unwrap();
        assert_eq!((l.id.as_str(), l.stage), ("lock-in", 2));
        assert_eq!(l.guess, Some(Guess::B));
        assert_eq!(l.lang, Some(Lang::Es));
        assert_eq!(
            lesson_from_link("#lesson=nope&step=2"),
            Some(Err("nope".into()))
        );
        assert_eq!(lesson_from_link("#w2.abc"), None);
        let garbled = lesson_from_link("lesson=replies&step=x&guess=zz")
            .unwrap()
            .unwrap();
        assert_eq!((garbled.stage, garbled.guess), (0, None));
        // A language the app does not speak leaves the reader's own.
        let odd = lesson_from_link("#lesson=lock-in&lang=xx")
            .unwrap()
            .unwrap();
        assert_eq!(odd.lang, None);
        // Opening a lesson takes away the notice of an earlier rejected link.
        let mut s = state().reduce(Action::Notify(Notice::LinkRejected(
            ShareError::UnknownLesson("nope".into()),
        )));
        assert!(s.notice.is_some());
        s = s.reduce(Action::OpenLesson {
            id: "lock-in".into(),
            stage: 0,
            guess: None,
        });
        assert!(s.lesson.is_some());
        assert!(s.notice.is_none());
        // So does an example's Undo; a failed save stays in view.
        for (before, kept) in [
            (Notice::Undoable(Undoable::LoadedExample), false),
            (Notice::LinkCopied, false),
            (Notice::SaveFailed, true),
        ] {
            let mut s = state().reduce(Action::Notify(before));
            s = s.reduce(Action::OpenLesson {
                id: "lock-in".into(),
                stage: 0,
                guess: None,
            });
            assert_eq!(s.notice.is_some(), kept);
        }
        // A step past the end opens the last; the link written back reads the same.
        let view = LessonView::open("replies", 99, Some(Guess::A), Lang::En).unwrap();
        assert_eq!(view.stage(), Stage::Debrief);
        let again = lesson_from_link(&view.link(Lang::En)).unwrap().unwrap();
        assert_eq!((again.stage, again.guess), (view.stage, Some(Guess::A)));
    }

    /// A class that switches language in the middle of a lesson sees the lesson's
    /// scenarios, firms and segments named in it, with no new run.
    #[test]
    fn a_lessons_names_follow_the_language() {
        let s = state().reduce(Action::OpenLesson {
            id: "lock-in".into(),
            stage: 0,
            guess: None,
        });
        let english: Vec<String> = s
            .running_scenarios()
            .iter()
            .map(|x| x.name.clone())
            .collect();
        let es = s.reduce(Action::SetLang(Lang::Es));
        assert_eq!(es.revision, s.revision, "no new run");
        let lesson = es.lesson.as_ref().unwrap();
        let spanish = example_scenarios(lesson.lesson().example, Lang::Es).unwrap();
        for (shown, example) in lesson.scenarios.iter().zip(&spanish) {
            assert_eq!(shown.name, example.name);
            assert_eq!(shown.firm_names(), example.firm_names());
            assert_eq!(shown.population.segments, example.population.segments);
        }
        assert_ne!(lesson.scenarios[0].name, english[0], "the names changed");
        let en = es.reduce(Action::SetLang(Lang::En));
        let back: Vec<String> = en
            .running_scenarios()
            .iter()
            .map(|x| x.name.clone())
            .collect();
        assert_eq!(back, english);
    }

    #[test]
    fn a_lesson_runs_its_own_scenarios_and_leaves_the_work_alone() {
        let mut s = state();
        s = s.reduce(Action::SetSeed(99));
        let work = s.wb.clone();
        let r = s.revision;
        s = s.reduce(Action::OpenLesson {
            id: "outage".into(),
            stage: 0,
            guess: None,
        });
        assert!(s.revision > r, "a new run starts");
        assert_eq!(s.running_scenarios()[1].name, "Proactive (warns first)");
        assert_eq!(s.running_settings().0, Workbench::new(Lang::En).seed);
        s = s.reduce(Action::LessonMove(1));
        s = s.reduce(Action::Predict(Guess::A));
        s = s.reduce(Action::LessonMove(1));
        let l = s.lesson.as_ref().unwrap();
        assert_eq!(l.stage(), Stage::Reveal);
        assert_eq!(l.month, Some(0));
        assert!(s.playing, "the reveal plays the months");
        s = s.reduce(Action::Tick);
        assert_eq!(s.lesson.as_ref().unwrap().month, Some(1));
        assert_eq!(s.wb, work, "the workbench is untouched");
        // Past the flip, the lever moves in the scenario the example moves.
        let before = s.lesson.as_ref().unwrap().scenarios[1]
            .communication
            .cost_per_message;
        s = s.reduce(Action::LessonFlip(true));
        let after = s.lesson.as_ref().unwrap().scenarios[1]
            .communication
            .cost_per_message;
        assert!(after > before, "{before} -> {after}");
        // Back to an earlier step of the open lesson (its link, from the browser's
        // history): the step moves; the run and the flipped lever stay.
        let r = s.revision;
        s = s.reduce(Action::OpenLesson {
            id: "outage".into(),
            stage: 1,
            guess: None,
        });
        let l = s.lesson.as_ref().unwrap();
        assert_eq!((l.stage, l.guess, l.flipped), (1, Some(Guess::A), true));
        assert_eq!(s.revision, r, "no new run");
        assert!(!s.playing);
        s = s.reduce(Action::CloseLesson);
        assert!(s.lesson.is_none());
        assert_eq!(s.running_scenarios(), &work.scenarios[..]);
        // Exploring a lesson loads its scenarios into the workbench.
        s = s.reduce(Action::OpenLesson {
            id: "channel".into(),
            stage: 7,
            guess: None,
        });
        s = s.reduce(Action::ExploreLesson);
        assert!(s.lesson.is_none());
        assert_eq!(s.wb.preset.as_deref(), Some("distributors-vs-direct"));
    }

    #[test]
    fn the_time_left_is_quoted_from_1_percent_or_3_seconds() {
        let p = |months_done, elapsed_ms| Progress {
            done: 0,
            total: 500,
            months_done,
            months_total: 300_000,
            elapsed_ms,
        };
        // Not before half a second, nor before anything is done.
        assert_eq!(p(3_000, 400).remaining_ms(), None);
        assert_eq!(p(0, 10_000).remaining_ms(), None);
        // 1% done: quoted at once.
        assert_eq!(p(3_000, 1_000).remaining_ms(), Some(99_000));
        // A long run: 0.1% after 3 s is quoted too, rather than after 30 s.
        assert_eq!(p(300, 2_900).remaining_ms(), None);
        assert_eq!(p(300, 3_000).remaining_ms(), Some(2_997_000));
        // Done: nothing left to quote.
        assert_eq!(p(300_000, 9_000).remaining_ms(), None);
    }

    #[test]
    fn lever_edits_undo_and_redo_a_dragged_slider_as_one_step() {
        let mut s = state();
        let price = control_at("market.focal_price").unwrap();
        let set = |s: &AppState, scenario: usize, control: Control, x: f64| {
            s.reduce(Action::SetLever {
                scenario,
                control,
                value: Value::Number(x),
            })
        };
        let start = s.wb.clone();
        assert!(!s.history.can_undo());
        // A slider dragged through three values, then another lever.
        for x in [31.0, 32.0, 33.0] {
            s = set(&s, 0, price, x);
        }
        let dragged = s.wb.clone();
        let term = control_at("contract.term_months").unwrap();
        s = s.reduce(Action::SetLever {
            scenario: 1,
            control: term,
            value: Value::Integer(12),
        });
        // A month of playback or a run's progress is not a change of the work.
        s = s.reduce(Action::Tick);
        let r = s.revision;
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb, dragged);
        assert!(s.revision > r, "the work undone runs again");
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb, start, "the drag is one step");
        assert!(!s.history.can_undo());
        assert_eq!(s.reduce(Action::Undo).wb, start, "nothing more to undo");
        s = s.reduce(Action::Redo);
        assert_eq!(s.wb, dragged);
        // The history follows the language, names included.
        s = s.reduce(Action::SetLang(Lang::Es));
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb.lang, Lang::Es);
        assert_eq!(s.wb.scenarios[0].name, "Salida libre");
        assert_eq!(
            price.get(&s.wb.scenarios[0]),
            price.get(&start.scenarios[0])
        );
        // A new change after an undo: there is nothing left to redo.
        s = set(&s, 0, price, 40.0);
        assert!(!s.history.can_redo());
    }

    #[test]
    fn loading_an_example_or_deleting_a_scenario_can_be_undone() {
        let mut s = state();
        s = s.reduce(Action::Rename(0, "My own".into()));
        let mine = s.wb.clone();
        s = s.reduce(Action::LoadPreset("reactive-vs-proactive".into()));
        assert_eq!(s.notice, Some(Notice::Undoable(Undoable::LoadedExample)));
        assert!(s.undo.is_some());
        let r = s.revision;
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb, mine);
        assert!(s.revision > r && s.undo.is_none() && s.notice.is_none());
        // Deleting, then editing something else: the chance to undo is gone (undoing
        // would throw the edit away).
        s = s.reduce(Action::Delete(1));
        assert!(matches!(
            s.notice,
            Some(Notice::Undoable(Undoable::Deleted(_)))
        ));
        let deleted = s.wb.clone();
        s = s.reduce(Action::Rename(0, "Edited".into()));
        assert!(s.undo.is_none());
        assert_eq!(s.notice, None, "its Undo button would now undo the edit");
        // Undo goes back one change at a time: the edit, then the deletion.
        let edited = s.wb.clone();
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb, deleted);
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb.scenarios.len(), deleted.scenarios.len() + 1);
        s = s.reduce(Action::Redo).reduce(Action::Redo);
        assert_eq!(s.wb, edited);
        // Dismissing the notice ends it too.
        s = s.reduce(Action::LoadPreset("baseline".into()));
        s = s.reduce(Action::Dismiss);
        assert!(s.undo.is_none());
    }

    #[test]
    fn competitors_and_outages_can_be_added_and_removed() {
        let mut s = state();
        let n = s.wb.scenarios[0].market.competitors.len();
        s = s.reduce(Action::AddCompetitor("Newcomer".into()));
        for sc in &s.wb.scenarios {
            assert_eq!(sc.market.competitors.len(), n + 1);
            assert_eq!(sc.market.competitors[n].name, "Newcomer");
            assert!(sim::validate(sc).is_ok());
        }
        s = s.reduce(Action::RemoveCompetitor(0));
        assert!(
            s.wb.scenarios
                .iter()
                .all(|sc| sc.market.competitors.len() == n)
        );
        assert!(matches!(
            s.notice,
            Some(Notice::Undoable(Undoable::Deleted(_)))
        ));
        s = s.reduce(Action::Undo);
        assert_eq!(s.wb.scenarios[0].market.competitors.len(), n + 1);
        // Outages are a policy of one scenario.
        s = s.reduce(Action::AddOutage(1));
        assert_eq!(s.wb.scenarios[1].communication.outages.len(), 1);
        assert!(s.wb.scenarios[0].communication.outages.is_empty());
        assert!(sim::validate(&s.wb.scenarios[1]).is_ok());
        s = s.reduce(Action::RemoveOutage {
            scenario: 1,
            index: 0,
        });
        assert!(s.wb.scenarios[1].communication.outages.is_empty());
        // Past the limit nothing changes.
        let mut full = s.clone();
        for k in 0..12 {
            full = full.reduce(Action::AddCompetitor(format!("R{k}")));
        }
        assert_eq!(
            full.wb.scenarios[0].market.competitors.len(),
            sim::MAX_COMPETITORS
        );
    }
}
