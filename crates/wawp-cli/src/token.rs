//! Where the access token comes from, first found wins:
//!
//! 1. the command line: `--access-token-file` or `--access-token` (both at
//!    once is ambiguous, and refused);
//! 2. the environment: `WAWP_ACCESS_TOKEN_FILE`, then `WAWP_ACCESS_TOKEN`;
//! 3. the default file in the platform's configuration directory, when it
//!    exists: `$XDG_CONFIG_HOME/wawp/token` or `~/.config/wawp/token` on
//!    unix (macOS included), `%APPDATA%\wawp\token` on Windows.
//!
//! On unix every file gets the same permission check (a warning when others
//! may read it); on Windows a file under `%APPDATA%` is private to the user
//! by its directory's access control list, which is left to the system. No
//! message here ever contains the token, nor the text of a path given for
//! it (a token pasted where its path belongs would be printed).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use wawp::AccessToken;

/// How a value was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Given {
    /// On the command line (for a token: visible to other users).
    CommandLine,
    /// In an environment variable.
    Environment,
}

/// A problem finding or validating the token. The text names the source and
/// the problem, never the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokenError(pub(crate) String);

/// The token and any warning to show about how it was given.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// The token.
    pub(crate) token: AccessToken,
    /// A warning for stderr, if any.
    pub(crate) warning: Option<String>,
}

/// The default token file: on unix `$XDG_CONFIG_HOME/wawp/token` when that
/// variable is an absolute path, else `$HOME/.config/wawp/token`; on
/// Windows `%APPDATA%\wawp\token`. `env` reads a variable.
pub(crate) fn default_file(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let absolute = |v: OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    let config = if cfg!(windows) {
        env("APPDATA").and_then(absolute)?
    } else {
        env("XDG_CONFIG_HOME")
            .and_then(absolute)
            .or_else(|| env("HOME").and_then(absolute).map(|h| h.join(".config")))?
    };
    Some(config.join("wawp").join("token"))
}

/// Where a token file's path came from: how errors and warnings name the
/// file, since its path may be the token itself, pasted in the wrong place.
fn file_origin(given: Given) -> &'static str {
    match given {
        Given::CommandLine => "the file given with --access-token-file",
        Given::Environment => "the file named by WAWP_ACCESS_TOKEN_FILE",
    }
}

/// Picks the token (see the module documentation): `value` and `file` as
/// clap found them, and the default file's path.
pub(crate) fn resolve(
    value: Option<(String, Given)>,
    file: Option<(&Path, Given)>,
    default: Option<&Path>,
) -> Result<Resolved, TokenError> {
    use Given::{CommandLine, Environment};
    match (value, file) {
        (Some((_, CommandLine)), Some((_, CommandLine))) => Err(TokenError(
            "give the access token once: --access-token or --access-token-file, not both"
                .to_owned(),
        )),
        (_, Some((path, CommandLine))) => from_file(path, file_origin(CommandLine)),
        (Some((value, CommandLine)), _) => Ok(Resolved {
            token: validate(&value, "given with --access-token")?,
            warning: Some(
                "warning: --access-token is visible to other users of this machine; \
                 prefer WAWP_ACCESS_TOKEN_FILE, --access-token-file or WAWP_ACCESS_TOKEN"
                    .to_owned(),
            ),
        }),
        (_, Some((path, Environment))) => from_file(path, file_origin(Environment)),
        (Some((value, Environment)), None) => Ok(Resolved {
            token: validate(&value, "in WAWP_ACCESS_TOKEN")?,
            warning: None,
        }),
        (None, None) => match default.filter(|p| p.exists()) {
            // A path of our making, never the token: it may be shown.
            Some(path) => from_file(path, &format!("the default token file {}", path.display())),
            None => Err(TokenError(
                "no access token: set WAWP_ACCESS_TOKEN_FILE or WAWP_ACCESS_TOKEN, use \
                 --access-token-file <PATH>, or put it in ~/.config/wawp/token (chmod 600)"
                    .to_owned(),
            )),
        },
    }
}

/// The token in the file at `path`, which `origin` names in messages.
fn from_file(path: &Path, origin: &str) -> Result<Resolved, TokenError> {
    let text = read_bounded(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "it does not exist".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
            // The OS's words, never the path.
            _ => e.to_string(),
        };
        TokenError(format!("cannot read the access token from {origin}: {why}"))
    })?;
    let token = validate(text.trim(), &format!("in {origin}"))?;
    Ok(Resolved {
        token,
        warning: loose_permissions(path, origin),
    })
}

/// The file's text, reading no more than a token could need (so a wrong
/// path such as `/dev/zero` fails fast instead of filling memory).
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let limit = wawp::MAX_ACCESS_TOKEN_LEN + 1024;
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(limit as u64)
        .read_to_string(&mut text)?;
    Ok(text)
}

fn validate(value: &str, place: &str) -> Result<AccessToken, TokenError> {
    // InputError names the field and a position, never the value.
    AccessToken::new(value).map_err(|e| TokenError(format!("the {e} ({place})")))
}

/// A warning when the token file can be read by others (like ssh's check).
#[cfg(unix)]
fn loose_permissions(path: &Path, origin: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: {origin} is accessible by other users (mode {:o}); consider chmod 600",
            mode & 0o777
        )
    })
}

