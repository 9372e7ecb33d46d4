use super::*;

#[test]
fn names_are_checked_before_anything_is_sent() {
    assert!(check_names(["shop", "desk two"]).is_ok());
    let e = check_names(["ok", "", " pad"]).unwrap_err();
    assert_eq!(
        e,
        "invalid name\n  \"\": session name is empty\n  \" pad\": session name starts or ends with whitespace"
    );
}

#[test]
fn a_link_says_when_it_expires() {
    let token = wawp::TempLinkToken::new("AbCdEfGhIjKlMnOpQr").unwrap();
    let at = SystemTime::now() + Duration::from_secs(29 * 60 + 30);
    let line = link_expiry(&TempLink::new(token.clone(), Some(at)));
    assert!(
        line.starts_with(" (expires in 30 min, at ") && line.ends_with(" UTC)"),
        "{line}"
    );
    assert_eq!(link_expiry(&TempLink::new(token, None)), "");
}
