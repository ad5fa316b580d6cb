//! The simulated handset: one per number, with a switcher that stays usable with
//! thousands of numbers (the most recently active first, a search box, unread counts).
//! SMS arrive as notifications and in a thread; a TTS attempt rings as an incoming call
//! that can be answered (the transcript is shown and spoken) or declined.

use verify_engine::{normalise_number, PhoneNumber};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{class_list, markup, send};
use crate::format;
use crate::state::phones::{CallState, ItemKind, NumberChoice, PhoneItem, SWITCHER_SIZE};
use crate::state::signal::Signal;
use crate::state::{Action, Playground};

/// What the "Phone" region shows: a bounded slice of the phones.
#[derive(Clone, PartialEq, Debug)]
pub struct PhoneView {
    /// The numbers the switcher offers (most recent first, or search matches).
    pub numbers: Vec<NumberChoice>,
    /// How many numbers received something.
    pub count: usize,
    /// The switcher's search text.
    pub query: AttrValue,
    /// Unread items on the phones not shown.
    pub unread_elsewhere: u64,
    /// The number of the handset shown.
    pub phone: Option<PhoneNumber>,
    /// Its latest items, newest first.
    pub items: Vec<PhoneItem>,
    /// How many earlier items are not shown.
    pub earlier: usize,
    /// The latest phone events, for the aria-live region.
    pub announcements: Vec<(u32, String)>,
    /// Simulated time, for the status bar.
    pub now_label: AttrValue,
    /// A story's phone: every call shows its transcript, nothing to answer.
    pub read_only: bool,
    /// The "Signal" menu: the number it is for (the phone shown, or before any delivery
    /// the form's) and its signal; none in a story.
    pub signal: Option<(PhoneNumber, Signal)>,
}

impl PhoneView {
    /// What the "Phone" region shows of `state`.
    pub fn of(state: &Playground, read_only: bool) -> PhoneView {
        let current = state.session.phones.current();
        PhoneView {
            numbers: state.session.phones.choices(),
            count: state.session.phones.list().len(),
            query: state.session.phones.query().to_owned().into(),
            unread_elsewhere: state.session.phones.unread_elsewhere(),
            phone: current.map(|p| p.number),
            items: current
                .map(|p| p.latest(state.thread_shown).cloned().collect())
                .unwrap_or_default(),
            earlier: current.map_or(0, |p| p.items.len().saturating_sub(state.thread_shown)),
            announcements: state
                .announcements
                .iter()
                .map(|(id, a)| (*id, a.words()))
                .collect(),
            now_label: format::clock(state.now()).into(),
            read_only,
            signal: current
                .map(|p| p.number)
                .or_else(|| PhoneNumber::new(&normalise_number(&state.form.number)))
                .filter(|_| !read_only)
                .map(|number| (number, state.signal(&number))),
        }
    }
}

