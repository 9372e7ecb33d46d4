//! [`WireRequest`]: the parts of a request every transport must send exactly
//! as `wawp-core` built them, for comparing transports with each other and
//! with the reference.

use wawp_core::http::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Logout, ParamLocation, Proxy};
use wawp_mock::{EXAMPLE_INSTANCE_ID, MockServer, RecordedRequest};

use crate::harness::{NORMAL_TIMEOUT, token};
use crate::subject::Subject;

/// What a request looked like on the wire, in the parts that matter: every
/// value of the compared headers is kept, so a duplicated header shows.
///
/// Its `Debug` output holds the access token: for tests only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, e.g. `/v2/session/logout`.
    pub path: String,
    /// The raw query string, if there was a `?`.
    pub query: Option<String>,
    /// Every `Host` value.
    pub host: Vec<String>,
    /// Every `Content-Type` value.
    pub content_type: Vec<String>,
    /// Every `Accept` value.
    pub accept: Vec<String>,
    /// Every `User-Agent` value.
    pub user_agent: Vec<String>,
    /// Every `Content-Length` value.
    pub content_length: Vec<String>,
    /// Every `Transfer-Encoding` value (none expected).
    pub transfer_encoding: Vec<String>,
    /// Every `Accept-Encoding` value (none expected: bodies are not
    /// compressed).
    pub accept_encoding: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl WireRequest {
    /// The request `wawp_core::Logout::build` makes for `config`, `token` and
    /// `instance_id`, as it should appear on the wire.
    pub fn reference(config: &Config, token: &AccessToken, instance_id: &InstanceId) -> Self {
        Self::reference_for(&Logout::new(instance_id.clone()), config, token)
    }

    /// The request `endpoint.build` makes for `config` and `token`, as it
    /// should appear on the wire.
    pub fn reference_for<E: Endpoint>(endpoint: &E, config: &Config, token: &AccessToken) -> Self {
        let request = endpoint
            .build(config, token)
            .expect("wawp-conformance: the reference request cannot be built");
        let values = |name| {
            request
                .headers()
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect()
        };
        let uri = request.uri();
        Self {
            method: request.method().as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            host: uri
                .authority()
                .map(|a| a.as_str().to_owned())
                .into_iter()
                .collect(),
            content_type: values(CONTENT_TYPE),
            accept: values(ACCEPT),
            user_agent: values(USER_AGENT),
            content_length: values(CONTENT_LENGTH),
            transfer_encoding: Vec::new(),
            accept_encoding: values(ACCEPT_ENCODING),
            body: request.body().clone(),
        }
    }

    /// The compared parts of a request the simulator recorded.
    pub fn recorded(request: &RecordedRequest) -> Self {
        let values = |name: &str| {
            request
                .header_all(name)
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        Self {
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.clone(),
            host: values("host"),
            content_type: values("content-type"),
            accept: values("accept"),
            user_agent: values("user-agent"),
            content_length: values("content-length"),
            transfer_encoding: values("transfer-encoding"),
            accept_encoding: values("accept-encoding"),
            body: request.body.clone(),
        }
    }
}

/// Logs the documentation's example instance out once, through a subject
/// `make` builds, against a fresh simulator, and returns the request the
/// simulator received (parameters placed per `params`), if any.
///
/// ```
/// # use wawp_core::{BlockingClient, BlockingTransport, Limits, TransportError};
/// # struct T;
/// # impl BlockingTransport for T {
/// #     fn send(&self, _: http::Request<Vec<u8>>, _: &Limits) -> Result<http::Response<Vec<u8>>, TransportError> {
/// #         Err(TransportError::from_message(wawp_core::TransportErrorKind::Connect, "nothing sent"))
/// #     }
/// # }
/// use wawp_conformance::recorded_request;
/// use wawp_core::ParamLocation;
/// // `T` sends nothing, so the simulator records nothing.
/// let sent = recorded_request(|config, token| BlockingClient::with_config(T, token, config), ParamLocation::Query);
/// assert!(sent.is_none());
/// ```
pub fn recorded_request<S: Subject>(
    make: impl Fn(Config, AccessToken) -> S,
    params: ParamLocation,
) -> Option<RecordedRequest> {
    recorded_request_on(&MockServer::start(), make, params)
}

/// As [`recorded_request`], on `server` (which must know the example
/// instance and accept [`DEFAULT_TOKEN`](wawp_mock::DEFAULT_TOKEN)): use one
/// server for two transports and their requests differ in nothing, `Host`
/// included. Clears the server's recorded requests first.
///
/// ```ignore
/// let server = wawp_mock::MockServer::start();
/// let a = recorded_request_on(&server, |c, t| BlockingClient::with_config(UreqTransport::new(), t, c), ParamLocation::Query);
/// let b = recorded_request_on(&server, |c, t| AsyncSubject::build(|| Client::with_config(HyperTransport::new(), t, c)), ParamLocation::Query);
/// assert_eq!(a.map(|r| WireRequest::recorded(&r)), b.map(|r| WireRequest::recorded(&r)));
/// ```
pub fn recorded_request_on<S: Subject>(
    server: &MockServer,
    make: impl Fn(Config, AccessToken) -> S,
    params: ParamLocation,
) -> Option<RecordedRequest> {
    server.clear_requests();
    let mut config = Config::default()
        .with_base_url(&server.base_url())
        .expect("wawp-conformance: the simulator's URL is a valid base URL");
    config.params = params;
    config.timeout = Some(NORMAL_TIMEOUT);
    config.proxy = Proxy::none();
    let id = InstanceId::new(EXAMPLE_INSTANCE_ID).expect("the example id is valid");
    // The outcome does not matter here, only what was sent.
    let _ = make(config, token()).logout(&id);
    server.requests().into_iter().next()
}
