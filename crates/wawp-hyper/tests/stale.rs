//! Stale keep-alive connections: a server (or load balancer) that closes an
//! idle connection just after answering, without `Connection: close`. A
//! request written on such a reused connection that fails before any byte
//! of the answer is `StaleConnection` (may have been sent), which core's
//! client re-sends once for a read or a harmless call (logout): no error
//! reaches the caller.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::*;
use wawp_core::http::Request;
use wawp_core::transport::FreshConnection;
use wawp_core::transport::Reused;
use wawp_core::{Client, Limits, Transport, TransportErrorKind};

/// Answers a connection's first request, then closes the connection 2 to
/// 5 ms later without reading anything more: a request written meanwhile
/// is never processed (nor recorded).
fn close_after_answer(tls: Option<&TestPki>) -> MockServer {
    let answered = AtomicUsize::new(0);
    let handler = move |_: &wawp_mock::RecordedRequest, out: &mut dyn Write| {
        respond(out, 200, &[], SESSION_JSON.as_bytes())?;
        out.flush()?;
        let delay = 2 + answered.fetch_add(1, Ordering::SeqCst) % 4;
        std::thread::sleep(Duration::from_millis(delay as u64));
        Ok(Next::Close)
    };
    match tls {
        None => MockServer::raw(handler),
        Some(pki) => MockServer::raw_tls(handler, pki),
    }
}

/// A transport that counts the stale connections it reports.
struct CountingStale {
    inner: wawp_hyper::HyperTransport,
    stale: AtomicUsize,
}

