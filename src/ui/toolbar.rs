//! The bars around the charts: the header (examples, link, files, language), the
//! message bar, the example's explanation, and the run and playback controls.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::editor::still_in_effect;
use super::shortcuts::{self, Shortcuts};
use super::{Snapshot, download, persist};
use crate::app::examples;
use crate::app::explain::{format_number, preset_explanation, preset_title, run_error_message};
use crate::app::i18n::{Lang, texts};
use crate::app::share;
use crate::app::state::{Action, Aside, LETTERS, MAX_REPLICATIONS, Notice, RunStatus, Undoable};
use crate::sim;

#[derive(Properties)]
pub struct BarProps {
    pub state: Snapshot,
    pub dispatch: Callback<Action>,
}

impl PartialEq for BarProps {
    /// The header and the message bar show the workbench and the notice only.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.state.0, &other.state.0);
        (Rc::ptr_eq(a, b) || (a.wb == b.wb && a.notice == b.notice && a.history == b.history))
            && self.dispatch == other.dispatch
    }
}

/// Puts the link in the address bar (without reloading) and tries the clipboard;
/// `copied` says it worked.
pub(super) fn copy_link(fragment: String, dispatch: Callback<Action>, copied: Notice) {
    let window = gloo::utils::window();
    // From now on the address bar follows the work (see `persist::keep_link_in_step`).
    persist::show_link(&fragment);
    let href = window.location().href().unwrap_or_default();
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined());
    let promise = clipboard.and_then(|c| {
        let write = js_sys::Reflect::get(&c, &"writeText".into()).ok()?;
        let write: js_sys::Function = write.dyn_into().ok()?;
        write
            .call1(&c, &href.into())
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()
    });
    match promise {
        Some(p) => yew::platform::spawn_local(async move {
            let notice = match wasm_bindgen_futures::JsFuture::from(p).await {
                Ok(_) => copied,
                Err(_) => Notice::LinkInAddressBar,
            };
            dispatch.emit(Action::Notify(notice));
        }),
        None => dispatch.emit(Action::Notify(Notice::LinkInAddressBar)),
    }
}

