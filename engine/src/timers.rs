//! The engine's timer queue: everything due, earliest first.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::engine::Timer;

/// Everything due, earliest first (by [`Timer`]'s order: time, then the requests'
/// creation order, then the kinds'), each with the schedule generation it was set under.
/// A timer whose request was rescheduled since is stale: the engine skips it when it comes
/// up, so a reschedule costs one push and never a search.
///
/// A binary heap, not a B-tree: only the earliest entry is ever read or removed. It runs
/// v1's 100,000-requests lifecycle benchmark as fast as the B-tree did (`cargo bench
/// --bench lifecycle`), and its code is a fraction of a B-tree's in every view's download
/// (`scripts/bundle-size`; figures in the commit that made the change).
#[derive(Clone, Debug, Default)]
pub(crate) struct TimerQueue(BinaryHeap<Reverse<(Timer, u32)>>);

impl TimerQueue {
    /// Sets `timer` under schedule `generation`.
    pub(crate) fn insert(&mut self, timer: Timer, generation: u32) {
        self.0.push(Reverse((timer, generation)));
    }

    /// The earliest entry.
    pub(crate) fn first(&self) -> Option<(Timer, u32)> {
        self.0.peek().map(|Reverse(entry)| *entry)
    }

    /// Removes the earliest entry, and any copy of it: a timer set twice under one
    /// generation runs once, as it would from a set.
    pub(crate) fn pop_first(&mut self) {
        if let Some(Reverse(first)) = self.0.pop() {
            while self.0.peek().is_some_and(|Reverse(entry)| *entry == first) {
                self.0.pop();
            }
        }
    }
}
