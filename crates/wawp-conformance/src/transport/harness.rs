//! [`Harness`]: a transport under test, seen as blocking calls;
//! [`BlockingHarness`] and [`AsyncHarness`] are it for either kind of
//! transport, and [`Transports`] makes harnesses for the cases.

use std::fmt;

use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Client, Config, Error, InstanceId, Limits,
    Session, Transport, TransportError,
};
use wawp_mock::TestPki;

/// What the cases need from a transport, as blocking calls.
pub trait Harness {
    /// Sends `request` through the transport.
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError>;

    /// A full logout through the library's client over this transport.
    fn logout(&self, config: Config, token: AccessToken, id: &InstanceId)
    -> Result<Session, Error>;
}

/// A [`BlockingTransport`] under test, called directly.
#[derive(Debug)]
pub struct BlockingHarness<T>(pub T);

impl<T: BlockingTransport> Harness for BlockingHarness<T> {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.0.send(request, limits)
    }

    fn logout(
        &self,
        config: Config,
        token: AccessToken,
        id: &InstanceId,
    ) -> Result<Session, Error> {
        BlockingClient::with_config(&self.0, token, config).logout(id)
    }
}

/// An async [`Transport`] under test, driven by a tokio runtime of its own
/// (current-thread, I/O and timers enabled).
pub struct AsyncHarness<T> {
    runtime: tokio::runtime::Runtime,
    transport: T,
}

impl<T: Transport> AsyncHarness<T> {
    /// A harness over `transport`.
    pub fn new(transport: T) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("wawp-conformance: cannot build a tokio runtime");
        Self { runtime, transport }
    }
}

impl<T: Transport> Harness for AsyncHarness<T> {
    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.runtime.block_on(self.transport.send(request, limits))
    }

    fn logout(
        &self,
        config: Config,
        token: AccessToken,
        id: &InstanceId,
    ) -> Result<Session, Error> {
        let client = Client::with_config(&self.transport, token, config);
        self.runtime.block_on(client.logout(id))
    }
}

impl<T> fmt::Debug for AsyncHarness<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncHarness")
            .field("transport", &std::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}

/// What every case is handed: how to make a harness over the transport
/// with its defaults, and over one trusting only a given CA.
pub struct Transports<'a, H> {
    default: &'a dyn Fn() -> H,
    trusting: &'a dyn Fn(&TestPki) -> H,
}

impl<'a, H: Harness> Transports<'a, H> {
    /// Harnesses made by `default` and `trusting`.
    pub fn new(default: &'a dyn Fn() -> H, trusting: &'a dyn Fn(&TestPki) -> H) -> Self {
        Self { default, trusting }
    }

    /// A harness over the transport with its defaults.
    pub fn default(&self) -> H {
        (self.default)()
    }

    /// A harness over a transport that trusts only the CA of `pki`.
    pub fn trusting(&self, pki: &TestPki) -> H {
        (self.trusting)(pki)
    }
}

impl<H> fmt::Debug for Transports<'_, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transports").finish_non_exhaustive()
    }
}
