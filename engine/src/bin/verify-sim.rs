//! `verify-sim`: replays a scenario file against the engine and prints what happened.
//!
//! Usage: `verify-sim [--seed N] [--start "YYYY-MM-DD HH:MM:SS"] FILE|-`

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use verify_engine::scenario::{run, RunError};
use verify_engine::{Engine, StartDate};

const USAGE: &str = "usage: verify-sim [--seed N] [--start \"YYYY-MM-DD HH:MM:SS\"] FILE|-";

struct Options {
    seed: u64,
    start: StartDate,
    input: String,
}

fn options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut seed = 0;
    let mut start = StartDate::default();
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
            "-h" | "--help" => return Err(String::new()),
            _ if input.is_none() && (arg == "-" || !arg.starts_with('-')) => input = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    let input = input.ok_or("no scenario file given (use - for standard input)")?;
    Ok(Options { seed, start, input })
}

fn read(input: &str) -> io::Result<String> {
    if input == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(input)
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
    let text = match read(&options.input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("verify-sim: cannot read {}: {e}", options.input);
            return ExitCode::from(2);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = run(
        &text,
        Engine::with_start(options.seed, options.start),
        &mut out,
    );
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(()), Ok(())) => ExitCode::SUCCESS,
        (Err(RunError::Scenario(e)), _) => {
            eprintln!("verify-sim: {e}");
            ExitCode::from(2)
        }
        (Err(RunError::Io(e)), _) | (Ok(()), Err(e)) => {
            eprintln!("verify-sim: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}
