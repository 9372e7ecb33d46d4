//! [`HyperTransport`]: hyper-util's legacy `Client` behind the
//! [`Transport`] trait.

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::rt::{Read, Write};
use hyper_util::client::legacy::connect::{
    CaptureConnection, Connect, Connection, capture_connection,
};
use hyper_util::client::legacy::{Client, ResponseFuture};
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tower_service::Service;
use wawp_core::http::{Request, Response, Uri};
use wawp_core::transport::FreshConnection;
use wawp_core::transport::{LimitedBody, Reused};
use wawp_core::{Limits, Transport, TransportError, TransportErrorKind};

use crate::body::read_body;
use crate::classify;
use crate::own::Own;
use crate::track::{BoxError, ConnectTimeout, Track, Tracking};

/// How long an idle pooled connection is kept (hyper-util's default).
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Idle connections kept per host.
const POOL_MAX_IDLE_PER_HOST: usize = 64;

/// An async [`Transport`] over hyper-util's legacy [`Client`]: its
/// connection pool (HTTP/1.1 keep-alive, idle connections closed after
/// 90 s by a background task on tokio's timer, up to 64 idle per host), its
/// connector, and rustls. Needs a tokio runtime when it sends.
///
/// Cheap to clone: clones share the client and its pool.
///
/// # Construction
///
/// | constructor | connector, proxy, TLS | connect timeout | stale connections |
/// |---|---|---|---|
/// | [`new`](Self::new) | ours, from `Config::default()` | from the config and each call | detected |
/// | [`from_config`](wawp_core::transport::FromConfig::from_config) | ours, from the `Config` | from the config and each call | detected |
/// | [`from_connector`](Self::from_connector) | yours | each call's | detected |
/// | [`from_client`](Self::from_client) | your client's (and its pool) | each call's | not detected |
///
/// `new` and `from_config` (and [`with_tls_config`](Self::with_tls_config))
/// need the `ring` or `aws-lc-rs` feature: theirs is the TLS of this crate.
///
/// *Ours* resolves names and connects with hyper-util's `HttpConnector`
/// (no Nagle), tunnels through the proxy [`Config::proxy`](wawp_core::Config::proxy) names for the
/// target with `CONNECT` (hyper-util's `Tunnel`, with
/// `Proxy-Authorization` when the proxy URL has credentials; plain `http`
/// is never proxied), and runs TLS end to end to the target with
/// hyper-rustls over `wawp_rustls::client_config(&config.trust)`: the
/// machine's roots plus [`Config::trust`](wawp_core::Config::trust)'s.
///
/// # What every call enforces, whatever the constructor
///
/// - The total timeout ([`Limits::timeout`]) covers the whole exchange,
///   connect and body included: `Timeout` once a connection was assigned
///   to the request, `Connect` (not sent) while it was still being
///   established.
/// - The connect timeout ([`Limits::connect_timeout`]): no connection
///   assigned to the request in time is a `Connect` failure (not sent).
///   The connector built from a `Config` also bounds each connect by the
///   config's connect timeout, so that a connect hyper-util finishes in the
///   background cannot hang either.
/// - The body is read frame by frame through core's [`LimitedBody`]: a
///   larger `Content-Length` is refused before reading, and reading stops
///   as soon as the limit is passed.
/// - Every status is a response; redirects are never followed.
///
/// # Stale keep-alive connections
///
/// A server or load balancer may close an idle keep-alive connection just
/// as a request is written on it. hyper-util re-sends by itself a request
/// hyper gave back unwritten on a reused connection (never written, so
/// never read). When the request was written on a **reused** connection
/// and the connection then closed before a single byte of the answer
/// arrived, this transport returns [`TransportErrorKind::StaleConnection`]
/// (may have been sent), which core's client re-sends once for reads and
/// harmless calls; on a new connection the same failure is `Io`. The
/// connector layer that knows this counts the bytes each connection
/// carries and reaches the transport through hyper-util's connection
/// metadata ([`Connected::extra`]); responses carry core's [`Reused`]
/// extension.
///
/// Requests marked [`FreshConnection`] (every attempt of a destructive
/// call, and core's re-send) go through a second hyper-util client over
/// the same connector that keeps no idle connection
/// (`pool_max_idle_per_host(0)`): on a new connection, closed after its
/// answer — never on a pooled one a server may be closing. A transport
/// [`from_client`](Self::from_client) cannot do this (hyper-util does not
/// hand out a client's connector): there a destructive call goes on the
/// client's pool, and a keep-alive race fails it as `Io` (may have been
/// sent), never sending it twice.
///
/// [`Connected::extra`]: hyper_util::client::legacy::connect::Connected::extra
#[derive(Clone)]
pub struct HyperTransport {
    pub(crate) client: Arc<dyn SendRequest>,
    pub(crate) origin: Origin,
}

