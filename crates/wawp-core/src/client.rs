//! [`Client`] and [`BlockingClient`]: a transport, a token and a [`Config`],
//! driving any [`Endpoint`] through the shared retry loop. Their one-line
//! methods per endpoint (`logout`, `info`, `qr`…) are in `methods.rs`.

use std::fmt;
use std::sync::Arc;

use http::{Request, Response};

use crate::config::Config;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::input::AccessToken;
use crate::redact::Redactor;
use crate::retry::{Attempts, Repeat};
use crate::trace::{Answered, AttemptTrace, CallTrace, in_span, in_span_blocking};
use crate::transport::{
    BlockingTransport, FreshConnection, Limits, Transport, TransportError, TransportErrorKind,
};

/// What both clients hold, behind one `Arc`.
struct ClientState<T> {
    transport: T,
    token: AccessToken,
    config: Config,
    limits: Limits,
}

impl<T> ClientState<T> {
    fn new(transport: T, token: AccessToken, config: Config) -> Arc<Self> {
        let limits = config.limits();
        Arc::new(Self {
            transport,
            token,
            config,
            limits,
        })
    }

    /// The typed outcome of one attempt.
    fn finish<E: Endpoint>(
        &self,
        endpoint: &E,
        sent: Result<Response<Vec<u8>>, TransportError>,
    ) -> Result<E::Output, Error> {
        match sent {
            Err(e) => Err(Error::from_transport(
                e.redact(&Redactor::new(&self.token)),
                &self.limits,
            )),
            // Defence in depth for transports that do not enforce the limit.
            Ok(r) if r.body().len() > self.limits.max_response_bytes => Err(Error::BodyTooLarge {
                limit: self.limits.max_response_bytes,
            }),
            Ok(r) => endpoint.parse(r, &self.token),
        }
    }

    /// The request of one attempt, built anew. Marked [`FreshConnection`]
    /// when `fresh`: the transport then sends it on a new connection.
    fn request<E: Endpoint>(&self, endpoint: &E, fresh: bool) -> Result<Request<Vec<u8>>, Error> {
        let mut request = endpoint.build(&self.config, &self.token)?;
        if fresh {
            request.extensions_mut().insert(FreshConnection);
        }
        Ok(request)
    }
}

/// Whether an attempt of `E` goes on a new connection: every attempt of a
/// call that must never run twice, so that it never meets a keep-alive
/// connection the server is closing — the one failure after which no
/// HTTP/1.1 client can tell whether the server read the request (RFC 9112
/// §9.3.1).
fn always_fresh<E: Endpoint>() -> bool {
    E::REPEAT == Repeat::Never
}

/// Whether `sent` failed on a reused connection that closed before any
/// answer and `E` may be re-sent at once, on a new connection: a
/// [`Repeat::Read`] or [`Repeat::Harmless`] call (see
/// [`TransportErrorKind::StaleConnection`]). The server may have read the
/// request; for these endpoints a second run is harmless. Never for a
/// [`Repeat::Never`] call.
fn resend_at_once<E: Endpoint>(sent: &Result<Response<Vec<u8>>, TransportError>) -> bool {
    E::REPEAT != Repeat::Never
        && matches!(sent, Err(e) if e.kind() == TransportErrorKind::StaleConnection)
}

impl<T> ClientState<T> {
    /// The redacting `Debug` of a client, under the client's own name.
    fn debug(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("config", &self.config)
            .field("token", &self.token)
            .field("transport", &std::any::type_name::<T>())
            .finish()
    }
}

/// What [`Client`] and [`BlockingClient`] share, whatever drives the
/// transport: construction, accessors, a `Clone` that shares the transport
/// (without `T: Clone`) and the redacting `Debug` of [`ClientState`].
macro_rules! client_basics {
    ($client:ident, $transport:ident) => {
        impl<T: $transport> $client<T> {
            /// A client with the default [`Config`].
            pub fn new(transport: T, token: AccessToken) -> Self {
                Self::with_config(transport, token, Config::default())
            }

            /// A client with `config`.
            pub fn with_config(transport: T, token: AccessToken, config: Config) -> Self {
                Self {
                    shared: ClientState::new(transport, token, config),
                }
            }

            /// The configuration.
            pub fn config(&self) -> &Config {
                &self.shared.config
            }

            /// The transport.
            pub fn transport(&self) -> &T {
                &self.shared.transport
            }
        }

        impl<T> Clone for $client<T> {
            fn clone(&self) -> Self {
                Self {
                    shared: Arc::clone(&self.shared),
                }
            }
        }

        impl<T> fmt::Debug for $client<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.shared.debug(stringify!($client), f)
            }
        }
    };
}

