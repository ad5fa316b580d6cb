//! A8's request faults over real HTTP: every fault on every call it applies to, forced by
//! the `__example` parameter and by the `Prefer: example=` header, and set standing
//! through `/_sim/faults`, each answered with A8's exact body; a fault that does not
//! apply leaves the call alone; `times` counts down; clearing restores normal answers;
//! bad names are 400s naming what is accepted.

mod common;

use common::{config, Emulator};
use hyper::{Method, StatusCode};
use serde_json::{json, Value};

/// A8's table: name, status, error_text, and whether it answers request/PSD2 only
/// (`Some(false)`: request, PSD2 and control; `None`: every call).
const FAULTS: [(&str, &str, &str, Option<bool>); 8] = [
    ("throttled", "1", "Throttled", None),
    ("invalid-creds", "4", "Bad Credentials", None),
    ("internal-error", "5", "Internal Error", None),
    ("quota-exceeded", "9", "Partner quota exceeded", Some(false)),
    (
        "blacklist",
        "7",
        "The number you are trying to verify is blacklisted for verification",
        Some(true),
    ),
    (
        "network-blocked",
        "7",
        "The network you are trying to verify has been blocked due to possible fraudulent activity",
        Some(true),
    ),
    (
        "rejected",
        "15",
        "The destination number is not in a supported network",
        Some(true),
    ),
    (
        "not-permitted",
        "29",
        "Your Vonage account is still in demo mode. While in demo mode you must add target \
         numbers to the approved list for your account. Add funds to your account to remove \
         this limitation.",
        Some(true),
    ),
];

