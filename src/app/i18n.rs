//! The app speaks Spanish and English. The interface's own texts live here; lever,
//! preset and validation texts live beside their data in `levers` and `explain`.

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// Spanish for any `es`, `es-ES`, `es-419`... tag; English otherwise.
    pub fn from_tag(tag: &str) -> Self {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("es")) {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }
}

/// Texts of the interface, one field per message.
pub struct Texts {
    pub tagline: &'static str,
    pub switch_language: &'static str,
    pub language_name: &'static str,
    pub churn_label: &'static str,
    pub churn_help: &'static str,
    pub polarisation_label: &'static str,
    pub polarisation_help: &'static str,
    pub chart_title: &'static str,
    pub month_axis: &'static str,
    pub retained_axis: &'static str,
    pub simulated: &'static str,
    pub closed_form: &'static str,
    pub chart_alt: &'static str,
    pub chart_error: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

static EN: Texts = Texts {
    tagline: "See what company policies do to customers over time.",
    switch_language: "Cambiar a español",
    language_name: "ES",
    churn_label: "Average monthly churn",
    churn_help: "Mean chance that a customer leaves in a given month.",
    polarisation_label: "Heterogeneity",
    polarisation_help: "How unlike each other customers are: high values mix very loyal customers with ones who leave at once.",
    chart_title: "Retention of the starting cohort",
    month_axis: "Month",
    retained_axis: "Still customers (%)",
    simulated: "Simulated cohort",
    closed_form: "sBG closed form",
    chart_alt: "Line chart: share of the starting customers still active each month",
    chart_error: "The chart could not be drawn.",
};

static ES: Texts = Texts {
    tagline: "Mira lo que las políticas de una empresa hacen a sus clientes con el tiempo.",
    switch_language: "Switch to English",
    language_name: "EN",
    churn_label: "Abandono mensual medio",
    churn_help: "Probabilidad media de que un cliente se vaya en un mes.",
    polarisation_label: "Heterogeneidad",
    polarisation_help: "Cuánto se diferencian los clientes: valores altos mezclan clientes muy fieles con otros que se van enseguida.",
    chart_title: "Retención de la cohorte inicial",
    month_axis: "Mes",
    retained_axis: "Siguen siendo clientes (%)",
    simulated: "Cohorte simulada",
    closed_form: "Fórmula cerrada sBG",
    chart_alt: "Gráfico de líneas: porcentaje de los clientes iniciales que siguen activos cada mes",
    chart_error: "No se pudo dibujar el gráfico.",
};
