//! The phones as the page shows them: one per number, the selection following the phone
//! shown, and the switcher's most-recently-active order.

use verify_playground_state::form::Field;
use verify_playground_state::{Action, Playground};

mod common;
use common::{act, last_status, playground, shown};

#[test]
fn two_numbers_two_phones_and_selection_follows() {
    let mut p = playground();
    act(&mut p, [Action::Send]);
    let first = p.session.selected.unwrap();
    act(
        &mut p,
        [
            Action::Edit(Field::Number, "447700900002".into()),
            Action::Send,
        ],
    );
    let second = p.session.selected.unwrap();
    assert_ne!(first, second);
    assert_eq!(p.session.phones.list().len(), 2);
    assert_eq!(shown(&p), Some("447700900002"));
    act(&mut p, [Action::Select(first)]);
    assert_eq!(shown(&p), Some("447700900001"));
    act(&mut p, [Action::ShowPhone("447700900002".into())]);
    assert_eq!(p.session.selected, Some(second));
    // A second request to a busy number is the API's status 10.
    act(&mut p, [Action::Send]);
    assert_eq!(last_status(&p), 10);
}

#[test]
fn the_switcher_offers_the_most_recently_active_numbers_first() {
    let mut p = playground();
    let mut ids = Vec::new();
    for n in 1..=8 {
        act(
            &mut p,
            [
                Action::Edit(Field::Number, format!("4477009000{n:02}")),
                Action::Send,
            ],
        );
        ids.push(p.session.selected.expect("started"));
    }
    let offered = |p: &Playground| -> Vec<String> {
        let choices = p.session.phones.choices();
        choices
            .iter()
            .map(|c| c.number.as_str()[10..].to_owned())
            .collect()
    };
    assert_eq!(offered(&p), ["08", "07", "06", "05", "04", "03"]);
    // The next event (the call) reaches 03, then its neighbour 02, then 05, then the
    // least recent, 01 (trigger_next_event).
    for n in [3, 2, 5, 1] {
        act(&mut p, [Action::Select(ids[n - 1]), Action::TriggerNext]);
        assert_eq!(last_status(&p), 0, "the next event for {n}");
    }
    assert_eq!(offered(&p), ["01", "05", "02", "03", "08", "07"]);
    act(&mut p, [Action::Select(ids[7]), Action::TriggerNext]);
    assert_eq!(offered(&p), ["08", "01", "05", "02", "03", "07"]);
    // A search keeps that order among the numbers it finds.
    act(&mut p, [Action::FindPhone("0 1".into())]);
    assert_eq!(offered(&p), ["01"]);
    act(&mut p, [Action::FindPhone("4477".into())]);
    assert_eq!(offered(&p), ["08", "01", "05", "02", "03", "07"]);
}
