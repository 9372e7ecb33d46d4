//! The shared conformance suite (`wawp-conformance`) against `wawp-mock`,
//! over the client `wawp_blocking::client` builds from each case's
//! `Config` (so its proxy, extra roots and limits are the transport's).

wawp_conformance::suite!(|config, token| wawp_blocking::client(token, config));
