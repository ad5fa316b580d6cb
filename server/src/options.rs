//! The command line of `verify-server`: the server's options, `--import` and
//! `--export-on-exit`, and `exec [OPTIONS] -- COMMAND [ARGS...]`.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use verify_engine::{Credentials, StartDate, SECOND};

use crate::clock::valid_speed;
use crate::limits::Bounds;
use crate::tls::TlsSource;
use crate::Config;

pub use crate::usage::{HELP, USAGE};

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

/// What the command line asks for: a server, what it starts from and ends with, and
/// with `exec`, the command to run around it.
#[derive(Clone, Debug)]
pub struct Invocation {
    /// The server.
    pub config: Config,
    /// `--import FILE`: the scenario the session starts from.
    pub import: Option<PathBuf>,
    /// `--export-on-exit FILE`: where the session is written when the server stops.
    pub export: Option<PathBuf>,
    /// `exec ... -- COMMAND [ARGS...]`: the command (never empty).
    pub exec: Option<Vec<OsString>>,
}

/// Reads the arguments (without the program's name): `exec [OPTIONS] -- COMMAND...` or
/// the server's options. `now` is the default start date.
pub fn parse(
    args: impl Iterator<Item = String>,
    now: StartDate,
) -> Result<Invocation, OptionsError> {
    let mut args = args.peekable();
    if args.peek().map(String::as_str) != Some("exec") {
        return options(args, now, None);
    }
    args.next();
    let mut options_part = Vec::new();
    let mut command = None;
    for arg in args.by_ref() {
        if arg == "--" {
            command = Some(args.map(OsString::from).collect::<Vec<_>>());
            break;
        }
        options_part.push(arg);
    }
    if options_part.iter().any(|a| a == "-h" || a == "--help") {
        return Err(OptionsError::Help);
    }
    match command {
        None => Err(
            "exec: the command goes after --: verify-server exec [OPTIONS] -- COMMAND [ARGS...]"
                .into(),
        ),
        Some(command) if command.is_empty() => Err("exec: no command after --".into()),
        // `exec` picks a free port unless told one.
        Some(command) => options(options_part.into_iter(), now, Some(command)),
    }
}

/// The server's options; `exec` is the command when run by `exec` (the port is then 0
/// unless given).
fn options(
    mut args: impl Iterator<Item = String>,
    now: StartDate,
    exec: Option<Vec<OsString>>,
) -> Result<Invocation, OptionsError> {
    let (mut import, mut export) = (None, None);
    let mut config = Config {
        host: "127.0.0.1".into(),
        port: if exec.is_some() { 0 } else { 8080 },
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
            "--import" => import = Some(PathBuf::from(value("--import")?)),
            "--export-on-exit" => export = Some(PathBuf::from(value("--export-on-exit")?)),
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
    Ok(Invocation {
        config,
        import,
        export,
        exec,
    })
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
        .unwrap()
        .config;
        assert_eq!((c.port, c.seed, c.speed, c.paused), (0, 7, 60.0, true));
        assert_eq!(c.retention, None);
        assert!(c.namespaces && c.credentials.is_some() && c.dist.is_some());
        let defaults = parse(args(&[]), now).unwrap().config;
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
        let slowest = parse(args(&["--speed", "0.001"]), now).unwrap().config;
        assert_eq!(slowest.speed, 0.001);
        assert!(is_loopback("127.0.0.1") && is_loopback("[::1]") && is_loopback("127.1.2.3"));
        assert!(!is_loopback("0.0.0.0") && !is_loopback("192.168.1.2"));
    }

    #[test]
    fn tls_flags_pick_one_source() {
        let now = StartDate::default();
        let tls = |list: &[&str]| parse(args(list), now).map(|c| c.config.tls);
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

    #[test]
    fn exec_takes_the_options_before_the_command_and_a_free_port() {
        let now = StartDate::default();
        let run = parse(
            args(&[
                "exec",
                "--seed",
                "4",
                "--import",
                "in.jsonl",
                "--export-on-exit",
                "out.jsonl",
                "--",
                "npm",
                "test",
                "--",
                "--seed",
            ]),
            now,
        )
        .unwrap();
        assert_eq!((run.config.port, run.config.seed), (0, 4));
        assert_eq!(run.import, Some("in.jsonl".into()));
        assert_eq!(run.export, Some("out.jsonl".into()));
        let command: Vec<_> = ["npm", "test", "--", "--seed"].map(OsString::from).into();
        assert_eq!(run.exec, Some(command));
        let fixed = parse(args(&["exec", "--port", "9000", "--", "true"]), now).unwrap();
        assert_eq!(fixed.config.port, 9000);
        assert_eq!(parse(args(&["--seed", "1"]), now).unwrap().exec, None);
        for (bad, words) in [
            (&["exec", "true"][..], "after --"),
            (&["exec", "--"][..], "no command"),
            (&["exec", "--wat", "--", "true"][..], "unexpected"),
            (&["--import"][..], "needs a value"),
        ] {
            let refused = parse(args(bad), now).unwrap_err();
            assert!(refused.to_string().contains(words), "{bad:?}: {refused}");
        }
    }
}
