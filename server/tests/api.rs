//! The API over real HTTP: every way of sending parameters, the exact JSON, credentials,
//! namespaces, and the checks every request passes.

mod common;

use common::ways::{basic, same_three_ways};
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use verify_engine::Credentials;

#[tokio::test]
async fn get_form_and_json_are_the_same_call_with_the_engines_exact_json() {
    // Three servers with the same seed, one way of calling each.
    let (by_get, get) = same_three_ways(
        "/verify/json",
        "number=447700900001&brand=Acme&workflow_id=2",
        "number=447700900001&brand=Acme&workflow_id=2",
        r#"{"number": 447700900001, "brand": "Acme", "workflow_id": 2}"#,
    )
    .await;
    assert!(get.body.starts_with(r#"{"request_id":""#) && get.body.ends_with(r#","status":"0"}"#));
    // An API error is a status in the body, with HTTP 200, exactly as the engine writes it.
    let missing = by_get.get("/verify/json?number=447700900002").await;
    assert_eq!(missing.status, StatusCode::OK);
    assert_eq!(
        missing.body,
        r#"{"request_id":"","status":"2","error_text":"Your request is incomplete and missing the mandatory parameter: brand"}"#
    );
    let busy = by_get
        .get("/verify/json?number=%2B44%207700-900%20001&brand=B")
        .await
        .json();
    assert_eq!(busy["status"], "10");
    by_get.stop().await;
}

#[tokio::test]
async fn a_whole_verification_check_search_control_and_the_date_header() {
    let emulator = Emulator::start(config()).await;
    let id = emulator.start_verify("447700900001").await;
    let pin = emulator.pin("447700900001").await;
    let wrong = if pin == "0000" { "1111" } else { "0000" };
    let answer = emulator
        .get(&format!("/verify/check/json?request_id={id}&code={wrong}"))
        .await;
    assert_eq!(answer.json()["status"], "16");
    assert_eq!(answer.header("date"), "Thu, 01 Jan 2026 00:00:00 GMT");
    let early = emulator
        .post_json(
            "/verify/control/json",
            &format!(r#"{{"request_id":"{id}","cmd":"cancel"}}"#),
        )
        .await;
    assert_eq!(early.json()["status"], "19");
    emulator
        .post_json("/_sim/clock", r#"{"advance": 40}"#)
        .await;
    let right = emulator
        .post_json(
            "/verify/check/json",
            &format!(r#"{{"request_id":"{id}","code":"{pin}"}}"#),
        )
        .await;
    assert_eq!(right.header("date"), "Thu, 01 Jan 2026 00:00:40 GMT");
    let right = right.json();
    assert_eq!(right["status"], "0");
    assert_eq!(right["estimated_price_messages_sent"], "0.04675");
    let search = emulator
        .get(&format!("/verify/search/json?request_id={id}"))
        .await
        .json();
    assert_eq!(search["status"], "SUCCESS");
    assert_eq!(search["checks"].as_array().map(Vec::len), Some(2));
    let unknown = emulator
        .get("/verify/search/json?request_id=0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(
        unknown.body,
        r#"{"status":"101","error_text":"No response found"}"#
    );
    let many = emulator
        .get(&format!(
            "/verify/search/json?request_ids={id}&request_ids=x"
        ))
        .await
        .json();
    assert_eq!(
        many["verification_requests"].as_array().map(Vec::len),
        Some(1)
    );
    emulator.stop().await;
}

#[tokio::test]
async fn credentials_from_parameters_or_basic_auth_name_the_account_and_can_be_checked() {
    let open = Emulator::start(config()).await;
    let auth = basic("abcd1234", "s3cret");
    let basic = [("authorization", auth.as_str())];
    let started = open
        .send(
            Method::GET,
            "/verify/json?number=447700900001&brand=A",
            &basic,
            "",
        )
        .await
        .json();
    let id = started["request_id"].as_str().unwrap().to_owned();
    let search = open
        .get(&format!("/verify/search/json?request_id={id}"))
        .await
        .json();
    assert_eq!(search["account_id"], "abcd1234", "the key is the account");
    let id2 = open
        .get("/verify/json?number=447700900002&brand=A&api_key=k2&api_secret=whatever")
        .await
        .json()["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let search = open
        .get(&format!("/verify/search/json?request_id={id2}"))
        .await
        .json();
    assert_eq!(search["account_id"], "k2");
    open.stop().await;

    let checked = Emulator::start(verify_server::Config {
        credentials: Credentials::parse("abcd1234:s3cret"),
        ..config()
    })
    .await;
    let missing = checked
        .get("/verify/json?number=447700900001&brand=A")
        .await;
    assert_eq!(
        missing.body,
        r#"{"request_id":"","status":"2","error_text":"Missing api_key"}"#
    );
    let no_secret = checked
        .get("/verify/json?number=447700900001&brand=A&api_key=abcd1234")
        .await;
    assert_eq!(
        no_secret.json()["error_text"],
        "Your request is incomplete and missing some mandatory parameters"
    );
    let wrong = checked
        .get("/verify/control/json?request_id=x&cmd=cancel&api_key=abcd1234&api_secret=no")
        .await;
    assert_eq!(
        wrong.body,
        r#"{"status":"4","error_text":"Bad Credentials"}"#
    );
    let right = checked
        .send(
            Method::GET,
            "/verify/json?number=447700900001&brand=A",
            &basic,
            "",
        )
        .await;
    assert_eq!(right.json()["status"], "0");
    checked.stop().await;
}

#[tokio::test]
async fn namespaces_keep_parallel_suites_apart() {
    let emulator = Emulator::start(verify_server::Config {
        namespaces: true,
        ..config()
    })
    .await;
    // The same number in two namespaces: no status 10, and each has its own clock.
    for key in ["suite-a", "suite-b"] {
        let answer = emulator
            .get(&format!(
                "/verify/json?number=447700900001&brand=A&api_key={key}&api_secret=x"
            ))
            .await;
        assert_eq!(answer.json()["status"], "0");
    }
    let header = emulator
        .send(
            Method::GET,
            "/verify/json?number=447700900001&brand=A",
            &[("x-sim-namespace", "suite-c")],
            "",
        )
        .await;
    assert_eq!(header.json()["status"], "0");
    emulator
        .post_json("/_sim/clock?ns=suite-a", r#"{"advance": 125}"#)
        .await;
    let a = emulator.get("/_sim/deliveries?ns=suite-a").await.json();
    let b = emulator.get("/_sim/deliveries?ns=suite-b").await.json();
    assert_eq!(a["deliveries"].as_array().map(Vec::len), Some(2));
    assert_eq!(b["deliveries"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        emulator.get("/_sim/clock?ns=suite-b").await.json()["now"],
        0
    );
    emulator.stop().await;
}

#[tokio::test]
async fn other_paths_and_methods_say_what_exists() {
    let emulator = Emulator::start(config()).await;
    let missing = emulator.get("/verify/xml").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let paths = missing.json()["paths"].clone();
    for path in ["/verify/check/json", "/verify/psd2/json", "/_sim/faults"] {
        assert!(
            paths.as_array().unwrap().iter().any(|p| p == path),
            "{path}"
        );
    }
    assert!(paths
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "/_sim/events"));
    let put = emulator.send(Method::PUT, "/verify/json", &[], "").await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(put.json()["error"].as_str().unwrap().contains("GET"));
    emulator.stop().await;
}

#[tokio::test]
async fn a_foreign_host_is_refused_on_every_route() {
    let emulator = Emulator::start(config()).await;
    for path in [
        "/verify/json?number=447700900001&brand=A",
        "/_sim/deliveries",
        "/_sim/clock",
        "/nope",
    ] {
        let refused = emulator
            .send(Method::GET, path, &[("host", "attacker.example:8080")], "")
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("DNS rebinding"));
    }
    for host in ["localhost:1", "app.localhost", "[::1]:80"] {
        let ok = emulator
            .send(Method::GET, "/_sim/clock", &[("host", host)], "")
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{host}");
    }
    // Nothing was started by the refused call.
    assert_eq!(
        emulator.get("/_sim/deliveries").await.json()["deliveries"],
        serde_json::json!([])
    );
    emulator.stop().await;
}

#[tokio::test]
async fn changes_under_sim_need_json_and_the_servers_own_origin() {
    let emulator = Emulator::start(config()).await;
    let form = emulator
        .send(
            Method::POST,
            "/_sim/clock",
            &[("content-type", "application/x-www-form-urlencoded")],
            "advance=10",
        )
        .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let foreign = emulator
        .send(
            Method::POST,
            "/_sim/reset",
            &[
                ("content-type", "application/json"),
                ("origin", "http://evil.example"),
            ],
            "{}",
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let own_origin = emulator.base.clone();
    let own = emulator
        .send(
            Method::POST,
            "/_sim/clock",
            &[
                ("content-type", "application/json"),
                ("origin", &own_origin),
            ],
            r#"{"advance": 10}"#,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.json()["now"], 10);
    // No CORS headers, ever.
    assert!(own
        .headers
        .keys()
        .all(|k| !k.as_str().starts_with("access-control")));
    emulator.stop().await;
}

#[tokio::test]
async fn forgotten_requests_answer_as_unknown() {
    let emulator = Emulator::start(verify_server::Config {
        retention: Some(60_000),
        ..config()
    })
    .await;
    let id = emulator.start_verify("447700900001").await;
    let pin = emulator.pin("447700900001").await;
    emulator
        .get(&format!("/verify/check/json?request_id={id}&code={pin}"))
        .await;
    emulator
        .post_json("/_sim/clock", r#"{"advance": 61}"#)
        .await;
    let search = emulator
        .get(&format!("/verify/search/json?request_id={id}"))
        .await;
    assert_eq!(
        search.body,
        r#"{"status":"101","error_text":"No response found"}"#
    );
    assert_eq!(
        emulator.get("/_sim/deliveries").await.json()["deliveries"],
        serde_json::json!([]),
        "its deliveries are forgotten with it"
    );
    emulator.stop().await;
}
