//! [`MockServer`]: the synchronous handle to a running simulator.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use std::time::Instant;

use crate::behaviour::Behaviour;
use crate::config::{Initial, MockConfig};
use crate::json::CONFLICT_STATUS;
use crate::lifecycle::{self, Call};
use crate::params::Params;
use crate::recorded::RecordedRequest;
use crate::state::{Instance, LockedState, Login, Phase, State, Timing};
use crate::stream::Acceptor;

/// A running simulator of the Wawp session API on 127.0.0.1.
///
/// It serves on its own thread with its own single-threaded tokio runtime,
/// so blocking and async tests alike use it through this plain synchronous
/// handle. It stops when dropped (or on [`MockServer::shutdown`]), closing
/// every connection.
///
/// ```
/// use std::io::{Read, Write};
/// use wawp_mock::{Behaviour, MockServer, Variant, EXAMPLE_INSTANCE_ID};
///
/// let server = MockServer::start();
/// server.add_instance("B2", "bravo");
/// server.script("B2", Behaviour::Documented(Variant::BadGatewayXml));
///
/// // Any HTTP client will do; here, by hand.
/// let mut tcp = std::net::TcpStream::connect(server.addr())?;
/// write!(
///     tcp,
///     "POST /v2/session/logout?instance_id={EXAMPLE_INSTANCE_ID}&access_token={} HTTP/1.1\r\n\
///      Host: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
///     server.token(),
///     server.addr(),
/// )?;
/// let mut answer = String::new();
/// tcp.read_to_string(&mut answer)?;
/// assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"));
/// assert!(answer.ends_with(r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#));
///
/// assert_eq!(server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(), Some("SCAN_QR_CODE"));
/// assert_eq!(server.requests()[0].method, "POST");
/// assert_eq!(server.connections_accepted(), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct MockServer {
    addr: SocketAddr,
    tls: bool,
    token: String,
    pub(crate) shared: LockedState,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a simulator with [`MockConfig::default`].
    ///
    /// # Panics
    /// If no loopback port can be bound: this is a test utility.
    pub fn start() -> Self {
        Self::start_with(MockConfig::default())
    }

    /// Starts a simulator with `config`.
    ///
    /// # Panics
    /// If the port cannot be bound; see [`MockServer::try_start`].
    pub fn start_with(config: MockConfig) -> Self {
        Self::try_start(config).expect("wawp-mock: cannot listen on 127.0.0.1")
    }

    /// Starts a simulator serving HTTPS with the server certificate of `pki`
    /// (otherwise as [`MockServer::start`]): its [`base_url`](Self::base_url)
    /// is `https://127.0.0.1:<port>`.
    ///
    /// # Panics
    /// If no loopback port can be bound.
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub fn start_tls(pki: &crate::TestPki) -> Self {
        Self::start_with(MockConfig::default().tls(pki.server_cert_chain(), pki.server_key()))
    }

    /// Starts a server that answers every request with `handler`'s raw
    /// bytes (see [`MockConfig::raw`]).
    pub fn raw(
        handler: impl Fn(&RecordedRequest, &mut dyn io::Write) -> io::Result<crate::raw::Next>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        Self::start_with(MockConfig::default().raw(handler))
    }

    /// As [`MockServer::raw`], over HTTPS with the server certificate of
    /// `pki`.
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub fn raw_tls(
        handler: impl Fn(&RecordedRequest, &mut dyn io::Write) -> io::Result<crate::raw::Next>
        + Send
        + Sync
        + 'static,
        pki: &crate::TestPki,
    ) -> Self {
        Self::start_with(
            MockConfig::default()
                .tls(pki.server_cert_chain(), pki.server_key())
                .raw(handler),
        )
    }

    /// Starts a server that accepts connections and never says a word
    /// (see [`MockConfig::stall`]).
    pub fn stalling() -> Self {
        Self::start_with(MockConfig::default().stall())
    }

    /// Starts a simulator with `config`, or says why it could not.
    pub fn try_start(config: MockConfig) -> io::Result<Self> {
        let acceptor = acceptor(&config)?;
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", config.port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)?
        };
        let mut state = State::new(
            config.token.clone(),
            Timing {
                start_delay: config.start_delay,
                qr_rotation: config.qr_rotation,
                temp_link_lifetime: config.temp_link_lifetime,
            },
        );
        for (id, name, initial) in config.instances {
            register(&mut state, id, name, initial);
        }
        state.plan = config.plan;
        state.quota = config.quota;
        state.replay = config.replay;
        for (id, plan) in config.instance_plans {
            if let Some(instance) = state.instances.get_mut(&id) {
                instance.plan = Some(plan);
            }
        }
        let shared = LockedState::new(state);
        let tls = acceptor.is_tls() || config.hooks.stall;
        let hooks = config.hooks;
        let (stop, stopped) = oneshot::channel();
        let serving = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("wawp-mock-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(crate::serve::serve(
                    listener, acceptor, hooks, serving, stopped,
                ));
                // Cancels every connection task, without waiting for a raw
                // handler still asleep on its own thread.
                runtime.shutdown_background();
            })?;
        Ok(Self {
            addr,
            tls,
            token: config.token,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>` (`https://` when serving TLS), without a
    /// trailing slash.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Whether it serves HTTPS.
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The access token it accepts. Do not print it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Registers (or resets) instance `id`, named `name`, in `WORKING` state
    /// (paired).
    pub fn add_instance(&self, id: impl Into<String>, name: impl Into<String>) {
        register(
            &mut self.shared.lock(),
            id.into(),
            name.into(),
            Initial::Working,
        );
    }

    /// Registers (or resets) instance `id`, named `name`, as a create call
    /// leaves it: `STOPPED` and never paired.
    pub fn create_instance(&self, id: impl Into<String>, name: impl Into<String>) {
        register(
            &mut self.shared.lock(),
            id.into(),
            name.into(),
            Initial::Created,
        );
    }

    /// Removes instance `id`; `false` if there was none.
    pub fn remove_instance(&self, id: &str) -> bool {
        self.shared.lock().instances.remove(id).is_some()
    }

    /// The state of instance `id` (`WORKING`, `SCAN_QR_CODE`…), if
    /// registered, as a call would see it now (a started instance's delay
    /// may have passed).
    pub fn instance_status(&self, id: &str) -> Option<String> {
        let mut state = self.shared.lock();
        let timing = state.timing;
        state
            .instances
            .get_mut(id)
            .map(|i| i.status(Instant::now(), timing))
    }

    /// Sets the state of instance `id`; `false` if it is not registered.
    /// `WORKING` gives it a login if it had none; `SCAN_QR_CODE` drops it
    /// and starts showing QR codes; any status is accepted.
    pub fn set_instance_status(&self, id: &str, status: impl Into<String>) -> bool {
        match self.shared.lock().instances.get_mut(id) {
            Some(i) => {
                let phase = Phase::from_status(&status.into(), Instant::now());
                if phase == Phase::Working && i.login.is_none() {
                    i.login = Some(Login::Scanned);
                }
                i.enter(phase);
                true
            }
            None => false,
        }
    }

    /// Mock-only: a phone scans the QR code of instance `id`, which must be
    /// in `SCAN_QR_CODE` state; it becomes `WORKING`. The same as
    /// `POST /_mock/scan?instance_id=…&access_token=…`.
    ///
    /// ```
    /// use wawp_mock::{ControlError, MockServer, EXAMPLE_INSTANCE_ID as ID};
    /// let server = MockServer::start();
    /// assert_eq!(server.scan(ID), Err(ControlError::WrongState { status: "WORKING".into() }));
    /// // … a client logs ID out (here: set directly); the phone scans again:
    /// server.set_instance_status(ID, "SCAN_QR_CODE");
    /// assert!(server.qr_value(ID).is_some_and(|v| v.starts_with("2@")));
    /// server.scan(ID)?;
    /// assert_eq!(server.instance_status(ID).as_deref(), Some("WORKING"));
    /// # Ok::<(), ControlError>(())
    /// ```
    pub fn scan(&self, id: &str) -> Result<(), ControlError> {
        self.control(Call::Scan, id, Params::default())
    }

    /// Mock-only: a phone enters `code`, the pairing code last issued to
    /// instance `id` (see [`MockServer::pairing_code`]), which must be in
    /// `SCAN_QR_CODE` state; it becomes `WORKING`, logged in as the phone
    /// number the code was requested for. Case, spaces and dashes do not
    /// matter. The same as `POST /_mock/pair?instance_id=…&code=…&access_token=…`.
    pub fn pair(&self, id: &str, code: &str) -> Result<(), ControlError> {
        self.control(Call::Pair, id, Params::only("code", code))
    }

    /// Mock-only: instance `id` loses its connection and becomes `FAILED`,
    /// keeping its login (a restart recovers it). The same as
    /// `POST /_mock/fail?instance_id=…&access_token=…`.
    pub fn fail(&self, id: &str) -> Result<(), ControlError> {
        self.control(Call::Fail, id, Params::default())
    }

    /// The QR code's value instance `id` shows now, if it is in
    /// `SCAN_QR_CODE` state: what a client should have received.
    pub fn qr_value(&self, id: &str) -> Option<String> {
        let mut state = self.shared.lock();
        let timing = state.timing;
        let instance = state.instance(id)?;
        let Phase::ScanQrCode(since) = instance.phase else {
            return None;
        };
        Some(crate::qr::current(instance.qr_seed, since, Instant::now(), timing).value)
    }

    /// The pairing code last issued to instance `id` (by
    /// `/v2/auth/request-code`), until it pairs, stops or logs out.
    pub fn pairing_code(&self, id: &str) -> Option<String> {
        let mut state = self.shared.lock();
        let instance = state.instance(id)?;
        instance.pairing.as_ref().map(|(code, _)| code.clone())
    }

    pub(crate) fn control(&self, call: Call, id: &str, params: Params) -> Result<(), ControlError> {
        let mut state = self.shared.lock();
        let answer = lifecycle::handle(&mut state, call, id, &params);
        match answer.status {
            200 => Ok(()),
            404 if call == Call::OpenLink => Err(ControlError::InvalidLink),
            404 => Err(ControlError::UnknownInstance),
            400 => Err(ControlError::WrongCode),
            CONFLICT_STATUS => {
                let instance = state.instance(id).ok_or(ControlError::UnknownInstance)?;
                match instance.phase {
                    Phase::ScanQrCode(_) => Err(ControlError::NoPairingCode),
                    ref phase => Err(ControlError::WrongState {
                        status: phase.status().to_owned(),
                    }),
                }
            }
            _ => Err(ControlError::WrongState {
                status: String::new(),
            }),
        }
    }

    /// From now on, requests naming instance `id` (registered or not) get
    /// `behaviour`, replacing any earlier script for it.
    pub fn script(&self, id: impl Into<String>, behaviour: Behaviour) {
        self.shared.lock().scripts.insert(id.into(), behaviour);
    }

    /// Back to the real semantics for instance `id`.
    pub fn clear_script(&self, id: &str) {
        self.shared.lock().scripts.remove(id);
    }

    /// Every request received so far (since the last
    /// [`MockServer::clear_requests`]), in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// How many TCP connections it has accepted since it started.
    pub fn connections_accepted(&self) -> usize {
        self.shared.lock().connections
    }

    /// How many response bytes (heads and bodies) it has written to clients
    /// since it started: with [`Behaviour::Oversized`], this shows whether a
    /// client stopped reading at its limit or read everything.
    pub fn bytes_sent(&self) -> u64 {
        self.shared.sent()
    }

    /// Stops serving and closes every connection (as dropping does).
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on the server thread has already been reported there.
            let _ = thread.join();
        }
    }
}

