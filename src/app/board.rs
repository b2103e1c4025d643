//! The workbench's charts: which ones, in what order, with which texts in each
//! language, built from a [`Comparison`] and drawn on any backend. The UI only picks a
//! canvas and forwards the pointer.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, DrawingBackend};

use super::csv_locale::{Period, summary};
use super::explain::{ChurnReason, series_label};
use super::i18n::Lang;
use crate::charts::{
    self, NumberFormat, PlotGeometry, Quantity, Row, View, bands::BandChart, difference::Measure,
    flows::FlowChart, money::MoneyChart, satisfaction::SatisfactionChart, stack::StackChart,
};
use crate::sim::{Comparison, Series};

/// The charts of the workbench, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    Retention,
    Active,
    MarketShare,
    Churn,
    States,
    Satisfaction,
    Reputation,
    Money,
    Flows,
    Difference,
    /// Any series of the focal firm, picked by the user.
    Explore,
}

impl ChartKind {
    pub const ALL: [ChartKind; 11] = [
        ChartKind::Retention,
        ChartKind::Active,
        ChartKind::MarketShare,
        ChartKind::Churn,
        ChartKind::States,
        ChartKind::Satisfaction,
        ChartKind::Reputation,
        ChartKind::Money,
        ChartKind::Flows,
        ChartKind::Difference,
        ChartKind::Explore,
    ];

