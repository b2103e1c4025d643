//! The scenario editor's levers: one entry per user-editable parameter of a
//! [`sim::Scenario`], with its panel, kind and range, texts in Spanish and English, and a
//! getter and a checked setter. The UI renders the editor generically from this table.
//!
//! Levers of list items (customer segments, competitors, scheduled outages) are defined
//! once and applied to an item with an index: a [`Control`] is a lever bound to an item.
//! [`controls`] lists every control of a scenario in panel order; [`control_at`] finds the
//! control of a JSON path such as `population.segments[1].share` (the paths
//! [`sim::Problem`] uses).
//!
//! Ranges agree with `sim::validate`: a value accepted by [`Control::set`] never makes a
//! valid scenario invalid. Where the validator ties a field to others (segment shares add
//! up to 1, initial market shares at most 1, detractor threshold at most the promoter
//! threshold, contact links bounded by the number of customers), the range of the control
//! depends on the scenario ([`Control::range`]); setting one share of a set that must add
//! up to 1 rescales the others.

use super::i18n::Lang;
use crate::sim::Scenario;
use crate::sim::policy::{AdoptionMode, ChannelMode, PeerMixing, ReplyMix, ReplySpeed};

use crate::sim::MAX_CONTACT_LINKS;
/// Term set when the contract choice is switched to lock-in from free exit.
pub const DEFAULT_LOCK_IN_MONTHS: u32 = 24;

/// A text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr {
    pub es: &'static str,
    pub en: &'static str,
}

impl Tr {
    pub const fn new(es: &'static str, en: &'static str) -> Self {
        Self { es, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.es,
            Lang::En => self.en,
        }
    }
}

const fn tr(es: &'static str, en: &'static str) -> Tr {
    Tr::new(es, en)
}

/// The panel of the editor a lever belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Size, horizon and customer segments.
    Population,
    /// The focal firm's place in the market and its competitors.
    Market,
    /// Essay 4, "This is how real loyalty begins": lock-in vs free exit.
    Contract,
    /// Essay 3, "Clients: immediacy and memory": reply times and CRM memory.
    Replies,
    /// Essay 3 again: a desk that tries to keep customers who give notice.
    SaveDesk,
    /// Essay 1, "If you force me to be your customer...": forced vs opt-in service.
    Adoption,
    /// Essay 2, "The need to get close to the customer": direct vs distributors.
    Channel,
    /// Essay 5, "Experience WITH the customer": proactive vs reactive communication.
    Communication,
    WordOfMouth,
    Satisfaction,
    Economics,
}

impl Group {
    pub const ALL: [Group; 11] = [
        Group::Population,
        Group::Market,
        Group::Contract,
        Group::Replies,
        Group::SaveDesk,
        Group::Adoption,
        Group::Channel,
        Group::Communication,
        Group::WordOfMouth,
        Group::Satisfaction,
        Group::Economics,
    ];

    /// The essay the panel comes from, if any.
    pub fn essay(self) -> Option<crate::sim::Essay> {
        use crate::sim::Essay;
        match self {
            Group::Contract => Some(Essay::RealLoyalty),
            Group::Replies | Group::SaveDesk => Some(Essay::ImmediacyAndMemory),
            Group::Adoption => Some(Essay::ForcedService),
            Group::Channel => Some(Essay::CloseToCustomer),
            Group::Communication => Some(Essay::ExperienceWithCustomer),
            _ => None,
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        self.texts().0.get(lang)
    }

    /// One line under the title saying what the panel is about.
    pub fn intro(self, lang: Lang) -> &'static str {
        self.texts().1.get(lang)
    }

    fn texts(self) -> (Tr, Tr) {
        match self {
            Group::Population => (
                tr("Clientes", "Customers"),
                tr(
                    "Cuántas personas hay en el mercado, cuántos meses se simulan y cómo son los segmentos de clientes.",
                    "How many people the market holds, how many months to simulate, and what the customer segments are like.",
                ),
            ),
            Group::Market => (
                tr("Mercado y competidores", "Market and competitors"),
                tr(
                    "La calidad y la cuota de nuestra empresa, sus competidores y cómo se mueven los clientes entre ellos.",
                    "Our firm's quality and share, its competitors, and how customers move between them.",
                ),
            ),
            Group::Contract => (
                tr("Permanencia o libertad", "Lock-in or free exit"),
                tr(
                    "Ensayo 4: un contrato de permanencia retiene a quien quiere irse, pero lo convierte en cliente cautivo.",
                    "Essay 4: a minimum-term contract holds back customers who want to leave, but turns them into captives.",
                ),
            ),
            Group::Replies => (
                tr("Inmediatez y memoria", "Immediacy and memory"),
                tr(
                    "Ensayo 3: cuánto tarda la empresa en responder y si recuerda a sus clientes antes de que se lo pidan.",
                    "Essay 3: how fast the firm replies, and whether it remembers its customers before they ask.",
                ),
            ),
            Group::SaveDesk => (
                tr("Retener a quien se va", "Keeping those who leave"),
                tr(
                    "Ensayo 3: en vez de llamar antes, esperar a que el cliente pida la baja e intentar retenerlo con una oferta.",
                    "Essay 3: instead of calling first, wait until the customer asks to leave and try to keep them with an offer.",
                ),
            ),
            Group::Adoption => (
                tr(
                    "Servicio nuevo: obligado o voluntario",
                    "New service: forced or opt-in",
                ),
                tr(
                    "Ensayo 1: un servicio nuevo que los clientes adoptan porque quieren o porque se les obliga.",
                    "Essay 1: a new service customers take up because they want to, or because they are made to.",
                ),
            ),
            Group::Channel => (
                tr("Cerca del cliente", "Close to the customer"),
                tr(
                    "Ensayo 2: escuchar directamente a los clientes o a través de distribuidores, y mejorar la oferta con lo que se oye.",
                    "Essay 2: hearing customers directly or through distributors, and improving the offer with what is heard.",
                ),
            ),
            Group::Communication => (
                tr(
                    "Comunicación proactiva o reactiva",
                    "Proactive or reactive communication",
                ),
                tr(
                    "Ensayo 5: incidencias y cortes del servicio, y si la empresa avisa antes de que el cliente llame.",
                    "Essay 5: incidents and outages, and whether the firm speaks up before the customer calls.",
                ),
            ),
            Group::WordOfMouth => (
                tr("Boca a boca", "Word of mouth"),
                tr(
                    "La red de contactos entre clientes: por ella viajan las quejas, las bajas y la adopción.",
                    "The network of contacts between customers: complaints, departures and adoption travel along it.",
                ),
            ),
            Group::Satisfaction => (
                tr("Satisfacción", "Satisfaction"),
                tr(
                    "Cómo recuerdan los clientes lo que les pasa y cuánto pesa su satisfacción en la decisión de irse.",
                    "How customers remember what happens to them, and how much their satisfaction weighs on leaving.",
                ),
            ),
            Group::Economics => (
                tr("Economía", "Economics"),
                tr(
                    "El margen sobre los ingresos y la tasa de descuento para el valor del cliente.",
                    "The margin on revenue and the discount rate for customer lifetime value.",
                ),
            ),
        }
    }
}

/// What a lever applies to: the scenario itself or one item of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Scenario,
    /// `population.segments[i]`
    Segment,
    /// `market.competitors[i]`
    Competitor,
    /// `communication.outages[i]`
    Outage,
}

impl Scope {
    /// Path of the list in the scenario JSON (`None` for the scenario itself).
    pub fn list_path(self) -> Option<&'static str> {
        match self {
            Scope::Scenario => None,
            Scope::Segment => Some("population.segments"),
            Scope::Competitor => Some("market.competitors"),
            Scope::Outage => Some("communication.outages"),
        }
    }

    /// Prefix of the lever ids of this scope (`segment.`, ...).
    fn id_prefix(self) -> &'static str {
        match self {
            Scope::Scenario => "",
            Scope::Segment => "segment.",
            Scope::Competitor => "competitor.",
            Scope::Outage => "outage.",
        }
    }

    /// Number of items of this scope in a scenario (1 for the scenario itself).
    pub fn count(self, s: &Scenario) -> usize {
        match self {
            Scope::Scenario => 1,
            Scope::Segment => s.population.segments.len(),
            Scope::Competitor => s.market.competitors.len(),
            Scope::Outage => s.communication.outages.len(),
        }
    }

    /// Name of one item for headings, e.g. "Segmento 2" (index 1).
    pub fn item_name(self, index: usize, lang: Lang) -> String {
        let n = index + 1;
        match (self, lang) {
            (Scope::Scenario, _) => String::new(),
            (Scope::Segment, Lang::Es) => format!("Segmento {n}"),
            (Scope::Segment, Lang::En) => format!("Segment {n}"),
            (Scope::Competitor, Lang::Es) => format!("Competidor {n}"),
            (Scope::Competitor, Lang::En) => format!("Competitor {n}"),
            (Scope::Outage, Lang::Es) => format!("Corte programado {n}"),
            (Scope::Outage, Lang::En) => format!("Scheduled outage {n}"),
        }
    }
}

/// One option of a choice lever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Stable id (the serde name where the choice is a scenario enum).
    pub id: &'static str,
    label: Tr,
}

impl Choice {
    pub fn label(&self, lang: Lang) -> &'static str {
        self.label.get(lang)
    }
}

const fn opt(id: &'static str, es: &'static str, en: &'static str) -> Choice {
    Choice {
        id,
        label: tr(es, en),
    }
}

/// How a lever is edited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A real number in `[min, max]` (stored units). The UI shows `value * scale` with
    /// `decimals` decimals (e.g. a probability 0.05 with scale 100 is shown as 5 %).
    /// `typical` is the range a slider should cover; typed values may use all of
    /// `[min, max]`.
    Number {
        min: f64,
        max: f64,
        step: f64,
        scale: f64,
        decimals: usize,
        typical: (f64, f64),
    },
    /// A whole number in `[min, max]`.
    Integer { min: i64, max: i64, step: i64 },
    /// On or off.
    Toggle,
    /// One of named options.
    Choice(&'static [Choice]),
}

/// The fewest decimals from `least` (and at most four more) that write `v` exactly, to
/// within the noise of a scaled f64 (0.124 × 100 is 12.399999999999999): a number
/// lever's field shows the value in effect, so a typed 12.4 % reads 12.4, not the 12
/// of the lever's usual decimals while 12.4 is what runs.
pub fn shown_decimals(v: f64, least: usize) -> usize {
    (least..=least + 4)
        .find(|&d| {
            let p = 10f64.powi(d as i32);
            ((v * p).round() / p - v).abs() <= 1e-9 * v.abs().max(1.0)
        })
        .unwrap_or(least + 4)
}

impl Kind {
    /// Static bounds (stored units) of a numeric kind; a control's bounds may be
    /// narrower, see [`Control::range`].
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match *self {
            Kind::Number { min, max, .. } => Some((min, max)),
            Kind::Integer { min, max, .. } => Some((min as f64, max as f64)),
            _ => None,
        }
    }

    /// Step in stored units.
    pub fn step(&self) -> Option<f64> {
        match *self {
            Kind::Number { step, .. } => Some(step),
            Kind::Integer { step, .. } => Some(step as f64),
            _ => None,
        }
    }

    /// Multiplier from stored to shown values (1 for integers).
    pub fn scale(&self) -> f64 {
        match *self {
            Kind::Number { scale, .. } => scale,
            _ => 1.0,
        }
    }

    /// Decimals to show.
    pub fn decimals(&self) -> usize {
        match *self {
            Kind::Number { decimals, .. } => decimals,
            _ => 0,
        }
    }

    /// The options of a choice.
    pub fn options(&self) -> &'static [Choice] {
        match *self {
            Kind::Choice(o) => o,
            _ => &[],
        }
    }

    /// The static id of an option given as text (e.g. a `<select>` value).
    pub fn option_id(&self, text: &str) -> Option<&'static str> {
        self.options().iter().find(|o| o.id == text).map(|o| o.id)
    }
}

/// A lever's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Integer(i64),
    Toggle(bool),
    Choice(&'static str),
}

impl Value {
    /// The value as a number (integers too), for ranges and charts.
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(x),
            Value::Integer(n) => Some(n as f64),
            _ => None,
        }
    }
}

