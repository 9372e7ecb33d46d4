//! One method per endpoint on both clients: each is `call` of the endpoint.
//! Written once for [`Client`] (async) and [`BlockingClient`].

use crate::client::{BlockingClient, Client};
use crate::error::Error;
use crate::info::{Info, SessionInfo};
use crate::input::InstanceId;
use crate::lifecycle::{Delete, Logout, Restart, Start, Stop};
use crate::phone::PhoneNumber;
use crate::qr::{Qr, QrCode};
use crate::qr_image::{Image, QrImage};
use crate::request_code::{PairingCode, RequestCode};
use crate::session::Session;
use crate::transport::{BlockingTransport, Transport};

/// The methods, for `$client` over `$transport`, `async` and awaiting when
/// given `async await`.
macro_rules! endpoint_methods {
    ($client:ident, $transport:ident $(, $async:tt $await:tt)?) => {
        impl<T: $transport> $client<T> {
            /// The state of `instance_id` ([`Info`]): status, the account it
            /// is logged in as, and its QR code while in `SCAN_QR_CODE`.
            /// A read: retried whenever the retry policy allows.
            pub $($async)? fn info(&self, instance_id: &InstanceId) -> Result<SessionInfo, Error> {
                self.call(&Info::new(instance_id.clone()))$(.$await)?
            }

            /// Starts `instance_id` ([`Start`]): `STOPPED` → `STARTING`, then
            /// `SCAN_QR_CODE` (or `WORKING` if it kept its login).
            pub $($async)? fn start(&self, instance_id: &InstanceId) -> Result<Session, Error> {
                self.call(&Start::new(instance_id.clone()))$(.$await)?
            }

            /// Stops `instance_id` ([`Stop`]), keeping its login.
            pub $($async)? fn stop(&self, instance_id: &InstanceId) -> Result<Session, Error> {
                self.call(&Stop::new(instance_id.clone()))$(.$await)?
            }

            /// Restarts `instance_id` ([`Restart`]), keeping its login. Wait
            /// 30 s before sending messages.
            pub $($async)? fn restart(&self, instance_id: &InstanceId) -> Result<Session, Error> {
                self.call(&Restart::new(instance_id.clone()))$(.$await)?
            }

            /// Logs `instance_id` out of WhatsApp ([`Logout`]). It stays
            /// alive in `SCAN_QR_CODE` state; reconnecting needs the phone,
            /// so confirm with the user first.
            pub $($async)? fn logout(&self, instance_id: &InstanceId) -> Result<Session, Error> {
                self.call(&Logout::new(instance_id.clone()))$(.$await)?
            }

            /// Deletes `instance_id` for good ([`Delete`]; status `DELETED`).
            /// Irreversible: confirm first. Never retried automatically once
            /// it may have reached the server.
            pub $($async)? fn delete(&self, instance_id: &InstanceId) -> Result<Session, Error> {
                self.call(&Delete::new(instance_id.clone()))$(.$await)?
            }

            /// The QR code to show the phone, as text to render ([`Qr`]).
            /// Only in `SCAN_QR_CODE` state; it rotates, so fetch it again
            /// when [`QrCode::expires_at`] passes.
            pub $($async)? fn qr(&self, instance_id: &InstanceId) -> Result<QrCode, Error> {
                self.call(&Qr::new(instance_id.clone()))$(.$await)?
            }

            /// The QR code as a PNG image ([`QrImage`]; see [`Image::png`]).
            pub $($async)? fn qr_image(&self, instance_id: &InstanceId) -> Result<Image, Error> {
                self.call(&QrImage::new(instance_id.clone()))$(.$await)?
            }

            /// A pairing code for the phone `phone_number`, the alternative
            /// to scanning ([`RequestCode`]). Only in `SCAN_QR_CODE` state.
            pub $($async)? fn request_code(
                &self,
                instance_id: &InstanceId,
                phone_number: &PhoneNumber,
            ) -> Result<PairingCode, Error> {
                self.call(&RequestCode::new(instance_id.clone(), phone_number.clone()))$(.$await)?
            }
        }
    };
}

endpoint_methods!(Client, Transport, async await);
endpoint_methods!(BlockingClient, BlockingTransport);
