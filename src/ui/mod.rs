//! The web app: Yew function components. Only compiled for wasm32.

pub mod chart_canvas;
pub mod hidpi;
pub mod worker;

use std::rc::Rc;

use yew::prelude::*;

use crate::app::i18n::{Lang, texts};
use crate::charts;
use crate::sim::cohort::{CohortParams, retention_curve, sbg_survival};
use chart_canvas::{ChartCanvas, Drawing};

/// Customers and months of the skeleton's cohort.
const CUSTOMERS: u32 = 10_000;
const MONTHS: u32 = 36;
const SEED: u64 = 2026;

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

#[component]
pub fn App() -> Html {
    let lang = use_state(browser_lang);
    let churn_percent = use_state(|| 5.0_f64);
    let polarisation = use_state(|| 0.3_f64);
    let t = texts(*lang);

    {
        let lang = *lang;
        use_effect_with(lang, move |lang| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
        });
    }

    let draw: Rc<Drawing> = use_memo(
        (
            *churn_percent,
            (*polarisation * 1000.0).round() as i64,
            *lang,
        ),
        |(churn, _, lang)| {
            let params = CohortParams {
                customers: CUSTOMERS,
                mean_churn: churn / 100.0,
                polarisation: *polarisation,
                months: MONTHS,
            };
            let (alpha, beta) = params.alpha_beta();
            let simulated = retention_curve(&params, SEED);
            let exact = sbg_survival(alpha, beta, MONTHS);
            let t = texts(*lang);
            let labels = charts::retention::Labels {
                title: t.chart_title.into(),
                x_axis: t.month_axis.into(),
                y_axis: t.retained_axis.into(),
                simulated: t.simulated.into(),
                closed_form: t.closed_form.into(),
            };
            Drawing(Rc::new(move |area| {
                charts::retention::draw(area, &simulated, &exact, &labels)
                    .map_err(|e| e.to_string())
            }))
        },
    );

    let on_churn = {
        let churn_percent = churn_percent.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(value) = input_value(&e) {
                churn_percent.set(value.clamp(0.5, 20.0));
            }
        })
    };
    let on_polarisation = {
        let polarisation = polarisation.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(value) = input_value(&e) {
                polarisation.set(value.clamp(0.05, 0.9));
            }
        })
    };
    let on_language = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(lang.other()))
    };

    html! {
        <>
        <header class="top">
            <h1>{ "fideliza" }</h1>
            <p class="tagline">{ t.tagline }</p>
            <button id="language" type="button" aria-label={t.switch_language} title={t.switch_language} onclick={on_language}>
                { t.language_name }
            </button>
        </header>
        <main>
            <section class="controls">
                <div class="control">
                    <label for="churn">{ t.churn_label }</label>
                    <input id="churn" type="range" min="0.5" max="20" step="0.5"
                        value={churn_percent.to_string()} oninput={on_churn}
                        aria-describedby="churn-help" />
                    <output for="churn">{ format!("{:.1} %", *churn_percent) }</output>
                    <p id="churn-help" class="help">{ t.churn_help }</p>
                </div>
                <div class="control">
                    <label for="polarisation">{ t.polarisation_label }</label>
                    <input id="polarisation" type="range" min="0.05" max="0.9" step="0.05"
                        value={polarisation.to_string()} oninput={on_polarisation}
                        aria-describedby="polarisation-help" />
                    <output for="polarisation">{ format!("{:.2}", *polarisation) }</output>
                    <p id="polarisation-help" class="help">{ t.polarisation_help }</p>
                </div>
            </section>
            <ChartCanvas id="retention-chart" draw={(*draw).clone()} label={t.chart_alt} error_text={t.chart_error} />
        </main>
        </>
    }
}

/// The number typed or slid into the input that fired `e`, if it is a finite number.
fn input_value(e: &InputEvent) -> Option<f64> {
    let input: web_sys::HtmlInputElement = e.target_dyn_into()?;
    input.value().parse::<f64>().ok().filter(|v| v.is_finite())
}
