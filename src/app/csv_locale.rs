//! Chart data for people and spreadsheets in the reader's language: the canonical CSV
//! that every chart writes (`,` between fields, `.` decimals) rewritten for the locale
//! (a Spanish spreadsheet reads `,` as the decimal mark, so Spanish gets `;` between
//! fields), the same rows for an HTML table, and the one-sentence summary of a chart
//! at the month shown. Only text in, text out: tested on the host.

use super::i18n::Lang;
use crate::charts::{NumberFormat, Quantity, Row};

/// The rows of a canonical CSV text (RFC 4180 quoting: `"` around a field, `""` for a
/// quote inside it). Blank lines are skipped; a missing closing quote ends the field at
/// the end of the text rather than failing, so a damaged text still shows.
pub fn parse(csv: &str) -> Vec<Vec<String>> {
    parse_with(csv, ',')
}

/// The rows of a CSV text whose fields are separated by `sep`.
pub fn parse_with(csv: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    // Whether the current row has any field yet (an empty line has none).
    let mut started = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                started = true;
            }
            c if c == sep => {
                row.push(std::mem::take(&mut field));
                started = true;
            }
            '\r' => {}
            '\n' => {
                if started || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                started = false;
            }
            _ => {
                field.push(c);
                started = true;
            }
        }
    }
    if started || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Whether a canonical field is a number as the charts write them (`-12.5`, `3`): only
/// these get the locale's decimal mark; labels such as "5-95" stay as they are.
fn is_number(field: &str) -> bool {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (frac.is_empty() || frac.bytes().all(|b| b.is_ascii_digit()))
        && !(digits.contains('.') && frac.is_empty())
}

/// One field as the locale writes it: numbers with the locale's decimal mark, text as is.
pub fn localize_field(field: &str, lang: Lang) -> String {
    if lang == Lang::Es && is_number(field) {
        field.replacen('.', ",", 1)
    } else {
        field.to_string()
    }
}

/// A field of a chart's CSV as its on-page table shows it: a number to four
/// significant digits (its whole part always), thousands grouped, in the reader's
/// language. The CSV keeps every digit of the f64, "214.60000000000002" or a median
/// share of "35.537165", for a spreadsheet; a person reads 214.6 and 35.54.
pub fn table_text(field: &str, lang: Lang) -> String {
    match field.parse::<f64>() {
        Ok(v) if is_number(field) => super::explain::format_significant(v, 4, lang),
        _ => field.to_string(),
    }
}

/// The field separator of the locale's spreadsheets.
pub fn separator(lang: Lang) -> char {
    match lang {
        Lang::Es => ';',
        Lang::En => ',',
    }
}

/// A canonical CSV rewritten for `lang`: Spanish `;` between fields and decimal
/// commas, English unchanged in form. A label is quoted when it holds a separator of
/// either kind, a quote or a line break, so it opens as one cell whatever separator a
/// spreadsheet guesses; a number only when it holds the file's own separator (never).
pub fn to_locale(csv: &str, lang: Lang) -> String {
    let sep = separator(lang);
    let mut out = String::with_capacity(csv.len() + 16);
    for row in parse(csv) {
        for (i, field) in row.iter().enumerate() {
            if i > 0 {
                out.push(sep);
            }
            let text = localize_field(field, lang);
            let labelled = !is_number(field) && text.contains([',', ';']);
            if labelled || text.contains([sep, '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&text);
            }
        }
        out.push('\n');
    }
    out
}

/// The download name of chart `id`'s CSV, which says the format chosen (a reader who
/// imports it by hand needs the separator).
pub fn file_name(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("fideliza-{id}-es-separado-por-punto-y-coma.csv"),
        Lang::En => format!("fideliza-{id}-en-comma-separated.csv"),
    }
}

