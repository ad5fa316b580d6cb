//! A started request (C4): the 202, the steps one after another, the code, the texts.

use serde_json::{json, Value};
use verify_engine::v2::{Channel, Status};
use verify_engine::{Call, Happening, Response, Uuid};

use crate::sim::*;

#[test]
fn a_start_answers_202_with_a_v4_id_and_check_url_for_silent_auth() {
    let mut sim = Sim::new();
    let (http, body) = sim.answer(Call::Verify2(
        json!({"brand": "A", "workflow": [sms("447700900001")]}),
    ));
    assert_eq!(http, 202);
    let body: Value = serde_json::from_str(&body.unwrap()).unwrap();
    let id = body["request_id"].as_str().unwrap();
    assert_eq!(body.as_object().unwrap().len(), 1);
    assert_eq!(Uuid::parse(id).map(|u| u.to_string()).as_deref(), Some(id));
    assert_eq!(&id[14..15], "4");

    sim.engine.set_origin("http://emu.test:9000/");
    let call = Call::Verify2(
        json!({"brand": "A", "workflow": [{"channel": "silent_auth", "to": "447700900002"}, sms("447700900002")]}),
    );
    let response = sim.call(&call);
    let text = response.json(&call).unwrap();
    let Response::Verify2(Ok(started)) = &response else {
        panic!()
    };
    let id = started.request_id;
    assert_eq!(
        text,
        format!(
            r#"{{"request_id":"{id}","check_url":"http://emu.test:9000/v2/verify/{id}/silent-auth/redirect"}}"#
        )
    );
}

#[test]
fn steps_run_one_after_another_each_for_channel_timeout_with_one_code() {
    let mut sim = Sim::new();
    let id = sim.start(
        json!({"brand": "Acme", "channel_timeout": 90, "code_length": 6, "workflow": [
        sms("447700900001"), {"channel": "voice", "to": "447700900001"},
        {"channel": "email", "to": "Ann@Example.com"}]}),
    );
    let code = sim.code(&id);
    assert_eq!(code.len(), 6);
    let spoken = code
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(", ");
    sim.at(89);
    assert_eq!(
        sim.drain(),
        [format!(
            "0 sms 447700900001 Your Acme verification code is {code}. Valid for 90 seconds."
        )]
    );
    sim.at(400);
    let summary = format!(
        r#"270 callback {{"request_id":"{id}","submitted_at":"2026-01-01T00:00:00.000Z","status":"expired","type":"summary","channel_timeout":90,"workflow":[{{"channel":"sms","initiated_at":"2026-01-01T00:00:00.000Z","status":"expired"}},{{"channel":"voice","initiated_at":"2026-01-01T00:01:30.000Z","status":"expired"}},{{"channel":"email","initiated_at":"2026-01-01T00:03:00.000Z","status":"expired"}}],"price":"0"}}"#
    );
    assert_eq!(
        sim.drain(),
        [
            format!("90 voice 447700900001 Your Acme verification code is {spoken}. I repeat: {spoken}."),
            format!("180 email Ann@Example.com Your Acme verification code is {code}. Valid for 90 seconds."),
            "270 status expired".into(),
            summary,
        ]
    );
    assert_eq!(sim.status(&id), Status::Expired);
}

