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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TimerKind;

    #[test]
    fn the_earliest_comes_first_in_timers_order_and_a_copy_runs_once() {
        let mut queue = TimerQueue::default();
        let event = |at, order| Timer::new(at, order, TimerKind::Event, order);
        let expire = Timer::new(5, 1, TimerKind::Expire, 1);
        for (timer, generation) in [
            (event(9, 1), 2),
            (expire, 1),
            (event(5, 2), 1),
            (event(5, 1), 1),
            (event(5, 1), 1),
            (event(5, 1), 2),
        ] {
            queue.insert(timer, generation);
        }
        let mut order = Vec::new();
        while let Some(first) = queue.first() {
            order.push(first);
            queue.pop_first();
        }
        assert_eq!(
            order,
            [
                // At 5: request 1's event (each generation once), then its expiry (kinds
                // in order), then request 2's; then 9.
                (event(5, 1), 1),
                (event(5, 1), 2),
                (expire, 1),
                (event(5, 2), 1),
                (event(9, 1), 2),
            ]
        );
    }
}
