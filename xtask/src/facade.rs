//! `cargo xtask ci`'s checks of the `wawp` facade:
//!
//! 1. it re-exports every name `wawp-core` exports at its root (except the
//!    hidden ones, and the generic clients it offers as `custom::…`), so a
//!    new core type cannot be forgotten — read from the `pub use` lines of
//!    both `lib.rs` files;
//! 2. features are additive: the only items of its root gated by a
//!    feature are the modules named after that feature (read from its
//!    `lib.rs`), and each feature set a user may pick compiles on its own
//!    with its tests (clippy and the tests use `--all-features`, the
//!    package check the defaults), among them `reqwest` alone and
//!    `hyper,reqwest`, under which `tests/facade.rs` asserts that
//!    `wawp::reqwest::Client` is the same type;
//! 3. the blocking facade has no async runtime in its tree;
//! 4. exactly one crypto provider per build: the facade's default build
//!    has ring and no aws-lc-rs, its aws-lc-rs build of every transport
//!    aws-lc-rs and no ring; and a transport crate without its provider
//!    features (a user bringing their own client or agent) compiles and
//!    has neither.

use crate::ci::{cargo, cargo_output, forbid_with, root};

/// Feature sets of the facade checked to compile on their own.
const FEATURE_SETS: &[&str] = &[
    "",
    "blocking,ring",
    "reqwest,ring",
    "hyper,reqwest,ring",
    "hyper,reqwest,blocking,aws-lc-rs",
];

/// The crates of each crypto provider.
const RING: &[&str] = &["ring"];
const AWS_LC: &[&str] = &["aws-lc-rs", "aws-lc-sys"];

/// The transport crates, each usable over the user's own client or agent
/// without a provider feature.
const TRANSPORTS: &[&str] = &["wawp-hyper", "wawp-reqwest", "wawp-blocking"];

/// Core's names the facade offers elsewhere: `wawp::custom::{Client,
/// BlockingClient}`.
const MOVED: &[&str] = &["Client", "BlockingClient"];

pub(crate) fn run() -> Result<(), String> {
    reexports()?;
    additive()?;
    for features in FEATURE_SETS {
        let mut args = vec![
            "check",
            "-p",
            "wawp",
            "--all-targets",
            "--no-default-features",
        ];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        cargo(&args, &[])?;
    }
    forbid_with(
        "wawp",
        &["--no-default-features", "--features", "blocking,ring"],
        &["tokio", "hyper", "hyper-util", "reqwest", "mio"],
    )?;
    providers()
}

/// Check 4: one crypto provider per build, none without a provider feature.
fn providers() -> Result<(), String> {
    let aws = [
        "--no-default-features",
        "--features",
        "hyper,reqwest,blocking,aws-lc-rs",
    ];
    require_with("wawp", &[], RING)?;
    forbid_with("wawp", &[], AWS_LC)?;
    require_with("wawp", &aws, AWS_LC)?;
    forbid_with("wawp", &aws, RING)?;
    let neither: Vec<&str> = RING.iter().chain(AWS_LC).copied().collect();
    let mut args = vec!["check", "--no-default-features"];
    for transport in TRANSPORTS {
        forbid_with(transport, &["--no-default-features"], &neither)?;
        args.extend(["-p", transport]);
    }
    cargo(&args, &[])
}

/// Fails unless each of `required` is in `package`'s normal dependency
/// tree when built with the cargo arguments `features`.
fn require_with(package: &str, features: &[&str], required: &[&str]) -> Result<(), String> {
    let shown = features.join(" ");
    println!("\n==> cargo tree -p {package} {shown} -e normal (must contain {required:?})");
    let mut args = vec!["tree", "-p", package, "-e", "normal", "--prefix", "none"];
    args.extend(features);
    let tree = cargo_output(&args)?;
    let names: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    match required.iter().find(|name| !names.contains(name)) {
        Some(missing) => Err(format!("{package} {shown} does not depend on {missing}")),
        None => {
            println!("ok");
            Ok(())
        }
    }
}

/// Check 2, by reading the facade's `lib.rs`: every item at its root under
/// `#[cfg(feature = "X")]` is `pub mod X;`, so that no root name changes
/// meaning with the features.
fn additive() -> Result<(), String> {
    println!("\n==> wawp's root: the only feature-gated items are the modules named after them");
    let path = "crates/wawp/src/lib.rs";
    let lib = std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"))?;
    let wrong = gated_items(&lib);
    if !wrong.is_empty() {
        return Err(format!(
            "{path}: items gated by a feature that are not that feature's module: {wrong:?}"
        ));
    }
    println!("ok");
    Ok(())
}

