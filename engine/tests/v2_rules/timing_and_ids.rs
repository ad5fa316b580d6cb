//! What happens at one instant, the problems' ids from the seed, retention.

use serde_json::json;
use verify_engine::{Call, Uuid, SECOND};

use crate::sim::*;

#[test]
fn at_one_instant_v1_and_v2_run_in_creation_order() {
    let mut sim = Sim::new();
    let v1 = Call::from_pairs(
        verify_engine::Endpoint::Verify,
        [
            ("number", "447700900001"),
            ("brand", "A"),
            ("workflow_id", "6"),
        ],
    );
    sim.call(&v1);
    sim.start(json!({"brand": "A", "channel_timeout": 300, "workflow": [sms("447700900001")]}));
    sim.call(&Call::from_pairs(
        verify_engine::Endpoint::Verify,
        [
            ("number", "447700900003"),
            ("brand", "A"),
            ("workflow_id", "6"),
        ],
    ));
    sim.drain();
    sim.at(300);
    let lines = sim.drain();
    assert_eq!(lines[0], "300 v1 status EXPIRED");
    assert_eq!(lines[1], "300 status expired");
    assert!(lines[2].starts_with("300 callback "));
    assert_eq!(lines[3], "300 v1 status EXPIRED");
}

#[test]
fn problems_draw_their_instance_from_the_seed() {
    let run = || {
        let mut sim = Sim::new();
        let a = sim.call(&Call::Verify2(json!({})));
        let b = sim.call(&Call::Cancel2 {
            request_id: "x".into(),
        });
        (a.problem().unwrap().instance, b.problem().unwrap().instance)
    };
    let (a, b) = run();
    assert_ne!(a, b);
    assert_eq!(run(), (a, b));
}

#[test]
fn finished_v2_requests_are_forgotten_after_the_retention() {
    let mut sim = Sim::new();
    sim.engine.set_retention(Some(10 * SECOND));
    let id = sim.start(json!({"brand": "A", "workflow": [sms("447700900001")]}));
    assert_eq!(sim.engine.idle_seed(), None, "a running request matters");
    sim.at(5);
    sim.answer(Call::Cancel2 {
        request_id: id.clone(),
    });
    sim.at(14);
    assert!(sim.engine.v2_request(Uuid::parse(&id).unwrap()).is_some());
    sim.at(15);
    assert!(sim.engine.v2_request(Uuid::parse(&id).unwrap()).is_none());
    assert!(
        sim.engine.idle_seed().is_some(),
        "nothing left that matters"
    );
    assert_eq!(sim.answer(check(&id, json!("1234"))).0, 404);
}
