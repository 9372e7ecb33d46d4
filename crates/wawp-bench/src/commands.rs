//! The command lines of the start-up comparison: `wawp logout --yes <id>`,
//! `curl -s -X POST <url>`, and each program's
//! `--version` as the bare cost of starting it.

use std::path::{Path, PathBuf};

use crate::fixture::Fixture;
use crate::startup::{self, Run};

/// The runs to time, and the index of curl's logout among them, if curl is
/// installed (otherwise a note saying it is not).
pub(crate) fn runs(wawp: &Path, fixture: &Fixture) -> (Vec<Run>, Option<usize>, Option<String>) {
    let id = fixture.raw.instance_id.clone();
    let env = vec![("WAWP_ACCESS_TOKEN".to_owned(), fixture.raw.token.clone())];
    let mut runs = vec![Run {
        label: "wawp logout --yes <id>".to_owned(),
        program: wawp.to_path_buf(),
        args: vec![
            "logout".to_owned(),
            "--yes".to_owned(),
            "--base-url".to_owned(),
            fixture.raw.base_url.clone(),
            id.clone(),
        ],
        env,
        expect: "",
    }];
    runs.push(Run {
        label: "wawp --version".to_owned(),
        program: wawp.to_path_buf(),
        args: vec!["--version".to_owned()],
        env: Vec::new(),
        expect: "wawp",
    });
    if !startup::available("curl") {
        let note = "curl is not installed: the curl rows are skipped \
                    (on Debian: apt-get install -y curl)";
        return (runs, None, Some(note.to_owned()));
    }
    let baseline = runs.len();
    runs.push(Run {
        label: "curl -s -X POST '<same url>'".to_owned(),
        program: PathBuf::from("curl"),
        args: vec![
            "-s".to_owned(),
            "-X".to_owned(),
            "POST".to_owned(),
            fixture.raw.url(),
        ],
        env: Vec::new(),
        expect: "SCAN_QR_CODE",
    });
    runs.push(Run {
        label: "curl --version".to_owned(),
        program: PathBuf::from("curl"),
        args: vec!["--version".to_owned()],
        env: Vec::new(),
        expect: "curl",
    });
    (runs, Some(baseline), None)
}

/// `--wawp`, or `wawp` next to this executable (both are built into the
/// same `target/release`).
pub(crate) fn find_wawp(given: Option<&Path>) -> Result<PathBuf, String> {
    let path = match given {
        Some(p) => p.to_path_buf(),
        None => std::env::current_exe()
            .map_err(|e| format!("cannot locate this executable: {e}"))?
            .with_file_name(format!("wawp{}", std::env::consts::EXE_SUFFIX)),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "no wawp binary at {} (build it: cargo build --release -p wawp-cli)",
            path.display()
        ))
    }
}
