use super::*;
use serde_json::{Value, json};
use wawp::http::Response;
use wawp::{
    AccessToken, Endpoint, Logout, Me, PairingCode, PhoneNumber, QrCode, Session, SessionInfo,
    SessionStatus, TransportError,
};

const LOGOUT: Operation = Operation::Logout;

fn id(s: &str) -> InstanceId {
    InstanceId::new(s).unwrap()
}

fn answered(status: u16, content_type: &str, body: &str) -> Error {
    Logout::new(id("I"))
        .parse(
            Response::builder()
                .status(status)
                .header("content-type", content_type)
                .body(body.as_bytes().to_vec())
                .unwrap(),
            &AccessToken::new("t0k3n").unwrap(),
        )
        .unwrap_err()
}

fn session() -> Session {
    Session::new("wawp-84729105", SessionStatus::ScanQrCode, "3EB0BCB2E3D4")
}

fn err(e: Error) -> Outcome {
    Outcome::Finished(Err(e))
}

fn ok(output: Output) -> Outcome {
    Outcome::Finished(Ok(output))
}

#[test]
fn ids_are_quoted_only_when_needed() {
    assert_eq!(shown_id(&id("3EB0BCB2E3D4")), "3EB0BCB2E3D4");
    assert_eq!(shown_id(&id("a&b=c?d/e#f%20")), "a&b=c?d/e#f%20");
    assert_eq!(shown_id(&id("my phone")), "\"my phone\"");
    assert_eq!(shown_id(&id("say \"hi\"")), "\"say \\\"hi\\\"\"");
    assert_eq!(shown_id(&id("rtl\u{202e}x")), "\"rtl\\u{202e}x\"");
    assert_eq!(shown_id(&id("al\u{61c}m")), "\"al\\u{61c}m\"");
    assert_eq!(shown_id(&id("iso\u{2066}x")), "\"iso\\u{2066}x\"");
}

#[test]
fn server_text_cannot_drive_the_terminal() {
    assert_eq!(sanitize("plain"), "plain");
    assert_eq!(sanitize("red\u{1b}[31m"), "red\\u{1b}[31m");
    let s = Session::new(
        "n\u{7}\u{9b}",
        SessionStatus::Unknown("X\u{202e}Y\u{61c}".into()),
        "I",
    );
    assert_eq!(
        human_ok(&LOGOUT, &id("I"), &Output::Session(s)),
        "I: logged out; session n\\u{7}\\u{9b} is now X\\u{202e}Y\\u{61c}"
    );
}

