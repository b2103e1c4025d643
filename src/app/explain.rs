//! The model's texts in Spanish and English: what each preset compares and what to
//! watch, messages for validation and run errors, names of series, churn reasons,
//! customer states and essays, and number formatting for each language.
//!
//! Lesson texts are written in our own words; none of the essays' sentences are copied.

use super::i18n::Lang;
use super::levers::{self, Tr};
use crate::sim::{DecodeError, Essay, Problem, ProblemKind, RunError, Scenario, Series, Unit};

const fn tr(es: &'static str, en: &'static str) -> Tr {
    Tr::new(es, en)
}

// ---------------------------------------------------------------------------------
// Numbers

/// A number with `decimals` decimals and thousands grouped: Spanish `1.234,5`,
/// English `1,234.5`. NaN is shown as "—", infinities as "∞" / "-∞"; a value that
/// rounds to zero has no minus sign.
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if value.is_nan() {
        return "—".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "∞" } else { "-∞" }.into();
    }
    let (group, point) = match lang {
        Lang::Es => ('.', ','),
        Lang::En => (',', '.'),
    };
    let digits = crate::charts::frame::digits(value.abs(), decimals);
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let mut out = String::with_capacity(digits.len() + int.len() / 3 + 1);
    let negative = value < 0.0 && digits.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if negative {
        out.push('-');
    }
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A share (0.05) as a percentage with `decimals` decimals: Spanish "5 %" (with a
/// non-breaking space, as the RAE recommends), English "5%".
pub fn format_percent(share: f64, decimals: usize, lang: Lang) -> String {
    let n = format_number(share * 100.0, decimals, lang);
    match lang {
        Lang::Es => format!("{n}\u{a0}%"),
        Lang::En => format!("{n}%"),
    }
}

/// A number with as many decimals as it needs (at most 6), for values of no known
/// precision: 0.001 → "0,001", 10000 → "10.000".
pub fn format_auto(value: f64, lang: Lang) -> String {
    if !value.is_finite() || value.fract() == 0.0 {
        return format_number(value, 0, lang);
    }
    without_trailing_zeros(&format_number(value, 6, lang), lang)
}

/// A number written with decimals, its trailing zeros (and a bare point) dropped.
fn without_trailing_zeros(s: &str, lang: Lang) -> String {
    let point = if lang == Lang::Es { ',' } else { '.' };
    let s = s.trim_end_matches('0');
    s.strip_suffix(point).unwrap_or(s).to_string()
}

/// A number to `digits` significant digits, never fewer than its whole part and at
/// most 6 decimals, trailing zeros dropped: for a table a person reads (35.537165 →
/// "35.54", 12919.975 → "12,920", 0.947693 → "0.9477"), where every digit of a
/// median over replications is more noise than information.
pub fn format_significant(value: f64, digits: u32, lang: Lang) -> String {
    if !value.is_finite() || value.fract() == 0.0 || value.abs() < 1e-6 {
        return format_auto(value, lang);
    }
    let whole = value.abs().log10().floor() as i32 + 1;
    let decimals = (digits as i32 - whole).clamp(0, 6) as usize;
    let s = format_number(value, decimals, lang);
    if decimals == 0 {
        return s;
    }
    without_trailing_zeros(&s, lang)
}

// ---------------------------------------------------------------------------------
// Presets

/// Title and explanation of a built-in preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetTexts {
    title: Tr,
    explanation: Tr,
}

impl PresetTexts {
    pub fn title(&self, lang: Lang) -> &'static str {
        self.title.get(lang)
    }

    /// One paragraph: what the pair compares, what to watch in the charts, which essay.
    pub fn explanation(&self, lang: Lang) -> &'static str {
        self.explanation.get(lang)
    }
}

/// The time a run should still take, as the run bar says it: "about 40 s left",
/// "about 3 min left", "about 2 h 45 min left". Rounded so that it does not flicker:
/// to 5 s under two minutes, to whole minutes under an hour and a half, to quarter
/// hours above.
pub fn time_left(ms: u64, lang: Lang) -> String {
    let seconds = ms as f64 / 1000.0;
    if seconds < 120.0 {
        let s = ((seconds / 5.0).ceil() * 5.0).max(5.0) as u64;
        match lang {
            Lang::Es => format!("quedan unos {s} s"),
            Lang::En => format!("about {s} s left"),
        }
    } else if seconds < 90.0 * 60.0 {
        let m = (seconds / 60.0).round() as u64;
        match lang {
            Lang::Es => format!("quedan unos {m} min"),
            Lang::En => format!("about {m} min left"),
        }
    } else {
        // Hours and the nearest quarter hour: "about 2 h 45 min left".
        let quarters = (seconds / 900.0).round() as u64;
        let (h, m) = (quarters / 4, quarters % 4 * 15);
        let span = if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        };
        match lang {
            Lang::Es => format!("quedan unas {span}"),
            Lang::En => format!("about {span} left"),
        }
    }
}

/// What the charts show after the user stopped a run: its first `done` replications
/// of `total`, or, if none had finished, the earlier results (`earlier`) or nothing.
pub fn stopped_text(done: Option<(u32, u32)>, earlier: bool, lang: Lang) -> String {
    match (done, earlier, lang) {
        (Some((1, total)), _, Lang::Es) => {
            format!("Detenido tras 1 de {total} réplicas: los gráficos muestran esa réplica.")
        }
        (Some((1, total)), _, Lang::En) => {
            format!("Stopped after 1 of {total} replications: the charts show that one.")
        }
        (Some((done, total)), _, Lang::Es) => {
            format!("Detenido tras {done} de {total} réplicas: los gráficos muestran esas {done}.")
        }
        (Some((done, total)), _, Lang::En) => {
            format!("Stopped after {done} of {total} replications: the charts show those {done}.")
        }
        (None, true, Lang::Es) => "Detenido antes de terminar ninguna réplica: los gráficos siguen mostrando los resultados anteriores, de otros ajustes.".into(),
        (None, true, Lang::En) => "Stopped before any replication finished: the charts still show the earlier results, from other settings.".into(),
        (None, false, Lang::Es) => "Detenido antes de terminar ninguna réplica: no hay resultados que mostrar.".into(),
        (None, false, Lang::En) => "Stopped before any replication finished: there are no results to show.".into(),
    }
}

/// Texts of the preset with this `id` (see `sim::presets`).
pub fn preset_texts(id: &str) -> Option<PresetTexts> {
    PRESETS.iter().find(|(k, _)| *k == id).map(|(_, t)| *t)
}

/// Title of a preset in the user's language (`None` for an unknown id).
pub fn preset_title(id: &str, lang: Lang) -> Option<&'static str> {
    preset_texts(id).map(|t| t.title(lang))
}

/// Explanation of a preset in the user's language (`None` for an unknown id).
pub fn preset_explanation(id: &str, lang: Lang) -> Option<&'static str> {
    preset_texts(id).map(|t| t.explanation(lang))
}

const fn pt(title: Tr, explanation: Tr) -> PresetTexts {
    PresetTexts { title, explanation }
}

