//! The one rule behind every repeat, row by row, on every transport
//! (hyper, reqwest, blocking), against loopback servers that count what
//! they read:
//!
//! | what happened | `maybe_sent` | Read | Harmless | Never |
//! |---|---|---|---|---|
//! | connection never made (closed in the TLS handshake) | false | retried | retried | retried |
//! | certificate not trusted | false | never | never | never |
//! | 429, after `Retry-After` | true | retried | retried | retried |
//! | 502, 503 | true | retried | retried | never |
//! | closed before the answer, 504 | true | retried | with `retry_after_send` | never |
//! | any other answer (500) | true | never | never | never |
//!
//! Read is `info`, Harmless `logout`, Never `delete`. Also: a delete goes on
//! a new connection, so 100 sequential deletes against a server that closes
//! each keep-alive connection 3 ms after answering all succeed, each read
//! once; a delete is never re-sent after a reused connection closed, even
//! over the user's own client; a read or a logout is re-sent once at once
//! after a reused connection closed before the answer (blocking: after a
//! connection that may have been pooled, as ureq does not say whether it
//! was);
//! and unusable trust and proxy variables fail closed, in a child process
//! so that no other test sees them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::{
    AnySubject, TRANSPORTS, config_for_url, default_subject, example, no_token, token,
};
use wawp_conformance::{AsyncSubject, Subject, settled};
use wawp_core::{Config, Delete, Error, Info, InstanceId, RetryPolicy};
use wawp_mock::{MockServer, TestPki};

/// A session both `Session` and `SessionInfo` decode.
const SESSION: &str = r#"{"name":"n","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;

/// What the server does with a request it has read.
#[derive(Debug, Clone, Copy)]
enum Act {
    /// Answers with this status (a session body), keeping the connection.
    Answer(u16),
    /// Answers 200, then closes the connection this long later without
    /// reading anything more.
    AnswerThenClose(Duration),
    /// Closes the connection without answering: the request was read.
    Close,
}

/// A loopback HTTP/1.1 server that records the request line of every
/// request it reads, and acts on each as `plan` says, given how many
/// requests its connection carried before and how many the server read.
struct Scripted {
    port: u16,
    read: Arc<Mutex<Vec<String>>>,
    accepted: Arc<AtomicUsize>,
}

type Plan = dyn Fn(usize, usize) -> Act + Send + Sync;

impl Scripted {
    fn start(plan: impl Fn(usize, usize) -> Act + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let read = Arc::new(Mutex::new(Vec::new()));
        let accepted = Arc::new(AtomicUsize::new(0));
        let plan: Arc<Plan> = Arc::new(plan);
        let (r, a) = (Arc::clone(&read), Arc::clone(&accepted));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                a.fetch_add(1, Ordering::SeqCst);
                let (r, plan) = (Arc::clone(&r), Arc::clone(&plan));
                std::thread::spawn(move || serve(stream, &r, &*plan));
            }
        });
        Self {
            port,
            read,
            accepted,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The methods of the requests read, once the server has caught up
    /// with `expected` of them (a call may return before the server's
    /// thread records what it read).
    fn methods(&self, expected: usize) -> Vec<String> {
        settled(expected, || self.read.lock().unwrap().len());
        self.read
            .lock()
            .unwrap()
            .iter()
            .map(|line| line.split(' ').next().unwrap_or_default().to_owned())
            .collect()
    }

    fn clear(&self) {
        self.read.lock().unwrap().clear();
    }

    /// The connections accepted so far.
    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

fn serve(stream: TcpStream, read: &Mutex<Vec<String>>, plan: &Plan) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    for on_connection in 0.. {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            if header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let overall = {
            let mut read = read.lock().unwrap();
            read.push(line.trim().to_owned());
            read.len() - 1
        };
        let answer = |out: &mut TcpStream, status: u16| {
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nRetry-After: 0\r\nContent-Length: {}\r\n\r\n",
                SESSION.len()
            );
            out.write_all(head.as_bytes())
                .and_then(|()| out.write_all(SESSION.as_bytes()))
        };
        match plan(on_connection, overall) {
            Act::Answer(status) => {
                if answer(&mut out, status).is_err() {
                    return;
                }
            }
            Act::AnswerThenClose(after) => {
                let _ = answer(&mut out, 200);
                std::thread::sleep(after);
                let _ = out.shutdown(Shutdown::Both);
                return;
            }
            Act::Close => {
                let _ = out.shutdown(Shutdown::Both);
                return;
            }
        }
    }
}

