//! The web app's entry point (built by Trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    fideliza::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fideliza's web app runs in the browser: `make serve` builds and serves it.");
}
