//! The Reach lab page (`#lab`): its own module, downloaded only when the lab opens.

fn main() {
    verify_playground::lab::start();
}
