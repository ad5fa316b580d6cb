//! A whole session in a link: what replays it (the seed, the calls and their times, the
//! selected request, the clock's time, the calls answered), written compactly
//! ([`super::codec`]) as JSON. The page compresses it into the link's fragment
//! (`#share=1.…`, see `platform::share`), so it never reaches a server.
//!
//! Opening a link replays the session on a fresh engine with the same seed: the same
//! request ids, phones and API log. A session of this browser is not replaced without
//! asking.

use serde_json::{Map, Value};
use verify_engine::{Millis, V2LeftOut};

use super::codec;
use super::phones::CallState;
use super::saved::{choices_json, read_replay, write_replay, Saved};
use super::Playground;

/// The format written now; links carry it before their data (`#share=1.…`).
pub const SHARE_VERSION: u64 = 1;

/// The longest link fragment offered, in characters: past it a link breaks in chat tools,
/// mail and some browsers, and the scenario export is offered instead.
pub const MAX_LINK: usize = 8 * 1024;

/// What the page's address fragment asks for.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Fragment {
    /// Nothing in particular.
    None,
    /// `#share=VERSION.CODE`: a shared session, compressed.
    Share {
        /// The format.
        version: u64,
        /// The compressed data, base64url.
        code: String,
    },
}

/// Reads the fragment (without `#`).
pub fn fragment(hash: &str) -> Fragment {
    let Some(rest) = hash.strip_prefix("share=") else {
        return Fragment::None;
    };
    let (version, code) = rest.split_once('.').unwrap_or((rest, ""));
    Fragment::Share {
        version: version.parse().unwrap_or(0),
        code: code.to_owned(),
    }
}

/// The session as a link's JSON (before compression).
pub fn payload(p: &Playground) -> String {
    // Field by field, not `json!` (see `saved::header_text`).
    let calls: Vec<Value> = p
        .session
        .log
        .iter()
        .map(|e| codec::encode(e.at, &e.call, e.from_scenario, &p.session.engine))
        .collect();
    let selected = p
        .session
        .selected
        .and_then(|id| p.session.engine.index_of(id));
    let mut data = Map::new();
    data.insert("v".into(), SHARE_VERSION.into());
    data.insert("calls".into(), calls.into());
    data.insert("choices".into(), choices_json(p));
    data.insert("selected".into(), selected.into());
    let mut data = Value::Object(data);
    write_replay(p, &mut data);
    verify_engine::json::write(&data)
}

/// Why a link cannot be opened.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ShareError {
    /// Made by another version of the playground.
    OtherVersion(u64),
    /// Not a session (cut short, altered).
    Damaged(String),
    /// It holds a Verify v2 call, and this build of the page leaves v2 out.
    LeftOut(V2LeftOut),
}

impl ShareError {
    /// What to tell the user.
    pub fn explain(&self) -> String {
        match self {
            ShareError::OtherVersion(v) => format!(
                "This link holds a session in a format this version of the playground does not \
                 read (format {v}; this one reads {SHARE_VERSION}). Ask for a scenario export \
                 instead: every version imports those."
            ),
            ShareError::Damaged(why) => format!(
                "This link's session cannot be read ({why}): it was probably cut short when it \
                 was copied. Ask for the link again, or for a scenario export."
            ),
            ShareError::LeftOut(left_out) => format!(
                "This link's session holds a Verify v2 call ({left_out}): this page shows Verify \
                 v1 only. Ask for a scenario export instead, and replay it with verify-sim or \
                 the emulator (verify-server)."
            ),
        }
    }
}

/// A shared session to open: what [`Playground::restore`] replays, with the selection as
/// a position.
#[derive(Clone, PartialEq, Debug)]
pub struct SharedSession {
    saved: Saved,
    selected: Option<usize>,
}

impl SharedSession {
    /// How many calls it holds.
    pub fn calls(&self) -> usize {
        self.saved.calls.len()
    }

    /// The simulated time it was shared at.
    pub fn now(&self) -> Millis {
        self.saved.now
    }
}

/// Reads a link's JSON.
pub fn parse(text: &str) -> Result<SharedSession, ShareError> {
    let damaged = |why: &str| ShareError::Damaged(why.to_owned());
    let data = verify_engine::json::read(text).map_err(|e| damaged(&e.to_string()))?;
    let version = data
        .get("v")
        .and_then(Value::as_u64)
        .ok_or_else(|| damaged("no version"))?;
    if version != SHARE_VERSION {
        return Err(ShareError::OtherVersion(version));
    }
    let calls = data
        .get("calls")
        .and_then(Value::as_array)
        .ok_or_else(|| damaged("no calls"))?
        .iter()
        .map(codec::decode)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e {
            codec::DecodeError::LeftOut(left_out) => ShareError::LeftOut(left_out),
            codec::DecodeError::Malformed(why) => ShareError::Damaged(why),
        })?;
    let choices = data
        .get("choices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|pair| {
            let id = pair.get(0)?.as_str()?.to_owned();
            Some((id, CallState::from_key(pair.get(1)?.as_str()?)?))
        })
        .collect();
    let (config, now) = read_replay(&data).map_err(ShareError::Damaged)?;
    Ok(SharedSession {
        saved: Saved {
            config,
            now,
            running: false,
            speed: 1,
            form: Default::default(),
            calls,
            choices,
            selected: None,
            import: None,
        },
        selected: data
            .get("selected")
            .and_then(Value::as_u64)
            .map(|p| p as usize),
    })
}

impl Playground {
    /// Replaces the session by a shared one, keeping what is not the session's (the form,
    /// the clock's speed, the layout). The clock stays paused, on the shared moment.
    pub(super) fn open_shared(&mut self, shared: SharedSession) {
        let count = shared.calls();
        match Playground::restore(shared.saved) {
            Ok(mut opened) => {
                if let Some(id) = shared
                    .selected
                    .and_then(|p| opened.session.engine.request_at(p))
                    .map(|r| r.id())
                {
                    opened.select(id);
                }
                self.carry_into(&mut opened);
                opened.running = false;
                *self = opened;
                self.notify(
                    format!(
                        "A shared session is open: {} calls, up to {}. The clock is paused on \
                         that moment; press Play to go on.",
                        crate::format::count(count as u64),
                        crate::format::clock(self.now())
                    ),
                    false,
                );
            }
            Err(reason) => self.notify(ShareError::Damaged(reason).explain(), true),
        }
    }
}
