//! `verify-server`: the Verify API emulator. Prints `verify-server: listening on
//! http://HOST:PORT` when ready; Ctrl-C stops it cleanly.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use verify_engine::StartDate;
use verify_server::options::{is_loopback, parse, OptionsError, HELP, USAGE};
use verify_server::Server;

/// The wall clock's date now (UTC), the default start of simulated time.
fn today() -> StartDate {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    StartDate::from_unix_seconds(seconds)
}

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1), today()) {
        Ok(config) => config,
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
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("verify-server: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let host = config.host.clone();
        let server = match Server::start(config, epoch).await {
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
        println!(
            "verify-server: listening on http://{shown}:{}",
            server.addr.port()
        );
        if tokio::signal::ctrl_c().await.is_err() {
            eprintln!("verify-server: cannot wait for Ctrl-C; stopping");
        }
        match server.stop().await {
            Ok(()) => {
                eprintln!("verify-server: stopped");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("verify-server: {e}");
                ExitCode::from(1)
            }
        }
    })
}