/// Plain, or TLS with the identity `config` holds.
fn acceptor(config: &MockConfig) -> io::Result<Acceptor> {
    #[cfg(feature = "tls")]
    if let Some(identity) = &config.tls {
        return Ok(Acceptor::tls(identity.server_config()?));
    }
    let _ = config;
    Ok(Acceptor::default())
}

fn register(state: &mut State, id: String, name: String, initial: Initial) {
    let seed = state.next_random();
    let instance = match initial {
        Initial::Working => Instance::working(name, seed),
        Initial::Created => Instance::created(name, seed),
    };
    state.instances.insert(id, instance);
}

/// Why a mock-only control call ([`MockServer::scan`], [`MockServer::pair`],
/// [`MockServer::fail`]) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ControlError {
    /// No such instance.
    UnknownInstance,
    /// The instance is not in a state where this makes sense (scan and pair
    /// need `SCAN_QR_CODE`).
    WrongState {
        /// Its state.
        status: String,
    },
    /// Pairing: no pairing code was requested.
    NoPairingCode,
    /// Pairing: the code is not the one issued.
    WrongCode,
    /// Opening a temporary link: no active link has that token (never
    /// made, replaced, revoked or expired).
    InvalidLink,
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownInstance => f.write_str("no such instance"),
            Self::WrongState { status } => write!(f, "the instance is {status}"),
            Self::NoPairingCode => f.write_str("no pairing code was requested"),
            Self::WrongCode => f.write_str("the pairing code does not match"),
            Self::InvalidLink => f.write_str("the link is invalid, revoked or expired"),
        }
    }
}

impl std::error::Error for ControlError {}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}
