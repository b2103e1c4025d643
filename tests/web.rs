//! Components and canvases in a real headless Chromium (wasm-bindgen-test driven by
//! chromedriver; `make test-browser`).
#![cfg(target_arch = "wasm32")]

use fideliza::app::i18n::Lang;
use fideliza::ui::App;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, laid-out container for one test's app.
fn mount_point(width_px: u32) -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    root.set_attribute("style", &format!("width:{width_px}px"))
        .unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Pixels with ink, and pixels of the scenario-A blue (the simulated curve).
fn ink(canvas: &HtmlCanvasElement) -> (usize, usize) {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = context
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let (mut ink, mut blue) = (0, 0);
    for px in data.chunks_exact(4) {
        if px[3] > 0 && (px[0] < 200 || px[1] < 200 || px[2] < 200) {
            ink += 1;
        }
        if px[0] < 24 && (90..140).contains(&px[1]) && (154..202).contains(&px[2]) {
            blue += 1;
        }
    }
    (ink, blue)
}

async fn settle() {
    // Yew renders and runs effects on the next ticks of the event loop.
    TimeoutFuture::new(50).await;
}

#[wasm_bindgen_test]
async fn app_renders_controls_and_draws_a_chart() {
    let root = mount_point(1000);
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;

    let slider = root
        .query_selector("#churn")
        .unwrap()
        .expect("churn slider rendered");
    let slider: HtmlInputElement = slider.dyn_into().unwrap();
    assert_eq!(slider.type_(), "range");
    assert!(
        root.query_selector("label[for=churn]").unwrap().is_some(),
        "slider has a label"
    );

    let canvas: HtmlCanvasElement = root
        .query_selector("canvas")
        .unwrap()
        .expect("chart canvas")
        .dyn_into()
        .unwrap();
    assert!(
        canvas
            .get_attribute("aria-label")
            .is_some_and(|l| !l.is_empty())
    );
    let (inked, blue) = ink(&canvas);
    let pixels = (canvas.width() * canvas.height()) as usize;
    assert!(pixels > 0, "canvas has no size");
    assert!(
        inked * 100 > pixels,
        "canvas is blank: {inked} of {pixels} pixels inked"
    );
    assert!(blue > 100, "simulated curve not drawn ({blue} blue pixels)");
}

#[wasm_bindgen_test]
async fn canvas_backing_store_follows_device_pixel_ratio() {
    let root = mount_point(640);
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    let canvas: HtmlCanvasElement = root
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
    let css_width = canvas
        .unchecked_ref::<HtmlElement>()
        .get_bounding_client_rect()
        .width();
    assert_eq!(canvas.width(), (css_width.round() * ratio).round() as u32);
}

#[wasm_bindgen_test]
async fn moving_the_slider_redraws_the_chart() {
    let root = mount_point(900);
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    let canvas: HtmlCanvasElement = root
        .query_selector("canvas")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let before = canvas.to_data_url().unwrap();

    let slider: HtmlInputElement = root
        .query_selector("#churn")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    slider.set_value("12");
    let event = web_sys::InputEvent::new("input").unwrap();
    slider.dispatch_event(&event).unwrap();
    settle().await;

    assert_ne!(
        canvas.to_data_url().unwrap(),
        before,
        "chart unchanged after input"
    );
    let output = root.query_selector("output[for=churn]").unwrap().unwrap();
    assert_eq!(output.text_content().unwrap(), "12.0 %");
}

#[wasm_bindgen_test]
fn language_tags_pick_spanish_or_english() {
    assert_eq!(Lang::from_tag("es"), Lang::Es);
    assert_eq!(Lang::from_tag("es-419"), Lang::Es);
    assert_eq!(Lang::from_tag("ES-es"), Lang::Es);
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag("fr"), Lang::En);
    assert_eq!(Lang::from_tag(""), Lang::En);
}

#[wasm_bindgen_test]
fn reference_run_gives_the_hosts_digest_in_the_browser() {
    // tests/sim_invariants.rs asserts the same constant on the host: same scenario and
    // seed, same numbers, bit for bit, on both targets.
    assert_eq!(
        fideliza::sim::reference_digest(),
        fideliza::sim::REFERENCE_DIGEST
    );
}
