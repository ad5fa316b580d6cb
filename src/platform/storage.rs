//! Where the session is kept: localStorage in the browser, memory in tests.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::state::saved::{self, Loaded, SavePlan};
use crate::state::Playground;

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

/// Reads the saved session (see [`saved::load`]).
pub fn load_session(storage: &dyn Storage) -> Loaded {
    saved::load(&|key| storage.load(key))
}

/// Carries out a save plan for `p`: a new session first removes the old header (so that
/// a half-written session is never read as the old one), then the writes in order, each
/// text made just before it is written, then the old session's chunks past the new count.
pub fn save_session(storage: &dyn Storage, p: &Playground, plan: &SavePlan) -> Result<(), String> {
    if plan.full {
        storage.remove(saved::STORAGE_KEY);
        storage.remove(saved::IMPORT_KEY);
    }
    for k in plan.chunks.clone() {
        storage.save(&saved::chunk_key(k), &saved::chunk_text(p, k))?;
    }
    if let (true, Some(import)) = (plan.import, &p.session.import) {
        storage.save(saved::IMPORT_KEY, &import.text)?;
    }
    storage.save(saved::STORAGE_KEY, &saved::header_text(p))?;
    if plan.full {
        let keep: Vec<String> = (0..plan.chunks.end).map(saved::chunk_key).collect();
        for key in storage.keys() {
            let chunk = saved::is_session_key(&key)
                && key != saved::STORAGE_KEY
                && key != saved::IMPORT_KEY;
            if chunk && !keep.contains(&key) {
                storage.remove(&key);
            }
        }
    }
    Ok(())
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
    /// Memory storage holding `text` under the session's key.
    pub fn new(text: Option<&str>) -> MemoryStorage {
        let storage = MemoryStorage::default();
        if let Some(text) = text {
            storage
                .items
                .borrow_mut()
                .insert(saved::STORAGE_KEY.to_owned(), text.to_owned());
        }
        storage
    }

    /// The text under the session's key.
    pub fn session(&self) -> Option<String> {
        self.items.borrow().get(saved::STORAGE_KEY).cloned()
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
