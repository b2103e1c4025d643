//! Downloads made in the page: a file from text, or from a data URL (a canvas PNG).

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
