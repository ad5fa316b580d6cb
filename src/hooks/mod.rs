//! Custom hooks: the effects that connect the state to time, storage and the address bar.

mod use_clock;
mod use_hash;
mod use_persist;

pub use use_clock::{use_clock, TICK_MS};
pub use use_hash::use_hash;
pub use use_persist::{use_persist, use_url_sync};
