//! # verify-server
//!
//! A local Verify API emulator: the real HTTP API (`/verify/json` and friends) answered
//! by `verify-engine`, test helpers under `/_sim/` (deliveries, the clock, reset, the
//! session as a scenario, a stream of events), and the playground served as its phone.
//! A thin shell, like `verify-sim`: every Verify decision is the engine's; this crate
//! reads requests, keeps time and writes answers.
//!
//! - [`api`]: v1's five API endpoints (PSD2 among them); [`params`] reads their parameters;
//!   [`unblock`]: `POST /verify/network-unblock`.
//! - [`v2`]: Verify v2's routes and their auth; [`callbacks`]: v2's callbacks POSTed to
//!   `--callback-url` without blocking any answer.
//! - [`sim`] and [`events`]: `/_sim/`; [`views`]: the JSON it takes and answers with.
//! - [`faults`]: `/_sim/faults`; [`transport`]: the emulator's own transport faults
//!   (`http:<status>`, `delay:<ms>`, `drop`), which [`intercept`] applies to API requests.
//! - [`session`]: one emulated account (engine, clock, recording, stream);
//!   [`namespaces`]: one or many, each with its ticker task, reclaimed when idle and
//!   supervised (a session whose ticker panics answers 503, the others go on).
//! - [`limits`]: the server-wide bounds (namespaces, streams, recorded calls,
//!   connections, how long a request may take to arrive).
//! - [`guard`]: Host, Origin and Content-Type checks, and the body's deadline;
//!   [`files`]: the playground.
//! - [`clock`]: simulated time, and the one check of a speed.
//! - [`tls`]: HTTPS (`--tls`): the local CA and its certificate, or the user's own;
//!   [`handshake`]: each connection's TLS handshake, within the header deadline.
//! - [`import`] and [`export`]: a session started from a scenario file (`--import`) and
//!   written as one when the server stops (`--export-on-exit`); [`exec`]: the emulator
//!   around one command (`verify-server exec -- COMMAND`).

#![warn(missing_docs)]

pub mod accept;
pub mod api;
pub mod callbacks;
pub mod clock;
pub mod events;
pub mod exec;
pub mod export;
pub mod faults;
pub mod files;
pub mod guard;
pub mod handshake;
pub mod import;
pub mod intercept;
pub mod limits;
pub mod namespaces;
pub mod options;
pub mod params;
pub mod received;
pub mod reply;
pub mod session;
pub mod sim;
pub mod ticker;
pub mod tls;
pub mod transport;
pub mod unblock;
pub mod usage;
pub mod v2;
pub mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, MethodRouter};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use verify_engine::{Credentials, Endpoint, Millis, StartDate};

use callbacks::{BadCallbackUrl, Outbox};
use limits::{Bounds, Limits};
use namespaces::Namespaces;
use session::{SessionConfig, Surroundings};

/// The largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How a server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address to bind.
    pub host: String,
    /// The port (0: any free one).
    pub port: u16,
    /// The engine's seed.
    pub seed: u64,
    /// The date simulated time 0 stands for.
    pub start: StartDate,
    /// Simulated seconds per real second.
    pub speed: f64,
    /// Time moves only through `/_sim/clock`.
    pub paused: bool,
    /// How long finished requests stay known; `None`: for ever.
    pub retention: Option<Millis>,
    /// Check these credentials, as the real API does.
    pub credentials: Option<Credentials>,
    /// One session per `api_key` or `X-Sim-Namespace`.
    pub namespaces: bool,
    /// The playground's built files, served at `/`.
    pub dist: Option<PathBuf>,
    /// The server-wide bounds ([`Bounds::default`] on the command line).
    pub bounds: Bounds,
    /// Where v2 callbacks are POSTed (`--callback-url`); `None`: kept for
    /// `/_sim/callbacks` only.
    pub callback_url: Option<String>,
    /// Serve HTTPS with this certificate (`--tls`...); `None`: plain HTTP.
    pub tls: Option<tls::TlsSource>,
}

impl Config {
    /// The origin silent auth's `check_url` points at: `http://HOST:PORT` (`https` with
    /// TLS) as an app on this machine reaches the server (a wildcard address becomes
    /// `localhost`).
    pub fn origin(&self) -> String {
        let host = match self.host.as_str() {
            "0.0.0.0" | "::" | "[::]" | "" => "localhost".to_owned(),
            host if host.contains(':') && !host.starts_with('[') => format!("[{host}]"),
            host => host.to_owned(),
        };
        format!("{}://{host}:{}", self.scheme(), self.port)
    }
}

