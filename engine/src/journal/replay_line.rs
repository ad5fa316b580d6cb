//! Reading back the comment [`super::Journal::to_scenario`] writes first: `# Recorded by
//! ...: N calls. Replay: verify-sim --seed N --start "..." [--retention S] [--origin URL]
//! FILE`. Whoever imports a scenario file (the emulator's `--import`, `#v2`'s "Import
//! scenario") takes the session's config from it, so the calls replay on the seed, date and
//! retention they were made on; one reader, beside the writer, so the two cannot drift.

use super::SessionConfig;
use crate::scenario::ScenarioError;
use crate::{StartDate, SECOND};

impl SessionConfig {
    /// The config the file's first `Replay: verify-sim` comment gives, `None` when it has
    /// none. Options it leaves out: seed 0, `start` as given (the caller's default date),
    /// no retention (for ever), as for `verify-sim`. `--origin` (the recording emulator's
    /// address, which only the emulator's check_urls use) is skipped. An option that cannot be read is an error
    /// naming the comment's line.
    pub fn from_replay_comment(
        text: &str,
        start: StartDate,
    ) -> Option<Result<SessionConfig, ScenarioError>> {
        let (line, options) = replay_line(text)?;
        Some(options_config(options, start).map_err(|reason| ScenarioError { line, reason }))
    }
}

/// The first comment line that says how to replay the file, with its number and the
/// options between `verify-sim` and `FILE`.
fn replay_line(text: &str) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let comment = line.trim_start().strip_prefix('#')?;
        let (_, options) = comment.split_once("Replay: verify-sim")?;
        let options = options.trim_end();
        Some((index + 1, options.strip_suffix("FILE").unwrap_or(options)))
    })
}

/// The config `verify-sim`'s options give.
fn options_config(options: &str, start: StartDate) -> Result<SessionConfig, String> {
    let words = split_words(options)?;
    let mut config = SessionConfig {
        seed: 0,
        start,
        retention: None,
    };
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let mut value = || {
            words
                .next()
                .ok_or_else(|| format!("the replay options: {word} needs a value"))
        };
        match word.as_str() {
            "--seed" => {
                let text = value()?;
                config.seed = text.parse().map_err(|_| {
                    format!("the replay options: --seed {text:?} is not a whole number")
                })?;
            }
            "--start" => {
                config.start = StartDate::parse(value()?)
                    .map_err(|e| format!("the replay options: --start: {e}"))?;
            }
            "--retention" => {
                let text = value()?;
                let seconds: u64 = text.parse().map_err(|_| {
                    format!("the replay options: --retention {text:?} is not a whole number")
                })?;
                config.retention = Some(seconds.saturating_mul(SECOND));
            }
            "--origin" => {
                value()?;
            }
            other => return Err(format!("the replay options: unexpected {other:?}")),
        }
    }
    Ok(config)
}

/// Words separated by spaces, a double-quoted word kept whole (`--start "2026-01-01
/// 00:00:00"`).
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let (word, after) = quoted
                .split_once('"')
                .ok_or("the replay options: a quote is not closed")?;
            words.push(word.to_owned());
            rest = after;
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            words.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
        rest = rest.trim_start();
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Journal;

    fn start() -> StartDate {
        SessionConfig::new(0).start
    }

    #[test]
    fn the_writers_comment_reads_back_as_its_config() {
        let mut config = SessionConfig::new(42);
        config.retention = Some(60 * SECOND);
        let journal: Journal<crate::Call> = Journal::new(config);
        let text = journal.to_scenario(0, "a test");
        let read = SessionConfig::from_replay_comment(&text, start());
        assert_eq!(read, Some(Ok(config)));
    }

    #[test]
    fn no_comment_is_none_and_a_bad_option_names_its_line() {
        assert_eq!(
            SessionConfig::from_replay_comment("{\"at\":0}\n", start()),
            None
        );
        let bad = SessionConfig::from_replay_comment(
            "# x\n# Replay: verify-sim --seed many FILE\n",
            start(),
        );
        let Some(Err(error)) = bad else {
            panic!("refused: {bad:?}")
        };
        assert_eq!(error.line, 2);
        assert!(error.reason.contains("--seed \"many\""), "{}", error.reason);
        let open = SessionConfig::from_replay_comment(
            "# Replay: verify-sim --start \"2026 FILE\n",
            start(),
        );
        assert!(matches!(open, Some(Err(e)) if e.reason.contains("quote is not closed")));
        let origin = SessionConfig::from_replay_comment(
            "# Replay: verify-sim --seed 7 --origin http://127.0.0.1:9 FILE\n",
            start(),
        );
        assert_eq!(origin, Some(Ok(SessionConfig::new(7))));
    }
}
