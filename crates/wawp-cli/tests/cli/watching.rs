//! A running `wawp` whose standard output the test reads as it comes, to
//! act (scan a QR code, enter a pairing code, send a signal) when a line
//! appears.

use std::io::Read;
use std::process::{ChildStdout, Command};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::running::{Ended, Running};

/// Standard output, collected by a thread as it arrives.
pub(crate) struct Stream {
    text: Arc<Mutex<String>>,
    /// The reader, which ends at the end of the output.
    reader: Mutex<Option<JoinHandle<()>>>,
}

impl Stream {
    fn read(mut from: ChildStdout) -> Self {
        let text = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&text);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = from.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Self {
            text,
            reader: Mutex::new(Some(reader)),
        }
    }

    /// Everything so far.
    pub(crate) fn text(&self) -> String {
        self.text.lock().unwrap().clone()
    }

    /// Waits until the output's complete lines contain `needle` `times`
    /// times (at most 20 s); returns those lines.
    pub(crate) fn wait_for(&self, needle: &str, times: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mut text = self.text();
            text.truncate(text.rfind('\n').map_or(0, |end| end + 1));
            if text.matches(needle).count() >= times {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} never appeared {times} time(s); output so far:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Starts `cmd` with its output read as it comes.
pub(crate) fn start(cmd: Command) -> (Running, Stream) {
    let (running, stdout) = Running::start_reading(cmd);
    (running, Stream::read(stdout))
}

/// Waits for the end, and gives the whole standard output (checked for the
/// token) with it.
pub(crate) fn end(running: Running, stream: &Stream, limit: Duration) -> (Ended, String) {
    let ended = running.wait(limit);
    // The reader may still be taking the last bytes: it ends at the end of
    // the output, which the exit closed.
    if let Some(reader) = stream.reader.lock().unwrap().take() {
        reader.join().expect("the output reader");
    }
    let text = stream.text();
    crate::common::assert_no_token(&text, "");
    (ended, text)
}
