//! `wawp qr --png PATH`: where each instance's image goes, checked before
//! anything is sent, and written whole or not at all (a temporary file
//! beside it, then one rename).

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use wawp::InstanceId;

/// Where the images go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PngTarget {
    /// One instance: this file.
    File(PathBuf),
    /// Each instance: `<dir>/<id>.png`, see [`file_name`].
    Dir(PathBuf),
}

impl PngTarget {
    /// Checks `path` for `count` instances before anything is sent: a
    /// directory that exists (required for several), or a file whose
    /// directory exists; either way a file can be created there.
    pub(crate) fn prepare(path: &Path, count: usize) -> Result<Self, String> {
        let shown = path.display();
        let target = if path.is_dir() {
            PngTarget::Dir(path.to_owned())
        } else if count > 1 {
            return Err(format!(
                "--png {shown}: with several instances, name an existing directory \
                 (each code is saved in it as <instance id>.png)"
            ));
        } else {
            if path.file_name().is_none() {
                return Err(format!("--png {shown}: not a file name"));
            }
            PngTarget::File(path.to_owned())
        };
        let probe = temporary(&match &target {
            PngTarget::File(file) => file.clone(),
            PngTarget::Dir(dir) => dir.join("probe.png"),
        });
        File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| format!("--png {shown}: cannot write there: {e}"))?;
        Ok(target)
    }

    /// The file for `id`.
    pub(crate) fn path_for(&self, id: &InstanceId) -> PathBuf {
        match self {
            PngTarget::File(file) => file.clone(),
            PngTarget::Dir(dir) => dir.join(file_name(id)),
        }
    }
}

/// `<id>.png`, with every byte of the id that is not an ASCII letter, digit,
/// `_` or `-` (or a `.` after the first character) written as `%XX`: no id
/// can name another directory, a hidden file or `..`.
pub(crate) fn file_name(id: &InstanceId) -> String {
    let mut name = String::with_capacity(id.as_str().len() + 4);
    for (i, byte) in id.as_str().bytes().enumerate() {
        let keep =
            byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' || (byte == b'.' && i > 0);
        if keep {
            name.push(char::from(byte));
        } else {
            name.push_str(&format!("%{byte:02X}"));
        }
    }
    name.push_str(".png");
    name
}

/// A temporary name beside `path`.
fn temporary(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".wawp-{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Writes `bytes` to `path` whole or not at all.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Unique per thread: several workers may write at once.
    let mut name = temporary(path).into_os_string();
    name.push(format!(".{:?}", std::thread::current().id()).replace(['(', ')'], ""));
    let temporary = PathBuf::from(name);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> InstanceId {
        InstanceId::new(s).unwrap()
    }

    #[test]
    fn file_names_cannot_escape_the_directory() {
        assert_eq!(file_name(&id("3EB0BCB2E3D4")), "3EB0BCB2E3D4.png");
        assert_eq!(file_name(&id("my phone")), "my%20phone.png");
        assert_eq!(file_name(&id("../etc/x")), "%2E.%2Fetc%2Fx.png");
        assert_eq!(file_name(&id("..")), "%2E..png");
        assert_eq!(file_name(&id(".hidden")), "%2Ehidden.png");
        assert_eq!(file_name(&id("a.b_c-d")), "a.b_c-d.png");
        assert_eq!(file_name(&id("é")), "%C3%A9.png");
    }

    #[test]
    fn targets_are_checked_before_anything_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("qr.png");
        assert_eq!(
            PngTarget::prepare(&file, 1).unwrap(),
            PngTarget::File(file.clone())
        );
        assert_eq!(
            PngTarget::prepare(dir.path(), 3).unwrap(),
            PngTarget::Dir(dir.path().to_owned())
        );
        // Nothing is left behind by the check.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let e = PngTarget::prepare(&file, 2).unwrap_err();
        assert!(e.contains("existing directory"), "{e}");
        let e = PngTarget::prepare(Path::new("/nonexistent/dir/qr.png"), 1).unwrap_err();
        assert!(e.contains("cannot write there"), "{e}");
        assert_eq!(
            PngTarget::Dir(dir.path().to_owned()).path_for(&id("a b")),
            dir.path().join("a%20b.png")
        );
    }

    #[test]
    fn writes_are_whole() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.png");
        write_whole(&file, b"\x89PNG...").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"\x89PNG...");
        write_whole(&file, b"second").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_whole(&dir.path().join("no/such/dir.png"), b"x").is_err());
    }
}
