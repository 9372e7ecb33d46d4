//! [`Pool`]: idle HTTP/1.1 connections, kept per origin for the next request.
//!
//! Plain and deterministic: a connection is put back by the exchange that
//! used it, once its response was read completely, and taken out by the next
//! exchange, which waits until the connection is ready for a new request.
//! Nothing runs in the background and nothing races a new connect.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use wawp_core::http::Uri;
use wawp_core::http::uri::{Authority, Scheme};

/// The handle that sends requests on one connection; dropping the last one
/// closes the connection.
pub(crate) type Sender = SendRequest<Full<Bytes>>;

/// A connection idle for longer than this is not used again.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Idle connections kept per origin; more are closed, oldest first.
const MAX_IDLE_PER_ORIGIN: usize = 64;

/// Where a connection leads: the scheme and authority of a request URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Origin {
    scheme: Scheme,
    authority: Authority,
}

impl Origin {
    /// The origin of `uri`, or `None` if it is not absolute.
    pub(crate) fn of(uri: &Uri) -> Option<Self> {
        Some(Self {
            scheme: uri.scheme()?.clone(),
            authority: uri.authority()?.clone(),
        })
    }

    /// `scheme://authority/`, what the connector needs.
    pub(crate) fn uri(&self) -> Uri {
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query("/")
            .build()
            // Both parts come from a valid URI.
            .expect("scheme and authority of a URI make a URI")
    }
}

/// A connection waiting in the pool, and when it was put there.
#[derive(Debug)]
struct Idle {
    sender: Sender,
    since: Instant,
}

impl Idle {
    fn is_usable(&self, now: Instant) -> bool {
        !self.sender.is_closed() && now.duration_since(self.since) <= IDLE_TIMEOUT
    }
}

/// Idle connections by origin, most recently used last.
#[derive(Debug, Default)]
pub(crate) struct Pool {
    idle: Mutex<HashMap<Origin, Vec<Idle>>>,
}

impl Pool {
    /// The most recently used idle connection to `origin` that is ready for a
    /// new request, or `None` if there is none.
    ///
    /// A connection is put back as soon as its response body has been read;
    /// its task may still be finishing that exchange, so this waits for it
    /// to be ready. One that turns out to be closed is dropped, and the next
    /// one is tried.
    ///
    /// Before that, it yields to the runtime once, so that the runtime polls
    /// its I/O driver: a close by the server that arrived while nothing polled
    /// it (between two `block_on` calls on a current-thread runtime, or while
    /// its threads were busy) is then known to the connection's task before
    /// the request reaches it. hyper checks its connection for a close before
    /// it takes a new request, so such a connection either shows up closed
    /// here or hands the request back unsent (see `HyperTransport`'s
    /// exchange), instead of writing it to a closed connection. Without the
    /// yield it only learns of the close when the response is missing, and
    /// the request, which may have been sent, fails. (tokio documents no
    /// promise that a yield polls the driver; its schedulers do — a yielded
    /// task resumes only once the driver has been polled — and were that to
    /// change, such a request would fail as before, never be sent twice.)
    pub(crate) async fn checkout(&self, origin: &Origin) -> Option<Sender> {
        loop {
            let mut sender = self.pop(origin)?;
            tokio::task::yield_now().await;
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    /// Puts `sender` back, to be used by the next request to `origin`. Only
    /// call this once its response has been read completely.
    pub(crate) fn checkin(&self, origin: Origin, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let now = Instant::now();
        let mut idle = self.lock();
        let list = idle.entry(origin).or_default();
        list.retain(|conn| conn.is_usable(now));
        if list.len() >= MAX_IDLE_PER_ORIGIN {
            list.remove(0);
        }
        list.push(Idle { sender, since: now });
    }

    /// Takes the most recently used connection to `origin` that is neither
    /// closed nor idle for too long, dropping those that are.
    fn pop(&self, origin: &Origin) -> Option<Sender> {
        let now = Instant::now();
        let mut idle = self.lock();
        let list = idle.get_mut(origin)?;
        let mut found = None;
        while let Some(conn) = list.pop() {
            if conn.is_usable(now) {
                found = Some(conn.sender);
                break;
            }
        }
        if list.is_empty() {
            idle.remove(origin);
        }
        found
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Origin, Vec<Idle>>> {
        // Nothing panics while holding the lock; a poisoned map is still sound.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
