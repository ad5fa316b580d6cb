//! Part A8 and A9's request faults on v1 and PSD2 calls, one rule a test: the answers'
//! exact shapes, where in each call's checks they answer, how `times` counts, which
//! fault answers when several match, `__example`, and fault steps themselves.

use serde_json::json;
use verify_engine::faults::{FaultError, FaultOutcome, FaultStep};
use verify_engine::{Call, Endpoint, Engine, Happening, Response};

const NUMBER: &str = "447700900001";

struct Sim {
    engine: Engine,
    happened: Vec<Happening>,
}

impl Sim {
    fn new() -> Sim {
        Sim {
            engine: Engine::new(9),
            happened: Vec::new(),
        }
    }

    fn fault(&mut self, step: serde_json::Value) -> FaultOutcome {
        let step = FaultStep::from_json(&step).expect("a fault step");
        match self.engine.call(&Call::Fault(step), &mut self.happened) {
            Response::Fault(outcome) => outcome,
            other => panic!("a fault call answers its outcome: {other:?}"),
        }
    }

    fn body(&mut self, endpoint: Endpoint, pairs: &[(&str, &str)]) -> String {
        let call = Call::from_pairs(endpoint, pairs.iter().copied());
        let response = self.engine.call(&call, &mut self.happened);
        response.json(&call).expect("v1 answers have a body")
    }

    fn verify(&mut self, number: &str) -> String {
        self.body(Endpoint::Verify, &[("number", number), ("brand", "Acme")])
    }

    fn started(&mut self, number: &str) -> String {
        let body = self.verify(number);
        let value: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(value["status"], "0", "{body}");
        value["request_id"].as_str().expect("an id").to_owned()
    }
}

fn request_answer(status: u8, text: &str) -> String {
    format!("{{\"request_id\":\"\",\"status\":\"{status}\",\"error_text\":\"{text}\"}}")
}

fn plain_answer(status: u8, text: &str) -> String {
    format!("{{\"status\":\"{status}\",\"error_text\":\"{text}\"}}")
}

#[test]
fn each_request_fault_answers_with_its_status_and_exact_text() {
    let cases = [
        ("throttled", 1, "Throttled"),
        ("invalid-creds", 4, "Bad Credentials"),
        ("internal-error", 5, "Internal Error"),
        ("quota-exceeded", 9, "Partner quota exceeded"),
        ("rejected", 15, "The destination number is not in a supported network"),
        ("not-permitted", 29, "Your Vonage account is still in demo mode. While in demo mode you must add target numbers to the approved list for your account. Add funds to your account to remove this limitation."),
    ];
    for (name, status, text) in cases {
        let mut sim = Sim::new();
        sim.fault(json!({"fault": name}));
        assert_eq!(sim.verify(NUMBER), request_answer(status, text), "{name}");
        let psd2 = sim.body(
            Endpoint::Psd2,
            &[("number", NUMBER), ("payee", "A"), ("amount", "1")],
        );
        assert_eq!(psd2, request_answer(status, text), "{name}");
    }
}

#[test]
fn blacklist_and_network_blocked_name_the_network_last() {
    let mut sim = Sim::new();
    sim.fault(json!({"fault": "blacklist", "times": 1}));
    assert_eq!(
        sim.verify(NUMBER),
        r#"{"request_id":"","status":"7","error_text":"The number you are trying to verify is blacklisted for verification","network":"23410"}"#
    );
    sim.fault(json!({"fault": "network-blocked", "network": 25503}));
    assert_eq!(
        sim.verify(NUMBER),
        r#"{"request_id":"","status":"7","error_text":"The network you are trying to verify has been blocked due to possible fraudulent activity","network":"25503"}"#
    );
}

#[test]
fn check_search_and_control_answers_carry_no_request_id() {
    let mut sim = Sim::new();
    let id = sim.started(NUMBER);
    sim.fault(json!({"fault": "internal-error"}));
    let text = plain_answer(5, "Internal Error");
    let code = [("request_id", id.as_str()), ("code", "1234")];
    assert_eq!(sim.body(Endpoint::Check, &code), text);
    assert_eq!(sim.body(Endpoint::Search, &[("request_id", &id)]), text);
    let cancel = [("request_id", id.as_str()), ("cmd", "cancel")];
    assert_eq!(sim.body(Endpoint::Control, &cancel), text);
    // Not a check attempt: the request has no checks and is still running.
    let request = verify_engine::RequestId::parse(&id).and_then(|id| sim.engine.request(id));
    let request = request.expect("known");
    assert!(request.checks().is_empty());
    assert_eq!(request.status(), verify_engine::RequestStatus::InProgress);
}

