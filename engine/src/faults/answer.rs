//! A request fault's answer to a v1 or PSD2 call (A8, A9): its status and exact text,
//! plus the network for blacklist and network-blocked. Given at one place in each
//! call's checks: after the status 2 and 3 checks (and search's 18), before anything
//! that looks at requests; a faulted call creates nothing and draws nothing from the
//! seed.

use std::fmt;

use super::name::{FaultedCall, RequestFault};
use super::spec::DEFAULT_NETWORK;
use crate::engine::Engine;

/// A request fault answering a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultAnswer {
    /// The fault.
    pub fault: RequestFault,
    /// The network its answer names (blacklist, network-blocked); `None` otherwise.
    pub network: Option<String>,
}

impl FaultAnswer {
    /// The v1 `status`.
    pub fn status(&self) -> u8 {
        self.fault.status()
    }

    /// What it means, in plain words.
    pub fn explain(&self) -> String {
        format!(
            "An injected fault ({}) answered this call, as the real API sometimes does; \
             nothing was created. Faults are set on purpose: clear them to go back to \
             normal answers.",
            self.fault.name()
        )
    }
}

impl fmt::Display for FaultAnswer {
    /// The `error_text`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.fault.error_text())
    }
}

impl Engine {
    /// The fault that answers a `call` now, if one does: the call's `__example` when it
    /// names a request fault that answers this kind of call (not counted; blacklist and
    /// network-blocked then name network `23410`), else the earliest standing fault
    /// that answers it, for `number` or every number (counted). An `__example` that
    /// names no request fault is ignored here: shells refuse it before calling.
    pub(crate) fn fault_answer(
        &mut self,
        call: FaultedCall,
        number: Option<&str>,
        example: Option<&str>,
    ) -> Option<FaultAnswer> {
        if let Some(fault) = example
            .and_then(|name| RequestFault::parse_example(name).ok())
            .filter(|fault| fault.answers(call))
        {
            return Some(FaultAnswer {
                fault,
                network: fault.has_network().then(|| DEFAULT_NETWORK.to_owned()),
            });
        }
        if self.faults.is_empty() {
            return None;
        }
        let numbers: &[&str] = match &number {
            Some(number) => std::slice::from_ref(number),
            None => &[],
        };
        self.faults.answer(call, numbers)
    }
}
