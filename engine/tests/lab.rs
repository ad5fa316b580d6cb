//! The Reach lab against cases whose answer is known without simulating: instant readers,
//! no SMS coverage, nobody answering calls, everyone mistyping, nobody waiting; plus
//! determinism and bookkeeping. Run: `cargo test -p verify-engine --release --test lab`.

use verify_engine::lab::{
    run, Goal, LabConfig, LabError, LabResults, LabRun, Outcomes, Population, Preset,
    WorkflowResult, CALL_LISTEN_S,
};

#[path = "common/lab.rs"]
mod lab_common;

const USERS: u32 = 3_000;

/// Ideal users: everyone gets SMS and reads it after exactly `read_s`, picks up calls after
/// exactly `call_s` if `calls` says they answer at all (and types the code
/// [`CALL_LISTEN_S`] later), never mistypes, never gives up.
fn ideal(read_s: f64, calls: bool, call_s: f64) -> Population {
    Population {
        sms_reach: 1.0,
        sms_read_median_s: read_s,
        sms_read_spread: 0.0,
        call_answer: if calls { 1.0 } else { 0.0 },
        call_answer_median_s: call_s,
        call_answer_spread: 0.0,
        call_ring_s: 60.0,
        mistype: 0.0,
        patience_median_s: None,
        ..Population::default()
    }
}

/// [`lab_common::lab`] with this file's users.
fn lab(population: Population) -> LabResults {
    lab_common::lab(population, USERS)
}

fn wf(results: &LabResults, id: u8) -> &WorkflowResult {
    &results.workflows[usize::from(id - 1)]
}

fn assert_counts_add_up(results: &LabResults) {
    lab_common::assert_counts_add_up(&results.workflows);
}

const N: u64 = USERS as u64;
const SMS_FIRST: [u8; 5] = [1, 2, 4, 5, 6];

#[test]
fn instant_readers_verify_everyone_with_the_first_sms() {
    let results = lab(ideal(0.0, false, 0.0));
    assert_counts_add_up(&results);
    for id in SMS_FIRST {
        let r = wf(&results, id);
        assert_eq!(r.verified, N, "workflow {id}");
        assert_eq!(r.verified_first_event, N, "workflow {id}");
        assert_eq!((r.median_ms, r.p90_ms), (Some(0), Some(0)), "workflow {id}");
        assert_eq!((r.sms_sent, r.calls_sent, r.wrong_checks), (N, 0, 0));
        assert_eq!(r.sms_per_verified(), Some(1.0));
        assert_eq!(r.cost_per_verified(), Some(r.price_sms));
        assert_eq!(r.histogram.counts[0], N);
    }
    // Calls only, and nobody answers: nobody is verified, everyone's request expires.
    for id in [3, 7] {
        let r = wf(&results, id);
        assert_eq!((r.verified, r.expired), (0, N), "workflow {id}");
        assert_eq!((r.median_ms, r.cost_per_verified()), (None, None));
    }
    assert_eq!(wf(&results, 3).calls_sent, 2 * N);
    assert_eq!(wf(&results, 7).calls_sent, N);
}

#[test]
fn time_to_verify_is_the_reading_delay() {
    let results = lab(ideal(17.0, true, 20.0));
    for id in SMS_FIRST {
        let r = wf(&results, id);
        assert_eq!(r.verified, N, "workflow {id}");
        assert_eq!((r.median_ms, r.p90_ms), (Some(17_000), Some(17_000)));
        assert_eq!(r.verified_first_event, N);
    }
    // Call-first workflows: picking up, then listening and typing.
    assert_eq!(CALL_LISTEN_S, 12.0);
    for id in [3, 7] {
        let r = wf(&results, id);
        assert_eq!(
            (r.verified, r.median_ms),
            (N, Some(32_000)),
            "workflow {id}"
        );
        assert_eq!((r.sms_sent, r.calls_sent), (0, N));
        assert_eq!(r.cost_per_verified(), Some(r.price_call));
    }
}

#[test]
fn without_sms_coverage_sms_only_workflows_verify_nobody() {
    let no_sms = Population {
        sms_reach: 0.0,
        ..ideal(5.0, true, 20.0)
    };
    let results = lab(no_sms);
    assert_counts_add_up(&results);
    for id in [4, 6] {
        let r = wf(&results, id);
        assert_eq!((r.verified, r.expired), (0, N), "workflow {id}");
    }
    assert_eq!(wf(&results, 4).sms_sent, 2 * N);
    // The call rescues everyone, at its time in the schedule plus 20 s to pick up and 12 s
    // to listen and type: workflow 1 and 5 call at 125 s, workflow 2 at 305 s (new PIN).
    for (id, at) in [(1, 157_000), (5, 157_000), (2, 337_000)] {
        let r = wf(&results, id);
        assert_eq!((r.verified, r.median_ms), (N, Some(at)), "workflow {id}");
        assert_eq!(r.verified_first_event, 0);
    }
    assert_eq!(wf(&results, 1).sms_sent, N);
    assert_eq!(wf(&results, 2).sms_sent, 2 * N);

    // Call-only workflows do not care whether SMS reach anyone: same users, same results.
    let with_sms = lab(ideal(5.0, true, 20.0));
    for id in [3, 7] {
        assert_eq!(wf(&results, id), wf(&with_sms, id), "workflow {id}");
    }
}

