//! The seam to the emulator, for a page that `verify-server` serves: whether this page is
//! the emulator's (a `<meta name="verify-emulator">` tag the server adds, so that a copy on
//! a static host never tries and fails), its event stream (`EventSource`, which reconnects
//! by itself and resumes with `Last-Event-ID`), and requests to it (`fetch`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent, RequestInit};
use yew::Callback;

/// What the emulator's stream says, as the browser hands it over: this seam speaks text;
/// what the events mean is the state's (`state::remote`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum StreamEvent {
    /// The stream opened.
    Open,
    /// The stream dropped (the browser tries again by itself).
    Lost,
    /// An event with data: its name (`hello`, `call`, `clock`) and its JSON text.
    Message {
        /// The SSE event name.
        kind: &'static str,
        /// Its data.
        data: String,
    },
}

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
    pub fn connect(&self, on_event: Callback<StreamEvent>) -> Option<Stream> {
        let source = EventSource::new(&self.with_namespace(&self.events)).ok()?;
        let mut listeners = Vec::new();
        let data_event = |kind: &'static str| {
            let on_event = on_event.clone();
            let listener =
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    if let Some(message) = event.dyn_ref::<MessageEvent>() {
                        let data = message.data().as_string().unwrap_or_default();
                        on_event.emit(StreamEvent::Message { kind, data });
                    }
                });
            (kind, listener)
        };
        let mut add = |kind: &str, listener: Closure<dyn FnMut(web_sys::Event)>| {
            let _ =
                source.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
            listeners.push(listener);
        };
        for (kind, listener) in [data_event("hello"), data_event("call"), data_event("clock")] {
            add(kind, listener);
        }
        let simple = |event: StreamEvent| {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_event.emit(event.clone()))
        };
        add("open", simple(StreamEvent::Open));
        add("error", simple(StreamEvent::Lost));
        Some(Stream {
            source,
            _listeners: listeners,
        })
    }

    /// POSTs `body` (JSON) to `path`: an API path, or a `/_sim/` helper (which gets the
    /// page's namespace as `?ns=`; API calls carry it as `X-Sim-Namespace`). A failure (no
    /// answer, or an HTTP error) goes to `on_failure`, in words.
    pub fn send(&self, path: &str, body: String, on_failure: Callback<String>) {
        let url = if path.starts_with("/_sim/") {
            self.with_namespace(path)
        } else {
            path.to_owned()
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
                on_failure.emit(reason);
            }
        });
    }
}
