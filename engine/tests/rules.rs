//! Part A's rules, one test each, stated independently of the golden files.

use verify_engine::{
    Call, Endpoint, Engine, Happening, RequestStatus, Response, SearchResult, SECOND,
};

struct Sim {
    engine: Engine,
    happened: Vec<Happening>,
}

impl Sim {
    fn new() -> Sim {
        Sim {
            engine: Engine::new(11),
            happened: Vec::new(),
        }
    }

    fn at(&mut self, seconds: u64) -> &mut Sim {
        self.engine.advance_to(seconds * SECOND, &mut self.happened);
        self
    }

    fn call(&mut self, endpoint: Endpoint, pairs: &[(&str, &str)]) -> Response {
        let call = Call::from_pairs(endpoint, pairs.iter().copied());
        self.engine.call(&call, &mut self.happened)
    }

    /// The body exactly as sent: field order included.
    fn text(&mut self, endpoint: Endpoint, pairs: &[(&str, &str)]) -> String {
        let call = Call::from_pairs(endpoint, pairs.iter().copied());
        let response = self.engine.call(&call, &mut self.happened);
        serde_json::to_string(&response.body(&call)).expect("bodies serialize")
    }

    fn json(&mut self, endpoint: Endpoint, pairs: &[(&str, &str)]) -> serde_json::Value {
        let call = Call::from_pairs(endpoint, pairs.iter().copied());
        let response = self.engine.call(&call, &mut self.happened);
        serde_json::to_value(response.body(&call)).expect("bodies serialize")
    }

    fn start(&mut self, number: &str, extra: &[(&str, &str)]) -> String {
        let mut pairs = vec![("number", number), ("brand", "Acme")];
        pairs.extend_from_slice(extra);
        match self.call(Endpoint::Verify, &pairs) {
            Response::Verify(Ok(id)) => id.to_string(),
            other => panic!("not started: {other:?}"),
        }
    }

    fn pin(&self, id: &str) -> String {
        let id = verify_engine::RequestId::parse(id).expect("an id");
        self.engine
            .request(id)
            .expect("known")
            .current_pin()
            .to_string()
    }

    fn status(&self, id: &str) -> RequestStatus {
        let id = verify_engine::RequestId::parse(id).expect("an id");
        self.engine.request(id).expect("known").status()
    }
}