#[component]
pub fn Header(props: &BarProps) -> Html {
    let state = &props.state.0;
    let wb = &state.wb;
    let lang = wb.lang;
    let t = texts(lang);
    let dispatch = props.dispatch.clone();
    let chosen = use_state(|| wb.preset.clone().unwrap_or_default());

    let presets = sim::presets();
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                chosen.set(select.value());
            }
        })
    };
    let on_load = {
        let chosen = chosen.clone();
        dispatch.reform(move |_| Action::LoadPreset((*chosen).clone()))
    };
    let on_link = {
        let dispatch = dispatch.clone();
        let fragment = share::workbench_to_link(wb);
        Callback::from(move |_| copy_link(fragment.clone(), dispatch.clone(), Notice::LinkCopied))
    };
    // The whole work (its seed and replications with the scenarios), so a colleague
    // who imports the file, or runs it with `fideliza run`, gets the same numbers.
    let on_export = {
        let json = share::workbench_to_json(wb);
        Callback::from(move |_| download::text("fideliza-work.json", "application/json", &json))
    };
    let on_import = {
        let dispatch = dispatch.clone();
        let wb = wb.clone();
        Callback::from(move |e: Event| {
            let dispatch = dispatch.clone();
            let mut next = wb.clone();
            download::read_picked(&e, move |text| {
                let outcome = match text {
                    Some(text) => share::import_from_json(&text),
                    None => Err(share::ShareError::Damaged),
                };
                match outcome {
                    Ok(imported) => {
                        next.scenarios = imported.scenarios;
                        if let Some((seed, replications)) = imported.run {
                            next.seed = seed;
                            next.replications = replications;
                        }
                        next.preset = None;
                        next.view.editing = 0;
                        next.view.focus = next.scenarios.len() - 1;
                        next.view.month = None;
                        dispatch.emit(Action::Import(Box::new(next)));
                    }
                    Err(e) => dispatch.emit(Action::Notify(Notice::ImportRejected(e))),
                }
            });
        })
    };
    let on_language = dispatch.reform(move |_| Action::SetLang(lang.other()));

    html! {
        <header class="top">
            <h1>{ "fideliza" }</h1>
            <p class="tagline">{ t.tagline }</p>
            <div class="preset-picker">
                <label for="preset">{ t.presets }</label>
                <select id="preset" onchange={on_choose}>
                    { for presets.iter().map(|p| html! {
                        <option value={p.id} selected={*chosen == p.id}>
                            { preset_title(p.id, lang).unwrap_or(p.title) }
                        </option>
                    }) }
                </select>
                <button type="button" id="load-preset" onclick={on_load}>{ t.load_preset }</button>
            </div>
            <div class="file-tools">
                // Arrows named for assistive technology and on hover: two words would
                // take a phone's header a row further down, the first chart with it.
                <button type="button" id="undo-edit" class="small icon" onclick={dispatch.reform(|_| Action::Undo)}
                    disabled={!state.history.can_undo()} aria-keyshortcuts="Control+Z"
                    aria-label={t.undo} title={format!("{} (Ctrl+Z)", t.undo)}>{ "↶" }</button>
                <button type="button" id="redo-edit" class="small icon" onclick={dispatch.reform(|_| Action::Redo)}
                    disabled={!state.history.can_redo()} aria-keyshortcuts="Control+Shift+Z Control+Y"
                    aria-label={t.redo} title={format!("{} (Ctrl+Shift+Z)", t.redo)}>{ "↷" }</button>
                <button type="button" id="copy-link" onclick={on_link}>{ t.copy_link }</button>
                <button type="button" id="export" onclick={on_export}>{ t.export_scenarios }</button>
                // The input comes first so its keyboard focus can outline the label after it.
                <input id="import" class="visually-hidden" type="file" accept=".json,application/json"
                    onchange={on_import} />
                <label class="button" for="import">{ t.import_scenarios }</label>
            </div>
            // The other language's own name, in that language (as the lessons say it):
            // what a reader looking for their language scans for.
            <button id="language" type="button" title={t.switch_language} onclick={on_language}
                lang={lang.other().tag()}>
                { t.language_name }
            </button>
            // Phones only (CSS): the lesson bar is below the charts there.
            <button type="button" id="to-lessons" class="phone-only"
                onclick={Callback::from(|_: MouseEvent| shortcuts::go_to_lessons())}>
                { t.to_lessons }<span aria-hidden="true">{ " ↓" }</span>
            </button>
            <Shortcuts {lang} />
        </header>
    }
}

/// The message of the moment, if any, in the user's language.
#[component]
pub fn NoticeBar(props: &BarProps) -> Html {
    let state = &props.state.0;
    let lang = state.wb.lang;
    let t = texts(lang);
    let Some(notice) = &state.notice else {
        return html! {};
    };
    let (text, error) = notice_text(notice, lang);
    let on_dismiss = props.dispatch.reform(|_| Action::Dismiss);
    // Work kept aside can be taken home from the notice that announces it.
    let download_aside = match notice {
        Notice::SetAside { text: kept, .. } => {
            let kept = kept.clone();
            let onclick = Callback::from(move |_| {
                download::text("fideliza-kept-work.json", "application/json", &kept)
            });
            html! {
                <button type="button" class="small" id="download-aside" {onclick}>{ t.download_aside }</button>
            }
        }
        Notice::WorkersSilent => {
            let onclick = Callback::from(|_| {
                let _ = gloo::utils::window().location().reload();
            });
            let label = if lang == Lang::Es {
                "Volver a cargar"
            } else {
                "Reload"
            };
            html! {
                <button type="button" class="small" id="reload" {onclick}>{ label }</button>
            }
        }
        Notice::Undoable(_) => {
            let onclick = props.dispatch.reform(|_| Action::Undo);
            let label = if lang == Lang::Es { "Deshacer" } else { "Undo" };
            html! {
                <button type="button" class="small" id="undo" {onclick} aria-keyshortcuts="Control+Z">{ label }</button>
            }
        }
        _ => html! {},
    };
    html! {
        <div id="notice" class={classes!("notice", error.then_some("error"))}
            role={if error { "alert" } else { "status" }}>
            <p>{ text }</p>
            { download_aside }
            <button type="button" class="small" id="notice-dismiss" onclick={on_dismiss}>{ t.dismiss }</button>
        </div>
    }
}

