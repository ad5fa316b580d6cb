//! Verify v2's view (`#v2`): its own module, built with the `v2` feature, so that the v1
//! playground's readers never download v2's code.

fn main() {
    verify_playground::v2::start();
}
