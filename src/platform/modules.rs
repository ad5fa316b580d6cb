//! On-demand modules: code a view needs only for a rare action (the `verify-import`
//! module behind `#v2`'s "Import scenario"), downloaded when the reader asks for it. The
//! page's loader (Trunk.toml) defines `verifyModule(name)`, the one way a view loads such
//! a module: it knows the build's base and version, so a cache never mixes builds.

use std::fmt;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why an on-demand module could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleError {
    /// The page has no loader (`verifyModule`): a page not built by Trunk.toml's loader.
    NoLoader,
    /// The module did not download or start (offline, the server gone): what the
    /// browser said.
    Unavailable(String),
    /// The module lacks the function asked for (a module of another build).
    NoExport(String),
    /// The function threw, or did not answer with text.
    Failed(String),
}

impl fmt::Display for ModuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModuleError::NoLoader => f.write_str("this page cannot load the code it needs"),
            ModuleError::Unavailable(why) => {
                write!(f, "the code it needs did not download ({why})")
            }
            ModuleError::NoExport(name) => write!(f, "the code downloaded lacks {name}"),
            ModuleError::Failed(why) => write!(f, "the code it needs failed ({why})"),
        }
    }
}

impl std::error::Error for ModuleError {}

/// Loads the module `name` (once per page: the browser keeps an imported module) and
/// calls its export `function` with `text`, which answers text.
pub async fn call_text(name: &str, function: &str, text: &str) -> Result<String, ModuleError> {
    let module = load(name).await?;
    let export = Reflect::get(&module, &JsValue::from_str(function))
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok())
        .ok_or_else(|| ModuleError::NoExport(function.to_owned()))?;
    export
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(text))
        .map_err(|e| ModuleError::Failed(describe(&e)))?
        .as_string()
        .ok_or_else(|| ModuleError::Failed(format!("{function} did not answer text")))
}

/// The module `name`, initialised, through the page's `verifyModule`.
async fn load(name: &str) -> Result<JsValue, ModuleError> {
    let loader = Reflect::get(&js_sys::global(), &JsValue::from_str("verifyModule"))
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok())
        .ok_or(ModuleError::NoLoader)?;
    let promise: Promise = loader
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(name))
        .map_err(|e| ModuleError::Unavailable(describe(&e)))?
        .dyn_into()
        .map_err(|_| ModuleError::NoLoader)?;
    JsFuture::from(promise)
        .await
        .map_err(|e| ModuleError::Unavailable(describe(&e)))
}

/// What a thrown value says: an Error's message, or the value as text.
fn describe(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "no reason given".to_owned())
}
