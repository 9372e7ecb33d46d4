use super::*;

fn id(s: &str) -> InstanceId {
    InstanceId::new(s).unwrap()
}

#[test]
fn file_names_cannot_escape_the_directory() {
    assert_eq!(file_name(&id("3EB0BCB2E3D4")), "3EB0BCB2E3D4.png");
    assert_eq!(file_name(&id("my phone")), "my%20phone.png");
    assert_eq!(file_name(&id("../etc/x")), "%2E.%2Fetc%2Fx.png");
    assert_eq!(file_name(&id("..")), "%2E..png");
    assert_eq!(file_name(&id(".hidden")), "%2Ehidden.png");
    assert_eq!(file_name(&id("a.b_c-d")), "a.b_c-d.png");
    assert_eq!(file_name(&id("é")), "%C3%A9.png");
}

#[test]
fn targets_are_checked_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qr.png");
    let three = [id("A"), id("B"), id("C")];
    assert_eq!(
        PngTarget::prepare(&file, &three[..1]).unwrap(),
        PngTarget::File(file.clone())
    );
    assert_eq!(
        PngTarget::prepare(dir.path(), &three).unwrap(),
        PngTarget::Dir {
            dir: dir.path().to_owned(),
            renamed: HashMap::new()
        }
    );
    // Nothing is left behind by the check.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let e = PngTarget::prepare(&file, &three[..2]).unwrap_err();
    assert!(e.contains("existing directory"), "{e}");
    let e = PngTarget::prepare(Path::new("/nonexistent/dir/qr.png"), &three[..1]).unwrap_err();
    assert!(e.contains("cannot write there"), "{e}");
    let target = PngTarget::prepare(dir.path(), &[id("a b")]).unwrap();
    assert_eq!(target.path_for(&id("a b")), dir.path().join("a%20b.png"));
}

#[test]
fn names_differing_only_in_case_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    let ids = [id("Ab"), id("ab"), id("AB"), id("ab~2"), id("x")];
    let target = PngTarget::prepare(dir.path(), &ids).unwrap();
    let names: Vec<String> = ids
        .iter()
        .map(|i| {
            let path = target.path_for(i);
            path.file_name().unwrap().to_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        names,
        ["Ab.png", "ab~2.png", "AB~3.png", "ab%7E2.png", "x.png"]
    );
    let folded: std::collections::HashSet<String> =
        names.iter().map(|n| n.to_ascii_lowercase()).collect();
    assert_eq!(folded.len(), ids.len());
}