/// A value for people: counts of customers are whole (a median of replications may
/// fall between two counts, which reads as noise), the rest as the charts write them.
pub fn value_text(format: &NumberFormat, v: f64, quantity: Quantity) -> String {
    match quantity {
        Quantity::Customers => format.number(v.round(), 0),
        _ => format.value(v, quantity),
    }
}

/// How many values a summary names before pointing to the table.
pub const SUMMARY_VALUES: usize = 6;

/// The time a chart's values are for, as its summary names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One month's values (charts by month, the satisfaction histogram).
    Month(u32),
    /// Totals over the whole horizon (the rotation matrix).
    Horizon,
    /// Totals over months `.0` to `.1`, both included (a lesson's rotation matrix).
    Months(u32, u32),
}

impl Period {
    /// "At month 24", "Over the whole horizon", "Over months 24 to 35".
    pub fn text(self, lang: Lang) -> String {
        let es = lang == Lang::Es;
        match self {
            Period::Month(m) if es => format!("En el mes {m}"),
            Period::Month(m) => format!("At month {m}"),
            Period::Horizon if es => "En todo el horizonte".to_string(),
            Period::Horizon => "Over the whole horizon".to_string(),
            Period::Months(a, b) if es => format!("De los meses {a} a {b}"),
            Period::Months(a, b) => format!("Over months {a} to {b}"),
        }
    }
}

