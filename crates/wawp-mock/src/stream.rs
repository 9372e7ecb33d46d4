//! [`Stream`]: an accepted connection, plain TCP or (feature `tls`) TLS over
//! TCP, read and written the same way; [`Acceptor`] makes one of a socket.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// How long a client may take to complete the TLS handshake.
#[cfg(feature = "tls")]
const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Turns accepted sockets into [`Stream`]s: as they are, or after a TLS
/// handshake.
#[derive(Clone, Default)]
pub(crate) struct Acceptor {
    #[cfg(feature = "tls")]
    tls: Option<tokio_rustls::TlsAcceptor>,
}

impl Acceptor {
    /// An acceptor that serves HTTPS with `config`.
    #[cfg(feature = "tls")]
    pub(crate) fn tls(config: std::sync::Arc<rustls::ServerConfig>) -> Self {
        Self {
            tls: Some(tokio_rustls::TlsAcceptor::from(config)),
        }
    }

    /// Whether it serves HTTPS.
    pub(crate) fn is_tls(&self) -> bool {
        #[cfg(feature = "tls")]
        if self.tls.is_some() {
            return true;
        }
        false
    }

    /// The connection over `tcp`; an error if the TLS handshake fails or
    /// takes longer than 10 s (a client that does not trust the certificate
    /// ends it this way).
    pub(crate) async fn accept(&self, tcp: TcpStream) -> io::Result<Stream> {
        #[cfg(feature = "tls")]
        if let Some(tls) = &self.tls {
            return match tokio::time::timeout(HANDSHAKE_TIMEOUT, tls.accept(tcp)).await {
                Ok(Ok(stream)) => Ok(Stream::Tls(Box::new(stream))),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "TLS handshake not completed in time",
                )),
            };
        }
        Ok(Stream::Plain(tcp))
    }
}

/// One accepted connection.
#[derive(Debug)]
pub(crate) enum Stream {
    /// Plain HTTP.
    Plain(TcpStream),
    /// HTTPS: TLS established, HTTP inside.
    #[cfg(feature = "tls")]
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
}

impl Stream {
    /// The TCP socket underneath.
    pub(crate) fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(tcp) => tcp,
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => tls.get_ref().0,
        }
    }

    /// Ends the connection cleanly where that takes more than dropping it:
    /// over TLS, sends `close_notify` (best effort, briefly), so a client
    /// reading to the end of the stream does not see a truncation attack.
    pub(crate) async fn close(&mut self) {
        #[cfg(feature = "tls")]
        if let Stream::Tls(tls) = self {
            use tokio::io::AsyncWriteExt;
            let limit = std::time::Duration::from_secs(1);
            let _ = tokio::time::timeout(limit, tls.shutdown()).await;
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            #[cfg(feature = "tls")]
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}
