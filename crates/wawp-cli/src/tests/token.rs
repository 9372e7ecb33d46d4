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
