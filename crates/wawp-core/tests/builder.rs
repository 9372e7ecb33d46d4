//! `Config::builder()` and `Client::builder()`: setters store, `build()`
//! validates once and makes the transport from the validated settings.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use wawp_core::transport::{BlockingTransport, FromConfig, Limits, Transport, TransportError};
use wawp_core::{
    AccessToken, BlockingClient, Client, Config, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, Error,
    InputError, ParamLocation, Proxy, RetryPolicy,
};

const TOKEN: &str = "SECRET-TOKEN-b1d3";
const PROXY_PASSWORD: &str = "pr0xy-pa55word";

fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

/// A transport that keeps the configuration it was made from.
#[derive(Debug)]
struct Recorder {
    config: Config,
}

impl FromConfig for Recorder {
    fn from_config(config: &Config) -> Result<Self, Error> {
        Ok(Self {
            config: config.clone(),
        })
    }
}

impl BlockingTransport for Recorder {
    fn send(
        &self,
        _: http::Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        Ok(http::Response::new(
            br#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"A1"}"#.to_vec(),
        ))
    }
}

#[wawp_core::transport::async_trait]
impl Transport for Recorder {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        BlockingTransport::send(self, request, limits)
    }
    async fn sleep(&self, _: Duration) {}
}

/// A transport that counts how often it is made; only
/// `invalid_settings_never_reach_the_transport` makes it.
#[derive(Debug)]
struct Counted;

static COUNTED_MADE: AtomicUsize = AtomicUsize::new(0);

impl FromConfig for Counted {
    fn from_config(_: &Config) -> Result<Self, Error> {
        COUNTED_MADE.fetch_add(1, Ordering::SeqCst);
        Ok(Self)
    }
}

impl BlockingTransport for Counted {
    fn send(
        &self,
        _: http::Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        unreachable!("never sends")
    }
}

/// A transport whose HTTP library refuses every configuration.
#[derive(Debug)]
struct Refuses;

impl FromConfig for Refuses {
    fn from_config(_: &Config) -> Result<Self, Error> {
        Err(Error::InvalidInput(InputError::InvalidCertificate {
            reason: "refused by the library".to_owned(),
        }))
    }
}

impl BlockingTransport for Refuses {
    fn send(
        &self,
        _: http::Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        unreachable!("never built")
    }
}

/// A PEM block `Trust` accepts (it checks the PEM framing and base64;
/// the certificate itself is checked by the TLS library).
const CA_PEM: &str = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";

#[test]
fn defaults_build() {
    let config = Config::builder().build().unwrap();
    let default = Config::default();
    assert_eq!(config.base_url.as_str(), DEFAULT_BASE_URL);
    assert_eq!(config.user_agent, DEFAULT_USER_AGENT);
    assert_eq!(config.params, ParamLocation::Query);
    assert_eq!(config.timeout, default.timeout);
    assert_eq!(config.connect_timeout, default.connect_timeout);
    assert_eq!(config.max_response_bytes, default.max_response_bytes);
    assert_eq!(config.retry, RetryPolicy::none());
    assert!(!config.allow_insecure_http);
    assert!(config.trust.is_default());
    assert_eq!(format!("{:?}", config.proxy), "Proxy(from the environment)");
}

#[test]
fn every_setter_is_applied() {
    let config = Config::builder()
        .base_url("https://wawp.internal/prefix/")
        .params(ParamLocation::JsonBody)
        .timeout(Duration::from_secs(5))
        .connect_timeout(None)
        .max_response_bytes(4096)
        .retry(RetryPolicy::attempts(3))
        .user_agent("my-app/1.0")
        .proxy("http://proxy.internal:3128")
        .add_root_pem(CA_PEM)
        .add_root_der(vec![0x30, 0x03, 0x02, 0x01, 0x00])
        .build()
        .unwrap();
    assert_eq!(config.base_url.as_str(), "https://wawp.internal/prefix");
    assert_eq!(config.params, ParamLocation::JsonBody);
    assert_eq!(config.timeout, Some(Duration::from_secs(5)));
    assert_eq!(config.connect_timeout, None);
    assert_eq!(config.max_response_bytes, 4096);
    assert_eq!(config.retry.max_attempts, 3);
    assert_eq!(config.user_agent, "my-app/1.0");
    assert_eq!(
        format!("{:?}", config.proxy),
        "Proxy(http://proxy.internal:3128)"
    );
    assert_eq!(config.trust.extra_roots().count(), 2);
    // The limits every transport gets come from these settings.
    assert_eq!(config.limits().timeout, Some(Duration::from_secs(5)));
    assert_eq!(config.limits().max_response_bytes, 4096);
}

#[test]
fn later_settings_win_and_no_proxy_overrides_the_environment() {
    let config = Config::builder()
        .proxy("http://first:1")
        .no_proxy()
        .timeout(Duration::from_secs(1))
        .timeout(None)
        .build()
        .unwrap();
    assert_eq!(format!("{:?}", config.proxy), "Proxy(none)");
    assert_eq!(config.timeout, None);

    let given = Proxy::from_vars([("HTTPS_PROXY", "http://from-vars:8080")]);
    let config = Config::builder().proxy_setting(given).build().unwrap();
    assert_eq!(
        format!("{:?}", config.proxy),
        "Proxy(http://from-vars:8080)"
    );
}

#[test]
fn a_builder_can_start_from_a_config() {
    let mut base = Config::default()
        .with_base_url("http://127.0.0.1:9")
        .unwrap();
    base.max_response_bytes = 10;
    let config = wawp_core::ConfigBuilder::from(base)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert_eq!(config.base_url.as_str(), "http://127.0.0.1:9");
    assert_eq!(config.max_response_bytes, 10);
    assert_eq!(config.timeout, Some(Duration::from_secs(2)));
}

