//! [`TlsStaller`]: a loopback listener that accepts TCP connections and
//! never says a word: a TLS handshake with it never completes, so only a
//! connect timeout ends a call to it.

use std::fmt;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

#[derive(Default)]
struct State {
    accepted: AtomicUsize,
    held: Mutex<Vec<TcpStream>>,
    stop: AtomicBool,
}

/// A listener on 127.0.0.1 that accepts connections, holds them open, and
/// neither reads nor writes: the TCP connect succeeds, the TLS handshake
/// (or an HTTP answer) never comes. Stopped, and its connections closed,
/// when dropped.
///
/// ```
/// use std::io::Read;
/// use std::time::Duration;
/// use wawp_conformance::{TlsStaller, settled};
///
/// let staller = TlsStaller::start();
/// assert!(staller.base_url().starts_with("https://127.0.0.1:"));
/// let mut tcp = std::net::TcpStream::connect(staller.addr())?;
/// tcp.set_read_timeout(Some(Duration::from_millis(50)))?;
/// assert!(tcp.read(&mut [0; 1]).is_err(), "nothing ever arrives");
/// // Counted when the listener's thread gets to it.
/// assert_eq!(settled(1, || staller.accepted()), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct TlsStaller {
    addr: SocketAddr,
    state: Arc<State>,
}

impl TlsStaller {
    /// Starts listening on 127.0.0.1 and an ephemeral port.
    ///
    /// # Panics
    /// If no loopback port can be bound: this is a test utility.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("wawp-conformance: bind a port");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let state = Arc::new(State::default());
        let holding = state.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if holding.stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    holding.accepted.fetch_add(1, Ordering::SeqCst);
                    let mut held = holding.held.lock().unwrap_or_else(PoisonError::into_inner);
                    held.push(stream);
                }
            }
        });
        Self { addr, state }
    }

    /// `https://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections it accepted.
    pub fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for TlsStaller {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        let mut held = self
            .state
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        for stream in held.drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl fmt::Debug for TlsStaller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsStaller")
            .field("addr", &self.addr)
            .field("accepted", &self.accepted())
            .finish()
    }
}
