//! Closures as transports: [`from_fn`] for a blocking one, [`from_async_fn`]
//! for an async one.
//!
//! A transport has two duties: send a request, and wait between retries
//! (`sleep`). A blocking closure meets the second for free — the calling
//! thread can sleep — so [`from_fn`] takes one closure. An async transport
//! cannot: this crate has no runtime, and an executor-independent timer
//! would need a thread per wait, so waiting must come from the runtime the
//! closure already runs on. [`from_async_fn`] therefore takes two closures,
//! `send` and `sleep` (e.g. `tokio::time::sleep`). A plain `Fn` does not
//! implement [`Transport`] directly for the same reason, and because such
//! a blanket impl would overlap the ones for `&T`, `Box<T>` and `Arc<T>`.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use http::{Request, Response};

use crate::transport::{BlockingTransport, Limits, Transport, TransportError};

/// A blocking transport made of a closure; see [`from_fn`].
#[derive(Clone)]
pub struct FnTransport<F> {
    send: F,
}

/// A [`BlockingTransport`] that sends with `send`, and sleeps the calling
/// thread between retries.
///
/// `send` must honour what every transport honours: return every status as
/// a response, follow no redirect, and enforce the [`Limits`] it is given.
///
/// ```
/// use wawp_core::transport::from_fn;
/// use wawp_core::{AccessToken, BlockingClient, InstanceId};
///
/// let transport = from_fn(|request, _limits| {
///     // Send `request` with the HTTP client of your choice; here, a canned answer.
///     assert_eq!(request.uri().path(), "/v2/session/logout");
///     let body = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
///     Ok(http::Response::new(body.as_bytes().to_vec()))
/// });
/// let client = BlockingClient::new(transport, AccessToken::new("tok")?);
/// let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?)?;
/// assert_eq!(session.status.to_string(), "SCAN_QR_CODE");
/// # Ok::<(), wawp_core::Error>(())
/// ```
pub fn from_fn<F>(send: F) -> FnTransport<F>
where
    F: Fn(Request<Vec<u8>>, &Limits) -> Result<Response<Vec<u8>>, TransportError> + Send + Sync,
{
    FnTransport { send }
}

impl<F> BlockingTransport for FnTransport<F>
where
    F: Fn(Request<Vec<u8>>, &Limits) -> Result<Response<Vec<u8>>, TransportError> + Send + Sync,
{
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        (self.send)(request, limits)
    }
}

impl<F> fmt::Debug for FnTransport<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FnTransport")
    }
}

/// An async transport made of two closures; see [`from_async_fn`].
#[derive(Clone)]
pub struct AsyncFnTransport<F, S> {
    send: F,
    sleep: S,
}

/// A [`Transport`] that sends with `send` and waits between retries with
/// `sleep`, your runtime's timer. There is no default: the core has no
/// runtime, and an executor-independent timer would need a thread per
/// wait. (Nor does a plain async closure implement [`Transport`]: it has
/// no way to wait, and such a blanket impl would overlap the ones for
/// `&T`, `Box<T>` and `Arc<T>`.)
///
/// `send` gets the [`Limits`] by value, so its future may own them. It
/// must honour what every transport honours: return every status as a
/// response, follow no redirect, and enforce the limits.
///
/// ```
/// use wawp_core::transport::from_async_fn;
/// use wawp_core::{AccessToken, Client, InstanceId};
///
/// let transport = from_async_fn(
///     |request: http::Request<Vec<u8>>, _limits| async move {
///         // Send `request` with your async HTTP client; here, a canned answer.
///         assert_eq!(request.uri().path(), "/v2/session/logout");
///         let body = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
///         Ok(http::Response::new(body.as_bytes().to_vec()))
///     },
///     |duration| async move { std::thread::sleep(duration) }, // e.g. tokio::time::sleep
/// );
/// let client = Client::new(transport, AccessToken::new("tok")?);
/// # futures_executor::block_on(async {
/// let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
/// assert_eq!(session.status.to_string(), "SCAN_QR_CODE");
/// # Ok::<(), wawp_core::Error>(())
/// # })?;
/// # Ok::<(), wawp_core::Error>(())
/// ```
pub fn from_async_fn<F, Fut, S, SFut>(send: F, sleep: S) -> AsyncFnTransport<F, S>
where
    F: Fn(Request<Vec<u8>>, Limits) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send,
    S: Fn(Duration) -> SFut + Send + Sync,
    SFut: Future<Output = ()> + Send,
{
    AsyncFnTransport { send, sleep }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
impl<F, Fut, S, SFut> Transport for AsyncFnTransport<F, S>
where
    F: Fn(Request<Vec<u8>>, Limits) -> Fut + Send + Sync,
    Fut: Future<Output = Result<Response<Vec<u8>>, TransportError>> + Send,
    S: Fn(Duration) -> SFut + Send + Sync,
    SFut: Future<Output = ()> + Send,
{
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        (self.send)(request, *limits).await
    }

    async fn sleep(&self, duration: Duration) {
        (self.sleep)(duration).await
    }
}

impl<F, S> fmt::Debug for AsyncFnTransport<F, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AsyncFnTransport")
    }
}