#[test]
fn when_nobody_answers_calls_call_only_workflows_verify_nobody() {
    let results = lab(
        Preset::find("sms-first").map_or_else(Population::default, |p| Population {
            call_answer: 0.0,
            ..p.population
        }),
    );
    assert_counts_add_up(&results);
    for id in [3, 7] {
        let r = wf(&results, id);
        assert_eq!(r.verified, 0, "workflow {id}");
        assert_eq!(r.expired + r.gave_up, N);
    }
    assert!(wf(&results, 1).verified > N / 2);
}

#[test]
fn calls_that_stop_ringing_first_are_missed() {
    let slow = Population {
        call_ring_s: 19.0,
        ..ideal(5.0, true, 20.0)
    };
    let results = lab(slow);
    for id in [3, 7] {
        assert_eq!(wf(&results, id).verified, 0, "workflow {id}");
    }
    // With a spread, some calls are missed and some not: a second call catches more.
    let mixed = Population {
        call_answer_spread: 1.0,
        call_ring_s: 20.0,
        ..ideal(5.0, true, 20.0)
    };
    let results = lab(mixed);
    let (three, seven) = (wf(&results, 3).verified, wf(&results, 7).verified);
    assert!(seven > N * 4 / 10 && seven < N * 6 / 10, "{seven}");
    assert!(three > seven + N / 10, "{three} vs {seven}");
}

#[test]
fn everyone_mistyping_never_verifies() {
    let clumsy = Population {
        mistype: 1.0,
        ..Population::default()
    };
    let results = lab(clumsy);
    assert_counts_add_up(&results);
    for r in &results.workflows {
        assert_eq!(r.verified, 0, "workflow {}", r.workflow);
        assert!(r.failed_wrong_codes > 0, "workflow {}", r.workflow);
        assert!(r.wrong_checks >= 3 * r.failed_wrong_codes);
    }
    // Ideal but clumsy readers: three wrong codes end every request, by status 17.
    let results = lab(Population {
        mistype: 1.0,
        ..ideal(3.0, true, 10.0)
    });
    for r in &results.workflows {
        assert_eq!(r.failed_wrong_codes, N, "workflow {}", r.workflow);
        assert_eq!(r.wrong_checks, 3 * N);
    }
}

#[test]
fn users_without_patience_give_up() {
    let impatient = Population {
        patience_median_s: Some(0.0),
        ..ideal(5.0, true, 20.0)
    };
    let results = lab(impatient);
    for r in &results.workflows {
        assert_eq!(r.gave_up, N, "workflow {}", r.workflow);
    }
}

#[test]
fn the_same_seed_gives_the_same_results_however_the_run_is_chunked() {
    let config = LabConfig {
        population: Population::default(),
        users_per_workflow: 5_000,
        seed: 7,
    };
    let once = run(config.clone()).expect("valid");
    let again = run(config.clone()).expect("valid");
    assert_eq!(once, again);

    let (chunked, steps) = lab_common::run_chunked(config.clone());
    assert!(steps > 7);
    assert_eq!(chunked, once);

    let other = run(LabConfig { seed: 8, ..config }).expect("valid");
    assert_ne!(once, other);
}

#[test]
fn presets_run_and_their_counts_add_up() {
    for preset in Preset::all() {
        let results = lab(preset.population.clone());
        assert_counts_add_up(&results);
        let rate = |id| wf(&results, id).verification_rate();
        // A workflow with more events never reaches fewer people than its prefix.
        assert!(rate(1) >= rate(6) - 0.02, "{}", preset.key);
        assert!(rate(3) >= rate(7) - 0.02, "{}", preset.key);
        for goal in Goal::ALL {
            assert!(results.best(goal).is_some(), "{} {goal:?}", preset.key);
        }
    }
}

#[test]
fn presets_tell_different_stories() {
    let rate = |key: &str, id: u8| {
        let p = Preset::find(key).expect("preset exists").population;
        wf(&lab(p), id).verification_rate()
    };
    // Landlines: the call-first workflow beats SMS-only.
    assert!(rate("landline-heavy", 3) > rate("landline-heavy", 6));
    // Call averse: SMS-only beats call-only by far.
    assert!(rate("call-averse", 6) > rate("call-averse", 7) + 0.3);
}

#[test]
fn goals_pick_the_best_workflow() {
    let results = lab(Population {
        sms_reach: 0.0,
        ..ideal(5.0, true, 20.0)
    });
    // Everyone is reached by calls only. Workflow 7 (one call at once) is the fastest
    // and the cheapest; 3 (also a call at once) ties on speed and cost; the lower id wins
    // a full tie.
    assert_eq!(results.best(Goal::FastestMedian), Some(3));
    assert_eq!(results.best(Goal::LowestCost), Some(3));
    assert_eq!(results.best(Goal::HighestRate), Some(1));
}

#[test]
fn bad_models_are_refused() {
    let bad = LabConfig {
        users_per_workflow: 0,
        ..LabConfig::default()
    };
    assert_eq!(
        LabRun::new(bad).err().map(|e| e.field()),
        Some("users_per_workflow")
    );
    let bad = LabConfig {
        population: Population {
            pin_expiry: Some(5000),
            ..Population::default()
        },
        ..LabConfig::default()
    };
    let error = run(bad).unwrap_err();
    assert!(matches!(error, LabError::Request(_)));
    assert_eq!(error.field(), "pin_expiry");
}

#[test]
fn populations_round_trip_through_json() {
    let p = Preset::find("landline-heavy").expect("preset").population;
    let text = serde_json::to_string(&p).expect("serialises");
    let back: Population = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, p);
    // Missing fields take the defaults.
    let partial: Population = serde_json::from_str(r#"{"mistype": 0.5}"#).expect("parses");
    assert_eq!(partial.mistype, 0.5);
    assert_eq!(partial.sms_reach, Population::default().sms_reach);
}
