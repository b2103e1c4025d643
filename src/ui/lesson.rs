//! A lesson on screen: one stage at a time (situation, prediction, reveal, explaining
//! charts, the flip, the debrief), keyboard and presenter friendly. Before the reveal
//! nothing of the results is in the page: no chart, read-out or sentence about them.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::Snapshot;
use super::chart_canvas::{ChartCanvas, Drawing, month_under};
use crate::app::board::{ChartData, number_format};
use crate::app::examples;
use crate::app::explain::field_label;
use crate::app::i18n::Lang;
use crate::app::lessons::{self, Guess, Stage};
use crate::app::state::{Action, LETTERS, LessonView, Notice};
use crate::charts::bands::BandChart;
use crate::charts::{Note, PlotGeometry, Quantity, View};
use crate::sim::{Comparison, Series};

fn tr(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// The name of a stage, as the step indicator shows it.
pub fn stage_name(stage: Stage, lang: Lang) -> String {
    match stage {
        Stage::Situation => tr(lang, "La situación", "The situation").into(),
        Stage::Predict => tr(lang, "Predecid", "Predict").into(),
        Stage::Reveal => tr(lang, "El resultado", "The result").into(),
        Stage::Explain(i) => format!("{} {}", tr(lang, "Por qué", "Why"), i + 1),
        Stage::Flip => tr(lang, "Qué cambiaría el resultado", "What would flip it").into(),
        Stage::Debrief => tr(lang, "Para debatir", "Discussion").into(),
    }
}

/// Scenario names as the lesson shows them: "A · Free exit".
fn names(view: &LessonView) -> Vec<String> {
    view.scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} · {}", LETTERS[i], s.name))
        .collect()
}

/// The reveal chart: cumulative margin of each scenario, median and 5-95% band.
fn reveal_data(c: &Comparison) -> ChartData {
    ChartData::Band(BandChart::per_scenario(c, Quantity::Money, |s| {
        s.cumulative(Series::Margin, 0)
    }))
}

fn reveal_view(lang: Lang, names: &[String], month: Option<u32>, notes: Vec<Note>) -> View {
    View {
        title: tr(
            lang,
            "Margen acumulado (mediana y banda 5-95\u{a0}%)",
            "Cumulative margin (median and 5-95% band)",
        )
        .into(),
        x_axis: tr(lang, "Mes", "Month").into(),
        y_axis: "€".into(),
        unit: "€".into(),
        legend: Vec::new(),
        scenarios: names.to_vec(),
        format: number_format(lang),
        cursor: None,
        reveal: month,
        notes,
    }
}

#[derive(Properties, Clone)]
pub struct LessonChartProps {
    pub lang: Lang,
    pub data: Rc<ChartData>,
    pub view: Rc<View>,
    pub id: AttrValue,
    /// Projected: the month's values are read out once the chart is pointed at (the
    /// note on it says what the step is about), and the plot keeps their lines.
    #[prop_or_default]
    pub presenting: bool,
}

impl PartialEq for LessonChartProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.data, &other.data)
            && self.view == other.view
            && self.id == other.id
            && self.lang == other.lang
            && self.presenting == other.presenting
    }
}

