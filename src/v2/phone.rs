//! The "Phone" region, each channel as a person sees it (SMS and RCS as messages,
//! WhatsApp as a chat, the call with its transcript, the WhatsApp question with Yes and
//! No, the device checking itself), and the "Inbox" region for email.

use verify_engine::v2::Channel;
use verify_engine::Uuid;
use yew::prelude::*;

use crate::format;
use crate::state::v2::phone::{Delivered, DeviceCheck, PhoneItem};
use crate::state::v2::shown::{hint, newest};
use crate::state::v2::{V2Action, V2Playground};

/// One message, call or question on the phone; `can_answer` says whether a request's
/// WhatsApp question is open.
fn delivered(
    item: &Delivered,
    can_answer: &dyn Fn(Uuid) -> bool,
    dispatch: &Callback<V2Action>,
) -> Html {
    let time = html! { <time class="v2-at">{ format::clock(item.at) }</time> };
    match item.channel {
        Channel::Voice => html! {
            <li class="v2-item v2-call">
                <p class="v2-kind">{ "Incoming call" }{ time }</p>
                <p class="v2-to">{ format!("to +{}", item.to) }</p>
                <p class="v2-transcript-label">{ "Transcript" }</p>
                <blockquote class="v2-transcript">{ &item.text }</blockquote>
            </li>
        },
        Channel::WhatsappInteractive => {
            let open = can_answer(item.request_id);
            let [yes, no] = item.answers.unwrap_or(["Yes", "No"]);
            let answer = |word: &'static str| {
                let (dispatch, id) = (dispatch.clone(), item.request_id);
                Callback::from(move |_: MouseEvent| dispatch.emit(V2Action::Reply(id, word)))
            };
            html! {
                <li class="v2-item v2-chat">
                    <p class="v2-kind">{ "WhatsApp" }{ time }</p>
                    <p class="v2-bubble">{ &item.text }</p>
                    <div class="v2-answers" role="group" aria-label="Answer the WhatsApp question">
                        <button type="button" disabled={!open} onclick={answer("yes")}>{ yes }</button>
                        <button type="button" disabled={!open} onclick={answer("no")}>{ no }</button>
                    </div>
                </li>
            }
        }
        Channel::Whatsapp => html! {
            <li class="v2-item v2-chat">
                <p class="v2-kind">{ "WhatsApp" }{ time }</p>
                <p class="v2-bubble">{ &item.text }</p>
            </li>
        },
        channel => html! {
            <li class={classes!("v2-item", "v2-message")}>
                <p class="v2-kind">{ if channel == Channel::Rcs { "RCS message" } else { "SMS" } }{ time }</p>
                <p class="v2-text">{ &item.text }</p>
            </li>
        },
    }
}

/// The device's own silent-auth check.
fn device_check(check: &DeviceCheck) -> Html {
    let meaning = match (check.outcome.as_str(), &check.code) {
        ("completed", Some(code)) => format!(
            "The network confirmed this SIM: the app receives the code {code} and checks it."
        ),
        ("completed", None) => {
            "The network confirmed this SIM: the device goes on to the app's redirect_url."
                .to_owned()
        }
        ("failed", _) => {
            "The network could not confirm this SIM: the step failed and the next one starts now."
                .to_owned()
        }
        ("user_rejected", _) => {
            "The user rejected the check: the step ended and the next one starts now.".to_owned()
        }
        (other, _) => format!("The check was refused ({other})."),
    };
    html! {
        <li class="v2-item v2-device">
            <p class="v2-kind">{ "Silent authentication" }<time class="v2-at">{ format::clock(check.at) }</time></p>
            <p>{ format!("This device (+{}) opened check_url by itself over its mobile data.", check.to) }</p>
            <p class="v2-outcome">{ "Sandbox outcome: " }<strong>{ &check.outcome }</strong></p>
            <p>{ meaning }</p>
        </li>
    }
}

/// The "Phone" region.
pub fn v2_phone(state: &V2Playground, dispatch: &Callback<V2Action>) -> Html {
    phone_region(
        "Phone",
        &state.reached.phone,
        &|id| state.can_answer(id),
        dispatch,
    )
}

/// The phone region titled `title`, for `items` (the emulator's page, whose state is not
/// a [`V2Playground`], names it "Verify v2 phone" beside v1's "Phone").
pub fn phone_region(
    title: &str,
    items: &[PhoneItem],
    can_answer: &dyn Fn(Uuid) -> bool,
    dispatch: &Callback<V2Action>,
) -> Html {
    html! {
        <section class="panel v2-phone" aria-labelledby="v2-phone-title">
            <h2 id="v2-phone-title">{ title }</h2>
            if items.is_empty() {
                <p class="empty">{ "Nothing yet: start a verification." }</p>
            } else {
                if let Some(hint) = hint(items.len(), "messages, calls and checks") {
                    <p class="hint">{ hint }</p>
                }
                <ol class="v2-items">
                    { for newest(items).map(|(_, item)| match item {
                        PhoneItem::Delivered(d) => delivered(d, can_answer, dispatch),
                        PhoneItem::DeviceCheck(c) => device_check(c),
                    }) }
                </ol>
            }
        </section>
    }
}

/// The "Inbox" region.
pub fn v2_inbox(state: &V2Playground) -> Html {
    inbox_region(&state.reached.inbox)
}

/// The "Inbox" region for `emails` (the emulator's page keeps them outside a
/// [`V2Playground`]).
pub fn inbox_region(emails: &[Delivered]) -> Html {
    html! {
        <section class="panel v2-inbox" aria-labelledby="v2-inbox-title">
            <h2 id="v2-inbox-title">{ "Inbox" }</h2>
            if emails.is_empty() {
                <p class="empty">{ "No email yet." }</p>
            } else {
                if let Some(hint) = hint(emails.len(), "emails") {
                    <p class="hint">{ hint }</p>
                }
                <ol class="v2-items">
                    { for newest(emails).map(|(_, email)| html! {
                        <li class="v2-item v2-email">
                            <h3>{ email.subject.clone().unwrap_or_default() }</h3>
                            <p class="v2-to">{ format!("To {} · ", email.to) }<time class="v2-at">{ format::clock(email.at) }</time></p>
                            <p>{ &email.text }</p>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
