//! Opening a connection: TLS through rustls (the platform's verifier, or
//! only the configured CA), the whole connect bounded by the timeout, and
//! the connection's task, which forwards `NOTIFY`s and ends when the
//! connection does.

use std::path::Path;
use std::sync::Arc;

use futures_util::StreamExt as _;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_postgres::{AsyncMessage, Client, Connection, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::config::{TeamConfig, TlsMode};
use crate::error::{Ctx, Error};

/// The channel every desk listens on; the payload is the uploading desk's id.
pub(crate) const CHANNEL: &str = "skymarshal_team";

/// How many wake-ups wait unread before newer ones are dropped: a wake-up
/// only says "pull", so one waiting is as good as many.
const NOTICES_WAITING: usize = 64;

/// Someone uploaded: a `NOTIFY` on [`CHANNEL`] (this desk's own uploads too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The uploading desk's `desk_id`.
    pub desk_id: String,
}

pub(crate) struct Opened {
    pub(crate) client: Client,
    pub(crate) notices: mpsc::Receiver<Notice>,
    pub(crate) task: JoinHandle<()>,
    pub(crate) ctx: Ctx,
}

/// Connects as `config` says, within its `connect_timeout`.
pub(crate) async fn open(config: &TeamConfig) -> Result<Opened, Error> {
    let checked = config.checked()?;
    let ctx = Ctx {
        address: checked.address.clone(),
        role: config.role.clone(),
    };
    let connecting = async {
        match config.tls {
            TlsMode::Disable => {
                let (client, connection) = checked
                    .pg
                    .connect(NoTls)
                    .await
                    .map_err(|e| ctx.sort(&e, "connecting"))?;
                Ok(spawn(client, connection))
            }
            TlsMode::VerifyFull => {
                let tls = make_tls(config.ca_file.as_deref(), &ctx)?;
                let (client, connection) = checked
                    .pg
                    .connect(tls)
                    .await
                    .map_err(|e| ctx.sort(&e, "connecting"))?;
                Ok(spawn(client, connection))
            }
        }
    };
    let (client, notices, task) = tokio::time::timeout(config.connect_timeout, connecting)
        .await
        .map_err(|_| {
            ctx.unreachable(format!(
                "no answer within {} s",
                config.connect_timeout.as_secs_f64()
            ))
        })??;
    Ok(Opened {
        client,
        notices,
        task,
        ctx,
    })
}

/// A rustls config that verifies the server: the platform's verifier, or
/// only the CAs in `ca_file` (a PEM file) when given.
fn make_tls(ca_file: Option<&Path>, ctx: &Ctx) -> Result<MakeRustlsConnect, Error> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let tls_error = |why: String| Error::Tls {
        address: ctx.address.clone(),
        why,
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(e.to_string()))?;
    let config = match ca_file {
        Some(path) => {
            let unreadable = |why: String| {
                Error::Config(format!(
                    "The team store's ca_file {} cannot be read ({why}); give a PEM file of the CA certificate.",
                    path.display()
                ))
            };
            let mut roots = rustls::RootCertStore::empty();
            for cert in
                CertificateDer::pem_file_iter(path).map_err(|e| unreadable(e.to_string()))?
            {
                let cert = cert.map_err(|e| unreadable(e.to_string()))?;
                roots.add(cert).map_err(|e| unreadable(e.to_string()))?;
            }
            if roots.is_empty() {
                return Err(unreadable("it holds no certificate".to_owned()));
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None => builder
            .with_platform_verifier()
            .map_err(|e| tls_error(e.to_string()))?
            .with_no_client_auth(),
    };
    Ok(MakeRustlsConnect::new(config))
}

/// Runs the connection in its own task; `NOTIFY`s go to the receiver, and
/// the sender is dropped (the receiver ends) when the connection does.
fn spawn<S, T>(
    client: Client,
    mut connection: Connection<S, T>,
) -> (Client, mpsc::Receiver<Notice>, JoinHandle<()>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(NOTICES_WAITING);
    let task = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) if n.channel() == CHANNEL => {
                    let _ = sender.try_send(Notice {
                        desk_id: n.payload().to_owned(),
                    });
                }
                Ok(AsyncMessage::Notice(notice)) => {
                    tracing::debug!(notice = %notice.message(), "team store notice");
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::info!(error = %e, "team store connection ended");
                    break;
                }
            }
        }
    });
    (client, receiver, task)
}
