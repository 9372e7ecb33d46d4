//! Client configuration: where to send, how, and within which limits.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use http::HeaderValue;
use http::uri::{Scheme, Uri};

use crate::input::InputError;
use crate::proxy::Proxy;
use crate::retry::RetryPolicy;
use crate::transport::Limits;
use crate::trust::Trust;

/// The documented API root.
pub const DEFAULT_BASE_URL: &str = "https://api.wawp.net";

/// The `User-Agent` sent by default: `wawp-rs/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("wawp-rs/", env!("CARGO_PKG_VERSION"));

/// An absolute `http`/`https` URL that endpoint paths are appended to. It may
/// carry a path prefix (for a proxy); a trailing slash is ignored. Query and
/// fragment are refused.
///
/// ```
/// use wawp_core::BaseUrl;
/// let url: BaseUrl = "http://127.0.0.1:8080/proxy/".parse()?;
/// assert_eq!(url.as_str(), "http://127.0.0.1:8080/proxy");
/// assert_eq!(url.authority(), "127.0.0.1:8080");
/// assert!(url.is_loopback());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
///
/// What every call asks of it (its authority, whether it is loopback) is
/// worked out once, when it is parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    text: String,
    host: String,
    https: bool,
    /// Where the authority lies in `text` (after `scheme://`).
    authority: std::ops::Range<usize>,
    loopback: bool,
}

impl BaseUrl {
    /// Parses and checks `url`.
    pub fn parse(url: &str) -> Result<Self, InputError> {
        let invalid = |reason: &str| InputError::InvalidBaseUrl {
            reason: reason.to_owned(),
        };
        if url.len() > 2048 {
            return Err(invalid("longer than 2048 bytes"));
        }
        if url.contains('#') {
            return Err(invalid("it has a fragment"));
        }
        let uri: Uri = url
            .parse()
            .map_err(|_| invalid("not a valid absolute URL"))?;
        let https = match uri.scheme() {
            Some(s) if *s == Scheme::HTTPS => true,
            Some(s) if *s == Scheme::HTTP => false,
            Some(_) => return Err(invalid("the scheme must be http or https")),
            None => return Err(invalid("it has no scheme (expected https://…)")),
        };
        let authority = uri.authority().ok_or_else(|| invalid("it has no host"))?;
        if authority.as_str().contains('@') {
            return Err(invalid("credentials in the URL are not supported"));
        }
        if uri.query().is_some() {
            return Err(invalid("it has a query string"));
        }
        let host = authority.host().to_owned();
        if host.is_empty() {
            return Err(invalid("it has no host"));
        }
        let path = uri.path().trim_end_matches('/');
        let scheme = uri.scheme_str().unwrap_or("https");
        let text = format!("{scheme}://{authority}{path}");
        let start = scheme.len() + "://".len();
        let authority = start..start + authority.as_str().len();
        let loopback = is_loopback_host(&host);
        Ok(Self {
            text,
            host,
            https,
            authority,
            loopback,
        })
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The host and, if the URL names one, the port (`127.0.0.1:8080`).
    pub fn authority(&self) -> &str {
        self.text.get(self.authority.clone()).unwrap_or_default()
    }

    /// The host name or address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// Whether the host is loopback (`localhost`, `127.0.0.0/8`, `::1`), where
    /// plain `http` does not expose the token to a network.
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }
}

/// Whether `host` (a name, an IPv4 address or a bracketed IPv6 address) is
/// loopback: `localhost`, `127.0.0.0/8`, `::1`.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Default for BaseUrl {
    fn default() -> Self {
        const HOST: &str = "api.wawp.net";
        let start = "https://".len();
        Self {
            text: DEFAULT_BASE_URL.to_owned(),
            host: HOST.to_owned(),
            https: true,
            authority: start..start + HOST.len(),
            loopback: false,
        }
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.text).finish()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for BaseUrl {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Where the request parameters (`instance_id`, `access_token`) go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamLocation {
    /// In the query string, as in the documented URL (the default).
    #[default]
    Query,
    /// In a JSON object body, as in the documentation's "Request Body" section.
    JsonBody,
}

/// How a client talks to the API.
///
/// ```
/// use std::time::Duration;
/// use wawp_core::{Config, ParamLocation};
/// let mut config = Config::default().with_base_url("http://127.0.0.1:9000")?;
/// config.params = ParamLocation::JsonBody;
/// config.timeout = Some(Duration::from_secs(5));
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The API root; default [`DEFAULT_BASE_URL`].
    pub base_url: BaseUrl,
    /// Where parameters go; default [`ParamLocation::Query`].
    pub params: ParamLocation,
    /// Total time for one attempt; default 30 s.
    pub timeout: Option<Duration>,
    /// Time to connect; default 10 s.
    pub connect_timeout: Option<Duration>,
    /// Largest response body accepted; default 1 MiB.
    pub max_response_bytes: usize,
    /// Retries; default none, since logout changes state on the server.
    pub retry: RetryPolicy,
    /// The `User-Agent` header; default [`DEFAULT_USER_AGENT`].
    pub user_agent: HeaderValue,
    /// Allow plain `http` to a non-loopback host (the token would travel in
    /// clear text); default `false`.
    pub allow_insecure_http: bool,
    /// The proxy for `https` requests; default [`Proxy::from_env`]
    /// (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`). Plain `http` is never
    /// proxied. Read by the transports a `Config` builds.
    pub proxy: Proxy,
    /// Root certificates trusted besides the machine's; default none.
    /// Read by the transports a `Config` builds.
    pub trust: Trust,
}

impl Default for Config {
    fn default() -> Self {
        let limits = Limits::default();
        Self {
            base_url: BaseUrl::default(),
            params: ParamLocation::default(),
            timeout: limits.timeout,
            connect_timeout: limits.connect_timeout,
            max_response_bytes: limits.max_response_bytes,
            retry: RetryPolicy::none(),
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
            allow_insecure_http: false,
            proxy: Proxy::default(),
            trust: Trust::default(),
        }
    }
}

impl Config {
    /// This configuration with another base URL.
    pub fn with_base_url(mut self, url: &str) -> Result<Self, InputError> {
        self.base_url = BaseUrl::parse(url)?;
        Ok(self)
    }

    /// This configuration with another `User-Agent`.
    pub fn with_user_agent(mut self, agent: &str) -> Result<Self, InputError> {
        self.user_agent =
            HeaderValue::from_str(agent).map_err(|_| InputError::ControlCharacter {
                field: "user agent",
                index: agent.find(|c: char| c.is_control()).unwrap_or_default(),
            })?;
        Ok(self)
    }

    /// The limits handed to the transport for each attempt: the one place
    /// a `Config` becomes the timeouts and body limit every transport
    /// enforces.
    pub fn limits(&self) -> Limits {
        Limits::with_connect_timeout(self.timeout, self.connect_timeout, self.max_response_bytes)
    }

    /// Refuses a plain-`http` base URL to a non-loopback host unless
    /// [`Config::allow_insecure_http`] is set.
    pub fn check_secure(&self) -> Result<(), InputError> {
        let url = &self.base_url;
        if url.is_https() || url.is_loopback() || self.allow_insecure_http {
            Ok(())
        } else {
            Err(InputError::InsecureBaseUrl {
                host: url.host().to_owned(),
            })
        }
    }
}
