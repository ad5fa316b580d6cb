//! What more than one engine test binary checks alike (`mod common;` in each).

use std::collections::HashMap;

use verify_engine::{Engine, RequestStatus};

/// Whether no number has two v1 requests in progress at once: Part A's concurrency rule,
/// which the property tests hold after every call, whatever the calls and faults.
pub fn at_most_one_in_progress_per_number(engine: &Engine) -> bool {
    let mut busy: HashMap<&str, u32> = HashMap::new();
    for request in engine.requests() {
        if request.status() == RequestStatus::InProgress {
            *busy.entry(request.number()).or_default() += 1;
        }
    }
    busy.values().all(|&n| n <= 1)
}
