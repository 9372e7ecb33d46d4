use super::*;

#[test]
fn the_main_page_and_the_logout_page() {
    let main = String::from_utf8(render(None).unwrap()).unwrap();
    assert!(main.starts_with(".ie"), "{}", &main[..40]);
    assert!(main.contains(".TH wawp 1"), "{main}");
    assert!(main.contains("logout"));
    let logout = String::from_utf8(render(Some("logout")).unwrap()).unwrap();
    assert!(logout.contains(".TH wawp-logout 1"), "{logout}");
    for flag in [
        "\\-\\-from\\-file",
        "\\-\\-unfinished",
        "\\-\\-proxy",
        "\\-\\-ca\\-cert",
    ] {
        assert!(logout.contains(flag), "{flag} missing");
    }
    assert!(logout.contains("Exit codes"));
    assert!(render(Some("nope")).is_err());
}

#[test]
fn every_page_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_all(dir.path()).unwrap();
    for command in [
        "",
        "-info",
        "-start",
        "-stop",
        "-restart",
        "-logout",
        "-delete",
        "-qr",
        "-pair",
        "-relink",
        "-completions",
        "-man",
    ] {
        let page = format!("wawp{command}.1");
        assert!(names.contains(&page), "{page} missing: {names:?}");
    }
}

#[test]
fn the_lifecycle_pages_document_their_own_options() {
    let main = String::from_utf8(render(None).unwrap()).unwrap();
    for command in [
        "info", "start", "stop", "restart", "delete", "qr", "pair", "relink",
    ] {
        assert!(main.contains(command), "{command} missing from wawp(1)");
    }
    let qr = String::from_utf8(render(Some("qr")).unwrap()).unwrap();
    for flag in ["\\-\\-png", "\\-\\-once", "\\-\\-timeout", "\\-\\-invert"] {
        assert!(qr.contains(flag), "{flag} missing from wawp-qr(1)");
    }
    assert!(qr.contains("gave up waiting"), "exit code 8 missing");
    let relink = String::from_utf8(render(Some("relink")).unwrap()).unwrap();
    assert!(relink.contains("\\-\\-phone"));
    let delete = String::from_utf8(render(Some("delete")).unwrap()).unwrap();
    assert!(delete.contains("cannot be undone"));
    let e = render(Some("nope")).unwrap_err();
    assert!(e.contains("relink"), "{e}");
}