/// How the client was made.
#[derive(Clone)]
pub(crate) enum Origin {
    /// From a `Config`: our connector; what it enforces by itself (no
    /// value without a crypto provider feature: see `no_own.rs`).
    #[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), expect(dead_code))]
    Config(Own),
    /// Over a connector of the user's.
    Connector,
    /// The user's own client.
    Client,
}

impl HyperTransport {
    /// A transport over a hyper-util client of your own. It keeps
    /// everything that client does by itself: its connector (so its name
    /// resolution, proxy, TLS and trusted roots, and its connect timeout if
    /// it has one), its pool (idle timeout, idle connections per host) and
    /// its HTTP settings (hyper-util's own re-sending of a request hyper gave
    /// back unwritten, the `Host` header). `Config::proxy` and
    /// `Config::trust` do not apply to it.
    ///
    /// Each call still enforces its [`Limits`] (total timeout, connect
    /// timeout as the time until the client assigns a connection, body
    /// size) and returns every status without following redirects. What it
    /// cannot do is tell a stale reused connection from a fresh one, since
    /// the connections are not made by its connector layer: such a failure
    /// is `Io` (maybe sent), and responses carry no [`Reused`] extension.
    /// [`from_connector`](Self::from_connector) keeps your connector and
    /// has both.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use http_body_util::Full;
    /// use wawp_hyper::hyper_util::client::legacy::Client;
    /// use wawp_hyper::hyper_util::rt::TokioExecutor;
    /// use wawp_hyper::HyperTransport;
    ///
    /// // Yours, with its own settings (plain http here: loopback only).
    /// let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
    ///     .pool_max_idle_per_host(8)
    ///     .build_http();
    /// let transport = HyperTransport::from_client(client);
    /// # let _ = transport;
    /// ```
    pub fn from_client<C>(client: Client<C, Full<Bytes>>) -> Self
    where
        C: Connect + Clone + Send + Sync + 'static,
    {
        Self {
            client: Arc::new(client),
            origin: Origin::Client,
        }
    }

    /// A transport over hyper-util's client with your `connector` (say, a
    /// hyper-rustls `HttpsConnector` with your TLS settings): it decides
    /// how a host is reached (resolution, proxy, TLS, trusted roots);
    /// `Config::proxy` and `Config::trust` do not apply. The pool is this
    /// crate's (90 s idle timeout, 64 idle connections per host), each
    /// call's [`Limits`] are enforced as by every constructor, and stale
    /// reused connections are detected. A connect is bounded by each call's
    /// connect timeout, not by one of the transport's own.
    pub fn from_connector<C>(connector: C) -> Self
    where
        C: Service<Uri> + Clone + Send + Sync + 'static,
        C::Response: Read + Write + Connection + Unpin + Send + 'static,
        C::Future: Send + 'static,
        C::Error: Into<BoxError>,
    {
        Self {
            client: Arc::new(Clients::new(Tracking::new(connector, None))),
            origin: Origin::Connector,
        }
    }

    /// The connect timeout the connector enforces by itself, if known.
    fn connector_bound(&self) -> Option<Duration> {
        match &self.origin {
            Origin::Config(own) => own.connect_timeout(),
            Origin::Connector | Origin::Client => None,
        }
    }

