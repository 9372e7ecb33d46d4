//! The endpoints' real semantics (routing, parameters, authentication, then
//! the lifecycle of [`crate::lifecycle`]), and the choice between them and a
//! scripted [`Behaviour`]: pure functions of the state and the request.

use std::time::Duration;

use crate::behaviour::{Behaviour, RATE_LIMITED_MESSAGE, Variant};
use crate::json::{documented, error};
use crate::lifecycle;
use crate::params::Params;
use crate::recorded::RecordedRequest;
use crate::state::{SCAN_QR_CODE, State};
use crate::wire::{Response, reason};

/// What to do with a request.
#[derive(Debug)]
pub(crate) enum Action {
    /// Send this answer.
    Reply(Response),
    /// Wait, then apply the real semantics.
    Delay(Duration),
    /// Send this answer, wait, then close without reading more.
    ReplyThenClose(Response, Duration),
    /// Close without answering.
    Drop,
    /// Head and half the body, then reset.
    CloseMidBody,
    /// A body shorter than its `Content-Length`, then close.
    Truncated,
    /// Chunks forever.
    ChunkedForever,
    /// A 200 JSON body of this many bytes.
    Oversized(usize),
    /// Raw bytes, then close.
    Raw(&'static [u8]),
    /// A 200 with a 100-byte body, a byte every 50 ms.
    SlowBody,
    /// A head declaring this many bytes, 10 of them, then silence.
    DeclaresOversized(usize),
    /// A 200 chunked body of this many bytes.
    OversizedChunked(usize),
    /// This answer, its body chunked.
    Chunked(Response),
}

/// Chooses the action for `request`, counting down a
/// [`Behaviour::FailThenSucceed`] script.
pub(crate) fn decide(state: &mut State, request: &RecordedRequest) -> Action {
    // A capture, when replaying, answers every API call.
    if let Some(replay) = state.replay.as_mut()
        && !request.path.starts_with("/_mock/")
    {
        return Action::Reply(replay.answer(request));
    }
    // Mock-only control calls always get the real semantics.
    if request.path.starts_with("/_mock/") {
        return Action::Reply(normal(state, request));
    }
    let id = request.instance_id();
    let script = id.as_ref().and_then(|id| state.scripts.get_mut(id));
    let behaviour = match script {
        Some(Behaviour::FailThenSucceed { failures, status }) if *failures > 0 => {
            *failures -= 1;
            let status = *status;
            return Action::Reply(error(status, reason(status)));
        }
        Some(Behaviour::RateLimitedThenSucceed {
            failures,
            retry_after,
        }) if *failures > 0 => {
            *failures -= 1;
            return Action::Reply(rate_limited(retry_after.clone()));
        }
        Some(b) => b.clone(),
        None => Behaviour::Normal,
    };
    match behaviour {
        Behaviour::Normal
        | Behaviour::FailThenSucceed { .. }
        | Behaviour::RateLimitedThenSucceed { .. } => Action::Reply(normal(state, request)),
        Behaviour::Documented(v) => Action::Reply(documented(v)),
        Behaviour::Status {
            status,
            content_type,
            body,
            headers,
        } => {
            let mut response = Response {
                status,
                headers,
                body,
            };
            if let Some(ct) = content_type {
                response.headers.insert(0, ("Content-Type".to_owned(), ct));
            }
            Action::Reply(response)
        }
        Behaviour::RateLimited { retry_after } => {
            Action::Reply(rate_limited(retry_after.to_string()))
        }
        Behaviour::Delay(d) => Action::Delay(d),
        Behaviour::CloseAfterAnswer(d) => Action::ReplyThenClose(normal(state, request), d),
        Behaviour::Oversized(n) => Action::Oversized(n),
        Behaviour::Redirect(location) => Action::Reply(
            Response::new(307, "text/plain; charset=utf-8", "Moved\n").header("Location", location),
        ),
        Behaviour::DropConnection => Action::Drop,
        Behaviour::CloseMidBody => Action::CloseMidBody,
        Behaviour::TruncatedContentLength => Action::Truncated,
        Behaviour::ChunkedNeverEnds => Action::ChunkedForever,
        Behaviour::ManyHeaders(n) => {
            let mut response = normal(state, request);
            for i in 1..=n {
                response = response.header(&format!("X-Mock-Header-{i}"), format!("value {i}"));
            }
            Action::Reply(response)
        }
        Behaviour::InvalidUtf8Json => {
            let mut body = br#"{"name":"wawp-"#.to_vec();
            body.extend_from_slice(&[0xff, 0xfe, 0xc3]);
            body.extend_from_slice(br#"","status":"SCAN_QR_CODE","instance_id":"x"}"#);
            Action::Reply(Response::new(200, "application/json", body))
        }
        Behaviour::LyingContentType => Action::Reply(Response::new(
            500,
            "application/json",
            Variant::InternalErrorHtml.body(),
        )),
        Behaviour::NotHttp => Action::Raw(b"this is not http\r\n\r\n"),
        Behaviour::SlowBody => Action::SlowBody,
        Behaviour::DeclaresOversized(n) => Action::DeclaresOversized(n),
        Behaviour::OversizedChunked(n) => Action::OversizedChunked(n),
        Behaviour::Chunked => Action::Chunked(normal(state, request)),
    }
}

/// The real semantics: route, validate, authenticate, then carry out the
/// call on the instance (see [`lifecycle::handle`]).
pub(crate) fn normal(state: &mut State, request: &RecordedRequest) -> Response {
    let Some(route) = lifecycle::route(&request.path) else {
        return error(
            404,
            &format!("No route for {} {}", request.method, request.path),
        );
    };
    let Some(&(_, call)) = route.iter().find(|(m, _)| *m == request.method) else {
        let allow: Vec<&str> = route.iter().map(|(m, _)| *m).collect();
        return error(405, "Method not allowed").header("Allow", allow.join(", "));
    };
    let params = match Params::read(request) {
        Ok(p) => p,
        Err(why) => return error(400, why),
    };
    let id = params.instance_id.as_deref().filter(|id| !id.is_empty());
    if id.is_none() && call.needs_instance() {
        return documented(Variant::BadRequestJson);
    }
    if params.access_token.as_deref() != Some(state.token.as_str()) {
        return documented(Variant::UnauthorizedJson);
    }
    lifecycle::handle(state, call, id.unwrap_or_default(), &params)
}

/// `{"name":…,"status":"SCAN_QR_CODE","instance_id":…}`, in the documented
/// key order.
pub(crate) fn session_json(name: &str, id: &str) -> String {
    lifecycle::session(name, SCAN_QR_CODE, Some(id))
}

/// The 429 answer, with `Retry-After: <retry_after>`.
fn rate_limited(retry_after: String) -> Response {
    error(429, RATE_LIMITED_MESSAGE).header("Retry-After", retry_after)
}
