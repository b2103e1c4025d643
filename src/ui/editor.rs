//! The scenario editor: tabs A-D, the scenario's name, and every lever of the engine
//! grouped by the essay it comes from. Typed values out of range are refused at the
//! control with a message; nothing else changes.

use std::rc::Rc;

use yew::prelude::*;

use super::Snapshot;
use crate::app::explain::format_number;
use crate::app::i18n::{Lang, texts};
use crate::app::levers::{Control, Group, Kind, LeverError, Value, controls_in};
use crate::app::state::{Action, LETTERS, MAX_SCENARIOS, is_shared};

#[derive(Properties)]
pub struct EditorProps {
    pub state: Snapshot,
    pub dispatch: Callback<Action>,
}

impl PartialEq for EditorProps {
    /// The editor shows the workbench and the refusals only: run progress and new
    /// results do not re-render its hundred controls.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.state.0, &other.state.0);
        (Rc::ptr_eq(a, b) || (a.wb == b.wb && a.refused == b.refused))
            && self.dispatch == other.dispatch
    }
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // On a narrow screen the editor starts folded behind one button, so the charts
    // come first; on a wide screen the button is hidden and the editor always shows.
    let unfolded = use_state(|| false);
    let state = &props.state.0;
    let wb = &state.wb;
    let lang = wb.lang;
    let t = texts(lang);
    let editing = wb.view.editing;
    // The state is tidied wherever it is built, so this always finds the scenario; if
    // it ever did not, an empty editor beats a dead page.
    let Some(scenario) = wb.scenarios.get(editing) else {
        return html! {};
    };
    let dispatch = props.dispatch.clone();

    // The tabs as a tab list works from the keyboard: Tab reaches the selected one only,
    // the arrows, Home and End move between them and select (the panel is cheap).
    let count = wb.scenarios.len();
    let tabs = wb.scenarios.iter().enumerate().map(|(i, s)| {
        let selected = i == editing;
        let onclick = dispatch.reform(move |_| Action::Edit(i));
        let onkeydown = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: KeyboardEvent| {
                let to = match e.key().as_str() {
                    "ArrowRight" | "ArrowDown" => (i + 1) % count,
                    "ArrowLeft" | "ArrowUp" => (i + count - 1) % count,
                    "Home" => 0,
                    "End" => count - 1,
                    _ => return,
                };
                e.prevent_default();
                dispatch.emit(Action::Edit(to));
                if let Some(tab) = gloo::utils::document()
                    .get_element_by_id(&format!("tab-{to}"))
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
                {
                    let _ = tab.focus();
                }
            })
        };
        html! {
            <button type="button" role="tab" id={format!("tab-{i}")}
                class={classes!("tab", format!("scenario-{i}"), selected.then_some("selected"))}
                tabindex={if selected { "0" } else { "-1" }}
                aria-selected={selected.to_string()} aria-controls="scenario-panel" {onclick} {onkeydown}>
                <span class="letter">{ LETTERS[i] }</span>{ " " }{ s.name.clone() }
            </button>
        }
    });

    let on_rename = {
        let dispatch = dispatch.clone();
        let name = scenario.name.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                // A blank name is refused: the field shows the name still in use
                // (nothing else redraws it, the scenario being unchanged).
                if input.value().trim().is_empty() {
                    input.set_value(&name);
                } else {
                    dispatch.emit(Action::Rename(editing, input.value()));
                }
            }
        })
    };
    let on_duplicate = dispatch.reform(move |_| Action::Duplicate(editing));
    let full = wb.scenarios.len() >= MAX_SCENARIOS;
    let on_delete = dispatch.reform(move |_| Action::Delete(editing));

    let groups = Group::ALL.iter().map(|&group| {
        let controls = controls_in(group, scenario);
        if controls.is_empty() {
            return html! {};
        }
        let shared = is_shared(group);
        // Refused entries in this panel: said on its heading too, where a closed panel
        // would otherwise hide them (the results above still run on the values in effect).
        let refused = controls
            .iter()
            .filter(|c| state.refusal(editing, c).is_some())
            .count();
        let items = controls.into_iter().map(|control| {
            html! {
                <LeverInput
                    key={control.path()}
                    {control}
                    label={AttrValue::from(control.label_in(scenario, lang))}
                    scenario={editing}
                    value={control.get(scenario)}
                    range={control.range(scenario)}
                    enabled={control.enabled(scenario)}
                    refusal={state.refusal(editing, &control).cloned()}
                    {lang}
                    dispatch={dispatch.clone()}
                />
            }
        });
        // The essay panels start open on wide screens: they are what a class plays
        // with. On a phone they start closed so the charts are not pages away.
        let wide = gloo::utils::window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w > 900.0);
        let open = wide && group.essay().is_some();
        let segments = match group {
            Group::Population => Some(segment_list(scenario, lang, &dispatch)),
            Group::Market => Some(competitor_list(scenario, lang, &dispatch)),
            Group::Communication => Some(outage_list(scenario, editing, lang, &dispatch)),
            _ => None,
        };
        html! {
            <details class="group" {open}>
                <summary>
                    { group.title(lang) }
                    if refused > 0 {
                        <span class="refused-count">{ refused_count(refused, lang) }</span>
                    }
                </summary>
                // A form of its own per group: typing in a field makes Chromium's
                // autofill parse the fields of that field's form, and one form of the
                // whole page took it about 100 ms of CPU per edit (see `super::no_submit`).
                <form onsubmit={super::no_submit()}>
                    <p class="intro">{ group.intro(lang) }</p>
                    if shared { <p class="shared">{ t.shared_note }</p> }
                    { for segments }
                    { for items }
                </form>
            </details>
        }
    });

    let on_fold = {
        let unfolded = unfolded.clone();
        Callback::from(move |_| unfolded.set(!*unfolded))
    };
    html! {
        <section id="editor" class="editor" aria-labelledby="editor-title">
            <div class="editor-head">
                <h2 id="editor-title">{ t.scenarios }</h2>
                <button type="button" id="editor-toggle" class="editor-toggle" onclick={on_fold}
                    aria-expanded={unfolded.to_string()} aria-controls="editor-body">
                    { if *unfolded { t.close_editor } else { t.open_editor } }
                </button>
            </div>
            <div id="editor-body" class={classes!("editor-body", unfolded.then_some("unfolded"))}>
            <div class="tabs" role="tablist" aria-label={t.scenarios}>{ for tabs }</div>
            <div id="scenario-panel" role="tabpanel" aria-labelledby={format!("tab-{editing}")}>
                <form class="scenario-head" onsubmit={super::no_submit()}>
                    <label for="scenario-name">{ t.scenario_name }</label>
                    <input id="scenario-name" type="text" maxlength="80"
                        value={scenario.name.clone()} onchange={on_rename} />
                    <div class="buttons">
                        <button type="button" id="duplicate" onclick={on_duplicate}
                            disabled={full} title={full.then_some(t.duplicate_full)}
                            aria-describedby={full.then_some("duplicate-full")}>{ t.duplicate }</button>
                        <button type="button" id="delete" onclick={on_delete}
                            disabled={wb.scenarios.len() <= 1}>{ t.delete }</button>
                    </div>
                    if full { <p id="duplicate-full" class="hint">{ t.duplicate_full }</p> }
                </form>
                { for groups }
            </div>
            </div>
        </section>
    }
}

