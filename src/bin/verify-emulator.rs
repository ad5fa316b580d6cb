//! The playground as the emulator's phone: the same app, built with the `emulator`
//! feature. `verify-server` marks its page, and the loader (Trunk.toml) picks this module
//! there; every other reader gets the playground without it.

fn main() {
    verify_playground::start();
}