/// A chart of the lesson, with the values of a month read by pointing, tapping or
/// dragging on it (or with the arrow keys once focused).
#[component]
pub fn LessonChart(props: &LessonChartProps) -> Html {
    let lang_month = tr(props.lang, "Mes", "Month");
    let picked = use_state(|| None::<u32>);
    // A month read on one step's chart is not carried to the next step's, drawn in the
    // same place.
    {
        let picked = picked.clone();
        use_effect_with(props.id.clone(), move |_| picked.set(None));
    }
    let geometry = use_mut_ref(|| Rc::new(Cell::new(None::<PlotGeometry>)));
    let figure_ref = use_node_ref();
    let cursor = (*picked).or(props.view.cursor);
    let view = Rc::new(View {
        cursor,
        ..(*props.view).clone()
    });
    let drawing: Rc<Drawing> = {
        let data = props.data.clone();
        let view = view.clone();
        let cell = geometry.borrow().clone();
        use_memo((Rc::as_ptr(&data) as usize, view.clone()), move |_| {
            Drawing(Rc::new(move |area| {
                data.draw(area, &view)
                    .map(|g| cell.set(Some(g)))
                    .map_err(|e| e.to_string())
            }))
        })
    };
    let month_at = {
        let figure_ref = figure_ref.clone();
        let cell = geometry.borrow().clone();
        move |client_x: i32| month_under(&figure_ref, cell.get(), client_x)
    };
    let reveal_limit = props.view.reveal;
    let onpointerdown = {
        let picked = picked.clone();
        let month_at = month_at.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(m) = month_at(e.client_x()) {
                picked.set(Some(reveal_limit.map_or(m, |r| m.min(r))));
            }
        })
    };
    let onpointermove = {
        let picked = picked.clone();
        Callback::from(move |e: PointerEvent| {
            // A mouse reads as it moves; a finger or pen while pressed (dragging).
            if e.pointer_type() == "mouse" || e.buttons() != 0 {
                if let Some(m) = month_at(e.client_x()) {
                    picked.set(Some(reveal_limit.map_or(m, |r| m.min(r))));
                }
            }
        })
    };
    let onkeydown = {
        let picked = picked.clone();
        let last = props.view.reveal.unwrap_or(u32::MAX);
        let start = cursor.unwrap_or(0);
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowLeft" => start.saturating_sub(1),
                "ArrowRight" => (start + 1).min(last),
                _ => return,
            };
            // Inside the chart the arrows read months, not lesson steps.
            e.prevent_default();
            e.stop_propagation();
            picked.set(Some(to));
        })
    };
    let readout = cursor
        .filter(|_| !props.presenting || picked.is_some())
        .map(|month| {
        let rows = props.data.rows_at(&view, month);
        let groups = crate::charts::frame::rows_by_scenario(&rows, &view.scenarios);
        let segments = groups.iter().any(|(_, items)| items.iter().any(|i| i.2));
        html! {
            <div class="readout" aria-live="polite">
                <strong>{ format!("{lang_month} {month}:") }</strong>
                // A line per scenario, so a projected class can follow A and B apart.
                { for groups.into_iter().map(|(head, items)| html! {
                    <p class="row">
                        <span class="scenario">{ format!("{head}: ") }</span>
                        { crate::charts::frame::read_out_line(&items, crate::app::explain::by_segment(props.lang), |row| crate::app::csv_locale::value_text(&view.format, row.value, row.quantity)) }
                    </p>
                }) }
                if segments {
                    <p class="hint medians">{ crate::app::explain::medians_note(props.lang) }</p>
                }
            </div>
        }
    });
    html! {
        <div class="lesson-chart">
            <div ref={figure_ref} class="plot" tabindex="0" aria-label={view.title.clone()}
                {onpointerdown} {onpointermove} {onkeydown}>
                <ChartCanvas id={props.id.clone()} draw={(*drawing).clone()}
                    label={view.title.clone()} error_text={AttrValue::Static("—")} />
            </div>
            { for readout }
        </div>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct LessonProps {
    pub state: Snapshot,
    pub dispatch: Callback<Action>,
}

/// The lesson page.
#[component]
pub fn LessonPage(props: &LessonProps) -> Html {
    let state = &props.state.0;
    let Some(view) = state.lesson.as_ref() else {
        return html! {};
    };
    let lang = state.wb.lang;
    let lesson = view.lesson();
    let stages = lesson.stages();
    let stage = view.stage();
    let dispatch = props.dispatch.clone();
    let names = names(view);
    // A new step starts at its heading: a step moved to from far down the one before
    // (Next, under a long text, on a short or zoomed screen) would open partway down
    // and hide its first lines. The focus goes to the heading when the button pressed
    // is gone or disabled (Next on the last step), rather than falling to the page.
    // So does a lesson just opened from the workbench: the button that opened it is
    // gone, and the focus would fall to the page. (A lesson the page opens with, from
    // its link, starts like any page: nothing had the focus.)
    use_effect_with(view.stage, move |_| {
        if !OPENED_AT_START.swap(false, std::sync::atomic::Ordering::Relaxed) {
            show_stage_heading();
        }
    });
    // Results only once the reveal has started, and only the whole run of these
    // scenarios: the texts quote the numbers of all the replications.
    let results = state
        .run_finished()
        .then(|| state.comparison().cloned())
        .flatten()
        .filter(|_| stage.shows_results());

    let indicator = html! {
        <nav class="lesson-steps" aria-label={tr(lang, "Pasos de la lección", "Lesson steps")}>
            <ol>
                { for stages.iter().enumerate().map(|(i, s)| {
                    let current = i == view.stage;
                    let onclick = dispatch.reform(move |_| Action::LessonStage(i));
                    html! {
                        <li>
                            <button type="button" class={classes!("step", current.then_some("current"))}
                                aria-current={current.then_some("step")} {onclick}>
                                <span class="n">{ i + 1 }</span>
                                <span class="label">{ stage_name(*s, lang) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    };
    let previous = dispatch.reform(|_| Action::LessonMove(-1));
    let next = dispatch.reform(|_| Action::LessonMove(1));
    let is_last = view.stage + 1 >= stages.len();
    let needs_guess = stage == Stage::Predict && view.guess.is_none();
    let done = match &state.run {
        crate::app::state::RunStatus::Running { progress, .. } => {
            format!(" {:.0} %", 100.0 * progress.fraction())
        }
        _ => String::new(),
    };
    let waiting = html! {
        <p class="waiting" role="status">{ format!("{}{done}", tr(lang, "Simulando…", "Simulating…")) }</p>
    };

    let body = match stage {
        Stage::Situation => html! {
            <>
                <p class="situation">{ lesson.situation(lang) }</p>
                if let Some(first) = view.scenarios.first() {
                    <p class="population">{ crate::app::explain::population_line(first, lang) }</p>
                }
                <ul class="lesson-scenarios">
                    { for names.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            </>
        },
        Stage::Predict => html! {
            <>
                <p class="question">{ lesson.question(lang) }</p>
                <div class="guesses" role="group" aria-label={lesson.question(lang)}>
                    { for Guess::ALL.iter().map(|&g| {
                        let chosen = view.guess == Some(g);
                        let label = match g {
                            Guess::A => names[0].clone(),
                            Guess::B => names.get(1).cloned().unwrap_or_default(),
                            Guess::Same => tr(lang, "Más o menos igual", "About the same").into(),
                        };
                        let onclick = dispatch.reform(move |_| Action::Predict(g));
                        html! {
                            <button type="button" class={classes!("guess", chosen.then_some("chosen"))}
                                id={format!("guess-{}", g.key())}
                                aria-pressed={if chosen { "true" } else { "false" }} {onclick}>
                                { label }
                            </button>
                        }
                    }) }
                </div>
                <p class="hint">{ match view.guess {
                    Some(g) => format!("{} {}.", tr(lang, "La clase predice:", "The class predicts:"), lessons::guess_text(g, &names, lang)),
                    None => tr(lang, "Votad antes de seguir: nada del resultado se muestra hasta entonces.", "Vote before going on: nothing of the result shows until then.").into(),
                } }</p>
            </>
        },
        Stage::Reveal => match &results {
            None => waiting,
            Some(c) => {
                let notes = view
                    .guess
                    .map(|g| vec![lessons::prediction_note(c, g, &names, lang)])
                    .unwrap_or_default();
                let done = view.month.is_none_or(|m| m >= view.horizon());
                let data = Rc::new(reveal_data(c));
                let chart_view = Rc::new(reveal_view(lang, &names, view.month, notes));
                let replay = dispatch.reform(|_| Action::LessonStage(2));
                html! {
                    <>
                        <LessonChart {lang} id="lesson-reveal" {data} view={chart_view} presenting={state.presenting} />
                        <p class="playback" aria-live="off">
                            { format!("{} {} / {}", tr(lang, "Mes", "Month"), view.month.unwrap_or(view.horizon()), view.horizon()) }
                            <button type="button" class="small" onclick={replay}>{ tr(lang, "Repetir", "Replay") }</button>
                        </p>
                        if done {
                            <p class="result" role="status">{ lessons::reveal_text(c, view.guess, &names, lang).unwrap_or_default() }</p>
                        }
                    </>
                }
            }
        },
        Stage::Explain(i) => match (&results, lesson.explained.get(i)) {
            (Some(c), Some(e)) => {
                // Data and texts as the host tests check them (`Explained::data`, `view`).
                let chart = lesson.chart_data(i, c).map(|data| {
                    let view = Rc::new(e.view(c, &data, lang, &names));
                    (Rc::new(data), view)
                });
                let findings: Vec<String> = e.findings.iter().filter_map(|f| f(c, lang)).collect();
                html! {
                    <>
                        if let Some((data, view)) = chart {
                            <LessonChart {lang} id={format!("lesson-explain-{i}")} {data} {view} presenting={state.presenting} />
                        }
                        <ul class="findings">
                            { for findings.into_iter().map(|f| html! { <li>{ f }</li> }) }
                        </ul>
                    </>
                }
            }
            _ => waiting,
        },
        Stage::Flip => {
            let flip = lesson.flip();
            let sentence = examples::flip_sentence(lesson.example, lang).unwrap_or_default();
            let lever = flip.map(|f| field_label(f.lever, lang)).unwrap_or_default();
            let on_flip = {
                let on = !view.flipped;
                dispatch.reform(move |_| Action::LessonFlip(on))
            };
            let past = flip.and_then(|f| {
                let scenarios = crate::app::state::example_scenarios(lesson.example, lang)?;
                f.past(&scenarios).map(|x| (f.show)(x, lang))
            });
            // The setting tried, as the button says it ("discount for the term → 22%").
            let setting = format!("{} → {}", lower_initial(&lever), past.unwrap_or_default());
            html! {
                <>
                    <p class="flip">{ sentence }</p>
                    <p>
                        <button type="button" id="lesson-flip" onclick={on_flip} aria-pressed={if view.flipped { "true" } else { "false" }}>
                            { if view.flipped {
                                tr(lang, "Volver a los valores del ejemplo", "Back to the example's values").to_string()
                            } else {
                                format!("{} {setting}", tr(lang, "Probadlo:", "Try it:"))
                            } }
                        </button>
                    </p>
                    { match &results {
                        Some(c) => {
                            let data = Rc::new(reveal_data(c));
                            let chart_view = Rc::new(reveal_view(lang, &names, None, Vec::new()));
                            html! {
                                <>
                                    <LessonChart {lang} id="lesson-flip-chart" {data} view={chart_view} presenting={state.presenting} />
                                    <p class="result" role="status">{
                                        after_lever(view.flipped.then_some(setting.as_str()), lessons::reveal_text(c, None, &names, lang).unwrap_or_default(), lang)
                                    }</p>
                                </>
                            }
                        }
                        None => waiting,
                    } }
                </>
            }
        }
        Stage::Debrief => match &results {
            Some(c) => {
                let questions = lesson.questions(c, lang);
                let print = Callback::from(|_| {
                    let _ = gloo::utils::window().print();
                });
                let explore = dispatch.reform(|_| Action::ExploreLesson);
                html! {
                    <>
                        <ol class="questions">
                            { for questions.into_iter().map(|q| html! { <li>{ q }</li> }) }
                        </ol>
                        <p class="lesson-actions">
                            <button type="button" onclick={print}>{ tr(lang, "Imprimir el resumen", "Print the summary") }</button>
                            <button type="button" id="lesson-explore" onclick={explore}>{ tr(lang, "Explorar en el simulador", "Explore in the workbench") }</button>
                        </p>
                        <Summary view={view.clone()} comparison={c.clone()} {lang} names={names.clone()} />
                    </>
                }
            }
            None => waiting,
        },
    };

    let on_present = dispatch.reform({
        let on = !state.presenting;
        move |_| Action::Present(on)
    });
    let on_exit = dispatch.reform(|_| Action::CloseLesson);
    let on_lang = dispatch.reform(move |_| Action::SetLang(lang.other()));
    let on_copy = {
        let dispatch = dispatch.clone();
        let fragment = view.link(lang);
        Callback::from(move |_| {
            super::toolbar::copy_link(fragment.clone(), dispatch.clone(), Notice::LessonLinkCopied)
        })
    };
    html! {
        <main class="lesson" id="lesson" data-stage={stage_name(stage, Lang::En)}
            data-run={if state.run_finished() { "done" } else { "running" }}>
            <header class="lesson-head">
                <p class="essay">{ format!("{} {}", tr(lang, "Lección · ensayo", "Lesson · essay"), lesson.essay().unwrap_or(0)) }</p>
                <h1>{ lesson.title(lang) }</h1>
                <div class="lesson-tools">
                    <button type="button" class="small" onclick={on_lang} lang={lang.other().tag()}>
                        { match lang { Lang::Es => "English", Lang::En => "Español" } }
                    </button>
                    <button type="button" class="small" id="lesson-copy-link" onclick={on_copy}>
                        { tr(lang, "Copiar enlace", "Copy link") }
                    </button>
                    <button type="button" class="small" id="present" onclick={on_present} aria-pressed={if state.presenting { "true" } else { "false" }}>
                        { tr(lang, "Presentar", "Present") }
                    </button>
                    <button type="button" class="small" id="lesson-exit" onclick={on_exit}>
                        { tr(lang, "Volver al simulador", "Leave for the workbench") }
                    </button>
                </div>
            </header>
            { indicator }
            <section class="lesson-stage" aria-labelledby="stage-title">
                <h2 id="stage-title" tabindex="-1">
                    { format!("{} {} / {} · {}", tr(lang, "Paso", "Step"), view.stage + 1, stages.len(), stage_name(stage, lang)) }
                </h2>
                { body }
            </section>
            <nav class="lesson-nav">
                <button type="button" id="lesson-prev" onclick={previous} disabled={view.stage == 0}>
                    { tr(lang, "← Anterior", "← Previous") }
                </button>
                <button type="button" id="lesson-next" onclick={next} disabled={is_last || needs_guess}>
                    { tr(lang, "Siguiente →", "Next →") }
                </button>
            </nav>
        </main>
    }
}

/// A label or a sentence inside another sentence: its first letter in lower case unless
/// it begins with an acronym or a name ("CRM ...", "B · ...").
fn lower_initial(label: &str) -> String {
    let mut chars = label.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    let rest = chars.as_str();
    if rest.chars().next().is_some_and(char::is_lowercase) {
        format!("{}{rest}", crate::app::i18n::lower_case(&first))
    } else {
        label.to_string()
    }
}

/// The flip step's result, after the setting tried when there is one ("With discount
/// for the term → 22%: …", as its button said it); the sentence then goes on in lower
/// case ("…: over 60 months"), unless it begins with a name ("B · …").
fn after_lever(setting: Option<&str>, result: String, lang: Lang) -> String {
    match setting {
        Some(setting) => format!(
            "{} {setting}: {}",
            tr(lang, "Con", "With"),
            lower_initial(&result)
        ),
        None => result,
    }
}

/// Whether the lesson on screen is the one the page opened with (from its link), until
/// its first step is shown.
static OPENED_AT_START: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The page opens with a lesson (its link was in the address bar).
pub fn opened_at_start() {
    OPENED_AT_START.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Brings the step's heading into view if it is above the window, and gives it the
/// focus if the focus was lost (on the page's body, or on a disabled button).
fn show_stage_heading() {
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let Some(heading) = document
        .get_element_by_id("stage-title")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if heading.get_bounding_client_rect().top() < 0.0 {
        heading.scroll_into_view();
    }
    let lost = match document.active_element() {
        None => true,
        Some(e) => {
            e.tag_name().eq_ignore_ascii_case("body")
                || e.dyn_ref::<web_sys::HtmlButtonElement>()
                    .is_some_and(|b| b.disabled())
        }
    };
    if lost {
        let _ = heading.focus();
    }
}

#[derive(Properties, Clone)]
struct SummaryProps {
    view: LessonView,
    comparison: Rc<Comparison>,
    lang: Lang,
    names: Vec<String>,
}

impl PartialEq for SummaryProps {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view
            && Rc::ptr_eq(&self.comparison, &other.comparison)
            && self.lang == other.lang
    }
}

/// The one-page summary: what was asked, what the class said, what the run showed.
#[component]
fn Summary(props: &SummaryProps) -> Html {
    let lang = props.lang;
    let l = props.view.lesson();
    let c = &props.comparison;
    let findings: Vec<String> = l
        .explained
        .iter()
        .flat_map(|e| e.findings.iter().filter_map(|f| f(c, lang)))
        .collect();
    html! {
        <article class="lesson-summary" aria-label={tr(lang, "Resumen", "Summary")}>
            <h2>{ format!("{}: {}", tr(lang, "Resumen", "Summary"), l.title(lang)) }</h2>
            <p>{ l.situation(lang) }</p>
            <h3>{ tr(lang, "Predicción y resultado", "Prediction and result") }</h3>
            <p>
                { props.view.guess.map(|g| format!("{} {}. ", tr(lang, "La clase predijo:", "The class predicted:"), lessons::guess_text(g, &props.names, lang))).unwrap_or_default() }
                { lessons::reveal_text(c, props.view.guess, &props.names, lang).unwrap_or_default() }
            </p>
            <h3>{ tr(lang, "Por qué", "Why") }</h3>
            <ul>{ for findings.into_iter().map(|f| html! { <li>{ f }</li> }) }</ul>
            <h3>{ tr(lang, "Qué cambiaría el resultado", "What would flip it") }</h3>
            <p>{ examples::flip_sentence(l.example, lang).unwrap_or_default() }</p>
            <h3>{ tr(lang, "Para debatir", "Discussion") }</h3>
            <ol>{ for l.questions(c, lang).into_iter().map(|q| html! { <li>{ q }</li> }) }</ol>
            <p class="fine">{ tr(lang, "fideliza · simulación con 20 réplicas, semilla 2026; medianas.", "fideliza · simulation with 20 replications, seed 2026; medians.") }</p>
        </article>
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct LessonMenuProps {
    pub lang: Lang,
    /// The example loaded in the workbench, if any.
    pub preset: Option<String>,
    pub dispatch: Callback<Action>,
}

/// The way into the lessons from the workbench: one button per lesson, the one of the
/// loaded example first.
#[component]
pub fn LessonMenu(props: &LessonMenuProps) -> Html {
    let lang = props.lang;
    let current = props
        .preset
        .as_deref()
        .and_then(lessons::lesson_of_example)
        .map(|l| l.id);
    let present = props.dispatch.reform(|_| Action::Present(true));
    html! {
        <nav class="lesson-menu" aria-label={tr(lang, "Lecciones para clase", "Lessons for class")}>
            <button type="button" class="small" id="present" onclick={present}>
                { tr(lang, "Presentar los gráficos", "Present the charts") }
            </button>
            <span class="label">{ tr(lang, "Lecciones para clase:", "Lessons for class:") }</span>
            { for lessons::lessons().iter().map(|l| {
                let id = l.id;
                let onclick = props.dispatch.reform(move |_| Action::OpenLesson { id: id.into(), stage: 0, guess: None });
                html! {
                    <button type="button" class={classes!("small", (current == Some(id)).then_some("current"))}
                        id={format!("open-lesson-{id}")} {onclick}
                        aria-current={(current == Some(id)).then_some("true")}>
                        { l.title(lang) }
                    </button>
                }
            }) }
        </nav>
    }
}
