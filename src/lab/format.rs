//! Numbers as the lab's tables and plots print them (counts: `crate::format::count`).

/// A share 0-1 as a percentage with one decimal: `93.1 %`.
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// Milliseconds as seconds with one decimal.
pub fn seconds(ms: u64) -> String {
    format!("{:.1}", ms as f64 / 1000.0)
}

/// Milliseconds as people read a wait: `45 s`, `2 min 05 s`.
pub fn duration(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    if s < 120 {
        format!("{s} s")
    } else {
        format!("{} min {:02} s", s / 60, s % 60)
    }
}
