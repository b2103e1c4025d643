//! Keeping the work: the autosave in localStorage, the share link in the address bar,
//! and several tabs of one browser.
//!
//! - The autosave is a [`Stored`] record: the workbench, a revision that every save
//!   raises, and the tab that saved. A tab saves only over the revision it last saw:
//!   if another tab saved newer work meanwhile, this tab takes that work and keeps its
//!   own version aside, so no tab overwrites another's newer work. The `storage` event
//!   brings other tabs' saves, so open tabs stay in step.
//! - Work that would be lost is kept aside under [`ASIDE_KEY`] and announced with a
//!   download: an autosave this app cannot read (a newer format, damage, or no longer
//!   valid), the saved work a link replaces, or a tab's version that lost a race.
//! - When the address bar holds a link, it is kept in step with the work, so a reload
//!   or a restored tab opens the latest work rather than the link as first opened.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;

use crate::app::i18n::Lang;
use crate::app::share::{self, LINK_PREFIX, ShareError, Stored};
use crate::app::state::{self, AppState, Aside, Notice, Workbench};

/// localStorage key of the autosave record.
pub const STORAGE_KEY: &str = "fideliza.workbench.v1";
/// localStorage key of work kept aside (the latest only).
pub const ASIDE_KEY: &str = "fideliza.workbench.aside";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text under `key`, if storage is available and holds one.
pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `text` under `key`; false if storage is full, disabled or missing.
pub fn store(key: &str, text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, text).is_ok())
}

