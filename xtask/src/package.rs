//! `cargo xtask ci`'s packaging checks, so that publishing cannot regress:
//!
//! 1. every published crate's package holds both license files, and its
//!    readme when it names one;
//! 2. no packaged test, example, bench or doc-test uses a crate that is not
//!    published with it (a path dev-dependency without a version, which
//!    cargo strips from the package, or an unpublished crate): `cargo test`
//!    on the downloaded crate would not compile;
//! 3. `cargo package` of every published crate, which builds each one from
//!    its package alone, against the others' packages (unpublished
//!    versions of our own crates come from a local overlay; everything
//!    else from crates.io).
//!
//! Needs crates.io's index (or a cached one with `CARGO_NET_OFFLINE=true`);
//! no token, and nothing of ours needs to be published already.

use serde_json::Value;

use crate::ci::{cargo, cargo_output, root};

/// A workspace package, as `cargo metadata` describes it.
struct Package {
    name: String,
    published: bool,
    readme: bool,
    deps: Vec<Dep>,
}

struct Dep {
    /// The name the code uses (`wawp_core`).
    ident: String,
    name: String,
    dev: bool,
    /// A path dependency with no version: cargo strips it when packaging.
    unversioned_path: bool,
}

pub(crate) fn run() -> Result<(), String> {
    let packages = packages()?;
    let unpublished: Vec<&str> = packages
        .iter()
        .filter(|p| !p.published)
        .map(|p| p.name.as_str())
        .collect();
    println!("\n==> packaged files of every published crate (unpublished: {unpublished:?})");
    let mut problems = Vec::new();
    for package in packages.iter().filter(|p| p.published) {
        let files = packaged_files(&package.name)?;
        problems.extend(file_problems(package, &files, &unpublished));
    }
    if !problems.is_empty() {
        return Err(format!("packaging problems:\n  {}", problems.join("\n  ")));
    }
    println!("ok");
    let mut args = vec!["package", "--workspace", "--allow-dirty"];
    for name in &unpublished {
        args.extend(["--exclude", name]);
    }
    cargo(&args, &[])
}

/// What is wrong with the files `package` would publish.
fn file_problems(package: &Package, files: &[String], unpublished: &[&str]) -> Vec<String> {
    let name = &package.name;
    let mut problems = Vec::new();
    for required in ["LICENSE-MIT", "LICENSE-APACHE"] {
        if !files.iter().any(|f| f == required) {
            problems.push(format!("{name}: the package has no {required}"));
        }
    }
    if package.readme && !files.iter().any(|f| f == "README.md") {
        problems.push(format!("{name}: the package has no README.md"));
    }
    let missing: Vec<&Dep> = package
        .deps
        .iter()
        .filter(|d| d.dev && (d.unversioned_path || unpublished.contains(&d.name.as_str())))
        .collect();
    let dir = root().join(package_dir(name));
    for file in files
        .iter()
        .filter(|f| f.ends_with(".rs") || f.ends_with(".md"))
    {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        let docs_only = file.starts_with("src/") && file.ends_with(".rs");
        for dep in &missing {
            if uses(&text, &dep.ident, docs_only) {
                problems.push(format!(
                    "{name}: packaged {file} uses {}, which is not published with it \
                     (an unversioned path dev-dependency or an unpublished crate); \
                     `exclude` the file in [package] or move the test to wawp-tests",
                    dep.name
                ));
            }
        }
    }
    problems
}

/// Whether `text` uses the crate `ident`: anywhere in a test, example,
/// bench or markdown file; in doc comments (doc-tests) when `docs_only`
/// (library sources, whose code can only use real dependencies).
fn uses(text: &str, ident: &str, docs_only: bool) -> bool {
    let path = format!("{ident}::");
    let import = format!("use {ident}");
    text.lines().any(|line| {
        let code = line.trim_start();
        let doc = code
            .strip_prefix("//!")
            .or_else(|| code.strip_prefix("///"));
        let candidate = match (docs_only, doc) {
            (true, None) => return false,
            (true, Some(doc)) => doc,
            (false, _) => code,
        };
        // A hidden doc-test line: `# use …`.
        let candidate = candidate.trim_start().trim_start_matches('#').trim_start();
        candidate.starts_with(&import) || contains_word(candidate, &path)
    })
}

