//! The test layout: a crate with `autotests = false` links one test binary,
//! `tests/main.rs`, and a test file it does not name is silently never
//! compiled. This check names every such file.

use std::fs;

use crate::ci::root;

/// Fails if a crate with `autotests = false` has a `tests/*.rs` file that its
/// `tests/main.rs` does not declare with a `mod` line.
pub(crate) fn check() -> Result<(), String> {
    let mut orphans = Vec::new();
    let crates = fs::read_dir(root().join("crates")).map_err(|e| e.to_string())?;
    for entry in crates.flatten() {
        let dir = entry.path();
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if !manifest
            .lines()
            .any(|l| l.replace(' ', "") == "autotests=false")
        {
            continue;
        }
        let main = fs::read_to_string(dir.join("tests/main.rs")).unwrap_or_default();
        let declared = |name: &str| {
            main.lines().any(|l| {
                l.trim() == format!("mod {name};") || l.trim() == format!("pub mod {name};")
            })
        };
        let files = fs::read_dir(dir.join("tests")).map_err(|e| e.to_string())?;
        for file in files.flatten() {
            let path = file.path();
            let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let is_rs = path.extension().is_some_and(|e| e == "rs");
            if is_rs && name != "main" && !declared(name) {
                orphans.push(path.display().to_string());
            }
        }
    }
    if orphans.is_empty() {
        println!("ok: every test file is a module of its crate's tests/main.rs");
        Ok(())
    } else {
        Err(format!(
            "test files no tests/main.rs declares (never compiled): {}",
            orphans.join(", ")
        ))
    }
}
