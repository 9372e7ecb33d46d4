//! The "instance id in, session out" family: start, stop, restart, logout and
//! delete, one table row each.
//!
//! Each row (of [`instance_calls!`]) declares the endpoint's type, method,
//! path and [`Repeat`](crate::Repeat); all of them take the instance id (in
//! the query string, with the token, as every documented URL shows), send no
//! body of their own, and answer a [`Session`]. Their error answers are
//! parsed like every endpoint's.

use crate::decode::Decode;
use crate::instance_calls::instance_calls;
use crate::session::Session;

/// A lifecycle call's answer, with the instance id filled in when the
/// answer has none.
fn session(call_id: &crate::InstanceId, body: &[u8]) -> Result<Session, crate::BodyError> {
    Ok(Session::decode(body)?.or_instance(call_id.as_str()))
}

instance_calls! {
    /// Start Session: boots a `STOPPED` instance (`STARTING`, then
    /// `SCAN_QR_CODE`, or `WORKING` when it still has its login).
    ///
    /// Repeating it is harmless: a second start finds the instance started.
    Start: POST "/v2/session/start", Harmless -> Session, |call, body| session(&call.instance_id, body);

    /// Stop Session: shuts the instance down (`STOPPED`), keeping its login,
    /// so that a later start needs no new QR code.
    ///
    /// Repeating it is harmless: a second stop finds it stopped.
    Stop: POST "/v2/session/stop", Harmless -> Session, |call, body| session(&call.instance_id, body);

    /// Restart Session: stop and start in one call, keeping the login. Wawp
    /// advises waiting 30 s after a restart before sending messages.
    ///
    /// Repeating it is harmless: at worst, one more restart.
    Restart: POST "/v2/session/restart", Harmless -> Session, |call, body| session(&call.instance_id, body);

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
    Logout: POST "/v2/session/logout", Harmless -> Session, |call, body| session(&call.instance_id, body);

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
    Delete: DELETE "/v2/session/delete", Never -> Session, |call, body| session(&call.instance_id, body);
}
