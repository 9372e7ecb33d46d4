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
mod tests {
    use super::*;
    use std::time::Duration;
    use wawp::http::Response;
    use wawp::{AccessToken, Endpoint, InstanceId, Logout, TransportError};

    fn answered(status: u16, retry_after: Option<&str>) -> Error {
        let mut response = Response::builder().status(status);
        if let Some(after) = retry_after {
            response = response.header("retry-after", after);
        }
        Logout::new(InstanceId::new("I").unwrap())
            .parse(
                response.body(Vec::new()).unwrap(),
                &AccessToken::new("t").unwrap(),
            )
            .unwrap_err()
    }

    #[test]
    fn the_documented_statuses_have_hints() {
        let h = |s| hint(&answered(s, None), "the logout").unwrap();
        assert!(h(401).contains("access token"));
        assert!(h(404).contains("instance id"));
        assert!(h(400).contains("instance id"));
        assert!(h(500).contains("may have happened"));
        assert!(h(502).contains("--retries"));
        assert!(h(504).contains("may have happened") && h(504).contains("--retry-after-send"));
        assert!(h(503).contains("--retries"));
        assert!(
            hint(&answered(429, Some("7")), "the logout")
                .unwrap()
                .contains("wait 7 s")
        );
    }

    #[test]
    fn failures_without_an_answer_have_hints() {
        let t = |k| Error::Transport(TransportError::from_message(k, "x"));
        assert!(
            hint(&t(TransportErrorKind::Connect), "the logout")
                .unwrap()
                .contains("--base-url")
        );
        assert!(
            hint(&t(TransportErrorKind::Connect), "the logout")
                .unwrap()
                .contains("--proxy")
        );
        assert!(
            hint(&t(TransportErrorKind::Tls), "the logout")
                .unwrap()
                .contains("--ca-cert")
        );
        assert!(
            !hint(&t(TransportErrorKind::StaleConnection), "the logout")
                .unwrap()
                .starts_with("nothing was sent")
        );
        assert!(
            hint(&t(TransportErrorKind::Io), "the deletion")
                .unwrap()
                .contains("the deletion may have happened")
        );
        let timeout = Error::Timeout {
            after: Some(Duration::from_secs(1)),
        };
        assert!(hint(&timeout, "the logout").unwrap().contains("--timeout"));
        assert!(
            hint(&Error::BodyTooLarge { limit: 1 }, "the logout")
                .unwrap()
                .contains("--base-url")
        );
        assert!(
            hint(&answered(301, None), "the logout")
                .unwrap()
                .contains("redirects")
        );
        assert!(hint(&answered(418, None), "the logout").is_none());
        assert!(
            hint(&answered(422, None), "the logout")
                .unwrap()
                .contains("wawp info")
        );
    }
}
