//! Calibrate churn from the user's own retention data: paste or upload a cohort table,
//! see the shifted-beta-geometric fit against it with its projection and
//! log-likelihood, and set a segment's churn alpha and beta from it in one click.
//! A table that cannot be read changes nothing and says which line is wrong.

use std::rc::Rc;

use yew::prelude::*;

use super::chart_canvas::{ChartCanvas, Drawing};
use crate::app::board::number_format;
use crate::app::calibration::{Applied, Calibration, Fitted};
use crate::app::cohort_table;
use crate::app::i18n::Lang;
use crate::app::state::Action;
use crate::charts::View;
use crate::charts::fit::{FitChart, draw};
use crate::sim::cohort::sbg_survival;

fn tr(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct CalibrateProps {
    pub lang: Lang,
    /// Segment names (shared by every scenario).
    pub segments: Vec<String>,
    /// Each segment's churn (alpha, beta) in the work, so that the panel says a fit was
    /// set only while it really is.
    pub churn: Vec<(f64, f64)>,
    pub dispatch: Callback<Action>,
}

/// The churn now in the segment an `Applied` names, if it is still there.
fn applied_churn(applied: &Applied, churn: &[(f64, f64)]) -> Option<(f64, f64)> {
    match applied {
        Applied::Set { segment, .. } => churn.get(*segment).copied(),
        Applied::OutOfRange { .. } => None,
    }
}

fn chart_of(f: &Fitted) -> FitChart {
    let longest = f.table.columns.iter().map(Vec::len).max().unwrap_or(1);
    // Project twice as far as the data, and at least a year (12 monthly rows, 4
    // quarterly, 1 yearly: a floor of 12 periods made four yearly rows a quarter of a
    // 12-year plot).
    let k = f.months_per_period.max(1);
    let periods = (2 * longest.saturating_sub(1) as u32).max(12u32.div_ceil(k));
    FitChart {
        data: f
            .table
            .columns
            .iter()
            .map(|c| c.iter().map(|v| v / c[0]).collect())
            .collect(),
        fitted: f
            .fits
            .iter()
            .map(|fit| match fit {
                Ok(fit) => sbg_survival(fit.alpha, fit.beta, periods * k),
                Err(_) => Vec::new(),
            })
            .collect(),
        steps: k,
    }
}

#[component]
pub fn Calibrate(props: &CalibrateProps) -> Html {
    let lang = props.lang;
    let text = use_state(String::new);
    let calibration = use_state(Calibration::default);
    let segment = use_state(|| 0usize);

    // Every change goes through a copy of the state as it is now (the handle's value),
    // set back whole.
    let update = {
        let calibration = calibration.clone();
        move |change: &dyn Fn(&mut Calibration)| {
            let mut next = (*calibration).clone();
            change(&mut next);
            calibration.set(next);
        }
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                text.set(area.value());
            }
        })
    };
    let on_fit = {
        let update = update.clone();
        let text = text.clone();
        Callback::from(move |_| update(&|c: &mut Calibration| c.fit(&text)))
    };
    let on_file = {
        let text = text.clone();
        let update = update.clone();
        Callback::from(move |e: Event| {
            let text = text.clone();
            let update = update.clone();
            super::download::read_picked(&e, move |content| {
                if let Some(content) = content {
                    // A file larger than any cohort table is not one.
                    let content: String = content.chars().take(200_000).collect();
                    text.set(content.clone());
                    update(&|c: &mut Calibration| c.fit(&content));
                }
            });
        })
    };
    let on_months = {
        let update = update.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let months = select.value().parse().unwrap_or(1);
                // Refits the table on screen: a fit for the old period length must
                // not stay there to be applied.
                update(&|c: &mut Calibration| c.set_months(months));
            }
        })
    };
    let on_segment = {
        let segment = segment.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                segment.set(select.value().parse().unwrap_or(0));
            }
        })
    };

    let months = calibration.months_per_period;
    let result = match &calibration.outcome {
        None => html! {},
        Some(Err(error)) => html! {
            <p class="error" role="alert" id="calibrate-error">{ error.message(lang) }</p>
        },
        Some(Ok(fitted)) => {
            let chart = Rc::new(chart_of(fitted));
            let view = Rc::new(View {
                title: tr(lang, "Tus cohortes y el modelo ajustado (puntos: datos; línea discontinua: proyección)", "Your cohorts and the fitted model (dots: data; dashed: projection)").into(),
                // Each row is a month, a quarter or a year: the axis says which.
                x_axis: match months {
                    12 => tr(lang, "Año", "Year"),
                    3 => tr(lang, "Trimestre", "Quarter"),
                    1 => tr(lang, "Mes", "Month"),
                    _ => tr(lang, "Periodo", "Period"),
                }
                .into(),
                y_axis: tr(lang, "Siguen activos (%)", "Still active (%)").into(),
                unit: "%".into(),
                legend: fitted.table.names.clone(),
                scenarios: Vec::new(),
                format: number_format(lang),
                cursor: None,
                reveal: None,
                notes: Vec::new(),
            });
            let drawing = Drawing(Rc::new(move |area| {
                draw(area, &chart, &view)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }));
            let target = props.segments.get(*segment).cloned().unwrap_or_default();
            html! {
                <>
                    <ChartCanvas id="chart-calibrate" draw={drawing}
                        label={tr(lang, "Ajuste del modelo a tus cohortes", "The model fitted to your cohorts")}
                        error_text={tr(lang, "No se pudo dibujar el gráfico.", "The chart could not be drawn.")} />
                    // What was assumed to read the table, before the fits it led to.
                    { for fitted.table.notes.iter().map(|note| html! {
                        <p class="hint calibrate-note">{ note.message(lang) }</p>
                    }) }
                    <ul class="fits">
                        { for fitted.table.names.iter().zip(&fitted.fits).enumerate().map(|(k, (name, fit))| {
                            let fit = match fit {
                                Ok(fit) => fit,
                                Err(why) => return html! {
                                    <li class="unfitted" id={format!("calibrate-unfitted-{k}")}>{ why.message(lang) }</li>
                                },
                            };
                            let dispatch = props.dispatch.clone();
                            let update = update.clone();
                            let index = *segment;
                            let name_then = target.clone();
                            let onclick = Callback::from(move |_| {
                                update(&|c: &mut Calibration| {
                                    if let Some(action) = c.apply(k, index, &name_then) {
                                        dispatch.emit(action);
                                    }
                                });
                            });
                            html! {
                                <li>
                                    <strong>{ format!("{name}: ") }</strong>
                                    { cohort_table::describe(fit, lang) }
                                    <button type="button" class="small" id={format!("calibrate-use-{k}")} {onclick}>
                                        { format!("{} {target}", tr(lang, "Usar para", "Use for")) }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    if let Some(applied) = &calibration.applied {
                        <p role="status" class="hint" id="calibrate-applied">{ applied.message(lang, applied_churn(applied, &props.churn)) }</p>
                    }
                </>
            }
        }
    };

    html! {
        <details class="calibrate" id="calibrate">
            <summary>{ tr(lang, "Calibrar el abandono con tus datos de retención", "Calibrate churn from your retention data") }</summary>
            <p class="hint">{ tr(lang,
                "Pega una tabla: una fila por periodo (0, 1, 2…) y una columna por cohorte o segmento, con clientes activos o % de la cohorte. Se ajusta el modelo beta-geométrico desplazado por máxima verosimilitud (Fader y Hardie, 2007).",
                "Paste a table: one row per period (0, 1, 2…) and one column per cohort or segment, with active customers or % of the cohort. The shifted-beta-geometric model is fitted by maximum likelihood (Fader & Hardie, 2007).") }</p>
            <label for="calibrate-table">{ tr(lang, "Tabla de cohortes", "Cohort table") }</label>
            <textarea id="calibrate-table" rows="7" value={(*text).clone()} oninput={on_input}
                placeholder={crate::app::cohort_table::example(lang)} />
            <div class="calibrate-tools">
                // Each label wraps with its control, never apart from it.
                <span class="pair">
                    <label for="calibrate-months">{ tr(lang, "Cada fila es", "Each row is") }</label>
                    <select id="calibrate-months" onchange={on_months}>
                        <option value="1" selected={months == 1}>{ tr(lang, "un mes", "a month") }</option>
                        <option value="3" selected={months == 3}>{ tr(lang, "un trimestre", "a quarter") }</option>
                        <option value="12" selected={months == 12}>{ tr(lang, "un año", "a year") }</option>
                    </select>
                </span>
                <input type="file" id="calibrate-file" class="visually-hidden" accept=".csv,.tsv,.txt,text/csv,text/plain" onchange={on_file} />
                <label for="calibrate-file" class="button">{ tr(lang, "Abrir un archivo…", "Open a file…") }</label>
                <button type="button" id="calibrate-fit" onclick={on_fit}>{ tr(lang, "Ajustar", "Fit") }</button>
                <span class="pair">
                    <label for="calibrate-segment">{ tr(lang, "Segmento", "Segment") }</label>
                    <select id="calibrate-segment" onchange={on_segment}>
                        { for props.segments.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={*segment == i}>{ s.clone() }</option>
                        }) }
                    </select>
                </span>
            </div>
            { result }
        </details>
    }
}