static PRESETS: &[(&str, PresetTexts)] = &[
    (
        "baseline",
        pt(
            tr(
                "Punto de partida: solo abandono heterogéneo",
                "Starting point: heterogeneous churn only",
            ),
            tr(
                "Una sola empresa, un solo segmento y ninguna política en marcha: cada cliente tiene su propia probabilidad de irse y nada más. Es el modelo beta-geométrico desplazado de Fader y Hardie (2007), ajustado con datos anuales: aquí cada «mes» de los gráficos hace las veces de un año. Mira cómo cambia la retención de un periodo al siguiente. No es un ensayo concreto, sino la referencia con la que comparar todos los demás.",
                "One firm, one segment and no policy at work: each customer has their own chance of leaving and nothing else. This is the shifted-beta-geometric model of Fader & Hardie (2007), fitted to yearly data: here each \"month\" on the charts stands for a year. Watch how retention from one period to the next changes. It belongs to no single essay; it is the yardstick for all the others.",
            ),
        ),
    ),
    (
        "market",
        pt(
            tr(
                "Mercado completo con todos los mecanismos",
                "Full market with every mechanism",
            ),
            tr(
                "Nuestra empresa compite con dos rivales por clientes de dos segmentos, asentados y exigentes, cada uno con su sensibilidad al precio. Los tiempos de respuesta siguen la auditoría de Oldroyd y sus colegas (2011), hay incidencias al azar, un temporal en el mes 24, y lo que dicen los clientes forma la reputación de cada empresa. Mira cómo se reparten los clientes entre empresas, la satisfacción media y la reputación. Los ejemplos de los ensayos parten de este mercado sin el temporal y cambian una sola política.",
                "Our firm competes with two rivals for customers from two segments, one settled and one demanding, each with its own price sensitivity. Reply times follow the audit by Oldroyd and colleagues (2011), incidents happen at random, a storm strikes in month 24, and what customers say builds each firm's reputation. Watch how customers spread across the firms, mean satisfaction and reputation. The essays' examples start from this market without the storm and change a single policy.",
            ),
        ),
    ),
    (
        "lock-in-vs-free-exit",
        pt(
            tr(
                "Permanencia de 24 meses frente a salida libre",
                "24-month lock-in vs free exit",
            ),
            tr(
                "La misma empresa con y sin contrato de permanencia, como plantea el ensayo 4, «Así empieza la fidelidad real». La permanencia se introduce ahora para todos los clientes, con un 10\u{a0}% de descuento; la salida libre no ata a nadie. Mira los clientes cautivos en el gráfico de estados, las bajas por motivo en el mes en que acaban los contratos, la reputación, las altas y el margen acumulado. Las dos caras están en los gráficos: retener a quien quiere irse frente a lo que cuesta en reputación, captación y rebajas.",
                "The same firm with and without a minimum-term contract, as essay 4, \"This is how real loyalty begins\", proposes. The lock-in is introduced now for every customer, with a 10% discount; free exit ties nobody. Watch the captive customers in the states chart, the departures by reason in the month the contracts end, reputation, new customers and cumulative margin. Both sides are in the charts: holding on to those who want to leave, against what it costs in reputation, acquisitions and discounts.",
            ),
        ),
    ),
    (
        "slow-vs-immediate-replies",
        pt(
            tr(
                "Responder al día siguiente o en menos de una hora",
                "Replying the next day vs within the hour",
            ),
            tr(
                "Del ensayo 3, «Clientes: inmediatez y memoria»: una empresa contesta las consultas pasadas 24 horas y la otra en menos de una hora. Un posible cliente que pregunta y espera demasiado compra a quien le contesta antes; un cliente que espera pierde buena voluntad. Mira las consultas ganadas y perdidas, los clientes activos y los costes de la política, porque responder rápido cuesta dinero.",
                "From essay 3, \"Clients: immediacy and memory\": one firm answers enquiries after 24 hours, the other within the hour. A would-be customer who asks and waits too long buys from whoever answers first; a customer who waits loses goodwill. Look at enquiries won and lost, active customers and policy costs, since fast replies cost money.",
            ),
        ),
    ),
    (
        "no-memory-vs-crm-memory",
        pt(
            tr(
                "Empresa sin memoria frente a empresa que llama primero",
                "A firm without memory vs one that calls first",
            ),
            tr(
                "También del ensayo 3: los clientes se replantean su proveedor cada cierto tiempo (unos 18 meses, según el ensayo, no una cifra publicada). La empresa con memoria de sus clientes llama antes con una oferta; la otra espera a que el cliente llame, y cada incidencia le pesa más. Mira las bajas al renegociar, la satisfacción media y el coste de las ofertas frente al margen.",
                "Also from essay 3: customers reconsider their provider every so often (about 18 months by the essay's account, not a published figure). The firm that remembers its customers calls first with an offer; the other waits to be called, and every incident weighs more. Look at departures at renegotiation, mean satisfaction, and the cost of the offers against the margin.",
            ),
        ),
    ),
    (
        "opt-in-vs-forced-service",
        pt(
            tr(
                "Servicio nuevo voluntario frente a obligatorio",
                "A new service by choice vs by obligation",
            ),
            tr(
                "Del ensayo 1, «Si me obligas a ser tu cliente, nunca me ganarás»: la empresa lanza un servicio nuevo que mejora un poco la satisfacción de quien lo usa. Voluntario, se extiende a medida que unos clientes imitan a otros (modelo de Bass); obligatorio, todos pasan en el mes 12, algunos lo rechazan y otros se van. Mira la adopción, la satisfacción media antes y después del mes 12, la reputación y los ingresos.",
                "From essay 1, \"If you force me to be your customer, you will never win me\": the firm launches a new service that slightly raises its users' satisfaction. By choice, it spreads as customers imitate one another (the Bass model); by obligation, everyone is moved in month 12, some refuse and some leave. Look at adoption, mean satisfaction before and after month 12, reputation and revenue.",
            ),
        ),
    ),
    (
        "rigid-vs-flexible-forcing",
        pt(
            tr(
                "Obligar sin excepciones o con una excepción flexible",
                "Forcing with no exceptions vs a flexible exception",
            ),
            tr(
                "Sigue con el ensayo 1: las dos empresas obligan a usar el servicio nuevo en el mes 12, pero una deja seguir con el canal de siempre a quien lo pide, aunque mantenerlo le cuesta dinero. Mira las bajas por rechazo en el mes 12, la adopción final, los ingresos y los costes de la política. La pregunta es si la flexibilidad vale lo que cuesta.",
                "A follow-up on essay 1: both firms force the new service in month 12, but one lets those who ask keep the old channel, although running it costs money. Look at departures from refusing the service in month 12, final adoption, revenue and policy costs. The question is whether flexibility is worth what it costs.",
            ),
        ),
    ),
    (
        "distributors-vs-direct",
        pt(
            tr(
                "Vender a través de distribuidores o directamente",
                "Selling through distributors vs directly",
            ),
            tr(
                "Del ensayo 2, «La necesidad de acercarse al cliente», a lo largo de diez años. La empresa con relación directa oye las quejas e ideas de sus clientes y mejora su oferta; la que vende a través de distribuidores recibe una señal escasa y con meses de retraso, pero los distribuidores captan los clientes por ella y se quedan parte de los ingresos. Sigue la mejora de la oferta, la satisfacción media, los costes de captación y el margen.",
                "From essay 2, \"The need to get close to the customer\", over ten years. The firm with a direct relationship hears its customers' complaints and ideas and improves its offer; the one selling through distributors gets a thin signal, months late, but the distributors win customers for it and keep part of the revenue. Follow the offer's improvement, mean satisfaction, acquisition costs and margin.",
            ),
        ),
    ),
    (
        "reactive-vs-proactive",
        pt(
            tr(
                "Silencio o avisos proactivos durante un corte",
                "Silence vs proactive messages during an outage",
            ),
            tr(
                "Del ensayo 5, «La experiencia de cliente ha muerto: experiencia CON el cliente». En el mes 24 un temporal deja sin servicio a la mayoría de los clientes de todas las empresas; nuestra empresa avisa a los afectados, en esta y en cada incidencia de cualquier mes, o espera a que llamen, y los rivales callan. Mira la satisfacción de ese mes, los mensajes de queja, la reputación, las altas de los meses siguientes y la rotación entre empresas.",
                "From essay 5, \"Customer experience is dead: experience WITH the customer\". In month 24 a storm cuts the service for most customers of every firm; our firm warns those affected, at this and at every incident of any month, or waits for them to call, and the rivals stay silent. Watch satisfaction that month, complaints, reputation, new customers in the months after and the rotation between firms.",
            ),
        ),
    ),
];

