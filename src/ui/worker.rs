//! The simulation in a web worker (yew-agent reactor), so the page never freezes.
//!
//! A request runs one replication at a time. Between replications the worker yields to
//! its event loop and looks at its inbox: a newer request replaces the run in progress,
//! a cancellation ends it. Results are sent after the first replication (an answer
//! within a moment of moving a slider) and then about every 400 ms, until all are done.

use futures::{FutureExt, SinkExt, StreamExt};
use gloo::timers::future::TimeoutFuture;
use serde::{Deserialize, Serialize};
use yew_agent::reactor::{ReactorScope, reactor};

use crate::sim::{Comparison, Flow, MonteCarlo, RunError, Scenario};

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
        total: u32,
    },
    Progress {
        revision: u64,
        done: u32,
        total: u32,
    },
    Results {
        revision: u64,
        done: u32,
        total: u32,
        comparison: Comparison,
    },
    Failed {
        revision: u64,
        error: RunError,
    },
}

/// Milliseconds between intermediate results (each redraws every chart on the page).
const RESULTS_EVERY_MS: f64 = 600.0;
/// Milliseconds between progress messages (each re-renders the run bar).
const PROGRESS_EVERY_MS: f64 = 100.0;

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
        let (_, total) = batch.progress();
        if scope
            .send(Reply::Started { revision, total })
            .await
            .is_err()
        {
            return;
        }
        let mut last_sent = f64::NEG_INFINITY;
        let mut last_progress = f64::NEG_INFINITY;
        loop {
            let more = match batch.step(&mut |_| Flow::Continue) {
                Ok(more) => more,
                Err(error) => {
                    let _ = scope.send(Reply::Failed { revision, error }).await;
                    break;
                }
            };
            let (done, total) = batch.progress();
            let now = js_sys::Date::now();
            let reply = if !more || done == 1 || now - last_sent >= RESULTS_EVERY_MS {
                last_sent = now;
                last_progress = now;
                Some(Reply::Results {
                    revision,
                    done,
                    total,
                    comparison: batch.summary(),
                })
            } else if now - last_progress >= PROGRESS_EVERY_MS {
                last_progress = now;
                Some(Reply::Progress {
                    revision,
                    done,
                    total,
                })
            } else {
                None
            };
            if let Some(reply) = reply
                && scope.send(reply).await.is_err()
            {
                return;
            }
            if !more {
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
