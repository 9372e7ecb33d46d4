//! The hand-written hyper call: hyper-util's legacy `Client` with its
//! defaults (pooled, keep-alive; the tokio timer its idle timeout needs)
//! over a hyper-rustls connector, the library `wawp-hyper` stands on used
//! directly; one `POST` built with `Request::builder`, the body collected
//! and decoded.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use hyper::header::{ACCEPT, CONTENT_LENGTH, USER_AGENT};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::fixture::RawInputs;
use crate::raw;
use crate::subject::AsyncCall;

pub(crate) struct RawHyper {
    client: Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
    inputs: RawInputs,
}

impl RawHyper {
    pub(crate) fn new(inputs: RawInputs) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(raw::tls_config())
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(https);
        Self { client, inputs }
    }
}

impl AsyncCall for RawHyper {
    async fn call(&self) -> Result<(), String> {
        let request = Request::post(self.inputs.url())
            .header(ACCEPT, raw::JSON)
            .header(USER_AGENT, raw::USER_AGENT)
            .header(CONTENT_LENGTH, 0)
            .body(Empty::new())
            .map_err(|e| e.to_string())?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()));
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        raw::decode(&body)
    }
}