    /// Stable id (element ids, file names).
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Retention => "retention",
            ChartKind::Active => "active",
            ChartKind::MarketShare => "market-share",
            ChartKind::Churn => "churn",
            ChartKind::States => "states",
            ChartKind::Satisfaction => "satisfaction",
            ChartKind::Reputation => "reputation",
            ChartKind::Money => "money",
            ChartKind::Flows => "flows",
            ChartKind::Difference => "difference",
            ChartKind::Explore => "explore",
        }
    }

    /// Whether the chart shows scenarios in panels, A beside the focused one (B when
    /// A is focused), rather than all of them on one plot.
    pub fn in_panels(self) -> bool {
        matches!(
            self,
            ChartKind::Churn | ChartKind::States | ChartKind::Flows
        )
    }

    /// Whether its x axis is months (hover and playback move a month rule).
    pub fn by_month(self) -> bool {
        !matches!(self, ChartKind::Satisfaction | ChartKind::Flows)
    }

    /// Title, x axis, y axis, CSV unit and legend entries in `lang`.
    pub fn texts(self, lang: Lang) -> (String, String, String, String, Vec<String>) {
        let es = lang == Lang::Es;
        let pick = |e: &str, n: &str| if es { e.to_string() } else { n.to_string() };
        let month = pick("Mes", "Month");
        match self {
            ChartKind::Retention => (
                pick(
                    "Retención de la cohorte inicial (mediana y banda 5-95\u{a0}%)",
                    "Retention of the starting cohort (median and 5-95% band)",
                ),
                month,
                pick("Siguen siendo clientes (%)", "Still customers (%)"),
                "%".into(),
                vec![],
            ),
            ChartKind::Active => (
                pick(
                    "Clientes activos de la empresa",
                    "The firm's active customers",
                ),
                month,
                pick("Clientes", "Customers"),
                pick("clientes", "customers"),
                vec![],
            ),
            ChartKind::MarketShare => (
                pick("Cuota de mercado", "Market share"),
                month,
                pick("Cuota (%)", "Share (%)"),
                "%".into(),
                vec![],
            ),
            ChartKind::Churn => (
                pick(
                    "Bajas mensuales por motivo",
                    "Customers leaving each month, by reason",
                ),
                month,
                pick("Clientes al mes", "Customers per month"),
                pick("clientes/mes", "customers/month"),
                ChurnReason::ALL
                    .iter()
                    .map(|r| r.label(lang).to_string())
                    .collect(),
            ),
            ChartKind::States => (
                pick("Clientes por estado", "Customers by state"),
                month,
                pick("Clientes", "Customers"),
                pick("clientes", "customers"),
                [
                    Series::Satisfied,
                    Series::AtRisk,
                    Series::Captive,
                    Series::Adopted,
                ]
                .iter()
                .map(|s| series_label(*s, lang).to_string())
                .collect(),
            ),
            ChartKind::Satisfaction => (
                pick(
                    "Distribución de la satisfacción",
                    "Distribution of satisfaction",
                ),
                pick(
                    "Satisfacción (puntos sobre 100)",
                    "Satisfaction (points out of 100)",
                ),
                pick("Clientes (%)", "Customers (%)"),
                "%".into(),
                // The axis is satisfaction here: the table's month column is headed by
                // the first legend entry (the chart draws no legend of categories).
                vec![month.clone()],
            ),
            ChartKind::Reputation => (
                pick(
                    "Reputación: lo que dicen los clientes de la empresa",
                    "Reputation: what customers say about the firm",
                ),
                month,
                pick("Balance (de -1 a 1)", "Balance (-1 to 1)"),
                pick("balance", "balance"),
                vec![],
            ),
            ChartKind::Money => (
                pick(
                    "Dinero: acumulado y valor de un cliente nuevo",
                    "Money: cumulative, and the value of a new customer",
                ),
                month,
                "€".into(),
                "€".into(),
                vec![
                    pick("Ingresos acumulados (€)", "Cumulative revenue (€)"),
                    // Short enough for a panel of the 2 x 2 grid on a tablet (about
                    // 40 characters in bold at 10 px in 260 px).
                    // Of every kind: policies, winning customers and what distributors
                    // keep (the series' name says so; short, for a row of four panels).
                    pick("Costes acumulados (€)", "Cumulative costs (€)"),
                    pick("Margen acumulado (€)", "Cumulative margin (€)"),
                    // Short: a panel of a row of four on a projector has ~230 px
                    // ("Valor de vida de un cliente nuevo…" was cut).
                    pick(
                        "Valor de un cliente nuevo (€)",
                        "Value of a new customer (€)",
                    ),
                    pick(
                        "Valor hasta hoy de un cliente inicial (€)",
                        "Value to date of a starting customer (€)",
                    ),
                    pick(
                        "Valor de un cliente nuevo / coste de captarlo",
                        "New customer's value / cost of winning it",
                    ),
                    // Said in the value's panel while it cannot be estimated.
                    pick(
                        "Sin estimar: hacen falta al menos 30 clientes nuevos seguidos durante un ciclo completo (un año o más).",
                        "Not estimated: it needs at least 30 new customers followed through a whole cycle (a year or more).",
                    ),
                    // Where the value's lines begin after the first month ("{}": that
                    // month).
                    pick("estimado desde el mes {}", "estimated from month {}"),
                ],
            ),
            ChartKind::Flows => (
                rotation_title(Period::Horizon, lang),
                pick("Hacia", "To"),
                pick("Desde", "From"),
                pick("clientes", "customers"),
                vec![],
            ),
            ChartKind::Difference => (
                pick(
                    "Diferencia emparejada con A: margen acumulado",
                    "Paired difference from A: cumulative margin",
                ),
                month,
                pick("Diferencia (€)", "Difference (€)"),
                "€".into(),
                vec![],
            ),
            // Completed with the series shown (see `view`).
            ChartKind::Explore => (
                pick("Cualquier serie", "Any series"),
                month,
                String::new(),
                String::new(),
                vec![],
            ),
        }
    }

    /// A view of this chart: texts in `lang`, scenario names, cursor month, and the
    /// series the "any series" chart shows.
    pub fn view(
        self,
        lang: Lang,
        scenarios: &[String],
        cursor: Option<u32>,
        reveal: Option<u32>,
        explored: Series,
    ) -> View {
        let (mut title, x_axis, mut y_axis, mut unit, mut legend) = self.texts(lang);
        if self == ChartKind::Flows {
            // Firms go by their own names; only "outside the market" is translated. The
            // second entry heads the table's first column (the axes are places here).
            let es = lang == Lang::Es;
            let pick = |a: &str, b: &str| if es { a } else { b }.to_string();
            legend = vec![
                pick("Fuera del mercado", "Outside the market"),
                pick("Mes", "Month"),
            ];
        }
        if self == ChartKind::Difference {
            // `explored` is the compared series here; its running total when it has one.
            let label = series_label(explored, lang);
            let cumulative = crate::sim::CUMULATED.contains(&explored);
            let es = lang == Lang::Es;
            title = match (cumulative, es) {
                (true, true) => format!("Diferencia emparejada: {label} (acumulado)"),
                (true, false) => format!("Paired difference: {label} (cumulative)"),
                (false, true) => format!("Diferencia emparejada: {label}"),
                (false, false) => format!("Paired difference: {label}"),
            };
            let units = if cumulative {
                "€"
            } else {
                super::explain::series_unit(explored, lang)
            };
            y_axis = if es {
                format!("Diferencia ({units})")
            } else {
                format!("Difference ({units})")
            };
            unit = units.to_string();
        }
        if self == ChartKind::Explore {
            let label = series_label(explored, lang);
            let units = super::explain::series_unit(explored, lang);
            title = format!("{title}: {label}");
            // The title names the series; the axis says its unit (short enough to fit).
            y_axis = if units.is_empty() {
                label.to_string()
            } else {
                super::i18n::upper_initial(units)
            };
            unit = units.to_string();
        }
        View {
            title,
            x_axis,
            y_axis,
            unit,
            legend,
            scenarios: scenarios.to_vec(),
            format: number_format(lang),
            cursor: if self.by_month() { cursor } else { None },
            reveal: if self.by_month() { reveal } else { None },
            notes: Vec::new(),
        }
    }
}

