//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server.

use wawp_blocking::UreqTransport;
use wawp_blocking::ureq::tls::{Certificate, RootCerts, TlsConfig};
use wawp_conformance::transport::BlockingHarness;

wawp_conformance::transport_cases!(
    default = || BlockingHarness(UreqTransport::new()),
    trusting = |pki| {
        let root = Certificate::from_der(pki.ca_der()).to_owned();
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::new_with_certs(&[root]))
            .build();
        BlockingHarness(UreqTransport::with_tls_config(tls))
    },
);