/// The "Phone" region. `speech` says whether an answered call is spoken; `answer` hears
/// of a call the user answers (to mark it and speak it).
pub fn phone(
    view: &PhoneView,
    speech: Option<&'static str>,
    answer: &Callback<PhoneItem>,
    dispatch: &Callback<Action>,
) -> Html {
    let answer = |item: &PhoneItem| {
        let (answer, item) = (answer.clone(), item.clone());
        Callback::from(move |_: MouseEvent| answer.emit(item.clone()))
    };
    let body = match view.phone {
        None => html! {
            { markup(r#"<p class="empty">No messages yet. Send a verification and watch it arrive here.</p>"#) }
        },
        Some(number) => {
            let ringing = view
                .items
                .iter()
                .filter(|_| !view.read_only)
                .find(|i| i.kind == ItemKind::Call(CallState::Ringing))
                .map(|item| html! {
                    <div class="incoming" role="group" aria-label="Incoming call">
                        <p class="caller">{ format!("Incoming call from {}", item.brand()) }</p>
                        <div class="button-row">
                            <button type="button" class="answer" onclick={answer(item)}>{ "Answer" }</button>
                            <button type="button" class="decline"
                                onclick={send(dispatch, Action::SetCall(item.event_id(), CallState::Declined))}>
                                { "Decline" }
                            </button>
                        </div>
                    </div>
                });
            html! {
                <div class="handset">
                    <div class="handset-bar">
                        <span>{ number.as_str() }</span>
                        <span>{ view.now_label.clone() }</span>
                    </div>
                    { for ringing }
                    if let Some(note) = speech {
                        <p class="speech-note">{ note }</p>
                    }
                    <ol class="thread" aria-label="Messages and calls">
                        { for view.items.iter().map(|i| item(i, view.read_only)) }
                    </ol>
                    if view.earlier > 0 {
                        <button type="button" class="small" onclick={send(dispatch, Action::ShowEarlier)}>
                            { format!("Show earlier messages ({} more)", view.earlier) }
                        </button>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="panel phone" aria-label="Phone">
            { markup(r#"<h2>Phone</h2>"#) }
            <div class="announcements" role="log" aria-live="polite" aria-label="Phone notifications">
                { for view.announcements.iter().map(|(id, words)| html! {
                    <p key={*id}>{ words }</p>
                }) }
            </div>
            { switcher(view, dispatch) }
            { signal_menu(view, dispatch) }
            { body }
        </section>
    }
}

/// The "Signal" menu of the phone shown: what reaches it (the engine's phone faults).
fn signal_menu(view: &PhoneView, dispatch: &Callback<Action>) -> Html {
    let Some((number, signal)) = view.signal else {
        return Html::default();
    };
    let onchange = {
        let (dispatch, number) = (dispatch.clone(), number.to_string());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(signal) = Signal::from_key(&value) {
                dispatch.emit(Action::SetSignal(number.clone(), signal));
            }
        })
    };
    html! {
        <div class="field signal">
            { markup(r#"<label for="signal">Signal</label>"#) }
            <select id="signal" aria-describedby="signal-hint" {onchange}>
                { for Signal::ALL.iter().map(|s| html! {
                    <option value={s.key()} selected={*s == signal}>{ s.label() }</option>
                }) }
            </select>
            <p class="hint" id="signal-hint">{ format!("What reaches {number}; Verify never knows.") }</p>
        </div>
    }
}

/// The handset switcher: a button per offered number, and with many numbers a search.
fn switcher(view: &PhoneView, dispatch: &Callback<Action>) -> Html {
    if view.count < 2 {
        return Html::default();
    }
    let searchable = view.count > SWITCHER_SIZE;
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.emit(Action::FindPhone(value));
        })
    };
    let summary = if !searchable {
        String::new()
    } else if view.query.is_empty() {
        format!(
            "The {} most recently active of {} numbers. Search to reach any other.",
            view.numbers.len(),
            format::count(view.count as u64)
        )
    } else if view.numbers.is_empty() {
        "No number contains these digits.".to_owned()
    } else {
        format!(
            "Numbers containing {}, most recently active first (at most {SWITCHER_SIZE}).",
            view.query
        )
    };
    html! {
        <div class="phones">
            if searchable {
                <div class="field">
                    { markup(r#"<label for="phone-search">Find a number</label>"#) }
                    <input id="phone-search" type="search" inputmode="numeric" autocomplete="off"
                        value={view.query.clone()} aria-describedby="phone-search-hint" {oninput} />
                    <p class="hint" id="phone-search-hint">{ summary }</p>
                </div>
            }
            <div class="switcher" role="group" aria-label="Choose a handset">
                { for view.numbers.iter().map(|choice| {
                    let number = choice.number.to_string();
                    html! {
                        <button type="button" key={number.clone()}
                            aria-pressed={if choice.shown { "true" } else { "false" }}
                            onclick={send(dispatch, Action::ShowPhone(number.clone()))}>
                            { &number }
                            if choice.unread > 0 {
                                <span class="badge">{ format!(" {} new", choice.unread) }</span>
                            }
                        </button>
                    }
                }) }
            </div>
            if view.unread_elsewhere > 0 {
                <p class="hint">{ format!("{} unread on other phones.", format::count(view.unread_elsewhere)) }</p>
            }
        </div>
    }
}

/// One SMS or call in the thread, newest first (a story shows every call's transcript).
fn item(item: &PhoneItem, read_only: bool) -> Html {
    let at = format::clock(item.at());
    let key = item.event_id().to_string();
    match item.kind {
        ItemKind::Sms => html! {
            <li class="sms" {key} data-pin={item.pin()}>
                <p class="meta"><span class="from">{ item.brand() }</span>
                    <span class="at">{ format!("SMS · {at}") }</span></p>
                <p class="text">{ item.text() }</p>
            </li>
        },
        ItemKind::Call(state) => {
            let (word, transcript) = match state {
                CallState::Ringing => ("ringing", read_only),
                CallState::Answered => ("answered", true),
                CallState::Declined => ("declined", read_only),
                CallState::Missed => ("missed", read_only),
            };
            html! {
                <li ~className={class_list(&[Some("call"), Some(word)])} {key}
                    data-pin={transcript.then(|| item.pin())}>
                    <p class="meta"><span class="from">{ item.brand() }</span>
                        <span class="at">{ format!("Call · {at} · {word}") }</span></p>
                    if transcript {
                        <blockquote class="transcript" lang={item.lang()}>{ item.text() }</blockquote>
                    }
                </li>
            }
        }
    }
}
