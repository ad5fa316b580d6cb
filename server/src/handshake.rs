//! A connection's TLS handshake on a `--tls` port, within a deadline, before hyper sees
//! it. A client that speaks plain HTTP to the port gets a plain `400` saying to use
//! `https://` (as Go's and nginx's servers do), not a silent close; one that stalls is
//! dropped when the deadline passes, like a slow request head.

use std::fmt;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// The first byte of a TLS record that starts a handshake.
const TLS_HANDSHAKE: u8 = 0x16;

/// Why a connection did not become a TLS stream.
#[derive(Debug)]
pub enum HandshakeError {
    /// It did not finish within the deadline.
    TimedOut,
    /// The client spoke plain HTTP (or anything else than TLS); it was told so.
    NotTls,
    /// The handshake failed (the client refused the certificate, went away...).
    Failed(std::io::Error),
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::TimedOut => f.write_str("the TLS handshake did not finish in time"),
            HandshakeError::NotTls => f.write_str("the client did not speak TLS"),
            HandshakeError::Failed(e) => write!(f, "the TLS handshake failed: {e}"),
        }
    }
}

impl std::error::Error for HandshakeError {}

/// Makes `stream` a TLS stream within `deadline`, or says why not.
pub async fn accept(
    acceptor: &TlsAcceptor,
    stream: TcpStream,
    deadline: Duration,
) -> Result<TlsStream<TcpStream>, HandshakeError> {
    let outcome = tokio::time::timeout(deadline, async {
        let mut first = [0u8; 1];
        let seen = stream
            .peek(&mut first)
            .await
            .map_err(HandshakeError::Failed)?;
        if seen == 1 && first[0] != TLS_HANDSHAKE {
            refuse_plain(stream).await;
            return Err(HandshakeError::NotTls);
        }
        acceptor
            .accept(stream)
            .await
            .map_err(HandshakeError::Failed)
    })
    .await;
    outcome.unwrap_or(Err(HandshakeError::TimedOut))
}

/// Answers a plain-HTTP client with a 400 naming the scheme to use, and closes (within a
/// second: a client that does not read is dropped).
async fn refuse_plain(mut stream: TcpStream) {
    let body = serde_json::json!({
        "error": "this port speaks HTTPS (verify-server --tls): use https:// in the URL"
    })
    .to_string();
    let answer = format!(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    // What the client sent is read first and the rest drained after: a socket closed
    // with unread bytes resets, and the client would never see the answer.
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.read(&mut sink).await?;
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await?;
        while stream.read(&mut sink).await? > 0 {}
        Ok::<(), std::io::Error>(())
    })
    .await;
}
