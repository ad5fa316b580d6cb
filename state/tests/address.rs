//! The page's address: the form's settings, `embed`, `scenario`, `ns`, and the phone's
//! Signal as a preset (`?signal=sms-lost`, how the Reach lab's rows open the playground
//! on one user the SMS does not reach).

use verify_playground_state::address::{parse_query, preset_query, settings_query};
use verify_playground_state::form::{Field, FormValues};
use verify_playground_state::saved::{self, Loaded, UrlSettings};
use verify_playground_state::signal::{Fate, Signal};
use verify_playground_state::{Action, Playground};

const NUMBER: &str = "447700900001";

#[test]
fn addresses_without_a_signal_read_as_before() {
    let settings = parse_query("workflow_id=3&pin_expiry=240&embed&ns=team%20a&scenario=x");
    assert_eq!(
        settings,
        UrlSettings {
            form: vec![
                (Field::Workflow, "3".to_owned()),
                (Field::PinExpiry, "240".to_owned())
            ],
            embed: true,
            scenario: Some("x".to_owned()),
            namespace: Some("team a".to_owned()),
            signal: None,
        }
    );
    assert_eq!(parse_query(""), UrlSettings::default());
}

#[test]
fn a_signal_is_read_by_its_menu_value() {
    for signal in Signal::ALL {
        let query = format!("workflow_id=2&signal={}", signal.key());
        let settings = parse_query(&query);
        assert_eq!(settings.signal, Some(signal), "{query}");
        assert_eq!(settings.form, vec![(Field::Workflow, "2".to_owned())]);
    }
    assert_eq!(
        parse_query("signal=sms-delay%3A60").signal,
        Some(Signal::SmsLate),
        "the value as encodeURIComponent writes it"
    );
    for unknown in [
        "signal=",
        "signal=lost",
        "signal=throttled",
        "signal=sms-delay:5",
    ] {
        assert_eq!(parse_query(unknown).signal, None, "{unknown}");
    }
}

#[test]
fn a_preset_is_the_forms_settings_and_the_signal() {
    let mut form = FormValues::default();
    assert_eq!(preset_query(&form, Signal::SmsLost), "signal=sms-lost");
    form.set(Field::Workflow, "5".into());
    form.set(Field::NextEventWait, "60".into());
    let query = preset_query(&form, Signal::SmsLate);
    assert_eq!(
        query,
        format!(
            "{}&signal=sms-delay%3A60",
            settings_query(&form, false, None)
        )
    );
    let read = parse_query(&query);
    assert_eq!(read.signal, Some(Signal::SmsLate));
    assert_eq!(
        read.form,
        vec![
            (Field::Workflow, "5".to_owned()),
            (Field::NextEventWait, "60".to_owned())
        ]
    );
}

#[test]
fn a_page_opened_with_a_signal_loses_the_sms_of_its_first_request() {
    let settings = parse_query("workflow_id=2&signal=sms-lost");
    let mut p = saved::boot(Loaded::Nothing, &settings, 42);
    p.running = false;
    assert_eq!(p.signal(NUMBER), Signal::SmsLost);
    assert_eq!(p.form.get(Field::Workflow), "2");
    assert_eq!(p.session.log.len(), 1, "the fault call, in the API log");
    p.apply(Action::Send);
    let request = p.selected_request().expect("the request");
    let sms = request.deliveries()[0];
    assert_eq!(p.session.fates.of(sms.event_id), Some(Fate::Lost));
    // The address the page then keeps holds the form's settings only: a reload does not
    // set the signal again.
    assert_eq!(settings_query(&p.form, false, None), "workflow_id=2");
}

#[test]
fn a_page_opened_without_a_signal_makes_no_call() {
    let p: Playground = saved::boot(Loaded::Nothing, &parse_query("workflow_id=1"), 42);
    assert!(p.session.log.is_empty());
    assert_eq!(p.signal(NUMBER), Signal::Good);
}
