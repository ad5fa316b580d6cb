//! `verify-server`: the Verify API emulator. Prints `verify-server: listening on
//! http://HOST:PORT` (`https://` with `--tls`, then the CA to trust) when ready; Ctrl-C or
//! SIGTERM stops it cleanly (writing `--export-on-exit`'s file). A wrong option, TLS file
//! or `--import` file exits with 2. `verify-server exec [OPTIONS] -- COMMAND` runs the
//! emulator around one command and exits with its status (`exec.rs`).

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::signal::unix::{signal, SignalKind};
use verify_engine::{SessionConfig, StartDate};
use verify_server::exec::{self, CA_VARIABLE, URL_VARIABLE};
use verify_server::import::{self, Imported};
use verify_server::options::{is_loopback, parse, Invocation, OptionsError, HELP, USAGE};
use verify_server::tls::{self, Tls};
use verify_server::{export, App, Server};

/// The wall clock's date now (UTC), the default start of simulated time.
fn today() -> StartDate {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    StartDate::from_unix_seconds(seconds)
}

/// Where the emulator's own lines go: standard output, or standard error under `exec`
/// (the command's standard output stays its own).
#[derive(Clone, Copy)]
struct Say {
    to_stderr: bool,
}

impl Say {
    fn line(self, text: &str) {
        if self.to_stderr {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    }
}

fn main() -> ExitCode {
    let mut invocation = match parse(std::env::args().skip(1), today()) {
        Ok(invocation) => invocation,
        Err(OptionsError::Help) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(OptionsError::Invalid(message)) => {
            eprintln!("verify-server: {message}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let config = &invocation.config;
    if config.retention.is_none() {
        eprintln!(
            "verify-server: warning: --retention forever keeps every request and its \
             deliveries: this emulator's memory grows without bound for as long as it runs \
             (give a number of seconds to bound it)"
        );
    }
    if !is_loopback(&config.host) {
        eprintln!(
            "verify-server: warning: listening on {} lets other machines reach this emulator \
             (and read the PINs it sends); only requests naming this address or a loopback \
             name in their Host header are answered",
            config.host
        );
    }
    // TLS and the imported file before the port: their problems are the command line's
    // (exit 2), and nothing listens with a session that could not be rebuilt.
    let tls = match invocation.config.tls.as_ref().map(tls::prepare).transpose() {
        Ok(tls) => tls,
        Err(e) => {
            eprintln!("verify-server: --tls: {e}");
            return ExitCode::from(2);
        }
    };
    let imported = match invocation.import.clone() {
        Some(path) => match read_import(&path, &mut invocation) {
            Ok(imported) => Some(imported),
            Err(e) => {
                eprintln!("verify-server: --import {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("verify-server: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(run(invocation, tls, imported))
}

/// Reads `--import`'s file, the command line's session config standing for what the file
/// does not say, and makes the file's config the server's.
fn read_import(path: &Path, invocation: &mut Invocation) -> Result<Imported, import::ImportError> {
    let config = &mut invocation.config;
    let defaults = SessionConfig {
        seed: config.seed,
        start: config.start,
        retention: config.retention,
    };
    let imported = import::read_file(path, defaults)?;
    config.seed = imported.config.seed;
    config.start = imported.config.start;
    config.retention = imported.config.retention;
    Ok(imported)
}

/// Serves until a signal (or, with `exec`, until the command ends), then stops, writes
/// the export, and says how it went.
async fn run(invocation: Invocation, tls: Option<Tls>, imported: Option<Imported>) -> ExitCode {
    let Invocation {
        config,
        export,
        exec,
        ..
    } = invocation;
    let say = Say {
        to_stderr: exec.is_some(),
    };
    let epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let host = config.host.clone();
    let scheme = config.scheme();
    let server = match Server::start_from(config, epoch, tls, imported.as_ref()).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("verify-server: cannot listen on {host}: {e}");
            return ExitCode::from(1);
        }
    };
    let shown = if server.addr.is_ipv6() {
        format!("[{}]", server.addr.ip())
    } else {
        server.addr.ip().to_string()
    };
    let url = format!("{scheme}://{shown}:{}", server.addr.port());
    // Listening for a stop before saying "listening": a Ctrl-C sent the moment the line
    // appears would otherwise meet the default action and end the process unexported.
    let stop = exec.is_none().then(stop_signals);
    say.line(&format!("verify-server: listening on {url}"));
    if let Some(tls) = &server.tls {
        print_trust(tls, say);
    }
    let outcome = match exec {
        Some(command) => {
            let mut env = vec![(URL_VARIABLE, OsString::from(reachable(&url, &server)))];
            if let Some(ca) = server.tls.as_ref().and_then(|tls| tls.ca.as_ref()) {
                env.push((CA_VARIABLE, ca.clone().into_os_string()));
            }
            match exec::run(&command, &env).await {
                Ok(status) => status,
                Err(e) => {
                    eprintln!("verify-server exec: {e}");
                    e.exit_code()
                }
            }
        }
        None => {
            if let Some(stop) = stop {
                stop.await;
            }
            0
        }
    };
    let app: Arc<App> = server.app().clone();
    let stopped = server.stop().await;
    let mut status = outcome;
    if let Err(e) = &stopped {
        eprintln!("verify-server: {e}");
        status = status.max(1);
    }
    if let Some(path) = &export {
        match export::export(&app, path) {
            Ok(bytes) => eprintln!(
                "verify-server: the session written to {} ({bytes} bytes)",
                path.display()
            ),
            Err(e) => {
                eprintln!("verify-server: --export-on-exit: {e}");
                status = status.max(1);
            }
        }
    }
    if stopped.is_ok() {
        eprintln!("verify-server: stopped");
    }
    ExitCode::from(status)
}

/// The URL a command on this machine reaches the server at: a wildcard address becomes
/// the loopback one.
fn reachable(url: &str, server: &Server) -> String {
    if server.addr.ip().is_unspecified() {
        let loopback = if server.addr.is_ipv6() {
            "[::1]"
        } else {
            "127.0.0.1"
        };
        let scheme = url.split("://").next().unwrap_or("http");
        format!("{scheme}://{loopback}:{}", server.addr.port())
    } else {
        url.to_owned()
    }
}

/// Listens for Ctrl-C (SIGINT) and SIGTERM from now on (the handlers are in place when
/// this returns); the future ends at the first of them.
fn stop_signals() -> impl std::future::Future<Output = ()> {
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        let Ok(mut interrupt) = interrupt else {
            eprintln!("verify-server: cannot wait for Ctrl-C; stopping");
            return;
        };
        let terminated = async {
            match terminate {
                Ok(mut terminate) => {
                    terminate.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = interrupt.recv() => {}
            () = terminated => {}
        }
    }
}

/// Says what TLS start did and how each runtime is told to trust the local CA.
fn print_trust(tls: &Tls, say: Say) {
    for note in &tls.notes {
        say.line(&format!("verify-server: tls: {note}"));
    }
    if let Some(ca) = &tls.ca {
        let ca = ca.display();
        say.line(&format!(
            "verify-server: tls: clients trust it through the CA {ca}:\n\
             \x20 export REQUESTS_CA_BUNDLE={ca}   # Python (requests, vonage)\n\
             \x20 export SSL_CERT_FILE={ca}        # OpenSSL-based: Python's ssl, Ruby, PHP, curl\n\
             \x20 export NODE_EXTRA_CA_CERTS={ca}  # Node.js"
        ));
    }
}
