//! [`ClientBuilder`] and [`ConfigBuilder`]: settings stored by setters and
//! validated once, by `build()`.
//!
//! Setters never fail: a bad base URL, user agent, proxy URL or certificate
//! is kept as given and refused by `build()`, together with plain `http` to
//! a host other than loopback, zero timeouts and a zero body limit. What
//! `build()` returns is therefore always usable, and nothing is checked
//! again on each request.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::client::{BlockingClient, Client};
use crate::config::{BaseUrl, Config, ParamLocation};
use crate::error::Error;
use crate::input::AccessToken;
use crate::input::InputError;
use crate::proxy::Proxy;
use crate::retry::RetryPolicy;
use crate::transport::{BlockingTransport, FromConfig, Transport};

/// A validated [`Config`], built from setters.
///
/// ```
/// use std::time::Duration;
/// use wawp_core::{Config, ParamLocation};
///
/// let config = Config::builder()
///     .base_url("http://127.0.0.1:8080")
///     .params(ParamLocation::JsonBody)
///     .timeout(Duration::from_secs(5))
///     .no_proxy()
///     .build()?;
/// assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080");
///
/// // Plain http is refused at build() unless it stays on this machine.
/// let err = Config::builder().base_url("http://api.example.com").build().unwrap_err();
/// assert!(err.to_string().contains("plain http"));
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    /// The settings that need no validation, and the defaults.
    base: Config,
    base_url: Option<String>,
    user_agent: Option<String>,
    proxy: Option<ProxySetting>,
    roots: Vec<Root>,
}

#[derive(Clone)]
enum ProxySetting {
    /// A proxy URL, checked by `build()`; it may hold a password.
    Url(SecretString),
    Given(Proxy),
}

#[derive(Clone)]
enum Root {
    Pem(Vec<u8>),
    Der(Vec<u8>),
}

impl Config {
    /// A builder starting from the defaults; see [`ConfigBuilder`].
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }
}

impl From<Config> for ConfigBuilder {
    /// A builder starting from `config`'s settings.
    fn from(config: Config) -> Self {
        Self {
            base: config,
            ..Self::default()
        }
    }
}

impl ConfigBuilder {
    /// The configuration, if every setting is valid: the only place
    /// settings are checked.
    pub fn build(self) -> Result<Config, InputError> {
        let mut config = self.base;
        if let Some(url) = self.base_url {
            config.base_url = BaseUrl::parse(&url)?;
        }
        if let Some(agent) = self.user_agent {
            if agent.is_empty() {
                return Err(InputError::Empty {
                    field: "user agent",
                });
            }
            config = config.with_user_agent(&agent)?;
        }
        match self.proxy {
            None => {}
            Some(ProxySetting::Url(url)) => config.proxy = Proxy::url(url.expose_secret())?,
            Some(ProxySetting::Given(proxy)) => config.proxy = proxy,
        }
        for root in self.roots {
            config.trust = match root {
                Root::Pem(pem) => config.trust.with_pem(&pem)?,
                Root::Der(der) => config.trust.with_der(der)?,
            };
        }
        check_range(&config)?;
        config.check_secure()?;
        Ok(config)
    }
}

fn check_range(config: &Config) -> Result<(), InputError> {
    let zero = |setting| InputError::InvalidSetting {
        setting,
        reason: "must be more than zero (use None for no limit)",
    };
    if config.timeout == Some(Duration::ZERO) {
        return Err(zero("timeout"));
    }
    if config.connect_timeout == Some(Duration::ZERO) {
        return Err(zero("connect timeout"));
    }
    if config.max_response_bytes == 0 {
        return Err(InputError::InvalidSetting {
            setting: "max response bytes",
            reason: "must be at least 1",
        });
    }
    Ok(())
}

