//! # Verify Playground
//!
//! The Yew single-page app around `verify_engine`: a request form, a simulated phone, the
//! API log, a timeline and a simulated clock, all in the browser. It is a library so that
//! the browser tests in `tests/` can mount its components; `main.rs` only starts it.
//!
//! - [`state`]: one reducer; every Verify decision is the engine's.
//! - [`components`]: one small file per panel.
//! - [`hooks`]: the clock, saving, the address bar.
//! - [`platform`]: seams to the browser (storage, URL, speech, clipboard) that tests
//!   replace.

pub mod components;
pub mod format;
pub mod hooks;
pub mod platform;
pub mod state;
// LAB: `pub mod lab;` (src/lab/, the Reach lab) is added here by the lead.

pub use components::app::{App, AppProps, Root};

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<Root>::new().render();
}
