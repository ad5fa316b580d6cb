//! The shipped scenarios, replayed by the real `verify-sim` binary, must give exactly the
//! checked-in outputs. After a deliberate change of behaviour, regenerate them with
//! `BLESS=1 cargo test --test scenarios` and review the diff.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

fn verify_sim(args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify-sim"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("verify-sim starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(text.as_bytes())
            .expect("stdin accepts the scenario");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("verify-sim finishes")
}

#[test]
fn shipped_scenarios_replay_byte_for_byte() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "one scenario per workflow and per rule family"
    );
    let mut mismatched = Vec::new();
    for file in &files {
        let name = file.file_name().expect("a file name");
        let output = verify_sim(&[file.to_str().expect("utf-8 path")], None);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected_path = scenarios_dir().join("expected").join(name);
        if let (false, Some((line, call))) = (cfg!(feature = "v2"), first_v2_step(file)) {
            // Built without Verify v2: the steps before the first v2 one run as with it,
            // and the run stops there, naming it.
            assert_eq!(output.status.code(), Some(2), "{name:?}: {stderr}");
            let refusal =
                format!("line {line}: `{call}` needs Verify v2, which this build leaves out");
            assert!(stderr.contains(&refusal), "{name:?}: {stderr}");
            let expected = std::fs::read(&expected_path).expect("the expected output");
            assert!(
                expected.starts_with(&output.stdout),
                "{name:?}: another start"
            );
            continue;
        }
        assert!(output.status.success(), "{name:?} failed: {stderr}");
        if bless {
            std::fs::write(&expected_path, &output.stdout).expect("expected/ is writable");
            continue;
        }
        let expected = std::fs::read(&expected_path).unwrap_or_else(|_| {
            panic!("{expected_path:?} is missing: run BLESS=1 cargo test --test scenarios")
        });
        if expected != output.stdout {
            mismatched.push(name.to_string_lossy().into_owned());
        }
    }
    assert!(
        mismatched.is_empty(),
        "outputs differ from scenarios/expected: {mismatched:?}"
    );
}

/// The line number and call of a scenario file's first Verify v2 step, if it has one.
fn first_v2_step(file: &Path) -> Option<(usize, &'static str)> {
    let text = std::fs::read_to_string(file).expect("a readable scenario");
    text.lines().enumerate().find_map(|(index, line)| {
        let step: serde_json::Value = serde_json::from_str(line).ok()?;
        let object = step.as_object()?;
        let call = verify_engine::V2_CALLS
            .into_iter()
            .find(|call| object.contains_key(*call))?;
        Some((index + 1, call))
    })
}

#[test]
fn same_seed_same_bytes_and_another_seed_other_ids() {
    let file = scenarios_dir().join("verified.jsonl");
    let path = file.to_str().expect("utf-8 path");
    let a = verify_sim(&["--seed", "42", path], None);
    let b = verify_sim(&["--seed", "42", path], None);
    let c = verify_sim(&["--seed", "43", path], None);
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn reads_standard_input_and_honours_the_start_date() {
    let scenario = "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"Acme\"}}\n\
                    {\"at\": 61.9, \"search\": {\"request_id\": \"$request_id\"}}\n";
    let output = verify_sim(&["--start", "2030-12-31 23:59:30", "-"], Some(scenario));
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8 output");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[2].starts_with("{\"at\":61.9,\"call\":\"search\""),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("\"date_submitted\":\"2030-12-31 23:59:30\""));
    assert!(lines[2].contains("\"first_event_date\":\"2030-12-31 23:59:30\""));
    assert!(lines[2].contains("\"date_finalized\":\"\""));
    assert!(lines[2].contains("\"status\":\"IN PROGRESS\""));
}

