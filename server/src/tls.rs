//! HTTPS for the emulator (`--tls`): the SDKs that build every URL as `https://...`
//! (Python's `vonage`, Ruby's) can then reach it.
//!
//! Two sources of a certificate ([`TlsSource`]):
//! - **generated**: a local certificate authority the emulator makes on first use in a
//!   directory (`ca.pem`, `ca-key.pem`) and reuses after, and a certificate for
//!   `localhost`, `127.0.0.1` and `::1` it issues (`localhost.pem`, `localhost-key.pem`),
//!   issued again when missing, unreadable, about to expire or not the CA's. A CA is never
//!   replaced: a `ca.pem` without its key (or the reverse) stops the server with a message,
//!   since clients may already trust it. The CA may only vouch for loopback names (name
//!   constraints), so its key in the wrong hands cannot impersonate any real site.
//! - **files** (`--tls-cert`, `--tls-key`): the user's own (e.g. mkcert's), checked to
//!   match.
//!
//! Pure Rust: rustls with the `ring` provider, certificates made with `rcgen`.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    NameConstraints,
};
use rustls::client::danger::ServerCertVerifier;
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{RootCertStore, ServerConfig};
use time::OffsetDateTime;

/// The CA's certificate, in the generated directory: what clients are told to trust.
pub const CA_FILE: &str = "ca.pem";
/// The CA's private key.
pub const CA_KEY_FILE: &str = "ca-key.pem";
/// The server's certificate, issued by the CA.
pub const CERT_FILE: &str = "localhost.pem";
/// The server's private key.
pub const KEY_FILE: &str = "localhost-key.pem";

/// How long a generated CA is valid: ten years (a CA outliving its leaves spares users
/// trusting it again).
const CA_DAYS: i64 = 3650;
/// How long an issued server certificate is valid (browsers refuse much longer ones).
const LEAF_DAYS: i64 = 365;
/// A server certificate expiring sooner than this is issued again at start.
const RENEW_BEFORE: Duration = Duration::from_secs(24 * 3600);

/// Where the server's certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsSource {
    /// A local CA in this directory (`None`: [`default_dir`]), made on first use.
    Generated(Option<PathBuf>),
    /// The user's own certificate chain and key, PEM files.
    Files {
        /// The certificate (chain), leaf first.
        cert: PathBuf,
        /// Its private key.
        key: PathBuf,
    },
}

/// The TLS setup a server runs with, and what to tell its users.
#[derive(Clone, Debug)]
pub struct Tls {
    /// rustls' server configuration (HTTP/1.1 over ALPN).
    pub config: Arc<ServerConfig>,
    /// The CA to trust, for a generated certificate.
    pub ca: Option<PathBuf>,
    /// What was done at start (created the CA, issued a certificate, reused both...).
    pub notes: Vec<String>,
}

/// Why TLS could not be set up.
#[derive(Debug)]
pub enum TlsError {
    /// Neither `XDG_DATA_HOME` nor `HOME` is set: no default directory.
    NoDefaultDir,
    /// A file or directory could not be read or written.
    Io {
        /// Which.
        path: PathBuf,
        /// What was being done ("read", "create"...).
        doing: &'static str,
        /// The system's reason.
        source: io::Error,
    },
    /// One half of the CA is there without the other: it is not replaced.
    CaIncomplete {
        /// The half that exists.
        present: PathBuf,
        /// The half that is missing.
        missing: PathBuf,
    },
    /// A file holds no PEM item of the kind needed.
    NoPem {
        /// The file.
        path: PathBuf,
        /// What was looked for ("certificate", "private key").
        what: &'static str,
    },
    /// The private key does not belong to the certificate.
    KeyMismatch {
        /// The certificate.
        cert: PathBuf,
        /// The key.
        key: PathBuf,
    },
    /// rustls refused the certificate or key.
    Rejected(rustls::Error),
    /// A certificate could not be made.
    Generate(rcgen::Error),
    /// A certificate just issued does not verify against `ca.pem` (the file is not this
    /// emulator's CA, or it has expired).
    CaUnusable {
        /// The CA's file.
        ca: PathBuf,
        /// rustls' reason.
        why: rustls::Error,
    },
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::NoDefaultDir => f.write_str(
                "--tls: neither XDG_DATA_HOME nor HOME is set; name a directory with --tls-dir",
            ),
            TlsError::Io {
                path,
                doing,
                source,
            } => {
                write!(f, "cannot {doing} {}: {source}", path.display())
            }
            TlsError::CaIncomplete { present, missing } => write!(
                f,
                "{} exists but {} does not: the local CA is incomplete. It is not replaced \
                 (clients may trust it); move the directory away or restore the file",
                present.display(),
                missing.display()
            ),
            TlsError::NoPem { path, what } => {
                write!(f, "{} holds no PEM {what}", path.display())
            }
            TlsError::KeyMismatch { cert, key } => write!(
                f,
                "the key {} does not belong to the certificate {}",
                key.display(),
                cert.display()
            ),
            TlsError::Rejected(e) => write!(f, "the certificate or key is refused: {e}"),
            TlsError::Generate(e) => write!(f, "cannot make a certificate: {e}"),
            TlsError::CaUnusable { ca, why } => write!(
                f,
                "{} cannot issue the server's certificate ({why}): it is not this \
                 emulator's CA or has expired; move the directory away to make a new one",
                ca.display()
            ),
        }
    }
}

