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
    pub undo: &'static str,
    pub redo: &'static str,
    pub key_undo: &'static str,
    pub export_scenarios: &'static str,
    pub import_scenarios: &'static str,
    pub scenarios: &'static str,
    pub scenario_name: &'static str,
    pub duplicate: &'static str,
    /// Why Duplicate is unavailable at the most scenarios a workbench holds.
    pub duplicate_full: &'static str,
    pub delete: &'static str,
    pub shared_note: &'static str,
    pub seed: &'static str,
    pub new_seed: &'static str,
    pub replications: &'static str,
    pub simulating: &'static str,
    pub cancel: &'static str,
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
    pub month_per_second: &'static str,
    pub focus: &'static str,
    pub download_csv: &'static str,
    pub download_png: &'static str,
    pub month: &'static str,
    pub chart_hint: &'static str,
    /// The same on a touch screen.
    pub chart_hint_touch: &'static str,
    pub chart_error: &'static str,
    pub dismiss: &'static str,
    pub link_copied: &'static str,
    pub lesson_link_copied: &'static str,
    pub link_in_bar: &'static str,
    pub save_failed: &'static str,
    pub imported: &'static str,
    pub link_rejected: &'static str,
    pub link_rejected_at_start: &'static str,
    pub import_rejected: &'static str,
    pub not_applicable: &'static str,
    pub segments: &'static str,
    pub add_segment: &'static str,
    pub remove_segment: &'static str,
    pub segment_name: &'static str,
    pub new_segment: &'static str,
    pub run_again: &'static str,
    pub replications_done: &'static str,
    pub aside_unreadable: &'static str,
    pub aside_replaced_by_link: &'static str,
    pub aside_changed_elsewhere: &'static str,
    pub download_aside: &'static str,
    pub synced_from_other_tab: &'static str,
    pub link_opened: &'static str,
    pub confirm_open_link: &'static str,
    pub findings: &'static str,
    pub what_would_flip: &'static str,
    pub who_wins: &'static str,
    pub findings_hidden: &'static str,
    /// Above an example's explanation once its scenarios have been edited.
    pub about_edited: &'static str,
    pub explore_series: &'static str,
    pub skip_to_results: &'static str,
    pub skip_to_charts: &'static str,
    /// The phone-only button that jumps to the lesson bar below the charts.
    pub to_lessons: &'static str,
    pub results: &'static str,
    pub show_table: &'static str,
    pub hide_table: &'static str,
    pub open_editor: &'static str,
    pub close_editor: &'static str,
    pub shortcuts: &'static str,
    pub shortcuts_button: &'static str,
    pub close: &'static str,
    pub key_help: &'static str,
    pub key_results: &'static str,
    pub key_charts: &'static str,
    pub key_editor: &'static str,
    pub key_play: &'static str,
    pub key_step: &'static str,
    pub key_chart: &'static str,
    pub key_escape: &'static str,
    pub key_tab: &'static str,
    pub table_of: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

/// A label of ours in lower case, for use mid-sentence. The app's texts are Spanish and
/// English: ASCII and Latin-1 letters (Á, É, Ñ, Ü...) are the only capitals they hold,
/// so this covers them without `str::to_lowercase`, whose Unicode case tables weigh on
/// the download for characters no label uses (see the README, "Size").
pub fn lower_case(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // Latin-1 capitals À to Þ, but for ×: a capital's small letter is 0x20 on.
            'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `text` with its first letter a capital, as an axis title begins (the Latin-1
/// letters of [`lower_case`], the other way: à to þ but for ÷).
pub fn upper_initial(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| match c {
        'à'..='þ' if c != '÷' => char::from_u32(c as u32 - 0x20).unwrap_or(c),
        _ => c.to_ascii_uppercase(),
    });
    first.into_iter().chain(chars).collect()
}