// ---------------------------------------------------------------------------------
// Essays

/// Number of the essay (1-5) as the app presents them; `None` for baselines.
pub fn essay_number(essay: Essay) -> Option<u8> {
    match essay {
        Essay::None => None,
        Essay::ForcedService => Some(1),
        Essay::CloseToCustomer => Some(2),
        Essay::ImmediacyAndMemory => Some(3),
        Essay::RealLoyalty => Some(4),
        Essay::ExperienceWithCustomer => Some(5),
    }
}

/// The essay's title.
pub fn essay_title(essay: Essay, lang: Lang) -> &'static str {
    let t = match essay {
        Essay::None => tr("Referencia", "Baseline"),
        Essay::ForcedService => tr(
            "Si me obligas a ser tu cliente, nunca me ganarás",
            "If you force me to be your customer, you will never win me",
        ),
        Essay::CloseToCustomer => tr(
            "La necesidad de acercarse al cliente",
            "The need to get close to the customer",
        ),
        Essay::ImmediacyAndMemory => tr(
            "Clientes: inmediatez y memoria",
            "Clients: immediacy and memory",
        ),
        Essay::RealLoyalty => tr(
            "Así empieza la fidelidad real",
            "This is how real loyalty begins",
        ),
        Essay::ExperienceWithCustomer => tr(
            "La experiencia de cliente ha muerto: experiencia CON el cliente",
            "Customer experience is dead: experience WITH the customer",
        ),
    };
    t.get(lang)
}

/// A short name of the essay's theme, e.g. "Ensayo 4: permanencia o libertad".
pub fn essay_short_name(essay: Essay, lang: Lang) -> String {
    let theme = match essay {
        Essay::None => tr("Referencia", "Baseline"),
        Essay::ForcedService => tr("servicio obligado o voluntario", "forced or opt-in service"),
        Essay::CloseToCustomer => tr("cerca del cliente", "close to the customer"),
        Essay::ImmediacyAndMemory => tr("inmediatez y memoria", "immediacy and memory"),
        Essay::RealLoyalty => tr("permanencia o libertad", "lock-in or free exit"),
        Essay::ExperienceWithCustomer => tr(
            "comunicación proactiva o reactiva",
            "proactive or reactive communication",
        ),
    };
    match (essay_number(essay), lang) {
        (None, _) => theme.get(lang).to_string(),
        (Some(n), Lang::Es) => format!("Ensayo {n}: {}", theme.es),
        (Some(n), Lang::En) => format!("Essay {n}: {}", theme.en),
    }
}

// ---------------------------------------------------------------------------------
// Series, churn reasons, customer states

/// Name of a series for legends, tooltips and CSV headers.
pub fn series_label(series: Series, lang: Lang) -> &'static str {
    let t = match series {
        Series::ActiveCustomers => tr("Clientes activos", "Active customers"),
        Series::Satisfied => tr("Clientes satisfechos", "Satisfied customers"),
        Series::AtRisk => tr("Clientes en riesgo", "Customers at risk"),
        Series::Captive => tr(
            "Clientes cautivos (atados y queriendo irse)",
            "Captive customers (tied, wanting to leave)",
        ),
        Series::Adopted => tr(
            "Clientes que usan el servicio nuevo",
            "Customers using the new service",
        ),
        Series::TermPlanCustomers => tr("Clientes con permanencia", "Customers on a term plan"),
        Series::ChurnUnhappy => tr("Bajas por descontento", "Left: unhappy"),
        Series::ChurnEndOfTerm => tr("Bajas al acabar la permanencia", "Left: at end of term"),
        Series::ChurnPaidPenalty => tr(
            "Bajas pagando la penalización",
            "Left: paid the exit penalty",
        ),
        Series::ChurnRefusedForced => tr(
            "Bajas por rechazo al servicio obligado",
            "Left: refused the forced service",
        ),
        Series::ChurnLured => tr(
            "Bajas atraídas por la competencia",
            "Left: lured by a competitor",
        ),
        Series::ChurnRenegotiation => tr(
            "Bajas al renegociar y comparar",
            "Left: shopped around at a renegotiation point",
        ),
        Series::ChurnTotal => tr("Bajas totales", "Left: all reasons"),
        Series::Acquisitions => tr("Altas", "New customers"),
        Series::AcquisitionsFromCompetitors => tr(
            "Altas procedentes de competidores",
            "New customers from competitors",
        ),
        Series::AcquisitionsFromOutside => tr(
            "Altas de fuera del mercado",
            "New customers from outside the market",
        ),
        Series::CohortSurvival => tr(
            "Supervivencia de los clientes iniciales",
            "Survival of the starting customers",
        ),
        Series::MeanSatisfaction => tr("Satisfacción media", "Mean satisfaction"),
        Series::PromoterShare => tr("Promotores", "Promoters"),
        Series::DetractorShare => tr("Detractores", "Detractors"),
        Series::WordOfMouthMessages => tr(
            "Mensajes de boca a boca negativo",
            "Negative word-of-mouth messages",
        ),
        Series::PositiveMessages => tr(
            "Mensajes de boca a boca positivo",
            "Positive word-of-mouth messages",
        ),
        Series::Reputation => tr(
            "Reputación (balance del boca a boca)",
            "Reputation (net balance of word of mouth)",
        ),
        Series::IncidentHits => tr(
            "Clientes afectados por una incidencia",
            "Customers hit by an incident",
        ),
        Series::ProspectEnquiries => tr(
            "Consultas de posibles clientes",
            "Enquiries from would-be customers",
        ),
        Series::SalesWon => tr("Consultas convertidas en venta", "Enquiries won"),
        Series::SalesLostToSlowReply => tr(
            "Consultas perdidas por responder tarde",
            "Enquiries lost to a slow reply",
        ),
        Series::ListeningFeedback => tr(
            "Clientes escuchados por la empresa",
            "Customers heard by the firm",
        ),
        Series::OfferImprovement => tr(
            "Mejora de la oferta por escuchar",
            "Improvement of the offer from listening",
        ),
        Series::RenewalDiscounts => tr(
            "Clientes que negocian una rebaja al renovar",
            "Customers who negotiated a discount at renewal",
        ),
        Series::SaveNotices => tr(
            "Avisos de baja al departamento de retención",
            "Notices to leave received by the save desk",
        ),
        Series::SaveWithdrawn => tr(
            "Avisos retirados tras la oferta",
            "Notices withdrawn after the desk's offer",
        ),
        Series::SaveDowngraded => tr(
            "Avisos que acaban en un plan más barato",
            "Notices ending in a cheaper plan",
        ),
        Series::SaveLeft => tr("Avisos que acaban en baja", "Notices ending in a departure"),
        Series::AveragePrice => tr("Precio medio pagado al mes", "Average monthly price paid"),
        Series::Revenue => tr("Ingresos", "Revenue"),
        Series::PolicyCosts => tr("Coste de las medidas", "Policy costs"),
        Series::AcquisitionCosts => tr(
            "Costes de captación (con subvenciones)",
            "Acquisition costs (including device subsidies)",
        ),
        Series::KeptByDistributors => tr(
            "Ingresos que retienen los distribuidores",
            "Revenue kept by distributors",
        ),
        Series::Costs => tr(
            "Costes totales: política, captación y parte de los distribuidores",
            "All costs: policy, acquisition and distributors' share",
        ),
        Series::Margin => tr("Margen tras todos los costes", "Margin after all costs"),
        Series::LifetimeValue => tr(
            "Margen descontado por cliente inicial, acumulado",
            "Discounted margin per starting customer, to date",
        ),
        Series::NewCustomerValue => tr(
            "Valor de vida de un cliente nuevo (previsto)",
            "Lifetime value of a new customer (forward-looking)",
        ),
        Series::ValueToAcquisitionCost => tr(
            "Valor de un cliente nuevo frente a su coste de captación",
            "Lifetime value of a new customer over its acquisition cost",
        ),
        #[allow(unreachable_patterns)]
        _ => return series.label(),
    };
    t.get(lang)
}

