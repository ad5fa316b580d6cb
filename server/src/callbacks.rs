//! Verify v2 callbacks (Part C6): the engine decides each callback and its JSON; this
//! module POSTs them to `--callback-url`, one attempt each, with a 5 s timeout, a failure
//! logged to stderr and never retried.
//!
//! Sending never blocks an API answer: sessions hand callbacks to a bounded queue
//! ([`Outbox`]) without waiting, and one sender task per server POSTs them one after
//! the other, so they arrive in the order the engine produced them (simulated-time
//! order). An endpoint that is slow or never answers only delays the callbacks behind it
//! (5 s each at most); when the queue is full, a callback is not sent and is marked
//! failed, and the emulator goes on.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, Method, Request, Uri};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::sync::{mpsc, watch};

/// How long one attempt may take (Part C6).
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// How many callbacks may wait to be sent; past it a callback is dropped (marked failed).
pub const QUEUE: usize = 4096;

/// A `--callback-url` that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadCallbackUrl(pub String);

impl fmt::Display for BadCallbackUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadCallbackUrl {}

/// Checks a callback URL: `http://HOST[:PORT]/PATH` (the emulator speaks plain HTTP, so
/// an `https` URL is refused by name rather than failing at every callback).
pub fn parse_url(text: &str) -> Result<Uri, BadCallbackUrl> {
    let uri: Uri = text
        .parse()
        .map_err(|e| BadCallbackUrl(format!("{text:?} is not a URL: {e}")))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => {
            return Err(BadCallbackUrl(format!(
                "{text:?}: the emulator sends callbacks over plain HTTP; give an http:// URL"
            )))
        }
        _ => {
            return Err(BadCallbackUrl(format!(
                "{text:?}: expected http://HOST[:PORT]/PATH"
            )))
        }
    }
    if uri.authority().is_none() {
        return Err(BadCallbackUrl(format!("{text:?} names no host")));
    }
    Ok(uri)
}

/// Where a callback stands: `null` while queued or being sent, then `true` (the endpoint
/// answered 2xx) or `false` (it failed, timed out, was dropped, or there is no URL).
#[derive(Clone, Debug, Default)]
pub struct Delivered(Arc<AtomicU8>);

const PENDING: u8 = 0;
const DONE: u8 = 1;
const FAILED: u8 = 2;

impl Delivered {
    /// Not sent yet.
    pub fn pending() -> Delivered {
        Delivered(Arc::new(AtomicU8::new(PENDING)))
    }

    /// Never to be sent (no URL, or the queue was full).
    pub fn failed() -> Delivered {
        Delivered(Arc::new(AtomicU8::new(FAILED)))
    }

    fn set(&self, ok: bool) {
        self.0
            .store(if ok { DONE } else { FAILED }, Ordering::Release);
    }

    /// `None` while pending, else whether it reached the endpoint.
    pub fn get(&self) -> Option<bool> {
        match self.0.load(Ordering::Acquire) {
            PENDING => None,
            state => Some(state == DONE),
        }
    }
}

struct Outgoing {
    body: String,
    delivered: Delivered,
}

/// The queue of callbacks to send, shared by every session of a server.
#[derive(Clone)]
pub struct Outbox {
    url: Arc<str>,
    queue: mpsc::Sender<Outgoing>,
}

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox").field("url", &self.url).finish()
    }
}

impl Outbox {
    /// Starts the sender task for `url` (which [`parse_url`] accepted); it ends when
    /// `shutdown` turns `true` or every outbox is dropped. Must run inside a Tokio runtime.
    pub fn start(url: Uri, shutdown: watch::Receiver<bool>) -> Outbox {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let text: Arc<str> = Arc::from(url.to_string());
        tokio::spawn(send_all(url, receiver, shutdown));
        Outbox { url: text, queue }
    }

    /// The URL callbacks go to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues `body` without waiting; the answer says how it went once it has.
    pub fn send(&self, body: String) -> Delivered {
        let delivered = Delivered::pending();
        let outgoing = Outgoing {
            body,
            delivered: delivered.clone(),
        };
        if let Err(e) = self.queue.try_send(outgoing) {
            let why = match e {
                mpsc::error::TrySendError::Full(_) => {
                    format!("{QUEUE} callbacks are already waiting")
                }
                mpsc::error::TrySendError::Closed(_) => "the emulator is stopping".to_owned(),
            };
            eprintln!(
                "verify-server: callback to {} not sent: {why} (never retried)",
                self.url
            );
            delivered.set(false);
        }
        delivered
    }
}

/// The sender task: one POST at a time, in queue order.
async fn send_all(
    url: Uri,
    mut receiver: mpsc::Receiver<Outgoing>,
    mut shutdown: watch::Receiver<bool>,
) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    loop {
        let outgoing = tokio::select! {
            next = receiver.recv() => match next {
                Some(outgoing) => outgoing,
                None => return,
            },
            // (The flag's guard must not be held across the loop: it is not `Send`.)
            _ = async { shutdown.wait_for(|stop| *stop).await.is_ok() } => return,
        };
        let request = Request::builder()
            .method(Method::POST)
            .uri(url.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, "verify-server")
            .body(Full::new(Bytes::from(outgoing.body)));
        let request = match request {
            Ok(request) => request,
            Err(e) => {
                eprintln!("verify-server: callback to {url} not sent: {e} (never retried)");
                outgoing.delivered.set(false);
                continue;
            }
        };
        let ok = match tokio::time::timeout(CALLBACK_TIMEOUT, client.request(request)).await {
            Ok(Ok(answer)) if answer.status().is_success() => true,
            Ok(Ok(answer)) => {
                eprintln!(
                    "verify-server: callback to {url} answered {} (never retried)",
                    answer.status()
                );
                false
            }
            Ok(Err(e)) => {
                eprintln!("verify-server: callback to {url} failed: {e} (never retried)");
                false
            }
            Err(_) => {
                eprintln!(
                    "verify-server: callback to {url} had no answer within {} s (never retried)",
                    CALLBACK_TIMEOUT.as_secs()
                );
                false
            }
        };
        outgoing.delivered.set(ok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_urls_with_a_host_are_taken() {
        assert!(parse_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(parse_url("http://localhost/").is_ok());
        assert!(parse_url("https://example.com/hook")
            .unwrap_err()
            .0
            .contains("plain HTTP"));
        assert!(parse_url("ftp://x/").is_err());
        assert!(parse_url("/hook").is_err());
        assert!(parse_url("not a url").is_err());
    }

    #[test]
    fn delivered_reads_null_then_the_outcome() {
        let d = Delivered::pending();
        assert_eq!(d.get(), None);
        d.set(true);
        assert_eq!(d.get(), Some(true));
        assert_eq!(Delivered::failed().get(), Some(false));
    }
}
