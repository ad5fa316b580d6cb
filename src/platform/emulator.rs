//! The seam to the emulator, for a page that `verify-server` serves: whether this page is
//! the emulator's (a `<meta name="verify-emulator">` tag the server adds, so that a copy on
//! a static host never tries and fails), its event stream (`EventSource`, which reconnects
//! by itself and resumes with `Last-Event-ID`), and requests to it (`fetch`).

use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent, RequestInit};
use yew::Callback;

use crate::state::remote::{Outgoing, RemoteEvent};

/// Where the emulator's stream is, when this page is the emulator's.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Emulator {
    /// The stream's path (`/_sim/events`).
    pub events: String,
    /// The page's origin, for the badge.
    pub address: String,
    /// The namespace to mirror (`?ns=` in the page's address).
    pub namespace: Option<String>,
}

/// The emulator that serves this page, if one does.
pub fn detect(namespace: Option<String>) -> Option<Emulator> {
    let window = web_sys::window()?;
    let meta = window
        .document()?
        .query_selector("meta[name=verify-emulator]")
        .ok()??;
    let events = meta.get_attribute("content")?;
    Some(Emulator {
        events,
        address: window.location().host().ok()?,
        namespace,
    })
}

/// An open stream; closed when dropped.
pub struct Stream {
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

impl Emulator {
    fn with_namespace(&self, path: &str) -> String {
        match &self.namespace {
            Some(ns) => format!("{path}?ns={}", js_sys::encode_uri_component(ns)),
            None => path.to_owned(),
        }
    }

    /// Opens the stream; every event goes to `on_event`.
    pub fn connect(&self, on_event: Callback<RemoteEvent>) -> Option<Stream> {
        let source = EventSource::new(&self.with_namespace(&self.events)).ok()?;
        let mut listeners = Vec::new();
        let data_event = |kind: &'static str, make: fn(Value) -> RemoteEvent| {
            let on_event = on_event.clone();
            let listener =
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    let Some(message) = event.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    let text = message.data().as_string().unwrap_or_default();
                    match serde_json::from_str(&text) {
                        Ok(value) => on_event.emit(make(value)),
                        Err(e) => on_event.emit(RemoteEvent::SendFailed(format!(
                            "the emulator's {kind} event is not JSON ({e})"
                        ))),
                    }
                });
            (kind, listener)
        };
        let mut add = |kind: &str, listener: Closure<dyn FnMut(web_sys::Event)>| {
            let _ =
                source.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            listeners.push(listener);
        };
        for (kind, listener) in [
            data_event("hello", RemoteEvent::Hello),
            data_event("call", RemoteEvent::Call),
            data_event("clock", RemoteEvent::Clock),
        ] {
            add(kind, listener);
        }
        let simple = |event: RemoteEvent| {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_event.emit(event.clone()))
        };
        add("open", simple(RemoteEvent::Open));
        add("error", simple(RemoteEvent::Lost));
        Some(Stream {
            source,
            _listeners: listeners,
        })
    }

    /// Sends a request; a failure (no answer, or an HTTP error) goes to `on_event`.
    pub fn send(&self, outgoing: Outgoing, on_event: Callback<RemoteEvent>) {
        let (path, body) = match &outgoing {
            Outgoing::Call(call) => {
                let mut params = serde_json::Map::new();
                let mut ids = Vec::new();
                for (name, value) in call.pairs() {
                    if name == "request_ids" {
                        ids.push(Value::from(value));
                    } else {
                        params.insert(name.to_owned(), value.into());
                    }
                }
                if !ids.is_empty() {
                    params.insert("request_ids".into(), ids.into());
                }
                (
                    call.endpoint().path().to_owned(),
                    Value::from(params).to_string(),
                )
            }
            Outgoing::Clock(change) => ("/_sim/clock".to_owned(), change.to_json()),
            Outgoing::Reset => ("/_sim/reset".to_owned(), "{}".to_owned()),
        };
        let url = match outgoing {
            Outgoing::Call(_) => path,
            _ => self.with_namespace(&path),
        };
        let Some(window) = web_sys::window() else {
            return;
        };
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&body));
        let headers = web_sys::Headers::new().ok();
        if let Some(headers) = &headers {
            let _ = headers.set("Content-Type", "application/json");
            if let Some(ns) = &self.namespace {
                let _ = headers.set("X-Sim-Namespace", ns);
            }
            init.set_headers(headers);
        }
        let promise = window.fetch_with_str_and_init(&url, &init);
        yew::platform::spawn_local(async move {
            let failure = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(response) => {
                    let response: web_sys::Response = response.unchecked_into();
                    (!response.ok()).then(|| format!("HTTP {} from {url}", response.status()))
                }
                Err(_) => Some(format!("no answer from {url}")),
            };
            if let Some(reason) = failure {
                on_event.emit(RemoteEvent::SendFailed(reason));
            }
        });
    }
}
