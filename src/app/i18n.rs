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
    pub presets: &'static str,
    pub load_preset: &'static str,
    pub about_preset: &'static str,
    pub copy_link: &'static str,
    pub export_scenarios: &'static str,
    pub import_scenarios: &'static str,
    pub scenarios: &'static str,
    pub scenario_name: &'static str,
    pub duplicate: &'static str,
    pub delete: &'static str,
    pub shared_note: &'static str,
    pub seed: &'static str,
    pub new_seed: &'static str,
    pub replications: &'static str,
    pub simulating: &'static str,
    pub cancel: &'static str,
    pub cancelled: &'static str,
    pub up_to_date: &'static str,
    pub run_failed: &'static str,
    pub waiting: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub step_back: &'static str,
    pub step_forward: &'static str,
    pub month_shown: &'static str,
    pub all_months: &'static str,
    pub speed: &'static str,
    pub months_per_second: &'static str,
    pub focus: &'static str,
    pub download_csv: &'static str,
    pub download_png: &'static str,
    pub month: &'static str,
    pub chart_hint: &'static str,
    pub chart_error: &'static str,
    pub dismiss: &'static str,
    pub link_copied: &'static str,
    pub link_in_bar: &'static str,
    pub save_failed: &'static str,
    pub imported: &'static str,
    pub link_rejected: &'static str,
    pub import_rejected: &'static str,
    pub not_applicable: &'static str,
    pub segments: &'static str,
    pub add_segment: &'static str,
    pub remove_segment: &'static str,
    pub segment_name: &'static str,
    pub new_segment: &'static str,
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
    presets: "Classroom examples",
    load_preset: "Load into the scenarios",
    about_preset: "What this example shows",
    copy_link: "Copy link",
    export_scenarios: "Export scenarios (JSON)",
    import_scenarios: "Import scenarios (JSON)",
    scenarios: "Scenarios",
    scenario_name: "Name of the scenario",
    duplicate: "Duplicate",
    delete: "Delete",
    shared_note: "Applies to every scenario: they all share the same customers and market.",
    seed: "Random seed",
    new_seed: "New seed",
    replications: "Replications",
    simulating: "Simulating",
    cancel: "Cancel",
    cancelled: "Stopped: the charts show the replications finished so far.",
    up_to_date: "Results are up to date.",
    run_failed: "The simulation could not run:",
    waiting: "Running the first simulation…",
    play: "Play",
    pause: "Pause",
    step_back: "One month back",
    step_forward: "One month forward",
    month_shown: "Month shown",
    all_months: "whole horizon",
    speed: "Speed",
    months_per_second: "months/s",
    focus: "Scenario in single-scenario charts",
    download_csv: "CSV",
    download_png: "PNG",
    month: "Month",
    chart_hint: "Point at the chart, or focus it and use the arrow keys, to read the values of a month.",
    chart_error: "The chart could not be drawn.",
    dismiss: "Dismiss",
    link_copied: "Link copied: anyone who opens it sees these scenarios exactly.",
    link_in_bar: "The link is in the address bar: copy it from there.",
    save_failed: "Your work could not be saved in this browser (storage full or disabled). It stays on screen; use Copy link or Export to keep it.",
    imported: "Scenarios imported.",
    link_rejected: "The link could not be opened, so your previous work was kept.",
    import_rejected: "The file could not be imported; nothing was changed.",
    not_applicable: "Not in use",
    segments: "Customer segments (shared by every scenario)",
    add_segment: "Add a segment",
    remove_segment: "Remove",
    segment_name: "Name of segment",
    new_segment: "New segment",
};

static ES: Texts = Texts {
    tagline: "Mira lo que las políticas de una empresa hacen a sus clientes con el tiempo.",
    switch_language: "Switch to English",
    language_name: "EN",
    presets: "Ejemplos para clase",
    load_preset: "Cargar en los escenarios",
    about_preset: "Qué muestra este ejemplo",
    copy_link: "Copiar enlace",
    export_scenarios: "Exportar escenarios (JSON)",
    import_scenarios: "Importar escenarios (JSON)",
    scenarios: "Escenarios",
    scenario_name: "Nombre del escenario",
    duplicate: "Duplicar",
    delete: "Eliminar",
    shared_note: "Se aplica a todos los escenarios: comparten los mismos clientes y mercado.",
    seed: "Semilla aleatoria",
    new_seed: "Nueva semilla",
    replications: "Réplicas",
    simulating: "Simulando",
    cancel: "Cancelar",
    cancelled: "Detenido: los gráficos muestran las réplicas terminadas hasta ahora.",
    up_to_date: "Resultados al día.",
    run_failed: "No se pudo simular:",
    waiting: "Haciendo la primera simulación…",
    play: "Reproducir",
    pause: "Pausa",
    step_back: "Un mes atrás",
    step_forward: "Un mes adelante",
    month_shown: "Mes mostrado",
    all_months: "todo el horizonte",
    speed: "Velocidad",
    months_per_second: "meses/s",
    focus: "Escenario en los gráficos de un solo escenario",
    download_csv: "CSV",
    download_png: "PNG",
    month: "Mes",
    chart_hint: "Señala el gráfico, o selecciónalo y usa las flechas, para leer los valores de un mes.",
    chart_error: "No se pudo dibujar el gráfico.",
    dismiss: "Cerrar",
    link_copied: "Enlace copiado: quien lo abra verá exactamente estos escenarios.",
    link_in_bar: "El enlace está en la barra de direcciones: cópialo desde allí.",
    save_failed: "No se pudo guardar tu trabajo en este navegador (almacenamiento lleno o desactivado). Sigue en pantalla; usa Copiar enlace o Exportar para conservarlo.",
    imported: "Escenarios importados.",
    link_rejected: "No se pudo abrir el enlace, así que se ha mantenido tu trabajo anterior.",
    import_rejected: "No se pudo importar el archivo; no se ha cambiado nada.",
    not_applicable: "Sin efecto",
    segments: "Segmentos de clientes (comunes a todos los escenarios)",
    add_segment: "Añadir un segmento",
    remove_segment: "Quitar",
    segment_name: "Nombre del segmento",
    new_segment: "Segmento nuevo",
};
