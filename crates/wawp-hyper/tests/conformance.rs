//! The shared conformance suite (`wawp-conformance`) against `wawp-mock`,
//! over [`HyperTransport`].

use wawp_conformance::AsyncSubject;
use wawp_core::Client;
use wawp_hyper::HyperTransport;

wawp_conformance::suite!(|config, token| AsyncSubject::build(|| Client::with_config(
    HyperTransport::new(),
    token,
    config
)));
