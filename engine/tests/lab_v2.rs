//! The Reach lab's Verify v2 rows (the engine's `v2` feature) against cases whose answer
//! is known without simulating: WhatsApp reaching nobody, email read at once, silent
//! authentication passing or failing for everyone; plus determinism, bookkeeping and the
//! v1 rows unchanged beside them. Run: `cargo test -p verify-engine --release --test lab_v2`.
#![cfg(feature = "v2")]

use verify_engine::lab::{
    run, Goal, LabConfig, LabError, LabResults, Outcomes, Population, SequenceResult,
    DEFAULT_CHANNEL_TIMEOUT, SEQUENCES, SILENT_AUTH_STEP_S,
};

#[path = "common/lab.rs"]
mod lab_common;

const USERS: u32 = 2_500;
const N: u64 = USERS as u64;

/// Ideal users on every channel (each read after exactly `read_s`), who never mistype,
/// never give up and never answer calls.
fn ideal(read_s: f64) -> Population {
    Population {
        sms_reach: 1.0,
        sms_read_median_s: read_s,
        sms_read_spread: 0.0,
        call_answer: 0.0,
        mistype: 0.0,
        patience_median_s: None,
        whatsapp_reach: 1.0,
        whatsapp_read_median_s: read_s,
        whatsapp_read_spread: 0.0,
        email_reach: 1.0,
        email_read_median_s: read_s,
        email_read_spread: 0.0,
        silent_auth_success: 1.0,
        silent_auth_s: read_s,
        ..Population::default()
    }
}

/// [`lab_common::lab`] with this file's users.
fn lab(population: Population) -> LabResults {
    lab_common::lab(population, USERS)
}

