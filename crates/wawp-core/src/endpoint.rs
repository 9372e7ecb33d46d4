//! The [`Endpoint`] trait: one API operation as a pair of pure functions.
//!
//! An endpoint names its method, path and parameters and decodes its success
//! body; everything else (URL building, encoding, headers, error
//! classification, redaction) is shared and lives in [`crate::request`] and
//! [`crate::response`]. Adding an endpoint is one new file that implements
//! this trait; transports and clients do not change.

use http::{Method, Request, Response};

use crate::config::Config;
use crate::error::Error;
use crate::input::AccessToken;
use crate::retry::Repeat;

/// One API operation.
pub trait Endpoint {
    /// What a successful call returns.
    type Output;

    /// The HTTP method.
    const METHOD: Method;

    /// The path below the base URL, e.g. `/v2/session/logout`.
    const PATH: &'static str;

    /// Whether a call may be repeated, which decides what automatic retries
    /// may repeat (see [`Repeat`]).
    const REPEAT: Repeat;

    /// The request parameters other than the access token, in wire order.
    fn params(&self) -> impl Iterator<Item = (&'static str, &str)>;

    /// Decodes a 2xx body; the error says what was wrong.
    fn parse_body(&self, body: &[u8]) -> Result<Self::Output, String>;

    /// Builds the request for `config`, carrying `token`.
    fn build(&self, config: &Config, token: &AccessToken) -> Result<Request<Vec<u8>>, Error> {
        crate::request::build(config, token, Self::METHOD, Self::PATH, self.params())
    }

    /// Turns any response into the typed result: the decoded body for 2xx, a
    /// typed [`Error`] otherwise. Never panics, whatever the bytes; `token` is
    /// used only to redact server text that echoes it.
    fn parse(
        &self,
        response: Response<Vec<u8>>,
        token: &AccessToken,
    ) -> Result<Self::Output, Error> {
        crate::response::parse(self, response, token)
    }
}