/// Unit of a series. Share series are stored as 0-1 and labelled "%": show them × 100.
pub fn series_unit(series: Series, lang: Lang) -> &'static str {
    unit_label(series.unit(), lang)
}

/// Name of a unit of series values.
pub fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    let t = match unit {
        Unit::Customers => tr("clientes", "customers"),
        Unit::CustomersPerMonth => tr("clientes al mes", "customers per month"),
        Unit::MessagesPerMonth => tr("mensajes al mes", "messages per month"),
        Unit::Share => tr("%", "%"),
        Unit::MoneyPerMonth => tr("€ al mes", "€ per month"),
        Unit::Money => tr("€", "€"),
        Unit::Index => tr("de -1 a 1", "from -1 to 1"),
        Unit::Points => tr("puntos sobre 100", "points out of 100"),
        Unit::Ratio => tr("×", "×"),
        #[allow(unreachable_patterns)]
        _ => tr("", ""),
    };
    t.get(lang)
}

/// Why a customer left a firm (the churn series by reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChurnReason {
    Unhappy,
    EndOfTerm,
    PaidPenalty,
    RefusedForced,
    Lured,
    Renegotiation,
}

impl ChurnReason {
    pub const ALL: [ChurnReason; 6] = [
        ChurnReason::Unhappy,
        ChurnReason::EndOfTerm,
        ChurnReason::PaidPenalty,
        ChurnReason::RefusedForced,
        ChurnReason::Lured,
        ChurnReason::Renegotiation,
    ];

    /// The series counting departures for this reason.
    pub fn series(self) -> Series {
        match self {
            ChurnReason::Unhappy => Series::ChurnUnhappy,
            ChurnReason::EndOfTerm => Series::ChurnEndOfTerm,
            ChurnReason::PaidPenalty => Series::ChurnPaidPenalty,
            ChurnReason::RefusedForced => Series::ChurnRefusedForced,
            ChurnReason::Lured => Series::ChurnLured,
            ChurnReason::Renegotiation => Series::ChurnRenegotiation,
        }
    }

    /// Short name, e.g. for a stacked chart's legend.
    pub fn label(self, lang: Lang) -> &'static str {
        self.texts().0.get(lang)
    }

    /// One sentence on what happened to these customers.
    pub fn description(self, lang: Lang) -> &'static str {
        self.texts().1.get(lang)
    }

    fn texts(self) -> (Tr, Tr) {
        match self {
            ChurnReason::Unhappy => (
                tr("Descontento", "Unhappy"),
                tr(
                    "Se fueron por su propia propensión, mayor cuanto menos satisfechos estaban.",
                    "Left by their own propensity, higher the less satisfied they were.",
                ),
            ),
            ChurnReason::EndOfTerm => (
                tr("Fin de la permanencia", "End of term"),
                tr(
                    "Querían irse, estaban atados y se fueron en cuanto acabó el contrato.",
                    "Wanted to leave, were tied, and left as soon as the contract ended.",
                ),
            ),
            ChurnReason::PaidPenalty => (
                tr("Pagaron la penalización", "Paid the penalty"),
                tr(
                    "Estaban atados y pagaron por irse antes; cuanto menos satisfechos y menor la penalización frente al precio, más lo hacen.",
                    "Were tied and paid to leave early; the less satisfied they were and the smaller the penalty against the price, the more do so.",
                ),
            ),
            ChurnReason::RefusedForced => (
                tr(
                    "Rechazo al servicio obligatorio",
                    "Refused the forced service",
                ),
                tr(
                    "Se negaron a la migración obligatoria y se dieron de baja.",
                    "Refused the forced migration and left.",
                ),
            ),
            ChurnReason::Lured => (
                tr("Atraídos por la competencia", "Lured by a competitor"),
                tr(
                    "Un competidor se los llevó; pasa más cuanto menos satisfechos están.",
                    "A competitor won them over; this happens more the less satisfied they are.",
                ),
            ),
            ChurnReason::Renegotiation => (
                tr("Al renegociar", "At renegotiation"),
                tr(
                    "Llegado el momento de replantearse el proveedor, compararon ofertas y se fueron.",
                    "When the time came to reconsider their provider, they compared offers and left.",
                ),
            ),
        }
    }
}

/// States a person can be in, as the charts and the model describe them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CustomerState {
    Satisfied,
    AtRisk,
    Captive,
    Promoter,
    Detractor,
    Adopted,
    Disengaged,
    KeptOldChannel,
    Prospect,
}

impl CustomerState {
    pub const ALL: [CustomerState; 9] = [
        CustomerState::Satisfied,
        CustomerState::AtRisk,
        CustomerState::Captive,
        CustomerState::Promoter,
        CustomerState::Detractor,
        CustomerState::Adopted,
        CustomerState::Disengaged,
        CustomerState::KeptOldChannel,
        CustomerState::Prospect,
    ];

    /// The series counting customers in this state, if there is one.
    pub fn series(self) -> Option<Series> {
        match self {
            CustomerState::Satisfied => Some(Series::Satisfied),
            CustomerState::AtRisk => Some(Series::AtRisk),
            CustomerState::Captive => Some(Series::Captive),
            CustomerState::Promoter => Some(Series::PromoterShare),
            CustomerState::Detractor => Some(Series::DetractorShare),
            CustomerState::Adopted => Some(Series::Adopted),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        self.texts().0.get(lang)
    }

    pub fn description(self, lang: Lang) -> &'static str {
        self.texts().1.get(lang)
    }