/// The calls, each as a path and its query (a request id filled in for the later ones).
fn calls(id: &str, number: &str) -> [(&'static str, String); 5] {
    [
        ("verify", format!("/verify/json?number={number}&brand=Acme")),
        (
            "psd2",
            format!("/verify/psd2/json?number={number}&payee=Acme&amount=10"),
        ),
        (
            "check",
            format!("/verify/check/json?request_id={id}&code=0000"),
        ),
        ("search", format!("/verify/search/json?request_id={id}")),
        (
            "control",
            format!("/verify/control/json?request_id={id}&cmd=trigger_next_event"),
        ),
    ]
}

/// Whether A8 has `fault` answer `call`.
fn applies(scope: Option<bool>, call: &str) -> bool {
    match scope {
        None => true,
        Some(false) => matches!(call, "verify" | "psd2" | "control"),
        Some(true) => matches!(call, "verify" | "psd2"),
    }
}

/// A8's exact body for `fault` answering `call`.
fn expected(call: &str, status: &str, text: &str, name: &str) -> String {
    let text = serde_json::to_string(text).unwrap();
    match call {
        "verify" | "psd2" => {
            let network = if matches!(name, "blacklist" | "network-blocked") {
                r#","network":"23410""#
            } else {
                ""
            };
            format!(r#"{{"request_id":"","status":"{status}","error_text":{text}{network}}}"#)
        }
        _ => format!(r#"{{"status":"{status}","error_text":{text}}}"#),
    }
}

#[tokio::test]
async fn every_request_fault_on_every_call_by_parameter_and_by_header() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    // Starts go to a second number (the first is busy, and a fault answers before
    // status 10 anyway).
    for (name, status, text, scope) in FAULTS {
        for (call, path) in calls(&id, "447700900002") {
            let by_parameter = emulator.get(&format!("{path}&__example={name}")).await;
            let by_header = emulator
                .send(
                    Method::GET,
                    &path,
                    &[("prefer", &format!("example={name}"))],
                    "",
                )
                .await;
            for (how, answer) in [("parameter", &by_parameter), ("header", &by_header)] {
                assert_eq!(answer.status, StatusCode::OK, "{name} on {call} by {how}");
                if applies(scope, call) {
                    assert_eq!(
                        answer.body,
                        expected(call, status, text, name),
                        "{name} on {call} by {how}"
                    );
                } else {
                    // Not applicable: the call's normal answer (no fault status).
                    let json = answer.json();
                    assert_ne!(json["status"].as_str(), Some(status), "{name} on {call}");
                }
            }
        }
    }
    // Every start was answered by its fault: nothing reached 447700900002.
    let deliveries = emulator
        .get("/_sim/deliveries?number=447700900002")
        .await
        .json();
    assert_eq!(deliveries["deliveries"], json!([]));
    emulator.stop().await;
}

#[tokio::test]
async fn standing_faults_answer_each_call_they_apply_to_then_count_down() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    for (name, status, text, scope) in FAULTS {
        let applicable: Vec<_> = calls(&id, "447700900002")
            .into_iter()
            .filter(|(call, _)| applies(scope, call))
            .collect();
        let set = emulator
            .post_json(
                "/_sim/faults",
                &json!({"fault": name, "times": applicable.len()}).to_string(),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        let set = set.json();
        assert!(set["id"].as_str().unwrap().starts_with('f'));
        assert_eq!(set["fault"], name);
        assert_eq!(set["times_left"], applicable.len());
        for (left, (call, path)) in (0..applicable.len()).rev().zip(&applicable) {
            let answer = emulator.get(path).await;
            assert_eq!(
                answer.body,
                expected(call, status, text, name),
                "{name} on {call}"
            );
            let listed = emulator.get("/_sim/faults").await.json()["faults"].clone();
            match left {
                0 => assert_eq!(listed, json!([]), "{name}: gone at 0"),
                n => assert_eq!(listed[0]["times_left"], n, "{name}"),
            }
        }
        // Spent: the calls answer as usual again.
        let search = emulator
            .get(&format!("/verify/search/json?request_id={id}"))
            .await
            .json();
        assert_eq!(search["status"], "IN PROGRESS", "{name}");
    }
    emulator.stop().await;
}

#[tokio::test]
async fn times_count_only_the_calls_answered_and_clear_restores_normal_answers() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    let set = emulator
        .post_json(
            "/_sim/faults",
            r#"{"fault": "rejected", "number": "+44 7700 900002", "times": 1}"#,
        )
        .await
        .json();
    assert_eq!(
        set,
        json!({"id": "f1", "fault": "rejected", "number": "447700900002", "times_left": 1})
    );
    // Another number, a call refused earlier (status 2) and an `__example` do not count.
    emulator.start_verify("447700900003").await;
    let missing = emulator
        .get("/verify/json?number=447700900002")
        .await
        .json();
    assert_eq!(missing["status"], "2");
    let forced = emulator
        .get("/verify/json?number=447700900002&brand=A&__example=throttled")
        .await
        .json();
    assert_eq!(forced["status"], "1");
    let listed = emulator.get("/_sim/faults").await.json();
    assert_eq!(listed["faults"][0]["times_left"], 1);
    let rejected = emulator
        .get("/verify/json?number=447700900002&brand=A")
        .await
        .json();
    assert_eq!(rejected["status"], "15");

    // Standing until cleared: DELETE restores normal answers (and records the clear).
    emulator
        .post_json("/_sim/faults", r#"{"fault": "internal-error"}"#)
        .await;
    let check = format!("/verify/check/json?request_id={id}&code=0000");
    for _ in 0..3 {
        assert_eq!(emulator.get(&check).await.json()["status"], "5");
    }
    let cleared = emulator.send(Method::DELETE, "/_sim/faults", &[], "").await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.json(), json!({"faults": []}));
    assert_eq!(emulator.get(&check).await.json()["status"], "16");

    // One removed by its id; an id in force no more is 404.
    let f = emulator
        .post_json("/_sim/faults", r#"{"fault": "throttled"}"#)
        .await
        .json();
    let one = format!("/_sim/faults/{}", f["id"].as_str().unwrap());
    let removed = emulator.send(Method::DELETE, &one, &[], "").await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(emulator.get(&check).await.json()["status"], "16");
    let again = emulator.send(Method::DELETE, &one, &[], "").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    emulator.stop().await;
}

#[tokio::test]
async fn bad_faults_and_examples_are_400s_naming_what_is_accepted() {
    let emulator = Emulator::start(config()).await;
    for (body, words) in [
        (json!({"fault": "nope"}), "throttled"),
        (json!({"fault": "nope"}), "http:<status>"),
        (json!({"fault": "sms-lost", "times": 0}), "times"),
        (json!({"fault": "sms-lost", "number": "12"}), "number"),
        (json!({"fault": "throttled", "network": "1"}), "network"),
        (json!({"fault": "sms-lost", "count": 1}), "count"),
        (json!({"fault": "sms-delay:0"}), "sms-delay"),
    ] {
        let answer = emulator.post_json("/_sim/faults", &body.to_string()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        let message = answer.json()["error"].as_str().unwrap().to_owned();
        assert!(message.contains(words), "{body}: {message}");
    }
    for example in ["nope", "sms-lost"] {
        let by_parameter = emulator
            .get(&format!(
                "/verify/json?number=447700900001&brand=A&__example={example}"
            ))
            .await;
        let by_header = emulator
            .send(
                Method::GET,
                "/verify/json?number=447700900001&brand=A",
                &[("prefer", &format!("example={example}"))],
                "",
            )
            .await;
        for answer in [by_parameter, by_header] {
            assert_eq!(answer.status, StatusCode::BAD_REQUEST);
            let message = answer.json()["error"].as_str().unwrap().to_owned();
            assert!(message.contains("not-permitted"), "{message}");
        }
    }
    // Nothing was set, and nothing was recorded.
    assert_eq!(
        emulator.get("/_sim/faults").await.json(),
        json!({"faults": []})
    );
    let deliveries: Value = emulator.get("/_sim/deliveries").await.json();
    assert_eq!(deliveries["deliveries"], json!([]));
    emulator.stop().await;
}
