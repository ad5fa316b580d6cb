//! `verify-server`: the Verify API emulator. Prints `verify-server: listening on
//! http://HOST:PORT` (`https://` with `--tls`, then the CA to trust) when ready; Ctrl-C
//! stops it cleanly. A wrong option or TLS file exits with 2.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use verify_engine::StartDate;
use verify_server::options::{is_loopback, parse, OptionsError, HELP, USAGE};
use verify_server::tls::{self, Tls};
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
    // TLS before the port: a certificate problem is the command line's (exit 2).
    let tls = match config.tls.as_ref().map(tls::prepare).transpose() {
        Ok(tls) => tls,
        Err(e) => {
            eprintln!("verify-server: --tls: {e}");
            return ExitCode::from(2);
        }
    };
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
        let scheme = config.scheme();
        let server = match Server::start_with(config, epoch, tls).await {
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
            "verify-server: listening on {scheme}://{shown}:{}",
            server.addr.port()
        );
        if let Some(tls) = &server.tls {
            print_trust(tls);
        }
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

/// Says what TLS start did and how each runtime is told to trust the local CA.
fn print_trust(tls: &Tls) {
    for note in &tls.notes {
        println!("verify-server: tls: {note}");
    }
    if let Some(ca) = &tls.ca {
        let ca = ca.display();
        println!(
            "verify-server: tls: clients trust it through the CA {ca}:\n\
             \x20 export REQUESTS_CA_BUNDLE={ca}   # Python (requests, vonage)\n\
             \x20 export SSL_CERT_FILE={ca}        # OpenSSL-based: Python's ssl, Ruby, PHP, curl\n\
             \x20 export NODE_EXTRA_CA_CERTS={ca}  # Node.js"
        );
    }
}
