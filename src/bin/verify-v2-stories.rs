//! Verify v2's stories (`#learn/v2-...`): their own module, built with the `v2` feature
//! (telling them runs v2's engine), so neither `#learn` (which leaves v2 out) nor `#v2`
//! (held to its own budget) carries them.

fn main() {
    verify_playground::v2::stories::start();
}
