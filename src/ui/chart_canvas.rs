//! A canvas that a chart draws itself on, crisp at any devicePixelRatio and redrawn when
//! the window is resized.

use std::rc::Rc;

use gloo::events::EventListener;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::hidpi::HiDpiCanvas;
use crate::charts::PlotGeometry;

/// Draws one chart on a prepared drawing area; an error is a message for the reader.
/// Two `Drawing`s are equal when they are the same closure: build them with `use_memo`
/// so that a redraw happens exactly when the data or the language changed.
#[derive(Clone)]
pub struct Drawing(pub Rc<DrawFn>);

/// A chart's draw function.
pub type DrawFn = dyn Fn(&ChartArea) -> Result<(), String>;

/// The drawing area a chart receives: the whole canvas, in CSS pixels.
pub type ChartArea = DrawingArea<HiDpiCanvas, Shift>;

impl PartialEq for Drawing {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, Clone, PartialEq)]
pub struct ChartCanvasProps {
    /// What to draw. A new `Rc` means new content: build it with `use_memo`.
    pub draw: Drawing,
    /// Accessible name of the chart.
    pub label: AttrValue,
    /// Shown instead of the chart when drawing fails.
    pub error_text: AttrValue,
    #[prop_or(AttrValue::Static("chart"))]
    pub id: AttrValue,
    /// Id of the element that says what the chart shows in words (its numbers).
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
}

/// The month under a pointer at `client_x` over the canvas inside `figure`, through the
/// geometry of the chart drawn there (presenter mode's zoom undone); `None` off the
/// plot or before anything was drawn.
pub fn month_under(figure: &NodeRef, geometry: Option<PlotGeometry>, client_x: i32) -> Option<u32> {
    let canvas: HtmlCanvasElement = figure
        .cast::<web_sys::Element>()?
        .query_selector("canvas")
        .ok()??
        .dyn_into()
        .ok()?;
    let left = canvas.get_bounding_client_rect().left();
    let x = (f64::from(client_x) - left) / super::hidpi::zoom_of(&canvas);
    geometry?.month_at(x.round() as i32)
}

/// An intersection observer and the callback it calls (kept alive with it).
pub(crate) type ViewWatch = (
    web_sys::IntersectionObserver,
    Closure<dyn Fn(js_sys::Array)>,
);

