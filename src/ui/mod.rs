//! The web app: Yew function components over one reducer ([`AppState`]), with the
//! simulation in a web worker. Only compiled for wasm32.

pub mod calibrate;
pub mod chart_canvas;
pub mod chart_card;
pub mod download;
pub mod editor;
pub mod hidpi;
pub mod lesson;
pub mod persist;
pub mod pool;
pub mod sensitivity;
pub mod shortcuts;
pub mod toolbar;
pub mod worker;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::board::ChartKind;
use crate::app::i18n::{Lang, texts};
use crate::app::pool::Event;
use crate::app::share;
use crate::app::share::ShareError;
use crate::app::state::{Action, AppState, Aside, LETTERS, LessonView, Notice, RunStatus};
use chart_card::ChartCard;
use editor::Editor;
use lesson::{LessonMenu, LessonPage};
use persist::{Pasted, Saved};
use shortcuts::SkipLinks;
use toolbar::{Header, NoticeBar, PresetAbout, RunBar};

pub use persist::{ASIDE_KEY, STORAGE_KEY};
/// Least time between two runs started by edits: the first edit after a quiet moment
/// runs at once, and a slider drag (many edits) runs at most this often.
const RUNS_EVERY_MS: f64 = 60.0;

/// Spanish if the browser prefers it, English otherwise.
pub fn browser_lang() -> Lang {
    let preferred = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    Lang::from_tag(&preferred)
}

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The app state as the components see it: compared by identity, not content (the
/// results are large, and every change makes a new snapshot anyway).
#[derive(Clone)]
pub struct Snapshot(pub Rc<AppState>);

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The page's fields sit in small forms of their own (the run bar, the scenario's name,
/// each group of levers), never submitted: Enter applies a field (its `change`) and
/// nothing else. Why forms at all: when a field is typed in, Chromium's autofill
/// re-reads the fields of its form, in the browser process. With every field of the
/// page in one implicit form that took about 100 ms of CPU per edit, which on two cores
/// came out of the simulation's workers (seen in a Chrome trace of a 100-replication
/// run started by typing its count: 2 workers went from 1.66x to 1.73-1.81x as fast as 1).
pub(crate) fn no_submit() -> Callback<SubmitEvent> {
    Callback::from(|e: SubmitEvent| e.prevent_default())
}

/// The work to open with (see [`persist::boot`]).
pub fn initial_state() -> AppState {
    persist::boot(browser_lang()).state
}

/// For components tested on their own (the page itself uses [`Store`]).
impl Reducible for Snapshot {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Snapshot(Rc::new(self.0.reduce(action))))
    }
}

/// The page's state and what keeps runs in step with it. Every action goes through
/// [`Store::dispatch`], which reduces it at once and, when it changes what is simulated
/// (a new revision), hands the run to the worker pool before the page re-renders: the
/// workers compute while the page draws the edit.
struct Store {
    state: RefCell<Rc<AppState>>,
    redraw: UseForceUpdateHandle,
    workers: Rc<pool::Workers>,
    /// When the last run started (ms since the epoch), and the run waiting for its turn.
    last_start: Cell<f64>,
    waiting: RefCell<Option<Timeout>>,
}

impl Store {
    fn open(state: AppState, redraw: UseForceUpdateHandle) -> Rc<Self> {
        Rc::new_cyclic(|me: &Weak<Self>| {
            let me = me.clone();
            Self {
                state: RefCell::new(Rc::new(state)),
                redraw,
                workers: pool::Workers::start(
                    pool::worker_count(),
                    Box::new(move |event| {
                        if let Some(store) = me.upgrade() {
                            store.dispatch(action_of(event));
                        }
                    }),
                ),
                last_start: Cell::new(f64::NEG_INFINITY),
                waiting: RefCell::new(None),
            }
        })
    }

    fn state(&self) -> Rc<AppState> {
        self.state.borrow().clone()
    }

