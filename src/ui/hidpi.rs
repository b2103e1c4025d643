//! Crisp canvases on HiDPI screens.
//!
//! plotters-canvas reports the canvas's backing-store size as the drawing size. We size
//! the backing store to CSS size x devicePixelRatio, scale the 2D context by the same
//! ratio, and wrap the backend so that charts are laid out in CSS pixels: text and lines
//! are then rasterised at the screen's full resolution.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Width (CSS px) a chart is laid out at in presenter mode before being scaled up.
const PRESENTER_WIDTH: f64 = 1200.0;

/// How much a canvas's drawing is scaled up (presenter mode), to map pointers back.
pub fn zoom_of(canvas: &HtmlCanvasElement) -> f64 {
    canvas
        .get_attribute("data-zoom")
        .and_then(|z| z.parse::<f64>().ok())
        .filter(|z| z.is_finite() && *z >= 1.0)
        .unwrap_or(1.0)
}

/// A [`CanvasBackend`] that reports the canvas's CSS size while drawing at device resolution.
pub struct HiDpiCanvas {
    inner: CanvasBackend,
    css_size: (u32, u32),
}

impl HiDpiCanvas {
    /// Prepares `canvas` for drawing at its current CSS size; `None` when it has no 2D
    /// context or is not laid out (zero size).
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let ratio = web_sys::window()?.device_pixel_ratio().max(1.0);
        let rect = canvas.get_bounding_client_rect();
        let (css_w, css_h) = (rect.width().round(), rect.height().round());
        if css_w < 1.0 || css_h < 1.0 {
            return None;
        }
        canvas.set_width((css_w * ratio).round() as u32);
        canvas.set_height((css_h * ratio).round() as u32);
        // Presenting, a chart is laid out as if it were PRESENTER_WIDTH wide and scaled
        // up to the screen, so its text grows with it (a projector needs 24 px or more).
        let zoom = if canvas.closest(".presenting").ok().flatten().is_some() {
            (css_w / PRESENTER_WIDTH).max(1.0)
        } else {
            1.0
        };
        let _ = canvas.set_attribute("data-zoom", &format!("{zoom:.4}"));
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let scale = ratio * zoom;
        context
            .set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
            .ok()?;
        Some(Self {
            inner: CanvasBackend::with_canvas_object(canvas.clone())?,
            css_size: ((css_w / zoom).round() as u32, (css_h / zoom).round() as u32),
        })
    }
}

type Error = DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>;

impl DrawingBackend for HiDpiCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.css_size
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        self.inner.estimate_text_size(text, style)
    }
}
