//! [`Ledger`]: which requests go on a connection ureq reuses from its pool.
//!
//! ureq 3 re-sends nothing and says nothing about reuse: its pool is
//! internal, and the only way to watch connections being made (a custom
//! `Connector`) is in its `unversioned` API, which this crate does not use.
//! So the transport keeps this ledger of the idle connections ureq's pool
//! holds for it, from what it sees of its own exchanges, mirroring ureq's
//! rules (`ureq/src/pool.rs`):
//!
//! - an exchange whose response leaves the connection open (HTTP/1.1, no
//!   `Connection: close`, a delimited body, read to the end) puts one idle
//!   connection in the pool, per key (scheme, host and port, proxy);
//! - the next request with that key takes one, if one is younger than the
//!   pool's `max_idle_age` (older ones ureq drops);
//! - at most `max_idle_per_host` are kept per key.
//!
//! The ledger is exact for the agents this crate builds except when ureq
//! itself finds an idle connection dead (its liveness probe, just before
//! reuse, sees the server's close) and opens a fresh one instead: the
//! ledger then counts a fresh connection as reused. Everywhere else it errs
//! the safe way (a reused connection counted fresh), which only costs the
//! automatic re-send.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use wawp_core::http::header::{CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING};
use wawp_core::http::uri::Authority;
use wawp_core::http::{HeaderMap, Method, Response, StatusCode, Uri, Version};

/// A pool key, as ureq's: the scheme, the authority and whether the
/// request goes through the proxy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    https: bool,
    authority: Authority,
    proxied: bool,
}

impl Key {
    /// The key of a request to `uri`; `None` without an authority (ureq
    /// refuses such a request before it looks in its pool).
    pub(crate) fn new(uri: &Uri, proxied: bool) -> Option<Self> {
        Some(Self {
            https: uri.scheme_str() == Some("https"),
            authority: uri.authority()?.clone(),
            proxied,
        })
    }
}

/// How the ledger sees one request go out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checkout {
    /// On an idle connection from the pool.
    Reused,
    /// On a new connection.
    Fresh,
    /// On a new connection the request asked for: core's re-send of a
    /// request that failed on a stale connection, marked
    /// [`FreshConnection`](wawp_core::transport::FreshConnection). The idle
    /// connections with this key, which may be stale too, are dropped (by
    /// ureq, asked for a `max_idle_age` of zero).
    Resend,
}

