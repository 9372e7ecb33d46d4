//! Scripted behaviours: what the simulator does instead of (or before) the
//! real endpoint semantics, per instance.

use std::time::Duration;

/// The message of every documented 400 answer (missing parameter).
pub const BAD_REQUEST_MESSAGE: &str = "Missing required parameter(s): instance_id";
/// The message of every documented 401 answer.
pub const UNAUTHORIZED_MESSAGE: &str = "Invalid or missing access token";
/// The message of every documented 404 answer.
pub const NOT_FOUND_MESSAGE: &str = "Session does not exist";
/// The message of every documented 500 answer.
pub const INTERNAL_ERROR_MESSAGE: &str = "Internal Server Error - Unexpected failure";
/// The message of every documented 502 answer.
pub const BAD_GATEWAY_MESSAGE: &str = "Bad Gateway - Connection failed to upstream";
/// The message of the 429 answer of [`Behaviour::RateLimited`].
pub const RATE_LIMITED_MESSAGE: &str = "Too many requests, slow down";

/// The body format of a documented error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `application/json`: `{"status":"error","code":…,"message":…}`.
    Json,
    /// `application/xml`: `<error><code>…</code><message>…</message></error>`.
    Xml,
    /// `text/plain`: the message alone.
    Text,
    /// `text/html`: a page whose `<title>` is the message.
    Html,
}

/// One documented error answer: a status × body format from the endpoint's
/// documentation ("Expected Responses").
///
/// ```
/// use wawp_mock::{Format, Variant, NOT_FOUND_MESSAGE};
/// let v = Variant::NotFoundXml;
/// assert_eq!((v.status(), v.format()), (404, Format::Xml));
/// assert!(v.body().contains(NOT_FOUND_MESSAGE));
/// assert_eq!(Variant::ALL.len(), 11);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// 400, missing parameter(s), JSON.
    BadRequestJson,
    /// 400, missing parameter(s), XML.
    BadRequestXml,
    /// 400, missing parameter(s), plain text.
    BadRequestText,
    /// 401, invalid or missing token, JSON.
    UnauthorizedJson,
    /// 401, invalid or missing token, XML.
    UnauthorizedXml,
    /// 404, session does not exist, JSON.
    NotFoundJson,
    /// 404, session does not exist, XML.
    NotFoundXml,
    /// 500, unexpected failure, JSON.
    InternalErrorJson,
    /// 500, unexpected failure, HTML.
    InternalErrorHtml,
    /// 502, upstream connection failed, JSON.
    BadGatewayJson,
    /// 502, upstream connection failed, XML.
    BadGatewayXml,
}

impl Variant {
    /// Every documented variant.
    pub const ALL: [Variant; 11] = [
        Variant::BadRequestJson,
        Variant::BadRequestXml,
        Variant::BadRequestText,
        Variant::UnauthorizedJson,
        Variant::UnauthorizedXml,
        Variant::NotFoundJson,
        Variant::NotFoundXml,
        Variant::InternalErrorJson,
        Variant::InternalErrorHtml,
        Variant::BadGatewayJson,
        Variant::BadGatewayXml,
    ];

    /// The HTTP status.
    pub fn status(self) -> u16 {
        use Variant::*;
        match self {
            BadRequestJson | BadRequestXml | BadRequestText => 400,
            UnauthorizedJson | UnauthorizedXml => 401,
            NotFoundJson | NotFoundXml => 404,
            InternalErrorJson | InternalErrorHtml => 500,
            BadGatewayJson | BadGatewayXml => 502,
        }
    }

    /// The body format.
    pub fn format(self) -> Format {
        use Variant::*;
        match self {
            BadRequestJson | UnauthorizedJson | NotFoundJson | InternalErrorJson
            | BadGatewayJson => Format::Json,
            BadRequestXml | UnauthorizedXml | NotFoundXml | BadGatewayXml => Format::Xml,
            BadRequestText => Format::Text,
            InternalErrorHtml => Format::Html,
        }
    }

    /// The message the body carries (one of the `*_MESSAGE` constants).
    pub fn message(self) -> &'static str {
        match self.status() {
            400 => BAD_REQUEST_MESSAGE,
            401 => UNAUTHORIZED_MESSAGE,
            404 => NOT_FOUND_MESSAGE,
            500 => INTERNAL_ERROR_MESSAGE,
            _ => BAD_GATEWAY_MESSAGE,
        }
    }

    /// The `Content-Type` header.
    pub fn content_type(self) -> &'static str {
        self.format().content_type()
    }

    /// The body.
    pub fn body(self) -> String {
        self.format().render(self.status(), self.message())
    }
}

