//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server. No proxy
//! (whatever the machine's variables say); the trusting transport adds the
//! test CA through `Config::trust`.

use wawp_conformance::transport::{AsyncHarness, config};
use wawp_core::transport::FromConfig;
use wawp_reqwest::ReqwestTransport;

wawp_conformance::transport_cases!(
    default = || AsyncHarness::new(ReqwestTransport::from_config(&config(None)).unwrap()),
    trusting = |pki| AsyncHarness::new(ReqwestTransport::from_config(&config(Some(pki))).unwrap()),
);
