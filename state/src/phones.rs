//! The simulated handsets: one per number, filled from the engine's deliveries.
//!
//! Built for sessions with thousands of numbers: every delivery, answer and ended request
//! costs O(1) (numbers and calls are hashed, and recent activity is a list through the
//! phones that a delivery moves its phone to the front of; hash maps and a list rather
//! than B-trees, since each B-tree's code is paid for in the page's download), and what the page shows
//! is a bounded slice: the most recently active numbers, or those matching a search, and
//! the latest items of the phone on screen.

use rustc_hash::FxHashMap;

use verify_engine::{Channel, Delivery, EventId, Millis, PhoneNumber, RequestId};

use crate::find::contains;
use crate::format;

/// How many numbers the switcher offers at once (most recent first, or search matches).
pub const SWITCHER_SIZE: usize = 6;

/// How many items of the phone on screen are shown before "Show earlier messages".
pub const THREAD_PAGE: usize = 20;

/// Where an incoming call stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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

impl CallState {
    /// The word saved sessions use for a choice the user made.
    pub fn key(self) -> &'static str {
        match self {
            CallState::Ringing => "ringing",
            CallState::Answered => "answered",
            CallState::Declined => "declined",
            CallState::Missed => "missed",
        }
    }

    /// The state a saved word names.
    pub fn from_key(key: &str) -> Option<CallState> {
        [
            CallState::Ringing,
            CallState::Answered,
            CallState::Declined,
            CallState::Missed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// What reached the phone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ItemKind {
    /// A text message.
    Sms,
    /// A voice call reading the PIN.
    Call(CallState),
}

/// One SMS or call on a phone: the engine's delivery, whose text is written only when it
/// is shown.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PhoneItem {
    /// What the engine delivered.
    pub delivery: Delivery,
    /// SMS or call, and the call's state.
    pub kind: ItemKind,
}

impl PhoneItem {
    /// When it arrived (simulated).
    pub fn at(&self) -> Millis {
        self.delivery.at
    }
    /// The request that sent it.
    pub fn request_id(&self) -> RequestId {
        self.delivery.request_id
    }
    /// The delivery's id.
    pub fn event_id(&self) -> EventId {
        self.delivery.event_id
    }
    /// Who it is from.
    pub fn brand(&self) -> &str {
        &self.delivery.brand
    }
    /// The SMS text or the call's transcript, as the engine writes it.
    pub fn text(&self) -> String {
        self.delivery.text()
    }
    /// The PIN it carries, for the `data-pin` hook.
    pub fn pin(&self) -> String {
        self.delivery.pin.to_string()
    }
    /// The language tag, for speech synthesis.
    pub fn lang(&self) -> &'static str {
        self.delivery.lang.code()
    }
}

/// One handset.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Phone {
    /// The normalised number.
    pub number: PhoneNumber,
    /// Everything it received, oldest first.
    pub items: Vec<PhoneItem>,
    /// Items received while another phone was shown.
    pub unread: u32,
    /// The request that last sent it something: showing the phone selects it.
    pub latest_request: RequestId,
    /// The item that is ringing now, if any.
    ringing: Option<usize>,
    /// The phone active just after it, in the recent-activity list (none: it is the
    /// most recent).
    newer: Option<usize>,
    /// The phone active just before it (none: it is the least recent).
    older: Option<usize>,
}

impl Phone {
    /// The call that is ringing now, if any.
    pub fn ringing(&self) -> Option<&PhoneItem> {
        self.items.get(self.ringing?)
    }

    /// The latest `count` items, newest first.
    pub fn latest(&self, count: usize) -> impl Iterator<Item = &PhoneItem> {
        self.items.iter().rev().take(count)
    }
}

/// A number as the switcher offers it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NumberChoice {
    /// The number.
    pub number: PhoneNumber,
    /// Items received while it was not shown.
    pub unread: u32,
    /// It is the phone on screen.
    pub shown: bool,
}

