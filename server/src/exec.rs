//! `verify-server exec [OPTIONS] -- COMMAND [ARGS...]`: the emulator around one command,
//! as `firebase emulators:exec` does. The server is already listening when the command
//! starts (the port is bound and served in this process), the command finds it through
//! [`URL_VARIABLE`] (and, with `--tls`'s local CA, [`CA_VARIABLE`]), and `exec` exits with
//! the command's status once the emulator has stopped.
//!
//! Signals: SIGINT and SIGTERM sent to `exec` are passed on to the command, which decides
//! when to end (a test runner cleans up first); `exec` waits for it, then stops. The
//! command stays in `exec`'s process group, so a Ctrl-C typed in a terminal reaches it
//! directly too (and reaches it twice: once from the terminal, once forwarded; test
//! runners take a second Ctrl-C as "stop now").

use std::ffi::OsString;
use std::fmt;
use std::process::ExitStatus;

use tokio::process::Command;
use tokio::signal::unix::{signal, SignalKind};

/// The variable that holds the emulator's base URL (`http://127.0.0.1:PORT`).
pub const URL_VARIABLE: &str = "VERIFY_EMULATOR_URL";

/// The variable that holds the local CA's certificate (PEM) with `--tls`.
pub const CA_VARIABLE: &str = "VERIFY_EMULATOR_CA";

/// Why the command did not run.
#[derive(Debug)]
pub enum ExecError {
    /// No such program (not a path that exists, nor a name found on `PATH`): exit 127, as
    /// shells do.
    NotFound(OsString),
    /// The program exists but cannot be run (not executable...): exit 126.
    CannotRun(OsString, std::io::Error),
    /// Signals cannot be listened for, or the command cannot be waited for: exit 1.
    Wait(std::io::Error),
}

impl ExecError {
    /// The exit status `exec` ends with.
    pub fn exit_code(&self) -> u8 {
        match self {
            ExecError::NotFound(_) => 127,
            ExecError::CannotRun(..) => 126,
            ExecError::Wait(_) => 1,
        }
    }
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::NotFound(program) => write!(
                f,
                "cannot run {program:?}: no such command (not a file, nor a program on PATH)"
            ),
            ExecError::CannotRun(program, error) => write!(f, "cannot run {program:?}: {error}"),
            ExecError::Wait(error) => write!(f, "cannot wait for the command: {error}"),
        }
    }
}

impl std::error::Error for ExecError {}

/// Runs `command` (program and arguments) with `env` added to this process's environment,
/// passing SIGINT and SIGTERM on to it, and returns the status `exec` exits with: the
/// command's own, or 128 + the signal that ended it (as shells report it).
pub async fn run(command: &[OsString], env: &[(&str, OsString)]) -> Result<u8, ExecError> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| ExecError::NotFound(OsString::new()))?;
    // Listening first: a signal that arrives while the command starts is not lost.
    let mut interrupt = signal(SignalKind::interrupt()).map_err(ExecError::Wait)?;
    let mut terminate = signal(SignalKind::terminate()).map_err(ExecError::Wait)?;
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(name, value)| (name, value)))
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ExecError::NotFound(program.clone()),
            _ => ExecError::CannotRun(program.clone(), error),
        })?;
    let pid = child.id();
    let status = loop {
        tokio::select! {
            status = child.wait() => break status.map_err(ExecError::Wait)?,
            _ = interrupt.recv() => forward(pid, Signal::Interrupt),
            _ = terminate.recv() => forward(pid, Signal::Terminate),
        }
    };
    Ok(exit_code(status))
}

/// A signal `exec` passes on.
#[derive(Clone, Copy, Debug)]
enum Signal {
    Interrupt,
    Terminate,
}

/// Sends `signal` to the command (`pid`; `None` once it has been reaped).
fn forward(pid: Option<u32>, signal: Signal) {
    let Some(pid) = pid.and_then(|pid| libc::pid_t::try_from(pid).ok()) else {
        return;
    };
    let number = match signal {
        Signal::Interrupt => libc::SIGINT,
        Signal::Terminate => libc::SIGTERM,
    };
    // SAFETY: kill(2) takes plain integers and touches no memory of ours. `pid` is the
    // child's, not yet waited for (the loop only forwards before `wait` returns), so the
    // number cannot have been reused by another process.
    unsafe {
        libc::kill(pid, number);
    }
}

/// The status a shell would report for `status`: the exit code, or 128 + the signal.
fn exit_code(status: ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => u8::try_from(code & 0xff).unwrap_or(1),
        (None, Some(signal)) => u8::try_from(128 + (signal & 0x7f)).unwrap_or(1),
        (None, None) => 1,
    }
}
