//! # wawp-wasm-fetch
//!
//! An example of a transport of your own: wawp-rs over the JavaScript
//! `fetch` API, for `wasm32-unknown-unknown` in a browser, a web worker,
//! or any JavaScript runtime with a global `fetch` and `setTimeout`
//! (Deno, Node 18+, service workers, edge workers).
//!
//! **What it is.** `FetchTransport`, an implementation of
//! [`wawp::transport::Transport`] in about a hundred lines, and
//! `logout`, the call exported to JavaScript with `wasm-bindgen`. It is
//! built for wasm32 in CI (`cargo xtask ci`); it is not run there, and it
//! is not published.
//!
//! **What it is not.** A transport this project tests or supports: it
//! shows the shape. On wasm32 the `Transport` futures need not be `Send`
//! (a `fetch` promise is not), so the impl uses `async_trait(?Send)`.
//! On other targets the crate is empty.
//!
//! **What a transport must do, and how this one does it.**
//! - Every status is a response: `fetch` resolves with any status.
//! - No redirect is followed: `redirect: "manual"`. A browser then gives
//!   an opaque response (status 0), which this transport reports as an
//!   error of kind `Other`, after the request was sent.
//! - The limits: the total timeout through `AbortSignal.timeout`; the body
//!   size by `Content-Length` before reading and by length after (`fetch`
//!   reads the whole body). `fetch` has no connect timeout of its own.
//! - Whether it was sent: `fetch` rejects with a `TypeError` for a network
//!   failure without saying whether the request was written, so such a
//!   failure is `Io` (may have been sent) — never `Connect`, which would
//!   claim it was not.
//!
//! Using it is `logout`'s three lines: `wawp::custom::Client::builder(token)
//! .build_with(FetchTransport)?`, then any call of the client.

#![cfg(target_arch = "wasm32")]
#![deny(missing_docs)]

use std::time::Duration;

use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wawp::http;
use wawp::transport::{Limits, Transport, TransportError, TransportErrorKind, async_trait};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in a window, a worker or any runtime that has it.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;

    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, milliseconds: f64) -> JsValue;
}

/// A [`Transport`] over the global `fetch`. It holds nothing: each call
/// reaches the runtime's `fetch`, which pools connections itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

#[async_trait(?Send)]
impl Transport for FetchTransport {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let request = to_fetch(request, limits)
            .map_err(|e| failure(TransportErrorKind::Other, "could not build the request", &e))?;
        let answer = JsFuture::from(global_fetch(&request))
            .await
            .map_err(|e| fetch_failure(&e, limits))?;
        let answer: web_sys::Response = answer
            .dyn_into()
            .map_err(|e| failure(TransportErrorKind::Other, "fetch gave no Response", &e))?;
        from_fetch(answer, limits).await
    }

    async fn sleep(&self, duration: Duration) {
        let milliseconds = duration.as_secs_f64() * 1000.0;
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            set_timeout(&resolve, milliseconds);
        });
        // A setTimeout promise never rejects.
        let _ = JsFuture::from(wait).await;
    }
}

/// The `fetch` request for `request`: its method, URL, headers and body,
/// redirects not followed, aborted after the total timeout.
fn to_fetch(request: http::Request<Vec<u8>>, limits: &Limits) -> Result<web_sys::Request, JsValue> {
    let (parts, body) = request.into_parts();
    let init = web_sys::RequestInit::new();
    init.set_method(parts.method.as_str());
    init.set_redirect(web_sys::RequestRedirect::Manual);
    let headers = web_sys::Headers::new()?;
    for (name, value) in &parts.headers {
        // Headers built by wawp-core are ASCII.
        if let Ok(value) = value.to_str() {
            headers.append(name.as_str(), value)?;
        }
    }
    init.set_headers(&headers);
    if !body.is_empty() {
        init.set_body(&js_sys::Uint8Array::from(body.as_slice()));
    }
    if let Some(timeout) = limits.timeout {
        let milliseconds = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
        init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(milliseconds)));
    }
    web_sys::Request::new_with_str_and_init(&parts.uri.to_string(), &init)
}

/// The whole answer, within the body limit.
async fn from_fetch(
    answer: web_sys::Response,
    limits: &Limits,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let status = answer.status();
    if status == 0 {
        // `redirect: "manual"` in a browser: an opaque redirect.
        return Err(TransportError::from_message(
            TransportErrorKind::Other,
            "the server redirected, and redirects are not followed",
        ));
    }
    let too_large = || TransportError::body_too_large(limits.max_response_bytes);
    let declared = answer
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limits.max_response_bytes) {
        return Err(too_large());
    }
    let mut response = http::Response::builder().status(status);
    if let Some(headers) = response.headers_mut()
        && let Ok(Some(entries)) = js_sys::try_iter(&answer.headers())
    {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            let (name, value) = (pair.get(0).as_string(), pair.get(1).as_string());
            if let (Some(name), Some(value)) = (name, value)
                && let (Ok(name), Ok(value)) = (
                    http::HeaderName::from_bytes(name.as_bytes()),
                    http::HeaderValue::from_str(&value),
                )
            {
                headers.append(name, value);
            }
        }
    }
    let buffer = answer
        .array_buffer()
        .map_err(|e| failure(TransportErrorKind::Io, "could not read the body", &e))?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|e| fetch_failure(&e, limits))?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    if body.len() > limits.max_response_bytes {
        return Err(too_large());
    }
    response
        .body(body)
        .map_err(|e| TransportError::new(TransportErrorKind::Other, &e))
}

/// A rejected `fetch` or body read: the total timeout when the signal
/// fired, otherwise a network failure after which the request may have
/// been sent.
fn fetch_failure(error: &JsValue, limits: &Limits) -> TransportError {
    let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    if name.as_deref() == Some("TimeoutError") {
        return TransportError::timeout(limits.timeout);
    }
    failure(TransportErrorKind::Io, "fetch failed", error)
}

/// A failure of `kind` described by `what` and the JavaScript error's text
/// (core scrubs any URL query from it).
fn failure(kind: TransportErrorKind, what: &str, error: &JsValue) -> TransportError {
    let text = js_sys::Error::from(error.clone())
        .message()
        .as_string()
        .or_else(|| error.as_string())
        .unwrap_or_default();
    TransportError::from_message(kind, format!("{what}: {text}"))
}

/// Logs `instance_id` out, from JavaScript: resolves to the new session
/// state (e.g. `"SCAN_QR_CODE"`), or rejects with the error's text, which
/// never holds the token.
#[wasm_bindgen]
pub async fn logout(access_token: String, instance_id: String) -> Result<String, JsValue> {
    let run = async {
        let client = wawp::custom::Client::builder(wawp::AccessToken::new(access_token)?)
            .build_with(FetchTransport)?;
        let session = client.logout(&wawp::InstanceId::new(instance_id)?).await?;
        Ok::<_, wawp::Error>(session.status.to_string())
    };
    run.await.map_err(|e| JsValue::from_str(&e.to_string()))
}
