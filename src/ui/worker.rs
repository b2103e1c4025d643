//! The simulation in a web worker (yew-agent reactor), so the page never freezes.
//!
//! A request runs in slices of about [`SLICE_MS`] of the worker's own clock: the batch
//! advances month by month (the core has no clock; the worker decides when a slice is
//! over), then the worker reports progress in months, yields to its event loop and
//! looks at its inbox. A newer request replaces the run in progress and a cancellation
//! ends it, within a slice even in the middle of one long replication. Results are sent
//! after the first replication (an answer within a moment of moving a slider) and then
//! about every [`RESULTS_EVERY_MS`], until all are done. How the work is sliced never
//! changes the numbers.

use futures::{FutureExt, SinkExt, StreamExt};
use gloo::timers::future::TimeoutFuture;
use serde::{Deserialize, Serialize};
use yew_agent::reactor::{ReactorScope, reactor};

use crate::app::state::Progress;
use crate::sim::{Advance, Comparison, Flow, MonteCarlo, RunError, Scenario};

/// What the page asks of the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    Run {
        revision: u64,
        scenarios: Vec<Scenario>,
        seed: u64,
        replications: u32,
    },
    Cancel,
}

/// What the worker tells the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Started {
        revision: u64,
        progress: Progress,
    },
    Progress {
        revision: u64,
        progress: Progress,
    },
    Results {
        revision: u64,
        progress: Progress,
        comparison: Comparison,
    },
    Failed {
        revision: u64,
        error: RunError,
    },
}

/// Milliseconds of simulation between looks at the inbox (one month of the largest
/// scenario takes longer; then a slice is one month).
pub const SLICE_MS: f64 = 40.0;
/// Milliseconds between intermediate results (each redraws every chart on the page).
const RESULTS_EVERY_MS: f64 = 600.0;
/// Milliseconds between progress messages (each re-renders the run bar).
const PROGRESS_EVERY_MS: f64 = 100.0;

fn progress_of(batch: &MonteCarlo) -> Progress {
    let (done, total) = batch.progress();
    let months = batch.months();
    Progress {
        done,
        total,
        months_done: months.done,
        months_total: months.total,
    }
}

#[reactor(SimulationWorker)]
pub async fn simulation_worker(mut scope: ReactorScope<Request, Reply>) {
    let mut next: Option<Request> = None;
    loop {
        let request = match next.take() {
            Some(r) => r,
            None => match scope.next().await {
                Some(r) => r,
                None => return,
            },
        };
        let Request::Run {
            revision,
            scenarios,
            seed,
            replications,
        } = request
        else {
            continue;
        };
        let mut batch = match MonteCarlo::new(&scenarios, seed, replications) {
            Ok(b) => b,
            Err(error) => {
                if scope.send(Reply::Failed { revision, error }).await.is_err() {
                    return;
                }
                continue;
            }
        };
        let started = Reply::Started {
            revision,
            progress: progress_of(&batch),
        };
        if scope.send(started).await.is_err() {
            return;
        }
        let mut last_results = f64::NEG_INFINITY;
        let mut last_progress = js_sys::Date::now();
        loop {
            let slice_start = js_sys::Date::now();
            let outcome = batch.advance(&mut |_| {
                if js_sys::Date::now() - slice_start >= SLICE_MS {
                    Flow::Stop
                } else {
                    Flow::Continue
                }
            });
            let outcome = match outcome {
                Ok(outcome) => outcome,
                Err(error) => {
                    let _ = scope.send(Reply::Failed { revision, error }).await;
                    break;
                }
            };
            let progress = progress_of(&batch);
            let now = js_sys::Date::now();
            let replicated = outcome != Advance::Paused;
            let reply = if outcome == Advance::Done
                || (replicated && (progress.done == 1 || now - last_results >= RESULTS_EVERY_MS))
            {
                last_results = now;
                last_progress = now;
                Some(Reply::Results {
                    revision,
                    progress,
                    comparison: batch.summary(),
                })
            } else if now - last_progress >= PROGRESS_EVERY_MS {
                last_progress = now;
                Some(Reply::Progress { revision, progress })
            } else {
                None
            };
            if let Some(reply) = reply
                && scope.send(reply).await.is_err()
            {
                return;
            }
            if outcome == Advance::Done {
                break;
            }
            // Let the inbox fill, then take the newest message without waiting.
            TimeoutFuture::new(0).await;
            let mut superseded = false;
            while let Some(message) = scope.next().now_or_never() {
                match message {
                    None => return,
                    Some(Request::Cancel) => {
                        superseded = true;
                        next = None;
                    }
                    Some(run) => {
                        superseded = true;
                        next = Some(run);
                    }
                }
            }
            if superseded {
                break;
            }
        }
    }
}
