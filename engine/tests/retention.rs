//! Retention: finished requests are forgotten after a while (for long-running servers),
//! and an engine that holds nothing can be carried on by a fresh one.

use verify_engine::{Call, Endpoint, Engine, Response, StartDate, SECOND};

fn call(engine: &mut Engine, endpoint: Endpoint, pairs: &[(&str, &str)]) -> Response {
    let call = Call::from_pairs(endpoint, pairs.iter().copied());
    engine.call(&call, &mut Vec::new())
}

fn start(engine: &mut Engine, number: &str) -> String {
    match call(
        engine,
        Endpoint::Verify,
        &[("number", number), ("brand", "A")],
    ) {
        Response::Verify(Ok(id)) => id.to_string(),
        other => panic!("not started: {other:?}"),
    }
}

fn pin(engine: &Engine, id: &str) -> String {
    let id = verify_engine::RequestId::parse(id).unwrap();
    engine.request(id).unwrap().current_pin().to_string()
}

#[test]
fn a_finished_request_is_forgotten_once_its_retention_has_passed() {
    let mut engine = Engine::new(1);
    engine.set_retention(Some(60 * SECOND));
    let id = start(&mut engine, "447700900001");
    engine.advance_to(10 * SECOND, &mut Vec::new());
    let code = pin(&engine, &id);
    let checked = call(
        &mut engine,
        Endpoint::Check,
        &[("request_id", &id), ("code", &code)],
    );
    assert_eq!(checked.status(), 0);
    engine.advance_to(69_999, &mut Vec::new());
    assert_eq!(
        call(&mut engine, Endpoint::Search, &[("request_id", &id)]).status(),
        0
    );
    engine.advance_to(70 * SECOND, &mut Vec::new());
    assert_eq!(
        call(&mut engine, Endpoint::Search, &[("request_id", &id)]).status(),
        101
    );
    assert_eq!(
        call(
            &mut engine,
            Endpoint::Check,
            &[("request_id", &id), ("code", &code)]
        )
        .status(),
        6
    );
    assert_eq!(
        call(
            &mut engine,
            Endpoint::Control,
            &[("request_id", &id), ("cmd", "cancel")]
        )
        .status(),
        6
    );
    assert_eq!(
        (engine.request_count(), engine.request_at(0).is_none()),
        (1, true)
    );
    // A request in progress is never forgotten, whatever its age.
    let running = start(&mut engine, "447700900002");
    engine.advance_to(70 * SECOND + 200 * SECOND, &mut Vec::new());
    assert_eq!(
        call(&mut engine, Endpoint::Search, &[("request_id", &running)]).status(),
        0
    );
}

#[test]
fn memory_stays_bounded_over_a_long_run() {
    let mut engine = Engine::new(2);
    engine.set_retention(Some(60 * SECOND));
    for round in 0..100u64 {
        for i in 0..100 {
            start(&mut engine, &format!("4477{:08}", round * 100 + i));
        }
        engine.advance_to((round + 1) * 1000 * SECOND, &mut Vec::new());
    }
    assert_eq!(engine.request_count(), 10_000);
    assert!(
        engine.requests().len() < 1_000,
        "{} requests still held",
        engine.requests().len()
    );
}

#[test]
fn an_idle_engine_is_carried_on_by_a_fresh_one_with_its_seed() {
    let start_date = StartDate::parse("2026-03-01 12:00:00").unwrap();
    let mut engine = Engine::with_start(3, start_date);
    engine.set_retention(Some(30 * SECOND));
    assert_eq!(engine.idle_seed(), Some(3), "a new engine is idle");
    start(&mut engine, "447700900001");
    assert_eq!(engine.idle_seed(), None);
    engine.advance_to(1000 * SECOND, &mut Vec::new());
    let seed = engine.idle_seed().expect("everything forgotten");
    let mut fresh = Engine::with_start(seed, start_date);
    fresh.set_retention(Some(30 * SECOND));
    type Step<'a> = (u64, Endpoint, &'a [(&'a str, &'a str)]);
    let script: &[Step] = &[
        (
            1000,
            Endpoint::Verify,
            &[("number", "447700900002"), ("brand", "B")],
        ),
        (
            1010,
            Endpoint::Verify,
            &[
                ("number", "447700900003"),
                ("brand", "B"),
                ("workflow_id", "3"),
            ],
        ),
    ];
    for (at, endpoint, pairs) in script {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        engine.advance_to(at * SECOND, &mut a);
        fresh.advance_to(at * SECOND, &mut b);
        let call = Call::from_pairs(*endpoint, pairs.iter().copied());
        let (x, y) = (engine.call(&call, &mut a), fresh.call(&call, &mut b));
        assert_eq!(x.body(&call), y.body(&call));
        assert_eq!(a, b);
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    engine.advance_to(2000 * SECOND, &mut a);
    fresh.advance_to(2000 * SECOND, &mut b);
    assert_eq!(a, b, "the same deliveries, PINs and ends");
}
