use super::*;

fn strs(ids: &[InstanceId]) -> Vec<&str> {
    ids.iter().map(InstanceId::as_str).collect()
}

#[test]
fn blank_lines_reserve_nothing() {
    // 32 MiB of newlines: no slot is reserved for ids that never come.
    let text = "\n".repeat(32 << 20);
    let ids = collect(&[], Some(("blank.txt", &text))).unwrap();
    assert!(ids.list.is_empty());
    assert!(ids.list.capacity() < 16, "{}", ids.list.capacity());
}

#[test]
fn list_skips_blanks_and_comments_and_trims() {
    let text = "# production\nA\n\n   \r\n  B  \r\nC D\n  # indented comment\nE#not-a-comment\n";
    let got: Vec<_> = parse_list(text).collect();
    assert_eq!(
        got,
        [(2, "A"), (5, "B"), (6, "C D"), (8, "E#not-a-comment")]
    );
}

#[test]
fn empty_list_has_no_ids() {
    assert_eq!(parse_list("").count(), 0);
    assert_eq!(parse_list("\n# x\n\n").count(), 0);
}

#[test]
fn positional_then_list_deduplicated() {
    let args = vec!["B".to_owned(), "with space".to_owned(), "B".to_owned()];
    let ids = collect(&args, Some(("ids.txt", "A\nB\n&?=/%#\n"))).unwrap();
    assert_eq!(strs(&ids.list), ["B", "with space", "A", "&?=/%#"]);
    assert_eq!(ids.duplicates, 2);
    assert_eq!(
        ids.first_duplicate,
        Some((InstanceId::new("B").unwrap(), Origin::Argument(3)))
    );
    let ids = collect(&[], Some(("ids.txt", "A\nB\n\nA\nA\n"))).unwrap();
    assert_eq!(strs(&ids.list), ["A", "B"]);
    assert_eq!(ids.duplicates, 2);
    assert_eq!(
        ids.first_duplicate.map(|(id, o)| format!("{id} at {o}")),
        Some("A at ids.txt, line 4".to_owned())
    );
}

#[test]
fn every_bad_id_is_reported_with_its_origin() {
    let args = vec![" lead".to_owned(), "ok".to_owned(), "bell\u{7}".to_owned()];
    let bad = collect(&args, Some(("ids.txt", "fine\nx\u{1b}[31m\n"))).unwrap_err();
    let shown: Vec<String> = bad.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "argument 1: instance id starts or ends with whitespace",
            "argument 3: instance id contains a control character at byte 4",
            "ids.txt, line 2: instance id contains a control character at byte 1",
        ]
    );
}

#[test]
fn a_bad_id_repeated_is_reported_once() {
    let bad = collect(&[], Some(("f", "a\u{7}\nok\na\u{7}\n"))).unwrap_err();
    assert_eq!(bad.len(), 1);
}

#[test]
fn many_duplicates_are_linear() {
    // 150 000 lines of 3 ids: instant, one count.
    let text = "A\nB\nC\n".repeat(50_000);
    let ids = collect(&[], Some(("f", &text))).unwrap();
    assert_eq!(ids.list.len(), 3);
    assert_eq!(ids.duplicates, 149_997);
}

#[test]
fn too_long_ids_are_refused() {
    let long = "x".repeat(wawp::MAX_INSTANCE_ID_LEN + 1);
    assert!(collect(&[long], None).is_err());
    assert!(collect(&[String::new()], None).is_err());
}
