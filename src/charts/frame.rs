//! What every workbench chart shares: the texts and number format the UI passes in
//! ([`View`]), where the plot landed on the canvas ([`PlotGeometry`]), one tooltip row
//! ([`Row`]), and the layout helpers (type size from the width, a title and a legend
//! above the plot so the legend never hides data, tick formats with units).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::palette;

/// How numbers are written: Spanish `1.234,5 €`, English `€1,234.5`.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberFormat {
    pub decimal: char,
    pub thousands: char,
    /// Currency symbol, e.g. `€`.
    pub currency: String,
    /// `true` writes `12 €`, `false` writes `€12`.
    pub currency_after: bool,
    /// `true` writes `37 %` (with a non-breaking space, as the RAE recommends for
    /// Spanish), `false` writes `37%`.
    pub spaced_percent: bool,
}

impl NumberFormat {
    pub fn spanish() -> Self {
        Self {
            decimal: ',',
            thousands: '.',
            currency: "€".into(),
            currency_after: true,
            spaced_percent: true,
        }
    }

    pub fn english() -> Self {
        Self {
            decimal: '.',
            thousands: ',',
            currency: "€".into(),
            currency_after: false,
            spaced_percent: false,
        }
    }

    /// `v` with `decimals` decimals and grouped thousands; `–` if not finite.
    pub fn number(&self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "–".into();
        }
        let text = digits(v.abs(), decimals.min(6));
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::with_capacity(text.len() + 8);
        // "-0" and "-0.0" read as noise: only sign a value that prints as non-zero.
        if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            out.push('-');
        }
        let digits = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(self.thousands);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(self.decimal);
            out.push_str(frac);
        }
        out
    }

    /// Money with the currency symbol on the right side for the language.
    pub fn money(&self, v: f64, decimals: usize) -> String {
        let n = self.number(v, decimals);
        if self.currency_after {
            format!("{n} {}", self.currency)
        } else if let Some(rest) = n.strip_prefix('-') {
            format!("-{}{rest}", self.currency)
        } else {
            format!("{}{n}", self.currency)
        }
    }

    /// A share in [0, 1] as a percentage.
    pub fn percent(&self, share: f64, decimals: usize) -> String {
        self.with_unit(self.number(share * 100.0, decimals), Quantity::Share)
    }

    /// A value in a chart's unit, for tooltips.
    pub fn value(&self, v: f64, quantity: Quantity) -> String {
        match quantity {
            Quantity::Share => self.percent(v, 1),
            Quantity::SharePoints => format!("{} pp", self.number(v * 100.0, 1)),
            // A median of counts may fall between two (7.5); a whole one reads whole
            // ("8", not "8.0" beside "204").
            Quantity::Customers if v.fract() == 0.0 || v.abs() >= 10.0 => self.number(v, 0),
            Quantity::Customers => self.number(v, 1),
            Quantity::Money => self.money(v, 0),
            Quantity::Number => self.number(v, 2),
            Quantity::Points => self.number(v * 100.0, 1),
        }
    }

    /// Tick label for `v` on an axis whose ticks are `step` apart: millions as `M`,
    /// no more decimals than the step needs.
    pub(crate) fn tick(&self, v: f64, step: f64, quantity: Quantity) -> String {
        let (v, step) = match quantity {
            Quantity::Share | Quantity::SharePoints | Quantity::Points => (v * 100.0, step * 100.0),
            _ => (v, step),
        };
        let (scaled, step, suffix) = if step.abs() >= 1e5 {
            (v / 1e6, step / 1e6, " M")
        } else {
            (v, step, "")
        };
        let decimals = decimals_for(step);
        let n = format!("{}{suffix}", self.number(scaled, decimals));
        self.with_unit(n, quantity)
    }

    /// `v` short enough for a narrow table cell: thousands as `k`, millions as `M`,
    /// with about three significant digits of `largest`, the largest magnitude shown
    /// beside it, so that the cells of one table share a scale ("14.0 M", "-0.3 M").
    /// Shares are short already and read as [`NumberFormat::value`] does.
    pub(crate) fn compact(&self, v: f64, largest: f64, quantity: Quantity) -> String {
        if matches!(
            quantity,
            Quantity::Share | Quantity::SharePoints | Quantity::Points
        ) || !v.is_finite()
        {
            return self.value(v, quantity);
        }
        let big = if largest.is_finite() {
            largest.abs()
        } else {
            0.0
        };
        let (scale, suffix) = if big >= 1e6 {
            (1e6, " M")
        } else if big >= 1e4 {
            (1e3, " k")
        } else {
            return self.value(v, quantity);
        };
        let digits = (big / scale).log10().floor().max(0.0) as usize + 1;
        let n = format!(
            "{}{suffix}",
            self.number(v / scale, 3usize.saturating_sub(digits))
        );
        self.with_unit(n, quantity)
    }

    /// A number already written, with its quantity's unit on the language's side.
    pub(crate) fn with_unit(&self, n: String, quantity: Quantity) -> String {
        match quantity {
            Quantity::Share if self.spaced_percent => format!("{n}\u{a0}%"),
            Quantity::Share => format!("{n}%"),
            Quantity::SharePoints => format!("{n} pp"),
            Quantity::Customers | Quantity::Number | Quantity::Points => n,
            Quantity::Money if self.currency_after => format!("{n} {}", self.currency),
            Quantity::Money => match n.strip_prefix('-') {
                Some(rest) => format!("-{}{rest}", self.currency),
                None => format!("{}{n}", self.currency),
            },
        }
    }
}

fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) || step >= 1.0 {
        0
    } else {
        (-step.log10().floor()).clamp(0.0, 4.0) as usize
    }
}

/// What the y values are, for tick labels and tooltips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// A share in [0, 1], shown as %.
    Share,
    /// A difference of shares, shown in percentage points.
    SharePoints,
    /// A count of customers (or customers per month).
    Customers,
    /// Money in the currency of [`NumberFormat`].
    Money,
    /// A plain number (a balance from -1 to 1, a ratio).
    Number,
    /// An index in [0, 1] read as points out of 100 (satisfaction), or a difference
    /// of two; the axis title or the column header names the unit.
    Points,
}