#[test]
fn json_escapes_controls_and_bidi_from_the_server() {
    let s = Session::new(
        "n\u{9b}[2J",
        SessionStatus::Unknown("\u{2067}X".into()),
        "I",
    );
    let line = json_line(&LOGOUT, &id("I"), &ok(Output::Session(s)));
    assert!(line.is_ascii(), "{line}");
    assert!(line.contains(r#""name":"n\u009b[2J""#), "{line}");
    assert!(line.contains(r#""status":"\u2067X""#), "{line}");
}

#[test]
fn human_success() {
    assert_eq!(
        human_ok(&LOGOUT, &id("3EB0BCB2E3D4"), &Output::Session(session())),
        "3EB0BCB2E3D4: logged out; session wawp-84729105 is now SCAN_QR_CODE"
    );
}

#[test]
fn human_error_has_message_and_hint() {
    let e = answered(
        404,
        "application/json",
        r#"{"message":"Session does not exist"}"#,
    );
    assert_eq!(
        human_error(&LOGOUT, &id("nope"), &e),
        "error: nope: HTTP 404 (not found): Session does not exist\n  hint: check the instance id: no session with this id exists for this token"
    );
    let e = answered(418, "text/plain", "teapot");
    assert_eq!(
        human_error(&LOGOUT, &id("x"), &e),
        "error: x: HTTP 418 (unexpected status): teapot"
    );
}

#[test]
fn json_success_shape() {
    let line = json_line(&LOGOUT, &id("a b"), &ok(Output::Session(session())));
    assert_eq!(
        line,
        r#"{"instance_id":"a b","ok":true,"name":"wawp-84729105","status":"SCAN_QR_CODE"}"#
    );
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        v,
        json!({"instance_id":"a b","ok":true,"name":"wawp-84729105","status":"SCAN_QR_CODE"})
    );
}

#[test]
fn json_error_shape() {
    let e = answered(
        401,
        "application/xml",
        "<error><message>Invalid token</message></error>",
    );
    let line = json_line(&LOGOUT, &id("I"), &err(e));
    assert!(!line.contains('\n'));
    assert!(
        line.starts_with(
            r#"{"instance_id":"I","ok":false,"error":{"kind":"unauthorized","status":401,"#
        ),
        "{line}"
    );
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["instance_id"], "I");
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "unauthorized");
    assert_eq!(v["error"]["status"], 401);
    assert_eq!(v["error"]["message"], "Invalid token");
    assert_eq!(v["error"]["maybe_sent"], true);
    assert_eq!(v["error"]["exit_code"], 3);
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("access token")
    );

    let e = answered(500, "text/html", "");
    let v: Value = serde_json::from_str(&json_line(&LOGOUT, &id("I"), &err(e))).unwrap();
    assert_eq!(v["error"]["kind"], "server_error");
    assert_eq!(v["error"]["message"], Value::Null);
    assert_eq!(v["error"]["exit_code"], 6);

    let e = Error::Timeout {
        after: Some(std::time::Duration::from_secs(2)),
    };
    let v: Value = serde_json::from_str(&json_line(&LOGOUT, &id("I"), &err(e))).unwrap();
    assert_eq!(v["error"]["kind"], "timeout");
    assert_eq!(v["error"]["status"], Value::Null);
    assert_eq!(v["error"]["message"], "timed out after 2s");
    assert_eq!(v["error"]["maybe_sent"], true);
    assert_eq!(v["error"]["exit_code"], 7);

    let e = Error::Transport(TransportError::from_message(
        wawp::TransportErrorKind::Connect,
        "refused",
    ));
    let v: Value = serde_json::from_str(&json_line(&LOGOUT, &id("I"), &err(e))).unwrap();
    assert_eq!(v["error"]["kind"], "connect");
    assert_eq!(v["error"]["maybe_sent"], false);
}

#[test]
fn interrupted_and_not_started_shapes() {
    let v: Value = serde_json::from_str(&json_line(
        &LOGOUT,
        &id("A"),
        &Outcome::Interrupted(Stop::Interrupt),
    ))
    .unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "interrupted");
    assert_eq!(v["error"]["maybe_sent"], true);
    assert_eq!(v["error"]["exit_code"], 130);
    assert_eq!(v["error"]["status"], Value::Null);
    let v: Value = serde_json::from_str(&json_line(
        &LOGOUT,
        &id("B"),
        &Outcome::NotStarted(Stop::Terminate),
    ))
    .unwrap();
    assert_eq!(v["error"]["kind"], "not_started");
    assert_eq!(v["error"]["maybe_sent"], false);
    assert_eq!(v["error"]["exit_code"], 143);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing was sent")
    );
    assert_eq!(
        human_unfinished(
            &LOGOUT,
            &id("my id"),
            &Outcome::NotStarted(Stop::ClosedOutput)
        ),
        "error: \"my id\": not started: the run was interrupted (standard output closed) first; nothing was sent"
    );
}