#[test]
fn faults_answer_after_the_2_and_3_checks_and_before_everything_else() {
    let mut sim = Sim::new();
    let busy = sim.started(NUMBER);
    sim.fault(json!({"fault": "throttled"}));
    let throttled = request_answer(1, "Throttled");
    // Status 2 and 3 still answer first.
    assert!(sim
        .body(Endpoint::Verify, &[("number", NUMBER)])
        .contains("\"status\":\"2\""));
    assert!(sim
        .body(Endpoint::Verify, &[("number", "1"), ("brand", "A")])
        .contains("\"status\":\"3\""));
    // Before 20 (pin_code) and 10 (the number is busy).
    assert_eq!(
        sim.body(
            Endpoint::Verify,
            &[("number", NUMBER), ("brand", "A"), ("pin_code", "1")]
        ),
        throttled
    );
    assert_eq!(sim.verify(NUMBER), throttled);
    // Check: after 2 and 3, before 6 (an unknown id).
    assert!(sim
        .body(Endpoint::Check, &[("request_id", &busy), ("code", "x1")])
        .contains("\"status\":\"3\""));
    let unknown = [("request_id", "0123"), ("code", "1234")];
    assert_eq!(
        sim.body(Endpoint::Check, &unknown),
        plain_answer(1, "Throttled")
    );
    // Control: after 2 and 3, before 6 and 19.
    assert!(sim
        .body(Endpoint::Control, &[("request_id", &busy), ("cmd", "stop")])
        .contains("\"status\":\"3\""));
    let early = [("request_id", busy.as_str()), ("cmd", "cancel")];
    assert_eq!(
        sim.body(Endpoint::Control, &early),
        plain_answer(1, "Throttled")
    );
    // Search: after 2 and 18, before 101.
    assert!(sim.body(Endpoint::Search, &[]).contains("\"status\":\"2\""));
    let eleven: Vec<(&str, &str)> = (0..11).map(|_| ("request_ids", "x")).collect();
    assert!(sim
        .body(Endpoint::Search, &eleven)
        .contains("\"status\":\"18\""));
    assert_eq!(
        sim.body(Endpoint::Search, &[("request_id", "nope")]),
        plain_answer(1, "Throttled")
    );
}

#[test]
fn a_faulted_call_creates_nothing_and_draws_nothing_from_the_seed() {
    let mut faulted = Sim::new();
    faulted.fault(json!({"fault": "rejected", "times": 2}));
    faulted.verify(NUMBER);
    faulted.verify("447700900002");
    assert!(faulted.happened.is_empty());
    assert_eq!(faulted.engine.request_count(), 0);
    let after = faulted.started(NUMBER);
    assert_eq!(after, Sim::new().started(NUMBER));
}

#[test]
fn times_counts_only_the_calls_the_fault_answered() {
    let mut sim = Sim::new();
    sim.fault(json!({"fault": "quota-exceeded", "times": 2}));
    // Refused earlier (status 2): not counted. Search is not answered by it: not counted.
    sim.body(Endpoint::Verify, &[("number", NUMBER)]);
    sim.body(Endpoint::Search, &[("request_id", "x")]);
    // __example answers without using the standing fault.
    let example = sim.body(
        Endpoint::Verify,
        &[
            ("number", NUMBER),
            ("brand", "A"),
            ("__example", "throttled"),
        ],
    );
    assert_eq!(example, request_answer(1, "Throttled"));
    assert_eq!(sim.engine.faults()[0].times_left, Some(2));
    assert!(sim.verify(NUMBER).contains("\"status\":\"9\""));
    assert_eq!(sim.engine.faults()[0].times_left, Some(1));
    assert!(sim.verify(NUMBER).contains("\"status\":\"9\""));
    assert!(sim.engine.faults().is_empty(), "at 0 the fault is gone");
    sim.started(NUMBER);
}