#[async_trait::async_trait]
impl Transport for CountingStale {
    async fn send(
        &self,
        request: Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<wawp_core::http::Response<Vec<u8>>, wawp_core::TransportError> {
        let sent = self.inner.send(request, limits).await;
        if matches!(&sent, Err(e) if e.kind() == TransportErrorKind::StaleConnection) {
            self.stale.fetch_add(1, Ordering::SeqCst);
        }
        sent
    }

    async fn sleep(&self, duration: Duration) {
        self.inner.sleep(duration).await;
    }
}

/// `n` sequential logouts against [`close_after_answer`]: no error, each
/// processed exactly once, and stale connections were met (and re-sent).
fn sequential_logouts_against_a_closing_server(n: usize, tls: Option<&TestPki>) {
    for (flavor, rt) in runtimes() {
        let server = close_after_answer(tls);
        let mut config = config(&server.base_url());
        if let Some(pki) = tls {
            config.trust = wawp_core::Trust::default()
                .with_pem(pki.ca_pem().as_bytes())
                .unwrap();
        }
        let transport = Arc::new(CountingStale {
            inner: crate::support::transport(&config),
            stale: AtomicUsize::new(0),
        });
        let client = Client::with_config(transport.clone(), token(), config);
        let errors: Vec<String> = rt.block_on(async {
            let mut errors = Vec::new();
            for i in 0..n {
                if let Err(e) = client.logout(&id()).await {
                    errors.push(format!("logout #{i}: {e:?}"));
                }
            }
            errors
        });
        assert!(
            errors.is_empty(),
            "{flavor}: {} errors: {errors:#?}",
            errors.len()
        );
        // Exactly once each: nothing that may have been processed was re-sent.
        assert_eq!(server.requests().len(), n, "{flavor}");
        let stale = transport.stale.load(Ordering::SeqCst);
        // The server closes every connection after one answer: the pool
        // hands most logouts a connection about to close.
        assert!(stale > 0, "{flavor}: no stale connection met");
        eprintln!(
            "{flavor}, tls: {}: {n} logouts, {} connections, {stale} stale (re-sent)",
            tls.is_some(),
            server.connections_accepted()
        );
    }
}

#[test]
fn a_thousand_sequential_logouts_against_a_closing_server_give_no_error() {
    sequential_logouts_against_a_closing_server(1_000, None);
}

#[test]
fn the_same_over_tls() {
    sequential_logouts_against_a_closing_server(200, Some(&TestPki::generate()));
}

/// Answers the first request of each connection; reads the next one and
/// closes the connection without a word.
fn answer_once_then_drop() -> MockServer {
    MockServer::raw(|request, out| {
        if request.sequence == 1 {
            respond(out, 200, &[], SESSION_JSON.as_bytes())?;
            Ok(Next::KeepAlive)
        } else {
            Ok(Next::Close)
        }
    })
}

fn post(server: &MockServer) -> Request<Vec<u8>> {
    wawp_conformance::post(&format!("{}/", server.base_url()))
}

fn limits() -> Limits {
    Limits::new(Some(Duration::from_secs(5)), 1024)
}

#[test]
fn a_reused_connection_lost_before_any_answer_is_stale_and_maybe_sent() {
    for (flavor, rt) in runtimes() {
        let server = answer_once_then_drop();
        let transport = transport(&config(&server.base_url()));
        let mut stale = 0;
        rt.block_on(async {
            for i in 0..20 {
                match transport.send(post(&server), &limits()).await {
                    Ok(r) => assert_eq!(r.status(), 200, "#{i} ({flavor})"),
                    Err(e) => {
                        assert_eq!(
                            e.kind(),
                            TransportErrorKind::StaleConnection,
                            "#{i} ({flavor}): {e}"
                        );
                        assert!(e.kind().maybe_sent());
                        stale += 1;
                    }
                }
                // Lets the connection go back to the pool.
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        assert!(
            stale > 0,
            "{flavor}: no request went on a reused connection"
        );
    }
}

#[test]
fn through_the_client_such_a_request_is_re_sent_once_and_succeeds() {
    for (flavor, rt) in runtimes() {
        let server = answer_once_then_drop();
        let client = Client::with_config(
            transport(&config(&server.base_url())),
            token(),
            config(&server.base_url()),
        );
        rt.block_on(async {
            for i in 0..20 {
                let session = client.logout(&id()).await;
                assert!(session.is_ok(), "#{i} ({flavor}): {session:?}");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        // Each logout was answered by one new connection; the stale
        // requests were read, never answered.
        let answered = server.connections_accepted();
        assert!(answered >= 20, "{flavor}: {answered}");
    }
}

#[test]
fn responses_say_whether_their_connection_was_reused() {
    let server = MockServer::raw(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()));
    let transport = transport(&config(&server.base_url()));
    let reused = runtime().block_on(async {
        let mut reused = Vec::new();
        for _ in 0..3 {
            let r = transport.send(post(&server), &limits()).await.unwrap();
            reused.push(r.extensions().get::<Reused>().copied());
            // The one connection back in the pool.
            tasks_settled(1).await;
        }
        reused
    });
    assert_eq!(
        reused,
        [Some(Reused(false)), Some(Reused(true)), Some(Reused(true))]
    );
    assert_eq!(server.connections_accepted(), 1);
}

/// Core's re-send is marked [`FreshConnection`]: it goes on a new
/// connection although one is idle in the pool, and that new connection is
/// not kept (the next request reuses the pooled one).
#[test]
fn a_request_marked_fresh_connection_never_takes_a_pooled_one() {
    for (flavor, rt) in runtimes() {
        let server = MockServer::raw(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()));
        let transport = transport(&config(&server.base_url()));
        let reused = rt.block_on(async {
            let mut reused = Vec::new();
            for fresh in [false, true, false] {
                let mut request = post(&server);
                if fresh {
                    request.extensions_mut().insert(FreshConnection);
                }
                let r = transport.send(request, &limits()).await.unwrap();
                reused.push(r.extensions().get::<Reused>().copied());
                // The first connection back in the pool (the fresh one is
                // closed, not kept).
                tasks_settled(1).await;
            }
            reused
        });
        assert_eq!(
            reused,
            [Some(Reused(false)), Some(Reused(false)), Some(Reused(true))],
            "{flavor}"
        );
        assert_eq!(server.connections_accepted(), 2, "{flavor}");
    }
}

/// A server that answers the first request on each connection with `bye`
/// — no `Connection: close` — and closes that connection when told to,
/// then says so.
struct ClosingServer {
    port: u16,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    close: std::sync::mpsc::Sender<()>,
    closed: std::sync::mpsc::Receiver<()>,
}

impl ClosingServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (close, close_rx) = std::sync::mpsc::channel();
        let (closed_tx, closed) = std::sync::mpsc::channel();
        let (accepted, read) = (connections.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    line.clear();
                }
                if line != "\r\n" {
                    continue; // no complete request head
                }
                read.fetch_add(1, Ordering::SeqCst);
                let body = SESSION_JSON.as_bytes();
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
                if close_rx.recv().is_err() {
                    return;
                }
                drop((reader, stream));
                if closed_tx.send(()).is_err() {
                    return;
                }
            }
        });
        Self {
            port,
            connections,
            requests,
            close,
            closed,
        }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Closes the connection that was last answered, and waits until it is
    /// closed.
    fn close_idle_connection(&self) {
        self.close.send(()).unwrap();
        self.closed
            .recv_timeout(Duration::from_secs(5))
            .expect("the server closes the connection");
    }
}

#[test]
fn a_server_closing_an_idle_connection_between_calls_costs_no_logout() {
    for (flavor, rt) in runtimes() {
        let server = ClosingServer::start();
        let client = wawp_hyper::client(token(), config(&server.base_url()));
        for i in 0..5 {
            let session = rt.block_on(client.logout(&id()));
            assert!(session.is_ok(), "logout #{i} ({flavor}): {session:?}");
            // The connection goes idle in the client...
            rt.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
            // ...then the server closes it while the runtime is not
            // running (between two `block_on` calls on a current-thread
            // runtime): nothing in the client reads the close.
            server.close_idle_connection();
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(server.connections.load(Ordering::SeqCst), 5, "{flavor}");
        assert_eq!(server.requests.load(Ordering::SeqCst), 5, "{flavor}");
    }
}
