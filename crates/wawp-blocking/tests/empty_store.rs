//! Where the machine's certificate store is empty (a minimal container),
//! the agents fall back to the Mozilla roots and still add the config's
//! extra roots. Run in a child process whose `SSL_CERT_FILE` and
//! `SSL_CERT_DIR` name nothing, so the test's environment is its own.

use std::process::Command;

use wawp_conformance::{SESSION_JSON, TOKEN};
use wawp_core::{AccessToken, Config, Error, InstanceId, Proxy, TransportErrorKind, Trust};
use wawp_mock::MockServer;
use wawp_mock::TestPki;
use wawp_mock::raw::respond;

const CHILD: &str = "WAWP_BLOCKING_EMPTY_STORE_CHILD";

#[test]
fn an_empty_store_falls_back_to_the_mozilla_roots_plus_the_extra_roots() {
    if std::env::var_os(CHILD).is_none() {
        let missing = std::env::temp_dir().join("wawp-blocking-no-such-store");
        let output = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "empty_store::an_empty_store_falls_back_to_the_mozilla_roots_plus_the_extra_roots",
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
    let roots = wawp_rustls::roots(&Trust::default());
    assert_eq!(
        roots.source,
        wawp_rustls::RootSource::WebPki,
        "the store is empty here"
    );
    let pki = TestPki::generate();
    let server = MockServer::raw_tls(
        |_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()),
        &pki,
    );
    let logout = |trust: Trust| {
        let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
        config.proxy = Proxy::none();
        config.trust = trust;
        let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config);
        client.logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
    };
    let with_ca = Trust::default().with_der(pki.ca_der().to_vec()).unwrap();
    logout(with_ca).unwrap();
    let err = logout(Trust::default()).unwrap_err();
    assert!(
        matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Tls),
        "{err:?}"
    );
    eprintln!("child: checked");
}