fn notice_text(notice: &Notice, lang: Lang) -> (String, bool) {
    let t = texts(lang);
    match notice {
        Notice::LinkRejected(e) => (format!("{} {}", t.link_rejected, e.message(lang)), true),
        Notice::LinkRejectedAtStart(e) => (
            format!("{} {}", t.link_rejected_at_start, e.message(lang)),
            true,
        ),
        Notice::ImportRejected(e) => (format!("{} {}", t.import_rejected, e.message(lang)), true),
        Notice::SaveFailed => (t.save_failed.into(), true),
        Notice::LinkCopied => (t.link_copied.into(), false),
        Notice::LessonLinkCopied => (t.lesson_link_copied.into(), false),
        Notice::LinkInAddressBar => (t.link_in_bar.into(), false),
        Notice::SetAside { why, .. } => match why {
            Aside::Unreadable(e) => (format!("{} {}", t.aside_unreadable, e.message(lang)), true),
            Aside::ReplacedByLink => (t.aside_replaced_by_link.into(), false),
            Aside::ChangedElsewhere => (t.aside_changed_elsewhere.into(), true),
        },
        Notice::SyncedFromOtherTab => (t.synced_from_other_tab.into(), false),
        Notice::LinkOpened => (t.link_opened.into(), false),
        Notice::Undoable(what) => (undoable_text(what, lang), false),
        Notice::StudyRefused(problem) => (problem.message(lang).into(), true),
        Notice::WorkersSilent if lang == Lang::Es => (
            "La simulación no ha empezado: no han llegado sus archivos (¿se ha cortado la conexión?). Tu trabajo está guardado; vuelve a cargar la página para intentarlo de nuevo.".into(),
            true,
        ),
        Notice::WorkersSilent => (
            "The simulation has not started: its files did not arrive (was the connection lost?). Your work is saved; reload the page to try again.".into(),
            true,
        ),
    }
}

fn undoable_text(what: &Undoable, lang: Lang) -> String {
    let es = lang == Lang::Es;
    match what {
        Undoable::LoadedExample if es => "Ejemplo cargado en los escenarios.".into(),
        Undoable::LoadedExample => "Example loaded into the scenarios.".into(),
        Undoable::Deleted(name) if es => format!("Escenario «{name}» borrado."),
        Undoable::Deleted(name) => format!("Scenario \"{name}\" deleted."),
        Undoable::Explored if es => "Los escenarios de la lección están en el simulador.".into(),
        Undoable::Explored => "The lesson's scenarios are in the workbench.".into(),
        Undoable::Imported => texts(lang).imported.into(),
        Undoable::Calibrated(name) if es => {
            format!("Abandono de «{name}» ajustado a tus datos de retención.")
        }
        Undoable::Calibrated(name) => {
            format!("Churn of \"{name}\" fitted to your retention data.")
        }
    }
}

#[derive(Properties)]
pub struct AboutProps {
    pub state: Snapshot,
}

impl PartialEq for AboutProps {
    /// Re-render when the example, the language, the scenario names or the results
    /// change (not on every progress message).
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.state.0.wb, &other.state.0.wb);
        let same_results = match (self.state.0.comparison(), other.state.0.comparison()) {
            (Some(x), Some(y)) => Rc::ptr_eq(x, y),
            (None, None) => true,
            _ => false,
        };
        a.preset == b.preset
            && a.lang == b.lang
            && same_results
            && a.scenarios.len() == b.scenarios.len()
            && a.scenarios
                .iter()
                .zip(&b.scenarios)
                .all(|(x, y)| x.name == y.name)
    }
}

