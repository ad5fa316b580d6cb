//! # Verify Playground
//!
//! The Yew single-page app around `verify_engine`: a request form, a simulated phone, the
//! API log, a timeline and a simulated clock, all in the browser. It is a library so that
//! the browser tests in `tests/` can mount its components; `main.rs` only starts it.
//!
//! - [`state`]: one reducer; every Verify decision is the engine's. Its own crate
//!   (`state/`, `verify-playground-state`), pure Rust, so its tests run natively.
//! - [`components`]: one small file per panel.
//! - [`hooks`]: the clock, saving, the address bar.
//! - [`lab`]: the Reach lab panel (`#lab`), comparing workflows on simulated users.
//! - [`learn`]: guided stories of the workflows (`#learn`).
//! - `v2`: Verify v2's view (`#v2`), with the `v2` feature only.
//! - [`platform`]: seams to the browser (storage, URL, speech, clipboard) that tests
//!   replace.

pub mod components;
pub mod hooks;
pub use verify_playground_state as state;
pub use verify_playground_state::format;
pub mod lab;
pub mod learn;
pub mod platform;
/// Verify v2's view (`#v2`), a module of its own (`src/bin/verify-v2.rs`).
#[cfg(feature = "v2")]
pub mod v2;

pub use components::app::{App, AppProps};

/// Talc instead of dlmalloc: the same job in fewer bytes of download, and faster.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Mounts the app on the page's body.
pub fn start() {
    let browser = platform::Platform::browser();
    // `?ns=` names the emulator's namespace to mirror (the emulator's page only).
    let namespace = state::address::parse_query(&browser.location.query()).namespace;
    let props = AppProps {
        platform: browser.with_emulator(namespace),
        seed: None,
    };
    yew::Renderer::<App>::with_props(props).render();
}
