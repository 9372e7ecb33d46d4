//! Request building: exact bytes on the wire.

use std::time::Duration;

use http::Method;
use wawp_core::{
    AccessToken, Config, Endpoint, Error, InputError, InstanceId, Logout, ParamLocation,
};

fn token() -> AccessToken {
    AccessToken::new("tok/en+=&?").unwrap()
}

fn build(config: &Config, id: &str) -> http::Request<Vec<u8>> {
    Logout::new(InstanceId::new(id).unwrap())
        .build(config, &token())
        .unwrap()
}

#[test]
fn documented_url_with_reserved_characters() {
    let request = build(&Config::default(), "a b/c?d&e=f#g%h+é");
    assert_eq!(request.method(), Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.wawp.net/v2/session/logout?instance_id=a+b%2Fc%3Fd%26e%3Df%23g%25h%2B%C3%A9&access_token=tok%2Fen%2B%3D%26%3F"
    );
    assert!(request.body().is_empty());
    let h = request.headers();
    // An empty POST body: its length, and no Content-Type.
    assert_eq!(h.get("content-type"), None);
    assert_eq!(h["accept"], "application/json");
    assert_eq!(h["content-length"], "0");
    assert_eq!(
        h["user-agent"],
        concat!("wawp-rs/", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(h.len(), 3);
}

#[test]
fn json_body_mode() {
    let mut config = Config::default();
    config.params = ParamLocation::JsonBody;
    let request = build(&config, "a\"b\\é");
    assert_eq!(
        request.uri().to_string(),
        "https://api.wawp.net/v2/session/logout"
    );
    let body = std::str::from_utf8(request.body()).unwrap();
    assert_eq!(
        body,
        r#"{"instance_id":"a\"b\\é","access_token":"tok/en+=&?"}"#
    );
    assert_eq!(request.headers()["content-length"], body.len().to_string());
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers().len(), 4);
}

#[test]
fn base_url_variants() {
    for (base, expected) in [
        (
            "https://api.wawp.net",
            "https://api.wawp.net/v2/session/logout",
        ),
        (
            "https://api.wawp.net/",
            "https://api.wawp.net/v2/session/logout",
        ),
        (
            "https://proxy.example/wawp",
            "https://proxy.example/wawp/v2/session/logout",
        ),
        (
            "https://proxy.example/wawp/",
            "https://proxy.example/wawp/v2/session/logout",
        ),
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/v2/session/logout",
        ),
        ("http://[::1]:9/p/", "http://[::1]:9/p/v2/session/logout"),
        ("http://localhost:9", "http://localhost:9/v2/session/logout"),
    ] {
        let config = Config::default().with_base_url(base).unwrap();
        let uri = build(&config, "x").uri().to_string();
        assert_eq!(uri.split('?').next(), Some(expected), "{base}");
    }
}

#[test]
fn base_url_authority_and_loopback() {
    use wawp_core::BaseUrl;
    for (base, authority, loopback) in [
        ("https://api.wawp.net", "api.wawp.net", false),
        (
            "https://api.wawp.net:8443/wawp/",
            "api.wawp.net:8443",
            false,
        ),
        ("http://127.0.0.1:8080", "127.0.0.1:8080", true),
        ("http://127.9.9.9/p", "127.9.9.9", true),
        ("http://[::1]:9/p/", "[::1]:9", true),
        ("http://[::2]:9/p/", "[::2]:9", false),
        ("http://LocalHost:9", "LocalHost:9", true),
        ("http://localhost.example", "localhost.example", false),
        ("http://128.0.0.1", "128.0.0.1", false),
    ] {
        let url = BaseUrl::parse(base).unwrap();
        assert_eq!(url.authority(), authority, "{base}");
        assert_eq!(url.is_loopback(), loopback, "{base}");
    }
    let default = BaseUrl::default();
    assert_eq!(
        default,
        BaseUrl::parse(wawp_core::DEFAULT_BASE_URL).unwrap()
    );
    assert_eq!(default.authority(), "api.wawp.net");
    assert!(!default.is_loopback());
}

#[test]
fn invalid_base_urls() {
    for base in [
        "",
        "api.wawp.net",
        "ftp://api.wawp.net",
        "https://api.wawp.net/?a=b",
        "https://api.wawp.net/#x",
        "https://user:pw@api.wawp.net",
        "https:// spaced",
    ] {
        let err = Config::default().with_base_url(base).unwrap_err();
        assert!(
            matches!(err, InputError::InvalidBaseUrl { .. }),
            "{base}: {err:?}"
        );
    }
}

#[test]
fn plain_http_refused_off_loopback() {
    let config = Config::default()
        .with_base_url("http://api.wawp.net")
        .unwrap();
    let err = Logout::new(InstanceId::new("x").unwrap())
        .build(&config, &token())
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput(InputError::InsecureBaseUrl { ref host }) if host == "api.wawp.net"
    ));
    assert!(!err.to_string().contains("tok/en"));
    let mut allowed = config;
    allowed.allow_insecure_http = true;
    assert!(
        Logout::new(InstanceId::new("x").unwrap())
            .build(&allowed, &token())
            .is_ok()
    );
}

#[test]
fn limits_follow_config() {
    let mut config = Config::default();
    config.timeout = Some(Duration::from_secs(2));
    config.max_response_bytes = 10;
    let limits = config.limits();
    assert_eq!(limits.timeout, Some(Duration::from_secs(2)));
    assert_eq!(limits.max_response_bytes, 10);
    // The default 10 s connect timeout never outlasts a shorter total: it
    // ends strictly before it (95 %, and at least 100 ms before), so a
    // stalled connect is a Connect failure, not a Timeout.
    assert_eq!(limits.connect_timeout, Some(Duration::from_millis(1900)));
    config.connect_timeout = Some(Duration::from_secs(1));
    assert_eq!(
        config.limits().connect_timeout,
        Some(Duration::from_secs(1))
    );
    config.connect_timeout = None;
    assert_eq!(
        config.limits().connect_timeout,
        Some(Duration::from_millis(1900))
    );
    config.connect_timeout = Some(Duration::from_secs(10));
    config.timeout = None;
    assert_eq!(
        config.limits().connect_timeout,
        Some(Duration::from_secs(10))
    );
}

#[test]
fn custom_user_agent() {
    let config = Config::default().with_user_agent("my-app/1.0").unwrap();
    assert_eq!(build(&config, "x").headers()["user-agent"], "my-app/1.0");
    assert!(Config::default().with_user_agent("bad\nagent").is_err());
}
