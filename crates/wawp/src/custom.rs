//! Clients over a transport of your own: [`Client`] (async) and
//! [`BlockingClient`], the generic clients of `wawp-core`.
//!
//! A transport moves bytes: it sends an `http::Request<Vec<u8>>` and
//! returns the `http::Response<Vec<u8>>` — every status is a response,
//! redirects are not followed — within the [`Limits`](crate::transport::Limits)
//! it is given. An async one also provides `sleep`, used between retries:
//! the core has no runtime to wait with. Everything else (URLs, parameters,
//! errors, retries, redaction) is done for it.
//!
//! ```
//! use wawp::transport::{Limits, Transport, TransportError, async_trait};
//! use wawp::{AccessToken, InstanceId, custom::Client, http};
//!
//! struct MyTransport; // would hold your HTTP client
//!
//! #[async_trait]
//! impl Transport for MyTransport {
//!     async fn send(
//!         &self,
//!         request: http::Request<Vec<u8>>,
//!         _limits: &Limits, // enforce: timeout, connect timeout, body size
//!     ) -> Result<http::Response<Vec<u8>>, TransportError> {
//!         assert_eq!(request.uri().path(), "/v2/session/logout"); // send it with your client
//!         let body = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
//!         Ok(http::Response::new(body.into()))
//!     }
//!     async fn sleep(&self, duration: std::time::Duration) {
//!         std::thread::sleep(duration) // your runtime's timer, e.g. tokio::time::sleep
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), wawp::Error> {
//! let client = Client::builder(AccessToken::new("tok")?).build_with(MyTransport)?;
//! let session = client.logout(&InstanceId::new("3EB0BCB2E3D4")?).await?;
//! assert_eq!(session.status.to_string(), "SCAN_QR_CODE");
//! # Ok(()) }
//! ```
//!
//! **Closures.** A blocking closure is a transport through
//! [`transport::from_fn`](crate::transport::from_fn): the calling thread can
//! sleep. An async closure needs a second closure for the wait
//! ([`transport::from_async_fn`](crate::transport::from_async_fn)), since
//! the core has no timer of its own and an executor-independent one would
//! cost a thread per wait.
//!
//! **On wasm32** (`wawp` with `default-features = false`), a transport's
//! futures need not be `Send`: implement [`Transport`](crate::Transport)
//! with `#[async_trait(?Send)]` there. The repository's
//! `examples/wasm-fetch` is one over JavaScript's `fetch`.
//!
//! **Testing it.** The `wawp-conformance` crate runs the suite every
//! transport of this project passes against yours, over loopback.

pub use wawp_core::{BlockingClient, Client};
