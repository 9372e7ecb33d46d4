//! Capturing what the API really answers, redacted, so that an assumption
//! about an answer's shape can become a fixture.
//!
//! An [`Exchange`] is one request and its answer, in the documented capture
//! format (one JSON file per exchange):
//!
//! ```json
//! {
//!   "format": "wawp-capture/1",
//!   "method": "GET",
//!   "path": "/v2/session/me?instance_id=3EB0BCB2E3D4&access_token=[redacted]",
//!   "status": 200,
//!   "headers": [["content-type", "application/json"]],
//!   "body": "{\"id\":\"201012345678@c.us\",\"pushName\":\"John Doe\"}"
//! }
//! ```
//!
//! `path` is the request's path and query with the `access_token` value
//! replaced by `[redacted]`; `headers` are the answer's, in order, with
//! `Set-Cookie` and the like replaced; `body` is the answer's body as text
//! (bytes that are not UTF-8 become U+FFFD); `request_body`, present when
//! the request had one, is what was sent. Every string has the token
//! replaced wherever it appears, in any encoding. The token is never in a
//! capture.
//!
//! [`capture`] wraps any transport so that each exchange is handed to a
//! callback, which decides where it goes (this crate writes no file):
//!
//! ```
//! use std::sync::Mutex;
//! use wawp_core::capture::{Exchange, capture};
//! use wawp_core::transport::from_fn;
//! use wawp_core::{AccessToken, BlockingClient, InstanceId};
//!
//! let seen = Mutex::new(Vec::<Exchange>::new());
//! let transport = capture(
//!     from_fn(|_request, _limits| {
//!         Ok(http::Response::new(br#"{"id":"201012345678@c.us"}"#.to_vec()))
//!     }),
//!     |exchange| seen.lock().unwrap().push(exchange),
//! );
//! let client = BlockingClient::new(transport, AccessToken::new("s3cr3t-token")?);
//! client.me(&InstanceId::new("3EB0BCB2E3D4")?)?;
//! let exchange = seen.lock().unwrap().pop().unwrap();
//! assert_eq!(exchange.path, "/v2/session/me?instance_id=3EB0BCB2E3D4&access_token=[redacted]");
//! assert!(!exchange.to_json().contains("s3cr3t-token"));
//! assert_eq!(exchange.file_name(1), "0001-GET-v2-session-me-200.json");
//! # Ok::<(), wawp_core::Error>(())
//! ```

use std::fmt::Write as _;
use std::time::Duration;

use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION, SET_COOKIE};
use http::{HeaderName, Method, Request, Response, StatusCode};
use serde::{Deserialize, Serialize};

use crate::decode::{BodyError, decode_json};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::input::{AccessToken, InstanceId};
use crate::redact::{REDACTED, Redactor};
use crate::transport::{BlockingTransport, Limits, Transport, TransportError};

/// The value of an [`Exchange`]'s `format` field.
pub const CAPTURE_FORMAT: &str = "wawp-capture/1";

/// Headers whose values are replaced whatever they hold.
const SECRET_HEADERS: [HeaderName; 4] = [SET_COOKIE, COOKIE, AUTHORIZATION, PROXY_AUTHORIZATION];

/// One request and its answer, redacted: the capture format (see the
/// [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exchange {
    /// Always [`CAPTURE_FORMAT`].
    pub format: String,
    /// The request's method, e.g. `GET`.
    pub method: String,
    /// The request's path and query, the token replaced.
    pub path: String,
    /// What the request carried as its body (redacted), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    /// The answer's status.
    pub status: u16,
    /// The answer's headers, in order, as `[name, value]` pairs.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The answer's body, as text, redacted.
    #[serde(default)]
    pub body: String,
}

impl Exchange {
    /// The exchange of `request` and `response`, with `token` replaced
    /// everywhere.
    pub fn new(
        request: &Request<Vec<u8>>,
        response: &Response<Vec<u8>>,
        token: &AccessToken,
    ) -> Self {
        RequestHead::of(request).exchange(response, Some(token))
    }

    /// The exchange of `request` and `response`, with the token the request
    /// carries (in its query or its JSON body) replaced everywhere.
    pub fn from_parts(request: &Request<Vec<u8>>, response: &Response<Vec<u8>>) -> Self {
        RequestHead::of(request).exchange(response, None)
    }

    /// Reads an exchange in the capture format.
    pub fn from_json(json: &[u8]) -> Result<Self, BodyError> {
        let exchange: Exchange = decode_json(json)?;
        if exchange.format != CAPTURE_FORMAT {
            return Err(BodyError::Field {
                field: "format",
                reason: format!("expected {CAPTURE_FORMAT}"),
            });
        }
        Ok(exchange)
    }

