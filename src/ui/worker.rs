//! The simulation in web workers (yew-agent reactors), so the page never freezes.
//!
//! Each worker of the page's pool ([`crate::app::pool`]) runs one task at a time: one
//! scenario in one replication. It simulates in slices of about [`SLICE_MS`] of its own
//! clock (the core has no clock; the worker decides when a slice is over), reports the
//! months done about every [`MONTHS_EVERY_MS`], yields to its event loop and looks at
//! its inbox: a new task replaces the one under way (unless it comes queued: then it
//! waits its turn, and starts the moment the one before ends) and a cancellation ends
//! it, within a slice even in the middle of one long replication. How the work is sliced, and over
//! how many workers, never changes the numbers.

use std::collections::VecDeque;

use futures::{FutureExt, SinkExt, StreamExt};
use gloo::timers::future::TimeoutFuture;
use yew_agent::reactor::{ReactorScope, reactor};

use crate::app::pool::{Kept, Reply, Request, Want};
use crate::sim::Piece;

/// Milliseconds of simulation between looks at the inbox (one month of the largest
/// scenario takes longer; then a slice is one month).
pub const SLICE_MS: f64 = 40.0;
/// Milliseconds between reports of the months done.
const MONTHS_EVERY_MS: f64 = 100.0;

#[reactor(SimulationWorker)]
pub async fn simulation_worker(mut scope: ReactorScope<Request, Reply>) {
    // Tasks sent ahead (`queued`), run in order once the one under way ends.
    let mut waiting: VecDeque<Request> = VecDeque::new();
    // The scenarios this worker was sent, kept as the pool expects (`Kept`).
    let mut kept: Kept<Box<crate::sim::Scenario>> = Kept::default();
    loop {
        let request = match waiting.pop_front() {
            Some(r) => r,
            None => match scope.next().await {
                Some(mut r) => {
                    kept.take_from(&mut r);
                    r
                }
                None => return,
            },
        };
        let (ticket, key, seed, replication, want) = match request {
            Request::Task {
                ticket,
                key,
                seed,
                replication,
                want,
                ..
            } => (ticket, key, seed, replication, want),
            Request::Bench { customers, months } => {
                let mut s = crate::sim::reference_digest_scenario();
                s.customers = customers;
                s.horizon_months = months;
                let start = js_sys::Date::now();
                let ok = crate::sim::run(&s, 7, &mut |_| crate::sim::Flow::Continue).is_ok();
                let seconds = (js_sys::Date::now() - start) / 1000.0;
                if scope.send(Reply::Bench { ok, seconds }).await.is_err() {
                    return;
                }
                continue;
            }
            Request::Cancel => continue,
        };
        // The pool sends a scenario with the first task that needs it and knows what
        // this worker forgets, so it is here; were it not, the task ends (the page shows
        // the run stopped) rather than leaving the pool waiting for its answer.
        let Some(scenario) = kept.get(key) else {
            let error = crate::sim::RunError::Cancelled;
            if scope.send(Reply::Failed { ticket, error }).await.is_err() {
                return;
            }
            continue;
        };
        let mut piece = match Piece::new(scenario, seed, replication) {
            Ok(p) => p,
            Err(error) => {
                if scope.send(Reply::Failed { ticket, error }).await.is_err() {
                    return;
                }
                continue;
            }
        };
        let mut last_report = js_sys::Date::now();
        loop {
            let slice_start = js_sys::Date::now();
            while piece.step() {
                if js_sys::Date::now() - slice_start >= SLICE_MS {
                    break;
                }
            }
            if piece.is_done() {
                let reply = match want {
                    Want::Row => Reply::Row {
                        ticket,
                        row: piece.row(),
                    },
                    Want::Outcomes => Reply::Outcomes {
                        ticket,
                        outcomes: piece.outcomes(),
                    },
                };
                if scope.send(reply).await.is_err() {
                    return;
                }
                // Take in what came meanwhile before starting the next task.
                if take_inbox(&mut scope, &mut waiting, &mut kept).is_none() {
                    return;
                }
                break;
            }
            let now = js_sys::Date::now();
            if now - last_report >= MONTHS_EVERY_MS {
                last_report = now;
                let months = piece.progress().month;
                if scope.send(Reply::Months { ticket, months }).await.is_err() {
                    return;
                }
            }
            // Let the inbox fill, then look at it without waiting.
            TimeoutFuture::new(0).await;
            let Some(superseded) = take_inbox(&mut scope, &mut waiting, &mut kept) else {
                return;
            };
            if superseded {
                break;
            }
        }
    }
}

/// Reads every message already in the inbox into `waiting`: a queued task joins the
/// end, an unqueued task or a Cancel replaces everything waiting. `Some(true)` if the
/// task under way is to stop, `None` once the page has gone.
fn take_inbox(
    scope: &mut ReactorScope<Request, Reply>,
    waiting: &mut VecDeque<Request>,
    kept: &mut Kept<Box<crate::sim::Scenario>>,
) -> Option<bool> {
    let mut superseded = false;
    while let Some(message) = scope.next().now_or_never() {
        let mut message = message?;
        kept.take_from(&mut message);
        match message {
            queued @ Request::Task { queued: true, .. } => waiting.push_back(queued),
            Request::Cancel => {
                waiting.clear();
                superseded = true;
            }
            other => {
                waiting.clear();
                waiting.push_back(other);
                superseded = true;
            }
        }
    }
    Some(superseded)
}
