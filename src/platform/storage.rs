//! Where the session is kept: localStorage in the browser, memory in tests.

use std::cell::RefCell;

use crate::state::saved::STORAGE_KEY;

/// A place for one saved session.
pub trait Storage {
    /// The stored text, `Ok(None)` if there is none, `Err` if storage cannot be used.
    fn load(&self) -> Result<Option<String>, String>;
    /// Stores the text.
    fn save(&self, text: &str) -> Result<(), String>;
}

/// `window.localStorage`.
pub struct LocalStorage;

impl LocalStorage {
    fn storage() -> Result<web_sys::Storage, String> {
        web_sys::window()
            .ok_or("no window")?
            .local_storage()
            .map_err(|_| "localStorage is blocked".to_owned())?
            .ok_or_else(|| "no localStorage".to_owned())
    }
}

impl Storage for LocalStorage {
    fn load(&self) -> Result<Option<String>, String> {
        Self::storage()?
            .get_item(STORAGE_KEY)
            .map_err(|_| "localStorage cannot be read".to_owned())
    }

    fn save(&self, text: &str) -> Result<(), String> {
        Self::storage()?
            .set_item(STORAGE_KEY, text)
            .map_err(|_| "localStorage is full or blocked".to_owned())
    }
}

/// Storage in memory.
#[derive(Default)]
pub struct MemoryStorage {
    /// The stored text.
    pub text: RefCell<Option<String>>,
}

impl MemoryStorage {
    /// Memory storage holding `text`.
    pub fn new(text: Option<&str>) -> MemoryStorage {
        MemoryStorage {
            text: RefCell::new(text.map(str::to_owned)),
        }
    }
}

impl Storage for MemoryStorage {
    fn load(&self) -> Result<Option<String>, String> {
        Ok(self.text.borrow().clone())
    }

    fn save(&self, text: &str) -> Result<(), String> {
        *self.text.borrow_mut() = Some(text.to_owned());
        Ok(())
    }
}