static EN: Texts = Texts {
    tagline: "See what company policies do to customers over time.",
    switch_language: "Cambiar a español",
    language_name: "Español",
    presets: "Classroom examples",
    load_preset: "Load into the scenarios",
    about_preset: "What this example shows",
    copy_link: "Copy link",
    undo: "Undo",
    redo: "Redo",
    key_undo: "Undo the last change of the scenarios (Ctrl+Shift+Z or Ctrl+Y: redo), outside a text field",
    export_scenarios: "Export the work (JSON)",
    import_scenarios: "Import scenarios (JSON)",
    scenarios: "Scenarios",
    scenario_name: "Name of the scenario",
    duplicate: "Duplicate",
    duplicate_full: "Four scenarios at most: delete one to make a copy.",
    delete: "Delete",
    shared_note: "Applies to every scenario: they all share the same customers and market.",
    seed: "Random seed",
    new_seed: "New seed",
    replications: "Replications",
    simulating: "Simulating",
    cancel: "Cancel",
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
    month_per_second: "month/s",
    focus: "Beside A in the churn, state, rotation and difference charts",
    download_csv: "CSV",
    download_png: "PNG",
    month: "Month",
    chart_hint: "Point at the chart, or focus it and use the arrow keys, to read the values of a month.",
    chart_hint_touch: "Tap the chart, or drag a finger along it, to read the values of a month.",
    chart_error: "The chart could not be drawn.",
    dismiss: "Dismiss",
    link_copied: "Link copied: anyone who opens it sees these scenarios exactly.",
    lesson_link_copied: "Link copied: it opens this lesson at this step, in this language.",
    link_in_bar: "The link is in the address bar: copy it from there.",
    save_failed: "Your work could not be saved in this browser (storage full or disabled). It stays on screen; use Copy link or Export to keep it.",
    imported: "Scenarios imported.",
    link_rejected: "The link could not be opened, so your previous work was kept.",
    link_rejected_at_start: "The link could not be opened, so the app starts with its default scenario.",
    import_rejected: "The file could not be imported; nothing was changed.",
    not_applicable: "Not in use",
    segments: "Customer segments (shared by every scenario)",
    add_segment: "Add a segment",
    remove_segment: "Remove",
    segment_name: "Name of segment",
    new_segment: "New segment",
    run_again: "Run again",
    replications_done: "replications",
    aside_unreadable: "The work saved in this browser could not be opened, so it was kept aside and this page starts afresh.",
    aside_replaced_by_link: "You opened a link, so the work that was saved in this browser was kept aside.",
    aside_changed_elsewhere: "Another tab saved newer work while this tab had changes of its own: this tab now shows the newer work, and its own version was kept aside.",
    download_aside: "Download the kept work",
    synced_from_other_tab: "Updated with the changes made in another tab.",
    link_opened: "The link was opened.",
    confirm_open_link: "Open the pasted link? It replaces the work on screen (which will be kept aside, and can be downloaded).",
    findings: "What this run shows",
    what_would_flip: "What would change the winner",
    who_wins: "Who wins",
    findings_hidden: "Some of the example's findings do not hold with the settings on screen, so they are not shown.",
    about_edited: "The scenarios have changed since the example was loaded: this paragraph describes the example as it was; the findings and the verdict below are from the scenarios on screen.",
    explore_series: "Series shown ",
    skip_to_results: "Skip to the results",
    skip_to_charts: "Skip to the charts",
    to_lessons: "Lessons",
    results: "Results",
    show_table: "Table",
    hide_table: "Hide the table",
    open_editor: "Edit the scenarios",
    close_editor: "Close the editor",
    shortcuts: "Keyboard shortcuts",
    shortcuts_button: "Shortcuts",
    close: "Close",
    key_help: "Open or close this list",
    key_results: "Go to the results",
    key_charts: "Go to the first chart",
    key_editor: "Go to the scenario editor (opens it on a phone)",
    key_play: "Play or pause the months",
    key_step: "One month back / forward",
    key_chart: "On a focused chart: previous / next month, first / last month",
    key_escape: "Close this list; on a chart, stop reading a month; elsewhere, stop a run",
    key_tab: "Move between controls (Shift+Tab: back); Enter or Space presses a button",
    table_of: "Data of the chart",
};