/// Windows: the ACL of the user's profile keeps `%APPDATA%` private; other
/// places are the user's choice, as for any file there.
#[cfg(not(unix))]
fn loose_permissions(_: &Path, _: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const SECRET: &str = "s3cr3t-T0KEN-value";

    fn cli(path: &Path) -> Option<(&Path, Given)> {
        Some((path, Given::CommandLine))
    }

    fn file(content: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content.as_bytes()).unwrap();
        f
    }

    #[test]
    fn from_environment() {
        let r = resolve(Some((SECRET.into(), Given::Environment)), None, None).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        assert!(r.warning.is_none());
    }

    #[test]
    fn from_command_line_warns() {
        let r = resolve(Some((SECRET.into(), Given::CommandLine)), None, None).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        assert!(r.warning.unwrap().contains("visible to other users"));
    }

    #[test]
    fn from_file_trimmed_and_wins_over_environment() {
        let f = file(&format!("  {SECRET}\r\n\n"));
        let r = resolve(
            Some(("other".into(), Given::Environment)),
            cli(f.path()),
            None,
        )
        .unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
    }

    #[cfg(unix)]
    #[test]
    fn loose_file_permissions_warn() {
        use std::os::unix::fs::PermissionsExt;
        let f = file(SECRET);
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let w = resolve(None, cli(f.path()), None).unwrap().warning.unwrap();
        assert!(w.contains("644"), "{w}");
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(
            resolve(None, cli(f.path()), None)
                .unwrap()
                .warning
                .is_none()
        );
    }

    #[test]
    fn command_line_beats_environment_and_files_beat_values() {
        let f = file(SECRET);
        let env_file = Some((f.path(), Given::Environment));
        // WAWP_ACCESS_TOKEN_FILE beats WAWP_ACCESS_TOKEN…
        let r = resolve(Some(("other".into(), Given::Environment)), env_file, None).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        // …and --access-token beats WAWP_ACCESS_TOKEN_FILE.
        let r = resolve(Some(("cli".into(), Given::CommandLine)), env_file, None).unwrap();
        assert_eq!(r.token.expose_secret(), "cli");
    }

    #[cfg(unix)]
    #[test]
    fn the_default_file_is_read_last_with_the_same_check() {
        use std::os::unix::fs::PermissionsExt;
        let f = file(SECRET);
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o640)).unwrap();
        let r = resolve(None, None, Some(f.path())).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        assert!(r.warning.unwrap().contains("640"));
        let r = resolve(
            Some(("env".into(), Given::Environment)),
            None,
            Some(f.path()),
        )
        .unwrap();
        assert_eq!(r.token.expose_secret(), "env");
        let e = resolve(None, None, Some(Path::new("/nonexistent/wawp/token"))).unwrap_err();
        assert!(e.0.starts_with("no access token"), "{e:?}");
    }

    #[cfg(unix)]
    #[test]
    fn the_default_file_path() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert_eq!(
            default_file(env(&[("HOME", "/home/u")])),
            Some(PathBuf::from("/home/u/.config/wawp/token"))
        );
        assert_eq!(
            default_file(env(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/cfg")])),
            Some(PathBuf::from("/cfg/wawp/token"))
        );
        assert_eq!(
            default_file(env(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "rel")])),
            Some(PathBuf::from("/home/u/.config/wawp/token"))
        );
        assert_eq!(default_file(env(&[])), None);
    }

    #[test]
    fn errors_never_contain_the_value() {
        let bad = format!("{SECRET} with spaces");
        let f = file(&bad);
        let cases = [
            resolve(Some((bad.clone(), Given::CommandLine)), None, None),
            resolve(Some((bad.clone(), Given::Environment)), None, None),
            resolve(None, cli(f.path()), None),
            resolve(
                Some((SECRET.into(), Given::CommandLine)),
                cli(f.path()),
                None,
            ),
            resolve(None, None, None),
            resolve(None, cli(Path::new("/nonexistent/wawp/token")), None),
        ];
        for case in cases {
            let TokenError(msg) = case.unwrap_err();
            assert!(!msg.contains(SECRET), "{msg}");
            assert!(!msg.is_empty());
        }
    }

    #[test]
    fn messages_name_the_source() {
        let e = resolve(Some(("a b".into(), Given::Environment)), None, None).unwrap_err();
        assert_eq!(
            e.0,
            "the access token contains whitespace at byte 1 (in WAWP_ACCESS_TOKEN)"
        );
        let e = resolve(None, cli(Path::new("/nonexistent/tok")), None).unwrap_err();
        assert_eq!(
            e.0,
            "cannot read the access token from the file given with --access-token-file: \
             it does not exist"
        );
        let e = resolve(
            None,
            Some((Path::new("/nonexistent/tok"), Given::Environment)),
            None,
        )
        .unwrap_err();
        assert!(e.0.contains("the file named by WAWP_ACCESS_TOKEN_FILE: it does not exist"));
        let f = file("a b");
        let e = resolve(None, cli(f.path()), None).unwrap_err();
        assert!(
            e.0.ends_with("(in the file given with --access-token-file)"),
            "{e:?}"
        );
    }

    #[test]
    fn a_token_given_as_its_path_is_never_printed() {
        // WAWP_ACCESS_TOKEN_FILE=<the token>: an easy mix-up.
        for given in [Given::Environment, Given::CommandLine] {
            let e = resolve(None, Some((Path::new(SECRET), given)), None).unwrap_err();
            assert!(!e.0.contains(SECRET), "{e:?}");
            assert!(e.0.contains("does not exist"), "{e:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let e = resolve(None, cli(dir.path()), None).unwrap_err();
        assert!(!e.0.contains(&dir.path().display().to_string()), "{e:?}");
    }
}
