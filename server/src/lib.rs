//! # verify-server
//!
//! A local Verify API emulator: the real HTTP API (`/verify/json` and friends) answered
//! by `verify-engine`, test helpers under `/_sim/` (deliveries, the clock, reset, the
//! session as a scenario, a stream of events), and the playground served as its phone.
//! A thin shell, like `verify-sim`: every Verify decision is the engine's; this crate
//! reads requests, keeps time and writes answers.
//!
//! - [`api`]: the four API endpoints; [`params`] reads their parameters.
//! - [`sim`] and [`events`]: `/_sim/`; [`views`]: the JSON it takes and answers with.
//! - [`session`]: one emulated account (engine, clock, recording, stream);
//!   [`namespaces`]: one or many, each with its ticker task.
//! - [`guard`]: Host, Origin and Content-Type checks; [`files`]: the playground.

#![warn(missing_docs)]

pub mod api;
pub mod clock;
pub mod events;
pub mod files;
pub mod guard;
pub mod namespaces;
pub mod options;
pub mod params;
pub mod reply;
pub mod session;
pub mod sim;
pub mod views;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, MethodRouter};
use axum::{middleware, Router};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use verify_engine::{Credentials, Endpoint, Millis, StartDate};

use namespaces::Namespaces;
use session::SessionConfig;

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
}

impl App {
    /// The shared state of a server run with `config`; `epoch` tells this run apart from
    /// others, and `shutdown` turning `true` ends tickers and streams.
    pub fn new(config: &Config, epoch: u64, shutdown: watch::Receiver<bool>) -> Arc<App> {
        let session = SessionConfig {
            seed: config.seed,
            start: config.start,
            retention: config.retention,
        };
        Arc::new(App {
            namespaces: Namespaces::new(
                session,
                config.speed,
                config.paused,
                config.namespaces,
                epoch,
                shutdown.clone(),
            ),
            credentials: config.credentials.clone(),
            host: config.host.clone(),
            shutdown,
        })
    }
}

/// The whole HTTP interface.
pub fn router(app: Arc<App>, dist: Option<PathBuf>) -> Router {
    let routes = Router::new()
        .route("/verify/json", api_route(Endpoint::Verify))
        .route("/verify/check/json", api_route(Endpoint::Check))
        .route("/verify/search/json", api_route(Endpoint::Search))
        .route("/verify/control/json", api_route(Endpoint::Control))
        .route("/_sim/deliveries", get(sim::deliveries))
        .route("/_sim/clock", get(sim::clock).post(sim::change_clock))
        .route("/_sim/reset", post(sim::reset))
        .route("/_sim/scenario", get(sim::scenario))
        .route("/_sim/events", get(events::events))
        .with_state(app.clone());
    let routes = match dist {
        Some(dist) => routes.merge(files::routes(dist)),
        None => routes.fallback(files::not_found),
    };
    routes
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(app, guard::guard))
}

/// GET and POST for an API endpoint; other methods get 405 with a JSON body.
fn api_route(endpoint: Endpoint) -> MethodRouter<Arc<App>> {
    let handler =
        move |state, query, headers, body| api::call(state, endpoint, query, headers, body);
    get(handler).post(handler).fallback(|| async {
        reply::error_reply(
            StatusCode::METHOD_NOT_ALLOWED,
            "the Verify API takes GET (query string) or POST (form or JSON)",
        )
    })
}

/// A server that is running.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Binds and starts serving. `epoch` tells apart this run from others (clients
    /// resuming a stream from an earlier run start over).
    pub async fn start(config: Config, epoch: u64) -> std::io::Result<Server> {
        let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
        let addr = listener.local_addr()?;
        let (stop, shutdown) = watch::channel(false);
        let app = App::new(&config, epoch, shutdown.clone());
        let router = router(app, config.dist);
        let mut done = shutdown;
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = done.wait_for(|stop| *stop).await;
                })
                .await
        });
        Ok(Server { addr, stop, task })
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
