//! The shared transport cases (`wawp_conformance::transport`: limits,
//! redirects, headers, errors) against a tiny loopback server.

use wawp_conformance::transport::AsyncHarness;
use wawp_hyper::HyperTransport;

wawp_conformance::transport_cases!(
    default = || AsyncHarness::new(HyperTransport::new()),
    trusting = |pki| AsyncHarness::new(HyperTransport::with_tls_config(pki.client_config())),
);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The pool: exact reuse, concurrency, connections the server closes, and
/// connections that must not be reused.
mod pool {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::time::{Duration, Instant};

    use wawp_core::http::{Method, Request};
    use wawp_core::{
        AccessToken, Client, Config, InstanceId, Limits, Transport, TransportErrorKind,
    };
    use wawp_hyper::HyperTransport;

    use wawp_conformance::transport::{Next, SESSION_JSON, Server, TOKEN, respond};

    fn post(server: &Server) -> Request<Vec<u8>> {
        Request::builder()
            .method(Method::POST)
            .uri(format!("{}/", server.base_url()))
            .header("content-length", "0")
            .body(Vec::new())
            .unwrap()
    }

    fn limits(max: usize) -> Limits {
        Limits::new(Some(Duration::from_secs(5)), max)
    }

    fn session_server() -> Server {
        Server::start(|_, out| respond(out, 200, &[], SESSION_JSON.as_bytes()))
    }

    fn runtimes() -> [(&'static str, tokio::runtime::Runtime); 2] {
        [
            ("current_thread", super::runtime()),
            (
                "multi_thread",
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .unwrap(),
            ),
        ]
    }

    #[test]
    fn a_thousand_sequential_calls_use_one_connection() {
        for (flavor, rt) in runtimes() {
            let server = session_server();
            let transport = HyperTransport::new();
            rt.block_on(async {
                for i in 0..1_000 {
                    let r = transport.send(post(&server), &limits(1024)).await;
                    assert_eq!(r.unwrap().status(), 200, "call #{i} ({flavor})");
                }
            });
            assert_eq!(server.requests().len(), 1_000, "{flavor}");
            assert_eq!(server.connections(), 1, "{flavor}");
        }
    }

    #[test]
    fn a_hundred_sequential_logouts_use_one_connection() {
        for (flavor, rt) in runtimes() {
            let server = session_server();
            let config = Config::default().with_base_url(&server.base_url()).unwrap();
            let token = AccessToken::new(TOKEN).unwrap();
            let client = Client::with_config(HyperTransport::new(), token, config);
            let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
            rt.block_on(async {
                for i in 0..100 {
                    let session = client.logout(&id).await;
                    assert!(session.is_ok(), "logout #{i} ({flavor}): {session:?}");
                }
            });
            assert_eq!(server.requests().len(), 100, "{flavor}");
            assert_eq!(server.connections(), 1, "{flavor}");
        }
    }

    #[test]
    fn concurrent_logouts_keep_their_connections_for_the_next_ones() {
        const N: usize = 64;
        // The first N requests wait for each other, so the first batch holds
        // N connections at once.
        let first = Arc::new(Barrier::new(N));
        let seen = AtomicUsize::new(0);
        let server = Server::start(move |_, out| {
            if seen.fetch_add(1, Ordering::SeqCst) < N {
                first.wait();
            }
            respond(out, 200, &[], SESSION_JSON.as_bytes())
        });
        let config = Config::default().with_base_url(&server.base_url()).unwrap();
        let token = AccessToken::new(TOKEN).unwrap();
        let client = Client::with_config(HyperTransport::new(), token, config);
        let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
        super::runtime().block_on(async {
            for batch in 0..2 {
                let mut calls = tokio::task::JoinSet::new();
                for _ in 0..N {
                    let (client, id) = (client.clone(), id.clone());
                    calls.spawn(async move { client.logout(&id).await });
                }
                while let Some(done) = calls.join_next().await {
                    let session = done.unwrap();
                    assert!(session.is_ok(), "batch {batch}: {session:?}");
                }
            }
        });
        assert_eq!(server.requests().len(), 2 * N);
        assert_eq!(server.connections(), N);
    }

    #[test]
    fn connection_close_leads_to_a_fresh_connection() {
        let server = Server::start(|_, out| {
            respond(out, 200, &[("connection", "close")], b"bye")?;
            Ok(Next::Close)
        });
        let rt = super::runtime();
        let transport = HyperTransport::new();
        for i in 0..5 {
            let r = rt.block_on(transport.send(post(&server), &limits(1024)));
            assert_eq!(r.unwrap().body(), b"bye", "call #{i}");
        }
        assert_eq!(server.connections(), 5);
    }

    /// A server that answers the first request on each connection with
    /// `bye` — no `Connection: close` — and closes that connection when
    /// told to, then says so.
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
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nbye");
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

        fn post(&self) -> Request<Vec<u8>> {
            Request::builder()
                .method(Method::POST)
                .uri(format!("http://127.0.0.1:{}/", self.port))
                .header("content-length", "0")
                .body(Vec::new())
                .unwrap()
        }

        /// Closes the connection that was last answered, and waits until
        /// it is closed.
        fn close_idle_connection(&self) {
            self.close.send(()).unwrap();
            self.closed
                .recv_timeout(Duration::from_secs(5))
                .expect("the server closes the connection");
        }
    }

