//! "Force the next answer" (Part A8, A9): a request fault chosen on the form answers the
//! next call it applies to, given as that call's `__example` parameter (Prism's
//! convention), so the API log shows the exact answer and a replay repeats it.

use verify_engine::faults::{FaultedCall, RequestFault};
use verify_engine::Call;

use super::Playground;

impl Playground {
    /// Gives `call` the forced fault as its `__example` when the fault answers such a
    /// call; the choice is then used up. A call it does not apply to goes as it is.
    pub(super) fn force_answer(&mut self, call: &mut Call) {
        let Ok(fault) = RequestFault::parse_example(&self.force) else {
            return;
        };
        let (example, kind) = match call {
            Call::Verify(p) => (&mut p.example, FaultedCall::Verify),
            Call::Psd2(p) => (&mut p.example, FaultedCall::Psd2),
            Call::Check(p) => (&mut p.example, FaultedCall::Check),
            Call::Control(p) => (&mut p.example, FaultedCall::Control),
            Call::Search(p) => (&mut p.example, FaultedCall::Search),
            _ => return,
        };
        if fault.answers(kind) {
            *example = Some(std::mem::take(&mut self.force));
            self.revision += 1;
        }
    }
}
