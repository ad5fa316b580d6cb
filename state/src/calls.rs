//! Making calls: the engine answers, the API log records the call, and what the engine
//! reports goes onto phones and into announcements. Each call and each happening costs
//! O(log n), whatever the session holds.

use std::rc::Rc;

use verify_engine::{Call, Happening, Response};

use super::phones::Announcement;
use super::{requests, LogEntry, Playground, KEPT_ANNOUNCEMENTS};

impl Playground {
    /// Makes a call now: the engine answers, the log records it, phones get what it sent.
    pub(super) fn make_call(&mut self, call: Call, from_scenario: bool) {
        let mut happened = Vec::new();
        let requests_before = self.session.engine.request_count();
        let response = self.session.engine.call(&call, &mut happened);
        self.session.placeholders.observe(&response);
        #[cfg(feature = "v2")]
        self.v2.observe(
            self.session.engine.now(),
            &call,
            &response,
            &self.session.engine,
        );
        let started = match &response {
            Response::Verify(Ok(id)) => Some(*id),
            _ => None,
        };
        let entry = LogEntry {
            at: self.session.engine.now(),
            call,
            response,
            from_scenario,
        };
        self.log_pages
            .observe(self.session.log.len(), |needle| entry.mentions(needle));
        self.session.log.push(Rc::new(entry));
        if self.session.engine.requests().len() > requests_before {
            let request = &self.session.engine.requests()[requests_before];
            self.request_pages.observe(requests_before, |needle| {
                requests::mentions(request, needle)
            });
        }
        self.absorb(happened);
        if let Some(id) = started {
            self.select(id);
        }
        self.revision += 1;
    }

    /// Sorts what the engine reports onto phones and into announcements; Verify v2's
    /// deliveries and callbacks go to the v2 part (`v2_mirror.rs`), which then lets go of
    /// what the engine forgot.
    pub(super) fn absorb(&mut self, happened: Vec<Happening>) {
        for happening in happened {
            #[cfg(feature = "v2")]
            if self.v2.absorb(&happening) {
                continue;
            }
            match happening {
                Happening::Delivered(delivery) => self.reach_phone(delivery),
                Happening::PinRegenerated { .. } => {}
                Happening::Ended {
                    at,
                    request_id,
                    status,
                } => {
                    if let Some(request) = self.session.engine.request(request_id) {
                        self.session
                            .phones
                            .end_request(request.number(), request_id);
                    }
                    self.announce(Announcement::Ended {
                        at,
                        request_id,
                        status: status.as_str(),
                    });
                }
                // Verify v2's happenings, filed above (a build without v2 has none).
                _ => {}
            }
        }
        #[cfg(feature = "v2")]
        self.v2.forget(&self.session.engine);
    }

    pub(super) fn announce(&mut self, announcement: Announcement) {
        let id = self.announcements.last().map_or(1, |(id, _)| id + 1);
        if self.announcements.len() == KEPT_ANNOUNCEMENTS {
            self.announcements.remove(0);
        }
        self.announcements.push((id, announcement));
    }
}
