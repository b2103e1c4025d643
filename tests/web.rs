//! Components and canvases in a real headless Chromium (wasm-bindgen-test driven by
//! chromedriver; `make test-browser`).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use fideliza::app::board::ChartKind;
use fideliza::app::explain::format_number;
use fideliza::app::i18n::Lang;
use fideliza::app::levers::{Value, control_at};
use fideliza::app::share;
use fideliza::app::state::{Action, AppState, Aside, Notice, Workbench};
use fideliza::sim::{self, Comparison, Flow};
use fideliza::ui::Snapshot;
use fideliza::ui::chart_card::ChartCard;
use fideliza::ui::editor::Editor;
use fideliza::ui::persist::{self, Saved};
use fideliza::ui::toolbar::NumberField;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh, laid-out container for one test's component, at the top of the page and in
/// view (charts out of view wait to be drawn).
fn mount_point(width_px: u32) -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    root.set_attribute("style", &format!("width:{width_px}px"))
        .unwrap();
    let body = document.body().unwrap();
    body.insert_before(&root, body.first_child().as_ref())
        .unwrap();
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    root
}

/// Pixels with ink, and pixels of the scenario-A blue.
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

/// The first canvas under `root`.
fn canvas_in(root: &web_sys::Element) -> HtmlCanvasElement {
    root.query_selector("canvas")
        .unwrap()
        .expect("a canvas")
        .dyn_into()
        .unwrap()
}

async fn settle() {
    // Yew renders and runs effects on the next ticks of the event loop.
    TimeoutFuture::new(60).await;
}

/// Waits up to two seconds for `done`: a render that a slow browser (a cold Firefox in CI)
/// has not finished after [`settle`] is not a failure; one that never comes is.
async fn eventually(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..40 {
        if done() {
            return true;
        }
        TimeoutFuture::new(50).await;
    }
    done()
}

fn small_comparison() -> Rc<Comparison> {
    let mut pair = sim::preset("lock-in-vs-free-exit").unwrap().scenarios;
    for s in &mut pair {
        s.customers = 2_000;
        s.horizon_months = 36;
    }
    Rc::new(sim::run_many(&pair, 5, 3, &mut |_| Flow::Continue).unwrap())
}

#[derive(Properties, PartialEq)]
struct CardHarnessProps {
    kind: ChartKind,
    lang: Lang,
}

#[component]
fn CardHarness(props: &CardHarnessProps) -> Html {
    let results = use_memo((), |_| small_comparison());
    let names = Rc::new(vec!["A · Free exit".to_string(), "B · Lock-in".to_string()]);
    html! {
        <ChartCard kind={props.kind} results={Some((1, (*results).clone()))} lang={props.lang}
            {names} focus={1} month={None::<u32>} />
    }
}

#[wasm_bindgen_test]
async fn every_chart_card_draws_on_a_hidpi_canvas() {
    for kind in ChartKind::ALL {
        let root = mount_point(900);
        yew::Renderer::<CardHarness>::with_root_and_props(
            root.clone(),
            CardHarnessProps {
                kind,
                lang: Lang::Es,
            },
        )
        .render();
        settle().await;
        let canvas = canvas_in(&root);
        let pixels = (canvas.width() * canvas.height()) as usize;
        // Debug-build wasm is slow: give each chart up to 3 s to appear.
        let mut inked = 0;
        for _ in 0..50 {
            inked = ink(&canvas).0;
            if inked * 100 > pixels {
                break;
            }
            settle().await;
        }
        assert!(pixels > 0, "{kind:?}: canvas has no size");
        assert!(
            inked * 100 > pixels,
            "{kind:?}: canvas is blank ({inked} of {pixels} pixels inked)"
        );
        // Backing store = CSS size x devicePixelRatio.
        let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
        let css = canvas.get_bounding_client_rect().width().round();
        assert_eq!(canvas.width(), (css * ratio).round() as u32, "{kind:?}");
        assert!(
            canvas
                .get_attribute("aria-label")
                .is_some_and(|l| !l.is_empty())
        );
    }
}

