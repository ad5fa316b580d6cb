//! The simulated handset: one per number, with a switcher. SMS arrive as notifications
//! and in a thread; a TTS attempt rings as an incoming call that can be answered (the
//! transcript is shown and spoken) or declined.

use yew::prelude::*;

use super::send;
use crate::format;
use crate::platform::Platform;
use crate::state::phones::{CallState, ItemKind, Phone as Handset, PhoneItem};
use crate::state::Action;

/// Properties of [`Phone`].
#[derive(Properties, PartialEq)]
pub struct PhoneProps {
    /// Every number that received something, with its unread count.
    pub numbers: Vec<(String, u32)>,
    /// The handset shown.
    pub phone: Option<Handset>,
    /// The latest phone events, for the aria-live region.
    pub announcements: Vec<(u32, String)>,
    /// Simulated time, for the status bar.
    pub now_label: AttrValue,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The "Phone" region.
#[function_component]
pub fn Phone(props: &PhoneProps) -> Html {
    let platform = use_context::<Platform>();
    let speech_note = use_state(|| None::<&'static str>);
    let answer = |item: &PhoneItem| {
        let dispatch = props.dispatch.clone();
        let (event, text, lang) = (item.event_id, item.text.clone(), item.lang);
        let platform = platform.clone();
        let speech_note = speech_note.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::SetCall(event, CallState::Answered));
            let spoke = platform
                .as_ref()
                .is_some_and(|p| p.speech.speak(&text, lang));
            speech_note.set(Some(if spoke {
                "Speaking the call aloud; the transcript is below."
            } else {
                "Speech is not available in this browser: read the transcript below."
            }));
        })
    };
    let switcher = (props.numbers.len() > 1).then(|| {
        let shown = props.phone.as_ref().map(|p| p.number.as_str());
        html! {
            <div class="switcher" role="group" aria-label="Choose a handset">
                { for props.numbers.iter().map(|(number, unread)| {
                    let pressed = if Some(number.as_str()) == shown { "true" } else { "false" };
                    html! {
                        <button type="button" key={number.clone()} aria-pressed={pressed}
                            onclick={send(&props.dispatch, Action::ShowPhone(number.clone()))}>
                            { number }
                            if *unread > 0 { <span class="badge">{ format!(" {unread} new") }</span> }
                        </button>
                    }
                }) }
            </div>
        }
    });
    let body = match &props.phone {
        None => html! {
            <p class="empty">{ "No messages yet. Send a verification and watch it arrive here." }</p>
        },
        Some(phone) => {
            let ringing = phone.ringing().map(|item| html! {
                <div class="incoming" role="group" aria-label="Incoming call">
                    <p class="caller">{ format!("Incoming call from {}", item.brand) }</p>
                    <div class="button-row">
                        <button type="button" class="answer" onclick={answer(item)}>{ "Answer" }</button>
                        <button type="button" class="decline"
                            onclick={send(&props.dispatch, Action::SetCall(item.event_id, CallState::Declined))}>
                            { "Decline" }
                        </button>
                    </div>
                </div>
            });
            html! {
                <div class="handset">
                    <div class="handset-bar">
                        <span>{ &phone.number }</span>
                        <span>{ props.now_label.clone() }</span>
                    </div>
                    { for ringing }
                    if let Some(note) = *speech_note {
                        <p class="speech-note">{ note }</p>
                    }
                    <ol class="thread" aria-label="Messages and calls">
                        { for phone.items.iter().rev().map(item) }
                    </ol>
                </div>
            }
        }
    };
    html! {
        <section class="panel phone" aria-label="Phone">
            <h2>{ "Phone" }</h2>
            <div class="announcements" role="log" aria-live="polite" aria-label="Phone notifications">
                { for props.announcements.iter().map(|(id, words)| html! {
                    <p key={*id}>{ words }</p>
                }) }
            </div>
            { for switcher }
            { body }
        </section>
    }
}

/// One SMS or call in the thread, newest first.
fn item(item: &PhoneItem) -> Html {
    let at = format::clock(item.at);
    match item.kind {
        ItemKind::Sms => html! {
            <li class="sms" key={item.event_id.to_string()} data-pin={item.pin.clone()}>
                <p class="meta"><span class="from">{ &item.brand }</span>
                    <span class="at">{ format!("SMS · {at}") }</span></p>
                <p class="text">{ &item.text }</p>
            </li>
        },
        ItemKind::Call(state) => {
            let (word, transcript) = match state {
                CallState::Ringing => ("ringing", false),
                CallState::Answered => ("answered", true),
                CallState::Declined => ("declined", false),
                CallState::Missed => ("missed", false),
            };
            html! {
                <li class={classes!("call", word)} key={item.event_id.to_string()}
                    data-pin={transcript.then(|| item.pin.clone())}>
                    <p class="meta"><span class="from">{ &item.brand }</span>
                        <span class="at">{ format!("Call · {at} · {word}") }</span></p>
                    if transcript {
                        <blockquote class="transcript" lang={item.lang}>{ &item.text }</blockquote>
                    }
                </li>
            }
        }
    }
}
