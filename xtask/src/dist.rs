//! `cargo xtask dist [--host]`: release archives of the `wawp` command for
//! every target this machine can build — Linux x86_64 (gnu and musl) as
//! `.tar.gz`, Windows x86_64 as `.zip` — in `target/dist/`, each named
//! `wawp-{version}-{target}` with a top directory of the same name holding
//! the stripped binary, its shell completions (`completions/`), its man
//! pages (`man/`), the licenses and the README; beside them a
//! `.sha256` file per archive and `SHA256SUMS` for all. A target that
//! cannot be built here is skipped with the reason. `--host`: this
//! machine's own target only (what `cargo xtask ci` builds).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::ci::{cargo, root};
use crate::steps::Done;
use crate::targets::{MINGW_CC, has_program, has_target};

/// A target archives are made for.
struct Target {
    triple: &'static str,
    /// The C compiler ring's build needs, besides the host's own.
    cc: Option<&'static str>,
    /// `.zip` rather than `.tar.gz`.
    zip: bool,
}

const TARGETS: &[Target] = &[
    Target {
        triple: "x86_64-unknown-linux-gnu",
        cc: None,
        zip: false,
    },
    Target {
        triple: "x86_64-unknown-linux-musl",
        cc: Some("musl-gcc"),
        zip: false,
    },
    Target {
        triple: "x86_64-pc-windows-gnu",
        cc: Some(MINGW_CC),
        zip: true,
    },
];

/// The shells `wawp completions` writes for, and each script's file name.
const SHELLS: &[(&str, &str)] = &[
    ("bash", "wawp.bash"),
    ("zsh", "_wawp"),
    ("fish", "wawp.fish"),
    ("powershell", "_wawp.ps1"),
    ("elvish", "wawp.elv"),
];

pub(crate) fn run(args: &[String]) -> Result<Done, String> {
    let host_only = match args {
        [] => false,
        [flag] if flag == "--host" => true,
        _ => return Err("usage: cargo xtask dist [--host]".to_owned()),
    };
    let host = host()?;
    let version = version()?;
    let out = root().join("target").join("dist");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // The host's binary first: it writes the completions and man pages
    // every archive carries (they do not depend on the target).
    let mut order: Vec<&Target> = TARGETS.iter().filter(|t| t.triple == host).collect();
    if order.is_empty() {
        return Ok(Done::Skipped(format!(
            "this machine's target, {host}, is not one archives are made for"
        )));
    }
    if !host_only {
        order.extend(TARGETS.iter().filter(|t| t.triple != host));
    }
    let mut made = Vec::new();
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    let _ = std::fs::remove_file(out.join("SHA256SUMS"));
    let mut docs: Option<PathBuf> = None;
    for target in order {
        if let Some(why) = cannot_build(target, &host) {
            println!("SKIPPED {}: {why}", target.triple);
            skipped.push(format!("{}: {why}", target.triple));
            continue;
        }
        let binary = match build(target) {
            Ok(binary) => binary,
            // The others may still build: report this one at the end.
            Err(e) => {
                failed.push(format!("{}: {e}", target.triple));
                continue;
            }
        };
        let docs = match &docs {
            Some(dir) => dir.clone(),
            None => docs.insert(write_docs(&binary, &out)?).clone(),
        };
        made.push(archive(target, &version, &binary, &docs, &out)?);
    }
    if let Some(docs) = docs {
        let _ = std::fs::remove_dir_all(docs);
    }
    sums(&made, &out)?;
    println!("\nin {}:", out.display());
    for name in &made {
        println!("  {name}");
    }
    if !skipped.is_empty() {
        println!("not built here: {}", skipped.join("; "));
    }
    if !failed.is_empty() {
        return Err(format!("failed to build: {}", failed.join("; ")));
    }
    Ok(Done::Ran)
}

/// Why `target` cannot be built on this machine, if it cannot.
fn cannot_build(target: &Target, host: &str) -> Option<String> {
    if !has_target(None, target.triple) {
        return Some(format!(
            "the target is not installed (rustup target add {})",
            target.triple
        ));
    }
    match target.cc {
        Some(cc) if !has_program(cc) => Some(format!("no {cc}, which ring's build needs")),
        None if target.triple != host => Some("no cross C compiler set up for it".to_owned()),
        _ if target.zip && !has_program("zip") => Some("no `zip` program".to_owned()),
        _ => None,
    }
}

