//! # wawp-blocking
//!
//! A blocking transport for [wawp-rs](wawp_core) over a [`ureq::Agent`]
//! (ureq 3, rustls), for programs with no async runtime. Its dependency
//! tree has no tokio and no hyper.
//!
//! **What it is.** [`UreqTransport`], an implementation of
//! [`wawp_core::BlockingTransport`], plus the [`UreqClient`] alias and the
//! [`client`] shortcut, which builds everything from a [`Config`](wawp_core::Config).
//!
//! **What it is not.** It knows nothing about the Wawp API: URLs, parameters,
//! status codes and bodies are all decided in `wawp-core`. Nor does it use
//! any of ureq's `unversioned` API: any ureq 3.x satisfies it.
//!
//! ## Logout
//!
//! ```no_run
//! use wawp_core::{AccessToken, Config, InstanceId};
//!
//! let token = AccessToken::new(std::env::var("WAWP_ACCESS_TOKEN").unwrap_or_default())?;
//! let client = wawp_blocking::client(token, Config::default());
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?)?;
//! println!("{} is now {}", session.instance_id, session.status);
//! # Ok::<(), wawp_core::Error>(())
//! ```
//!
//! ## Invariants
//!
//! - **Bytes in, bytes out**: every status, 3xx/4xx/5xx included, is
//!   returned as a response; redirects are never followed (enforced per
//!   request, whatever agent is wrapped); the request goes out with exactly
//!   the headers `wawp-core` set, plus `Host`.
//! - **Limits** of each call are enforced here (see [`UreqTransport`]).
//! - **Truthful failures.** The kind of every error says whether the request
//!   could have reached the server, as on every other transport:
//!   `Connect` for a name that does not resolve (ureq hands `std`'s lookup
//!   error through as I/O; it is recognised here), a resolve or connect
//!   timeout, a refused or unreachable address, a proxy that refuses the
//!   tunnel; `Tls` for a handshake or certificate failure;
//!   `StaleConnection` for a reused connection lost before any response
//!   byte; `Timeout` and `Io` (may have been sent) after that.
//! - **The token never leaves in an error**: ureq embeds URLs in some
//!   errors; `wawp-core` scrubs every message of query strings.
//! - **Proxies and trust as every transport**: `wawp-core`'s
//!   [`ProxyRules`](wawp_core::ProxyRules) route each request (plain `http`
//!   never proxied, `https` through `CONNECT`); the roots are
//!   `wawp-rustls`'s (the machine's store, or the Mozilla roots where it is
//!   empty, plus the config's extras).
//!
//! ## TLS crypto provider
//!
//! Features `ring` (the default) or `aws-lc-rs` (used when both are on;
//! turn the default features off to compile only it) give the agents this
//! crate builds ([`UreqTransport::new`], `FromConfig`, [`client`]); with
//! neither, only [`UreqTransport::from_agent`] exists, and no crypto
//! provider is compiled (ureq's rustls integration is, without one, so
//! that TLS failures are told apart over your agent too).
//!
//! ureq 3 sets a crypto provider per agent only through its `unversioned`
//! API (`TlsConfig::unversioned_rustls_crypto_provider`), which this crate
//! does not use. What its stable behaviour gives, for each new rustls
//! connection: the process's default provider (rustls's
//! `CryptoProvider::install_default`) if the program installed one, else
//! ring when ureq's `rustls` feature is on, else a panic. Hence:
//!
//! - **`ring`**: ureq's `rustls` feature; ring by ureq's own fallback.
//!   Nothing process-wide is touched.
//! - **`aws-lc-rs`**: ureq's `rustls-no-provider` (ring is not compiled),
//!   and, before the first `https` request of a transport this crate
//!   built, aws-lc-rs is **installed as the process's default provider**,
//!   unless the program installed one already — as rustls's own
//!   `ClientConfig::builder()` does when its features name one provider.
//!   A program that wants another provider installs it before that
//!   request; a later `CryptoProvider::install_default` call of its own
//!   then returns `Err` (the default is set once per process).
//! - Either way, a default provider the program installed first is the one
//!   ureq uses, for these agents and for yours. An agent of yours
//!   ([`UreqTransport::from_agent`]) built without ureq's `rustls` feature
//!   needs a default provider installed before its first `https` request,
//!   or ureq panics; this crate installs none for it.
//!
//! ## Stale connections
//!
//! A server or load balancer may close a keep-alive connection just after
//! answering on it, without `Connection: close`. A request sent on it in
//! that moment is lost before the server reads it. ureq 3 neither re-sends
//! it nor says whether the connection was reused, and watching connections
//! being made needs its `unversioned` connector API. So the transport keeps
//! a ledger of the connections its own exchanges left idle in ureq's pool
//! (mirroring ureq's pool rules: a kept-alive HTTP/1.1 response read to the
//! end leaves one; a request to the same scheme, host, port and proxy takes
//! the oldest one younger than the idle age). A request that the ledger
//! says went on a reused connection, and that fails with the connection
//! closed or reset before the response head, is a `StaleConnection`
//! failure; the client re-sends it once, marked
//! [`FreshConnection`](wawp_core::transport::FreshConnection), and the
//! transport sends a request so marked on a new connection (ureq is asked
//! to pass over, and so drop, the idle connections to that host).
//!
//! What the ledger can get wrong, and which way:
//! - ureq's pool finds an idle connection already closed (it probes each
//!   one before reuse) and opens a new one: the ledger still counts it
//!   reused. Only if that *new* connection then also fails before the
//!   response head is the failure wrongly called stale (and re-sent once).
//! - A server that dies half-way through the response head: ureq reports
//!   that like a close before any byte, so on a reused connection it is
//!   called stale too.
//! - Threads sharing a client: ureq puts a connection back in its pool a
//!   few microseconds before the ledger counts it, so another thread may
//!   take a connection the ledger still calls fresh; its loss is then `Io`,
//!   may have been sent (the safe side). Against a server closing every
//!   connection 3 ms after answering, 0–2 of 400 calls from 4 threads
//!   (`tests/network.rs`); sequential calls are not affected.
//! - Other code sharing an agent given to [`UreqTransport::from_agent`]
//!   moves connections the ledger does not see: it may miss a stale
//!   connection (reported as `Io`, may have been sent: the safe side) or,
//!   rarely, count a fresh one reused.
//!
//! ## Name resolution
//!
//! ureq resolves the host of every request, also one that then goes on a
//! pooled connection, and whenever any timeout applies (here always), its
//! default resolver does so on a thread of its own, so that the lookup can
//! be abandoned at the connect timeout. An IP literal gets the same thread.
//! Avoiding it needs ureq's `unversioned` resolver API; this crate does
//! not use it. The thread costs some microseconds per call on loopback
//! (see `docs/performance.md`), nothing next to a call over a network.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
mod agent;
mod error;
mod ledger;
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
mod provider;
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
mod roots;
mod transport;

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "ring", feature = "aws-lc-rs"))))]
pub use agent::MAX_IDLE_CONNECTIONS;
pub use transport::UreqTransport;

/// The ureq version this crate uses, for [`UreqTransport::from_agent`].
pub use ureq;

/// A [`wawp_core::BlockingClient`] over [`UreqTransport`].
pub type UreqClient = wawp_core::BlockingClient<UreqTransport>;

/// A client with `token` and `config`, over a [`UreqTransport`] built from
/// `config` (its proxy, extra roots and limits).
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "ring", feature = "aws-lc-rs"))))]
pub fn client(token: wawp_core::AccessToken, config: wawp_core::Config) -> UreqClient {
    wawp_core::BlockingClient::with_config(UreqTransport::configured(&config), token, config)
}
