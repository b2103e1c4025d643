//! Spreading simulations over a pool of web workers, with numbers that do not depend on
//! how many there are.
//!
//! The unit of work is a [`Task`]: one scenario in one replication (common random
//! numbers: replication r of every scenario uses the batch seed of r). A worker runs one
//! task at a time, month by month, and answers with the task's row (for a workbench
//! run) or its outcomes at the horizon (for a study: sensitivity, break-even). The page
//! keeps the [`Pool`]: it hands tasks to idle workers, replication by replication, and
//! folds the rows into one [`MonteCarlo`] in replication order
//! ([`MonteCarlo::add_row`]), so one worker and eight give the same bits.
//!
//! A workbench run goes before a study: starting a run takes the workers back from a
//! study (its interrupted tasks go back to the front of its queue). A new run replaces
//! the old one at once; answers about tasks that were replaced are recognised by their
//! ticket and dropped.
//!
//! This module has no web types and no clock of its own: the page passes one in, and
//! the tests drive the pool with pretend workers that answer in any order.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::sim::{Comparison, MonteCarlo, RunError, Scenario};

use super::state::Progress;

/// Most workers a page starts (more rarely helps and each holds a population).
pub const MAX_WORKERS: usize = 8;
/// Tasks a worker holds: the one it runs and the next ones, so it never waits for the
/// page between short ones (the page may be busy drawing charts).
pub const TASKS_PER_WORKER: usize = 2;
/// Customers all the tasks in flight may hold at once (about 150 bytes each with the
/// contact network): a pool of eight does not run eight million-customer populations.
pub const CUSTOMERS_IN_FLIGHT: u64 = 4_000_000;
/// Least time between intermediate results of a run (each is summarised and redrawn on
/// the charts in view).
pub const RESULTS_EVERY_MS: f64 = 600.0;
/// Least time between progress reports of a job.
pub const PROGRESS_EVERY_MS: f64 = 100.0;
/// Scenarios a worker keeps once it has been sent them: the next tasks of a kept
/// scenario go without it. Encoding a scenario on the page's thread and decoding it in
/// the worker cost about as much as the rest of a task's messages; a run of 100
/// replications sent its scenario 100 times.
pub const SCENARIOS_KEPT: usize = 16;

/// What a worker keeps under each scenario's key, oldest first, at most
/// [`SCENARIOS_KEPT`]. The worker keeps the scenarios; the pool keeps, for each worker,
/// the same list of keys (`Kept<()>`), updated in the order the messages go, so it
/// knows what each worker has without being told.
#[derive(Debug)]
pub struct Kept<T> {
    entries: VecDeque<(u64, T)>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self {
            entries: VecDeque::new(),
        }
    }
}

impl Kept<Box<Scenario>> {
    /// Keeps the scenario `request` brings, if any, and takes it out of the request.
    /// A worker calls this on every message the moment it arrives, even for a task it
    /// then drops for a newer one: the pool counts a scenario as kept from its sending.
    pub fn take_from(&mut self, request: &mut Request) -> bool {
        if let Request::Task { key, scenario, .. } = request
            && let Some(scenario) = scenario.take()
        {
            self.keep(*key, scenario);
            return true;
        }
        false
    }
}

impl<T> Kept<T> {
    pub fn get(&self, key: u64) -> Option<&T> {
        self.entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Keeps `value` under `key`; the oldest goes when more than [`SCENARIOS_KEPT`].
    pub fn keep(&mut self, key: u64, value: T) {
        if let Some(entry) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            entry.1 = value;
            return;
        }
        self.entries.push_back((key, value));
        if self.entries.len() > SCENARIOS_KEPT {
            self.entries.pop_front();
        }
    }
}

/// What a task answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Want {
    /// The replication's row for a [`MonteCarlo`] batch.
    Row,
    /// The outcomes at the horizon ([`crate::sim::search::Outcome::ALL`]).
    Outcomes,
}

/// What the page asks a worker. A task replaces the one the worker is running and any
/// it holds, unless it is `queued`: then it waits its turn (the worker starts it the
/// moment the one before ends, without waiting for the page).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    Task {
        ticket: u64,
        /// The scenario's key, and the scenario itself unless the worker keeps it
        /// already ([`Kept`]).
        key: u64,
        scenario: Option<Box<Scenario>>,
        seed: u64,
        replication: u32,
        want: Want,
        queued: bool,
    },
    /// Stop the task under way, if any.
    Cancel,
    /// Time the engine on the reference scenario (`fideliza bench`), in a worker that
    /// is not the pool's.
    Bench { customers: u32, months: u32 },
}