/// A card below a spacer three windows high, the window scrolled to the top.
async fn card_out_of_view(kind: ChartKind) -> (web_sys::Element, HtmlCanvasElement) {
    let root = mount_point(900);
    let window = gloo::utils::window();
    let high = window.inner_height().unwrap().as_f64().unwrap() * 3.0;
    let spacer = gloo::utils::document().create_element("div").unwrap();
    spacer
        .set_attribute("style", &format!("height:{high}px"))
        .unwrap();
    root.append_child(&spacer).unwrap();
    let mount = gloo::utils::document().create_element("div").unwrap();
    root.append_child(&mount).unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    yew::Renderer::<CardHarness>::with_root_and_props(
        mount.clone(),
        CardHarnessProps {
            kind,
            lang: Lang::En,
        },
    )
    .render();
    for _ in 0..5 {
        settle().await;
    }
    (mount, canvas_in(&root))
}

#[wasm_bindgen_test]
async fn a_chart_out_of_view_is_drawn_when_scrolled_to_or_printed() {
    // Scrolled to: drawn as it comes near the window, not before.
    let (mount, canvas) = card_out_of_view(ChartKind::Retention).await;
    assert_eq!(ink(&canvas).0, 0, "drawn while out of view");
    mount.scroll_into_view();
    assert!(
        eventually(|| ink(&canvas).0 > 1000).await,
        "not drawn when scrolled to"
    );
    // Printed: every chart waiting is drawn before the page is laid out for paper.
    let (_, canvas) = card_out_of_view(ChartKind::Churn).await;
    assert_eq!(ink(&canvas).0, 0, "drawn while out of view");
    let before_print = web_sys::Event::new("beforeprint").unwrap();
    gloo::utils::window().dispatch_event(&before_print).unwrap();
    assert!(ink(&canvas).0 > 1000, "not drawn for printing");
}

#[component]
fn SingleDifference() -> Html {
    let results = use_memo((), |_| {
        let mut one = sim::preset("baseline").unwrap().scenarios;
        one[0].customers = 500;
        Rc::new(sim::run_many(&one, 5, 2, &mut |_| Flow::Continue).unwrap())
    });
    let names = Rc::new(vec!["A · Baseline".to_string()]);
    html! {
        <ChartCard kind={ChartKind::Difference} results={Some((1, (*results).clone()))}
            lang={Lang::En} {names} focus={0} month={None::<u32>} />
    }
}

#[wasm_bindgen_test]
async fn a_difference_card_with_one_scenario_says_what_it_needs() {
    let root = mount_point(600);
    yew::Renderer::<SingleDifference>::with_root(root.clone()).render();
    settle().await;
    let canvas = canvas_in(&root);
    // Text in the middle of a white card, where a blank box used to be.
    let mut inked = 0;
    for _ in 0..50 {
        settle().await;
        inked = ink(&canvas).0;
        if inked > 200 {
            break;
        }
    }
    assert!(inked > 200, "the card is blank ({inked} pixels inked)");
    root.remove();
}

/// Presses the left arrow on the card's plot, as a keyboard user reads the month
/// before the last, and returns the read-out's text.
async fn read_out_a_month_before(root: &web_sys::Element) -> String {
    let plot: web_sys::HtmlElement = root
        .query_selector(".plot")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowLeft");
    init.set_bubbles(true);
    let key = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    plot.dispatch_event(&key).unwrap();
    settle().await;
    root.query_selector(".readout")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_retention_card_shows_scenario_colours_and_reads_out_a_month_by_keyboard() {
    let root = mount_point(900);
    yew::Renderer::<CardHarness>::with_root_and_props(
        root.clone(),
        CardHarnessProps {
            kind: ChartKind::Retention,
            lang: Lang::En,
        },
    )
    .render();
    settle().await;
    let canvas = canvas_in(&root);
    // The first chart is drawn on an animation frame; Firefox may take a few.
    let mut blue = 0;
    for _ in 0..50 {
        blue = ink(&canvas).1;
        if blue > 100 {
            break;
        }
        settle().await;
    }
    assert!(
        blue > 100,
        "scenario A's line not drawn ({blue} blue pixels)"
    );
    let before = canvas.to_data_url().unwrap();

    let readout = read_out_a_month_before(&root).await;
    assert!(readout.starts_with("Month 35"), "readout: {readout}");
    assert!(readout.contains("Free exit") && readout.contains("Lock-in"));
    // A line per scenario, each beginning with its name.
    let lines = root.query_selector_all(".readout .row").unwrap();
    let texts: Vec<String> = (0..lines.length())
        .filter_map(|k| lines.item(k)?.text_content())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[0].starts_with("A · ") && texts[1].starts_with("B · "),
        "{texts:?}"
    );
    assert_ne!(
        canvas.to_data_url().unwrap(),
        before,
        "the month rule is drawn"
    );
    // No segments in this read-out, so no word on how their medians add up.
    assert!(root.query_selector(".readout .medians").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_read_out_with_segments_says_their_medians_need_not_add_up() {
    let root = mount_point(900);
    yew::Renderer::<CardHarness>::with_root_and_props(
        root.clone(),
        CardHarnessProps {
            kind: ChartKind::Churn,
            lang: Lang::En,
        },
    )
    .render();
    settle().await;
    let readout = read_out_a_month_before(&root).await;
    // The departures by reason list our firm's segments after them, as a clause of
    // their own (in brackets they read as a split of the last reason), and under them
    // the note that medians of parts need not add up to the median of the whole.
    assert!(
        readout.contains("; in all, by segment: Settled"),
        "segments after the reasons: {readout}"
    );
    let note = root
        .query_selector(".readout .medians")
        .unwrap()
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(note.contains("need not add up"), "{readout}");
    root.remove();
}

#[component]
fn EditorHarness() -> Html {
    let store = use_reducer(|| Snapshot(Rc::new(AppState::new(Workbench::new(Lang::En)))));
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a: Action| store.dispatch(a))
    };
    let customers = store.0.wb.scenarios[0].customers;
    html! {
        <>
            <p id="customers-now">{ customers }</p>
            <Editor state={(*store).clone()} {dispatch} />
        </>
    }
}

