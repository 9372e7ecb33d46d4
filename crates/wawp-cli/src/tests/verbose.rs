use super::*;

fn fields(pairs: &[(&'static str, &str)]) -> Fields {
    Fields(pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect())
}

#[test]
fn one_line_per_attempt() {
    let ok = fields(&[
        ("message", "wawp request succeeded"),
        ("method", "POST"),
        ("host", "api.wawp.net"),
        ("path", "/v2/session/logout"),
        ("attempt", "1"),
        ("elapsed_ms", "12.345"),
        ("reused", "true"),
        ("resent", "false"),
    ]);
    assert_eq!(
        render(&ok, Some("A"), false).unwrap(),
        "POST api.wawp.net/v2/session/logout (A) attempt 1: ok in 12.3 ms, reused connection"
    );
    let failed = fields(&[
        ("message", "wawp request failed"),
        ("method", "POST"),
        ("host", "h"),
        ("path", "/p"),
        ("attempt", "2"),
        ("elapsed_ms", "1"),
        ("resent", "true"),
        ("reused", "false"),
        ("status", "503"),
        ("kind", "unavailable"),
        ("maybe_sent", "true"),
        ("error", "HTTP 503 (unavailable)"),
    ]);
    assert_eq!(
        render(&failed, None, false).unwrap(),
        "POST h/p attempt 2 (retry): HTTP 503 unavailable in 1.0 ms, new connection, \
         re-sent once on a new connection (the reused one had closed)"
    );
    assert!(
        render(&failed, None, true)
            .unwrap()
            .ends_with("; may have been sent: HTTP 503 (unavailable)")
    );
    let started = fields(&[("message", "wawp request started"), ("attempt", "1")]);
    assert_eq!(render(&started, None, false), None);
    assert!(render(&started, None, true).unwrap().ends_with(": sending"));
    assert_eq!(render(&fields(&[("message", "other")]), None, true), None);
}
