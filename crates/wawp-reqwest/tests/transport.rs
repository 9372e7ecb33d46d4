//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server. No proxy
//! (whatever the machine's variables say); the trusting transport adds the
//! test CA through `Config::trust`.

use wawp_conformance::transport::AsyncHarness;
use wawp_core::{Config, FromConfig, Proxy, Trust};
use wawp_reqwest::ReqwestTransport;

fn config(trust: Trust) -> Config {
    let mut config = Config::default();
    config.proxy = Proxy::none();
    config.trust = trust;
    config
}

wawp_conformance::transport_cases!(
    default =
        || AsyncHarness::new(ReqwestTransport::from_config(&config(Trust::default())).unwrap()),
    trusting = |pki| {
        let trust = Trust::default().with_der(pki.ca_der().to_vec()).unwrap();
        AsyncHarness::new(ReqwestTransport::from_config(&config(trust)).unwrap())
    },
);