    fn dispatch(self: &Rc<Self>, action: Action) {
        let before = self.state();
        let after = Rc::new(before.reduce(action));
        let revised = after.revision != before.revision;
        *self.state.borrow_mut() = after;
        if revised {
            self.run_soon();
        }
        self.redraw.force_update();
    }

    /// Every change that needs new numbers starts a run: at once after a quiet moment,
    /// else when the last run is RUNS_EVERY_MS old (a drag), with the numbers of that
    /// moment. The pool drops the run it replaces.
    fn run_soon(self: &Rc<Self>) {
        let wait = self.last_start.get() + RUNS_EVERY_MS - js_sys::Date::now();
        if wait <= 0.0 {
            self.waiting.borrow_mut().take();
            self.run_now();
        } else if self.waiting.borrow().is_none() {
            let store = Rc::downgrade(self);
            let timer = Timeout::new(wait.ceil() as u32, move || {
                if let Some(store) = store.upgrade() {
                    store.waiting.borrow_mut().take();
                    store.run_now();
                }
            });
            *self.waiting.borrow_mut() = Some(timer);
        }
    }

    fn run_now(&self) {
        self.last_start.set(js_sys::Date::now());
        let state = self.state();
        let (seed, replications) = state.running_settings();
        self.workers.start_run(
            state.revision,
            state.running_scenarios(),
            seed,
            replications,
        );
    }
}

fn action_of(event: Event) -> Action {
    match event {
        Event::RunStarted { revision, progress } => Action::RunStarted { revision, progress },
        Event::RunProgress { revision, progress } => Action::RunProgress { revision, progress },
        Event::RunResults {
            revision,
            progress,
            comparison,
        } => Action::RunResults {
            revision,
            progress,
            comparison: Rc::new(comparison),
        },
        Event::RunFailed { revision, error } => Action::RunFailed { revision, error },
        Event::StudyProgress { id, progress } => Action::StudyProgress { id, progress },
        Event::StudyDone { id, outcomes } => Action::StudyDone {
            id,
            outcomes: Rc::new(outcomes),
        },
        Event::StudyFailed { id, error } => Action::StudyFailed { id, error },
        Event::WorkersSilent => Action::Notify(Notice::WorkersSilent),
        Event::WorkersAnswered => Action::DismissIf(Notice::WorkersSilent),
    }
}

#[component]
pub fn App() -> Html {
    html! { <WorkbenchPage /> }
}

