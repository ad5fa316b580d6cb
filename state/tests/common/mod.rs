//! Helpers the state's integration tests share: a paused playground, applying actions,
//! and reading what the page would show.
#![allow(dead_code)] // each test file uses some of them

use verify_playground_state::{Action, Playground};

pub fn playground() -> Playground {
    let mut p = Playground::new(42);
    p.running = false;
    p
}

pub fn act(p: &mut Playground, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        p.apply(action);
    }
}

pub fn last_status(p: &Playground) -> u8 {
    p.session.log.last().expect("a call").response.status()
}

pub fn phone_pin(p: &Playground) -> String {
    let phone = p.session.phones.current().expect("a phone");
    phone.items.last().expect("a delivery").pin()
}

pub fn shown(p: &Playground) -> Option<&str> {
    p.session
        .phones
        .current()
        .map(|phone| phone.number.as_str())
}

pub fn status_word(p: &Playground) -> &'static str {
    p.selected_request().expect("selected").status().as_str()
}
