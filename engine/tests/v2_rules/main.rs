//! Part C's rules (Verify v2), one test each, stated independently of the golden files:
//! one test binary, a file per family of rules.

// Verify v2 is the engine's `v2` feature (on by default).
#![cfg(feature = "v2")]

mod answers;
mod explained;
mod schedule;
mod silent_auth_and_whatsapp;
mod sim;
mod timing_and_ids;
mod validation;