/// A [`Client`] or [`BlockingClient`] (the `C` it builds) with a token and
/// settings, validated once by `build()`.
///
/// `build()` makes the transport from the settings through
/// [`FromConfig`], so its proxy, extra roots and limits are the ones set
/// here; [`build_with`](ClientBuilder::build_with) takes a transport you
/// made yourself (a custom one, or one around your own HTTP client).
///
/// ```
/// use std::time::Duration;
/// use wawp_core::transport::{BlockingTransport, FromConfig, Limits, TransportError};
/// use wawp_core::{AccessToken, BlockingClient, Config, Error, RetryPolicy};
///
/// # #[derive(Debug)] struct MyTransport;
/// # impl BlockingTransport for MyTransport {
/// #     fn send(&self, _: http::Request<Vec<u8>>, _: &Limits) -> Result<http::Response<Vec<u8>>, TransportError> { unimplemented!() }
/// # }
/// # impl FromConfig for MyTransport { fn from_config(_: &Config) -> Result<Self, Error> { Ok(MyTransport) } }
/// let client = BlockingClient::<MyTransport>::builder(AccessToken::new("tok")?)
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::attempts(3))
///     .user_agent("my-app/1.0")
///     .build()?;
/// assert_eq!(client.config().timeout, Some(Duration::from_secs(10)));
///
/// let refused = BlockingClient::<MyTransport>::builder(AccessToken::new("tok")?)
///     .base_url("http://api.example.com") // plain http, not loopback
///     .build();
/// assert!(matches!(refused, Err(Error::InvalidInput(_))));
/// # Ok::<(), wawp_core::Error>(())
/// ```
pub struct ClientBuilder<C> {
    token: AccessToken,
    config: ConfigBuilder,
    client: PhantomData<fn() -> C>,
}

impl<C> ClientBuilder<C> {
    fn new(token: AccessToken) -> Self {
        Self {
            token,
            config: ConfigBuilder::default(),
            client: PhantomData,
        }
    }

    /// These settings instead of the ones set so far (a `Config` you keep
    /// elsewhere); later setters still apply, and `build()` validates.
    pub fn config(mut self, config: Config) -> Self {
        self.config = ConfigBuilder::from(config);
        self
    }

    /// The validated token and configuration, without building a client.
    fn validated(self) -> Result<(AccessToken, Config), Error> {
        Ok((self.token, self.config.build()?))
    }
}

impl<T: Transport> Client<T> {
    /// A builder for a client with `token`; see [`ClientBuilder`].
    pub fn builder(token: AccessToken) -> ClientBuilder<Self> {
        ClientBuilder::new(token)
    }
}

impl<T: BlockingTransport> BlockingClient<T> {
    /// A builder for a client with `token`; see [`ClientBuilder`].
    pub fn builder(token: AccessToken) -> ClientBuilder<Self> {
        ClientBuilder::new(token)
    }
}

impl<T: Transport> ClientBuilder<Client<T>> {
    /// The client, over a transport made from these settings
    /// ([`FromConfig`]). Fails on the first invalid setting, or if the
    /// transport refuses the configuration; never touches the network.
    pub fn build(self) -> Result<Client<T>, Error>
    where
        T: FromConfig,
    {
        let (token, config) = self.validated()?;
        Ok(Client::with_config(T::from_config(&config)?, token, config))
    }

    /// The client, over `transport`. The settings are validated as by
    /// [`build`](Self::build); the proxy and extra roots are not applied to
    /// a transport you made yourself, the limits are.
    pub fn build_with(self, transport: T) -> Result<Client<T>, Error> {
        let (token, config) = self.validated()?;
        Ok(Client::with_config(transport, token, config))
    }
}

impl<T: BlockingTransport> ClientBuilder<BlockingClient<T>> {
    /// The client, over a transport made from these settings
    /// ([`FromConfig`]). Fails on the first invalid setting, or if the
    /// transport refuses the configuration; never touches the network.
    pub fn build(self) -> Result<BlockingClient<T>, Error>
    where
        T: FromConfig,
    {
        let (token, config) = self.validated()?;
        Ok(BlockingClient::with_config(
            T::from_config(&config)?,
            token,
            config,
        ))
    }

    /// The client, over `transport`. The settings are validated as by
    /// [`build`](Self::build); the proxy and extra roots are not applied to
    /// a transport you made yourself, the limits are.
    pub fn build_with(self, transport: T) -> Result<BlockingClient<T>, Error> {
        let (token, config) = self.validated()?;
        Ok(BlockingClient::with_config(transport, token, config))
    }
}

