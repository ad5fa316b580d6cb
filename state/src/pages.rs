//! Long lists shown a page at a time, newest first, optionally narrowed by a search:
//! the API log and the request list. Showing a page costs the page's size, not the list's;
//! a search is matched against each item once (when typed, then for each new item).

/// The part of a growing list that is on screen.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Pages {
    /// Items per page.
    size: usize,
    /// The search as typed (trimmed); empty shows every item.
    filter: String,
    /// With a search: the indices of the items that match, oldest first.
    matches: Vec<u32>,
    /// Pages back from the newest (0 shows the newest items).
    page: usize,
}

/// One page of a list, ready to draw, and where it stands.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Page<T> {
    /// The items, newest first.
    pub items: Vec<T>,
    /// Items in the list, or matching the search.
    pub total: usize,
    /// Items in the whole list.
    pub all: usize,
    /// The page shown, 0 for the newest.
    pub page: usize,
    /// Pages in all (at least 1).
    pub pages: usize,
    /// The search text.
    pub search: String,
}

impl Pages {
    /// Pages of `size` items, no search, newest page shown.
    pub fn new(size: usize) -> Pages {
        Pages {
            size,
            filter: String::new(),
            matches: Vec::new(),
            page: 0,
        }
    }

    /// The search text.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Sets the search and goes back to the newest page. `matches(i, text)` says whether
    /// item `i` of the `len` items matches; it runs once per item, once per keystroke.
    pub fn set_filter(&mut self, filter: &str, len: usize, matches: impl Fn(usize, &str) -> bool) {
        self.filter = filter.trim().to_owned();
        self.page = 0;
        self.matches.clear();
        if !self.filter.is_empty() {
            self.matches = (0..len)
                .filter(|&i| matches(i, &self.filter))
                .map(|i| i as u32)
                .collect();
        }
    }

    /// Notes the item just appended at `index`; `matches(text)` says whether it matches
    /// the search (called only while there is one).
    pub fn observe(&mut self, index: usize, matches: impl FnOnce(&str) -> bool) {
        if !self.filter.is_empty() && matches(&self.filter) {
            self.matches.push(index as u32);
        }
    }

    /// Shows page `page` back from the newest (clamped to the oldest page when drawn).
    pub fn set_page(&mut self, page: usize) {
        self.page = page;
    }

    /// The page to draw of a list of `len` items; `item(i)` makes the drawable item
    /// for index `i` (called only for the page's items).
    pub fn page<T>(&self, len: usize, item: impl Fn(usize) -> T) -> Page<T> {
        let searching = !self.filter.is_empty();
        let total = if searching { self.matches.len() } else { len };
        let pages = total.div_ceil(self.size).max(1);
        let page = self.page.min(pages - 1);
        // Positions counted from the newest: page 0 holds the last `size`.
        let newest = total.saturating_sub(page * self.size);
        let oldest = newest.saturating_sub(self.size);
        let items = (oldest..newest)
            .rev()
            .map(|p| {
                item(if searching {
                    self.matches[p] as usize
                } else {
                    p
                })
            })
            .collect();
        Page {
            items,
            total,
            all: len,
            page,
            pages,
            search: self.filter.clone(),
        }
    }
}
