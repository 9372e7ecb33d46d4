//! Files written whole or not at all (`--png`, `--unfinished`): a temporary
//! file with a random name, created exclusively (never through a link
//! someone planted) in the target's directory, synced, renamed over the
//! target, then the directory synced so that the rename survives a crash.
//! The temporary file is removed on every path that does not rename it.

use std::io::{self, Write};
use std::path::Path;

/// The directory `path` is in (`.` for a bare file name).
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A temporary file beside `path`, named after it.
fn temporary(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".wawp.tmp")
        .tempfile_in(directory(path))
}

/// Whether a file can be written where `path` would go: a temporary file
/// is made there and removed.
pub(crate) fn check_writable(path: &Path) -> io::Result<()> {
    temporary(path).and_then(tempfile::NamedTempFile::close)
}

/// Writes `bytes` to `path` whole or not at all.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = temporary(path)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    sync_directory(directory(path))
}

/// Makes a rename in `dir` durable (unix: fsync of the directory; Windows
/// has no such call and commits renames with the file system's journal).
fn sync_directory(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
#[path = "tests/files.rs"]
mod tests;
