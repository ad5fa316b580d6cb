//! The Reach lab at full size: 100,000 simulated users for each of the seven workflows
//! and (with the engine's default `v2` feature, as in the lab's worker) each of the six
//! Verify v2 sequences: 1,300,000 request lifecycles through the engine's real API, with
//! the default model.
//! The target is under 2 s in Chromium; natively it should be several times
//! faster.
//!
//! Run: `cargo bench -p verify-engine --bench lab` (from the repository root). Before
//! criterion's own report it prints one timed run as `lab: N users in T ms (U users/s)`.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use verify_engine::lab::{run, LabConfig, LabRun, Preset};

const USERS_PER_WORKFLOW: u32 = 100_000;

fn config(preset: &Preset) -> LabConfig {
    LabConfig {
        population: preset.population.clone(),
        users_per_workflow: USERS_PER_WORKFLOW,
        seed: 1,
    }
}

fn lab(c: &mut Criterion) {
    let default = Preset::all().remove(0);
    let users = LabRun::new(config(&default))
        .expect("the default model is valid")
        .progress()
        .users_total;
    for preset in Preset::all() {
        let start = Instant::now();
        let results = run(config(&preset)).expect("presets are valid");
        let elapsed = start.elapsed().as_secs_f64();
        let verified: u64 = results.workflows.iter().map(|w| w.verified).sum::<u64>()
            + results.sequences.iter().map(|s| s.verified).sum::<u64>();
        println!(
            "lab: {users} users in {:.0} ms ({:.0} users/s), {verified} verified, preset {}",
            elapsed * 1000.0,
            users as f64 / elapsed,
            preset.key,
        );
    }

    let mut group = c.benchmark_group("lab");
    group.sample_size(10);
    group.throughput(Throughput::Elements(users));
    group.bench_function("100k_users_x_13_rows", |b| {
        b.iter(|| run(config(&default)).expect("the default model is valid"))
    });
    group.finish();
}

criterion_group!(benches, lab);
criterion_main!(benches);
