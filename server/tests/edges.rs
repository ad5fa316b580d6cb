//! The emulator's edges, tried as a hostile client would, over a real socket: speeds that
//! would make a ticker panic, a session whose ticker dies anyway, keys that would take
//! every namespace, idle namespaces reclaimed least recently used first, and the bound on
//! event streams. Each test fails if the guard it checks is taken away.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{config, Answer, Emulator};
use hyper::{Method, StatusCode};
use verify_engine::Credentials;
use verify_server::limits::Bounds;
use verify_server::Config;

/// `emulator.get(path)`, which must answer within five seconds (a stream opened by
/// mistake would never end).
async fn get_soon(emulator: &Emulator, path: &str) -> Answer {
    tokio::time::timeout(Duration::from_secs(5), emulator.get(path))
        .await
        .unwrap_or_else(|_| panic!("GET {path} answered within 5 s"))
}

fn error_of(answer: &Answer) -> String {
    answer.json()["error"]
        .as_str()
        .unwrap_or_else(|| panic!("an error: {}", answer.body))
        .to_owned()
}

#[tokio::test]
async fn speeds_out_of_range_get_400_with_the_range_and_the_server_lives_on() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    for body in [
        r#"{"speed": 1e-20}"#,
        r#"{"speed": 0}"#,
        r#"{"speed": -5}"#,
        r#"{"speed": 0.0009}"#,
        r#"{"speed": 1000001}"#,
        r#"{"speed": 1e308}"#,
        r#"{"speed": "fast", "paused": false}"#,
        r#"{"paused": false, "speed": 1e-20}"#,
    ] {
        let answer = emulator.post_json("/_sim/clock", body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            error_of(&answer).contains("from 0.001 to 1000000"),
            "{body}: {}",
            answer.body
        );
    }
    // Nothing was changed by a refused body (not even its valid part).
    let clock = emulator.get("/_sim/clock").await.json();
    assert_eq!(
        (clock["speed"].as_f64(), clock["paused"].as_bool()),
        (Some(1.0), Some(true))
    );
    // The slowest speed runs: the ticker's wait for the next event (hours away in real
    // time) is computed without panicking, and the server keeps answering.
    let slowest = emulator
        .post_json("/_sim/clock", r#"{"speed": 0.001, "paused": false}"#)
        .await;
    assert_eq!(slowest.status, StatusCode::OK, "{}", slowest.body);
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..3 {
        let search = emulator
            .get(&format!("/verify/search/json?request_id={id}"))
            .await;
        assert_eq!(search.status, StatusCode::OK);
        assert_eq!(search.json()["status"], "IN PROGRESS");
    }
    let fastest = emulator
        .post_json("/_sim/clock", r#"{"speed": 1000000}"#)
        .await;
    assert_eq!(fastest.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let search = emulator
        .get(&format!("/verify/search/json?request_id={id}"))
        .await;
    assert_eq!(
        search.status,
        StatusCode::OK,
        "still answering at the fastest speed"
    );
    emulator.stop().await;
}

#[test]
fn the_command_line_refuses_a_speed_out_of_range_and_documents_the_range() {
    let binary = env!("CARGO_BIN_EXE_verify-server");
    for speed in ["1e-20", "0", "NaN", "inf", "1000001"] {
        let output = Command::new(binary)
            .args(["--port", "0", "--speed", speed])
            .stdin(Stdio::null())
            .output()
            .expect("verify-server runs");
        assert_eq!(output.status.code(), Some(2), "--speed {speed}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--speed") && stderr.contains("from 0.001 to 1000000"),
            "--speed {speed}: {stderr}"
        );
    }
    let help = Command::new(binary)
        .arg("--help")
        .output()
        .expect("verify-server runs");
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("from 0.001 to 1000000"), "{text}");
    assert!(text.contains("grows without bound"), "{text}");
}

