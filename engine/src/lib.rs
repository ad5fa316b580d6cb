//! # verify-engine
//!
//! The Verify API v1 (Nexmo, now Vonage), simulated: request, check, control and search,
//! the seven workflows with their timed SMS and TTS deliveries, PIN expiry and
//! regeneration, and the exact status codes and error texts of the real API. Beside it,
//! on the same clock and seed, Verify v2 (module `v2`, with the `v2` feature, on by
//! default): workflows of channels, one code, silent authentication, WhatsApp
//! questions, RFC 7807 problems and callbacks. A build without it knows v2's call names
//! only to refuse them ([`V2LeftOut`]).
//!
//! The engine is a plain value. Time is a number of simulated milliseconds that its
//! driver passes in ([`Engine::advance_to`]); randomness comes from a seed. What it
//! decides comes back as data: a typed [`Response`] per call (whose [`Response::body`] is
//! the real API's JSON) and [`Happening`]s (deliveries to phones, PIN changes, requests
//! ending). It knows nothing of browsers, clocks or files, so the same code runs in the
//! playground, the tests, the benchmark and the `verify-sim` command.
//!
//! ```
//! use verify_engine::{Call, Endpoint, Engine, Happening};
//!
//! let mut engine = Engine::new(7);
//! let mut happened = Vec::new();
//! let send = Call::from_pairs(Endpoint::Verify, [("number", "447700900001"), ("brand", "Acme")]);
//! let response = engine.call(&send, &mut happened);
//! assert_eq!(response.status(), 0);
//! let Happening::Delivered(sms) = &happened[0] else { panic!("an SMS first") };
//! assert!(sms.text().starts_with("Acme code: "));
//! engine.advance_to(125_000, &mut happened); // the first call, 125 s later
//! assert_eq!(happened.len(), 2);
//! ```

#![warn(missing_docs)]

mod auth;
mod endpoint;
mod engine;
mod errors;
pub mod faults;
mod ids;
pub mod journal;
pub mod json;
pub mod lab;
mod left_out;
mod messages;
mod number;
mod params;
mod price;
mod psd2;
mod request;
mod response;
pub mod scenario;
mod search;
pub mod story;
mod time;
mod timers;
mod v1;
#[cfg(feature = "v2")]
pub mod v2;
mod validate;
mod workflow;

pub use auth::{AuthError, Credentials};
pub use engine::Engine;
pub use errors::{CheckError, ControlError, SearchError, VerifyError};
pub use ids::{EventId, RequestId, Uuid};
pub use journal::{Journal, SessionConfig};
pub use left_out::{V2LeftOut, V2_CALLS};
pub use messages::{Lang, Message, Pin, LANG_CODES, TRANSLATED};
pub use number::PhoneNumber;
pub use params::{
    Call, CheckParams, ControlParams, Endpoint, Psd2Params, SearchParams, VerifyParams,
};
pub use price::MessagesPrice;
pub use psd2::{psd2_field_errors, round_amount, PaymentMessage, PSD2_LANG_CODES};
pub use request::{
    CheckRecord, Delivery, DeliveryRecord, Happening, PinLife, Request, RequestStatus,
};
pub use response::{Body, Failure, Response};
pub use search::{SearchCheck, SearchEvent, SearchRecord, SearchResult};
pub use time::{clock, BadDate, DateTime, Millis, StartDate, SECOND};
pub use v1::{Command, Verified};
pub use validate::{field_errors, normalise_number, validate, ValidRequest};
pub use workflow::{Channel, Plan, PlannedEvent, Timings, Workflow, DEFAULT_PIN_EXPIRY};