/// The rotation chart's title for the months its cells total.
pub fn rotation_title(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::Months(a, b), Lang::Es) => {
            format!("Rotación: clientes de un sitio a otro, meses {a} a {b}")
        }
        (Period::Months(a, b), Lang::En) => {
            format!("Rotation: customers moving between places, months {a} to {b}")
        }
        (_, Lang::Es) => "Rotación: clientes de un sitio a otro en todo el horizonte".into(),
        (_, Lang::En) => "Rotation: customers moving between places over the horizon".into(),
    }
}

/// How a series' values read on a chart.
pub fn quantity_of(series: Series) -> Quantity {
    use crate::sim::Unit;
    match series.unit() {
        Unit::Share => Quantity::Share,
        Unit::Points => Quantity::Points,
        Unit::Money | Unit::MoneyPerMonth => Quantity::Money,
        Unit::Index | Unit::Ratio => Quantity::Number,
        Unit::Customers | Unit::CustomersPerMonth | Unit::MessagesPerMonth => Quantity::Customers,
    }
}

/// Numbers as the language writes them.
pub fn number_format(lang: Lang) -> NumberFormat {
    match lang {
        Lang::Es => NumberFormat::spanish(),
        Lang::En => NumberFormat::english(),
    }
}

/// One chart's data, built from the comparison.
#[derive(Clone, Debug)]
pub enum ChartData {
    Band(BandChart),
    /// Stacks of scenarios in panels (churn by reason, customers by state).
    Stacks(Vec<StackChart>),
    Money(MoneyChart),
    Satisfaction(SatisfactionChart),
    /// Rotation matrices of scenarios in panels.
    Flows(Vec<FlowChart>),
}

/// The scenarios a panel chart shows: A and the focused one (A and B when A is
/// focused), or A alone when it is the only one.
pub fn panel_scenarios(n: usize, focus: usize) -> Vec<usize> {
    match (n, focus.min(n.saturating_sub(1))) {
        (0, _) => Vec::new(),
        (1, _) => vec![0],
        (_, 0) => vec![0, 1],
        (_, k) => vec![0, k],
    }
}