/// The row of the sequence named `name` (`whatsapp → sms`).
fn seq<'a>(results: &'a LabResults, name: &str) -> &'a SequenceResult {
    results
        .sequences
        .iter()
        .find(|r| r.sequence().map(|s| s.name()).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

fn assert_counts_add_up(results: &LabResults) {
    assert_eq!(results.sequences.len(), SEQUENCES.len());
    lab_common::assert_counts_add_up(&results.sequences);
}

const S: u64 = 1000;

#[test]
fn whatsapp_reaching_nobody_verifies_by_sms_at_channel_timeout() {
    let results = lab(Population {
        whatsapp_reach: 0.0,
        channel_timeout: Some(120),
        ..ideal(10.0)
    });
    assert_counts_add_up(&results);
    let row = seq(&results, "whatsapp → sms");
    assert_eq!(row.verified, N);
    assert_eq!(row.verified_first_event, 0);
    assert_eq!(
        row.median_ms,
        Some(130 * S),
        "SMS sent at 120 s, read 10 s later"
    );
    assert_eq!(row.p90_ms, Some(130 * S));
    assert_eq!((row.whatsapp_sent, row.sms_sent), (N, N));
    // Nobody answers calls: whatsapp -> voice verifies nobody, both steps run out.
    let voice = seq(&results, "whatsapp → voice");
    assert_eq!((voice.verified, voice.expired), (0, N));
    assert_eq!(voice.calls_sent, N);
}

#[test]
fn email_read_at_once_verifies_at_the_read_delay() {
    let results = lab(ideal(7.0));
    let row = seq(&results, "email → sms");
    assert_eq!((row.verified, row.verified_first_event), (N, N));
    assert_eq!(row.median_ms, Some(7 * S));
    assert_eq!((row.emails_sent, row.sms_sent), (N, 0));
    // WhatsApp read too: verified in the first step, no SMS sent.
    let whatsapp = seq(&results, "whatsapp → sms");
    assert_eq!((whatsapp.verified_first_event, whatsapp.sms_sent), (N, 0));
}

#[test]
fn silent_auth_passes_or_falls_back_to_sms() {
    let passing = lab(ideal(4.0));
    let row = seq(&passing, "silent_auth → sms");
    assert_eq!(
        (row.verified_first_event, row.sms_sent, row.silent_auths),
        (N, 0, N)
    );
    assert_eq!(
        row.median_ms,
        Some(4 * S),
        "the hop, then the app's check at once"
    );

    let failing = lab(Population {
        silent_auth_success: 0.0,
        ..ideal(4.0)
    });
    let row = seq(&failing, "silent_auth → sms");
    assert_eq!(
        (row.verified, row.verified_first_event, row.sms_sent),
        (N, 0, N)
    );
    // The sandbox fails the hop at 4 s; the SMS starts then and is read 4 s later.
    assert_eq!(row.median_ms, Some(8 * S));
    assert!(u64::from(SILENT_AUTH_STEP_S) * S > 8 * S);
}

#[test]
fn calls_answered_verify_sms_voice_in_the_second_step() {
    let results = lab(Population {
        sms_reach: 0.0,
        call_answer: 1.0,
        call_answer_median_s: 5.0,
        call_answer_spread: 0.0,
        ..ideal(10.0)
    });
    let row = seq(&results, "sms → voice");
    assert_eq!(row.verified, N);
    let default_s = u64::from(DEFAULT_CHANNEL_TIMEOUT);
    // Call at 180 s, picked up 5 s later, the code typed 12 s after that.
    assert_eq!(row.median_ms, Some((default_s + 5 + 12) * S));
    assert_eq!((row.sms_sent, row.calls_sent), (N, N));
}

#[test]
fn everyone_mistyping_fails_on_the_third_wrong_code() {
    let results = lab(Population {
        mistype: 1.0,
        ..ideal(5.0)
    });
    for name in ["sms → voice", "whatsapp → sms", "email → sms"] {
        let row = seq(&results, name);
        assert_eq!((row.verified, row.failed_wrong_codes), (0, N), "{name}");
        assert_eq!(row.wrong_checks, 3 * N, "{name}");
    }
}

#[test]
fn whatsapp_reach_changes_only_the_rows_that_use_it() {
    let base = lab(Population::default());
    let more = lab(Population {
        whatsapp_reach: 0.2,
        ..Population::default()
    });
    assert_counts_add_up(&base);
    assert_eq!(base.workflows, more.workflows, "v1 rows do not read it");
    assert_eq!(seq(&base, "email → sms"), seq(&more, "email → sms"));
    let (a, b) = (seq(&base, "whatsapp → sms"), seq(&more, "whatsapp → sms"));
    assert!(b.verified_first_event < a.verified_first_event);
    assert!(b.median_ms > a.median_ms);
}

#[test]
fn the_same_seed_gives_the_same_rows_however_chunked() {
    let config = LabConfig {
        population: Population::default(),
        users_per_workflow: 3_000,
        seed: 9,
    };
    let once = run(config.clone()).expect("valid");
    let (chunked, _) = lab_common::run_chunked(config);
    assert_eq!(chunked, once);
    assert_eq!(once.sequences.len(), SEQUENCES.len());
}

#[test]
fn prices_the_engine_lacks_are_the_readers() {
    let results = lab(Population {
        price_whatsapp: 0.5,
        ..ideal(5.0)
    });
    let row = seq(&results, "whatsapp → sms");
    assert_eq!(row.cost_per_verified(), Some(0.5));
    let free = lab(ideal(5.0));
    assert_eq!(seq(&free, "whatsapp → sms").cost_per_verified(), Some(0.0));
}

#[test]
fn a_channel_timeout_the_api_refuses_is_refused_by_name() {
    let bad = Population {
        channel_timeout: Some(10),
        ..Population::default()
    };
    let error = bad.validate().unwrap_err();
    assert!(matches!(
        error,
        LabError::Invalid {
            field: "channel_timeout",
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        "channel_timeout must be between 15 and 900"
    );
}

#[test]
fn goals_pick_the_best_sequence() {
    let results = lab(Population {
        email_read_median_s: 3.0,
        price_email: 1.0,
        ..ideal(5.0)
    });
    // Everyone is verified everywhere: the tie goes to the first row.
    assert_eq!(results.best_sequence(Goal::HighestRate), Some(0));
    let email = SEQUENCES.iter().position(|s| s.name() == "email → sms");
    assert_eq!(
        results.best_sequence(Goal::FastestMedian).map(usize::from),
        email,
        "the email is read after 3 s, everything else after 5 s"
    );
    // WhatsApp is free here and read first; of its two rows, the earlier one.
    let whatsapp = SEQUENCES.iter().position(|s| s.name() == "whatsapp → sms");
    assert_eq!(
        results.best_sequence(Goal::LowestCost).map(usize::from),
        whatsapp
    );
    let without = LabResults {
        sequences: Vec::new(),
        ..results
    };
    assert_eq!(without.best_sequence(Goal::HighestRate), None);
}