/// The public root items of `lib` under a `#[cfg(...)]` naming a feature
/// that are not `pub mod <that feature>;` (attributes between the `cfg` and the
/// item are skipped; `cfg_attr` is not a gate).
fn gated_items(lib: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut gate: Option<String> = None;
    for line in lib.lines() {
        if line.starts_with("#[cfg(") && line.contains("feature") {
            gate = Some(line.to_owned());
        } else if line.starts_with("#[") || line.starts_with("///") {
            continue;
        } else if let Some(cfg) = gate.take() {
            if !line.starts_with("pub") {
                continue; // not a name users see
            }
            let module = line
                .strip_prefix("pub mod ")
                .map(|m| m.trim_end_matches(';').trim().replace('_', "-"));
            let single = cfg
                .strip_prefix("#[cfg(feature = \"")
                .and_then(|rest| rest.strip_suffix("\")]"));
            if module.is_none() || module.as_deref() != single {
                wrong.push(format!("{cfg} {line}"));
            }
        }
    }
    wrong
}

fn reexports() -> Result<(), String> {
    println!("\n==> wawp re-exports every public name of wawp-core's root");
    let read =
        |path: &str| std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"));
    let core = exported(&read("crates/wawp-core/src/lib.rs")?, None);
    let facade = exported(&read("crates/wawp/src/lib.rs")?, Some("wawp_core"));
    let missing: Vec<&String> = core
        .iter()
        .filter(|name| !MOVED.contains(&name.as_str()) && !facade.contains(name))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "crates/wawp/src/lib.rs does not re-export {missing:?} from wawp_core"
        ));
    }
    println!("ok ({} names)", core.len());
    Ok(())
}

/// The names `lib` exports with `pub use` (and `pub mod`), skipping those
/// under `#[doc(hidden)]`; with `from`, only `pub use from::…`.
fn exported(lib: &str, from: Option<&str>) -> Vec<String> {
    let mut names = Vec::new();
    let mut hidden = false;
    let mut statement: Option<String> = None;
    for line in lib.lines().map(str::trim) {
        if let Some(text) = statement.as_mut() {
            text.push(' ');
            text.push_str(line);
        } else if line.starts_with("#[doc(hidden)]") {
            hidden = true;
            continue;
        } else if let Some(module) = line.strip_prefix("pub mod ") {
            if from.is_none() && !hidden {
                names.push(module.trim_end_matches(';').trim().to_owned());
            }
        } else if line.starts_with("pub use ") {
            statement = Some(line.to_owned());
        } else if line.starts_with("#[") || line.starts_with("//") {
            continue;
        }
        if statement.as_deref().is_some_and(|s| s.ends_with(';')) {
            let text = statement.take().unwrap_or_default();
            if !hidden {
                names.extend(use_names(&text, from));
            }
        }
        if statement.is_none() {
            hidden = false;
        }
    }
    names
}

/// The names one `pub use …;` statement brings in.
fn use_names(statement: &str, from: Option<&str>) -> Vec<String> {
    let path = statement
        .trim_start_matches("pub use ")
        .trim_end_matches(';')
        .trim();
    if let Some(from) = from {
        let Some(rest) = path.strip_prefix(from).and_then(|r| r.strip_prefix("::")) else {
            return Vec::new();
        };
        return use_names(&format!("pub use {rest};"), None);
    }
    let items = match path.split_once('{') {
        Some((_, list)) => list.trim_end_matches('}').to_owned(),
        None => path.rsplit("::").next().unwrap_or_default().to_owned(),
    };
    items
        .split(',')
        .map(|item| item.split(" as ").last().unwrap_or_default().trim())
        .filter(|name| !name.is_empty() && *name != "self")
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pub_use_lines_and_skips_hidden_ones() {
        let lib = "\
mod private;
pub mod redact;
pub use a::{B, C as D,
    E};
#[doc(hidden)]
pub use f::{G, H};
/// Docs.
pub use http;
pub use x::y::Z;
";
        assert_eq!(exported(lib, None), ["redact", "B", "D", "E", "http", "Z"]);
        let facade = "pub use wawp_core::{B, http};\npub use other::Q;\n";
        assert_eq!(exported(facade, Some("wawp_core")), ["B", "http"]);
    }

    #[test]
    fn only_a_feature_s_own_module_may_be_gated_by_it() {
        let good = "#[cfg(feature = \"hyper\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"hyper\")))]\npub mod hyper;\n";
        assert!(gated_items(good).is_empty());
        let alias = "#[cfg(feature = \"hyper\")]\n/// Docs.\npub type Client = hyper::Client;\n";
        assert_eq!(gated_items(alias).len(), 1);
        let other =
            "#[cfg(all(feature = \"reqwest\", not(feature = \"hyper\")))]\npub mod reqwest;\n";
        assert_eq!(gated_items(other).len(), 1);
        let ungated = "#[cfg(all(doctest, feature = \"hyper\"))]\nstruct Docs;\n";
        assert!(gated_items(ungated).is_empty());
    }
}
