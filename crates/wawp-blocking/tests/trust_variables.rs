//! A trust variable that is set but names nothing usable fails closed: the
//! call stops before any connection, with an error naming the variable —
//! never a fallback to the Mozilla roots, which would widen trust. Run in
//! a child process whose `SSL_CERT_FILE` and `SSL_CERT_DIR` name nothing,
//! so the test's environment is its own.

use std::process::Command;

use wawp_conformance::TOKEN;
use wawp_core::transport::FromConfig;
use wawp_core::{AccessToken, Config, Error, InstanceId, Proxy, TransportErrorKind};
use wawp_mock::{MockServer, TestPki};

const CHILD: &str = "WAWP_BLOCKING_TRUST_VARIABLES_CHILD";

#[test]
fn a_trust_variable_naming_nothing_fails_before_connecting() {
    if std::env::var_os(CHILD).is_none() {
        let missing = std::env::temp_dir().join("wawp-blocking-no-such-store");
        let output = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "trust_variables::a_trust_variable_naming_nothing_fails_before_connecting",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env("SSL_CERT_FILE", missing.join("ca.pem"))
            .env("SSL_CERT_DIR", &missing)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{text}");
        assert!(text.contains("child: checked"), "{text}");
        return;
    }
    let err = wawp_rustls::roots(&wawp_core::Trust::default()).unwrap_err();
    assert!(err.to_string().contains("SSL_CERT_FILE"), "{err}");
    assert!(!err.to_string().contains("no-such-store"), "{err}");

    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
    config.proxy = Proxy::none();
    // The builder's path refuses to build.
    let built = <wawp_blocking::UreqTransport as FromConfig>::from_config(&config);
    assert!(
        matches!(&built, Err(Error::InvalidInput(e)) if e.to_string().contains("SSL_CERT_FILE")),
        "{:?}",
        built.err()
    );
    // The infallible constructor's client fails each call, unsent.
    let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config);
    let err = client
        .logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Connect),
        "{err:?}"
    );
    assert!(!err.maybe_sent());
    assert!(err.to_string().contains("SSL_CERT_FILE"), "{err}");
    assert!(!err.to_string().contains("no-such-store"), "{err}");
    assert_eq!(server.connections_accepted(), 0, "no connection made");
    eprintln!("child: checked");
}