/// Texts and settings the UI passes to a chart, already in the reader's language.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub title: String,
    /// X axis title with unit, e.g. "Month" / "Mes".
    pub x_axis: String,
    /// Y axis title with unit, e.g. "Active customers (count)".
    pub y_axis: String,
    /// Short unit for CSV headers: "%", "€", "customers", "clientes".
    pub unit: String,
    /// Legend entries for non-scenario categories, in the order each chart's docs give
    /// (churn reasons, customer states, money panels, places); missing ones fall back
    /// to English or to names from the data.
    pub legend: Vec<String>,
    /// Scenario names A, B, C, D; missing ones fall back to the scenario's own name.
    pub scenarios: Vec<String>,
    pub format: NumberFormat,
    /// A month to mark with a vertical rule (hover, keyboard focus).
    pub cursor: Option<u32>,
    /// Playback: draw month-based series only up to this month, keeping the axes of the
    /// whole horizon so nothing rescales while the months unfold (`None`: everything).
    pub reveal: Option<u32>,
    /// Remarks pinned to months (a lesson's annotations, the class's prediction).
    pub notes: Vec<Note>,
}

/// A remark pinned to a month: a dashed rule, a short text at the top of the plot and,
/// when `value` is given, a ring around that point.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub month: u32,
    pub text: String,
    pub value: Option<f64>,
    /// The scenario it is about: in panel charts, drawn on that panel only.
    pub scenario: Option<usize>,
    /// Label at the bottom of the plot instead of the top (where rising lines end).
    pub bottom: bool,
}

impl View {
    /// How many leading months of a series to draw.
    pub(crate) fn revealed_len(&self) -> usize {
        self.reveal.map_or(usize::MAX, |m| m as usize + 1)
    }
}

impl View {
    /// An English view with the given title and axis titles (handy for tests).
    pub fn english(title: &str, x_axis: &str, y_axis: &str) -> Self {
        Self {
            title: title.into(),
            x_axis: x_axis.into(),
            y_axis: y_axis.into(),
            unit: String::new(),
            legend: Vec::new(),
            scenarios: Vec::new(),
            format: NumberFormat::english(),
            cursor: None,
            reveal: None,
            notes: Vec::new(),
        }
    }

    pub(crate) fn scenario_name(&self, k: usize, fallback: &str) -> String {
        match self.scenarios.get(k) {
            Some(s) if !s.is_empty() => s.clone(),
            _ => fallback.to_string(),
        }
    }

    /// A panel's name: the scenario's, or its letter.
    pub(crate) fn panel_name(&self, k: usize) -> String {
        self.scenario_name(k, &letter(k))
    }

    pub(crate) fn legend_entry(&self, i: usize, fallback: &str) -> String {
        match self.legend.get(i) {
            Some(s) if !s.is_empty() => s.clone(),
            _ => fallback.to_string(),
        }
    }
}

/// Where the plot landed, so the UI can map a pointer to a month.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlotGeometry {
    /// Pixel x of the plot's left and right edges (backend pixels).
    pub x_px: (i32, i32),
    /// Pixel y of the plot's top and bottom edges.
    pub y_px: (i32, i32),
    /// X values at the left and right edges (months, or bins for a histogram).
    pub x_values: (f64, f64),
    /// First and last month drawn, when the x axis is months.
    pub months: Option<(u32, u32)>,
    /// Panels side by side: the pixel distance from one to the next and how many there
    /// are (`(0, 0)`: one plot, or panels one above the other with the same x range).
    pub panels: (i32, u32),
}

impl PlotGeometry {
    pub(crate) fn of<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged>(
        chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
        x_values: (f64, f64),
        months: Option<(u32, u32)>,
    ) -> Self {
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        Self {
            x_px: (xs.start, xs.end),
            y_px: (ys.start, ys.end),
            x_values,
            months,
            panels: (0, 0),
        }
    }

    /// The x value under pixel `x_px`, or `None` outside the plot.
    pub fn x_value_at(&self, x_px: i32) -> Option<f64> {
        let (l, r) = self.x_px;
        if r <= l || x_px < l || x_px > r {
            return None;
        }
        let f = f64::from(x_px - l) / f64::from(r - l);
        Some(self.x_values.0 + f * (self.x_values.1 - self.x_values.0))
    }

    /// The month nearest to pixel `x_px`, or `None` outside the plot or if the x axis
    /// is not months.
    pub fn month_at(&self, x_px: i32) -> Option<u32> {
        let (first, last) = self.months?;
        // Over a later panel: the same place in the first one.
        let (stride, n) = self.panels;
        let x_px = if stride > 0 && n > 1 {
            let k = ((x_px - self.x_px.0).max(0) / stride).min(n as i32 - 1);
            x_px - k * stride
        } else {
            x_px
        };
        let x = self.x_value_at(x_px)?.round();
        Some((x.max(f64::from(first)) as u32).clamp(first, last))
    }
}

/// One tooltip or table row: a legend label and its value (and band, if any).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub label: String,
    pub value: f64,
    /// 5th and 95th percentiles across replications, when the chart has bands.
    pub band: Option<(f64, f64)>,
    /// How the value reads (a chart may mix money and plain ratios).
    pub quantity: Quantity,
}

/// One value of a read-out's line: what it is of ("" for the scenario's own line),
/// the row, and whether it is one of the scenario's segments.
pub type ReadItem<'a> = (String, &'a Row, bool);

