//! Phone faults as the playground shows them (Part A8): each phone's "Signal" menu sets
//! the engine's phone fault for its number (a fault call, so the journal keeps it and
//! every replay repeats it), and a delivery a fault marked reaches the phone as a person
//! would see it: a lost SMS never, an unanswered call as a missed call, a late SMS when
//! it arrives. Verify does not know: its answers and its schedule do not change.

use rustc_hash::FxHashMap;

use verify_engine::faults::{Fault, FaultSpec, FaultStep};
use verify_engine::{normalise_number, Call, Channel, Delivery, EventId, Millis};

use super::late::LateQueue;
use super::phones::Announcement;
use super::Playground;

/// The choices of a phone's "Signal" menu.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Signal {
    /// Everything arrives.
    Good,
    /// `sms-lost`
    SmsLost,
    /// `sms-delay:60`
    SmsLate,
    /// `call-unanswered`
    CallsUnanswered,
    /// `phone-off`
    PhoneOff,
}

impl Signal {
    /// The menu, in order.
    pub const ALL: [Signal; 5] = [
        Signal::Good,
        Signal::SmsLost,
        Signal::SmsLate,
        Signal::CallsUnanswered,
        Signal::PhoneOff,
    ];

    /// What the menu says.
    pub fn label(self) -> &'static str {
        match self {
            Signal::Good => "Good",
            Signal::SmsLost => "SMS lost",
            Signal::SmsLate => "SMS 60 s late",
            Signal::CallsUnanswered => "Calls unanswered",
            Signal::PhoneOff => "Phone off",
        }
    }

    /// The engine's phone fault it sets (its name as faults are set by); none for Good.
    pub fn fault(self) -> Option<&'static str> {
        match self {
            Signal::Good => None,
            Signal::SmsLost => Some("sms-lost"),
            Signal::SmsLate => Some("sms-delay:60"),
            Signal::CallsUnanswered => Some("call-unanswered"),
            Signal::PhoneOff => Some("phone-off"),
        }
    }

    /// The menu's value: the fault's name, `good` for Good.
    pub fn key(self) -> &'static str {
        self.fault().unwrap_or("good")
    }

    /// Whether a delivery on `channel` cannot reach the phone with this signal.
    pub fn blocks(self, channel: Channel) -> bool {
        match self {
            Signal::Good | Signal::SmsLate => false,
            Signal::SmsLost => channel == Channel::Sms,
            Signal::CallsUnanswered => channel == Channel::Tts,
            Signal::PhoneOff => true,
        }
    }

    /// The choice a menu value names.
    pub fn from_key(key: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// What became of a delivery Verify sent, when a phone fault touched it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fate {
    /// It never reached the phone (an SMS lost, anything to a phone that is off).
    Lost,
    /// The call rang out unanswered: a missed call, no PIN heard.
    Missed,
    /// It reached the phone at this time, later than sent.
    Late(Millis),
}

/// The deliveries phone faults touched: their fates (for the timeline), and late SMS
/// waiting for their time. Only touched deliveries are kept, so a session without
/// faults holds nothing here.
#[derive(Clone, Debug, Default)]
pub struct Fates {
    fates: FxHashMap<EventId, Fate>,
    /// Late deliveries, waiting for the time they reach the phone.
    late: LateQueue<Delivery>,
}

impl Fates {
    /// What became of the delivery `event`, if a phone fault touched it.
    pub fn of(&self, event: EventId) -> Option<Fate> {
        self.fates.get(&event).copied()
    }

    /// When the next late delivery reaches its phone.
    pub fn next_late(&self) -> Option<Millis> {
        self.late.next_at()
    }
}

impl Playground {
    /// The signal of `number`'s phone: the phone fault in force for that number.
    pub fn signal(&self, number: &str) -> Signal {
        let number = normalise_number(number);
        self.session
            .engine
            .faults()
            .iter()
            .rev()
            .filter(|f| f.number.as_deref() == Some(&*number))
            .find_map(|f| {
                Signal::ALL
                    .into_iter()
                    .find(|s| s.fault() == Some(&*f.fault))
            })
            .unwrap_or(Signal::Good)
    }

    /// Sets `number`'s signal: the phone faults in force for it are removed, and the
    /// chosen one set (fault calls, made as the buttons make calls).
    pub(super) fn set_signal(&mut self, number: &str, signal: Signal) {
        let number = normalise_number(number).into_owned();
        let phone_faults: Vec<_> = self
            .session
            .engine
            .faults()
            .into_iter()
            .filter(|f| f.number.as_deref() == Some(&*number))
            .filter(|f| matches!(Fault::parse(&f.fault), Ok(Fault::Phone(_))))
            .map(|f| f.id)
            .collect();
        for id in phone_faults {
            self.call(Call::Fault(FaultStep::Remove(id)));
        }
        if let Some(Ok(fault)) = signal.fault().map(Fault::parse) {
            self.call(Call::Fault(FaultStep::Set(FaultSpec {
                fault,
                number: Some(number),
                times: None,
                network: None,
            })));
        }
    }

    /// Puts a delivery on its phone as the phone sees it: lost, missed, late or as sent.
    pub(super) fn reach_phone(&mut self, delivery: Delivery) {
        if delivery.lost {
            let missed = delivery.channel == Channel::Tts
                && self.signal(delivery.to.as_str()) != Signal::PhoneOff;
            let fates = &mut self.session.fates;
            if missed {
                fates.fates.insert(delivery.event_id, Fate::Missed);
                self.session.phones.deliver(&delivery);
            } else {
                fates.fates.insert(delivery.event_id, Fate::Lost);
            }
            return;
        }
        if let Some(at) = delivery.delivered_at.filter(|&at| at > delivery.at) {
            let fates = &mut self.session.fates;
            fates.fates.insert(delivery.event_id, Fate::Late(at));
            fates.late.hold(at, delivery);
            return;
        }
        self.session.phones.deliver(&delivery);
        self.announce(Announcement::Delivered(delivery));
    }

    /// Moves the engine's clock to `to`, late deliveries reaching their phones at their
    /// times between the engine's events.
    pub(super) fn engine_until(&mut self, to: Millis) {
        loop {
            let late = self.next_late().filter(|&at| at <= to);
            let due = self.session.engine.next_due().filter(|&at| at <= to);
            match (late, due) {
                (Some(late), due) if due.is_none_or(|due| late < due) => {
                    self.engine_step(late.max(self.now()));
                    self.arrive(late);
                }
                (_, Some(due)) => self.engine_step(due),
                _ => break,
            }
        }
        self.engine_step(to);
    }

    /// When the next late delivery reaches its phone, v1's or (mirroring the emulator)
    /// Verify v2's.
    pub(super) fn next_late(&self) -> Option<Millis> {
        let v1 = self.session.fates.next_late();
        #[cfg(feature = "v2")]
        if let Some(v2) = self.v2.next_late() {
            return Some(v1.map_or(v2, |v1| v1.min(v2)));
        }
        v1
    }

    /// The late deliveries due by `at` reach their phones, at `at`.
    fn arrive(&mut self, at: Millis) {
        #[cfg(feature = "v2")]
        self.v2.arrive(at);
        while let Some((_, mut delivery)) = self.session.fates.late.take_due(at) {
            delivery.at = at;
            self.session.phones.deliver(&delivery);
            self.announce(Announcement::Delivered(delivery));
        }
    }
}
