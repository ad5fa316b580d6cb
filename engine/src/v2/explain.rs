//! What v2's callbacks and answers mean for the app receiving them, in plain words, for
//! people learning the API. What a status means is Verify's knowledge (Part C4-C7), so it
//! lives here beside the callback types; the playground and the emulator's page only
//! carry the sentences.

use super::answers::{Answer, Hop};
use super::body::Channel;
use super::callback::{Callback, CallbackBody, Event, EventStatus, Summary};
use super::request::{Status, StepStatus};
use crate::params::Call;
use crate::response::Response;

impl Callback {
    /// What this callback tells the app receiving it, and what the app should do with it.
    pub fn explain(&self) -> String {
        match &self.body {
            CallbackBody::Summary(summary) => explain_summary(summary),
            CallbackBody::Event(event) => explain_event(event),
        }
    }
}

/// The channel of the last step that ended with `status`, if any did.
fn ended_on(summary: &Summary, status: StepStatus) -> Option<Channel> {
    summary
        .workflow
        .iter()
        .rev()
        .find(|step| step.status == status)
        .map(|step| step.channel)
}

/// The channels that ran (were started), in order: `sms, then voice`.
fn channels_run(summary: &Summary) -> String {
    let run: Vec<&str> = summary
        .workflow
        .iter()
        .filter(|step| step.initiated.is_some())
        .map(|step| step.channel.as_str())
        .collect();
    run.join(", then ")
}

fn explain_summary(summary: &Summary) -> String {
    let last = "This is the request's last callback.";
    match summary.status {
        Status::Completed => match ended_on(summary, StepStatus::Completed) {
            Some(Channel::WhatsappInteractive) => format!(
                "The user answered Yes to the WhatsApp question: it is them. Mark the number \
                 verified and let them in. {last}"
            ),
            Some(Channel::SilentAuth) => format!(
                "The network confirmed the device holds this number (silent authentication) \
                 and your app checked the code it got: mark the number verified. {last}"
            ),
            Some(channel) => format!(
                "The user entered the right code, received by {}: mark the number verified. \
                 {last}",
                channel.as_str()
            ),
            None => format!("The request completed: mark the number verified. {last}"),
        },
        Status::Failed => match ended_on(summary, StepStatus::Failed) {
            Some(Channel::SilentAuth) => format!(
                "Silent authentication failed: the network could not confirm this device \
                 holds the number (or three wrong codes were checked). Do not mark it \
                 verified; offer another way to verify. {last}"
            ),
            _ => format!(
                "Three wrong codes were checked, so Verify ended the request. Do not mark \
                 the number verified; the user must start a new verification. {last}"
            ),
        },
        Status::Expired => format!(
            "Nobody proved the number in time: {} each ran its window ({} s) and no right \
             code or answer came. Do not mark it verified; offer to start again. {last}",
            channels_run(summary),
            summary.channel_timeout
        ),
        Status::UserRejected => match ended_on(summary, StepStatus::UserRejected) {
            Some(Channel::SilentAuth) => format!(
                "Silent authentication was rejected for this device: it may not be the \
                 number's. Do not mark it verified. {last}"
            ),
            _ => format!(
                "The user answered No to the WhatsApp question: they say it is not them \
                 signing in. Do not mark the number verified, and consider warning the \
                 account's owner. {last}"
            ),
        },
        Status::Blocked => format!(
            "Every step that could deliver was skipped by a network block (fraud check): \
             the user received nothing. Do not mark the number verified; try another \
             channel, or later. {last}"
        ),
        // Never sent (cancel sends no callback, an in-progress request no summary).
        Status::InProgress | Status::Cancelled => format!(
            "The request is {}: nothing to do yet.",
            summary.status.as_str()
        ),
    }
}

