//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server. No proxy
//! (whatever the machine's variables say); the trusting transport adds the
//! test CA through `Config::trust`.

use wawp_blocking::UreqTransport;
use wawp_conformance::transport::{BlockingHarness, config};
use wawp_core::transport::FromConfig;

wawp_conformance::transport_cases!(
    default = || BlockingHarness(UreqTransport::from_config(&config(None)).unwrap()),
    trusting = |pki| BlockingHarness(UreqTransport::from_config(&config(Some(pki))).unwrap()),
);