/// A read-out's rows gathered by scenario, for a line each: "A · Free exit: Unhappy"
/// and "A · Free exit · Settled" both go under "A · Free exit" (as "Unhappy" and, a
/// segment, "Settled"), and so does "A · Free exit" itself (unnamed: the scenario's
/// line). `scenarios` are the scenarios' names as the labels write them: a label
/// that starts with one (the longest, if several do) is split after it, so a name the
/// user wrote with ": " or " · " in it stays whole; other labels (the money chart's
/// "Revenue: A · Free exit") are split at their first ": ", or, with two " · ", at the
/// last. Rows that read exactly 0 are left out of a group that has others: in a
/// month's churn by reason most reasons are 0, and a run-on list of zeros hides the
/// numbers that matter.
pub fn rows_by_scenario<'a>(
    rows: &'a [Row],
    scenarios: &[String],
) -> Vec<(String, Vec<ReadItem<'a>>)> {
    let mut groups: Vec<(String, Vec<ReadItem<'_>>)> = Vec::new();
    for row in rows {
        let label = row.label.as_str();
        let named = scenarios
            .iter()
            .filter(|name| !name.is_empty())
            .filter_map(|name| {
                let rest = label.strip_prefix(name.as_str())?;
                if rest.is_empty() {
                    Some((name.as_str(), "", false))
                } else if let Some(item) = rest.strip_prefix(": ") {
                    Some((name.as_str(), item, false))
                } else {
                    rest.strip_prefix(" · ")
                        .map(|segment| (name.as_str(), segment, true))
                }
            })
            .max_by_key(|(name, _, _)| name.len());
        let (head, item, segment) = match named {
            Some(found) => found,
            None => match label.split_once(": ") {
                Some((head, item)) => (head, item, false),
                // "A · Free exit · Settled": a scenario's name, then its segment's.
                None if label.matches(" · ").count() >= 2 => match label.rsplit_once(" · ") {
                    Some((head, item)) => (head, item, true),
                    None => (label, "", false),
                },
                None => (label, "", false),
            },
        };
        let item = (item.to_string(), row, segment);
        // A chart may list its scenarios' lines first, their segments' after.
        match groups.iter_mut().find(|(h, _)| h == head) {
            Some((_, items)) => items.push(item),
            None => groups.push((head.to_string(), vec![item])),
        }
    }
    for (_, items) in &mut groups {
        if items.iter().any(|(_, r, _)| r.value != 0.0) {
            items.retain(|(_, r, _)| r.value != 0.0);
        }
    }
    groups
}

/// The values of one read-out line, `value` writing each: "82 (by segment: Settled 67 ·
/// Demanding 56)", the segments' in brackets after the scenario's own value and named as
/// such (`by_segment[0]`, in the reader's language), so that they read as the
/// scenario's parts, not as more of the same. After a breakdown ("Unhappy 84 · Lured 9 ·
/// At renegotiation 33") brackets would read as a split of its last part, so the
/// segments' totals follow it as a clause of their own, named by `by_segment[1]` ("…;
/// in all, by segment: Settled 70 · Demanding 60").
pub fn read_out_line(
    items: &[ReadItem<'_>],
    by_segment: [&str; 2],
    value: impl Fn(&Row) -> String,
) -> String {
    let write = |segment: bool| {
        items
            .iter()
            .filter(|(_, _, s)| *s == segment)
            .map(|(name, row, _)| {
                if name.is_empty() {
                    value(row)
                } else {
                    format!("{name} {}", value(row))
                }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let breakdown = items.iter().filter(|(_, _, s)| !*s).count() > 1;
    match (write(false), write(true)) {
        (own, parts) if parts.is_empty() => own,
        (own, parts) if own.is_empty() => parts,
        (own, parts) if breakdown => format!("{own}; {}: {parts}", by_segment[1]),
        (own, parts) => format!("{own} ({}: {parts})", by_segment[0]),
    }
}

/// The focal firm's per-segment values that a chart lists in its read-out and CSV
/// without drawing them (the drawing stays readable; the numbers are there).
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentLines {
    pub quantity: Quantity,
    pub lines: Vec<SegmentLine>,
}

/// One scenario's values for one segment.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentLine {
    pub scenario: usize,
    /// The scenario's own name, used when the view has none.
    pub name: String,
    pub segment: String,
    pub band: crate::sim::Band,
}

impl SegmentLines {
    pub fn none() -> Self {
        Self {
            quantity: Quantity::Customers,
            lines: Vec::new(),
        }
    }

    /// `series` per segment for every scenario of `c`, or only scenario `only`.
    pub fn from_comparison(
        c: &crate::sim::Comparison,
        series: crate::sim::SegmentSeries,
        quantity: Quantity,
        only: Option<usize>,
    ) -> Self {
        let mut lines = Vec::new();
        for (k, s) in c.scenarios.iter().enumerate() {
            if only.is_some_and(|o| o != k) {
                continue;
            }
            for (g, segment) in s.segments.iter().enumerate() {
                if let Some(band) = s.segment_band(series, g) {
                    lines.push(SegmentLine {
                        scenario: k,
                        name: s.name.clone(),
                        segment: segment.clone(),
                        band: band.clone(),
                    });
                }
            }
        }
        Self { quantity, lines }
    }

    fn label(view: &View, l: &SegmentLine) -> String {
        format!(
            "{} · {}",
            view.scenario_name(l.scenario, &l.name),
            l.segment
        )
    }

    /// The values at `month`, labelled "scenario · segment".
    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        let t = month as usize;
        self.lines
            .iter()
            .filter_map(|l| {
                Some(Row {
                    label: Self::label(view, l),
                    value: *l.band.median.get(t)?,
                    band: Some((*l.band.p05.get(t)?, *l.band.p95.get(t)?)),
                    quantity: self.quantity,
                })
            })
            .collect()
    }

    /// CSV header cells (each with a leading comma): median and 5-95% of every line.
    pub fn csv_header(&self, view: &View, unit: &str) -> String {
        let mut out = String::new();
        for l in &self.lines {
            for q in ["p50", "p5", "p95"] {
                out.push(',');
                out.push_str(&csv_header(&format!("{} {q}", Self::label(view, l)), unit));
            }
        }
        out
    }

    /// CSV cells of month `t` (each with a leading comma), times `scale`.
    pub fn csv_cells(&self, t: usize, scale: f64) -> String {
        let mut out = String::new();
        for l in &self.lines {
            for v in [&l.band.median, &l.band.p05, &l.band.p95] {
                out.push(',');
                out.push_str(&v.get(t).map(|v| csv_number(v * scale)).unwrap_or_default());
            }
        }
        out
    }
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Swatch {
    /// A median line over its translucent band.
    Band(RGBColor),
    Dashed(RGBColor),
    Box(RGBColor),
}

/// `x` (not negative) with `decimals` decimals, a half rounded up as at school and as
/// `f64::round` does (`format!` alone rounds a half to even: a chart cell would show
/// 2,344 where a sentence adding `round()`ed values says 2,345).
pub fn digits(x: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round() / scale;
    // Past what an f64 holds exactly, scaling loses more than it rounds.
    let x = if rounded.is_finite() { rounded } else { x };
    format!("{x:.decimals$}")
}

/// Base type size from the area width: 12 px on a phone, 18 px on a projector.
pub(crate) fn base_size(width: u32) -> f64 {
    (f64::from(width) / 50.0).clamp(12.0, 18.0)
}

/// Width of a character of regular sans-serif text, as a share of the font size (no
/// font metrics on every backend, so this errs wide).
const REGULAR_EM: f64 = 0.56;

/// Approximate width of `text` in a sans-serif font of `size` px (see [`REGULAR_EM`]).
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * REGULAR_EM
}

pub(crate) fn font(size: f64) -> TextStyle<'static> {
    (FontFamily::SansSerif, size)
        .into_font()
        .color(&palette::INK)
}

/// Width of a character of bold sans-serif text, as a share of the font size. Wider than
/// [`text_width`]'s: measured with a canvas's `measureText`, our chart titles in bold run
/// to 0.64 in Firefox on Linux (DejaVu Sans Bold) against 0.48-0.53 in Chromium, and a
/// title fitted with the regular width lost its last characters in Firefox.
const BOLD_EM: f64 = 0.64;

/// Approximate width of `text` in a bold sans-serif font of `size` px (errs wide).
pub(crate) fn bold_text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * BOLD_EM
}

/// `text` cut with "…" to fit `max_px` in a font of `size` px (see [`text_width`]).
pub(crate) fn shorten(text: &str, size: f64, max_px: f64) -> String {
    shorten_keeping(text, size, max_px, 1)
}

/// [`shorten`], keeping at least `min_chars` characters before the "…" however narrow
/// `max_px` is.
pub(crate) fn shorten_keeping(text: &str, size: f64, max_px: f64, min_chars: usize) -> String {
    shorten_by(text, size * REGULAR_EM, max_px, min_chars)
}

/// [`shorten`] for bold text (see [`bold_text_width`]).
pub(crate) fn shorten_bold(text: &str, size: f64, max_px: f64) -> String {
    shorten_by(text, size * BOLD_EM, max_px, 1)
}

/// `text` cut with "…" to fit `max_px`, each character `char_px` wide, keeping at
/// least `min_chars`.
fn shorten_by(text: &str, char_px: f64, max_px: f64, min_chars: usize) -> String {
    // Within a rounding error of `max_px` fits: a size worked out as room / width
    // (the money chart's panel titles) gives back the room only to the last bit, and a
    // bit over cut the title's last character.
    if text.chars().count() as f64 * char_px <= max_px * (1.0 + 1e-9) {
        return text.to_string();
    }
    let keep = ((max_px / char_px) as usize)
        .saturating_sub(1)
        .max(min_chars);
    let mut s: String = text.chars().take(keep).collect();
    s.push('…');
    s
}

/// Width of the widest of `texts` in a font of `size` px (see [`text_width`]).
pub(crate) fn widest<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, size: f64) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(t.as_ref(), size))
        .fold(0.0, f64::max)
}