fn explain_event(event: &Event) -> String {
    let channel = event.channel;
    let next = "The next step, if any, starts now and delivers the code; with none left the \
                summary that follows has the request's end.";
    match event.status {
        EventStatus::ActionPending => {
            "Silent authentication started: your app on the device must open the check_url \
             over its mobile data (not Wi-Fi) within 60 s. Nothing to store yet."
                .into()
        }
        EventStatus::Ended(StepStatus::Completed) => match channel {
            Channel::WhatsappInteractive => {
                "The user answered Yes on WhatsApp: the step and the request are completed; \
                 the summary follows. Mark the number verified."
                    .into()
            }
            _ => format!(
                "The {} step is completed: the right code was checked after the device's \
                 check passed; the summary follows.",
                channel.as_str()
            ),
        },
        EventStatus::Ended(StepStatus::Failed) => format!(
            "The {} step failed: the network could not confirm this device holds the \
             number (or three wrong codes were checked). {next}",
            channel.as_str()
        ),
        EventStatus::Ended(StepStatus::UserRejected) => match channel {
            Channel::WhatsappInteractive => format!(
                "The user answered No on WhatsApp: they say it is not them signing in. \
                 {next}"
            ),
            _ => format!(
                "The {} step was rejected: the device may not be the number's. {next}",
                channel.as_str()
            ),
        },
        EventStatus::Ended(StepStatus::Expired) => format!(
            "The {} step got no answer: its window ran out, or your app moved on with \
             next_workflow. {next}",
            channel.as_str()
        ),
        EventStatus::Ended(status) => {
            format!("The {} step ended {}.", channel.as_str(), status.as_str())
        }
    }
}

/// What a v2 call's answer means, in plain words: for a success what happened and what
/// comes next, for a problem its explanation. `None` for a v1 call's success (v1's own
/// log says those).
pub fn explain_answer(call: &Call, response: &Response) -> Option<String> {
    if let Some(failure) = response.failure() {
        return Some(failure.explanation);
    }
    let text = match response {
        Response::Verify2(Ok(started)) if started.check_url.is_some() => {
            "Started (202): the first step is silent authentication. The device must open \
             check_url; keep the request_id to check the code it gets."
                .to_owned()
        }
        Response::Verify2(Ok(_)) => {
            let first = match call {
                Call::Verify2(body) => body["workflow"][0]["channel"].as_str(),
                _ => None,
            };
            match first {
                Some("whatsapp_interactive") => {
                    "Started (202): the first step, whatsapp_interactive, asks the user on \
                     WhatsApp whether it is them, Yes or No (no code). Keep the request_id; \
                     the callbacks bring the answer."
                        .to_owned()
                }
                first => format!(
                    "Started (202): the first step, {}, is on its way now. Keep the \
                     request_id to check the code; later steps follow if it is not used in \
                     time.",
                    first.unwrap_or("the first channel")
                ),
            }
        }
        Response::Check2(Ok(_)) => {
            "The code is right: the request is completed. Mark the number verified; the \
             summary callback follows."
                .to_owned()
        }
        Response::Cancel2(Ok(())) => {
            "Cancelled (204): the request has ended and no callback will come.".to_owned()
        }
        Response::Next2(Ok(())) => {
            "Moved on (200): the current step expired and the next one starts now with a \
             full window, delivering the same code."
                .to_owned()
        }
        Response::SilentAuth(Ok(Hop::Redirect { .. })) => {
            "The device's check passed: 302 to your redirect_url, the request_id and code \
             in its fragment. Your page sends that code to check it."
                .to_owned()
        }
        Response::SilentAuth(Ok(Hop::Code { .. })) => {
            "The device's check passed: this body carries the code. Your app checks it \
             (POST /v2/verify/{id}) to complete the request."
                .to_owned()
        }
        Response::SilentAuth(Ok(Hop::Outcome { status, .. })) => format!(
            "The device's check came back {}: the silent authentication step has ended; \
             the next step, if any, starts now.",
            status.as_str()
        ),
        Response::Reply(Ok(())) => {
            let answer = match call {
                Call::Reply { answer, .. } => Answer::parse(answer),
                _ => None,
            };
            match answer {
                Some(Answer::Yes) => "The phone answered Yes: the request is completed.".to_owned(),
                _ => "The phone answered No: the WhatsApp step ended user_rejected; the \
                      next step, if any, starts now."
                    .to_owned(),
            }
        }
        _ => return None,
    };
    Some(text)
}