#[test]
fn a_silent_auth_step_lasts_60_seconds_and_a_custom_code_is_used_as_given() {
    let mut sim = Sim::new();
    let id = sim.start(json!({"brand": "Acme", "code": "Ab12", "code_length": 8, "workflow": [
        {"channel": "silent_auth", "to": "447700900002"}, {"channel": "voice", "to": "447700900002"}]}));
    assert_eq!(sim.code(&id), "Ab12");
    sim.at(59).drain();
    sim.at(60);
    let lines = sim.drain();
    assert!(
        lines[0].starts_with("60 callback ") && lines[0].contains(r#""status":"expired""#),
        "{lines:?}"
    );
    assert_eq!(
        lines[1],
        "60 voice 447700900002 Your Acme verification code is A, b, 1, 2. I repeat: A, b, 1, 2."
    );
    // Case-sensitive.
    assert_eq!(sim.answer(check(&id, json!("ab12"))).0, 400);
    assert_eq!(sim.answer(check(&id, json!("Ab12"))).0, 200);
}

#[test]
fn texts_follow_the_locale_and_the_lifetime_units() {
    let cases = [
        (
            None,
            60,
            "Your Acme verification code is 1234. Valid for 1 minute.",
        ),
        (
            Some("en-gb"),
            120,
            "Your Acme verification code is 1234. Valid for 2 minutes.",
        ),
        (
            Some("es-mx"),
            90,
            "Your Acme verification code is 1234. Valid for 90 seconds.",
        ),
        (
            Some("es-es"),
            120,
            "Tu código de verificación de Acme es 1234. Válido durante 2 minutos.",
        ),
        (
            Some("fr-fr"),
            60,
            "Votre code de vérification Acme est 1234. Valable 1 minute.",
        ),
        (
            Some("de-de"),
            45,
            "Ihr Acme Bestätigungscode lautet 1234. Gültig für 45 Sekunden.",
        ),
    ];
    for (locale, timeout, text) in cases {
        let mut sim = Sim::new();
        let mut body = json!({"brand": "Acme", "code": "1234", "channel_timeout": timeout, "workflow": [
            sms("447700900001"), {"channel": "whatsapp", "to": "447700900001"}, {"channel": "rcs", "to": "447700900001"}]});
        if let Some(locale) = locale {
            body["locale"] = locale.into();
        }
        sim.start(body);
        sim.at(3 * timeout);
        let texts: Vec<String> = sim
            .happened
            .iter()
            .filter_map(|h| match h {
                Happening::V2Delivered(d) => Some(d.text()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, [text; 3]);
    }
    let mut sim = Sim::new();
    sim.start(
        json!({"brand": "Acme", "code": "1234", "locale": "de-de", "workflow": [
        {"channel": "email", "to": "a@b.de"}, {"channel": "voice", "to": "447700900001"},
        {"channel": "whatsapp_interactive", "to": "447700900001"}]}),
    );
    sim.at(360);
    let delivered: Vec<(Channel, Option<String>, String, Option<String>)> = sim
        .happened
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((
                d.channel,
                d.subject(),
                d.text(),
                d.code.map(|c| c.to_string()),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        delivered,
        [
            (
                Channel::Email,
                Some("Ihr Acme Bestätigungscode".into()),
                "Ihr Acme Bestätigungscode lautet 1234. Gültig für 3 Minuten.".into(),
                Some("1234".into())
            ),
            (
                Channel::Voice,
                None,
                "Ihr Acme Bestätigungscode lautet 1, 2, 3, 4. Ich wiederhole: 1, 2, 3, 4.".into(),
                Some("1234".into())
            ),
            (
                Channel::WhatsappInteractive,
                None,
                "Acme: Versuchen Sie gerade, sich anzumelden?".into(),
                None
            ),
        ]
    );
    let mut sim = Sim::new();
    sim.start(json!({"brand": "Acme", "workflow": [{"channel": "email", "to": "a@b.de"}, {"channel": "whatsapp_interactive", "to": "447700900001"}]}));
    sim.at(180);
    let english: Vec<_> = sim
        .happened
        .iter()
        .filter_map(|h| match h {
            Happening::V2Delivered(d) => Some((d.subject(), d.answers())),
            _ => None,
        })
        .collect();
    assert_eq!(
        english,
        [
            (Some("Your Acme verification code".into()), None),
            (None, Some(["Yes", "No"]))
        ]
    );
    assert!(sim.drain()[1].ends_with("Acme: is this you trying to sign in?"));
}
