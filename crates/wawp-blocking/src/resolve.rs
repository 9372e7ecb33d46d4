//! [`LiteralFirst`]: a ureq resolver that answers IP literals itself.
//!
//! ureq resolves the host of every request before it looks in its connection
//! pool, and its `DefaultResolver` does that on a new thread whenever a
//! timeout applies — which, with the SDK, is always. For an IP literal
//! (`http://127.0.0.1:8080/`, `https://[::1]/`) there is nothing to look up,
//! so this resolver builds the address in the calling thread and leaves host
//! names to `DefaultResolver`, unchanged.
//!
//! It uses ureq's `unversioned` resolver API, which ureq may change in a
//! minor version (never in a patch version).
//!
//! Host names are not cached. `std`'s lookup (`getaddrinfo`) gives no TTL,
//! so any fixed lifetime would be a guess that can outlive a record's real
//! TTL (low-TTL fail-over) and, with no view of connect failures here, would
//! keep handing out an address that stopped answering; the system's caching
//! resolver (nscd, systemd-resolved), where there is one, caches with the
//! real TTLs. What a cache would save — one short-lived thread per call —
//! is small beside a call that crosses a network to a host name.

use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::http::uri::Scheme;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// IP literals at once, in the calling thread; host names (and anything
/// else) through ureq's [`DefaultResolver`].
#[derive(Debug, Default)]
pub(crate) struct LiteralFirst {
    fallback: DefaultResolver,
}

impl Resolver for LiteralFirst {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(addr) = ip_literal(uri) else {
            return self.fallback.resolve(uri, config, timeout);
        };
        // As `DefaultResolver` does: an address of a family the
        // configuration excludes is no address.
        if config
            .ip_family()
            .keep_wanted(std::iter::once(addr))
            .next()
            .is_none()
        {
            return Err(ureq::Error::HostNotFound);
        }
        let mut addrs = self.empty();
        addrs.push(addr);
        Ok(addrs)
    }
}

/// The socket address of `uri` if its host is an IP literal (IPv4 dotted
/// quad, or IPv6 in brackets) and its scheme is `http` or `https` (whose
/// default ports are known); `None` otherwise.
fn ip_literal(uri: &Uri) -> Option<SocketAddr> {
    let scheme = uri.scheme()?;
    let authority = uri.authority()?;
    let port = match authority.port_u16() {
        Some(port) => port,
        None if *scheme == Scheme::HTTP => 80,
        None if *scheme == Scheme::HTTPS => 443,
        None => return None,
    };
    let host = authority.host();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(uri: &str) -> Option<SocketAddr> {
        ip_literal(&uri.parse().unwrap())
    }

    #[test]
    fn ip_literals_are_read_with_their_ports() {
        let cases = [
            ("http://127.0.0.1:8080/x?y", "127.0.0.1:8080"),
            ("http://127.0.0.1/", "127.0.0.1:80"),
            ("https://10.1.2.3/", "10.1.2.3:443"),
            ("https://[::1]:8443/", "[::1]:8443"),
            ("http://[::1]/", "[::1]:80"),
            ("https://[2001:db8::7]/", "[2001:db8::7]:443"),
        ];
        for (uri, addr) in cases {
            assert_eq!(literal(uri), Some(addr.parse().unwrap()), "{uri}");
        }
    }

    #[test]
    fn everything_else_is_left_to_the_default_resolver() {
        for uri in [
            "https://api.wawp.net/v2/session/logout",
            "http://localhost:8080/",
            "http://127.1/",
            "http://1.2.3.4.example/",
            "socks5://127.0.0.1/",
            "/relative",
        ] {
            assert_eq!(literal(uri), None, "{uri}");
        }
    }

    fn resolve(uri: &str, config: &Config) -> Result<ResolvedSocketAddrs, ureq::Error> {
        LiteralFirst::default().resolve(&uri.parse().unwrap(), config, NextTimeout::default())
    }

    #[test]
    fn the_ip_family_of_the_config_is_respected() {
        use ureq::config::IpFamily;
        let v4_only = Config::builder().ip_family(IpFamily::Ipv4Only).build();
        let addrs = resolve("http://127.0.0.1:9/", &v4_only).unwrap();
        assert_eq!(&addrs[..], ["127.0.0.1:9".parse().unwrap()]);
        let err = resolve("http://[::1]:9/", &v4_only).unwrap_err();
        assert!(matches!(err, ureq::Error::HostNotFound), "{err}");
        let v6_only = Config::builder().ip_family(IpFamily::Ipv6Only).build();
        let err = resolve("http://127.0.0.1:9/", &v6_only).unwrap_err();
        assert!(matches!(err, ureq::Error::HostNotFound), "{err}");
    }
}
