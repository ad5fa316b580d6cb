//! The command line of `verify-server`.

use std::fmt;
use std::path::PathBuf;

use verify_engine::{Credentials, StartDate, SECOND};

use crate::clock::valid_speed;
use crate::limits::Bounds;
use crate::tls::TlsSource;
use crate::Config;

/// The usage line.
pub const USAGE: &str = "usage: verify-server [--host 127.0.0.1] [--port 8080] [--seed N] \
[--start \"YYYY-MM-DD HH:MM:SS\"] [--speed X] [--paused] [--credentials KEY:SECRET] \
[--dist DIR] [--retention SECONDS|forever] [--namespaces] [--callback-url URL] \
[--tls [--tls-dir DIR | --tls-cert FILE --tls-key FILE]]";

/// What `--help` prints: the usage and every option with its range and default.
pub const HELP: &str = "usage: verify-server [OPTIONS]

The Verify API emulator: /verify/json and friends, the test helpers under /_sim/, and with
--dist the playground as its phone.

  --host ADDR             the address to bind (default 127.0.0.1; any other prints a warning)
  --port N                the port (default 8080; 0 picks a free one)
  --seed N                the engine's seed (default 0)
  --start \"YYYY-MM-DD HH:MM:SS\"
                          the date simulated time 0 stands for (default: now, UTC)
  --speed X               simulated seconds per real second, from 0.001 to 1000000 (default 1)
  --paused                time moves only through POST /_sim/clock
  --credentials KEY:SECRET
                          check credentials as the real API does (default: any accepted)
  --dist DIR              serve the playground's built files from DIR at /
  --retention SECONDS|forever
                          how long finished requests stay known, in simulated seconds
                          (default 3600, at most 3153600000); an idle namespace is
                          reclaimed, least recently used first, once it has been unused
                          that long in real time (an hour with forever). forever keeps
                          every request: memory then grows without bound (a warning says so)
  --namespaces            one session per api_key or X-Sim-Namespace header (at most 1024)
  --callback-url URL      POST Verify v2 callbacks there (http:// only; one attempt, 5 s
                          timeout, failures logged, never retried; all kept at
                          GET /_sim/callbacks either way)
  --tls                   serve HTTPS, with a certificate for localhost, 127.0.0.1 and ::1
                          issued by a local CA made on first use in --tls-dir and reused
                          after; at start it prints the CA's path for REQUESTS_CA_BUNDLE,
                          SSL_CERT_FILE and NODE_EXTRA_CA_CERTS (default: plain HTTP)
  --tls-dir DIR           the local CA's directory (implies --tls; default
                          $XDG_DATA_HOME/verify-server/tls or ~/.local/share/verify-server/tls)
  --tls-cert FILE --tls-key FILE
                          serve HTTPS with your own certificate chain and key, PEM
                          (e.g. mkcert's; implies --tls)
  -h, --help              this text

Server-wide bounds: 1024 namespaces, 256 event-stream subscribers, 1000000 recorded calls,
1024 connections; a request's head must arrive within 30 s and its body within 30 s.";

/// How long finished requests stay known by default: an hour of simulated time.
pub const DEFAULT_RETENTION_SECONDS: u64 = 3600;

/// The longest retention accepted, in seconds (100 years; `forever` beyond).
pub const MAX_RETENTION_SECONDS: u64 = 3_153_600_000;

/// Why the command line was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionsError {
    /// `--help` was asked for: print [`HELP`], exit 0.
    Help,
    /// An option is wrong; the text says which and why (print it and [`USAGE`], exit 2).
    Invalid(String),
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::Help => f.write_str("help asked for"),
            OptionsError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for OptionsError {}

impl From<String> for OptionsError {
    fn from(message: String) -> OptionsError {
        OptionsError::Invalid(message)
    }
}

impl From<&str> for OptionsError {
    fn from(message: &str) -> OptionsError {
        OptionsError::Invalid(message.to_owned())
    }
}

/// Reads the arguments (without the program's name). `now` is the default start date.
pub fn parse(
    mut args: impl Iterator<Item = String>,
    now: StartDate,
) -> Result<Config, OptionsError> {
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
        bounds: Bounds::default(),
        callback_url: None,
        tls: None,
    };
    let (mut tls, mut tls_dir, mut tls_cert, mut tls_key) = (false, None, None, None);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| OptionsError::Invalid(format!("{name} needs a value")))
        };
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
                let number = text
                    .parse::<f64>()
                    .map_err(|_| format!("--speed: {text:?} is not a number"))?;
                config.speed = valid_speed(number).map_err(|e| format!("--speed: {e}"))?;
            }
            "--paused" => config.paused = true,
            "--credentials" => {
                let text = value("--credentials")?;
                config.credentials = Some(Credentials::parse(&text).ok_or(OptionsError::from(
                    "--credentials: expected KEY:SECRET, neither empty",
                ))?);
            }
            "--dist" => config.dist = Some(PathBuf::from(value("--dist")?)),
            "--callback-url" => {
                let text = value("--callback-url")?;
                crate::callbacks::parse_url(&text).map_err(|e| format!("--callback-url: {e}"))?;
                config.callback_url = Some(text);
            }
            "--retention" => {
                let text = value("--retention")?;
                config.retention = if text == "forever" {
                    None
                } else {
                    let seconds: u64 = text.parse().map_err(|_| {
                        format!("--retention: {text:?} is neither a whole number of seconds nor \"forever\"")
                    })?;
                    if seconds > MAX_RETENTION_SECONDS {
                        return Err(OptionsError::Invalid(format!(
                            "--retention: {seconds} is more than {MAX_RETENTION_SECONDS} seconds \
                             (100 years); say \"forever\" to keep every request"
                        )));
                    }
                    Some(seconds * SECOND)
                };
            }
            "--namespaces" => config.namespaces = true,
            "--tls" => tls = true,
            "--tls-dir" => tls_dir = Some(PathBuf::from(value("--tls-dir")?)),
            "--tls-cert" => tls_cert = Some(PathBuf::from(value("--tls-cert")?)),
            "--tls-key" => tls_key = Some(PathBuf::from(value("--tls-key")?)),
            "-h" | "--help" => return Err(OptionsError::Help),
            other => return Err(format!("unexpected argument {other:?}").into()),
        }
    }
    config.tls = match (tls_dir, tls_cert, tls_key) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(
                "--tls-dir makes a certificate, --tls-cert/--tls-key bring one: \
                        give one or the other"
                    .into(),
            )
        }
        (None, Some(_), None) => return Err("--tls-cert needs --tls-key (its private key)".into()),
        (None, None, Some(_)) => return Err("--tls-key needs --tls-cert (its certificate)".into()),
        (None, Some(cert), Some(key)) => Some(TlsSource::Files { cert, key }),
        (Some(dir), None, None) => Some(TlsSource::Generated(Some(dir))),
        (None, None, None) => tls.then_some(TlsSource::Generated(None)),
    };
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
            (&["--speed", "1e-20"][..], "from 0.001 to 1000000"),
            (&["--speed", "NaN"][..], "from 0.001 to 1000000"),
            (&["--speed", "inf"][..], "from 0.001 to 1000000"),
            (&["--speed", "1000001"][..], "from 0.001 to 1000000"),
            (&["--speed", "fast"][..], "not a number"),
            (&["--retention", "18446744073709551615"][..], "100 years"),
            (&["--port", "x"][..], "--port"),
            (&["--credentials", "nocolon"][..], "KEY:SECRET"),
            (&["--retention", "-1"][..], "--retention"),
            (&["--seed"][..], "needs a value"),
            (&["--wat"][..], "unexpected"),
        ] {
            let refused = parse(args(bad), now).unwrap_err();
            assert!(refused.to_string().contains(words), "{bad:?}: {refused}");
        }
        assert_eq!(
            parse(args(&["--help"]), now).unwrap_err(),
            OptionsError::Help
        );
        let slowest = parse(args(&["--speed", "0.001"]), now).unwrap();
        assert_eq!(slowest.speed, 0.001);
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && is_loopback("127.1.2.3"));
        assert!(!is_loopback("0.0.0.0") && !is_loopback("192.168.1.2"));
    }

    #[test]
    fn tls_flags_pick_one_source() {
        let now = StartDate::default();
        let tls = |list: &[&str]| parse(args(list), now).map(|c| c.tls);
        assert_eq!(tls(&[]).unwrap(), None);
        assert_eq!(tls(&["--tls"]).unwrap(), Some(TlsSource::Generated(None)));
        assert_eq!(
            tls(&["--tls", "--tls-dir", "d"]).unwrap(),
            Some(TlsSource::Generated(Some("d".into())))
        );
        assert_eq!(
            tls(&["--tls-key", "k", "--tls-cert", "c"]).unwrap(),
            Some(TlsSource::Files {
                cert: "c".into(),
                key: "k".into()
            })
        );
        for (bad, words) in [
            (&["--tls-cert", "c"][..], "needs --tls-key"),
            (&["--tls", "--tls-key", "k"][..], "needs --tls-cert"),
            (
                &["--tls-dir", "d", "--tls-cert", "c", "--tls-key", "k"][..],
                "one or the other",
            ),
            (&["--tls-dir"][..], "needs a value"),
        ] {
            let refused = tls(bad).unwrap_err();
            assert!(refused.to_string().contains(words), "{bad:?}: {refused}");
        }
    }
}