#[test]
fn retention_forever_warns_that_memory_grows_without_bound() {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify-server"))
        .args(["--port", "0", "--retention", "forever"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("verify-server starts");
    let stdout = child.stdout.take().expect("its stdout");
    let mut listening = String::new();
    BufReader::new(stdout)
        .read_line(&mut listening)
        .expect("a line");
    // It started: stop it (our own child, by its handle), then read what it said.
    let _ = child.kill();
    let output = child.wait_with_output().expect("it ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(listening.contains("listening on"), "{listening}");
    assert!(
        stderr.contains("--retention forever") && stderr.contains("grows without bound"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_panicking_ticker_breaks_its_session_only_with_a_503() {
    let emulator = Emulator::start(Config {
        namespaces: true,
        ..config()
    })
    .await;
    for ns in ["doomed", "healthy"] {
        let answer = emulator
            .send(
                Method::POST,
                "/verify/json",
                &[
                    ("x-sim-namespace", ns),
                    ("content-type", "application/json"),
                ],
                r#"{"number":"447700900001","brand":"Acme"}"#,
            )
            .await;
        assert_eq!(answer.json()["status"], "0", "{ns}");
    }
    let server = emulator.server.as_ref().expect("running");
    server.panic_ticker("doomed");
    // The supervisor sees the panic soon after.
    let mut broken = None;
    for _ in 0..100 {
        let answer = emulator.get("/_sim/clock?ns=doomed").await;
        if answer.status == StatusCode::SERVICE_UNAVAILABLE {
            broken = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let broken = broken.expect("the broken session answers 503 within 2 s");
    let message = error_of(&broken);
    assert!(
        message.contains("\"doomed\"") && message.contains("stopped working"),
        "{message}"
    );
    let api = emulator
        .send(
            Method::GET,
            "/verify/search/json?request_id=x",
            &[("x-sim-namespace", "doomed")],
            "",
        )
        .await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.body);
    // The process and every other session go on.
    let healthy = emulator
        .post_json("/_sim/clock?ns=healthy", r#"{"advance": 125}"#)
        .await;
    assert_eq!(healthy.status, StatusCode::OK);
    let deliveries = emulator.get("/_sim/deliveries?ns=healthy").await.json();
    assert_eq!(deliveries["deliveries"].as_array().map(Vec::len), Some(2));
    let fresh = emulator
        .send(
            Method::GET,
            "/verify/json?number=447700900002&brand=A",
            &[("x-sim-namespace", "newcomer")],
            "",
        )
        .await;
    assert_eq!(fresh.json()["status"], "0");
    emulator.stop().await;
}

#[tokio::test]
async fn bad_credentials_make_no_namespace_so_they_lock_nobody_out() {
    let emulator = std::sync::Arc::new(
        Emulator::start(Config {
            namespaces: true,
            credentials: Credentials::parse("good:s3cret"),
            ..config()
        })
        .await,
    );
    // 1,100 one-off keys (more than the 1,024 namespaces), 10 clients at a time.
    let mut tasks = Vec::new();
    for client in 0..10 {
        let emulator = emulator.clone();
        tasks.push(tokio::spawn(async move {
            for i in (client..1100).step_by(10) {
                let answer = emulator
                    .get(&format!(
                        "/verify/json?number=447700900001&brand=A&api_key=stranger{i}&api_secret=guess"
                    ))
                    .await;
                assert_eq!(answer.status, StatusCode::OK);
                assert_eq!(
                    answer.body,
                    r#"{"request_id":"","status":"4","error_text":"Bad Credentials"}"#
                );
                assert!(!answer.header("date").is_empty(), "a Date header still");
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client finished");
    }
    let server = emulator.server.as_ref().expect("running");
    assert_eq!(
        server.app().namespaces.len(),
        0,
        "no session for a refused call"
    );
    let good = emulator
        .get("/verify/json?number=447700900001&brand=A&api_key=good&api_secret=s3cret")
        .await;
    assert_eq!(good.json()["status"], "0", "{}", good.body);
    assert_eq!(server.app().namespaces.len(), 1);
}

/// A server with room for three namespaces, reclaimable after one idle second.
fn three_slots() -> Config {
    Config {
        namespaces: true,
        retention: Some(1_000),
        bounds: Bounds {
            namespaces: 3,
            ..Bounds::default()
        },
        ..config()
    }
}

#[tokio::test]
async fn idle_namespaces_are_reclaimed_least_recently_used_first() {
    let emulator = Emulator::start(three_slots()).await;
    let server = emulator.server.as_ref().expect("running");
    let namespaces = &server.app().namespaces;
    for ns in ["one", "two", "three"] {
        assert_eq!(
            emulator.get(&format!("/_sim/clock?ns={ns}")).await.status,
            StatusCode::OK
        );
    }
    // "three" has a verification in progress: never idle while it lasts.
    let started = emulator
        .send(
            Method::GET,
            "/verify/json?number=447700900001&brand=A",
            &[("x-sim-namespace", "three")],
            "",
        )
        .await;
    assert_eq!(started.json()["status"], "0");
    // Every slot taken and none idle for its retention yet: a clear 429 naming the bound.
    let full = emulator.get("/_sim/clock?ns=four").await;
    assert_eq!(full.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(error_of(&full).contains("3 namespaces"), "{}", full.body);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    // "two" is used again; "one" is now the least recently used idle namespace.
    assert_eq!(
        emulator.get("/_sim/clock?ns=two").await.status,
        StatusCode::OK
    );
    assert_eq!(
        emulator.get("/_sim/clock?ns=four").await.status,
        StatusCode::OK
    );
    assert!(
        namespaces.peek("one").is_none(),
        "the least recently used went"
    );
    assert!(namespaces.peek("two").is_some() && namespaces.peek("three").is_some());
    // "two" and "four" were just used and "three" is busy: nothing to reclaim.
    assert_eq!(
        emulator.get("/_sim/clock?ns=five").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A subscriber keeps "four" from being idle, however long it waits.
    let mut watcher = emulator.events("?ns=four", None).await;
    assert_eq!(watcher.next().await.event, "hello");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        emulator.get("/_sim/clock?ns=five").await.status,
        StatusCode::OK
    );
    assert!(namespaces.peek("two").is_none(), "the idle one went");
    assert!(namespaces.peek("three").is_some(), "in progress: kept");
    assert!(namespaces.peek("four").is_some(), "watched: kept");
    assert_eq!(namespaces.len(), 3);
    // A reclaimed namespace comes back fresh when used again (once there is room).
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let back = emulator.get("/_sim/clock?ns=one").await;
    assert_eq!(back.status, StatusCode::OK);
    assert_eq!(back.json()["now"], 0);
    assert!(namespaces.peek("five").is_none(), "five was idle longest");
    drop(watcher);
    emulator.stop().await;
}

#[tokio::test]
async fn event_streams_are_bounded_across_the_server() {
    let emulator = Emulator::start(Config {
        namespaces: true,
        bounds: Bounds {
            subscribers: 2,
            ..Bounds::default()
        },
        ..config()
    })
    .await;
    // Two streams in two namespaces: the bound is the server's, not a session's.
    let mut first = emulator.events("?ns=a", None).await;
    let mut second = emulator.events("?ns=b", None).await;
    assert_eq!(first.next().await.event, "hello");
    assert_eq!(second.next().await.event, "hello");
    let refused = get_soon(&emulator, "/_sim/events?ns=c").await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        error_of(&refused).contains("2 event streams"),
        "{}",
        refused.body
    );
    // Everything else still answers.
    assert_eq!(
        emulator.get("/_sim/clock?ns=c").await.status,
        StatusCode::OK
    );
    // A stream that goes gives its place back (the server sees it gone when it next
    // writes to it: a clock change sends the time to watchers).
    drop(first);
    let mut again = None;
    for _ in 0..50 {
        emulator
            .post_json("/_sim/clock?ns=a", r#"{"advance": 1}"#)
            .await;
        let server = emulator.server.as_ref().expect("running");
        if server.app().limits.subscribers() < 2 {
            again = Some(emulator.events("?ns=c", None).await);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut again = again.expect("the place came back within 5 s");
    assert_eq!(again.next().await.event, "hello");
    drop(second);
    emulator.stop().await;
}

#[tokio::test]
async fn recorded_calls_are_bounded_across_the_server() {
    let emulator = Emulator::start(Config {
        namespaces: true,
        bounds: Bounds {
            recorded_calls: 5,
            ..Bounds::default()
        },
        ..config()
    })
    .await;
    let call = |ns: &'static str, number: u32| {
        let emulator = &emulator;
        async move {
            emulator
                .send(
                    Method::GET,
                    &format!("/verify/json?number=4477009{number:05}&brand=A"),
                    &[("x-sim-namespace", ns)],
                    "",
                )
                .await
        }
    };
    // Three calls in one namespace and two in another: verifications in progress, so
    // neither journal can restart; five recorded calls in all.
    for n in 0..3 {
        assert_eq!(call("a", n).await.json()["status"], "0");
    }
    for n in 0..2 {
        assert_eq!(call("b", n).await.json()["status"], "0");
    }
    let refused = call("b", 2).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        error_of(&refused).contains("5 recorded calls"),
        "{}",
        refused.body
    );
    // The refused call was not made: "b" still holds two requests.
    let scenario = emulator.get("/_sim/scenario?ns=b").await;
    assert_eq!(
        scenario.body.matches("\"verify\"").count(),
        2,
        "{}",
        scenario.body
    );
    // A reset of "a" gives its three back to the server.
    let reset = emulator.post_json("/_sim/reset?ns=a", "{}").await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(call("b", 2).await.json()["status"], "0");
    emulator.stop().await;
}

#[tokio::test]
async fn the_largest_last_event_id_gets_a_hello_and_the_server_lives_on() {
    let emulator = Emulator::start(config()).await;
    emulator.start_verify("447700900001").await;
    for id in [
        "E.18446744073709551615".to_owned(),
        format!("{}.18446744073709551615", u64::MAX),
        "18446744073709551615.18446744073709551615".to_owned(),
        "1.99999999999999999999999".to_owned(),
    ] {
        let mut stream = emulator.events("", Some(&id)).await;
        let first = stream.next().await;
        assert_eq!(first.event, "hello", "{id}: {first:?}");
        assert!(first.data.contains("\"calls\""), "{id}: {}", first.data);
    }
    assert_eq!(emulator.get("/_sim/clock").await.status, StatusCode::OK);
    let again = emulator.start_verify("447700900002").await;
    assert!(!again.is_empty());
    emulator.stop().await;
}