#[wasm_bindgen_test]
async fn the_editor_refuses_an_absurd_value_at_the_control_and_keeps_the_work() {
    let root = mount_point(420);
    yew::Renderer::<EditorHarness>::with_root(root.clone()).render();
    settle().await;
    let before = root
        .query_selector("#customers-now")
        .unwrap()
        .unwrap()
        .text_content();
    // Every lever has a label.
    let inputs = root
        .query_selector_all(".lever input, .lever select")
        .unwrap();
    assert!(inputs.length() > 20, "levers rendered: {}", inputs.length());

    let field: HtmlInputElement = root
        .query_selector("#lever-customers")
        .unwrap()
        .expect("population size lever")
        .dyn_into()
        .unwrap();
    field.set_value("999999999");
    field
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    // Refused, the typed text is kept in the field. Firefox ran the editor's first
    // effects after this change (Yew 0.23 yields between first renders and their
    // effects), and an effect that cleared the typed text then left "20,000" here.
    let kept = eventually(|| {
        field.value() == "999999999"
            && root
                .query_selector("#lever-customers-error")
                .ok()
                .flatten()
                .is_some()
    })
    .await;
    assert!(kept, "the field shows {:?}", field.value());
    let error = root
        .query_selector("#lever-customers-error")
        .unwrap()
        .expect("a message at the control");
    let said = error.text_content().unwrap();
    assert!(said.contains("2,000,000"), "{said}");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    // The refused text stays in the field to be corrected; the message names the
    // value still in effect.
    assert_eq!(field.value(), "999999999");
    let before_n: u64 = before.clone().unwrap().parse().unwrap();
    let still = format!(
        "Still in effect: {}",
        format_number(before_n as f64, 0, Lang::En)
    );
    assert!(said.contains(&still), "{said} lacks {still}");
    let after = root
        .query_selector("#customers-now")
        .unwrap()
        .unwrap()
        .text_content();
    assert_eq!(after, before, "the scenario did not change");

    field.set_value("8000");
    field
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert!(
        root.query_selector("#lever-customers-error")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        root.query_selector("#customers-now")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("8000")
    );

    // A value with more decimals than the field's usual ones shows them: 12.4 typed in
    // a field of whole percents showed "12" while 12.4 % ran.
    let share: HtmlInputElement = root
        .query_selector("#lever-market-switch-share")
        .unwrap()
        .expect("a lever in whole percents")
        .dyn_into()
        .unwrap();
    share.set_value("12.4");
    share
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    // The field is written again from the value in effect once the edit is taken.
    let redrawn = eventually(|| {
        root.query_selector("#lever-market-switch-share-error")
            .ok()
            .flatten()
            .is_none()
            && share.get_attribute("aria-invalid").as_deref() != Some("true")
    })
    .await;
    assert!(redrawn);
    for _ in 0..5 {
        settle().await;
    }
    assert_eq!(share.value(), "12.4");
}

