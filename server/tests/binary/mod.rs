//! The real `verify-server` binary as a process, and a plain HTTP/1.1 client for it (one
//! request per connection, std only), for the tests of what only a process shows: `exec`,
//! signals, `--import` and `--export-on-exit`.
#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_verify-server");

/// A fresh directory under the system's temporary one, named for the test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "verify-server-{name}-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A server process started with `args`, its port read from its `listening on` line.
pub struct Running {
    pub child: Child,
    pub port: u16,
    pub stderr: std::process::ChildStderr,
}

impl Running {
    /// Starts `verify-server ARGS --port 0` and waits for its `listening on` line.
    pub fn start(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .args(args)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("verify-server starts");
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("a line on stdout");
        let port = line
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no listening line: {line:?}"));
        let stderr = child.stderr.take().expect("its stderr");
        Running {
            child,
            port,
            stderr,
        }
    }

    /// Sends `signal` and waits (at most 10 s) for the process to end.
    pub fn stop_with(mut self, signal: i32) -> (ExitStatus, String) {
        send(self.child.id(), signal);
        let status = wait(&mut self.child, Duration::from_secs(10));
        let mut said = String::new();
        let _ = self.stderr.read_to_string(&mut said);
        (status, said)
    }
}

/// Sends `signal` to process `pid`.
pub fn send(pid: u32, signal: i32) {
    let pid = libc::pid_t::try_from(pid).expect("a pid");
    // SAFETY: kill(2) with plain integers; the process is a child of this test.
    let sent = unsafe { libc::kill(pid, signal) };
    assert_eq!(sent, 0, "kill({pid}, {signal})");
}

/// Whether process `pid` still exists (a zombie counts).
pub fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 checks the process exists and sends nothing.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// Waits for `child` to end within `limit`, or kills it and fails.
pub fn wait(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("a status") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the process did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (at most 10 s) for `path` to exist with content, and returns it.
pub fn read_when_written(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            if text.ends_with('\n') {
                return text;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{} never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An answer: status and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One request to `127.0.0.1:port`: `body` sent as JSON when given.
pub fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Answer {
        status,
        body: body.to_owned(),
    })
}

/// GET `path`, which must answer.
pub fn get(port: u16, path: &str) -> Answer {
    request(port, "GET", path, None).expect("an answer")
}

/// POST `body` as JSON to `path`, which must answer.
pub fn post(port: u16, path: &str, body: &str) -> Answer {
    request(port, "POST", path, Some(body)).expect("an answer")
}
