//! The scenario format's `fault` and `unblock` steps and `__example` (Part A9, the
//! format's extensions): what is malformed, what the runner prints, and fault calls
//! written back as steps reading back to the same calls.

use serde_json::json;
use verify_engine::faults::{FaultId, FaultStep};
use verify_engine::scenario::{parse, run, step_line, Placeholders};
use verify_engine::{Call, Engine};

fn output(scenario: &str) -> Result<String, String> {
    let mut out = Vec::new();
    run(scenario.as_bytes(), Engine::new(0), &mut out).map_err(|e| e.to_string())?;
    Ok(String::from_utf8(out).expect("utf-8 output"))
}

#[test]
fn malformed_fault_and_unblock_steps_name_the_line_and_what_is_accepted() {
    let cases = [
        (r#"{"at": 0, "fault": {"fault": "nope"}}"#, "line 1: \"fault\": There is no fault \"nope\": the faults are throttled,"),
        (r#"{"at": 0, "fault": {"fault": "sms-lost", "count": 1}}"#, "line 1: \"fault\": A fault has no key \"count\""),
        (r#"{"at": 0, "fault": {"fault": "sms-lost", "times": 0}}"#, "times is a whole number from 1"),
        (r#"{"at": 0, "fault": {"fault": "sms-delay:0"}}"#, "sms-delay takes a number of seconds above zero"),
        (r#"{"at": 0, "fault": {"clear": true, "times": 1}}"#, "{\"clear\": true} alone"),
        (r#"{"at": 0, "fault": "throttled"}"#, "line 1: \"fault\" must be an object"),
        (r#"{"at": 0, "fault": {"clear": true}, "verify": {}}"#, "line 1: more than one call on one line"),
        (r#"{"at": 0, "unblock": {"duration": 60}}"#, "line 1: \"unblock\" needs \"network\""),
        (r#"{"at": 0, "unblock": {"network": "1", "unblock_duration": 86401}}"#, "line 1: \"unblock\" needs"),
        (
            "{\"at\": 0, \"verify\": {\"number\": \"447700900001\", \"brand\": \"A\"}}\n{\"at\": 1, \"check\": {\"request_id\": \"$request_id\", \"code\": \"1\", \"__example\": \"sms-lost\"}}",
            "line 2: __example takes a request fault: throttled,",
        ),
    ];
    for (scenario, message) in cases {
        let error = output(scenario).expect_err(scenario);
        assert!(error.contains(message), "{scenario}: {error}");
    }
}

#[test]
fn a_fault_line_prints_its_step_and_an_unblock_its_status_and_body() {
    let text = output(
        "{\"at\": 0, \"fault\": {\"fault\": \"network-blocked\", \"number\": 447700900001, \"times\": null}}\n\
         {\"at\": 1.5, \"unblock\": {\"network\": \"23410\", \"duration\": 5}}\n\
         {\"at\": 2, \"fault\": {\"remove\": \"f1\"}}\n\
         {\"at\": 2, \"fault\": {\"clear\": true}}\n",
    )
    .expect("runs");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"at":0,"fault":{"fault":"network-blocked","number":"447700900001"}}"#,
            r#"{"at":1.5,"call":"unblock","http":202,"response":{"network":"23410","unblocked_until":"2026-01-01T00:00:06Z"}}"#,
            r#"{"at":2,"fault":{"remove":"f1"}}"#,
            r#"{"at":2,"fault":{"clear":true}}"#,
        ]
    );
}

#[test]
fn examples_are_not_echoed_and_psd2_counts_for_request_id() {
    let text = output(
        "{\"at\": 0, \"psd2\": {\"number\": \"447700900001\", \"payee\": \"A\", \"amount\": \"1\"}}\n\
         {\"at\": 1, \"search\": {\"request_id\": \"$request_id.1\", \"__example\": \"throttled\"}}\n",
    )
    .expect("runs");
    let last = text.lines().last().expect("a line");
    assert_eq!(
        last,
        r#"{"at":1,"call":"search","response":{"status":"1","error_text":"Throttled"}}"#
    );
}

#[test]
fn fault_and_unblock_calls_are_written_back_and_read_back_alike() {
    let calls = [
        Call::Fault(
            FaultStep::from_json(
                &json!({"fault": "sms-delay:2.5", "number": "447700900001", "times": 2}),
            )
            .expect("a step"),
        ),
        Call::Fault(FaultStep::Clear),
        Call::Fault(FaultStep::Remove(FaultId(3))),
        Call::Unblock(json!({"network": "23410", "unblock_duration": 60})),
        Call::from_pairs(
            verify_engine::Endpoint::Verify,
            [
                ("number", "447700900001"),
                ("brand", "A"),
                ("__example", "rejected"),
            ],
        ),
    ];
    for call in calls {
        let line = step_line(2500, &call);
        let steps = parse(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let raw = steps[0].call.as_ref().expect("a call");
        assert_eq!(raw.literal(), call, "{line}");
        let resolved = Placeholders::default()
            .resolve(&Engine::new(0), raw)
            .expect("resolves");
        assert_eq!(resolved, call, "{line}");
    }
}

#[test]
fn a_journal_replays_faults_to_the_same_answers() {
    use verify_engine::journal::Journal;
    let scenario = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/faults-phone.jsonl"),
    )
    .expect("the shipped scenario");
    // Replaying the scenario's calls from a journal rebuilds the same engine state.
    let mut live = Engine::new(0);
    let mut journal: Journal = Journal::new(verify_engine::SessionConfig::new(0));
    let mut placeholders = Placeholders::default();
    for step in parse(&scenario).expect("parses") {
        live.advance_to(step.at, &mut Vec::new());
        if let Some(raw) = &step.call {
            let call = placeholders.resolve(&live, raw).expect("resolves");
            let response = live.call(&call, &mut Vec::new());
            placeholders.observe(&response);
            journal.push(step.at, call).expect("in order");
        }
    }
    let mut replayed = Engine::new(0);
    journal.replay(&mut replayed).expect("replays");
    assert_eq!(replayed.faults(), live.faults());
    assert_eq!(replayed.request_count(), live.request_count());
    let text = journal.to_scenario(live.now(), "test");
    assert!(
        text.contains("\"fault\":{\"fault\":\"sms-delay:2.5\""),
        "{text}"
    );
}
