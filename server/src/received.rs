//! What reached the phones, the inboxes and the app's webhook in one session: v1's SMS
//! and calls, v2's steps, and v2's callbacks, kept while their requests are known, with
//! an index by recipient for `/_sim/deliveries?number=` and how each callback's sending
//! went for `/_sim/callbacks`.

use std::collections::{HashMap, VecDeque};

use serde_json::value::RawValue;
use verify_engine::v2::{self, Key};
use verify_engine::{Delivery, Engine, Happening, Millis, Uuid};

use crate::callbacks::{Delivered, Outbox};
use crate::session::raw;
use crate::views::{CallbackView, Callbacks, Deliveries, DeliveryView, Seconds};

/// The most callbacks a session keeps for `/_sim/callbacks` (oldest dropped first;
/// callbacks of forgotten requests go with them, as deliveries do).
pub const MAX_CALLBACKS: usize = 100_000;

/// A message that reached a phone or an inbox: v1's SMS and calls, v2's steps.
#[derive(Clone, Debug)]
enum Sent {
    V1(Delivery),
    V2(v2::Delivery),
}

impl Sent {
    /// Who received it, as `?number=` looks it up: the number, or the address lowercased.
    fn key(&self) -> Key {
        match self {
            Sent::V1(d) => Key::Phone(d.to),
            Sent::V2(d) => d.to.key(),
        }
    }

    /// Whether the engine still knows its request.
    fn known(&self, engine: &Engine) -> bool {
        match self {
            Sent::V1(d) => engine.request(d.request_id).is_some(),
            Sent::V2(d) => engine.v2_request(d.request_id).is_some(),
        }
    }

    fn view(&self) -> DeliveryView {
        match self {
            Sent::V1(d) => DeliveryView {
                at: Seconds(d.at),
                number: Some(d.to.to_string()),
                to: d.to.to_string(),
                channel: d.channel.as_str(),
                request_id: d.request_id.to_string(),
                event_id: Some(d.event_id.to_string()),
                subject: None,
                text: d.text(),
                pin: Some(d.pin.to_string()),
                lost: d.lost,
                delivered_at: d.delivered_at.map(Seconds),
            },
            Sent::V2(d) => DeliveryView {
                at: Seconds(d.at),
                number: None,
                to: d.to.as_str().to_owned(),
                channel: d.channel.as_str(),
                request_id: d.request_id.to_string(),
                event_id: None,
                subject: d.subject(),
                text: d.text(),
                pin: d.code.map(|code| code.to_string()),
                lost: d.lost,
                delivered_at: d.delivered_at.map(Seconds),
            },
        }
    }
}

/// A callback the engine produced: when it was due, its body, and how sending went.
#[derive(Clone, Debug)]
struct SentCallback {
    at: Millis,
    request_id: Uuid,
    body: Box<RawValue>,
    delivered: Delivered,
}

/// Deliveries and callbacks of one session.
#[derive(Debug, Default)]
pub struct Received {
    /// Deliveries of the requests still known, oldest first; the front one is number
    /// `first_delivery`.
    deliveries: VecDeque<Sent>,
    first_delivery: u64,
    /// The numbers of each recipient's deliveries, oldest first (for `?number=`).
    by_key: HashMap<Key, VecDeque<u64>>,
    /// The v2 callbacks of the requests still known, oldest first.
    callbacks: VecDeque<SentCallback>,
}

impl Received {
    /// Keeps what `happened` delivered, queues its callbacks on `outbox` (in the order the
    /// engine produced them), and lets go of what belongs to requests `engine` forgot.
    pub fn absorb(&mut self, happened: &[Happening], engine: &Engine, outbox: Option<&Outbox>) {
        for happening in happened {
            let sent = match happening {
                Happening::Delivered(delivery) => Sent::V1(delivery.clone()),
                Happening::V2Delivered(delivery) => Sent::V2(delivery.clone()),
                Happening::Callback(callback) => {
                    self.keep_callback(callback, outbox);
                    continue;
                }
                _ => continue,
            };
            let number = self.first_delivery + self.deliveries.len() as u64;
            self.by_key.entry(sent.key()).or_default().push_back(number);
            self.deliveries.push_back(sent);
        }
        // Deliveries go with their forgotten requests (oldest first, so from the front).
        while let Some(front) = self.deliveries.front() {
            if front.known(engine) {
                break;
            }
            let key = front.key();
            if let Some(list) = self.by_key.get_mut(&key) {
                list.pop_front();
                if list.is_empty() {
                    self.by_key.remove(&key);
                }
            }
            self.deliveries.pop_front();
            self.first_delivery += 1;
        }
        while let Some(front) = self.callbacks.front() {
            let forgotten = engine.v2_request(front.request_id).is_none();
            if !forgotten && self.callbacks.len() <= MAX_CALLBACKS {
                break;
            }
            self.callbacks.pop_front();
        }
    }

    fn keep_callback(&mut self, callback: &v2::Callback, outbox: Option<&Outbox>) {
        let body = callback.json();
        let delivered = match outbox {
            Some(outbox) => outbox.send(body.clone()),
            None => Delivered::failed(),
        };
        self.callbacks.push_back(SentCallback {
            at: callback.at,
            request_id: callback.request_id,
            body: raw(body),
            delivered,
        });
    }

    /// Deliveries held, oldest first, to `to` if given.
    pub fn deliveries(&self, to: Option<Key>) -> Deliveries {
        let chosen: Box<dyn Iterator<Item = &Sent>> = match to {
            None => Box::new(self.deliveries.iter()),
            Some(key) => Box::new(
                self.by_key
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .map(|n| &self.deliveries[(n - self.first_delivery) as usize]),
            ),
        };
        Deliveries {
            deliveries: chosen.map(Sent::view).collect(),
        }
    }

    /// Callbacks held, oldest first, as sent to `url` (`None`: no `--callback-url`).
    pub fn callbacks(&self, url: Option<&str>) -> Callbacks {
        Callbacks {
            callbacks: self
                .callbacks
                .iter()
                .map(|c| CallbackView {
                    at: Seconds(c.at),
                    url: url.map(str::to_owned),
                    body: c.body.clone(),
                    delivered: c.delivered.get(),
                })
                .collect(),
        }
    }
}
