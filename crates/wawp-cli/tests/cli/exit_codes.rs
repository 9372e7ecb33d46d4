//! One test per exit code (1, declined, is in `pty.rs`: it needs a terminal).

use std::time::Duration;

use wawp_mock::{Behaviour, Variant};

use crate::common::{bare, expect, mock, wawp};

#[test]
fn exit_0_logged_out() {
    let server = mock(&[("3EB0BCB2E3D4", "wawp-84729105")]);
    {
        let out = expect(wawp(&server).args(["logout", "--yes", "3EB0BCB2E3D4"]), 0);
        assert_eq!(
            out.stdout,
            "3EB0BCB2E3D4: logged out; session wawp-84729105 is now SCAN_QR_CODE\n"
        );
        assert_eq!(out.stderr, "");
    }
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        server.instance_status("3EB0BCB2E3D4").as_deref(),
        Some("SCAN_QR_CODE")
    );
}

#[test]
fn exit_2_usage_errors_send_nothing() {
    let server = mock(&[("A", "a")]);
    // clap: no ids, unknown flag, bad values.
    for args in [
        &["logout", "--yes"][..],
        &["logout", "--yes", "--nope", "A"],
        &["logout", "--yes", "--timeout", "0", "A"],
        &["logout", "--yes", "--transport", "hyper", "A"],
        &["frobnicate"],
    ] {
        let out = expect(wawp(&server).args(args), 2);
        assert!(out.stderr.contains("error"), "{args:?}: {}", out.stderr);
    }
    // Invalid ids, all reported, nothing sent for the valid one.
    let out = expect(
        wawp(&server).args(["logout", "--yes", "A", " padded", ""]),
        2,
    );
    assert!(
        out.stderr
            .contains("argument 2: instance id starts or ends with whitespace")
    );
    assert!(out.stderr.contains("argument 3: instance id is empty"));
    // No token at all.
    let out = expect(
        bare()
            .env("WAWP_BASE_URL", server.base_url())
            .args(["logout", "--yes", "A"]),
        2,
    );
    assert!(out.stderr.contains("no access token"), "{}", out.stderr);
    // A malformed base URL.
    let out = expect(
        wawp(&server).args(["logout", "--yes", "--base-url", "ftp://x", "A"]),
        2,
    );
    assert!(out.stderr.contains("invalid --base-url"), "{}", out.stderr);
    assert!(server.requests().is_empty());
    assert_eq!(server.instance_status("A").as_deref(), Some("WORKING"));
}

#[test]
fn exit_3_unauthorized_with_hint() {
    let server = mock(&[("A", "a")]);
    {
        let out = expect(
            wawp(&server)
                .env("WAWP_ACCESS_TOKEN", "some-other-token")
                .args(["logout", "-y", "A"]),
            3,
        );
        assert!(
            out.stderr
                .starts_with("error: A: HTTP 401 (unauthorized): "),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("hint: check the access token"));
        assert_eq!(out.stdout, "");
    }
    server.script("A", Behaviour::Documented(Variant::UnauthorizedXml));
    expect(wawp(&server).args(["logout", "-y", "A"]), 3);
}

#[test]
fn exit_4_not_found_with_hint() {
    let server = mock(&[]);
    let out = expect(wawp(&server).args(["logout", "-y", "3EB0BCB2E3D4"]), 4);
    assert!(
        out.stderr.contains("HTTP 404 (not found)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("hint: check the instance id"));
    server.script("X", Behaviour::Documented(Variant::NotFoundXml));
    expect(wawp(&server).args(["logout", "-y", "X"]), 4);
}

#[test]
fn exit_5_other_client_errors() {
    let server = mock(&[]);
    server.script("bad", Behaviour::Documented(Variant::BadRequestText));
    server.script(
        "forbidden",
        Behaviour::status(403, "application/json", r#"{"message":"Not yours"}"#),
    );
    server.script("slow-down", Behaviour::RateLimited { retry_after: 3 });
    let out = expect(wawp(&server).args(["logout", "-y", "bad"]), 5);
    assert!(
        out.stderr.contains("HTTP 400 (bad request)"),
        "{}",
        out.stderr
    );
    let out = expect(wawp(&server).args(["logout", "-y", "forbidden"]), 5);
    assert!(out.stderr.contains("Not yours"), "{}", out.stderr);
    let out = expect(wawp(&server).args(["logout", "-y", "slow-down"]), 5);
    assert!(out.stderr.contains("wait 3 s"), "{}", out.stderr);
}

#[test]
fn exit_6_server_errors() {
    let server = mock(&[]);
    for (id, variant) in [
        ("json", Variant::InternalErrorJson),
        ("html", Variant::InternalErrorHtml),
        ("gateway", Variant::BadGatewayXml),
    ] {
        server.script(id, Behaviour::Documented(variant));
        let out = expect(wawp(&server).args(["logout", "-y", id]), 6);
        assert!(
            out.stderr.contains(variant.message()),
            "{id}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("hint: "), "{id}");
    }
}

#[test]
fn retries_turn_a_passing_502_into_success() {
    let server = mock(&[("A", "a")]);
    server.script(
        "A",
        Behaviour::FailThenSucceed {
            failures: 1,
            status: 502,
        },
    );
    expect(wawp(&server).args(["logout", "-y", "A"]), 6);
    server.script(
        "A",
        Behaviour::FailThenSucceed {
            failures: 1,
            status: 502,
        },
    );
    expect(
        wawp(&server).args(["logout", "-y", "--retries", "2", "A"]),
        0,
    );
}

#[test]
fn exit_7_transport_failures() {
    let server = mock(&[]);
    server.script("slow", Behaviour::Delay(Duration::from_secs(10)));
    server.script("huge", Behaviour::Oversized(4 * 1024 * 1024));
    server.script(
        "moved",
        Behaviour::Redirect("https://elsewhere.invalid/".into()),
    );
    server.script("garbled", Behaviour::InvalidUtf8Json);
    server.script("dropped", Behaviour::DropConnection);
    {
        for (id, expected) in [
            ("slow", "timed out"),
            ("huge", "exceeds the limit"),
            ("moved", "unexpected redirect"),
            ("garbled", "not the documented JSON"),
            ("dropped", "connection failed"),
        ] {
            let out = expect(
                wawp(&server).args(["logout", "-y", "--timeout", "2", id]),
                7,
            );
            assert!(out.stderr.contains(expected), "{id}: {}", out.stderr);
            assert!(out.stderr.contains("hint: "), "{id}");
        }
    }
    // Nothing listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = expect(
        wawp(&server).args(["logout", "-y", "--base-url", &url, "A"]),
        7,
    );
    assert!(out.stderr.contains("could not connect"), "{}", out.stderr);
}