/// Names of the customer segments, with add and remove (applied to every scenario).
fn segment_list(scenario: &crate::sim::Scenario, lang: Lang, dispatch: &Callback<Action>) -> Html {
    let t = texts(lang);
    let segments = &scenario.population.segments;
    let many = segments.len() > 1;
    let rows = segments.iter().enumerate().map(|(i, seg)| {
        let id = format!("segment-name-{i}");
        let on_rename = dispatch.reform(move |e: Event| {
            let name = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .unwrap_or_default();
            Action::RenameSegment(i, name)
        });
        let on_remove = dispatch.reform(move |_| Action::RemoveSegment(i));
        html! {
            <li class="segment">
                <label for={id.clone()} class="visually-hidden">{ format!("{} {}", t.segment_name, i + 1) }</label>
                <input id={id} type="text" maxlength="80" value={seg.name.clone()} onchange={on_rename} />
                <button type="button" class="small" onclick={on_remove} disabled={!many}
                    aria-label={format!("{} {}", t.remove_segment, seg.name)}>{ t.remove_segment }</button>
            </li>
        }
    });
    let full = segments.len() >= crate::sim::MAX_SEGMENTS;
    let name = format!("{} {}", t.new_segment, segments.len() + 1);
    let on_add = dispatch.reform(move |_| Action::AddSegment(name.clone()));
    html! {
        <div class="segments">
            <h3>{ t.segments }</h3>
            <ul>{ for rows }</ul>
            <button type="button" id="add-segment" onclick={on_add} disabled={full}>{ t.add_segment }</button>
        </div>
    }
}

