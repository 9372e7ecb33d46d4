//! The machine codes an error answer may carry that name a more precise kind
//! than its status: `subscription_required` and `quota_reached`, both sent
//! with 403.
//!
//! The error bodies were never shown, so the code is looked for anywhere in
//! the body (a JSON `code` or `error` field, an XML element, plain text),
//! in any case.

use crate::error::ApiErrorKind;

/// How much of a body is searched for a code.
const SEARCHED_BYTES: usize = 64 * 1024;

/// The codes, and the kind each names.
const CODES: [(&str, ApiErrorKind); 2] = [
    ("subscription_required", ApiErrorKind::SubscriptionRequired),
    ("quota_reached", ApiErrorKind::QuotaReached),
];

/// `kind`, made precise by a code in `body` when the status is 403 (or a
/// status with no kind of its own, such as 402).
pub(crate) fn refine(kind: ApiErrorKind, body: &[u8]) -> ApiErrorKind {
    if !matches!(kind, ApiErrorKind::Forbidden | ApiErrorKind::Other) {
        return kind;
    }
    let body = &body[..body.len().min(SEARCHED_BYTES)];
    CODES
        .iter()
        .find(|(code, _)| contains_ignoring_case(body, code.as_bytes()))
        .map_or(kind, |(_, refined)| *refined)
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_refine_403_only() {
        let forbidden = ApiErrorKind::Forbidden;
        assert_eq!(
            refine(forbidden, br#"{"code":"SUBSCRIPTION_REQUIRED"}"#),
            ApiErrorKind::SubscriptionRequired
        );
        assert_eq!(
            refine(forbidden, b"<error>quota_reached</error>"),
            ApiErrorKind::QuotaReached
        );
        assert_eq!(refine(forbidden, b"nope"), forbidden);
        assert_eq!(refine(forbidden, b""), forbidden);
        assert_eq!(
            refine(ApiErrorKind::BadRequest, b"quota_reached"),
            ApiErrorKind::BadRequest
        );
    }
}