/// Splits `text` into lines no wider than `max_px` (a word wider than that keeps a line
/// of its own).
pub(crate) fn wrap(text: &str, size: f64, max_px: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    // Only at spaces: a non-breaking one holds "5-95 %" together (split_whitespace broke
    // there and left "%)" alone on a line).
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > max_px {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A chart that has nothing to show says why, in the middle of its area, rather than
/// leaving a blank box.
pub fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    message: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let size = base_size(w);
    let lines = wrap(message, size, f64::from(w) * 0.8);
    let line_px = size * 1.4;
    let top = f64::from(h) / 2.0 - line_px * lines.len() as f64 / 2.0;
    let style = font(size).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, line) in lines.iter().enumerate() {
        let y = (top + line_px * i as f64) as i32;
        area.draw(&Text::new(
            line.as_str(),
            ((w / 2) as i32, y),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// Fills the area, draws the title (wrapped) and the legend (flowing in rows) above
/// the plot, and returns the area left for the plot.
pub(crate) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    legend: &[(String, Swatch)],
    base: f64,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let pad = (base * 0.8).round() as i32;
    let title_size = base * 1.3;
    let mut y = pad / 2;
    for line in wrap(title, title_size, f64::from(w) - 2.0 * f64::from(pad)) {
        area.draw(&Text::new(line, (pad, y), font(title_size)))?;
        y += (title_size * 1.25).round() as i32;
    }
    // Legend: swatch + label items, wrapped into rows.
    let swatch = (base * 1.8).round() as i32;
    let gap = (base * 0.9).round() as i32;
    let row_h = (base * 1.5).round() as i32;
    let mut x = pad;
    if !legend.is_empty() {
        y += (base * 0.3).round() as i32;
    }
    let label_gap = (base * 0.4) as i32;
    // A label too long for a row of its own (a difference of two long scenario names
    // on a phone) goes on several lines beside its swatch; the row grows to fit it.
    let room = f64::from((w as i32 - 2 * pad - swatch - label_gap).max(1));
    let line_h = (base * 1.2).round() as i32;
    let mut row_lines = 1;
    for (i, (label, kind)) in legend.iter().enumerate() {
        let lines = if text_width(label, base) > room {
            wrap(label, base, room)
        } else {
            vec![label.clone()]
        };
        let item = swatch + label_gap + widest(&lines, base).ceil() as i32;
        if i > 0 && x + item > w as i32 - pad {
            x = pad;
            y += row_h + line_h * (row_lines - 1);
            row_lines = 1;
        }
        row_lines = row_lines.max(lines.len() as i32);
        let cy = y + row_h / 2;
        draw_swatch(area, *kind, x, cy, swatch, base)?;
        for (k, line) in lines.into_iter().enumerate() {
            area.draw(&Text::new(
                line,
                (x + swatch + label_gap, cy + line_h * k as i32),
                font(base).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        x += item + gap;
    }
    if !legend.is_empty() {
        y += row_h + line_h * (row_lines - 1);
    }
    let top = (y + pad / 2).min(h as i32 / 2).max(0) as u32;
    Ok(area.split_vertically(top).1)
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: Swatch,
    x: i32,
    cy: i32,
    len: i32,
    base: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let half = (base * 0.45).round() as i32;
    match kind {
        Swatch::Band(c) => {
            area.draw(&Rectangle::new(
                [(x, cy - half), (x + len, cy + half)],
                c.mix(0.25).filled(),
            ))?;
            area.draw(&PathElement::new(
                [(x, cy), (x + len, cy)],
                c.stroke_width(3),
            ))?;
        }
        Swatch::Dashed(c) => {
            let dash = (len / 4).max(2);
            let mut s = x;
            while s < x + len {
                let e = (s + dash).min(x + len);
                area.draw(&PathElement::new([(s, cy), (e, cy)], c.stroke_width(3)))?;
                s += dash * 2;
            }
        }
        Swatch::Box(c) => {
            area.draw(&Rectangle::new(
                [(x, cy - half), (x + len, cy + half)],
                c.filled(),
            ))?;
            area.draw(&Rectangle::new(
                [(x, cy - half), (x + len, cy + half)],
                palette::INK.mix(0.5),
            ))?;
        }
    }
    Ok(())
}

/// Y range covering `lo..hi` with 5% headroom, never empty.
pub(crate) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        let d = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return (lo - if lo == 0.0 { 0.0 } else { d }, hi + d);
    }
    let pad = (hi - lo) * 0.05;
    (
        if lo >= 0.0 {
            (lo - pad).max(0.0)
        } else {
            lo - pad
        },
        hi + pad,
    )
}

/// Pixel sizes of the axis label areas: x ticks plus title below, y ticks plus a
/// rotated title at the left, so the titles never touch the tick labels.
pub(crate) fn label_areas(widest_y_tick: &str, base: f64, has_y_title: bool) -> (u32, u32) {
    let x_area = (base * 3.4).round() as u32;
    let y_area = text_width(widest_y_tick, base) + base * if has_y_title { 2.6 } else { 1.0 };
    (x_area, y_area.ceil() as u32)
}

/// About how many ticks fit along `px` pixels with labels `label_px` wide.
pub(crate) fn tick_count(px: f64, label_px: f64) -> usize {
    ((px / label_px.max(1.0)) as usize).clamp(2, 12)
}

/// How many ticks to ask for on a y axis of `px` pixels over `lo..hi`: at least three,
/// because with two plotters may pick a step so round that only one falls in the range
/// ("0 €" alone on a short chart, which says nothing of its scale); and more, as far as
/// the labels fit a line and a half apart, until plotters' round step leaves three
/// labels in the range (asked for four over 0 to 9.3 M it steps by 5 M, labelling 0
/// and 5 M only; asked for five, it labels 0, 2, 4, 6 and 8 M).
pub(crate) fn y_tick_count(px: f64, base: f64, lo: f64, hi: f64) -> usize {
    let mut n = tick_count(px * 0.7, base * 2.4).max(3);
    let most = tick_count(px, base * 1.6).max(n);
    while n < most && ticks_in(lo, hi, n) < 3 {
        n += 1;
    }
    n
}

/// How many labels plotters puts on `lo..hi` when asked for at most `n`: its step is
/// the smallest of 1, 2 and 5 times a power of ten that gives no more than `n`.
pub(crate) fn ticks_in(lo: f64, hi: f64, n: usize) -> usize {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || n == 0 {
        return 0;
    }
    let count = |step: f64| ((hi / step).floor() - (lo / step).ceil()) as i64 + 1;
    let mut power = 10f64.powf(span.log10().floor() + 1.0);
    let mut best = 0;
    // From a step above the span down: the last count within `n` is plotters' pick.
    for _ in 0..40 {
        for m in [1.0, 0.5, 0.2] {
            let c = count(power * m);
            if c > n as i64 {
                return best;
            }
            best = c.max(0) as usize;
        }
        power /= 10.0;
    }
    best
}

/// Where a chart's y-axis title goes. Plotters draws it rotated and centred beside the
/// plot, so a title longer than the plot is tall runs into what is above it (a panel's
/// scenario name, the legend) on a short chart: it is then set smaller (down to 3/4 of
/// the base size), and if even that is too long it is written level above the axis,
/// whole, where a line is kept free for it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum YTitle {
    Beside { text: String, size: f64 },
    Above(String),
}

impl YTitle {
    /// The layout for `title` beside a plot `px` pixels tall.
    pub(crate) fn fit(title: &str, px: f64, base: f64) -> Self {
        let full = text_width(title, base);
        if full <= px {
            return YTitle::Beside {
                text: title.to_string(),
                size: base,
            };
        }
        let size = base * px / full;
        if size >= base * 0.75 {
            YTitle::Beside {
                text: title.to_string(),
                size,
            }
        } else {
            YTitle::Above(title.to_string())
        }
    }

    /// What plotters draws beside the axis (nothing when the title is above).
    pub(crate) fn beside(&self) -> &str {
        match self {
            YTitle::Beside { text, .. } => text,
            YTitle::Above(_) => "",
        }
    }

    /// Type size of the axes' titles (plotters sets both with one style).
    pub(crate) fn size(&self, base: f64) -> f64 {
        match self {
            YTitle::Beside { size, .. } => *size,
            YTitle::Above(_) => base,
        }
    }

    /// The plot's top margin: room for the title's line when it is above.
    pub(crate) fn margin_top(&self, base: f64) -> u32 {
        match self {
            YTitle::Beside { .. } => (base * 0.6) as u32,
            YTitle::Above(_) => (base * 2.0) as u32,
        }
    }

    /// Writes the title above the axis, if that is where it goes.
    pub(crate) fn draw_above<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        base: f64,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        if let YTitle::Above(text) = self {
            area.draw(&Text::new(
                text.clone(),
                ((base * 0.4) as i32, (base * 0.3) as i32),
                font(base),
            ))?;
        }
        Ok(())
    }
}

/// Lays out the y axis of a plot `px` pixels tall whose widest tick label is
/// `widest_y_tick`: fits `title` ([`YTitle::fit`]) in the height the x labels leave,
/// writes it above the axis if that is where it goes, and returns it with the x and y
/// label areas to give plotters (the y area without the room of a title beside it when
/// the title is above).
pub(crate) fn y_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    widest_y_tick: &str,
    px: f64,
    base: f64,
) -> Result<(YTitle, u32, u32), DrawingAreaErrorKind<DB::ErrorType>> {
    let (x_area, _) = label_areas(widest_y_tick, base, false);
    let y_title = YTitle::fit(title, px - base * 0.6 - f64::from(x_area), base);
    let (_, y_area) = label_areas(widest_y_tick, base, !y_title.beside().is_empty());
    y_title.draw_above(area, base)?;
    Ok((y_title, x_area, y_area))
}

/// Tick step plotters will pick for `n` labels over `lo..hi` (for decimals).
pub(crate) fn tick_step(lo: f64, hi: f64, n: usize) -> f64 {
    let raw = (hi - lo).abs() / n.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let r = raw / mag;
    mag * if r <= 1.0 {
        1.0
    } else if r <= 2.0 {
        2.0
    } else if r <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// Month tick label: integers only (plotters may ask for 2.5 on short horizons).
pub(crate) fn month_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 && v >= -0.5 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

/// Quotes a CSV field if needed.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number for CSV: `.` decimals, no grouping, shortest exact form.
pub(crate) fn csv_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// A header cell "label (unit)".
pub(crate) fn csv_header(label: &str, unit: &str) -> String {
    if unit.is_empty() {
        csv_field(label)
    } else {
        csv_field(&format!("{label} ({unit})"))
    }
}

/// Draws `notes` on a month-by-value chart: a dashed rule at each note's month, a ring
/// at its value, and its text on a white label beside the rule, at the top of the plot
/// or at the bottom. Of the four places (either side, top or bottom) the label goes
/// where it covers the fewest points of `lines` (the chart's drawn lines, in data
/// coordinates; a label over a line hid what it was about), then where the note asks
/// (`Note::bottom`), then on the side with more room. Notes outside `months` are
/// skipped. A rule starts at `floor(month)` (the bottom of the plot, or the top of a
/// month's bars, so that it does not hide the bar it marks).
pub(crate) fn draw_notes<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    notes: &[&Note],
    months: (u32, u32),
    (lo, hi): (f64, f64),
    base: f64,
    lines: &[Vec<(f64, f64)>],
    floor: impl Fn(u32) -> f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let plotting = chart.plotting_area().clone();
    let (xs, ys) = plotting.get_pixel_range();
    // The lines in pixels, with the middle of each segment too, so that a line
    // crossing a label between two months still counts.
    let drawn: Vec<(i32, i32)> = lines
        .iter()
        .flat_map(|line| {
            let points = line.iter().copied();
            let middles = line
                .windows(2)
                .map(|w| ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0));
            points.chain(middles).collect::<Vec<_>>()
        })
        .filter(|(_, v)| v.is_finite())
        .map(|p| plotting.map_coordinate(&p))
        .collect();
    let size = base * 1.05;
    let line_h = (size * 1.25).round() as i32;
    for (i, note) in notes.iter().enumerate() {
        if note.month < months.0 || note.month > months.1 {
            continue;
        }
        let x = f64::from(note.month);
        chart.draw_series(DashedLineSeries::new(
            [(x, floor(note.month).clamp(lo, hi)), (x, hi)],
            (base * 0.5) as u32,
            (base * 0.35) as u32,
            palette::INK.stroke_width(2),
        ))?;
        if let Some(v) = note.value.filter(|v| v.is_finite()) {
            chart.draw_series(std::iter::once(Circle::new(
                (x, v),
                (base * 0.6) as u32,
                palette::INK.stroke_width(2),
            )))?;
        }
        let (px, _) = plotting.map_coordinate(&(x, hi));
        let room_right = xs.end - px;
        let room_left = px - xs.start;
        let max_w = f64::from(room_right.max(room_left)) - base;
        let lines = wrap(&note.text, size, max_w.max(base * 6.0));
        let width = widest(&lines, size).ceil() as i32;
        let pad = (base * 0.3).round() as i32;
        let box_w = width + 2 * pad;
        let (right_x, left_x) = (px + pad * 2, px - pad * 2 - box_w);
        // Notes stack down the plot when there are several (up from the bottom).
        let height = line_h * lines.len() as i32 + pad;
        let shift = i as i32 * (height + 2 * pad);
        let (top_y, bottom_y) = (ys.start + pad + shift, ys.end - pad * 3 - height - shift);
        let (left, top) = note_place(
            [
                (right_x, room_right >= room_left),
                (left_x, room_left > room_right),
            ],
            [(top_y, !note.bottom), (bottom_y, note.bottom)],
            (box_w, height),
            pad,
            xs.clone(),
            &drawn,
        );
        let bottom = top + height;
        let root = plotting.strip_coord_spec();
        let origin = root.get_base_pixel();
        let rel = |(x, y): (i32, i32)| (x - origin.0, y - origin.1);
        root.draw(&Rectangle::new(
            [rel((left, top)), rel((left + box_w, bottom))],
            WHITE.mix(0.92).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [rel((left, top)), rel((left + box_w, bottom))],
            palette::INK.stroke_width(1),
        ))?;
        // The text's top is where its tallest glyphs start, and the line's spacing is
        // all below them: most of it goes above, so the text sits in the middle of
        // its box rather than against the top edge.
        let lead = ((f64::from(line_h) - size) * 0.6).round() as i32;
        for (k, line) in lines.into_iter().enumerate() {
            root.draw(&Text::new(
                line,
                rel((left + pad, top + pad / 2 + lead + k as i32 * line_h)),
                font(size),
            ))?;
        }
    }
    Ok(())
}