impl Config {
    /// `https` with TLS, else `http`.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }
}

/// What the routes share.
pub struct App {
    /// The sessions.
    pub namespaces: Namespaces,
    /// The credentials to check, if any.
    pub credentials: Option<Credentials>,
    /// The address the server binds, which a `Host` header may name.
    pub host: String,
    /// Changes to `true` when the server stops (streams end).
    pub shutdown: watch::Receiver<bool>,
    /// The server-wide bounds and their counters.
    pub limits: Arc<Limits>,
    /// `https` or `http`: the scheme of this server's own origin (the `Origin` its pages
    /// send).
    pub scheme: &'static str,
    /// Set (for good) when a transport fault is first set in any session: until then an
    /// API request need not look for one (a turn of the sessions' map and of its
    /// session's lock saved per request).
    pub transport_faults_used: AtomicBool,
}

impl App {
    /// The shared state of a server run with `config`; `epoch` tells this run apart from
    /// others, and `shutdown` turning `true` ends tickers, streams and the callback
    /// sender. With a callback URL it must run inside a Tokio runtime (the sender is a
    /// task); a URL that cannot be used is refused.
    pub fn new(
        config: &Config,
        epoch: u64,
        shutdown: watch::Receiver<bool>,
    ) -> Result<Arc<App>, BadCallbackUrl> {
        let outbox = match &config.callback_url {
            Some(url) => Some(Outbox::start(callbacks::parse_url(url)?, shutdown.clone())),
            None => None,
        };
        let surroundings = Surroundings {
            origin: Arc::from(config.origin()),
            outbox,
        };
        let session = SessionConfig {
            seed: config.seed,
            start: config.start,
            retention: config.retention,
        };
        let limits = Limits::new(config.bounds.clone());
        Ok(Arc::new(App {
            namespaces: Namespaces::new(
                session,
                config.speed,
                config.paused,
                config.namespaces,
                epoch,
                shutdown.clone(),
                limits.clone(),
            )
            .around(surroundings),
            credentials: config.credentials.clone(),
            host: config.host.clone(),
            shutdown,
            limits,
            scheme: config.scheme(),
            transport_faults_used: AtomicBool::new(false),
        }))
    }
}

/// The whole HTTP interface.
pub fn router(app: Arc<App>, dist: Option<PathBuf>) -> Router {
    let routes = Router::new()
        .route("/verify/json", api_route(Endpoint::Verify))
        .route("/verify/check/json", api_route(Endpoint::Check))
        .route("/verify/search/json", api_route(Endpoint::Search))
        .route("/verify/control/json", api_route(Endpoint::Control))
        .route("/verify/psd2/json", api_route(Endpoint::Psd2))
        .route(
            "/verify/network-unblock",
            post(unblock::unblock).fallback(|| async {
                reply::error_reply(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "the network unblock takes POST with a JSON body",
                )
            }),
        )
        .route("/v2/verify", v2_route(post(v2::start)))
        .route("/v2/verify/", v2_route(post(v2::start)))
        .route(
            "/v2/verify/{id}",
            v2_route(post(v2::check).delete(v2::cancel)),
        )
        .route("/v2/verify/{id}/next_workflow", v2_route(post(v2::next)))
        .route("/v2/verify/{id}/next-workflow", v2_route(post(v2::next)))
        .route(
            "/v2/verify/{id}/silent-auth/redirect",
            v2_route(get(v2::hop)),
        )
        .route(
            "/ns/{namespace}/v2/verify/{id}/silent-auth/redirect",
            v2_route(get(v2::hop_in)),
        )
        .route("/_sim/deliveries", get(sim::deliveries))
        .route("/_sim/callbacks", get(sim::callbacks))
        .route("/_sim/reply", post(sim::reply))
        .route("/_sim/clock", get(sim::clock).post(sim::change_clock))
        .route("/_sim/reset", post(sim::reset))
        .route("/_sim/scenario", get(sim::scenario))
        .route(
            "/_sim/faults",
            get(faults::list).post(faults::set).delete(faults::clear),
        )
        .route("/_sim/faults/{id}", delete(faults::remove))
        .route(
            "/_sim/events",
            get(events::events).layer(middleware::from_fn_with_state(
                app.clone(),
                guard::stream_permit,
            )),
        )
        .with_state(app.clone());
    let routes = match dist {
        Some(dist) => routes.merge(files::routes(dist)),
        None => routes.fallback(files::not_found),
    };
    routes
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            guard::body_deadline,
        ))
        .layer(middleware::from_fn_with_state(app, guard::guard))
}

