//! Without a crypto provider feature (`ring`, `aws-lc-rs`) this crate
//! builds no agent: every transport is over the user's
//! ([`UreqTransport::from_agent`]), and [`Own`] has no value.

use wawp_core::{InputError, Limits, Proxy, ProxyUrl};

use crate::transport::UreqTransport;

/// The agents this crate builds: none, in this build.
#[derive(Debug)]
pub(crate) enum Own {}

impl Own {
    pub(crate) fn with_proxy(&self, _proxy: Proxy) -> UreqTransport {
        match *self {}
    }

    pub(crate) fn pick(
        &self,
        _https: bool,
        _via: Option<&ProxyUrl>,
        _fresh: bool,
        _limits: &Limits,
    ) -> Result<(&ureq::Agent, bool, bool), ureq::Error> {
        match *self {}
    }

    pub(crate) fn check_trust(&self) -> Result<(), InputError> {
        match *self {}
    }
}