/// The top left corner of a note's label of `size` (pixels): of the label's two sides
/// (x, whether it is the side with more room) and two rows (y, whether it is the row
/// the note asks for), the place that fits within `xs`, covers the fewest of the
/// `drawn` points (with `pad` around it), is the row asked for, and is on the side
/// with more room, in that order.
fn note_place(
    sides: [(i32, bool); 2],
    rows: [(i32, bool); 2],
    (width, height): (i32, i32),
    pad: i32,
    xs: std::ops::Range<i32>,
    drawn: &[(i32, i32)],
) -> (i32, i32) {
    let covered = |(x, y): (i32, i32)| {
        drawn
            .iter()
            .filter(|&&(dx, dy)| {
                (x - pad..=x + width + pad).contains(&dx)
                    && (y - pad..=y + height + pad).contains(&dy)
            })
            .count()
    };
    let mut best = None;
    for (x, more_room) in sides {
        // A side the label does not fit on is no place (unless neither fits).
        let fits = x >= xs.start && x + width <= xs.end;
        for (y, asked) in rows {
            let rank = (!fits, covered((x, y)), !asked, !more_room);
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, (x, y)));
            }
        }
    }
    best.map_or((sides[0].0, rows[0].0), |(_, place)| place)
}

/// "A", "B"...: a scenario's letter, the fallback name of a panel.
pub(crate) fn letter(scenario: usize) -> String {
    char::from(b'A' + (scenario % 26) as u8).to_string()
}

