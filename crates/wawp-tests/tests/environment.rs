//! The machine's own settings, set explicitly for one test in a child
//! process (edition 2024 makes `std::env::set_var` unsafe, and unsafe code
//! is denied): with `HTTPS_PROXY`, `HTTP_PROXY` and `SSL_CERT_FILE` set,
//! each transport built from `Config::default()` goes through the proxy by
//! `CONNECT` and trusts the CA of `SSL_CERT_FILE`; with `Proxy::none()` it
//! goes direct; plain `http` never goes through the proxy. The parent
//! clears every other proxy and certificate variable, so the machine's
//! settings never change the result.

use std::path::PathBuf;
use std::process::Command;

use crate::common::{TIMEOUT, TRANSPORTS, default_subject};
use wawp_conformance::ConnectProxy;
use wawp_core::{Config, InstanceId, Proxy};
use wawp_mock::{DEFAULT_TOKEN, LOGOUT_PATH, MockServer, TestPki};

/// The child's HTTPS simulator URL.
const TLS_URL: &str = "WAWP_TESTS_CHILD_TLS_URL";
/// The child's plain-HTTP simulator URL.
const PLAIN_URL: &str = "WAWP_TESTS_CHILD_PLAIN_URL";

/// The variables the parent clears before setting its own.
const CLEARED: [&str; 10] = [
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// The instance a transport logs out by a route.
fn id(transport: &str, route: &str) -> String {
    format!("ENV-{transport}-{route}")
}

/// Removes a file when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn default_transports_honour_the_proxy_and_certificate_variables() {
    let pki = TestPki::generate();
    let tls = MockServer::start_tls(&pki);
    let plain = MockServer::start();
    for transport in TRANSPORTS {
        for route in ["proxy", "direct"] {
            tls.add_instance(id(transport, route), route);
        }
        plain.add_instance(id(transport, "plain"), "plain");
    }
    let proxy = ConnectProxy::builder().record_answers().start();
    let pem = TempFile(std::env::temp_dir().join(format!(
        "wawp-tests-{}-environment-ca.pem",
        std::process::id()
    )));
    std::fs::write(&pem.0, pki.ca_pem()).expect("write the CA");

    let mut child = Command::new(std::env::current_exe().expect("the test binary"));
    child.args([
        "environment::child_logs_out_with_the_environment",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for var in CLEARED {
        child.env_remove(var);
    }
    let output = child
        .env("HTTPS_PROXY", proxy.url())
        .env("HTTP_PROXY", proxy.url())
        .env("SSL_CERT_FILE", &pem.0)
        .env(TLS_URL, tls.base_url())
        .env(PLAIN_URL, plain.base_url())
        .output()
        .expect("run the child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the child failed:\n{stdout}\n{stderr}"
    );

    assert_eq!(
        proxy.tunnels(),
        TRANSPORTS.len(),
        "one tunnel per transport"
    );
    let connect = format!("CONNECT 127.0.0.1:{} ", tls.addr().port());
    for request in proxy.requests() {
        assert!(request.request_line().starts_with(&connect), "{request:?}");
    }
    for secret in [DEFAULT_TOKEN, LOGOUT_PATH, "access_token"] {
        assert!(!proxy.saw(secret), "the proxy saw {secret:?}");
    }
    assert_eq!(tls.requests().len(), 2 * TRANSPORTS.len());
    assert_eq!(plain.requests().len(), TRANSPORTS.len());
}

/// Run by the test above in a child process with the variables set; does
/// nothing when run without them.
#[test]
#[ignore = "run in a child process by default_transports_honour_the_proxy_and_certificate_variables"]
fn child_logs_out_with_the_environment() {
    let (Ok(tls), Ok(plain)) = (std::env::var(TLS_URL), std::env::var(PLAIN_URL)) else {
        eprintln!("not in the child process: nothing to do");
        return;
    };
    for transport in TRANSPORTS {
        // The defaults: the proxy of the environment, the machine's roots
        // (here: SSL_CERT_FILE).
        let mut config = Config::default().with_base_url(&tls).unwrap();
        config.timeout = Some(TIMEOUT);
        for (route, proxy) in [("proxy", Proxy::from_env()), ("direct", Proxy::none())] {
            config.proxy = proxy;
            let instance = InstanceId::new(id(transport, route)).unwrap();
            if let Err(e) = default_subject(transport, &config).logout(&instance) {
                panic!("{transport}, {route}: {e}");
            }
        }
        let mut config = Config::default().with_base_url(&plain).unwrap();
        config.timeout = Some(TIMEOUT);
        let instance = InstanceId::new(id(transport, "plain")).unwrap();
        if let Err(e) = default_subject(transport, &config).logout(&instance) {
            panic!("{transport}, plain http: {e}");
        }
    }
}