/// The short sentence that tells a screen reader what a chart shows over `period`:
/// the first values of `rows` (which must be the values for that period), and how many
/// more the table has; `scenario` names the one scenario of a single-scenario chart
/// (its rows do not say it).
pub fn summary(
    rows: &[Row],
    period: Period,
    scenario: Option<&str>,
    format: &NumberFormat,
    lang: Lang,
) -> String {
    let es = lang == Lang::Es;
    let mut when = period.text(lang);
    if let Some(name) = scenario {
        when = format!("{when} ({name})");
    }
    if rows.is_empty() {
        return if es {
            format!("{when} no hay datos.")
        } else {
            format!("{when} there is no data.")
        };
    }
    let named: Vec<String> = rows
        .iter()
        .take(SUMMARY_VALUES)
        .map(|r| format!("{} {}", r.label, value_text(format, r.value, r.quantity)))
        .collect();
    let mut out = format!("{when}: {}.", named.join("; "));
    let rest = rows.len().saturating_sub(SUMMARY_VALUES);
    if rest > 0 {
        out.push_str(&if es {
            format!(" La tabla tiene {rest} valores más.")
        } else {
            format!(" The table has {rest} more values.")
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANONICAL: &str =
        "Month,\"A · Free exit, no lock-in p50 (%)\",B p5 (€)\n0,100,-12.5\n1,98.25,3\n";

    #[test]
    fn table_cells_read_as_numbers_people_write() {
        assert_eq!(table_text("214.60000000000002", Lang::En), "214.6");
        assert_eq!(table_text("214.60000000000002", Lang::Es), "214,6");
        assert_eq!(table_text("12345", Lang::Es), "12.345");
        assert_eq!(table_text("35.537165", Lang::En), "35.54");
        assert_eq!(table_text("12919.975", Lang::Es), "12.920");
        assert_eq!(table_text("A · Free exit", Lang::En), "A · Free exit");
        assert_eq!(table_text("", Lang::En), "");
    }

    #[test]
    fn quoted_fields_keep_their_commas_and_quotes() {
        let rows = parse("a,\"b, c\",\"say \"\"hi\"\"\"\n\n1,,2\n");
        assert_eq!(
            rows,
            vec![
                vec!["a".to_string(), "b, c".into(), "say \"hi\"".into()],
                vec!["1".into(), "".into(), "2".into()],
            ]
        );
        // A last line without a line break, and a damaged quote, still read.
        assert_eq!(parse("x,1"), vec![vec!["x".to_string(), "1".into()]]);
        assert_eq!(parse("\"open,1"), vec![vec!["open,1".to_string()]]);
    }

    #[test]
    fn spanish_gets_semicolons_and_decimal_commas() {
        let es = to_locale(CANONICAL, Lang::Es);
        let lines: Vec<&str> = es.lines().collect();
        assert_eq!(
            lines,
            vec![
                "Month;\"A · Free exit, no lock-in p50 (%)\";B p5 (€)",
                "0;100;-12,5",
                "1;98,25;3",
            ]
        );
        // Read back with the Spanish separator, every label is whole and every number
        // is the canonical one with a decimal comma.
        let back = parse_with(&es, ';');
        assert_eq!(back[0][1], "A · Free exit, no lock-in p50 (%)");
        assert_eq!(back[1], vec!["0", "100", "-12,5"]);
        assert_eq!(back.len(), parse(CANONICAL).len());
    }

    #[test]
    fn english_keeps_the_canonical_form() {
        assert_eq!(to_locale(CANONICAL, Lang::En), CANONICAL);
    }

    #[test]
    fn only_numbers_get_a_decimal_comma() {
        for (field, es) in [
            ("3.5", "3,5"),
            ("-0.25", "-0,25"),
            ("12", "12"),
            ("5-95", "5-95"),
            ("1.2.3", "1.2.3"),
            ("v2.", "v2."),
            ("2.", "2."),
            (".5", ".5"),
            ("", ""),
            ("A · 0.5 (%)", "A · 0.5 (%)"),
        ] {
            assert_eq!(localize_field(field, Lang::Es), es, "{field}");
            assert_eq!(localize_field(field, Lang::En), field);
        }
    }

    #[test]
    fn file_names_say_the_format() {
        assert!(file_name("retention", Lang::Es).contains("punto-y-coma"));
        assert!(file_name("retention", Lang::En).contains("comma"));
        assert!(file_name("retention", Lang::Es).ends_with(".csv"));
    }

    fn row(label: &str, value: f64, quantity: Quantity) -> Row {
        Row {
            label: label.into(),
            value,
            band: None,
            quantity,
        }
    }

    #[test]
    fn customer_counts_are_whole() {
        let es = NumberFormat::spanish();
        let en = NumberFormat::english();
        assert_eq!(value_text(&es, 0.0, Quantity::Customers), "0");
        assert_eq!(value_text(&es, 2.5, Quantity::Customers), "3");
        assert_eq!(value_text(&en, 1234.4, Quantity::Customers), "1,234");
        assert_eq!(value_text(&es, 0.125, Quantity::Share), "12,5\u{a0}%");
    }

    #[test]
    fn summaries_name_the_month_and_the_first_values() {
        let es = NumberFormat::spanish();
        let rows = vec![
            row("A · Salida libre", 0.623, Quantity::Share),
            row("B · Permanencia", 0.701, Quantity::Share),
        ];
        assert_eq!(
            summary(&rows, Period::Month(60), None, &es, Lang::Es),
            "En el mes 60: A · Salida libre 62,3\u{a0}%; B · Permanencia 70,1\u{a0}%."
        );
        let many: Vec<Row> = (0..9)
            .map(|i| row(&format!("r{i}"), f64::from(i), Quantity::Customers))
            .collect();
        let en = summary(
            &many,
            Period::Horizon,
            None,
            &NumberFormat::english(),
            Lang::En,
        );
        assert!(
            en.starts_with("Over the whole horizon: r0 0; r1 1;"),
            "{en}"
        );
        assert!(en.ends_with("The table has 3 more values."), "{en}");
        assert!(!en.contains("r6"), "{en}");
        assert_eq!(
            summary(&[], Period::Month(3), None, &es, Lang::Es),
            "En el mes 3 no hay datos."
        );
        assert_eq!(
            summary(
                &rows[..1],
                Period::Month(2),
                Some("B · Lock-in"),
                &NumberFormat::english(),
                Lang::En
            ),
            "At month 2 (B · Lock-in): A · Salida libre 62.3%."
        );
    }
}
