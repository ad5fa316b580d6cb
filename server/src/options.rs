//! The command line of `verify-server`.

use std::path::PathBuf;

use verify_engine::{Credentials, StartDate, SECOND};

use crate::Config;

/// The usage line.
pub const USAGE: &str = "usage: verify-server [--host 127.0.0.1] [--port 8080] [--seed N] \
[--start \"YYYY-MM-DD HH:MM:SS\"] [--speed X] [--paused] [--credentials KEY:SECRET] \
[--dist DIR] [--retention SECONDS|forever] [--namespaces]";

/// How long finished requests stay known by default: an hour of simulated time.
pub const DEFAULT_RETENTION_SECONDS: u64 = 3600;

/// Reads the arguments (without the program's name). `now` is the default start date.
/// `Err("")` asks for the usage alone (`--help`).
pub fn parse(mut args: impl Iterator<Item = String>, now: StartDate) -> Result<Config, String> {
    let mut config = Config {
        host: "127.0.0.1".into(),
        port: 8080,
        seed: 0,
        start: now,
        speed: 1.0,
        paused: false,
        retention: Some(DEFAULT_RETENTION_SECONDS * SECOND),
        credentials: None,
        namespaces: false,
        dist: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--host" => config.host = value("--host")?,
            "--port" => {
                let text = value("--port")?;
                config.port = text
                    .parse()
                    .map_err(|_| format!("--port: {text:?} is not a port number"))?;
            }
            "--seed" => {
                let text = value("--seed")?;
                config.seed = text
                    .parse()
                    .map_err(|_| format!("--seed: {text:?} is not a whole number"))?;
            }
            "--start" => {
                let text = value("--start")?;
                config.start = StartDate::parse(&text).map_err(|e| format!("--start: {e}"))?;
            }
            "--speed" => {
                let text = value("--speed")?;
                config.speed = text
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e6)
                    .ok_or(format!(
                        "--speed: {text:?} is not a number above 0 (at most 1000000)"
                    ))?;
            }
            "--paused" => config.paused = true,
            "--credentials" => {
                let text = value("--credentials")?;
                config.credentials = Some(
                    Credentials::parse(&text)
                        .ok_or("--credentials: expected KEY:SECRET, neither empty")?,
                );
            }
            "--dist" => config.dist = Some(PathBuf::from(value("--dist")?)),
            "--retention" => {
                let text = value("--retention")?;
                config.retention = if text == "forever" {
                    None
                } else {
                    let seconds: u64 = text.parse().map_err(|_| {
                        format!("--retention: {text:?} is neither a whole number of seconds nor \"forever\"")
                    })?;
                    Some(seconds.saturating_mul(SECOND))
                };
            }
            "--namespaces" => config.namespaces = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(config)
}

/// Whether `host` is a loopback address, where nothing else on the network can reach.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn reads_every_option_and_names_what_is_wrong() {
        let now = StartDate::default();
        let c = parse(
            args(&[
                "--port",
                "0",
                "--seed",
                "7",
                "--speed",
                "60",
                "--paused",
                "--credentials",
                "k:s",
                "--retention",
                "forever",
                "--namespaces",
                "--dist",
                "dist",
            ]),
            now,
        )
        .unwrap();
        assert_eq!((c.port, c.seed, c.speed, c.paused), (0, 7, 60.0, true));
        assert_eq!(c.retention, None);
        assert!(c.namespaces && c.credentials.is_some() && c.dist.is_some());
        let defaults = parse(args(&[]), now).unwrap();
        assert_eq!((defaults.host.as_str(), defaults.port), ("127.0.0.1", 8080));
        assert_eq!(defaults.retention, Some(3_600_000));
        for (bad, words) in [
            (&["--speed", "0"][..], "--speed"),
            (&["--port", "x"][..], "--port"),
            (&["--credentials", "nocolon"][..], "KEY:SECRET"),
            (&["--retention", "-1"][..], "--retention"),
            (&["--seed"][..], "needs a value"),
            (&["--wat"][..], "unexpected"),
        ] {
            assert!(
                parse(args(bad), now).unwrap_err().contains(words),
                "{bad:?}"
            );
        }
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && is_loopback("127.1.2.3"));
        assert!(!is_loopback("0.0.0.0") && !is_loopback("192.168.1.2"));
    }
}
