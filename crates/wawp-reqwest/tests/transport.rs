//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server.

use wawp_conformance::transport::AsyncHarness;
use wawp_reqwest::ReqwestTransport;

wawp_conformance::transport_cases!(
    default = || AsyncHarness::new(ReqwestTransport::new()),
    trusting = |pki| AsyncHarness::new(ReqwestTransport::with_tls_config(pki.client_config())),
);
