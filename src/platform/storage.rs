//! Where text is kept under keys: localStorage in the browser, memory in tests. This
//! seam speaks keys and text only; what a saved session writes is the state's
//! (`state::saved`), and `hooks::use_persist` carries it out here.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// A place for text under keys, like localStorage.
pub trait Storage {
    /// The text under `key`, `Ok(None)` if there is none, `Err` if storage cannot be used.
    fn load(&self, key: &str) -> Result<Option<String>, String>;
    /// Stores `text` under `key`; `Err` says why it could not (full, blocked).
    fn save(&self, key: &str, text: &str) -> Result<(), String>;
    /// Removes `key`, if it is there.
    fn remove(&self, key: &str);
    /// Every key stored.
    fn keys(&self) -> Vec<String>;
}

/// `window.localStorage`.
pub struct LocalStorage;

impl LocalStorage {
    fn storage() -> Result<web_sys::Storage, String> {
        web_sys::window()
            .ok_or("no window")?
            .local_storage()
            .map_err(|_| "the browser blocks this page's storage".to_owned())?
            .ok_or_else(|| "this browser has no storage for the page".to_owned())
    }
}

impl Storage for LocalStorage {
    fn load(&self, key: &str) -> Result<Option<String>, String> {
        Self::storage()?
            .get_item(key)
            .map_err(|_| "the browser does not let the page read its storage".to_owned())
    }

    fn save(&self, key: &str, text: &str) -> Result<(), String> {
        Self::storage()?
            .set_item(key, text)
            .map_err(|_| "the browser's storage for this page is full or blocked".to_owned())
    }

    fn remove(&self, key: &str) {
        if let Ok(storage) = Self::storage() {
            let _ = storage.remove_item(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        let Ok(storage) = Self::storage() else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect()
    }
}

/// Storage in memory, with an optional limit on the characters it holds (to test a full
/// storage).
#[derive(Default)]
pub struct MemoryStorage {
    /// What is stored.
    pub items: RefCell<BTreeMap<String, String>>,
    /// At most this many characters in all, keys included, when set.
    pub quota: Option<usize>,
}

impl MemoryStorage {
    /// Memory storage holding these texts under these keys.
    pub fn holding(items: &[(&str, &str)]) -> MemoryStorage {
        let storage = MemoryStorage::default();
        for (key, text) in items {
            storage
                .items
                .borrow_mut()
                .insert((*key).to_owned(), (*text).to_owned());
        }
        storage
    }

    /// The text under `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }
}

impl Storage for MemoryStorage {
    fn load(&self, key: &str) -> Result<Option<String>, String> {
        Ok(self.items.borrow().get(key).cloned())
    }

    fn save(&self, key: &str, text: &str) -> Result<(), String> {
        let mut items = self.items.borrow_mut();
        if let Some(quota) = self.quota {
            let others: usize = items
                .iter()
                .filter(|(k, _)| *k != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + text.len() > quota {
                return Err("the storage is full".into());
            }
        }
        items.insert(key.to_owned(), text.to_owned());
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.items.borrow_mut().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }
}
