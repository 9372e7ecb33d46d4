use super::*;

#[test]
fn only_state_changes_that_cut_the_phone_off_ask() {
    let phone = PhoneNumber::new("+201145202826").unwrap();
    let style = Style::default();
    assert_eq!(Operation::Logout.confirm(), Confirm::YesNo);
    assert_eq!(Operation::Stop.confirm(), Confirm::YesNo);
    assert_eq!(Operation::Restart.confirm(), Confirm::YesNo);
    assert_eq!(Operation::Delete.confirm(), Confirm::Typed);
    for op in [
        Operation::Info,
        Operation::Start,
        Operation::Qr(style),
        Operation::Pair(phone),
    ] {
        assert_eq!(op.confirm(), Confirm::Never, "{op:?}");
    }
}

#[test]
fn words_fit_the_messages() {
    let w = Operation::Logout.words();
    assert_eq!(
        (w.command, w.verb, w.done, w.act),
        ("logout", "log out", "logged out", "the logout")
    );
    assert_eq!(Operation::Delete.words().done, "deleted");
    assert_eq!(Operation::Info.words().command, "info");
}
