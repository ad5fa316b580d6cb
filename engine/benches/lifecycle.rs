//! Full request lifecycles per second: request, deliveries, then a right code (half of
//! the requests) or expiry at the end of the workflow (the other half), with 1, 1,000 and
//! 100,000 requests in progress at once.
//!
//! Run: `cargo bench --bench lifecycle` (from the repository root).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
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

criterion_group!(benches, lifecycles);
criterion_main!(benches);
