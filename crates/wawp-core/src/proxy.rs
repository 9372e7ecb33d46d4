//! [`Proxy`]: which proxy carries a request, decided here, once, for every
//! transport.
//!
//! The rules are curl's: an `https` request goes through `https_proxy` /
//! `HTTPS_PROXY`, else `all_proxy` / `ALL_PROXY`, unless its host matches
//! `no_proxy` / `NO_PROXY`; an explicit proxy replaces the variables; and
//! [`Proxy::none`] turns proxies off. Two rules are our own:
//!
//! - **Plain `http` is never proxied.** It is only allowed to loopback (see
//!   [`Config::check_secure`](crate::Config::check_secure)), and a proxy
//!   would see the access token in the request line.
//! - **Only `http://` proxies, through `CONNECT`.** The proxy sees the
//!   target's host and port, never the path or the query string that holds
//!   the token; TLS runs end to end inside the tunnel.
//!
//! Transports ask [`ProxyRules::route`] for each request, so the same
//! request takes the same route on every transport.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use base64::Engine as _;
use http::{HeaderValue, Uri};
use secrecy::{ExposeSecret, SecretString};

use crate::input::InputError;
use crate::transport::{TransportError, TransportErrorKind};

/// The proxy setting of a client: the environment (the default), an
/// explicit proxy, or none.
///
/// ```
/// use wawp_core::Proxy;
/// let corporate = Proxy::url("http://alice:s3cret@proxy.internal:3128")?;
/// // The password is never printed.
/// assert_eq!(format!("{corporate:?}"), "Proxy(http://alice:[redacted]@proxy.internal:3128)");
///
/// let rules = Proxy::from_vars([("HTTPS_PROXY", "http://proxy:3128"), ("NO_PROXY", ".internal")]).rules();
/// let api: http::Uri = "https://api.wawp.net/v2/session/logout".parse()?;
/// assert_eq!(rules.route(&api)?.map(|p| p.host()), Some("proxy"));
/// let local: http::Uri = "https://wawp.internal/v2".parse()?;
/// assert!(rules.route(&local)?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct Proxy(Source);

#[derive(Clone, Default)]
enum Source {
    /// Read the process environment when the rules are made.
    #[default]
    Env,
    /// Fixed rules.
    Rules(Arc<ProxyRules>),
}

impl Proxy {
    /// The proxy the environment names (`HTTPS_PROXY`, `ALL_PROXY`,
    /// `NO_PROXY`, lower case first, as curl reads them), read when a
    /// transport is built. The default. A variable that is set but cannot
    /// be used — not UTF-8, not a usable proxy URL, a `NO_PROXY` entry that
    /// can never match (a CIDR such as `/99`) — fails every `https` request
    /// before anything is sent, naming the variable but never its value.
    pub fn from_env() -> Self {
        Self(Source::Env)
    }

    /// No proxy, whatever the environment says.
    pub fn none() -> Self {
        Self::from_rules(ProxyRules::default())
    }

    /// Every `https` request through the proxy at `url` (`http://host:port`,
    /// optionally with `user:password@`), whatever the environment says.
    pub fn url(url: &str) -> Result<Self, InputError> {
        Ok(Self::from_rules(ProxyRules {
            https: Some(Ok(ProxyUrl::parse(url)?)),
            no_proxy: Ok(NoProxy::default()),
        }))
    }

    /// Like [`Proxy::from_env`], from the variables given instead of the
    /// process environment (for tests, or settings read from a file).
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
            .collect();
        Self::from_rules(ProxyRules::from_lookup(|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        }))
    }

    fn from_rules(rules: ProxyRules) -> Self {
        Self(Source::Rules(Arc::new(rules)))
    }

    /// The rules in force: for [`Proxy::from_env`], the environment as it
    /// is now.
    pub fn rules(&self) -> Arc<ProxyRules> {
        match &self.0 {
            Source::Env => Arc::new(ProxyRules::from_values(|name| {
                std::env::var_os(name).map(|v| v.into_string().map_err(drop))
            })),
            Source::Rules(rules) => Arc::clone(rules),
        }
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Env => f.write_str("Proxy(from the environment)"),
            Source::Rules(rules) => match &rules.https {
                None => f.write_str("Proxy(none)"),
                Some(Ok(url)) if rules.no_proxy.as_ref().is_ok_and(NoProxy::is_empty) => {
                    write!(f, "Proxy({url})")
                }
                Some(_) => write!(f, "Proxy({rules:?})"),
            },
        }
    }
}

