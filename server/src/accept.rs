//! The accept loop: connections taken within the server's bounds, each served by hyper
//! with the header deadline (and a TLS handshake within it, with `--tls`), and the ones
//! over the bound answered 503 and closed.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};

use crate::handshake;
use crate::intercept::DroppingService;
use crate::limits::{LimitHit, Limits};

/// Accepts connections until `shutdown` turns `true`, then lets those open finish (the
/// event streams end by themselves). Instead of `axum::serve`, for two guards it has no
/// option for: a request's head must arrive within [`Bounds::header_timeout`](crate::limits::Bounds::header_timeout) (an idle
/// keep-alive connection closes after as long), so a client that sends half a request
/// and waits holds nothing for long; and at most [`Bounds::connections`](crate::limits::Bounds::connections) are open at once
/// (past that a connection gets a 503 and is closed), so such clients cannot take every
/// file descriptor. With `tls`, each connection's handshake must finish within the
/// same header deadline, its place counted from the start ([`handshake::accept`]).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Arc<Limits>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let bounds = &limits.bounds;
    let open = Arc::new(Semaphore::new(bounds.connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(bounds.header_timeout);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors or a connection reset before it was
                    // taken: not the server's end. Wait a moment rather than spin.
                    eprintln!("verify-server: cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            // (The flag's guard must not be held across the loop: it is not `Send`.)
            _ = async { shutdown.wait_for(|stop| *stop).await.is_ok() } => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tokio::spawn(refuse(stream, LimitHit::Connections(bounds.connections)));
            continue;
        };
        // Small answers go out at once.
        let _ = stream.set_nodelay(true);
        let service = DroppingService::new(router.clone());
        let Some(acceptor) = &tls else {
            let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                // A connection that ends in an error (a client gone, a header timeout) is
                // that client's business.
                let _ = connection.await;
                drop(permit);
            });
            continue;
        };
        let (acceptor, watcher, http) = (acceptor.clone(), graceful.watcher(), http.clone());
        let deadline = bounds.header_timeout;
        let mut stopping = shutdown.clone();
        tokio::spawn(async move {
            // A handshake still going when the server stops is dropped (its watcher
            // would hold the shutdown up to the deadline). One that fails, like a
            // failed connection, is that client's business.
            let handshake = tokio::select! {
                handshake = handshake::accept(&acceptor, stream, deadline) => handshake,
                _ = async { stopping.wait_for(|stop| *stop).await.is_ok() } => return,
            };
            if let Ok(stream) = handshake {
                let _ = watcher
                    .watch(http.serve_connection(TokioIo::new(stream), service))
                    .await;
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Answers a connection over the bound with a 503 naming it, and closes it (within a
/// second: a client that does not read is dropped).
async fn refuse(mut stream: TcpStream, hit: LimitHit) {
    let body = serde_json::json!({ "error": hit.to_string() }).to_string();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
}