/// What a worker tells the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// Months of the task simulated so far.
    Months {
        ticket: u64,
        months: u32,
    },
    Row {
        ticket: u64,
        row: Vec<f64>,
    },
    Outcomes {
        ticket: u64,
        outcomes: [f64; 4],
    },
    Failed {
        ticket: u64,
        error: RunError,
    },
    /// The engine benchmark's time, measured in the worker.
    Bench {
        ok: bool,
        seconds: f64,
    },
}

/// What the pool tells the page (the run's messages become the reducer's actions).
#[derive(Clone, Debug)]
pub enum Event {
    RunStarted {
        revision: u64,
        progress: Progress,
    },
    RunProgress {
        revision: u64,
        progress: Progress,
    },
    RunResults {
        revision: u64,
        progress: Progress,
        comparison: Comparison,
    },
    RunFailed {
        revision: u64,
        error: RunError,
    },
    StudyProgress {
        id: u64,
        progress: Progress,
    },
    /// Every outcome of every variant: `outcomes[variant][replication]`.
    StudyDone {
        id: u64,
        outcomes: Vec<Vec<[f64; 4]>>,
    },
    StudyFailed {
        id: u64,
        error: RunError,
    },
    /// Sent by the page's workers (`ui::pool`), not the pool: no worker has answered
    /// [`SILENT_AFTER_MS`] after the first request, so their files did not load.
    WorkersSilent,
    /// A worker answered after [`Event::WorkersSilent`] was sent.
    WorkersAnswered,
}

/// How long the page waits for a first answer from its workers before saying that the
/// simulation has not started. A worker answers within about a second of its wasm
/// arriving (about 100 KB gzipped, a few seconds on a slow classroom connection).
pub const SILENT_AFTER_MS: u32 = 15_000;

/// Messages to send and events to report after a call to the pool.
#[derive(Debug, Default)]
pub struct Step {
    /// (worker, request)
    pub send: Vec<(usize, Request)>,
    pub events: Vec<Event>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Job {
    Run,
    Study,
}

/// A task handed to a worker.
#[derive(Clone, Copy, Debug)]
struct Task {
    ticket: u64,
    job: Job,
    /// Scenario of the run, or variant of the study.
    scenario: usize,
    replication: u32,
    /// Months the worker said it has simulated.
    months: u32,
}

struct RunJob {
    revision: u64,
    batch: MonteCarlo,
    seed: u64,
    queue: VecDeque<(usize, u32)>,
    /// Months of the tasks whose rows are in.
    months_in: u64,
    months_total: u64,
    started: f64,
    last_progress: f64,
    last_results: f64,
    /// Time the last summary took (the next one waits at least eight times as long, so
    /// the page stays responsive with large batches).
    summary_ms: f64,
    /// Tasks that may run at once (memory: [`CUSTOMERS_IN_FLIGHT`]).
    parallel: usize,
    /// Key of the first scenario ([`Kept`]).
    first_key: u64,
}

struct StudyJob {
    id: u64,
    variants: Vec<Scenario>,
    seed: u64,
    queue: VecDeque<(usize, u32)>,
    outcomes: Vec<Vec<Option<[f64; 4]>>>,
    months_in: u64,
    months_total: u64,
    started: f64,
    last_progress: f64,
    parallel: usize,
    first_key: u64,
}

/// Workers allowed at once for tasks of these scenarios.
fn parallel_for(scenarios: &[Scenario], workers: usize) -> usize {
    let largest = scenarios
        .iter()
        .map(|s| u64::from(s.customers))
        .max()
        .unwrap_or(1)
        .max(1);
    ((CUSTOMERS_IN_FLIGHT / largest) as usize).clamp(1, workers.max(1))
}

/// The page's side of the worker pool.
pub struct Pool {
    /// Per worker: the task it runs first, then the one it holds next.
    slots: Vec<Vec<Task>>,
    /// Per worker: the keys of the scenarios it keeps.
    kept: Vec<Kept<()>>,
    next_ticket: u64,
    /// The first key of the next job's scenarios (a job's scenario i is `first_key + i`).
    next_key: u64,
    run: Option<RunJob>,
    study: Option<StudyJob>,
    clock: Box<dyn Fn() -> f64>,
}

impl Pool {
    /// A pool of `workers` (1 to [`MAX_WORKERS`]) with a clock in milliseconds.
    pub fn new(workers: usize, clock: Box<dyn Fn() -> f64>) -> Self {
        Self {
            slots: vec![Vec::new(); workers.clamp(1, MAX_WORKERS)],
            kept: (0..workers.clamp(1, MAX_WORKERS))
                .map(|_| Kept::default())
                .collect(),
            next_ticket: 1,
            next_key: 1,
            run: None,
            study: None,
            clock,
        }
    }