/// The proxy rules for `https` requests, resolved from a [`Proxy`].
#[derive(Clone)]
pub struct ProxyRules {
    /// The proxy for `https`, or why the variable naming it is unusable.
    https: Option<Result<ProxyUrl, InvalidProxyVar>>,
    /// The hosts reached directly, or why `NO_PROXY` is unusable.
    no_proxy: Result<NoProxy, InvalidProxyVar>,
}

/// A proxy variable whose value is not a usable proxy URL. Every request it
/// would carry fails with a `Connect` error naming the variable (never its
/// value, which may hold a password): silently going direct could break a
/// network policy.
#[derive(Clone, Debug)]
struct InvalidProxyVar {
    var: &'static str,
    reason: String,
}

fn invalid(var: &'static str, reason: &str) -> InvalidProxyVar {
    InvalidProxyVar {
        var,
        reason: reason.to_owned(),
    }
}

impl Default for ProxyRules {
    /// No proxy.
    fn default() -> Self {
        Self {
            https: None,
            no_proxy: Ok(NoProxy::default()),
        }
    }
}

impl ProxyRules {
    /// The rules the variables `lookup` answers give, as curl reads them.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        Self::from_values(|name| lookup(name).map(Ok))
    }

    /// The rules from variables that may not be UTF-8 (`Err(())`): such a
    /// value is unusable, never taken as unset. Every proxy variable set is
    /// checked, also one a variable read first shadows: an unusable setting
    /// fails closed wherever it is.
    fn from_values(lookup: impl Fn(&str) -> Option<Result<String, ()>>) -> Self {
        // The first of `names` that is set and not blank, with its value.
        let var = |names: [&'static str; 2]| {
            names.into_iter().find_map(|name| match lookup(name)? {
                Ok(v) if v.trim().is_empty() => None,
                Ok(v) => Some((name, Ok(v))),
                Err(()) => Some((name, Err(invalid(name, "it is not valid UTF-8")))),
            })
        };
        let proxy = |name: &'static str| match lookup(name)? {
            Ok(v) if v.trim().is_empty() => None,
            Ok(v) => Some(ProxyUrl::parse(v.trim()).map_err(|e| InvalidProxyVar {
                var: name,
                reason: e.to_string(),
            })),
            Err(()) => Some(Err(invalid(name, "it is not valid UTF-8"))),
        };
        let set: Vec<Result<ProxyUrl, InvalidProxyVar>> =
            ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
                .into_iter()
                .filter_map(proxy)
                .collect();
        let https = match set.iter().find(|p| p.is_err()) {
            Some(unusable) => Some(unusable.clone()),
            None => set.into_iter().next(),
        };
        let no_proxy = match var(["no_proxy", "NO_PROXY"]) {
            None => Ok(NoProxy::default()),
            Some((name, value)) => {
                value.and_then(|v| NoProxy::parse(&v).map_err(|r| invalid(name, r)))
            }
        };
        Self { https, no_proxy }
    }

    /// The proxy `uri` goes through: `None` for a direct connection (plain
    /// `http`, a host matching `NO_PROXY`, or no proxy configured). An
    /// unusable proxy variable — `HTTPS_PROXY`, `ALL_PROXY` or `NO_PROXY`
    /// not UTF-8, not a usable URL, or a `NO_PROXY` entry that cannot
    /// match — is a `Connect` error naming the variable, never its value:
    /// the request is not sent.
    pub fn route(&self, uri: &Uri) -> Result<Option<&ProxyUrl>, TransportError> {
        if uri.scheme_str() != Some("https") {
            return Ok(None);
        }
        let unusable = |bad: &InvalidProxyVar| {
            TransportError::from_message(
                TransportErrorKind::Connect,
                format!("{} is not a usable proxy setting: {}", bad.var, bad.reason),
            )
        };
        let no_proxy = self.no_proxy.as_ref().map_err(unusable)?;
        let host = uri.host().unwrap_or_default();
        match &self.https {
            None => Ok(None),
            Some(_) if no_proxy.matches(host) => Ok(None),
            Some(Ok(proxy)) => Ok(Some(proxy)),
            Some(Err(bad)) => Err(unusable(bad)),
        }
    }

    /// Whether no request is ever proxied (and none refused for an
    /// unusable `NO_PROXY`).
    pub fn is_direct(&self) -> bool {
        self.https.is_none() && self.no_proxy.is_ok()
    }
}

