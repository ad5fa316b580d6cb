//! Making calls: the engine answers, the API log records the call and its exact JSON,
//! and what the engine reports goes onto phones and into announcements.

use std::rc::Rc;

use verify_engine::{Call, Happening, Response};

use super::{LogEntry, Playground, KEPT_ANNOUNCEMENTS};
use crate::format;

impl Playground {
    /// Makes a call now: the engine answers, the log records it, phones get what it sent.
    pub(super) fn make_call(&mut self, call: Call, from_scenario: bool) {
        let mut happened = Vec::new();
        let response = self.engine.call(&call, &mut happened);
        self.placeholders.observe(&response);
        let started = match &response {
            Response::Verify(Ok(id)) => Some(*id),
            _ => None,
        };
        let json = serde_json::to_string_pretty(&response.body(&call)).unwrap_or_default();
        Rc::make_mut(&mut self.log).push(Rc::new(LogEntry {
            at: self.engine.now(),
            call,
            response,
            json,
            from_scenario,
        }));
        self.absorb(happened);
        if let Some(id) = started {
            self.select(id);
        }
        self.revision += 1;
    }

    /// Sorts what the engine reports onto phones and into announcements.
    pub(super) fn absorb(&mut self, happened: Vec<Happening>) {
        for happening in happened {
            match happening {
                Happening::Delivered(delivery) => {
                    let words = self.phones.deliver(&delivery);
                    self.announce(words);
                }
                Happening::PinRegenerated { .. } => {}
                Happening::Ended {
                    at,
                    request_id,
                    status,
                } => {
                    self.phones.end_request(request_id);
                    self.announce(format!(
                        "{}: request {} ended: {}",
                        format::clock(at),
                        format::short_id(request_id),
                        status.as_str()
                    ));
                }
            }
        }
    }

    pub(super) fn announce(&mut self, words: String) {
        let id = self.announcements.last().map_or(1, |(id, _)| id + 1);
        self.announcements.push((id, words));
        let excess = self.announcements.len().saturating_sub(KEPT_ANNOUNCEMENTS);
        self.announcements.drain(..excess);
    }
}