/// Every phone, indexed by number, by call and by recent activity, and which one is shown.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Phones {
    list: Vec<Phone>,
    by_number: FxHashMap<PhoneNumber, usize>,
    /// Each call delivered: (phone, item).
    calls: FxHashMap<EventId, (usize, usize)>,
    /// The most recently active phone: the head of the recent-activity list, which runs
    /// through the phones' `older` links.
    newest: Option<usize>,
    shown: Option<usize>,
    unread_total: u64,
    /// The switcher's search text.
    query: String,
    /// Phones whose number contains the query, most recently active first.
    matches: Vec<usize>,
    /// Calls the user answered or declined, in order: what a saved session keeps.
    choices: Vec<(EventId, CallState)>,
}

impl Phones {
    /// Every handset, in the order numbers first received something.
    pub fn list(&self) -> &[Phone] {
        &self.list
    }

    /// The phone of `number`, if it received anything.
    pub fn get(&self, number: &str) -> Option<&Phone> {
        let number = PhoneNumber::new(number)?;
        self.by_number.get(&number).map(|&i| &self.list[i])
    }

    /// Puts a delivery on its phone. A call that was still ringing on that phone becomes
    /// a missed call.
    pub fn deliver(&mut self, d: &Delivery) {
        let index = match self.by_number.get(&d.to) {
            Some(&index) => index,
            None => self.add_phone(d),
        };
        if self.shown.is_none() {
            self.shown = Some(index);
        }
        let visible = self.shown == Some(index);
        self.touch(index);
        let phone = &mut self.list[index];
        if let Some(ringing) = phone.ringing.take() {
            phone.items[ringing].kind = ItemKind::Call(CallState::Missed);
        }
        if !visible {
            phone.unread += 1;
            self.unread_total += 1;
        }
        phone.latest_request = d.request_id;
        let kind = match d.channel {
            Channel::Sms => ItemKind::Sms,
            // A call a phone fault kept from the user rang out: missed, no PIN heard.
            Channel::Tts if d.lost => ItemKind::Call(CallState::Missed),
            Channel::Tts => {
                phone.ringing = Some(phone.items.len());
                self.calls.insert(d.event_id, (index, phone.items.len()));
                ItemKind::Call(CallState::Ringing)
            }
        };
        phone.items.push(PhoneItem {
            delivery: d.clone(),
            kind,
        });
        if !self.query.is_empty() {
            // The most recently active phone leads the matches.
            self.matches.retain(|&m| m != index);
            if contains(&d.to, &self.query) {
                self.matches.insert(0, index);
                self.matches.truncate(SWITCHER_SIZE);
            }
        }
    }

    fn add_phone(&mut self, d: &Delivery) -> usize {
        let index = self.list.len();
        self.list.push(Phone {
            number: d.to,
            items: Vec::new(),
            unread: 0,
            latest_request: d.request_id,
            ringing: None,
            newer: None,
            older: None,
        });
        self.by_number.insert(d.to, index);
        index
    }

    /// Moves phone `index` (in the list or new to it) to the front of the recent-activity
    /// list.
    fn touch(&mut self, index: usize) {
        if self.newest == Some(index) {
            return;
        }
        let Phone { newer, older, .. } = self.list[index];
        if let Some(newer) = newer {
            self.list[newer].older = older;
        }
        if let Some(older) = older {
            self.list[older].newer = newer;
        }
        if let Some(newest) = self.newest {
            self.list[newest].newer = Some(index);
        }
        let phone = &mut self.list[index];
        phone.newer = None;
        phone.older = self.newest;
        self.newest = Some(index);
    }