impl Format {
    /// The `Content-Type` of this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
        }
    }

    /// A realistic error body for `status` carrying `message` (which must
    /// need no escaping in XML or HTML).
    pub fn render(self, status: u16, message: &str) -> String {
        match self {
            Format::Json => serde_json::json!({
                "status": "error",
                "code": status,
                "message": message,
            })
            .to_string(),
            Format::Xml => format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error>\n  <code>{status}</code>\n  \
                 <message>{message}</message>\n</error>\n"
            ),
            Format::Text => format!("{message}\n"),
            Format::Html => format!(
                "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>{message}</title></head>\n\
                 <body><h1>{status}</h1><p>The server encountered an internal error.</p></body>\n</html>\n"
            ),
        }
    }
}

/// What the simulator does with requests for one instance, set with
/// [`MockServer::script`](crate::MockServer::script). A scripted behaviour
/// applies to every request naming that instance until replaced or cleared;
/// only [`Behaviour::FailThenSucceed`] and
/// [`Behaviour::RateLimitedThenSucceed`] count down.
///
/// Behaviours that answer (documented variants, raw statuses…) do so before
/// any token or instance check, and leave the instance unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Behaviour {
    /// The real endpoint semantics (the default).
    Normal,
    /// A documented error answer.
    Documented(Variant),
    /// Any raw answer.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type`, if any.
        content_type: Option<String>,
        /// The body (sent with a correct `Content-Length`).
        body: Vec<u8>,
        /// Extra headers.
        headers: Vec<(String, String)>,
    },
    /// 429 with a JSON body and `Retry-After: <retry_after>` (seconds).
    RateLimited {
        /// The `Retry-After` value, in seconds.
        retry_after: u64,
    },
    /// The first `failures` requests get `status` with a JSON error body; the
    /// following ones the real semantics.
    FailThenSucceed {
        /// How many requests fail.
        failures: u32,
        /// Their status (e.g. 502).
        status: u16,
    },
    /// The first `failures` requests get the 429 answer of
    /// [`Behaviour::RateLimited`] with `Retry-After: <retry_after>`, sent as
    /// given (delay-seconds such as `"1"`, or an HTTP-date); the following
    /// ones the real semantics.
    RateLimitedThenSucceed {
        /// How many requests are refused.
        failures: u32,
        /// The `Retry-After` value, verbatim.
        retry_after: String,
    },
    /// Waits this long before answering normally.
    Delay(Duration),
    /// Answers normally, then closes the connection this long later (a few
    /// milliseconds, say) without `Connection: close` and without reading
    /// any further request: what a server or load balancer closing idle
    /// keep-alive connections does. A keep-alive client that sends its next
    /// request in the meantime finds its reused connection dead before any
    /// answer, and the request was never read (nor recorded).
    CloseAfterAnswer(Duration),
    /// A 200 `application/json` answer whose body is this many bytes.
    Oversized(usize),
    /// A 307 redirect to this `Location` (use [`Behaviour::Status`] for other
    /// 3xx codes).
    Redirect(String),
    /// Closes the connection after reading the request, without answering.
    DropConnection,
    /// Sends the head and half of the declared body, then resets the connection.
    CloseMidBody,
    /// A complete JSON body under a `Content-Length` that declares more bytes,
    /// then closes the connection.
    TruncatedContentLength,
    /// A 200 chunked answer that sends a small chunk every 50 ms, forever.
    ChunkedNeverEnds,
    /// The normal answer with this many extra `X-Mock-Header-<n>` headers.
    ManyHeaders(usize),
    /// A 200 `application/json` answer whose body is not valid UTF-8.
    InvalidUtf8Json,
    /// A 500 answer declared `application/json` whose body is the HTML page of
    /// [`Variant::InternalErrorHtml`].
    LyingContentType,
    /// Answers `this is not http` and closes: no status line at all.
    NotHttp,
    /// A 200 whose 100-byte `Content-Length` body comes one byte every
    /// 50 ms (5 s in all).
    SlowBody,
    /// A 200 whose head declares a body of this many bytes; 10 of them
    /// follow, then nothing while the connection stays open: a client that
    /// reads a declared-oversized body before refusing it hangs.
    DeclaresOversized(usize),
    /// A 200 chunked answer of this many bytes, in 16 KiB chunks.
    OversizedChunked(usize),
    /// The normal answer, its body sent chunked in pieces of 30 bytes.
    Chunked,
}

impl Behaviour {
    /// A raw answer with no extra headers.
    pub fn status(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Behaviour::Status {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
            headers: Vec::new(),
        }
    }
}