    /// The exchange in the capture format, pretty-printed.
    pub fn to_json(&self) -> String {
        // A struct of strings and numbers always serializes.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A file name for the `sequence`-th exchange of a capture, which sorts
    /// in order and says what it holds: `0001-GET-v2-session-me-200.json`.
    pub fn file_name(&self, sequence: usize) -> String {
        // Only letters, digits and `-` from the method and the path, so a
        // capture read from a hand-edited file still names a file, never a
        // path.
        let safe = |c: char| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        };
        let mut name = format!("{sequence:04}-");
        name.extend(self.method.chars().map(safe));
        for part in self.endpoint_path().split('/').filter(|p| !p.is_empty()) {
            name.push('-');
            name.extend(part.chars().map(safe));
        }
        let _ = write!(name, "-{}.json", self.status);
        name
    }

    /// The path without its query, e.g. `/v2/session/me`.
    pub fn endpoint_path(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }

    /// The value of `key` in the query, decoded (never the token: it was
    /// replaced).
    pub fn query(&self, key: &str) -> Option<String> {
        let (_, query) = self.path.split_once('?')?;
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    /// The captured answer as a response again.
    pub fn to_response(&self) -> Response<Vec<u8>> {
        let mut response = Response::new(self.body.clone().into_bytes());
        *response.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(name.as_str()),
                http::HeaderValue::try_from(value.as_str()),
            ) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }

    /// The captured answer, parsed as `endpoint` parses answers: what a
    /// client would have returned.
    pub fn parse<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        let placeholder = AccessToken::new(REDACTED)?;
        endpoint.parse(self.to_response(), &placeholder)
    }

    /// The captured answer parsed by the endpoint its method and path
    /// name: `None` for a path this crate has no endpoint for; otherwise
    /// the decoded value (as `Debug` text) or the error a client would
    /// have returned. An answer whose shape the tolerant reading does not
    /// cover is an [`Error::Decode`].
    pub fn check(&self) -> Option<Result<String, Error>> {
        use crate::{
            AboutMe, Create, Delete, Info, Logout, PhoneNumber, Qr, QrImage, RateLimitShow,
            RequestCode, Restart, SetPolicy, SetWebhooks, Start, Stop, TempLinkNew, TempLinkRevoke,
            TempLinkShow, WebhookShow,
        };
        fn run<E: Endpoint>(x: &Exchange, e: Result<E, Error>) -> Result<String, Error>
        where
            E::Output: std::fmt::Debug,
        {
            x.parse(&e?).map(|output| format!("{output:?}"))
        }
        let id = || {
            InstanceId::new(
                self.query("instance_id")
                    .unwrap_or_else(|| "000000000000".into()),
            )
            .map_err(Error::from)
        };
        let method: Method = self.method.parse().ok()?;
        let path = self.endpoint_path();
        let result = match (method.as_str(), path) {
            (_, "/v2/session/info") => run(self, id().map(Info::new)),
            (_, "/v2/session/start") => run(self, id().map(Start::new)),
            (_, "/v2/session/stop") => run(self, id().map(Stop::new)),
            (_, "/v2/session/restart") => run(self, id().map(Restart::new)),
            (_, "/v2/session/logout") => run(self, id().map(Logout::new)),
            (_, "/v2/session/delete") => run(self, id().map(Delete::new)),
            (_, "/v2/auth/qr") => run(self, id().map(Qr::new)),
            (_, "/v2/auth/qr-image") => run(self, id().map(QrImage::new)),
            (_, "/v2/auth/request-code") => run(
                self,
                id().and_then(|id| Ok(RequestCode::new(id, PhoneNumber::new("201145202826")?))),
            ),
            ("GET", "/v2/session/temp-link") => run(self, id().map(TempLinkShow::new)),
            ("POST", "/v2/session/temp-link") => run(self, id().map(TempLinkNew::new)),
            ("DELETE", "/v2/session/temp-link") => run(self, id().map(TempLinkRevoke::new)),
            (_, "/v2/session/me") => run(self, id().map(AboutMe::new)),
            ("GET", "/v2/session/rate-limit") => run(self, id().map(RateLimitShow::new)),
            ("PATCH", "/v2/session/rate-limit") => run(
                self,
                id().and_then(|id| Ok(SetPolicy::new(id, crate::PolicySlug::new("strict")?))),
            ),
            ("GET", "/v2/session/webhook") => run(self, id().map(WebhookShow::new)),
            ("POST", "/v2/session/webhook") => run(
                self,
                id().and_then(|id| Ok(SetWebhooks::new(id, Vec::new())?)),
            ),
            ("POST", "/v2/session/create") => run(self, Ok(Create::unnamed())),
            _ => return None,
        };
        Some(result)
    }
}