/// The idle connections of an agent's pool, as far as this transport knows.
#[derive(Debug)]
pub(crate) struct Ledger {
    max_idle_per_host: usize,
    max_idle_age: Duration,
    /// Per key, when each idle connection went back to the pool, oldest
    /// first.
    keys: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl Ledger {
    pub(crate) fn new(max_idle_per_host: usize, max_idle_age: Duration) -> Self {
        Self {
            max_idle_per_host,
            max_idle_age,
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// A request with `key` goes out now: takes one idle connection, if
    /// the pool has a usable one; or, for a request that must go on a new
    /// connection (`fresh`), drops them all, as ureq will.
    pub(crate) fn checkout(&self, key: &Key, now: Instant, fresh: bool) -> Checkout {
        let mut keys = self.lock();
        if fresh {
            keys.remove(key);
            return Checkout::Resend;
        }
        let Some(idle) = keys.get_mut(key) else {
            return Checkout::Fresh;
        };
        // ureq takes the oldest first, dropping those past their age.
        while let Some(since) = idle.pop_front() {
            if now.saturating_duration_since(since) < self.max_idle_age {
                return Checkout::Reused;
            }
        }
        keys.remove(key);
        Checkout::Fresh
    }

    /// An exchange with `key` ended at `now`, with a response that leaves
    /// its connection open: the connection is idle in the pool.
    pub(crate) fn checkin(&self, key: Key, now: Instant) {
        if self.max_idle_per_host == 0 {
            return;
        }
        let mut keys = self.lock();
        let idle = keys.entry(key).or_default();
        if idle.len() == self.max_idle_per_host {
            idle.pop_front();
        }
        idle.push_back(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, VecDeque<Instant>>> {
        // The map is consistent after every operation: a panic elsewhere
        // cannot leave it half-updated.
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether ureq puts the connection back in its pool after a response with
/// these parts to a `method` request, once the body is read to the end:
/// HTTP/1.1, no `Connection: close`, and a body whose end is known without
/// the server closing (a length, chunked, or no body at all).
pub(crate) fn keeps_alive<T>(method: &Method, response: &Response<T>) -> bool {
    let headers = response.headers();
    response.version() == Version::HTTP_11
        && !has_token(headers, CONNECTION, "close")
        && (*method == Method::HEAD
            || no_body(response.status())
            || headers.contains_key(CONTENT_LENGTH)
            || has_token(headers, TRANSFER_ENCODING, "chunked"))
}

fn no_body(status: StatusCode) -> bool {
    status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
}

fn has_token(headers: &HeaderMap, name: wawp_core::http::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|value| {
        value
            .to_str()
            .unwrap_or_default()
            .split(',')
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(uri: &str) -> Key {
        Key::new(&uri.parse().unwrap(), false).unwrap()
    }

    #[test]
    fn a_kept_connection_is_reused_once_per_key() {
        let ledger = Ledger::new(64, Duration::from_secs(15));
        let (a, b) = (key("http://127.0.0.1:1/x"), key("http://127.0.0.1:2/x"));
        let now = Instant::now();
        assert_eq!(ledger.checkout(&a, now, false), Checkout::Fresh);
        ledger.checkin(a.clone(), now);
        assert_eq!(ledger.checkout(&b, now, false), Checkout::Fresh);
        assert_eq!(ledger.checkout(&a, now, false), Checkout::Reused);
        assert_eq!(ledger.checkout(&a, now, false), Checkout::Fresh);
        let proxied = Key::new(&"http://127.0.0.1:1/".parse().unwrap(), true).unwrap();
        ledger.checkin(a.clone(), now);
        assert_eq!(ledger.checkout(&proxied, now, false), Checkout::Fresh);
    }

    #[test]
    fn a_resend_goes_fresh_and_forgets_the_idle_connections() {
        let ledger = Ledger::new(64, Duration::from_secs(15));
        let (a, b) = (key("http://127.0.0.1:1/x"), key("http://127.0.0.1:2/x"));
        let now = Instant::now();
        ledger.checkin(a.clone(), now);
        ledger.checkin(a.clone(), now);
        ledger.checkin(b.clone(), now);
        assert_eq!(ledger.checkout(&a, now, true), Checkout::Resend);
        assert_eq!(
            ledger.checkout(&a, now, false),
            Checkout::Fresh,
            "idle ones forgotten"
        );
        assert_eq!(
            ledger.checkout(&b, now, false),
            Checkout::Reused,
            "another key's kept"
        );
        // Asked for on an empty pool too.
        assert_eq!(ledger.checkout(&b, now, true), Checkout::Resend);
    }

    #[test]
    fn old_connections_are_not_reused_and_the_pool_is_bounded() {
        let ledger = Ledger::new(2, Duration::from_secs(15));
        let a = key("https://example.com/");
        let start = Instant::now();
        ledger.checkin(a.clone(), start);
        let later = start + Duration::from_secs(16);
        assert_eq!(ledger.checkout(&a, later, false), Checkout::Fresh);
        for _ in 0..3 {
            ledger.checkin(a.clone(), start);
        }
        assert_eq!(ledger.checkout(&a, start, false), Checkout::Reused);
        assert_eq!(ledger.checkout(&a, start, false), Checkout::Reused);
        assert_eq!(ledger.checkout(&a, start, false), Checkout::Fresh);
        let none = Ledger::new(0, Duration::from_secs(15));
        none.checkin(a.clone(), start);
        assert_eq!(none.checkout(&a, start, false), Checkout::Fresh);
    }

    #[test]
    fn only_delimited_http11_responses_keep_their_connection() {
        let response = |version, headers: &[(&str, &str)], status: u16| {
            let mut r = Response::builder().version(version).status(status);
            for (n, v) in headers {
                r = r.header(*n, *v);
            }
            r.body(()).unwrap()
        };
        let post = Method::POST;
        let v11 = Version::HTTP_11;
        assert!(keeps_alive(
            &post,
            &response(v11, &[("content-length", "2")], 200)
        ));
        assert!(keeps_alive(
            &post,
            &response(v11, &[("transfer-encoding", "gzip, chunked")], 200)
        ));
        assert!(keeps_alive(&post, &response(v11, &[], 204)));
        assert!(keeps_alive(&Method::HEAD, &response(v11, &[], 200)));
        assert!(
            !keeps_alive(&post, &response(v11, &[], 200)),
            "close-delimited"
        );
        assert!(!keeps_alive(
            &post,
            &response(
                v11,
                &[("content-length", "2"), ("connection", "keep-alive, Close")],
                200
            )
        ));
        assert!(!keeps_alive(
            &post,
            &response(Version::HTTP_10, &[("content-length", "2")], 200)
        ));
    }
}
