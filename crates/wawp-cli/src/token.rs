//! Where the access token comes from: `--access-token-file`, then
//! `--access-token` / `WAWP_ACCESS_TOKEN`. No message here ever contains it.

use std::path::Path;

use wawp_core::AccessToken;

/// How the token was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Given {
    /// `--access-token` on the command line (visible to other users).
    CommandLine,
    /// The `WAWP_ACCESS_TOKEN` environment variable.
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

/// Picks the token. `file` wins over the environment; `file` together with
/// `--access-token` on the command line is ambiguous and refused.
pub(crate) fn resolve(
    value: Option<(String, Given)>,
    file: Option<&Path>,
) -> Result<Resolved, TokenError> {
    match (value, file) {
        (Some((_, Given::CommandLine)), Some(_)) => Err(TokenError(
            "give the access token once: --access-token or --access-token-file, not both"
                .to_owned(),
        )),
        (_, Some(path)) => {
            let text = read_bounded(path).map_err(|e| {
                TokenError(format!(
                    "cannot read the access token file {}: {e}",
                    path.display()
                ))
            })?;
            let token = validate(text.trim(), &format!("in {}", path.display()))?;
            Ok(Resolved {
                token,
                warning: loose_permissions(path),
            })
        }
        (Some((value, Given::CommandLine)), None) => Ok(Resolved {
            token: validate(&value, "given with --access-token")?,
            warning: Some(
                "warning: --access-token is visible to other users of this machine; \
                 prefer WAWP_ACCESS_TOKEN or --access-token-file"
                    .to_owned(),
            ),
        }),
        (Some((value, Given::Environment)), None) => Ok(Resolved {
            token: validate(&value, "in WAWP_ACCESS_TOKEN")?,
            warning: None,
        }),
        (None, None) => Err(TokenError(
            "no access token: set WAWP_ACCESS_TOKEN, or use --access-token-file <PATH>".to_owned(),
        )),
    }
}

/// The file's text, reading no more than a token could need (so a wrong
/// path such as `/dev/zero` fails fast instead of filling memory).
fn read_bounded(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let limit = wawp_core::MAX_ACCESS_TOKEN_LEN + 1024;
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
fn loose_permissions(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: {} is accessible by other users (mode {:o}); consider chmod 600",
            path.display(),
            mode & 0o777
        )
    })
}

#[cfg(not(unix))]
fn loose_permissions(_: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const SECRET: &str = "s3cr3t-T0KEN-value";

    fn file(content: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(content.as_bytes()).unwrap();
        f
    }

    #[test]
    fn from_environment() {
        let r = resolve(Some((SECRET.into(), Given::Environment)), None).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        assert!(r.warning.is_none());
    }

    #[test]
    fn from_command_line_warns() {
        let r = resolve(Some((SECRET.into(), Given::CommandLine)), None).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
        assert!(r.warning.unwrap().contains("visible to other users"));
    }

    #[test]
    fn from_file_trimmed_and_wins_over_environment() {
        let f = file(&format!("  {SECRET}\r\n\n"));
        let r = resolve(Some(("other".into(), Given::Environment)), Some(f.path())).unwrap();
        assert_eq!(r.token.expose_secret(), SECRET);
    }

    #[cfg(unix)]
    #[test]
    fn loose_file_permissions_warn() {
        use std::os::unix::fs::PermissionsExt;
        let f = file(SECRET);
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let w = resolve(None, Some(f.path())).unwrap().warning.unwrap();
        assert!(w.contains("644"), "{w}");
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(resolve(None, Some(f.path())).unwrap().warning.is_none());
    }

    #[test]
    fn errors_never_contain_the_value() {
        let bad = format!("{SECRET} with spaces");
        let f = file(&bad);
        let cases = [
            resolve(Some((bad.clone(), Given::CommandLine)), None),
            resolve(Some((bad.clone(), Given::Environment)), None),
            resolve(None, Some(f.path())),
            resolve(Some((SECRET.into(), Given::CommandLine)), Some(f.path())),
            resolve(None, None),
            resolve(None, Some(Path::new("/nonexistent/wawp/token"))),
        ];
        for case in cases {
            let TokenError(msg) = case.unwrap_err();
            assert!(!msg.contains(SECRET), "{msg}");
            assert!(!msg.is_empty());
        }
    }

    #[test]
    fn messages_name_the_source() {
        let e = resolve(Some(("a b".into(), Given::Environment)), None).unwrap_err();
        assert_eq!(
            e.0,
            "the access token contains whitespace at byte 1 (in WAWP_ACCESS_TOKEN)"
        );
        let e = resolve(None, Some(Path::new("/nonexistent/tok"))).unwrap_err();
        assert!(e.0.starts_with("cannot read the access token file /nonexistent/tok: "));
    }
}
