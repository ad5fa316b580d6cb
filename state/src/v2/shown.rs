//! Long lists a page at a time: the phone, the inbox, the callbacks and the API log show
//! their newest [`SHOWN`] entries, so a session of 10,000 requests renders as fast as one
//! of ten (the whole list stays in the session, its share link and its export).

use crate::format::count;

/// How many entries of a list the page shows, newest first.
pub const SHOWN: usize = 20;

/// The newest [`SHOWN`] entries of `list`, newest first, each with its index in `list`.
pub fn newest<T>(list: &[T]) -> impl Iterator<Item = (usize, &T)> {
    let first = list.len().saturating_sub(SHOWN);
    list.iter().enumerate().skip(first).rev()
}

/// What the page says when a list is longer than it shows ("The newest 20 of 10,000
/// calls."); `None` when every entry is shown. `what` is the entries' plural noun.
pub fn hint(total: usize, what: &str) -> Option<String> {
    (total > SHOWN).then(|| format!("The newest {SHOWN} of {} {what}.", count(total as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_is_shown_whole_and_says_nothing() {
        let list = [1, 2, 3];
        let shown: Vec<_> = newest(&list).collect();
        assert_eq!(shown, vec![(2, &3), (1, &2), (0, &1)]);
        assert_eq!(hint(list.len(), "calls"), None);
    }

    #[test]
    fn a_long_list_shows_its_newest_page_with_their_indexes() {
        let list: Vec<usize> = (0..10_000).collect();
        let shown: Vec<usize> = newest(&list).map(|(i, _)| i).collect();
        assert_eq!(shown, (9_980..10_000).rev().collect::<Vec<_>>());
        assert_eq!(
            hint(list.len(), "calls").as_deref(),
            Some("The newest 20 of 10,000 calls.")
        );
    }
}
