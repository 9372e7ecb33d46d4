//! `--unfinished PATH`: the ids that did not succeed (failed, interrupted,
//! not started), one per line, ready for `--from-file PATH`.
//!
//! The file is prepared before anything is sent (a temporary file beside
//! it, so an unwritable place fails early) and replaced in one rename at
//! the end, so a crash never leaves half a list, and `PATH` may be the very
//! list the run was read from.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use wawp::InstanceId;

use crate::output::Counts;

/// A prepared `--unfinished` file.
#[derive(Debug)]
pub(crate) struct Unfinished {
    path: PathBuf,
    temporary: PathBuf,
    file: Option<File>,
}

impl Unfinished {
    /// Prepares `path`: creates the temporary file beside it.
    pub(crate) fn create(path: &Path) -> Result<Self, String> {
        let name = path
            .file_name()
            .ok_or_else(|| format!("--unfinished {}: not a file name", path.display()))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".wawp-{}.tmp", std::process::id()));
        let temporary = path.with_file_name(temporary_name);
        let file = File::create(&temporary)
            .map_err(|e| format!("cannot write --unfinished {}: {e}", path.display()))?;
        Ok(Self {
            path: path.to_owned(),
            temporary,
            file: Some(file),
        })
    }

    /// The path given.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `ids` (with a comment line saying what they are and which
    /// `command` left them), then `apart` as comments (ids whose call may
    /// have happened and must not be repeated blindly), and puts the file
    /// in place.
    pub(crate) fn write<'a>(
        mut self,
        command: &str,
        ids: impl IntoIterator<Item = &'a InstanceId>,
        apart: &[&InstanceId],
        counts: Counts,
    ) -> Result<(), String> {
        let fail =
            |e: std::io::Error| format!("cannot write --unfinished {}: {e}", self.path.display());
        let file = self
            .file
            .take()
            .ok_or_else(|| fail(std::io::Error::other("already written")))?;
        let mut out = BufWriter::new(file);
        writeln!(
            out,
            "# wawp {command}: {} unfinished of {} ({} failed, {} interrupted, {} not started); \
             resume with --from-file",
            counts.unfinished(),
            counts.total(),
            counts.failed,
            counts.interrupted,
            counts.not_started
        )
        .map_err(fail)?;
        for id in ids {
            writeln!(out, "{}", id.as_str()).map_err(fail)?;
        }
        if !apart.is_empty() {
            writeln!(
                out,
                "# may have happened (no answer came): commented out, so that resuming cannot \
                 do them twice; check before running them again:"
            )
            .map_err(fail)?;
        }
        for id in apart {
            writeln!(out, "#   {}", id.as_str()).map_err(fail)?;
        }
        let file = out.into_inner().map_err(|e| fail(e.into_error()))?;
        file.sync_all().map_err(fail)?;
        drop(file);
        std::fs::rename(&self.temporary, &self.path).map_err(fail)
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        // Not written (declined, or failed): leave no temporary behind.
        if self.file.take().is_some() || self.temporary.exists() {
            let _ = std::fs::remove_file(&self.temporary);
        }
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
    fn an_unwritable_place_fails_early_and_dropping_cleans_up() {
        assert!(Unfinished::create(Path::new("/nonexistent/dir/left.txt")).is_err());
        let dir = tempfile::tempdir().unwrap();
        drop(Unfinished::create(&dir.path().join("x")).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn ids_starting_with_a_hash_are_flagged() {
        assert!(unlistable(&InstanceId::new("#1").unwrap()));
        assert!(!unlistable(&InstanceId::new("a#1").unwrap()));
    }
}
