use super::*;

#[test]
fn writes_are_whole_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.png");
    check_writable(&file).unwrap();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    write_whole(&file, b"\x89PNG...").unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), b"\x89PNG...");
    write_whole(&file, b"second").unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), b"second");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(write_whole(&dir.path().join("no/such/dir.png"), b"x").is_err());
    assert!(check_writable(&dir.path().join("no/such/dir.png")).is_err());
}

#[cfg(unix)]
#[test]
fn a_planted_link_is_never_followed() {
    // Whatever link another user plants beside the target, the
    // temporary file is a new file of a random name, and the rename
    // replaces a link at the target itself rather than writing through it.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    let target = dir.path().join("out.txt");
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    write_whole(&target, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    assert!(!std::fs::symlink_metadata(&target).unwrap().is_symlink());
}