#[test]
fn a_busy_number_answers_10_with_the_running_id_however_it_is_written() {
    let mut sim = Sim::new();
    let id = sim.start("447700900001", &[]);
    let body = sim.json(
        Endpoint::Verify,
        &[("number", "+44 7700-900 001"), ("brand", "B")],
    );
    assert_eq!(body["status"], "10");
    assert_eq!(body["request_id"], id.as_str());
    assert_eq!(
        body["error_text"],
        "Concurrent verifications to the same number are not allowed"
    );
    // Free again once the request ends.
    let pin = sim.pin(&id);
    sim.at(5)
        .call(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    assert_eq!(sim.status(&id), RequestStatus::Success);
    sim.start("447700900001", &[]);
}

#[test]
fn the_right_code_verifies_and_nothing_more_is_sent() {
    let mut sim = Sim::new();
    let id = sim.start("447700900001", &[]);
    let pin = sim.pin(&id);
    let body = sim
        .at(60)
        .json(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    assert_eq!(body["status"], "0");
    assert_eq!(body["price"], "0.05000000");
    assert_eq!(body["currency"], "EUR");
    let first_event = match &sim.happened[0] {
        Happening::Delivered(d) => d.event_id.to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(body["event_id"], first_event.as_str());
    sim.happened.clear();
    sim.at(10_000);
    assert!(sim.happened.is_empty(), "{:?}", sim.happened);
    let again = sim.json(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    assert_eq!(again["status"], "6");
}

#[test]
fn a_wrong_length_code_is_a_wrong_code_and_17_has_no_request_id() {
    let mut sim = Sim::new();
    let id = sim.start("447700900001", &[]);
    for (code, status) in [("00000", "16"), ("1", "16"), ("123456789012", "17")] {
        let body = sim.json(Endpoint::Check, &[("request_id", &id), ("code", code)]);
        assert_eq!(body["status"], status, "{code}");
        assert_eq!(body.get("request_id").is_some(), status == "16");
    }
    assert_eq!(sim.status(&id), RequestStatus::Failed);
}

#[test]
fn cancel_window_is_from_30_seconds_until_the_second_event() {
    let mut sim = Sim::new();
    let early = sim.start("447700900001", &[("workflow_id", "4")]);
    let body = sim.at(29).json(
        Endpoint::Control,
        &[("request_id", &early), ("cmd", "cancel")],
    );
    assert_eq!(body["status"], "19");
    let body = sim.at(30).json(
        Endpoint::Control,
        &[("request_id", &early), ("cmd", "cancel")],
    );
    assert_eq!(
        body,
        serde_json::json!({"status": "0", "command": "cancel"})
    );
    assert_eq!(sim.status(&early), RequestStatus::Cancelled);

    // Workflow 4's second event is at 120 (after the first at 30 here): at 150 it is too late.
    let late = sim.start("447700900002", &[("workflow_id", "4")]);
    let body = sim.at(149).json(
        Endpoint::Control,
        &[("request_id", &late), ("cmd", "cancel")],
    );
    assert_eq!(body["status"], "0");
    let late = sim.start("447700900003", &[("workflow_id", "4")]);
    let body = sim.at(149 + 120).json(
        Endpoint::Control,
        &[("request_id", &late), ("cmd", "cancel")],
    );
    assert_eq!(
        body["error_text"].as_str().expect("text"),
        format!("Verification request  ['{late}'] can't be cancelled now. Too many attempts to re-deliver have already been made.")
    );
    // Single-event workflows can be cancelled until they expire.
    let single = sim.start("447700900004", &[("workflow_id", "6")]);
    let body = sim.at(269 + 299).json(
        Endpoint::Control,
        &[("request_id", &single), ("cmd", "cancel")],
    );
    assert_eq!(body["status"], "0");
}

#[test]
fn the_early_cancel_text_wins_when_both_reasons_apply() {
    let mut sim = Sim::new();
    let id = sim.start("447700900001", &[]);
    sim.at(1).call(
        Endpoint::Control,
        &[("request_id", &id), ("cmd", "trigger_next_event")],
    );
    let body = sim
        .at(2)
        .json(Endpoint::Control, &[("request_id", &id), ("cmd", "cancel")]);
    assert_eq!(
        body["error_text"].as_str().expect("text"),
        format!("Verification request ['{id}'] can't be cancelled within the first 30 seconds.")
    );
}

#[test]
fn search_lists_known_ids_keeping_repeats_and_counting_them() {
    let mut sim = Sim::new();
    let a = sim.start("447700900001", &[]);
    let unknown = "0123456789abcdef0123456789abcdef";
    let call = Call::from_pairs(
        Endpoint::Search,
        [
            ("request_ids", a.as_str()),
            ("request_ids", unknown),
            ("request_ids", a.as_str()),
        ],
    );
    let response = sim.engine.call(&call, &mut Vec::new());
    let Response::Search(Ok(SearchResult::Many(records))) = &response else {
        panic!("{response:?}")
    };
    assert_eq!(records.len(), 2);
    let eleven: Vec<(&str, &str)> = (0..11).map(|_| ("request_ids", a.as_str())).collect();
    let body = sim.json(Endpoint::Search, &eleven);
    assert_eq!(body["status"], "18");
    // request_id wins over request_ids and answers a single object.
    let body = sim.json(
        Endpoint::Search,
        &[("request_id", &a), ("request_ids", unknown)],
    );
    assert_eq!(body["request_id"], a.as_str());
}

#[test]
fn search_reports_checks_events_dates_and_price() {
    let mut sim = Sim::new();
    let id = sim.start(
        "447700900001",
        &[("api_key", "abcd1234"), ("sender_id", "ACME")],
    );
    sim.at(10)
        .call(Endpoint::Check, &[("request_id", &id), ("code", "0000000")]);
    sim.at(130);
    let pin = sim.pin(&id);
    sim.engine.advance_to(130_700, &mut Vec::new());
    sim.call(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    let body = sim.json(Endpoint::Search, &[("request_id", &id)]);
    assert_eq!(body["account_id"], "abcd1234");
    assert_eq!(body["sender_id"], "ACME");
    assert_eq!(body["status"], "SUCCESS");
    assert_eq!(body["price"], "0.05000000");
    assert_eq!(body["date_submitted"], "2026-01-01 00:00:00");
    assert_eq!(body["last_event_date"], "2026-01-01 00:02:05");
    assert_eq!(body["date_finalized"], "2026-01-01 00:02:10");
    assert_eq!(body["checks"][0]["status"], "INVALID");
    assert_eq!(body["checks"][1]["status"], "VALID");
    assert_eq!(body["checks"][1]["date_received"], "2026-01-01 00:02:10");
    assert_eq!(body["events"][1]["type"], "tts");
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 14, "{keys:?}");
}

#[test]
fn unknown_parameters_are_ignored_and_credentials_are_not_checked() {
    let mut sim = Sim::new();
    let body = sim.json(
        Endpoint::Verify,
        &[
            ("number", "447700900001"),
            ("brand", "Acme"),
            ("api_secret", "wrong"),
            ("colour", "blue"),
        ],
    );
    assert_eq!(body["status"], "0");
}

#[test]
fn a_search_that_finds_nothing_answers_101_without_a_request_id() {
    let mut sim = Sim::new();
    let unknown = "0123456789abcdef0123456789abcdef";
    let expected = r#"{"status":"101","error_text":"No response found"}"#;
    assert_eq!(
        sim.text(Endpoint::Search, &[("request_id", unknown)]),
        expected
    );
    assert_eq!(
        sim.text(
            Endpoint::Search,
            &[("request_ids", unknown), ("request_ids", "x")]
        ),
        expected
    );
    // Statuses 2 and 18 still carry an empty request_id.
    assert_eq!(
        sim.text(Endpoint::Search, &[]),
        r#"{"request_id":"","status":"2","error_text":"Your request is incomplete and missing the mandatory parameter: request_id"}"#
    );
    let eleven = vec![("request_ids", unknown); 11];
    assert_eq!(
        sim.text(Endpoint::Search, &eleven),
        r#"{"request_id":"","status":"18","error_text":"Too many request_ids provided"}"#
    );
}

#[test]
fn checks_and_searches_estimate_what_the_messages_cost() {
    let mut sim = Sim::new();
    // Workflow 2: SMS at 0, SMS at 125, TTS at 305.
    let id = sim.start("447700900001", &[("workflow_id", "2")]);
    let price = |sim: &mut Sim| {
        sim.json(Endpoint::Search, &[("request_id", &id)])["estimated_price_messages_sent"].clone()
    };
    assert_eq!(price(&mut sim), "0.04675", "one SMS");
    sim.at(125);
    assert_eq!(price(&mut sim), "0.09350", "two SMS, as captured");
    sim.at(305);
    assert_eq!(price(&mut sim), "0.12850", "two SMS and a call");
    let pin = sim.pin(&id);
    let check = sim.json(Endpoint::Check, &[("request_id", &id), ("code", &pin)]);
    assert_eq!(check["status"], "0");
    assert_eq!(check["estimated_price_messages_sent"], "0.12850");
    // Each record of a list carries its own.
    let other = sim.start("447700900002", &[("workflow_id", "3")]);
    let list = sim.json(
        Endpoint::Search,
        &[("request_ids", &id), ("request_ids", &other)],
    );
    let prices: Vec<_> = list["verification_requests"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["estimated_price_messages_sent"].clone())
        .collect();
    assert_eq!(prices, ["0.12850", "0.03500"]);
}

#[test]
fn bodies_keep_the_field_order_the_api_sends() {
    let mut sim = Sim::new();
    let id = sim.start("447700900001", &[]);
    let pin = sim.pin(&id);
    sim.at(40);
    let event = {
        let request_id = verify_engine::RequestId::parse(&id).expect("an id");
        let request = sim.engine.request(request_id).expect("known");
        request.deliveries()[0].event_id.to_string()
    };
    assert_eq!(
        sim.text(Endpoint::Check, &[("request_id", &id), ("code", &pin)]),
        format!(
            r#"{{"request_id":"{id}","status":"0","event_id":"{event}","price":"0.05000000","currency":"EUR","estimated_price_messages_sent":"0.04675"}}"#
        )
    );
    assert_eq!(
        sim.text(Endpoint::Search, &[("request_id", &id)]),
        format!(
            concat!(
                r#"{{"request_id":"{id}","account_id":"playground","number":"447700900001","#,
                r#""sender_id":"verify","date_submitted":"2026-01-01 00:00:00","#,
                r#""date_finalized":"2026-01-01 00:00:40","checks":[{{"date_received":"#,
                r#""2026-01-01 00:00:40","code":"{pin}","status":"VALID","ip_address":""}}],"#,
                r#""first_event_date":"2026-01-01 00:00:00","last_event_date":"#,
                r#""2026-01-01 00:00:00","price":"0.05000000","currency":"EUR","#,
                r#""status":"SUCCESS","estimated_price_messages_sent":"0.04675","#,
                r#""events":[{{"id":"{event}","type":"sms"}}]}}"#
            ),
            id = id,
            pin = pin,
            event = event
        )
    );
}