    /// The request sent (on a new connection if it asks for one, see
    /// [`FreshConnection`]) and its whole body read, without the total
    /// timeout.
    async fn exchange(
        &self,
        request: Request<Full<Bytes>>,
        limits: &Limits,
        capture: Option<&CaptureConnection>,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let fresh = request.extensions().get::<FreshConnection>().is_some();
        let response = self
            .client
            .send(request, fresh)
            .await
            .map_err(|e| classify::request_error(&e, capture))?;
        let (mut parts, body) = response.into_parts();
        let track = parts.extensions.remove::<Track>();
        if let Some(track) = &track {
            parts.extensions.insert(Reused(track.is_reused()));
        }
        // Refused early: hyper drains what is left of a short body already
        // received, or closes the connection.
        let buf = LimitedBody::for_response(&parts.headers, limits)?;
        let body = read_body(body, buf).await?;
        if let Some(track) = track {
            track.response_complete();
        }
        Ok(Response::from_parts(parts, body))
    }

    /// What a call with `limits` must watch besides the exchange itself.
    fn watch(&self, limits: &Limits) -> Watch {
        let bound = self.connector_bound();
        // The call's connect timeout, unless the connector enforces it
        // already or the total timeout comes first anyway.
        let connect = limits.connect_timeout.filter(|&limit| {
            bound.is_none_or(|bound| limit < bound)
                && limits.timeout.is_none_or(|total| limit < total)
        });
        // Whether the total timeout may end the call while it is still
        // connecting; then only knowing whether a connection was assigned
        // tells `Connect` (not sent) from `Timeout`. When the connector's own
        // bound ends any connect well before, the total timeout can only
        // end a call that has its connection.
        let total_while_connecting = match (limits.timeout, bound) {
            (None, _) => false,
            (Some(total), Some(bound)) => bound.saturating_add(CONNECT_MARGIN) > total,
            (Some(_), None) => true,
        };
        Watch {
            connect,
            capture: connect.is_some() || total_while_connecting,
        }
    }
}

impl HyperTransport {
    /// [`Transport::send`] for a call that `watch` says must capture the
    /// connection hyper-util assigns: to enforce a connect timeout the
    /// connector does not, and to tell `Connect` (not sent) from `Timeout`
    /// when the total timeout may end the call while it is still
    /// connecting.
    async fn send_watched(
        &self,
        mut request: Request<Full<Bytes>>,
        limits: &Limits,
        watch: Watch,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let capture = capture_connection(&mut request);
        let connected = || capture.connection_metadata().is_some();
        let mut exchange = pin!(self.exchange(request, limits, Some(&capture)));
        // One timer: at the connect deadline, if any, then (re-armed) at
        // the total one. Reading whether a connection was assigned when it
        // fires is enough: no waiter on the capture, no second timer.
        let now = tokio::time::Instant::now();
        let mut phase = match (watch.connect, limits.timeout) {
            (Some(limit), _) => Phase::Connect(limit),
            (None, Some(limit)) => Phase::Total(limit),
            (None, None) => Phase::Done,
        };
        let first_limit = match phase {
            Phase::Connect(limit) | Phase::Total(limit) => limit,
            Phase::Done => Duration::MAX,
        };
        let mut timer = pin!(tokio::time::sleep_until(deadline(now, first_limit)));
        poll_fn(|cx| {
            if let Poll::Ready(out) = exchange.as_mut().poll(cx) {
                return Poll::Ready(out);
            }
            loop {
                if matches!(phase, Phase::Done) || timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                match phase {
                    Phase::Connect(limit) if !connected() => {
                        return Poll::Ready(Err(not_connected(limit)));
                    }
                    Phase::Connect(_) => {
                        phase = limits.timeout.map_or(Phase::Done, Phase::Total);
                        if let Phase::Total(limit) = phase {
                            timer.as_mut().reset(deadline(now, limit));
                        }
                    }
                    Phase::Total(limit) if connected() => {
                        return Poll::Ready(Err(TransportError::timeout(Some(limit))));
                    }
                    // Still connecting when the time was up: nothing was sent.
                    Phase::Total(limit) => return Poll::Ready(Err(not_connected(limit))),
                    Phase::Done => return Poll::Pending,
                }
            }
        })
        .await
    }
}

