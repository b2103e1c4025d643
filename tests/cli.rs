//! The command-line runner under bad input and impatient readers (issue 8): bounded
//! input, a byte-order mark, formula-proof CSV, a cap on scenarios, long problem lists
//! summarised, and a reader that goes away (`| head`).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fideliza::sim::{Scenario, Segment};

const BIN: &str = env!("CARGO_BIN_EXE_fideliza");

/// A file in the temp directory named for this test, holding `bytes`.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fideliza-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn small(name: &str) -> Scenario {
    Scenario {
        name: name.into(),
        customers: 300,
        horizon_months: 6,
        ..Scenario::default()
    }
}

fn fideliza(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn endless_input_is_refused_quickly_with_a_clear_message() {
    let start = Instant::now();
    let (code, _, err) = fideliza(&["run", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than 4 MiB"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(serde_json::to_vec(&small("Con BOM")).unwrap());
    let path = file("bom.json", &bytes);
    let (code, out, err) = fideliza(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("month,firm,series,value\n"));
}

/// Text cells of a CSV line (no quoted commas in these tests' names).
fn cells(line: &str) -> Vec<String> {
    line.split(',')
        .map(|c| c.trim_matches('"').to_string())
        .collect()
}

#[test]
fn names_that_look_like_formulas_are_written_as_text() {
    let mut a = small("=HYPERLINK(\"http://x\";\"y\")");
    a.market.focal_name = "+cmd".into();
    let mut b = small("@SUM(1)");
    b.market.focal_name = "-2+3".into();
    b.name = "\tTabbed".into();
    let path = file("formulas.json", &serde_json::to_vec(&vec![a, b]).unwrap());
    for replications in ["1", "2"] {
        let (code, out, err) = fideliza(&[
            "run",
            path.to_str().unwrap(),
            "--replications",
            replications,
        ]);
        assert_eq!(code, 0, "{err}");
        let mut text_cells = 0;
        for line in out.lines().skip(1) {
            // Scenario and firm names are the first two columns.
            for cell in cells(line).into_iter().take(3) {
                if cell.parse::<f64>().is_ok() {
                    continue;
                }
                text_cells += 1;
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a cell a spreadsheet would run: {cell:?} in {line:?}"
                );
            }
        }
        assert!(text_cells > 100);
        assert!(out.contains("'=HYPERLINK"), "the name is kept, as text");
        assert!(out.contains("'-2+3"));
    }
}

#[test]
fn too_many_scenarios_in_one_file_are_refused() {
    let many: Vec<Scenario> = (0..17).map(|k| small(&format!("S{k}"))).collect();
    let path = file("many.json", &serde_json::to_vec(&many).unwrap());
    let (code, _, err) = fideliza(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("17 scenarios; at most 16"), "{err}");
}

#[test]
fn a_long_list_of_problems_is_summarised_after_the_first_twenty() {
    let mut s = small("Broken");
    let bad = Segment {
        share: -1.0,
        ..s.population.segments[0].clone()
    };
    s.population.segments = vec![bad; 300];
    let path = file("problems.json", &serde_json::to_vec(&s).unwrap());
    let (code, _, err) = fideliza(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    let lines = err.lines().count();
    assert!(lines <= 23, "{lines} lines:\n{err}");
    assert!(err.contains("more (fix these first)"), "{err}");
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    // Far more output than a pipe buffers, so the writer meets the closed pipe.
    let long = Scenario {
        horizon_months: 240,
        ..small("Pipe")
    };
    let path = file("pipe.json", &serde_json::to_vec(&long).unwrap());
    for format in ["csv", "json"] {
        let mut child = Command::new(BIN)
            .args(["run", path.to_str().unwrap(), "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `head -c 10`: read a little, then close the pipe.
        let mut first = [0u8; 10];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(err, "", "nothing said on stderr");
        assert_eq!(status.code(), Some(141), "{format}");
    }
}

#[test]
fn monte_carlo_output_has_exact_means_and_paired_shares() {
    let pair = vec![small("A"), small("B")];
    let path = file("pair.json", &serde_json::to_vec(&pair).unwrap());
    let (code, out, err) = fideliza(&["run", path.to_str().unwrap(), "--replications", "5"]);
    assert_eq!(code, 0, "{err}");
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "scenario,month,firm,series,median,p05,p95,mean,std_error,share_above,share_below"
    );
    let diff = out
        .lines()
        .find(|l| l.starts_with("B minus A,3,"))
        .expect("difference rows");
    let c = cells(diff);
    assert_eq!(c.len(), 11);
    let above: f64 = c[9].parse().unwrap();
    let below: f64 = c[10].parse().unwrap();
    assert!((0.0..=1.0).contains(&(above + below)));
    let (code, json, _) = fideliza(&[
        "run",
        path.to_str().unwrap(),
        "--replications",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["banded_replications"], 5);
    assert!(v["differences"][0]["paired"][0]["share_above"].is_array());
    assert!(v["scenarios"][0]["moments"][0]["std_error"].is_array());
}

#[test]
fn csv_output_lists_the_focal_firm_per_segment() {
    let s = small("Segments");
    let path = file(
        "segments.json",
        serde_json::to_string(&s).unwrap().as_bytes(),
    );
    let p = path.to_str().unwrap();
    for args in [vec!["run", p], vec!["run", p, "--replications", "3"]] {
        let (code, out, err) = fideliza(&args);
        assert_eq!(code, 0, "{err}");
        for segment in &s.population.segments {
            for key in ["active_customers", "churn_total", "mean_satisfaction"] {
                let label = format!("{} · {}", s.market.focal_name, segment.name);
                assert!(
                    out.lines().any(|l| l.contains(&label) && l.contains(key)),
                    "{args:?}: no {label} {key}"
                );
            }
        }
    }
}

#[test]
fn fit_recovers_the_regular_cohort_and_names_the_bad_row() {
    // calibration.md: Fader & Hardie's "Regular" cohort, years 0..7: alpha 0.704, beta 1.182.
    let table = file(
        "regular.csv",
        b"year,Regular\n0,100\n1,63.1\n2,46.8\n3,38.2\n4,32.6\n5,28.9\n6,26.2\n7,24.1\n",
    );
    let (code, out, err) = fideliza(&["fit", table.to_str().unwrap(), "--periods", "12"]);
    assert_eq!(code, 0, "{err}");
    let head = out.lines().next().unwrap();
    let number = |key: &str| -> f64 {
        let at = head.find(key).unwrap() + key.len();
        head[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!((number("alpha ") / 0.704 - 1.0).abs() < 0.02, "{head}");
    assert!((number("beta ") / 1.182 - 1.0).abs() < 0.02, "{head}");
    // Data and fitted curve to period 12; the projection matches the published one.
    let rows: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows.len(), 1 + 13);
    let last = cells(rows[13]);
    assert_eq!(last[1], "", "no data past year 7");
    assert!(
        (last[2].parse::<f64>().unwrap() - 17.0).abs() < 0.1,
        "{:?}",
        last
    );
    // A rising cohort is refused, naming the line, in Spanish when asked.
    let bad = file("rising.csv", b"year;a\n0;100\n1;60\n2;70\n");
    let (code, out, err) = fideliza(&["fit", bad.to_str().unwrap(), "--lang", "es"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("línea 4") && err.contains("no puede subir"),
        "{err}"
    );
}

#[test]
fn threads_do_not_change_a_single_number() {
    let pair = serde_json::to_string(&[small("A"), small("B")]).unwrap();
    let path = file("pair-threads.json", pair.as_bytes());
    let p = path.to_str().unwrap();
    let one = fideliza(&[
        "run",
        p,
        "--replications",
        "7",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let three = fideliza(&[
        "run",
        p,
        "--replications",
        "7",
        "--threads",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(one.0, 0, "{}", one.2);
    assert_eq!(one.1, three.1);
    let (code, _, err) = fideliza(&["run", p, "--threads", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("--threads"), "{err}");
}

#[test]
fn the_apps_exported_work_runs_with_its_own_seed_and_replications() {
    use fideliza::app::{i18n::Lang, share, state::Workbench};
    let mut wb = Workbench::new(Lang::En);
    wb.scenarios = vec![small("A"), small("B")];
    wb.seed = 4242;
    wb.replications = 3;
    let work = file("work.json", share::workbench_to_json(&wb).as_bytes());
    let pair = file(
        "work-pair.json",
        serde_json::to_string(&wb.scenarios).unwrap().as_bytes(),
    );
    let from_work = fideliza(&["run", work.to_str().unwrap(), "--format", "json"]);
    assert_eq!(from_work.0, 0, "{}", from_work.2);
    let by_flags = fideliza(&[
        "run",
        pair.to_str().unwrap(),
        "--seed",
        "4242",
        "--replications",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(from_work.1, by_flags.1);
    // The default seed gives other numbers: the file's seed was used.
    let default_seed = fideliza(&[
        "run",
        pair.to_str().unwrap(),
        "--replications",
        "3",
        "--format",
        "json",
    ]);
    assert_ne!(from_work.1, default_seed.1);
    // Flags still win over the file.
    let overridden = fideliza(&[
        "run",
        work.to_str().unwrap(),
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(overridden.1, default_seed.1);
}

#[test]
fn a_sweep_writes_a_row_per_point_and_scenario_and_shows_progress() {
    // The lock-in example, smaller: a bigger term discount turns the margin around.
    let mut pair = fideliza::sim::preset("lock-in-vs-free-exit")
        .unwrap()
        .scenarios;
    for s in &mut pair {
        s.customers = 2_000;
    }
    let path = file(
        "sweep.json",
        serde_json::to_string(&pair).unwrap().as_bytes(),
    );
    let (code, out, err) = fideliza(&[
        "sweep",
        path.to_str().unwrap(),
        "--lever",
        "contract.term_discount",
        "--values",
        "0.05,0.4",
        "--replications",
        "6",
        "--threads",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("point 2/2, replication 6/6"), "{err}");
    let rows: Vec<Vec<String>> = out.lines().skip(1).map(cells).collect();
    assert_eq!(rows.len(), 4);
    let header = cells(out.lines().next().unwrap());
    let diff = header
        .iter()
        .position(|h| h == "margin_diff_median")
        .unwrap();
    let low: f64 = rows[1][diff].parse().unwrap();
    let high: f64 = rows[3][diff].parse().unwrap();
    assert!(low > 0.0 && high < 0.0, "{low} {high}");
    // A lever that does not exist is named.
    let (code, _, err) = fideliza(&[
        "sweep",
        path.to_str().unwrap(),
        "--lever",
        "nope",
        "--values",
        "1",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("\"nope\""), "{err}");
}

#[test]
fn a_tornado_ranks_every_lever_the_same_on_any_number_of_threads() {
    let path = file(
        "tornado.json",
        serde_json::to_string(&small("Tornado")).unwrap().as_bytes(),
    );
    let path = path.to_str().unwrap();
    let run =
        |threads: &str| fideliza(&["tornado", path, "--replications", "2", "--threads", threads]);
    let (code, out, err) = run("1");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("run "), "progress on stderr: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "rank,lever,path,low,high,outcome_at_low,outcome_at_high,swing"
    );
    assert!(lines[1].starts_with("0,(as it is),"), "{}", lines[1]);
    let swings: Vec<f64> = lines[2..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert!(swings.len() > 30, "{} levers", swings.len());
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "ranked");
    assert!(swings[0] > 0.0 && swings.contains(&0.0));
    assert!(out.contains(",economics.acquisition_cost,"), "{out}");
    // Spread over threads, the same bytes.
    assert_eq!(run("2").1, out);
    // Bad choices say what is allowed.
    let (code, _, err) = fideliza(&["tornado", path, "--outcome", "profit"]);
    assert_ne!(code, 0);
    assert!(err.contains("margin, customers, share, value"), "{err}");
    let (code, _, err) = fideliza(&["tornado", path, "--scenario", "2"]);
    assert_ne!(code, 0);
    assert!(err.contains("between 1 and 1"), "{err}");
}

#[test]
fn bench_names_the_machine_and_can_stop_before_scaling() {
    let (code, out, err) = fideliza(&[
        "bench",
        "--customers",
        "2000",
        "--months",
        "12",
        "--scaling",
        "no",
    ]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let machine = lines
        .iter()
        .find(|l| l.starts_with("machine: "))
        .expect(&out);
    assert!(machine.ends_with("logical cores"), "{machine}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("reference: 2000 customers x 12 months")),
        "{out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("bare-loop floor: ")),
        "{out}"
    );
    assert!(!out.contains("scaling:"), "stopped before scaling: {out}");

    let (code, _, err) = fideliza(&["bench", "--customers", "2000", "--scaling", "maybe"]);
    assert_eq!(code, 2);
    assert!(err.contains("--scaling takes yes or no"), "{err}");
}
