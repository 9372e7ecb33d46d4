use super::*;

fn id(s: &str) -> InstanceId {
    InstanceId::new(s).unwrap()
}

fn yes_no(op: &Operation, ids: &[InstanceId]) -> String {
    match prompt(op, ids) {
        Some(Prompt::YesNo(q)) => q,
        other => panic!("{other:?}"),
    }
}

#[test]
fn policy() {
    assert_eq!(decide(true, false, false), Decision::Proceed);
    assert_eq!(decide(true, true, true), Decision::Proceed);
    assert_eq!(decide(false, true, false), Decision::Ask);
    assert_eq!(
        decide(false, false, false),
        Decision::Refuse(Why::NoTerminal)
    );
    assert_eq!(
        decide(false, true, true),
        Decision::Refuse(Why::IdsFromStdin)
    );
    let m = Why::NoTerminal.message("log out");
    assert_eq!(
        m,
        "refusing to log out without confirmation: standard input is not a terminal; add --yes to confirm"
    );
    let m = Why::IdsFromStdin.message("delete");
    assert!(
        m.starts_with("refusing to delete") && m.contains("standard input") && m.contains("--yes")
    );
}

#[test]
fn single_question_is_the_documented_one() {
    assert_eq!(
        yes_no(&Operation::Logout, &[id("3EB0BCB2E3D4")]),
        "Log out instance 3EB0BCB2E3D4? Reconnecting requires scanning a QR code with the phone. [y/N] "
    );
    assert!(
        yes_no(&Operation::Logout, &[id("my phone")])
            .starts_with("Log out instance \"my phone\"? ")
    );
    assert!(
        yes_no(&Operation::Stop, &[id("A")]).starts_with("Stop instance A? It keeps its login")
    );
    assert!(yes_no(&Operation::Restart, &[id("A")]).starts_with("Restart instance A? "));
    assert_eq!(prompt(&Operation::Info, &[id("A")]), None);
    assert_eq!(prompt(&Operation::Start, &[id("A")]), None);
}

#[test]
fn bulk_question_gives_the_count_and_lists_some() {
    let ids: Vec<_> = (0..12).map(|i| id(&format!("I{i}"))).collect();
    let q = yes_no(&Operation::Logout, &ids);
    assert!(q.contains("  I0\n") && q.contains("  I9\n") && !q.contains("I10"));
    assert!(q.contains("… and 2 more\n"));
    assert!(q.ends_with("Log out these 12 instances? Reconnecting requires scanning a QR code with the phone. [y/N] "));
}

#[test]
fn a_deletion_is_confirmed_by_typing() {
    let Some(Prompt::Typed { question, expected }) = prompt(&Operation::Delete, &[id("my phone")])
    else {
        panic!("not typed")
    };
    assert!(question.starts_with("Delete instance \"my phone\"? This cannot be undone"));
    assert!(question.ends_with("Type the instance id to confirm: "));
    assert_eq!(expected, "my phone");
    let Some(Prompt::Typed { question, expected }) =
        prompt(&Operation::Delete, &[id("A"), id("B")])
    else {
        panic!("not typed")
    };
    assert!(question.starts_with("  A\n  B\nDelete these 2 instances?"));
    assert_eq!(expected, "delete 2 instances");
    assert!(question.ends_with("Type 'delete 2 instances' to confirm: "));
}

#[test]
fn answers() {
    for yes in ["y", "Y", "yes", "YES", " y \n", "Yes\r\n"] {
        assert!(is_yes(yes), "{yes:?}");
    }
    for no in ["", "\n", "n", "no", "yep", "sure", "y y", "oui"] {
        assert!(!is_yes(no), "{no:?}");
    }
    assert!(is_typed("3EB0BCB2E3D4\r\n", "3EB0BCB2E3D4"));
    assert!(is_typed(" my phone \n", "my phone"));
    for no in ["y", "yes", "3eb0bcb2e3d4", "3EB0BCB2E3D", ""] {
        assert!(!is_typed(no, "3EB0BCB2E3D4"), "{no:?}");
    }
}

#[test]
fn ask_reads_one_line() {
    let q = Prompt::YesNo("Q? ".to_owned());
    let mut out = Vec::new();
    assert!(ask(&mut &b"y\nmore\n"[..], &mut out, &q).unwrap());
    assert_eq!(out, b"Q? ");
    assert!(!ask(&mut &b"n\n"[..], &mut Vec::new(), &q).unwrap());
    let mut out = Vec::new();
    assert!(!ask(&mut &b""[..], &mut out, &q).unwrap());
    assert_eq!(out, b"Q? \n");
    let typed = Prompt::Typed {
        question: "Type A: ".to_owned(),
        expected: "A".to_owned(),
    };
    assert!(ask(&mut &b"A\n"[..], &mut Vec::new(), &typed).unwrap());
    assert!(!ask(&mut &b"y\n"[..], &mut Vec::new(), &typed).unwrap());
}
