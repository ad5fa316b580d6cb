//! PSD2 (`/verify/psd2/json`, Part A7) over real HTTP: GET with a query, POST with a form
//! or JSON give the engine's same bytes; credentials as for `/verify`; the payment's SMS
//! on `/_sim/deliveries`; an ordinary request afterwards (check, search, the shared
//! status 10); recorded for `/_sim/scenario` like any call.

mod common;

use common::ways::{basic, same_three_ways};
use common::{config, Emulator};
use hyper::{Method, StatusCode};
use verify_engine::Credentials;

#[tokio::test]
async fn get_form_and_json_are_the_same_call_with_the_engines_exact_json() {
    let (by_get, get) = same_three_ways(
        "/verify/psd2/json",
        "number=447700900200&payee=Acme%20Travel&amount=48&workflow_id=6",
        "number=447700900200&payee=Acme+Travel&amount=48&workflow_id=6",
        r#"{"number": 447700900200, "payee": "Acme Travel", "amount": 48, "workflow_id": 6}"#,
    )
    .await;
    let started = get.json();
    assert_eq!(started["status"], "0", "{}", get.body);
    let id = started["request_id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    // The payment's SMS (A7), the amount to two decimals.
    let deliveries = by_get
        .get("/_sim/deliveries?number=447700900200")
        .await
        .json();
    let sms = &deliveries["deliveries"][0];
    let pin = sms["pin"].as_str().unwrap();
    assert_eq!(sms["channel"], "sms");
    assert_eq!(
        sms["text"],
        format!(
            "Your code {pin} is for payment to Acme Travel in the amount of 48.00€. \
             Valid for 5 minutes."
        )
    );
    // An ordinary request afterwards: /verify to the same number is status 10, search
    // shows sender_id "verify", the PIN checks.
    let busy = by_get
        .get("/verify/json?number=447700900200&brand=Acme")
        .await
        .json();
    assert_eq!(busy["status"], "10");
    assert_eq!(busy["request_id"], id.as_str());
    let search = by_get
        .get(&format!("/verify/search/json?request_id={id}"))
        .await
        .json();
    assert_eq!(search["sender_id"], "verify");
    let check = by_get
        .get(&format!("/verify/check/json?request_id={id}&code={pin}"))
        .await
        .json();
    assert_eq!(check["status"], "0");
    // Recorded as a psd2 step, so the scenario replays it.
    let scenario = by_get.get("/_sim/scenario").await.body;
    assert!(
        scenario.contains(r#""psd2":{"#) || scenario.contains(r#""psd2": {"#),
        "{scenario}"
    );
    // Refusals are the engine's, in A7's order.
    let missing = by_get
        .get("/verify/psd2/json?number=447700900201&payee=Acme")
        .await;
    assert_eq!(
        missing.body,
        r#"{"request_id":"","status":"2","error_text":"Your request is incomplete and missing the mandatory parameter: amount"}"#
    );
    // Other methods: 405, as on the other v1 paths.
    let put = by_get.send(Method::PUT, "/verify/psd2/json", &[], "").await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    by_get.stop().await;
}

#[tokio::test]
async fn credentials_are_checked_as_for_verify() {
    let mut checked = config();
    checked.credentials = Credentials::parse("abcd1234:s3cret");
    let emulator = Emulator::start(checked).await;
    let path = "/verify/psd2/json?number=447700900200&payee=Acme&amount=1";
    let none = emulator.get(path).await.json();
    assert_eq!(none["status"], "2");
    assert_eq!(none["request_id"], "");
    let wrong = emulator
        .get(&format!("{path}&api_key=abcd1234&api_secret=no"))
        .await
        .json();
    assert_eq!(wrong["status"], "4");
    // Basic auth, as today's SDKs send it.
    let basic = basic("abcd1234", "s3cret");
    let right = emulator
        .send(
            Method::POST,
            "/verify/psd2/json",
            &[
                ("authorization", basic.as_str()),
                ("content-type", "application/json"),
            ],
            r#"{"number":"447700900200","payee":"Acme","amount":"1"}"#,
        )
        .await
        .json();
    assert_eq!(right["status"], "0", "{right}");
    emulator.stop().await;
}