    fn texts(self) -> (Tr, Tr) {
        match self {
            CustomerState::Satisfied => (
                tr("Satisfecho", "Satisfied"),
                tr(
                    "Su satisfacción está por encima del umbral de riesgo.",
                    "Their satisfaction is above the at-risk threshold.",
                ),
            ),
            CustomerState::AtRisk => (
                tr("En riesgo", "At risk"),
                tr(
                    "Su satisfacción está por debajo del umbral de riesgo; es más probable que se vaya.",
                    "Their satisfaction is below the at-risk threshold; they are more likely to leave.",
                ),
            ),
            CustomerState::Captive => (
                tr("Cautivo", "Captive"),
                tr(
                    "Quiere irse pero la permanencia se lo impide; su resentimiento crece cada mes.",
                    "Wants to leave but the minimum term prevents it; their resentment grows every month.",
                ),
            ),
            CustomerState::Promoter => (
                tr("Promotor", "Promoter"),
                tr(
                    "Tan satisfecho que recomendaría la empresa.",
                    "So satisfied they would recommend the firm.",
                ),
            ),
            CustomerState::Detractor => (
                tr("Detractor", "Detractor"),
                tr(
                    "Tan descontento que puede hablar mal de la empresa a sus contactos.",
                    "So unhappy they may speak badly of the firm to their contacts.",
                ),
            ),
            CustomerState::Adopted => (
                tr("Usa el servicio nuevo", "Uses the new service"),
                tr(
                    "Adoptó el servicio nuevo, por decisión propia o por obligación.",
                    "Took up the new service, by choice or by obligation.",
                ),
            ),
            CustomerState::Disengaged => (
                tr("Desconectado", "Disengaged"),
                tr(
                    "Rechazó el servicio obligado pero se quedó, a disgusto y gastando menos.",
                    "Refused the forced service but stayed, reluctant and spending less.",
                ),
            ),
            CustomerState::KeptOldChannel => (
                tr("Sigue con el canal de siempre", "Kept the old channel"),
                tr(
                    "Pidió la excepción y se le permitió seguir como antes.",
                    "Asked for the exception and was allowed to carry on as before.",
                ),
            ),
            CustomerState::Prospect => (
                tr("Posible cliente", "Prospect"),
                tr(
                    "Está fuera del mercado: aún no es cliente de ninguna empresa.",
                    "Is outside the market: not yet a customer of any firm.",
                ),
            ),
        }
    }
}

// ---------------------------------------------------------------------------------
// Problems and errors

/// Name of a scenario field for messages: the lever's label (with the segment,
/// competitor or outage named) where a lever edits it, a name for the lists and names,
/// else the raw path.
pub fn field_label(path: &str, lang: Lang) -> String {
    if let Some(c) = levers::control_at(path) {
        return c.full_label(lang);
    }
    let fixed = match path {
        "version" => Some(tr("Versión del formato", "Format version")),
        "name" => Some(tr("Nombre del escenario", "Scenario name")),
        "market.focal_name" => Some(tr("Nombre de nuestra empresa", "Name of our firm")),
        "population.segments" => Some(tr("Segmentos de clientes", "Customer segments")),
        "market.competitors" => Some(tr(
            "Cuotas iniciales de las empresas",
            "Starting shares of the firms",
        )),
        "communication.outages" => Some(tr("Cortes programados", "Scheduled outages")),
        "replies.custom_mix" => Some(tr(
            "Tiempos de respuesta personalizados",
            "Custom reply times",
        )),
        _ => None,
    };
    if let Some(t) = fixed {
        return t.get(lang).to_string();
    }
    // `population.segments[1].name`, `market.competitors[0].custom_mix`
    for (list, scope) in [
        ("population.segments[", levers::Scope::Segment),
        ("market.competitors[", levers::Scope::Competitor),
        ("communication.outages[", levers::Scope::Outage),
    ] {
        if let Some((idx, rest)) = path
            .strip_prefix(list)
            .and_then(|r| r.split_once(']'))
            .and_then(|(i, rest)| Some((i.parse::<usize>().ok()?, rest)))
        {
            let what = match rest {
                ".name" => Some(tr("Nombre", "Name")),
                ".custom_mix" => Some(tr(
                    "Tiempos de respuesta personalizados",
                    "Custom reply times",
                )),
                "" => Some(tr("Elemento", "Item")),
                _ => None,
            };
            if let Some(w) = what {
                return format!("{} ({})", w.get(lang), scope.item_name(idx, lang));
            }
        }
    }
    path.to_string()
}

/// A value of a field as shown to the user: in the lever's units where a lever edits
/// the field, else as a plain number.
fn field_value(path: &str, value: f64, lang: Lang) -> String {
    match levers::control_at(path) {
        Some(c) if c.lever.kind.bounds().is_some() => c.lever.display(value, lang),
        _ => format_auto(value, lang),
    }
}

/// A validation problem as a sentence in the user's language, naming the field and,
/// for a range, the allowed values in the field's displayed units.
pub fn problem_message(problem: &Problem, lang: Lang) -> String {
    // A segment's or competitor's lever is named with the item's own name where it
    // has one ("Customer enquiries (Demanding)"), as the editor names it.
    // (`item` is only set for a segment's or competitor's field.)
    let f = match levers::control_at(&problem.field) {
        Some(c) if !problem.item.is_empty() => c.label_named(&problem.item, lang),
        _ => field_label(&problem.field, lang),
    };
    let path = problem.field.as_str();
    let es = lang == Lang::Es;
    match &problem.kind {
        ProblemKind::OutOfRange { value, min, max } => {
            let (v, lo, hi) = (
                field_value(path, *value, lang),
                field_value(path, *min, lang),
                field_value(path, *max, lang),
            );
            if es {
                format!("«{f}» vale {v}, pero debe estar entre {lo} y {hi}.")
            } else {
                format!("\"{f}\" is {v}, but must be between {lo} and {hi}.")
            }
        }
        ProblemKind::NotFinite => {
            if es {
                format!("«{f}» no es un número válido.")
            } else {
                format!("\"{f}\" is not a valid number.")
            }
        }
        ProblemKind::SharesDoNotSumToOne { sum } => {
            let s = format_percent(*sum, 1, lang);
            if es {
                format!("Las partes de «{f}» suman {s}, y deben sumar el 100\u{a0}%.")
            } else {
                format!("The shares of \"{f}\" add up to {s}; they must add up to 100%.")
            }
        }
        ProblemKind::SharesExceedOne { sum } => {
            let s = format_percent(*sum, 1, lang);
            if es {
                format!("Las partes de «{f}» suman {s}; como mucho pueden sumar el 100\u{a0}%.")
            } else {
                format!("The shares of \"{f}\" add up to {s}; they may add up to 100% at most.")
            }
        }
        ProblemKind::Empty => {
            if es {
                format!("«{f}» necesita al menos un elemento.")
            } else {
                format!("\"{f}\" needs at least one entry.")
            }
        }
        ProblemKind::TooMany { count, max } => {
            let (c, m) = (
                format_number(*count as f64, 0, lang),
                format_number(*max as f64, 0, lang),
            );
            if es {
                format!("«{f}» tiene {c} elementos; como mucho se admiten {m}.")
            } else {
                format!("\"{f}\" has {c} entries; at most {m} are allowed.")
            }
        }
        ProblemKind::UnsupportedVersion { found, supported } => {
            version_message(u64::from(*found), *supported, lang)
        }
        ProblemKind::MustNotExceed {
            value,
            other_field,
            other,
        } => {
            let of = field_label(other_field, lang);
            let (v, o) = (
                field_value(path, *value, lang),
                field_value(other_field, *other, lang),
            );
            if es {
                format!("«{f}» vale {v}, pero no puede superar «{of}» ({o}).")
            } else {
                format!("\"{f}\" is {v}, but must not exceed \"{of}\" ({o}).")
            }
        }
        ProblemKind::TooLong { length, max } => {
            let (l, m) = (
                format_number(*length as f64, 0, lang),
                format_number(*max as f64, 0, lang),
            );
            if es {
                format!("«{f}» tiene {l} caracteres; como mucho se admiten {m}.")
            } else {
                format!("\"{f}\" is {l} characters long; at most {m} are allowed.")
            }
        }
        #[allow(unreachable_patterns)]
        other => format!("{f}: {other}"),
    }
}