    /// The phones, most recently active first.
    fn most_recent(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.newest, |&index| self.list[index].older)
    }

    /// A request ended: its call, if still ringing on `number`'s phone, is missed.
    pub fn end_request(&mut self, number: &str, id: RequestId) {
        let Some(index) = PhoneNumber::new(number).and_then(|n| self.by_number.get(&n)) else {
            return;
        };
        let phone = &mut self.list[*index];
        if let Some(ringing) = phone.ringing {
            if phone.items[ringing].request_id() == id {
                phone.items[ringing].kind = ItemKind::Call(CallState::Missed);
                phone.ringing = None;
            }
        }
    }

    /// Answers or declines a call; false when no call has this event id.
    pub fn set_call(&mut self, event: EventId, state: CallState) -> bool {
        let Some(&(phone, item)) = self.calls.get(&event) else {
            return false;
        };
        let phone = &mut self.list[phone];
        phone.items[item].kind = ItemKind::Call(state);
        if phone.ringing == Some(item) && state != CallState::Ringing {
            phone.ringing = None;
        }
        if matches!(state, CallState::Answered | CallState::Declined) {
            self.choices.push((event, state));
        }
        true
    }

    /// Shows the phone of `number` and marks it read; false when it has none.
    pub fn show(&mut self, number: &str) -> bool {
        let Some(&index) = PhoneNumber::new(number).and_then(|n| self.by_number.get(&n)) else {
            return false;
        };
        let phone = &mut self.list[index];
        self.unread_total -= u64::from(phone.unread);
        phone.unread = 0;
        self.shown = Some(index);
        true
    }

    /// The phone on screen.
    pub fn current(&self) -> Option<&Phone> {
        self.list.get(self.shown?)
    }

    /// Items received on the phones not on screen.
    pub fn unread_elsewhere(&self) -> u64 {
        self.unread_total
    }

    /// The switcher's search text.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Searches the numbers: those containing `query` (digits, spaces and `+` ignored),
    /// most recently active first. An empty query offers the most recent numbers.
    pub fn search(&mut self, query: &str) {
        self.query = query.chars().filter(char::is_ascii_digit).collect();
        self.matches.clear();
        if self.query.is_empty() {
            return;
        }
        self.matches = self
            .most_recent()
            .filter(|&i| contains(&self.list[i].number, &self.query))
            .take(SWITCHER_SIZE)
            .collect();
    }

    /// The numbers the switcher offers now: the search's matches, or else the most
    /// recently active numbers.
    pub fn choices(&self) -> Vec<NumberChoice> {
        let indices: Vec<usize> = if self.query.is_empty() {
            self.most_recent().take(SWITCHER_SIZE).collect()
        } else {
            self.matches.clone()
        };
        indices
            .into_iter()
            .map(|i| NumberChoice {
                number: self.list[i].number,
                unread: self.list[i].unread,
                shown: self.shown == Some(i),
            })
            .collect()
    }

    /// Calls the user answered or declined, in order: what a saved session keeps.
    pub fn call_choices(&self) -> &[(EventId, CallState)] {
        &self.choices
    }
}

/// Something the aria-live region announces: kept as data and put into words only for
/// the few announcements on screen, so that thousands of deliveries at one moment cost
/// no formatting.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Announcement {
    /// An SMS arrived or a call rings.
    Delivered(Delivery),
    /// A request ended.
    Ended {
        /// When.
        at: Millis,
        /// Which request.
        request_id: RequestId,
        /// How (`SUCCESS`, `EXPIRED`, ...).
        status: &'static str,
    },
}

impl Announcement {
    /// The words to announce.
    pub fn words(&self) -> String {
        match self {
            Announcement::Delivered(d) => match d.channel {
                Channel::Sms => format!(
                    "{}: new SMS to {} from {}: {}",
                    format::clock(d.at),
                    d.to,
                    d.brand,
                    d.text()
                ),
                Channel::Tts => format!(
                    "{}: incoming call to {} from {}. Answer it on the phone.",
                    format::clock(d.at),
                    d.to,
                    d.brand
                ),
            },
            Announcement::Ended {
                at,
                request_id,
                status,
            } => format!(
                "{}: request {} ended: {status}",
                format::clock(*at),
                format::short_id(*request_id)
            ),
        }
    }
}