/// The setters, written once for [`ConfigBuilder`] and forwarded by
/// [`ClientBuilder`]: each stores its value; `build()` checks them.
macro_rules! setters {
    ($(
        $(#[$doc:meta])*
        fn $name:ident(&mut $this:ident $(, $arg:ident: $ty:ty)*) $body:block
    )*) => {
        impl ConfigBuilder {$(
            $(#[$doc])*
            pub fn $name(mut self $(, $arg: $ty)*) -> Self {
                let $this = &mut self;
                $body
                self
            }
        )*}

        impl<C> ClientBuilder<C> {$(
            $(#[$doc])*
            pub fn $name(mut self $(, $arg: $ty)*) -> Self {
                self.config = self.config.$name($($arg),*);
                self
            }
        )*}
    };
}

setters! {
    /// The API root (default `https://api.wawp.net`); a path prefix and a
    /// trailing slash are fine. Plain `http` is accepted only to loopback,
    /// unless [`allow_insecure_http`](Self::allow_insecure_http).
    fn base_url(&mut this, url: impl Into<String>) {
        this.base_url = Some(url.into());
    }

    /// Where the parameters go (default [`ParamLocation::Query`], as in the
    /// documented URL).
    fn params(&mut this, params: ParamLocation) {
        this.base.params = params;
    }

    /// Total time for one attempt: connect, send, read the whole body
    /// (default 30 s; `None`: no limit).
    fn timeout(&mut this, timeout: impl Into<Option<Duration>>) {
        this.base.timeout = timeout.into();
    }

    /// Time to establish a connection: name resolution, TCP, proxy tunnel,
    /// TLS (default 10 s, capped at the total timeout; `None`: only the
    /// total timeout).
    fn connect_timeout(&mut this, timeout: impl Into<Option<Duration>>) {
        this.base.connect_timeout = timeout.into();
    }

    /// Largest response body accepted, in bytes (default 1 MiB).
    fn max_response_bytes(&mut this, bytes: usize) {
        this.base.max_response_bytes = bytes;
    }

    /// Automatic retries (default none: logout changes state on the
    /// server); see [`RetryPolicy`].
    fn retry(&mut this, policy: RetryPolicy) {
        this.base.retry = policy;
    }

    /// The `User-Agent` header (default `wawp-rs/<version>`).
    fn user_agent(&mut this, agent: impl Into<String>) {
        this.user_agent = Some(agent.into());
    }

    /// Allow plain `http` to a host other than loopback: the access token
    /// would cross the network in clear text. Default `false`.
    fn allow_insecure_http(&mut this, allow: bool) {
        this.base.allow_insecure_http = allow;
    }

    /// Send every `https` request through the proxy at `url`
    /// (`http://[user:password@]host[:port]`), whatever the environment
    /// says. The default is the environment's (`HTTPS_PROXY`, `ALL_PROXY`,
    /// `NO_PROXY`, read when the transport is built).
    fn proxy(&mut this, url: impl Into<String>) {
        this.proxy = Some(ProxySetting::Url(SecretString::from(url.into())));
    }

    /// Connect directly, whatever the environment says.
    fn no_proxy(&mut this) {
        this.proxy = Some(ProxySetting::Given(Proxy::none()));
    }

    /// The proxy setting as a [`Proxy`] (e.g. [`Proxy::from_vars`] with
    /// variables read from your own settings).
    fn proxy_setting(&mut this, proxy: Proxy) {
        this.proxy = Some(ProxySetting::Given(proxy));
    }

    /// Also trust the root certificates in the PEM text `pem` (a private CA,
    /// a TLS-intercepting proxy's CA), besides the machine's. Read the file
    /// yourself (`std::fs::read`): this crate reads no file.
    fn add_root_pem(&mut this, pem: impl Into<Vec<u8>>) {
        this.roots.push(Root::Pem(pem.into()));
    }

    /// Also trust the DER-encoded root certificate `der`.
    fn add_root_der(&mut this, der: impl Into<Vec<u8>>) {
        this.roots.push(Root::Der(der.into()));
    }
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            None => format!("{:?}", self.base.proxy),
            // Shown as parsed, so a password stays hidden.
            Some(ProxySetting::Url(url)) => match Proxy::url(url.expose_secret()) {
                Ok(proxy) => format!("{proxy:?}"),
                Err(_) => "an invalid proxy URL".to_owned(),
            },
            Some(ProxySetting::Given(proxy)) => format!("{proxy:?}"),
        };
        f.debug_struct("ConfigBuilder")
            .field("base", &self.base)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("proxy", &format_args!("{proxy}"))
            .field("extra_roots", &self.roots.len())
            .finish()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client", &std::any::type_name::<C>())
            .field("token", &self.token)
            .field("config", &self.config)
            .finish()
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            token: self.token.clone(),
            config: self.config.clone(),
            client: PhantomData,
        }
    }
}