/// What an exchange needs of a request, copied before the request is sent.
struct RequestHead {
    method: String,
    path: String,
    body: Vec<u8>,
    token: Option<String>,
}

impl RequestHead {
    fn of(request: &Request<Vec<u8>>) -> Self {
        let uri = request.uri();
        let query = uri.query().unwrap_or_default();
        let token = form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v.into_owned())
            .or_else(|| {
                let body: serde_json::Value = serde_json::from_slice(request.body()).ok()?;
                body.get("access_token")?.as_str().map(str::to_owned)
            });
        let mut path = uri.path().to_owned();
        if !query.is_empty() {
            path.push('?');
            let pairs = query.split('&').map(|pair| {
                let key = pair.split('=').next().unwrap_or_default();
                let decoded: String = form_urlencoded::parse(key.as_bytes())
                    .next()
                    .map(|(k, _)| k.into_owned())
                    .unwrap_or_default();
                if decoded == "access_token" {
                    format!("{key}={REDACTED}")
                } else {
                    pair.to_owned()
                }
            });
            path.push_str(&pairs.collect::<Vec<_>>().join("&"));
        }
        Self {
            method: request.method().as_str().to_owned(),
            path,
            body: request.body().clone(),
            token,
        }
    }

    fn exchange(self, response: &Response<Vec<u8>>, token: Option<&AccessToken>) -> Exchange {
        let found = match token {
            Some(_) => None,
            None => self.token.as_deref().and_then(|t| AccessToken::new(t).ok()),
        };
        let token = token.or(found.as_ref());
        let redact = |text: &str| -> String {
            let text = match &token {
                Some(token) => Redactor::new(token).apply(text).into_owned(),
                None => text.to_owned(),
            };
            // A token that is not a valid AccessToken is still removed.
            match self.token.as_deref().filter(|t| !t.is_empty()) {
                Some(raw) => text.replace(raw, REDACTED),
                None => text,
            }
        };
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                let value = if SECRET_HEADERS.contains(name) {
                    REDACTED.to_owned()
                } else {
                    redact(&String::from_utf8_lossy(value.as_bytes()))
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        Exchange {
            format: CAPTURE_FORMAT.to_owned(),
            method: self.method.clone(),
            // The query's token is already replaced, pair by pair.
            path: self.path.clone(),
            request_body: (!self.body.is_empty())
                .then(|| redact(&String::from_utf8_lossy(&self.body))),
            status: response.status().as_u16(),
            headers,
            body: redact(&String::from_utf8_lossy(response.body())),
        }
    }
}

/// A transport that hands every exchange to a callback; see [`capture`].
#[derive(Debug, Clone)]
pub struct Capturing<T, F> {
    inner: T,
    on_exchange: F,
}

/// `inner`, handing each request and its answer, redacted, to
/// `on_exchange` (an [`Exchange`]) before the client sees the answer.
/// Failures without an answer (a refused connection, a timeout) are not
/// exchanges and are not handed over. Works for async and blocking
/// transports alike.
pub fn capture<T, F>(inner: T, on_exchange: F) -> Capturing<T, F>
where
    F: Fn(Exchange) + Send + Sync,
{
    Capturing { inner, on_exchange }
}

impl<T, F> Capturing<T, F> {
    /// The transport it wraps.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl<T: Transport, F: Fn(Exchange) + Send + Sync> Transport for Capturing<T, F> {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let head = RequestHead::of(&request);
        let sent = self.inner.send(request, limits).await;
        if let Ok(response) = &sent {
            (self.on_exchange)(head.exchange(response, None));
        }
        sent
    }

    async fn sleep(&self, duration: Duration) {
        self.inner.sleep(duration).await
    }
}

impl<T: BlockingTransport, F: Fn(Exchange) + Send + Sync> BlockingTransport for Capturing<T, F> {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        let head = RequestHead::of(&request);
        let sent = self.inner.send(request, limits);
        if let Ok(response) = &sent {
            (self.on_exchange)(head.exchange(response, None));
        }
        sent
    }

    fn sleep(&self, duration: Duration) {
        self.inner.sleep(duration)
    }
}