/// Why a value was refused. The scenario is left unchanged.
#[derive(Clone, Debug, PartialEq)]
pub enum LeverError {
    /// Outside the allowed range (stored units; the message shows them as displayed).
    OutOfRange {
        lever: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// NaN or infinite.
    NotFinite { lever: &'static str },
    /// A whole number was expected.
    NotWhole { lever: &'static str, value: f64 },
    /// The value is of another kind than the lever (e.g. on/off for a number).
    WrongKind { lever: &'static str },
    /// Not one of the lever's options.
    UnknownOption { lever: &'static str, option: String },
    /// The segment, competitor or outage does not exist (any more).
    NoSuchItem { lever: &'static str, index: usize },
    /// Typed text that is not a number.
    NotANumber { lever: &'static str, text: String },
    /// A whole number typed with the language's decimal mark before three digits
    /// ("1,000" in Spanish, "2.500" in English): the other convention's thousands, or
    /// decimals no count has, so it is asked again rather than guessed.
    Ambiguous { lever: &'static str, text: String },
}

/// A unit after exactly 1: its first word in the singular ("1 mes", "1 person"), the
/// rest as it is ("1 mes (0 = nunca)"). Units that do not change are returned as given.
fn one_of(unit: &str) -> String {
    const SINGULAR: &[(&str, &str)] = &[
        ("meses", "mes"),
        ("months", "month"),
        ("personas", "persona"),
        ("people", "person"),
        ("contactos", "contacto"),
        ("contacts", "contact"),
        ("horas", "hora"),
        ("hours", "hour"),
        ("puntos", "punto"),
        ("points", "point"),
    ];
    let (first, rest) = unit.split_at(unit.find(' ').unwrap_or(unit.len()));
    match SINGULAR.iter().find(|(many, _)| *many == first) {
        Some((_, one)) => format!("{one}{rest}"),
        None => unit.to_string(),
    }
}

/// `text` (a number as a lever displays it, then any unit) without the zeros that end
/// its decimals, nor a decimal mark left with none: "10.000,000" → "10.000",
/// "100,0 % al mes" → "100 % al mes", "0,001" stays.
fn without_trailing_zeros(text: &str, lang: Lang) -> String {
    let mark = if lang == Lang::Es { ',' } else { '.' };
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(end);
    match number.rfind(mark) {
        Some(at) => {
            let decimals = number[at + 1..].trim_end_matches('0');
            let whole = &number[..at];
            if decimals.is_empty() {
                format!("{whole}{unit}")
            } else {
                format!("{whole}{mark}{decimals}{unit}")
            }
        }
        None => text.to_string(),
    }
}

impl LeverError {
    /// The id of the lever concerned.
    pub fn lever_id(&self) -> &'static str {
        match self {
            LeverError::OutOfRange { lever, .. }
            | LeverError::NotFinite { lever }
            | LeverError::NotWhole { lever, .. }
            | LeverError::WrongKind { lever }
            | LeverError::UnknownOption { lever, .. }
            | LeverError::NoSuchItem { lever, .. }
            | LeverError::NotANumber { lever, .. }
            | LeverError::Ambiguous { lever, .. } => lever,
        }
    }

    /// A message for the control, in the user's language, with the allowed range in the
    /// lever's displayed units (e.g. "Debe estar entre 0 % y 100 %."; a bound shows the
    /// decimals it has, not the lever's: "10.000", not "10.000,000").
    pub fn message(&self, lang: Lang) -> String {
        let lever = lever(self.lever_id());
        let es = lang == Lang::Es;
        match self {
            LeverError::OutOfRange { min, max, .. } => {
                let (lo, hi) = match lever {
                    Some(l) => (l.display_bound(*min, lang), l.display_bound(*max, lang)),
                    None => (
                        super::explain::format_auto(*min, lang),
                        super::explain::format_auto(*max, lang),
                    ),
                };
                if lo == hi {
                    if es {
                        format!("Aquí solo cabe {lo}.")
                    } else {
                        format!("The only value allowed here is {lo}.")
                    }
                } else if es {
                    format!("Debe estar entre {lo} y {hi}.")
                } else {
                    format!("Must be between {lo} and {hi}.")
                }
            }
            LeverError::NotFinite { .. } => {
                if es {
                    "Escribe un número.".into()
                } else {
                    "Enter a number.".into()
                }
            }
            LeverError::NotWhole { .. } => {
                if es {
                    "Escribe un número entero.".into()
                } else {
                    "Enter a whole number.".into()
                }
            }
            LeverError::WrongKind { .. } => {
                if es {
                    "Este control no admite ese tipo de valor.".into()
                } else {
                    "This control does not take that kind of value.".into()
                }
            }
            LeverError::UnknownOption { option, .. } => {
                let list = lever
                    .map(|l| {
                        l.kind
                            .options()
                            .iter()
                            .map(|o| o.label(lang))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                if es {
                    format!("«{option}» no es una opción válida. Opciones: {list}.")
                } else {
                    format!("\"{option}\" is not an option. Options: {list}.")
                }
            }
            LeverError::NoSuchItem { .. } => {
                if es {
                    "Ese elemento ya no existe en el escenario.".into()
                } else {
                    "That item no longer exists in the scenario.".into()
                }
            }
            LeverError::NotANumber { text, .. } if text.trim().is_empty() => {
                if es {
                    "Escribe un número.".into()
                } else {
                    "Type a number.".into()
                }
            }
            LeverError::NotANumber { text, .. } => {
                if es {
                    format!("«{text}» no es un número.")
                } else {
                    format!("\"{text}\" is not a number.")
                }
            }
            LeverError::Ambiguous { text, .. } => {
                let (whole, decimals) = text.split_once([',', '.']).unwrap_or((text, ""));
                if es {
                    format!(
                        "«{text}» lleva coma decimal, pero aquí va un número entero. Para {whole}.{decimals}, escribe {whole}{decimals} o {whole}.{decimals}."
                    )
                } else {
                    format!(
                        "\"{text}\" has a decimal point, but a whole number goes here. For {whole},{decimals}, type {whole}{decimals} or {whole},{decimals}."
                    )
                }
            }
        }
    }
}

impl std::fmt::Display for LeverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.lever_id(), self.message(Lang::En))
    }
}

impl std::error::Error for LeverError {}

/// Whether `t` is digits, the language's decimal mark once, and three digits: for a
/// count, the other convention's thousands ("1,000" typed in the Spanish app) as likely
/// as decimals.
fn thousands_or_decimals(t: &str, lang: Lang) -> bool {
    let mark = if lang == Lang::Es { ',' } else { '.' };
    let t = t.trim_start_matches(['-', '+']);
    match t.split_once(mark) {
        Some((whole, after)) => {
            !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && three_digits(after)
        }
        None => false,
    }
}

/// Exactly three digits: what follows a thousands separator.
fn three_digits(after: &str) -> bool {
    after.len() == 3 && after.bytes().all(|b| b.is_ascii_digit())
}

/// A number as someone typed it, in either convention: "1.234,5" (Spanish) or
/// "1,234.5" (English), with spaces allowed between digits. A class mixes the two, so
/// a separator is only taken for a thousands separator where it can be one (groups of
/// exactly three digits after it); where it cannot, it is the decimal mark of the
/// other convention: "25.50" in the Spanish app is 25.5, not 2,550, and "12,5" in the
/// English app is 12.5. The one reading left to the language is a single separator
/// followed by three digits: "20.000" is 20 thousand in Spanish and 20 in English, as
/// each convention writes it. `None` for anything else that is not a number.
pub fn read_number(text: &str, lang: Lang) -> Option<f64> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (dots, commas) = (t.matches('.').count(), t.matches(',').count());
    let decimal = match lang {
        Lang::Es => ',',
        Lang::En => '.',
    };
    // Which character separates thousands, if any, and which marks the decimals.
    let (grouping, mark) = match (dots, commas) {
        (0, 0) => (None, None),
        // Both: the last one marks the decimals, once.
        (_, _) if dots > 0 && commas > 0 => {
            let last = if t.rfind('.') > t.rfind(',') {
                '.'
            } else {
                ','
            };
            let other = if last == '.' { ',' } else { '.' };
            if t.matches(last).count() > 1 {
                return None;
            }
            (Some(other), Some(last))
        }
        // One kind, more than once: thousands.
        (d, c) if d > 1 || c > 1 => (Some(if d > 1 { '.' } else { ',' }), None),
        // One separator, once.
        _ => {
            let sep = if dots == 1 { '.' } else { ',' };
            let after = t.split(sep).nth(1).unwrap_or("");
            // The language's decimal mark, or the other mark where it cannot group.
            if sep == decimal || !three_digits(after) {
                (None, Some(sep))
            } else {
                (Some(sep), None)
            }
        }
    };
    let (whole, fraction) = match mark {
        Some(m) => t.split_once(m)?,
        None => (t.as_str(), ""),
    };
    let digits = match grouping {
        Some(g) => {
            let unsigned = whole.trim_start_matches(['-', '+']);
            let mut groups = unsigned.split(g);
            let first = groups.next()?;
            let well_grouped = (1..=3).contains(&first.len())
                && groups.all(|p| p.len() == 3)
                && unsigned.bytes().all(|b| b.is_ascii_digit() || b == g as u8);
            if !well_grouped {
                return None;
            }
            whole.replace(g, "")
        }
        None => whole.to_string(),
    };
    let number = if mark.is_some() {
        format!("{digits}.{fraction}")
    } else {
        digits
    };
    number.parse().ok()
}

/// When a lever matters: the UI greys out a lever whose condition does not hold and
/// shows [`Requires::note`] beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requires {
    Always,
    /// The focal firm has a minimum term.
    LockIn,
    /// The focal firm or some competitor has a minimum term.
    AnyTie,
    /// Focal reply speed is `custom`.
    CustomReplies,
    /// This competitor's reply speed is `custom`.
    CompetitorCustomReplies,
    /// CRM memory is on.
    CrmMemory,
    /// CRM memory is off.
    NoCrmMemory,
    /// Customers renegotiate (renegotiation months > 0).
    Renegotiation,
    /// A new service exists (opt-in or forced).
    NewService,
    OptIn,
    /// Opt-in with peers on the network.
    OptInNetwork,
    Forced,
    /// Forced with the flexible exception.
    FlexibleException,
    Distributors,
    Proactive,
    /// Word of mouth is on.
    WordOfMouth,
    /// This competitor has a minimum term.
    CompetitorTerm,
    /// The save desk is on.
    SaveDesk,
    /// The contact network is built: word of mouth on, or opt-in adoption over it.
    Network,
    /// There are at least two segments (shares can be set).
    SeveralSegments,
}

impl Requires {
    /// Whether the condition holds for item `index` of the lever's scope.
    pub fn holds(self, s: &Scenario, index: usize) -> bool {
        let focal_tied = s.contract.term_months > 0;
        match self {
            Requires::Always => true,
            Requires::LockIn => focal_tied,
            Requires::AnyTie => {
                focal_tied || s.market.competitors.iter().any(|c| c.contract_months > 0)
            }
            Requires::CustomReplies => s.replies.speed == ReplySpeed::Custom,
            Requires::CompetitorCustomReplies => s
                .market
                .competitors
                .get(index)
                .is_some_and(|c| c.reply_speed == ReplySpeed::Custom),
            Requires::CrmMemory => s.replies.memory.enabled,
            Requires::NoCrmMemory => !s.replies.memory.enabled,
            Requires::Renegotiation => s.replies.memory.renegotiation_months > 0,
            Requires::NewService => s.adoption.mode != AdoptionMode::None,
            Requires::OptIn => s.adoption.mode == AdoptionMode::OptIn,
            Requires::OptInNetwork => {
                s.adoption.mode == AdoptionMode::OptIn && s.adoption.peers == PeerMixing::Network
            }
            Requires::Forced => s.adoption.mode == AdoptionMode::Forced,
            Requires::FlexibleException => {
                s.adoption.mode == AdoptionMode::Forced && s.adoption.flexible_exception
            }
            Requires::Distributors => s.channel.mode == ChannelMode::Distributors,
            Requires::Proactive => s.communication.proactive,
            Requires::WordOfMouth => s.word_of_mouth.enabled,
            Requires::CompetitorTerm => s
                .market
                .competitors
                .get(index)
                .is_some_and(|c| c.contract_months > 0),
            Requires::SaveDesk => s.save_desk.enabled,
            Requires::Network => s.word_of_mouth.enabled || Requires::OptInNetwork.holds(s, index),
            Requires::SeveralSegments => s.population.segments.len() > 1,
        }
    }

    /// A short note on when the lever matters (empty for `Always`).
    pub fn note(self, lang: Lang) -> &'static str {
        let t = match self {
            Requires::Always => tr("", ""),
            Requires::LockIn => tr(
                "Solo cuenta con contrato de permanencia.",
                "Only matters with a minimum-term contract.",
            ),
            Requires::AnyTie => tr(
                "Solo cuenta si alguna empresa tiene permanencia.",
                "Only matters if some firm has a minimum term.",
            ),
            Requires::CustomReplies | Requires::CompetitorCustomReplies => tr(
                "Solo cuenta con tiempos de respuesta personalizados.",
                "Only matters with custom reply times.",
            ),
            Requires::CrmMemory => tr(
                "Solo cuenta si la empresa tiene memoria de sus clientes (CRM).",
                "Only matters when the firm remembers its customers (CRM).",
            ),
            Requires::NoCrmMemory => tr(
                "Solo cuenta si la empresa no tiene memoria de sus clientes.",
                "Only matters when the firm has no customer memory.",
            ),
            Requires::Renegotiation => tr(
                "Solo cuenta si los clientes renegocian periódicamente.",
                "Only matters if customers renegotiate periodically.",
            ),
            Requires::NewService => tr(
                "Solo cuenta si hay un servicio nuevo.",
                "Only matters when there is a new service.",
            ),
            Requires::OptIn => tr(
                "Solo cuenta con adopción voluntaria.",
                "Only matters with opt-in adoption.",
            ),
            Requires::OptInNetwork => tr(
                "Solo cuenta con adopción voluntaria a través de la red de contactos.",
                "Only matters with opt-in adoption through the contact network.",
            ),
            Requires::Forced => tr(
                "Solo cuenta con migración obligatoria.",
                "Only matters with a forced migration.",
            ),
            Requires::FlexibleException => tr(
                "Solo cuenta con migración obligatoria y excepción flexible.",
                "Only matters with a forced migration and the flexible exception.",
            ),
            Requires::Distributors => tr(
                "Solo cuenta si se vende a través de distribuidores.",
                "Only matters when selling through distributors.",
            ),
            Requires::Proactive => tr(
                "Solo cuenta con comunicación proactiva.",
                "Only matters with proactive communication.",
            ),
            Requires::WordOfMouth => tr(
                "Solo cuenta con el boca a boca activado.",
                "Only matters with word of mouth on.",
            ),
            Requires::CompetitorTerm => tr(
                "Solo cuenta si este competidor tiene permanencia.",
                "Only matters if this competitor has a minimum term.",
            ),
            Requires::SaveDesk => tr(
                "Solo cuenta con el departamento de retención activado.",
                "Only matters with the retention desk on.",
            ),
            Requires::Network => tr(
                "Solo cuenta si hay red de contactos (boca a boca o adopción por la red).",
                "Only matters when there is a contact network (word of mouth or adoption over the network).",
            ),
            Requires::SeveralSegments => tr(
                "Con un solo segmento, su cuota es el 100\u{a0}%.",
                "With a single segment, its share is 100%.",
            ),
        };
        t.get(lang)
    }
}

/// Reference to a field of type `T` in a scenario (for item `index` of the scope).
struct Field<T: 'static> {
    get: fn(&Scenario, usize) -> Option<&T>,
    get_mut: fn(&mut Scenario, usize) -> Option<&mut T>,
}

type PickGet = fn(&Scenario, usize) -> Option<&'static str>;
type PickSet = fn(&mut Scenario, usize, &'static str);

enum Access {
    Num(Field<f64>),
    Int(Field<u32>),
    Flag(Field<bool>),
    /// A choice; the setter receives a valid option id.
    Pick(PickGet, PickSet),
    /// A number computed from other fields (getter, setter given an allowed value).
    Derived(
        fn(&Scenario, usize) -> Option<f64>,
        fn(&mut Scenario, usize, f64),
    ),
    /// A segment's share: the other segments are rescaled to keep the sum at 1.
    SegmentShare,
    /// One of the four shares of a reply mix (focal or competitor `index`): the others
    /// are rescaled to keep the sum at 1.
    Mix {
        competitor: bool,
        slot: usize,
    },
}

type Limits = fn(&Scenario, usize) -> (f64, f64);

/// One editable parameter.
pub struct Lever {
    /// Stable id: the JSON path for scenario levers (`contract.term_months`), the path
    /// within the item with a scope prefix for list levers (`segment.share`), or a
    /// name for derived levers (`contract.lock_in`).
    pub id: &'static str,
    pub group: Group,
    pub scope: Scope,
    pub kind: Kind,
    /// When the lever matters.
    pub requires: Requires,
    label: Tr,
    unit: Tr,
    help: Tr,
    access: Access,
    /// Bounds that depend on the scenario (within the kind's bounds).
    limits: Option<Limits>,
}

impl std::fmt::Debug for Lever {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lever")
            .field("id", &self.id)
            .field("group", &self.group)
            .field("scope", &self.scope)
            .field("kind", &self.kind)
            .finish()
    }
}

impl Lever {
    pub fn label(&self, lang: Lang) -> &'static str {
        self.label.get(lang)
    }

    /// Unit of the displayed value ("" when it has none).
    pub fn unit(&self, lang: Lang) -> &'static str {
        self.unit.get(lang)
    }

    /// One or two plain sentences on what the lever does to customers.
    pub fn help(&self, lang: Lang) -> &'static str {
        self.help.get(lang)
    }

    /// This lever applied to item `index` of its scope (0 for scenario levers).
    pub fn at(&'static self, index: usize) -> Control {
        Control { lever: self, index }
    }

    /// Whether the lever matters in this scenario (for item `index`).
    pub fn enabled(&self, s: &Scenario, index: usize) -> bool {
        self.requires.holds(s, index)
    }

    /// A stored value as shown, with its unit: "5 %", "24 meses", "1.234,5 €".
    pub fn display(&self, stored: f64, lang: Lang) -> String {
        let n = self.number(stored, lang);
        // A unit glossing what 0 means ("months (0 = never)") says it for 0: "never".
        let zero = self
            .unit_and_gloss(lang)
            .1
            .and_then(|gloss| gloss.strip_prefix("0 = "));
        match zero {
            Some(meaning) if n == "0" => meaning.to_string(),
            _ => self.with_unit(n, lang),
        }
    }

    /// A range bound as a message shows it: with the decimals it has, not the lever's
    /// ("10.000 €", not "10.000,00 €").
    pub fn display_bound(&self, stored: f64, lang: Lang) -> String {
        self.with_unit(
            without_trailing_zeros(&self.number(stored, lang), lang),
            lang,
        )
    }

    /// A stored value written in the lever's displayed units, without the unit.
    fn number(&self, stored: f64, lang: Lang) -> String {
        super::explain::format_number(stored * self.kind.scale(), self.kind.decimals(), lang)
    }

    /// The unit and the gloss in brackets after it: "months (0 = never)" is "months"
    /// and "0 = never".
    fn unit_and_gloss(&self, lang: Lang) -> (&'static str, Option<&'static str>) {
        let unit = self.unit(lang);
        match unit.split_once(" (") {
            Some((main, gloss)) => (main, gloss.strip_suffix(')')),
            None => (unit, None),
        }
    }

    /// `n`, a number already written, with the lever's unit on the language's side,
    /// without the unit's gloss ("9 months", not "9 months (0 = never)": the gloss
    /// explains the field, not a value).
    fn with_unit(&self, n: String, lang: Lang) -> String {
        let plural = self.unit_and_gloss(lang).0;
        let singular;
        let unit = if n == "1" {
            singular = one_of(plural);
            singular.as_str()
        } else {
            plural
        };
        if unit.is_empty() {
            n
        } else if unit.starts_with('%') && lang == Lang::En {
            format!("{n}{unit}")
        } else if let (Some(rest), Lang::En) = (unit.strip_prefix('€'), lang) {
            // English writes the euro before the number, as the charts do: "€10.00 per
            // month", "-€5".
            let money = crate::charts::frame::NumberFormat::english()
                .with_unit(n, crate::charts::frame::Quantity::Money);
            format!("{money}{rest}")
        } else {
            format!("{n}\u{a0}{unit}")
        }
    }
}

/// A lever bound to one item (segment, competitor, outage), or to the scenario.
#[derive(Clone, Copy, Debug)]
pub struct Control {
    pub lever: &'static Lever,
    pub index: usize,
}

impl PartialEq for Control {
    fn eq(&self, other: &Self) -> bool {
        self.lever.id == other.lever.id && self.index == other.index
    }
}

impl Control {
    /// The JSON path of the field (`population.segments[1].share`), as in
    /// [`sim::Problem::field`]; derived levers keep their id.
    pub fn path(&self) -> String {
        let l = self.lever;
        match l.scope.list_path() {
            None => l.id.to_string(),
            Some(list) => {
                let rest = &l.id[l.scope.id_prefix().len()..];
                format!("{list}[{}].{rest}", self.index)
            }
        }
    }

    /// Whether the item exists in the scenario.
    pub fn exists(&self, s: &Scenario) -> bool {
        self.index < self.lever.scope.count(s)
    }

    /// Whether the lever matters in this scenario.
    pub fn enabled(&self, s: &Scenario) -> bool {
        self.exists(s) && self.lever.enabled(s, self.index)
    }

    /// Allowed range in stored units for numeric levers, given the rest of the scenario.
    pub fn range(&self, s: &Scenario) -> Option<(f64, f64)> {
        let (lo, hi) = self.lever.kind.bounds()?;
        match self.lever.limits {
            Some(f) => {
                let (a, b) = f(s, self.index);
                let (a, b) = (a.max(lo), b.min(hi));
                Some((a, b.max(a)))
            }
            None => Some((lo, hi)),
        }
    }

    /// The current value, or `None` if the item does not exist.
    pub fn get(&self, s: &Scenario) -> Option<Value> {
        let i = self.index;
        if !self.exists(s) {
            return None;
        }
        match &self.lever.access {
            Access::Num(f) => (f.get)(s, i).map(|x| Value::Number(*x)),
            Access::Int(f) => (f.get)(s, i).map(|x| Value::Integer(i64::from(*x))),
            Access::Flag(f) => (f.get)(s, i).map(|x| Value::Toggle(*x)),
            Access::Pick(get, _) => get(s, i).map(Value::Choice),
            Access::SegmentShare => s.population.segments.get(i).map(|g| Value::Number(g.share)),
            Access::Derived(get, _) => get(s, i).map(Value::Number),
            Access::Mix { competitor, slot } => {
                mix_of(s, *competitor, i).map(|m| Value::Number(mix_slots(&m)[*slot]))
            }
        }
    }

    /// Set the value if it is allowed; otherwise an error with the allowed range, and
    /// the scenario is unchanged.
    pub fn set(&self, s: &mut Scenario, value: Value) -> Result<(), LeverError> {
        let l = self.lever;
        let id = l.id;
        let i = self.index;
        if !self.exists(s) {
            return Err(LeverError::NoSuchItem {
                lever: id,
                index: i,
            });
        }
        match l.kind {
            Kind::Number { .. } => {
                let x = match value {
                    Value::Number(x) => x,
                    Value::Integer(n) => n as f64,
                    _ => return Err(LeverError::WrongKind { lever: id }),
                };
                self.check_range(s, x)?;
                match &l.access {
                    Access::Num(f) => {
                        if let Some(r) = (f.get_mut)(s, i) {
                            *r = x;
                        }
                    }
                    Access::SegmentShare => set_segment_share(s, i, x),
                    Access::Derived(_, set) => set(s, i, x),
                    Access::Mix { competitor, slot } => set_mix(s, *competitor, i, *slot, x),
                    _ => return Err(LeverError::WrongKind { lever: id }),
                }
            }
            Kind::Integer { .. } => {
                let n = match value {
                    Value::Integer(n) => n as f64,
                    Value::Number(x) if !x.is_finite() => {
                        return Err(LeverError::NotFinite { lever: id });
                    }
                    Value::Number(x) if x.fract() != 0.0 => {
                        return Err(LeverError::NotWhole {
                            lever: id,
                            value: x,
                        });
                    }
                    Value::Number(x) => x,
                    _ => return Err(LeverError::WrongKind { lever: id }),
                };
                self.check_range(s, n)?;
                match &l.access {
                    Access::Int(f) => {
                        if let Some(r) = (f.get_mut)(s, i) {
                            *r = n as u32;
                        }
                    }
                    _ => return Err(LeverError::WrongKind { lever: id }),
                }
            }
            Kind::Toggle => match (value, &l.access) {
                (Value::Toggle(b), Access::Flag(f)) => {
                    if let Some(r) = (f.get_mut)(s, i) {
                        *r = b;
                    }
                }
                _ => return Err(LeverError::WrongKind { lever: id }),
            },
            Kind::Choice(options) => match (value, &l.access) {
                (Value::Choice(c), Access::Pick(_, set)) => {
                    let Some(o) = options.iter().find(|o| o.id == c) else {
                        return Err(LeverError::UnknownOption {
                            lever: id,
                            option: c.to_string(),
                        });
                    };
                    set(s, i, o.id);
                }
                _ => return Err(LeverError::WrongKind { lever: id }),
            },
        }
        Ok(())
    }

    fn check_range(&self, s: &Scenario, x: f64) -> Result<(), LeverError> {
        let id = self.lever.id;
        if !x.is_finite() {
            return Err(LeverError::NotFinite { lever: id });
        }
        let (min, max) = self.range(s).unwrap_or((f64::MIN, f64::MAX));
        if x < min || x > max {
            return Err(LeverError::OutOfRange {
                lever: id,
                value: x,
                min,
                max,
            });
        }
        Ok(())
    }

    /// The current value as shown, with its unit ("5 %", "Sí", "Inmediata").
    pub fn display(&self, s: &Scenario, lang: Lang) -> String {
        self.display_value(self.get(s), lang)
    }

    /// A value of this control as shown, with its unit (empty for `None`).
    pub fn display_value(&self, value: Option<Value>, lang: Lang) -> String {
        match value {
            Some(Value::Number(x)) => self.lever.display(x, lang),
            Some(Value::Integer(n)) => self.lever.display(n as f64, lang),
            Some(Value::Toggle(b)) => match (b, lang) {
                (true, Lang::Es) => "Sí".into(),
                (false, Lang::Es) => "No".into(),
                (true, Lang::En) => "On".into(),
                (false, Lang::En) => "Off".into(),
            },
            Some(Value::Choice(c)) => self
                .lever
                .kind
                .options()
                .iter()
                .find(|o| o.id == c)
                .map(|o| o.label(lang).to_string())
                .unwrap_or_else(|| c.to_string()),
            None => String::new(),
        }
    }

