//! Deliveries a phone fault holds back (`sms-late`, `sms-delay`), waiting for the time
//! they reach the phone: v1's phones and the emulator page's v2 phone hold theirs here.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use verify_engine::Millis;

/// Held-back deliveries, earliest first (and in the order they were held, among those
/// due at one moment). A binary heap: only the earliest is ever read or taken, and it is
/// a fraction of a B-tree's code in the download.
#[derive(Clone, Debug)]
pub struct LateQueue<T> {
    heap: BinaryHeap<Reverse<Held<T>>>,
    /// Deliveries held so far: the next one's place among those due together.
    held: u64,
}

impl<T> Default for LateQueue<T> {
    fn default() -> Self {
        LateQueue {
            heap: BinaryHeap::new(),
            held: 0,
        }
    }
}

/// Equal when the same deliveries arrive at the same times in the same order (however
/// the heap happens to lay them out).
impl<T: PartialEq> PartialEq for LateQueue<T> {
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.in_order(), other.in_order());
        mine.len() == theirs.len()
            && mine
                .iter()
                .zip(theirs)
                .all(|(a, b)| a.at == b.at && a.item == b.item)
    }
}

impl<T: Eq> Eq for LateQueue<T> {}

/// One held delivery, ordered by when it arrives, then by when it was held.
#[derive(Clone, Debug)]
struct Held<T> {
    at: Millis,
    order: u64,
    item: T,
}

impl<T> Held<T> {
    fn key(&self) -> (Millis, u64) {
        (self.at, self.order)
    }
}

impl<T> PartialEq for Held<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl<T> Eq for Held<T> {}

impl<T> PartialOrd for Held<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Held<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl<T> LateQueue<T> {
    /// Every held delivery, earliest first (for comparing queues).
    fn in_order(&self) -> Vec<&Held<T>> {
        let mut held: Vec<&Held<T>> = self.heap.iter().map(|Reverse(held)| held).collect();
        held.sort_unstable();
        held
    }

    /// Holds `item` until `at`.
    pub fn hold(&mut self, at: Millis, item: T) {
        self.held += 1;
        self.heap.push(Reverse(Held {
            at,
            order: self.held,
            item,
        }));
    }

    /// When the next held delivery arrives.
    pub fn next_at(&self) -> Option<Millis> {
        self.heap.peek().map(|Reverse(held)| held.at)
    }

    /// The earliest held delivery, with its time, if it arrives by `by`.
    pub fn take_due(&mut self, by: Millis) -> Option<(Millis, T)> {
        if self.next_at()? > by {
            return None;
        }
        let Reverse(held) = self.heap.pop()?;
        Some((held.at, held.item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deliveries_arrive_earliest_first_and_in_held_order_at_one_moment() {
        let mut late = LateQueue::default();
        for (at, item) in [(50, "b"), (20, "a"), (50, "c"), (90, "d")] {
            late.hold(at, item);
        }
        assert_eq!(late.next_at(), Some(20));
        assert_eq!(late.take_due(10), None);
        let mut due = Vec::new();
        while let Some(taken) = late.take_due(60) {
            due.push(taken);
        }
        assert_eq!(due, [(20, "a"), (50, "b"), (50, "c")]);
        assert_eq!(late.next_at(), Some(90));
    }

    #[test]
    fn queues_are_equal_when_the_same_deliveries_arrive_alike() {
        let (mut one, mut two) = (LateQueue::default(), LateQueue::default());
        for (at, item) in [(50, "b"), (20, "a"), (70, "c")] {
            one.hold(at, item);
        }
        for (at, item) in [(20, "a"), (70, "c"), (50, "b")] {
            two.hold(at, item);
        }
        assert_eq!(one, two);
        two.hold(80, "d");
        assert_ne!(one, two);
        one.hold(80, "e");
        assert_ne!(one, two);
    }
}
