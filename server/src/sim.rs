//! The test helpers under `/_sim/` (a contract: tests outside the project use these exact
//! names): what was delivered, the clock, a reset, and the session as a scenario file.
//! `?ns=NAME` picks a namespace (with `--namespaces`).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Map, Value};
use verify_engine::v2::{Answer, Key};
use verify_engine::{normalise_number, Call, PhoneNumber};

use crate::clock::{valid_speed, MAX_SPEED, MIN_SPEED};
use crate::namespaces::Shared;
use crate::reply::{json_reply, Refused};
use crate::session::Session;
use crate::App;
use verify_engine::journal::wire::ClockChange;

/// The value of `name` in a query string.
pub fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The session `?ns=` names.
pub fn session(app: &App, query: Option<&str>) -> Result<Arc<Shared>, Refused> {
    let namespace = query_value(query, "ns").unwrap_or_default();
    app.namespaces.get(&namespace).map_err(Refused::from)
}

/// The shape every `/_sim/` helper answers in: `act` runs on `shared`'s session, locked,
/// at the real time now, and what it returns goes out as JSON, 200, with the session's
/// simulated `Date` (or its refusal as is).
pub(crate) fn in_session<T: Serialize>(
    shared: &Shared,
    act: impl FnOnce(&mut Session, Instant) -> Result<T, Refused>,
) -> Result<Response, Refused> {
    let real = Instant::now();
    let mut session = shared.lock();
    let body = act(&mut session, real)?;
    Ok(json_reply(StatusCode::OK, &body, Some(session.date(real))))
}

/// `GET /_sim/deliveries[?number=N]`: every delivery (v1's SMS and calls, v2's steps) of
/// the requests still known, oldest first; `number` is normalised as the API normalises
/// it, or is an email address, matched without regard to case.
pub async fn deliveries(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let number = match query_value(query.as_deref(), "number") {
        None => None,
        // An email address (v2), matched without regard to case.
        Some(text) if text.contains('@') => Some(Key::Email(text.to_lowercase().into())),
        Some(text) => match PhoneNumber::new(&normalise_number(&text)) {
            Some(number) => Some(Key::Phone(number)),
            // No valid number can have received anything.
            None => {
                return Ok(json_reply(
                    StatusCode::OK,
                    &json!({ "deliveries": [] }),
                    None,
                ))
            }
        },
    };
    in_session(
        &shared,
        |session, real| Ok(session.deliveries(number, real)),
    )
}

/// `GET /_sim/callbacks`: every v2 callback of the requests still known, oldest first,
/// sent or not: `{"callbacks":[{"at","url","body","delivered"}]}`.
pub async fn callbacks(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    in_session(&shared, |session, real| Ok(session.callbacks(real)))
}

/// `POST /_sim/reply {"request_id", "answer": "yes"|"no"}`: the phone answering a
/// whatsapp_interactive step. The engine answers (200 with no body, or its 404 problem);
/// the call is recorded like any other, so replays and the page see it.
pub async fn reply(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let object = json_object(body)?;
    let text = |name: &str| {
        match object.get(name) {
        Some(Value::String(text)) => Ok(text.clone()),
        _ => Err(Refused::new(
            StatusCode::BAD_REQUEST,
            format!("\"{name}\" must be a string: expected {{\"request_id\", \"answer\": \"yes\"|\"no\"}}"),
        )),
    }
    };
    let request_id = text("request_id")?;
    let answer = text("answer")?;
    if Answer::parse(&answer).is_none() {
        return Err(Refused::new(
            StatusCode::BAD_REQUEST,
            format!("\"answer\" must be \"yes\" or \"no\", not {answer:?}"),
        ));
    }
    if let Some(other) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "request_id" | "answer"))
    {
        return Err(Refused::new(
            StatusCode::BAD_REQUEST,
            format!("unknown field {other:?}: expected request_id and answer"),
        ));
    }
    let namespace = query_value(query.as_deref(), "ns").unwrap_or_default();
    Ok(crate::v2::answer(
        &app,
        &namespace,
        &Call::Reply { request_id, answer },
    ))
}

/// `GET /_sim/clock`: `{"now", "speed", "paused", "next"}` in simulated seconds.
pub async fn clock(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    in_session(&shared, |session, real| Ok(session.clock_view(real)))
}

/// `POST /_sim/clock` with any of `{"advance": S, "to_next": true, "speed": X, "paused":
/// B}`: answers once everything due has run, with the new clock and what happened.
pub async fn change_clock(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let object = json_object(body)?;
    let change = clock_change(&object).map_err(|m| Refused::new(StatusCode::BAD_REQUEST, m))?;
    let shared = session(&app, query.as_deref())?;
    in_session(&shared, |session, real| {
        let view = session.change_clock(change, real);
        shared.changed();
        Ok(view)
    })
}

/// Reads `POST /_sim/clock`'s body (the shape is the engine's, `journal::wire`, which
/// the playground writes), then holds the speed to the emulator's range.
fn clock_change(object: &Map<String, Value>) -> Result<ClockChange, String> {
    if object.get("speed").is_some_and(|speed| !speed.is_number()) {
        return Err(format!(
            "\"speed\" must be a number of simulated seconds per real second, from \
             {MIN_SPEED} to {MAX_SPEED}"
        ));
    }
    let mut change = ClockChange::from_json(object).map_err(|e| e.to_string())?;
    if let Some(speed) = change.speed {
        change.speed = Some(valid_speed(speed).map_err(|e| format!("\"speed\": {e}"))?);
    }
    Ok(change)
}

/// `POST /_sim/reset`, optionally `{"seed": N}`: a fresh engine, nothing kept.
pub async fn reset(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refused> {
    let object = json_object(body)?;
    let mut seed = None;
    for (key, value) in &object {
        match (key.as_str(), value.as_u64()) {
            ("seed", Some(n)) => seed = Some(n),
            ("seed", None) => {
                return Err(Refused::new(
                    StatusCode::BAD_REQUEST,
                    "\"seed\" must be a whole number, 0 or more",
                ))
            }
            (other, _) => {
                return Err(Refused::new(
                    StatusCode::BAD_REQUEST,
                    format!("unknown field {other:?}: expected seed"),
                ))
            }
        }
    }
    let shared = session(&app, query.as_deref())?;
    in_session(&shared, |session, real| {
        session.reset(seed, real);
        shared.changed();
        Ok(json!({ "seed": session.seed(), "clock": session.clock_view(real) }))
    })
}

/// `GET /_sim/scenario`: the session as a scenario file for `verify-sim`; its first line,
/// and the `X-Sim-Replay` header, give the options that replay it.
pub async fn scenario(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
) -> Result<Response, Refused> {
    let shared = session(&app, query.as_deref())?;
    let real = Instant::now();
    let mut session = shared.lock();
    let text = session
        .scenario(real)
        .map_err(|m| Refused::new(StatusCode::CONFLICT, m))?;
    let mut response = text.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&session.replay_options()) {
        headers.insert("x-sim-replay", value);
    }
    Ok(response)
}

/// A `/_sim/` body: a JSON object, or nothing (an empty body stands for `{}`).
pub(crate) fn json_object(
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, Refused> {
    let body = body.map_err(|refused| Refused::new(refused.status(), refused.body_text()))?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Refused::new(
            StatusCode::BAD_REQUEST,
            "the body must be a JSON object",
        )),
        Err(e) => Err(Refused::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {e}"),
        )),
    }
}
