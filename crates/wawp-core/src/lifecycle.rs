//! The "instance id in, session out" family: start, stop, restart, logout and
//! delete, one table row each.
//!
//! Each row declares the endpoint's type, method, path and [`Repeat`]; all of
//! them take the instance id (in the query string, with the token, as every
//! documented URL shows), send no body of their own, and answer a
//! [`Session`]. Their error answers are parsed like every endpoint's.

use http::Method;

use crate::decode::{BodyError, Decode};
use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::retry::Repeat;
use crate::session::Session;

/// One struct and its [`Endpoint`] impl per row:
/// `Name: METHOD "path", Repeat;` after the type's documentation.
macro_rules! session_calls {
    ($(
        $(#[$doc:meta])*
        $name:ident: $method:ident $path:literal, $repeat:ident;
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            /// The instance it acts on.
            pub instance_id: InstanceId,
        }

        impl $name {
            #[doc = concat!("`", stringify!($method), " ", $path, "` for `instance_id`.")]
            pub fn new(instance_id: InstanceId) -> Self {
                Self { instance_id }
            }
        }

        impl Endpoint for $name {
            type Output = Session;
            const METHOD: Method = Method::$method;
            const PATH: &'static str = $path;
            const REPEAT: Repeat = Repeat::$repeat;

            fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
                std::iter::once(("instance_id", self.instance_id.as_str()))
            }

            fn decode(&self, body: &[u8]) -> Result<Session, BodyError> {
                Ok(Session::decode(body)?.or_instance(self.instance_id.as_str()))
            }
        }
    )*};
}

session_calls! {
    /// Start Session: boots a `STOPPED` instance (`STARTING`, then
    /// `SCAN_QR_CODE`, or `WORKING` when it still has its login).
    ///
    /// Repeating it is harmless: a second start finds the instance started.
    Start: POST "/v2/session/start", Harmless;

    /// Stop Session: shuts the instance down (`STOPPED`), keeping its login,
    /// so that a later start needs no new QR code.
    ///
    /// Repeating it is harmless: a second stop finds it stopped.
    Stop: POST "/v2/session/stop", Harmless;

    /// Restart Session: stop and start in one call, keeping the login. Wawp
    /// advises waiting 30 s after a restart before sending messages.
    ///
    /// Repeating it is harmless: at worst, one more restart.
    Restart: POST "/v2/session/restart", Harmless;

    /// Logout Session: unlinks the phone. The instance stays alive in
    /// `SCAN_QR_CODE` state; reconnecting needs the phone to scan a QR code,
    /// so confirm with the user first.
    ///
    /// Repeating it is harmless: a second logout finds it logged out.
    ///
    /// ```
    /// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Logout};
    /// let token = AccessToken::new("tok")?;
    /// let request = Logout::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &token)?;
    /// assert_eq!(request.method(), "POST");
    /// assert_eq!(
    ///     request.uri(),
    ///     "https://api.wawp.net/v2/session/logout?instance_id=3EB0BCB2E3D4&access_token=tok"
    /// );
    /// assert_eq!(request.headers()["content-length"], "0");
    /// assert!(request.headers().get("content-type").is_none());
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    Logout: POST "/v2/session/logout", Harmless;

    /// Delete Session: removes the instance for good (the answer's status is
    /// `DELETED`; any later call with its id is a 404). Log out first so the
    /// phone is unlinked too.
    ///
    /// **Never repeated automatically** once it may have reached the server,
    /// whatever the retry policy says.
    ///
    /// ```
    /// use wawp_core::{AccessToken, Config, Delete, Endpoint, InstanceId, Repeat};
    /// let request = Delete::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
    /// assert_eq!(request.method(), "DELETE");
    /// assert!(request.body().is_empty() && request.headers().get("content-type").is_none());
    /// assert_eq!(request.headers()["content-length"], "0");
    /// assert_eq!(Delete::REPEAT, Repeat::Never);
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    Delete: DELETE "/v2/session/delete", Never;
}
