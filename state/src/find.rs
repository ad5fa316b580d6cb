//! Finding what a reader typed in a request id or a phone number: the request list's,
//! the API log's and the phone switcher's filters.
//!
//! Not `str::contains(&str)`: std's substring search is the Two-Way algorithm, whose
//! searcher is ~2.3 KB of code in the playground's download for these few filters
//! (`scripts/bundle-size`). Here the haystacks are ids and numbers of at most 36
//! characters, where trying each position is as fast.

/// Whether `needle` occurs in `haystack` (an empty needle occurs everywhere).
pub fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn finds_a_fragment_anywhere_and_only_where_it_is() {
        assert!(contains("447700900001", "4477"));
        assert!(contains("447700900001", "0001"));
        assert!(contains("447700900001", "7009"));
        assert!(contains("447700900001", "447700900001"));
        assert!(contains("447700900001", ""));
        assert!(!contains("447700900001", "0002"));
        assert!(!contains("4477", "447700"));
        assert!(!contains("", "4"));
    }
}
