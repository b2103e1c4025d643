//! The page's worker pool: one [`SimulationWorker`] per core (at most
//! [`MAX_WORKERS`]), driven by [`Pool`], which decides what each runs and folds their
//! answers in a fixed order. `?workers=N` in the address picks the number (tests and
//! benchmarks compare 1 and 3).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use futures::StreamExt;
use futures::future::poll_fn;
use yew_agent::reactor::{ReactorBridge, ReactorSpawner};

use super::worker::SimulationWorker;
use crate::app::pool::{Event, MAX_WORKERS, Pool, SILENT_AFTER_MS, Step};
use crate::sim::Scenario;

/// Workers to start: `?workers=N` if given, else the browser's logical cores.
pub fn worker_count() -> usize {
    let window = gloo::utils::window();
    let asked = window.location().search().ok().and_then(|q| {
        q.trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("workers=")?.parse::<usize>().ok())
    });
    let cores = window.navigator().hardware_concurrency();
    let cores = if cores.is_finite() && cores >= 1.0 {
        cores as usize
    } else {
        2
    };
    asked.unwrap_or(cores).clamp(1, MAX_WORKERS)
}

/// A script (as a blob URL) that starts the worker from `worker.js?v=ID` and
/// `worker_bg.wasm?v=ID`, ID being the hash of the two files that the build writes into
/// the page (`<meta name="fideliza-worker">`, see `scripts/sw-manifest.sh`). Their names
/// are the same in every build and GitHub Pages lets a browser keep a file for ten
/// minutes without asking, so without the ID a new page could get the last build's
/// worker from the cache. None (start from plain `worker.js`) if the page has no ID.
fn versioned_loader() -> Option<String> {
    let id = gloo::utils::document()
        .query_selector("meta[name='fideliza-worker']")
        .ok()??
        .get_attribute("content")?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let here = gloo::utils::window().location().href().ok()?;
    let url = |name: &str| {
        web_sys::Url::new_with_base(name, &here)
            .ok()
            .map(|u| format!("{}?v={id}", u.href()))
    };
    // A classic worker, as yew-agent's own shim (Trunk builds the worker for
    // wasm-bindgen's no-modules target).
    let shim = format!(
        "importScripts('{}');wasm_bindgen({{module_or_path:'{}'}});",
        url("worker.js")?,
        url("worker_bg.wasm")?
    );
    let parts = js_sys::Array::of1(&shim.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The pool and its workers. Events go to `on_event` (the reducer).
pub struct Workers {
    pool: RefCell<Pool>,
    /// One bridge per worker: requests are posted through it at once (not from a task
    /// the page runs later, after its re-render), and a task reads its replies.
    bridges: Vec<Rc<RefCell<ReactorBridge<SimulationWorker>>>>,
    on_event: Box<dyn Fn(Event)>,
    /// Whether any worker has answered yet. The bridge hides the web worker, so a
    /// worker whose script or wasm failed to load gives no error here: it just never
    /// answers, and a watchdog says so (see [`SILENT_AFTER_MS`]).
    heard: Cell<bool>,
    /// Whether the page was told that no worker answers.
    said_silent: Cell<bool>,
    watchdog: RefCell<Option<gloo::timers::callback::Timeout>>,
    me: Weak<Workers>,
}

impl Workers {
    /// Starts `count` workers from `worker.js` (relative: the app may live under a
    /// subpath).
    pub fn start(count: usize, on_event: Box<dyn Fn(Event)>) -> Rc<Self> {
        let count = count.clamp(1, MAX_WORKERS);
        Rc::new_cyclic(|me: &Weak<Workers>| {
            let mut bridges = Vec::with_capacity(count);
            let loader = versioned_loader();
            for w in 0..count {
                let spawner = ReactorSpawner::<SimulationWorker>::new();
                let bridge = Rc::new(RefCell::new(match &loader {
                    Some(url) => spawner.with_loader(true).spawn(url),
                    None => spawner.spawn("worker.js"),
                }));
                bridges.push(bridge.clone());
                let me = me.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // The bridge is borrowed only while polled, so requests can be sent
                    // through it between replies.
                    let next = || poll_fn(|cx| bridge.borrow_mut().poll_next_unpin(cx));
                    while let Some(reply) = next().await {
                        let Some(workers) = me.upgrade() else { return };
                        workers.heard.set(true);
                        if workers.said_silent.replace(false) {
                            (workers.on_event)(Event::WorkersAnswered);
                        }
                        let step = workers.pool.borrow_mut().on_reply(w, reply);
                        workers.apply(step);
                    }
                });
            }
            Workers {
                pool: RefCell::new(Pool::new(count, Box::new(js_sys::Date::now))),
                bridges,
                on_event,
                heard: Cell::new(false),
                said_silent: Cell::new(false),
                watchdog: RefCell::new(None),
                me: me.clone(),
            }
        })
    }

    /// Until a worker has answered, each request starts a watchdog (once): if still no
    /// worker has answered when it fires, the page is told.
    fn watch(&self) {
        if self.heard.get() || self.watchdog.borrow().is_some() {
            return;
        }
        let me = self.me.clone();
        let timeout = gloo::timers::callback::Timeout::new(SILENT_AFTER_MS, move || {
            let Some(workers) = me.upgrade() else { return };
            workers.watchdog.borrow_mut().take();
            if !workers.heard.get() {
                workers.said_silent.set(true);
                (workers.on_event)(Event::WorkersSilent);
            }
        });
        *self.watchdog.borrow_mut() = Some(timeout);
    }

    /// Sends what the pool decided, then reports (no borrow of the pool is held, so
    /// what the events set off may call the pool again).
    fn apply(&self, step: Step) {
        if !step.send.is_empty() {
            self.watch();
        }
        for (w, request) in step.send {
            if let Some(bridge) = self.bridges.get(w) {
                bridge.borrow().send_input(request);
            }
        }
        for event in step.events {
            (self.on_event)(event);
        }
    }

    pub fn start_run(&self, revision: u64, scenarios: &[Scenario], seed: u64, replications: u32) {
        let step = self
            .pool
            .borrow_mut()
            .start_run(revision, scenarios, seed, replications);
        self.apply(step);
    }

    pub fn cancel_run(&self) {
        let step = self.pool.borrow_mut().cancel_run();
        self.apply(step);
    }

    pub fn start_study(&self, id: u64, variants: Vec<Scenario>, seed: u64, replications: u32) {
        let step = self
            .pool
            .borrow_mut()
            .start_study(id, variants, seed, replications);
        self.apply(step);
    }

    pub fn cancel_study(&self) {
        let step = self.pool.borrow_mut().cancel_study();
        self.apply(step);
    }
}