    /// Starts a workbench run, replacing any run under way. Reports it started at once.
    pub fn start_run(
        &mut self,
        revision: u64,
        scenarios: &[Scenario],
        seed: u64,
        replications: u32,
    ) -> Step {
        let mut step = Step::default();
        self.drop_run(&mut step);
        let batch = match MonteCarlo::new(scenarios, seed, replications) {
            Ok(batch) => batch,
            Err(error) => {
                step.events.push(Event::RunFailed { revision, error });
                self.fill(&mut step);
                return step;
            }
        };
        let (_, total) = batch.progress();
        let queue = (0..total)
            .flat_map(|r| (0..scenarios.len()).map(move |k| (k, r)))
            .collect();
        let now = (self.clock)();
        let months_total = batch.months().total;
        self.run = Some(RunJob {
            revision,
            batch,
            seed,
            queue,
            months_in: 0,
            months_total,
            started: now,
            last_progress: now,
            last_results: f64::NEG_INFINITY,
            summary_ms: 0.0,
            parallel: parallel_for(scenarios, self.slots.len()),
            first_key: self.next_key,
        });
        self.next_key += scenarios.len() as u64;
        // The run goes first: take back the workers a study holds.
        for w in 0..self.slots.len() {
            if self.slots[w].iter().any(|t| t.job == Job::Study) {
                self.clear_slot(w, &mut step);
            }
        }
        step.events.push(Event::RunStarted {
            revision,
            progress: self.run_progress(now),
        });
        self.fill(&mut step);
        step
    }

    /// Stops the run under way (its workers go on with the study, if any).
    pub fn cancel_run(&mut self) -> Step {
        let mut step = Step::default();
        self.drop_run(&mut step);
        self.fill(&mut step);
        step
    }

    /// Starts a study: every variant, `replications` times, with the same seeds
    /// (common random numbers across variants). Replaces any study under way.
    pub fn start_study(
        &mut self,
        id: u64,
        variants: Vec<Scenario>,
        seed: u64,
        replications: u32,
    ) -> Step {
        let mut step = self.cancel_study();
        let replications = replications.max(1);
        if let Some(error) = variants.iter().find_map(|s| crate::sim::validate(s).err()) {
            step.events.push(Event::StudyFailed {
                id,
                error: RunError::Invalid(error),
            });
            return step;
        }
        let now = (self.clock)();
        let months_total = variants
            .iter()
            .map(|s| u64::from(s.horizon_months) * u64::from(replications))
            .sum();
        let first_key = self.next_key;
        self.next_key += variants.len() as u64;
        self.study = Some(StudyJob {
            id,
            queue: (0..replications)
                .flat_map(|r| (0..variants.len()).map(move |v| (v, r)))
                .collect(),
            outcomes: vec![vec![None; replications as usize]; variants.len()],
            parallel: parallel_for(&variants, self.slots.len()),
            first_key,
            variants,
            seed,
            months_in: 0,
            months_total,
            started: now,
            last_progress: now,
        });
        if let Some(progress) = self.study_progress(now) {
            step.events.push(Event::StudyProgress { id, progress });
        }
        self.fill(&mut step);
        step
    }

    /// Stops the study under way.
    pub fn cancel_study(&mut self) -> Step {
        let mut step = Step::default();
        self.study = None;
        for w in 0..self.slots.len() {
            if self.slots[w].iter().any(|t| t.job == Job::Study) {
                self.clear_slot(w, &mut step);
            }
        }
        self.fill(&mut step);
        step
    }