#[component]
pub fn WorkbenchPage() -> Html {
    // Read the address bar and the autosave once, when the page opens.
    let boot = use_memo((), |_| persist::boot(browser_lang()));
    let store = {
        let boot = boot.clone();
        let redraw = use_force_update();
        (*use_memo((), move |_| {
            Store::open(with_lesson_from_link(boot.state.clone()), redraw)
        }))
        .clone()
    };
    let sync: persist::SharedSync = {
        let boot = boot.clone();
        use_mut_ref(move || boot.sync.clone())
    };
    let state = store.state();
    // One callback for the page's lifetime, so children can skip re-rendering.
    let dispatch: Callback<Action> = {
        let store = store.clone();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| store.dispatch(a))
        }))
        .clone()
    };
    let lang = state.wb.lang;
    let t = texts(lang);

    let workers = store.workers.clone();
    // The first run, of the work the page opened with (later ones start at the edit).
    {
        let store = store.clone();
        use_effect_with((), move |_| store.run_now());
    }
    // A study asked for goes to the pool (after the workbench's run).
    {
        let workers = workers.clone();
        let asked = state.study.as_ref().and_then(|s| {
            (s.status == crate::app::state::StudyStatus::Running)
                .then(|| (s.id, s.plan.variants.clone(), s.seed, s.replications))
        });
        use_effect_with(asked.as_ref().map(|a| a.0), move |_| {
            if let Some((id, variants, seed, replications)) = asked {
                workers.start_study(id, variants, seed, replications);
            }
        });
    }
    // Autosave, never over another tab's newer work. A full or disabled storage is
    // reported; the work stays on screen.
    {
        let dispatch = dispatch.clone();
        let sync = sync.clone();
        use_effect_with(
            (state.wb.clone(), state.undo.is_some()),
            move |(wb, undo)| {
                // While the last replacement can be undone, the saved work stays the work
                // before it: a reload then loses nothing.
                if *undo {
                    return;
                }
                let outcome = persist::save(&mut sync.borrow_mut(), wb);
                match outcome {
                    Saved::Done => {}
                    Saved::Failed => dispatch.emit(Action::Notify(Notice::SaveFailed)),
                    Saved::Newer(newer, notice) => {
                        dispatch.emit(Action::Replace(newer));
                        dispatch.emit(Action::Notify(notice));
                    }
                    Saved::KeptUnreadable(notice) => dispatch.emit(Action::Notify(notice)),
                }
                persist::keep_link_in_step(wb);
            },
        );
    }
    // Other tabs' saves: take newer work in, so tabs stay in step.
    {
        let dispatch = dispatch.clone();
        let sync = sync.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "storage", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                if event.key().as_deref() != Some(STORAGE_KEY) {
                    return;
                }
                let Some(text) = event.new_value() else {
                    return;
                };
                let taken = persist::take_in(&mut sync.borrow_mut(), &text);
                if let Some(wb) = taken {
                    dispatch.emit(Action::Replace(Box::new(wb)));
                    dispatch.emit(Action::Notify(Notice::SyncedFromOtherTab));
                }
            });
            move || drop(listener)
        });
    }
    // A link pasted into the address bar opens, after asking if it replaces work.
    {
        let dispatch = dispatch.clone();
        let sync = sync.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let current = sync.borrow().current.clone();
                match persist::pasted(&current) {
                    Pasted::Nothing => {}
                    Pasted::Rejected(e) => {
                        persist::show_link(&share::workbench_to_link(&current));
                        dispatch.emit(Action::Notify(Notice::LinkRejected(e)));
                    }
                    Pasted::Open { wb, replaces } => {
                        let notice = match replaces {
                            None => Notice::LinkOpened,
                            Some(previous) => {
                                let asked = gloo::utils::window()
                                    .confirm_with_message(texts(current.lang).confirm_open_link)
                                    .unwrap_or(false);
                                if !asked {
                                    persist::show_link(&share::workbench_to_link(&current));
                                    return;
                                }
                                persist::set_aside(
                                    Aside::ReplacedByLink,
                                    share::workbench_to_json(&previous),
                                )
                            }
                        };
                        dispatch.emit(Action::Replace(wb));
                        dispatch.emit(Action::Notify(notice));
                    }
                }
            });
            move || drop(listener)
        });
    }
    // Playback: one month per tick at the chosen speed.
    {
        let dispatch = dispatch.clone();
        let speed = state.speed;
        use_effect_with((state.playing, speed.to_bits()), move |(playing, _)| {
            let interval = playing.then(|| {
                let every = (1000.0 / speed).round().max(16.0) as u32;
                Interval::new(every, move || dispatch.emit(Action::Tick))
            });
            move || drop(interval)
        });
    }
    // The address bar follows the lesson's step, so a reload or a shared link opens it.
    {
        let key = state
            .lesson
            .as_ref()
            .map(|l| (l.id, l.stage, l.guess.map(|g| g.key())));
        let lesson = state.lesson.clone();
        use_effect_with((key, lang), move |(_, lang)| {
            persist::keep_lesson_link_in_step(lesson.as_ref(), *lang);
        });
    }
    // A lesson link pasted into the address bar opens the lesson; Back and Forward
    // move between its steps, and out of it.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                match persist::lesson_in_address_bar() {
                    Some(Ok(link)) => {
                        if let Some(l) = link.lang {
                            dispatch.emit(Action::SetLang(l));
                        }
                        dispatch.emit(Action::OpenLesson {
                            id: link.id,
                            stage: link.stage,
                            guess: link.guess,
                        });
                    }
                    Some(Err(id)) => dispatch.emit(Action::Notify(Notice::LinkRejected(
                        ShareError::UnknownLesson(id),
                    ))),
                    None => {
                        if let Some(l) = persist::language_in_address_bar() {
                            dispatch.emit(Action::SetLang(l));
                        } else if persist::leaves_lesson() {
                            // Back from a lesson's first step (nothing when none is open).
                            dispatch.emit(Action::CloseLesson);
                        }
                    }
                }
            });
            move || drop(listener)
        });
    }
    // Back on the workbench from presenting its charts or from a lesson, the focus
    // returns to the button that went there (it was gone, and the focus with it).
    {
        let was = use_mut_ref(|| (false, None::<&'static str>));
        let now = (state.presenting, state.lesson.as_ref().map(|l| l.id));
        use_effect_with(now, move |&(presenting, lesson)| {
            let (was_presenting, was_lesson) =
                std::mem::replace(&mut *was.borrow_mut(), (presenting, lesson));
            let back_to = match (was_lesson, lesson) {
                (Some(id), None) => Some(format!("open-lesson-{id}")),
                (None, None) if was_presenting && !presenting => Some("present".to_string()),
                _ => None,
            };
            if let Some(button) = back_to
                .and_then(|id| gloo::utils::document().get_element_by_id(&id))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        });
    }
    // Keys: arrows, space and page keys move through a lesson's steps, or through the
    // charts when presenting; Escape leaves presenter mode, or else stops a run (not
    // from a chart, where it stops reading a month).
    {
        let dispatch = dispatch.clone();
        let workers = workers.clone();
        let in_lesson = state.lesson.is_some();
        let presenting = state.presenting;
        let running = matches!(state.run, RunStatus::Running { .. });
        use_effect_with(
            (in_lesson, presenting, running),
            move |&(in_lesson, presenting, running)| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                let document = gloo::utils::document();
                let listener =
                    EventListener::new_with_options(&document, "keydown", options, move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                            return;
                        };
                        if e.default_prevented() {
                            return;
                        }
                        let field = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .map(|el| el.tag_name().to_ascii_lowercase())
                            .is_some_and(|tag| tag == "input" || tag == "textarea");
                        // Ctrl+Z (Cmd+Z) undoes the last change, Ctrl+Shift+Z or Ctrl+Y
                        // redoes it, outside text fields (where they undo typing).
                        if (e.ctrl_key() || e.meta_key()) && !field {
                            let key = e.key().to_ascii_lowercase();
                            let action = match key.as_str() {
                                "z" if e.shift_key() => Some(Action::Redo),
                                "z" => Some(Action::Undo),
                                "y" => Some(Action::Redo),
                                _ => None,
                            };
                            if let Some(action) = action {
                                e.prevent_default();
                                dispatch.emit(action);
                                return;
                            }
                        }
                        if e.ctrl_key() || e.meta_key() || e.alt_key() {
                            return;
                        }
                        let tag = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .map(|el| el.tag_name().to_ascii_lowercase())
                            .unwrap_or_default();
                        if e.key() == "Escape" && running && !presenting && tag != "canvas" {
                            e.prevent_default();
                            workers.cancel_run();
                            dispatch.emit(Action::Cancel);
                            return;
                        }
                        if matches!(tag.as_str(), "input" | "select" | "textarea") {
                            return;
                        }
                        let key = e.key();
                        let step = match key.as_str() {
                            "ArrowRight" | "PageDown" => 1,
                            " " if tag != "button" => 1,
                            "ArrowLeft" | "PageUp" => -1,
                            // The first step or chart, and the last one can reach (a
                            // lesson does not pass its vote without one).
                            "Home" => -1000,
                            "End" => 1000,
                            "Escape" if presenting => {
                                dispatch.emit(Action::Present(false));
                                return;
                            }
                            _ => return,
                        };
                        if in_lesson {
                            e.prevent_default();
                            dispatch.emit(Action::LessonMove(step));
                        } else if presenting {
                            e.prevent_default();
                            dispatch.emit(Action::PresentMove(step));
                        }
                    });
                move || drop(listener)
            },
        );
    }
    // Presenter mode asks for the full screen (the browser may refuse; the layout still
    // changes).
    use_effect_with(state.presenting, move |presenting| {
        let document = gloo::utils::document();
        if *presenting {
            if document.fullscreen_element().is_none() {
                if let Some(root) = document.document_element() {
                    let _ = root.request_fullscreen();
                }
            }
        } else if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    });
    use_effect_with(lang, move |lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });

    let on_cancel = {
        let workers = workers.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            workers.cancel_run();
            dispatch.emit(Action::Cancel);
        })
    };

    // One callback for the page's lifetime, so the sensitivity panel can skip renders.
    let on_cancel_study: Callback<()> = {
        let workers = workers.clone();
        let dispatch = dispatch.clone();
        (*use_memo((), move |_| {
            Callback::from(move |_| {
                workers.cancel_study();
                dispatch.emit(Action::CancelStudy);
            })
        }))
        .clone()
    };

    let names: Rc<Vec<String>> = Rc::new(
        state
            .wb
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} · {}", LETTERS[i], s.name))
            .collect(),
    );
    let snapshot = Snapshot(state.clone());
    let on_explore = dispatch.reform(Action::ShowSeries);
    let on_compare = dispatch.reform(Action::CompareSeries);
    let on_baseline = dispatch.reform(Action::CompareAgainst);
    // The difference chart has its own series (and choice of it).
    let series_of = |kind: ChartKind| match kind {
        ChartKind::Difference => (state.wb.view.compared, on_compare.clone()),
        _ => (state.wb.view.series, on_explore.clone()),
    };
    let cards = ChartKind::ALL.iter().map(|&kind| {
        let (explored, on_explore) = series_of(kind);
        html! {
            <ChartCard key={kind.id()} {kind} results={state.results.clone()} {lang}
                names={names.clone()} focus={state.wb.view.focus} month={state.wb.view.month}
                {explored} {on_explore} baseline={state.wb.view.baseline} on_baseline={on_baseline.clone()} />
        }
    });

    let root = classes!("app", state.presenting.then_some("presenting"));
    if state.lesson.is_some() {
        return html! {
            <div class={root}>
                <NoticeBar state={snapshot.clone()} dispatch={dispatch.clone()} />
                <LessonPage state={snapshot} dispatch={dispatch.clone()} />
            </div>
        };
    }
    if state.presenting {
        let kind = ChartKind::ALL[state.presented.min(ChartKind::ALL.len() - 1)];
        let t_lang = |es: &'static str, en: &'static str| {
            if lang == crate::app::i18n::Lang::Es {
                es
            } else {
                en
            }
        };
        let (explored, on_explore) = series_of(kind);
        return html! {
            <div class={root}>
                <main class="presented">
                    <p class="present-bar">
                        { format!("{} {} / {} · ", t_lang("Gráfico", "Chart"), state.presented + 1, ChartKind::ALL.len()) }
                        { t_lang("← → para pasar, Esc para salir", "← → to move, Esc to leave") }
                        <button type="button" class="small" id="present-exit" onclick={dispatch.reform(|_| Action::Present(false))}>
                            { t_lang("Salir", "Leave") }
                        </button>
                    </p>
                    <ChartCard key={kind.id()} {kind} results={state.results.clone()} {lang}
                        names={names.clone()} focus={state.wb.view.focus} month={state.wb.view.month}
                        {explored} {on_explore} baseline={state.wb.view.baseline} on_baseline={on_baseline.clone()} />
                </main>
            </div>
        };
    }
    html! {
        <div class={root}>
            <SkipLinks {lang} />
            <Header state={snapshot.clone()} dispatch={dispatch.clone()} />
            <NoticeBar state={snapshot.clone()} dispatch={dispatch.clone()} />
            <LessonMenu {lang} preset={state.wb.preset.clone()} dispatch={dispatch.clone()} />
            <main class="workbench">
                <Editor state={snapshot.clone()} dispatch={dispatch.clone()} />
                <section id="results" class="results" aria-labelledby="results-title" tabindex="-1">
                    <h2 id="results-title" class="visually-hidden">{ t.results }</h2>
                    <PresetAbout state={snapshot.clone()} />
                    <RunBar state={snapshot.clone()} dispatch={dispatch.clone()} {on_cancel} />
                    <calibrate::Calibrate {lang} dispatch={dispatch.clone()}
                        segments={state.wb.scenarios.first().map(|s| s.population.segments.iter().map(|g| g.name.clone()).collect::<Vec<_>>()).unwrap_or_default()}
                        churn={state.wb.scenarios.first().map(|s| s.population.segments.iter().map(|g| (g.churn_alpha, g.churn_beta)).collect::<Vec<_>>()).unwrap_or_default()} />
                    <sensitivity::Sensitivity state={snapshot} dispatch={dispatch.clone()} on_cancel={on_cancel_study} />
                    if state.results.is_none() {
                        <p class="waiting" role="status">{ t.waiting }</p>
                    }
                    <div id="charts" class="charts" tabindex="-1">{ for cards }</div>
                </section>
            </main>
        </div>
    }
}