fn refused(builder: wawp_core::ConfigBuilder) -> InputError {
    builder.build().unwrap_err()
}

#[test]
fn invalid_settings_are_refused_at_build() {
    let b = Config::builder;
    assert!(matches!(
        refused(b().base_url("ftp://x")),
        InputError::InvalidBaseUrl { .. }
    ));
    assert!(matches!(
        refused(b().base_url("not a url")),
        InputError::InvalidBaseUrl { .. }
    ));
    assert_eq!(
        refused(b().user_agent("a\nb")),
        InputError::ControlCharacter {
            field: "user agent",
            index: 1
        }
    );
    assert_eq!(
        refused(b().user_agent("")),
        InputError::Empty {
            field: "user agent"
        }
    );
    assert!(matches!(
        refused(b().proxy("socks5://proxy:1080")),
        InputError::InvalidProxy { .. }
    ));
    assert!(matches!(
        refused(b().add_root_pem("not a certificate")),
        InputError::InvalidCertificate { .. }
    ));
    assert!(matches!(
        refused(b().add_root_der(b"not DER".to_vec())),
        InputError::InvalidCertificate { .. }
    ));
    for builder in [
        b().timeout(Duration::ZERO),
        b().connect_timeout(Duration::ZERO),
        b().max_response_bytes(0),
    ] {
        assert!(matches!(
            refused(builder),
            InputError::InvalidSetting { .. }
        ));
    }
}

#[test]
fn plain_http_is_refused_at_build_unless_loopback_or_allowed() {
    assert_eq!(
        refused(Config::builder().base_url("http://api.example.com")),
        InputError::InsecureBaseUrl {
            host: "api.example.com".to_owned()
        }
    );
    for local in [
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://localhost",
    ] {
        Config::builder().base_url(local).build().unwrap();
    }
    let allowed = Config::builder()
        .base_url("http://api.example.com")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert!(allowed.allow_insecure_http);
}

#[test]
fn neither_builder_shows_the_token_or_the_proxy_password() {
    let url = format!("http://alice:{PROXY_PASSWORD}@proxy.internal:3128");
    let builder = BlockingClient::<Recorder>::builder(token()).proxy(url.as_str());
    let shown = format!("{builder:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains(PROXY_PASSWORD), "{shown}");
    assert!(shown.contains("proxy.internal"), "{shown}");

    let bad = Config::builder().proxy(format!("socks5://alice:{PROXY_PASSWORD}@p:1"));
    assert!(!format!("{bad:?}").contains(PROXY_PASSWORD));
    let err = bad.build().unwrap_err();
    assert!(!format!("{err} {err:?}").contains(PROXY_PASSWORD));
}

#[test]
fn build_makes_the_transport_from_the_validated_config() {
    let client = BlockingClient::<Recorder>::builder(token())
        .base_url("http://127.0.0.1:1")
        .timeout(Duration::from_secs(3))
        .no_proxy()
        .build()
        .unwrap();
    let made_from = &client.transport().config;
    assert_eq!(made_from.base_url.as_str(), "http://127.0.0.1:1");
    assert_eq!(made_from.timeout, Some(Duration::from_secs(3)));
    assert_eq!(format!("{:?}", made_from.proxy), "Proxy(none)");
    assert_eq!(client.config().timeout, Some(Duration::from_secs(3)));
    let session = client
        .logout(&wawp_core::InstanceId::new("A1").unwrap())
        .unwrap();
    assert_eq!(session.instance_id.as_str(), "A1");

    let client = Client::<Recorder>::builder(token())
        .params(ParamLocation::JsonBody)
        .build()
        .unwrap();
    assert_eq!(client.transport().config.params, ParamLocation::JsonBody);
}

#[test]
fn invalid_settings_never_reach_the_transport() {
    let err = BlockingClient::<Counted>::builder(token())
        .base_url("http://api.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput(InputError::InsecureBaseUrl { .. })
    ));
    assert!(!err.maybe_sent());
    let err = BlockingClient::<Counted>::builder(token())
        .max_response_bytes(0)
        .build()
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(COUNTED_MADE.load(Ordering::SeqCst), 0);
    BlockingClient::<Counted>::builder(token()).build().unwrap();
    assert_eq!(COUNTED_MADE.load(Ordering::SeqCst), 1);
}

#[test]
fn the_transport_may_refuse_the_configuration() {
    let err = BlockingClient::<Refuses>::builder(token())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("refused by the library"));
}

#[test]
fn build_with_takes_your_transport_and_still_validates() {
    let transport = Recorder {
        config: Config::default(),
    };
    let client = BlockingClient::builder(token())
        .timeout(Duration::from_secs(7))
        .build_with(transport)
        .unwrap();
    assert_eq!(client.config().timeout, Some(Duration::from_secs(7)));
    // The transport is the one given, not one made from the settings.
    assert_eq!(client.transport().config.timeout, Config::default().timeout);

    let err = Client::builder(token())
        .base_url("http://api.example.com")
        .build_with(Recorder {
            config: Config::default(),
        })
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput(InputError::InsecureBaseUrl { .. })
    ));
}

#[test]
fn a_config_can_seed_the_client_builder() {
    let config = Config::builder()
        .base_url("http://127.0.0.1:2")
        .build()
        .unwrap();
    let client = BlockingClient::<Recorder>::builder(token())
        .config(config)
        .user_agent("later/1")
        .build()
        .unwrap();
    assert_eq!(client.config().base_url.as_str(), "http://127.0.0.1:2");
    assert_eq!(client.config().user_agent, "later/1");
}
