//! Which lever matters? The sensitivity panel: a tornado over every lever of a
//! scenario, a map of two levers, and the break-even of one lever between two
//! scenarios. The runs go to the worker pool (after any workbench run), with progress,
//! the time left and Cancel; the sentences under each chart are computed from it.

use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Snapshot;
use super::chart_canvas::{ChartCanvas, Drawing};
use super::toolbar::NumberField;
use crate::app::board::number_format;
use crate::app::explain::time_left;
use crate::app::i18n::{Lang, lower_case};
use crate::app::levers::{Control, control_at};
use crate::app::sensitivity::{
    Reading, Study, baseline_choices, baseline_for, break_even_texts, control_name,
    numeric_controls, outcome_label, outcome_quantity, summary, value_of, value_text,
};
use crate::app::state::{Action, LETTERS, StudyStatus};
use crate::charts::View;
use crate::charts::sensitivity::{
    Bar, BarGeometry, BreakEvenChart, HeatmapChart, TornadoChart, draw_break_even, draw_heatmap,
    draw_tornado,
};
use crate::sim::search::Outcome;

fn tr(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// Bars drawn in the tornado (all are listed below it).
const TORNADO_BARS: usize = 12;

#[derive(Properties, Clone)]
pub struct SensitivityProps {
    pub state: Snapshot,
    pub dispatch: Callback<Action>,
    pub on_cancel: Callback<()>,
}

impl PartialEq for SensitivityProps {
    /// The panel shows the scenarios and the study: a workbench run's progress and
    /// results do not re-render its lists of levers.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.state.0, &other.state.0);
        (Rc::ptr_eq(a, b)
            || (a.revision == b.revision
                && a.study == b.study
                && a.wb.lang == b.wb.lang
                && a.wb.scenarios == b.wb.scenarios))
            && self.dispatch == other.dispatch
            && self.on_cancel == other.on_cancel
    }
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

/// Opens the editor on scenario `scenario` at the lever at `path`: unfolds the editor
/// on a phone, opens the lever's panel, scrolls to it and puts the focus in it.
pub fn open_lever(dispatch: &Callback<Action>, scenario: usize, path: &str) {
    dispatch.emit(Action::Edit(scenario));
    let id = format!("lever-{}", super::editor::dom_id(path));
    Timeout::new(0, move || {
        let document = gloo::utils::document();
        if let Some(toggle) = document.get_element_by_id("editor-toggle")
            && toggle.get_attribute("aria-expanded").as_deref() == Some("false")
            && let Some(toggle) = toggle.dyn_ref::<web_sys::HtmlElement>()
            && toggle.offset_parent().is_some()
        {
            toggle.click();
        }
        Timeout::new(0, move || {
            let document = gloo::utils::document();
            let Some(input) = document.get_element_by_id(&id) else {
                return;
            };
            if let Ok(Some(details)) = input.closest("details") {
                let _ = details.set_attribute("open", "");
            }
            input.scroll_into_view();
            if let Some(input) = input.dyn_ref::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        })
        .forget();
    })
    .forget();
}

#[component]
pub fn Sensitivity(props: &SensitivityProps) -> Html {
    let state = &props.state.0;
    let lang = state.wb.lang;
    let scenarios = &state.wb.scenarios;
    let n = scenarios.len();
    let outcome = use_state(|| Outcome::CumulativeMargin);
    let replications = use_state(|| 4u32);
    let chosen = use_state(|| state.wb.view.focus.min(n.saturating_sub(1)));
    let baseline = use_state(|| 0usize);
    let x_path = use_state(|| None::<String>);
    let y_path = use_state(|| None::<String>);
    let lever_path = use_state(|| None::<String>);
    let geometry = use_mut_ref(|| Rc::new(Cell::new(BarGeometry::default())));
    // The last finished tornado's ranking, by scenario: a map or break-even started from
    // its suggestions replaces the study, and the pickers must not fall back to the
    // list's first levers then.
    let last_ranked = use_mut_ref(|| None::<(usize, Vec<Control>)>);

    let scenario = (*chosen).min(n.saturating_sub(1));
    let s = &scenarios[scenario];
    let numeric = numeric_controls(s);
    // Suggestions: the levers a finished tornado of this scenario ranked first, and
    // for a break-even a lever on which the two scenarios differ.
    let ranked: Vec<Control> = match &state.study {
        Some(st) if st.plan.study == (Study::Tornado { scenario }) => match &st.status {
            StudyStatus::Done(o) => match st.plan.read(o, *outcome) {
                Reading::Tornado(t) => t
                    .swings
                    .iter()
                    .map(|w| w.ends.control)
                    .filter(|c| numeric.contains(c))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let ranked = {
        let mut last = last_ranked.borrow_mut();
        if !ranked.is_empty() {
            *last = Some((scenario, ranked.clone()));
            ranked
        } else {
            match &*last {
                Some((k, r)) if *k == scenario => {
                    r.iter().copied().filter(|c| numeric.contains(c)).collect()
                }
                _ => ranked,
            }
        }
    };
    let suggested = |i: usize| ranked.get(i).or(numeric.get(i)).copied();
    // The levers of the study on screen, when it is about this scenario: the pickers
    // show what the chart below them shows unless the user picked others.
    let (shown_x, shown_y, shown_lever) = match state.study.as_ref().map(|st| &st.plan.study) {
        Some(Study::Heatmap { scenario: k, x, y }) if *k == scenario => (Some(*x), Some(*y), None),
        Some(Study::BreakEven {
            scenario: k, lever, ..
        }) if *k == scenario => (None, None, Some(*lever)),
        _ => (None, None, None),
    };
    let shown = |c: Option<Control>| c.filter(|c| numeric.contains(c));
    let pick = |path: &Option<String>, fallback: Option<Control>| -> Option<Control> {
        path.as_deref()
            .and_then(control_at)
            .filter(|c| numeric.contains(c))
            .or(fallback)
    };
    let x = pick(&x_path, shown(shown_x).or(suggested(0)));
    let y = pick(&y_path, shown(shown_y).or(suggested(1)));
    // The baseline is never the scenario itself: the picker leaves it out, and if the
    // scenario picker moves onto the baseline, the baseline moves to another one.
    let base = baseline_for(*baseline, scenario, n);
    let differing = base.and_then(|base| {
        numeric
            .iter()
            .find(|c| c.get(s) != c.get(&scenarios[base]))
            .copied()
    });
    let lever = pick(
        &lever_path,
        shown(shown_lever).or(differing).or(suggested(0)),
    );
    let start = |study: Study| {
        let dispatch = props.dispatch.clone();
        let replications = *replications;
        Callback::from(move |_| dispatch.emit(Action::StartStudy(study.clone(), replications)))
    };
    let on_tornado = start(Study::Tornado { scenario });
    let on_heatmap = match (x, y) {
        (Some(x), Some(y)) if x != y => Some(start(Study::Heatmap { scenario, x, y })),
        _ => None,
    };
    let on_break_even = match (lever, base) {
        (Some(lever), Some(baseline)) => Some(start(Study::BreakEven {
            baseline,
            scenario,
            lever,
        })),
        _ => None,
    };

    let control_options = |selected: Option<Control>,
                           id: &'static str,
                           set: UseStateHandle<Option<String>>| {
        let onchange = Callback::from(move |e: Event| set.set(select_value(&e)));
        html! {
            <select {id} {onchange}>
                { for numeric.iter().map(|c| html! {
                    <option value={c.path()} selected={Some(*c) == selected}>{ control_name(*c, s, lang) }</option>
                }) }
            </select>
        }
    };
    let scenario_options = |choices: Vec<usize>,
                            selected: usize,
                            id: &'static str,
                            node: NodeRef,
                            set: UseStateHandle<usize>| {
        let onchange = Callback::from(move |e: Event| {
            set.set(select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(0))
        });
        html! {
            <select {id} {onchange} ref={node}>
                { for choices.into_iter().map(|k| html! {
                    <option value={k.to_string()} selected={k == selected}>{ format!("{} · {}", LETTERS[k], scenarios[k].name) }</option>
                }) }
            </select>
        }
    };
    // An option's `selected` attribute no longer moves a select the user has touched:
    // after every render each picker is set to the scenario the panel will use, so
    // what it shows is what runs.
    let scenario_select = use_node_ref();
    let baseline_select = use_node_ref();
    {
        let pickers = [
            (scenario_select.clone(), Some(scenario)),
            (baseline_select.clone(), base),
        ];
        use_effect(move || {
            for (node, k) in pickers {
                if let (Some(select), Some(k)) = (node.cast::<web_sys::HtmlSelectElement>(), k) {
                    let k = k.to_string();
                    if select.value() != k {
                        select.set_value(&k);
                    }
                }
            }
        });
    }
    let on_outcome = {
        let outcome = outcome.clone();
        Callback::from(move |e: Event| {
            let i: usize = select_value(&e).and_then(|v| v.parse().ok()).unwrap_or(0);
            outcome.set(Outcome::ALL[i.min(Outcome::ALL.len() - 1)]);
        })
    };
    // Stable, so the field re-renders only when its value changes (see `NumberField`).
    let on_replications = {
        let set = replications.setter();
        use_callback((), move |r: u64, _| set.set(r as u32))
    };

    // The chart and sentences of the last study, drawn again only when the study, the
    // outcome read or the language change (not at every message of a workbench run).
    let result = {
        let study = state.study.clone();
        let dispatch = props.dispatch.clone();
        let geometry = geometry.borrow().clone();
        let done = study.as_ref().and_then(|s| match &s.status {
            StudyStatus::Done(o) => Some(o.clone()),
            _ => None,
        });
        let key = (study.as_ref().map(|s| s.id), done.is_some(), *outcome, lang);
        use_memo(key, move |&(_, _, outcome, lang)| match (study, done) {
            (Some(study), Some(outcomes)) => {
                let reading = study.plan.read(&outcomes, outcome);
                let sentence = summary(&reading, &study.plan, outcome, lang);
                render_reading(
                    reading,
                    sentence,
                    &study.plan,
                    outcome,
                    lang,
                    geometry,
                    &dispatch,
                )
            }
            _ => html! {},
        })
    };
    // Progress of the last study asked.
    let body = match &state.study {
        None => html! {},
        Some(study) => {
            let status = match &study.status {
                StudyStatus::Running => {
                    let p = study.progress;
                    let left = p
                        .remaining_ms()
                        .map(|ms| format!(" · {}", time_left(ms, lang)))
                        .unwrap_or_default();
                    let on_cancel = props.on_cancel.reform(|_| ());
                    html! {
                        <div class="progress" role="status">
                            <label for="study-progress">
                                { format!("{} {} {} · {:.0} %{left}", tr(lang, "Simulando", "Simulating"), study.plan.variants.len(), tr(lang, "variantes", "variants"), p.fraction() * 100.0) }
                            </label>
                            <progress id="study-progress" value={p.months_done.to_string()} max={p.months_total.max(1).to_string()} />
                            <button type="button" id="study-cancel" onclick={on_cancel}>{ tr(lang, "Cancelar", "Cancel") }</button>
                        </div>
                    }
                }
                StudyStatus::Cancelled => html! {
                    <p class="status" role="status" id="study-status">{ tr(lang, "Estudio cancelado.", "Study cancelled.") }</p>
                },
                StudyStatus::Failed(e) => html! {
                    <p class="error" role="alert" id="study-status">{ format!("{} {e}", tr(lang, "El estudio falló:", "The study failed:")) }</p>
                },
                StudyStatus::Done(_) => html! {},
            };
            let stale = study.stale(state.revision).then(|| html! {
                <p class="hint" id="study-stale">{ tr(lang, "Los escenarios han cambiado desde este estudio: vuelve a lanzarlo para verlo al día.", "The scenarios have changed since this study: run it again to bring it up to date.") }</p>
            });
            html! { <>{ status }{ for stale }{ (*result).clone() }</> }
        }
    };
    let running = state
        .study
        .as_ref()
        .is_some_and(|s| s.status == StudyStatus::Running);

    html! {
        <details class="sensitivity" id="sensitivity">
            <summary>{ tr(lang, "¿Qué palanca importa? Sensibilidad y punto de equilibrio", "Which lever matters? Sensitivity and break-even") }</summary>
            <p class="hint">{ tr(lang,
                "Cada palanca se lleva a los extremos de su rango habitual, una a una, con los mismos números aleatorios en todas las variantes: una palanca que no influye no mueve el resultado en absoluto.",
                "Each lever is taken to the ends of its typical range, one at a time, with the same random numbers in every variant: a lever that has no effect does not move the result at all.") }</p>
            <div class="study-tools">
                <span class="pair">
                    <label for="study-scenario">{ tr(lang, "Escenario", "Scenario") }</label>
                    { scenario_options((0..n).collect(), scenario, "study-scenario", scenario_select.clone(), chosen.clone()) }
                </span>
                <span class="pair">
                    <label for="study-outcome">{ tr(lang, "Resultado", "Outcome") }</label>
                    <select id="study-outcome" onchange={on_outcome}>
                        { for Outcome::ALL.iter().enumerate().map(|(i, o)| html! {
                            <option value={i.to_string()} selected={*o == *outcome}>{ outcome_label(*o, lang) }</option>
                        }) }
                    </select>
                </span>
                <span class="pair">
                    <label for="study-replications">{ tr(lang, "Réplicas por variante", "Replications per variant") }</label>
                    <NumberField id="study-replications" min={1} max={50} value={u64::from(*replications)} {lang} on_value={on_replications} />
                </span>
            </div>
            <div class="study-tools">
                <button type="button" id="study-tornado" onclick={on_tornado} disabled={running}>
                    { tr(lang, "Ordenar todas las palancas", "Rank every lever") }
                </button>
            </div>
            <div class="study-tools">
                // A label wraps with its list, never apart from it.
                <span class="pair">
                    <label for="study-x">{ tr(lang, "Palanca horizontal", "Across") }</label>
                    { control_options(x, "study-x", x_path.clone()) }
                </span>
                <span class="pair">
                    <label for="study-y">{ tr(lang, "Palanca vertical", "Down") }</label>
                    { control_options(y, "study-y", y_path.clone()) }
                </span>
                <button type="button" id="study-heatmap" onclick={on_heatmap.clone().unwrap_or_default()} disabled={running || on_heatmap.is_none()}>
                    { tr(lang, "Mapa de dos palancas", "Map two levers") }
                </button>
            </div>
            if n > 1 {
                <div class="study-tools">
                    <span class="pair">
                        <label for="study-baseline">{ tr(lang, "Frente a", "Against") }</label>
                        { scenario_options(baseline_choices(n, scenario), base.unwrap_or(0), "study-baseline", baseline_select.clone(), baseline.clone()) }
                    </span>
                    <span class="pair">
                        <label for="study-lever">{ tr(lang, "Palanca del escenario", "Lever of the scenario") }</label>
                        { control_options(lever, "study-lever", lever_path.clone()) }
                    </span>
                    <button type="button" id="study-break-even" onclick={on_break_even.clone().unwrap_or_default()} disabled={running || on_break_even.is_none()}>
                        { tr(lang, "Buscar el punto de equilibrio", "Find the break-even") }
                    </button>
                </div>
            }
            { body }
        </details>
    }
}

fn render_reading(
    reading: Reading,
    sentence: String,
    plan: &crate::app::sensitivity::Plan,
    outcome: Outcome,
    lang: Lang,
    geometry: Rc<Cell<BarGeometry>>,
    dispatch: &Callback<Action>,
) -> Html {
    let q = outcome_quantity(outcome);
    let view = |title: String, x_axis: String, y_axis: String, legend: Vec<String>| View {
        title,
        x_axis,
        y_axis,
        unit: String::new(),
        legend,
        scenarios: Vec::new(),
        format: number_format(lang),
        cursor: None,
        reveal: None,
        notes: Vec::new(),
    };
    let what = outcome_label(outcome, lang).to_string();
    let (scenario, s) = plan.studied();
    let summary =
        html! { <p class="study-summary" id="study-summary" role="status">{ sentence }</p> };
    match reading {
        Reading::Tornado(t) => {
            let chart = Rc::new(TornadoChart {
                base: t.base,
                bars: t
                    .swings
                    .iter()
                    .take(TORNADO_BARS)
                    .map(|w| Bar {
                        label: control_name(w.ends.control, s, lang),
                        at_low: w.at_low,
                        at_high: w.at_high,
                    })
                    .collect(),
                quantity: q,
            });
            let v = Rc::new(view(
                format!(
                    "{} {}",
                    tr(lang, "Qué palanca mueve más:", "Which lever moves most:"),
                    lower_case(&what)
                ),
                what.clone(),
                String::new(),
                vec![
                    tr(lang, "Extremo bajo de la palanca", "Lever at its low end").into(),
                    tr(lang, "Extremo alto de la palanca", "Lever at its high end").into(),
                ],
            ));
            let g = geometry.clone();
            let drawing = Drawing(Rc::new(move |area| {
                draw_tornado(area, &chart, &v)
                    .map(|geo| g.set(geo))
                    .map_err(|e| e.to_string())
            }));
            let paths: Vec<String> = t.swings.iter().map(|w| w.ends.control.path()).collect();
            let onclick = {
                let dispatch = dispatch.clone();
                let paths = paths.clone();
                Callback::from(move |e: MouseEvent| {
                    let Some(canvas) = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlCanvasElement>().ok())
                    else {
                        return;
                    };
                    let top = canvas.get_bounding_client_rect().top();
                    let y = (f64::from(e.client_y()) - top) / super::hidpi::zoom_of(&canvas);
                    if let Some(i) = geometry.get().bar_at(y.round() as i32)
                        && let Some(path) = paths.get(i)
                    {
                        open_lever(&dispatch, scenario, path);
                    }
                })
            };
            let f = number_format(lang);
            html! {
                <>
                    <div class="study-chart clickable" {onclick}>
                        <ChartCanvas id="chart-tornado" draw={drawing}
                            label={tr(lang, "Tornado: cuánto mueve el resultado cada palanca", "Tornado: how far each lever moves the outcome")}
                            described_by={Some(AttrValue::from("study-summary"))}
                            error_text={tr(lang, "No se pudo dibujar el gráfico.", "The chart could not be drawn.")} />
                    </div>
                    { summary }
                    <ol class="swings" id="study-swings">
                        { for t.swings.iter().enumerate().map(|(i, w)| {
                            let dispatch = dispatch.clone();
                            let path = paths[i].clone();
                            let onclick = Callback::from(move |_| open_lever(&dispatch, scenario, &path));
                            let c = w.ends.control;
                            html! {
                                <li>
                                    <button type="button" class="link" id={format!("swing-{i}")} {onclick}>{ control_name(c, s, lang) }</button>
                                    { format!(": {} → {}; {} → {}",
                                        value_text(c, w.ends.low, lang), f.value(w.at_low, q),
                                        value_text(c, w.ends.high, lang), f.value(w.at_high, q)) }
                                </li>
                            }
                        }) }
                    </ol>
                </>
            }
        }
        Reading::Heatmap(h) => {
            let label = |c: Control, xs: &[f64]| -> Vec<String> {
                xs.iter()
                    .map(|x| value_text(c, value_of(c, *x), lang))
                    .collect()
            };
            let chart = Rc::new(HeatmapChart {
                xs: label(h.x, &h.xs),
                ys: label(h.y, &h.ys),
                values: h.values.clone(),
                quantity: q,
            });
            let v = Rc::new(view(
                format!(
                    "{}: {}",
                    tr(lang, "Dos palancas", "Two levers"),
                    lower_case(&what)
                ),
                control_name(h.x, s, lang),
                control_name(h.y, s, lang),
                Vec::new(),
            ));
            let drawing = Drawing(Rc::new(move |area| {
                draw_heatmap(area, &chart, &v).map_err(|e| e.to_string())
            }));
            html! {
                <>
                    <div class="study-chart">
                        <ChartCanvas id="chart-heatmap" draw={drawing}
                            label={tr(lang, "Mapa de dos palancas", "Map of two levers")}
                            described_by={Some(AttrValue::from("study-summary"))}
                            error_text={tr(lang, "No se pudo dibujar el gráfico.", "The chart could not be drawn.")} />
                    </div>
                    { summary }
                </>
            }
        }
        Reading::BreakEven(be) => {
            let c = be.lever;
            let text = |x: f64| value_text(c, value_of(c, x), lang);
            // Every label names the difference by the letters the study ran with.
            let texts = break_even_texts(&be, plan, outcome, lang);
            let chart = Rc::new(BreakEvenChart {
                x_labels: be.xs.iter().map(|x| text(*x)).collect(),
                crossing_label: texts.crossing,
                xs: be.xs.clone(),
                median: be.median.clone(),
                p05: be.p05.clone(),
                p95: be.p95.clone(),
                crossing: be.crossing,
                quantity: q,
            });
            let v = Rc::new(view(texts.title, texts.x_axis, texts.y_axis, texts.legend));
            let drawing = Drawing(Rc::new(move |area| {
                draw_break_even(area, &chart, &v)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }));
            html! {
                <>
                    <div class="study-chart">
                        <ChartCanvas id="chart-break-even" draw={drawing}
                            label={tr(lang, "Punto de equilibrio", "Break-even")}
                            described_by={Some(AttrValue::from("study-summary"))}
                            error_text={tr(lang, "No se pudo dibujar el gráfico.", "The chart could not be drawn.")} />
                    </div>
                    { summary }
                </>
            }
        }
    }
}
