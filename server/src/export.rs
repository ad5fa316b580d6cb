//! `--export-on-exit FILE`: the session written as a scenario when the emulator stops
//! (Ctrl-C, SIGTERM, the end of `exec`'s command), by the same code as
//! `GET /_sim/scenario`, so `--import FILE` (or `verify-sim`) takes it back.
//!
//! The file is replaced atomically: the text goes to a temporary file beside it, is
//! flushed to disk, then renamed over it. A crash or a full disk leaves the old file (or
//! none) and at worst a stray `.FILE.tmp-PID`, never half a scenario.

use std::fmt;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::App;

/// Why the session was not written.
#[derive(Debug)]
pub enum ExportError {
    /// The session cannot be written as a scenario (more calls than the recording holds).
    Session(String),
    /// The session has stopped working (its ticker panicked), or cannot be had.
    Unavailable(String),
    /// The file could not be written or renamed into place.
    Write {
        /// The file asked for.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Session(why) | ExportError::Unavailable(why) => f.write_str(why),
            ExportError::Write { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// Writes the default session of `app` (the one session without `--namespaces`; with
/// it, the session of requests that name no namespace) to `path` as a scenario. Returns
/// how many bytes were written.
pub fn export(app: &App, path: &Path) -> Result<usize, ExportError> {
    let shared = app
        .namespaces
        .get("")
        .map_err(|e| ExportError::Unavailable(e.to_string()))?;
    let text = shared
        .lock()
        .scenario(Instant::now())
        .map_err(ExportError::Session)?;
    write_atomically(path, text.as_bytes()).map_err(|error| ExportError::Write {
        path: path.to_owned(),
        error,
    })?;
    Ok(text.len())
}

/// Replaces `path` with `bytes` whole or not at all: a temporary file in the same
/// directory (so the rename stays on one file system), synced, then renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".tmp-{}", std::process::id()));
    let temporary = path.with_file_name(temporary_name);
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        // Nothing half-written is left behind (the old file, if any, is untouched).
        let _ = fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_and_leaves_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("verify-export-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("session.jsonl");
        fs::write(&path, "old\n").unwrap();
        write_atomically(&path, b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("session.jsonl")]);
        let missing = dir.join("no-such-dir").join("x.jsonl");
        assert!(write_atomically(&missing, b"x").is_err());
        assert!(!missing.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