impl std::error::Error for TlsError {}

impl From<rcgen::Error> for TlsError {
    fn from(e: rcgen::Error) -> TlsError {
        TlsError::Generate(e)
    }
}

/// The default directory of the generated CA: `$XDG_DATA_HOME/verify-server/tls`, else
/// `~/.local/share/verify-server/tls` (per user, kept across runs so the CA is trusted
/// once).
pub fn default_dir() -> Option<PathBuf> {
    let data = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => {
            PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".local/share")
        }
    };
    Some(data.join("verify-server").join("tls"))
}

/// Sets TLS up from `source`: makes or reuses the CA and the certificate, or reads the
/// user's files, and checks that each key matches its certificate.
pub fn prepare(source: &TlsSource) -> Result<Tls, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let (chain, key, ca, notes) = match source {
        TlsSource::Files { cert, key } => {
            let chain = read_chain(cert)?;
            let key_der = read_key(key)?;
            let notes = vec![format!("certificate {}", cert.display())];
            (chain, (key_der, cert.clone(), key.clone()), None, notes)
        }
        TlsSource::Generated(dir) => {
            let dir = match dir {
                Some(dir) => dir.clone(),
                None => default_dir().ok_or(TlsError::NoDefaultDir)?,
            };
            let (notes, ca) = generated(&dir, &provider)?;
            let cert = dir.join(CERT_FILE);
            let key = dir.join(KEY_FILE);
            let key_der = read_key(&key)?;
            (read_chain(&cert)?, (key_der, cert, key), Some(ca), notes)
        }
    };
    let (key_der, cert_path, key_path) = key;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Rejected)?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| match e {
            rustls::Error::InconsistentKeys(_) => TlsError::KeyMismatch {
                cert: cert_path,
                key: key_path,
            },
            other => TlsError::Rejected(other),
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        config: Arc::new(config),
        ca,
        notes,
    })
}

/// Makes or reuses the CA in `dir` and issues its server certificate when needed;
/// returns what was done and the CA's path.
fn generated(
    dir: &Path,
    provider: &Arc<rustls::crypto::CryptoProvider>,
) -> Result<(Vec<String>, PathBuf), TlsError> {
    fs::create_dir_all(dir).map_err(|source| TlsError::Io {
        path: dir.to_owned(),
        doing: "create the directory",
        source,
    })?;
    let ca_path = dir.join(CA_FILE);
    let ca_key_path = dir.join(CA_KEY_FILE);
    let mut notes = Vec::new();
    let ca_key = match (ca_path.exists(), ca_key_path.exists()) {
        (true, true) => {
            notes.push(format!("reused the local CA {}", ca_path.display()));
            KeyPair::from_pem(&read_text(&ca_key_path)?)?
        }
        (false, false) => {
            let key = KeyPair::generate()?;
            let ca = ca_params(now())?.self_signed(&key)?;
            write_new(&ca_key_path, key.serialize_pem().as_bytes(), true)?;
            write_new(&ca_path, ca.pem().as_bytes(), false)?;
            notes.push(format!("created the local CA {}", ca_path.display()));
            key
        }
        (present, _) => {
            let (present, missing) = if present {
                (ca_path.clone(), ca_key_path.clone())
            } else {
                (ca_key_path.clone(), ca_path.clone())
            };
            return Err(TlsError::CaIncomplete { present, missing });
        }
    };
    let ca_der = read_chain(&ca_path)?
        .into_iter()
        .next()
        .ok_or_else(|| TlsError::NoPem {
            path: ca_path.clone(),
            what: "certificate",
        })?;
    // The key must be ca.pem's: else every certificate it issued would be refused.
    let key_der = PrivateKeyDer::try_from(ca_key.serialize_der())
        .map_err(|e| TlsError::Rejected(rustls::Error::General(e.to_owned())))?;
    rustls::sign::CertifiedKey::from_der(vec![ca_der.clone()], key_der, provider).map_err(
        |why| TlsError::CaUnusable {
            ca: ca_path.clone(),
            why,
        },
    )?;
    let mut roots = RootCertStore::empty();
    roots.add(ca_der).map_err(|why| TlsError::CaUnusable {
        ca: ca_path.clone(),
        why,
    })?;
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TlsError::Rejected(rustls::Error::General(e.to_string())))?;
    let cert_path = dir.join(CERT_FILE);
    let key_path = dir.join(KEY_FILE);
    let soon = UnixTime::since_unix_epoch(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            + RENEW_BEFORE,
    );
    let valid = |cert: &CertificateDer<'_>| -> Result<(), rustls::Error> {
        for name in ["localhost", "127.0.0.1", "::1"] {
            let name =
                ServerName::try_from(name).map_err(|e| rustls::Error::General(e.to_string()))?;
            verifier.verify_server_cert(cert, &[], &name, &[], soon)?;
        }
        Ok(())
    };
    let current = read_chain(&cert_path)
        .ok()
        .and_then(|chain| chain.into_iter().next())
        .filter(|cert| valid(cert).is_ok())
        .filter(|_| read_key(&key_path).is_ok());
    if current.is_some() {
        notes.push(format!("reused the certificate {}", cert_path.display()));
        return Ok((notes, ca_path));
    }
    let issuer = Issuer::new(ca_params(now())?, ca_key);
    let key = KeyPair::generate()?;
    let cert = leaf_params(now())?.signed_by(&key, &issuer)?;
    valid(cert.der()).map_err(|why| TlsError::CaUnusable {
        ca: ca_path.clone(),
        why,
    })?;
    write_replacing(&key_path, key.serialize_pem().as_bytes(), true)?;
    write_replacing(&cert_path, cert.pem().as_bytes(), false)?;
    notes.push(format!(
        "issued the certificate {} (localhost, 127.0.0.1, ::1; valid {LEAF_DAYS} days)",
        cert_path.display()
    ));
    Ok((notes, ca_path))
}

