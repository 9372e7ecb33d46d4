//! The shared conformance suite (`wawp-conformance`) against `wawp-mock`,
//! over [`UreqTransport`].

use wawp_blocking::UreqTransport;
use wawp_core::BlockingClient;

wawp_conformance::suite!(|config, token| BlockingClient::with_config(
    UreqTransport::new(),
    token,
    config
));
