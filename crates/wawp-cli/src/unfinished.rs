//! `--unfinished PATH`: the ids that did not succeed (failed, interrupted,
//! not started), one per line, ready for `--from-file PATH`.
//!
//! The place is checked before anything is sent (a temporary file made and
//! removed beside it, so an unwritable place fails early), and the file is
//! written whole at the end ([`crate::files`]), so a crash never leaves half
//! a list, and `PATH` may be the very list the run was read from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use wawp::InstanceId;

use crate::output::Counts;

/// A checked `--unfinished` place.
#[derive(Debug)]
pub(crate) struct Unfinished {
    path: PathBuf,
}

impl Unfinished {
    /// Checks that `path` can be written.
    pub(crate) fn create(path: &Path) -> Result<Self, String> {
        if path.file_name().is_none() {
            return Err(format!("--unfinished {}: not a file name", path.display()));
        }
        crate::files::check_writable(path)
            .map_err(|e| format!("cannot write --unfinished {}: {e}", path.display()))?;
        Ok(Self {
            path: path.to_owned(),
        })
    }

    /// The path given.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `ids` (after a comment line saying what they are and which
    /// `command` left them), then `apart` as comments (ids whose call may
    /// have happened and must not be repeated blindly), whole.
    pub(crate) fn write<'a>(
        self,
        command: &str,
        ids: impl IntoIterator<Item = &'a InstanceId>,
        apart: &[&InstanceId],
        counts: Counts,
    ) -> Result<(), String> {
        let mut text = format!(
            "# wawp {command}: {} unfinished of {} ({} failed, {} interrupted, {} not started); \
             resume with --from-file\n",
            counts.unfinished(),
            counts.total(),
            counts.failed,
            counts.interrupted,
            counts.not_started
        );
        for id in ids {
            let _ = writeln!(text, "{}", id.as_str());
        }
        if !apart.is_empty() {
            text.push_str(
                "# may have happened (no answer came): commented out, so that resuming cannot \
                 do them twice; check before running them again:\n",
            );
        }
        for id in apart {
            let _ = writeln!(text, "#   {}", id.as_str());
        }
        crate::files::write_whole(&self.path, text.as_bytes())
            .map_err(|e| format!("cannot write --unfinished {}: {e}", self.path.display()))
    }
}

/// Ids whose line would read as a comment in an id list: they cannot be
/// resumed from a file.
pub(crate) fn unlistable(id: &InstanceId) -> bool {
    id.as_str().starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_in_place_and_readable_as_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("left.txt");
        std::fs::write(&path, "old\n").unwrap();
        let u = Unfinished::create(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        let ids = [
            InstanceId::new("A").unwrap(),
            InstanceId::new("b c").unwrap(),
        ];
        let counts = Counts {
            ok: 1,
            failed: 1,
            interrupted: 0,
            not_started: 1,
        };
        u.write("logout", &ids, &[], counts).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let listed: Vec<_> = crate::ids::parse_list(&text).map(|(_, id)| id).collect();
        assert_eq!(listed, ["A", "b c"]);
        assert!(text.starts_with("# wawp logout: 2 unfinished of 3"));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn an_unwritable_place_fails_early_and_the_check_leaves_nothing() {
        assert!(Unfinished::create(Path::new("/nonexistent/dir/left.txt")).is_err());
        let dir = tempfile::tempdir().unwrap();
        drop(Unfinished::create(&dir.path().join("x")).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_write_that_fails_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("left.txt");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let u = Unfinished::create(&path).unwrap();
        std::fs::remove_dir(dir.path().join("sub")).unwrap();
        let e = u.write("logout", &[], &[], Counts::default()).unwrap_err();
        assert!(e.starts_with("cannot write --unfinished "), "{e}");
    }

    #[test]
    fn ids_starting_with_a_hash_are_flagged() {
        assert!(unlistable(&InstanceId::new("#1").unwrap()));
        assert!(!unlistable(&InstanceId::new("a#1").unwrap()));
    }
}
