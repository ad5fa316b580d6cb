//! Sessions kept across runs: `--export-on-exit FILE` writes the session when the
//! emulator stops, `--import FILE` starts the next run from it with the same ids, search
//! answers and clock; a truncated or hand-broken file is refused with its line number
//! before anything listens.

mod binary;

use std::process::Command;

use binary::{get, post, scratch, Running, BIN};

/// What a session shows: the clock, and the search of each request.
fn view(port: u16, ids: &[String]) -> (serde_json::Value, Vec<serde_json::Value>) {
    let clock = get(port, "/_sim/clock").json();
    let searches = ids
        .iter()
        .map(|id| get(port, &format!("/verify/search/json?request_id={id}")).json())
        .collect();
    (clock, searches)
}

/// Runs a session (two requests, a wrong code, a right one, 70 s) on a server that
/// exports on SIGTERM; returns the file, the ids and what the session showed.
fn recorded(
    dir: &std::path::Path,
) -> (
    std::path::PathBuf,
    Vec<String>,
    (serde_json::Value, Vec<serde_json::Value>),
) {
    let file = dir.join("session.jsonl");
    let server = Running::start(&[
        "--paused",
        "--seed",
        "11",
        "--start",
        "2026-03-01 09:00:00",
        "--export-on-exit",
        file.to_str().unwrap(),
    ]);
    let port = server.port;
    let mut ids = Vec::new();
    for number in ["447700900001", "447700900002"] {
        let started = post(
            port,
            "/verify/json",
            &format!(r#"{{"number":"{number}","brand":"Acme"}}"#),
        )
        .json();
        ids.push(started["request_id"].as_str().expect("an id").to_owned());
    }
    post(port, "/_sim/clock", r#"{"advance": 12.5}"#);
    let pin = |number: &str| {
        let deliveries = get(port, &format!("/_sim/deliveries?number={number}")).json();
        deliveries["deliveries"][0]["pin"]
            .as_str()
            .expect("a PIN")
            .to_owned()
    };
    let wrong_code = if pin("447700900001") == "1111" {
        "2222"
    } else {
        "1111"
    };
    let wrong = post(
        port,
        "/verify/check/json",
        &format!(r#"{{"request_id":"{}","code":"{wrong_code}"}}"#, ids[0]),
    );
    assert_eq!(wrong.json()["status"], "16", "{}", wrong.body);
    let pin = pin("447700900002");
    let right = post(
        port,
        "/verify/check/json",
        &format!(r#"{{"request_id":"{}","code":"{pin}"}}"#, ids[1]),
    );
    assert_eq!(right.json()["status"], "0", "{}", right.body);
    post(port, "/_sim/clock", r#"{"advance": 70}"#);
    let shown = view(port, &ids);
    let (status, said) = server.stop_with(libc::SIGTERM);
    assert!(status.success(), "{status:?}: {said}");
    assert!(said.contains("the session written to"), "{said}");
    (file, ids, shown)
}

#[test]
fn an_exported_session_comes_back_with_the_same_answers_and_clock() {
    let dir = scratch("roundtrip");
    let (file, ids, before) = recorded(&dir);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("# Recorded by verify-server: 6 calls. Replay: verify-sim --seed 11"),
        "{text}"
    );
    assert!(text.ends_with("{\"at\":82.5}\n"), "{text}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["session.jsonl"], "no temporary file left beside it");

    // Another seed and start on the command line: the file's own config wins.
    let again = Running::start(&[
        "--paused",
        "--seed",
        "99",
        "--import",
        file.to_str().unwrap(),
        "--export-on-exit",
        file.to_str().unwrap(),
    ]);
    let after = view(again.port, &ids);
    assert_eq!(after.1, before.1, "the same search answers");
    assert_eq!(after.0, before.0, "the clock where it was");
    assert_eq!(before.0["now"], 82.5);
    assert_eq!(before.1[1]["status"], "SUCCESS");
    assert_eq!(before.1[0]["date_submitted"], "2026-03-01 09:00:00");
    let (status, said) = again.stop_with(libc::SIGINT);
    assert!(status.success(), "{said}");
    // Exported again: the imported calls, recorded as made, then the two searches made
    // since (`view`), under the same replay options.
    let rewritten = std::fs::read_to_string(&file).unwrap();
    let (old, new): (Vec<_>, Vec<_>) = (text.lines().collect(), rewritten.lines().collect());
    assert_eq!(new[0], old[0].replace("6 calls", "8 calls"), "{rewritten}");
    assert_eq!(new[1..7], old[1..7], "{rewritten}");
    assert_eq!(new[7..], [old[5], old[6], old[7]], "{rewritten}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs `verify-server --import FILE --port 0`, which must refuse it: its stderr.
fn refused(file: &std::path::Path) -> String {
    let out = Command::new(BIN)
        .args(["--import", file.to_str().unwrap(), "--port", "0"])
        .output()
        .expect("verify-server runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "nothing listened: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_truncated_or_broken_file_is_refused_with_its_line() {
    let dir = scratch("broken");
    let (file, _, _) = recorded(&dir);
    let text = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    // Cut in the middle of the third call (line 4: the comment is line 1).
    let truncated = dir.join("truncated.jsonl");
    let cut = lines[..3].join("\n") + "\n" + &lines[3][..lines[3].len() / 2];
    std::fs::write(&truncated, cut).unwrap();
    let said = refused(&truncated);
    assert!(
        said.contains("truncated.jsonl: line 4: not valid JSON"),
        "{said}"
    );

    // A hand edit: the check's request_id made a placeholder with nothing to stand for.
    let broken = dir.join("broken.jsonl");
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    edited[3] = r#"{"at":12.5,"check":{"request_id":"$request_id.9","code":"1"}}"#.into();
    std::fs::write(&broken, edited.join("\n") + "\n").unwrap();
    let said = refused(&broken);
    assert!(
        said.contains("line 4: $request_id.9: fewer than 9 successful verify calls so far"),
        "{said}"
    );

    // Going back in time, and a replay line that says nonsense.
    let back = dir.join("back.jsonl");
    std::fs::write(&back, "{\"at\":5}\n{\"at\":4}\n").unwrap();
    assert!(refused(&back).contains("line 2: \"at\" goes back in time"));
    let options = dir.join("options.jsonl");
    std::fs::write(&options, "# Replay: verify-sim --seed -1 FILE\n").unwrap();
    assert!(refused(&options).contains("line 1: the replay options: --seed \"-1\""));
    assert!(refused(&dir.join("missing.jsonl")).contains("cannot read"));
    std::fs::remove_dir_all(&dir).unwrap();
}