impl fmt::Debug for ProxyRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ProxyRules");
        match &self.https {
            None => d.field("https", &"direct"),
            Some(Ok(url)) => d.field("https", &format_args!("{url}")),
            Some(Err(bad)) => d.field("https", &format_args!("invalid {}", bad.var)),
        };
        match &self.no_proxy {
            Ok(no_proxy) => d.field("no_proxy", no_proxy),
            Err(bad) => d.field("no_proxy", &format_args!("invalid {}", bad.var)),
        };
        d.finish()
    }
}

/// An `http://` proxy: host, port (default 1080, as curl's), and optional
/// credentials for `Proxy-Authorization: Basic`. `Debug` and `Display`
/// never show the password.
#[derive(Clone)]
pub struct ProxyUrl {
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<SecretString>,
}

impl ProxyUrl {
    /// Parses `http://[user[:password]@]host[:port][/]`. A URL without a
    /// scheme is taken as `http://`, as curl does. Other schemes (`https`,
    /// `socks5`) are refused: only `CONNECT` through an `http` proxy is
    /// supported. User and password may be percent-encoded.
    pub fn parse(url: &str) -> Result<Self, InputError> {
        let invalid = |reason: &str| InputError::InvalidProxy {
            reason: reason.to_owned(),
        };
        if url.len() > 2048 {
            return Err(invalid("longer than 2048 bytes"));
        }
        if url.chars().any(char::is_control) {
            return Err(invalid("it contains a control character"));
        }
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => {
                return Err(invalid(
                    "only http:// proxies are supported (https goes through CONNECT)",
                ));
            }
            None => url,
        };
        let authority = rest.trim_end_matches('/');
        if authority.contains(['/', '?', '#']) {
            return Err(invalid("a proxy URL has no path, query or fragment"));
        }
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (username, password) = match userinfo {
            None => (None, None),
            Some(u) => {
                let (user, pass) = u.split_once(':').unwrap_or((u, ""));
                let user = percent_decode(user).ok_or_else(|| invalid("bad percent-encoding"))?;
                let pass = percent_decode(pass).ok_or_else(|| invalid("bad percent-encoding"))?;
                (Some(user), Some(SecretString::from(pass)))
            }
        };
        let authority: http::uri::Authority = hostport
            .parse()
            .map_err(|_| invalid("not a valid host[:port]"))?;
        let host = authority.host();
        if host.is_empty() {
            return Err(invalid("it has no host"));
        }
        // `Authority` reads `pr[fe80::1]:80` as the host `pr[fe80`: only a
        // whole bracketed IPv6 address may hold brackets or colons.
        let valid_host = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(v6) => {
                let address = v6.split_once("%25").map_or(v6, |(address, _zone)| address);
                address.parse::<std::net::Ipv6Addr>().is_ok()
            }
            None => !host.contains(['[', ']', ':']),
        };
        if !valid_host {
            return Err(invalid("not a valid host[:port]"));
        }
        // `Authority::port` is `None` for a port out of range: read it here.
        let port = match hostport.strip_prefix(host) {
            Some("") => 1080,
            Some(rest) => rest
                .strip_prefix(':')
                .and_then(|port| port.parse().ok())
                .ok_or_else(|| invalid("the port is not a number from 0 to 65535"))?,
            None => return Err(invalid("not a valid host[:port]")),
        };
        Ok(Self {
            host: host.to_owned(),
            port,
            username,
            password,
        })
    }

    /// The proxy's host (an IPv6 address in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://host:port`, without credentials.
    pub fn uri(&self) -> Uri {
        let text = format!("http://{}:{}", self.host, self.port);
        // A host that parsed as an authority, and a port: always valid.
        text.parse()
            .unwrap_or_else(|_| Uri::from_static("http://invalid"))
    }

    /// The user name and password, if any (the password exposed: hand it
    /// only to the HTTP library that speaks to the proxy).
    pub fn credentials(&self) -> Option<(&str, &str)> {
        let user = self.username.as_deref()?;
        let pass = self.password.as_ref().map_or("", |p| p.expose_secret());
        Some((user, pass))
    }

    /// The `Proxy-Authorization` value for the credentials, marked
    /// sensitive.
    pub fn basic_auth(&self) -> Option<HeaderValue> {
        let (user, pass) = self.credentials()?;
        let mut value = HeaderValue::try_from(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
        ))
        .ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// `http://user:password@host:port` with the user name and password
    /// percent-encoded, for libraries that take the credentials in the URL.
    /// Exposes the password: never print it.
    pub fn to_url_with_credentials(&self) -> SecretString {
        let mut url = String::from("http://");
        if let Some((user, pass)) = self.credentials() {
            url.push_str(&percent_encode(user));
            url.push(':');
            url.push_str(&percent_encode(pass));
            url.push('@');
        }
        url.push_str(&self.host);
        url.push(':');
        url.push_str(&self.port.to_string());
        SecretString::from(url)
    }
}

