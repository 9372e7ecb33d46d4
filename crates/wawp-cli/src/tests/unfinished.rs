use super::*;

#[test]
fn written_in_place_and_readable_as_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("left.txt");
    std::fs::write(&path, "old\n").unwrap();
    let u = Unfinished::create(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    let ids = [
        InstanceId::new("A").unwrap(),
        InstanceId::new("b c").unwrap(),
    ];
    let counts = Counts {
        ok: 1,
        failed: 1,
        interrupted: 0,
        not_started: 1,
    };
    u.write("logout", &ids, &[], counts).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let listed: Vec<_> = crate::ids::parse_list(&text).map(|(_, id)| id).collect();
    assert_eq!(listed, ["A", "b c"]);
    assert!(text.starts_with("# wawp logout: 2 unfinished of 3"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary left"
    );
}

#[test]
fn an_unwritable_place_fails_early_and_the_check_leaves_nothing() {
    assert!(Unfinished::create(Path::new("/nonexistent/dir/left.txt")).is_err());
    let dir = tempfile::tempdir().unwrap();
    drop(Unfinished::create(&dir.path().join("x")).unwrap());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_write_that_fails_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("left.txt");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let u = Unfinished::create(&path).unwrap();
    std::fs::remove_dir(dir.path().join("sub")).unwrap();
    let e = u.write("logout", &[], &[], Counts::default()).unwrap_err();
    assert!(e.starts_with("cannot write --unfinished "), "{e}");
}

#[test]
fn ids_starting_with_a_hash_are_flagged() {
    assert!(unlistable(&InstanceId::new("#1").unwrap()));
    assert!(!unlistable(&InstanceId::new("a#1").unwrap()));
}