    /// A worker's answer.
    pub fn on_reply(&mut self, worker: usize, reply: Reply) -> Step {
        let mut step = Step::default();
        let ticket = match &reply {
            Reply::Months { ticket, .. }
            | Reply::Row { ticket, .. }
            | Reply::Outcomes { ticket, .. }
            | Reply::Failed { ticket, .. } => *ticket,
            Reply::Bench { .. } => return step,
        };
        // Answers come about the task a worker runs: the first it holds.
        let Some(task) = self
            .slots
            .get(worker)
            .and_then(|s| s.first())
            .copied()
            .filter(|t| t.ticket == ticket)
        else {
            return step;
        };
        let now = (self.clock)();
        match reply {
            Reply::Months { months, .. } => {
                if let Some(t) = self.slots[worker].first_mut() {
                    t.months = months;
                }
                self.report_progress(task.job, now, &mut step);
            }
            Reply::Row { row, .. } => {
                self.slots[worker].remove(0);
                self.take_row(task, row, now, &mut step);
            }
            Reply::Outcomes { outcomes, .. } => {
                self.slots[worker].remove(0);
                self.take_outcomes(task, outcomes, &mut step);
            }
            Reply::Bench { .. } => {}
            Reply::Failed { error, .. } => {
                self.slots[worker].remove(0);
                match task.job {
                    Job::Run => {
                        if let Some(run) = &self.run {
                            step.events.push(Event::RunFailed {
                                revision: run.revision,
                                error,
                            });
                        }
                        self.drop_run(&mut step);
                    }
                    Job::Study => {
                        if let Some(study) = &self.study {
                            step.events.push(Event::StudyFailed {
                                id: study.id,
                                error,
                            });
                        }
                        step.send.extend(self.cancel_study().send);
                    }
                }
            }
        }
        self.fill(&mut step);
        step
    }

    fn take_row(&mut self, task: Task, row: Vec<f64>, now: f64, step: &mut Step) {
        let Some(run) = self.run.as_mut() else {
            return;
        };
        if task.job != Job::Run {
            return;
        }
        run.months_in += u64::from(
            run.batch
                .scenarios()
                .get(task.scenario)
                .map_or(0, |s| s.horizon_months),
        );
        let folded = run.batch.add_row(task.replication, task.scenario, row);
        let (done, total) = run.batch.progress();
        let due = run.last_results + RESULTS_EVERY_MS.max(8.0 * run.summary_ms);
        // Partial results while the run goes on: the first replications at once, then
        // every RESULTS_EVERY_MS, but not when the last results are due sooner than
        // twice that (each summary and redraw takes the page's thread from the workers).
        let partial = done < total && done != folded;
        if folded == 0 || (partial && now < due) {
            self.report_progress(Job::Run, now, step);
            return;
        }
        let ending = self
            .run_progress(now)
            .remaining_ms()
            .is_some_and(|ms| (ms as f64) < 2.0 * RESULTS_EVERY_MS);
        if partial && ending {
            self.report_progress(Job::Run, now, step);
            return;
        }
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let before = (self.clock)();
        let comparison = run.batch.summary();
        let after = (self.clock)();
        let revision = run.revision;
        let progress = self.run_progress(after);
        if let Some(run) = self.run.as_mut() {
            run.summary_ms = after - before;
            run.last_results = after;
            run.last_progress = after;
        }
        step.events.push(Event::RunResults {
            revision,
            progress,
            comparison,
        });
        if done >= total {
            self.run = None;
        }
    }

    fn take_outcomes(&mut self, task: Task, outcomes: [f64; 4], step: &mut Step) {
        let Some(study) = self.study.as_mut() else {
            return;
        };
        if task.job != Job::Study {
            return;
        }
        let Some(slot) = study
            .outcomes
            .get_mut(task.scenario)
            .and_then(|v| v.get_mut(task.replication as usize))
        else {
            return;
        };
        if slot.is_none() {
            *slot = Some(outcomes);
            study.months_in += u64::from(study.variants[task.scenario].horizon_months);
        }
        if study.outcomes.iter().flatten().all(Option::is_some) {
            let id = study.id;
            let outcomes = std::mem::take(&mut study.outcomes)
                .into_iter()
                .map(|v| v.into_iter().flatten().collect())
                .collect();
            self.study = None;
            step.events.push(Event::StudyDone { id, outcomes });
        } else {
            let now = (self.clock)();
            self.report_progress(Job::Study, now, step);
        }
    }

    fn report_progress(&mut self, job: Job, now: f64, step: &mut Step) {
        match job {
            Job::Run => {
                let Some(run) = self.run.as_ref() else {
                    return;
                };
                if now - run.last_progress < PROGRESS_EVERY_MS {
                    return;
                }
                let revision = run.revision;
                let progress = self.run_progress(now);
                if let Some(run) = self.run.as_mut() {
                    run.last_progress = now;
                }
                step.events.push(Event::RunProgress { revision, progress });
            }
            Job::Study => {
                let Some(study) = self.study.as_ref() else {
                    return;
                };
                if now - study.last_progress < PROGRESS_EVERY_MS {
                    return;
                }
                let id = study.id;
                if let Some(progress) = self.study_progress(now) {
                    step.events.push(Event::StudyProgress { id, progress });
                }
                if let Some(study) = self.study.as_mut() {
                    study.last_progress = now;
                }
            }
        }
    }