impl fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.username {
            Some(user) => write!(
                f,
                "http://{}:[redacted]@{}:{}",
                percent_encode(user),
                self.host,
                self.port
            ),
            None => write!(f, "http://{}:{}", self.host, self.port),
        }
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyUrl({self})")
    }
}

/// `NO_PROXY`: `*`, domain names (matching the name and its subdomains; a
/// leading `.` or `*.` is ignored), IP addresses and CIDR blocks. Ports are
/// ignored, as curl does.
#[derive(Clone, Debug, Default)]
struct NoProxy {
    all: bool,
    domains: Vec<String>,
    networks: Vec<(IpAddr, u8)>,
}

impl NoProxy {
    /// The entries of `list`; the reason (never the entry, which the
    /// caller does not print either) for the first that can never match.
    fn parse(list: &str) -> Result<Self, &'static str> {
        let mut out = Self::default();
        for entry in list
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            if entry == "*" {
                out.all = true;
                continue;
            }
            if let Some((ip, bits)) = entry.split_once('/') {
                let ip = strip_brackets(ip)
                    .parse::<IpAddr>()
                    .map_err(|_| "a CIDR entry whose address is not an IP address")?;
                let max = if ip.is_ipv4() { 32 } else { 128 };
                match bits.parse::<u8>() {
                    Ok(bits) if bits <= max => out.networks.push((ip, bits)),
                    _ => return Err("a CIDR entry whose prefix length is out of range"),
                }
                continue;
            }
            let host = strip_port(entry);
            if let Ok(ip) = strip_brackets(host).parse::<IpAddr>() {
                let bits = if ip.is_ipv4() { 32 } else { 128 };
                out.networks.push((ip, bits));
                continue;
            }
            let domain = host.trim_start_matches('*').trim_start_matches('.');
            if !domain.is_empty() {
                out.domains.push(domain.to_ascii_lowercase());
            }
        }
        Ok(out)
    }

    fn is_empty(&self) -> bool {
        !self.all && self.domains.is_empty() && self.networks.is_empty()
    }

    fn matches(&self, host: &str) -> bool {
        if self.all {
            return true;
        }
        let host = strip_brackets(host);
        if let Ok(ip) = host.parse::<IpAddr>() {
            return self
                .networks
                .iter()
                .any(|&(net, bits)| in_network(ip, net, bits));
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|d| {
            host == *d
                || (host.len() > d.len()
                    && host.ends_with(d.as_str())
                    && host.as_bytes()[host.len() - d.len() - 1] == b'.')
        })
    }
}

