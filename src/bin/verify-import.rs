//! "Import scenario"'s on-demand module: the engine's scenario parser, out of `#v2`'s
//! first load. `#v2` loads it (through the page's `verifyModule`, see Trunk.toml) only
//! when the reader imports a file, and calls [`read_v2`]. No Yew here, so it stays small.

use wasm_bindgen::prelude::wasm_bindgen;

/// Reads a scenario file of Verify v2 calls and replays it: the answer is
/// [`verify_playground_state::v2::import::answer`]'s text, the session in the saved
/// format or why the file is refused, which `#v2` reads with `import::decode`.
#[wasm_bindgen]
pub fn read_v2(text: &str) -> String {
    verify_playground_state::v2::import::answer(text)
}

/// Nothing runs on load: the module waits for [`read_v2`].
fn main() {}
