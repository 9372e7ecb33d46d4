//! `--json`: one object per instance on stdout, nothing else there.

use serde_json::{Value, json};
use wawp_mock::{Behaviour, Variant};

use crate::common::{expect, json_lines, mock, wawp};

#[test]
fn success_object() {
    let server = mock(&[("3EB0BCB2E3D4", "wawp-84729105")]);
    let out = expect(
        wawp(&server).args(["logout", "-y", "--json", "3EB0BCB2E3D4"]),
        0,
    );
    assert_eq!(
        out.stdout,
        "{\"instance_id\":\"3EB0BCB2E3D4\",\"ok\":true,\"name\":\"wawp-84729105\",\"status\":\"SCAN_QR_CODE\"}\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn error_objects_have_kind_status_message_hint_and_exit_code() {
    let server = mock(&[]);
    server.script("xml404", Behaviour::Documented(Variant::NotFoundXml));
    server.script("html500", Behaviour::Documented(Variant::InternalErrorHtml));
    {
        let out = expect(wawp(&server).args(["logout", "-y", "--json", "xml404"]), 4);
        let lines = json_lines(&out.stdout);
        assert_eq!(lines.len(), 1);
        let e = &lines[0]["error"];
        assert_eq!(lines[0]["instance_id"], "xml404");
        assert_eq!(lines[0]["ok"], false);
        assert_eq!(e["kind"], "not_found");
        assert_eq!(e["status"], 404);
        assert_eq!(e["message"], Variant::NotFoundXml.message());
        assert_eq!(e["exit_code"], 4);
        assert!(e["hint"].as_str().unwrap().contains("instance id"));
        // Errors are in the JSON, not repeated in human form.
        assert_eq!(out.stderr, "");
    }
    let out = expect(wawp(&server).args(["logout", "-y", "--json", "html500"]), 6);
    let e = &json_lines(&out.stdout)[0]["error"];
    assert_eq!(
        (e["kind"].clone(), e["status"].clone(), e["message"].clone()),
        (
            json!("server_error"),
            json!(500),
            json!(Variant::InternalErrorHtml.message())
        )
    );
}

#[test]
fn failures_without_a_status_have_null_status() {
    let server = mock(&[]);
    server.script("gone", Behaviour::DropConnection);
    let out = expect(wawp(&server).args(["logout", "-y", "--json", "gone"]), 7);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["error"]["status"], Value::Null);
    assert_eq!(v["error"]["exit_code"], 7);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("connection failed")
    );
    let keys: Vec<&str> = v["error"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["kind", "status", "message", "hint", "exit_code"] {
        assert!(keys.contains(&key), "{key} missing: {v}");
    }
}