/// The state to open with, with the lesson of a lesson link in the address bar open
/// (in the link's language), or a notice saying which lesson does not exist.
fn with_lesson_from_link(mut state: AppState) -> AppState {
    match persist::lesson_in_address_bar() {
        Some(Ok(link)) => {
            if let Some(l) = link.lang {
                state.wb.set_lang(l);
            }
            if let Some(view) = LessonView::open(&link.id, 0, link.guess, state.wb.lang) {
                state.lesson = Some(view);
                lesson::opened_at_start();
                // Stage effects (the reveal's playback) as if the class had walked there.
                state = state.reduce(Action::LessonStage(link.stage));
            }
            state
        }
        Some(Err(id)) => {
            state.notice = Some(Notice::LinkRejected(ShareError::UnknownLesson(id)));
            state
        }
        None => state,
    }
}

/// Browser benchmark of the engine where it runs, in a simulation worker of its own
/// (built with the speed profile): the `fideliza bench` reference scenario at
/// `customers` x `months`, run `runs` times in that one worker and timed inside it, as
/// `fideliza bench` times five runs in one process (a new worker's first run also pays
/// for compiling the module's hot code). Resolves to JSON `{"ok", "seconds"}`, the
/// seconds of each run in order.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn fideliza_bench(customers: u32, months: u32, runs: u32) -> js_sys::Promise {
    use futures::StreamExt;
    use yew_agent::reactor::ReactorSpawner;
    wasm_bindgen_futures::future_to_promise(async move {
        let mut bridge = ReactorSpawner::<worker::SimulationWorker>::new().spawn("worker.js");
        let (mut all_ok, mut times) = (true, String::new());
        for run in 0..runs.max(1) {
            bridge.send_input(crate::app::pool::Request::Bench { customers, months });
            loop {
                match bridge.next().await {
                    Some(crate::app::pool::Reply::Bench { ok, seconds }) => {
                        all_ok &= ok;
                        let comma = if run == 0 { "" } else { "," };
                        times.push_str(&format!("{comma}{seconds:.4}"));
                        break;
                    }
                    Some(_) => {}
                    None => {
                        return Err(wasm_bindgen::JsValue::from_str(
                            "the benchmark worker stopped",
                        ));
                    }
                }
            }
        }
        Ok(wasm_bindgen::JsValue::from_str(&format!(
            r#"{{"ok":{all_ok},"seconds":[{times}]}}"#
        )))
    })
}
