//! The hand-written reqwest call: a `reqwest::Client` configured like
//! `wawp-reqwest`'s (rustls/ring, HTTP/1.1, no redirects, no proxy), one
//! `POST` with the same headers, the body read and decoded.

use reqwest::header::{ACCEPT, CONTENT_LENGTH, USER_AGENT};

use crate::fixture::RawInputs;
use crate::raw;
use crate::subject::AsyncCall;

pub(crate) struct RawReqwest {
    client: reqwest::Client,
    inputs: RawInputs,
}

impl RawReqwest {
    pub(crate) fn new(inputs: RawInputs) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(raw::tls_config())
            .redirect(reqwest::redirect::Policy::none())
            .http1_only()
            .no_proxy()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client, inputs })
    }
}

impl AsyncCall for RawReqwest {
    async fn call(&self) -> Result<(), String> {
        let response = self
            .client
            .post(self.inputs.url())
            .header(ACCEPT, raw::JSON)
            .header(USER_AGENT, raw::USER_AGENT)
            .header(CONTENT_LENGTH, 0)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.without_url().to_string())?;
        let body = response
            .bytes()
            .await
            .map_err(|e| e.without_url().to_string())?;
        raw::decode(&body)
    }
}