static ES: Texts = Texts {
    tagline: "Mira lo que las políticas de una empresa hacen a sus clientes con el tiempo.",
    switch_language: "Switch to English",
    language_name: "English",
    presets: "Ejemplos para clase",
    load_preset: "Cargar en los escenarios",
    about_preset: "Qué muestra este ejemplo",
    copy_link: "Copiar enlace",
    undo: "Deshacer",
    redo: "Rehacer",
    key_undo: "Deshacer el último cambio de los escenarios (Ctrl+Mayús+Z o Ctrl+Y: rehacer), fuera de un campo de texto",
    export_scenarios: "Exportar el trabajo (JSON)",
    import_scenarios: "Importar escenarios (JSON)",
    scenarios: "Escenarios",
    scenario_name: "Nombre del escenario",
    duplicate: "Duplicar",
    duplicate_full: "Cuatro escenarios como mucho: borra uno para hacer una copia.",
    delete: "Eliminar",
    shared_note: "Se aplica a todos los escenarios: comparten los mismos clientes y mercado.",
    seed: "Semilla aleatoria",
    new_seed: "Nueva semilla",
    replications: "Réplicas",
    simulating: "Simulando",
    cancel: "Cancelar",
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
    month_per_second: "mes/s",
    focus: "Junto a A en los gráficos de bajas, estados, rotación y diferencia",
    download_csv: "CSV",
    download_png: "PNG",
    month: "Mes",
    chart_hint: "Señala el gráfico, o selecciónalo y usa las flechas, para leer los valores de un mes.",
    chart_hint_touch: "Toca el gráfico, o desliza el dedo por él, para leer los valores de un mes.",
    chart_error: "No se pudo dibujar el gráfico.",
    dismiss: "Cerrar",
    link_copied: "Enlace copiado: quien lo abra verá exactamente estos escenarios.",
    lesson_link_copied: "Enlace copiado: abre esta lección en este paso y en este idioma.",
    link_in_bar: "El enlace está en la barra de direcciones: cópialo desde allí.",
    save_failed: "No se pudo guardar tu trabajo en este navegador (almacenamiento lleno o desactivado). Sigue en pantalla; usa Copiar enlace o Exportar para conservarlo.",
    imported: "Escenarios importados.",
    link_rejected: "No se pudo abrir el enlace, así que se ha mantenido tu trabajo anterior.",
    link_rejected_at_start: "No se pudo abrir el enlace, así que la aplicación empieza con su escenario por defecto.",
    import_rejected: "No se pudo importar el archivo; no se ha cambiado nada.",
    not_applicable: "Sin efecto",
    segments: "Segmentos de clientes (comunes a todos los escenarios)",
    add_segment: "Añadir un segmento",
    remove_segment: "Quitar",
    segment_name: "Nombre del segmento",
    new_segment: "Segmento nuevo",
    run_again: "Volver a simular",
    replications_done: "réplicas",
    aside_unreadable: "No se pudo abrir el trabajo guardado en este navegador, así que se ha apartado y esta página empieza de nuevo.",
    aside_replaced_by_link: "Has abierto un enlace, así que se ha apartado el trabajo que estaba guardado en este navegador.",
    aside_changed_elsewhere: "Otra pestaña guardó un trabajo más reciente mientras esta tenía cambios propios: esta pestaña muestra ahora el trabajo más reciente y su propia versión se ha apartado.",
    download_aside: "Descargar el trabajo apartado",
    synced_from_other_tab: "Actualizado con los cambios hechos en otra pestaña.",
    link_opened: "Se ha abierto el enlace.",
    confirm_open_link: "¿Abrir el enlace pegado? Sustituye el trabajo en pantalla (que se apartará y se podrá descargar).",
    findings: "Lo que muestra esta simulación",
    what_would_flip: "Qué cambiaría el resultado",
    who_wins: "Quién gana",
    findings_hidden: "Algunas conclusiones del ejemplo no se cumplen con los ajustes actuales, así que no se muestran.",
    about_edited: "Los escenarios han cambiado desde que se cargó el ejemplo: este párrafo describe el ejemplo tal como era; las conclusiones y el veredicto de abajo son de los escenarios en pantalla.",
    explore_series: "Serie que se muestra ",
    skip_to_results: "Ir a los resultados",
    skip_to_charts: "Ir a los gráficos",
    to_lessons: "Lecciones",
    results: "Resultados",
    show_table: "Tabla",
    hide_table: "Ocultar la tabla",
    open_editor: "Editar los escenarios",
    close_editor: "Cerrar el editor",
    shortcuts: "Atajos de teclado",
    shortcuts_button: "Atajos",
    close: "Cerrar",
    key_help: "Abrir o cerrar esta lista",
    key_results: "Ir a los resultados",
    key_charts: "Ir al primer gráfico",
    key_editor: "Ir al editor de escenarios (en el móvil, lo abre)",
    key_play: "Reproducir o pausar los meses",
    key_step: "Un mes atrás / adelante",
    key_chart: "En un gráfico seleccionado: mes anterior / siguiente, primer / último mes",
    key_escape: "Cerrar esta lista; en un gráfico, dejar de leer un mes; en otro sitio, detener la simulación",
    key_tab: "Pasar de un control a otro (Mayús+Tab: atrás); Intro o Espacio pulsa un botón",
    table_of: "Datos del gráfico",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_agrees_with_unicode_on_spanish_and_english_text() {
        let samples = [
            "Clientes PERDIDOS · Índice Único ÁÉÍÓÚÜÑ À×Þ",
            "Margin Per Customer (€)",
            "Ñandú, Ángel, Über",
        ];
        for text in samples {
            assert_eq!(lower_case(text), text.to_lowercase(), "{text}");
        }
        for (label, lang) in [
            (texts(Lang::Es).results, Lang::Es),
            (texts(Lang::En).results, Lang::En),
        ] {
            assert_eq!(lower_case(label), label.to_lowercase(), "{lang:?}");
        }
    }
}