fn es_en(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::Es { es } else { en }
}

/// The competitors, with add and remove (the market is shared by every scenario).
fn competitor_list(
    scenario: &crate::sim::Scenario,
    lang: Lang,
    dispatch: &Callback<Action>,
) -> Html {
    let competitors = &scenario.market.competitors;
    let rows = competitors.iter().enumerate().map(|(i, c)| {
        let on_remove = dispatch.reform(move |_| Action::RemoveCompetitor(i));
        html! {
            <li class="item">
                <span class="item-name">{ c.name.clone() }</span>
                <button type="button" class="small" id={format!("remove-competitor-{i}")} onclick={on_remove}
                    aria-label={format!("{} {}", es_en(lang, "Quitar", "Remove"), c.name)}>
                    { es_en(lang, "Quitar", "Remove") }
                </button>
            </li>
        }
    });
    let full = competitors.len() >= crate::sim::MAX_COMPETITORS;
    let name = format!(
        "{} {}",
        es_en(lang, "Rival", "Rival"),
        competitors.len() + 1
    );
    let on_add = dispatch.reform(move |_| Action::AddCompetitor(name.clone()));
    html! {
        <div class="segments">
            <h3>{ es_en(lang, "Competidores", "Competitors") }</h3>
            <ul>{ for rows }</ul>
            <button type="button" id="add-competitor" onclick={on_add} disabled={full}>
                { es_en(lang, "Añadir un competidor", "Add a competitor") }
            </button>
        </div>
    }
}

