//! The simulator's state, shared by the synchronous API and the server tasks
//! behind one mutex that is never held across an `.await`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::behaviour::Behaviour;
use crate::recorded::RecordedRequest;

/// The state an instance starts in.
pub(crate) const WORKING: &str = "WORKING";
/// The state after a logout.
pub(crate) const SCAN_QR_CODE: &str = "SCAN_QR_CODE";

/// A registered instance.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub(crate) name: String,
    pub(crate) status: String,
}

/// Everything the simulator knows and has seen.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) token: String,
    pub(crate) instances: BTreeMap<String, Instance>,
    pub(crate) scripts: HashMap<String, Behaviour>,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) connections: usize,
}

/// The state behind its lock, and a lock-free count of bytes sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shared {
    state: Arc<Mutex<State>>,
    sent: Arc<AtomicU64>,
}

impl Shared {
    pub(crate) fn new(state: State) -> Self {
        Self {
            state: Arc::new(Mutex::new(state)),
            sent: Arc::default(),
        }
    }

    /// Counts `n` more bytes written to clients.
    pub(crate) fn add_sent(&self, n: usize) {
        self.sent.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// Bytes written to clients so far.
    pub(crate) fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The state, locked. A panic while locked cannot leave it inconsistent
    /// (every update is a single assignment or push), so poisoning is ignored.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
