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
#[path = "tests/token.rs"]
mod tests;