/// The scenario the difference chart sets against `baseline`: the focused one, or
/// the first other one when the focus is the baseline; `None` with one scenario.
pub fn compared_scenario(n: usize, focus: usize, baseline: usize) -> Option<usize> {
    if focus != baseline && focus < n {
        Some(focus)
    } else {
        (0..n).find(|&k| k != baseline)
    }
}

/// Each line of `chart` (a band of `series` by scenario) starts where the series has
/// values: a month's flows from month 1, a new customer's value once it can be
/// estimated.
fn start_where_defined(chart: &mut BandChart, series: Series) {
    for l in &mut chart.lines {
        l.start = match series {
            Series::NewCustomerValue | Series::ValueToAcquisitionCost => {
                charts::money::first_estimable(&l.band)
            }
            s if s.is_monthly_flow() => 1,
            _ => 0,
        };
    }
}

impl ChartData {
    /// The data of chart `kind`: `focus` is the scenario set beside A in panel charts
    /// (and the compared one of the difference chart, against `baseline`), `month` the
    /// satisfaction month.
    pub fn build(
        kind: ChartKind,
        c: &Comparison,
        (focus, baseline): (usize, usize),
        month: u32,
        explored: Series,
    ) -> Option<Self> {
        let n = c.scenarios.len();
        if n == 0 {
            return None;
        }
        let focus = focus.min(n - 1);
        Some(match kind {
            ChartKind::Retention => ChartData::Band(charts::survival::from_comparison(c)),
            ChartKind::Active => ChartData::Band(charts::customers::active_from_comparison(c)),
            ChartKind::MarketShare => ChartData::Band(charts::customers::share_from_comparison(c)),
            ChartKind::Churn => ChartData::Stacks(
                panel_scenarios(n, focus)
                    .into_iter()
                    .map(|k| charts::churn::from_comparison(c, k))
                    .collect(),
            ),
            ChartKind::States => ChartData::Stacks(
                panel_scenarios(n, focus)
                    .into_iter()
                    .map(|k| charts::states::from_comparison(c, k))
                    .collect(),
            ),
            ChartKind::Satisfaction => {
                ChartData::Satisfaction(SatisfactionChart::from_comparison(c, month))
            }
            ChartKind::Reputation => {
                ChartData::Band(charts::customers::reputation_from_comparison(c))
            }
            ChartKind::Money => ChartData::Money(MoneyChart::from_comparison(c)),
            ChartKind::Flows => ChartData::Flows(
                panel_scenarios(n, focus)
                    .into_iter()
                    .map(|k| FlowChart::from_comparison(c, k))
                    .collect(),
            ),
            ChartKind::Explore => {
                let quantity = quantity_of(explored);
                let mut chart = BandChart::per_scenario(c, quantity, |s| {
                    (!s.firms.is_empty()).then(|| s.band(explored, 0))
                });
                chart.zero_line = explored.unit() == crate::sim::Unit::Index;
                start_where_defined(&mut chart, explored);
                ChartData::Band(chart)
            }
            ChartKind::Difference => {
                // B - A by default; the focused scenario against the baseline, or the
                // first other scenario when the focus is the baseline.
                let baseline = baseline.min(n - 1);
                let k = compared_scenario(n, focus, baseline)?;
                // `explored` is the compared series: its running total when it has one.
                let measure = if crate::sim::CUMULATED.contains(&explored) {
                    Measure::Cumulative(explored, 0)
                } else {
                    Measure::Series(explored, 0)
                };
                let mut chart = charts::difference::from_comparison(c, baseline, k, measure);
                if matches!(measure, Measure::Series(..)) && explored.is_monthly_flow() {
                    start_where_defined(&mut chart, explored);
                }
                ChartData::Band(chart)
            }
        })
    }

