//! [`UreqTransport`]: a ureq 3 `Agent` behind the [`BlockingTransport`] trait.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[cfg(doc)]
use wawp_core::TransportErrorKind;
use wawp_core::http::{Request, Response};
use wawp_core::transport::FreshConnection;
use wawp_core::{BlockingTransport, Limits, Proxy, ProxyRules, ProxyUrl, TransportError};

use crate::error::{Phase, map_error};
use crate::own::Own;
use crate::proxy::ureq_proxy;

/// A [`BlockingTransport`] over a [`ureq::Agent`]: no async runtime, no
/// tokio, no hyper.
///
/// Cheap to clone: clones share the agents and their connection pools. The
/// `with_*` methods make a new transport, with new agents and pools (a
/// transport from [`UreqTransport::from_agent`] keeps the user's agent).
///
/// ## What it does with every request
///
/// - **Limits.** The call's [`Limits`]: ureq's global timeout covers
///   connecting, sending and reading the whole body; name resolution and
///   connection setup (TCP, the proxy's tunnel, the TLS handshake) are each
///   bounded by the connect timeout (so both together by twice it: ureq
///   times the two phases separately), and exceeding it is a
///   [`Connect`](TransportErrorKind::Connect) failure; the body is read
///   through a size limit that fails as soon as it is passed (a larger
///   `Content-Length` is refused before reading).
/// - **Bytes in, bytes out.** Every status, 3xx included, is a response;
///   no redirect is followed; ureq adds no header of its own (`wawp-core`
///   sets `User-Agent`, `Accept` and `Content-Length`; ureq adds `Host`).
/// - **Proxy.** [`ProxyRules::route`] of the transport's [`Proxy`] decides:
///   direct, or through an `http://` proxy with `CONNECT` (the proxy sees
///   the host and port, never the path and query that hold the token).
///   Plain `http` is never proxied. A proxy variable that is not a usable
///   proxy fails the request with a `Connect` error before anything is
///   sent. The agents this crate builds send proxied requests with a second
///   agent, made on the first one, whose proxy is set agent-wide: ureq
///   takes a proxy per request too, but request-level settings make it
///   rebuild its rustls configuration for every new connection (and lose
///   TLS session resumption). An agent from [`UreqTransport::from_agent`]
///   gets the proxy per request.
/// - **New connections.** A request marked [`FreshConnection`] (every
///   attempt of a destructive call) goes on a new connection: ureq is
///   asked, for that request, to pass over and drop the idle connections
///   to its host (a request-level `max_idle_age` of zero).
/// - **Closed before the answer.** ureq does not say whether a connection
///   was reused. A request that may have gone on a pooled connection (not
///   marked [`FreshConnection`], and the agents have had an answer before)
///   whose connection closed or reset before the response head arrived is
///   [`StaleConnection`](TransportErrorKind::StaleConnection): core re-sends
///   a read or a harmless call once, at once, on a new connection; a
///   request on a new connection is [`Io`](TransportErrorKind::Io). Both
///   say it may have been sent (see "Keep-alive connections" in the crate
///   documentation).
///
/// ## The agents this crate builds
///
/// [`UreqTransport::new`] and [`FromConfig::from_config`](wawp_core::transport::FromConfig::from_config) (features `ring`,
/// the default, or `aws-lc-rs`) build the agents: rustls with the crypto
/// provider of those features (see "TLS crypto provider" in the crate
/// documentation); the machine's root certificates (the OS store, which
/// honours `SSL_CERT_FILE` and `SSL_CERT_DIR`; the Mozilla roots where it is
/// empty) plus the config's [`Trust`](wawp_core::Trust), read on the first `https` request
/// (plain `http`, loopback only, has an agent of its own that needs none);
/// up to [`MAX_IDLE_CONNECTIONS`] (64) idle connections per host and in
/// all, each reused for up to 15 s of idleness (ureq's default): sequential
/// calls use one connection, and threads sharing a client one each. The
/// agents carry the config's limits, so that calls with those limits (all
/// calls of a client built with the same config) need no request-level
/// settings — which, in ureq, would make it rebuild its rustls
/// configuration for every new connection and lose TLS session resumption.
///
/// [`MAX_IDLE_CONNECTIONS`]: crate::MAX_IDLE_CONNECTIONS
#[derive(Clone)]
pub struct UreqTransport {
    inner: Arc<Inner>,
}

struct Inner {
    agents: Agents,
    proxy: Proxy,
    rules: Arc<ProxyRules>,
    /// Whether the agents may hold pooled connections: a connection goes
    /// back to a pool only after a response came on it, so this is `false`
    /// until the agents this crate built hand over a first response head;
    /// always `true` for the user's agent, which may have answered before
    /// it came here (and whose clones share its pool).
    answered: AtomicBool,
}

pub(crate) enum Agents {
    /// Agents this crate built and configured (none without a crypto
    /// provider feature: `no_own.rs`'s `Own` has no value).
    #[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), expect(dead_code))]
    Own(Box<Own>),
    /// The user's agent, configured per request.
    User(ureq::Agent),
}