/// What the loaded example compares and what to watch, in the user's language; then
/// what the run on screen shows (each finding computed from it, shown only if it
/// holds), what would change the winner at the example's settings, and who wins.
#[component]
pub fn PresetAbout(props: &AboutProps) -> Html {
    let state = &props.state.0;
    let wb = &state.wb;
    let lang = wb.lang;
    let t = texts(lang);
    let names: Vec<String> = wb
        .scenarios
        .iter()
        .enumerate()
        .map(|(k, s)| format!("{} ({})", LETTERS.get(k).copied().unwrap_or('?'), s.name))
        .collect();
    let comparison = state.comparison();
    let verdict = comparison
        .map(|c| examples::verdict(c, &names, lang))
        .unwrap_or_default();
    // While a run is under way its first replications are on screen: say how many.
    let partial = comparison
        .filter(|c| state.results_current() && c.replications < wb.replications)
        .map(|c| match lang {
            Lang::Es => format!(" · con {} de {} réplicas", c.replications, wb.replications),
            Lang::En => format!(
                " · from {} of {} replications",
                c.replications, wb.replications
            ),
        })
        .unwrap_or_default();
    let verdict_html = (!verdict.is_empty()).then(|| {
        html! {
            <section class="verdict" aria-label={t.who_wins}>
                <h3>{ t.who_wins }{ partial }</h3>
                { for verdict.iter().map(|v| html! { <p>{ v.clone() }</p> }) }
            </section>
        }
    });
    let Some(id) = wb.preset.as_deref() else {
        return html! { <>{ for verdict_html }</> };
    };
    let (Some(title), Some(text)) = (preset_title(id, lang), preset_explanation(id, lang)) else {
        return html! { <>{ for verdict_html }</> };
    };
    let (findings, hidden) = match (comparison, examples::example(id)) {
        (Some(c), Some(e)) => {
            let shown = examples::findings(id, c, lang);
            let hidden = shown.len() < e.findings.len();
            (shown, hidden)
        }
        _ => (Vec::new(), false),
    };
    // The explanation describes the example as loaded; once its scenarios are edited
    // it says so, and the lever value that would flip the example is not offered.
    let edited =
        crate::app::state::example_scenarios(id, lang).as_deref() != Some(wb.scenarios.as_slice());
    let flip = examples::flip_sentence(id, lang).filter(|_| !edited);
    html! {
        // Open where there is room; on a phone it starts folded so a chart is in view.
        <details class="about" open={wide_screen()}>
            <summary>{ format!("{}: {title}", t.about_preset) }</summary>
            if edited {
                <p class="hint edited">{ t.about_edited }</p>
            }
            <p>{ text }</p>
            if !findings.is_empty() {
                <h3>{ t.findings }</h3>
                <ul class="findings">
                    { for findings.iter().map(|f| html! { <li>{ f.clone() }</li> }) }
                </ul>
                if hidden {
                    <p class="hint">{ t.findings_hidden }</p>
                }
            }
            { for verdict_html }
            if let Some(flip) = flip {
                <h3>{ t.what_would_flip }</h3>
                <p class="flip">{ flip }</p>
            }
        </details>
    }
}

/// Whether the window is wider than a phone (the width where the layout folds).
fn wide_screen() -> bool {
    gloo::utils::window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w > 700.0)
}

#[derive(Properties, PartialEq)]
pub struct RunBarProps {
    pub state: Snapshot,
    pub dispatch: Callback<Action>,
    pub on_cancel: Callback<MouseEvent>,
}

/// The largest seed that can be typed (the "new seed" button draws up to it; a link may
/// bring a larger one, which the field then allows up to).
const MAX_TYPED_SEED: u64 = u32::MAX as u64;

#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    pub id: AttrValue,
    pub min: u64,
    pub max: u64,
    pub value: u64,
    pub lang: Lang,
    /// Called with a whole number from `min` to `max`; anything else typed is refused
    /// at the field, with a message, and changes nothing.
    pub on_value: Callback<u64>,
}

/// The whole number in a number field's value (the browser gives "" for what is not a
/// number), if it lies from `min` to `max`.
fn whole_in(text: &str, min: u64, max: u64) -> Option<u64> {
    let x: f64 = text.trim().parse().ok()?;
    let fits = x.fract() == 0.0 && x >= min as f64 && x <= max as f64;
    fits.then_some(x as u64)
}

