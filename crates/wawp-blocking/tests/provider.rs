//! The crypto provider ureq uses with the agents this crate builds: ureq
//! takes one per agent only through its `unversioned` API, so it is the
//! process's default provider, installed by this crate (aws-lc-rs builds)
//! before the first `https` request unless the program installed one, or
//! ureq's own ring fallback (ring builds). The default is process-wide and
//! set once: each case runs in a child process of its own.

use std::process::Command;

use rustls::crypto::CryptoProvider;
use wawp_conformance::{SESSION_JSON, TOKEN};
use wawp_core::{AccessToken, Config, InstanceId, Proxy, Trust};
use wawp_mock::MockServer;
use wawp_mock::TestPki;
use wawp_mock::raw::respond;

const CHILD: &str = "WAWP_BLOCKING_PROVIDER_CHILD";

/// Runs the test `name` again in a child process (where `CHILD` is set)
/// and checks that it passed there; `true` in that child.
fn in_child(name: &str) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &format!("provider::{name}"),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("child: checked"), "{text}");
    false
}

/// A logout to `server` with a client trusting `pki`.
fn logout(server: &MockServer, pki: &TestPki) {
    let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
    config.proxy = Proxy::none();
    config.trust = Trust::default().with_der(pki.ca_der().to_vec()).unwrap();
    let client = wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config);
    client
        .logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
        .unwrap();
}

/// The default provider's name, as its key provider's `Debug` shows it
/// (`Ring`, `AwsLcRs`), if one is installed.
fn default_provider() -> Option<String> {
    CryptoProvider::get_default().map(|p| format!("{:?}", p.key_provider))
}

fn answering(tls: Option<&TestPki>) -> MockServer {
    let answer =
        |_: &_, out: &mut dyn std::io::Write| respond(out, 200, &[], SESSION_JSON.as_bytes());
    match tls {
        Some(pki) => MockServer::raw_tls(answer, pki),
        None => MockServer::raw(answer),
    }
}

#[test]
fn the_builds_provider_is_the_default_only_where_ureq_needs_it() {
    if !in_child("the_builds_provider_is_the_default_only_where_ureq_needs_it") {
        return;
    }
    assert_eq!(default_provider(), None);
    let pki = TestPki::generate();
    // Plain http (loopback): no TLS, nothing installed.
    let plain = answering(None);
    let mut config = Config::default().with_base_url(&plain.base_url()).unwrap();
    config.proxy = Proxy::none();
    wawp_blocking::client(AccessToken::new(TOKEN).unwrap(), config)
        .logout(&InstanceId::new("3EB0BCB2E3D4").unwrap())
        .unwrap();
    assert_eq!(default_provider(), None);
    logout(&answering(Some(&pki)), &pki);
    let expected = cfg!(feature = "aws-lc-rs").then(|| "AwsLcRs".to_owned());
    assert_eq!(default_provider(), expected);
    eprintln!("child: checked");
}

#[test]
fn a_default_provider_the_program_installed_first_stays() {
    if !in_child("a_default_provider_the_program_installed_first_stays") {
        return;
    }
    // ring is in every test build (the simulator's TLS uses it).
    rustls::crypto::ring::default_provider()
        .install_default()
        .unwrap();
    let pki = TestPki::generate();
    logout(&answering(Some(&pki)), &pki);
    assert_eq!(default_provider().as_deref(), Some("Ring"));
    eprintln!("child: checked");
}
