//! `--save-responses DIR`: every exchange with the API written into DIR as
//! one JSON file in core's capture format (method, path with the token
//! replaced, status, headers, body redacted), numbered in the order the
//! answers came, for a bug report or a replay (`wawp-mock --replay DIR`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use wawp::capture::Exchange;

use crate::run::say;

/// The directory, made now (before anything is sent) if it does not exist;
/// the callback that writes each exchange into it. A file that cannot be
/// written is said once, on standard error; the run goes on.
pub(crate) fn sink(dir: &Path) -> Result<Box<dyn Fn(Exchange) + Send + Sync>, String> {
    let shown = dir.display().to_string();
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot use --save-responses {shown}: {e}"))?;
    if !dir.is_dir() {
        return Err(format!("--save-responses {shown} is not a directory"));
    }
    // Numbered after the files already there, so a second run adds to them.
    let first = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot use --save-responses {shown}: {e}"))?
        .count();
    let dir: PathBuf = dir.to_owned();
    let next = AtomicUsize::new(first + 1);
    let failed = AtomicBool::new(false);
    Ok(Box::new(move |exchange: Exchange| {
        let path = dir.join(exchange.file_name(next.fetch_add(1, Ordering::Relaxed)));
        if let Err(e) = write_new(&path, exchange.to_json().as_bytes())
            && !failed.swap(true, Ordering::Relaxed)
        {
            say(&format!(
                "warning: cannot save a response to {}: {e}",
                crate::output::sanitize(&path.display().to_string())
            ));
        }
    }))
}

/// Writes `bytes` to a new file at `path` (never over an existing one).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}