/// A whole-number field in a bar that re-renders while work reports (ten times a
/// second). A component of its own, given a stable `on_value`, so those re-renders
/// leave it alone: Yew writes a field's `value` back at every render of the component
/// that holds it, which would wipe what someone is typing before they press Enter.
/// A value out of range is refused, not bent into range: "0 replications" used to
/// become 1, and letters a seed of 0, each starting a run nobody asked for.
#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    // What was last refused ("" for what the browser does not take for a number).
    let refused = use_state(|| None::<String>);
    // Whether the text was edited since it was last checked (see `LeverInput`: leaving
    // the field right after a refusal must not clear the message it just got).
    let edited = use_mut_ref(|| false);
    // A new value in effect (a link opened, an undo, another tab) ends any refusal. Only
    // a change does: the effect's first run can come after a refusal typed at once
    // (Firefox runs a component's first effects late), and must not clear it.
    {
        let refused = refused.clone();
        let seen = use_mut_ref(|| props.value);
        use_effect_with(props.value, move |&value| {
            if std::mem::replace(&mut *seen.borrow_mut(), value) != value {
                refused.set(None);
            }
        });
    }
    let check = {
        let (min, max, value, on_value, refused, edited) = (
            props.min,
            props.max,
            props.value,
            props.on_value.clone(),
            refused.clone(),
            edited.clone(),
        );
        Callback::from(move |input: web_sys::HtmlInputElement| {
            *edited.borrow_mut() = false;
            let text = input.value();
            match whole_in(&text, min, max) {
                Some(v) => {
                    refused.set(None);
                    // The value in effect typed again only clears the message.
                    if v != value {
                        on_value.emit(v);
                    }
                }
                // The field keeps the text (corrected rather than typed again); the
                // message says what was refused, what is allowed and what is still
                // in effect.
                None => refused.set(Some(text.trim().to_string())),
            }
        })
    };
    let onchange = check.reform(|e: Event| e.target_unchecked_into());
    // While a refusal is shown, Enter and leaving the field after an edit check the
    // text even when the browser sees no change (the refused text typed again).
    let onkeydown = {
        let (check, refused) = (check.clone(), refused.is_some());
        Callback::from(move |e: KeyboardEvent| {
            if refused && e.key() == "Enter" {
                check.emit(e.target_unchecked_into());
            }
        })
    };
    let onblur = {
        let (check, edited, refused) = (check.clone(), edited.clone(), refused.is_some());
        Callback::from(move |e: FocusEvent| {
            if refused && *edited.borrow() {
                check.emit(e.target_unchecked_into());
            }
        })
    };
    let oninput = Callback::from(move |_: InputEvent| *edited.borrow_mut() = true);
    let error_id = format!("{}-error", props.id);
    let lo = format_number(props.min as f64, 0, props.lang);
    let hi = format_number(props.max as f64, 0, props.lang);
    let still = still_in_effect(
        &format_number(props.value as f64, 0, props.lang),
        props.lang,
    );
    let message = match (refused.as_deref(), props.lang) {
        (Some(""), Lang::Es) | (None, Lang::Es) => {
            format!("Escribe un número entero entre {lo} y {hi}.")
        }
        (Some(""), Lang::En) | (None, Lang::En) => {
            format!("Enter a whole number from {lo} to {hi}.")
        }
        (Some(text), Lang::Es) => {
            format!("«{text}» no vale aquí: escribe un número entero entre {lo} y {hi}.")
        }
        (Some(text), Lang::En) => {
            format!("\"{text}\" is not allowed here: enter a whole number from {lo} to {hi}.")
        }
    };
    // The refused text as typed (the browser keeps what it cannot read as a number, ""
    // here, on screen by itself).
    let shown = refused
        .as_deref()
        .map_or_else(|| props.value.to_string(), str::to_string);
    let refused = refused.is_some();
    html! {
        <>
            <input id={props.id.clone()} type="number" step="1" min={props.min.to_string()}
                max={props.max.to_string()} value={shown} {onchange} {onkeydown} {onblur} {oninput}
                aria-invalid={refused.to_string()}
                aria-describedby={refused.then(|| error_id.clone())} />
            if refused {
                <span id={error_id} class="error field-error" role="alert">{ message }{ " " }{ still }</span>
            }
        </>
    }
}

