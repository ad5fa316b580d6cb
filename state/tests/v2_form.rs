//! The v2 form: the body it makes and the engine's refusals put next to their fields.
#![cfg(feature = "v2")]

use serde_json::json;
use verify_playground_state::v2::form::{V2Field, V2Form, NO_CHANNEL};

fn form(edits: &[(V2Field, &str)]) -> V2Form {
    let mut form = V2Form::default();
    for (field, value) in edits {
        form.set(*field, (*value).to_owned());
    }
    form
}

#[test]
fn the_default_form_is_accepted_and_makes_sms_then_voice() {
    let form = V2Form::default();
    assert_eq!(form.errors(), vec![]);
    assert_eq!(
        form.body(),
        json!({
            "brand": "Acme",
            "workflow": [
                {"channel": "sms", "to": "447700900002"},
                {"channel": "voice", "to": "447700900002"}
            ],
            "channel_timeout": 180,
            "code_length": 4,
            "locale": "en-us"
        })
    );
}

#[test]
fn email_steps_go_to_the_email_address_and_optional_fields_appear_when_typed() {
    let form = form(&[
        (V2Field::Channel1, "email"),
        (V2Field::Channel2, NO_CHANNEL),
        (V2Field::Code, "ab12"),
        (V2Field::ClientRef, "order-7"),
    ]);
    let body = form.body();
    assert_eq!(
        body["workflow"],
        json!([{"channel": "email", "to": "alex@example.com"}])
    );
    assert_eq!(body["code"], "ab12");
    assert_eq!(body["client_ref"], "order-7");
}

#[test]
fn each_refusal_is_the_engines_text_next_to_its_field() {
    let form = form(&[
        (V2Field::Brand, ""),
        (V2Field::Phone, "0123"),
        (V2Field::ChannelTimeout, "10"),
        (V2Field::CodeLength, "four"),
        (V2Field::Locale, "EN"),
    ]);
    assert_eq!(
        form.errors(),
        vec![
            (V2Field::Brand, "Brand is required"),
            (V2Field::Phone, "`to` Phone number is invalid"),
            (V2Field::Phone, "`to` Phone number is invalid"),
            (V2Field::Locale, "Locale is invalid"),
            (
                V2Field::ChannelTimeout,
                "channel_timeout must be between 15 and 900"
            ),
            (V2Field::CodeLength, "code_length must be between 4 and 10"),
        ]
    );
    assert_eq!(form.error(V2Field::Brand), Some("Brand is required"));
    assert_eq!(form.error(V2Field::Email), None);
}

#[test]
fn a_bad_email_lands_on_the_email_address_and_silent_auth_later_on_its_channel() {
    let form = form(&[
        (V2Field::Email, "not-an-address"),
        (V2Field::Channel2, "email"),
        (V2Field::Channel3, "silent_auth"),
    ]);
    assert_eq!(
        form.errors(),
        vec![
            (V2Field::Email, "`to` Email address is invalid"),
            (V2Field::Channel3, "`silent_auth` must be the first channel"),
        ]
    );
}

#[test]
fn a_skipped_channel_does_not_shift_the_blame() {
    // Channel 2 none, Channel 3 silent_auth: the body's workflow[1] is Channel 3.
    let form = form(&[
        (V2Field::Channel2, NO_CHANNEL),
        (V2Field::Channel3, "silent_auth"),
    ]);
    assert_eq!(
        form.errors(),
        vec![(V2Field::Channel3, "`silent_auth` must be the first channel")]
    );
}

#[test]
fn custom_code_client_ref_and_brand_limits_are_the_engines() {
    let form = form(&[
        (V2Field::Brand, "A/B"),
        (V2Field::Code, "12"),
        (V2Field::ClientRef, &"x".repeat(41)),
    ]);
    assert_eq!(
        form.errors(),
        vec![
            (V2Field::Brand, "Brand is invalid"),
            (V2Field::Code, "code must be 4-10 alphanumeric characters"),
            (V2Field::ClientRef, "client_ref must be 1-40 characters"),
        ]
    );
}

#[test]
fn the_address_holds_only_what_differs_from_the_defaults() {
    let form = form(&[(V2Field::Channel2, "whatsapp"), (V2Field::Brand, "Shop")]);
    assert_eq!(
        form.changed(),
        vec![("brand", "Shop"), ("channel2", "whatsapp")]
    );
    for field in V2Field::ALL {
        assert_eq!(V2Field::from_key(field.key()), Some(field));
    }
}

#[test]
fn the_sandbox_outcome_is_told_for_a_silent_auth_first_step() {
    assert_eq!(V2Form::default().sandbox_outcome(), None);
    for (number, outcome) in [
        ("447700900002", "completed"),
        ("+447700900000", "failed"),
        ("447700900099", "failed"),
        ("447700900007", "user_rejected"),
    ] {
        let form = form(&[(V2Field::Channel1, "silent_auth"), (V2Field::Phone, number)]);
        assert_eq!(form.sandbox_outcome(), Some(outcome), "{number}");
    }
    let invalid = form(&[(V2Field::Channel1, "silent_auth"), (V2Field::Phone, "12")]);
    assert_eq!(invalid.sandbox_outcome(), None);
}