/// A random id for this page load.
fn new_tab_id() -> String {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps `text` aside and returns the notice that announces it (the notice carries
/// the text, so it can be downloaded even if storage refused it).
pub fn set_aside(why: Aside, text: String) -> Notice {
    store(ASIDE_KEY, &text);
    Notice::SetAside {
        why,
        text: Rc::new(text),
    }
}

/// What the page knows about the autosave, shared by its effects and listeners.
#[derive(Clone)]
pub struct Sync {
    /// This page's id in the records it writes.
    pub tab: String,
    /// The newest revision this page has saved or taken in.
    pub rev: u64,
    /// The workbench last saved or taken from another tab: no need to save it again.
    pub written: Option<Workbench>,
    /// The workbench on screen now (for listeners, which outlive renders).
    pub current: Workbench,
    /// The record this page last wrote, as text. Found unchanged in storage at the next
    /// save, it need not be read again (no other tab wrote since): that reading, a full
    /// check of the workbench, was a few milliseconds of every edit.
    pub stored: Option<String>,
}

pub type SharedSync = Rc<RefCell<Sync>>;

/// The state to open with and what the autosave looked like then.
pub struct Boot {
    pub state: AppState,
    pub sync: Sync,
}

/// The work to open with: the link in the address bar if there is one and it is sound,
/// else the autosaved work, else the first example. Whatever this replaces or cannot
/// read is kept aside and announced; a rejected link says why.
pub fn boot(lang: Lang) -> Boot {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    // A lesson link opens a lesson over the saved work (see `lesson_in_address_bar`).
    // So does a link that only chooses the language, over the saved work.
    let language = state::language_from_link(&hash);
    let hash =
        if state::lesson_from_link(&hash).is_some() || page_anchor(&hash) || language.is_some() {
            String::new()
        } else {
            hash
        };
    let saved_text = load(STORAGE_KEY);
    let saved = saved_text.as_deref().map(share::stored_from_json);
    let mut notice = None;
    let (rev, saved_wb) = match saved {
        Some(Ok(s)) => (s.rev, Some(s.workbench)),
        Some(Err(e)) => {
            // Never overwrite what cannot be read (it may be newer work): keep it aside.
            notice = Some(set_aside(
                Aside::Unreadable(e),
                saved_text.clone().unwrap_or_default(),
            ));
            (0, None)
        }
        None => (0, None),
    };
    let mut wb = if hash.len() > 1 {
        match share::workbench_from_link(&hash) {
            Ok(wb) => {
                if let Some(previous) = saved_wb.as_ref().filter(|p| !p.same_work(&wb)) {
                    notice.get_or_insert_with(|| {
                        set_aside(Aside::ReplacedByLink, share::workbench_to_json(previous))
                    });
                }
                wb
            }
            Err(e) => match saved_wb {
                Some(saved) => {
                    notice.get_or_insert(Notice::LinkRejected(e));
                    saved
                }
                // Nothing was there to keep: the message says what is shown instead.
                None => {
                    notice.get_or_insert(Notice::LinkRejectedAtStart(e));
                    Workbench::new(lang)
                }
            },
        }
    } else {
        saved_wb.unwrap_or_else(|| Workbench::new(lang))
    };
    if let Some(Some(l)) = language {
        wb.set_lang(l);
    }
    let mut state = AppState::new(wb);
    state.notice = notice;
    let sync = Sync {
        tab: new_tab_id(),
        rev,
        written: None,
        current: state.wb.clone(),
        stored: None,
    };
    Boot { state, sync }
}

/// What saving found.
pub enum Saved {
    /// Saved (or nothing to save).
    Done,
    /// Storage refused (full or disabled).
    Failed,
    /// Another tab saved newer, different work first: show it (this tab's version was
    /// kept aside, announced by the notice).
    Newer(Box<Workbench>, Notice),
    /// Saved, after keeping aside a record this app could not read.
    KeptUnreadable(Notice),
}

/// Saves `wb` unless that would overwrite newer work of another tab.
pub fn save(sync: &mut Sync, wb: &Workbench) -> Saved {
    sync.current = wb.clone();
    if sync.written.as_ref() == Some(wb) {
        return Saved::Done;
    }
    let mut kept = None;
    let mut base = sync.rev;
    if let Some(text) = load(STORAGE_KEY).filter(|t| sync.stored.as_ref() != Some(t)) {
        match share::stored_from_json(&text) {
            Ok(theirs) if theirs.rev > sync.rev && theirs.tab != sync.tab => {
                sync.rev = theirs.rev;
                base = theirs.rev;
                if !theirs.workbench.same_work(wb) {
                    let mut newer = theirs.workbench;
                    newer.view = wb.view.clone();
                    newer.tidy();
                    sync.written = Some(newer.clone());
                    sync.current = newer.clone();
                    let notice = set_aside(Aside::ChangedElsewhere, share::workbench_to_json(wb));
                    return Saved::Newer(Box::new(newer), notice);
                }
            }
            Ok(theirs) => base = base.max(theirs.rev),
            Err(e) => kept = Some(set_aside(Aside::Unreadable(e), text)),
        }
    }
    let record = Stored {
        rev: base + 1,
        tab: sync.tab.clone(),
        workbench: wb.clone(),
    };
    let text = share::stored_to_json(&record);
    if !store(STORAGE_KEY, &text) {
        return Saved::Failed;
    }
    sync.stored = Some(text);
    sync.rev = record.rev;
    sync.written = Some(wb.clone());
    match kept {
        Some(notice) => Saved::KeptUnreadable(notice),
        None => Saved::Done,
    }
}

/// Another tab saved `text` under the autosave key: the work to show, if it is newer
/// than what this tab has and different from it (this tab keeps its own view).
pub fn take_in(sync: &mut Sync, text: &str) -> Option<Workbench> {
    let theirs = share::stored_from_json(text).ok()?;
    if theirs.rev <= sync.rev {
        return None;
    }
    sync.rev = theirs.rev;
    if theirs.workbench.same_work(&sync.current) {
        return None;
    }
    let mut next = theirs.workbench;
    next.view = sync.current.view.clone();
    next.tidy();
    sync.written = Some(next.clone());
    sync.current = next.clone();
    Some(next)
}

/// The address bar's fragment as a link, if it holds one.
pub fn link_in_address_bar() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    hash.strip_prefix('#')
        .filter(|h| h.starts_with(LINK_PREFIX))
        .map(str::to_string)
}

/// Puts `fragment` in the address bar without reloading or adding a history entry.
pub fn show_link(fragment: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Keeps a link in the address bar in step with the work, so a reload or a restored
/// tab opens the latest work. Leaves an address bar without a link alone.
pub fn keep_link_in_step(wb: &Workbench) {
    let Some(shown) = link_in_address_bar() else {
        return;
    };
    let current = share::workbench_to_link(wb);
    if shown != current {
        show_link(&current);
    }
}

/// What to do with a link pasted into the address bar.
pub enum Pasted {
    /// Nothing: not a link, or the work on screen already.
    Nothing,
    Rejected(ShareError),
    /// Open it; `replaces` is the work it replaces, if that is worth asking about.
    Open {
        wb: Box<Workbench>,
        replaces: Option<Box<Workbench>>,
    },
}

/// Reads the address bar after a `hashchange`.
pub fn pasted(current: &Workbench) -> Pasted {
    let Some(hash) = gloo::utils::window().location().hash().ok().filter(|h| {
        h.len() > 1
            && state::lesson_from_link(h).is_none()
            && state::language_from_link(h).is_none()
            && !page_anchor(h)
    }) else {
        return Pasted::Nothing;
    };
    match share::workbench_from_link(&hash) {
        Err(e) => Pasted::Rejected(e),
        Ok(wb) if wb.same_work(current) => Pasted::Nothing,
        Ok(wb) => {
            // A first visit's example is not work to ask about.
            let untouched = current.same_work(&Workbench::new(current.lang));
            Pasted::Open {
                wb: Box::new(wb),
                replaces: (!untouched).then(|| Box::new(current.clone())),
            }
        }
    }
}

/// The language a link in the address bar chooses, if it is a language link
/// (`#lang=es`) naming one the app speaks.
pub fn language_in_address_bar() -> Option<Lang> {
    let hash = gloo::utils::window().location().hash().ok()?;
    state::language_from_link(&hash).flatten()
}

/// The lesson link in the address bar, if there is one.
pub fn lesson_in_address_bar() -> Option<Result<state::LessonLink, String>> {
    let hash = gloo::utils::window().location().hash().ok()?;
    state::lesson_from_link(&hash)
}

/// Keeps the address bar on the lesson's step while one is open, and takes the lesson
/// link away when it closes (leaving the workbench's own link, if it had one, alone).
/// Each step, and leaving, is an entry of the browser's history, so Back goes to the
/// step before (a student swiping back on a phone stays in the lesson; see the
/// `hashchange` listener in `ui`); a vote or a change of language, which keeps the
/// step, replaces the entry.
pub fn keep_lesson_link_in_step(lesson: Option<&state::LessonView>, lang: Lang) {
    let Ok(history) = gloo::utils::window().history() else {
        return;
    };
    let shown = gloo::utils::window().location().hash().unwrap_or_default();
    let was = state::lesson_from_link(&shown).and_then(Result::ok);
    let target = match lesson {
        Some(view) => {
            let fragment = view.link(lang);
            if shown.strip_prefix('#') == Some(fragment.as_str()) {
                return;
            }
            let same_step = was
                .as_ref()
                .is_some_and(|w| w.id == view.id && w.stage == view.stage);
            if same_step {
                show_link(&fragment);
                return;
            }
            format!("#{fragment}")
        }
        None => {
            if was.is_none() {
                return;
            }
            let location = gloo::utils::window().location();
            let path = location.pathname().unwrap_or_default();
            let search = location.search().unwrap_or_default();
            format!("{path}{search}")
        }
    };
    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&target));
}

/// Whether the address bar, after a `hashchange`, says to leave an open lesson: it
/// holds no lesson link, nor a link that only chooses the language, nor one of the
/// page's own anchors (Back from a lesson's first step to the workbench).
pub fn leaves_lesson() -> bool {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    state::lesson_from_link(&hash).is_none()
        && state::language_from_link(&hash).is_none()
        && !page_anchor(&hash)
}

/// The page's own anchors (the skip links' targets), which are places, not links.
fn page_anchor(hash: &str) -> bool {
    matches!(hash, "#results" | "#charts" | "#editor")
}
