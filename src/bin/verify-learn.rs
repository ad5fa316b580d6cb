//! The stories (`#learn`): their own module, so a documentation page that embeds a story
//! downloads only what stories need.

fn main() {
    verify_playground::learn::start();
}
