//! [`Subject`]: what the suite tests, and adapters for both kinds of client.

use std::fmt;

use wawp_core::{
    BlockingClient, BlockingTransport, Client, Error, Image, InstanceId, PairingCode, PhoneNumber,
    QrCode, Session, SessionInfo, Transport,
};

/// Something that calls the API: a client over the transport under test,
/// one method per endpoint. Synchronous, so one suite serves blocking and
/// async transports.
///
/// Implemented for every [`BlockingClient`]; wrap a [`Client`] over an async
/// transport in an [`AsyncSubject`].
pub trait Subject {
    /// Logs `instance_id` out.
    fn logout(&self, instance_id: &InstanceId) -> Result<Session, Error>;
    /// Session Info of `instance_id`.
    fn info(&self, instance_id: &InstanceId) -> Result<SessionInfo, Error>;
    /// Starts `instance_id`.
    fn start(&self, instance_id: &InstanceId) -> Result<Session, Error>;
    /// Stops `instance_id`.
    fn stop(&self, instance_id: &InstanceId) -> Result<Session, Error>;
    /// Restarts `instance_id`.
    fn restart(&self, instance_id: &InstanceId) -> Result<Session, Error>;
    /// Deletes `instance_id`.
    fn delete(&self, instance_id: &InstanceId) -> Result<Session, Error>;
    /// The QR code of `instance_id`.
    fn qr(&self, instance_id: &InstanceId) -> Result<QrCode, Error>;
    /// The QR code of `instance_id` as an image.
    fn qr_image(&self, instance_id: &InstanceId) -> Result<Image, Error>;
    /// A pairing code for `instance_id` and `phone_number`.
    fn request_code(
        &self,
        instance_id: &InstanceId,
        phone_number: &PhoneNumber,
    ) -> Result<PairingCode, Error>;
}

impl<T: BlockingTransport> Subject for BlockingClient<T> {
    fn logout(&self, id: &InstanceId) -> Result<Session, Error> {
        BlockingClient::logout(self, id)
    }
    fn info(&self, id: &InstanceId) -> Result<SessionInfo, Error> {
        BlockingClient::info(self, id)
    }
    fn start(&self, id: &InstanceId) -> Result<Session, Error> {
        BlockingClient::start(self, id)
    }
    fn stop(&self, id: &InstanceId) -> Result<Session, Error> {
        BlockingClient::stop(self, id)
    }
    fn restart(&self, id: &InstanceId) -> Result<Session, Error> {
        BlockingClient::restart(self, id)
    }
    fn delete(&self, id: &InstanceId) -> Result<Session, Error> {
        BlockingClient::delete(self, id)
    }
    fn qr(&self, id: &InstanceId) -> Result<QrCode, Error> {
        BlockingClient::qr(self, id)
    }
    fn qr_image(&self, id: &InstanceId) -> Result<Image, Error> {
        BlockingClient::qr_image(self, id)
    }
    fn request_code(&self, id: &InstanceId, phone: &PhoneNumber) -> Result<PairingCode, Error> {
        BlockingClient::request_code(self, id, phone)
    }
}

/// Forwards every [`Subject`] method through `**self`.
macro_rules! deref_subject {
    ($($ptr:ty),*) => {$(
        impl<S: Subject + ?Sized> Subject for $ptr {
            fn logout(&self, id: &InstanceId) -> Result<Session, Error> {
                (**self).logout(id)
            }
            fn info(&self, id: &InstanceId) -> Result<SessionInfo, Error> {
                (**self).info(id)
            }
            fn start(&self, id: &InstanceId) -> Result<Session, Error> {
                (**self).start(id)
            }
            fn stop(&self, id: &InstanceId) -> Result<Session, Error> {
                (**self).stop(id)
            }
            fn restart(&self, id: &InstanceId) -> Result<Session, Error> {
                (**self).restart(id)
            }
            fn delete(&self, id: &InstanceId) -> Result<Session, Error> {
                (**self).delete(id)
            }
            fn qr(&self, id: &InstanceId) -> Result<QrCode, Error> {
                (**self).qr(id)
            }
            fn qr_image(&self, id: &InstanceId) -> Result<Image, Error> {
                (**self).qr_image(id)
            }
            fn request_code(&self, id: &InstanceId, phone: &PhoneNumber) -> Result<PairingCode, Error> {
                (**self).request_code(id, phone)
            }
        }
    )*};
}
deref_subject!(Box<S>, &S);

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
    fn logout(&self, id: &InstanceId) -> Result<Session, Error> {
        self.runtime.block_on(self.client.logout(id))
    }
    fn info(&self, id: &InstanceId) -> Result<SessionInfo, Error> {
        self.runtime.block_on(self.client.info(id))
    }
    fn start(&self, id: &InstanceId) -> Result<Session, Error> {
        self.runtime.block_on(self.client.start(id))
    }
    fn stop(&self, id: &InstanceId) -> Result<Session, Error> {
        self.runtime.block_on(self.client.stop(id))
    }
    fn restart(&self, id: &InstanceId) -> Result<Session, Error> {
        self.runtime.block_on(self.client.restart(id))
    }
    fn delete(&self, id: &InstanceId) -> Result<Session, Error> {
        self.runtime.block_on(self.client.delete(id))
    }
    fn qr(&self, id: &InstanceId) -> Result<QrCode, Error> {
        self.runtime.block_on(self.client.qr(id))
    }
    fn qr_image(&self, id: &InstanceId) -> Result<Image, Error> {
        self.runtime.block_on(self.client.qr_image(id))
    }
    fn request_code(&self, id: &InstanceId, phone: &PhoneNumber) -> Result<PairingCode, Error> {
        self.runtime.block_on(self.client.request_code(id, phone))
    }
}

impl<T> fmt::Debug for AsyncSubject<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncSubject")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}