fn in_network(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

fn strip_brackets(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// `host` from `host:port`, `[v6]` from `[v6]:port`; a bare IPv6 address
/// is left whole.
fn strip_port(entry: &str) -> &str {
    if let Some(rest) = entry.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => entry,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(vars: &[(&str, &str)]) -> Arc<ProxyRules> {
        Proxy::from_vars(vars.iter().copied()).rules()
    }

    fn route(rules: &ProxyRules, uri: &str) -> Option<String> {
        rules
            .route(&uri.parse().unwrap())
            .unwrap()
            .map(|p| format!("{}:{}", p.host(), p.port()))
    }

    #[test]
    fn https_goes_through_https_proxy_then_all_proxy() {
        let r = rules(&[("HTTPS_PROXY", "http://p1:3128"), ("ALL_PROXY", "p2:8080")]);
        assert_eq!(
            route(&r, "https://api.wawp.net/x").as_deref(),
            Some("p1:3128")
        );
        let r = rules(&[("ALL_PROXY", "p2:8080")]);
        assert_eq!(
            route(&r, "https://api.wawp.net/x").as_deref(),
            Some("p2:8080")
        );
        let r = rules(&[
            ("https_proxy", "http://lower"),
            ("HTTPS_PROXY", "http://upper"),
        ]);
        assert_eq!(route(&r, "https://a/").as_deref(), Some("lower:1080"));
        let r = rules(&[("https_proxy", "  "), ("HTTPS_PROXY", "http://upper:1")]);
        assert_eq!(route(&r, "https://a/").as_deref(), Some("upper:1"));
    }

    #[test]
    fn plain_http_is_never_proxied() {
        let r = rules(&[("HTTPS_PROXY", "http://p:1"), ("ALL_PROXY", "http://p:2")]);
        assert_eq!(route(&r, "http://127.0.0.1:8080/x"), None);
        let explicit = Proxy::url("http://p:3").unwrap().rules();
        assert_eq!(route(&explicit, "http://localhost/x"), None);
        assert_eq!(
            route(&explicit, "https://localhost/x").as_deref(),
            Some("p:3")
        );
    }

    #[test]
    fn no_proxy_matches_domains_ips_and_networks() {
        let r = rules(&[
            ("HTTPS_PROXY", "http://p:1"),
            (
                "NO_PROXY",
                "example.com, .internal,*.corp:443, 10.0.0.0/8, ::1, 192.168.1.7",
            ),
        ]);
        for direct in [
            "https://example.com/",
            "https://api.example.com/",
            "https://EXAMPLE.COM./",
            "https://x.internal/",
            "https://internal/",
            "https://a.b.corp/",
            "https://10.1.2.3/",
            "https://[::1]:8443/",
            "https://192.168.1.7/",
        ] {
            assert_eq!(route(&r, direct), None, "{direct}");
        }
        for proxied in [
            "https://notexample.com/",
            "https://example.com.evil/",
            "https://11.0.0.1/",
            "https://192.168.1.8/",
            "https://[::2]/",
        ] {
            assert!(route(&r, proxied).is_some(), "{proxied}");
        }
        let all = rules(&[("HTTPS_PROXY", "http://p:1"), ("no_proxy", "*")]);
        assert_eq!(route(&all, "https://api.wawp.net/"), None);
    }

    #[test]
    fn none_and_empty_environments_are_direct() {
        assert!(Proxy::none().rules().is_direct());
        assert!(rules(&[]).is_direct());
        assert!(rules(&[("NO_PROXY", "*")]).is_direct());
    }

    #[test]
    fn an_unusable_variable_fails_the_request_without_its_value() {
        let r = rules(&[("HTTPS_PROXY", "socks5://u:topsecret@p:1")]);
        let err = r.route(&"https://a/".parse().unwrap()).unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Connect);
        assert!(err.message().contains("HTTPS_PROXY"), "{err}");
        assert!(!err.to_string().contains("topsecret"), "{err}");
        assert!(!format!("{r:?}").contains("topsecret"));
        // Plain http still goes direct.
        assert_eq!(route(&r, "http://127.0.0.1/"), None);
    }

    #[test]
    fn an_unusable_no_proxy_or_a_non_utf8_value_is_refused_by_name() {
        let https = "https://api.wawp.net/".parse().unwrap();
        for (vars, var) in [
            (
                &[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "10.9.0.0/99")][..],
                "NO_PROXY",
            ),
            (&[("no_proxy", "10.9.0.0/x")][..], "no_proxy"),
            (&[("NO_PROXY", "[::1]/129")][..], "NO_PROXY"),
            (&[("NO_PROXY", "not-an-ip/8")][..], "NO_PROXY"),
        ] {
            let r = rules(vars);
            assert!(!r.is_direct(), "{vars:?}");
            let err = r.route(&https).unwrap_err();
            assert_eq!(err.kind(), TransportErrorKind::Connect);
            assert!(err.message().starts_with(var), "{err}");
            let value = vars.iter().find(|(k, _)| *k == var).unwrap().1;
            assert!(!err.to_string().contains(value), "{err}");
            assert!(!format!("{r:?}").contains(value), "{r:?}");
        }
        // Largest prefixes are usable.
        assert!(
            rules(&[("NO_PROXY", "10.0.0.0/32, ::/128, ::/0")])
                .route(&https)
                .is_ok()
        );
        let non_utf8 = |bad: &'static str| {
            move |name: &str| {
                if name == bad {
                    Some(Err(()))
                } else if name == "HTTPS_PROXY" {
                    Some(Ok("http://p:1".to_owned()))
                } else {
                    None
                }
            }
        };
        for bad in ["https_proxy", "ALL_PROXY", "NO_PROXY"] {
            let r = ProxyRules::from_values(non_utf8(bad));
            let err = r.route(&https).unwrap_err();
            assert!(err.message().starts_with(bad), "{bad}: {err}");
            assert!(err.message().contains("UTF-8"), "{bad}: {err}");
        }
    }

    #[test]
    fn proxy_urls_parse_and_never_show_the_password() {
        let p = ProxyUrl::parse("http://al%40ice:p%3Ass@[::1]:3128/").unwrap();
        assert_eq!((p.host(), p.port()), ("[::1]", 3128));
        assert_eq!(p.credentials(), Some(("al@ice", "p:ss")));
        assert_eq!(p.to_string(), "http://al%40ice:[redacted]@[::1]:3128");
        assert!(!format!("{p:?}").contains("p:ss"));
        assert_eq!(p.uri(), "http://[::1]:3128/");
        assert_eq!(
            p.to_url_with_credentials().expose_secret(),
            "http://al%40ice:p%3Ass@[::1]:3128"
        );
        let auth = p.basic_auth().unwrap();
        assert!(auth.is_sensitive());
        assert_eq!(auth, "Basic YWxAaWNlOnA6c3M=");
        for bad in [
            "https://p:1",
            "socks5://p:1",
            "http://p:1/path",
            "http://p:1?q",
            "http://",
            "http://p:99999",
            "http://p\n:1",
            "http://u:%zz@p:1",
            "http://pr[fe80::1]:80",
            "http://[fe80::1]x:80",
            "http://[not-v6]:80",
        ] {
            assert!(ProxyUrl::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(ProxyUrl::parse("proxy.corp").unwrap().port(), 1080);
    }
}
