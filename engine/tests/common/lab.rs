//! What the Reach lab's two test binaries (`lab.rs` for v1's workflows, `lab_v2.rs` for
//! v2's sequences) set up and check alike; each includes it with
//! `#[path = "common/lab.rs"] mod lab_common;`.

use verify_engine::lab::{run, LabConfig, LabResults, LabRun, Outcomes, Population};

/// Runs `users` users of `population` per row with the tests' seed.
pub fn lab(population: Population, users: u32) -> LabResults {
    run(LabConfig {
        population,
        users_per_workflow: users,
        seed: 42,
    })
    .expect("a valid model")
}

/// Every user of every row ends one way (verified, failed, expired or gave up), every
/// verified user is in the histogram, and first-delivery successes are among them.
pub fn assert_counts_add_up<R: Outcomes>(rows: &[R]) {
    for (index, row) in rows.iter().enumerate() {
        let c = row.counts();
        assert_eq!(
            c.verified + c.failed_wrong_codes + c.expired + c.gave_up,
            c.users,
            "row {index}"
        );
        assert_eq!(
            row.times().counts.iter().sum::<u64>(),
            c.verified,
            "row {index}"
        );
        assert!(c.verified_first_event <= c.verified, "row {index}");
    }
}

/// Runs `config` one cohort at a time, checking that every step makes progress; returns
/// the results and how many steps it took.
pub fn run_chunked(config: LabConfig) -> (LabResults, u32) {
    let mut chunked = LabRun::new(config).expect("valid");
    let mut steps = 0;
    let mut last = 0;
    loop {
        let progress = chunked.step(1);
        assert!(progress.users_done > last, "every step makes progress");
        last = progress.users_done;
        steps += 1;
        if progress.is_finished() {
            break;
        }
    }
    let results = chunked.results().expect("finished");
    (results, steps)
}