/// Which deadline the timer of a watched call is set for.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// The call's connect timeout: a connection must be assigned by then.
    Connect(Duration),
    /// The total timeout.
    Total(Duration),
    /// No deadline left.
    Done,
}

/// `start + limit`, or as far off as tokio's timer goes.
fn deadline(start: tokio::time::Instant, limit: Duration) -> tokio::time::Instant {
    start
        .checked_add(limit)
        .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365 * 30))
}

/// How much later than its connect timeout a connect may end (scheduling).
const CONNECT_MARGIN: Duration = Duration::from_millis(100);

/// What one call watches: the connect timeout of its own, and whether to
/// capture the connection hyper-util assigns to the request.
#[derive(Debug, Clone, Copy)]
struct Watch {
    connect: Option<Duration>,
    capture: bool,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("HyperTransport");
        match &self.origin {
            Origin::Config(own) => own.debug_fields(&mut d),
            Origin::Connector => {
                d.field("client", &"over a given connector");
            }
            Origin::Client => {
                d.field("client", &"a given client");
            }
        }
        d.finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl Transport for HyperTransport {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let (parts, body) = request.into_parts();
        // The authority, not the host: `Uri::host` parses it again, and
        // hyper-util asks for no more.
        if parts.uri.scheme().is_none() || parts.uri.authority().is_none() {
            return Err(TransportError::from_message(
                TransportErrorKind::Other,
                "the request URI has no scheme or no host",
            ));
        }
        let request = Request::from_parts(parts, Full::new(Bytes::from(body)));
        let watch = self.watch(limits);
        if watch.capture {
            // Boxed: the common call's future stays small (it is moved and
            // allocated with every call).
            return Box::pin(self.send_watched(request, limits, watch)).await;
        }
        // Nothing to watch: no connect timeout of the call's own, and the
        // connector's ends any connect well before the total timeout, which
        // can then only end a call that has its connection.
        let exchange = self.exchange(request, limits, None);
        match limits.timeout {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .unwrap_or_else(|_| Err(TransportError::timeout(Some(limit)))),
            None => exchange.await,
        }
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// The two hyper-util clients of a transport made with our connector
/// layer, over one connector: the pooled one for every request, and one
/// that keeps no idle connection for the requests that must go on a new
/// connection ([`FreshConnection`]).
pub(crate) struct Clients<C> {
    pooled: Client<C, Full<Bytes>>,
    fresh: Client<C, Full<Bytes>>,
}

impl<C: Connect + Clone> Clients<C> {
    pub(crate) fn new(connector: C) -> Self {
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT);
        let pooled = builder
            .pool_max_idle_per_host(POOL_MAX_IDLE_PER_HOST)
            .build(connector.clone());
        // No idle connection kept: hyper-util disables the pool, so every
        // request connects and its connection closes after the answer.
        let fresh = builder.pool_max_idle_per_host(0).build(connector);
        Self { pooled, fresh }
    }
}

/// No connection within `limit`: a `Connect` failure, nothing was sent.
fn not_connected(limit: Duration) -> TransportError {
    TransportError::new(TransportErrorKind::Connect, &ConnectTimeout(limit))
}

/// A hyper-util client, whatever its connector.
pub(crate) trait SendRequest: Send + Sync + 'static {
    /// Sends `request`; on a new connection if `fresh` and this client can
    /// open one on demand.
    fn send(&self, request: Request<Full<Bytes>>, fresh: bool) -> ResponseFuture;
}

/// The user's client: one pool, whose connector hyper-util does not hand
/// out. No stale connection is detected on it, so core never asks for a
/// fresh one.
impl<C> SendRequest for Client<C, Full<Bytes>>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    fn send(&self, request: Request<Full<Bytes>>, _fresh: bool) -> ResponseFuture {
        self.request(request)
    }
}

impl<C> SendRequest for Clients<C>
where
    C: Connect + Clone + Send + Sync + 'static,
{
    fn send(&self, request: Request<Full<Bytes>>, fresh: bool) -> ResponseFuture {
        if fresh {
            self.fresh.request(request)
        } else {
            self.pooled.request(request)
        }
    }
}
