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
#[path = "tests/unfinished.rs"]
mod tests;
