//! Silent auth's `check_url` over real HTTP (Part C5): it names the emulator's own origin,
//! with `--namespaces` the session that made it (`/ns/NAME/...`, since every session draws
//! the same ids from the same seed), and the real `verify-sim` replaying `/_sim/scenario`
//! builds the same `check_url`s and redirects.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::v2::{jwt, v2};
use common::{config, Answer, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};
use verify_server::Config;

#[tokio::test]
async fn silent_auth_check_url_names_the_emulator_and_redirects() {
    let emulator = Emulator::start(config()).await;
    let body = json!({"brand": "Acme", "workflow": [
        {"channel": "silent_auth", "to": "447700900012",
         "redirect_url": "https://app.example/done"},
        {"channel": "sms", "to": "447700900012"}
    ]});
    let started = v2(&emulator, Method::POST, "/v2/verify", &body.to_string()).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let json = started.json();
    let id = json["request_id"].as_str().unwrap();
    let check_url = json["check_url"].as_str().unwrap();
    let path = format!("/v2/verify/{id}/silent-auth/redirect");
    assert_eq!(check_url, format!("{}{path}", emulator.base));
    // The device's hop carries no credentials.
    let hop = emulator.get(&path).await;
    assert_eq!(hop.status, StatusCode::FOUND, "{}", hop.body);
    let location = hop.header("location");
    assert!(
        location.starts_with(&format!("https://app.example/done#request_id={id}&code=")),
        "{location}"
    );
    let code = location.rsplit('=').next().unwrap();
    let check = v2(
        &emulator,
        Method::POST,
        &format!("/v2/verify/{id}"),
        &json!({ "code": code }).to_string(),
    )
    .await;
    assert_eq!(check.json()["status"], "completed");
    emulator.stop().await;
}

/// A silent-auth start to `to` in `namespace`'s session (its `X-Sim-Namespace`).
async fn start_in(emulator: &Emulator, namespace: &str, to: &str) -> Answer {
    let auth = jwt("app-1");
    let body = json!({"brand": "Acme", "workflow": [
        {"channel": "silent_auth", "to": to}, {"channel": "sms", "to": to}
    ]});
    emulator
        .send(
            Method::POST,
            "/v2/verify",
            &[
                ("authorization", auth.as_str()),
                ("content-type", "application/json"),
                ("x-sim-namespace", namespace),
            ],
            &body.to_string(),
        )
        .await
}

/// The path of `url` on `emulator` (the part after its origin).
fn path_of<'a>(emulator: &Emulator, url: &'a str) -> &'a str {
    url.strip_prefix(emulator.base.as_str())
        .unwrap_or_else(|| panic!("{url} is not on {}", emulator.base))
}

#[tokio::test]
async fn with_namespaces_a_check_url_opens_the_session_that_made_it() {
    let emulator = Emulator::start(Config {
        namespaces: true,
        ..config()
    })
    .await;
    // The same seed in both sessions: the same request id in each.
    let even = start_in(&emulator, "suite A", "447700900012").await.json();
    let odd = start_in(&emulator, "suite-b", "447700900013").await.json();
    assert_eq!(even["request_id"], odd["request_id"]);
    let id = even["request_id"].as_str().unwrap();
    let even_url = even["check_url"].as_str().unwrap();
    let odd_url = odd["check_url"].as_str().unwrap();
    assert_eq!(
        even_url,
        format!(
            "{}/ns/suite%20A/v2/verify/{id}/silent-auth/redirect",
            emulator.base
        )
    );
    assert_eq!(
        odd_url,
        format!(
            "{}/ns/suite-b/v2/verify/{id}/silent-auth/redirect",
            emulator.base
        )
    );
    // The device opens them with nothing but the URL: each reaches its own session.
    let opened = emulator.get(path_of(&emulator, odd_url)).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert_eq!(
        opened.json(),
        json!({"request_id": id, "status": "user_rejected"})
    );
    let opened = emulator.get(path_of(&emulator, even_url)).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert_eq!(opened.json()["request_id"], id);
    assert!(opened.json()["code"].is_string(), "{}", opened.body);
    // The default session made no request: the plain path finds nothing there.
    let plain = emulator
        .get(&format!("/v2/verify/{id}/silent-auth/redirect"))
        .await;
    assert_eq!(plain.status, StatusCode::NOT_FOUND, "{}", plain.body);
    // Each session's stream tells its origin, for the page's mirror.
    let mut stream = emulator.events("?ns=suite%20A", None).await;
    let hello: Value = serde_json::from_str(&stream.next().await.data).unwrap();
    assert_eq!(
        hello["origin"],
        format!("{}/ns/suite%20A", emulator.base).as_str()
    );
    emulator.stop().await;
}

/// The `verify-sim` built beside this test (the same cargo profile's directory), else the
/// native or release one.
fn verify_sim() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    // target/PROFILE/deps/TEST: the binary is in target/PROFILE.
    let profile = exe.parent().and_then(|deps| deps.parent());
    let target = profile.and_then(|p| p.parent());
    let candidates = [
        profile.map(|p| p.join("verify-sim")),
        target.map(|t| t.join("native").join("verify-sim")),
        target.map(|t| t.join("release").join("verify-sim")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|path| path.is_file())
        .expect(
            "no verify-sim binary: build it first (cargo build -p verify-engine --bin verify-sim, \
             or cargo test -p verify-engine, which builds it)",
        )
}

/// Splits `verify-sim`'s options as a shell would (double quotes group words).
fn words(options: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in options.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[tokio::test]
async fn verify_sim_replays_a_namespaces_scenario_to_the_same_check_urls() {
    let emulator = Emulator::start(Config {
        namespaces: true,
        ..config()
    })
    .await;
    let started = start_in(&emulator, "suite A", "447700900012").await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    let check_url = started.json()["check_url"].as_str().unwrap().to_owned();
    let hop = emulator.get(path_of(&emulator, &check_url)).await;
    assert_eq!(hop.status, StatusCode::OK, "{}", hop.body);

    let scenario = emulator.get("/_sim/scenario?ns=suite%20A").await;
    assert_eq!(scenario.status, StatusCode::OK, "{}", scenario.body);
    let options = scenario.header("x-sim-replay");
    assert!(
        options.ends_with(&format!("--origin {}/ns/suite%20A", emulator.base)),
        "{options}"
    );
    let mut child = Command::new(verify_sim())
        .args(words(&options))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("verify-sim runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(scenario.body.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let call = |name: &str| {
        lines
            .iter()
            .find(|line| line["call"] == name)
            .unwrap_or_else(|| panic!("no {name} line in {lines:?}"))
            .clone()
    };
    assert_eq!(call("verify2")["response"], started.json());
    assert_eq!(call("verify2")["response"]["check_url"], check_url.as_str());
    assert_eq!(call("silent_auth")["http"], 200);
    assert_eq!(call("silent_auth")["response"], hop.json());
    emulator.stop().await;
}
