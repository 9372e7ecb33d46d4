//! The simulator's state, shared by the synchronous API and the server tasks
//! behind one mutex that is never held across an `.await`; and each
//! instance's state machine.
//!
//! Time-driven transitions (`STARTING` → `SCAN_QR_CODE` or `WORKING` after
//! the start delay, the QR code's rotation) are computed from the clock when
//! an instance is looked at ([`Instance::settle`]): no timer task runs.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use crate::behaviour::Behaviour;
use crate::recorded::RecordedRequest;

/// `STOPPED`.
pub(crate) const STOPPED: &str = "STOPPED";
/// `STARTING`.
pub(crate) const STARTING: &str = "STARTING";
/// `SCAN_QR_CODE`: the state after a logout.
pub(crate) const SCAN_QR_CODE: &str = "SCAN_QR_CODE";
/// `WORKING`: the state a registered instance starts in.
pub(crate) const WORKING: &str = "WORKING";
/// `FAILED`.
pub(crate) const FAILED: &str = "FAILED";

/// The clock-driven settings of a simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timing {
    /// How long `STARTING` lasts.
    pub(crate) start_delay: Duration,
    /// How long each QR code lasts.
    pub(crate) qr_rotation: Duration,
    /// How long a temporary access link works.
    pub(crate) temp_link_lifetime: Duration,
}

/// An account's plan, which decides what it may use: a free account only
/// the free rate-limit policies and no webhooks; a paid one everything.
///
/// ```
/// use wawp_mock::{MockConfig, MockServer, Plan, EXAMPLE_INSTANCE_ID as ID};
/// let server = MockServer::start_with(MockConfig::default().plan(Plan::Paid));
/// assert_eq!(server.plan(ID), Some(Plan::Paid));
/// server.set_plan(ID, Plan::Free);
/// assert_eq!(server.plan(ID), Some(Plan::Free));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Plan {
    /// No active plan (the default).
    #[default]
    Free,
    /// An active paid plan.
    Paid,
}

/// A temporary access link: its token and when it stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TempLink {
    pub(crate) token: String,
    pub(crate) expires: SystemTime,
}

/// Where an instance is in its lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Phase {
    Stopped,
    /// Booting since then.
    Starting(Instant),
    /// Showing QR codes since then (the first one's start).
    ScanQrCode(Instant),
    Working,
    Failed,
    /// A status set by a test that the simulator does not model.
    Other(String),
}

impl Phase {
    /// The phase for a status string (a QR phase starts now).
    pub(crate) fn from_status(status: &str, now: Instant) -> Self {
        match status {
            STOPPED => Phase::Stopped,
            STARTING => Phase::Starting(now),
            SCAN_QR_CODE => Phase::ScanQrCode(now),
            WORKING => Phase::Working,
            FAILED => Phase::Failed,
            other => Phase::Other(other.to_owned()),
        }
    }

    /// The status string.
    pub(crate) fn status(&self) -> &str {
        match self {
            Phase::Stopped => STOPPED,
            Phase::Starting(_) => STARTING,
            Phase::ScanQrCode(_) => SCAN_QR_CODE,
            Phase::Working => WORKING,
            Phase::Failed => FAILED,
            Phase::Other(s) => s,
        }
    }
}

/// How an instance was paired, which decides who `me` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Login {
    /// By scanning the QR code (or registered already paired).
    Scanned,
    /// By a pairing code for this phone number.
    Phone(String),
}

/// A registered instance.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub(crate) name: String,
    pub(crate) phase: Phase,
    /// Its login (WhatsApp's auth keys), kept by stop and restart, dropped
    /// by logout.
    pub(crate) login: Option<Login>,
    /// Distinguishes this instance's QR codes from every other's.
    pub(crate) qr_seed: u64,
    /// The last pairing code issued, and for which number.
    pub(crate) pairing: Option<(String, String)>,
    /// The active temporary access link, if any (an expired one is kept
    /// until replaced or revoked, and works no more).
    pub(crate) temp_link: Option<TempLink>,
    /// The slug of the rate-limit policy in force.
    pub(crate) policy: String,
    /// Its own webhooks, as stored: `{url, events, is_active}` objects.
    pub(crate) webhooks: Vec<serde_json::Value>,
    /// Its plan, when it differs from the account's.
    pub(crate) plan: Option<Plan>,
}

