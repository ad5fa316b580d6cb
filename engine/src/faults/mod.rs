//! Faults injected on purpose (Part A8, A9, and C6/C7 for v2): the real API fails in
//! ways a test suite must see; the simulator fails only when asked, so with no fault set
//! every answer and delivery is exactly as without this module.
//!
//! - [`name`](Fault): the faults by name, parsed once into typed values;
//! - [`spec`](FaultStep): a fault step as the emulator and scenarios give it;
//! - `table`: the standing faults, their times counting down;
//! - `answer`: request faults answering v1 and PSD2 calls;
//! - `phone`: phone faults marking deliveries (`lost`, `delivered_at`);
//! - `unblock`: `POST /verify/network-unblock`.
//!
//! Faults are calls in the journal ([`crate::Call::Fault`]), so they are recorded and
//! replayed like any other call.

mod answer;
mod name;
mod phone;
mod response;
mod spec;
mod table;
mod unblock;

pub use answer::FaultAnswer;
pub use name::{Fault, FaultedCall, PhoneFault, RequestFault};
pub use phone::Mark;
pub use response::FaultBody;
pub use spec::{FaultError, FaultId, FaultSpec, FaultStep, DEFAULT_NETWORK};
pub use table::{ActiveFault, FaultOutcome};
pub use unblock::{UnblockError, UnblockProblem, UnblockRequest, Unblocked};

pub(crate) use table::Faults;

use crate::engine::Engine;

impl crate::Call {
    /// Why the call's `__example` is refused (an unknown name, or a phone fault's:
    /// only request faults can be forced on one call), if it is: the emulator answers
    /// it 400, the runner stops on it. The engine itself ignores such an example.
    pub fn example_error(&self) -> Option<FaultError> {
        RequestFault::parse_example(self.example()?).err()
    }
}

impl Engine {
    /// Sets a fault, clears them all, or removes one: a fault call.
    pub fn fault(&mut self, step: &FaultStep) -> FaultOutcome {
        self.faults.apply(step)
    }

    /// The faults in force, oldest first.
    pub fn faults(&self) -> Vec<ActiveFault> {
        self.faults.list()
    }

    /// `/verify/search/json` as a call: a request fault answers after the status 2 and
    /// 18 checks, before 101 (search itself changes nothing, so it is asked first).
    pub(crate) fn search_call(
        &mut self,
        params: &crate::params::SearchParams,
    ) -> Result<crate::search::SearchResult, crate::errors::SearchError> {
        use crate::errors::SearchError;
        let result = self.search(params);
        if matches!(result, Err(SearchError::Missing | SearchError::TooMany)) {
            return result;
        }
        let example = crate::params::given(&params.example);
        match self.fault_answer(FaultedCall::Search, None, example) {
            Some(answer) => Err(SearchError::Fault(answer)),
            None => result,
        }
    }
}
