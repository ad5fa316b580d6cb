//! What `verify-server` says about its command line: the usage line printed with an
//! error, and `--help`'s text with every option, its range and default. Kept apart from
//! the parsing ([`crate::options`]), which only refers to them.

/// The usage line.
pub const USAGE: &str = "usage: verify-server [--host 127.0.0.1] [--port 8080] [--seed N] \
[--start \"YYYY-MM-DD HH:MM:SS\"] [--speed X] [--paused] [--credentials KEY:SECRET] \
[--dist DIR] [--retention SECONDS|forever] [--namespaces] [--callback-url URL] \
[--tls [--tls-dir DIR | --tls-cert FILE --tls-key FILE]] [--import FILE] \
[--export-on-exit FILE]
       verify-server exec [OPTIONS] -- COMMAND [ARGS...]";

/// What `--help` prints: the usage and every option with its range and default.
pub const HELP: &str = "usage: verify-server [OPTIONS]
       verify-server exec [OPTIONS] -- COMMAND [ARGS...]

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
  --import FILE           start from a scenario file (as GET /_sim/scenario or
                          --export-on-exit write it): its calls replay at their times, with
                          the seed, start and retention its first line names, and the clock
                          stops where it ends. A bad file is refused (exit 2) with its line
                          number, before listening
  --export-on-exit FILE   when stopping (Ctrl-C, SIGTERM, the end of exec's command), write
                          the session as a scenario to FILE, atomically (a temporary file
                          renamed over it). With --namespaces both concern the session of
                          requests that name no namespace
  -h, --help              this text

exec: starts the emulator (on a free port unless --port is given), runs COMMAND with
VERIFY_EMULATOR_URL (http://127.0.0.1:PORT, https with --tls) and, with --tls's local CA,
VERIFY_EMULATOR_CA (the CA's PEM file) in its environment, passes SIGINT and SIGTERM on to
it, stops the emulator when it ends and exits with its status (128 + N if signal N ended
it; 127 if it cannot be found, 126 if it cannot be run). The emulator's own lines go to
standard error, leaving COMMAND's standard output as it is.

Server-wide bounds: 1024 namespaces, 256 event-stream subscribers, 1000000 recorded calls,
1024 connections; a request's head must arrive within 30 s and its body within 30 s.";
