//! Without a crypto provider feature (`ring`, `aws-lc-rs`) this crate
//! builds no connector: every transport is over the user's client or
//! connector, and [`Own`] has no value.

use std::fmt;
use std::time::Duration;

/// What a transport made from a `Config` was made from: nothing, in this
/// build.
#[derive(Clone)]
pub(crate) enum Own {}

impl Own {
    pub(crate) fn connect_timeout(&self) -> Option<Duration> {
        match *self {}
    }

    pub(crate) fn debug_fields(&self, _d: &mut fmt::DebugStruct<'_, '_>) {
        match *self {}
    }
}
