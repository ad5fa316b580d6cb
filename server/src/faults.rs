//! `/_sim/faults`: faults set on purpose (issue 18, A8). `POST` sets one and answers it as
//! listed, with its `id`; `GET` lists those in force, `{"faults":[{"id", "fault",
//! "number", "network", "times_left"}]}` (absent: every number, no limit; transport
//! faults add `path`); `DELETE` clears them all, `DELETE /_sim/faults/{id}` one. `?ns=`
//! picks the session.
//!
//! Request and phone faults (`throttled`, `sms-lost`...) are the engine's: setting,
//! clearing or removing one is a call (`Call::Fault`), recorded like any other, so
//! `/_sim/scenario`, the event stream and the page see it and a replay gives the same
//! bytes. Transport faults (`http:<status>`, `delay:<ms>`, `drop`) stay here: the session
//! keeps them ([`crate::transport`]) and neither the engine nor the journal sees them.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use verify_engine::faults::{ActiveFault, FaultError, FaultId, FaultOutcome, FaultStep};
use verify_engine::{Call, Response as Answer};

use crate::namespaces::Shared;
use crate::reply::Refused;
use crate::session::Session;
use crate::sim::{in_session, json_object, session};
use crate::transport::{TransportFault, TransportFaults, TransportSpec, TransportView, MAX_RULES};
use crate::App;

/// One fault as `GET /_sim/faults` lists it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FaultView {
    /// A request or phone fault: the engine's.
    Engine(ActiveFault),
    /// The emulator's own.
    Transport(TransportView),
}

/// `GET /_sim/faults`' answer.
#[derive(Debug, Serialize)]
pub struct FaultList {
    /// The engine's faults in the order they were set, then the transport faults in
    /// theirs.
    pub faults: Vec<FaultView>,
}

/// The transport faults, in a sentence's words.
const TRANSPORT_NAMES: &str = "the emulator's own http:<status>, delay:<ms> and drop";

/// `400` with one sentence saying what is accepted.
fn bad(message: impl Into<String>) -> Refused {
    Refused::new(StatusCode::BAD_REQUEST, message)
}

/// An engine's refusal of a fault, as one sentence; an unknown name also names the
/// transport faults, which the engine does not know.
fn refusal(error: &FaultError) -> Refused {
    match error {
        FaultError::UnknownName(_) | FaultError::MissingName => {
            let sentence = error.to_string();
            bad(format!(
                "{}, or {TRANSPORT_NAMES}.",
                sentence.trim_end_matches('.')
            ))
        }
        other => bad(other.to_string()),
    }
}

/// Every fault in force in `session`, the engine's first (its times counted up to now).
fn listed(session: &mut Session, real: Instant) -> FaultList {
    session.sync(real);
    let mut faults: Vec<FaultView> = session
        .engine()
        .faults()
        .into_iter()
        .map(FaultView::Engine)
        .collect();
    faults.extend(
        session
            .transport_faults()
            .list()
            .into_iter()
            .map(FaultView::Transport),
    );
    FaultList { faults }
}

/// Makes a fault call in `session` (within the bound on recorded calls); what it did.
fn engine_call(
    session: &mut Session,
    step: FaultStep,
    real: Instant,
) -> Result<Option<FaultOutcome>, Refused> {
    session.room_to_record(real).map_err(Refused::from)?;
    Ok(match session.call(&Call::Fault(step), real) {
        Answer::Fault(outcome) => Some(outcome),
        _ => None,
    })
}

/// `POST /_sim/faults {"fault", "number"?, "times"?, "network"?, "path"?}`: sets a fault
/// and answers it as `GET` lists it.
pub async fn set(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let object = json_object(body)?;
    let transport = match object.get("fault") {
        Some(Value::String(name)) => TransportFault::is_transport(name),
        _ => false,
    };
    let shared = session(&app, query.as_deref())?;
    if transport {
        let spec = TransportSpec::from_json(&object).map_err(|e| bad(e.to_string()))?;
        app.transport_faults_used.store(true, Ordering::Release);
        return in_session(&shared, |session, _| {
            let view = session.transport_faults().add(spec).ok_or_else(|| {
                bad(format!(
                    "{MAX_RULES} transport faults are set already: DELETE /_sim/faults or one \
                     of them first."
                ))
            })?;
            Ok(FaultView::Transport(view))
        });
    }
    // Any scenario `fault` step is taken, so the page's mirror can send its own steps as
    // they are: `{"clear": true}` and `{"remove": id}` act as the DELETEs below.
    let spec = match FaultStep::from_json(&Value::Object(object)).map_err(|e| refusal(&e))? {
        FaultStep::Set(spec) => spec,
        FaultStep::Clear => return clear_all(&shared),
        FaultStep::Remove(id) => return remove_one(&shared, &id.to_string()),
    };
    in_session(&shared, |session, real| {
        let outcome = engine_call(session, FaultStep::Set(spec), real)?;
        shared.changed();
        let view = match outcome {
            Some(FaultOutcome::Set(id)) => session
                .engine()
                .faults()
                .into_iter()
                .find(|fault| fault.id == id)
                .map(FaultView::Engine),
            _ => None,
        };
        view.ok_or_else(|| {
            Refused::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The engine set the fault but does not list it.",
            )
        })
    })
}

/// `GET /_sim/faults`: the faults in force.
pub async fn list(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    in_session(&shared, |session, real| Ok(listed(session, real)))
}

/// `DELETE /_sim/faults`: clears every fault (the engine's with a recorded call, network
/// blocks included, when it has any); answers the (empty) list.
pub async fn clear(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    clear_all(&shared)
}

/// Clears every fault of `shared` (see [`clear`]) and answers the (empty) list.
fn clear_all(shared: &Shared) -> Result<Response, Refused> {
    in_session(shared, |session, real| {
        session.sync(real);
        if !session.engine().faults().is_empty() {
            // Clearing cannot be refused: a fault call that sets nothing has nothing to
            // check.
            if engine_call(session, FaultStep::Clear, real).is_ok() {
                shared.changed();
            }
        }
        session.transport_faults().clear();
        Ok(listed(session, real))
    })
}

/// `DELETE /_sim/faults/{id}`: removes one (`f<n>`: the engine's, with a recorded call;
/// `t<n>`: a transport fault); 404 when none in force has that id. Answers the faults
/// left.
pub async fn remove(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    remove_one(&shared, &id)
}

/// Removes the fault `id` of `shared` (see [`remove`]) and answers the faults left.
fn remove_one(shared: &Shared, id: &str) -> Result<Response, Refused> {
    in_session(shared, |session, real| {
        session.sync(real);
        let removed = if TransportFaults::is_transport_id(id) {
            session.transport_faults().remove(id)
        } else {
            match FaultId::parse(id) {
                Some(fault) if session.engine().faults().iter().any(|f| f.id == fault) => {
                    engine_call(session, FaultStep::Remove(fault), real)?;
                    shared.changed();
                    true
                }
                _ => false,
            }
        };
        if !removed {
            return Err(Refused::new(
                StatusCode::NOT_FOUND,
                format!(
                    "No fault in force has the id {id:?}: GET /_sim/faults lists those that are."
                ),
            ));
        }
        Ok(listed(session, real))
    })
}
