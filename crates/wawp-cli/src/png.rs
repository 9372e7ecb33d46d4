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
        let three = [id("A"), id("B"), id("C")];
        assert_eq!(
            PngTarget::prepare(&file, &three[..1]).unwrap(),
            PngTarget::File(file.clone())
        );
        assert_eq!(
            PngTarget::prepare(dir.path(), &three).unwrap(),
            PngTarget::Dir {
                dir: dir.path().to_owned(),
                renamed: HashMap::new()
            }
        );
        // Nothing is left behind by the check.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let e = PngTarget::prepare(&file, &three[..2]).unwrap_err();
        assert!(e.contains("existing directory"), "{e}");
        let e = PngTarget::prepare(Path::new("/nonexistent/dir/qr.png"), &three[..1]).unwrap_err();
        assert!(e.contains("cannot write there"), "{e}");
        let target = PngTarget::prepare(dir.path(), &[id("a b")]).unwrap();
        assert_eq!(target.path_for(&id("a b")), dir.path().join("a%20b.png"));
    }

    #[test]
    fn names_differing_only_in_case_do_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let ids = [id("Ab"), id("ab"), id("AB"), id("ab~2"), id("x")];
        let target = PngTarget::prepare(dir.path(), &ids).unwrap();
        let names: Vec<String> = ids
            .iter()
            .map(|i| {
                let path = target.path_for(i);
                path.file_name().unwrap().to_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            names,
            ["Ab.png", "ab~2.png", "AB~3.png", "ab%7E2.png", "x.png"]
        );
        let folded: std::collections::HashSet<String> =
            names.iter().map(|n| n.to_ascii_lowercase()).collect();
        assert_eq!(folded.len(), ids.len());
    }
}