    /// Parse text typed by the user in displayed units and their language ("5" or
    /// "5 %" for a 5 % probability, "1.234,5" in Spanish), giving a stored value.
    /// Does not check the range: pass the result to [`Control::set`].
    pub fn parse(&self, text: &str, lang: Lang) -> Result<Value, LeverError> {
        let id = self.lever.id;
        let bad = || LeverError::NotANumber {
            lever: id,
            text: text.to_string(),
        };
        let unit = self.lever.unit(lang);
        let mut t = text.trim();
        if !unit.is_empty() {
            t = t.strip_suffix(unit).unwrap_or(t).trim();
        }
        t = t.strip_suffix('%').unwrap_or(t).trim();
        // Money as people write it, before or after the amount ("€30", "30 €"), whatever
        // the rest of the unit ("€ per month").
        if unit.starts_with('€') {
            t = t
                .strip_prefix('€')
                .or_else(|| t.strip_suffix('€'))
                .unwrap_or(t)
                .trim();
        }
        let x = read_number(t, lang).ok_or_else(bad)?;
        if matches!(self.lever.kind, Kind::Integer { .. }) && thousands_or_decimals(t, lang) {
            return Err(LeverError::Ambiguous {
                lever: id,
                text: t.to_string(),
            });
        }
        match self.lever.kind {
            Kind::Number { scale, .. } => Ok(Value::Number(x / scale)),
            Kind::Integer { .. } => {
                if !x.is_finite() {
                    Err(LeverError::NotFinite { lever: id })
                } else if x.fract() != 0.0 {
                    Err(LeverError::NotWhole {
                        lever: id,
                        value: x,
                    })
                } else {
                    Ok(Value::Integer(x as i64))
                }
            }
            _ => Err(LeverError::WrongKind { lever: id }),
        }
    }

    /// Label of the control, naming the item for list levers:
    /// "Cuota (Segmento 2)".
    pub fn full_label(&self, lang: Lang) -> String {
        let l = self.lever;
        match l.scope {
            Scope::Scenario => l.label(lang).to_string(),
            scope => format!("{} ({})", l.label(lang), scope.item_name(self.index, lang)),
        }
    }

    /// Label of the control in scenario `s`, naming the segment or competitor as the
    /// user named it ("Alfa de abandono (Leales)"); an unnamed item, or an outage, is
    /// named by its place as in [`Control::full_label`].
    pub fn label_in(&self, s: &Scenario, lang: Lang) -> String {
        match self.item_named(s).map(str::trim) {
            Some(name) if !name.is_empty() => self.label_named(name, lang),
            _ => self.full_label(lang),
        }
    }

    /// Label of the control with its item named `name` ("Alfa de abandono (Leales)").
    pub fn label_named(&self, name: &str, lang: Lang) -> String {
        format!("{} ({name})", self.lever.label(lang))
    }

    /// The name the user gave the segment or competitor the control sets (`None` for
    /// scenario levers, outages, and an item that does not exist).
    pub fn item_named<'a>(&self, s: &'a Scenario) -> Option<&'a str> {
        match self.lever.scope {
            Scope::Segment => s
                .population
                .segments
                .get(self.index)
                .map(|g| g.name.as_str()),
            Scope::Competitor => s
                .market
                .competitors
                .get(self.index)
                .map(|c| c.name.as_str()),
            Scope::Scenario | Scope::Outage => None,
        }
    }
}

fn mix_of(s: &Scenario, competitor: bool, i: usize) -> Option<ReplyMix> {
    if competitor {
        s.market.competitors.get(i).map(|c| c.custom_mix)
    } else {
        Some(s.replies.custom_mix)
    }
}

fn mix_slots(m: &ReplyMix) -> [f64; 4] {
    [m.within_hour, m.within_day, m.over_day, m.never]
}

/// Give `parts[k] = x` and rescale the others so the parts add up to 1.
fn rebalance(parts: &mut [f64], k: usize, x: f64) {
    let others: f64 = parts
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != k)
        .map(|(_, v)| *v)
        .sum();
    let n_others = parts.len() - 1;
    let rest = (1.0 - x).max(0.0);
    for (j, v) in parts.iter_mut().enumerate() {
        if j == k {
            *v = x;
        } else if others > 0.0 {
            *v *= rest / others;
        } else if n_others > 0 {
            *v = rest / n_others as f64;
        }
    }
}

fn set_mix(s: &mut Scenario, competitor: bool, i: usize, slot: usize, x: f64) {
    let m = if competitor {
        match s.market.competitors.get_mut(i) {
            Some(c) => &mut c.custom_mix,
            None => return,
        }
    } else {
        &mut s.replies.custom_mix
    };
    let mut parts = mix_slots(m);
    rebalance(&mut parts, slot, x);
    [m.within_hour, m.within_day, m.over_day, m.never] = parts;
}

/// Gives segment `i` the share `x` exactly. The segments below it absorb the change
/// when they can, so typing shares from the top down (20, 30, 50) keeps every typed
/// value; otherwise all the others are rescaled.
fn set_segment_share(s: &mut Scenario, i: usize, x: f64) {
    let mut parts: Vec<f64> = s.population.segments.iter().map(|g| g.share).collect();
    let above: f64 = parts[..i].iter().sum();
    let below: f64 = parts.get(i + 1..).map_or(0.0, |p| p.iter().sum());
    let room = 1.0 - x - above;
    let n_below = parts.len().saturating_sub(i + 1);
    if n_below > 0 && room >= 0.0 {
        parts[i] = x;
        for v in &mut parts[i + 1..] {
            *v = if below > 0.0 {
                *v * room / below
            } else {
                room / n_below as f64
            };
        }
    } else {
        rebalance(&mut parts, i, x);
    }
    for (g, v) in s.population.segments.iter_mut().zip(parts) {
        g.share = v;
    }
}

/// All levers, in panel order.
pub fn levers() -> &'static [Lever] {
    LEVERS
}

/// The lever with this id.
pub fn lever(id: &str) -> Option<&'static Lever> {
    LEVERS.iter().find(|l| l.id == id)
}

/// The levers of one panel, in order.
pub fn levers_in(group: Group) -> impl Iterator<Item = &'static Lever> {
    LEVERS.iter().filter(move |l| l.group == group)
}

/// Every control of a scenario, panel by panel: in each panel the scenario levers,
/// then for each segment / competitor / outage its levers.
pub fn controls(s: &Scenario) -> Vec<Control> {
    Group::ALL.iter().flat_map(|g| controls_in(*g, s)).collect()
}

/// The controls of one panel.
pub fn controls_in(group: Group, s: &Scenario) -> Vec<Control> {
    let mut out = Vec::new();
    for scope in [
        Scope::Scenario,
        Scope::Segment,
        Scope::Competitor,
        Scope::Outage,
    ] {
        for index in 0..scope.count(s) {
            out.extend(
                levers_in(group)
                    .filter(|l| l.scope == scope)
                    .map(|l| l.at(index)),
            );
        }
    }
    out
}

/// The control of a JSON path (`population.segments[1].share`, `contract.term_months`)
/// or of a derived lever id; `None` if no lever edits that field.
pub fn control_at(path: &str) -> Option<Control> {
    for scope in [Scope::Segment, Scope::Competitor, Scope::Outage] {
        let list = scope.list_path().unwrap_or_default();
        if let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) {
            let (index, rest) = rest.split_once("].")?;
            let index: usize = index.parse().ok()?;
            let id = format!("{}{rest}", scope.id_prefix());
            let l = LEVERS.iter().find(|l| l.scope == scope && l.id == id)?;
            return Some(l.at(index));
        }
    }
    LEVERS
        .iter()
        .find(|l| l.scope == Scope::Scenario && l.id == path)
        .map(|l| l.at(0))
}

// ---------------------------------------------------------------------------------
// The table.

macro_rules! top {
    ($($f:ident).+) => {
        Field {
            get: |s, _| Some(&s.$($f).+),
            get_mut: |s, _| Some(&mut s.$($f).+),
        }
    };
}

macro_rules! seg {
    ($f:ident) => {
        Field {
            get: |s, i| s.population.segments.get(i).map(|x| &x.$f),
            get_mut: |s, i| s.population.segments.get_mut(i).map(|x| &mut x.$f),
        }
    };
}

macro_rules! comp {
    ($f:ident) => {
        Field {
            get: |s, i| s.market.competitors.get(i).map(|x| &x.$f),
            get_mut: |s, i| s.market.competitors.get_mut(i).map(|x| &mut x.$f),
        }
    };
}

macro_rules! outage {
    ($f:ident) => {
        Field {
            get: |s, i| s.communication.outages.get(i).map(|x| &x.$f),
            get_mut: |s, i| s.communication.outages.get_mut(i).map(|x| &mut x.$f),
        }
    };
}

/// A real number shown as is.
const fn num(min: f64, max: f64, step: f64, decimals: usize, typical: (f64, f64)) -> Kind {
    Kind::Number {
        min,
        max,
        step,
        scale: 1.0,
        decimals,
        typical,
    }
}

/// A share or probability in [0, 1] shown as a percentage.
const fn pct(decimals: usize) -> Kind {
    pct_typ(decimals, (0.0, 1.0))
}

const fn pct_typ(decimals: usize, typical: (f64, f64)) -> Kind {
    Kind::Number {
        min: 0.0,
        max: 1.0,
        step: if decimals == 0 {
            0.01
        } else if decimals == 1 {
            0.001
        } else {
            0.0001
        },
        scale: 100.0,
        decimals,
        typical,
    }
}

/// A satisfaction amount in [0, 1] shown on a 0-100 scale.
const fn points(typical: (f64, f64)) -> Kind {
    Kind::Number {
        min: 0.0,
        max: 1.0,
        step: 0.01,
        scale: 100.0,
        decimals: 0,
        typical,
    }
}

/// Money, 0 to `max`.
const fn money(max: f64, typical: (f64, f64)) -> Kind {
    num(0.0, max, 0.01, 2, typical)
}

const fn int(min: i64, max: i64, step: i64) -> Kind {
    Kind::Integer { min, max, step }
}

const U_NONE: Tr = tr("", "");
const U_PCT: Tr = tr("%", "%");
const U_PCT_MONTH: Tr = tr("% al mes", "% per month");
const U_POINTS: Tr = tr("puntos (0-100)", "points (0-100)");
const U_MONTHS: Tr = tr("meses", "months");
const U_TIMES: Tr = tr("×", "×");
const U_EUR: Tr = tr("€", "€");

const SPEEDS: &[Choice] = &[
    opt("immediate", "En menos de una hora", "Within the hour"),
    opt(
        "within_hours",
        "En el día (1-24 h)",
        "Within the day (1-24 h)",
    ),
    opt("day", "A las 24 h o más", "After 24 h or more"),
    opt("never", "Nunca", "Never"),
    // Options of a select cannot wrap: short enough for the editor's column at 1366 px
    // (the help below names the authors in full).
    opt(
        "audit",
        "Mezcla auditada (Oldroyd et al., 2011)",
        "Audit mix (Oldroyd et al., 2011)",
    ),
    opt("custom", "Personalizado", "Custom"),
];

fn speed_id(v: ReplySpeed) -> &'static str {
    match v {
        ReplySpeed::Immediate => "immediate",
        ReplySpeed::WithinHours => "within_hours",
        ReplySpeed::Day => "day",
        ReplySpeed::Never => "never",
        ReplySpeed::Audit => "audit",
        ReplySpeed::Custom => "custom",
    }
}

fn speed_of(id: &str) -> ReplySpeed {
    match id {
        "immediate" => ReplySpeed::Immediate,
        "within_hours" => ReplySpeed::WithinHours,
        "day" => ReplySpeed::Day,
        "never" => ReplySpeed::Never,
        "custom" => ReplySpeed::Custom,
        _ => ReplySpeed::Audit,
    }
}

const CONTRACT_CHOICES: &[Choice] = &[
    opt("free_exit", "Sin permanencia", "Free exit"),
    opt("lock_in", "Con permanencia", "Lock-in"),
];

const ADOPTION_MODES: &[Choice] = &[
    opt("none", "Sin servicio nuevo", "No new service"),
    opt("opt_in", "Voluntario", "Opt-in"),
    opt("forced", "Obligatorio", "Forced"),
];

const PEER_MIXING: &[Choice] = &[
    opt(
        "fully_mixed",
        "Los clientes de la empresa (Bass)",
        "The firm's customers (Bass)",
    ),
    opt(
        "network",
        "Solo sus contactos (red)",
        "Only their contacts (network)",
    ),
];

const CHANNEL_MODES: &[Choice] = &[
    opt("direct", "Relación directa", "Direct relationship"),
    opt(
        "distributors",
        "A través de distribuidores",
        "Through distributors",
    ),
];

const MIX_LABELS: [Tr; 4] = [
    tr(
        "Respondidas en menos de una hora",
        "Answered within the hour",
    ),
    tr(
        "Respondidas en el día (1-24 h)",
        "Answered within the day (1-24 h)",
    ),
    tr(
        "Respondidas a las 24 h o más",
        "Answered after 24 h or more",
    ),
    tr("Nunca respondidas", "Never answered"),
];

const MIX_HELP: Tr = tr(
    "Parte de las consultas que cae en cada plazo de respuesta. Las cuatro partes suman el 100\u{a0}%: al cambiar una, las otras se reajustan en proporción.",
    "Share of enquiries falling in each reply-time band. The four shares add up to 100%: changing one rescales the others in proportion.",
);

fn links_bound_customers(s: &Scenario, _: usize) -> (f64, f64) {
    let d = s.word_of_mouth.mean_degree;
    if d <= 0.0 {
        return (1.0, f64::MAX);
    }
    // Largest n with n * d <= MAX_CONTACT_LINKS as the validator computes it.
    let mut n = (MAX_CONTACT_LINKS / d).floor();
    while n > 1.0 && (MAX_CONTACT_LINKS / n).min(100.0) < d {
        n -= 1.0;
    }
    (1.0, n)
}

fn links_bound_degree(s: &Scenario, _: usize) -> (f64, f64) {
    (
        0.0,
        (MAX_CONTACT_LINKS / f64::from(s.customers.max(1))).min(100.0),
    )
}

/// A custom mix as it is if valid (the validator only checks it while it is in use), else
/// the audit mix, so that choosing `custom` never makes a scenario invalid.
fn usable_mix(m: ReplyMix) -> ReplyMix {
    let parts = mix_slots(&m);
    let ok = parts.iter().all(|x| (0.0..=1.0).contains(x))
        && (parts.iter().sum::<f64>() - 1.0).abs() <= 1e-6;
    if ok { m } else { ReplyMix::default() }
}

/// Bounds of the churn Beta parameters in `sim::validate`.
const BETA_PARAM: (f64, f64) = (0.001, 10_000.0);

/// Mean monthly churn alpha / (alpha + beta) of segment `i`.
fn mean_churn(s: &Scenario, i: usize) -> Option<f64> {
    let g = s.population.segments.get(i)?;
    Some(g.churn_alpha / (g.churn_alpha + g.churn_beta))
}

/// Polarisation 1 / (1 + alpha + beta) of segment `i`: near 0 all customers share the
/// same churn propensity, near 1 they split into some who never leave and some who
/// leave at once.
fn polarisation(s: &Scenario, i: usize) -> Option<f64> {
    let g = s.population.segments.get(i)?;
    Some(1.0 / (1.0 + g.churn_alpha + g.churn_beta))
}

fn set_alpha_beta(s: &mut Scenario, i: usize, mean: f64, total: f64) {
    if let Some(g) = s.population.segments.get_mut(i) {
        let (lo, hi) = BETA_PARAM;
        g.churn_alpha = (mean * total).clamp(lo, hi);
        g.churn_beta = ((1.0 - mean) * total).clamp(lo, hi);
    }
}

/// Means allowed with the segment's alpha + beta.
fn mean_churn_limits(s: &Scenario, i: usize) -> (f64, f64) {
    let Some(g) = s.population.segments.get(i) else {
        return (0.0, 1.0);
    };
    let t = g.churn_alpha + g.churn_beta;
    let (lo, hi) = BETA_PARAM;
    ((lo / t).max(1.0 - hi / t), (hi / t).min(1.0 - lo / t))
}

/// Polarisations allowed with the segment's mean churn.
fn polarisation_limits(s: &Scenario, i: usize) -> (f64, f64) {
    let Some(m) = mean_churn(s, i) else {
        return (0.0, 1.0);
    };
    let (lo, hi) = BETA_PARAM;
    let t_min = (lo / m).max(lo / (1.0 - m));
    let t_max = (hi / m).min(hi / (1.0 - m));
    (1.0 / (1.0 + t_max), 1.0 / (1.0 + t_min))
}

fn single_segment_share(s: &Scenario, _: usize) -> (f64, f64) {
    if s.population.segments.len() > 1 {
        (0.0, 1.0)
    } else {
        (1.0, 1.0)
    }
}

fn focal_share_room(s: &Scenario, _: usize) -> (f64, f64) {
    let others: f64 = s.market.competitors.iter().map(|c| c.initial_share).sum();
    (0.0, (1.0 - others).max(0.0))
}

fn competitor_share_room(s: &Scenario, i: usize) -> (f64, f64) {
    let others: f64 = s
        .market
        .competitors
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, c)| c.initial_share)
        .sum();
    (0.0, (1.0 - s.market.focal_initial_share - others).max(0.0))
}

fn withdraw_room(s: &Scenario, _: usize) -> (f64, f64) {
    (0.0, (1.0 - s.save_desk.downgrade_share).max(0.0))
}

fn downgrade_room(s: &Scenario, _: usize) -> (f64, f64) {
    (0.0, (1.0 - s.save_desk.withdraw_share).max(0.0))
}

fn promoter_floor(s: &Scenario, _: usize) -> (f64, f64) {
    (s.satisfaction.detractor_below, 1.0)
}

fn detractor_ceiling(s: &Scenario, _: usize) -> (f64, f64) {
    (0.0, s.satisfaction.promoter_at)
}

#[allow(clippy::too_many_arguments)]
const fn lv(
    id: &'static str,
    group: Group,
    scope: Scope,
    kind: Kind,
    requires: Requires,
    label: Tr,
    unit: Tr,
    help: Tr,
    access: Access,
) -> Lever {
    Lever {
        id,
        group,
        scope,
        kind,
        requires,
        label,
        unit,
        help,
        access,
        limits: None,
    }
}

const fn limited(mut l: Lever, limits: Limits) -> Lever {
    l.limits = Some(limits);
    l
}

use Group as G;
use Requires as R;
use Scope as S;

