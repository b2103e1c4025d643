//! Files in and out of the page: downloads from text or a data URL (a canvas PNG), and
//! the text of a file the user picked.

use wasm_bindgen::JsCast;

/// Offers `contents` as a file named `name`.
pub fn text(name: &str, mime: &str, contents: &str) {
    let encoded: String = js_sys::encode_uri_component(contents).into();
    url(name, &format!("data:{mime},{encoded}"));
}

/// Offers the resource at `href` (e.g. a data URL) as a file named `name`.
pub fn url(name: &str, href: &str) {
    let document = gloo::utils::document();
    let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    anchor.set_href(href);
    anchor.set_download(name);
    anchor.click();
}

/// Reads the file picked in the `<input type="file">` that fired `e` as text and hands
/// it to `done` (`None` if it cannot be read). The input is cleared, so picking the same
/// file again fires again.
pub fn read_picked(e: &yew::Event, done: impl FnOnce(Option<String>) + 'static) {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    yew::platform::spawn_local(async move {
        let file = gloo::file::File::from(file);
        done(gloo::file::futures::read_as_text(&file).await.ok());
    });
}