/// What a read-out's segment values are, before them: after one value, and after a
/// breakdown (see [`crate::charts::frame::read_out_line`]).
pub fn by_segment(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Es => ["por segmento", "en total, por segmento"],
        Lang::En => ["by segment", "in all, by segment"],
    }
}

/// Who the customers of a scenario are, segment by segment, from its inputs: the share,
/// the median patience for a reply and the mean monthly propensity to leave when served
/// as expected (the mean of θ ~ Beta(α, β)). The lessons' read-outs name the segments;
/// this says what the names stand for.
pub fn population_line(scenario: &Scenario, lang: Lang) -> String {
    let parts: Vec<String> = scenario
        .population
        .segments
        .iter()
        .map(|s| {
            let share = format_percent(s.share, 0, lang);
            let hours = format_significant(s.patience_median_hours, 2, lang);
            let theta = format_percent(s.churn_alpha / (s.churn_alpha + s.churn_beta), 1, lang);
            let wait = match (lang, s.patience_median_hours == 1.0) {
                (Lang::Es, true) => "en una hora".to_string(),
                (Lang::Es, false) => format!("en unas {hours} horas"),
                (Lang::En, true) => "within about an hour".to_string(),
                (Lang::En, false) => format!("within about {hours} hours"),
            };
            match lang {
                Lang::Es => format!(
                    "{} ({share}): esperan respuesta {wait} (mediana) y, bien atendidos, se van un {theta} al mes",
                    s.name
                ),
                Lang::En => format!(
                    "{} ({share}): expect a reply {wait} (median) and, well served, leave at {theta} a month",
                    s.name
                ),
            }
        })
        .collect();
    match lang {
        Lang::Es => format!("Los clientes: {}.", parts.join("; ")),
        Lang::En => format!("The customers: {}.", parts.join("; ")),
    }
}

/// Under a read-out that lists segments beside their firm: each value is the median of
/// its own series over the replications, and medians do not add up ("paid the penalty
/// 51 (Settled 7 · Demanding 45)" is no error).
pub fn medians_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => {
            "Cada número es la mediana de las réplicas, así que los de los segmentos no tienen por qué sumar el de la empresa."
        }
        Lang::En => {
            "Each number is a median over the replications, so the segments' numbers need not add up to the firm's."
        }
    }
}

fn version_message(found: u64, supported: u32, lang: Lang) -> String {
    match lang {
        Lang::Es => format!(
            "El escenario usa la versión {found} del formato, pero esta aplicación lee la versión {supported}."
        ),
        Lang::En => format!(
            "The scenario uses format version {found}, but this app reads version {supported}."
        ),
    }
}

fn problems_message(problems: &[Problem], lang: Lang) -> String {
    // One problem reads as one sentence; several as a list, a line each (the notice
    // keeps the line breaks). A format version nobody reads is the whole story, and a
    // sentence about the scenario already: not "The scenario has one problem: The
    // scenario uses format version 99…".
    if let [only] = problems {
        if let ProblemKind::UnsupportedVersion { found, supported } = only.kind {
            return version_message(u64::from(found), supported, lang);
        }
        return match lang {
            Lang::Es => format!(
                "El escenario tiene un problema: {}",
                problem_message(only, lang)
            ),
            Lang::En => format!(
                "The scenario has one problem: {}",
                problem_message(only, lang)
            ),
        };
    }
    let head = match (problems.len(), lang) {
        (n, Lang::Es) => format!("El escenario tiene {n} problemas:"),
        (n, Lang::En) => format!("The scenario has {n} problems:"),
    };
    std::iter::once(head)
        .chain(
            problems
                .iter()
                .map(|p| format!("- {}", problem_message(p, lang))),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the JSON parser found wrong, in the user's language, for a reader who does not
/// know serde: its message ("EOF while parsing a value at line 1 column 43", "missing
/// field `customers`", "invalid type: integer `1`, expected struct VersionProbe") read
/// into words, the position left to the sentence around it, type names of ours left
/// out. `field` names the field the error is in, where it is known. A message of a kind
/// not listed stays as the parser wrote it, in English.
pub fn json_detail(message: &str, field: Option<&str>, lang: Lang) -> String {
    let es = lang == Lang::Es;
    // `field` is a path in the document: named as the editor names it, with its range.
    let named = field.map(|path| json_field(path, lang));
    let field = named.as_ref().map(|(label, _)| label.as_str());
    let range = match (named.as_ref().and_then(|(_, r)| r.as_ref()), es) {
        (Some((lo, hi)), true) => format!(": va de {lo} a {hi}"),
        (Some((lo, hi)), false) => format!(": it goes from {lo} to {hi}"),
        (None, _) => String::new(),
    };
    // serde_json ends its messages with the position, which the caller gives already.
    let m = message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at]);
    // The first name between backticks: the field, option or value concerned.
    let quoted = m.split('`').nth(1).unwrap_or("");
    let found = |what: &str| -> String {
        let kind = what.split([' ', ',']).next().unwrap_or("");
        match (kind, es) {
            ("integer" | "floating", true) => format!("el número {quoted}"),
            ("integer" | "floating", false) => format!("the number {quoted}"),
            ("string", true) => "un texto".into(),
            ("string", false) => "a text".into(),
            ("sequence", true) => "una lista".into(),
            ("sequence", false) => "a list".into(),
            ("map", true) => "un objeto".into(),
            ("map", false) => "an object".into(),
            ("boolean", true) => "un valor sí/no".into(),
            ("boolean", false) => "a yes/no value".into(),
            ("null", true) => "un valor vacío (null)".into(),
            ("null", false) => "an empty value (null)".into(),
            (_, true) => "otro tipo de valor".into(),
            (_, false) => "another kind of value".into(),
        }
    };
    if m.starts_with("EOF while parsing") {
        if es {
            "el texto se acaba antes de tiempo (¿se ha cortado?)".into()
        } else {
            "the text ends too soon (was it cut off?)".into()
        }
    } else if let Some(field) = m.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        if es {
            format!("falta el campo «{field}»")
        } else {
            format!("the field \"{field}\" is missing")
        }
    } else if m.starts_with("unknown field") {
        if es {
            format!("el campo «{quoted}» no existe en este formato")
        } else {
            format!("there is no field \"{quoted}\" in this format")
        }
    } else if m.starts_with("unknown variant") {
        match (field, es) {
            (Some(f), true) => format!("«{quoted}» no es una de las opciones posibles de «{f}»"),
            (Some(f), false) => {
                format!("\"{quoted}\" is not one of the possible options for \"{f}\"")
            }
            (None, true) => format!("«{quoted}» no es una de las opciones posibles"),
            (None, false) => format!("\"{quoted}\" is not one of the possible options"),
        }
    } else if let Some(rest) = m.strip_prefix("invalid type: ") {
        let what = found(rest);
        match (field, es) {
            (Some(f), true) => format!("{what} no es el tipo de valor que va en «{f}»{range}"),
            (Some(f), false) => {
                format!("{what} is not the kind of value that belongs in \"{f}\"{range}")
            }
            (None, true) => format!("{what} no es el tipo de valor que va ahí"),
            (None, false) => format!("{what} is not the kind of value that belongs there"),
        }
    } else if m.starts_with("invalid value") || m.starts_with("invalid length") {
        match (field, es) {
            (Some(f), true) => format!("el valor de «{f}» no es válido{range}"),
            (Some(f), false) => format!("the value of \"{f}\" is not valid{range}"),
            (None, true) => "hay un valor que no es válido en ese lugar".into(),
            (None, false) => "a value there is not valid".into(),
        }
    } else if m.starts_with("expected")
        || m.starts_with("trailing")
        || m.starts_with("key must be")
        || m.starts_with("invalid number")
        || m.starts_with("invalid escape")
        || m.starts_with("control character")
        || m.starts_with("lone leading surrogate")
        || m.starts_with("number out of range")
    {
        if es {
            "no es JSON bien formado".into()
        } else {
            "it is not well-formed JSON".into()
        }
    } else {
        m.to_string()
    }
}