/// GET and POST for an API endpoint; other methods get 405 with a JSON body.
fn api_route(endpoint: Endpoint) -> MethodRouter<Arc<App>> {
    let handler = move |state, uri, query, headers, body| {
        api::call(state, endpoint, uri, query, headers, body)
    };
    get(handler).post(handler).fallback(|| async {
        reply::error_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "the Verify API takes GET (query string) or POST (form or JSON)",
        )
    })
}

/// A v2 route: other methods get 405 as a problem.
fn v2_route(route: MethodRouter<Arc<App>>) -> MethodRouter<Arc<App>> {
    route.fallback(v2::not_allowed)
}

/// A server that is running.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
    app: Arc<App>,
    /// The TLS setup it serves with (`None`: plain HTTP).
    pub tls: Option<tls::Tls>,
}

impl Server {
    /// Binds and starts serving. `epoch` tells apart this run from others (clients
    /// resuming a stream from an earlier run start over). With `config.tls`, sets TLS up
    /// first ([`tls::prepare`]); a problem there is an `InvalidInput` error naming it
    /// (the command line prepares it itself, to tell it apart).
    pub async fn start(config: Config, epoch: u64) -> std::io::Result<Server> {
        let tls = match &config.tls {
            Some(source) => Some(tls::prepare(source).map_err(|e| {
                std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string())
            })?),
            None => None,
        };
        Server::start_with(config, epoch, tls).await
    }

    /// [`Server::start`] with TLS already set up (`tls` must be `Some` exactly when
    /// `config.tls` is, as the scheme of its origin follows `config.tls`).
    pub async fn start_with(
        config: Config,
        epoch: u64,
        tls: Option<tls::Tls>,
    ) -> std::io::Result<Server> {
        Server::start_from(config, epoch, tls, None).await
    }

    /// [`Server::start_with`], the default session first rebuilt from `imported`
    /// (`--import`) before any connection is accepted (`config` should carry its seed,
    /// start and retention: [`import::Imported::config`]).
    pub async fn start_from(
        mut config: Config,
        epoch: u64,
        tls: Option<tls::Tls>,
        imported: Option<&import::Imported>,
    ) -> std::io::Result<Server> {
        if let Some(url) = &config.callback_url {
            callbacks::parse_url(url).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("--callback-url {e}"),
                )
            })?;
        }
        let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
        let addr = listener.local_addr()?;
        // `check_url` names the port actually bound (`--port 0` picks one).
        config.port = addr.port();
        let (stop, shutdown) = watch::channel(false);
        let app = App::new(&config, epoch, shutdown.clone())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        if let Some(imported) = imported {
            let shared = app.namespaces.get("").map_err(std::io::Error::other)?;
            imported.replay(&mut shared.lock(), config.paused);
            shared.changed();
        }
        let router = router(app.clone(), config.dist);
        let acceptor = tls
            .as_ref()
            .map(|tls| tokio_rustls::TlsAcceptor::from(tls.config.clone()));
        let task = tokio::spawn(accept::serve(
            listener,
            router,
            app.limits.clone(),
            acceptor,
            shutdown,
        ));
        Ok(Server {
            addr,
            stop,
            task,
            app,
            tls,
        })
    }

    /// The shared state of the running server.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Makes the ticker of `namespace`'s session panic, as a bug would (made first if
    /// new): that session must then answer 503 and the others go on. Only with the
    /// `test-hooks` feature, which only this crate's tests enable: no request reaches it.
    #[cfg(feature = "test-hooks")]
    pub fn panic_ticker(&self, namespace: &str) {
        if let Ok(shared) = self.app.namespaces.get(namespace) {
            shared.panic_ticker();
        }
    }

    /// Stops accepting, ends the event streams, and waits for the requests in flight.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(true);
        match self.task.await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}
