//! The simulated handsets: one per number, filled from the engine's deliveries.

use serde::{Deserialize, Serialize};
use verify_engine::{Channel, Delivery, EventId, Millis, RequestId};

use crate::format;

/// Where an incoming call stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum CallState {
    /// Ringing: it can be answered or declined.
    Ringing,
    /// Answered: the transcript is shown (and spoken).
    Answered,
    /// Declined by the user.
    Declined,
    /// Not answered before the next call came or the request ended.
    Missed,
}

/// What reached the phone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ItemKind {
    /// A text message.
    Sms,
    /// A voice call reading the PIN.
    Call(CallState),
}

/// One SMS or call on a phone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PhoneItem {
    /// When it arrived (simulated).
    pub at: Millis,
    /// The request that sent it.
    pub request_id: RequestId,
    /// The delivery's id.
    pub event_id: EventId,
    /// Who it is from.
    pub brand: String,
    /// SMS or call, and the call's state.
    pub kind: ItemKind,
    /// The SMS text or the call's transcript, as the engine wrote it.
    pub text: String,
    /// The PIN it carries, for the `data-pin` hook.
    pub pin: String,
    /// The language tag, for speech synthesis.
    pub lang: &'static str,
}

/// One handset.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Phone {
    /// The normalised number.
    pub number: String,
    /// Everything it received, oldest first.
    pub items: Vec<PhoneItem>,
    /// Items received while another phone was shown.
    pub unread: u32,
}

impl Phone {
    /// The call that is ringing now, if any.
    pub fn ringing(&self) -> Option<&PhoneItem> {
        self.items
            .iter()
            .rev()
            .find(|i| i.kind == ItemKind::Call(CallState::Ringing))
    }
}

/// Every phone, in the order numbers first received something, and which one is shown.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Phones {
    /// The handsets.
    pub list: Vec<Phone>,
    /// The number whose phone is on screen.
    pub shown: Option<String>,
}

impl Phones {
    /// Puts a delivery on its phone and returns the words to announce. A call that was
    /// still ringing on that phone becomes a missed call.
    pub fn deliver(&mut self, d: &Delivery) -> String {
        let index = match self.list.iter().position(|p| *p.number == *d.to) {
            Some(index) => index,
            None => {
                self.list.push(Phone {
                    number: d.to.to_string(),
                    items: Vec::new(),
                    unread: 0,
                });
                self.list.len() - 1
            }
        };
        if self.shown.is_none() {
            self.shown = Some(d.to.to_string());
        }
        let visible = self.shown.as_deref() == Some(&*d.to);
        let phone = &mut self.list[index];
        for item in &mut phone.items {
            if item.kind == ItemKind::Call(CallState::Ringing) {
                item.kind = ItemKind::Call(CallState::Missed);
            }
        }
        if !visible {
            phone.unread += 1;
        }
        let text = d.text();
        let announcement = match d.channel {
            Channel::Sms => format!(
                "{}: new SMS to {} from {}: {}",
                format::clock(d.at),
                d.to,
                d.brand,
                text
            ),
            Channel::Tts => format!(
                "{}: incoming call to {} from {}. Answer it on the phone.",
                format::clock(d.at),
                d.to,
                d.brand
            ),
        };
        phone.items.push(PhoneItem {
            at: d.at,
            request_id: d.request_id,
            event_id: d.event_id,
            brand: d.brand.to_string(),
            kind: match d.channel {
                Channel::Sms => ItemKind::Sms,
                Channel::Tts => ItemKind::Call(CallState::Ringing),
            },
            text,
            pin: d.pin.to_string(),
            lang: d.lang.code(),
        });
        announcement
    }

    /// A request ended: its call, if still ringing, is missed.
    pub fn end_request(&mut self, id: RequestId) {
        for item in self.list.iter_mut().flat_map(|p| p.items.iter_mut()) {
            if item.request_id == id && item.kind == ItemKind::Call(CallState::Ringing) {
                item.kind = ItemKind::Call(CallState::Missed);
            }
        }
    }

    /// Sets a call's state; false when no call has this event id.
    pub fn set_call(&mut self, event: EventId, state: CallState) -> bool {
        let item = self
            .list
            .iter_mut()
            .flat_map(|p| p.items.iter_mut())
            .find(|i| i.event_id == event && matches!(i.kind, ItemKind::Call(_)));
        match item {
            Some(item) => {
                item.kind = ItemKind::Call(state);
                true
            }
            None => false,
        }
    }

    /// Shows the phone of `number` and marks it read.
    pub fn show(&mut self, number: &str) {
        if let Some(phone) = self.list.iter_mut().find(|p| p.number == number) {
            phone.unread = 0;
        }
        self.shown = Some(number.to_owned());
    }

    /// The phone on screen.
    pub fn current(&self) -> Option<&Phone> {
        let shown = self.shown.as_deref()?;
        self.list.iter().find(|p| p.number == shown)
    }

    /// Calls the user answered or declined, by event id: what a saved session keeps.
    pub fn call_choices(&self) -> Vec<(String, CallState)> {
        self.list
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i.kind {
                ItemKind::Call(s @ (CallState::Answered | CallState::Declined)) => {
                    Some((i.event_id.to_string(), s))
                }
                _ => None,
            })
            .collect()
    }

    /// Re-applies saved answers and declines.
    pub fn apply_choices(&mut self, choices: &[(String, CallState)]) {
        for item in self.list.iter_mut().flat_map(|p| p.items.iter_mut()) {
            if let Some((_, state)) = choices
                .iter()
                .find(|(id, _)| *id == item.event_id.to_string())
            {
                if matches!(item.kind, ItemKind::Call(_)) {
                    item.kind = ItemKind::Call(*state);
                }
            }
        }
    }
}