/// Whether `needle` occurs in `line` not preceded by an identifier
/// character (so `my_wawp_core::` is not `wawp_core::`).
fn contains_word(line: &str, needle: &str) -> bool {
    line.match_indices(needle).any(|(at, _)| {
        !line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

fn package_dir(name: &str) -> String {
    if name == "xtask" {
        "xtask".to_owned()
    } else {
        format!("crates/{name}")
    }
}

/// The files `cargo package` would put in `name`'s package.
fn packaged_files(name: &str) -> Result<Vec<String>, String> {
    let out = cargo_output(&["package", "--list", "--allow-dirty", "-p", name])?;
    Ok(out.lines().map(str::to_owned).collect())
}

fn packages() -> Result<Vec<Package>, String> {
    let json = cargo_output(&["metadata", "--format-version", "1", "--no-deps"])?;
    let metadata: Value =
        serde_json::from_str(&json).map_err(|e| format!("cargo metadata: {e}"))?;
    let list = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?;
    Ok(list.iter().map(package).collect())
}

fn package(p: &Value) -> Package {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    // `publish`: null = anywhere, [] = nowhere, [registries…] = there.
    let published = p["publish"].as_array().is_none_or(|r| !r.is_empty());
    let deps = p["dependencies"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let name = text(&d["name"]);
            let used_as = d["rename"].as_str().unwrap_or(&name).replace('-', "_");
            Dep {
                ident: used_as,
                dev: d["kind"].as_str() == Some("dev"),
                unversioned_path: d["path"].is_string() && d["req"].as_str() == Some("*"),
                name,
            }
        })
        .collect();
    Package {
        name: text(&p["name"]),
        published,
        readme: p["readme"].is_string(),
        deps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uses_in_tests_and_in_doc_tests_only_of_sources() {
        let test = "use wawp_reqwest::ReqwestTransport;\nfn f() {}";
        assert!(uses(test, "wawp_reqwest", false));
        assert!(uses("let t = wawp_reqwest::new();", "wawp_reqwest", false));
        assert!(!uses(
            "let t = my_wawp_reqwest::new();",
            "wawp_reqwest",
            false
        ));
        assert!(!uses("use wawp_core::Client;", "wawp_reqwest", false));

        let source = "//! ```\n//! # use wawp_conformance::suite;\n//! ```";
        assert!(uses(source, "wawp_conformance", true));
        assert!(uses(
            "/// wawp_mock::MockServer::start();",
            "wawp_mock",
            true
        ));
        // Library code, and comments that are not docs, are not doc-tests.
        assert!(!uses("use wawp_mock::MockServer;", "wawp_mock", true));
        assert!(!uses("// see wawp_mock::MockServer", "wawp_mock", true));
    }

    #[test]
    fn reads_publish_and_unversioned_path_dependencies() {
        let p: Value = serde_json::json!({
            "name": "wawp-hyper",
            "publish": null,
            "readme": "README.md",
            "dependencies": [
                {"name": "wawp-core", "kind": null, "req": "^0.1.0", "path": "/x"},
                {"name": "wawp-reqwest", "kind": "dev", "req": "*", "path": "/y"},
                {"name": "tokio", "kind": "dev", "req": "^1", "rename": null},
            ],
        });
        let p = package(&p);
        assert!(p.published && p.readme);
        let flags: Vec<_> = p
            .deps
            .iter()
            .map(|d| (d.ident.as_str(), d.dev, d.unversioned_path))
            .collect();
        assert_eq!(
            flags,
            [
                ("wawp_core", false, false),
                ("wawp_reqwest", true, true),
                ("tokio", true, false)
            ]
        );
        assert!(!package(&serde_json::json!({"name": "t", "publish": []})).published);
    }
}
