//! `GET /_sim/events`: the session as Server-Sent Events, for the playground to mirror.
//!
//! Events (data is JSON):
//! - `hello` (with an id): everything needed to rebuild the session: `seed`, `start`,
//!   `retention` (seconds or null), `clock`, `complete` (false when the recording is too
//!   long to replay), and `calls`, each `{"status", "step"}` where `step` is the scenario
//!   line that replays the call. Sent first, and again after a reset.
//! - `call` (with an id): one more call, `{"status", "step"}`.
//! - `clock` (no id): `{"now", "speed", "paused", "next"}`, after anything happens and
//!   every 250 ms while the clock runs.
//!
//! Ids are `EPOCH.N`: the client has then seen the calls numbered up to N. A client that
//! reconnects with `Last-Event-ID` gets exactly the calls after it, or a new `hello` when
//! those are no longer kept or the server restarted (another epoch).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use tokio::sync::{broadcast, watch};

use crate::reply::Refused;
use crate::session::Message;
use crate::sim::session;
use crate::App;

/// How soon a browser reconnects after the stream drops.
const RETRY: Duration = Duration::from_millis(1000);

struct Subscription {
    backlog: VecDeque<Arc<Message>>,
    live: broadcast::Receiver<Arc<Message>>,
    shutdown: watch::Receiver<bool>,
    first: bool,
}

/// The stream of one subscriber.
pub async fn events(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (backlog, live) = shared.lock().subscribe(last.as_deref(), Instant::now());
    // The ticker starts telling the time now that someone watches.
    shared.changed();
    let subscription = Subscription {
        backlog: backlog.into(),
        live,
        shutdown: app.shutdown.clone(),
        first: true,
    };
    let events = stream::unfold(subscription, |mut s| async move {
        let message = match s.backlog.pop_front() {
            Some(message) => message,
            None => tokio::select! {
                received = s.live.recv() => match received {
                    Ok(message) => message,
                    // Fell too far behind, or the session is gone: end the stream, and
                    // the client resumes from its last id.
                    Err(_) => return None,
                },
                _ = s.shutdown.changed() => return None,
            },
        };
        let mut event = Event::default().event(message.event).data(&message.data);
        if let Some(id) = &message.id {
            event = event.id(id);
        }
        if s.first {
            event = event.retry(RETRY);
            s.first = false;
        }
        Some((Ok::<_, Infallible>(event), s))
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}
