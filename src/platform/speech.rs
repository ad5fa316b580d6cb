//! Speaking an answered call's transcript with the browser's speech synthesis.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

/// Text-to-speech.
pub trait Speech {
    /// Speaks `text` in `lang` (a BCP 47 tag such as `en-us`); false when speech is not
    /// available, in which case the transcript alone is shown.
    fn speak(&self, text: &str, lang: &str) -> bool;
}

/// `window.speechSynthesis`, when the browser has it.
pub struct BrowserSpeech;

impl Speech for BrowserSpeech {
    fn speak(&self, text: &str, lang: &str) -> bool {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let global: &JsValue = window.as_ref();
        if !super::has_global(global, "speechSynthesis")
            || !super::has_global(global, "SpeechSynthesisUtterance")
        {
            return false;
        }
        let (Ok(synth), Ok(utterance)) = (
            window.speech_synthesis(),
            web_sys::SpeechSynthesisUtterance::new_with_text(text),
        ) else {
            return false;
        };
        utterance.set_lang(lang);
        synth.cancel();
        synth.speak(&utterance);
        true
    }
}

/// Records what would have been spoken; `available` decides what `speak` answers.
pub struct RecordingSpeech {
    /// Whether to behave as if speech worked.
    pub available: bool,
    /// (text, lang) of every request to speak.
    pub spoken: RefCell<Vec<(String, String)>>,
}

impl Default for RecordingSpeech {
    fn default() -> Self {
        RecordingSpeech {
            available: true,
            spoken: RefCell::default(),
        }
    }
}

impl Speech for RecordingSpeech {
    fn speak(&self, text: &str, lang: &str) -> bool {
        self.spoken
            .borrow_mut()
            .push((text.to_owned(), lang.to_owned()));
        self.available
    }
}
