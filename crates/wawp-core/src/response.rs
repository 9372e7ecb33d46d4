//! Turning any response into a typed result: success bodies, redirects and
//! error answers, shared by every endpoint: one error parsing for all.

use http::Response;

use crate::endpoint::Endpoint;
use crate::error::{DecodeError, Error};
use crate::error_body;
use crate::input::AccessToken;
use crate::redact::{Redactor, bounded};

/// Longest snippet of a raw body kept in an error, in bytes.
pub(crate) const SNIPPET_BYTES: usize = 1024;

pub(crate) fn parse<E: Endpoint + ?Sized>(
    endpoint: &E,
    response: Response<Vec<u8>>,
    token: &AccessToken,
) -> Result<E::Output, Error> {
    let status = response.status();
    if E::is_success(status) {
        return endpoint.decode(response.body()).map_err(|reason| {
            let redactor = Redactor::new(token);
            Error::Decode(DecodeError {
                status,
                reason: bounded(&redactor.apply(&reason.to_string()), 512),
                snippet: snippet(response.body(), &redactor),
            })
        });
    }
    let redactor = Redactor::new(token);
    if status.is_redirection() {
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .map(|l| bounded(&redactor.apply(&String::from_utf8_lossy(l.as_bytes())), 512));
        return Err(Error::UnexpectedRedirect { status, location });
    }
    Err(Error::Api(error_body::api_error(&response, &redactor)))
}

/// The start of `body`, lossily decoded, redacted, bounded.
pub(crate) fn snippet(body: &[u8], redactor: &Redactor<'_>) -> String {
    // Read past the bound by the longest encoded token, so a token that
    // straddles it is whole when redacted; keep nothing past the bound.
    let window = body.len().min(SNIPPET_BYTES + redactor.longest_form() + 1);
    let text = String::from_utf8_lossy(&body[..window]);
    let mut snippet = bounded(&redactor.apply_cut(&text, SNIPPET_BYTES), SNIPPET_BYTES);
    if body.len() > SNIPPET_BYTES && !snippet.ends_with('…') {
        snippet.push('…');
    }
    snippet
}
