//! The standing faults of a session, in the order they were set, with their times
//! counting down (A9): the earliest matching fault answers and alone is counted; at 0 it
//! is gone.

use serde::Serialize;

use super::answer::FaultAnswer;
use super::name::{Fault, FaultedCall, PhoneFault, RequestFault};
use super::spec::{FaultId, FaultSpec, FaultStep, DEFAULT_NETWORK};

/// The faults in force.
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    /// Oldest first.
    standing: Vec<Standing>,
    /// The number of the last id given (the count starts again once none is left, so a
    /// session replayed from an idle checkpoint numbers its faults alike).
    last_id: u32,
}

#[derive(Clone, Debug)]
struct Standing {
    id: FaultId,
    spec: FaultSpec,
    times_left: Option<u32>,
}

/// A fault in force, as [`crate::Engine::faults`] lists it: serialises to
/// `{"id","fault","number","network","times_left"}`, absent fields left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActiveFault {
    /// Its id (`f1`).
    pub id: FaultId,
    /// Its name as set (`sms-delay:2.5`).
    pub fault: String,
    /// The number it is for; absent: every number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The network a blacklist or network-blocked names (`23410` unless set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// How many more calls or deliveries it answers; absent: until cleared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub times_left: Option<u32>,
}

/// What a fault call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultOutcome {
    /// A fault was set with this id.
    Set(FaultId),
    /// Every fault was removed (this many).
    Cleared(usize),
    /// This fault was removed.
    Removed(FaultId),
    /// No fault in force has this id: nothing changed.
    NoSuchFault(FaultId),
}

impl Faults {
    /// Whether no fault is in force.
    pub(crate) fn is_empty(&self) -> bool {
        self.standing.is_empty()
    }

    /// Sets, clears or removes.
    pub(crate) fn apply(&mut self, step: &FaultStep) -> FaultOutcome {
        let outcome = match step {
            FaultStep::Set(spec) => {
                self.last_id += 1;
                let id = FaultId(self.last_id);
                self.standing.push(Standing {
                    id,
                    spec: spec.clone(),
                    times_left: spec.times,
                });
                FaultOutcome::Set(id)
            }
            FaultStep::Clear => {
                let count = self.standing.len();
                self.standing.clear();
                FaultOutcome::Cleared(count)
            }
            FaultStep::Remove(id) => match self.standing.iter().position(|s| s.id == *id) {
                Some(index) => {
                    self.standing.remove(index);
                    FaultOutcome::Removed(*id)
                }
                None => FaultOutcome::NoSuchFault(*id),
            },
        };
        self.restart_ids();
        outcome
    }

    /// The faults in force, oldest first.
    pub(crate) fn list(&self) -> Vec<ActiveFault> {
        self.standing
            .iter()
            .map(|s| ActiveFault {
                id: s.id,
                fault: s.spec.fault.to_string(),
                number: s.spec.number.clone(),
                network: match s.spec.fault {
                    Fault::Request(f) if f.has_network() => Some(network_of(&s.spec).to_owned()),
                    _ => None,
                },
                times_left: s.times_left,
            })
            .collect()
    }

    /// The earliest standing request fault that answers `call` carrying `numbers`
    /// (none for check, search, control and v2's check, cancel and next: then only
    /// faults for every number match), counted once.
    pub(crate) fn answer(&mut self, call: FaultedCall, numbers: &[&str]) -> Option<FaultAnswer> {
        let index = self.standing.iter().position(|s| match s.spec.fault {
            Fault::Request(fault) => fault.answers(call) && for_numbers(&s.spec, numbers),
            Fault::Phone(_) => false,
        })?;
        let Fault::Request(fault) = self.standing[index].spec.fault else {
            return None;
        };
        let network = fault
            .has_network()
            .then(|| network_of(&self.standing[index].spec).to_owned());
        self.count(index);
        Some(FaultAnswer { fault, network })
    }

    /// The earliest phone fault hitting a delivery on `channel` to `to`, counted once.
    pub(crate) fn phone(&mut self, channel: &str, to: &str) -> Option<PhoneFault> {
        let index = self.standing.iter().position(|s| match s.spec.fault {
            Fault::Phone(fault) => fault.hits(channel) && for_numbers(&s.spec, &[to]),
            Fault::Request(_) => false,
        })?;
        let Fault::Phone(fault) = self.standing[index].spec.fault else {
            return None;
        };
        self.count(index);
        Some(fault)
    }

    /// The network of the earliest network block on `to` (a v2 sms or voice step at its
    /// turn), counted once; `None` when no block is in force for it.
    #[cfg(feature = "v2")]
    pub(crate) fn block(&mut self, to: &str) -> Option<String> {
        let index = self.standing.iter().position(|s| {
            s.spec.fault == Fault::Request(RequestFault::NetworkBlocked)
                && for_numbers(&s.spec, &[to])
        })?;
        let network = network_of(&self.standing[index].spec).to_owned();
        self.count(index);
        Some(network)
    }

    /// Removes every network block on `network` (compared as text); whether there was
    /// one. A blacklist is not a block.
    pub(crate) fn unblock(&mut self, network: &str) -> bool {
        let before = self.standing.len();
        self.standing.retain(|s| {
            s.spec.fault != Fault::Request(RequestFault::NetworkBlocked)
                || network_of(&s.spec) != network
        });
        let removed = self.standing.len() < before;
        self.restart_ids();
        removed
    }

    /// One more use of the fault at `index`: at 0 left it is gone.
    fn count(&mut self, index: usize) {
        let standing = &mut self.standing[index];
        if let Some(left) = &mut standing.times_left {
            *left -= 1;
            if *left == 0 {
                self.standing.remove(index);
                self.restart_ids();
            }
        }
    }

    fn restart_ids(&mut self) {
        if self.standing.is_empty() {
            self.last_id = 0;
        }
    }
}

/// Whether a fault set for `spec.number` (or every number) matches a call or delivery
/// carrying `numbers`.
fn for_numbers(spec: &FaultSpec, numbers: &[&str]) -> bool {
    match &spec.number {
        None => true,
        Some(number) => numbers.contains(&number.as_str()),
    }
}

fn network_of(spec: &FaultSpec) -> &str {
    spec.network.as_deref().unwrap_or(DEFAULT_NETWORK)
}
