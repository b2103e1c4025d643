//! One chart of the workbench: a heading, its canvas, a sentence with the numbers of
//! the month shown for screen readers, the values at the month under the pointer (or
//! chosen with the arrow keys), its data as a table on demand, and CSV / PNG downloads.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::chart_canvas::{ChartCanvas, Drawing, month_under};
use super::download;
use crate::app::board::{ChartData, ChartKind};
use crate::app::csv_locale;
use crate::app::explain::series_label;
use crate::app::i18n::{Lang, texts};
use crate::charts::PlotGeometry;
use crate::sim::{Comparison, Series};

#[derive(Properties, Clone)]
pub struct ChartCardProps {
    pub kind: ChartKind,
    /// The results and the revision they belong to (compared by revision, not content).
    pub results: Option<(u64, Rc<Comparison>)>,
    pub lang: Lang,
    pub names: Rc<Vec<String>>,
    pub focus: usize,
    /// Playback month (`None`: whole horizon).
    pub month: Option<u32>,
    /// The series of the "any series" chart, and how to choose another.
    #[prop_or(crate::app::state::explored_by_default())]
    pub explored: Series,
    #[prop_or_default]
    pub on_explore: Callback<Series>,
    /// The scenario the difference chart subtracts, and how to choose another.
    #[prop_or_default]
    pub baseline: usize,
    #[prop_or_default]
    pub on_baseline: Callback<usize>,
}

impl PartialEq for ChartCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.results.as_ref().map(|r| r.0) == other.results.as_ref().map(|r| r.0)
            && self.results.as_ref().map(|r| Rc::as_ptr(&r.1))
                == other.results.as_ref().map(|r| Rc::as_ptr(&r.1))
            && self.lang == other.lang
            && self.names == other.names
            && self.focus == other.focus
            && self.month == other.month
            && (!matches!(self.kind, ChartKind::Explore | ChartKind::Difference)
                || self.explored == other.explored)
            && (self.kind != ChartKind::Difference || self.baseline == other.baseline)
    }
}