/// How the field at `path` of a workbench or scenario document
/// (`scenarios[0].population.segments[1].share`) is named to the user, with the lever's
/// range where a lever edits it: "Share of the segment (segment 2)", not "share". A
/// field no lever edits keeps its own key.
fn json_field(path: &str, lang: Lang) -> (String, Option<(String, String)>) {
    // A workbench holds its scenarios in a list; a scenario file is one.
    let in_scenario = path
        .strip_prefix("scenarios[")
        .and_then(|r| r.split_once("]."))
        .map_or(path, |(_, rest)| rest);
    if let Some(c) = levers::control_at(in_scenario) {
        let range = c.lever.kind.bounds().map(|(lo, hi)| {
            (
                c.lever.display_bound(lo, lang),
                c.lever.display_bound(hi, lang),
            )
        });
        return (c.full_label(lang), range);
    }
    let t = super::i18n::texts(lang);
    match path {
        "replications" => (
            t.replications.to_string(),
            Some((
                format_auto(1.0, lang),
                format_auto(f64::from(super::state::MAX_REPLICATIONS), lang),
            )),
        ),
        "seed" => (t.seed.to_string(), None),
        _ => {
            // The last key, without a list place after it.
            let key = path.rsplit('.').next().unwrap_or(path);
            (key.split('[').next().unwrap_or(key).to_string(), None)
        }
    }
}

/// Where in the user's text a JSON error is, " (línea 3, columna 7)", or nothing when
/// it has no position worth giving (line 0: an upgraded old file, a link).
pub fn json_position(line: usize, column: usize, lang: Lang) -> String {
    match (line, lang) {
        (0, _) => String::new(),
        (_, Lang::Es) => format!(" (línea {line}, columna {column})"),
        (_, Lang::En) => format!(" (line {line}, column {column})"),
    }
}

/// Why a scenario text could not be read, in the user's language. Several problems
/// come one per line after a heading. `field` is the path in the scenario of the field
/// a JSON error is in (`replies.speed`), where it is known: named as the editor names
/// it.
pub fn decode_error_message(error: &DecodeError, field: Option<&str>, lang: Lang) -> String {
    match error {
        DecodeError::Json {
            message,
            line,
            column,
        } => {
            let at = json_position(*line, *column, lang);
            let detail = json_detail(message, field, lang);
            match lang {
                Lang::Es => format!("El texto no es un escenario válido{at}: {detail}."),
                Lang::En => format!("The text is not a valid scenario{at}: {detail}."),
            }
        }
        DecodeError::MissingVersion => match lang {
            Lang::Es => {
                "Al escenario le falta el campo \"version\" (la versión del formato).".into()
            }
            Lang::En => "The scenario has no \"version\" field (the format version).".into(),
        },
        DecodeError::UnsupportedVersion { found, supported } => {
            version_message(*found, *supported, lang)
        }
        DecodeError::Invalid(problems) => problems_message(problems, lang),
    }
}