#[test]
fn malformed_lines_exit_2_naming_the_line() {
    let cases = [
        ("{\"at\": 0}\n\n# fine\n{\"at\": 1, \"verify\": {}, \"check\": {}}\n", "line 4: "),
        ("{\"at\": 0, \"check\": {\"request_id\": \"$request_id\", \"code\": \"1\"}}\n", "line 1: $request_id"),
        (
            "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"A\"}}\n{\"at\": 1, \"check\": {\"request_id\": \"x\", \"code\": \"$pin\"}}\n",
            "line 2: $pin",
        ),
        ("{\"at\": 2}\n{\"at\": 1}\n", "line 2: "),
    ];
    for (scenario, message) in cases {
        let output = verify_sim(&["-"], Some(scenario));
        assert_eq!(output.status.code(), Some(2), "{scenario}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{scenario}: {stderr}");
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            assert!(
                serde_json::from_str::<serde_json::Value>(line).is_ok(),
                "{line}"
            );
        }
    }
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    for args in [
        &[][..],
        &["--seed", "x", "-"],
        &["--start", "yesterday", "-"],
        &["a", "b"],
    ] {
        let output = verify_sim(args, Some(""));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("usage: verify-sim"));
    }
    let missing = verify_sim(&["/nonexistent/scenario.jsonl"], None);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn the_lines_before_a_malformed_one_run_and_are_printed() {
    let scenario = "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"A\"}}\n\
                    {\"at\": 5, \"search\": {\"request_id\": \"$request_id\"}}\n\
                    {\"at\": 6, \"verify\": [1]}\n\
                    {\"at\": 7, \"search\": {\"request_id\": \"$request_id\"}}\n";
    let output = verify_sim(&["-"], Some(scenario));
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let calls: Vec<&str> = stdout.lines().filter(|l| l.contains("\"call\"")).collect();
    assert_eq!(calls.len(), 2, "{stdout}");
    assert!(calls[1].starts_with("{\"at\":5,\"call\":\"search\""));
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 3: "));
    let bad = verify_sim(&["-"], Some("{\"at\": 0}\n\u{fffd}\n"));
    assert_eq!(bad.status.code(), Some(2));
    let invalid = {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_verify-sim"))
            .arg("-")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("verify-sim starts");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"{\"at\": 0}\n\xff\xfe\n")
            .expect("written");
        drop(stdin);
        child.wait_with_output().expect("finishes")
    };
    assert_eq!(invalid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("line 2: not valid UTF-8"));
}

#[test]
fn a_coprocess_reads_each_step_before_writing_the_next() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify-sim"))
        .args(["--seed", "4", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("verify-sim starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut next = || {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("a line");
        line
    };
    writeln!(
        stdin,
        "{{\"at\": 0, \"verify\": {{\"number\": \"447700900001\", \"brand\": \"A\"}}}}"
    )
    .expect("written");
    stdin.flush().expect("flushed");
    assert!(
        next().contains("\"call\":\"verify\""),
        "answered before the next line is sent"
    );
    let sms = next();
    let pin = sms
        .split("code: ")
        .nth(1)
        .and_then(|rest| rest.get(..4))
        .expect("the SMS carries the PIN")
        .to_owned();
    // The PIN read from the output goes into the next line: a real conversation.
    writeln!(
        stdin,
        "{{\"at\": 9, \"check\": {{\"request_id\": \"$request_id\", \"code\": \"{pin}\"}}}}"
    )
    .expect("written");
    stdin.flush().expect("flushed");
    assert!(next().contains("\"status\":\"0\""));
    drop(stdin);
    assert!(child.wait().expect("finishes").success());
}

#[test]
fn retention_forgets_finished_requests_as_the_emulator_does() {
    let scenario = "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"A\"}}\n\
                    {\"at\": 1, \"check\": {\"request_id\": \"$request_id\", \"code\": \"$pin\"}}\n\
                    {\"at\": 61, \"search\": {\"request_id\": \"$request_id\"}}\n";
    let kept = verify_sim(&["-"], Some(scenario));
    assert!(String::from_utf8_lossy(&kept.stdout).contains("\"status\":\"SUCCESS\""));
    let forgotten = verify_sim(&["--retention", "60", "-"], Some(scenario));
    let stdout = String::from_utf8_lossy(&forgotten.stdout);
    assert!(
        stdout.contains("{\"at\":61,\"call\":\"search\",\"response\":{\"status\":\"101\""),
        "{stdout}"
    );
    assert_eq!(
        verify_sim(&["--retention", "x", "-"], Some(""))
            .status
            .code(),
        Some(2)
    );
}
