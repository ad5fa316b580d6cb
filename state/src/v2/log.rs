//! The v2 API log: each call as the app's backend makes it and the answer exactly as the
//! API sends it (HTTP status, `Content-Type`, the body byte for byte, problem+json
//! included), with what each answer means in plain words, all from the engine.

use verify_engine::v2::explain::explain_answer;
use verify_engine::{Call, Millis, Response};

/// One call and its answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct V2LogEntry {
    /// When it was made (simulated).
    pub at: Millis,
    /// `POST`, `DELETE` or `GET`.
    pub method: &'static str,
    /// The path, the request's id filled in.
    pub path: String,
    /// The JSON body sent, if the call has one.
    pub sent: Option<String>,
    /// The HTTP status answered.
    pub status: u16,
    /// The answer's `Content-Type`, when it has a body: `application/json`, or
    /// `application/problem+json` for a problem.
    pub content_type: Option<&'static str>,
    /// The body exactly as sent; `None` for the 204 and the empty 200s.
    pub body: Option<String>,
    /// What the answer means, in plain words, success or problem (the engine's
    /// `explain_answer`); `None` only for a call v2 does not explain (none the view makes).
    pub explanation: Option<String>,
}

impl V2LogEntry {
    /// Files `call`, made at `at`, and its `response`.
    pub fn new(at: Millis, call: &Call, response: &Response) -> V2LogEntry {
        let endpoint = call.endpoint();
        let (id, sent) = match call {
            Call::Verify2(body) => (None, Some(body.to_string())),
            Call::Check2 { request_id, body } => (Some(request_id), Some(body.to_string())),
            Call::Cancel2 { request_id }
            | Call::Next2 { request_id }
            | Call::SilentAuth { request_id } => (Some(request_id), None),
            Call::Reply { request_id, answer } => (
                Some(request_id),
                Some({
                    let mut body = serde_json::Map::new();
                    body.insert("request_id".into(), request_id.as_str().into());
                    body.insert("answer".into(), answer.as_str().into());
                    serde_json::Value::Object(body).to_string()
                }),
            ),
            _ => (None, None),
        };
        let path = match id {
            Some(id) => endpoint.path().replace("{request_id}", id),
            None => endpoint.path().to_owned(),
        };
        let failure = response.failure();
        let body = response.json(call);
        V2LogEntry {
            at,
            method: endpoint.method(),
            path,
            sent,
            status: response.http_status(),
            content_type: body.as_ref().map(|_| {
                if failure.is_some() {
                    "application/problem+json"
                } else {
                    "application/json"
                }
            }),
            body,
            explanation: explain_answer(call, response),
        }
    }

    /// Whether the API refused the call (a 4xx).
    pub fn refused(&self) -> bool {
        self.status >= 400
    }
}
