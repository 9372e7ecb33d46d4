//! [`Tracking`]: the outermost connector layer. It bounds the whole connect
//! (resolution, TCP, proxy tunnel, TLS) by a timeout, and wraps each new
//! connection's I/O so that the transport can tell, when an exchange fails,
//! whether the connection was **reused** and whether **any byte** of the
//! response had arrived ([`Track`]).
//!
//! hyper-util hands the [`Track`] back through its supported metadata
//! channel: [`Connected::extra`] puts it in every response's extensions, and
//! [`Connected::get_extras`] reads it from a failed request's
//! `connect_info()` or from a [`CaptureConnection`](hyper_util::client::legacy::connect::CaptureConnection).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::rt::{Read, Write};
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tower_service::Service;
use wawp_core::http::{Extensions, Uri};

pub(crate) type BoxError = Box<dyn StdError + Send + Sync>;

/// What one connection has carried, in bytes of HTTP read from it (above
/// TLS): in all, when the latest write happened, and when the last complete
/// response ended. Shared by the connection's I/O and every exchange on it.
#[derive(Debug, Default)]
struct Counters {
    read: AtomicU64,
    read_at_last_write: AtomicU64,
    read_at_last_response: AtomicU64,
}

/// A handle on one connection's [`Counters`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Track(Arc<Counters>);

impl Track {
    /// The track of the connection `connected` describes, if a [`Tracking`]
    /// layer made it.
    pub(crate) fn of(connected: &Connected) -> Option<Self> {
        let mut extensions = Extensions::new();
        connected.get_extras(&mut extensions);
        extensions.remove::<Self>()
    }

    /// Whether a complete response had been read on this connection before:
    /// the connection came from the pool.
    pub(crate) fn is_reused(&self) -> bool {
        self.0.read_at_last_response.load(Ordering::Acquire) > 0
    }

    /// Records that the response just read completely ended its exchange.
    pub(crate) fn response_complete(&self) {
        let read = self.0.read.load(Ordering::Acquire);
        self.0.read_at_last_response.store(read, Ordering::Release);
    }

    /// After a failed exchange: whether the connection was reused and not a
    /// byte arrived after the previous response, nor after the request was
    /// written — most often the server had closed the idle connection, but
    /// it may have read the request first.
    ///
    /// The second condition keeps this true only when it is: under
    /// concurrency, hyper-util may hand a connection to the next request a
    /// moment before the previous exchange has called
    /// [`response_complete`](Self::response_complete); should that call come
    /// after bytes of the next answer arrived, those bytes came after the
    /// next request's last write, and the failure is not called stale.
    pub(crate) fn is_stale(&self) -> bool {
        let read = self.0.read.load(Ordering::Acquire);
        self.is_reused()
            && read == self.0.read_at_last_response.load(Ordering::Acquire)
            && read == self.0.read_at_last_write.load(Ordering::Acquire)
    }

    fn count_read(&self, n: usize) {
        self.0.read.fetch_add(n as u64, Ordering::AcqRel);
    }

    fn count_write(&self) {
        let read = self.0.read.load(Ordering::Acquire);
        self.0.read_at_last_write.store(read, Ordering::Release);
    }
}

/// The whole connect did not finish in time.
#[derive(Debug)]
pub(crate) struct ConnectTimeout(pub(crate) Duration);

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection not established within {:?}", self.0)
    }
}

impl StdError for ConnectTimeout {}

/// A connector layer over `C`: bounds each connect by `timeout` and tracks
/// the connections it makes.
#[derive(Debug, Clone)]
pub(crate) struct Tracking<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> Tracking<C> {
    pub(crate) fn new(inner: C, timeout: Option<Duration>) -> Self {
        Self { inner, timeout }
    }
}

impl<C> Service<Uri> for Tracking<C>
where
    C: Service<Uri>,
    C::Response: Read + Write + Connection + Unpin + Send + 'static,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = TokioIo<Tracked<C::Response>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        // The clock starts before the inner connector is called: making the
        // TLS configuration on the first `https` connection (reading the
        // trust store) is part of connecting, and must not push the connect
        // deadline past the call's total one.
        let timeout = self.timeout;
        let deadline = timeout.map(|limit| tokio::time::Instant::now() + limit);
        let connecting = self.inner.call(uri);
        Box::pin(async move {
            let io = match (timeout, deadline) {
                (Some(limit), Some(deadline)) => tokio::time::timeout_at(deadline, connecting)
                    .await
                    .map_err(|_| ConnectTimeout(limit))?,
                _ => connecting.await,
            }
            .map_err(Into::into)?;
            Ok(TokioIo::new(Tracked {
                io: TokioIo::new(io),
                track: Track::default(),
            }))
        })
    }
}

/// A connection's I/O, counting the bytes read from it and noting when it
/// writes. (Seen through
/// tokio's I/O traits, whose `ReadBuf` tells how much a read filled;
/// `TokioIo` turns it back into hyper's.)
pub(crate) struct Tracked<T> {
    io: TokioIo<T>,
    track: Track,
}

impl<T> fmt::Debug for Tracked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tracked")
            .field("track", &self.track)
            .finish_non_exhaustive()
    }
}

impl<T: Connection> Connection for Tracked<T> {
    fn connected(&self) -> Connected {
        self.io.inner().connected().extra(self.track.clone())
    }
}

impl<T: Read + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            self.track.count_read(buf.filled().len() - before);
        }
        polled
    }
}

impl<T: Write + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        if let Poll::Ready(Ok(1..)) = polled {
            self.track.count_write();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(1..)) = polled {
            self.track.count_write();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
