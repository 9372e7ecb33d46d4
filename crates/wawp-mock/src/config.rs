//! [`MockConfig`]: the token, port and initial instances of a simulator.

use std::fmt;
use std::time::Duration;

use crate::replay::Replay;
use crate::state::Plan;

/// The access token a simulator accepts unless configured otherwise. Long
/// and recognisable, so tests can check it never leaks into error text.
pub const DEFAULT_TOKEN: &str = "wawp-mock-token-5f1c0ffee0ddba11";

/// The instance id of the documentation's example, registered by default.
pub const EXAMPLE_INSTANCE_ID: &str = "3EB0BCB2E3D4";

/// The session name of the documentation's example instance.
pub const EXAMPLE_INSTANCE_NAME: &str = "wawp-84729105";

/// How long a started instance stays `STARTING` unless configured otherwise.
pub const DEFAULT_START_DELAY: Duration = Duration::from_millis(100);

/// How long each QR code lasts unless configured otherwise (Wawp documents
/// 20–40 s).
pub const DEFAULT_QR_ROTATION: Duration = Duration::from_secs(20);

/// How long a temporary access link works unless configured otherwise (as
/// documented: 30 minutes).
pub const DEFAULT_TEMP_LINK_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// How an instance is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Initial {
    /// Paired and `WORKING`.
    Working,
    /// As a create call leaves it: `STOPPED`, never paired.
    Created,
}

/// How to start a [`MockServer`](crate::MockServer).
///
/// ```
/// use wawp_mock::{MockConfig, MockServer};
/// let server = MockServer::start_with(
///     MockConfig::default().token("my-test-token").instance("A1", "alpha"),
/// );
/// assert_eq!(server.token(), "my-test-token");
/// assert_eq!(server.instance_status("A1").as_deref(), Some("WORKING"));
/// ```
#[derive(Clone)]
pub struct MockConfig {
    pub(crate) token: String,
    pub(crate) port: u16,
    pub(crate) instances: Vec<(String, String, Initial)>,
    pub(crate) start_delay: Duration,
    pub(crate) qr_rotation: Duration,
    pub(crate) temp_link_lifetime: Duration,
    pub(crate) plan: Plan,
    pub(crate) instance_plans: Vec<(String, Plan)>,
    pub(crate) quota: Option<usize>,
    pub(crate) replay: Option<Replay>,
    #[cfg(feature = "tls")]
    pub(crate) tls: Option<crate::tls::Identity>,
    pub(crate) hooks: crate::serve::Hooks,
}

impl Default for MockConfig {
    /// Token [`DEFAULT_TOKEN`], an ephemeral port, and the documentation's
    /// example instance ([`EXAMPLE_INSTANCE_ID`]) in `WORKING` state.
    fn default() -> Self {
        Self {
            token: DEFAULT_TOKEN.to_owned(),
            port: 0,
            instances: vec![(
                EXAMPLE_INSTANCE_ID.to_owned(),
                EXAMPLE_INSTANCE_NAME.to_owned(),
                Initial::Working,
            )],
            start_delay: DEFAULT_START_DELAY,
            qr_rotation: DEFAULT_QR_ROTATION,
            temp_link_lifetime: DEFAULT_TEMP_LINK_LIFETIME,
            plan: Plan::Free,
            instance_plans: Vec::new(),
            quota: None,
            replay: None,
            #[cfg(feature = "tls")]
            tls: None,
            hooks: crate::serve::Hooks::default(),
        }
    }
}

impl MockConfig {
    /// Accept `token` instead of [`DEFAULT_TOKEN`].
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// Listen on 127.0.0.1:`port` (0, the default, picks a free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Register an instance in `WORKING` state (paired).
    pub fn instance(mut self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.instances
            .push((id.into(), name.into(), Initial::Working));
        self
    }

    /// Register an instance as a create call leaves it: `STOPPED` and never
    /// paired, so that starting it leads to `SCAN_QR_CODE`.
    pub fn created_instance(mut self, id: impl Into<String>, name: impl Into<String>) -> Self {
        self.instances
            .push((id.into(), name.into(), Initial::Created));
        self
    }

    /// How long a started (or restarted) instance stays `STARTING` before it
    /// is `SCAN_QR_CODE` (or `WORKING`, if it kept its login); default
    /// [`DEFAULT_START_DELAY`].
    pub fn start_delay(mut self, delay: Duration) -> Self {
        self.start_delay = delay;
        self
    }

    /// How long each QR code lasts before the next one replaces it; default
    /// [`DEFAULT_QR_ROTATION`].
    pub fn qr_rotation(mut self, rotation: Duration) -> Self {
        self.qr_rotation = rotation;
        self
    }

