//! fideliza command line: run scenarios, list presets, benchmark the engine.
//!
//! ```text
//! fideliza run SCENARIO.json [--seed S] [--replications R] [--format csv|json]
//! fideliza presets
//! fideliza preset NAME
//! fideliza bench [--customers N] [--months M] [--scaling yes|no]
//! ```
//! A SCENARIO.json may also be the app's exported work: its seed and replications are
//! then the defaults of `run`.
//! Exit codes: 0 ok, 1 runtime failure, 2 bad input, 141 when the reader of the output
//! went away (`fideliza run ... | head`): the rest is not written and nothing is said.
//!
//! Input is bounded: a scenario file of at most [`cli::MAX_INPUT`] bytes (a UTF-8
//! byte-order mark is accepted) holding at most [`cli::MAX_FILE_SCENARIOS`] scenarios.
//! CSV text cells that a spreadsheet would run as a formula are written with a leading
//! apostrophe.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::main(&args));
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use fideliza::sim::{
        self, Band, Comparison, DecodeError, Flow, Moments, Paired, RunResult, Scenario,
        SegmentSeries, Series, memory_footprint, presets,
    };
    use std::fmt::Write as _;
    use std::io::{Read as _, Write as _};
    use std::time::Instant;

    /// Largest scenario file read (the app's own limit for files and links).
    pub const MAX_INPUT: u64 = fideliza::app::share::MAX_TEXT as u64;
    /// Most scenarios in one file.
    pub const MAX_FILE_SCENARIOS: usize = 16;
    /// Problems listed one by one before the rest are counted.
    const PROBLEMS_LISTED: usize = 20;
    /// Exit code when stdout's reader has gone (as a shell reports SIGPIPE).
    const BROKEN_PIPE: i32 = 141;

    const USAGE: &str = "usage:
  fideliza run SCENARIO.json [--seed S] [--replications R] [--format csv|json] [--threads N]
  fideliza sweep SCENARIO.json --lever PATH --values V1,V2,... [--lever2 PATH --values2 ...]
                 [--seed S] [--replications R] [--threads N]
  fideliza tornado SCENARIO.json [--scenario N] [--outcome margin|customers|share|value]
                 [--seed S] [--replications R] [--threads N] [--lang en|es]
  fideliza presets
  fideliza preset NAME
  fideliza bench [--customers N] [--months M] [--scaling yes|no]
  fideliza fit TABLE.csv [--months-per-period K] [--periods N] [--lang en|es]";

    pub fn main(args: &[String]) -> i32 {
        let result = match args.first().map(String::as_str) {
            Some("run") => run(&args[1..]),
            Some("presets") => {
                let mut out = String::new();
                for p in presets() {
                    let _ = writeln!(out, "{:<28} {:?}: {}", p.id, p.essay, p.title);
                }
                emit(&out)
            }
            Some("preset") => match args.get(1).and_then(|id| sim::preset(id)) {
                Some(p) if p.scenarios.len() == 1 => print_json(&p.scenarios[0]),
                Some(p) => print_json(&p.scenarios),
                None => Err(bad(format!(
                    "unknown preset {:?}; `fideliza presets` lists them",
                    args.get(1).map(String::as_str).unwrap_or("")
                ))),
            },
            Some("bench") => bench(&args[1..]),
            Some("fit") => fit(&args[1..]),
            Some("sweep") => sweep(&args[1..]),
            Some("tornado") => tornado(&args[1..]),
            Some("-h" | "--help" | "help") => emit(&format!("{USAGE}\n")),
            _ => Err(bad(USAGE.to_string())),
        };
        match result {
            Ok(()) => 0,
            Err((code, message)) => {
                if !message.is_empty() {
                    eprintln!("{message}");
                }
                code
            }
        }
    }

    /// Writes `text` to stdout. A reader that went away (`| head`) ends the program
    /// quietly rather than with a panic about a broken pipe.
    fn emit(text: &str) -> CliResult {
        let mut out = std::io::stdout().lock();
        match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                Err((BROKEN_PIPE, String::new()))
            }
            Err(e) => Err((1, format!("cannot write the output: {e}"))),
        }
    }

    /// Writes one line to stdout (see [`emit`]).
    fn say(line: &str) -> CliResult {
        emit(&format!("{line}\n"))
    }

    /// Reads a scenario file: bounded in size (`/dev/zero` or a wrong file must not
    /// hang or fill memory), UTF-8, with or without a byte-order mark.
    fn read_input(path: &str) -> Result<String, (i32, String)> {
        let file =
            std::fs::File::open(path).map_err(|e| bad(format!("cannot read {path}: {e}")))?;
        let mut bytes = Vec::new();
        file.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("cannot read {path}: {e}")))?;
        if bytes.len() as u64 > MAX_INPUT {
            return Err(bad(format!(
                "{path} is larger than {} MiB: a scenario file is a few kB, so this is not one",
                MAX_INPUT / (1024 * 1024)
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            bad(format!(
                "{path} is not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        })
    }

    /// `fideliza fit`: the sBG model fitted to each column of a cohort table, with the
    /// data beside the fitted survival and its projection, as CSV. Alpha and beta are
    /// per month when `--months-per-period` says how long a row is (12 for years), as
    /// the app's segments take them; with the default 1 they are per row.
    fn fit(args: &[String]) -> CliResult {
        use fideliza::app::cohort_table;
        use fideliza::app::i18n::Lang;
        let mut path = None;
        let mut lang = Lang::En;
        let mut periods: Option<u32> = None;
        let mut months_per_period = 1u32;
        let mut rest = args.iter();
        while let Some(a) = rest.next() {
            match a.as_str() {
                "--lang" => {
                    lang = match rest.next().map(String::as_str) {
                        Some("es") => Lang::Es,
                        Some("en") => Lang::En,
                        other => return Err(bad(format!("--lang takes en or es, not {other:?}"))),
                    }
                }
                "--periods" => {
                    periods = Some(
                        rest.next()
                            .and_then(|n| n.parse().ok())
                            .filter(|n| (1..=600).contains(n))
                            .ok_or_else(|| {
                                bad("--periods takes a whole number from 1 to 600".into())
                            })?,
                    )
                }
                "--months-per-period" => {
                    months_per_period = rest
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|n| (1..=12).contains(n))
                        .ok_or_else(|| {
                            bad("--months-per-period takes 1 (monthly data) to 12 (yearly)".into())
                        })?
                }
                p if path.is_none() && !p.starts_with("--") => path = Some(p.to_string()),
                other => return Err(bad(format!("unexpected argument {other:?}\n{USAGE}"))),
            }
        }
        let path = path.ok_or_else(|| bad(USAGE.to_string()))?;
        let text = read_input(&path)?;
        let table =
            cohort_table::parse(&text).map_err(|e| bad(format!("{path}: {}", e.message(lang))))?;
        let fits = cohort_table::fit(&table, months_per_period)
            .map_err(|e| bad(format!("{path}: {}", e.message(lang))))?;
        let mut out = String::new();
        for (name, f) in table.names.iter().zip(&fits) {
            let _ = writeln!(out, "# {name}: {}", cohort_table::describe(f, lang));
        }
        let longest = table.columns.iter().map(Vec::len).max().unwrap_or(1) as u32;
        let horizon = periods.unwrap_or((longest.saturating_sub(1)).max(12));
        out.push_str("period");
        for name in &table.names {
            let _ = write!(out, ",{name} data %,{name} fitted %");
        }
        out.push('\n');
        let curves: Vec<Vec<f64>> = fits
            .iter()
            .map(|f| {
                sim::cohort::sbg_survival(f.alpha, f.beta, horizon * months_per_period)
                    .into_iter()
                    .step_by(months_per_period as usize)
                    .collect()
            })
            .collect();
        for t in 0..=horizon as usize {
            let _ = write!(out, "{t}");
            for (column, curve) in table.columns.iter().zip(&curves) {
                let data = column
                    .get(t)
                    .map(|v| format!("{:.2}", 100.0 * v / column[0]));
                let _ = write!(out, ",{},{:.2}", data.unwrap_or_default(), 100.0 * curve[t]);
            }
            out.push('\n');
        }
        emit(&out)
    }

    /// A decoding error, with a long list of problems cut after the first
    /// [`PROBLEMS_LISTED`] and the rest counted.
    fn decode_message(e: &DecodeError) -> String {
        let DecodeError::Invalid(problems) = e else {
            return e.to_string();
        };
        let mut out = format!("the scenario has {} problem(s):", problems.len());
        for p in problems.iter().take(PROBLEMS_LISTED) {
            let _ = write!(out, "\n  {p}");
        }
        if problems.len() > PROBLEMS_LISTED {
            let _ = write!(
                out,
                "\n  ... and {} more (fix these first)",
                problems.len() - PROBLEMS_LISTED
            );
        }
        out
    }

    type CliResult = Result<(), (i32, String)>;

    fn bad(message: String) -> (i32, String) {
        (2, message)
    }

    fn print_json<T: serde::Serialize>(value: &T) -> CliResult {
        let mut text = serde_json::to_string_pretty(value).map_err(|e| (1, e.to_string()))?;
        text.push('\n');
        emit(&text)
    }

    fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, (i32, String)> {
        match args.iter().position(|a| a == name) {
            None => Ok(None),
            Some(k) => {
                let v = args
                    .get(k + 1)
                    .ok_or_else(|| bad(format!("{name} needs a value")))?;
                v.parse()
                    .map(Some)
                    .map_err(|_| bad(format!("{name}: cannot read {v:?}")))
            }
        }
    }

    fn check_flags(args: &[String], known: &[&str]) -> CliResult {
        let mut k = 0;
        while k < args.len() {
            if args[k].starts_with("--") {
                if !known.contains(&args[k].as_str()) {
                    return Err(bad(format!("unknown option {}\n{USAGE}", args[k])));
                }
                k += 2;
            } else {
                k += 1;
            }
        }
        Ok(())
    }

    fn run(args: &[String]) -> CliResult {
        check_flags(args, &["--seed", "--replications", "--format", "--threads"])?;
        let path = args
            .first()
            .filter(|a| !a.starts_with("--"))
            .ok_or_else(|| bad(format!("run needs a scenario file\n{USAGE}")))?;
        let (scenarios, from_file) = read_work(path)?;
        // A file the app exported runs as the app ran it (its seed and replications),
        // unless the flags say otherwise.
        let seed: u64 = flag(args, "--seed")?.unwrap_or(from_file.map_or(1, |(s, _)| s));
        let replications: u32 =
            flag(args, "--replications")?.unwrap_or(from_file.map_or(1, |(_, r)| r));
        let format: String = flag(args, "--format")?.unwrap_or_else(|| "csv".into());
        let threads = threads(args)?;
        if format != "csv" && format != "json" {
            return Err(bad(format!("--format must be csv or json, not {format:?}")));
        }
        if replications == 0 || replications > 10_000 {
            return Err(bad("--replications must be between 1 and 10000".into()));
        }
        if replications == 1 && scenarios.len() == 1 {
            let r = sim::run(&scenarios[0], seed, &mut |_| Flow::Continue)
                .map_err(|e| (1, e.to_string()))?;
            if format == "json" {
                return print_json(&r);
            }
            return emit(&csv_single(&r));
        }
        let c = run_parallel(&scenarios, seed, replications, threads, &mut |_, _| {})?;
        if format == "json" {
            return print_json(&c);
        }
        emit(&csv_bands(&c))
    }

    /// `--threads N` (1-256), or every core.
    fn threads(args: &[String]) -> Result<usize, (i32, String)> {
        let n: Option<usize> = flag(args, "--threads")?;
        match n {
            Some(n) if (1..=256).contains(&n) => Ok(n),
            Some(n) => Err(bad(format!("--threads must be between 1 and 256, not {n}"))),
            None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        }
    }

    /// A file's scenarios, and its `(seed, replications)` if it is the app's work.
    type WorkResult = Result<(Vec<Scenario>, Option<(u64, u32)>), (i32, String)>;

    /// Scenarios from a file holding one scenario or a list of them.
    fn read_scenarios(path: &str) -> Result<Vec<Scenario>, (i32, String)> {
        read_work(path).map(|(scenarios, _)| scenarios)
    }

    /// Scenarios from a file holding one scenario, a list of them, or the app's work
    /// (its export, whose seed and replications come with them).
    fn read_work(path: &str) -> WorkResult {
        let text = read_input(path)?;
        let is_work = serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|v| v.get("scenarios").is_some());
        if is_work {
            use fideliza::app::{i18n::Lang, share};
            let wb = share::workbench_from_json(&text)
                .map_err(|e| bad(format!("{path}: {}", e.message(Lang::En))))?;
            return Ok((wb.scenarios, Some((wb.seed, wb.replications))));
        }
        let scenarios: Vec<Scenario> =
            if text.trim_start().starts_with('[') {
                let values: Vec<serde_json::Value> =
                    serde_json::from_str(&text).map_err(|e| bad(format!("{path}: {e}")))?;
                if values.len() > MAX_FILE_SCENARIOS {
                    return Err(bad(format!(
                        "{path}: {} scenarios; at most {MAX_FILE_SCENARIOS} in one file",
                        values.len()
                    )));
                }
                let mut out = Vec::new();
                for (k, v) in values.iter().enumerate() {
                    out.push(sim::decode_scenario(&v.to_string()).map_err(|e| {
                        bad(format!("{path}, scenario {k}: {}", decode_message(&e)))
                    })?);
                }
                out
            } else {
                vec![
                    sim::decode_scenario(&text)
                        .map_err(|e| bad(format!("{path}: {}", decode_message(&e))))?,
                ]
            };
        if scenarios.is_empty() {
            return Err(bad(format!("{path}: no scenarios")));
        }
        Ok((scenarios, None))
    }

    /// Every replication of `scenarios` on `threads` threads. Replications run in
    /// parallel and are added in order, so the result is the same bits whatever the
    /// number of threads. `done(replications done, asked)` after each chunk.
    fn run_parallel(
        scenarios: &[Scenario],
        seed: u64,
        replications: u32,
        threads: usize,
        done: &mut dyn FnMut(u32, u32),
    ) -> Result<Comparison, (i32, String)> {
        use rayon::prelude::*;
        let mut batch =
            sim::MonteCarlo::new(scenarios, seed, replications).map_err(|e| (1, e.to_string()))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| (1, format!("cannot start {threads} threads: {e}")))?;
        let chunk = (threads as u32).max(1);
        let mut next = 0;
        while next < replications {
            let end = (next + chunk).min(replications);
            let rows: Vec<_> = pool
                .install(|| {
                    (next..end)
                        .into_par_iter()
                        .map(|r| batch.rows_of(r))
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(|e| (1, e.to_string()))?;
            for r in rows {
                batch.add_rows(r);
            }
            next = end;
            done(next, replications);
        }
        Ok(batch.summary())
    }

    /// Values of a `--values` list: numbers separated by commas (at most 100).
    fn values(args: &[String], name: &str) -> Result<Option<Vec<f64>>, (i32, String)> {
        let Some(list) = flag::<String>(args, name)? else {
            return Ok(None);
        };
        let values: Vec<f64> = list
            .split(',')
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(format!("{name}: {:?} is not a number", v.trim())))
            })
            .collect::<Result<_, _>>()?;
        if values.is_empty() || values.len() > 100 {
            return Err(bad(format!("{name} takes 1 to 100 values")));
        }
        Ok(Some(values))
    }

    /// `fideliza sweep`: every scenario of the file run at each point of a grid of one
    /// or two levers (set in every scenario), replications spread over the cores, one
    /// CSV row per point and scenario: customers, share and cumulative margin at the
    /// horizon, and for scenarios after the first the paired margin difference from it.
    fn sweep(args: &[String]) -> CliResult {
        use fideliza::app::levers::{Kind, Value, control_at};
        check_flags(
            args,
            &[
                "--lever",
                "--values",
                "--lever2",
                "--values2",
                "--seed",
                "--replications",
                "--threads",
            ],
        )?;
        let path = args
            .first()
            .filter(|a| !a.starts_with("--"))
            .ok_or_else(|| bad(format!("sweep needs a scenario file\n{USAGE}")))?;
        let seed: u64 = flag(args, "--seed")?.unwrap_or(1);
        let replications: u32 = flag(args, "--replications")?.unwrap_or(20);
        if replications == 0 || replications > 10_000 {
            return Err(bad("--replications must be between 1 and 10000".into()));
        }
        let threads = threads(args)?;
        let scenarios = read_scenarios(path)?;
        let mut axes = Vec::new();
        for (lever, list) in [("--lever", "--values"), ("--lever2", "--values2")] {
            match (flag::<String>(args, lever)?, values(args, list)?) {
                (Some(p), Some(v)) => {
                    let control = control_at(&p).ok_or_else(|| {
                        bad(format!(
                            "{lever}: no lever at {p:?} (paths as in docs/scenario.md, e.g. contract.term_discount or population.segments[0].share)"
                        ))
                    })?;
                    axes.push((p, control, v));
                }
                (None, None) => {}
                _ => return Err(bad(format!("{lever} and {list} go together"))),
            }
        }
        if axes.is_empty() {
            return Err(bad(format!("sweep needs --lever and --values\n{USAGE}")));
        }
        let points: Vec<Vec<f64>> = match axes.as_slice() {
            [(_, _, a)] => a.iter().map(|x| vec![*x]).collect(),
            [(_, _, a), (_, _, b)] => a
                .iter()
                .flat_map(|x| b.iter().map(move |y| vec![*x, *y]))
                .collect(),
            _ => unreachable!("one or two axes"),
        };
        let mut out = String::new();
        for (p, _, _) in &axes {
            let _ = write!(out, "{},", csv_text(p));
        }
        out.push_str(
            "scenario,customers_median,customers_p05,customers_p95,share_median,margin_median,margin_p05,margin_p95,margin_mean,margin_diff_median,margin_diff_p05,margin_diff_p95,margin_diff_mean,margin_diff_std_error,share_of_replications_above_first\n",
        );
        let total = points.len();
        for (i, point) in points.iter().enumerate() {
            let mut at_point = scenarios.clone();
            for ((p, control, _), x) in axes.iter().zip(point) {
                let value = match control.lever.kind {
                    Kind::Integer { .. } => Value::Integer(x.round() as i64),
                    Kind::Toggle => Value::Toggle(*x != 0.0),
                    _ => Value::Number(*x),
                };
                for s in &mut at_point {
                    control.set(s, value).map_err(|e| {
                        bad(format!(
                            "{p} = {x}: {}",
                            e.message(fideliza::app::i18n::Lang::En)
                        ))
                    })?;
                }
            }
            let c = run_parallel(&at_point, seed, replications, threads, &mut |done, of| {
                progress_bar(i, total, done, of)
            })?;
            for (k, s) in c.scenarios.iter().enumerate() {
                let customers = s.band(Series::ActiveCustomers, 0);
                // The value at the horizon.
                let pick = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
                let last = |b: &Band| pick(&b.median);
                let margin = s.cumulative(Series::Margin, 0);
                // The mean of a sum is the sum of the monthly means.
                let margin_mean = s
                    .moments(Series::Margin, 0)
                    .map_or(f64::NAN, |m| m.mean.iter().sum());
                let diff = c.difference(0, k).and_then(|d| {
                    Some((
                        d.cumulative(Series::Margin, 0)?,
                        d.cumulative_paired(Series::Margin, 0)?,
                    ))
                });
                for x in point {
                    let _ = write!(out, "{x},");
                }
                let cells = [
                    pick(&customers.median),
                    pick(&customers.p05),
                    pick(&customers.p95),
                    last(&s.market_share),
                    margin.map_or(f64::NAN, last),
                    margin.map_or(f64::NAN, |m| pick(&m.p05)),
                    margin.map_or(f64::NAN, |m| pick(&m.p95)),
                    margin_mean,
                    diff.map_or(f64::NAN, |(d, _)| last(d)),
                    diff.map_or(f64::NAN, |(d, _)| pick(&d.p05)),
                    diff.map_or(f64::NAN, |(d, _)| pick(&d.p95)),
                    diff.map_or(f64::NAN, |(_, p)| pick(&p.mean)),
                    diff.map_or(f64::NAN, |(_, p)| pick(&p.std_error)),
                    diff.map_or(f64::NAN, |(_, p)| pick(&p.share_above)),
                ];
                let _ = write!(out, "{}", csv_text(&s.name));
                for v in cells {
                    let _ = write!(
                        out,
                        ",{}",
                        if v.is_finite() {
                            format!("{v}")
                        } else {
                            String::new()
                        }
                    );
                }
                out.push('\n');
            }
        }
        eprintln!();
        emit(&out)
    }

    /// A progress bar on stderr: grid points and replications of the current one.
    /// Every lever of one scenario at the ends of its typical range, one at a time, with
    /// common random numbers, ranked by how far the outcome moves (`app::sensitivity`,
    /// the browser's tornado): CSV on stdout, progress on stderr.
    fn tornado(args: &[String]) -> CliResult {
        use fideliza::app::i18n::Lang;
        use fideliza::app::sensitivity::{Reading, Study, control_name, plan, value_text};
        use fideliza::sim::search::Outcome;
        use rayon::prelude::*;
        check_flags(
            args,
            &[
                "--scenario",
                "--outcome",
                "--seed",
                "--replications",
                "--threads",
                "--lang",
            ],
        )?;
        let path = args
            .first()
            .filter(|a| !a.starts_with("--"))
            .ok_or_else(|| bad(format!("tornado needs a scenario file\n{USAGE}")))?;
        let scenarios = read_scenarios(path)?;
        let k: usize = flag(args, "--scenario")?.unwrap_or(1);
        if k == 0 || k > scenarios.len() {
            return Err(bad(format!(
                "--scenario must be between 1 and {} (the file's scenarios, in order)",
                scenarios.len()
            )));
        }
        let outcome = match flag::<String>(args, "--outcome")?.as_deref() {
            None | Some("margin") => Outcome::CumulativeMargin,
            Some("customers") => Outcome::ActiveCustomers,
            Some("share") => Outcome::MarketShare,
            Some("value") => Outcome::NewCustomerValue,
            Some(other) => {
                return Err(bad(format!(
                    "--outcome {other:?}: one of margin, customers, share, value"
                )));
            }
        };
        let lang = match flag::<String>(args, "--lang")?.as_deref() {
            Some("es") => Lang::Es,
            None | Some("en") => Lang::En,
            Some(other) => return Err(bad(format!("--lang {other:?}: en or es"))),
        };
        let seed: u64 = flag(args, "--seed")?.unwrap_or(1);
        let replications: u32 = flag(args, "--replications")?.unwrap_or(4);
        if replications == 0 || replications > 1_000 {
            return Err(bad("--replications must be between 1 and 1000".into()));
        }
        let threads = threads(args)?;
        let p = plan(&Study::Tornado { scenario: k - 1 }, &scenarios)
            .map_err(|e| bad(e.message(lang).into()))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| (1, format!("cannot start {threads} threads: {e}")))?;
        // One task per (variant, replication); each variant's replications in order.
        let tasks: Vec<(usize, u32)> = (0..p.variants.len())
            .flat_map(|v| (0..replications).map(move |r| (v, r)))
            .collect();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = tasks.len();
        let results: Vec<[f64; 4]> = pool
            .install(|| {
                tasks
                    .par_iter()
                    .map(|&(v, r)| {
                        let mut piece = sim::Piece::new(&p.variants[v], seed, r)?;
                        while piece.step() {}
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if n % 16 == 0 || n == total {
                            let filled = n * 30 / total.max(1);
                            eprint!(
                                "\r[{}{}] run {n}/{total} ",
                                "#".repeat(filled),
                                ".".repeat(30 - filled.min(30))
                            );
                        }
                        Ok(piece.outcomes())
                    })
                    .collect::<Result<Vec<_>, sim::RunError>>()
            })
            .map_err(|e| (1, e.to_string()))?;
        eprintln!();
        let outcomes: Vec<Vec<[f64; 4]>> = results
            .chunks(replications as usize)
            .map(<[[f64; 4]]>::to_vec)
            .collect();
        let Reading::Tornado(t) = p.read(&outcomes, outcome) else {
            unreachable!("a tornado plan reads as a tornado")
        };
        let s = &scenarios[k - 1];
        let mut out =
            String::from("rank,lever,path,low,high,outcome_at_low,outcome_at_high,swing\n");
        let _ = writeln!(
            out,
            "0,{},,,,{},{},0",
            csv_text(&format!(
                "({})",
                match lang {
                    Lang::Es => "tal como está",
                    Lang::En => "as it is",
                }
            )),
            t.base,
            t.base
        );
        for (i, w) in t.swings.iter().enumerate() {
            let c = w.ends.control;
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                i + 1,
                csv_text(&control_name(c, s, lang)),
                csv_text(&c.path()),
                csv_text(&value_text(c, w.ends.low, lang)),
                csv_text(&value_text(c, w.ends.high, lang)),
                w.at_low,
                w.at_high,
                w.width()
            );
        }
        emit(&out)
    }

    fn progress_bar(point: usize, points: usize, done: u32, of: u32) {
        let fraction = (point as f64 + f64::from(done) / f64::from(of.max(1))) / points as f64;
        let filled = (fraction * 30.0).round() as usize;
        eprint!(
            "\r[{}{}] point {}/{points}, replication {done}/{of} ",
            "#".repeat(filled),
            ".".repeat(30 - filled.min(30)),
            point + 1
        );
    }

    fn csv_single(r: &RunResult) -> String {
        let mut out = String::from("month,firm,series,value\n");
        for (f, name) in r.firms.iter().enumerate() {
            for &s in Series::all() {
                for (t, v) in r.series(s, f).iter().enumerate() {
                    let _ = writeln!(out, "{t},{},{},{v}", csv_text(name), s.key());
                }
            }
        }
        for (t, v) in r.outside.iter().enumerate() {
            let _ = writeln!(out, "{t},outside,active_customers,{v}");
        }
        // The focal firm per customer segment, as "firm · segment".
        for (g, segment) in r.segments.iter().enumerate() {
            let label = csv_text(&format!("{} · {segment}", r.firms[0]));
            for k in SegmentSeries::ALL {
                for (t, v) in r.segment_series(k, g).iter().enumerate() {
                    let _ = writeln!(out, "{t},{label},{},{v}", k.key());
                }
            }
        }
        out
    }

    /// Bands (percentiles, possibly from a subsample: see `banded_replications` in the
    /// JSON), then the mean and standard error over every replication; difference rows
    /// add the shares of replications above and below scenario A.
    fn csv_bands(c: &Comparison) -> String {
        let mut out = String::from(
            "scenario,month,firm,series,median,p05,p95,mean,std_error,share_above,share_below\n",
        );
        let mut rows = |scenario: &str,
                        firm: &str,
                        key: &str,
                        b: &Band,
                        m: Option<&Moments>,
                        p: Option<&Paired>| {
            let at = |v: Option<&Vec<f64>>, t: usize| {
                v.and_then(|v| v.get(t))
                    .map(f64::to_string)
                    .unwrap_or_default()
            };
            for t in 0..b.median.len() {
                let mean = m.map(|m| &m.mean).or(p.map(|p| &p.mean));
                let se = m.map(|m| &m.std_error).or(p.map(|p| &p.std_error));
                let _ = writeln!(
                    out,
                    "{},{t},{},{key},{},{},{},{},{},{},{}",
                    csv_text(scenario),
                    csv_text(firm),
                    b.median[t],
                    b.p05[t],
                    b.p95[t],
                    at(mean, t),
                    at(se, t),
                    at(p.map(|p| &p.share_above), t),
                    at(p.map(|p| &p.share_below), t),
                );
            }
        };
        for s in &c.scenarios {
            for (f, name) in s.firms.iter().enumerate() {
                for &series in Series::all() {
                    rows(
                        &s.name,
                        name,
                        series.key(),
                        s.band(series, f),
                        s.moments(series, f),
                        None,
                    );
                }
            }
            rows(
                &s.name,
                "outside",
                "active_customers",
                &s.outside,
                Some(&s.outside_moments),
                None,
            );
            // The focal firm per customer segment, as "firm · segment".
            for (g, segment) in s.segments.iter().enumerate() {
                let label = format!("{} · {segment}", s.firms[0]);
                for k in SegmentSeries::ALL {
                    if let Some(b) = s.segment_band(k, g) {
                        rows(&s.name, &label, k.key(), b, None, None);
                    }
                }
            }
        }
        for d in c.differences.iter().filter(|d| d.baseline == 0) {
            let label = format!(
                "{} minus {}",
                c.scenarios[d.scenario].name, c.scenarios[0].name
            );
            for f in 0..d.firms {
                for &series in Series::all() {
                    rows(
                        &label,
                        &c.scenarios[0].firms[f],
                        series.key(),
                        d.band(series, f),
                        None,
                        d.paired(series, f),
                    );
                }
            }
        }
        out
    }

    /// A CSV text cell. Text a spreadsheet would run as a formula (starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return) gets a leading apostrophe, which
    /// spreadsheets show as text; commas, quotes and line breaks are quoted.
    fn csv_text(s: &str) -> String {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }

    /// Runs of each measurement; the bench reports their median (one run moves by
    /// several percent with whatever else the machine is doing, and the issue's targets
    /// sit close to that).
    const RUNS: usize = 5;

    /// The median of the seconds [`RUNS`] calls of `run` say they took, with what the
    /// last one returned.
    fn median_time<T, E>(mut run: impl FnMut() -> Result<(f64, T), E>) -> Result<(f64, T), E> {
        let mut times = Vec::with_capacity(RUNS);
        let mut last = None;
        for _ in 0..RUNS {
            let (secs, out) = run()?;
            times.push(secs);
            last = Some(out);
        }
        times.sort_by(f64::total_cmp);
        let out = last.expect("RUNS is not zero");
        Ok((times[times.len() / 2], out))
    }

    /// The processor's name (Linux) and the logical cores this process may use.
    fn machine() -> String {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("model name")?.split(':').nth(1))
                    .map(|m| m.trim().to_string())
            })
            .unwrap_or_else(|| "processor not known".into());
        format!("{cpu}, {cores} logical cores")
    }

    /// Customer-months per second on the reference scenario (every policy on, word of
    /// mouth on), single thread, plus scaling. Times include building the population.
    fn bench(args: &[String]) -> CliResult {
        check_flags(args, &["--customers", "--months", "--scaling"])?;
        let customers: u32 = flag(args, "--customers")?.unwrap_or(100_000);
        let months: u32 = flag(args, "--months")?.unwrap_or(120);
        let scaling: String = flag(args, "--scaling")?.unwrap_or_else(|| "yes".into());
        if scaling != "yes" && scaling != "no" {
            return Err(bad(format!("--scaling takes yes or no\n{USAGE}")));
        }
        let reference = |n: u32| {
            let mut s = sim::reference_digest_scenario();
            s.name = "Benchmark".into();
            s.customers = n;
            s.horizon_months = months;
            s
        };
        let measure = |s: &Scenario| -> Result<(f64, u64), (i32, String)> {
            median_time(|| {
                let start = Instant::now();
                let r = sim::run(s, 7, &mut |_| Flow::Continue).map_err(|e| bad(e.to_string()))?;
                Ok((start.elapsed().as_secs_f64(), r.digest()))
            })
        };
        say("fideliza bench: every policy on, word of mouth on, single thread, median of 5 runs")?;
        // Numbers from two machines of the same kind differed by 40% (the same commit,
        // a day apart): the machine is part of the result.
        say(&format!("machine: {}", machine()))?;
        let s = reference(customers);
        if let Err(problems) = sim::validate(&s) {
            let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(bad(lines.join("\n")));
        }
        let (per_customer, network) = memory_footprint(&s, 7);
        let (secs, digest) = measure(&s)?;
        let cm = f64::from(customers) * f64::from(months);
        say(&format!(
            "reference: {customers} customers x {months} months in {secs:.3} s = {:.1} M customer-months/s (digest {digest:#018x})",
            cm / secs / 1e6
        ))?;
        say(&format!(
            "memory: {per_customer} bytes per customer + contact network {:.1} bytes per customer",
            network as f64 / f64::from(customers.max(1))
        ))?;
        // The floor: the same population arrays, only the draws and a state update.
        let (floor_secs, check) = median_time(|| {
            let mut bare = sim::BareLoop::new(&s, 7).map_err(|e| bad(e.to_string()))?;
            let start = Instant::now();
            let check = bare.run();
            Ok((start.elapsed().as_secs_f64(), check))
        })?;
        let floor_ns = floor_secs * 1e9 / cm;
        let model_ns = secs * 1e9 / cm;
        say(&format!(
            "bare-loop floor: {floor_ns:.1} ns per customer-month (draws and a state update only; check {check}); the model takes {:.1}x that",
            model_ns / floor_ns
        ))?;
        if scaling == "no" {
            return Ok(());
        }
        say("scaling:")?;
        for n in [10_000u32, 100_000, 1_000_000] {
            let (secs, _) = measure(&reference(n))?;
            let cm = f64::from(n) * f64::from(months);
            say(&format!(
                "  {n:>9} customers: {secs:>8.3} s, {:>6.1} M customer-months/s, {:.1} ns per customer-month",
                cm / secs / 1e6,
                secs * 1e9 / cm
            ))?;
        }
        Ok(())
    }
}
