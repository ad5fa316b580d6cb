//! Offering text as a file to download: a `blob:` URL, which (unlike a `data:` URL) works
//! for a session of any size.

use wasm_bindgen::JsValue;

/// A `blob:` URL for a text; the browser forgets it when this is dropped.
pub struct DownloadUrl(String);

impl DownloadUrl {
    /// A URL serving `text` as a plain-text file; `None` if the browser refuses.
    pub fn new(text: &str) -> Option<DownloadUrl> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/plain;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        web_sys::Url::create_object_url_with_blob(&blob)
            .ok()
            .map(DownloadUrl)
    }

    /// The URL, for a link's `href`.
    pub fn href(&self) -> &str {
        &self.0
    }
}

impl Drop for DownloadUrl {
    fn drop(&mut self) {
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}
