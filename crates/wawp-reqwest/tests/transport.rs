//! The transport cases (limits, redirects, headers, errors) against a tiny
//! loopback server.

mod support;

use std::sync::Arc;

use wawp_core::http::{Request, Response};
use wawp_core::{
    AccessToken, Client, Config, Error, InstanceId, Limits, Session, Transport, TransportError,
};
use wawp_reqwest::ReqwestTransport;

struct Reqwest {
    rt: tokio::runtime::Runtime,
    transport: ReqwestTransport,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

impl support::Harness for Reqwest {
    fn new() -> Self {
        Self {
            rt: runtime(),
            transport: ReqwestTransport::new(),
        }
    }

    fn trusting(root_der: &[u8]) -> Self {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(root_der.to_vec().into()).unwrap();
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
        Self {
            rt: runtime(),
            transport: ReqwestTransport::with_tls_config(config),
        }
    }

    fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<Response<Vec<u8>>, TransportError> {
        self.rt.block_on(self.transport.send(request, limits))
    }

    fn logout(
        &self,
        config: Config,
        token: AccessToken,
        id: &InstanceId,
    ) -> Result<Session, Error> {
        let client = Client::with_config(self.transport.clone(), token, config);
        self.rt.block_on(client.logout(id))
    }
}

transport_cases!(crate::Reqwest);
