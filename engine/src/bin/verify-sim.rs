//! `verify-sim`: replays a scenario file against the engine and prints what happened.
//!
//! Usage: `verify-sim [--seed N] [--start "YYYY-MM-DD HH:MM:SS"] [--retention S]
//! [--origin URL] FILE|-` (`--origin`: where v2's silent-auth `check_url` points, default
//! `http://localhost:8080`, the emulator's own address).
//!
//! The scenario is read and played a line at a time: each step's output is printed (and
//! flushed) before the next line is read, so a test can drive `verify-sim -` as a
//! coprocess, and a malformed line stops the run after the lines before it have run.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use verify_engine::scenario::{run, RunError};
use verify_engine::{SessionConfig, StartDate, SECOND};

const USAGE: &str = "usage: verify-sim [--seed N] [--start \"YYYY-MM-DD HH:MM:SS\"] \
                     [--retention SECONDS] [--origin URL] FILE|-";

struct Options {
    seed: u64,
    start: StartDate,
    /// Seconds a finished request stays known (as `verify-server --retention`).
    retention: Option<u64>,
    /// Where v2's `check_url` points.
    origin: Option<String>,
    input: String,
}

fn options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut seed = 0;
    let mut start = StartDate::default();
    let mut retention = None;
    let mut origin = None;
    let mut input = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                let value = args.next().ok_or("--seed needs a value")?;
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed: {value:?} is not a whole number"))?;
            }
            "--start" => {
                let value = args.next().ok_or("--start needs a value")?;
                start = StartDate::parse(&value).map_err(|e| format!("--start: {e}"))?;
            }
            "--retention" => {
                let value = args.next().ok_or("--retention needs a value")?;
                retention = Some(value.parse().map_err(|_| {
                    format!("--retention: {value:?} is not a whole number of seconds")
                })?);
            }
            "--origin" => {
                let value = args.next().ok_or("--origin needs a value")?;
                if !(value.starts_with("http://") || value.starts_with("https://")) {
                    return Err(format!("--origin: {value:?} is not an http(s) URL"));
                }
                origin = Some(value);
            }
            "-h" | "--help" => return Err(String::new()),
            _ if input.is_none() && (arg == "-" || !arg.starts_with('-')) => input = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    let input = input.ok_or("no scenario file given (use - for standard input)")?;
    Ok(Options {
        seed,
        start,
        retention,
        origin,
        input,
    })
}

fn open(input: &str) -> io::Result<Box<dyn BufRead>> {
    if input == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(BufReader::new(File::open(input)?)))
    }
}

fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("verify-sim: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let input = match open(&options.input) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("verify-sim: cannot read {}: {e}", options.input);
            return ExitCode::from(2);
        }
    };
    let engine = SessionConfig {
        seed: options.seed,
        start: options.start,
        retention: options.retention.map(|s| s.saturating_mul(SECOND)),
    }
    .engine();
    #[cfg(feature = "v2")]
    let mut engine = engine;
    #[cfg(feature = "v2")]
    if let Some(origin) = &options.origin {
        engine.set_origin(origin);
    }
    #[cfg(not(feature = "v2"))]
    if options.origin.is_some() {
        eprintln!("verify-sim: --origin needs Verify v2, which this build leaves out");
        return ExitCode::from(2);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = run(input, engine, &mut out);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(RunError::Scenario(e)), _) => {
            eprintln!("verify-sim: {e}");
            ExitCode::from(2)
        }
        (Err(RunError::Read(e)), _) => {
            eprintln!("verify-sim: cannot read {}: {e}", options.input);
            ExitCode::from(2)
        }
        (Err(RunError::Io(e)), _) | (Ok(()), Err(e)) => {
            eprintln!("verify-sim: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}