#[test]
fn every_kind_is_in_the_documented_list() {
    let errors = [
        answered(400, "text/plain", "x"),
        answered(401, "text/plain", "x"),
        answered(403, "text/plain", "x"),
        answered(
            403,
            "application/json",
            r#"{"code":"subscription_required"}"#,
        ),
        answered(403, "application/json", r#"{"code":"quota_reached"}"#),
        answered(404, "text/plain", "x"),
        answered(418, "text/plain", "x"),
        answered(429, "text/plain", "x"),
        answered(500, "text/plain", "x"),
        answered(502, "text/plain", "x"),
        answered(503, "text/plain", "x"),
        answered(504, "text/plain", "x"),
        answered(200, "application/json", "[]"),
        answered(307, "text/plain", ""),
        Error::BodyTooLarge { limit: 1 },
        Error::Timeout { after: None },
        Error::InvalidInput(wawp::InputError::Empty { field: "x" }),
    ];
    let mut outcomes: Vec<Outcome> = errors.into_iter().map(err).collect();
    use wawp::TransportErrorKind as K;
    for k in [K::Connect, K::Tls, K::StaleConnection, K::Io, K::Other] {
        outcomes.push(err(Error::Transport(TransportError::from_message(k, "x"))));
    }
    outcomes.push(ok(Output::Unsaved {
        path: "x.png".into(),
        reason: "disk full".to_owned(),
    }));
    outcomes.push(Outcome::Interrupted(Stop::Interrupt));
    outcomes.push(Outcome::NotStarted(Stop::Interrupt));
    let mut seen: Vec<&str> = outcomes
        .iter()
        .map(|o| Failure::of(&LOGOUT, o).unwrap().kind())
        .collect();
    // The endings of `qr` (watching) and `relink` that are not a call's.
    let i = id("I");
    seen.push(Failure::gave_up(std::time::Duration::from_secs(1), None, &i).kind());
    seen.push(Failure::wrong_state(&SessionStatus::Stopped, &i).kind());
    seen.push(Failure::stopped(Stop::Interrupt, None, &i).kind());
    seen.sort_unstable();
    seen.dedup();
    let mut documented = KINDS.to_vec();
    documented.sort_unstable();
    assert_eq!(
        seen, documented,
        "every kind documented, every documented kind real"
    );
    for k in KINDS {
        assert!(k.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{k}");
        assert!(
            crate::args::KINDS_HELP.contains(k),
            "{k} missing from --help"
        );
    }
}

#[test]
fn summary_line() {
    let c = Counts {
        ok: 2,
        failed: 1,
        ..Counts::default()
    };
    assert_eq!(
        summary(c, None, "logged out"),
        "3 instances: 2 logged out, 1 failed"
    );
    let c = Counts {
        ok: 2,
        failed: 1,
        interrupted: 3,
        not_started: 4,
    };
    assert_eq!(
        summary(c, Some(Stop::Interrupt), "logged out"),
        "10 instances: 2 logged out, 1 failed, 3 interrupted (may have happened), 4 not started\nstopped early: SIGINT"
    );
    assert_eq!(c.unfinished(), 8);
}
#[test]
fn each_operation_words_its_success() {
    let s = || Output::Session(Session::new("n", SessionStatus::Stopped, "I"));
    assert_eq!(
        human_ok(&Operation::Stop, &id("I"), &s()),
        "I: stopped; session n is now STOPPED"
    );
    assert_eq!(
        human_ok(
            &Operation::Delete,
            &id("I"),
            &Output::Session(Session::new("n", SessionStatus::Deleted, "I"))
        ),
        "I: deleted; session n is now DELETED"
    );
    let working = SessionInfo::new("n", SessionStatus::Working, "I")
        .with_me(Me::new("201012345678@c.us", Some("Ann\u{202e}".to_owned())));
    assert_eq!(
        human_ok(&Operation::Info, &id("I"), &Output::Info(working)),
        "I: session n is WORKING, linked to 201012345678@c.us (Ann\\u{202e})"
    );
    let waiting = SessionInfo::new("n", SessionStatus::ScanQrCode, "I");
    assert!(human_ok(&Operation::Info, &id("I"), &Output::Info(waiting)).contains("wawp qr"));
    let code = Output::Code {
        code: PairingCode::new("ABCD-1234"),
        phone: PhoneNumber::new("+20 114 520 2826").unwrap(),
    };
    let phone = PhoneNumber::new("+201145202826").unwrap();
    let line = human_ok(&Operation::Pair(phone), &id("I"), &code);
    assert!(
        line.starts_with("I: pairing code ABCD-1234 for +201145202826; "),
        "{line}"
    );
    let saved = Output::Saved {
        path: "qr.png".into(),
        bytes: 812,
    };
    assert_eq!(
        human_ok(&LOGOUT, &id("I"), &saved),
        "I: QR code saved to qr.png (812 bytes, PNG)"
    );
}

#[test]
fn a_qr_code_is_drawn_under_its_line() {
    let code = QrCode::new("2@abc,def", None);
    let text = human_ok(
        &Operation::Qr(Style::default()),
        &id("I"),
        &Output::Qr(code),
    );
    let (first, drawing) = text.split_once('\n').unwrap();
    assert_eq!(
        first,
        "I: QR code; scan it in WhatsApp > Linked devices > Link a device"
    );
    assert!(drawing.contains('█') && (drawing.contains('▀') || drawing.contains('▄')));
    let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1000);
    let at = |s| Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s));
    assert_eq!(expiry_note(at(1017), now), " (expires in 17 s)");
    assert_eq!(expiry_note(at(999), now), " (expired)");
    assert_eq!(expiry_note(None, now), "");
}

