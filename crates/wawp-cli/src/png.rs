//! `wawp qr --png PATH`: where each instance's image goes, checked before
//! anything is sent, and written whole or not at all ([`crate::files`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use wawp::InstanceId;

/// Where the images go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PngTarget {
    /// One instance: this file.
    File(PathBuf),
    /// Each instance: `<dir>/<id>.png`, see [`file_name`].
    Dir {
        /// The directory.
        dir: PathBuf,
        /// The names that differ from [`file_name`]: ids whose names
        /// differ only in case from an earlier id's (`Ab`, `ab`) get
        /// `~2`, `~3`… (a `~` is otherwise always written `%7E`), so that
        /// no two collide on a case-insensitive file system.
        renamed: HashMap<String, String>,
    },
}

impl PngTarget {
    /// Checks `path` for `ids` before anything is sent: a directory that
    /// exists (required for several), or a file whose directory exists;
    /// either way a file can be created there.
    pub(crate) fn prepare(path: &Path, ids: &[InstanceId]) -> Result<Self, String> {
        let shown = path.display();
        let target = if path.is_dir() {
            PngTarget::Dir {
                dir: path.to_owned(),
                renamed: case_safe_names(ids),
            }
        } else if ids.len() > 1 {
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
        let probe = match &target {
            PngTarget::File(file) => file.clone(),
            PngTarget::Dir { dir, .. } => dir.join("probe.png"),
        };
        crate::files::check_writable(&probe)
            .map_err(|e| format!("--png {shown}: cannot write there: {e}"))?;
        Ok(target)
    }

    /// The file for `id`.
    pub(crate) fn path_for(&self, id: &InstanceId) -> PathBuf {
        match self {
            PngTarget::File(file) => file.clone(),
            PngTarget::Dir { dir, renamed } => match renamed.get(id.as_str()) {
                Some(name) => dir.join(name),
                None => dir.join(file_name(id)),
            },
        }
    }
}

/// The ids of `ids` whose [`file_name`] equals an earlier one's but for
/// case, each with its own name.
fn case_safe_names(ids: &[InstanceId]) -> HashMap<String, String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut renamed = HashMap::new();
    for id in ids {
        let name = file_name(id);
        let n = seen.entry(name.to_ascii_lowercase()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let stem = name.trim_end_matches(".png");
            renamed.insert(id.as_str().to_owned(), format!("{stem}~{n}.png"));
        }
    }
    renamed
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

#[cfg(test)]
#[path = "tests/png.rs"]
mod tests;
