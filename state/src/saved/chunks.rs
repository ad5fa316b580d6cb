//! A session's calls kept in chunks, so that a save writes only what changed: shared by
//! v1's saved session ([`super`]) and the `#v2` view's (`crate::v2::saved`).
//!
//! The calls sit in chunks of [`CHUNK`], chunk `k` under `BASE.calls.k`, beside a small
//! header under `BASE` that says how many calls there are. A save writes the chunk
//! holding the first call not yet written, the chunks after it, then the header: a chunk
//! is rewritten whole when it grows, so an action costs at most one chunk and the header,
//! with ten calls or ten thousand. A new session (another generation) is written whole,
//! after its old header is removed, so a half-written new session is never read as the old
//! one. A save interrupted between a chunk and the header leaves calls past the header's
//! count, which a load ignores.

use std::ops::Range;

use serde_json::Value;

/// Calls per chunk.
pub const CHUNK: usize = 500;

/// The key of chunk `k` of the session kept under `base`.
pub fn chunk_key(base: &str, k: usize) -> String {
    format!("{base}.calls.{k}")
}

/// Whether `key` is one of the keys of the session kept under `base` (its header, its
/// chunks, anything else it keeps beside them).
pub fn is_session_key(base: &str, key: &str) -> bool {
    key.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The calls of chunk `k` of `len` calls, as positions.
pub fn chunk_range(k: usize, len: usize) -> Range<usize> {
    k * CHUNK..len.min((k + 1) * CHUNK)
}

/// What the browser's storage holds of a session, as far as saving knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Written {
    /// The session (its generation, bumped whenever the session is replaced) it belongs to.
    pub generation: u64,
    /// Calls written.
    pub calls: usize,
}

/// What a save writes of the calls, given what storage holds.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ChunkPlan {
    /// A new session: written whole, its old keys removed first.
    pub full: bool,
    /// The chunks to write: the one holding the first unwritten call, and those after it.
    pub chunks: Range<usize>,
    /// What storage holds once every write succeeded.
    pub after: Written,
}

impl ChunkPlan {
    /// What storage holds once this save ended (`ok` or not): [`written_after`].
    pub fn written_after(&self, before: Option<Written>, ok: bool) -> Option<Written> {
        written_after(self.full, self.after, before, ok)
    }
}

/// What storage holds once a save ended (`ok` or not), given what it held before
/// (`before`) and what it holds when every write succeeds (`after`). A failed update
/// stops at its first refused write, before the header, which still names the calls it
/// held: the next save tries the same chunks again, not a full save that would remove the
/// kept session first. Only after a failed full save is nothing known (the next save is
/// full again).
pub fn written_after(
    full: bool,
    after: Written,
    before: Option<Written>,
    ok: bool,
) -> Option<Written> {
    match (ok, full) {
        (true, _) => Some(after),
        (false, false) => before,
        (false, true) => None,
    }
}

/// Plans the save of a session of `generation` holding `calls` calls, given what storage
/// already holds (`None`: nothing known, so everything is written).
pub fn plan(generation: u64, calls: usize, written: Option<Written>) -> ChunkPlan {
    let full = written.is_none_or(|w| w.generation != generation);
    let from = if full {
        0
    } else {
        written.map_or(0, |w| w.calls)
    };
    ChunkPlan {
        full,
        // A chunk is rewritten whole when it grows.
        chunks: from / CHUNK..calls.div_ceil(CHUNK),
        after: Written { generation, calls },
    }
}

/// Reads the first `count` calls of the session kept under `base`, chunk by chunk, each
/// call given to `take`; an error says which part is missing or unreadable.
pub fn read_chunks(
    read: super::Read<'_>,
    base: &str,
    count: usize,
    take: &mut dyn FnMut(&Value) -> Result<(), String>,
) -> Result<(), String> {
    let missing = || "a part of it is missing".to_owned();
    let mut taken = 0;
    for k in 0..count.div_ceil(CHUNK) {
        let text = read(&chunk_key(base, k))?.ok_or_else(missing)?;
        // Not serde's own message: its error texts cost the #v2 module 3 KB.
        let Ok(Value::Array(chunk)) = verify_engine::json::read(&text) else {
            return Err(format!("part {k} of it is not a list of calls"));
        };
        // A save interrupted between a chunk and the header leaves calls past the count.
        for value in chunk.iter().take(count - taken) {
            take(value)?;
            taken += 1;
        }
    }
    if taken < count {
        return Err(missing());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_belong_to_their_session_only() {
        assert_eq!(chunk_key("s", 3), "s.calls.3");
        assert!(is_session_key("s", "s"));
        assert!(is_session_key("s", "s.calls.0"));
        assert!(is_session_key("s", "s.import"));
        assert!(!is_session_key("s", "s-v2"));
        assert!(!is_session_key("s", "other"));
    }

    #[test]
    fn a_save_writes_the_open_chunk_and_those_after_it() {
        let first = plan(1, 1_001, None);
        assert_eq!((first.full, first.chunks.clone()), (true, 0..3));
        let one_more = plan(1, 1_002, Some(first.after));
        assert_eq!((one_more.full, one_more.chunks), (false, 2..3));
        let at_a_boundary = plan(
            1,
            1_000,
            Some(Written {
                generation: 1,
                calls: 999,
            }),
        );
        assert_eq!(at_a_boundary.chunks, 1..2);
        let time_only = plan(1, 1_000, Some(at_a_boundary.after));
        assert_eq!(
            time_only.chunks,
            2..2,
            "no call: no chunk, the header alone"
        );
        let replaced = plan(2, 10, Some(first.after));
        assert_eq!((replaced.full, replaced.chunks), (true, 0..1));
        assert_eq!(chunk_range(2, 1_001), 1_000..1_001);
    }
}