/// `url`'s configuration with up to three attempts, no wait worth the
/// name, and `retry_after_send` as given.
fn retrying(url: &str, retry_after_send: bool) -> Config {
    let mut config = config_for_url(url);
    config.retry = RetryPolicy::attempts(3)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .with_jitter(false)
        .with_retry_after_send(retry_after_send);
    config
}

fn id() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").unwrap()
}

/// One call of each kind: its name, and the call.
type Call = (&'static str, fn(&AnySubject) -> Result<(), Error>);

const READ: Call = ("info", |s| s.call(&Info::new(id())).map(drop));
const HARMLESS: Call = ("logout", |s| s.logout(&id()).map(drop));
const NEVER: Call = ("delete", |s| s.call(&Delete::new(id())).map(drop));

/// Makes `call` on every transport with `config` against `server`, and
/// asserts how many requests the server read each time, and whether the
/// call may have been sent.
#[track_caller]
fn reads(server: &Scripted, config: &Config, call: Call, expected: usize, maybe_sent: bool) {
    for name in TRANSPORTS {
        server.clear();
        let result = (call.1)(&default_subject(name, config));
        let err = result.expect_err("the server never answers 200 here");
        no_token(&err);
        assert_eq!(err.maybe_sent(), maybe_sent, "{name} {}: {err:?}", call.0);
        let read = server.methods(expected).len();
        assert_eq!(read, expected, "{name} {}: requests read ({err})", call.0);
    }
}

#[test]
fn a_502_or_503_is_retried_for_reads_and_logouts_never_for_a_delete() {
    for status in [502, 503] {
        let server = Scripted::start(move |_, _| Act::Answer(status));
        for after_send in [false, true] {
            let config = retrying(&server.url(), after_send);
            reads(&server, &config, READ, 3, true);
            reads(&server, &config, HARMLESS, 3, true);
            reads(&server, &config, NEVER, 1, true);
        }
    }
}

#[test]
fn a_429_is_retried_for_every_call_a_delete_included() {
    // 429, then 200 for every second request.
    let server = Scripted::start(|_, n| Act::Answer(if n % 2 == 0 { 429 } else { 200 }));
    let config = retrying(&server.url(), false);
    for name in TRANSPORTS {
        for call in [READ, HARMLESS, NEVER] {
            server.clear();
            let result = (call.1)(&default_subject(name, &config));
            assert!(result.is_ok(), "{name} {}: {result:?}", call.0);
            assert_eq!(server.methods(2).len(), 2, "{name} {}", call.0);
        }
    }
}

#[test]
fn a_504_or_a_close_before_the_answer_is_retried_for_reads_for_logouts_only_when_asked() {
    let gateway = Scripted::start(|_, _| Act::Answer(504));
    let closing = Scripted::start(|_, _| Act::Close);
    for server in [&gateway, &closing] {
        let plain = retrying(&server.url(), false);
        let opted = retrying(&server.url(), true);
        reads(server, &plain, READ, 3, true);
        reads(server, &plain, HARMLESS, 1, true);
        reads(server, &opted, HARMLESS, 3, true);
        reads(server, &plain, NEVER, 1, true);
        reads(server, &opted, NEVER, 1, true);
    }
}

#[test]
fn any_other_answer_is_never_retried() {
    let server = Scripted::start(|_, _| Act::Answer(500));
    let config = retrying(&server.url(), true);
    for call in [READ, HARMLESS, NEVER] {
        reads(&server, &config, call, 1, true);
    }
}

/// A listener that reads the client's first TLS bytes (its `ClientHello`)
/// and closes the connection without a word: over `https`, the TLS
/// handshake never completes. (Reading first makes the close a clean one;
/// closing with the hello unread would reset the connection instead.)
fn closing_listener() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let accepted = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counted.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut stream) = stream {
                let _ = stream.read(&mut [0; 4096]);
            }
        }
    });
    (url, accepted)
}