    fn in_flight_months(&self, job: Job) -> u64 {
        self.slots
            .iter()
            .flatten()
            .filter(|t| t.job == job)
            .map(|t| u64::from(t.months))
            .sum()
    }

    fn run_progress(&self, now: f64) -> Progress {
        let Some(run) = self.run.as_ref() else {
            return Progress::default();
        };
        let (done, total) = run.batch.progress();
        Progress {
            done,
            total,
            months_done: (run.months_in + self.in_flight_months(Job::Run)).min(run.months_total),
            months_total: run.months_total,
            elapsed_ms: (now - run.started).max(0.0) as u64,
        }
    }

    fn study_progress(&self, now: f64) -> Option<Progress> {
        let study = self.study.as_ref()?;
        let total = study.outcomes.first().map_or(0, Vec::len) as u32;
        // Replications whose every variant is in.
        let done = (0..total as usize)
            .take_while(|&r| study.outcomes.iter().all(|v| v[r].is_some()))
            .count() as u32;
        Some(Progress {
            done,
            total,
            months_done: (study.months_in + self.in_flight_months(Job::Study))
                .min(study.months_total),
            months_total: study.months_total,
            elapsed_ms: (now - study.started).max(0.0) as u64,
        })
    }

    fn drop_run(&mut self, step: &mut Step) {
        self.run = None;
        for w in 0..self.slots.len() {
            if self.slots[w].iter().any(|t| t.job == Job::Run) {
                self.clear_slot(w, step);
            }
        }
    }

    /// Stops worker `w` and forgets what it held: the tasks go back to the front of
    /// their job's queue, in their order (those of a job that is gone are dropped).
    fn clear_slot(&mut self, w: usize, step: &mut Step) {
        let held = std::mem::take(&mut self.slots[w]);
        if let Some(study) = self.study.as_mut() {
            for t in held.iter().rev().filter(|t| t.job == Job::Study) {
                study.queue.push_front((t.scenario, t.replication));
            }
        }
        if let Some(run) = self.run.as_mut() {
            for t in held.iter().rev().filter(|t| t.job == Job::Run) {
                run.queue.push_front((t.scenario, t.replication));
            }
        }
        if !held.is_empty() {
            step.send.push((w, Request::Cancel));
        }
    }

