//! Custom hooks: the effects that connect the state to time, storage and the address bar,
//! and the store that holds the state.

mod keeper;
mod use_clock;
mod use_emulator;
mod use_hash;
mod use_persist;
mod use_store;

pub use keeper::Keeper;
pub use use_clock::{use_clock, TICK_MS};
pub use use_emulator::use_emulator;
pub use use_hash::use_hash;
pub use use_persist::{
    load_session, save_session, use_persist, use_url_sync, write_chunked, ChunkedSave,
};
pub use use_store::{use_store, Apply, StoreHandle};
