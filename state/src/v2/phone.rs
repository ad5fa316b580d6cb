//! What reaches the person: the phone (SMS, RCS, WhatsApp, the call, the WhatsApp
//! question, the device's own silent-auth check) and the inbox (email), in the order it
//! arrived. Texts are the engine's (`Delivery::text`, `subject`, `answers`).

use verify_engine::v2::{Channel, Delivery, Hop};
use verify_engine::{Millis, Response, Uuid};

/// One thing on the phone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PhoneItem {
    /// An SMS, RCS, WhatsApp or voice step's code, or the WhatsApp question (see
    /// [`Delivered::answers`]).
    Delivered(Delivered),
    /// The device opened the silent-auth `check_url` by itself: what the network said.
    DeviceCheck(DeviceCheck),
}

/// A step's message, as the person gets it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Delivered {
    /// When it arrived (simulated).
    pub at: Millis,
    /// The request it belongs to.
    pub request_id: Uuid,
    /// Its channel.
    pub channel: Channel,
    /// Where it went: the number's digits or the address.
    pub to: String,
    /// What it says (what the call speaks).
    pub text: String,
    /// An email's subject.
    pub subject: Option<String>,
    /// The WhatsApp question's answers (Yes, No in its language).
    pub answers: Option<[&'static str; 2]>,
}

impl Delivered {
    /// Files one of the engine's deliveries.
    pub fn new(delivery: &Delivery) -> Delivered {
        Delivered {
            at: delivery.at,
            request_id: delivery.request_id,
            channel: delivery.channel,
            to: delivery.to.as_str().to_owned(),
            text: delivery.text(),
            subject: delivery.subject(),
            answers: delivery.answers(),
        }
    }
}

/// The device's silent-auth hop and what the network answered.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeviceCheck {
    /// When it happened (simulated).
    pub at: Millis,
    /// The request it belongs to.
    pub request_id: Uuid,
    /// The number checked.
    pub to: String,
    /// The outcome's word: `completed`, `failed` or `user_rejected`; or the HTTP
    /// status when the hop was refused.
    pub outcome: String,
    /// The code handed to the app when completed (the app then checks it).
    pub code: Option<String>,
}

impl DeviceCheck {
    /// Reads the hop's answer.
    pub fn new(at: Millis, request_id: Uuid, to: &str, response: &Response) -> DeviceCheck {
        let (outcome, code) = match response {
            Response::SilentAuth(Ok(Hop::Code { code, .. })) => {
                ("completed".to_owned(), Some(code.to_string()))
            }
            Response::SilentAuth(Ok(Hop::Redirect { .. })) => ("completed".to_owned(), None),
            Response::SilentAuth(Ok(Hop::Outcome { status, .. })) => {
                (status.as_str().to_owned(), None)
            }
            other => (format!("HTTP {}", other.http_status()), None),
        };
        DeviceCheck {
            at,
            request_id,
            to: to.to_owned(),
            outcome,
            code,
        }
    }
}

/// The phone's items and the inbox's emails, as they arrived.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Reached {
    /// Everything on the phone, oldest first.
    pub phone: Vec<PhoneItem>,
    /// Every email, oldest first.
    pub inbox: Vec<Delivered>,
}

impl Reached {
    /// Sorts a delivery onto the phone or into the inbox.
    pub fn deliver(&mut self, delivery: &Delivery) {
        let item = Delivered::new(delivery);
        if item.channel == Channel::Email {
            self.inbox.push(item);
        } else {
            self.phone.push(PhoneItem::Delivered(item));
        }
    }

    /// How many deliveries went out on `channel` (the inbox's for email).
    pub fn count(&self, channel: Channel) -> usize {
        if channel == Channel::Email {
            return self.inbox.len();
        }
        self.phone
            .iter()
            .filter(|item| matches!(item, PhoneItem::Delivered(d) if d.channel == channel))
            .count()
    }
}
