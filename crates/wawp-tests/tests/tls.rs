//! HTTPS against the simulator behind TLS, with a CA generated when the test
//! runs: every transport succeeds when given that CA in `Config::trust`, and
//! fails with a clear certificate error (not sent, not retried) without it.

use crate::common::{config, default_subjects, example, no_token, subjects_trusting};
use wawp_core::{Error, SessionStatus, TransportErrorKind};
use wawp_mock::{EXAMPLE_INSTANCE_ID, MockServer, TestPki};

#[test]
fn every_transport_logs_out_over_https_when_given_the_ca() {
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    assert!(server.base_url().starts_with("https://127.0.0.1:"));
    let subjects = subjects_trusting(&pki, &config(&server));
    for (name, subject) in &subjects {
        server.add_instance(EXAMPLE_INSTANCE_ID, "wawp-84729105");
        let session = subject
            .logout(&example())
            .unwrap_or_else(|e| panic!("{name}: logout over TLS failed: {e}"));
        assert_eq!(session.status, SessionStatus::ScanQrCode, "{name}");
        assert_eq!(session.instance_id, EXAMPLE_INSTANCE_ID, "{name}");
    }
    assert_eq!(server.requests().len(), subjects.len(), "one request each");
}

#[test]
fn every_transport_refuses_the_server_without_the_ca() {
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    for (name, subject) in default_subjects(&config(&server)) {
        let error = match subject.logout(&example()) {
            Ok(session) => panic!("{name}: an untrusted server was accepted: {session:?}"),
            Err(e) => e,
        };
        no_token(&error);
        let Error::Transport(transport) = &error else {
            panic!("{name}: expected Error::Transport, got {error:?}");
        };
        assert_eq!(transport.kind(), TransportErrorKind::Tls, "{name}: {error}");
        assert!(
            transport.message().to_lowercase().contains("certificate"),
            "{name}: the message does not say the certificate is the problem: {error}"
        );
        assert!(
            !error.is_retryable(),
            "{name}: a TLS failure is not retried"
        );
        assert!(!error.maybe_sent(), "{name}: nothing was sent");
        eprintln!("{name}: {error}");
    }
    assert!(server.requests().is_empty(), "no request got past TLS");
    assert_eq!(
        server.instance_status(EXAMPLE_INSTANCE_ID).as_deref(),
        Some("WORKING")
    );
}

#[test]
fn a_different_ca_is_refused_too() {
    let server = MockServer::start_tls(&TestPki::generate());
    let other = TestPki::generate();
    for (name, subject) in subjects_trusting(&other, &config(&server)) {
        let error = subject.logout(&example()).unwrap_err();
        no_token(&error);
        assert!(
            matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Tls),
            "{name}: {error:?}"
        );
    }
    assert!(server.requests().is_empty());
}