#[component]
pub fn ChartCard(props: &ChartCardProps) -> Html {
    let t = texts(props.lang);
    let kind = props.kind;
    let hover = use_state(|| None::<u32>);
    let table_open = use_state(|| false);
    let geometry = use_mut_ref(|| Rc::new(Cell::new(None::<PlotGeometry>)));
    let figure_ref = use_node_ref();
    let horizon = props
        .results
        .as_ref()
        .and_then(|(_, c)| c.scenarios.first().map(|s| s.months))
        .unwrap_or(0);
    // The month read out and marked: the pointer's, else the playback month.
    let cursor = (*hover)
        .map(|m| props.month.map_or(m, |shown| m.min(shown)))
        .or(props.month);
    let satisfaction_month = props.month.unwrap_or(horizon);

    let data: Rc<Option<ChartData>> = {
        let results = props.results.clone();
        let key = (
            results.as_ref().map(|r| (r.0, Rc::as_ptr(&r.1) as usize)),
            props.focus,
            if kind == ChartKind::Satisfaction {
                satisfaction_month
            } else {
                0
            },
            props.explored,
            props.baseline,
        );
        use_memo(key, move |_| {
            let (_, focus, month, explored, baseline) = key;
            results
                .and_then(|(_, c)| ChartData::build(kind, &c, (focus, baseline), month, explored))
        })
    };
    let view = Rc::new(kind.view(
        props.lang,
        &props.names,
        cursor,
        props.month,
        props.explored,
    ));

    // Results in, nothing to draw: the difference chart of a single scenario says so
    // (a blank box reads as broken).
    let empty_note = (props.results.is_some() && data.is_none() && kind == ChartKind::Difference)
        .then(|| {
            if props.lang == Lang::Es {
                format!(
                    "Este gráfico compara dos escenarios: añade otro («{}») para ver la diferencia.",
                    t.duplicate
                )
            } else {
                format!(
                    "This chart compares two scenarios: add one (\"{}\") to see the difference.",
                    t.duplicate
                )
            }
        });
    let drawing: Rc<Drawing> = {
        let data = data.clone();
        let view = view.clone();
        let empty_note = empty_note.clone();
        let cell = geometry.borrow().clone();
        use_memo((Rc::as_ptr(&data) as usize, view.clone()), move |_| {
            Drawing(Rc::new(move |area| match data.as_ref() {
                Some(d) => d
                    .draw(area, &view)
                    .map(|g| cell.set(Some(g)))
                    .map_err(|e| e.to_string()),
                None => {
                    cell.set(None);
                    match &empty_note {
                        Some(note) => crate::charts::frame::draw_message(area, note),
                        None => area.fill(&plotters::style::WHITE),
                    }
                    .map_err(|e| e.to_string())
                }
            }))
        })
    };

    // During playback nothing past the month revealed can be read: pointer and keys
    // stop there (a class predicting must not see the end by hovering).
    let last = props.month.unwrap_or(horizon).min(horizon);
    let month_at_pointer = {
        let figure_ref = figure_ref.clone();
        let cell = geometry.borrow().clone();
        move |client_x: i32| -> Option<u32> {
            month_under(&figure_ref, cell.get(), client_x).map(|m| m.min(last))
        }
    };
    let onpointermove = {
        let hover = hover.clone();
        let month_at_pointer = month_at_pointer.clone();
        Callback::from(move |e: PointerEvent| {
            // A mouse reads as it moves; a finger or a pen while pressed (dragging).
            if kind.by_month() && (e.pointer_type() == "mouse" || e.buttons() != 0) {
                hover.set(month_at_pointer(e.client_x()));
            }
        })
    };
    // A tap reads the month tapped, and the value stays after the finger lifts.
    let onpointerdown = {
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            if kind.by_month() {
                hover.set(month_at_pointer(e.client_x()));
            }
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" {
                hover.set(None)
            }
        })
    };
    let onkeydown = {
        let hover = hover.clone();
        let start = last;
        Callback::from(move |e: KeyboardEvent| {
            if !kind.by_month() || horizon == 0 {
                return;
            }
            let now = (*hover).unwrap_or(start).min(last);
            let to = match e.key().as_str() {
                "ArrowLeft" => now.saturating_sub(1),
                "ArrowRight" => (now + 1).min(last),
                "Home" => 0,
                "End" => last,
                "Escape" => {
                    hover.set(None);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            hover.set(Some(to));
        })
    };

    let on_csv = {
        let data = data.clone();
        let view = view.clone();
        let lang = props.lang;
        Callback::from(move |_| {
            if let Some(d) = data.as_ref() {
                // The byte order mark tells spreadsheets the file is UTF-8 (accents, €).
                let text = format!("\u{feff}{}", csv_locale::to_locale(&d.csv(&view), lang));
                download::text(
                    &csv_locale::file_name(kind.id(), lang),
                    "text/csv;charset=utf-8",
                    &text,
                );
            }
        })
    };
    let on_table = {
        let table_open = table_open.clone();
        Callback::from(move |_| table_open.set(!*table_open))
    };
    let on_png = {
        let figure_ref = figure_ref.clone();
        Callback::from(move |_| {
            let canvas = figure_ref
                .cast::<web_sys::Element>()
                .and_then(|f| f.query_selector("canvas").ok().flatten())
                .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok());
            if let Some(url) = canvas.and_then(|c| c.to_data_url().ok()) {
                download::url(&format!("fideliza-{}.png", kind.id()), &url);
            }
        })
    };

    // The paired difference reads with its band and how often the scenario is above
    // its baseline.
    let baseline = props.baseline;
    let above = |month: u32| -> Option<f64> {
        let (_, c) = props.results.as_ref()?;
        let n = c.scenarios.len();
        let k = crate::app::board::compared_scenario(n, props.focus, baseline.min(n - 1))?;
        let d = c.difference(baseline.min(n - 1), k)?;
        let paired = if crate::sim::CUMULATED.contains(&props.explored) {
            d.cumulative_paired(props.explored, 0)?
        } else {
            d.paired(props.explored, 0)?
        };
        paired.share_above.get(month as usize).copied()
    };
    let readout = match (cursor, data.as_ref()) {
        (Some(month), Some(d)) if kind.by_month() => {
            let rows = d.rows_at(&view, month);
            let es = props.lang == Lang::Es;
            let extra = |row: &crate::charts::Row| -> String {
                if kind != ChartKind::Difference {
                    return String::new();
                }
                let band = row.band.map(|(lo, hi)| {
                    let (lo, hi) = (
                        csv_locale::value_text(&view.format, lo, row.quantity),
                        csv_locale::value_text(&view.format, hi, row.quantity),
                    );
                    if es {
                        format!(" (mediana; banda 5-95\u{a0}%: de {lo} a {hi})")
                    } else {
                        format!(" (median; 5-95% band: {lo} to {hi})")
                    }
                });
                let letter = crate::app::state::LETTERS
                    .get(baseline)
                    .copied()
                    .unwrap_or('A');
                let share = above(month).map(|p| {
                    let p = view.format.percent(p, 0);
                    if es {
                        format!("; por encima de {letter} en el {p} de las réplicas")
                    } else {
                        format!("; above {letter} in {p} of replications")
                    }
                });
                format!("{}{}", band.unwrap_or_default(), share.unwrap_or_default())
            };
            let value = |row: &crate::charts::Row| {
                csv_locale::value_text(&view.format, row.value, row.quantity)
            };
            if kind == ChartKind::Difference {
                html! {
                    <p class="readout" aria-live="polite">
                        <strong>{ format!("{} {month}: ", t.month) }</strong>
                        { for rows.iter().enumerate().map(|(i, row)| html! {
                            <span class="row">
                                { if i > 0 { " · " } else { "" } }
                                { format!("{} {}{}", row.label, value(row), extra(row)) }
                            </span>
                        }) }
                    </p>
                }
            } else {
                // A line per scenario (or per panel of the money chart), its zeros left
                // out beside other numbers: one run-on list of a dozen values, half of
                // them 0, was hard to follow.
                let groups = crate::charts::frame::rows_by_scenario(&rows, &view.scenarios);
                let segments = groups.iter().any(|(_, items)| items.iter().any(|i| i.2));
                html! {
                    <div class="readout" aria-live="polite">
                        <strong>{ format!("{} {month}: ", t.month) }</strong>
                        { for groups.into_iter().map(|(head, items)| html! {
                            <p class="row">
                                <span class="head">{ format!("{head}: ") }</span>
                                { crate::charts::frame::read_out_line(&items, crate::app::explain::by_segment(props.lang), value) }
                            </p>
                        }) }
                        if segments {
                            <p class="hint medians">{ crate::app::explain::medians_note(props.lang) }</p>
                        }
                    </div>
                }
            }
        }
        // The hint to read a month only where there is one to read: not under a chart
        // of the whole horizon, nor under a chart with nothing drawn.
        // Said for a mouse and keys, or for a finger: which one shows is the screen's
        // (CSS, by its pointer).
        (_, Some(_)) if kind.by_month() => html! {
            <p class="readout hint">
                <span class="hint-pointer">{ t.chart_hint }</span>
                <span class="hint-touch">{ t.chart_hint_touch }</span>
            </p>
        },
        _ => html! {},
    };

    let title = view.title.clone();
    // The "any series" chart: a choice of every series, in the reader's language.
    let picker = matches!(kind, ChartKind::Explore | ChartKind::Difference).then(|| {
        let on_explore = props.on_explore.clone();
        let onchange = Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value());
            if let Some(series) =
                chosen.and_then(|k| Series::all().iter().find(|s| s.key() == k).copied())
            {
                on_explore.emit(series);
            }
        });
        // The difference chart also chooses what it subtracts.
        let against = (kind == ChartKind::Difference && props.names.len() > 1).then(|| {
            let on_baseline = props.on_baseline.clone();
            let onchange = Callback::from(move |e: Event| {
                let chosen = e
                    .target_dyn_into::<web_sys::HtmlSelectElement>()
                    .and_then(|s| s.value().parse::<usize>().ok());
                if let Some(k) = chosen {
                    on_baseline.emit(k);
                }
            });
            html! {
                <label class="explore">
                    { if props.lang == Lang::Es { "menos " } else { "minus " } }
                    <select id="difference-baseline" {onchange}>
                        { for props.names.iter().enumerate().map(|(k, name)| html! {
                            <option value={k.to_string()} selected={k == baseline}>{ name.clone() }</option>
                        }) }
                    </select>
                </label>
            }
        });
        html! {
            <>
                <label class="explore">
                    { t.explore_series }
                    <select id={format!("{}-series", kind.id())} {onchange}>
                        { for Series::all().iter().map(|&s| html! {
                            <option value={s.key()} selected={s == props.explored}>
                                { series_label(s, props.lang) }
                            </option>
                        }) }
                    </select>
                </label>
                { for against }
            </>
        }
    });
    let id = kind.id();
    let title_id = format!("title-{id}");
    let summary_id = format!("summary-{id}");
    let table_id = format!("table-{id}");
    // The sentence a screen reader gets with the chart: the numbers of the month shown
    // (the charts that are not by month show the whole horizon or the month built).
    let summary = data.as_ref().as_ref().map(|d| {
        let month = match kind {
            ChartKind::Satisfaction => satisfaction_month,
            _ => props.month.unwrap_or(horizon),
        };
        d.summary(&view, month, props.lang)
    });
    // Only point at the summary when there is one (no results yet: no sentence).
    let described = summary.is_some().then(|| summary_id.clone());
    let table = match (*table_open, data.as_ref()) {
        (true, Some(d)) => {
            let rows = csv_locale::parse(&d.csv(&view));
            let mut rows = rows.into_iter();
            let header = rows.next().unwrap_or_default();
            let lang = props.lang;
            html! {
                <div id={table_id.clone()} class="table-wrap" role="region" tabindex="0"
                    aria-label={format!("{}: {title}", t.table_of)}>
                    <table>
                        <caption>{ title.clone() }</caption>
                        <thead><tr>
                            { for header.iter().map(|h| html! { <th scope="col">{ h.clone() }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for rows.map(|row| html! {
                                <tr>
                                    { for row.iter().enumerate().map(|(i, cell)| {
                                        let text = csv_locale::table_text(cell, lang);
                                        if i == 0 {
                                            html! { <th scope="row">{ text }</th> }
                                        } else {
                                            html! { <td>{ text }</td> }
                                        }
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                        if let Some((label, totals)) = d.table_totals(lang) {
                            <tfoot><tr>
                                <th scope="row">{ label }</th>
                                { for totals.iter().map(|cell| html! {
                                    <td>{ csv_locale::table_text(cell, lang) }</td>
                                }) }
                            </tr></tfoot>
                        }
                    </table>
                </div>
            }
        }
        _ => html! {},
    };
    html! {
        <article class={classes!("card", format!("chart-{id}"))} aria-labelledby={title_id.clone()}>
            // The title is drawn in the canvas too; this heading is for navigation.
            <h3 id={title_id.clone()} class="visually-hidden">{ title.clone() }</h3>
            { for picker }
            <div class="card-tools">
                <button type="button" class="small" id={format!("table-toggle-{id}")} onclick={on_table}
                    disabled={data.is_none()} aria-expanded={table_open.to_string()}
                    aria-controls={table_id.clone()}
                    aria-label={format!("{} {}", if *table_open { t.hide_table } else { t.show_table }, title)}>
                    { if *table_open { t.hide_table } else { t.show_table } }
                </button>
                <button type="button" class="small" id={format!("csv-{id}")} onclick={on_csv} disabled={data.is_none()}
                    aria-label={format!("{} {}", t.download_csv, title)}>{ t.download_csv }</button>
                <button type="button" class="small" id={format!("png-{id}")} onclick={on_png} disabled={data.is_none()}
                    aria-label={format!("{} {}", t.download_png, title)}>{ t.download_png }</button>
            </div>
            if let Some(summary) = summary {
                <p id={summary_id.clone()} class="visually-hidden summary">{ summary }</p>
            }
            <div ref={figure_ref} class="plot" tabindex="0" role="group" aria-labelledby={title_id}
                aria-describedby={described.clone()}
                {onpointermove} {onpointerdown} {onpointerleave} {onkeydown}>
                <ChartCanvas id={format!("chart-{id}")} draw={(*drawing).clone()}
                    label={title} described_by={described} error_text={t.chart_error} />
            </div>
            { readout }
            { table }
        </article>
    }
}
