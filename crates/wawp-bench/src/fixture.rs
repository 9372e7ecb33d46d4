//! The simulator every measurement runs against, the inputs both sides share,
//! and the check that the SDK and the hand-written calls send the same request.

use std::fmt;

use wawp_core::{AccessToken, BaseUrl, Config, InstanceId};
use wawp_mock::{EXAMPLE_INSTANCE_ID, MockServer, RecordedRequest};

/// A simulator on 127.0.0.1 with the documentation's example instance, and
/// the SDK configuration pointing at it.
pub(crate) struct Fixture {
    pub(crate) server: MockServer,
    pub(crate) token: AccessToken,
    pub(crate) config: Config,
    pub(crate) id: InstanceId,
    pub(crate) raw: RawInputs,
}

impl Fixture {
    pub(crate) fn start() -> Result<Self, String> {
        let server = MockServer::start();
        let token = AccessToken::new(server.token()).map_err(|e| e.to_string())?;
        let mut config = Config::default();
        config.base_url = BaseUrl::parse(&server.base_url()).map_err(|e| e.to_string())?;
        let id = InstanceId::new(EXAMPLE_INSTANCE_ID).map_err(|e| e.to_string())?;
        let raw = RawInputs {
            base_url: server.base_url(),
            token: server.token().to_owned(),
            instance_id: EXAMPLE_INSTANCE_ID.to_owned(),
        };
        Ok(Self {
            server,
            token,
            config,
            id,
            raw,
        })
    }

    /// TCP connections the simulator has accepted so far.
    pub(crate) fn connections(&self) -> usize {
        self.server.connections_accepted()
    }

    /// Forgets recorded requests, so a long run does not grow the recorder.
    pub(crate) fn forget_requests(&self) {
        self.server.clear_requests();
    }

    /// Fails unless `sdk` and `raw` (one call each) put the same request on
    /// the wire: method, path, query, header set (names case-insensitive) and
    /// body. The difference, if any, is shown with the token hidden.
    pub(crate) fn check_same_request(
        &self,
        label: &str,
        sdk: impl FnOnce() -> Result<(), String>,
        raw: impl FnOnce() -> Result<(), String>,
    ) -> Result<(), String> {
        let sdk = self.record_one(sdk)?;
        let raw = self.record_one(raw)?;
        if sdk == raw {
            return Ok(());
        }
        let token = self.server.token();
        let hide = |wire: &Wire| format!("{wire:#?}").replace(token, "[redacted]");
        Err(format!(
            "{label}: the SDK and the hand-written call send different requests\n  SDK: {}\n  raw: {}",
            hide(&sdk),
            hide(&raw)
        ))
    }

    fn record_one(&self, call: impl FnOnce() -> Result<(), String>) -> Result<Wire, String> {
        self.server.clear_requests();
        call()?;
        let recorded = self.server.requests();
        match recorded.as_slice() {
            [one] => Ok(Wire::from(one)),
            other => Err(format!("expected one request, got {}", other.len())),
        }
    }
}

/// What the hand-written calls are given: plain strings, as a program
/// without the SDK would have them.
#[derive(Clone)]
pub(crate) struct RawInputs {
    pub(crate) base_url: String,
    pub(crate) token: String,
    pub(crate) instance_id: String,
}

impl RawInputs {
    /// The documented URL, by hand (the id and the token need no encoding).
    pub(crate) fn url(&self) -> String {
        format!(
            "{}/v2/session/logout?instance_id={}&access_token={}",
            self.base_url, self.instance_id, self.token
        )
    }
}

impl fmt::Debug for RawInputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawInputs")
            .field("base_url", &self.base_url)
            .field("token", &"[redacted]")
            .field("instance_id", &self.instance_id)
            .finish()
    }
}

/// A recorded request without its position (connection, sequence) and with
/// its headers as a sorted set of lowercase names.
#[derive(Debug, PartialEq, Eq)]
struct Wire {
    method: String,
    path: String,
    query: Option<String>,
    headers: Vec<(String, String)>,
    body: String,
}

impl From<&RecordedRequest> for Wire {
    fn from(r: &RecordedRequest) -> Self {
        let mut headers: Vec<(String, String)> = r
            .headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
            .collect();
        headers.sort();
        Self {
            method: r.method.clone(),
            path: r.path.clone(),
            query: r.query.clone(),
            headers,
            body: String::from_utf8_lossy(&r.body).into_owned(),
        }
    }
}