/// Calls `on_change(in view)` whenever the element comes within `margin` of the
/// window or leaves it; with `whole`, in view means entirely within the window (and
/// the margin). The closure lives as long as the returned observer is kept.
pub(crate) fn watch_view(
    node: &NodeRef,
    margin: &str,
    whole: bool,
    on_change: impl Fn(bool) + 'static,
) -> Option<ViewWatch> {
    let element = node.cast::<web_sys::Element>()?;
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The last report for the one element observed is the current one.
        if let Some(entry) = entries
            .iter()
            .last()
            .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
        {
            let seen = entry.is_intersecting() && (!whole || entry.intersection_ratio() >= 0.99);
            on_change(seen);
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    if whole {
        // Reports at 99% as well as at 100%: an element whose box ends a fraction of a
        // pixel past the window's edge never reaches 1.0, and would never count as seen.
        let thresholds = js_sys::Array::of3(&0.0.into(), &0.99.into(), &1.0.into());
        options.set_threshold(&thresholds);
    }
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(&element);
    Some((observer, callback))
}

/// How near the window (CSS pixels) a canvas counts as in view: drawn just before it
/// is scrolled to.
const VIEW_MARGIN: f64 = 200.0;

/// Whether the element is within [`VIEW_MARGIN`] of the window, from its layout box:
/// what the intersection observer will report, known before its first report. An
/// element not laid out (hidden) is not.
fn near_window(node: &NodeRef) -> bool {
    let (Some(element), Some(window)) = (node.cast::<web_sys::Element>(), web_sys::window()) else {
        return false;
    };
    let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let (width, height) = (size(window.inner_width()), size(window.inner_height()));
    let r = element.get_bounding_client_rect();
    r.width() > 0.0
        && r.height() > 0.0
        && r.bottom() > -VIEW_MARGIN
        && r.top() < height + VIEW_MARGIN
        && r.right() > -VIEW_MARGIN
        && r.left() < width + VIEW_MARGIN
}

fn paint(canvas: &HtmlCanvasElement, draw: &Drawing) -> Result<(), String> {
    let Some(backend) = HiDpiCanvas::new(canvas) else {
        // Not laid out yet (hidden or zero width): nothing to draw, not an error.
        return Ok(());
    };
    let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
    (draw.0)(&area)
}

#[component]
pub fn ChartCanvas(props: &ChartCanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    let failed = use_state(|| false);
    // The latest draw function, for redraws on resize.
    let latest = use_mut_ref(|| props.draw.clone());
    *latest.borrow_mut() = props.draw.clone();

    // Whether the canvas is in (or near) the window, as the last intersection report
    // said (unknown until the first, which comes a frame after mounting); a drawing
    // out of view waits there until the canvas comes near the window or the page is
    // printed. The workbench holds a dozen charts and a lesson several: each run's
    // results, partial or last, and each window resize redraw only the two or three in
    // view, which leaves the processor to the workers (two cores are common in
    // classrooms) and the first chart its time when the page opens.
    let in_view = use_mut_ref(|| None::<bool>);
    let waiting = use_mut_ref(|| None::<Drawing>);
    let paint_now = {
        let canvas_ref = canvas_ref.clone();
        let failed = failed.clone();
        Rc::new(move |draw: &Drawing| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                let result = paint(&canvas, draw);
                if let Err(message) = &result {
                    gloo::console::warn!(format!("chart: {message}"));
                }
                failed.set(result.is_err());
            }
        })
    };
    // Paints `draw` now if the canvas is near the window, or keeps it for later.
    let paint_or_wait = {
        let (canvas_ref, paint_now) = (canvas_ref.clone(), paint_now.clone());
        let (in_view, waiting) = (in_view.clone(), waiting.clone());
        Rc::new(move |draw: &Drawing| {
            let near = (*in_view.borrow()).unwrap_or_else(|| near_window(&canvas_ref));
            if near {
                waiting.borrow_mut().take();
                paint_now(draw);
            } else {
                *waiting.borrow_mut() = Some(draw.clone());
            }
        })
    };
    {
        let paint_or_wait = paint_or_wait.clone();
        use_effect_with(props.draw.clone(), move |draw| paint_or_wait(draw));
    }
    // Paints the drawing that waits, if one does.
    let paint_waiting = {
        let waiting = waiting.clone();
        Rc::new(move || {
            let draw = waiting.borrow_mut().take();
            if let Some(draw) = draw {
                paint_now(&draw);
            }
        })
    };
    {
        let canvas_ref = canvas_ref.clone();
        use_effect_with((), move |_| {
            let observer = watch_view(&canvas_ref, &format!("{VIEW_MARGIN}px"), false, {
                let paint_waiting = paint_waiting.clone();
                move |visible| {
                    *in_view.borrow_mut() = Some(visible);
                    if visible {
                        paint_waiting();
                    }
                }
            });
            // A printed page shows every chart: the ones still waiting are drawn
            // before the browser lays the page out for paper.
            let print = web_sys::window()
                .map(|window| EventListener::new(&window, "beforeprint", move |_| paint_waiting()));
            move || {
                if let Some((observer, _)) = observer {
                    observer.disconnect();
                }
                drop(print);
            }
        });
    }
    {
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "resize", move |_| {
                    let draw = latest.borrow().clone();
                    paint_or_wait(&draw);
                })
            });
            move || drop(listener)
        });
    }

    html! {
        <figure class="chart">
            <canvas id={props.id.clone()} ref={canvas_ref} role="img" aria-label={props.label.clone()}
                aria-describedby={props.described_by.clone()} />
            if *failed {
                <figcaption class="chart-error" role="alert">{ props.error_text.clone() }</figcaption>
            }
        </figure>
    }
}