    /// The rotation matrices totalling months `first` to `last` (other charts are
    /// returned as they are): what a lesson shows beside a sentence about a period.
    pub fn over_months(self, first: u32, last: u32) -> Self {
        match self {
            ChartData::Flows(panels) => {
                ChartData::Flows(panels.into_iter().map(|p| p.over(first, last)).collect())
            }
            other => other,
        }
    }

    /// The period the chart's values are for when it shows `month`: the months the
    /// rotation matrix totals, that month for every other chart.
    pub fn period(&self, month: u32) -> Period {
        match self {
            ChartData::Flows(panels) => match panels.first() {
                Some(p) if !p.whole_horizon() => Period::Months(p.window.0, p.window.1),
                _ => Period::Horizon,
            },
            _ => Period::Month(month),
        }
    }

    /// The sentence a screen reader gets with the chart: the values it shows at
    /// `month` (the rotation matrix: the totals in its cells, whatever the month, since
    /// that is what the canvas shows), and when they are for.
    pub fn summary(&self, view: &View, month: u32, lang: Lang) -> String {
        let rows = match self {
            ChartData::Flows(d) => charts::flows::totals_of_panels(d, view),
            _ => self.rows_at(view, month),
        };
        // Panel charts name each row's scenario in its label.
        summary(&rows, self.period(month), None, &view.format, lang)
    }

    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        view: &View,
    ) -> Result<PlotGeometry, DrawingAreaErrorKind<DB::ErrorType>> {
        match self {
            ChartData::Band(d) => charts::bands::draw(area, d, view),
            ChartData::Stacks(d) => charts::stack::draw_panels(area, d, view),
            ChartData::Money(d) => charts::money::draw(area, d, view),
            ChartData::Satisfaction(d) => charts::satisfaction::draw(area, d, view),
            ChartData::Flows(d) => charts::flows::draw_panels(area, d, view),
        }
    }

    /// How the chart's values read (for the month read-out).
    pub fn quantity(&self) -> Quantity {
        match self {
            ChartData::Band(d) => d.quantity,
            ChartData::Stacks(d) => d.first().map_or(Quantity::Customers, |d| d.quantity),
            ChartData::Money(_) => Quantity::Money,
            ChartData::Satisfaction(_) => Quantity::Share,
            ChartData::Flows(_) => Quantity::Customers,
        }
    }

    pub fn rows_at(&self, view: &View, month: u32) -> Vec<Row> {
        match self {
            ChartData::Band(d) => d.rows_at(view, month),
            ChartData::Stacks(d) => charts::stack::rows_of_panels(d, view, month),
            ChartData::Money(d) => d.rows_at(view, month),
            ChartData::Satisfaction(d) => d.rows_at(view, month),
            ChartData::Flows(d) => charts::flows::rows_of_panels(d, view, month),
        }
    }

    /// The row that closes the chart's table, if any: the rotation matrix's cells are
    /// totals over a period while its table is month by month, so the table ends with
    /// those totals ("Total, months 0 to 60") and the two read the same.
    /// The cells are CSV numbers, written as the rows above are.
    pub fn table_totals(&self, lang: Lang) -> Option<(String, Vec<String>)> {
        let ChartData::Flows(panels) = self else {
            return None;
        };
        let (first, last) = panels.first()?.window;
        let es = lang == Lang::Es;
        let label = if es {
            format!("Total, meses {first} a {last}")
        } else {
            format!("Total, months {first} to {last}")
        };
        let cells = charts::flows::column_totals(panels)
            .into_iter()
            .map(charts::frame::csv_number)
            .collect();
        Some((label, cells))
    }

    pub fn csv(&self, view: &View) -> String {
        match self {
            ChartData::Band(d) => d.csv(view),
            ChartData::Stacks(d) => charts::stack::csv_of_panels(d, view),
            ChartData::Money(d) => d.csv(view),
            ChartData::Satisfaction(d) => d.csv(view),
            ChartData::Flows(d) => charts::flows::csv_of_panels(d, view),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim;
    use plotters::prelude::*;

    /// Preset `id` at `customers` × `months`, `replications` of each scenario (seed 3).
    fn run_preset(id: &str, customers: u32, months: u32, replications: u32) -> Comparison {
        let mut scenarios = sim::preset(id).unwrap().scenarios;
        for s in &mut scenarios {
            s.customers = customers;
            s.horizon_months = months;
        }
        sim::run_many(&scenarios, 3, replications, &mut |_| sim::Flow::Continue).unwrap()
    }

    #[test]
    fn every_chart_builds_and_draws_in_both_languages() {
        let c = run_preset("lock-in-vs-free-exit", 1_500, 30, 3);
        let names = vec!["A".to_string(), "B".to_string()];
        for lang in [Lang::Es, Lang::En] {
            for kind in ChartKind::ALL {
                let data =
                    ChartData::build(kind, &c, (1, 0), 12, Series::SaveNotices).expect("data");
                let view = kind.view(lang, &names, Some(6), Some(20), Series::SaveNotices);
                let mut svg = String::new();
                {
                    let area = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
                    data.draw(&area, &view).expect("draws");
                }
                let first_word = view.title.split(' ').next().unwrap_or_default();
                assert!(svg.contains(first_word), "{kind:?} {lang:?}: no title");
                assert!(!data.csv(&view).is_empty());
                assert!(
                    !data.rows_at(&view, 6).is_empty(),
                    "{kind:?} has values at month 6"
                );
            }
        }
    }

    #[test]
    fn the_rotation_summary_states_the_totals_in_the_cells() {
        // The summary once read the last month's moves under "Over the whole horizon"
        // while the cells show totals over every month.
        let c = run_preset("reactive-vs-proactive", 1_500, 30, 3);
        let names = vec!["A".to_string(), "B".to_string()];
        let kind = ChartKind::Flows;
        let view = kind.view(Lang::En, &names, None, None, Series::Margin);
        let data = ChartData::build(kind, &c, (1, 0), 30, Series::Margin).unwrap();
        let ChartData::Flows(panels) = &data else {
            panic!("the rotation chart is a set of matrices")
        };
        // Our firm → the first rival, in A's panel: the first value named.
        let (total, last) = (panels[0].total(0, 1), panels[0].flow(30, 0, 1));
        assert!(total > last + 1.0, "{total} vs {last}");
        let shown = view.format.number(total.round(), 0);
        let text = data.summary(&view, 30, Lang::En);
        let first = text.split(';').next().unwrap();
        assert!(
            first.starts_with("Over the whole horizon: A") && first.ends_with(&format!(" {shown}")),
            "{text}"
        );
        // The canvas writes that very number in the cell.
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
            data.draw(&area, &view).expect("draws");
        }
        assert!(
            svg.contains(&format!(">\n{shown}\n<")),
            "no cell reads {shown}"
        );
        // Narrowed to some months, the cells and the summary total those months.
        let narrow = data.clone().over_months(10, 20);
        let ChartData::Flows(panels) = &narrow else {
            unreachable!()
        };
        let part = panels[0].total(0, 1);
        let expected: f64 = (10..=20).map(|t| panels[0].flow(t, 0, 1)).sum();
        assert_eq!(part, expected);
        let text = narrow.summary(&view, 30, Lang::Es);
        let first = text.split(';').next().unwrap();
        let shown = NumberFormat::spanish().number(part.round(), 0);
        assert!(
            first.starts_with("De los meses 10 a 20: A") && first.ends_with(&format!(" {shown}")),
            "{text}"
        );
        assert_eq!(
            rotation_title(narrow.period(30), Lang::En),
            "Rotation: customers moving between places, months 10 to 20"
        );
    }

    #[test]
    fn the_rotation_table_ends_with_the_totals_in_the_cells() {
        // Its rows are month by month; its last row adds them up over the months the
        // cells total, column for column, and reads as the summary does.
        let c = run_preset("reactive-vs-proactive", 1_500, 30, 3);
        let names = vec!["A".to_string(), "B".to_string()];
        let kind = ChartKind::Flows;
        let view = kind.view(Lang::En, &names, None, None, Series::Margin);
        let data = ChartData::build(kind, &c, (1, 0), 30, Series::Margin).unwrap();
        for (data, (first, last), label) in [
            (data.clone(), (0, 30), "Total, months 0 to 30"),
            (
                data.clone().over_months(10, 20),
                (10, 20),
                "Total, months 10 to 20",
            ),
        ] {
            let rows = crate::app::csv_locale::parse(&data.csv(&view));
            let (header, months) = rows.split_first().unwrap();
            let (text, cells) = data.table_totals(Lang::En).expect("a totals row");
            assert_eq!(text, label);
            assert_eq!(cells.len() + 1, header.len());
            let mut moved = 0.0;
            for (col, cell) in cells.iter().enumerate() {
                let sum: f64 = months
                    .iter()
                    .filter(|row| (first..=last).contains(&row[0].parse::<u32>().unwrap()))
                    .map(|row| row[col + 1].parse::<f64>().unwrap())
                    .sum();
                let total: f64 = cell.parse().unwrap();
                assert!(
                    (total - sum).abs() < 1e-6,
                    "{}: {total} vs {sum}",
                    header[col + 1]
                );
                moved += total;
            }
            assert!(moved > 10.0, "customers moved: {moved}");
            // The summary's first value is the first column's total.
            let shown = view
                .format
                .number(cells[0].parse::<f64>().unwrap().round(), 0);
            let summary = data.summary(&view, 30, Lang::En);
            assert!(
                summary
                    .split(';')
                    .next()
                    .unwrap()
                    .ends_with(&format!(" {shown}"))
            );
        }
        assert_eq!(
            data.table_totals(Lang::Es).unwrap().0,
            "Total, meses 0 a 30"
        );
        let retention = ChartData::build(ChartKind::Retention, &c, (1, 0), 30, Series::Margin);
        assert!(retention.unwrap().table_totals(Lang::En).is_none());
    }

    #[test]
    fn playback_reveals_months_without_changing_the_axes() {
        let c = run_preset("lock-in-vs-free-exit", 1_000, 24, 2);
        let names = vec!["A".to_string(), "B".to_string()];
        let svg = |kind: ChartKind, reveal: Option<u32>| {
            let data = ChartData::build(kind, &c, (1, 0), 24, Series::Reputation).unwrap();
            let view = kind.view(Lang::En, &names, None, reveal, Series::Reputation);
            let mut out = String::new();
            {
                let area = SVGBackend::with_string(&mut out, (800, 400)).into_drawing_area();
                data.draw(&area, &view).expect("draws");
            }
            out
        };
        for kind in ChartKind::ALL {
            for reveal in [Some(0), Some(5)] {
                let _ = svg(kind, reveal); // draws at the first months without error
            }
        }
        for kind in [ChartKind::Retention, ChartKind::States, ChartKind::Churn] {
            let part = svg(kind, Some(5));
            let full = svg(kind, None);
            assert!(
                part.len() < full.len(),
                "{kind:?}: revealing 5 months draws less"
            );
            // The axes keep the whole horizon: the same texts (ticks, titles), with the
            // 20-month tick, in both drawings.
            let texts = |svg: &str| -> Vec<String> {
                svg.split("</text>")
                    .filter_map(|t| t.rsplit('>').next())
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            assert!(
                texts(&part).iter().any(|t| t == "20"),
                "{kind:?}: {:?}",
                texts(&part)
            );
            assert_eq!(texts(&part), texts(&full), "{kind:?}: same axis texts");
        }
    }

    #[test]
    fn a_months_flows_start_at_month_1_and_a_new_customers_value_where_it_is_estimable() {
        let c = run_preset("lock-in-vs-free-exit", 1_000, 60, 3);
        let names = vec!["A".to_string(), "B".to_string()];
        let lines = |kind: ChartKind, series: Series| match ChartData::build(
            kind,
            &c,
            (1, 0),
            12,
            series,
        ) {
            Some(ChartData::Band(chart)) => chart,
            _ => panic!("{kind:?} {series:?}: not a band chart"),
        };
        for series in [Series::AveragePrice, Series::Revenue, Series::ChurnTotal] {
            assert!(series.is_monthly_flow());
            // The difference chart shows running totals of money (0 at month 0 is
            // then a value), and a month's flow of the others.
            let kinds = if sim::CUMULATED.contains(&series) {
                vec![ChartKind::Explore]
            } else {
                vec![ChartKind::Explore, ChartKind::Difference]
            };
            for kind in kinds {
                let chart = lines(kind, series);
                assert!(
                    chart.lines.iter().all(|l| l.start == 1),
                    "{kind:?} {series:?}"
                );
                // Month 0 is neither in the read-out nor in the table.
                let view = kind.view(Lang::En, &names, None, None, series);
                assert!(chart.rows_at(&view, 0).is_empty(), "{kind:?} {series:?}");
                assert!(!chart.rows_at(&view, 1).is_empty(), "{kind:?} {series:?}");
            }
        }
        for series in [Series::ActiveCustomers, Series::MeanSatisfaction] {
            assert!(!series.is_monthly_flow());
            assert!(
                lines(ChartKind::Explore, series)
                    .lines
                    .iter()
                    .all(|l| l.start == 0)
            );
        }
        // The price paid is a real price from month 1: the line no longer rises from 0.
        let price = lines(ChartKind::Explore, Series::AveragePrice);
        assert!(price.lines.iter().all(|l| l.band.median[1] > 10.0));
        let value = lines(ChartKind::Explore, Series::NewCustomerValue);
        for l in &value.lines {
            assert!(l.start > 1, "{}", l.name);
            assert!(l.band.p05[l.start] > 0.0 && l.band.p05[l.start - 1] == 0.0);
        }
    }

    #[test]
    fn the_difference_chart_needs_two_scenarios() {
        let one = sim::run_many(
            &[sim::Scenario {
                customers: 500,
                horizon_months: 6,
                ..sim::Scenario::default()
            }],
            1,
            1,
            &mut |_| sim::Flow::Continue,
        )
        .unwrap();
        assert!(ChartData::build(ChartKind::Difference, &one, (0, 0), 0, Series::Margin).is_none());
        assert!(ChartData::build(ChartKind::Retention, &one, (0, 0), 0, Series::Margin).is_some());
    }

    #[test]
    fn the_difference_chart_compares_any_series_running_totals_for_money() {
        let c = run_preset("lock-in-vs-free-exit", 1_000, 12, 3);
        let d = &c.differences[0];
        // Money: the running total; anything else: the series itself.
        let ChartData::Band(margin) =
            ChartData::build(ChartKind::Difference, &c, (1, 0), 0, Series::Margin).unwrap()
        else {
            panic!("a band chart")
        };
        assert_eq!(
            margin.lines[0].band,
            *d.cumulative(Series::Margin, 0).unwrap()
        );
        let ChartData::Band(active) = ChartData::build(
            ChartKind::Difference,
            &c,
            (1, 0),
            0,
            Series::ActiveCustomers,
        )
        .unwrap() else {
            panic!("a band chart")
        };
        assert_eq!(active.lines[0].band, *d.band(Series::ActiveCustomers, 0));
        let view = ChartKind::Difference.view(Lang::En, &[], None, None, Series::ActiveCustomers);
        assert!(view.title.ends_with("Active customers"), "{}", view.title);
        let view = ChartKind::Difference.view(Lang::Es, &[], None, None, Series::Margin);
        assert!(view.title.ends_with("(acumulado)"), "{}", view.title);
    }
}
