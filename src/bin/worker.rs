//! The web worker's entry point (built by Trunk as `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use yew_agent::Registrable;
    fideliza::ui::worker::SimulationWorker::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("fideliza's simulation worker runs in the browser, started by the web app.");
}
