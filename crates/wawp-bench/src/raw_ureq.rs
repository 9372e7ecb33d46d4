//! The hand-written ureq call: a `ureq::Agent` whose defaults carry the
//! `User-Agent` and `Accept` the SDK sends (a per-request `User-Agent` would
//! keep ureq from pooling the connection), one `POST` with an empty body,
//! read and decoded.

use ureq::Agent;

use crate::fixture::RawInputs;
use crate::raw;
use crate::subject::BlockingCall;

pub(crate) struct RawUreq {
    agent: Agent,
    inputs: RawInputs,
}

impl RawUreq {
    pub(crate) fn new(inputs: RawInputs) -> Self {
        let agent = Agent::config_builder()
            .user_agent(raw::USER_AGENT)
            .accept(raw::JSON)
            .accept_encoding("")
            .max_redirects(0)
            .build()
            .new_agent();
        Self { agent, inputs }
    }
}

impl BlockingCall for RawUreq {
    fn call(&self) -> Result<(), String> {
        let mut response = self
            .agent
            .post(self.inputs.url())
            .send_empty()
            .map_err(|e| e.to_string())?;
        let body = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        raw::decode(&body)
    }
}