#[test]
fn a_connection_closed_in_the_tls_handshake_is_not_sent_and_retried_for_a_delete() {
    let (url, accepted) = closing_listener();
    let config = retrying(&url, false);
    for (i, name) in TRANSPORTS.into_iter().enumerate() {
        let err = (NEVER.1)(&default_subject(name, &config)).unwrap_err();
        assert_eq!(
            (err.code(), err.maybe_sent()),
            ("connect", false),
            "{name}: {err:?}"
        );
        let expected = 3 * (i + 1);
        assert_eq!(
            settled(expected, || accepted.load(Ordering::SeqCst)),
            expected,
            "{name}: three attempts"
        );
    }
}

#[test]
fn an_untrusted_certificate_is_never_retried() {
    let server = MockServer::start_tls(&TestPki::generate());
    let config = retrying(&server.base_url(), true);
    for (i, name) in TRANSPORTS.into_iter().enumerate() {
        for call in [READ, HARMLESS, NEVER] {
            let err = (call.1)(&default_subject(name, &config)).unwrap_err();
            assert_eq!(
                (err.code(), err.maybe_sent()),
                ("tls", false),
                "{name}: {err:?}"
            );
        }
        // One connection per call: none was retried.
        let expected = 3 * (i + 1);
        assert_eq!(
            settled(expected, || server.connections_accepted()),
            expected,
            "{name}"
        );
    }
}

#[test]
fn a_hundred_deletes_against_a_server_closing_each_connection_all_succeed_once_each() {
    const DELETES: usize = 100;
    let server = Scripted::start(|_, _| Act::AnswerThenClose(Duration::from_millis(3)));
    let config = config_for_url(&server.url());
    for name in TRANSPORTS {
        server.clear();
        let before = server.accepted();
        let subject = default_subject(name, &config);
        for i in 0..DELETES {
            let result = subject.call(&Delete::new(id()));
            assert!(result.is_ok(), "{name}, delete #{i}: {result:?}");
        }
        let methods = server.methods(DELETES);
        assert_eq!(methods.len(), DELETES, "{name}: each DELETE read once");
        assert!(methods.iter().all(|m| m == "DELETE"), "{name}: {methods:?}");
        // Each on a connection of its own.
        assert!(server.accepted() - before >= DELETES, "{name}");
    }
}

/// The second request on each connection is read, then the connection
/// closes unanswered: what a server that acted and then lost the
/// connection looks like to any client.
fn second_request_read_then_closed() -> Scripted {
    Scripted::start(|on_connection, _| {
        if on_connection == 0 {
            Act::Answer(200)
        } else {
            Act::Close
        }
    })
}

#[test]
fn a_delete_after_a_logout_goes_on_a_new_connection_and_succeeds() {
    let server = second_request_read_then_closed();
    let config = retrying(&server.url(), true);
    for name in TRANSPORTS {
        server.clear();
        let subject = default_subject(name, &config);
        subject.logout(&id()).unwrap();
        let result = subject.call(&Delete::new(id()));
        assert!(result.is_ok(), "{name}: {result:?}");
        assert_eq!(server.methods(2), ["POST", "DELETE"], "{name}");
    }
}

/// Clients over the user's own HTTP client, which the transport cannot
/// ask for a new connection (hyper, reqwest) — for ureq it can.
fn users_clients(config: &Config) -> Vec<(&'static str, AnySubject)> {
    let hyper = {
        let config = config.clone();
        AsyncSubject::build(move || {
            let client = wawp_hyper::hyper_util::client::legacy::Client::builder(
                wawp_hyper::hyper_util::rt::TokioExecutor::new(),
            )
            .build_http();
            let transport = wawp_hyper::HyperTransport::from_client(client);
            wawp_core::Client::with_config(transport, token(), config)
        })
    };
    let reqwest = {
        let config = config.clone();
        AsyncSubject::build(move || {
            let transport = wawp_reqwest::ReqwestTransport::from_client(reqwest_client());
            wawp_core::Client::with_config(transport, token(), config)
        })
    };
    let agent = wawp_blocking::ureq::Agent::new_with_defaults();
    let blocking = wawp_core::BlockingClient::with_config(
        wawp_blocking::UreqTransport::from_agent(agent),
        token(),
        config.clone(),
    );
    vec![
        ("hyper", AnySubject::Hyper(hyper)),
        ("reqwest", AnySubject::Reqwest(reqwest)),
        ("blocking", AnySubject::Blocking(blocking)),
    ]
}