client_basics!(Client, Transport);
client_basics!(BlockingClient, BlockingTransport);

/// An async client over any [`Transport`]. Cheap to clone; clones share the
/// transport (and so its connection pool).
///
/// See the crate documentation for a complete example.
pub struct Client<T> {
    shared: Arc<ClientState<T>>,
}

impl<T: Transport> Client<T> {
    /// Calls `endpoint`, retrying as [`Config::retry`] allows for what the
    /// endpoint declares ([`Endpoint::REPEAT`]). Any endpoint works,
    /// including your own.
    pub async fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        let s = &*self.shared;
        let call = CallTrace::start::<E>(&s.config.base_url);
        let outcome = in_span(&call, async {
            let mut attempts = Attempts::new(&s.config.retry, E::REPEAT);
            loop {
                let request = s.request(endpoint, always_fresh::<E>())?;
                let trace = AttemptTrace::start::<E>(
                    &call,
                    s.config.base_url.authority(),
                    attempts.next_attempt(),
                );
                let mut sent = s.transport.send(request, &s.limits).await;
                let resent = resend_at_once::<E>(&sent);
                if resent {
                    // A repeat, for reads and harmless calls only: the server
                    // may have read the request. Once, at once, on a new
                    // connection (another pooled one may be just as stale).
                    sent = s
                        .transport
                        .send(s.request(endpoint, true)?, &s.limits)
                        .await;
                }
                let answered = Answered::of(&sent);
                let outcome = s.finish(endpoint, sent);
                trace.end(&outcome, resent, answered);
                match attempts.after(&outcome) {
                    Some(delay) => s.transport.sleep(delay).await,
                    None => return outcome,
                }
            }
        })
        .await;
        call.end(&outcome);
        outcome
    }
}

/// A blocking client over any [`BlockingTransport`], for code with no async
/// runtime. Cheap to clone; clones share the transport.
///
/// ```
/// # use wawp_core::{BlockingClient, BlockingTransport, Limits, TransportError};
/// # struct Canned;
/// # impl BlockingTransport for Canned {
/// #     fn send(&self, _: http::Request<Vec<u8>>, _: &Limits) -> Result<http::Response<Vec<u8>>, TransportError> {
/// #         Ok(http::Response::new(br#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#.to_vec()))
/// #     }
/// # }
/// use wawp_core::{AccessToken, InstanceId, SessionStatus};
/// let client = BlockingClient::new(Canned, AccessToken::new("tok")?);
/// let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?)?;
/// assert_eq!(session.status, SessionStatus::ScanQrCode);
/// # Ok::<(), wawp_core::Error>(())
/// ```
pub struct BlockingClient<T> {
    shared: Arc<ClientState<T>>,
}

impl<T: BlockingTransport> BlockingClient<T> {
    /// Calls `endpoint`, retrying as [`Config::retry`] allows for what the
    /// endpoint declares ([`Endpoint::REPEAT`]). Any endpoint works,
    /// including your own.
    pub fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        let s = &*self.shared;
        let call = CallTrace::start::<E>(&s.config.base_url);
        let outcome = in_span_blocking(&call, || {
            let mut attempts = Attempts::new(&s.config.retry, E::REPEAT);
            loop {
                let request = s.request(endpoint, always_fresh::<E>())?;
                let trace = AttemptTrace::start::<E>(
                    &call,
                    s.config.base_url.authority(),
                    attempts.next_attempt(),
                );
                let mut sent = s.transport.send(request, &s.limits);
                let resent = resend_at_once::<E>(&sent);
                if resent {
                    // A repeat, for reads and harmless calls only: the server
                    // may have read the request. Once, at once, on a new
                    // connection (another pooled one may be just as stale).
                    sent = s.transport.send(s.request(endpoint, true)?, &s.limits);
                }
                let answered = Answered::of(&sent);
                let outcome = s.finish(endpoint, sent);
                trace.end(&outcome, resent, answered);
                match attempts.after(&outcome) {
                    Some(delay) => s.transport.sleep(delay),
                    None => return outcome,
                }
            }
        });
        call.end(&outcome);
        outcome
    }
}
