//! HTTPS (`--tls`) over a real TLS socket, with a rustls client that trusts only the
//! CA under test: the generated CA made once and reused across restarts (and never
//! replaced), the server certificate issued again when missing, the user's own
//! certificate and key, refused files, a plain-HTTP client on the TLS port, and the page's
//! origin, `/_sim/` and the event stream over HTTPS.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::config;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use verify_server::tls::{self, TlsError, TlsSource, CA_FILE, CA_KEY_FILE, CERT_FILE, KEY_FILE};
use verify_server::{Config, Server};

/// A fresh, empty directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("verify-server-tls-{name}-{nanos}"));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

fn tls_config(source: TlsSource) -> Config {
    Config {
        tls: Some(source),
        ..config()
    }
}

async fn start(source: TlsSource) -> Server {
    Server::start(tls_config(source), 1)
        .await
        .expect("the server starts")
}

/// Sends `request` (whole, with `Connection: close`) over TLS to `port`, naming the
/// server `name` and trusting only the certificates in `ca_pem`; returns the raw answer.
async fn over_tls(port: u16, ca_pem: &[u8], name: &str, request: &str) -> std::io::Result<String> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots
            .add(cert.map_err(std::io::Error::other)?)
            .map_err(std::io::Error::other)?;
    }
    let client =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(std::io::Error::other)?
            .with_root_certificates(roots)
            .with_no_client_auth();
    let name = ServerName::try_from(name.to_owned()).map_err(std::io::Error::other)?;
    let tcp = TcpStream::connect(("127.0.0.1", port)).await?;
    let mut stream = TlsConnector::from(Arc::new(client))
        .connect(name, tcp)
        .await?;
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    // A peer closing without close_notify is an error to rustls; what came counts.
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// GET `path` over TLS.
async fn get(port: u16, ca_pem: &[u8], name: &str, path: &str) -> std::io::Result<String> {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    over_tls(port, ca_pem, name, &request).await
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn the_generated_ca_is_made_once_reused_after_and_never_replaced() {
    let dir = scratch("reuse");
    let source = TlsSource::Generated(Some(dir.clone()));
    let first = start(source.clone()).await;
    let notes = first.tls.as_ref().expect("tls").notes.join("\n");
    assert!(notes.contains("created the local CA"), "{notes}");
    assert_eq!(
        first.tls.as_ref().and_then(|t| t.ca.clone()),
        Some(dir.join(CA_FILE))
    );
    let ca = read(&dir.join(CA_FILE));
    let port = first.addr.port();
    for name in ["localhost", "127.0.0.1"] {
        let answer = get(port, &ca, name, "/_sim/clock")
            .await
            .expect("a TLS answer");
        assert!(answer.starts_with("HTTP/1.1 200"), "{name}: {answer}");
        assert!(answer.contains("\"paused\":true"), "{answer}");
    }
    let started = get(
        port,
        &ca,
        "localhost",
        "/verify/json?number=447700900001&brand=Acme",
    )
    .await
    .expect("a TLS answer");
    assert!(started.contains("\"status\":\"0\""), "{started}");
    first.stop().await.expect("a clean stop");
    let leaf = read(&dir.join(CERT_FILE));

    // A restart reuses both: clients that trusted the CA still do.
    let second = start(source.clone()).await;
    let notes = second.tls.as_ref().expect("tls").notes.join("\n");
    assert!(notes.contains("reused the local CA"), "{notes}");
    assert!(notes.contains("reused the certificate"), "{notes}");
    assert_eq!(read(&dir.join(CA_FILE)), ca);
    assert_eq!(read(&dir.join(CERT_FILE)), leaf);
    let answer = get(second.addr.port(), &ca, "localhost", "/_sim/clock")
        .await
        .expect("a TLS answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    second.stop().await.expect("a clean stop");

    // The server's certificate missing: issued again by the same CA.
    std::fs::remove_file(dir.join(CERT_FILE)).expect("removed");
    let third = start(source.clone()).await;
    let notes = third.tls.as_ref().expect("tls").notes.join("\n");
    assert!(
        notes.contains("reused the local CA") && notes.contains("issued"),
        "{notes}"
    );
    assert_eq!(read(&dir.join(CA_FILE)), ca);
    assert_ne!(read(&dir.join(CERT_FILE)), leaf);
    let answer = get(third.addr.port(), &ca, "localhost", "/_sim/clock")
        .await
        .expect("a TLS answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    third.stop().await.expect("a clean stop");

    // A certificate from another CA is no use: issued again by this one.
    let other = scratch("other");
    tls::prepare(&TlsSource::Generated(Some(other.clone()))).expect("another CA");
    std::fs::copy(other.join(CERT_FILE), dir.join(CERT_FILE)).expect("copied");
    std::fs::copy(other.join(KEY_FILE), dir.join(KEY_FILE)).expect("copied");
    let notes = tls::prepare(&source).expect("tls").notes.join("\n");
    assert!(notes.contains("issued"), "{notes}");

    // The CA's key gone: stop, and leave ca.pem as it is.
    std::fs::remove_file(dir.join(CA_KEY_FILE)).expect("removed");
    let refused = tls::prepare(&source).expect_err("an incomplete CA is refused");
    assert!(
        matches!(refused, TlsError::CaIncomplete { .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("is not replaced"), "{refused}");
    assert_eq!(read(&dir.join(CA_FILE)), ca);
    assert!(!dir.join(CA_KEY_FILE).exists());
    // A ca.pem that is not this emulator's CA cannot issue: said, not replaced.
    std::fs::copy(other.join(CA_KEY_FILE), dir.join(CA_KEY_FILE)).expect("copied");
    let refused = tls::prepare(&source).expect_err("a foreign CA is refused");
    assert!(matches!(refused, TlsError::CaUnusable { .. }), "{refused}");
    assert_eq!(read(&dir.join(CA_FILE)), ca);
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(other);
}

/// A CA and a `localhost` certificate of the test's own, as mkcert would make them:
/// returns (CA PEM, certificate PEM, key PEM).
fn own_certificate() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().expect("a key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "test CA");
    let ca = ca_params.self_signed(&ca_key).expect("a CA");
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().expect("a key");
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&key, &issuer)
        .expect("a certificate");
    (ca.pem(), leaf.pem(), key.serialize_pem())
}

#[tokio::test]
async fn the_users_own_certificate_and_key_serve_and_bad_files_are_named() {
    let dir = scratch("own");
    let (ca, cert, key) = own_certificate();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, &cert).expect("written");
    std::fs::write(&key_path, &key).expect("written");
    let source = TlsSource::Files {
        cert: cert_path.clone(),
        key: key_path.clone(),
    };
    let server = start(source).await;
    assert_eq!(server.tls.as_ref().and_then(|t| t.ca.clone()), None);
    let answer = get(
        server.addr.port(),
        ca.as_bytes(),
        "localhost",
        "/_sim/clock",
    )
    .await
    .expect("a TLS answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A client trusting another CA refuses the server.
    let (stranger, _, other_key) = own_certificate();
    let refused = get(server.addr.port(), stranger.as_bytes(), "localhost", "/").await;
    assert!(refused.is_err(), "{refused:?}");
    server.stop().await.expect("a clean stop");

    let other_key_path = dir.join("other-key.pem");
    std::fs::write(&other_key_path, other_key).expect("written");
    let prepare = |cert: &Path, key: &Path| {
        tls::prepare(&TlsSource::Files {
            cert: cert.to_owned(),
            key: key.to_owned(),
        })
        .expect_err("refused")
    };
    let mismatch = prepare(&cert_path, &other_key_path);
    assert!(
        matches!(mismatch, TlsError::KeyMismatch { .. }),
        "{mismatch}"
    );
    let missing = prepare(&dir.join("nowhere.pem"), &key_path);
    assert!(missing.to_string().contains("cannot read"), "{missing}");
    let no_cert = prepare(&key_path, &key_path);
    assert!(
        no_cert.to_string().contains("no PEM certificate"),
        "{no_cert}"
    );
    let no_key = prepare(&cert_path, &cert_path);
    assert!(
        no_key.to_string().contains("no PEM private key"),
        "{no_key}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn plain_http_on_the_tls_port_is_told_and_others_are_answered_meanwhile() {
    let dir = scratch("plain");
    let server = start(TlsSource::Generated(Some(dir.clone()))).await;
    let port = server.addr.port();
    let ca = read(&dir.join(CA_FILE));
    // A client that connects and says nothing holds no one up.
    let _silent = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connected");
    for _ in 0..3 {
        let mut plain = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connected");
        plain
            .write_all(b"GET /_sim/clock HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .await
            .expect("sent");
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), plain.read_to_end(&mut answer))
            .await
            .expect("closed in time")
            .expect("read");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(answer.contains("use https://"), "{answer}");
        let served = get(port, &ca, "localhost", "/_sim/clock")
            .await
            .expect("a TLS answer");
        assert!(served.starts_with("HTTP/1.1 200"), "{served}");
    }
    server.stop().await.expect("a clean stop");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_pages_https_origin_and_the_event_stream_work_over_tls() {
    let dir = scratch("origin");
    let server = start(TlsSource::Generated(Some(dir.clone()))).await;
    let port = server.addr.port();
    let ca = read(&dir.join(CA_FILE));
    let change = |origin: String| {
        let body = r#"{"speed":2}"#;
        format!(
            "POST /_sim/clock HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: {origin}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let own = over_tls(
        port,
        &ca,
        "localhost",
        &change(format!("https://localhost:{port}")),
    )
    .await
    .expect("a TLS answer");
    assert!(own.starts_with("HTTP/1.1 200"), "{own}");
    let plain = over_tls(
        port,
        &ca,
        "localhost",
        &change(format!("http://localhost:{port}")),
    )
    .await
    .expect("a TLS answer");
    assert!(plain.starts_with("HTTP/1.1 403"), "{plain}");

    // The stream's first event arrives over TLS (read until it does, then hang up).
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&ca) {
        roots.add(cert.expect("a certificate")).expect("added");
    }
    let client =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    let tcp = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connected");
    let name = ServerName::try_from("localhost").expect("a name");
    let mut stream = TlsConnector::from(Arc::new(client))
        .connect(name, tcp)
        .await
        .expect("a handshake");
    let request = format!("GET /_sim/events HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !seen.contains("event: hello") {
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buffer))
            .await
            .expect("the hello in time")
            .expect("read");
        assert!(n > 0, "closed before the hello: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(seen.contains("text/event-stream"), "{seen}");
    drop(stream);
    server.stop().await.expect("a clean stop");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_tls_flags_exit_2_with_the_reason() {
    let dir = scratch("flags");
    let (_, cert, _) = own_certificate();
    let (_, _, other_key) = own_certificate();
    std::fs::write(dir.join("cert.pem"), cert).expect("written");
    std::fs::write(dir.join("key.pem"), other_key).expect("written");
    let cert = dir.join("cert.pem").display().to_string();
    let key = dir.join("key.pem").display().to_string();
    let missing = dir.join("missing.pem").display().to_string();
    for (args, words) in [
        (vec!["--tls-cert", cert.as_str()], "needs --tls-key"),
        (
            vec!["--tls-cert", &missing, "--tls-key", &key],
            "cannot read",
        ),
        (
            vec!["--tls-cert", &cert, "--tls-key", &key],
            "does not belong",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_verify-server"))
            .args(&args)
            .args(["--port", "0"])
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
