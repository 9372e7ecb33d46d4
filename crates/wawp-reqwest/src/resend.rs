//! [`Resends`]: which requests are the clients' re-sends of a request lost
//! on a stale connection, so that they go on a new connection.
//!
//! The clients re-send at once, from the task (or `block_on` call) that
//! sent: the next request to the same origin from the same task is the
//! re-send. hyper-util's pool would hand it another idle connection, which
//! after a burst of calls may be just as stale; a transport made by this
//! crate sends it with a second client that keeps no idle connection.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::task::Id;
use wawp_core::http::Uri;

/// The re-sends still to come.
#[derive(Debug, Default)]
pub(crate) struct Resends {
    /// How many entries `pending` holds, read without the lock.
    count: AtomicUsize,
    pending: Mutex<Vec<(Option<Id>, String)>>,
}

impl Resends {
    /// A request to `uri` from this task failed on a stale connection.
    pub(crate) fn expect(&self, uri: &Uri) {
        let key = (tokio::task::try_id(), origin(uri));
        let mut pending = self.lock();
        if !pending.contains(&key) {
            pending.push(key);
            self.count.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Whether a request to `uri` from this task is a re-send (and so no
    /// longer expected).
    pub(crate) fn take(&self, uri: &Uri) -> bool {
        if self.count.load(Ordering::SeqCst) == 0 {
            return false;
        }
        let key = (tokio::task::try_id(), origin(uri));
        let mut pending = self.lock();
        match pending.iter().position(|k| *k == key) {
            Some(i) => {
                pending.swap_remove(i);
                self.count.fetch_sub(1, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Option<Id>, String)>> {
        // A plain list, consistent after every operation.
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `scheme://authority`.
fn origin(uri: &Uri) -> String {
    format!(
        "{}://{}",
        uri.scheme_str().unwrap_or_default(),
        uri.authority().map_or("", |a| a.as_str())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resend_is_the_next_request_to_the_origin_and_only_that() {
        let resends = Resends::default();
        let a: Uri = "http://127.0.0.1:1/x?access_token=t".parse().unwrap();
        let b: Uri = "http://127.0.0.1:2/x".parse().unwrap();
        assert!(!resends.take(&a));
        resends.expect(&a);
        assert!(!resends.take(&b));
        assert!(resends.take(&"http://127.0.0.1:1/other".parse().unwrap()));
        assert!(!resends.take(&a));
    }
}