static LEVERS: &[Lever] = &[
    // ---- Population
    limited(
        lv(
            "customers",
            G::Population,
            S::Scenario,
            int(1, crate::sim::MAX_CUSTOMERS as i64, 1000),
            R::Always,
            tr("Personas en el mercado", "People in the market"),
            tr("personas", "people"),
            tr(
                "Todas las personas del mercado: clientes de cualquier empresa y posibles clientes que aún no compran. Más personas dan curvas más suaves, pero la simulación tarda más.",
                "Everyone in the market: customers of any firm and prospects who do not buy yet. More people give smoother curves but take longer to simulate.",
            ),
            Access::Int(top!(customers)),
        ),
        links_bound_customers,
    ),
    lv(
        "horizon_months",
        G::Population,
        S::Scenario,
        int(1, crate::sim::MAX_HORIZON as i64, 1),
        R::Always,
        tr("Horizonte", "Horizon"),
        U_MONTHS,
        tr(
            "Cuántos meses se simulan. Para ver el final de una permanencia de 24 meses, simula al menos 36.",
            "How many months to simulate. To see the end of a 24-month lock-in, simulate at least 36.",
        ),
        Access::Int(top!(horizon_months)),
    ),
    limited(
        lv(
            "segment.share",
            G::Population,
            S::Segment,
            pct(1),
            R::SeveralSegments,
            tr("Peso del segmento", "Share of the segment"),
            U_PCT,
            tr(
                "Qué parte de las personas pertenece a este segmento. Los pesos suman el 100\u{a0}%: al cambiar uno, los demás se reajustan en proporción.",
                "Which part of the people belongs to this segment. Shares add up to 100%: changing one rescales the others in proportion.",
            ),
            Access::SegmentShare,
        ),
        single_segment_share,
    ),
    limited(
        lv(
            "segment.mean_churn",
            G::Population,
            S::Segment,
            Kind::Number {
                min: 0.0,
                max: 1.0,
                step: 0.0001,
                scale: 100.0,
                decimals: 2,
                typical: (0.0, 0.2),
            },
            R::Always,
            tr("Abandono mensual medio", "Average monthly churn"),
            U_PCT_MONTH,
            tr(
                "Probabilidad media de que un cliente del segmento se vaya en un mes sin que pase nada especial. Cambiarla ajusta alfa y beta sin tocar la heterogeneidad.",
                "Average chance that a customer of the segment leaves in a month when nothing special happens. Changing it adjusts alpha and beta and keeps the heterogeneity.",
            ),
            Access::Derived(mean_churn, |s, i, m| {
                if let Some(t) = s
                    .population
                    .segments
                    .get(i)
                    .map(|g| g.churn_alpha + g.churn_beta)
                {
                    set_alpha_beta(s, i, m, t);
                }
            }),
        ),
        mean_churn_limits,
    ),
    limited(
        lv(
            "segment.polarisation",
            G::Population,
            S::Segment,
            num(0.0, 1.0, 0.001, 3, (0.0, 0.6)),
            R::Always,
            tr("Heterogeneidad", "Heterogeneity"),
            U_NONE,
            tr(
                "Cuánto se diferencian los clientes (índice de polarización, 1 / (1 + alfa + beta)): cerca de 0 todos tienen la misma propensión a irse; cerca de 1 conviven clientes muy fieles con otros que se van enseguida. Cambiarla ajusta alfa y beta sin tocar el abandono medio.",
                "How unlike each other customers are (the polarisation index, 1 / (1 + alpha + beta)): near 0 everyone is equally prone to leave; near 1 very loyal customers mix with ones who leave at once. Changing it adjusts alpha and beta and keeps the average churn.",
            ),
            Access::Derived(polarisation, |s, i, p| {
                if let Some(m) = mean_churn(s, i) {
                    set_alpha_beta(s, i, m, 1.0 / p - 1.0);
                }
            }),
        ),
        polarisation_limits,
    ),
    lv(
        "segment.churn_alpha",
        G::Population,
        S::Segment,
        num(0.001, 10_000.0, 0.01, 3, (0.1, 5.0)),
        R::Always,
        tr("Abandono: parámetro alfa", "Churn: alpha parameter"),
        U_NONE,
        tr(
            "Cada cliente tiene su propia probabilidad mensual de irse, repartida según una distribución Beta(alfa, beta): el modelo beta-geométrico desplazado de Fader y Hardie (2007). El abandono medio es alfa / (alfa + beta); con alfa y beta pequeños los clientes son muy distintos entre sí.",
            "Each customer has their own monthly chance of leaving, spread as a Beta(alpha, beta) distribution: the shifted-beta-geometric model of Fader & Hardie (2007). Mean churn is alpha / (alpha + beta); small alpha and beta make customers very unlike each other.",
        ),
        Access::Num(seg!(churn_alpha)),
    ),
    lv(
        "segment.churn_beta",
        G::Population,
        S::Segment,
        num(0.001, 10_000.0, 0.1, 3, (0.5, 200.0)),
        R::Always,
        tr("Abandono: parámetro beta", "Churn: beta parameter"),
        U_NONE,
        tr(
            "Segundo parámetro de la distribución Beta del abandono (Fader y Hardie, 2007). Subir beta baja el abandono medio: con alfa 0,7 y beta 60, se va cerca de un 1,2\u{a0}% al mes.",
            "Second parameter of the Beta distribution of churn (Fader & Hardie, 2007). Raising beta lowers mean churn: with alpha 0.7 and beta 60, about 1.2% leave per month.",
        ),
        Access::Num(seg!(churn_beta)),
    ),
    lv(
        "segment.patience_median_hours",
        G::Population,
        S::Segment,
        num(0.01, 1000.0, 0.1, 1, (0.1, 48.0)),
        R::Always,
        tr("Paciencia mediana", "Median patience"),
        tr("horas", "hours"),
        tr(
            "Cuántas horas espera una respuesta el cliente típico antes de darla por perdida (y comprar a otro, si aún no es cliente). Con 2 horas, responder en la primera hora llega a tiempo unas 60 veces más que responder pasadas 24 h, la proporción que observaron Oldroyd, McElheran y Elkington (2011).",
            "How many hours the typical customer waits for a reply before giving up (and buying elsewhere, if not yet a customer). With 2 hours, a reply within the first hour is in time about 60 times as often as one after 24 h, the ratio Oldroyd, McElheran & Elkington (2011) observed.",
        ),
        Access::Num(seg!(patience_median_hours)),
    ),
    lv(
        "segment.patience_spread",
        G::Population,
        S::Segment,
        num(0.0, 5.0, 0.1, 1, (0.0, 3.0)),
        R::Always,
        tr("Dispersión de la paciencia", "Spread of patience"),
        U_NONE,
        tr(
            "Cuánto difiere la paciencia de unos clientes a otros (desviación del logaritmo de las horas). Con 0 todos esperan lo mismo; con 1,4, algunos esperan minutos y otros días.",
            "How much patience differs between customers (spread of the logarithm of the hours). At 0 everyone waits the same; at 1.4 some wait minutes and others days.",
        ),
        Access::Num(seg!(patience_spread)),
    ),
    lv(
        "segment.price_sensitivity",
        G::Population,
        S::Segment,
        num(0.0, 5.0, 0.01, 2, (0.0, 0.5)),
        R::Always,
        tr("Sensibilidad al precio", "Price sensitivity"),
        tr("por € al mes", "per € a month"),
        tr(
            "Cuánto pesa el precio al elegir empresa y plan: con 0,1, un plan 5 € más caro al mes se elige unas 1,6 veces menos, a igualdad de lo demás.",
            "How much price weighs in choosing a firm and a plan: with 0.1, a plan costing 5 € more a month is chosen about 1.6 times less often, other things equal.",
        ),
        Access::Num(seg!(price_sensitivity)),
    ),
    lv(
        "segment.enquiry_rate",
        G::Population,
        S::Segment,
        pct_typ(1, (0.0, 0.5)),
        R::Always,
        tr("Consultas de clientes", "Customer enquiries"),
        U_PCT_MONTH,
        tr(
            "Probabilidad de que un cliente escriba o llame a su empresa en un mes. Cada consulta pone a prueba el tiempo de respuesta.",
            "Chance that a customer writes to or calls their provider in a month. Each enquiry puts the reply time to the test.",
        ),
        Access::Num(seg!(enquiry_rate)),
    ),
    lv(
        "segment.tie_sensitivity",
        G::Population,
        S::Segment,
        num(0.0, 10.0, 0.1, 1, (0.0, 3.0)),
        R::Always,
        tr("Rechazo a las ataduras", "Dislike of being tied"),
        U_TIMES,
        tr(
            "Multiplica el resentimiento de un cliente cautivo por la permanencia y la antipatía cuando se le obliga a usar un servicio. 1 es lo normal; 2, el doble.",
            "Multiplies a captive customer's resentment of a lock-in and their antipathy when forced into a service. 1 is normal; 2 is double.",
        ),
        Access::Num(seg!(tie_sensitivity)),
    ),
    lv(
        "segment.talkativeness",
        G::Population,
        S::Segment,
        pct_typ(0, (0.0, 1.0)),
        R::WordOfMouth,
        tr("Tendencia a contarlo", "Tendency to tell others"),
        U_PCT_MONTH,
        tr(
            "Probabilidad de que un cliente descontento, o afectado por una incidencia, lo cuente a sus contactos en un mes. El alcance depende de la red de contactos; no usamos la cifra popular de «9 a 15 personas», que no tiene fuente publicada.",
            "Chance that an unhappy customer, or one hit by an incident, tells their contacts in a month. The reach depends on the contact network; we do not use the popular \"9 to 15 people\" figure, which has no published source.",
        ),
        Access::Num(seg!(talkativeness)),
    ),
    lv(
        "segment.openness",
        G::Population,
        S::Segment,
        num(0.0, 10.0, 0.1, 1, (0.0, 3.0)),
        R::OptIn,
        tr("Apertura a lo nuevo", "Openness to new things"),
        U_TIMES,
        tr(
            "Multiplica la probabilidad de que el cliente adopte por su cuenta un servicio nuevo. 1 es lo normal; 0, nunca lo adopta voluntariamente.",
            "Multiplies the chance that the customer takes up a new service of their own accord. 1 is normal; 0 means never by choice.",
        ),
        Access::Num(seg!(openness)),
    ),
    // ---- Market
    lv(
        "market.focal_quality",
        G::Market,
        S::Scenario,
        points((0.3, 1.0)),
        R::Always,
        tr("Calidad de nuestra oferta", "Quality of our offer"),
        U_POINTS,
        tr(
            "La satisfacción a la que tienden nuestros clientes cuando no pasa nada. También decide cuántos posibles clientes nos eligen frente a los competidores.",
            "The satisfaction our customers settle at when nothing happens. It also decides how many prospects choose us over competitors.",
        ),
        Access::Num(top!(market.focal_quality)),
    ),
    lv(
        "market.focal_price",
        G::Market,
        S::Scenario,
        money(10_000.0, (10.0, 60.0)),
        R::Always,
        tr("Nuestro precio", "Our price"),
        tr("€ al mes", "€ per month"),
        tr(
            "Precio mensual de nuestro plan sin permanencia. Los clientes eligen empresa y plan comparando calidad, reputación y precio, cada segmento con su sensibilidad al precio; los ingresos salen de lo que paga cada cliente.",
            "Monthly price of our plan with free exit. Customers choose a firm and a plan by comparing quality, reputation and price, each segment with its own price sensitivity; revenue is what each customer pays.",
        ),
        Access::Num(top!(market.focal_price)),
    ),
    limited(
        lv(
            "market.focal_initial_share",
            G::Market,
            S::Scenario,
            pct(0),
            R::Always,
            tr("Nuestra cuota inicial", "Our starting share"),
            U_PCT,
            tr(
                "Parte de las personas del mercado que son clientes nuestros al empezar. Nuestra cuota y la de los competidores suman como mucho el 100\u{a0}%; el resto son posibles clientes.",
                "Part of the market's people who are our customers at the start. Our share and the competitors' add up to at most 100%; the rest are prospects.",
            ),
            Access::Num(top!(market.focal_initial_share)),
        ),
        focal_share_room,
    ),
    lv(
        "market.arrival_rate",
        G::Market,
        S::Scenario,
        pct_typ(1, (0.0, 0.2)),
        R::Always,
        tr("Llegada de posibles clientes", "Arrival of prospects"),
        U_PCT_MONTH,
        tr(
            "Probabilidad de que alguien que aún no es cliente de nadie pregunte a una empresa en un mes. Se lo queda la empresa que responde a tiempo.",
            "Chance that someone who is nobody's customer yet asks a firm in a month. The firm that replies in time wins them.",
        ),
        Access::Num(top!(market.arrival_rate)),
    ),
    lv(
        "market.switch_share",
        G::Market,
        S::Scenario,
        pct(0),
        R::Always,
        tr(
            "Bajas que buscan otra empresa",
            "Leavers who look for another provider",
        ),
        U_PCT,
        tr(
            "De los clientes que se van, qué parte busca otra empresa; el resto sale del mercado. Esto crea la rotación entre empresas.",
            "Of the customers who leave, the part who look for another provider; the rest leave the market. This creates rotation between firms.",
        ),
        Access::Num(top!(market.switch_share)),
    ),
    lv(
        "market.lure_rate",
        G::Market,
        S::Scenario,
        pct_typ(1, (0.0, 0.1)),
        R::Always,
        tr("Atracción de la competencia", "Pull of competitors"),
        U_PCT_MONTH,
        tr(
            "Cuánto tiran los competidores de un cliente cada mes; pesa más cuanto menos satisfecho está. Sin competidores no tiene efecto.",
            "How strongly competitors pull at a customer each month; it weighs more the less satisfied the customer is. No effect without competitors.",
        ),
        Access::Num(top!(market.lure_rate)),
    ),
    lv(
        "market.choice_sensitivity",
        G::Market,
        S::Scenario,
        num(0.0, 50.0, 0.5, 1, (0.0, 20.0)),
        R::Always,
        tr(
            "Peso de la calidad al elegir",
            "Weight of quality in choice",
        ),
        U_NONE,
        tr(
            "Cuánto se fija la gente en la calidad al elegir empresa. Con 0 eligen al azar; con valores altos casi todos eligen la de más calidad.",
            "How much people look at quality when choosing a firm. At 0 they choose at random; high values send nearly everyone to the best firm.",
        ),
        Access::Num(top!(market.choice_sensitivity)),
    ),
    lv(
        "market.reputation_weight",
        G::Market,
        S::Scenario,
        num(0.0, 20.0, 0.1, 1, (0.0, 5.0)),
        R::WordOfMouth,
        tr("Peso de la reputación", "Weight of reputation"),
        U_NONE,
        tr(
            "Cuánto pesa al elegir empresa lo que dicen de ella sus clientes (su reputación, de -1, solo quejas, a 1, solo elogios). Con 1,5, una empresa con reputación 0 se elige unas 2,1 veces menos que otra igual con reputación 0,5. Es una hipótesis del modelo.",
            "How much what a firm's customers say about it (its reputation, from -1, only complaints, to 1, only praise) weighs in choosing a firm. With 1.5, a firm with reputation 0 is chosen about 2.1 times less often than an equal one at 0.5. A modelling assumption.",
        ),
        Access::Num(top!(market.reputation_weight)),
    ),
    lv(
        "market.reputation_half_life_months",
        G::Market,
        S::Scenario,
        num(0.1, 600.0, 0.1, 1, (1.0, 24.0)),
        R::WordOfMouth,
        tr("Memoria del mercado", "Market memory"),
        U_MONTHS,
        tr(
            "Meses que tarda el mercado en olvidar la mitad de lo que se ha dicho de una empresa. Con una memoria larga, una crisis pesa en las ventas durante más tiempo.",
            "Months for the market to forget half of what was said about a firm. With a long memory, a crisis weighs on sales for longer.",
        ),
        Access::Num(top!(market.reputation_half_life_months)),
    ),
    lv(
        "competitor.quality",
        G::Market,
        S::Competitor,
        points((0.3, 1.0)),
        R::Always,
        tr("Calidad", "Quality"),
        U_POINTS,
        tr(
            "La satisfacción a la que tienden los clientes de este competidor, y su atractivo para quien busca empresa.",
            "The satisfaction this competitor's customers settle at, and its appeal to people choosing a provider.",
        ),
        Access::Num(comp!(quality)),
    ),
    limited(
        lv(
            "competitor.initial_share",
            G::Market,
            S::Competitor,
            pct(0),
            R::Always,
            tr("Cuota inicial", "Starting share"),
            U_PCT,
            tr(
                "Parte de las personas del mercado que son clientes de este competidor al empezar.",
                "Part of the market's people who are this competitor's customers at the start.",
            ),
            Access::Num(comp!(initial_share)),
        ),
        competitor_share_room,
    ),
    lv(
        "competitor.price",
        G::Market,
        S::Competitor,
        money(10_000.0, (10.0, 60.0)),
        R::Always,
        tr("Precio", "Price"),
        tr("€ al mes", "€ per month"),
        tr(
            "Precio mensual del plan sin permanencia de este competidor. Si ofrece permanencia, su plan con permanencia lleva el descuento indicado más abajo.",
            "Monthly price of this competitor's plan with free exit. If it offers a minimum term, its term plan carries the discount set below.",
        ),
        Access::Num(comp!(price)),
    ),
    lv(
        "competitor.reply_speed",
        G::Market,
        S::Competitor,
        Kind::Choice(SPEEDS),
        R::Always,
        tr("Tiempo de respuesta", "Reply time"),
        U_NONE,
        tr(
            "Cuánto tarda este competidor en contestar consultas. Un competidor rápido se queda con los clientes que nosotros hacemos esperar.",
            "How long this competitor takes to answer enquiries. A fast competitor wins the customers we keep waiting.",
        ),
        Access::Pick(
            |s, i| s.market.competitors.get(i).map(|c| speed_id(c.reply_speed)),
            |s, i, v| {
                if let Some(c) = s.market.competitors.get_mut(i) {
                    c.reply_speed = speed_of(v);
                    c.custom_mix = usable_mix(c.custom_mix);
                }
            },
        ),
    ),
    lv(
        "competitor.custom_mix.within_hour",
        G::Market,
        S::Competitor,
        pct(0),
        R::CompetitorCustomReplies,
        MIX_LABELS[0],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: true,
            slot: 0,
        },
    ),
    lv(
        "competitor.custom_mix.within_day",
        G::Market,
        S::Competitor,
        pct(0),
        R::CompetitorCustomReplies,
        MIX_LABELS[1],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: true,
            slot: 1,
        },
    ),
    lv(
        "competitor.custom_mix.over_day",
        G::Market,
        S::Competitor,
        pct(0),
        R::CompetitorCustomReplies,
        MIX_LABELS[2],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: true,
            slot: 2,
        },
    ),
    lv(
        "competitor.custom_mix.never",
        G::Market,
        S::Competitor,
        pct(0),
        R::CompetitorCustomReplies,
        MIX_LABELS[3],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: true,
            slot: 3,
        },
    ),
    lv(
        "competitor.contract_months",
        G::Market,
        S::Competitor,
        int(0, 600, 1),
        R::Always,
        tr("Permanencia", "Minimum term"),
        tr("meses (0 = sin permanencia)", "months (0 = free exit)"),
        tr(
            "Meses de permanencia que exige este competidor; 0 es sin permanencia. Sus clientes atados se comportan según los parámetros de permanencia de la pestaña del ensayo 4.",
            "Minimum term this competitor imposes; 0 is free exit. Its tied customers behave by the contract parameters of the essay 4 panel.",
        ),
        Access::Int(comp!(contract_months)),
    ),
    lv(
        "competitor.exit_penalty",
        G::Market,
        S::Competitor,
        money(1e7, (0.0, 500.0)),
        R::Always,
        tr("Penalización por salida anticipada", "Early-exit penalty"),
        U_EUR,
        tr(
            "Lo que paga un cliente atado a este competidor si se va antes de tiempo. Solo cuenta si el competidor tiene permanencia.",
            "What a customer tied to this competitor pays to leave early. Only matters if the competitor has a minimum term.",
        ),
        Access::Num(comp!(exit_penalty)),
    ),
    lv(
        "competitor.term_discount",
        G::Market,
        S::Competitor,
        pct_typ(0, (0.0, 0.4)),
        R::CompetitorTerm,
        tr("Descuento por permanencia", "Discount for the term"),
        U_PCT,
        tr(
            "Rebaja sobre su precio que hace este competidor a quien firma su permanencia.",
            "Price cut this competitor gives to customers who sign its minimum term.",
        ),
        Access::Num(comp!(term_discount)),
    ),
    lv(
        "competitor.free_exit_plan_too",
        G::Market,
        S::Competitor,
        Kind::Toggle,
        R::CompetitorTerm,
        tr("También ofrece salida libre", "Also offers free exit"),
        U_NONE,
        tr(
            "Si este competidor ofrece a la vez un plan sin permanencia, de modo que cada cliente elige el que le conviene.",
            "Whether this competitor also offers a plan with free exit, so each customer picks the one that suits them.",
        ),
        Access::Flag(comp!(free_exit_plan_too)),
    ),
    lv(
        "competitor.acquisition_cost",
        G::Market,
        S::Competitor,
        money(1e5, (0.0, 500.0)),
        R::Always,
        tr("Coste de captar un cliente", "Cost of winning a customer"),
        U_EUR,
        tr(
            "Lo que le cuesta a este competidor cada cliente nuevo: publicidad, comisiones, alta. Se resta de su margen.",
            "What each new customer costs this competitor: advertising, commissions, set-up. It comes off its margin.",
        ),
        Access::Num(comp!(acquisition_cost)),
    ),
    lv(
        "competitor.proactive",
        G::Market,
        S::Competitor,
        Kind::Toggle,
        R::Always,
        tr("Avisa de las incidencias", "Warns of incidents"),
        U_NONE,
        tr(
            "Si este competidor avisa a sus clientes de una incidencia antes de que llamen, lo que suaviza el golpe.",
            "Whether this competitor tells its customers about an incident before they call, which softens the blow.",
        ),
        Access::Flag(comp!(proactive)),
    ),
    lv(
        "competitor.incident_rate",
        G::Market,
        S::Competitor,
        pct_typ(1, (0.0, 0.3)),
        R::Always,
        tr("Incidencias", "Incidents"),
        U_PCT_MONTH,
        tr(
            "Probabilidad de que este competidor tenga una incidencia en un mes. Su gravedad y alcance son los de nuestra empresa.",
            "Chance that this competitor has an incident in a month. Severity and reach are the same as ours.",
        ),
        Access::Num(comp!(incident_rate)),
    ),
    // ---- Contract (essay 4)
    lv(
        "contract.lock_in",
        G::Contract,
        S::Scenario,
        Kind::Choice(CONTRACT_CHOICES),
        R::Always,
        tr("Tipo de contrato", "Contract"),
        U_NONE,
        tr(
            "Con permanencia, el cliente que quiere irse no puede hasta que acaba el plazo: se queda como cliente cautivo. Sin permanencia se va cuando quiere, y los que se quedan lo hacen porque quieren.",
            "With a lock-in, a customer who wants to leave cannot until the term ends: they stay on as a captive. With free exit they leave when they want, and those who stay do so by choice.",
        ),
        Access::Pick(
            |s, _| {
                Some(if s.contract.term_months > 0 {
                    "lock_in"
                } else {
                    "free_exit"
                })
            },
            |s, _, v| {
                if v == "free_exit" {
                    s.contract.term_months = 0;
                } else if s.contract.term_months == 0 {
                    s.contract.term_months = DEFAULT_LOCK_IN_MONTHS;
                }
            },
        ),
    ),
    lv(
        "contract.term_months",
        G::Contract,
        S::Scenario,
        int(1, 600, 1),
        R::LockIn,
        tr("Duración de la permanencia", "Length of the minimum term"),
        U_MONTHS,
        tr(
            "Meses que el cliente queda atado. Al final del plazo se van de golpe los cautivos: busca ese pico de bajas en el mes en que acaba.",
            "Months the customer is tied for. When the term ends the captives leave at once: look for that spike of departures in the month it ends.",
        ),
        Access::Int(top!(contract.term_months)),
    ),
    lv(
        "contract.free_exit_plan_too",
        G::Contract,
        S::Scenario,
        Kind::Toggle,
        R::LockIn,
        tr("Ofrecer también salida libre", "Also offer free exit"),
        U_NONE,
        tr(
            "Ofrecer a la vez el plan con permanencia y el plan sin ella, y que cada cliente elija. Quien prevé irse evita la permanencia, así que el contrato selecciona a los clientes más fieles.",
            "Offer the term plan and the free-exit plan side by side and let each customer choose. Those who expect to leave avoid the term, so the contract selects the more loyal customers.",
        ),
        Access::Flag(top!(contract.free_exit_plan_too)),
    ),
    lv(
        "contract.term_discount",
        G::Contract,
        S::Scenario,
        pct_typ(0, (0.0, 0.4)),
        R::LockIn,
        tr("Descuento por permanencia", "Discount for the term"),
        U_PCT,
        tr(
            "Rebaja sobre el precio que recibe quien firma la permanencia: lo que la empresa paga por atar al cliente.",
            "Price cut given to those who sign the minimum term: what the firm pays to tie the customer.",
        ),
        Access::Num(top!(contract.term_discount)),
    ),
    lv(
        "contract.device_subsidy",
        G::Contract,
        S::Scenario,
        money(1e5, (0.0, 600.0)),
        R::LockIn,
        tr("Subvención al firmar", "Subsidy at signing"),
        U_EUR,
        tr(
            "Valor que recibe de una vez quien firma la permanencia (un terminal, por ejemplo). La empresa lo paga al captar al cliente y el cliente lo reparte entre los meses del plazo al comparar planes.",
            "One-off value given to whoever signs the term (a handset, say). The firm pays it when it wins the customer, and the customer spreads it over the term's months when comparing plans.",
        ),
        Access::Num(top!(contract.device_subsidy)),
    ),
    lv(
        "contract.exit_penalty",
        G::Contract,
        S::Scenario,
        money(1e7, (0.0, 500.0)),
        R::LockIn,
        tr("Penalización por salida anticipada", "Early-exit penalty"),
        U_EUR,
        tr(
            "Lo que paga un cliente atado si se va antes de tiempo. Cuenta como ingreso para la empresa.",
            "What a tied customer pays to leave early. It counts as revenue for the firm.",
        ),
        Access::Num(top!(contract.exit_penalty)),
    ),
    lv(
        "contract.relock_on_renewal",
        G::Contract,
        S::Scenario,
        Kind::Toggle,
        R::AnyTie,
        tr("Renovar la permanencia", "Renew the term"),
        U_NONE,
        tr(
            "Al acabar el plazo, el cliente que se queda firma otra permanencia (activado) o pasa a ser libre (desactivado).",
            "At the end of the term, a customer who stays signs a new term (on) or becomes free to leave (off).",
        ),
        Access::Flag(top!(contract.relock_on_renewal)),
    ),
    lv(
        "contract.renewal_ask_share",
        G::Contract,
        S::Scenario,
        pct(0),
        R::AnyTie,
        tr("Negocian al renovar", "Negotiate at renewal"),
        U_PCT,
        tr(
            "Parte de los clientes que se quedan al acabar el plazo y aprovechan para pedir una rebaja: el cliente aprieta al proveedor al final. Es una hipótesis del modelo.",
            "Share of customers who stay at the end of the term and use the moment to ask for a cut: the customer squeezes the provider at the end. A modelling assumption.",
        ),
        Access::Num(top!(contract.renewal_ask_share)),
    ),
    lv(
        "contract.renewal_discount",
        G::Contract,
        S::Scenario,
        pct_typ(0, (0.0, 0.4)),
        R::AnyTie,
        tr("Rebaja conseguida al renovar", "Discount won at renewal"),
        U_PCT,
        tr(
            "Rebaja sobre el precio del plan que consigue quien negocia al renovar. Cuesta ingresos mientras dura el contrato.",
            "Cut off the plan's price won by those who negotiate at renewal. It costs revenue for as long as the contract lasts.",
        ),
        Access::Num(top!(contract.renewal_discount)),
    ),
    lv(
        "contract.resentment_per_month",
        G::Contract,
        S::Scenario,
        points((0.0, 0.1)),
        R::AnyTie,
        tr("Resentimiento del cautivo", "Resentment of captives"),
        tr("puntos al mes", "points per month"),
        tr(
            "Satisfacción que pierde cada mes un cliente que quiere irse y no puede. Es una hipótesis del modelo, basada en el argumento del ensayo, no una cifra publicada.",
            "Satisfaction lost each month by a customer who wants to leave and cannot. A modelling assumption following the essay's argument, not a published figure.",
        ),
        Access::Num(top!(contract.resentment_per_month)),
    ),
    lv(
        "contract.pay_penalty_midpoint",
        G::Contract,
        S::Scenario,
        points((0.0, 0.6)),
        R::AnyTie,
        tr(
            "Satisfacción a la que se paga la penalización",
            "Satisfaction at which the penalty gets paid",
        ),
        U_POINTS,
        tr(
            "Un cliente atado que quiere irse paga la penalización con más probabilidad cuanto menos satisfecho está: a este nivel, la mitad de la que permite el tamaño de la penalización.",
            "A tied customer who wants to leave is likelier to pay the penalty the less satisfied they are: at this level, half as likely as the penalty's size allows.",
        ),
        Access::Num(top!(contract.pay_penalty_midpoint)),
    ),
    lv(
        "contract.pay_penalty_spread",
        G::Contract,
        S::Scenario,
        num(0.001, 1.0, 0.001, 3, (0.01, 0.2)),
        R::AnyTie,
        tr("Suavidad de esa decisión", "Smoothness of that decision"),
        U_NONE,
        tr(
            "Cuánto se reparte la decisión de pagar alrededor de ese nivel: pequeño, casi un umbral fijo; grande, también pagan algunos clientes bastante satisfechos.",
            "How widely the decision to pay spreads around that level: small, almost a fixed threshold; large, some fairly satisfied customers pay too.",
        ),
        Access::Num(top!(contract.pay_penalty_spread)),
    ),
    lv(
        "contract.penalty_tolerance_months",
        G::Contract,
        S::Scenario,
        num(0.0, 120.0, 0.1, 1, (0.5, 12.0)),
        R::AnyTie,
        tr(
            "Penalización que frena la mitad",
            "Penalty that deters half",
        ),
        tr("meses de cuota", "months of price"),
        tr(
            "Una penalización de tantas cuotas mensuales reduce a la mitad la probabilidad de pagarla; cuanto mayor es la penalización frente al precio, menos clientes atados se van antes de tiempo.",
            "A penalty worth this many monthly prices halves the chance of paying it; the larger the penalty against the price, the fewer tied customers leave early.",
        ),
        Access::Num(top!(contract.penalty_tolerance_months)),
    ),
    lv(
        "contract.forgiveness",
        G::Contract,
        S::Scenario,
        pct(0),
        R::Always,
        tr(
            "Perdón de los clientes libres",
            "Forgiveness of free customers",
        ),
        U_PCT,
        tr(
            "Parte del golpe de cada incidencia que perdona un cliente que no está atado: quien elige quedarse perdona más un error ocasional. Es la tesis del ensayo; la cifra es una hipótesis.",
            "Part of each incident's blow forgiven by a customer who is not tied: someone who chose to stay forgives an occasional error more. This is the essay's claim; the number is an assumption.",
        ),
        Access::Num(top!(contract.forgiveness)),
    ),
    lv(
        "contract.staggered_start",
        G::Contract,
        S::Scenario,
        Kind::Toggle,
        R::AnyTie,
        tr("Contratos escalonados", "Staggered terms"),
        U_NONE,
        tr(
            "Desactivado, todos los clientes actuales empiezan la permanencia en el mes 0 (la política se estrena ahora) y se ve el pico de bajas al final. Activado, los plazos acaban en meses distintos, como en una cartera ya madura.",
            "Off, every current customer starts the term in month 0 (the policy starts now) and the spike of departures at the end shows. On, terms end in different months, as in a mature customer base.",
        ),
        Access::Flag(top!(contract.staggered_start)),
    ),
    // ---- Replies (essay 3)
    lv(
        "replies.speed",
        G::Replies,
        S::Scenario,
        Kind::Choice(SPEEDS),
        R::Always,
        tr("Tiempo de respuesta", "Reply time"),
        U_NONE,
        tr(
            "Cuánto tarda nuestra empresa en contestar una consulta. Si la respuesta llega cuando el cliente ya no espera, se pierde la venta o la buena voluntad. La mezcla de la auditoría reproduce lo que Oldroyd, McElheran y Elkington (2011) encontraron en 2.241 empresas: 37\u{a0}% en una hora, 16\u{a0}% en el día, 24\u{a0}% después y 23\u{a0}% nunca.",
            "How long our firm takes to answer an enquiry. A reply that comes after the customer stopped waiting loses the sale or the goodwill. The audit mix is what Oldroyd, McElheran & Elkington (2011) found across 2,241 firms: 37% within the hour, 16% within the day, 24% later and 23% never.",
        ),
        Access::Pick(
            |s, _| Some(speed_id(s.replies.speed)),
            |s, _, v| {
                s.replies.speed = speed_of(v);
                s.replies.custom_mix = usable_mix(s.replies.custom_mix);
            },
        ),
    ),
    lv(
        "replies.custom_mix.within_hour",
        G::Replies,
        S::Scenario,
        pct(0),
        R::CustomReplies,
        MIX_LABELS[0],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: false,
            slot: 0,
        },
    ),
    lv(
        "replies.custom_mix.within_day",
        G::Replies,
        S::Scenario,
        pct(0),
        R::CustomReplies,
        MIX_LABELS[1],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: false,
            slot: 1,
        },
    ),
    lv(
        "replies.custom_mix.over_day",
        G::Replies,
        S::Scenario,
        pct(0),
        R::CustomReplies,
        MIX_LABELS[2],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: false,
            slot: 2,
        },
    ),
    lv(
        "replies.custom_mix.never",
        G::Replies,
        S::Scenario,
        pct(0),
        R::CustomReplies,
        MIX_LABELS[3],
        U_PCT,
        MIX_HELP,
        Access::Mix {
            competitor: false,
            slot: 3,
        },
    ),
    lv(
        "replies.goodwill_loss",
        G::Replies,
        S::Scenario,
        points((0.0, 0.5)),
        R::Always,
        tr(
            "Enfado por una respuesta tardía",
            "Annoyance at a late reply",
        ),
        U_POINTS,
        tr(
            "Satisfacción que pierde un cliente cuando la respuesta llega después de lo que estaba dispuesto a esperar.",
            "Satisfaction a customer loses when the reply comes later than they were willing to wait.",
        ),
        Access::Num(top!(replies.goodwill_loss)),
    ),
    lv(
        "replies.cost_per_fast_reply",
        G::Replies,
        S::Scenario,
        money(1e6, (0.0, 20.0)),
        R::Always,
        tr(
            "Coste de responder en una hora",
            "Cost of a reply within the hour",
        ),
        tr("€ por respuesta", "€ per reply"),
        tr(
            "Lo que cuesta cada respuesta dada en menos de una hora (personal, guardias). Entra en los costes de la política.",
            "What each reply given within the hour costs (staff, on-call cover). It counts as a policy cost.",
        ),
        Access::Num(top!(replies.cost_per_fast_reply)),
    ),
    lv(
        "replies.memory.enabled",
        G::Replies,
        S::Scenario,
        Kind::Toggle,
        R::Always,
        tr("Memoria de clientes (CRM)", "Customer memory (CRM)"),
        U_NONE,
        tr(
            "Una empresa con memoria sabe cuándo le toca a cada cliente replantearse el contrato y le llama antes con su mejor oferta. Sin memoria espera a que el cliente llame, y cada mala experiencia pesa más.",
            "A firm with memory knows when each customer is due to reconsider and calls first with its best offer. Without memory it waits to be called, and every bad experience weighs more.",
        ),
        Access::Flag(top!(replies.memory.enabled)),
    ),
    lv(
        "replies.memory.renegotiation_months",
        G::Replies,
        S::Scenario,
        int(0, 600, 1),
        R::Always,
        tr(
            "Cada cuánto se replantea el cliente",
            "How often customers reconsider",
        ),
        tr("meses (0 = nunca)", "months (0 = never)"),
        tr(
            "Meses entre los momentos en que un cliente compara ofertas y decide si sigue. Los 18 meses por defecto son la cifra del ensayo, no un dato publicado.",
            "Months between the points at which a customer compares offers and decides whether to stay. The default 18 months is the essay's figure, not a published statistic.",
        ),
        Access::Int(top!(replies.memory.renegotiation_months)),
    ),
    lv(
        "replies.memory.renegotiation_hazard",
        G::Replies,
        S::Scenario,
        pct(0),
        R::Renegotiation,
        tr(
            "Riesgo extra al replantearse",
            "Extra risk when reconsidering",
        ),
        U_PCT,
        tr(
            "Probabilidad adicional de irse en el mes en que el cliente se replantea el contrato. Es una hipótesis del modelo.",
            "Added chance of leaving in the month the customer reconsiders. A modelling assumption.",
        ),
        Access::Num(top!(replies.memory.renegotiation_hazard)),
    ),
    lv(
        "replies.memory.offer_retention",
        G::Replies,
        S::Scenario,
        pct(0),
        R::CrmMemory,
        tr(
            "Eficacia de la llamada proactiva",
            "Effect of the proactive call",
        ),
        U_PCT,
        tr(
            "Parte de ese riesgo extra que se evita cuando la empresa llama antes con una oferta.",
            "Part of that extra risk removed when the firm calls first with an offer.",
        ),
        Access::Num(top!(replies.memory.offer_retention)),
    ),
    lv(
        "replies.memory.offer_lift",
        G::Replies,
        S::Scenario,
        points((0.0, 0.3)),
        R::CrmMemory,
        tr(
            "Satisfacción que aporta la oferta",
            "Satisfaction from the offer",
        ),
        U_POINTS,
        tr(
            "Cuánto sube la satisfacción del cliente al recibir una oferta sin haberla pedido.",
            "How much a customer's satisfaction rises on receiving an offer they did not have to ask for.",
        ),
        Access::Num(top!(replies.memory.offer_lift)),
    ),
    lv(
        "replies.memory.cost_per_offer",
        G::Replies,
        S::Scenario,
        money(1e6, (0.0, 50.0)),
        R::CrmMemory,
        tr("Coste de cada oferta", "Cost of each offer"),
        tr("€ por oferta", "€ per offer"),
        tr(
            "Lo que cuesta cada llamada con oferta (descuento, tiempo del agente). Entra en los costes de la política.",
            "What each call with an offer costs (discount, agent time). It counts as a policy cost.",
        ),
        Access::Num(top!(replies.memory.cost_per_offer)),
    ),
    lv(
        "replies.memory.weight_without_memory",
        G::Replies,
        S::Scenario,
        num(1.0, 10.0, 0.05, 2, (1.0, 3.0)),
        R::NoCrmMemory,
        tr(
            "Peso de los problemas sin memoria",
            "Weight of problems without memory",
        ),
        U_TIMES,
        tr(
            "Sin memoria, el cliente tiene que volver a contar su historia cada vez: multiplica el golpe de incidencias y respuestas tardías. 1 significa que no pesa más.",
            "Without memory the customer has to tell their story again each time: this multiplies the blow of incidents and late replies. 1 means no extra weight.",
        ),
        Access::Num(top!(replies.memory.weight_without_memory)),
    ),
    // ---- Save desk (essay 3)
    lv(
        "save_desk.enabled",
        G::SaveDesk,
        S::Scenario,
        Kind::Toggle,
        R::Always,
        tr("Departamento de retención", "Retention desk"),
        U_NONE,
        tr(
            "Quien decide irse avisa primero, y el departamento le hace una oferta para que se quede. Es lo contrario de llamar antes con memoria del cliente: aquí la empresa espera a que el cliente pida la baja.",
            "A customer who decides to leave gives notice first, and the desk makes an offer to keep them. It is the opposite of calling first with customer memory: here the firm waits until the customer asks to leave.",
        ),
        Access::Flag(top!(save_desk.enabled)),
    ),
    limited(
        lv(
            "save_desk.withdraw_share",
            G::SaveDesk,
            S::Scenario,
            pct(0),
            R::SaveDesk,
            tr("Retiran la baja", "Withdraw the notice"),
            U_PCT,
            tr(
                "Parte de los avisos de baja que acaban en el cliente quedándose con su plan, con la rebaja que ofrece el departamento.",
                "Share of notices that end with the customer staying on their plan, with the desk's discount.",
            ),
            Access::Num(top!(save_desk.withdraw_share)),
        ),
        withdraw_room,
    ),
    limited(
        lv(
            "save_desk.downgrade_share",
            G::SaveDesk,
            S::Scenario,
            pct(0),
            R::SaveDesk,
            tr("Pasan a un plan más barato", "Move to a cheaper plan"),
            U_PCT,
            tr(
                "Parte de los avisos de baja que acaban en un plan más barato. Con los que retiran la baja, suman como mucho el 100\u{a0}%; el resto se va.",
                "Share of notices that end in a cheaper plan. Together with those withdrawn they add up to at most 100%; the rest leave.",
            ),
            Access::Num(top!(save_desk.downgrade_share)),
        ),
        downgrade_room,
    ),
    lv(
        "save_desk.save_discount",
        G::SaveDesk,
        S::Scenario,
        pct_typ(0, (0.0, 0.5)),
        R::SaveDesk,
        tr("Rebaja para retener", "Discount to keep them"),
        U_PCT,
        tr(
            "Rebaja sobre el precio de su plan que recibe quien retira la baja.",
            "Cut off their plan's price given to those who withdraw the notice.",
        ),
        Access::Num(top!(save_desk.save_discount)),
    ),
    lv(
        "save_desk.downgrade_price_share",
        G::SaveDesk,
        S::Scenario,
        pct(0),
        R::SaveDesk,
        tr("Precio del plan barato", "Price of the cheaper plan"),
        U_PCT,
        tr(
            "Lo que paga, en proporción al precio de su plan, quien pasa a un plan más barato.",
            "What a customer who moves to a cheaper plan pays, as a share of their plan's price.",
        ),
        Access::Num(top!(save_desk.downgrade_price_share)),
    ),
    lv(
        "save_desk.cost_per_notice",
        G::SaveDesk,
        S::Scenario,
        money(1e6, (0.0, 50.0)),
        R::SaveDesk,
        tr("Coste de atender un aviso", "Cost of handling a notice"),
        U_EUR,
        tr(
            "Lo que cuesta atender cada aviso de baja, acabe como acabe.",
            "What handling each notice costs, however it ends.",
        ),
        Access::Num(top!(save_desk.cost_per_notice)),
    ),
    // ---- Adoption (essay 1)
    lv(
        "adoption.mode",
        G::Adoption,
        S::Scenario,
        Kind::Choice(ADOPTION_MODES),
        R::Always,
        tr(
            "Cómo llega el servicio nuevo",
            "How the new service comes in",
        ),
        U_NONE,
        tr(
            "Voluntario: cada cliente lo adopta si le ve valor o ve a otros usarlo; lento, pero quien lo adopta está contento. Obligatorio: todos pasan a la vez en un mes dado; rápido, pero genera antipatía y algunos se niegan.",
            "Opt-in: each customer takes it up if they see value in it or see others using it; slow, but adopters are glad. Forced: everyone is moved at once in a given month; fast, but it breeds antipathy and some refuse.",
        ),
        Access::Pick(
            |s, _| {
                Some(match s.adoption.mode {
                    AdoptionMode::None => "none",
                    AdoptionMode::OptIn => "opt_in",
                    AdoptionMode::Forced => "forced",
                })
            },
            |s, _, v| {
                s.adoption.mode = match v {
                    "opt_in" => AdoptionMode::OptIn,
                    "forced" => AdoptionMode::Forced,
                    _ => AdoptionMode::None,
                }
            },
        ),
    ),
    lv(
        "adoption.p",
        G::Adoption,
        S::Scenario,
        pct_typ(2, (0.0, 0.05)),
        R::OptIn,
        tr(
            "Adopción por iniciativa propia",
            "Adoption on one's own initiative",
        ),
        U_PCT_MONTH,
        tr(
            "Probabilidad mensual de que un cliente pruebe el servicio sin que nadie se lo recomiende (coeficiente de innovación p del modelo de Bass, 1969). El valor por defecto es la media anual de 0,03 de Sultan, Farley y Lehmann (1990), repartida en 12 meses.",
            "Monthly chance that a customer tries the service with nobody recommending it (the innovation coefficient p of the Bass model, 1969). The default is the yearly mean of 0.03 found by Sultan, Farley & Lehmann (1990), spread over 12 months.",
        ),
        Access::Num(top!(adoption.p)),
    ),
    lv(
        "adoption.q",
        G::Adoption,
        S::Scenario,
        pct_typ(2, (0.0, 0.1)),
        R::OptIn,
        tr("Adopción por imitación", "Adoption by imitation"),
        U_PCT_MONTH,
        tr(
            "Cuánto empuja a adoptar ver a otros clientes usarlo (coeficiente de imitación q de Bass). Por defecto, la media anual de 0,38 de Sultan, Farley y Lehmann (1990) en 12 meses. Si la influencia va por la red, es el efecto de cada contacto: Goldenberg, Libai y Muller (2001) estudiaron valores de 0,5\u{a0}% a 7\u{a0}%.",
            "How strongly seeing other customers use it pushes adoption (Bass's imitation coefficient q). By default the yearly mean of 0.38 from Sultan, Farley & Lehmann (1990), over 12 months. If influence travels over the network, it is the effect of each contact: Goldenberg, Libai & Muller (2001) studied values from 0.5% to 7%.",
        ),
        Access::Num(top!(adoption.q)),
    ),
    lv(
        "adoption.peers",
        G::Adoption,
        S::Scenario,
        Kind::Choice(PEER_MIXING),
        R::OptIn,
        tr("De quién se imita", "Whom customers imitate"),
        U_NONE,
        tr(
            "Si el cliente se fija en todos los clientes de la empresa (modelo de Bass) o solo en sus contactos (red). En la red hace falta masa crítica local para que el servicio despegue.",
            "Whether a customer looks at all the firm's customers (Bass model) or only at their contacts (network). On the network the service needs local critical mass to take off.",
        ),
        Access::Pick(
            |s, _| {
                Some(match s.adoption.peers {
                    PeerMixing::FullyMixed => "fully_mixed",
                    PeerMixing::Network => "network",
                })
            },
            |s, _, v| {
                s.adoption.peers = if v == "network" {
                    PeerMixing::Network
                } else {
                    PeerMixing::FullyMixed
                }
            },
        ),
    ),
    lv(
        "adoption.value",
        G::Adoption,
        S::Scenario,
        points((0.0, 0.3)),
        R::NewService,
        tr("Valor del servicio", "Value of the service"),
        U_POINTS,
        tr(
            "Satisfacción que gana quien usa el servicio nuevo, si realmente le aporta algo.",
            "Satisfaction gained by someone using the new service, if it really brings them something.",
        ),
        Access::Num(top!(adoption.value)),
    ),
    lv(
        "adoption.forced_month",
        G::Adoption,
        S::Scenario,
        int(1, 600, 1),
        R::Forced,
        tr(
            "Mes de la migración obligatoria",
            "Month of the forced migration",
        ),
        tr("mes", "month"),
        tr(
            "Mes en que todos los clientes que aún no usan el servicio pasan a usarlo por obligación. Busca en las gráficas el salto de adopción y de bajas en ese mes.",
            "Month in which every customer not yet using the service is moved onto it. Look in the charts for the jump in adoption and departures that month.",
        ),
        Access::Int(top!(adoption.forced_month)),
    ),
    lv(
        "adoption.antipathy",
        G::Adoption,
        S::Scenario,
        points((0.0, 0.5)),
        R::Forced,
        tr("Antipatía por la obligación", "Antipathy at being forced"),
        U_POINTS,
        tr(
            "Satisfacción que pierde cada cliente obligado a cambiar. Es la tesis del ensayo 1; la cifra es una hipótesis.",
            "Satisfaction lost by each customer made to switch. This is essay 1's claim; the number is an assumption.",
        ),
        Access::Num(top!(adoption.antipathy)),
    ),
    lv(
        "adoption.refusal_share",
        G::Adoption,
        S::Scenario,
        pct(0),
        R::Forced,
        tr("Clientes que se niegan", "Customers who refuse"),
        U_PCT,
        tr(
            "Parte de los clientes que se niega a la migración (más en los segmentos que rechazan las ataduras). Hipótesis del modelo.",
            "Part of the customers who refuse the migration (more in segments that dislike being tied). A modelling assumption.",
        ),
        Access::Num(top!(adoption.refusal_share)),
    ),
    lv(
        "adoption.flexible_exception",
        G::Adoption,
        S::Scenario,
        Kind::Toggle,
        R::Forced,
        tr("Excepción flexible", "Flexible exception"),
        U_NONE,
        tr(
            "Permitir que quien lo pida siga con el canal de siempre. Cuesta algo de adopción y conserva clientes que, si no, se irían.",
            "Let those who ask keep the old channel. It costs a little adoption and keeps customers who would otherwise walk out.",
        ),
        Access::Flag(top!(adoption.flexible_exception)),
    ),
    lv(
        "adoption.exception_share",
        G::Adoption,
        S::Scenario,
        pct(0),
        R::FlexibleException,
        tr(
            "Quienes piden la excepción",
            "Refusers who ask for the exception",
        ),
        U_PCT,
        tr(
            "De los que se niegan, qué parte pide seguir con el canal de siempre (y se queda tranquila).",
            "Of those who refuse, the part who ask to keep the old channel (and stay content).",
        ),
        Access::Num(top!(adoption.exception_share)),
    ),
    lv(
        "adoption.refuse_leave_share",
        G::Adoption,
        S::Scenario,
        pct(0),
        R::Forced,
        tr("Quienes se niegan y se van", "Refusers who leave"),
        U_PCT,
        tr(
            "De los que se niegan sin excepción, qué parte se da de baja; el resto se queda, pero desconectado y gastando menos.",
            "Of those who refuse with no exception, the part who leave; the rest stay, but disengaged and spending less.",
        ),
        Access::Num(top!(adoption.refuse_leave_share)),
    ),
    lv(
        "adoption.disengaged_revenue_share",
        G::Adoption,
        S::Scenario,
        pct(0),
        R::Forced,
        tr(
            "Gasto del cliente desconectado",
            "Spending of a disengaged customer",
        ),
        U_PCT,
        tr(
            "Parte de su gasto habitual que sigue aportando un cliente que se negó y se quedó a disgusto.",
            "Part of their usual spending still brought by a customer who refused and stayed reluctantly.",
        ),
        Access::Num(top!(adoption.disengaged_revenue_share)),
    ),
    lv(
        "adoption.old_channel_cost",
        G::Adoption,
        S::Scenario,
        money(1e5, (0.0, 20.0)),
        R::FlexibleException,
        tr("Coste del canal antiguo", "Cost of the old channel"),
        tr("€ al mes por cliente", "€ per month per customer"),
        tr(
            "Lo que cuesta cada mes atender por el canal de siempre a un cliente que pidió la excepción: mantener dos canales es la razón por la que las empresas obligan.",
            "What it costs each month to serve a customer who asked for the exception on the old channel: running two channels is why firms force in the first place.",
        ),
        Access::Num(top!(adoption.old_channel_cost)),
    ),
    // ---- Channel (essay 2)
    lv(
        "channel.mode",
        G::Channel,
        S::Scenario,
        Kind::Choice(CHANNEL_MODES),
        R::Always,
        tr(
            "Relación con el cliente final",
            "Relationship with the end customer",
        ),
        U_NONE,
        tr(
            "En relación directa, la empresa oye las quejas e ideas de sus clientes y mejora su oferta. A través de distribuidores le llega una señal filtrada y tardía, y parte del margen se queda por el camino.",
            "In a direct relationship the firm hears its customers' complaints and ideas and improves its offer. Through distributors it gets a filtered, late signal, and part of the margin stays with them.",
        ),
        Access::Pick(
            |s, _| {
                Some(match s.channel.mode {
                    ChannelMode::Direct => "direct",
                    ChannelMode::Distributors => "distributors",
                })
            },
            |s, _, v| {
                s.channel.mode = if v == "distributors" {
                    ChannelMode::Distributors
                } else {
                    ChannelMode::Direct
                }
            },
        ),
    ),
    lv(
        "channel.learning_rate",
        G::Channel,
        S::Scenario,
        pct(0),
        R::Always,
        tr("Velocidad de aprendizaje", "Learning speed"),
        U_PCT_MONTH,
        tr(
            "Cuánto mejora la oferta cada mes con lo que la empresa oye de sus clientes. Con 0 no aprende nada. Hipótesis del modelo.",
            "How much the offer improves each month from what the firm hears from its customers. At 0 it learns nothing. A modelling assumption.",
        ),
        Access::Num(top!(channel.learning_rate)),
    ),
    lv(
        "channel.max_improvement",
        G::Channel,
        S::Scenario,
        points((0.0, 0.5)),
        R::Always,
        tr("Mejora máxima posible", "Most the offer can improve"),
        U_POINTS,
        tr(
            "Satisfacción máxima que puede ganar la oferta escuchando a los clientes.",
            "The most satisfaction the offer can gain by listening to customers.",
        ),
        Access::Num(top!(channel.max_improvement)),
    ),
    lv(
        "channel.distributor_reach",
        G::Channel,
        S::Scenario,
        pct(0),
        R::Distributors,
        tr(
            "Lo que transmiten los distribuidores",
            "What distributors pass on",
        ),
        U_PCT,
        tr(
            "Parte de lo que dicen los clientes que llega a la empresa a través de los distribuidores.",
            "Part of what customers say that reaches the firm through its distributors.",
        ),
        Access::Num(top!(channel.distributor_reach)),
    ),
    lv(
        "channel.distributor_delay_months",
        G::Channel,
        S::Scenario,
        int(0, 120, 1),
        R::Distributors,
        tr("Retraso de los distribuidores", "Distributors' delay"),
        U_MONTHS,
        tr(
            "Meses que tarda en llegar a la empresa lo que los clientes cuentan a los distribuidores.",
            "Months it takes for what customers tell distributors to reach the firm.",
        ),
        Access::Int(top!(channel.distributor_delay_months)),
    ),
    lv(
        "channel.distributor_margin_share",
        G::Channel,
        S::Scenario,
        pct(0),
        R::Distributors,
        tr("Margen de los distribuidores", "Distributors' margin"),
        tr("% de los ingresos", "% of revenue"),
        tr(
            "Parte de los ingresos que se quedan los distribuidores.",
            "Part of the revenue kept by the distributors.",
        ),
        Access::Num(top!(channel.distributor_margin_share)),
    ),
    lv(
        "channel.cost_per_customer_heard",
        G::Channel,
        S::Scenario,
        money(1e6, (0.0, 10.0)),
        R::Always,
        tr(
            "Coste de escuchar a un cliente",
            "Cost of hearing one customer",
        ),
        tr("€ por cliente escuchado", "€ per customer heard"),
        tr(
            "Lo que cuesta recoger y estudiar la opinión de cada cliente que habla con la empresa.",
            "What it costs to gather and study the views of each customer who talks to the firm.",
        ),
        Access::Num(top!(channel.cost_per_customer_heard)),
    ),
    // ---- Communication (essay 5)
    lv(
        "communication.proactive",
        G::Communication,
        S::Scenario,
        Kind::Toggle,
        R::Always,
        tr("Comunicación proactiva", "Proactive communication"),
        U_NONE,
        tr(
            "Activada, la empresa avisa a los afectados por una incidencia antes de que llamen, y el golpe es menor. Desactivada, espera a que llamen: cada afectado tiene que preguntar y una respuesta lenta añade enfado.",
            "On, the firm tells affected customers about an incident before they call, and the blow is smaller. Off, it waits for them to call: each affected customer has to ask, and a slow reply adds annoyance.",
        ),
        Access::Flag(top!(communication.proactive)),
    ),
    lv(
        "communication.softening",
        G::Communication,
        S::Scenario,
        pct(0),
        R::Proactive,
        tr("Alivio del aviso", "Relief from a warning"),
        U_PCT,
        tr(
            "Parte del golpe de una incidencia que se evita avisando a tiempo. Hipótesis del modelo.",
            "Part of an incident's blow avoided by warning in time. A modelling assumption.",
        ),
        Access::Num(top!(communication.softening)),
    ),
    lv(
        "communication.cost_per_message",
        G::Communication,
        S::Scenario,
        money(1e6, (0.0, 2.0)),
        R::Proactive,
        tr("Coste de cada aviso", "Cost of each message"),
        tr("€ por mensaje", "€ per message"),
        tr(
            "Lo que cuesta cada mensaje proactivo enviado a un cliente afectado.",
            "What each proactive message to an affected customer costs.",
        ),
        Access::Num(top!(communication.cost_per_message)),
    ),
    lv(
        "communication.incident_rate",
        G::Communication,
        S::Scenario,
        pct_typ(1, (0.0, 0.3)),
        R::Always,
        tr("Incidencias", "Incidents"),
        U_PCT_MONTH,
        tr(
            "Probabilidad de que nuestra empresa tenga una incidencia del servicio en un mes.",
            "Chance that our firm has a service incident in a month.",
        ),
        Access::Num(top!(communication.incident_rate)),
    ),
    lv(
        "communication.incident_severity",
        G::Communication,
        S::Scenario,
        points((0.0, 0.6)),
        R::Always,
        tr("Gravedad de una incidencia", "Severity of an incident"),
        U_POINTS,
        tr(
            "Satisfacción que pierde un cliente afectado por una incidencia, antes de cualquier aviso o perdón.",
            "Satisfaction lost by a customer hit by an incident, before any warning or forgiveness.",
        ),
        Access::Num(top!(communication.incident_severity)),
    ),
    lv(
        "communication.incident_share_affected",
        G::Communication,
        S::Scenario,
        pct(0),
        R::Always,
        tr(
            "Clientes afectados por incidencia",
            "Customers hit by an incident",
        ),
        U_PCT,
        tr(
            "Parte de los clientes a los que alcanza cada incidencia.",
            "Part of the customers each incident reaches.",
        ),
        Access::Num(top!(communication.incident_share_affected)),
    ),
    lv(
        "outage.month",
        G::Communication,
        S::Outage,
        int(1, 600, 1),
        R::Always,
        tr("Mes del corte", "Month of the outage"),
        tr("mes", "month"),
        tr(
            "Mes en que ocurre este corte programado, por ejemplo un temporal. Busca en las gráficas qué pasa ese mes y los siguientes.",
            "Month in which this scheduled outage happens, for instance a storm. Look in the charts at that month and the ones after.",
        ),
        Access::Int(outage!(month)),
    ),
    lv(
        "outage.severity",
        G::Communication,
        S::Outage,
        points((0.0, 0.6)),
        R::Always,
        tr("Gravedad del corte", "Severity of the outage"),
        U_POINTS,
        tr(
            "Satisfacción que pierde cada afectado, antes de cualquier aviso o perdón.",
            "Satisfaction lost by each customer affected, before any warning or forgiveness.",
        ),
        Access::Num(outage!(severity)),
    ),
    lv(
        "outage.share_affected",
        G::Communication,
        S::Outage,
        pct(0),
        R::Always,
        tr("Clientes afectados", "Customers affected"),
        U_PCT,
        tr(
            "Parte de los clientes de cada empresa afectada a los que alcanza el corte.",
            "Part of each affected firm's customers the outage reaches.",
        ),
        Access::Num(outage!(share_affected)),
    ),
    lv(
        "outage.all_firms",
        G::Communication,
        S::Outage,
        Kind::Toggle,
        R::Always,
        tr("Afecta a todas las empresas", "Hits every firm"),
        U_NONE,
        tr(
            "Activado, el corte alcanza a todas las empresas del mercado, como un temporal. Desactivado, solo a la nuestra.",
            "On, the outage hits every firm in the market, like a storm. Off, only ours.",
        ),
        Access::Flag(outage!(all_firms)),
    ),
    // ---- Word of mouth
    lv(
        "word_of_mouth.enabled",
        G::WordOfMouth,
        S::Scenario,
        Kind::Toggle,
        R::Always,
        tr("Boca a boca", "Word of mouth"),
        U_NONE,
        tr(
            "Activado, los clientes hablan con sus contactos: las quejas restan satisfacción y ver irse a un contacto anima a irse.",
            "On, customers talk to their contacts: complaints cost satisfaction, and seeing a contact leave encourages leaving.",
        ),
        Access::Flag(top!(word_of_mouth.enabled)),
    ),
    limited(
        lv(
            "word_of_mouth.mean_degree",
            G::WordOfMouth,
            S::Scenario,
            num(0.0, 100.0, 1.0, 0, (0.0, 30.0)),
            R::Network,
            tr("Contactos por persona", "Contacts per person"),
            tr("contactos", "contacts"),
            tr(
                "Número medio de personas con las que habla cada una. Con muchas personas en el mercado, el máximo baja para no agotar la memoria.",
                "Average number of people each person talks to. With many people in the market the maximum is lower, to keep memory in bounds.",
            ),
            Access::Num(top!(word_of_mouth.mean_degree)),
        ),
        links_bound_degree,
    ),
    lv(
        "word_of_mouth.rewire",
        G::WordOfMouth,
        S::Scenario,
        pct(0),
        R::Network,
        tr("Contactos lejanos", "Distant contacts"),
        U_PCT,
        tr(
            "Parte de los contactos que une a personas lejanas en vez de vecinas: 0 es una red de vecinos, cerca del 10\u{a0}% un «mundo pequeño» (Watts y Strogatz, 1998) y 100\u{a0}% una red al azar.",
            "Part of the contacts linking distant people instead of neighbours: 0 is a lattice of neighbours, about 10% a \"small world\" (Watts & Strogatz, 1998) and 100% a random network.",
        ),
        Access::Num(top!(word_of_mouth.rewire)),
    ),
    lv(
        "word_of_mouth.defection_uplift",
        G::WordOfMouth,
        S::Scenario,
        Kind::Number {
            min: 0.0,
            max: 10.0,
            step: 0.01,
            scale: 100.0,
            decimals: 0,
            typical: (0.0, 2.0),
        },
        R::WordOfMouth,
        tr("Contagio de las bajas", "Contagion of departures"),
        tr(
            "% más de riesgo por contacto que se va",
            "% more risk per contact who leaves",
        ),
        tr(
            "Cuánto sube el riesgo de irse de un cliente el mes después de que se vaya uno de sus contactos. Por defecto un 80\u{a0}%, como observaron Nitzan y Libai (2011) en un millón de clientes de telefonía móvil.",
            "How much a customer's risk of leaving rises the month after one of their contacts leaves. 80% by default, as Nitzan & Libai (2011) observed across a million mobile phone customers.",
        ),
        Access::Num(top!(word_of_mouth.defection_uplift)),
    ),
    lv(
        "word_of_mouth.uplift_decay",
        G::WordOfMouth,
        S::Scenario,
        pct(0),
        R::WordOfMouth,
        tr("Persistencia del contagio", "Persistence of contagion"),
        U_PCT,
        tr(
            "Parte del efecto de una baja cercana que sigue notándose un mes después. Nitzan y Libai (2011) vieron que se desvanece rápido; el 25\u{a0}% es hipótesis nuestra.",
            "Part of the effect of a nearby departure still felt a month later. Nitzan & Libai (2011) saw it fade fast; the 25% is our assumption.",
        ),
        Access::Num(top!(word_of_mouth.uplift_decay)),
    ),
    lv(
        "word_of_mouth.exposure_cap",
        G::WordOfMouth,
        S::Scenario,
        num(1.0, 100.0, 1.0, 0, (1.0, 10.0)),
        R::WordOfMouth,
        tr(
            "Máximo de bajas cercanas que cuentan",
            "Most nearby departures that count",
        ),
        tr("contactos", "contacts"),
        tr(
            "Cuántas bajas de contactos cuentan a la vez como mucho; más allá, el riesgo ya no sube.",
            "How many contacts' departures count at once at most; beyond that, the risk rises no further.",
        ),
        Access::Num(top!(word_of_mouth.exposure_cap)),
    ),
    lv(
        "word_of_mouth.negative_message_hit",
        G::WordOfMouth,
        S::Scenario,
        Kind::Number {
            min: 0.0,
            max: 1.0,
            step: 0.001,
            scale: 100.0,
            decimals: 1,
            typical: (0.0, 0.1),
        },
        R::WordOfMouth,
        tr(
            "Efecto de una queja ajena",
            "Effect of someone else's complaint",
        ),
        U_POINTS,
        tr(
            "Satisfacción que pierde un cliente cada vez que un contacto le habla mal de su empresa.",
            "Satisfaction a customer loses each time a contact speaks badly of their provider.",
        ),
        Access::Num(top!(word_of_mouth.negative_message_hit)),
    ),
    lv(
        "word_of_mouth.positive_talk_rate",
        G::WordOfMouth,
        S::Scenario,
        num(0.0, 10.0, 0.1, 1, (0.0, 5.0)),
        R::WordOfMouth,
        tr("Elogios frente a quejas", "Praise against complaints"),
        U_TIMES,
        tr(
            "Cuántas veces más a menudo recomienda su empresa un promotor que se queja un cliente descontento. Con 3, en el mercado de ejemplo hay unos tres mensajes positivos por cada negativo, la proporción media que hallaron East, Hammond y Wright (2007).",
            "How many times more often a promoter recommends their provider than an unhappy customer complains. With 3, the example market has about three positive messages for each negative one, the average ratio East, Hammond and Wright (2007) found.",
        ),
        Access::Num(top!(word_of_mouth.positive_talk_rate)),
    ),
    // ---- Satisfaction
    lv(
        "satisfaction.reference",
        G::Satisfaction,
        S::Scenario,
        points((0.0, 1.0)),
        R::Always,
        tr("Satisfacción de referencia", "Reference satisfaction"),
        U_POINTS,
        tr(
            "Nivel de satisfacción con el que un cliente se va solo por su propensión natural. Por debajo se va más; por encima, menos.",
            "Satisfaction level at which a customer leaves only at their natural rate. Below it they leave more; above it, less.",
        ),
        Access::Num(top!(satisfaction.reference)),
    ),
    lv(
        "satisfaction.sensitivity",
        G::Satisfaction,
        S::Scenario,
        num(0.0, 20.0, 0.1, 1, (0.0, 10.0)),
        R::Always,
        tr(
            "Peso de la satisfacción en el abandono",
            "Weight of satisfaction on churn",
        ),
        U_NONE,
        tr(
            "Cuánto cambia el riesgo de irse con la satisfacción. Con 4, cada 10 puntos por debajo de la referencia multiplican el riesgo por 1,5. Hipótesis del modelo.",
            "How much the risk of leaving changes with satisfaction. At 4, every 10 points below the reference multiply the risk by 1.5. A modelling assumption.",
        ),
        Access::Num(top!(satisfaction.sensitivity)),
    ),
    lv(
        "satisfaction.memory_half_life_months",
        G::Satisfaction,
        S::Scenario,
        num(0.1, 600.0, 0.5, 1, (0.5, 36.0)),
        R::Always,
        tr("Recuerdo de los agravios", "Memory of bad experiences"),
        tr("meses (vida media)", "months (half-life)"),
        tr(
            "Meses que tarda en olvidarse la mitad de un mal trago. Cuanto más larga, más dura el recuerdo de cada incidencia.",
            "Months for half of a bad experience to be forgotten. The longer it is, the longer each incident is remembered.",
        ),
        Access::Num(top!(satisfaction.memory_half_life_months)),
    ),
    lv(
        "satisfaction.scar_share",
        G::Satisfaction,
        S::Scenario,
        pct(0),
        R::Always,
        tr("Cicatriz", "Scar"),
        U_PCT,
        tr(
            "Parte de cada golpe que no se olvida nunca mientras el cliente siga con la misma empresa.",
            "Part of every blow that is never forgotten while the customer stays with the same firm.",
        ),
        Access::Num(top!(satisfaction.scar_share)),
    ),
    lv(
        "satisfaction.fit_spread",
        G::Satisfaction,
        S::Scenario,
        Kind::Number {
            min: 0.0,
            max: 0.5,
            step: 0.01,
            scale: 100.0,
            decimals: 0,
            typical: (0.0, 0.3),
        },
        R::Always,
        tr("Diferencias de encaje", "Spread of personal fit"),
        U_POINTS,
        tr(
            "Cuánto varía de un cliente a otro lo bien que le encaja una misma oferta. Con 0, todos la valoran igual.",
            "How much the fit of the same offer varies from one customer to another. At 0, everyone values it alike.",
        ),
        Access::Num(top!(satisfaction.fit_spread)),
    ),
    limited(
        lv(
            "satisfaction.promoter_at",
            G::Satisfaction,
            S::Scenario,
            points((0.0, 1.0)),
            R::Always,
            tr("Umbral de promotor", "Promoter threshold"),
            U_POINTS,
            tr(
                "A partir de esta satisfacción el cliente cuenta como promotor. Las bandas imitan las del Net Promoter Score; la correspondencia es nuestra.",
                "From this satisfaction up, a customer counts as a promoter. The bands mimic those of the Net Promoter Score; the mapping is ours.",
            ),
            Access::Num(top!(satisfaction.promoter_at)),
        ),
        promoter_floor,
    ),
    limited(
        lv(
            "satisfaction.detractor_below",
            G::Satisfaction,
            S::Scenario,
            points((0.0, 1.0)),
            R::Always,
            tr("Umbral de detractor", "Detractor threshold"),
            U_POINTS,
            tr(
                "Por debajo de esta satisfacción el cliente cuenta como detractor y puede hablar mal de la empresa. No puede superar el umbral de promotor.",
                "Below this satisfaction a customer counts as a detractor and may speak badly of the firm. It cannot exceed the promoter threshold.",
            ),
            Access::Num(top!(satisfaction.detractor_below)),
        ),
        detractor_ceiling,
    ),
    lv(
        "satisfaction.at_risk_below",
        G::Satisfaction,
        S::Scenario,
        points((0.0, 1.0)),
        R::Always,
        tr("Umbral de cliente en riesgo", "At-risk threshold"),
        U_POINTS,
        tr(
            "Por debajo de esta satisfacción el cliente se cuenta como «en riesgo» en las gráficas; por encima, como satisfecho. Solo cambia cómo se cuentan, no cómo se comportan.",
            "Below this satisfaction a customer is counted as \"at risk\" in the charts; above it, as satisfied. It only changes how customers are counted, not how they behave.",
        ),
        Access::Num(top!(satisfaction.at_risk_below)),
    ),
    // ---- Economics
    lv(
        "economics.gross_margin",
        G::Economics,
        S::Scenario,
        pct(0),
        R::Always,
        tr("Margen bruto", "Gross margin"),
        tr("% de los ingresos", "% of revenue"),
        tr(
            "Parte de los ingresos que queda tras los costes del servicio. Solo afecta a las cifras de margen y valor del cliente.",
            "Part of revenue left after the cost of serving. It only affects margin and lifetime value.",
        ),
        Access::Num(top!(economics.gross_margin)),
    ),
    lv(
        "economics.annual_discount_rate",
        G::Economics,
        S::Scenario,
        pct(1),
        R::Always,
        tr("Tasa de descuento", "Discount rate"),
        tr("% al año", "% per year"),
        tr(
            "Cuánto menos vale un euro dentro de un año que hoy, al calcular el valor del cliente.",
            "How much less a euro a year from now is worth than one today, when computing lifetime value.",
        ),
        Access::Num(top!(economics.annual_discount_rate)),
    ),
    lv(
        "economics.acquisition_cost",
        G::Economics,
        S::Scenario,
        money(1e5, (0.0, 500.0)),
        R::Always,
        tr("Coste de captar un cliente", "Cost of winning a customer"),
        U_EUR,
        tr(
            "Lo que nos cuesta cada cliente nuevo: publicidad, comisiones, alta. Se resta del margen y sirve de referencia para el valor de un cliente nuevo. Si vendemos a través de distribuidores, lo pagan ellos.",
            "What each new customer costs us: advertising, commissions, set-up. It comes off the margin and is the yardstick for a new customer's value. When selling through distributors, they pay it.",
        ),
        Access::Num(top!(economics.acquisition_cost)),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{presets, validate};

    fn all_scenarios() -> Vec<Scenario> {
        let mut v = vec![Scenario::default(), Scenario::neutral()];
        for p in presets() {
            v.extend(p.scenarios);
        }
        v
    }

    fn values_to_try(c: &Control, s: &Scenario) -> Vec<Value> {
        match c.lever.kind {
            Kind::Number { .. } => {
                let (lo, hi) = c.range(s).unwrap();
                vec![Value::Number(lo), Value::Number(hi)]
            }
            Kind::Integer { .. } => {
                let (lo, hi) = c.range(s).unwrap();
                vec![Value::Integer(lo as i64), Value::Integer(hi as i64)]
            }
            Kind::Toggle => vec![Value::Toggle(false), Value::Toggle(true)],
            Kind::Choice(o) => o.iter().map(|o| Value::Choice(o.id)).collect(),
        }
    }

    #[test]
    fn min_and_max_of_every_lever_keep_every_scenario_valid() {
        let mut tried = 0;
        for base in all_scenarios() {
            assert!(validate(&base).is_ok(), "{}", base.name);
            for c in controls(&base) {
                for v in values_to_try(&c, &base) {
                    let mut s = base.clone();
                    c.set(&mut s, v)
                        .unwrap_or_else(|e| panic!("{} = {v:?} on {}: {e}", c.path(), base.name));
                    if matches!(c.lever.access, Access::Derived(..)) {
                        let (got, want) =
                            (c.get(&s).unwrap().as_f64().unwrap(), v.as_f64().unwrap());
                        assert!(
                            (got - want).abs() <= 1e-9 * want.abs().max(1e-3),
                            "{} reads back {got} for {want}",
                            c.path()
                        );
                    } else {
                        assert_eq!(c.get(&s), Some(v), "{} reads back", c.path());
                    }
                    if let Err(p) = validate(&s) {
                        panic!("{} = {v:?} on {}: {p:?}", c.path(), base.name);
                    }
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn one_step_beyond_the_range_is_refused_and_leaves_the_scenario_unchanged() {
        for base in all_scenarios() {
            for c in controls(&base) {
                let (Some((lo, hi)), Some(step)) = (c.range(&base), c.lever.kind.step()) else {
                    continue;
                };
                for x in [lo - step, hi + step] {
                    let v = match c.lever.kind {
                        Kind::Integer { .. } => Value::Integer(x as i64),
                        _ => Value::Number(x),
                    };
                    let mut s = base.clone();
                    let e = c.set(&mut s, v).expect_err(&c.path());
                    assert!(
                        matches!(e, LeverError::OutOfRange { .. }),
                        "{}: {e:?}",
                        c.path()
                    );
                    assert_eq!(s, base, "{} changed the scenario", c.path());
                    // And the validator agrees the value is bad, where it bounds it.
                    // (A custom reply mix is only checked while it is in use.)
                    let checked = !matches!(
                        c.lever.requires,
                        Requires::CustomReplies | Requires::CompetitorCustomReplies
                    ) || c.enabled(&base);
                    if checked && c.lever.limits.is_none() && c.lever.id != "contract.term_months" {
                        let mut raw = serde_json::to_value(&base).unwrap();
                        if let Some(slot) = json_slot(&mut raw, &c.path()) {
                            *slot = serde_json::json!(x);
                            if let Ok(s2) = serde_json::from_value::<Scenario>(raw) {
                                assert!(
                                    validate(&s2).is_err(),
                                    "validator accepts {} = {x}",
                                    c.path()
                                );
                            }
                        }
                    }
                }
                let mut s = base.clone();
                if matches!(c.lever.kind, Kind::Number { .. }) {
                    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                        assert_eq!(
                            c.set(&mut s, Value::Number(bad)),
                            Err(LeverError::NotFinite { lever: c.lever.id })
                        );
                    }
                    assert_eq!(s, base);
                }
            }
        }
    }

    fn json_slot<'a>(
        v: &'a mut serde_json::Value,
        path: &str,
    ) -> Option<&'a mut serde_json::Value> {
        let mut cur = v;
        for part in path.split('.') {
            let (name, idx) = match part.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            cur = cur.get_mut(name)?;
            if let Some(i) = idx {
                cur = cur.get_mut(i)?;
            }
        }
        Some(cur)
    }

    fn leaves(v: &serde_json::Value, path: String, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    leaves(x, p, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    leaves(x, format!("{path}[{i}]"), out);
                }
            }
            leaf => out.push((path, leaf.clone())),
        }
    }

    /// Fields left out of the lever table on purpose: the format version (not user
    /// data) and free-text names (edited as text, not as levers).
    const EXCLUDED: &[&str] = &["version", "name", "market.focal_name"];

    fn excluded(path: &str) -> bool {
        EXCLUDED.contains(&path) || path.ends_with("].name")
    }

    #[test]
    fn every_field_of_the_scenario_json_has_a_lever() {
        let mut s = Scenario::default();
        s.replies.speed = ReplySpeed::Custom;
        let mut found = Vec::new();
        leaves(
            &serde_json::to_value(&s).unwrap(),
            String::new(),
            &mut found,
        );
        let mut numeric = 0;
        for (path, v) in &found {
            if excluded(path) {
                assert!(v.is_string() || v.is_number(), "{path}");
                continue;
            }
            numeric += usize::from(v.is_number());
            let c = control_at(path).unwrap_or_else(|| panic!("no lever for {path}"));
            assert_eq!(&c.path(), path);
            // The lever reads what the JSON holds.
            let got = c.get(&s).unwrap();
            match (got, v) {
                (Value::Number(x), serde_json::Value::Number(n)) => {
                    assert_eq!(Some(x), n.as_f64(), "{path}")
                }
                (Value::Integer(x), serde_json::Value::Number(n)) => {
                    assert_eq!(Some(x), n.as_i64(), "{path}")
                }
                (Value::Toggle(b), serde_json::Value::Bool(j)) => assert_eq!(b, *j, "{path}"),
                (Value::Choice(c), serde_json::Value::String(j)) => assert_eq!(c, j, "{path}"),
                other => panic!("{path}: {other:?}"),
            }
        }
        assert!(numeric > 80, "{numeric}");
        // And no lever path points nowhere.
        let paths: Vec<&String> = found.iter().map(|(p, _)| p).collect();
        for c in controls(&s) {
            let derived =
                c.lever.id == "contract.lock_in" || matches!(c.lever.access, Access::Derived(..));
            if !derived {
                assert!(
                    paths.contains(&&c.path()),
                    "lever {} has no field",
                    c.path()
                );
            }
        }
    }

    #[test]
    fn every_lever_has_texts_and_unique_ids() {
        let mut ids = std::collections::HashSet::new();
        for l in levers() {
            assert!(ids.insert(l.id), "duplicate {}", l.id);
            for lang in [Lang::Es, Lang::En] {
                assert!(!l.label(lang).is_empty(), "{}", l.id);
                let help = l.help(lang);
                assert!(help.len() > 30 && help.ends_with('.'), "{}: {help}", l.id);
                assert!(!help.contains("9-15") || help.contains("no "), "{}", l.id);
                for o in l.kind.options() {
                    assert!(!o.label(lang).is_empty());
                }
            }
            assert_ne!(l.label(Lang::Es), l.label(Lang::En), "{}", l.id);
        }
        // Names of one scope's levers tell them apart even without what is in brackets
        // ("Customer memory" and "Customer memory (CRM)" were two different levers in
        // one list); a rival's lever is named with the rival, so it may share ours.
        for lang in [Lang::Es, Lang::En] {
            let mut seen = std::collections::HashMap::new();
            for l in levers() {
                let label = l.label(lang);
                let bare = label.split(" (").next().unwrap_or(label);
                if let Some(other) = seen.insert((l.scope, bare), l.id) {
                    panic!("{other} and {} are both called {bare:?} ({lang:?})", l.id);
                }
            }
        }
        for g in Group::ALL {
            assert!(levers_in(g).count() > 0, "{g:?}");
            for lang in [Lang::Es, Lang::En] {
                assert!(!g.title(lang).is_empty() && g.intro(lang).ends_with('.'));
            }
        }
    }

    #[test]
    fn segment_shares_stay_summed_to_one() {
        let mut s = Scenario::default();
        let c = lever("segment.share").unwrap().at(1);
        c.set(&mut s, Value::Number(0.25)).unwrap();
        assert!((s.population.segments[0].share - 0.75).abs() < 1e-12);
        c.set(&mut s, Value::Number(1.0)).unwrap();
        c.set(&mut s, Value::Number(0.5)).unwrap();
        assert!((s.population.segments[0].share - 0.5).abs() < 1e-12);
        assert!(validate(&s).is_ok());
        let mut one = Scenario::neutral();
        let c0 = lever("segment.share").unwrap().at(0);
        assert!(!c0.enabled(&one));
        let e = c0.set(&mut one, Value::Number(0.5)).unwrap_err();
        assert!(
            e.message(Lang::Es).contains("100"),
            "{}",
            e.message(Lang::Es)
        );
    }

    #[test]
    fn shares_typed_from_the_top_down_are_all_kept() {
        // Issue 10: typing 20, 30, 50 gave 21.9, 28.1, 50.0.
        let mut s = Scenario::default();
        let share = lever("segment.share").unwrap();
        let mut g = s.population.segments[0].clone();
        g.name = "Third".into();
        s.population.segments.push(g);
        for (i, x) in [0.2, 0.3, 0.5].into_iter().enumerate() {
            share.at(i).set(&mut s, Value::Number(x)).unwrap();
        }
        let got: Vec<f64> = s.population.segments.iter().map(|g| g.share).collect();
        for (g, want) in got.iter().zip([0.2, 0.3, 0.5]) {
            assert!((g - want).abs() < 1e-12, "{got:?}");
        }
        // A share that leaves no room below rescales the ones above; the sum stays 1.
        share.at(1).set(&mut s, Value::Number(0.9)).unwrap();
        let got: Vec<f64> = s.population.segments.iter().map(|g| g.share).collect();
        assert!((got[1] - 0.9).abs() < 1e-12, "{got:?}");
        assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{got:?}");
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn mean_churn_and_heterogeneity_move_alpha_and_beta_together() {
        let mut s = Scenario::neutral();
        let mean = lever("segment.mean_churn").unwrap().at(0);
        let pol = lever("segment.polarisation").unwrap().at(0);
        let before = pol.get(&s).unwrap().as_f64().unwrap();
        mean.set(&mut s, Value::Number(0.02)).unwrap();
        let g = &s.population.segments[0];
        assert!((g.churn_alpha / (g.churn_alpha + g.churn_beta) - 0.02).abs() < 1e-12);
        assert!((pol.get(&s).unwrap().as_f64().unwrap() - before).abs() < 1e-12);
        pol.set(&mut s, Value::Number(0.1)).unwrap();
        let g = &s.population.segments[0];
        assert!((g.churn_alpha + g.churn_beta - 9.0).abs() < 1e-9);
        assert!((mean.get(&s).unwrap().as_f64().unwrap() - 0.02).abs() < 1e-12);
        assert!(validate(&s).is_ok());
        assert!(pol.set(&mut s, Value::Number(0.0)).is_err());
    }

    #[test]
    fn choosing_custom_replies_never_makes_the_scenario_invalid() {
        let mut s = Scenario::default();
        s.replies.custom_mix.never = 0.9; // not checked while unused
        assert!(validate(&s).is_ok());
        control_at("replies.speed")
            .unwrap()
            .set(&mut s, Value::Choice("custom"))
            .unwrap();
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn custom_mix_stays_summed_to_one() {
        let mut s = Scenario::default();
        lever("replies.speed")
            .unwrap()
            .at(0)
            .set(&mut s, Value::Choice("custom"))
            .unwrap();
        let c = control_at("replies.custom_mix.never").unwrap();
        assert!(c.enabled(&s));
        c.set(&mut s, Value::Number(0.0)).unwrap();
        let m = s.replies.custom_mix;
        assert!((m.within_hour + m.within_day + m.over_day + m.never - 1.0).abs() < 1e-12);
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn contract_choice_and_dependencies() {
        let mut s = Scenario::default();
        let kind = control_at("contract.lock_in").unwrap();
        let term = control_at("contract.term_months").unwrap();
        assert_eq!(kind.get(&s), Some(Value::Choice("free_exit")));
        assert!(!term.enabled(&s));
        kind.set(&mut s, Value::Choice("lock_in")).unwrap();
        assert_eq!(s.contract.term_months, DEFAULT_LOCK_IN_MONTHS);
        assert!(term.enabled(&s));
        term.set(&mut s, Value::Integer(12)).unwrap();
        kind.set(&mut s, Value::Choice("lock_in")).unwrap();
        assert_eq!(s.contract.term_months, 12);
        assert!(matches!(
            kind.set(&mut s, Value::Choice("maybe")),
            Err(LeverError::UnknownOption { .. })
        ));
        assert!(matches!(
            term.set(&mut s, Value::Toggle(true)),
            Err(LeverError::WrongKind { .. })
        ));
    }

    #[test]
    fn contact_links_bound_customers_and_degree() {
        let mut s = Scenario::default();
        let degree = control_at("word_of_mouth.mean_degree").unwrap();
        let customers = control_at("customers").unwrap();
        degree.set(&mut s, Value::Number(100.0)).unwrap();
        let (_, max) = customers.range(&s).unwrap();
        assert_eq!(max, 500_000.0);
        assert!(customers.set(&mut s, Value::Integer(500_001)).is_err());
        customers
            .set(&mut s, Value::Integer(2_000_000))
            .err()
            .unwrap();
        degree.set(&mut s, Value::Number(10.0)).unwrap();
        customers.set(&mut s, Value::Integer(2_000_000)).unwrap();
        assert_eq!(degree.range(&s), Some((0.0, 25.0)));
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn range_bounds_show_the_decimals_they_have() {
        // The churn shape's range read "entre 0,001 y 10.000,000".
        let mut s = Scenario::default();
        let c = lever("segment.churn_alpha").unwrap().at(0);
        let e = c.set(&mut s, Value::Number(20_000.0)).unwrap_err();
        assert!(
            e.message(Lang::Es).ends_with(" 0,001 y 10.000."),
            "{}",
            e.message(Lang::Es)
        );
        assert!(
            e.message(Lang::En).ends_with(" 0.001 and 10,000."),
            "{}",
            e.message(Lang::En)
        );
        assert_eq!(
            without_trailing_zeros("2,50\u{a0}€", Lang::Es),
            "2,5\u{a0}€"
        );
        assert_eq!(without_trailing_zeros("€10.00", Lang::En), "€10.00");
        assert_eq!(without_trailing_zeros("1.000", Lang::Es), "1.000");
        assert_eq!(without_trailing_zeros("-0.50 pts", Lang::En), "-0.5 pts");
    }

    #[test]
    fn list_levers_name_the_segment_or_competitor_as_the_user_named_it() {
        let mut s = Scenario::default();
        let alpha = control_at("population.segments[1].churn_alpha").unwrap();
        let name = s.population.segments[1].name.clone();
        assert!(!name.is_empty());
        let label = alpha.label_in(&s, Lang::Es);
        assert_eq!(label, format!("{} ({name})", alpha.lever.label(Lang::Es)));
        // A name left empty falls back to the segment's place.
        s.population.segments[1].name = "  ".into();
        assert_eq!(alpha.label_in(&s, Lang::En), alpha.full_label(Lang::En));
        assert!(alpha.full_label(Lang::En).ends_with("(Segment 2)"));
        let price = control_at("market.competitors[0].quality").unwrap();
        let rival = s.market.competitors[0].name.clone();
        assert!(
            price
                .label_in(&s, Lang::En)
                .ends_with(&format!("({rival})"))
        );
        let scenario_lever = control_at("horizon_months").unwrap();
        assert_eq!(
            scenario_lever.label_in(&s, Lang::Es),
            scenario_lever.full_label(Lang::Es)
        );
    }

    #[test]
    fn a_count_typed_with_the_decimal_mark_before_three_digits_is_asked_again() {
        let people = control_at("customers").unwrap();
        // "1,000" in the Spanish app: a thousand in English, one in Spanish.
        let Err(e) = people.parse("1,000", Lang::Es) else {
            panic!("1,000 was taken")
        };
        assert_eq!(
            e.message(Lang::Es),
            "«1,000» lleva coma decimal, pero aquí va un número entero. Para 1.000, escribe 1000 o 1.000."
        );
        assert!(matches!(
            people.parse("2.500", Lang::En),
            Err(LeverError::Ambiguous { .. })
        ));
        // Thousands as the language writes them, and plain digits, are read.
        assert_eq!(people.parse("1.000", Lang::Es), Ok(Value::Integer(1000)));
        assert_eq!(people.parse("2,500", Lang::En), Ok(Value::Integer(2500)));
        assert_eq!(
            people.parse("1.000.000", Lang::En),
            Ok(Value::Integer(1_000_000))
        );
        assert_eq!(people.parse("1000", Lang::Es), Ok(Value::Integer(1000)));
        // Decimals a count cannot have are still "not whole"; numbers keep decimals.
        assert!(matches!(
            people.parse("12,5", Lang::Es),
            Err(LeverError::NotWhole { .. })
        ));
        let price = control_at("market.focal_price").unwrap();
        assert_eq!(price.parse("25,500", Lang::Es), Ok(Value::Number(25.5)));
    }

    #[test]
    fn euros_read_as_each_language_writes_them() {
        let price = lever("market.focal_price").unwrap();
        assert_eq!(price.display(25.5, Lang::Es), "25,50\u{a0}€ al mes");
        assert_eq!(price.display(25.5, Lang::En), "€25.50 per month");
        // A range bound keeps only the decimals it has, the euro first or not.
        let e = price
            .at(0)
            .set(&mut Scenario::default(), Value::Number(1e9))
            .unwrap_err();
        assert_eq!(
            e.message(Lang::En),
            "Must be between €0 per month and €10,000 per month."
        );
        assert_eq!(
            e.message(Lang::Es),
            "Debe estar entre 0\u{a0}€ al mes y 10.000\u{a0}€ al mes."
        );
    }

    #[test]
    fn one_of_a_unit_reads_in_the_singular() {
        let term = lever("contract.term_months").unwrap();
        assert_eq!(term.display(1.0, Lang::Es), "1\u{a0}mes");
        assert_eq!(term.display(1.0, Lang::En), "1\u{a0}month");
        assert_eq!(term.display(2.0, Lang::Es), "2\u{a0}meses");
        // The unit's gloss is the field's, not a value's; 0 reads as what it means.
        let rival_term = lever("competitor.contract_months").unwrap();
        assert_eq!(rival_term.display(0.0, Lang::Es), "sin permanencia");
        assert_eq!(rival_term.display(0.0, Lang::En), "free exit");
        assert_eq!(rival_term.display(12.0, Lang::En), "12\u{a0}months");
        assert_eq!(rival_term.display_bound(0.0, Lang::En), "0\u{a0}months");
        let cycle = lever("replies.memory.renegotiation_months").unwrap();
        assert_eq!(cycle.display(9.0, Lang::Es), "9\u{a0}meses");
        assert_eq!(cycle.display(0.0, Lang::En), "never");
        assert_eq!(one_of("meses (0 = nunca)"), "mes (0 = nunca)");
        let people = lever("customers").unwrap();
        assert_eq!(people.display(1.0, Lang::Es), "1\u{a0}persona");
        assert_eq!(people.display(1.0, Lang::En), "1\u{a0}person");
        // "1,0" is not one of something countable: a decimal keeps the plural.
        assert_eq!(one_of("€ al mes"), "€ al mes");
    }

    #[test]
    fn error_messages_show_displayed_units_in_each_language() {
        let mut s = Scenario::default();
        let c = lever("segment.enquiry_rate").unwrap().at(0);
        let e = c.set(&mut s, Value::Number(1.5)).unwrap_err();
        assert_eq!(
            e.message(Lang::Es),
            "Debe estar entre 0\u{a0}% al mes y 100\u{a0}% al mes."
        );
        assert_eq!(
            e.message(Lang::En),
            "Must be between 0% per month and 100% per month."
        );
        let e = control_at("customers")
            .unwrap()
            .set(&mut s, Value::Integer(0))
            .unwrap_err();
        assert_eq!(
            e.message(Lang::Es),
            "Debe estar entre 1\u{a0}persona y 2.000.000\u{a0}personas."
        );
        assert_eq!(
            e.message(Lang::En),
            "Must be between 1\u{a0}person and 2,000,000\u{a0}people."
        );
    }

    #[test]
    fn typed_text_is_parsed_in_the_users_language() {
        let c = control_at("economics.gross_margin").unwrap();
        assert_eq!(c.parse("40", Lang::Es), Ok(Value::Number(0.4)));
        assert_eq!(c.parse("12,5 %", Lang::Es), Ok(Value::Number(0.125)));
        assert_eq!(c.parse("12.5%", Lang::En), Ok(Value::Number(0.125)));
        let m = lever("market.focal_price").unwrap().at(0);
        assert_eq!(m.parse("1.234,5", Lang::Es), Ok(Value::Number(1234.5)));
        assert_eq!(m.parse("1,234.5", Lang::En), Ok(Value::Number(1234.5)));
        assert!(m.parse("abc", Lang::En).is_err());
        // Money with its sign before or after, as people write it.
        for typed in ["€30", "30 €", "30€", "€ 30", "30 € al mes"] {
            assert_eq!(m.parse(typed, Lang::Es), Ok(Value::Number(30.0)), "{typed}");
        }
        assert_eq!(m.parse("€30", Lang::En), Ok(Value::Number(30.0)));
        // An empty field asks for a number rather than quoting nothing.
        let empty = m.parse(" ", Lang::En).unwrap_err();
        assert_eq!(empty.message(Lang::En), "Type a number.");
        assert_eq!(empty.message(Lang::Es), "Escribe un número.");
        // A decimal mark of the other convention where it cannot group thousands:
        // "25.50" in the Spanish app used to read 2,550.
        assert_eq!(m.parse("25.50", Lang::Es), Ok(Value::Number(25.5)));
        assert_eq!(m.parse("25,50", Lang::En), Ok(Value::Number(25.5)));
        let t = control_at("horizon_months").unwrap();
        assert_eq!(t.parse("36", Lang::Es), Ok(Value::Integer(36)));
        assert!(matches!(
            t.parse("3,5", Lang::Es),
            Err(LeverError::NotWhole { .. })
        ));
    }

    #[test]
    fn a_fields_value_shows_every_decimal_it_has() {
        // A discount of 12.4 % (stored 0.124) in a field of whole percents.
        assert_eq!(shown_decimals(0.124 * 100.0, 0), 1);
        assert_eq!(shown_decimals(12.0, 0), 0);
        assert_eq!(shown_decimals(0.5, 0), 1);
        assert_eq!(shown_decimals(29.999, 2), 3);
        assert_eq!(shown_decimals(30.0, 2), 2);
        // No more than four past the lever's own.
        assert_eq!(shown_decimals(std::f64::consts::PI, 0), 4);
    }

    #[test]
    fn numbers_read_in_either_convention_where_only_one_reading_fits() {
        use super::read_number as read;
        for lang in [Lang::Es, Lang::En] {
            for (text, x) in [
                ("20", 20.0),
                ("-3", -3.0),
                ("1.234,5", 1234.5),
                ("1,234.5", 1234.5),
                ("1.234.567", 1_234_567.0),
                ("1,234,567", 1_234_567.0),
                ("25.50", 25.5),
                ("25,50", 25.5),
                ("0,5", 0.5),
                ("12.5", 12.5),
                ("20 000", 20_000.0),
                ("20\u{a0}000,5", 20_000.5),
            ] {
                assert_eq!(read(text, lang), Some(x), "{text} in {lang:?}");
            }
            for text in [
                "",
                "abc",
                "1.2.3",
                "12,34,5",
                "1,23.456.7",
                "1.234,5,6",
                "1..2",
            ] {
                assert_eq!(read(text, lang), None, "{text} in {lang:?}");
            }
        }
        // A single separator before three digits: as the language writes numbers.
        assert_eq!(read("20.000", Lang::Es), Some(20_000.0));
        assert_eq!(read("20.000", Lang::En), Some(20.0));
        assert_eq!(read("20,000", Lang::En), Some(20_000.0));
        assert_eq!(read("20,000", Lang::Es), Some(20.0));
        // What the app shows in a field reads back as the same value.
        for (lang, shown) in [(Lang::Es, "2.000.000"), (Lang::En, "2,000,000")] {
            assert_eq!(read(shown, lang), Some(2_000_000.0));
        }
    }

    #[test]
    fn paths_round_trip() {
        let s = Scenario::default();
        for c in controls(&s) {
            assert_eq!(control_at(&c.path()), Some(c), "{}", c.path());
        }
        assert!(control_at("population.segments[0].name").is_none());
        assert!(control_at("nonsense").is_none());
    }
}