/// The scenario tabs work as a tab list: one stop for Tab, the arrows move and select.
#[wasm_bindgen_test]
async fn the_scenario_tabs_move_with_the_arrow_keys() {
    let root = mount_point(420);
    yew::Renderer::<EditorHarness>::with_root(root.clone()).render();
    settle().await;
    let tab = |i: usize| -> web_sys::HtmlElement {
        root.query_selector(&format!("#tab-{i}"))
            .unwrap()
            .expect("a tab per scenario")
            .dyn_into()
            .unwrap()
    };
    let state = |i: usize| {
        (
            tab(i).get_attribute("aria-selected"),
            tab(i).get_attribute("tabindex"),
        )
    };
    assert_eq!(state(0), (Some("true".into()), Some("0".into())));
    assert_eq!(state(1), (Some("false".into()), Some("-1".into())));
    tab(0).focus().unwrap();
    let press = |key: &str, on: &web_sys::HtmlElement| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let e =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        on.dispatch_event(&e).unwrap();
    };
    press("ArrowRight", &tab(0));
    let moved = eventually(|| state(1).0.as_deref() == Some("true")).await;
    assert!(moved, "B is selected");
    assert_eq!(state(0), (Some("false".into()), Some("-1".into())));
    let focused = gloo::utils::document().active_element().map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("tab-1"), "the focus follows");
    // Past the last, the first again; Home and End too.
    press("ArrowRight", &tab(1));
    assert!(eventually(|| state(0).0.as_deref() == Some("true")).await);
    press("End", &tab(0));
    assert!(eventually(|| state(1).0.as_deref() == Some("true")).await);
    root.remove();
}

