//! Starts the playground in the browser (the app itself is the library).

fn main() {
    verify_playground::start();
}
