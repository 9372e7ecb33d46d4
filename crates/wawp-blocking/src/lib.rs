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
//!   timeout, a refused address, a proxy that refuses the
//!   tunnel, a connection closed during the TLS handshake; `Tls` for a
//!   certificate or TLS protocol failure; `StaleConnection`, `Timeout` and
//!   `Io` (may have been sent) after that, a connection closed before the
//!   answer included (see "Keep-alive connections").
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
//! ## Keep-alive connections
//!
//! A server or load balancer may close a keep-alive connection just after
//! answering on it, without `Connection: close`. A request written on it
//! in that moment fails before any answer, and the server may or may not
//! have read it. ureq 3 neither re-sends it nor says whether the
//! connection was reused (watching connections being made needs its
//! `unversioned` connector API). So this transport treats **any request
//! that may have gone on a pooled connection** and whose connection closed
//! or reset before the response head arrived as a possibly stale
//! connection: `StaleConnection`, may have been sent. Core then re-sends a
//! read or a harmless call once, at once, on a new connection — harmless by
//! definition, even when the connection was in fact new. A request may
//! have gone on a pooled connection unless it was marked
//! [`FreshConnection`](wawp_core::transport::FreshConnection) (ureq is then
//! asked to send it on a new connection) or the agents this crate built
//! have not handed over a response yet (a connection goes back to a pool
//! only after an answer came on it; an agent of yours may have answered
//! before, so over it this never applies). Such a failure on a new
//! connection is `Io`, may have been sent, and is repeated only under a
//! retry policy (a read always, a harmless call with `retry_after_send`).
//! Core marks every attempt of a destructive call `FreshConnection`: it
//! never meets the race, and is never re-sent.
//!
//! The same gap makes an unreachable host or network (`EHOSTUNREACH`,
//! `ENETUNREACH`) `Io` here, may have been sent, whether it came while
//! connecting or on an established connection; hyper and reqwest, which
//! know, say `Connect` for the first. A reset during the TLS handshake is
//! `Io` too; a close during it is `Connect`, as everywhere.
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

mod error;
// Everything that needs a crypto provider; without one, its stand-in.
#[cfg_attr(not(any(feature = "ring", feature = "aws-lc-rs")), path = "no_own.rs")]
mod own;
mod proxy;
mod transport;

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
pub use own::{MAX_IDLE_CONNECTIONS, client};
pub use transport::UreqTransport;

/// The ureq version this crate uses, for [`UreqTransport::from_agent`].
pub use ureq;

/// A [`wawp_core::BlockingClient`] over [`UreqTransport`].
pub type UreqClient = wawp_core::BlockingClient<UreqTransport>;
