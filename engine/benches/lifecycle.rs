//! Full request lifecycles per second: request, deliveries, then a right code (half of
//! the requests) or expiry at the end of the workflow (the other half), with 1, 1,000 and
//! 100,000 requests in progress at once; for v1 (`lifecycles`) and for Verify v2
//! (`v2_lifecycles`: a start with two or three steps, its messages, callbacks and
//! timeouts, then a right code or expiry).
//!
//! Run: `cargo bench --bench lifecycle` (from the repository root).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
#[cfg(feature = "v2")]
use serde_json::{json, Value};
#[cfg(feature = "v2")]
use verify_engine::v2::Status;
use verify_engine::{CheckParams, Engine, RequestStatus, VerifyParams};

/// One batch: `requests` lifecycles that all overlap in time, on a fresh engine.
fn batch(requests: &[VerifyParams]) -> usize {
    let mut engine = Engine::new(1);
    let mut out = Vec::with_capacity(64);
    let mut ids = Vec::with_capacity(requests.len());
    for params in requests {
        ids.push(engine.verify(params, &mut out).ok());
        out.clear();
    }
    engine.advance_to(20_000, &mut out);
    out.clear();
    for id in ids.iter().step_by(2).flatten() {
        let pin = engine.request(*id).map(|r| r.current_pin().to_string());
        let check = CheckParams {
            request_id: Some(id.to_string()),
            code: pin,
            ..CheckParams::default()
        };
        let _ = engine.check(&check, &mut out);
        out.clear();
    }
    let mut ended = 0;
    while let Some(next) = engine.next_due() {
        engine.advance_to(next, &mut out);
        out.clear();
    }
    for request in engine.requests() {
        ended += usize::from(request.status() != RequestStatus::InProgress);
    }
    assert_eq!(ended, requests.len());
    ended
}

fn lifecycles(c: &mut Criterion) {
    let mut group = c.benchmark_group("lifecycles");
    for concurrent in [1usize, 1_000, 100_000] {
        let requests: Vec<VerifyParams> = (0..concurrent)
            .map(|i| VerifyParams {
                number: Some(format!("4477009{i:05}")),
                brand: Some("Acme".into()),
                workflow_id: Some(((i % 7) + 1).to_string()),
                ..VerifyParams::default()
            })
            .collect();
        group.throughput(Throughput::Elements(concurrent as u64));
        if concurrent >= 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(concurrent),
            &requests,
            |b, requests| b.iter(|| batch(requests)),
        );
    }
    group.finish();
}

/// One v2 batch: `bodies` lifecycles that all overlap in time, on a fresh engine.
#[cfg(feature = "v2")]
fn v2_batch(bodies: &[Value]) -> usize {
    let mut engine = Engine::new(1);
    let mut out = Vec::with_capacity(64);
    let mut ids = Vec::with_capacity(bodies.len());
    for body in bodies {
        ids.push(engine.verify2(body, &mut out).ok().map(|s| s.request_id));
        out.clear();
    }
    engine.advance_to(20_000, &mut out);
    out.clear();
    for id in ids.iter().step_by(2).flatten() {
        let code = engine.v2_request(*id).map(|r| r.code().to_string());
        let _ = engine.check2(&id.to_string(), &json!({ "code": code }), &mut out);
        out.clear();
    }
    while let Some(next) = engine.next_due() {
        engine.advance_to(next, &mut out);
        out.clear();
    }
    let ended = engine
        .v2_requests()
        .iter()
        .filter(|r| r.status() != Status::InProgress)
        .count();
    assert_eq!(ended, bodies.len());
    ended
}

#[cfg(feature = "v2")]
fn v2_lifecycles(c: &mut Criterion) {
    let mut group = c.benchmark_group("v2_lifecycles");
    let channels = ["sms", "voice", "whatsapp", "email"];
    for concurrent in [1usize, 1_000, 100_000] {
        let bodies: Vec<Value> = (0..concurrent)
            .map(|i| {
                let phone = format!("4477009{i:05}");
                let second = channels[i % channels.len()];
                let to = if second == "email" {
                    format!("user{i}@example.com")
                } else {
                    phone.clone()
                };
                let mut workflow = vec![
                    json!({"channel": "sms", "to": phone}),
                    json!({"channel": second, "to": to}),
                ];
                if i % 3 == 0 {
                    workflow.push(json!({"channel": "voice", "to": phone}));
                }
                json!({"brand": "Acme", "workflow": workflow, "channel_timeout": 60 + (i % 5) * 60})
            })
            .collect();
        group.throughput(Throughput::Elements(concurrent as u64));
        if concurrent >= 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(concurrent),
            &bodies,
            |b, bodies| b.iter(|| v2_batch(bodies)),
        );
    }
    group.finish();
}

#[cfg(feature = "v2")]
criterion_group!(benches, lifecycles, v2_lifecycles);
// Verify v2 is the engine's `v2` feature (on by default).
#[cfg(not(feature = "v2"))]
criterion_group!(benches, lifecycles);
criterion_main!(benches);