#[test]
fn the_earliest_matching_fault_answers_and_alone_is_counted() {
    let mut sim = Sim::new();
    sim.fault(json!({"fault": "rejected", "number": "447700900009", "times": 1}));
    sim.fault(json!({"fault": "invalid-creds", "times": 1}));
    sim.fault(json!({"fault": "internal-error", "times": 1}));
    // The number-bound fault does not match another number; f2 answers, f3 waits.
    assert!(sim.verify(NUMBER).contains("\"status\":\"4\""));
    let left: Vec<String> = sim
        .engine
        .faults()
        .iter()
        .map(|f| f.fault.clone())
        .collect();
    assert_eq!(left, ["rejected", "internal-error"]);
    // The number as the call gives it is normalised before matching.
    assert!(sim.verify("+44 7700 900009").contains("\"status\":\"15\""));
    assert!(sim.verify(NUMBER).contains("\"status\":\"5\""));
}

#[test]
fn number_bound_faults_never_hit_check_search_or_control() {
    let mut sim = Sim::new();
    let id = sim.started(NUMBER);
    sim.fault(json!({"fault": "throttled", "number": NUMBER}));
    assert!(sim
        .body(Endpoint::Search, &[("request_id", &id)])
        .contains("IN PROGRESS"));
    assert!(sim
        .body(Endpoint::Check, &[("request_id", &id), ("code", "0")])
        .contains("\"status\":\"16\""));
    assert!(sim.verify(NUMBER).contains("\"status\":\"1\""));
}

#[test]
fn a_fault_that_does_not_apply_to_the_call_has_no_effect() {
    let mut sim = Sim::new();
    let id = sim.started(NUMBER);
    sim.fault(json!({"fault": "blacklist"}));
    let found = sim.body(
        Endpoint::Search,
        &[("request_id", &id), ("__example", "rejected")],
    );
    assert!(found.contains("IN PROGRESS"), "{found}");
    assert_eq!(sim.engine.faults()[0].times_left, None);
}

#[test]
fn examples_carry_network_23410_and_unknown_names_are_refused() {
    let mut sim = Sim::new();
    let body = sim.body(
        Endpoint::Verify,
        &[
            ("number", NUMBER),
            ("brand", "A"),
            ("__example", "network-blocked"),
        ],
    );
    assert!(body.ends_with("\"network\":\"23410\"}"), "{body}");
    for bad in ["sms-lost", "nope", "Throttled"] {
        let call = Call::from_pairs(Endpoint::Check, [("__example", bad)]);
        assert_eq!(
            call.example_error(),
            Some(FaultError::NotAnExample(bad.into()))
        );
    }
    let fine = Call::from_pairs(Endpoint::Check, [("__example", "throttled")]);
    assert_eq!(fine.example_error(), None);
    assert!(fine.pairs().contains(&("__example", "throttled")));
}

#[test]
fn clear_removes_every_fault_and_remove_one() {
    let mut sim = Sim::new();
    assert_eq!(
        sim.fault(json!({"fault": "throttled"})),
        FaultOutcome::Set(verify_engine::faults::FaultId(1))
    );
    sim.fault(json!({"fault": "network-blocked"}));
    sim.fault(json!({"fault": "sms-lost"}));
    let removed = sim.fault(json!({"remove": "f2"}));
    assert_eq!(
        removed,
        FaultOutcome::Removed(verify_engine::faults::FaultId(2))
    );
    let ids: Vec<String> = sim
        .engine
        .faults()
        .iter()
        .map(|f| f.id.to_string())
        .collect();
    assert_eq!(ids, ["f1", "f3"]);
    assert!(matches!(
        sim.fault(json!({"remove": "f2"})),
        FaultOutcome::NoSuchFault(_)
    ));
    assert_eq!(sim.fault(json!({"clear": true})), FaultOutcome::Cleared(2));
    assert!(sim.engine.faults().is_empty());
    sim.started(NUMBER);
    // Ids start again at f1 once none is left.
    assert_eq!(
        sim.fault(json!({"fault": "throttled"})),
        FaultOutcome::Set(verify_engine::faults::FaultId(1))
    );
}

#[test]
fn the_fault_list_serialises_its_fields_leaving_absent_ones_out() {
    let mut sim = Sim::new();
    sim.fault(json!({"fault": "blacklist", "number": "447700900001", "times": 3}));
    sim.fault(json!({"fault": "sms-delay:2.5"}));
    assert_eq!(
        serde_json::to_value(sim.engine.faults()).expect("serialises"),
        json!([
            {"id": "f1", "fault": "blacklist", "number": "447700900001", "network": "23410", "times_left": 3},
            {"id": "f2", "fault": "sms-delay:2.5"}
        ])
    );
    assert_eq!(
        sim.engine.idle_seed(),
        None,
        "faults in force keep the session busy"
    );
}