/// Builds the stripped release binary for `target`; returns its path.
fn build(target: &Target) -> Result<PathBuf, String> {
    let cc_var = format!("CC_{}", target.triple.replace('-', "_"));
    let mut env = vec![("CARGO_PROFILE_RELEASE_STRIP", "symbols")];
    if let Some(cc) = target.cc {
        env.push((cc_var.as_str(), cc));
    }
    cargo(
        &[
            "build",
            "--release",
            "--locked",
            "-p",
            "wawp-cli",
            "--bin",
            "wawp",
            "--target",
            target.triple,
        ],
        &env,
    )?;
    let name = if target.zip { "wawp.exe" } else { "wawp" };
    Ok(root()
        .join("target")
        .join(target.triple)
        .join("release")
        .join(name))
}

/// Writes the completions and man pages with `binary` (runnable here) into
/// `out/docs`; returns that directory.
fn write_docs(binary: &Path, out: &Path) -> Result<PathBuf, String> {
    let docs = out.join("docs");
    let _ = std::fs::remove_dir_all(&docs);
    let completions = docs.join("completions");
    std::fs::create_dir_all(&completions).map_err(|e| format!("{}: {e}", docs.display()))?;
    for (shell, file) in SHELLS {
        let script = output(Command::new(binary).args(["completions", shell]))?;
        std::fs::write(completions.join(file), script).map_err(|e| format!("{file}: {e}"))?;
    }
    output(
        Command::new(binary)
            .arg("man")
            .arg("--dir")
            .arg(docs.join("man")),
    )?;
    Ok(docs)
}

/// The archive for `target` in `out`; returns its file name.
fn archive(
    target: &Target,
    version: &str,
    binary: &Path,
    docs: &Path,
    out: &Path,
) -> Result<String, String> {
    let top = format!("wawp-{version}-{}", target.triple);
    let dir = out.join(&top);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file_name = binary.file_name().unwrap_or_default();
    let copies = [
        (binary.to_path_buf(), dir.join(file_name)),
        (root().join("LICENSE-MIT"), dir.join("LICENSE-MIT")),
        (root().join("LICENSE-APACHE"), dir.join("LICENSE-APACHE")),
        (
            root().join("crates/wawp-cli/README.md"),
            dir.join("README.md"),
        ),
    ];
    for (from, to) in copies {
        std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    for sub in ["completions", "man"] {
        copy_dir(&docs.join(sub), &dir.join(sub))?;
    }
    let name = if target.zip {
        let name = format!("{top}.zip");
        let _ = std::fs::remove_file(out.join(&name));
        output(
            Command::new("zip")
                .args(["-qr", &name, &top])
                .current_dir(out),
        )?;
        name
    } else {
        let name = format!("{top}.tar.gz");
        output(
            Command::new("tar")
                .args([
                    "--owner=0",
                    "--group=0",
                    "--numeric-owner",
                    "-czf",
                    &name,
                    &top,
                ])
                .current_dir(out),
        )?;
        name
    };
    let _ = std::fs::remove_dir_all(&dir);
    println!("made {name}");
    Ok(name)
}

/// `NAME.sha256` beside each archive, and `SHA256SUMS` for all of them.
fn sums(made: &[String], out: &Path) -> Result<(), String> {
    let mut all = String::new();
    for name in made {
        let line = output(Command::new("sha256sum").arg(name).current_dir(out))?;
        std::fs::write(out.join(format!("{name}.sha256")), &line)
            .map_err(|e| format!("{name}.sha256: {e}"))?;
        all.push_str(&line);
    }
    std::fs::write(out.join("SHA256SUMS"), all).map_err(|e| format!("SHA256SUMS: {e}"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))
            .map_err(|e| format!("{}: {e}", entry.path().display()))?;
    }
    Ok(())
}

/// The standard output of `command`, which must succeed.
fn output(command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let out = command
        .output()
        .map_err(|e| format!("could not run {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// This machine's target triple, as rustc says.
pub(crate) fn host() -> Result<String, String> {
    let out = output(Command::new("rustc").arg("-vV"))?;
    out.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

/// The `wawp-cli` package's version.
fn version() -> Result<String, String> {
    let metadata = crate::ci::cargo_output(&["metadata", "--no-deps", "--format-version", "1"])?;
    let metadata: serde_json::Value =
        serde_json::from_str(&metadata).map_err(|e| format!("cargo metadata: {e}"))?;
    metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "wawp-cli"))
        .and_then(|p| p["version"].as_str())
        .map(str::to_owned)
        .ok_or_else(|| "cargo metadata lists no wawp-cli version".to_owned())
}