#[test]
fn json_success_shapes_of_every_operation() {
    let info =
        SessionInfo::new("n", SessionStatus::Working, "I").with_me(Me::new("2010@c.us", None));
    assert_eq!(
        json_line(&Operation::Info, &id("I"), &ok(Output::Info(info))),
        r#"{"instance_id":"I","ok":true,"name":"n","status":"WORKING","me":{"id":"2010@c.us","push_name":null}}"#
    );
    let info = SessionInfo::new("n", SessionStatus::Stopped, "I");
    assert_eq!(
        json_line(&Operation::Info, &id("I"), &ok(Output::Info(info))),
        r#"{"instance_id":"I","ok":true,"name":"n","status":"STOPPED","me":null}"#
    );
    // Milliseconds are normalised to seconds.
    let qr = QrCode::new("2@v", Some(1_700_000_000_000));
    assert_eq!(
        json_line(
            &Operation::Qr(Style::default()),
            &id("I"),
            &ok(Output::Qr(qr))
        ),
        r#"{"instance_id":"I","ok":true,"value":"2@v","expiry":1700000000}"#
    );
    let qr = QrCode::new("2@v", None);
    assert_eq!(
        json_line(
            &Operation::Qr(Style::default()),
            &id("I"),
            &ok(Output::Qr(qr))
        ),
        r#"{"instance_id":"I","ok":true,"value":"2@v","expiry":null}"#
    );
    let saved = Output::Saved {
        path: "d/I.png".into(),
        bytes: 9,
    };
    assert_eq!(
        json_line(&LOGOUT, &id("I"), &ok(saved)),
        r#"{"instance_id":"I","ok":true,"file":"d/I.png","bytes":9}"#
    );
    let code = Output::Code {
        code: PairingCode::new("ABCD-1234"),
        phone: PhoneNumber::new("00201145202826").unwrap(),
    };
    assert_eq!(
        json_line(&LOGOUT, &id("I"), &ok(code)),
        r#"{"instance_id":"I","ok":true,"code":"ABCD-1234","phone_number":"201145202826"}"#
    );
    let unsaved = ok(Output::Unsaved {
        path: "x.png".into(),
        reason: "disk full".to_owned(),
    });
    assert!(!unsaved.is_ok());
    let v: Value = serde_json::from_str(&json_line(&LOGOUT, &id("I"), &unsaved)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "not_saved");
    assert_eq!(v["error"]["exit_code"], 2);
    assert_eq!(v["error"]["maybe_sent"], true);
}

#[test]
fn interruptions_name_the_act() {
    let v: Value = serde_json::from_str(&json_line(
        &Operation::Delete,
        &id("A"),
        &Outcome::Interrupted(Stop::Interrupt),
    ))
    .unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .ends_with("the deletion may have happened"),
        "{v}"
    );
    let c = Counts {
        ok: 1,
        failed: 1,
        ..Counts::default()
    };
    assert_eq!(
        summary(c, None, "started"),
        "2 instances: 1 started, 1 failed"
    );
}
