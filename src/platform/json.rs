//! JSON indented for reading, by the browser's own `JSON`.

/// JSON text indented for reading, by the browser's own `JSON` (the playground's Rust
/// writes the API's compact JSON only). The keys keep their order. Text that is not JSON
/// comes back as it is.
pub fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .and_then(|value| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &value,
                &wasm_bindgen::JsValue::NULL,
                &wasm_bindgen::JsValue::from_f64(2.0),
            )
        })
        .ok()
        .and_then(|pretty| pretty.as_string())
        .unwrap_or_else(|| text.to_owned())
}
