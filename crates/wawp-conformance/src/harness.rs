//! [`Harness`]: what every case gets: a way to build subjects, and helpers
//! for simulators and configurations.

use std::fmt;
use std::time::Duration;

use wawp_core::{AccessToken, Config, InstanceId, ParamLocation, Proxy};
use wawp_mock::{Behaviour, DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockServer};

use crate::subject::Subject;

/// The timeout of every case that does not test timeouts: generous, so only a
/// hang fails on it.
pub(crate) const NORMAL_TIMEOUT: Duration = Duration::from_secs(10);

/// The short timeout of the cases that test timeouts.
pub const SHORT_TIMEOUT: Duration = Duration::from_millis(300);

/// How much later than its timeout a timed-out call may return.
pub const TIMEOUT_MARGIN: Duration = Duration::from_millis(1700);

/// How much earlier than its timeout a call may give up (timers round).
pub(crate) const TIMER_SLACK: Duration = Duration::from_millis(10);

/// The documented success body of the example instance.
pub const SESSION_JSON: &str =
    r#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

/// A recognisable token for a transport's own tests: it must never show in
/// any output.
pub const TOKEN: &str = "SECRET-TOKEN-123";

/// 3 attempts with short fixed backoff, as the retry cases use.
pub(crate) fn three_attempts() -> wawp_core::RetryPolicy {
    let backoff = (Duration::from_millis(10), Duration::from_secs(5));
    let mut policy = wawp_core::RetryPolicy::attempts(3).with_backoff(backoff.0, backoff.1);
    policy.jitter = false;
    policy
}

/// A `POST` to `url` with an empty body and `Content-Length: 0`.
///
/// # Panics
/// If `url` is not a valid URI: this is a test utility.
pub fn post(url: &str) -> wawp_core::http::Request<Vec<u8>> {
    wawp_core::http::Request::builder()
        .method(wawp_core::http::Method::POST)
        .uri(url)
        .header("content-length", "0")
        .body(Vec::new())
        .expect("wawp-conformance: a valid URL")
}

/// Both parameter locations.
pub const BOTH_MODES: [ParamLocation; 2] = [ParamLocation::Query, ParamLocation::JsonBody];

/// The simulator's token as an [`AccessToken`].
pub fn token() -> AccessToken {
    AccessToken::new(DEFAULT_TOKEN).expect("the simulator's token is a valid access token")
}

/// `id` as an [`InstanceId`].
pub fn instance(id: &str) -> InstanceId {
    InstanceId::new(id).expect("test instance ids are valid")
}

/// What a case is handed: the subject factory of the transport under test.
pub struct Harness<'a, S> {
    make: &'a dyn Fn(Config, AccessToken) -> S,
}

impl<'a, S: Subject> Harness<'a, S> {
    /// A harness over `make`.
    pub fn new(make: &'a dyn Fn(Config, AccessToken) -> S) -> Self {
        Self { make }
    }

    /// A fresh simulator with its default configuration.
    pub fn server(&self) -> MockServer {
        MockServer::start()
    }

    /// A fresh simulator whose example instance answers as `behaviour`.
    pub fn scripted(&self, behaviour: Behaviour) -> MockServer {
        let server = self.server();
        server.script(EXAMPLE_INSTANCE_ID, behaviour);
        server
    }

    /// A configuration for `server`, with `params`, a generous timeout and
    /// no proxy (see [`Harness::config_for_url`]).
    pub fn config(&self, server: &MockServer, params: ParamLocation) -> Config {
        let mut config = self.config_for_url(&server.base_url());
        config.params = params;
        config
    }

    /// A configuration for the API at `base_url`, in query mode, with a
    /// generous timeout and [`Proxy::none`]: the machine's `HTTPS_PROXY`
    /// never changes a case's result (the proxy cases set their own).
    pub fn config_for_url(&self, base_url: &str) -> Config {
        let mut config = Config::default()
            .with_base_url(base_url)
            .expect("wawp-conformance: a valid base URL");
        config.timeout = Some(NORMAL_TIMEOUT);
        config.proxy = Proxy::none();
        config
    }

    /// A subject with `config` and the simulator's token.
    pub fn subject(&self, config: Config) -> S {
        (self.make)(config, token())
    }

    /// A subject with `config` and `token`.
    pub fn subject_with_token(&self, config: Config, token: AccessToken) -> S {
        (self.make)(config, token)
    }

    /// A subject for `server` with `params` and the defaults of
    /// [`Harness::config`].
    pub fn subject_for(&self, server: &MockServer, params: ParamLocation) -> S {
        self.subject(self.config(server, params))
    }
}

impl<S> fmt::Debug for Harness<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Harness").finish_non_exhaustive()
    }
}