fn reqwest_client() -> wawp_reqwest::reqwest::Client {
    let tls = wawp_rustls::client_config(&wawp_core::Trust::default()).unwrap();
    wawp_reqwest::reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .no_proxy()
        .redirect(wawp_reqwest::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// hyper-util hands a connection back to its pool from a task of its own:
/// the moment it needs, so that the next call meets the pooled connection
/// rather than racing a new connect against its return.
fn let_the_connection_back_into_the_pool() {
    std::thread::sleep(Duration::from_millis(50));
}

#[test]
fn a_delete_is_never_re_sent_after_a_reused_connection_closed() {
    let server = second_request_read_then_closed();
    let config = retrying(&server.url(), true);
    for (name, subject) in users_clients(&config) {
        server.clear();
        let before = server.accepted();
        subject.logout(&id()).unwrap();
        let_the_connection_back_into_the_pool();
        match subject.call(&Delete::new(id())) {
            // The user's pool: the delete met the closing connection.
            Err(e) => {
                assert!(e.maybe_sent(), "{name}: {e:?}");
                assert_ne!(name, "blocking", "ureq sends it on a new connection");
            }
            // ureq was asked for a new connection; hyper-util's pool may
            // also have opened one of its own accord (a connect it raced
            // against the connection coming back), and then the delete
            // never met the closing one.
            Ok(_) => assert!(
                name == "blocking" || server.accepted() - before == 2,
                "{name}: a delete that succeeded on the user's pool went on a new connection"
            ),
        }
        assert_eq!(server.methods(2), ["POST", "DELETE"], "{name}: read once");
    }
}

#[test]
fn a_read_or_a_logout_is_re_sent_once_after_a_reused_connection_closed() {
    let server = second_request_read_then_closed();
    let config = config_for_url(&server.url());
    for call in [READ, HARMLESS] {
        for name in TRANSPORTS {
            server.clear();
            let subject = default_subject(name, &config);
            (call.1)(&subject).unwrap();
            let_the_connection_back_into_the_pool();
            let second = (call.1)(&subject);
            assert!(second.is_ok(), "{name} {}: {second:?}", call.0);
            // The first call, the second (read, then closed unanswered),
            // and its one re-send on a new connection.
            assert_eq!(server.methods(3).len(), 3, "{name} {}", call.0);
        }
    }
}

/// The variables a child starts without, whatever the machine sets.
const CLEARED: [&str; 8] = [
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// Names the variable the child expects in each error.
const CHILD_VAR: &str = "WAWP_TESTS_REPEAT_RULE_VAR";
/// A text no error in the child may contain.
const CHILD_SECRET: &str = "WAWP_TESTS_REPEAT_RULE_SECRET";

/// Runs the child test with `vars` set; it expects every transport to
/// refuse an `https` call naming `var`, never showing `secret`.
fn run_child(vars: &[(&str, std::ffi::OsString)], var: &str, secret: &str) {
    let mut child = Command::new(std::env::current_exe().unwrap());
    child.args([
        "repeat_rule::child_refuses_unusable_settings",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for name in CLEARED {
        child.env_remove(name);
    }
    for (name, value) in vars {
        child.env(name, value);
    }
    let output = child
        .env(CHILD_VAR, var)
        .env(CHILD_SECRET, secret)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && text.contains("1 passed"),
        "{var}: {text}"
    );
}

#[test]
fn unusable_trust_variables_fail_closed_naming_the_variable() {
    let dir = std::env::temp_dir().join(format!("wawp-tests-{}-trust", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.pem");
    let garbage = dir.join("garbage.pem");
    std::fs::write(&empty, "").unwrap();
    std::fs::write(
        &garbage,
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let missing = dir.join("missing.pem");
    let cases = [
        ("SSL_CERT_FILE", missing.clone()),
        ("SSL_CERT_FILE", empty),
        ("SSL_CERT_FILE", garbage),
        ("SSL_CERT_DIR", missing),
    ];
    for (var, path) in cases {
        let secret = path.to_string_lossy().into_owned();
        run_child(&[(var, path.into_os_string())], var, &secret);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unusable_proxy_variables_fail_closed_naming_the_variable() {
    let proxy = "http://127.0.0.1:9".to_owned();
    run_child(
        &[("HTTPS_PROXY", "socks5://u:topsecret@p:1".into())],
        "HTTPS_PROXY",
        "topsecret",
    );
    run_child(
        &[
            ("HTTPS_PROXY", proxy.clone().into()),
            ("ALL_PROXY", "ftp://u:topsecret@p:1".into()),
        ],
        "ALL_PROXY",
        "topsecret",
    );
    run_child(
        &[
            ("HTTPS_PROXY", proxy.into()),
            ("NO_PROXY", "10.77.0.0/99".into()),
        ],
        "NO_PROXY",
        "10.77.0.0",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let not_utf8 = std::ffi::OsString::from_vec(b"http://p:1/\xff".to_vec());
        run_child(&[("HTTPS_PROXY", not_utf8)], "HTTPS_PROXY", "p:1");
    }
}

/// Run in a child process by the two tests above, with the variables set;
/// does nothing when run without them.
#[test]
#[ignore = "run in a child process by the fail-closed tests"]
fn child_refuses_unusable_settings() {
    let (Ok(var), Ok(secret)) = (std::env::var(CHILD_VAR), std::env::var(CHILD_SECRET)) else {
        eprintln!("not in the child process: nothing to do");
        return;
    };
    let pki = TestPki::generate();
    let server = MockServer::start_tls(&pki);
    let mut config = crate::common::trusting(&pki, &config_for_url(&server.base_url()));
    config.proxy = wawp_core::Proxy::from_env();
    for name in TRANSPORTS {
        let err = (HARMLESS.1)(&default_subject(name, &config)).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert_eq!(
            (err.code(), err.maybe_sent()),
            ("connect", false),
            "{name}: {shown}"
        );
        assert!(shown.contains(&var), "{name}: {shown}");
        assert!(!shown.contains(&secret), "{name}: {shown}");
    }
    assert_eq!(server.connections_accepted(), 0, "no connection made");
}

#[test]
fn closed_during_the_tls_handshake_is_connect_not_sent_everywhere() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    // Reads the client's hello, then closes without a word (a clean close:
    // with the hello unread, closing would reset the connection).
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = std::io::Read::read(&mut stream, &mut [0; 4096]);
        }
    });
    let config = config_for_url(&url);
    for name in TRANSPORTS {
        let result = default_subject(name, &config).logout(&example());
        assert_eq!(
            crate::common::outcome(&result),
            ("connect", false),
            "{name}: closed in the TLS handshake: {result:?}"
        );
    }
}

/// A recognisable token, and the query that would carry it.
const RECOGNISABLE: &str = "tok-RECOGNISABLE-0xDEADBEEF";

#[test]
fn a_failure_keeps_an_io_source_and_never_the_token_or_the_query_everywhere() {
    let url = format!("http://127.0.0.1:{}", wawp_mock::raw::closed_port());
    let config = config_for_url(&url);
    let token = wawp_core::AccessToken::new(RECOGNISABLE).unwrap();
    for name in TRANSPORTS {
        let err = match name {
            "hyper" => wawp_conformance::AsyncSubject::build(|| {
                wawp_hyper::client(token.clone(), config.clone())
            })
            .logout(&example()),
            "reqwest" => wawp_conformance::AsyncSubject::build(|| {
                wawp_reqwest::client(token.clone(), config.clone())
            })
            .logout(&example()),
            _ => wawp_blocking::client(token.clone(), config.clone()).logout(&example()),
        }
        .unwrap_err();
        let mut texts = vec![format!("{err}"), format!("{err:?}")];
        let mut io = None;
        let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&err);
        while let Some(e) = next {
            texts.push(format!("{e} {e:?}"));
            io = io.or(e.downcast_ref::<std::io::Error>().map(std::io::Error::kind));
            next = e.source();
        }
        for text in &texts {
            assert!(!text.contains(RECOGNISABLE), "{name}: {text}");
            assert!(!text.contains("instance_id="), "{name}: {text}");
            assert!(!text.contains("access_token"), "{name}: {text}");
        }
        assert_eq!(
            io,
            Some(std::io::ErrorKind::ConnectionRefused),
            "{name}: {texts:?}"
        );
    }
}
