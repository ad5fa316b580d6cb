//! Callbacks (Part C6, C7): the summary at every end but cancel, and events for
//! whatsapp_interactive and silent_auth steps, as values with their exact JSON.

use std::sync::Arc;

use serde::Serialize;

use super::body::Channel;
use super::request::{Status, StepStatus};
use crate::ids::Uuid;
use crate::time::{Millis, StartDate, SECOND};

/// A callback the engine sends to the configured URL: when it was due, and its body.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Callback {
    /// The instant it was due.
    pub at: Millis,
    /// The request it reports on.
    pub request_id: Uuid,
    /// Its body, typed.
    pub body: CallbackBody,
    /// The date simulated time 0 stands for, to write its times.
    pub start: StartDate,
}

/// The two kinds of callback.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CallbackBody {
    /// A step's event (whatsapp_interactive and silent_auth steps only).
    Event(Event),
    /// The request's summary, when it ends (not when cancelled).
    Summary(Summary),
}

/// An event callback: a codeless step started (`action_pending`, silent_auth) or ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Event {
    /// The step's channel.
    pub channel: Channel,
    /// When the step started (`triggered_at`).
    pub triggered: Millis,
    /// What happened.
    pub status: EventStatus,
    /// When the step ended (`finalized_at`); `None` for `action_pending`.
    pub finalized: Option<Millis>,
    /// For `action_pending`: the `check_url` the device is to open.
    pub check_url: Option<Arc<str>>,
    /// The request's `client_ref`.
    pub client_ref: Option<Arc<str>>,
}

/// An event's `status`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum EventStatus {
    /// A silent_auth step started: the device must open `check_url`.
    ActionPending,
    /// The step ended with this status.
    Ended(StepStatus),
}

impl EventStatus {
    /// The word (`action_pending`, `completed`, `failed`, `expired`, `user_rejected`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::ActionPending => "action_pending",
            EventStatus::Ended(status) => status.as_str(),
        }
    }
}

/// A summary callback.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Summary {
    /// When the request was started.
    pub submitted: Millis,
    /// How it ended.
    pub status: Status,
    /// Its channel_timeout in seconds.
    pub channel_timeout: u32,
    /// Every step: channel, start (none if never started) and end status.
    pub workflow: Vec<StepReport>,
    /// The request's `client_ref`.
    pub client_ref: Option<Arc<str>>,
}

/// One step in a summary.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StepReport {
    /// Its channel.
    pub channel: Channel,
    /// When it started; `None` if it never did (`unused`).
    pub initiated: Option<Millis>,
    /// How it ended.
    pub status: StepStatus,
    /// A blocked step's network (its `reason` names it).
    pub blocked_on: Option<Arc<str>>,
}

/// The price a summary states: `"0.05000000"` when completed, else `"0"` (choice).
pub fn summary_price(status: Status) -> &'static str {
    match status {
        Status::Completed => crate::price::PRICE,
        _ => "0",
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for simulated time `at` (UTC, from the start date).
pub fn timestamp(start: StartDate, at: Millis) -> String {
    let date = start.at(at).to_string();
    format!("{}.{:03}Z", date.replacen(' ', "T", 1), at % SECOND)
}

#[derive(Serialize)]
struct EventJson<'a> {
    request_id: String,
    triggered_at: String,
    r#type: &'static str,
    channel: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    finalized_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<Action<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct Action<'a> {
    r#type: &'static str,
    check_url: &'a str,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    request_id: String,
    submitted_at: String,
    status: &'static str,
    r#type: &'static str,
    channel_timeout: u32,
    workflow: Vec<StepJson>,
    price: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ref: Option<&'a str>,
}

#[derive(Serialize)]
struct StepJson {
    channel: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    initiated_at: Option<String>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Callback {
    /// Whether it is a summary (else an event).
    pub fn is_summary(&self) -> bool {
        matches!(self.body, CallbackBody::Summary(_))
    }

    /// The body as the JSON POSTed, fields in Part C7's order (`client_ref` last).
    pub fn json(&self) -> String {
        let at = |ms: Millis| timestamp(self.start, ms);
        let text = match &self.body {
            CallbackBody::Event(e) => serde_json::to_string(&EventJson {
                request_id: self.request_id.to_string(),
                triggered_at: at(e.triggered),
                r#type: "event",
                channel: e.channel.as_str(),
                status: e.status.as_str(),
                finalized_at: e.finalized.map(at),
                action: e.check_url.as_deref().map(|url| Action {
                    r#type: "check",
                    check_url: url,
                }),
                client_ref: e.client_ref.as_deref(),
            }),
            CallbackBody::Summary(s) => serde_json::to_string(&SummaryJson {
                request_id: self.request_id.to_string(),
                submitted_at: at(s.submitted),
                status: s.status.as_str(),
                r#type: "summary",
                channel_timeout: s.channel_timeout,
                workflow: s
                    .workflow
                    .iter()
                    .map(|step| StepJson {
                        channel: step.channel.as_str(),
                        initiated_at: step.initiated.map(at),
                        status: step.status.as_str(),
                        reason: step.blocked_on.as_deref().map(|network| {
                            format!(
                                "Fraudulent traffic detected for your account on network [ {network} ]."
                            )
                        }),
                    })
                    .collect(),
                price: summary_price(s.status),
                client_ref: s.client_ref.as_deref(),
            }),
        };
        // Only strings, numbers and plain structs: serializing cannot fail.
        text.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_milliseconds_and_a_z() {
        let start = StartDate::default();
        assert_eq!(timestamp(start, 0), "2026-01-01T00:00:00.000Z");
        assert_eq!(timestamp(start, 61_032), "2026-01-01T00:01:01.032Z");
    }

    #[test]
    fn an_unused_step_has_no_initiated_at_and_client_ref_is_last() {
        let callback = Callback {
            at: 180_000,
            request_id: Uuid(0),
            start: StartDate::default(),
            body: CallbackBody::Summary(Summary {
                submitted: 0,
                status: Status::Completed,
                channel_timeout: 180,
                workflow: vec![
                    StepReport {
                        channel: Channel::Sms,
                        initiated: Some(0),
                        status: StepStatus::Completed,
                        blocked_on: None,
                    },
                    StepReport {
                        channel: Channel::Voice,
                        initiated: None,
                        status: StepStatus::Unused,
                        blocked_on: None,
                    },
                ],
                client_ref: Some("ref".into()),
            }),
        };
        assert_eq!(
            callback.json(),
            r#"{"request_id":"00000000-0000-0000-0000-000000000000","submitted_at":"2026-01-01T00:00:00.000Z","status":"completed","type":"summary","channel_timeout":180,"workflow":[{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"completed"},{"channel":"voice","status":"unused"}],"price":"0.05000000","client_ref":"ref"}"#
        );
    }
}
