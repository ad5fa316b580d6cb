//! The seams between the app and the browser: storage, the address bar, speech and the
//! clipboard. Components and hooks use these traits, never web-sys directly, so tests can
//! put fakes in their place ([`Platform::fake`]).

pub mod clipboard;
pub mod download;
pub mod emulator;
pub mod json;
pub mod modules;
pub mod share;
pub mod speech;
pub mod storage;
pub mod url;

use std::rc::Rc;

pub use clipboard::Clipboard;
pub use speech::Speech;
pub use storage::Storage;
pub use url::Location;

/// The browser services the app uses, passed down as a context.
#[derive(Clone)]
pub struct Platform {
    /// Where the session is kept.
    pub storage: Rc<dyn Storage>,
    /// Text-to-speech for answered calls.
    pub speech: Rc<dyn Speech>,
    /// "Copy as curl".
    pub clipboard: Rc<dyn Clipboard>,
    /// The page's address (form settings, `?embed`, `#lab`).
    pub location: Rc<dyn Location>,
    /// The emulator serving the page, if one does.
    pub emulator: Option<Rc<emulator::Emulator>>,
}

impl PartialEq for Platform {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.storage, &other.storage)
            && Rc::ptr_eq(&self.speech, &other.speech)
            && Rc::ptr_eq(&self.clipboard, &other.clipboard)
            && Rc::ptr_eq(&self.location, &other.location)
            && self.emulator == other.emulator
    }
}

impl Platform {
    /// The real browser: localStorage, SpeechSynthesis, navigator.clipboard, location.
    /// No emulator: see [`Platform::with_emulator`].
    pub fn browser() -> Platform {
        Platform {
            storage: Rc::new(storage::LocalStorage),
            speech: Rc::new(speech::BrowserSpeech),
            clipboard: Rc::new(clipboard::BrowserClipboard),
            location: Rc::new(url::BrowserLocation),
            emulator: None,
        }
    }

    /// This platform with the emulator serving the page, if one does, mirrored in
    /// `namespace` (found only by the module built to be its phone).
    pub fn with_emulator(self, namespace: Option<String>) -> Platform {
        #[cfg(feature = "emulator")]
        let emulator = emulator::detect(namespace).map(Rc::new);
        #[cfg(not(feature = "emulator"))]
        let emulator = {
            let _ = namespace;
            None
        };
        Platform { emulator, ..self }
    }

    /// In-memory stand-ins that record what the app asked for, for tests: the address's
    /// query, and what storage holds (key, text).
    pub fn fake(query: &str, stored: &[(&str, &str)]) -> Fakes {
        Fakes {
            storage: Rc::new(storage::MemoryStorage::holding(stored)),
            speech: Rc::new(speech::RecordingSpeech::default()),
            clipboard: Rc::new(clipboard::RecordingClipboard::default()),
            location: Rc::new(url::FakeLocation::new(query)),
        }
    }
}

/// The fakes behind a test [`Platform`], kept so the test can look at what they recorded.
#[derive(Clone)]
pub struct Fakes {
    /// Memory storage.
    pub storage: Rc<storage::MemoryStorage>,
    /// Records what would have been spoken.
    pub speech: Rc<speech::RecordingSpeech>,
    /// Records what would have been copied.
    pub clipboard: Rc<clipboard::RecordingClipboard>,
    /// A fixed address.
    pub location: Rc<url::FakeLocation>,
}

impl Fakes {
    /// The platform made of these fakes.
    pub fn platform(&self) -> Platform {
        Platform {
            storage: self.storage.clone(),
            speech: self.speech.clone(),
            clipboard: self.clipboard.clone(),
            location: self.location.clone(),
            emulator: None,
        }
    }
}

/// Whether the global object has a property (an API that may be missing).
pub(crate) fn has_global(owner: &wasm_bindgen::JsValue, name: &str) -> bool {
    js_sys::Reflect::get(owner, &wasm_bindgen::JsValue::from_str(name))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false)
}