impl Instance {
    /// An instance paired and `WORKING`, as registered by default.
    pub(crate) fn working(name: String, qr_seed: u64) -> Self {
        Self {
            name,
            phase: Phase::Working,
            login: Some(Login::Scanned),
            qr_seed,
            pairing: None,
            temp_link: None,
            policy: crate::rate_limit::INITIAL_POLICY.to_owned(),
            webhooks: Vec::new(),
            plan: None,
        }
    }

    /// A fresh instance, as a create call leaves it: `STOPPED`, never paired.
    pub(crate) fn created(name: String, qr_seed: u64) -> Self {
        Self {
            phase: Phase::Stopped,
            login: None,
            ..Self::working(name, qr_seed)
        }
    }

    /// Applies the transitions the clock has made due by `now`.
    pub(crate) fn settle(&mut self, now: Instant, timing: Timing) {
        if let Phase::Starting(since) = self.phase {
            let ready = since + timing.start_delay;
            if now >= ready {
                self.phase = if self.login.is_some() {
                    Phase::Working
                } else {
                    Phase::ScanQrCode(ready)
                };
            }
        }
    }

    /// Its status after settling.
    pub(crate) fn status(&mut self, now: Instant, timing: Timing) -> String {
        self.settle(now, timing);
        self.phase.status().to_owned()
    }

    /// Moves to `phase`, which ends any pairing code; entering
    /// `SCAN_QR_CODE` also drops the login.
    pub(crate) fn enter(&mut self, phase: Phase) {
        if matches!(phase, Phase::ScanQrCode(_)) {
            self.login = None;
        }
        self.pairing = None;
        self.phase = phase;
    }
}

/// Everything the simulator knows and has seen.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) token: String,
    pub(crate) timing: Timing,
    /// The account's plan, unless an instance has its own.
    pub(crate) plan: Plan,
    /// How many instances the account may have, if limited.
    pub(crate) quota: Option<usize>,
    /// When set, every API call is answered from this capture.
    pub(crate) replay: Option<crate::replay::Replay>,
    pub(crate) instances: BTreeMap<String, Instance>,
    pub(crate) scripts: HashMap<String, Behaviour>,
    pub(crate) requests: Vec<RecordedRequest>,
    pub(crate) connections: usize,
    /// Feeds QR seeds and pairing codes.
    pub(crate) counter: u64,
}

impl State {
    /// A state accepting `token`, with no instance.
    pub(crate) fn new(token: String, timing: Timing) -> Self {
        Self {
            token,
            timing,
            plan: Plan::Free,
            quota: None,
            replay: None,
            instances: BTreeMap::new(),
            scripts: HashMap::new(),
            requests: Vec::new(),
            connections: 0,
            counter: 0,
        }
    }

    /// A number no earlier call returned, mixed so that consecutive values
    /// look unrelated.
    pub(crate) fn next_random(&mut self) -> u64 {
        self.counter += 1;
        // splitmix64 over a per-process random start.
        let start = *SEED;
        let mut z = start.wrapping_add(self.counter.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The plan of instance `id`: its own, or the account's.
    pub(crate) fn plan_of(&self, id: &str) -> Plan {
        self.instances
            .get(id)
            .and_then(|i| i.plan)
            .unwrap_or(self.plan)
    }

    /// Instance `id`, settled to now.
    pub(crate) fn instance(&mut self, id: &str) -> Option<&mut Instance> {
        let timing = self.timing;
        let instance = self.instances.get_mut(id)?;
        instance.settle(Instant::now(), timing);
        Some(instance)
    }
}

/// A per-process random start for [`State::next_random`], from the standard
/// library's randomly keyed hasher.
static SEED: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x5eed);
    hasher.finish()
});

/// The state behind its lock, and a lock-free count of bytes sent.
#[derive(Debug, Clone)]
pub(crate) struct LockedState {
    state: Arc<Mutex<State>>,
    sent: Arc<AtomicU64>,
}

impl LockedState {
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
