//! Without a crypto provider feature (`ring`, `aws-lc-rs`) this crate
//! builds no client: every transport is over the user's
//! ([`ReqwestTransport::from_client`](crate::ReqwestTransport::from_client)),
//! and [`Own`] has no value.

use std::fmt;

use wawp_core::http::Request;
use wawp_core::{Limits, TransportError};

/// What this crate builds a client from: nothing, in this build.
pub(crate) enum Own {}

impl Own {
    pub(crate) async fn send(
        &self,
        _main: &reqwest::Client,
        _request: Request<Vec<u8>>,
        _limits: &Limits,
    ) -> Result<(reqwest::Response, bool), TransportError> {
        match *self {}
    }

    pub(crate) fn debug_fields(&self, _d: &mut fmt::DebugStruct<'_, '_>) {
        match *self {}
    }
}
