//! The timeline's model of a request: what each row and note says, and its scale.

use verify_engine::SECOND;
use verify_playground_state::signal::Signal;
use verify_playground_state::{timeline, Action};

mod common;
use common::{act, phone_pin, playground};

#[test]
fn timeline_explains_the_new_pin() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    let model = timeline::model(
        p.selected_request().unwrap(),
        p.now(),
        &p.session.fates,
        Signal::Good,
    );
    assert_eq!(model.events.len(), 3);
    assert!(model.events[1].planned && !model.events[1].new_pin);
    assert!(model.events[2].planned && model.events[2].new_pin);
    assert_eq!(model.end, 605 * SECOND);
    assert_eq!(model.pins.len(), 2);
    assert!(model
        .notes
        .iter()
        .any(|n| n.text.contains("new PIN") && n.text.contains("5:00")));
    act(
        &mut p,
        [Action::SkipToNext, Action::SkipToNext, Action::SkipToNext],
    );
    let model = timeline::model(
        p.selected_request().unwrap(),
        p.now(),
        &p.session.fates,
        Signal::Good,
    );
    assert_eq!(p.now(), 305 * SECOND);
    assert!(model.events.iter().all(|e| !e.planned));
    assert!(model.pins.iter().all(|pin| !pin.planned));
    assert!(model
        .notes
        .iter()
        .any(|n| n.text.contains("previous PIN died at 5:00")));
}

#[test]
fn a_request_that_ends_at_once_is_drawn_on_its_plans_scale() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    let pin = phone_pin(&p);
    act(&mut p, [Action::EditPin(pin), Action::Check]);
    let model = timeline::model(
        p.selected_request().unwrap(),
        p.now(),
        &p.session.fates,
        Signal::Good,
    );
    assert_eq!((model.start, model.end), (0, 0));
    // Workflow 1's whole schedule, not a collapsed zero-length drawing.
    assert_eq!(model.horizon, 605 * SECOND);

    // A trigger brings the end forward; the drawing keeps the plan's scale, so the
    // earlier end shows as earlier.
    act(&mut p, [Action::Reset(1), Action::Send]);
    act(&mut p, [Action::SkipToNext, Action::TriggerNext]);
    let model = timeline::model(
        p.selected_request().unwrap(),
        p.now(),
        &p.session.fates,
        Signal::Good,
    );
    assert_eq!(model.end, (125 + 300) * SECOND);
    assert_eq!(model.horizon, 605 * SECOND);
}
