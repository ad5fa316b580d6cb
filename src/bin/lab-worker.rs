//! The Reach lab's simulation worker (`src/lab/worker.rs`), built by Trunk as a Web Worker
//! with a cargo profile of its own, for speed.

fn main() {
    verify_playground::lab::worker::start();
}
