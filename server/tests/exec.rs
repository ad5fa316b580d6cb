//! `verify-server exec -- COMMAND`: the command's exit status comes back, it finds the
//! emulator through its environment while it runs, Ctrl-C stops both, and a command that
//! cannot be found is a clear error.

mod binary;

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use binary::{alive, get, read_when_written, scratch, send, wait, BIN};

/// Runs `verify-server exec ARGS -- sh -c SCRIPT` to its end.
fn exec_sh(args: &[&str], script: &str) -> Output {
    Command::new(BIN)
        .arg("exec")
        .args(args)
        .args(["--", "sh", "-c", script])
        .output()
        .expect("verify-server runs")
}

#[test]
fn the_commands_exit_status_comes_back() {
    let passed = exec_sh(&["--paused"], "exit 0");
    assert_eq!(passed.status.code(), Some(0), "{passed:?}");
    let failed = exec_sh(&["--paused"], "echo out; exit 7");
    assert_eq!(failed.status.code(), Some(7), "{failed:?}");
    // The command's standard output is its own: the emulator's lines go to stderr.
    assert_eq!(String::from_utf8_lossy(&failed.stdout), "out\n");
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(
        said.contains("verify-server: listening on http://127.0.0.1:"),
        "{said}"
    );
    assert!(said.contains("verify-server: stopped"), "{said}");
}

#[test]
fn the_command_reaches_the_emulator_through_its_environment() {
    let dir = scratch("exec-env");
    let (url_file, done) = (dir.join("url"), dir.join("done"));
    // The command writes what it was given, then waits until this test has used it.
    let script = format!(
        "printf '%s|%s\\n' \"$VERIFY_EMULATOR_URL\" \"${{VERIFY_EMULATOR_CA-unset}}\" > {url}; \
         while [ ! -e {done} ]; do sleep 0.05; done",
        url = url_file.display(),
        done = done.display()
    );
    let mut child = Command::new(BIN)
        .args(["exec", "--paused", "--", "sh", "-c", &script])
        .stderr(Stdio::null())
        .spawn()
        .expect("verify-server runs");
    let given = read_when_written(&url_file);
    let (url, ca) = given.trim().split_once('|').expect("url|ca");
    assert_eq!(ca, "unset", "no CA without --tls");
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("{url}"));
    let clock = get(port, "/_sim/clock");
    assert_eq!(
        (clock.status, clock.json()["paused"].clone()),
        (200, true.into())
    );
    std::fs::write(&done, "").unwrap();
    assert_eq!(wait(&mut child, Duration::from_secs(10)).code(), Some(0));
    assert!(
        binary::request(port, "GET", "/_sim/clock", None).is_err(),
        "the emulator stopped with the command"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn with_tls_the_url_is_https_and_the_ca_is_given() {
    let dir = scratch("exec-tls");
    let tls_dir = dir.join("tls");
    let out = exec_sh(
        &["--tls", "--tls-dir", tls_dir.to_str().unwrap()],
        "printf '%s|%s' \"$VERIFY_EMULATOR_URL\" \"$VERIFY_EMULATOR_CA\"",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let given = String::from_utf8_lossy(&out.stdout);
    let (url, ca) = given.split_once('|').expect("url|ca");
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert_eq!(ca, tls_dir.join("ca.pem").to_str().unwrap());
    let pem = std::fs::read_to_string(ca).expect("the CA exists");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ctrl_c_stops_the_command_and_the_emulator() {
    let dir = scratch("exec-sigint");
    let seen = dir.join("seen");
    // `exec sleep`: the command's process is the sleep itself, which SIGINT ends.
    let script = format!(
        "printf '%s %s\\n' $$ \"$VERIFY_EMULATOR_URL\" > {}; exec sleep 30",
        seen.display()
    );
    let mut child = Command::new(BIN)
        .args(["exec", "--paused", "--", "sh", "-c", &script])
        .stderr(Stdio::null())
        .spawn()
        .expect("verify-server runs");
    let given = read_when_written(&seen);
    let (pid, url) = given.trim().split_once(' ').expect("pid url");
    let pid: i32 = pid.parse().expect("a pid");
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    assert_eq!(get(port, "/_sim/clock").status, 200);
    send(child.id(), libc::SIGINT);
    let status = wait(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(130), "128 + SIGINT, as a shell says");
    assert!(!alive(pid), "the command ended");
    assert!(
        binary::request(port, "GET", "/_sim/clock", None).is_err(),
        "the emulator stopped"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_command_that_cannot_be_found_is_a_clear_error() {
    let out = Command::new(BIN)
        .args(["exec", "--", "no-such-command-for-verify-server", "x"])
        .output()
        .expect("verify-server runs");
    assert_eq!(out.status.code(), Some(127), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("cannot run \"no-such-command-for-verify-server\": no such command"),
        "{said}"
    );
    let bare = Command::new(BIN)
        .args(["exec", "--paused"])
        .output()
        .unwrap();
    assert_eq!(bare.status.code(), Some(2), "no command: a usage error");
    assert!(String::from_utf8_lossy(&bare.stderr).contains("the command goes after --"));
}
