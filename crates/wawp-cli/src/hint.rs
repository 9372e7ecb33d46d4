//! What to do about an error: one line of advice per class.

use wawp::{ApiErrorKind, Error, TransportErrorKind};

/// The advice for `error`, if there is any beyond its message; `act` names
/// what was asked ("the logout"), for failures after which it may have
/// happened.
pub(crate) fn hint(error: &Error, act: &str) -> Option<String> {
    let maybe_done = format!("{act} may have happened: check the instance before trying again");
    let text = match error {
        Error::Api(api) => match api.kind {
            ApiErrorKind::BadRequest => {
                "the server found the request incomplete: check the instance id, or try --params body"
                    .to_owned()
            }
            ApiErrorKind::Unauthorized => {
                "check the access token (WAWP_ACCESS_TOKEN_FILE, --access-token-file or WAWP_ACCESS_TOKEN)".to_owned()
            }
            ApiErrorKind::Forbidden => {
                "the token may not manage this instance: check which account owns it".to_owned()
            }
            ApiErrorKind::NotFound => {
                "check the instance id: no session with this id exists for this token".to_owned()
            }
            ApiErrorKind::RateLimited => match api.retry_after {
                Some(after) => format!(
                    "too many requests: wait {} s, or use --retries",
                    after.as_secs().max(1)
                ),
                None => "too many requests: wait a little, or use --retries".to_owned(),
            },
            ApiErrorKind::BadGateway => {
                "the API could not reach WhatsApp: try again later, or use --retries".to_owned()
            }
            ApiErrorKind::Unavailable => {
                "the API is unavailable for now: try again later, or use --retries".to_owned()
            }
            ApiErrorKind::GatewayTimeout => format!(
                "a gateway gave up waiting for the API; {maybe_done} (or use --retries with --retry-after-send)"
            ),
            ApiErrorKind::Server => format!("the server failed; {maybe_done}"),
            kind @ (ApiErrorKind::SubscriptionRequired | ApiErrorKind::QuotaReached) => {
                kind.hint().unwrap_or_default().to_owned()
            }
            // WAHA's (and the simulator's) answer to a call the session's
            // state does not allow.
            _ if api.status.as_u16() == 422 => {
                "the session's state does not allow this now: see it with `wawp info`".to_owned()
            }
            _ => return None,
        },
        Error::Decode(_) | Error::BodyTooLarge { .. } => {
            "this is not the answer the Wawp API gives: check --base-url".to_owned()
        }
        Error::Timeout { .. } => format!("no answer in time; {maybe_done}, or raise --timeout"),
        Error::UnexpectedRedirect { .. } => {
            "redirects are not followed, since the request carries the token: check --base-url"
                .to_owned()
        }
        Error::Transport(t) => match t.kind() {
            TransportErrorKind::Connect => {
                "nothing was sent: check --base-url, the network and any proxy (--proxy, HTTPS_PROXY, --no-proxy)"
                    .to_owned()
            }
            TransportErrorKind::Tls => {
                "nothing was sent: the certificate was not trusted or the TLS handshake failed; \
                 check --base-url, --ca-cert (for a private or corporate CA) and the system clock"
                    .to_owned()
            }
            _ => format!("the connection failed; {maybe_done}"),
        },
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
#[path = "tests/hint.rs"]
mod tests;