/// The CA's parameters. Its name, key usages and key identifier method are the same at
/// every call: an issuer rebuilt from them and the CA's key signs certificates that
/// verify against the `ca.pem` made the first time.
fn ca_params(now: OffsetDateTime) -> Result<CertificateParams, TlsError> {
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "Verify Playground");
    name.push(DnType::CommonName, "verify-server local CA");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![
            GeneralSubtree::DnsName("localhost".into()),
            GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix([127, 0, 0, 0], 8)),
            GeneralSubtree::IpAddress(CidrSubnet::from_v6_prefix(
                std::net::Ipv6Addr::LOCALHOST.octets(),
                128,
            )),
        ],
        excluded_subtrees: Vec::new(),
    });
    params.not_before = now - time::Duration::hours(1);
    params.not_after = now + time::Duration::days(CA_DAYS);
    Ok(params)
}

/// The server certificate's parameters: the loopback names, for TLS servers only.
fn leaf_params(now: OffsetDateTime) -> Result<CertificateParams, TlsError> {
    let mut params = CertificateParams::new(vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ])?;
    params
        .distinguished_name
        .push(DnType::CommonName, "verify-server localhost");
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = now - time::Duration::hours(1);
    params.not_after = now + time::Duration::days(LEAF_DAYS);
    Ok(params)
}

/// Now, UTC, for certificates' validity.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// A file's text.
fn read_text(path: &Path) -> Result<String, TlsError> {
    fs::read_to_string(path).map_err(|source| TlsError::Io {
        path: path.to_owned(),
        doing: "read",
        source,
    })
}

/// Every certificate in a PEM file (at least one).
fn read_chain(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let text = read_text(path)?;
    let chain: Vec<_> = CertificateDer::pem_slice_iter(text.as_bytes())
        .filter_map(Result::ok)
        .collect();
    if chain.is_empty() {
        return Err(TlsError::NoPem {
            path: path.to_owned(),
            what: "certificate",
        });
    }
    Ok(chain)
}

/// The private key in a PEM file (PKCS#8, PKCS#1 or SEC1).
fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let text = read_text(path)?;
    PrivateKeyDer::from_pem_slice(text.as_bytes()).map_err(|_| TlsError::NoPem {
        path: path.to_owned(),
        what: "private key",
    })
}

/// Writes a file that must not exist yet (a CA is never overwritten); `secret`: readable
/// by its owner only.
fn write_new(path: &Path, bytes: &[u8], secret: bool) -> Result<(), TlsError> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let io = |source| TlsError::Io {
        path: path.to_owned(),
        doing: "create",
        source,
    };
    let mut file = options.open(path).map_err(io)?;
    file.write_all(bytes).map_err(io)
}

/// Replaces a file whole: written beside it, then renamed over it, so a reader never
/// sees half of it.
fn write_replacing(path: &Path, bytes: &[u8], secret: bool) -> Result<(), TlsError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let _ = fs::remove_file(&partial);
    write_new(&partial, bytes, secret)?;
    fs::rename(&partial, path).map_err(|source| TlsError::Io {
        path: path.to_owned(),
        doing: "replace",
        source,
    })
}
