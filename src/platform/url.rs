//! The page's address bar: reading and rewriting its query and hash. What the query
//! means (the form's settings, `?embed`, `?scenario=`, `?ns=`) is the state's
//! (`state::address`); this seam only speaks text.

use std::cell::RefCell;

/// Reading and rewriting the address bar.
pub trait Location {
    /// The query string without `?`.
    fn query(&self) -> String;
    /// Replaces the query (no new history entry), keeping the path and hash.
    fn replace_query(&self, query: &str);
    /// The hash without `#`.
    fn hash(&self) -> String;
    /// Replaces the hash (no new history entry; empty removes it).
    fn replace_hash(&self, hash: &str);
    /// Goes to another view: sets the hash as a link would (a history entry, and the
    /// `hashchange` event the views follow).
    fn navigate(&self, hash: &str);
    /// The page's address without query and hash (`http://host/path/`), for links.
    fn base(&self) -> String;
}

/// `window.location` and `history.replaceState`.
pub struct BrowserLocation;

impl Location for BrowserLocation {
    fn query(&self) -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .map(|s| s.trim_start_matches('?').to_owned())
            .unwrap_or_default()
    }

    fn replace_query(&self, query: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        let hash = location.hash().unwrap_or_default();
        let url = if query.is_empty() {
            format!("{path}{hash}")
        } else {
            format!("{path}?{query}{hash}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    fn hash(&self) -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .map(|s| s.trim_start_matches('#').to_owned())
            .unwrap_or_default()
    }

    fn replace_hash(&self, hash: &str) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        let search = location.search().unwrap_or_default();
        let url = if hash.is_empty() {
            format!("{path}{search}")
        } else {
            format!("{path}{search}#{hash}")
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }

    fn navigate(&self, hash: &str) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(hash);
        }
    }

    fn base(&self) -> String {
        web_sys::window()
            .map(|w| {
                let location = w.location();
                format!(
                    "{}{}",
                    location.origin().unwrap_or_default(),
                    location.pathname().unwrap_or_default()
                )
            })
            .unwrap_or_default()
    }
}

/// A fixed address, recording rewrites.
pub struct FakeLocation {
    /// The current query.
    pub query: RefCell<String>,
    /// The current hash.
    pub hash: RefCell<String>,
}

impl FakeLocation {
    /// An address with this query.
    pub fn new(query: &str) -> FakeLocation {
        FakeLocation {
            query: RefCell::new(query.to_owned()),
            hash: RefCell::default(),
        }
    }
}

impl Location for FakeLocation {
    fn query(&self) -> String {
        self.query.borrow().clone()
    }
    fn replace_query(&self, query: &str) {
        *self.query.borrow_mut() = query.to_owned();
    }
    fn hash(&self) -> String {
        self.hash.borrow().clone()
    }
    fn replace_hash(&self, hash: &str) {
        *self.hash.borrow_mut() = hash.to_owned();
    }
    fn navigate(&self, hash: &str) {
        *self.hash.borrow_mut() = hash.to_owned();
    }
    fn base(&self) -> String {
        "http://127.0.0.1:8080/".to_owned()
    }
}
