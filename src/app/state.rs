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
use super::levers::{Control, Group, LeverError, Value};
use super::share::ShareError;
use crate::sim::{self, Comparison, RunError, Scenario};

/// Scenarios side by side at most (A-D).
pub const MAX_SCENARIOS: usize = 4;
/// Replications a user may ask for.
pub const MAX_REPLICATIONS: u32 = 500;
/// Version of the stored workbench format.
pub const WORKBENCH_VERSION: u32 = 1;
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
}

impl Workbench {
    /// A first visit: the lock-in vs free exit pair, in the given language.
    pub fn new(lang: Lang) -> Self {
        let mut wb = Self {
            version: WORKBENCH_VERSION,
            lang,
            scenarios: vec![Scenario::default()],
            seed: 2026,
            replications: 20,
            preset: None,
            view: View {
                editing: 0,
                focus: 0,
                month: None,
            },
        };
        wb.load_preset(FIRST_PRESET);
        wb
    }

    /// Replaces the scenarios by a preset's, with their names in the workbench's
    /// language; false if there is no such preset.
    pub fn load_preset(&mut self, id: &str) -> bool {
        let Some(preset) = sim::preset(id) else {
            return false;
        };
        self.scenarios = preset.scenarios.into_iter().take(MAX_SCENARIOS).collect();
        if self.lang == Lang::Es {
            for s in &mut self.scenarios {
                localise_names(s);
            }
        }
        self.preset = Some(preset.id.to_string());
        self.view = View {
            editing: 0,
            focus: self.scenarios.len() - 1,
            month: None,
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

    /// Everything that stops this workbench from being used, or `Ok`. Fixes nothing.
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
                });
            }
        }
        Ok(())
    }

    /// Keeps view indexes within the scenarios and the horizon.
    fn tidy_view(&mut self) {
        let last = self.scenarios.len().saturating_sub(1);
        self.view.editing = self.view.editing.min(last);
        self.view.focus = self.view.focus.min(last);
        let horizon = self.horizon();
        if let Some(m) = self.view.month.as_mut() {
            *m = (*m).min(horizon);
        }
    }

    /// A scenario name that no other scenario has, based on `base`.
    fn unique_name(&self, base: &str) -> String {
        let taken = |n: &str| self.scenarios.iter().any(|s| s.name == n);
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|k| format!("{base} ({k})"))
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
    ("Reactive during the storm", "Reactiva durante el temporal"),
    (
        "Proactive during the storm",
        "Proactiva durante el temporal",
    ),
    ("Our firm", "Nuestra empresa"),
    ("Rival A", "Rival A"),
    ("Rival B", "Rival B"),
    ("Settled", "Asentados"),
    ("Demanding", "Exigentes"),
    ("Everyone", "Todos"),
];

fn spanish(name: &mut String) {
    if let Some((_, es)) = SPANISH_NAMES.iter().find(|(en, _)| en == name) {
        *name = (*es).to_string();
    }
}

/// Gives an example scenario's names in Spanish.
fn localise_names(s: &mut Scenario) {
    spanish(&mut s.name);
    spanish(&mut s.market.focal_name);
    for c in &mut s.market.competitors {
        spanish(&mut c.name);
    }
    for g in &mut s.population.segments {
        spanish(&mut g.name);
    }
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
    /// A file could not be imported; nothing changed.
    ImportRejected(ShareError),
    /// Autosave failed (storage full or disabled); the work on screen is intact.
    SaveFailed,
    /// The share link was copied to the clipboard.
    LinkCopied,
    /// The clipboard refused; the link is in the address bar.
    LinkInAddressBar,
    /// A file was imported.
    Imported,
}

/// Where the simulation stands.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum RunStatus {
    #[default]
    Idle,
    /// Running the workbench at `revision`; `done` of `total` replications.
    Running {
        revision: u64,
        done: u32,
        total: u32,
    },
    /// The user stopped it.
    Cancelled,
    Failed(RunError),
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
    RunStarted {
        revision: u64,
        total: u32,
    },
    RunProgress {
        revision: u64,
        done: u32,
        total: u32,
    },
    /// Results of a run (partial while `done < total`).
    RunResults {
        revision: u64,
        done: u32,
        total: u32,
        comparison: Rc<Comparison>,
    },
    RunFailed {
        revision: u64,
        error: RunError,
    },
    Cancel,
}

impl AppState {
    pub fn new(wb: Workbench) -> Self {
        Self {
            wb,
            revision: 1,
            run: RunStatus::Idle,
            results: None,
            notice: None,
            refused: Vec::new(),
            playing: false,
            speed: 6.0,
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
        match action {
            Action::SetLang(lang) => next.wb.lang = lang,
            Action::LoadPreset(id) if next.wb.load_preset(&id) => {
                next.refused.clear();
                next.playing = false;
                rerun = true;
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
                next.wb.scenarios.remove(i);
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
                    Ok(()) => {
                        next.wb.scenarios = edited;
                        rerun = true;
                    }
                    Err(error) => next.refused.push((scenario, path, error)),
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
                let horizon = next.wb.horizon();
                let to = next.wb.view.month.map_or(horizon, |m| (m + 1).min(horizon));
                next.wb.view.month = Some(to);
                if to >= horizon {
                    next.playing = false;
                }
            }
            Action::SetSpeed(speed) if speed.is_finite() => next.speed = speed.clamp(0.5, 60.0),
            Action::Replace(wb) => {
                next.wb = *wb;
                next.refused.clear();
                next.playing = false;
                rerun = true;
            }
            Action::Notify(notice) => next.notice = Some(notice),
            Action::Dismiss => next.notice = None,
            Action::RunStarted { revision, total } if revision == next.revision => {
                next.run = RunStatus::Running {
                    revision,
                    done: 0,
                    total,
                };
            }
            Action::RunProgress {
                revision,
                done,
                total,
            } if revision == next.revision => {
                next.run = RunStatus::Running {
                    revision,
                    done,
                    total,
                };
            }
            Action::RunResults {
                revision,
                done,
                total,
                comparison,
            } if revision == next.revision => {
                next.results = Some((revision, comparison));
                next.run = if done >= total {
                    RunStatus::Idle
                } else {
                    RunStatus::Running {
                        revision,
                        done,
                        total,
                    }
                };
            }
            Action::RunFailed { revision, error } if revision == next.revision => {
                next.run = RunStatus::Failed(error);
            }
            Action::Cancel => {
                if matches!(next.run, RunStatus::Running { .. }) {
                    next.run = RunStatus::Cancelled;
                }
            }
            // Out-of-range indexes, stale run messages, ticks while paused: no change.
            _ => {}
        }
        if rerun {
            next.revision += 1;
        }
        next.wb.tidy_view();
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

    #[test]
    fn stale_run_messages_are_ignored_and_partial_results_keep_running() {
        let s = state();
        let c = Rc::new(
            sim::run_many(&s.wb.scenarios[..1], 1, 1, &mut |_| sim::Flow::Continue).unwrap(),
        );
        let old = s.revision;
        let s = s.reduce(Action::SetSeed(7));
        let stale = s.reduce(Action::RunResults {
            revision: old,
            done: 1,
            total: 1,
            comparison: c.clone(),
        });
        assert!(stale.results.is_none());
        let partial = s.reduce(Action::RunResults {
            revision: s.revision,
            done: 1,
            total: 4,
            comparison: c,
        });
        assert!(partial.results_current());
        assert!(matches!(
            partial.run,
            RunStatus::Running {
                done: 1,
                total: 4,
                ..
            }
        ));
        assert_eq!(partial.reduce(Action::Cancel).run, RunStatus::Cancelled);
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
}
