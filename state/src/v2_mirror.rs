//! What Verify v2 calls did on a page that mirrors the emulator: the v2 phone's messages
//! and the device's silent-auth checks, the inbox's emails, and the callbacks the
//! emulator POSTs, filed with the `#v2` view's own types ([`Reached`], [`V2Callback`]) so
//! that its components draw them.
//!
//! The emulator's session may hold v2 calls (any client can make them over HTTP); the
//! page replays them on its engine like v1's, and this keeps what they produced. Each
//! list lets go of what belongs to requests the engine forgot, from the front, as the
//! emulator's `/_sim/deliveries` and `/_sim/callbacks` do (`server/src/received.rs`), so
//! the page shows the callbacks the emulator lists for the same session.
//!
//! Built with the `v2` feature only: the playground's own module leaves it out.

use verify_engine::v2::Delivery;
use verify_engine::{Call, Engine, Happening, Millis, Response, Uuid};

use crate::late::LateQueue;
use crate::v2::callbacks::V2Callback;
use crate::v2::phone::{DeviceCheck, PhoneItem, Reached};

/// What the session's v2 calls produced, as the page shows it.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct V2Mirror {
    /// The v2 phone's items and the inbox's emails, oldest first.
    pub reached: Reached,
    /// Every callback the engine produced, oldest first: what the emulator POSTs.
    pub callbacks: Vec<V2Callback>,
    /// Deliveries a phone fault (sms-delay) holds back, by the time they reach the phone
    /// (and arrival order), as v1's phones hold theirs.
    late: LateQueue<Delivery>,
}

impl V2Mirror {
    /// Whether no v2 call has produced anything (the page then says how to make one).
    pub fn is_empty(&self) -> bool {
        self.reached.phone.is_empty() && self.reached.inbox.is_empty() && self.callbacks.is_empty()
    }

    /// Files what a call's answer says by itself: the device opening a silent-auth
    /// `check_url` (`call` made at `at` on `engine`) puts its check on the phone, as the
    /// `#v2` view does.
    pub fn observe(&mut self, at: Millis, call: &Call, response: &Response, engine: &Engine) {
        let Call::SilentAuth { request_id } = call else {
            return;
        };
        let Some(id) = Uuid::parse(request_id) else {
            return;
        };
        let to = engine
            .v2_request(id)
            .and_then(|request| request.steps().first())
            .map(|step| step.spec.to.as_str().to_owned())
            .unwrap_or_default();
        let check = DeviceCheck::new(at, id, &to, response);
        self.reached.phone.push(PhoneItem::DeviceCheck(check));
    }

    /// Files one happening if it is v2's: a delivery onto the phone or into the inbox (not
    /// one a phone fault set on the emulator lost: it never reached the phone, and the
    /// emulator's `/_sim/deliveries` says `lost: true`; one it delays waits for its
    /// time, [`V2Mirror::arrive`]), a callback onto its list.
    /// Returns whether it was.
    pub fn absorb(&mut self, happening: &Happening) -> bool {
        match happening {
            Happening::V2Delivered(delivery) if delivery.lost => {}
            Happening::V2Delivered(delivery) => match delivery.delivered_at {
                Some(at) if at > delivery.at => self.late.hold(at, delivery.clone()),
                _ => self.reached.deliver(delivery),
            },
            Happening::Callback(callback) => self.callbacks.push(V2Callback::new(callback)),
            Happening::V2Ended { .. } => {}
            _ => return false,
        }
        true
    }

    /// When the next held-back delivery reaches the phone.
    pub fn next_late(&self) -> Option<Millis> {
        self.late.next_at()
    }

    /// The held-back deliveries due by `at` reach the phone or inbox, at their time.
    pub fn arrive(&mut self, at: Millis) {
        while let Some((reached_at, mut delivery)) = self.late.take_due(at) {
            delivery.at = reached_at;
            self.reached.deliver(&delivery);
        }
    }

    /// Lets go of the oldest entries of each list while their request is forgotten by
    /// `engine` (its retention passed), as the emulator does. Costs O(1) unless
    /// something goes.
    pub fn forget(&mut self, engine: &Engine) {
        let gone = |id: Uuid| engine.v2_request(id).is_none();
        drop_front(&mut self.reached.phone, |item| gone(item_request(item)));
        drop_front(&mut self.reached.inbox, |email| gone(email.request_id));
        drop_front(&mut self.callbacks, |callback| gone(callback.request_id));
    }

    /// Whether the phone can answer `request_id`'s WhatsApp question now: the request is
    /// running a whatsapp_interactive step (the `#v2` view's rule, on this page's engine).
    pub fn can_answer(engine: &Engine, request_id: Uuid) -> bool {
        engine
            .v2_request(request_id)
            .is_some_and(|request| request.awaits_reply())
    }
}

/// The request a phone item belongs to.
fn item_request(item: &PhoneItem) -> Uuid {
    match item {
        PhoneItem::Delivered(delivered) => delivered.request_id,
        PhoneItem::DeviceCheck(check) => check.request_id,
    }
}

/// Removes the entries at the front of `list` for which `gone` holds, in one move.
fn drop_front<T>(list: &mut Vec<T>, gone: impl Fn(&T) -> bool) {
    let first_kept = list
        .iter()
        .position(|entry| !gone(entry))
        .unwrap_or(list.len());
    if first_kept > 0 {
        list.drain(..first_kept);
    }
}
