//! One method per endpoint on both clients: each is `call` of the endpoint.
//! Written once for [`Client`] (async) and [`BlockingClient`].

use crate::ack::Ack;
use crate::client::{BlockingClient, Client};
use crate::create::{Create, Created, SessionName};
use crate::error::Error;
use crate::info::{Info, Me, SessionInfo};
use crate::input::InstanceId;
use crate::lifecycle::{Delete, Logout, Restart, Start, Stop};
use crate::me::AboutMe;
use crate::phone::PhoneNumber;
use crate::qr::{Qr, QrCode};
use crate::qr_image::{Image, QrImage};
use crate::rate_limit::{PolicySlug, RateLimitShow, RateLimits, SetPolicy};
use crate::request_code::{PairingCode, RequestCode};
use crate::session::Session;
use crate::temp_link::{TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow};
use crate::transport::{BlockingTransport, Transport};
use crate::webhook::{SetWebhooks, Webhook, WebhookShow, Webhooks};

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

            /// The active temporary access link of `instance_id`, or `None`
            /// ([`TempLinkShow`]). A read.
            pub $($async)? fn temp_link(&self, instance_id: &InstanceId) -> Result<Option<TempLink>, Error> {
                self.call(&TempLinkShow::new(instance_id.clone()))$(.$await)?
            }

            /// A new temporary access link for `instance_id`, valid 30
            /// minutes, for its owner to open and scan the QR code
            /// ([`TempLinkNew`]); any active link expires.
            pub $($async)? fn new_temp_link(&self, instance_id: &InstanceId) -> Result<TempLink, Error> {
                self.call(&TempLinkNew::new(instance_id.clone()))$(.$await)?
            }

            /// Revokes every temporary access link of `instance_id`
            /// ([`TempLinkRevoke`]).
            pub $($async)? fn revoke_temp_links(&self, instance_id: &InstanceId) -> Result<Ack, Error> {
                self.call(&TempLinkRevoke::new(instance_id.clone()))$(.$await)?
            }

            /// The WhatsApp account `instance_id` is logged in as: id, push
            /// name, platform ([`AboutMe`]). A read.
            pub $($async)? fn me(&self, instance_id: &InstanceId) -> Result<Me, Error> {
                self.call(&AboutMe::new(instance_id.clone()))$(.$await)?
            }

            /// The rate-limit policy of `instance_id` and the ones it may
            /// choose ([`RateLimitShow`]). A read.
            pub $($async)? fn rate_limits(&self, instance_id: &InstanceId) -> Result<RateLimits, Error> {
                self.call(&RateLimitShow::new(instance_id.clone()))$(.$await)?
            }

            /// Puts `policy` in force on `instance_id` ([`SetPolicy`]),
            /// unchecked: the server refuses a slug it does not offer, with
            /// its message. Prefer [`set_policy_checked`](Self::set_policy_checked)
            /// when the policies are at hand.
            pub $($async)? fn set_policy(&self, instance_id: &InstanceId, policy: &PolicySlug) -> Result<Ack, Error> {
                self.call(&SetPolicy::new(instance_id.clone(), policy.clone()))$(.$await)?
            }

            /// Puts `policy` in force on `instance_id` if `known` (its
            /// [`RateLimits`], fetched before) offers it to the account; an
            /// unknown or unavailable slug is an
            /// [`Error::InvalidInput`] before any I/O.
            pub $($async)? fn set_policy_checked(
                &self,
                instance_id: &InstanceId,
                policy: &PolicySlug,
                known: &RateLimits,
            ) -> Result<Ack, Error> {
                let set = SetPolicy::checked(instance_id.clone(), policy.clone(), known)?;
                self.call(&set)$(.$await)?
            }

            /// The webhooks of `instance_id` ([`WebhookShow`]; paid plans
            /// only, else [`ApiErrorKind::SubscriptionRequired`](crate::ApiErrorKind::SubscriptionRequired)).
            pub $($async)? fn webhooks(&self, instance_id: &InstanceId) -> Result<Webhooks, Error> {
                self.call(&WebhookShow::new(instance_id.clone()))$(.$await)?
            }

            /// Replaces the webhooks of `instance_id` with `webhooks`
            /// ([`SetWebhooks`]); a URL that is not https is an
            /// [`Error::InvalidInput`] before any I/O.
            pub $($async)? fn set_webhooks(&self, instance_id: &InstanceId, webhooks: Vec<Webhook>) -> Result<Ack, Error> {
                let set = SetWebhooks::new(instance_id.clone(), webhooks)?;
                self.call(&set)$(.$await)?
            }

            /// A new instance named `name`, `STOPPED` until started
            /// ([`Create`]). Never retried once it may have been sent: on
            /// an error with [`Error::maybe_sent`], the instance may exist.
            pub $($async)? fn create(&self, name: &SessionName) -> Result<Created, Error> {
                self.call(&Create::new(name.clone()))$(.$await)?
            }
        }
    };
}

endpoint_methods!(Client, Transport, async await);
endpoint_methods!(BlockingClient, BlockingTransport);