/// The scheduled outages of the scenario being edited, with add and remove.
fn outage_list(
    scenario: &crate::sim::Scenario,
    editing: usize,
    lang: Lang,
    dispatch: &Callback<Action>,
) -> Html {
    let outages = &scenario.communication.outages;
    let rows = outages.iter().enumerate().map(|(i, o)| {
        let on_remove = dispatch.reform(move |_| Action::RemoveOutage {
            scenario: editing,
            index: i,
        });
        let label = format!("{} {}", es_en(lang, "Avería del mes", "Outage in month"), o.month);
        html! {
            <li class="item">
                <span class="item-name">{ label.clone() }</span>
                <button type="button" class="small" id={format!("remove-outage-{i}")} onclick={on_remove}
                    aria-label={format!("{} {label}", es_en(lang, "Quitar", "Remove"))}>
                    { es_en(lang, "Quitar", "Remove") }
                </button>
            </li>
        }
    });
    let on_add = dispatch.reform(move |_| Action::AddOutage(editing));
    html! {
        <div class="segments">
            <h3>{ es_en(lang, "Averías programadas", "Scheduled outages") }</h3>
            <ul>{ for rows }</ul>
            <button type="button" id="add-outage" onclick={on_add} disabled={outages.len() >= 100}>
                { es_en(lang, "Programar una avería", "Schedule an outage") }
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LeverInputProps {
    pub control: Control,
    /// The control's label, naming its segment or competitor as the user did.
    pub label: AttrValue,
    pub scenario: usize,
    pub value: Option<Value>,
    pub range: Option<(f64, f64)>,
    pub enabled: bool,
    pub refusal: Option<LeverError>,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

/// An element id safe for any lever path.
pub(crate) fn dom_id(path: &str) -> String {
    path.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// A number lever's value as its field shows it, in the reader's language: with the
/// lever's decimals, or as many more as the value in effect has (up to four more), so
/// that a typed 12.4 % shows 12.4, not 12 while 12.4 is what runs.
fn number_text(kind: Kind, value: Value, lang: Lang) -> Option<String> {
    let v = value.as_f64()? * kind.scale();
    Some(
        format_number(
            v,
            crate::app::levers::shown_decimals(v, kind.decimals()),
            lang,
        )
        .replace('\u{a0}', ""),
    )
}

/// The sentence after a refusal naming the value that stays in effect.
pub(crate) fn still_in_effect(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("Sigue en vigor: {value}."),
        Lang::En => format!("Still in effect: {value}."),
    }
}

/// One lever: label, the input that suits its kind, unit, help, and any refusal.
#[component]
pub fn LeverInput(props: &LeverInputProps) -> Html {
    let control = props.control;
    let lever = control.lever;
    let lang = props.lang;
    let scenario = props.scenario;
    let id = format!("lever-{}", dom_id(&control.path()));
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    // Firefox does not always follow a `selected` attribute that moves to another
    // option (switching from scenario A to B reuses this select), so after every
    // render the select's value property is set to the current choice.
    let select_ref = use_node_ref();
    {
        let select_ref = select_ref.clone();
        let choice = match props.value {
            Some(Value::Choice(c)) => Some(c),
            _ => None,
        };
        use_effect(move || {
            if let (Some(c), Some(select)) =
                (choice, select_ref.cast::<web_sys::HtmlSelectElement>())
                && select.value() != c
            {
                select.set_value(c);
            }
        });
    }
    let set = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |value: Value| {
            dispatch.emit(Action::SetLever {
                scenario,
                control,
                value,
            })
        })
    };
    let refuse = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |error: LeverError| {
            dispatch.emit(Action::Refuse {
                scenario,
                control,
                error,
            })
        })
    };
    let in_effect = props.value;
    // What was last typed: the field shows it while a refusal is shown, so a typo is
    // corrected rather than typed again (the message says which value is still in
    // effect). Whatever ends the refusal (a good value, an undo, a link) shows the value
    // in effect again. Every refusal here follows a text typed in this field, so the
    // text is never stale when shown; it is not cleared by an effect either, since
    // Firefox ran this component's first effects after a change typed at once (the
    // typed text was lost, and the field showed the value in effect).
    let draft = use_state(|| None::<String>);
    // Whether the text was edited since it was last submitted: leaving the field right
    // after a refused entry (Tab sends `change`, then `blur`) must not submit the same
    // text again.
    let edited = use_mut_ref(|| false);
    let submit = {
        let set = set.clone();
        let edited = edited.clone();
        let draft = draft.clone();
        Callback::from(move |input: web_sys::HtmlInputElement| {
            *edited.borrow_mut() = false;
            let text = input.value();
            // Kept whatever the outcome: a value can be refused here (not a number)
            // or by the reducer (out of range), and it is shown only while refused.
            draft.set(Some(text.clone()));
            match control.parse(&text, lang) {
                Ok(value) => {
                    // The value in effect typed again (say "20000" for 20.000) changes
                    // nothing, so nothing redraws the field: it is written here as the
                    // app writes numbers.
                    if Some(value) == in_effect
                        && let Some(text) = number_text(lever.kind, value, lang)
                    {
                        input.set_value(&text);
                    }
                    set.emit(value)
                }
                Err(error) => refuse.emit(error),
            }
        })
    };
    let typed = submit.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlInputElement>());
    // While a refusal is shown, Enter and leaving the field after an edit submit the
    // text even when the browser sees no change (the same text typed again, or the
    // refused text put back as it was), so the message always answers the field's
    // text (the value in effect typed again only clears it; it does not re-run).
    let recheck = props.refusal.is_some().then(|| {
        let on_enter = {
            let submit = submit.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    submit.emit(e.target_unchecked_into());
                }
            })
        };
        let on_blur = {
            let submit = submit.clone();
            let edited = edited.clone();
            Callback::from(move |e: FocusEvent| {
                if *edited.borrow() {
                    submit.emit(e.target_unchecked_into());
                }
            })
        };
        (on_enter, on_blur)
    });
    let on_input = {
        let edited = edited.clone();
        Callback::from(move |_: InputEvent| *edited.borrow_mut() = true)
    };
    let (on_enter, on_blur) = recheck.unzip();
    let described = if props.refusal.is_some() {
        format!("{help_id} {error_id}")
    } else {
        help_id.clone()
    };
    let disabled = !props.enabled;
    let (min, max) = props.range.unwrap_or((0.0, 0.0));

    let input = match (lever.kind, props.value) {
        (Kind::Toggle, value) => {
            let checked = matches!(value, Some(Value::Toggle(true)));
            let onchange = set.reform(move |_: Event| Value::Toggle(!checked));
            html! {
                <input id={id.clone()} type="checkbox" {checked} {onchange} {disabled}
                    aria-describedby={described.clone()} />
            }
        }
        (Kind::Choice(options), value) => {
            let current = match value {
                Some(Value::Choice(c)) => c,
                _ => "",
            };
            let onchange = {
                let set = set.clone();
                Callback::from(move |e: Event| {
                    if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                        && let Some(id) = lever.kind.option_id(&select.value())
                    {
                        set.emit(Value::Choice(id));
                    }
                })
            };
            html! {
                <select id={id.clone()} ref={select_ref.clone()} {onchange} {disabled}
                    aria-describedby={described.clone()}>
                    { for options.iter().map(|o| html! {
                        <option value={o.id} selected={o.id == current}>{ o.label(lang) }</option>
                    }) }
                </select>
            }
        }
        (kind, value) => {
            let stored = value.and_then(Value::as_f64).unwrap_or(0.0);
            let scale = kind.scale();
            let shown = match (&props.refusal, &*draft) {
                (Some(_), Some(typed)) => Some(typed.clone()),
                _ => number_text(kind, value.unwrap_or(Value::Number(0.0)), lang),
            };
            // A slider over the usual range, beside a box for any allowed value.
            let slider = match kind {
                Kind::Number { typical, step, .. } => {
                    Some((typical.0.max(min), typical.1.min(max), step))
                }
                Kind::Integer { step, .. } if (max - min) / (step as f64) <= 1200.0 => {
                    Some((min, max, step as f64))
                }
                _ => None,
            };
            let slider = slider.filter(|(lo, hi, _)| hi > lo).map(|(lo, hi, step)| {
                let is_integer = matches!(kind, Kind::Integer { .. });
                let oninput = set.reform(move |e: InputEvent| {
                    let raw = e
                        .target_dyn_into::<web_sys::HtmlInputElement>()
                        .and_then(|i| i.value().parse::<f64>().ok())
                        .unwrap_or(0.0);
                    if is_integer {
                        Value::Integer(raw.round() as i64)
                    } else {
                        Value::Number(raw / scale)
                    }
                });
                html! {
                    <input type="range" class="slider" id={format!("{id}-slider")}
                        min={(lo * scale).to_string()} max={(hi * scale).to_string()}
                        step={(step * scale).to_string()} value={(stored * scale).to_string()}
                        {oninput} {disabled} aria-labelledby={format!("{id}-label")}
                        aria-describedby={described.clone()} />
                }
            });
            html! {
                <>
                    { for slider }
                    <input id={id.clone()} class="number" type="text" inputmode="decimal"
                        value={shown} onchange={typed} oninput={on_input} onkeydown={on_enter} onblur={on_blur} {disabled}
                        aria-invalid={props.refusal.is_some().to_string()}
                        aria-describedby={described.clone()} />
                </>
            }
        }
    };

    // Which value the refused text left in effect, for a number the field no longer
    // shows.
    let still = props
        .refusal
        .as_ref()
        .and(draft.as_ref())
        .and(props.value.and_then(Value::as_f64))
        .map(|v| still_in_effect(&lever.display(v, lang), lang));

    html! {
        <div class={classes!("lever", disabled.then_some("disabled"), props.refusal.is_some().then_some("refused"))}>
            <label id={format!("{id}-label")} for={id.clone()}>{ props.label.clone() }</label>
            <div class="lever-input">
                { input }
                <span class="unit">{ lever.unit(lang) }</span>
            </div>
            <p id={help_id} class="help">
                { lever.help(lang) }
                if disabled { { " " }<em>{ lever.requires.note(lang) }</em> }
            </p>
            if let Some(error) = &props.refusal {
                <p id={error_id} class="error" role="alert">
                    { error.message(lang) }
                    if let Some(v) = still {
                        { " " }{ v }
                    }
                </p>
            }
        </div>
    }
}

/// " · 1 value refused" after a panel's title.
fn refused_count(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Es, 1) => " · 1 valor rechazado".into(),
        (Lang::Es, n) => format!(" · {n} valores rechazados"),
        (Lang::En, 1) => " · 1 value refused".into(),
        (Lang::En, n) => format!(" · {n} values refused"),
    }
}
