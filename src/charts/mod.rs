//! Charts of simulation results, drawn with plotters on any drawing backend: a canvas in
//! the browser, SVG in host tests. Each chart is one module with one `draw` function that
//! takes a drawing area and plain data, and returns a `Result`; nothing else.

pub mod palette;
pub mod retention;