    /// How long a temporary access link works; default
    /// [`DEFAULT_TEMP_LINK_LIFETIME`] (30 minutes, as documented).
    pub fn temp_link_lifetime(mut self, lifetime: Duration) -> Self {
        self.temp_link_lifetime = lifetime;
        self
    }

    /// The account's plan (the token's): [`Plan::Free`] (the default) may
    /// use the free rate-limit policies only and gets 403
    /// `subscription_required` from webhook management; [`Plan::Paid`] may
    /// use everything.
    pub fn plan(mut self, plan: Plan) -> Self {
        self.plan = plan;
        self
    }

    /// Instance `id` has `plan`, whatever the account's.
    pub fn instance_plan(mut self, id: impl Into<String>, plan: Plan) -> Self {
        self.instance_plans.push((id.into(), plan));
        self
    }

    /// The account may have at most `instances` instances: a create call
    /// beyond that gets 403 `quota_reached`. Default: no limit.
    pub fn quota(mut self, instances: usize) -> Self {
        self.quota = Some(instances);
        self
    }

    /// Answer every API call from `capture` (matched by method and path,
    /// whatever the token) instead of simulating; control calls still act
    /// on the simulated instances. See [`Replay`].
    pub fn replay(mut self, capture: Replay) -> Self {
        self.replay = Some(capture);
        self
    }

    /// Start with no instance at all (not even the example one).
    pub fn no_instances(mut self) -> Self {
        self.instances.clear();
        self
    }

    /// Serve HTTPS (TLS 1.2 and 1.3, rustls with the ring provider) with this
    /// certificate chain and private key, instead of plain HTTP. See
    /// [`TestPki`](crate::TestPki) to make them at test time. A chain and key
    /// rustls refuses make [`MockServer::try_start`](crate::MockServer::try_start)
    /// fail with [`std::io::ErrorKind::InvalidInput`].
    ///
    /// ```
    /// use wawp_mock::{MockConfig, MockServer, TestPki};
    /// let pki = TestPki::generate();
    /// let server = MockServer::start_with(
    ///     MockConfig::default().tls(pki.server_cert_chain(), pki.server_key()),
    /// );
    /// assert!(server.base_url().starts_with("https://"));
    /// ```
    #[cfg(feature = "tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tls")))]
    pub fn tls(
        mut self,
        cert_chain: Vec<rustls::pki_types::CertificateDer<'static>>,
        key: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Self {
        self.tls = Some(crate::tls::Identity::new(cert_chain, key));
        self
    }

    /// Answer every request, whatever its path, with `handler`'s raw
    /// bytes instead of the API (see [`crate::raw`]); requests are still
    /// recorded and connections counted.
    ///
    /// ```
    /// use std::io::{Read, Write};
    /// use wawp_mock::{MockConfig, MockServer, raw};
    /// let server = MockServer::start_with(MockConfig::default().raw(|request, out| {
    ///     assert_eq!(request.request_line(), "GET /anything HTTP/1.1");
    ///     out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort")?;
    ///     Ok(raw::Next::Close)
    /// }));
    /// let mut tcp = std::net::TcpStream::connect(server.addr())?;
    /// tcp.write_all(b"GET /anything HTTP/1.1\r\nHost: x\r\n\r\n")?;
    /// let mut answer = String::new();
    /// tcp.read_to_string(&mut answer)?;
    /// assert!(answer.ends_with("short"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn raw(
        mut self,
        handler: impl Fn(
            &crate::RecordedRequest,
            &mut dyn std::io::Write,
        ) -> std::io::Result<crate::raw::Next>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        self.hooks.raw = Some(std::sync::Arc::new(handler));
        self
    }

    /// Accept TCP connections and hold them open without reading or
    /// writing a byte: a TLS handshake (or an HTTP answer) never comes, so
    /// only a client's connect timeout ends a call. Its
    /// [`base_url`](crate::MockServer::base_url) is `https://…`.
    pub fn stall(mut self) -> Self {
        self.hooks.stall = true;
        self
    }

    /// Whether it serves HTTPS.
    fn is_tls(&self) -> bool {
        #[cfg(feature = "tls")]
        if self.tls.is_some() {
            return true;
        }
        false
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockConfig")
            .field("token", &"[redacted]")
            .field("port", &self.port)
            .field("instances", &self.instances)
            .field("start_delay", &self.start_delay)
            .field("qr_rotation", &self.qr_rotation)
            .field("temp_link_lifetime", &self.temp_link_lifetime)
            .field("plan", &self.plan)
            .field("instance_plans", &self.instance_plans)
            .field("quota", &self.quota)
            .field("replay", &self.replay.as_ref().map(Replay::len))
            .field("tls", &self.is_tls())
            .field("raw", &self.hooks.raw.is_some())
            .field("stall", &self.hooks.stall)
            .finish()
    }
}
