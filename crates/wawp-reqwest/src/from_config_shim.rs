//! TEMPORARY bridge on the `front` branch so that the `wawp` facade and
//! `Client::builder` compile before the transport branches land. Those
//! branches implement `FromConfig` properly (proxy, extra roots); at
//! merge, delete this file and its `mod` line in lib.rs. It honours the
//! limits only (the core hands them to every request), not
//! `Config::proxy` or `Config::trust`.

use wawp_core::transport::FromConfig;
use wawp_core::{Config, Error};

use crate::ReqwestTransport;

impl FromConfig for ReqwestTransport {
    fn from_config(config: &Config) -> Result<Self, Error> {
        Ok(ReqwestTransport::with_connect_timeout(
            config.connect_timeout,
        ))
    }
}