#[wasm_bindgen_test]
fn the_reducer_keeps_scenarios_on_one_population_in_the_browser_too() {
    let s = AppState::new(Workbench::new(Lang::Es));
    let customers = control_at("customers").unwrap();
    let s = s.reduce(Action::SetLever {
        scenario: 1,
        control: customers,
        value: Value::Integer(3_000),
    });
    assert!(s.wb.scenarios.iter().all(|x| x.customers == 3_000));
    let s = s.reduce(Action::Duplicate(1));
    assert_eq!(s.wb.scenarios.len(), 3);
    assert_eq!(s.wb.view.editing, 2);
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

/// A workbench that differs from the first example by its seed.
fn work_with_seed(seed: u64) -> Workbench {
    let mut wb = Workbench::new(Lang::En);
    wb.seed = seed;
    wb
}

fn record(rev: u64, tab: &str, wb: &Workbench) -> String {
    share::stored_to_json(&share::Stored {
        rev,
        tab: tab.into(),
        workbench: wb.clone(),
    })
}

#[wasm_bindgen_test]
fn a_tab_never_saves_over_newer_work_from_another_tab() {
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let first = work_with_seed(1);
    let mut sync = persist::Sync {
        tab: "mine".into(),
        rev: 0,
        written: None,
        current: first.clone(),
        stored: None,
    };
    assert!(matches!(persist::save(&mut sync, &first), Saved::Done));
    let stored = share::stored_from_json(&persist::load(persist::STORAGE_KEY).unwrap()).unwrap();
    assert_eq!((stored.rev, stored.tab.as_str()), (1, "mine"));
    // Its own record, found unchanged, is not read again; the next save follows it.
    let first = work_with_seed(11);
    assert!(matches!(persist::save(&mut sync, &first), Saved::Done));
    let stored = share::stored_from_json(&persist::load(persist::STORAGE_KEY).unwrap()).unwrap();
    assert_eq!((stored.rev, stored.workbench.seed), (2, 11));

    // Another tab saves newer work; before its storage event arrives, this tab edits.
    let theirs = work_with_seed(2);
    assert!(persist::store(
        persist::STORAGE_KEY,
        &record(3, "theirs", &theirs)
    ));
    let mine = work_with_seed(3);
    match persist::save(&mut sync, &mine) {
        Saved::Newer(newer, Notice::SetAside { why, text }) => {
            assert_eq!(newer.seed, 2, "this tab takes the newer work");
            assert_eq!(why, Aside::ChangedElsewhere);
            assert_eq!(share::workbench_from_json(&text).unwrap().seed, 3);
        }
        _ => panic!("saved over newer work"),
    }
    let stored = share::stored_from_json(&persist::load(persist::STORAGE_KEY).unwrap()).unwrap();
    assert_eq!(
        (stored.rev, stored.workbench.seed),
        (3, 2),
        "their work is intact"
    );
    let aside = persist::load(persist::ASIDE_KEY).unwrap();
    assert_eq!(
        share::workbench_from_json(&aside).unwrap().seed,
        3,
        "ours is kept aside"
    );

    // Their later saves come in through the storage event; an older one does not.
    assert!(persist::take_in(&mut sync, &record(1, "theirs", &work_with_seed(9))).is_none());
    let newer = record(5, "theirs", &work_with_seed(4));
    assert!(persist::store(persist::STORAGE_KEY, &newer));
    let taken = persist::take_in(&mut sync, &newer).unwrap();
    assert_eq!(taken.seed, 4);
    // Having taken it in, this tab does not write it back.
    assert!(matches!(persist::save(&mut sync, &taken), Saved::Done));
    let stored = share::stored_from_json(&persist::load(persist::STORAGE_KEY).unwrap()).unwrap();
    assert_eq!(stored.rev, 5);
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
fn an_unreadable_autosave_is_kept_aside_before_it_is_overwritten() {
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let future = record(7, "newer app", &work_with_seed(5)).replacen(
        "\"fideliza_autosave\":1",
        "\"fideliza_autosave\":2",
        1,
    );
    assert!(persist::store(persist::STORAGE_KEY, &future));
    let booted = persist::boot(Lang::En);
    assert!(matches!(
        booted.state.notice,
        Some(Notice::SetAside {
            why: Aside::Unreadable(share::ShareError::Version { found: 2, .. }),
            ..
        })
    ));
    assert_eq!(
        persist::load(persist::ASIDE_KEY).as_deref(),
        Some(future.as_str())
    );
    // Written by a newer app while this page is open: also kept aside, then saved over.
    let mut sync = booted.sync;
    assert!(persist::store(
        persist::STORAGE_KEY,
        &future.replacen("ab", "cd", 1)
    ));
    assert!(matches!(
        persist::save(&mut sync, &work_with_seed(6)),
        Saved::KeptUnreadable(_)
    ));
    storage.clear().unwrap();
}

/// A whole-number field whose value also changes from elsewhere (as a link or an undo
/// would change the seed), and a parent that re-renders with the same value.
#[component]
fn NumberFieldHarness() -> Html {
    let value = use_state(|| 7u64);
    let renders = use_state(|| 0u32);
    let on_value = {
        let value = value.clone();
        Callback::from(move |v: u64| value.set(v))
    };
    let elsewhere = {
        let value = value.clone();
        Callback::from(move |_: MouseEvent| value.set(*value + 1))
    };
    let rerender = {
        let renders = renders.clone();
        Callback::from(move |_: MouseEvent| renders.set(*renders + 1))
    };
    html! {
        <>
            <NumberField id="field" min={0} max={100} value={*value} lang={Lang::En} {on_value} />
            <button id="elsewhere" onclick={elsewhere}>{ "elsewhere" }</button>
            <button id="rerender" onclick={rerender}>{ *renders }</button>
        </>
    }
}

#[wasm_bindgen_test]
async fn a_refused_number_stays_until_a_new_value_takes_effect() {
    let root = mount_point(420);
    yew::Renderer::<NumberFieldHarness>::with_root(root.clone()).render();
    settle().await;
    let field = || -> HtmlInputElement {
        root.query_selector("#field")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    };
    let error = || root.query_selector("#field-error").unwrap();
    let click = |id: &str| {
        root.query_selector(id)
            .unwrap()
            .unwrap()
            .dyn_into::<web_sys::HtmlElement>()
            .unwrap()
            .click()
    };
    field().set_value("500");
    field()
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert!(eventually(|| error().is_some()).await, "no message for 500");
    let said = error().unwrap().text_content().unwrap();
    assert!(said.contains("\"500\" is not allowed here"), "{said}");
    assert!(said.contains("Still in effect: 7"), "{said}");
    assert_eq!(field().value(), "500");

    // The page re-renders with the same value: the refusal and its text stay.
    click("#rerender");
    settle().await;
    assert!(error().is_some(), "a re-render cleared the refusal");
    assert_eq!(field().value(), "500");

    // A new value in effect from elsewhere ends it, and the field shows that value.
    click("#elsewhere");
    assert!(
        eventually(|| error().is_none() && field().value() == "8").await,
        "still refused after a new value: {:?}",
        field().value()
    );
}
