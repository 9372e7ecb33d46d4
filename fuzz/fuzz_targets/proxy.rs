//! Proxy settings from outside text: a proxy URL (`Proxy::url`,
//! `HTTPS_PROXY`) and a `NO_PROXY` list, and the route they give a request
//! to a host. Never a panic; a parsed proxy reads back as itself from the
//! URL it gives to HTTP libraries, has a usable `uri()`, and never shows its
//! password; a host named in `NO_PROXY` goes direct, and so does every host
//! under `NO_PROXY=*`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secrecy::ExposeSecret as _;
use wawp_core::http::Uri;
use wawp_core::{Proxy, ProxyUrl};

const PASSWORD: &str = "pw-7Hq!Zr0";

/// The URL `text` parses to, checked.
fn proxy_url(text: &str) -> Option<ProxyUrl> {
    let proxy = ProxyUrl::parse(text).ok()?;
    let url = proxy.to_url_with_credentials();
    // Percent-encoding credentials may take it past the 2048 bytes a proxy
    // URL may have: it is given to HTTP libraries, not parsed again.
    if url.expose_secret().len() > 2048 {
        return Some(proxy);
    }
    let again = ProxyUrl::parse(url.expose_secret())
        .expect("the URL a proxy gives to HTTP libraries parses");
    assert_eq!(
        (again.host(), again.port(), again.credentials()),
        (proxy.host(), proxy.port(), proxy.credentials())
    );
    assert_ne!(proxy.uri(), "http://invalid/", "{proxy}");
    assert_eq!(proxy.credentials().is_some(), proxy.basic_auth().is_some());
    Some(proxy)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let (url, no_proxy, host) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    proxy_url(url);

    // The same authority with a known password: never shown.
    let authority = url.split_once("://").map_or(url, |(_, rest)| rest);
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let user = url.split(['@', ':', '/']).next().unwrap_or_default();
    let with_password = format!("http://{user}:{PASSWORD}@{hostport}");
    if let Some(proxy) = proxy_url(&with_password) {
        for shown in [proxy.to_string(), format!("{proxy:?}")] {
            assert!(!shown.contains(PASSWORD), "{shown}");
        }
    }
    let rules = Proxy::from_vars([
        ("HTTPS_PROXY", with_password.as_str()),
        ("NO_PROXY", no_proxy),
    ])
    .rules();
    assert!(!format!("{rules:?}").contains(PASSWORD));
    let route = |host: &str| {
        let uri: Uri = format!("https://{host}/").parse().ok()?;
        Some(rules.route(&uri))
    };
    if let Some(Err(e)) = route(host) {
        assert!(!e.to_string().contains(PASSWORD), "{e}");
    }
    // Every plain domain named in NO_PROXY, and its subdomains, go direct.
    let proxied = !rules.is_direct() && ProxyUrl::parse(&with_password).is_ok();
    for name in no_proxy.split([',', ' ', '\t']) {
        let plain = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
            && !name.starts_with('.')
            && !name.ends_with('.')
            && name.parse::<std::net::IpAddr>().is_err();
        if proxied && plain {
            for host in [name.to_owned(), format!("sub.{name}")] {
                if let Some(route) = route(&host) {
                    assert!(
                        matches!(route, Ok(None)),
                        "{host} is in NO_PROXY={no_proxy:?}"
                    );
                }
            }
        }
    }
    // NO_PROXY=* sends everything direct.
    let all =
        Proxy::from_vars([("HTTPS_PROXY", with_password.as_str()), ("NO_PROXY", "*")]).rules();
    if let Ok(uri) = format!("https://{host}/").parse::<Uri>() {
        assert!(matches!(all.route(&uri), Ok(None)), "{host}");
    }
});