impl UreqTransport {
    /// A transport over the user's `agent`.
    ///
    /// **Overridden per request**, whatever the agent says: every status is
    /// a response (`http_status_as_error(false)`), no redirect is followed
    /// (`max_redirects(0)`), no `Accept` or `Accept-Encoding` of ureq's own;
    /// the call's [`Limits`] (`timeout_global`, and `timeout_resolve` and
    /// `timeout_connect` from the connect timeout); and the proxy: the
    /// transport's [`Proxy`] rules (from the environment, or
    /// [`UreqTransport::with_proxy`]) replace the agent's own proxy.
    ///
    /// **Kept from the agent**: its TLS configuration (roots, provider —
    /// as ureq picks it: see "TLS crypto provider" in the crate docs —,
    /// client certificate), its connection pool and its sizes, its other
    /// timeouts (`timeout_per_call`, per phase, per read and write: an
    /// agent's shorter one fails the call earlier, as a timeout), its IP
    /// family, buffer sizes and its connector and resolver.
    ///
    /// Costs of bringing an agent: every request carries request-level
    /// settings, so ureq builds its rustls configuration anew for each new
    /// TLS connection (no session resumption across connections).
    pub fn from_agent(agent: ureq::Agent) -> Self {
        Self::user(agent, Proxy::from_env())
    }

    /// This transport with `proxy` deciding the route of each request.
    ///
    /// ```
    /// use wawp_blocking::UreqTransport;
    /// use wawp_core::Proxy;
    /// let transport = UreqTransport::new().with_proxy(Proxy::url("http://alice:s3cret@proxy.corp:3128")?);
    /// assert!(!format!("{transport:?}").contains("s3cret"));
    /// let direct = UreqTransport::new().with_proxy(Proxy::none());
    /// # Ok::<(), wawp_core::InputError>(())
    /// ```
    pub fn with_proxy(self, proxy: Proxy) -> Self {
        match self.agents() {
            Agents::Own(own) => own.with_proxy(proxy),
            Agents::User(agent) => Self::user(agent.clone(), proxy),
        }
    }

    fn user(agent: ureq::Agent, proxy: Proxy) -> Self {
        Self::over(Agents::User(agent), proxy)
    }

    /// A transport over `agents`, routing by `proxy`.
    pub(crate) fn over(agents: Agents, proxy: Proxy) -> Self {
        Self {
            inner: Arc::new(Inner {
                // A user's agent may have answered before it came here.
                answered: AtomicBool::new(matches!(agents, Agents::User(_))),
                agents,
                rules: proxy.rules(),
                proxy,
            }),
        }
    }

    /// The agents of this transport.
    pub(crate) fn agents(&self) -> &Agents {
        &self.inner.agents
    }

    /// The proxy setting that routes this transport's requests.
    pub(crate) fn proxy(&self) -> &Proxy {
        &self.inner.proxy
    }

    /// Sends `request` on the agent that fits its route, and reads the
    /// response head: errors here happened before any response byte was
    /// handed over.
    fn run(
        &self,
        request: Request<Vec<u8>>,
        via: Option<&ProxyUrl>,
        fresh: bool,
        limits: &Limits,
    ) -> Result<Response<ureq::Body>, ureq::Error> {
        // `configured`: an agent of this crate's, for this route; `fast`:
        // and the call needs no request-level setting.
        let (agent, configured, fast) = match self.agents() {
            Agents::Own(own) => {
                let https = request.uri().scheme_str() == Some("https");
                own.pick(https, via, fresh, limits)?
            }
            Agents::User(agent) => (agent, false, false),
        };
        if fast {
            return agent.run(request);
        }
        let mut builder = agent
            .configure_request(request)
            .timeout_global(limits.timeout)
            .timeout_resolve(limits.connect_timeout)
            .timeout_connect(limits.connect_timeout);
        if !configured {
            let proxy = via.map(ureq_proxy).transpose()?;
            builder = builder
                .http_status_as_error(false)
                .max_redirects(0)
                .accept("")
                .accept_encoding("")
                .proxy(proxy);
        }
        if fresh {
            // ureq passes over (and drops) pooled connections older than
            // this: with zero, all of them; the new one goes back to the
            // pool as usual.
            builder = builder.max_idle_age(Duration::ZERO);
        }
        agent.run(builder.build())
    }
}

impl fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("UreqTransport");
        match self.agents() {
            Agents::Own(own) => d.field("agent", own),
            Agents::User(_) => d.field("agent", &"the user's ureq::Agent"),
        };
        d.field("proxy", self.proxy()).finish()
    }
}

impl BlockingTransport for UreqTransport {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let inner = &*self.inner;
        let via = inner.rules.route(request.uri())?;
        if let (Agents::Own(own), Some("https")) = (&inner.agents, request.uri().scheme_str()) {
            own.check_trust().map_err(|e| {
                TransportError::from_message(wawp_core::TransportErrorKind::Connect, e.to_string())
            })?;
        }
        let fresh = request.extensions().get::<FreshConnection>().is_some();
        let response = self.run(request, via, fresh, limits).map_err(|e| {
            // Read after the failure: a connection another thread's call
            // returned to the pool before this one took it is counted.
            let maybe_pooled = !fresh && inner.answered.load(Ordering::Acquire);
            map_error(e, Phase::Exchange { maybe_pooled }, limits)
        })?;
        if !inner.answered.load(Ordering::Relaxed) {
            inner.answered.store(true, Ordering::Release);
        }
        let (parts, mut body) = response.into_parts();
        limits.check_declared_length(body.content_length())?;
        let body = body
            .with_config()
            .limit(limits.max_response_bytes as u64)
            .read_to_vec()
            .map_err(|e| map_error(e, Phase::Body, limits))?;
        Ok(Response::from_parts(parts, body))
    }
}