/// Narrowest panel of a chart over months worth putting beside another (CSS px); below
/// it panels stack. `static/style.css` gives a chart narrower than two of them the height
/// of two plots.
pub(crate) const MIN_PANEL_WIDTH: u32 = 300;

/// Splits `plot` into one panel per scenario: side by side when each gets at least
/// `min_width` (CSS px, [`MIN_PANEL_WIDTH`] for charts over months), else one above the
/// other. Each panel is headed by its scenario's name ([`View::panel_name`]) in the
/// scenario's colour, so nobody reads one for the other, and drawn by `draw(i, area)`.
/// Returns the first panel's geometry, with the stride to the others when they sit side
/// by side.
pub(crate) fn in_panels<DB, F>(
    plot: &DrawingArea<DB, Shift>,
    scenarios: &[usize],
    view: &View,
    base: f64,
    min_width: u32,
    mut draw: F,
) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    F: FnMut(
        usize,
        &DrawingArea<DB, Shift>,
    ) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>>,
{
    let n = scenarios.len().max(1);
    let (w, _) = plot.dim_in_pixel();
    let side_by_side = n > 1 && w / n as u32 >= min_width;
    let cells = if side_by_side {
        plot.split_evenly((1, n))
    } else {
        plot.split_evenly((n, 1))
    };
    let size = base * 1.1;
    let head = (size * 1.5).round() as u32;
    let mut geometry = PlotGeometry::default();
    for (i, cell) in cells.iter().enumerate() {
        let Some(&scenario) = scenarios.get(i) else {
            break;
        };
        let name = view.panel_name(scenario);
        let (cw, _) = cell.dim_in_pixel();
        let colour = palette::SCENARIO[scenario % palette::SCENARIO.len()];
        let text = shorten_bold(&name, size, f64::from(cw) - base * 2.0);
        cell.draw(&Text::new(
            text,
            ((base * 0.8) as i32, (size * 0.3) as i32),
            (FontFamily::SansSerif, size)
                .into_font()
                .style(FontStyle::Bold)
                .color(&colour),
        ))?;
        let g = draw(i, &cell.split_vertically(head).1)?;
        if i == 0 {
            geometry = g;
        } else if i == 1 && side_by_side {
            geometry.panels = (g.x_px.0 - geometry.x_px.0, n as u32);
        }
    }
    Ok(geometry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_outs_gather_rows_by_scenario_and_drop_zeros_beside_numbers() {
        let row = |label: &str, value: f64| Row {
            label: label.into(),
            value,
            band: None,
            quantity: Quantity::Customers,
        };
        let rows = [
            row("A · Free exit", 154.0),
            row("A · Free exit: Unhappy", 84.0),
            row("A · Free exit: End of term", 0.0),
            row("A · Free exit · Settled", 70.0),
            row("B · Lock-in: Unhappy", 0.0),
            row("B · Lock-in: End of term", 0.0),
            row("B · Lock-in · Settled", 12.0),
        ];
        let groups = rows_by_scenario(&rows, &[]);
        let shown: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|(h, items)| {
                (
                    h.as_str(),
                    items.iter().map(|(n, _, _)| n.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("A · Free exit", vec!["", "Unhappy", "Settled"]),
                ("B · Lock-in", vec!["Settled"]),
            ]
        );
        assert_eq!(groups[0].1[2].1.value, 70.0);
        // The segments' values in brackets after the scenario's own.
        let value = |r: &Row| r.value.to_string();
        let words = ["by segment", "in all, by segment"];
        assert_eq!(
            read_out_line(&groups[0].1, words, value),
            "154 · Unhappy 84; in all, by segment: Settled 70"
        );
        assert_eq!(read_out_line(&groups[1].1, words, value), "Settled 12");
        assert_eq!(
            read_out_line(
                &[groups[0].1[0].clone(), groups[0].1[2].clone()],
                words,
                value
            ),
            "154 (by segment: Settled 70)"
        );
        // Names the user wrote with the separators in them stay whole ("Plan · Gold"
        // once read as scenario "A · Plan", segment "Gold").
        let names = ["A · Plan · Gold".to_string(), "B · Offer: 10%".to_string()];
        let rows = [
            row("A · Plan · Gold", 5.0),
            row("A · Plan · Gold: Unhappy", 3.0),
            row("A · Plan · Gold · Settled", 2.0),
            row("B · Offer: 10%", 4.0),
            row("B · Offer: 10% · Settled", 1.0),
        ];
        let groups = rows_by_scenario(&rows, &names);
        let shown: Vec<(&str, Vec<(&str, bool)>)> = groups
            .iter()
            .map(|(h, items)| {
                let items = items.iter().map(|(n, _, s)| (n.as_str(), *s)).collect();
                (h.as_str(), items)
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "A · Plan · Gold",
                    vec![("", false), ("Unhappy", false), ("Settled", true)]
                ),
                ("B · Offer: 10%", vec![("", false), ("Settled", true)]),
            ]
        );
    }

    #[test]
    fn lines_wrap_at_spaces_but_not_at_non_breaking_ones() {
        let title = "Margen acumulado (mediana y banda 5-95\u{a0}%)";
        // Room for all but the last two characters: the sign goes with its number.
        let room = text_width(title, 10.0) - text_width("%)", 10.0);
        assert_eq!(
            wrap(title, 10.0, room),
            vec!["Margen acumulado (mediana y banda", "5-95\u{a0}%)"]
        );
    }

    #[test]
    fn a_note_keeps_its_label_off_the_lines() {
        // A 600 x 300 plot, a label 100 x 40 beside a rule at x = 300: right of it at
        // 310, left at 190; top row at 10, bottom at 250.
        let sides = [(310, true), (190, false)];
        let rows = [(10, true), (250, false)];
        let place = |drawn: &[(i32, i32)]| note_place(sides, rows, (100, 40), 4, 0..600, drawn);
        // Nothing drawn: where the note asks, on the side with more room.
        assert_eq!(place(&[]), (310, 10));
        // A line along the top, right of the rule: the row asked for, on the left.
        let top_right: Vec<(i32, i32)> = (300..600).step_by(10).map(|x| (x, 30)).collect();
        assert_eq!(place(&top_right), (190, 10));
        // Along the whole top: the bottom, on the side with more room.
        let top: Vec<(i32, i32)> = (0..600).step_by(10).map(|x| (x, 30)).collect();
        assert_eq!(place(&top), (310, 250));
        // Lines everywhere: the place covering the fewest points.
        let mut busy = top.clone();
        busy.extend((0..600).step_by(10).map(|x| (x, 270)));
        busy.extend((300..600).step_by(5).map(|x| (x, 20)));
        assert_eq!(place(&busy), (190, 10));
        // A side the label does not fit on loses to any other.
        let narrow = note_place(sides, rows, (100, 40), 4, 0..400, &top_right);
        assert_eq!(narrow, (190, 10));
    }

    #[test]
    fn numbers_in_both_languages() {
        let es = NumberFormat::spanish();
        let en = NumberFormat::english();
        assert_eq!(es.number(1234.5, 1), "1.234,5");
        assert_eq!(en.number(1234.5, 1), "1,234.5");
        assert_eq!(en.number(-1_234_567.0, 0), "-1,234,567");
        assert_eq!(en.number(-0.01, 0), "0");
        assert_eq!(en.number(999.0, 0), "999");
        assert_eq!(es.money(1500.0, 0), "1.500 €");
        assert_eq!(en.money(-1500.0, 0), "-€1,500");
        // Spanish puts a non-breaking space before the sign (as the app's sentences do).
        assert_eq!(es.percent(0.125, 1), "12,5\u{a0}%");
        assert_eq!(es.tick(0.25, 0.05, Quantity::Share), "25\u{a0}%");
        assert_eq!(en.percent(0.125, 1), "12.5%");
        assert_eq!(en.number(f64::NAN, 1), "–");
        assert_eq!(
            en.tick(2_000_000.0, 500_000.0, Quantity::Customers),
            "2.0 M"
        );
        assert_eq!(en.tick(0.25, 0.05, Quantity::Share), "25%");
        assert_eq!(es.tick(1e9, 2e8, Quantity::Money), "1.000 M €");
        // Satisfaction in points out of 100: the axis title carries the unit.
        assert_eq!(es.tick(0.65, 0.05, Quantity::Points), "65");
        assert_eq!(es.value(0.6724, Quantity::Points), "67,2");
        assert_eq!(en.compact(-0.031, 0.5, Quantity::Points), "-3.1");
        // A half rounds up, in charts and in sentences alike.
        assert_eq!(en.number(2344.5, 0), "2,345");
        assert_eq!(en.number(0.125, 2), "0.13");
        assert_eq!(es.number(-2.5, 0), "-3");
    }

    #[test]
    fn month_lookup_at_both_edges() {
        let g = PlotGeometry {
            x_px: (100, 700),
            y_px: (20, 400),
            x_values: (0.0, 36.0),
            months: Some((0, 36)),
            panels: (0, 0),
        };
        assert_eq!(g.month_at(100), Some(0));
        assert_eq!(g.month_at(700), Some(36));
        assert_eq!(g.month_at(400), Some(18));
        assert_eq!(g.month_at(99), None);
        assert_eq!(g.month_at(701), None);
        let bins = PlotGeometry { months: None, ..g };
        assert_eq!(bins.month_at(400), None);
        // Two panels 800 px apart: the second reads like the first.
        let two = PlotGeometry {
            panels: (800, 2),
            ..g
        };
        assert_eq!(two.month_at(1200), Some(18));
        assert_eq!(two.month_at(1500), Some(36));
        assert_eq!(two.month_at(400), Some(18));
        assert_eq!(two.month_at(850), None);
    }

    #[test]
    fn a_y_title_longer_than_its_plot_is_set_smaller_then_above_the_axis() {
        let title = "Clientes al mes";
        let full = text_width(title, 16.0);
        // Fits: unchanged, beside the axis.
        let fits = YTitle::fit(title, full + 1.0, 16.0);
        assert_eq!(fits.beside(), title);
        assert_eq!(fits.size(16.0), 16.0);
        assert_eq!(fits.margin_top(16.0), 9);
        // A little too long: beside, smaller, every word kept, and it fits.
        let smaller = YTitle::fit(title, full * 0.9, 16.0);
        assert_eq!(smaller.beside(), title);
        let size = smaller.size(16.0);
        assert!((12.0..16.0).contains(&size), "{size}");
        assert!(text_width(title, size) <= full * 0.9 + 1e-9);
        // Far too long: whole, above the axis, with a line kept free for it.
        let above = YTitle::fit(title, full * 0.5, 16.0);
        assert_eq!(above, YTitle::Above(title.to_string()));
        assert_eq!(above.beside(), "");
        assert!(above.margin_top(16.0) > fits.margin_top(16.0) + 16);
        // At least three ticks asked for on any y axis, however short.
        assert_eq!(y_tick_count(30.0, 16.0, 0.0, 1.0), 3);
        assert_eq!(y_tick_count(1000.0, 16.0, 0.0, 1.0), 12);
        // Plotters' own count of labels for a request.
        assert_eq!(ticks_in(0.0, 9.3e6, 4), 2);
        assert_eq!(ticks_in(0.0, 9.3e6, 5), 5);
        assert_eq!(ticks_in(0.0, 1.0, 3), 3);
        assert_eq!(ticks_in(-1.0, 1.0, 5), 5);
        // A 200 px revenue panel (13 px type) to 9.3 M asks for five: three labels or
        // more, where four gave two.
        let n = y_tick_count(200.0, 13.0, 0.0, 9.3e6);
        assert!(ticks_in(0.0, 9.3e6, n) >= 3, "{n}");
    }

    #[test]
    fn padded_ranges_are_never_empty() {
        assert_eq!(padded(0.0, 0.0), (0.0, 1.0));
        let (lo, hi) = padded(5.0, 5.0);
        assert!(lo < 5.0 && hi > 5.0);
        let (lo, hi) = padded(-2.0, 10.0);
        assert!(lo < -2.0 && hi > 10.0);
        let (lo, hi) = padded(f64::NAN, 1.0);
        assert!(lo == 0.0 && hi >= 1.0);
    }
}
