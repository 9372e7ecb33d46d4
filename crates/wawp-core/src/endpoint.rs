//! The [`Endpoint`] trait: one API operation, declared.
//!
//! An endpoint declares its method, path, success statuses, where its own
//! fields go, whether it is safe to repeat, and what its success body decodes
//! into. Everything else (URL building, encoding, headers, error
//! classification and parsing, redaction, retries) is shared: it lives in
//! `request.rs`, `response.rs` and the clients. Adding an
//! endpoint is one new file that implements this trait (or one row of an
//! `instance_calls!` table, as in `lifecycle.rs`, for a call that takes an
//! instance id and no field of its own), its method on the clients in
//! `methods.rs`, and its re-export at the crate's root (and the facade's);
//! transports and the client loop do not change, and any endpoint can be
//! called without a method through `Client::call`.

use http::{Method, Request, Response, StatusCode};

use crate::config::Config;
use crate::decode::{BodyError, Decode};
use crate::error::Error;
use crate::input::AccessToken;
use crate::retry::Repeat;

/// One API operation, declared: method, path, success statuses, where its
/// fields go, whether it may be repeated, and what it decodes into. The
/// request building, error parsing, redaction and retries that every
/// endpoint shares are provided.
///
/// # Where the fields go
///
/// | | `POST` (`PUT`, `PATCH`) | `GET`, `DELETE`, `HEAD` |
/// |---|---|---|
/// | [`params`](Endpoint::params) and the access token, [`ParamLocation::Query`](crate::ParamLocation) (default) | query string | query string |
/// | the same, [`ParamLocation::JsonBody`](crate::ParamLocation) | JSON body | query string |
/// | [`body`](Endpoint::body) fields | JSON body | query string |
///
/// A request with a JSON body sends `Content-Type: application/json` and its
/// `Content-Length`; a `POST` with nothing for its body, and a `DELETE`
/// (which never has one), send `Content-Length: 0` and no `Content-Type`; a
/// `GET` or `HEAD` has no body, `Content-Type` or `Content-Length`.
///
/// # A custom endpoint
///
/// An endpoint this crate lacks is declared in a few lines; here, a bare
/// version of one it has ([`AboutMe`](crate::AboutMe), which reads more
/// spellings of the answer).
///
/// ```
/// use wawp_core::http::Method;
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Repeat};
///
/// /// `GET /v2/session/me`: who the instance is logged in as.
/// struct Me(InstanceId);
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Account {
///     id: String,
/// }
///
/// impl Endpoint for Me {
///     type Output = Account; // a serde type: no decoding code needed
///     const METHOD: Method = Method::GET;
///     const PATH: &'static str = "/v2/session/me";
///     const REPEAT: Repeat = Repeat::Read;
///     fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
///         std::iter::once(("instance_id", self.0.as_str()))
///     }
/// }
///
/// let request = Me(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/me?instance_id=3EB0BCB2E3D4&access_token=tok");
/// assert!(request.body().is_empty());
/// assert!(request.headers().get("content-type").is_none());
/// # Ok::<(), wawp_core::Error>(())
/// ```
///
/// Call it with [`Client::call`](crate::Client::call) or
/// [`BlockingClient::call`](crate::BlockingClient::call).
pub trait Endpoint {
    /// What a successful call returns.
    type Output: Decode;

    /// The HTTP method.
    const METHOD: Method;

    /// The path below the base URL, e.g. `/v2/session/logout`.
    const PATH: &'static str;

    /// Whether a call may be repeated, which decides what automatic retries
    /// may repeat (see [`Repeat`]).
    const REPEAT: Repeat;

    /// Whether `status` is a success, whose body decodes into
    /// [`Self::Output`]. Default: any 2xx, as the documentation's samples
    /// test `response.ok`. Any other status is an error: a 3xx an
    /// [`Error::UnexpectedRedirect`], the rest an [`Error::Api`] (a 2xx an
    /// endpoint does not accept has [`ApiErrorKind::Other`](crate::ApiErrorKind::Other)).
    fn is_success(status: StatusCode) -> bool {
        status.is_success()
    }

    /// The parameters that travel with the access token, in wire order
    /// (`instance_id`, for every instance endpoint): in the query string, or
    /// in the JSON body under [`ParamLocation::JsonBody`](crate::ParamLocation)
    /// when the method carries a body (see the module documentation).
    fn params(&self) -> impl Iterator<Item = (&'static str, &str)>;

    /// The endpoint's own fields (e.g. `phone_number`), in wire order: a
    /// JSON object body, or the query string for a method without a body.
    /// Default: none.
    fn body(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::empty()
    }

    /// The endpoint's own fields that are not strings (a list of objects,
    /// a flag), in wire order after [`body`](Endpoint::body): values in the
    /// JSON body, or their JSON text in the query string for a method
    /// without a body. Default: none.
    fn json_body(&self) -> impl Iterator<Item = (&'static str, &serde_json::Value)> {
        std::iter::empty()
    }

    /// Decodes a success body. Default: [`Decode::decode`] of the output
    /// type; override it when decoding needs the request (e.g. to fill in
    /// the instance id a response omits).
    fn decode(&self, body: &[u8]) -> Result<Self::Output, BodyError> {
        Self::Output::decode(body)
    }

    /// Builds the request for `config`, carrying `token`.
    fn build(&self, config: &Config, token: &AccessToken) -> Result<Request<Vec<u8>>, Error> {
        crate::request::build(self, config, token)
    }

    /// Turns any response into the typed result: the decoded body for a
    /// success, a typed [`Error`] otherwise. Never panics, whatever the
    /// bytes; `token` is used only to redact server text that echoes it.
    fn parse(
        &self,
        response: Response<Vec<u8>>,
        token: &AccessToken,
    ) -> Result<Self::Output, Error> {
        crate::response::parse(self, response, token)
    }
}