/// Why a run did not finish, in the user's language.
pub fn run_error_message(error: &RunError, lang: Lang) -> String {
    match error {
        RunError::Invalid(problems) => problems_message(problems, lang),
        RunError::Cancelled => match lang {
            Lang::Es => "Simulación cancelada.".into(),
            Lang::En => "Simulation cancelled.".into(),
        },
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Scenario, decode_scenario, presets, validate};

    #[test]
    fn the_population_line_says_who_the_segments_are_from_the_inputs() {
        let sc = Scenario::default();
        assert_eq!(
            population_line(&sc, Lang::En),
            "The customers: Settled (60%): expect a reply within about 4 hours (median) and, well served, leave at 1.2% a month; Demanding (40%): expect a reply within about an hour (median) and, well served, leave at 3.4% a month."
        );
        let es = population_line(&sc, Lang::Es);
        assert!(es.starts_with("Los clientes: Settled (60\u{a0}%): esperan respuesta en unas 4 horas (mediana) y, bien atendidos, se van un 1,2\u{a0}% al mes"), "{es}");
        assert!(
            es.contains("esperan respuesta en una hora (mediana)"),
            "{es}"
        );
    }

    #[test]
    fn time_left_is_rounded_and_said_in_both_languages() {
        assert_eq!(time_left(900, Lang::En), "about 5 s left");
        assert_eq!(time_left(41_000, Lang::En), "about 45 s left");
        assert_eq!(time_left(41_000, Lang::Es), "quedan unos 45 s");
        assert_eq!(time_left(185_000, Lang::En), "about 3 min left");
        assert_eq!(time_left(185_000, Lang::Es), "quedan unos 3 min");
        assert_eq!(time_left(89 * 60_000, Lang::En), "about 89 min left");
        assert_eq!(time_left(164 * 60_000, Lang::En), "about 2 h 45 min left");
        assert_eq!(time_left(164 * 60_000, Lang::Es), "quedan unas 2 h 45 min");
        assert_eq!(time_left(121 * 60_000, Lang::Es), "quedan unas 2 h");
    }

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(format_number(1234.5, 1, Lang::Es), "1.234,5");
        assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format_number(-1_234_567.891, 2, Lang::Es), "-1.234.567,89");
        assert_eq!(format_number(999.996, 2, Lang::En), "1,000.00");
        assert_eq!(format_number(12.0, 0, Lang::Es), "12");
        assert_eq!(format_number(-0.0001, 2, Lang::Es), "0,00");
        // A half rounds up, as `f64::round` does and as sentences add rounded values.
        assert_eq!(format_number(0.5, 0, Lang::En), "1");
        assert_eq!(format_number(2344.5, 0, Lang::Es), "2.345");
        assert_eq!(format_number(100.0, 0, Lang::En), "100");
        assert_eq!(format_number(f64::NAN, 1, Lang::En), "—");
        assert_eq!(format_percent(0.05, 0, Lang::Es), "5\u{a0}%");
        assert_eq!(format_percent(0.125, 1, Lang::En), "12.5%");
        assert_eq!(format_auto(0.001, Lang::Es), "0,001");
        assert_eq!(format_auto(10_000.0, Lang::Es), "10.000");
        assert_eq!(format_auto(1e6, Lang::En), "1,000,000");
        assert_eq!(format_significant(35.537165, 4, Lang::En), "35.54");
        assert_eq!(format_significant(12_919.975, 4, Lang::En), "12,920");
        assert_eq!(format_significant(0.947693, 4, Lang::Es), "0,9477");
        assert_eq!(format_significant(5_944.85, 4, Lang::Es), "5.945");
        assert_eq!(format_significant(214.60000000000002, 4, Lang::En), "214.6");
        assert_eq!(format_significant(-0.000_123_456, 4, Lang::En), "-0.000123");
        assert_eq!(format_significant(2.5, 4, Lang::En), "2.5");
        assert_eq!(format_significant(1_234_567.0, 4, Lang::En), "1,234,567");
    }

    #[test]
    fn every_preset_has_texts_in_both_languages() {
        let ps = presets();
        for p in &ps {
            let t = preset_texts(p.id).unwrap_or_else(|| panic!("no texts for {}", p.id));
            for lang in [Lang::Es, Lang::En] {
                assert!(!t.title(lang).is_empty(), "{}", p.id);
                let e = t.explanation(lang);
                let sentences = e.matches(". ").count() + 1;
                assert!(
                    (3..=5).contains(&sentences),
                    "{} {lang:?}: {sentences}",
                    p.id
                );
                assert!(e.ends_with('.'), "{}", p.id);
                assert!(!e.contains(p.description), "{} copies the preset", p.id);
            }
            assert_ne!(t.title(Lang::Es), t.title(Lang::En));
            // Essay presets name their essay.
            if let Some(n) = essay_number(p.essay) {
                for (lang, word) in [(Lang::Es, "ensayo"), (Lang::En, "essay")] {
                    let e = t.explanation(lang).to_lowercase();
                    let title = essay_title(p.essay, lang).to_lowercase();
                    assert!(
                        e.contains(&format!("{word} {n}")) || e.contains(&title),
                        "{} does not name essay {n} in {lang:?}",
                        p.id
                    );
                }
            }
        }
        assert_eq!(
            PRESETS.len(),
            ps.len(),
            "texts for presets that no longer exist"
        );
        assert!(preset_title("nope", Lang::Es).is_none());
    }

    #[test]
    fn every_series_unit_reason_and_state_is_named_in_both_languages() {
        for &s in Series::all() {
            let es = series_label(s, Lang::Es);
            let en = series_label(s, Lang::En);
            assert!(!es.is_empty() && !en.is_empty());
            assert_ne!(es, s.label(), "{s:?} has no Spanish label");
            assert_eq!(
                en,
                s.label(),
                "{s:?}: English label differs from the engine's"
            );
            assert!(!series_unit(s, Lang::Es).is_empty());
        }
        for r in ChurnReason::ALL {
            for lang in [Lang::Es, Lang::En] {
                assert!(!r.label(lang).is_empty() && r.description(lang).ends_with('.'));
            }
        }
        for c in CustomerState::ALL {
            for lang in [Lang::Es, Lang::En] {
                assert!(!c.label(lang).is_empty() && c.description(lang).ends_with('.'));
            }
        }
        assert_eq!(
            essay_short_name(Essay::RealLoyalty, Lang::Es),
            "Ensayo 4: permanencia o libertad"
        );
    }

    #[test]
    fn one_problem_reads_as_a_sentence_and_several_as_a_list() {
        let mut s = Scenario::default();
        s.contract.term_months = 700;
        let one = validate(&s).unwrap_err();
        assert_eq!(one.len(), 1);
        let text = problems_message(&one, Lang::En);
        assert!(
            text.starts_with("The scenario has one problem: \""),
            "{text}"
        );
        assert!(!text.contains("- ") && !text.contains('\n'), "{text}");
        // A version nobody reads is said once, not as "one problem: The scenario…".
        let future = Scenario {
            version: 99,
            ..Scenario::default()
        };
        let text = problems_message(&validate(&future).unwrap_err(), Lang::Es);
        assert_eq!(
            text,
            "El escenario usa la versión 99 del formato, pero esta aplicación lee la versión 2."
        );
        s.population.segments[1].enquiry_rate = 1.5;
        let two = validate(&s).unwrap_err();
        let text = problems_message(&two, Lang::Es);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "El escenario tiene 2 problemas:");
        assert!(lines[1..].iter().all(|l| l.starts_with("- ")), "{text}");
    }

    #[test]
    fn problems_name_the_lever_and_the_range_in_the_users_language() {
        let mut s = Scenario::default();
        s.population.segments[1].enquiry_rate = 1.5;
        s.contract.term_months = 700;
        s.satisfaction.detractor_below = 0.9;
        s.population.segments.push(s.population.segments[0].clone());
        s.population.segments[0].name = "x".repeat(300);
        let problems = validate(&s).unwrap_err();
        let es: Vec<String> = problems
            .iter()
            .map(|p| problem_message(p, Lang::Es))
            .collect();
        let en: Vec<String> = problems
            .iter()
            .map(|p| problem_message(p, Lang::En))
            .collect();
        // The segment is named as the user named it ("Segment 2" before), as the
        // editor names its levers.
        let second = s.population.segments[1].name.clone();
        assert!(
            es.contains(&format!("«Consultas de clientes ({second})» vale 150,0\u{a0}% al mes, pero debe estar entre 0,0\u{a0}% al mes y 100,0\u{a0}% al mes.")),
            "{es:#?}"
        );
        assert!(
            en.contains(&format!("\"Customer enquiries ({second})\" is 150.0% per month, but must be between 0.0% per month and 100.0% per month.")),
            "{en:#?}"
        );
        // Unnamed, it is named by its place; a name too long to be valid is cut.
        for (name, shown) in [
            ("  ", "Segment 2".to_string()),
            (&"y".repeat(300)[..], format!("{}…", "y".repeat(40))),
        ] {
            let mut t = s.clone();
            t.population.segments[1].name = name.into();
            let said: Vec<String> = validate(&t)
                .unwrap_err()
                .iter()
                .map(|p| problem_message(p, Lang::En))
                .collect();
            let wanted = format!("\"Customer enquiries ({shown})\" is 150.0%");
            assert!(said.iter().any(|m| m.starts_with(&wanted)), "{said:#?}");
        }
        assert!(
            es.iter()
                .any(|m| m.contains("Duración de la permanencia") && m.contains("600\u{a0}meses")),
            "{es:#?}"
        );
        assert!(
            es.iter()
                .any(|m| m.contains("no puede superar «Umbral de promotor» (75\u{a0}puntos)")),
            "{es:#?}"
        );
        assert!(
            es.iter()
                .any(|m| m.starts_with("Las partes de «Segmentos de clientes» suman 160,0\u{a0}%")),
            "{es:#?}"
        );
        assert!(
            es.iter()
                .any(|m| m.contains("«Nombre (Segmento 1)» tiene 300 caracteres")),
            "{es:#?}"
        );
        for m in es.iter().chain(&en) {
            assert!(!m.contains("population."), "raw path left in {m}");
        }
    }

    #[test]
    fn decode_and_run_errors_in_both_languages() {
        let e = decode_scenario("{").unwrap_err();
        assert!(
            decode_error_message(&e, None, Lang::Es)
                .starts_with("El texto no es un escenario válido (línea 1")
        );
        let e = decode_scenario("{}").unwrap_err();
        assert!(decode_error_message(&e, None, Lang::Es).contains("\"version\""));
        let e = decode_scenario(r#"{"version": 9}"#).unwrap_err();
        assert_eq!(
            decode_error_message(&e, None, Lang::En),
            "The scenario uses format version 9, but this app reads version 2."
        );
        let e =
            decode_scenario(r#"{"version": 1, "customers": 0, "horizon_months": 0}"#).unwrap_err();
        let m = decode_error_message(&e, None, Lang::Es);
        assert!(
            m.starts_with(
                "El escenario tiene 2 problemas:\n- «Personas en el mercado» vale 0\u{a0}personas"
            ),
            "{m}"
        );
        assert_eq!(
            run_error_message(&RunError::Cancelled, Lang::Es),
            "Simulación cancelada."
        );
        let m = run_error_message(&RunError::Invalid(Vec::new()), Lang::En);
        assert!(m.starts_with("The scenario has 0 problems"));
    }
}
