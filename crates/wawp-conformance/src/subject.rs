//! [`Subject`]: what the suite tests, for both kinds of client.

use std::fmt;

use wawp_core::http::{Request, Response};
use wawp_core::{
    BlockingClient, BlockingTransport, Client, Endpoint, Error, InstanceId, Limits, Logout,
    Session, Transport, TransportError,
};

/// A client over the transport under test, seen as blocking calls: any
/// [`Endpoint`] through the client, or a request straight through its
/// transport. Synchronous, so one suite serves blocking and async
/// transports; generic over endpoints, so a new one needs nothing here.
///
/// Implemented for every [`BlockingClient`]; wrap a [`Client`] over an async
/// transport in an [`AsyncSubject`].
pub trait Subject {
    /// Calls `endpoint` through the client (retries, re-sends, decoding).
    fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error>;

    /// Sends `request` through the client's transport, as the client would.
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError>;

    /// Logs `instance_id` out (the endpoint most cases call).
    fn logout(&self, instance_id: &InstanceId) -> Result<Session, Error> {
        self.call(&Logout::new(instance_id.clone()))
    }
}

impl<T: BlockingTransport> Subject for BlockingClient<T> {
    fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        BlockingClient::call(self, endpoint)
    }
    fn send(
        &self,
        req: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.transport().send(req, limits)
    }
}

impl<S: Subject> Subject for &S {
    fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        (**self).call(endpoint)
    }
    fn send(
        &self,
        req: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        (**self).send(req, limits)
    }
}

/// An async [`Client`] driven by its own tokio runtime (multi-threaded, one
/// worker, I/O and timers enabled), so that connection tasks keep running
/// between calls and pooled connections are returned to the pool.
///
/// ```
/// # use wawp_core::{AccessToken, Client, Config, Limits, Transport, TransportError};
/// # struct MyTransport;
/// # #[async_trait::async_trait]
/// # impl Transport for MyTransport {
/// #     async fn send(&self, _: http::Request<Vec<u8>>, _: &Limits) -> Result<http::Response<Vec<u8>>, TransportError> { unimplemented!() }
/// #     async fn sleep(&self, d: std::time::Duration) { tokio::time::sleep(d).await }
/// # }
/// use wawp_conformance::AsyncSubject;
/// let token = AccessToken::new("tok")?;
/// // The closure runs inside the runtime, for transports that need one to be built.
/// let subject = AsyncSubject::build(|| Client::with_config(MyTransport, token, Config::default()));
/// # Ok::<(), wawp_core::InputError>(())
/// ```
pub struct AsyncSubject<T> {
    client: Client<T>,
    runtime: tokio::runtime::Runtime,
}

impl<T: Transport> AsyncSubject<T> {
    /// Wraps `client`.
    pub fn new(client: Client<T>) -> Self {
        Self::build(|| client)
    }

    /// Wraps the client `make` returns, calling it inside the runtime.
    pub fn build(make: impl FnOnce() -> Client<T>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("wawp-conformance: cannot build a tokio runtime");
        let client = {
            let _context = runtime.enter();
            make()
        };
        Self { client, runtime }
    }

    /// The client.
    pub fn client(&self) -> &Client<T> {
        &self.client
    }
}

impl<T: Transport> Subject for AsyncSubject<T> {
    fn call<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.runtime.block_on(self.client.call(endpoint))
    }
    fn send(
        &self,
        req: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.runtime
            .block_on(self.client.transport().send(req, limits))
    }
}

impl<T> fmt::Debug for AsyncSubject<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncSubject")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}