    /// Hands tasks to workers until each holds [`TASKS_PER_WORKER`]: the run's first,
    /// then the study's, each on at most as many workers as its populations may take
    /// at once. A worker's first task replaces whatever it ran (and a Cancel sent to it
    /// in this same step); the second waits its turn.
    fn fill(&mut self, step: &mut Step) {
        let workers_on = |job: Job, slots: &[Vec<Task>]| {
            slots
                .iter()
                .filter(|s| s.iter().any(|t| t.job == job))
                .count()
        };
        let workers = self.slots.len();
        // Round by round (every worker's first task, then every worker's second...), so
        // a short queue is spread over the workers rather than heaped on the first.
        for (depth, w) in (1..=TASKS_PER_WORKER).flat_map(|d| (0..workers).map(move |w| (d, w))) {
            if self.slots[w].len() < depth {
                let mine = |job: Job| self.slots[w].iter().any(|t| t.job == job);
                let run_room = self.run.as_ref().is_some_and(|run| {
                    mine(Job::Run) || workers_on(Job::Run, &self.slots) < run.parallel
                });
                let study_room = self.study.as_ref().is_some_and(|study| {
                    mine(Job::Study) || workers_on(Job::Study, &self.slots) < study.parallel
                });
                let task = if run_room
                    && let Some(run) = self.run.as_mut()
                    && let Some((k, r)) = run.queue.pop_front()
                {
                    let key = run.first_key + k as u64;
                    let scenario = (self.kept[w].get(key).is_none())
                        .then(|| Box::new(run.batch.scenarios()[k].clone()));
                    Some((Job::Run, k, r, key, scenario, run.seed, Want::Row))
                } else if self.run.as_ref().is_none_or(|run| run.queue.is_empty())
                    && study_room
                    && let Some(study) = self.study.as_mut()
                    && let Some((v, r)) = study.queue.pop_front()
                {
                    let key = study.first_key + v as u64;
                    let scenario = (self.kept[w].get(key).is_none())
                        .then(|| Box::new(study.variants[v].clone()));
                    Some((Job::Study, v, r, key, scenario, study.seed, Want::Outcomes))
                } else {
                    None
                };
                let Some((job, scenario_index, replication, key, scenario, seed, want)) = task
                else {
                    continue;
                };
                // The worker keeps what it is sent, in the order sent: so does its list.
                if scenario.is_some() {
                    self.kept[w].keep(key, ());
                }
                let ticket = self.next_ticket;
                self.next_ticket += 1;
                let queued = !self.slots[w].is_empty();
                self.slots[w].push(Task {
                    ticket,
                    job,
                    scenario: scenario_index,
                    replication,
                    months: 0,
                });
                if !queued {
                    step.send
                        .retain(|(to, r)| !(*to == w && matches!(r, Request::Cancel)));
                }
                step.send.push((
                    w,
                    Request::Task {
                        ticket,
                        key,
                        scenario,
                        seed,
                        replication,
                        want,
                        queued,
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Flow, Piece, run_many};
    use std::cell::Cell;
    use std::rc::Rc;

    fn small(name: &str, customers: u32) -> Scenario {
        Scenario {
            name: name.into(),
            customers,
            horizon_months: 12,
            ..Scenario::default()
        }
    }

    /// A task as a worker holds it: ticket, scenario, seed, replication, answer.
    type Held = (u64, Scenario, u64, u32, Want);

    /// Pretend workers: each holds the tasks it was sent, as a worker does (a queued
    /// one waits, another replaces all), and answers about the first when told to.
    struct Workers {
        held: Vec<std::collections::VecDeque<Held>>,
        /// The scenarios each keeps, as a worker does.
        kept: Vec<Kept<Box<Scenario>>>,
        /// Scenarios sent, in all.
        scenarios_sent: usize,
    }

    impl Workers {
        fn new(n: usize) -> Self {
            Self {
                held: vec![std::collections::VecDeque::new(); n],
                kept: (0..n).map(|_| Kept::default()).collect(),
                scenarios_sent: 0,
            }
        }

        fn take(&mut self, step: &Step) {
            for (w, request) in &step.send {
                let mut request = request.clone();
                if self.kept[*w].take_from(&mut request) {
                    self.scenarios_sent += 1;
                }
                match request {
                    Request::Task {
                        ticket,
                        key,
                        seed,
                        replication,
                        want,
                        queued,
                        ..
                    } => {
                        if !queued {
                            self.held[*w].clear();
                        }
                        let kept = self.kept[*w].get(key);
                        self.held[*w].push_back((
                            ticket,
                            (**kept.expect("the pool sends a scenario the worker lacks")).clone(),
                            seed,
                            replication,
                            want,
                        ));
                    }
                    Request::Cancel | Request::Bench { .. } => self.held[*w].clear(),
                }
            }
        }

        fn busy(&self, w: usize) -> bool {
            !self.held[w].is_empty()
        }

        fn answer(&mut self, w: usize) -> Option<Reply> {
            let (ticket, s, seed, r, want) = self.held[w].pop_front()?;
            let mut piece = Piece::new(&s, seed, r).unwrap();
            while piece.step() {}
            Some(match want {
                Want::Row => Reply::Row {
                    ticket,
                    row: piece.row(),
                },
                Want::Outcomes => Reply::Outcomes {
                    ticket,
                    outcomes: piece.outcomes(),
                },
            })
        }
    }

    fn clock() -> (Rc<Cell<f64>>, Box<dyn Fn() -> f64>) {
        let t = Rc::new(Cell::new(0.0));
        let c = t.clone();
        (t, Box::new(move || c.get()))
    }

    /// Runs a batch on `workers` pretend workers that answer in an order set by
    /// `order` (a little generator), and returns the final comparison.
    fn pooled(workers: usize, scenarios: &[Scenario], mut order: u64) -> (Comparison, usize) {
        let (_, clock) = clock();
        let mut pool = Pool::new(workers, clock);
        let mut crew = Workers::new(workers);
        let first = pool.start_run(9, scenarios, 42, 5);
        assert!(matches!(
            first.events[0],
            Event::RunStarted { revision: 9, .. }
        ));
        crew.take(&first);
        let mut results = 0;
        for _ in 0..1000 {
            let busy: Vec<usize> = (0..workers).filter(|&w| crew.busy(w)).collect();
            if busy.is_empty() {
                break;
            }
            order = order
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let w = busy[(order >> 33) as usize % busy.len()];
            let reply = crew.answer(w).unwrap();
            let step = pool.on_reply(w, reply);
            crew.take(&step);
            for e in step.events {
                if let Event::RunResults {
                    comparison,
                    progress,
                    ..
                } = e
                {
                    results += 1;
                    if progress.done == progress.total {
                        return (comparison, results);
                    }
                }
            }
        }
        panic!("the run never finished");
    }

    #[test]
    fn any_number_of_workers_answering_in_any_order_gives_the_same_bits() {
        let a = small("A", 400);
        let mut b = small("B", 500);
        b.contract.term_months = 12;
        let scenarios = [a, b];
        let alone = run_many(&scenarios, 42, 5, &mut |_| Flow::Continue).unwrap();
        for (workers, order) in [(1, 1), (3, 7), (3, 99), (8, 5)] {
            let (pooled, results) = pooled(workers, &scenarios, order);
            assert_eq!(
                format!("{alone:?}"),
                format!("{pooled:?}"),
                "{workers} workers, order {order}"
            );
            // The first replication is shown at once, then the clock (stopped here)
            // holds back intermediate summaries until the last.
            assert_eq!(results, 2, "{workers} workers");
        }
    }

    #[test]
    fn a_new_run_replaces_the_old_and_late_answers_are_dropped() {
        let (_, clock) = clock();
        let mut pool = Pool::new(2, clock);
        let mut crew = Workers::new(2);
        let old = [small("old", 300)];
        let step = pool.start_run(1, &old, 1, 3);
        crew.take(&step);
        let late = crew.answer(0).unwrap();
        let new = [small("new", 350)];
        let step = pool.start_run(2, &new, 1, 3);
        // Both workers get a task of the new run (replacing the old one's), and the
        // three replications are all handed out, the third to wait its turn.
        assert!(
            step.send
                .iter()
                .all(|(_, r)| matches!(r, Request::Task { .. }))
        );
        let fresh: Vec<usize> = step
            .send
            .iter()
            .filter(|(_, r)| matches!(r, Request::Task { queued: false, .. }))
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(fresh, vec![0, 1]);
        assert_eq!(step.send.len(), 3);
        crew.take(&step);
        let dropped = pool.on_reply(0, late);
        assert!(dropped.events.is_empty() && dropped.send.is_empty());
        // Cancel stops both workers and nothing more is reported.
        let step = pool.cancel_run();
        assert_eq!(step.send.len(), 2);
        assert!(step.send.iter().all(|(_, r)| matches!(r, Request::Cancel)));
        crew.take(&step);
        assert!((0..2).all(|w| !crew.busy(w)));
    }

    #[test]
    fn a_scenario_goes_to_each_worker_once_and_what_was_forgotten_is_sent_again() {
        // A run of 2 scenarios x 12 replications on 3 workers: each worker gets each
        // scenario once (6 scenarios sent, not 24), and the numbers are the batch's.
        let scenarios = [small("A", 200), small("B", 250)];
        let (_, first_clock) = clock();
        let mut pool = Pool::new(3, first_clock);
        let mut crew = Workers::new(3);
        crew.take(&pool.start_run(1, &scenarios, 8, 12));
        let mut last = None;
        while let Some(w) = (0..3).find(|&w| crew.busy(w)) {
            let step = pool.on_reply(w, crew.answer(w).unwrap());
            crew.take(&step);
            for e in step.events {
                if let Event::RunResults { comparison, .. } = e {
                    last = Some(comparison);
                }
            }
        }
        assert!(
            crew.scenarios_sent <= 6,
            "{} scenarios sent",
            crew.scenarios_sent
        );
        let mut batch = MonteCarlo::new(&scenarios, 8, 12).unwrap();
        while batch.step(&mut |_| Flow::Continue).unwrap() {}
        assert_eq!(last.unwrap(), batch.summary());

        // A study of more variants than a worker keeps, on one worker: the forgotten
        // ones are sent again, and every outcome is the variant's own.
        let variants: Vec<Scenario> = (0..SCENARIOS_KEPT as u32 + 5)
            .map(|i| small(&format!("v{i}"), 100 + 10 * i))
            .collect();
        let (_, clock) = clock();
        let mut pool = Pool::new(1, clock);
        let mut crew = Workers::new(1);
        crew.take(&pool.start_study(2, variants.clone(), 4, 2));
        let mut done = None;
        while crew.busy(0) {
            let step = pool.on_reply(0, crew.answer(0).unwrap());
            crew.take(&step);
            for e in step.events {
                match e {
                    Event::StudyDone { outcomes, .. } => done = Some(outcomes),
                    Event::StudyFailed { error, .. } => panic!("{error}"),
                    _ => {}
                }
            }
        }
        let outcomes = done.expect("the study finished");
        for (v, s) in variants.iter().enumerate() {
            for r in 0..2 {
                let mut p = Piece::new(s, 4, r).unwrap();
                while p.step() {}
                assert_eq!(outcomes[v][r as usize], p.outcomes());
            }
        }
        assert!(
            crew.scenarios_sent > variants.len(),
            "{}",
            crew.scenarios_sent
        );
    }

    #[test]
    fn a_run_takes_the_workers_from_a_study_which_then_resumes_and_finishes() {
        let (_, clock) = clock();
        let mut pool = Pool::new(2, clock);
        let mut crew = Workers::new(2);
        let variants = vec![small("low", 300), small("high", 600)];
        let step = pool.start_study(5, variants.clone(), 3, 2);
        crew.take(&step);
        // Four tasks, two per worker (one running, one waiting).
        assert_eq!(crew.held.iter().flatten().count(), 4);
        let step = pool.start_run(1, &[small("run", 200)], 1, 1);
        crew.take(&step);
        // One task in the run: a worker runs it first, the study goes on around it.
        let first: Vec<Want> = crew
            .held
            .iter()
            .filter_map(|h| h.front())
            .map(|h| h.4)
            .collect();
        assert!(
            first.contains(&Want::Row) && first.contains(&Want::Outcomes),
            "{first:?}"
        );
        let mut done = None;
        for _ in 0..50 {
            let Some(w) = (0..2).find(|&w| crew.busy(w)) else {
                break;
            };
            let reply = crew.answer(w).unwrap();
            let step = pool.on_reply(w, reply);
            crew.take(&step);
            for e in step.events {
                if let Event::StudyDone { id, outcomes } = e {
                    done = Some((id, outcomes));
                }
            }
        }
        let (id, outcomes) = done.expect("the study finished");
        assert_eq!(id, 5);
        // Each outcome is the variant's own run at that replication's seed.
        for (v, s) in variants.iter().enumerate() {
            for r in 0..2 {
                let mut p = Piece::new(s, 3, r).unwrap();
                while p.step() {}
                assert_eq!(outcomes[v][r as usize], p.outcomes());
            }
        }
    }

    #[test]
    fn huge_populations_run_on_fewer_workers_at_once() {
        let (_, clock) = clock();
        let mut pool = Pool::new(8, clock);
        let big = Scenario {
            customers: 1_000_000,
            horizon_months: 1,
            ..Scenario::default()
        };
        let step = pool.start_run(1, &[big], 1, 20);
        let workers: std::collections::BTreeSet<usize> = step
            .send
            .iter()
            .filter(|(_, r)| matches!(r, Request::Task { .. }))
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(workers.len(), 4);
    }

    #[test]
    fn progress_counts_months_in_flight_and_the_time_spent() {
        let (t, clock) = clock();
        let mut pool = Pool::new(1, clock);
        let step = pool.start_run(3, &[small("A", 200)], 1, 2);
        let Request::Task { ticket, .. } = &step.send[0].1 else {
            panic!("a task")
        };
        t.set(600.0);
        let step = pool.on_reply(
            0,
            Reply::Months {
                ticket: *ticket,
                months: 6,
            },
        );
        let Event::RunProgress { progress, .. } = &step.events[0] else {
            panic!("{:?}", step.events)
        };
        assert_eq!((progress.months_done, progress.months_total), (6, 24));
        assert_eq!(progress.elapsed_ms, 600);
        assert_eq!(progress.remaining_ms(), Some(1_800));
    }

    /// When partial results come out of a run of `replications` on one pretend worker
    /// that takes 100 ms per replication (the clock's times of every `RunResults`).
    fn results_times(replications: u32) -> Vec<f64> {
        let (t, clock) = clock();
        let mut pool = Pool::new(1, clock);
        let mut crew = Workers::new(1);
        crew.take(&pool.start_run(1, &[small("A", 50)], 3, replications));
        let mut times = Vec::new();
        while crew.busy(0) {
            t.set(t.get() + 100.0);
            let reply = crew.answer(0).unwrap();
            let step = pool.on_reply(0, reply);
            crew.take(&step);
            for e in &step.events {
                if matches!(e, Event::RunResults { .. }) {
                    times.push(t.get());
                }
            }
        }
        times
    }

    #[test]
    fn partial_results_come_every_600_ms_but_not_when_the_end_is_near() {
        // 2 s: the first replication at once, one more at 700 ms; at 1300 ms the end is
        // 700 ms away (under 2 x 600 ms), so the next results are the last.
        assert_eq!(results_times(20), vec![100.0, 700.0, 2000.0]);
        // 6 s: every 600 ms while more than 1.2 s remain.
        assert_eq!(
            results_times(60),
            vec![
                100.0, 700.0, 1300.0, 1900.0, 2500.0, 3100.0, 3700.0, 4300.0, 6000.0
            ]
        );
    }
}
