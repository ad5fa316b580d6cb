//! `/_sim/faults`: faults set on purpose (issue 18, A8). `POST` sets one and answers it as
//! listed, with its `id`; `GET` lists those active, `{"faults":[{"id", "fault", "number",
//! "network", "times_left"}]}` (absent: every number, no limit; transport faults add
//! `path`); `DELETE` clears them all, `DELETE /_sim/faults/{id}` one. `?ns=` picks the
//! session.
//!
//! Transport faults (`http:<status>`, `delay:<ms>`, `drop`) stay here: the session keeps
//! them ([`crate::transport`]) and neither the engine nor the journal sees them.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use crate::reply::{json_reply, Refused};
use crate::sim::{json_object, session};
use crate::transport::{TransportFault, TransportFaults, TransportSpec, TransportView, MAX_RULES};
use crate::App;

/// One fault as `GET /_sim/faults` lists it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FaultView {
    /// The emulator's own.
    Transport(TransportView),
}

/// `GET /_sim/faults`' answer.
#[derive(Debug, Serialize)]
pub struct FaultList {
    /// The faults in force, in the order they were set.
    pub faults: Vec<FaultView>,
}

/// `400` with one sentence saying what is accepted.
fn bad(message: impl Into<String>) -> Refused {
    Refused::new(StatusCode::BAD_REQUEST, message)
}

/// `POST /_sim/faults {"fault", "number"?, "times"?, "network"?, "path"?}`: sets a fault
/// and answers it as `GET` lists it.
pub async fn set(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let object = json_object(body)?;
    let name = match object.get("fault") {
        Some(Value::String(name)) => name.clone(),
        _ => {
            return Err(bad(
                "\"fault\" must be a fault's name: http:<status>, delay:<ms> or drop.",
            ))
        }
    };
    if !TransportFault::is_transport(&name) {
        return Err(bad(format!(
            "{name:?} is not a fault this emulator accepts: http:<status>, delay:<ms> or drop."
        )));
    }
    let spec = TransportSpec::from_json(&object).map_err(|e| bad(e.to_string()))?;
    let shared = session(&app, query.as_deref())?;
    let real = Instant::now();
    let mut session = shared.lock();
    let view = session.transport_faults().add(spec).ok_or_else(|| {
        bad(format!(
            "{MAX_RULES} transport faults are set already: DELETE /_sim/faults or one of them \
             first."
        ))
    })?;
    Ok(json_reply(
        StatusCode::OK,
        &FaultView::Transport(view),
        Some(session.date(real)),
    ))
}

/// `GET /_sim/faults`: the faults in force.
pub async fn list(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let real = Instant::now();
    let mut session = shared.lock();
    let faults = session
        .transport_faults()
        .list()
        .into_iter()
        .map(FaultView::Transport)
        .collect();
    Ok(json_reply(
        StatusCode::OK,
        &FaultList { faults },
        Some(session.date(real)),
    ))
}

/// `DELETE /_sim/faults`: clears every fault; answers the (empty) list.
pub async fn clear(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let real = Instant::now();
    let mut session = shared.lock();
    session.transport_faults().clear();
    Ok(json_reply(
        StatusCode::OK,
        &FaultList { faults: Vec::new() },
        Some(session.date(real)),
    ))
}

/// `DELETE /_sim/faults/{id}`: removes one; 404 when no fault has that id.
pub async fn remove(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let real = Instant::now();
    let mut session = shared.lock();
    let removed = TransportFaults::is_transport_id(&id) && session.transport_faults().remove(&id);
    if !removed {
        return Err(Refused::new(
            StatusCode::NOT_FOUND,
            format!("No fault has the id {id:?}: GET /_sim/faults lists those in force."),
        ));
    }
    let faults = session
        .transport_faults()
        .list()
        .into_iter()
        .map(FaultView::Transport)
        .collect();
    Ok(json_reply(
        StatusCode::OK,
        &FaultList { faults },
        Some(session.date(real)),
    ))
}