    #[test]
    fn a_server_closing_an_idle_connection_leads_to_a_fresh_one() {
        for (flavor, rt) in runtimes() {
            let server = ClosingServer::start();
            let transport = HyperTransport::new();
            for i in 0..5 {
                let r = rt.block_on(transport.send(server.post(), &limits(1024)));
                let r = r.unwrap_or_else(|e| panic!("call #{i} ({flavor}): {e}"));
                assert_eq!(r.body(), b"bye", "call #{i} ({flavor})");
                // The connection goes idle in the client: its task has seen
                // the response end, and found nothing more to read.
                rt.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
                // Then the server closes it, and the close has time to reach
                // the client's socket, between two calls: while a
                // current-thread runtime is not running, nothing in the
                // client reads it. The pool must find out before it sends
                // the next request there.
                server.close_idle_connection();
                std::thread::sleep(Duration::from_millis(50));
            }
            assert_eq!(server.connections.load(Ordering::SeqCst), 5, "{flavor}");
            assert_eq!(server.requests.load(Ordering::SeqCst), 5, "{flavor}");
        }
    }

    #[test]
    fn a_connection_is_not_reused_after_an_error() {
        let server = Server::start(|req, out| {
            if req.request_line().contains("/slow") {
                std::thread::sleep(Duration::from_millis(800));
            }
            respond(out, 200, &[], &[b'z'; 1000])
        });
        let rt = super::runtime();
        let transport = HyperTransport::new();
        let send = |path: &str, limits: Limits| {
            let mut request = post(&server);
            *request.uri_mut() = format!("{}{path}", server.base_url()).parse().unwrap();
            rt.block_on(transport.send(request, &limits))
        };

        assert!(send("/", limits(1000)).is_ok());
        assert_eq!(server.connections(), 1);
        // A body over the limit: that connection is closed.
        let err = send("/", limits(999)).unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
        assert!(send("/", limits(1000)).is_ok());
        assert_eq!(server.connections(), 2);
        // A timeout: that connection is closed too.
        let short = Limits::new(Some(Duration::from_millis(200)), 1000);
        let err = send("/slow", short).unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err}");
        assert!(send("/", limits(1000)).is_ok());
        assert_eq!(server.connections(), 3);
        assert!(send("/", limits(1000)).is_ok());
        assert_eq!(server.connections(), 3);
    }

    /// A listener that accepts connections and never says a word: a TLS
    /// handshake against it hangs.
    fn silent_listener() -> (u16, Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let held = Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = held.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                keep.lock().unwrap().push(stream);
            }
        });
        (port, held)
    }

    fn https_post(port: u16) -> Request<Vec<u8>> {
        Request::builder()
            .method(Method::POST)
            .uri(format!("https://127.0.0.1:{port}/"))
            .body(Vec::new())
            .unwrap()
    }

    /// A call to a listener that never answers the TLS handshake is
    /// `Connect` after the 300 ms that `transport` or `limits` sets.
    fn assert_tls_connect_times_out(transport: HyperTransport, limits: Limits) {
        let (port, _held) = silent_listener();
        let rt = super::runtime();
        let start = Instant::now();
        let err = rt
            .block_on(transport.send(https_post(port), &limits))
            .unwrap_err();
        let elapsed = start.elapsed();
        assert_eq!(err.kind(), TransportErrorKind::Connect, "{err}");
        assert!(elapsed >= Duration::from_millis(290), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(2_500), "{elapsed:?}");
    }

    #[test]
    fn the_connect_timeout_of_the_call_covers_tls() {
        let mut limits = limits(1024);
        limits.connect_timeout = Some(Duration::from_millis(300));
        assert_tls_connect_times_out(HyperTransport::new(), limits);
    }

    #[test]
    fn the_connect_timeout_of_the_transport_covers_tls() {
        let transport = HyperTransport::new().connect_timeout(Some(Duration::from_millis(300)));
        assert_tls_connect_times_out(transport, limits(1024));
    }

    #[test]
    fn a_relative_uri_is_refused() {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/no-host")
            .body(Vec::new())
            .unwrap();
        let err = super::runtime()
            .block_on(HyperTransport::new().send(request, &limits(1024)))
            .unwrap_err();
        assert_eq!(err.kind(), TransportErrorKind::Other, "{err}");
    }
}
