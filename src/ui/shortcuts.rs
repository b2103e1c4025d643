//! Keyboard shortcuts for the whole page, and the list of them that `?` opens (Escape
//! closes it). The shortcuts press the page's own buttons and move the focus to its
//! regions, so they do exactly what a click there does and need no state of their own.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::app::i18n::{Lang, texts};

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub lang: Lang,
}

fn element(selector: &str) -> Option<HtmlElement> {
    gloo::utils::document()
        .query_selector(selector)
        .ok()
        .flatten()?
        .dyn_into::<HtmlElement>()
        .ok()
}

fn focus(selector: &str) {
    if let Some(e) = element(selector) {
        let _ = e.focus();
    }
}

/// Brings the lesson bar into view and puts the focus on its first lesson: on a phone
/// the bar sits below every chart (the first chart comes first), so the header's
/// "Lessons" button is how a touch user gets there. A button rather than a `#lessons`
/// link, because the URL's fragment holds share links.
pub(super) fn go_to_lessons() {
    if let Some(menu) = element(".lesson-menu") {
        menu.scroll_into_view();
    }
    focus(".lesson-menu button[id^='open-lesson-']");
}

fn press(selector: &str) {
    if let Some(e) = element(selector) {
        e.click();
    }
}

/// Whether a key typed here is text for a field rather than a shortcut.
fn typing(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || e.is_content_editable()
        })
}

/// Shows the editor and puts the focus in it (on a phone it is folded behind a button).
fn go_to_editor() {
    if let Some(toggle) = element("#editor-toggle")
        && toggle.offset_parent().is_some()
        && toggle.get_attribute("aria-expanded").as_deref() == Some("false")
    {
        toggle.click();
    }
    // After the unfolding render, the scenario's tab takes the focus.
    gloo::timers::callback::Timeout::new(0, || {
        focus("#editor .tab.selected");
    })
    .forget();
}

#[component]
pub fn Shortcuts(props: &ShortcutsProps) -> Html {
    let t = texts(props.lang);
    let open = use_state(|| false);
    // Where the focus was before the list opened: it goes back there on close.
    let before = use_mut_ref(|| None::<HtmlElement>);

    {
        let open = open.clone();
        let before = before.clone();
        use_effect_with(*open, move |is_open| {
            let is_open = *is_open;
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                options,
                move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if event.ctrl_key() || event.meta_key() || event.alt_key() {
                        return;
                    }
                    let key = event.key();
                    if is_open {
                        // The list is modal: only closing it, and the focus stays in it.
                        match key.as_str() {
                            "Escape" | "?" => {
                                event.prevent_default();
                                open.set(false);
                            }
                            "Tab" => {
                                event.prevent_default();
                                focus("#shortcuts-close");
                            }
                            _ => {}
                        }
                        return;
                    }
                    if typing(event) {
                        return;
                    }
                    let act: Option<fn()> = match key.as_str() {
                        "?" => {
                            *before.borrow_mut() = gloo::utils::document()
                                .active_element()
                                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                            event.prevent_default();
                            open.set(true);
                            return;
                        }
                        "r" | "R" => Some(|| focus("#results")),
                        "g" | "G" => Some(|| focus(".charts .plot")),
                        "e" | "E" => Some(go_to_editor),
                        "p" | "P" => Some(|| press("#play")),
                        "[" => Some(|| press("#step-back")),
                        "]" => Some(|| press("#step-forward")),
                        _ => None,
                    };
                    if let Some(act) = act {
                        event.prevent_default();
                        act();
                    }
                },
            );
            move || drop(listener)
        });
    }
    // Opening puts the focus on the list's close button; closing gives it back.
    {
        let before = before.clone();
        use_effect_with(*open, move |is_open| {
            if *is_open {
                focus("#shortcuts-close");
            } else if let Some(e) = before.borrow_mut().take() {
                let _ = e.focus();
            }
        });
    }

    let on_open = {
        let open = open.clone();
        let before = before.clone();
        Callback::from(move |_: MouseEvent| {
            *before.borrow_mut() = element("#shortcuts-button");
            open.set(true);
        })
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let (home_end, arrows) = match props.lang {
        Lang::Es => ("Inicio / Fin", "← / →"),
        Lang::En => ("Home / End", "← / →"),
    };
    let keys: [(String, &str); 10] = [
        ("?".into(), t.key_help),
        ("Esc".into(), t.key_escape),
        ("R".into(), t.key_results),
        ("G".into(), t.key_charts),
        ("E".into(), t.key_editor),
        ("P".into(), t.key_play),
        ("[ / ]".into(), t.key_step),
        (format!("{arrows} · {home_end}"), t.key_chart),
        ("Tab".into(), t.key_tab),
        ("Ctrl+Z".into(), t.key_undo),
    ];
    html! {
        <>
            <button type="button" id="shortcuts-button" class="small" aria-keyshortcuts="?"
                onclick={on_open}>{ t.shortcuts_button }</button>
            if *open {
                <div class="shortcuts-backdrop" onclick={on_close.clone()}></div>
                <div id="shortcuts" class="shortcuts" role="dialog" aria-modal="true"
                    aria-labelledby="shortcuts-title">
                    <h2 id="shortcuts-title">{ t.shortcuts }</h2>
                    <dl>
                        { for keys.iter().map(|(k, what)| html! {
                            <div class="key">
                                <dt><kbd>{ k.clone() }</kbd></dt>
                                <dd>{ *what }</dd>
                            </div>
                        }) }
                    </dl>
                    <button type="button" id="shortcuts-close" onclick={on_close}>{ t.close }</button>
                </div>
            }
        </>
    }
}

/// The first stops of the Tab key: links past the header and the editor. They move the
/// focus by hand instead of following `#results`, because the page's address fragment
/// holds the share link (and a `<base>` makes a bare `#` link leave the page).
#[component]
pub fn SkipLinks(props: &ShortcutsProps) -> Html {
    let t = texts(props.lang);
    let link = |target: &'static str, text: &'static str| {
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            focus(target);
        });
        html! { <a class="skip-link" href={target} {onclick}>{ text }</a> }
    };
    html! {
        <div class="skip-links">
            { link("#results", t.skip_to_results) }
            { link("#charts", t.skip_to_charts) }
        </div>
    }
}
