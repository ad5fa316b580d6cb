//! Compressing a session into a link and back, with the browser's own
//! `CompressionStream` (deflate-raw) and base64url: nothing added to the wasm for it.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function compressText(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
export async function decompressText(code) {
  const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return await new Response(stream).text();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = compressText)]
    async fn compress_text(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = decompressText)]
    async fn decompress_text(code: &str) -> Result<JsValue, JsValue>;
}

/// Compresses `text` into base64url (the characters a URL fragment keeps as they are).
pub async fn compress(text: &str) -> Result<String, String> {
    compress_text(text)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "this browser cannot compress (no CompressionStream)".to_owned())
}

/// The text [`compress`] made `code` from.
pub async fn decompress(code: &str) -> Result<String, String> {
    decompress_text(code)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "its data is not what the playground writes".to_owned())
}