/// Seed, replications, progress with cancel, playback, and the focused scenario.
#[component]
pub fn RunBar(props: &RunBarProps) -> Html {
    let state = &props.state.0;
    let wb = &state.wb;
    let lang = wb.lang;
    let t = texts(lang);
    let dispatch = props.dispatch.clone();
    let horizon = wb.horizon();

    // Stable callbacks, so the two number fields below re-render only when their value
    // changes (see `NumberField`).
    let on_seed = use_callback(dispatch.clone(), |seed: u64, dispatch| {
        dispatch.emit(Action::SetSeed(seed))
    });
    let on_new_seed = dispatch.reform(|_| {
        let mut bytes = [0u8; 4];
        let _ = getrandom::fill(&mut bytes);
        Action::SetSeed(u64::from(u32::from_le_bytes(bytes)))
    });
    let on_replications = use_callback(dispatch.clone(), |r: u64, dispatch| {
        dispatch.emit(Action::SetReplications(r as u32))
    });
    let on_rerun = dispatch.reform(|_| Action::Rerun);
    let rerun = html! {
        <button type="button" class="small" id="rerun" onclick={on_rerun}>{ t.run_again }</button>
    };
    // Whether the whole run bar is in the window: when it is not (a phone's lever list,
    // charts scrolled to), a run's progress and Cancel float at the bottom instead.
    let bar_ref = use_node_ref();
    let bar_in_view = use_state(|| true);
    {
        let (bar_ref, bar_in_view) = (bar_ref.clone(), bar_in_view.clone());
        use_effect_with((), move |_| {
            let watch = super::chart_canvas::watch_view(&bar_ref, "0px", true, move |seen| {
                bar_in_view.set(seen)
            });
            move || {
                if let Some((observer, _)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    // Cancel goes away when the run ends; if it had the focus, the focus would fall to
    // the page's start, so it moves to the run bar's status (or to "Run again").
    let cancel_focused = use_mut_ref(|| false);
    let on_cancel_focus = {
        let cancel_focused = cancel_focused.clone();
        Callback::from(move |_: FocusEvent| *cancel_focused.borrow_mut() = true)
    };
    let on_cancel_blur = {
        let cancel_focused = cancel_focused.clone();
        // A blur with somewhere to go is the user moving on; one with none may be the
        // button being removed.
        Callback::from(move |e: FocusEvent| {
            if e.related_target().is_some() {
                *cancel_focused.borrow_mut() = false;
            }
        })
    };
    {
        let running = matches!(state.run, RunStatus::Running { .. });
        let cancel_focused = cancel_focused.clone();
        use_effect_with(running, move |running| {
            if !*running && std::mem::take(&mut *cancel_focused.borrow_mut()) {
                let document = gloo::utils::document();
                let lost = document
                    .active_element()
                    .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
                let target = document
                    .get_element_by_id("rerun")
                    .or_else(|| document.get_element_by_id("run-status"));
                if let (true, Some(el)) = (
                    lost,
                    target.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()),
                ) {
                    let _ = el.focus();
                }
            }
        });
    }
    let mut pill = None;
    let status = match &state.run {
        RunStatus::Running { progress, .. } => {
            // Months over every replication: even one long replication shows movement.
            // One decimal: a long replication moves by tenths of a percent.
            // English "5.0%", as its other percentages are written ("5.0 %" stood out);
            // Spanish as before, "5,0 %".
            let tenths = format!("{:.1}", (progress.fraction() * 1000.0).floor() / 10.0);
            let percent = match lang {
                Lang::Es => format!("{}\u{a0}%", tenths.replace('.', ",")),
                Lang::En => format!("{tenths}%"),
            };
            let left = progress
                .remaining_ms()
                .map(|ms| format!(" · {}", crate::app::explain::time_left(ms, lang)))
                .unwrap_or_default();
            let text = format!(
                "{} {}/{} {} · {percent}{left}",
                t.simulating, progress.done, progress.total, t.replications_done
            );
            if !*bar_in_view && !state.presenting {
                // Not a live region: the run bar's status is the one announced.
                pill = Some(html! {
                    <div class="run-pill" id="run-pill">
                        <span>{ text.clone() }</span>
                        <button type="button" class="small" id="cancel-pill" onclick={props.on_cancel.clone()}>{ t.cancel }</button>
                    </div>
                });
            }
            html! {
                <div class="progress" role="status">
                    <label for="run-progress">{ text }</label>
                    <progress id="run-progress" value={progress.months_done.to_string()}
                        max={progress.months_total.max(1).to_string()} />
                    <button type="button" id="cancel" onclick={props.on_cancel.clone()}
                        onfocus={on_cancel_focus} onblur={on_cancel_blur}>{ t.cancel }</button>
                </div>
            }
        }
        RunStatus::Cancelled { .. } => html! {
            <div class="progress">
                <p class="status" role="status">{
                    crate::app::explain::stopped_text(state.stopped_after(), state.results.is_some(), lang)
                }</p>
                { rerun }
            </div>
        },
        RunStatus::Failed { error, .. } => html! {
            <div class="progress">
                <p class="status error" role="alert">{ format!("{} {}", t.run_failed, run_error_message(error, lang)) }</p>
                { rerun }
            </div>
        },
        _ if state.run_finished() => html! {
            <p class="status" id="run-status" role="status" tabindex="-1">{ t.up_to_date }</p>
        },
        _ => html! {},
    };

    let playing = state.playing;
    let on_play = dispatch.reform(move |_| if playing { Action::Pause } else { Action::Play });
    let on_back = dispatch.reform(|_| Action::Step(-1));
    let on_forward = dispatch.reform(|_| Action::Step(1));
    let on_month = dispatch.reform(move |e: InputEvent| {
        let m = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .and_then(|i| i.value().parse::<u32>().ok())
            .unwrap_or(horizon);
        Action::ShowMonth(if m >= horizon { None } else { Some(m) })
    });
    let on_speed = dispatch.reform(|e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse::<f64>().ok())
            .unwrap_or(6.0);
        Action::SetSpeed(v)
    });
    let on_focus = dispatch.reform(|e: Event| {
        let k = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse::<usize>().ok())
            .unwrap_or(0);
        Action::Focus(k)
    });
    // For tests and assistive styling: what the run is doing.
    let run_state = match &state.run {
        RunStatus::Running { .. } => "running",
        RunStatus::Cancelled { .. } => "cancelled",
        RunStatus::Failed { .. } => "failed",
        _ if state.run_finished() => "current",
        _ => "stale",
    };
    let month = wb.view.month;
    let month_text = month.map_or(t.all_months.to_string(), |m| m.to_string());

    html! {
        // A form of its own (never submitted), see `no_submit`.
        <form class="runbar" ref={bar_ref} data-run={run_state} data-revision={state.revision.to_string()}
            onsubmit={super::no_submit()}>
            <div class="field">
                <label for="seed">{ t.seed }</label>
                <NumberField id="seed" min={0} max={MAX_TYPED_SEED.max(wb.seed)} value={wb.seed} {lang}
                    on_value={on_seed} />
                <button type="button" class="small" id="new-seed" onclick={on_new_seed}>{ t.new_seed }</button>
            </div>
            <div class="field">
                <label for="replications">{ t.replications }</label>
                <NumberField id="replications" min={1} max={u64::from(MAX_REPLICATIONS)}
                    value={u64::from(wb.replications)} {lang} on_value={on_replications} />
            </div>
            <div class="field playback">
                <button type="button" id="play" onclick={on_play} aria-pressed={playing.to_string()}>
                    { if playing { t.pause } else { t.play } }
                </button>
                // The arrow is the picture, the hidden words the name (no label that
                // contradicts what is shown).
                <button type="button" class="small" id="step-back" onclick={on_back} title={t.step_back}>
                    <span aria-hidden="true">{ "◀" }</span><span class="visually-hidden">{ t.step_back }</span>
                </button>
                <button type="button" class="small" id="step-forward" onclick={on_forward} title={t.step_forward}>
                    <span aria-hidden="true">{ "▶" }</span><span class="visually-hidden">{ t.step_forward }</span>
                </button>
                // Each label stays beside its control when the bar wraps (a tablet
                // ended a line with "Speed" and began the next with its list).
                <span class="pair">
                    <label for="month">{ t.month_shown }</label>
                    <input id="month" type="range" min="0" max={horizon.to_string()} step="1"
                        value={month.unwrap_or(horizon).to_string()} oninput={on_month}
                        aria-valuetext={month_text.clone()} />
                    <output for="month">{ month_text }</output>
                </span>
                <span class="pair">
                    <label for="speed">{ t.speed }</label>
                    <select id="speed" onchange={on_speed}>
                        { for [1.0, 3.0, 6.0, 12.0, 24.0].iter().map(|s| html! {
                            <option value={s.to_string()} selected={(state.speed - s).abs() < 1e-9}>
                                { format!("{s} {}", if *s == 1.0 { t.month_per_second } else { t.months_per_second }) }
                            </option>
                        }) }
                    </select>
                </span>
            </div>
            <div class="field">
                <label for="focus">{ t.focus }</label>
                <select id="focus" onchange={on_focus}>
                    { for wb.scenarios.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={wb.view.focus == i}>
                            { format!("{} · {}", LETTERS[i], s.name) }
                        </option>
                    }) }
                </select>
            </div>
            { status }
            { for pill }
        </form>
    }
}
