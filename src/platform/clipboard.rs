//! "Copy as curl": the asynchronous clipboard.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use yew::Callback;

/// Copies text, then tells whether it worked.
pub trait Clipboard {
    /// Copies `text`; `done` gets `true` once it is on the clipboard, `false` if refused.
    fn copy(&self, text: String, done: Callback<bool>);
}

/// A shared clipboard is a clipboard (the platform hands components an `Rc<dyn Clipboard>`).
impl<C: Clipboard + ?Sized> Clipboard for std::rc::Rc<C> {
    fn copy(&self, text: String, done: Callback<bool>) {
        (**self).copy(text, done);
    }
}

/// `navigator.clipboard.writeText`.
pub struct BrowserClipboard;

impl Clipboard for BrowserClipboard {
    fn copy(&self, text: String, done: Callback<bool>) {
        let Some(window) = web_sys::window() else {
            done.emit(false);
            return;
        };
        let navigator = window.navigator();
        let navigator_value: &JsValue = navigator.as_ref();
        if !super::has_global(navigator_value, "clipboard") {
            done.emit(false);
            return;
        }
        let promise = navigator.clipboard().write_text(&text);
        yew::platform::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            done.emit(copied);
        });
    }
}

/// Records what would have been copied.
#[derive(Default)]
pub struct RecordingClipboard {
    /// Every text copied.
    pub copied: RefCell<Vec<String>>,
}

impl Clipboard for RecordingClipboard {
    fn copy(&self, text: String, done: Callback<bool>) {
        self.copied.borrow_mut().push(text);
        done.emit(true);
    }
}
