//! The account side, end to end: `me`, `link show|new|revoke`, `policy`
//! (and `--set`), `webhooks` (and `--set`), `create` (never repeated once
//! it may have happened, and its `--unfinished` list), bad input refused
//! before any request, and `--save-responses` files without the token.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::json;
use wawp_mock::{MockConfig, MockServer, Plan};

use crate::common::{TOKEN, api_paths, expect, json_lines, wawp};

fn server(plan: Plan) -> MockServer {
    MockServer::start_with(
        MockConfig::default()
            .token(TOKEN)
            .no_instances()
            .instance("A", "alpha")
            .instance("B", "beta")
            .plan(plan),
    )
}

#[test]
fn me_says_which_account_each_instance_is_logged_in_as() {
    let server = server(Plan::Free);
    let out = expect(wawp(&server).args(["me", "A", "B"]), 0);
    assert!(
        out.stdout
            .contains("A: logged in as 201012345678@c.us (Wawp Mock), on android\n"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "2 instances: 2 read, 0 failed\n");
    let out = expect(wawp(&server).args(["me", "--json", "A", "nope"]), 4);
    let lines = json_lines(&out.stdout);
    let a = lines.iter().find(|l| l["instance_id"] == "A").unwrap();
    assert_eq!(
        *a,
        json!({"instance_id":"A","ok":true,"me":{"id":"201012345678@c.us","push_name":"Wawp Mock","platform":"android"}})
    );
    let nope = lines.iter().find(|l| l["instance_id"] == "nope").unwrap();
    assert_eq!(nope["error"]["kind"], "not_found");
}

#[test]
fn link_new_show_and_revoke() {
    let server = server(Plan::Free);
    let out = expect(wawp(&server).args(["link", "show", "A"]), 0);
    assert_eq!(out.stdout, "A: no active temporary link\n");
    let out = expect(wawp(&server).args(["link", "new", "A"]), 0);
    let link = server.temp_link("A").expect("a link was made");
    assert!(
        out.stdout.starts_with(&format!(
            "A: new temporary link {link} (expires in 30 min, at "
        )),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("send it to the phone's owner"));
    let out = expect(wawp(&server).args(["link", "show", "--json", "A", "B"]), 0);
    let lines = json_lines(&out.stdout);
    let a = lines.iter().find(|l| l["instance_id"] == "A").unwrap();
    assert_eq!(a["ok"], true);
    assert_eq!(a["url"], link.as_str());
    assert!(a["expiry"].as_u64().unwrap() > 1_700_000_000, "{a}");
    let b = lines.iter().find(|l| l["instance_id"] == "B").unwrap();
    assert_eq!(
        *b,
        json!({"instance_id":"B","ok":true,"url":null,"expiry":null})
    );
    let out = expect(wawp(&server).args(["link", "revoke", "A"]), 0);
    assert_eq!(out.stdout, "A: temporary links revoked\n");
    assert_eq!(server.temp_link("A"), None);
    let methods: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /v2/session/temp-link",
            "POST /v2/session/temp-link",
            "GET /v2/session/temp-link",
            "GET /v2/session/temp-link",
            "DELETE /v2/session/temp-link"
        ]
    );
}

#[test]
fn policy_shows_a_table_and_set_asks_then_changes_it() {
    let server = server(Plan::Free);
    let out = expect(wawp(&server).args(["policy", "A"]), 0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "A: policy strict is in force (free account)");
    assert!(
        lines[1].contains("policy") && lines[1].contains("msg/min"),
        "{}",
        out.stdout
    );
    assert!(
        lines[2].starts_with("  * strict ") && lines[2].contains(" yes "),
        "{}",
        out.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("business_policy") && l.contains(" no ")),
        "{}",
        out.stdout
    );
    let out = expect(wawp(&server).args(["policy", "--json", "A"]), 0);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["current"], "strict");
    assert_eq!(v["has_active_plan"], false);
    assert_eq!(v["policies"][0]["limits"]["send_message_per_minute"], 5);
    assert_eq!(v["policies"][0]["available"], true);

    // Asks first: refused off a terminal, nothing sent.
    server.clear_requests();
    let out = expect(
        wawp(&server)
            .args(["policy", "--set", "standard_policy", "A"])
            .write_stdin(""),
        2,
    );
    assert!(
        out.stderr
            .contains("refusing to change the policy without confirmation"),
        "{}",
        out.stderr
    );
    assert!(api_paths(&server).is_empty());
    // Unknown and unavailable slugs: refused before the change.
    for slug in ["nope", "business_policy"] {
        let out = expect(
            wawp(&server).args(["policy", "--set", slug, "--yes", "--json", "A"]),
            2,
        );
        assert_eq!(json_lines(&out.stdout)[0]["error"]["kind"], "invalid_input");
        assert_eq!(json_lines(&out.stdout)[0]["error"]["maybe_sent"], false);
    }
    assert!(server.requests().iter().all(|r| r.method == "GET"));
    // A malformed slug: before any request.
    server.clear_requests();
    expect(wawp(&server).args(["policy", "--set", "", "--yes", "A"]), 2);
    assert!(api_paths(&server).is_empty());
    let out = expect(
        wawp(&server).args(["policy", "--set", "standard_policy", "--yes", "--json", "A"]),
        0,
    );
    assert_eq!(
        json_lines(&out.stdout)[0],
        json!({"instance_id":"A","ok":true,"policy":"standard_policy"})
    );
    assert_eq!(server.policy("A").as_deref(), Some("standard_policy"));
    let out = expect(
        wawp(&server).args(["policy", "--set", "strict", "--yes", "A"]),
        0,
    );
    assert_eq!(out.stdout, "A: policy strict is now in force\n");
}

#[test]
fn webhooks_list_and_set_after_checking_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    // A free account: the plan requirement, typed.
    let free = server(Plan::Free);
    let out = expect(wawp(&free).args(["webhooks", "--json", "A"]), 5);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["error"]["kind"], "subscription_required");
    assert!(
        v["error"]["hint"].as_str().unwrap().contains("paid plan"),
        "{v}"
    );

    let server = server(Plan::Paid);
    let out = expect(wawp(&server).args(["webhooks", "A"]), 0);
    assert_eq!(out.stdout, "A: no webhooks\n");
    // Bad files: before any request.
    server.clear_requests();
    for (name, text, says) in [
        (
            "http.json",
            r#"[{"url":"http://example.com/h","events":["message"]}]"#,
            "https",
        ),
        ("broken.json", "[{", "not JSON"),
        (
            "none.json",
            r#"[{"url":"https://example.com/h","events":[]}]"#,
            "at least one event",
        ),
    ] {
        let out = expect(
            wawp(&server).args(["webhooks", "--yes", "--set", &file(name, text), "A"]),
            2,
        );
        assert!(out.stderr.contains(says), "{name}: {}", out.stderr);
    }
    let missing = dir.path().join("missing.json").display().to_string();
    expect(
        wawp(&server).args(["webhooks", "--yes", "--set", &missing, "A"]),
        2,
    );
    assert!(server.requests().is_empty());
    let hooks = file(
        "hooks.json",
        r#"[{"url":"https://example.com/h","events":["message","order.paid"],"is_active":true}]"#,
    );
    // Asks first.
    let out = expect(
        wawp(&server)
            .args(["webhooks", "--set", &hooks, "A"])
            .write_stdin(""),
        2,
    );
    assert!(
        out.stderr.contains("refusing to replace the webhooks"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
    let out = expect(
        wawp(&server).args(["webhooks", "--set", &hooks, "--yes", "--json", "A"]),
        0,
    );
    assert!(
        out.stderr
            .contains("event order.paid is not one the API reference lists"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("event message "), "{}", out.stderr);
    assert_eq!(
        json_lines(&out.stdout)[0],
        json!({"instance_id":"A","ok":true,"webhooks":1})
    );
    let out = expect(wawp(&server).args(["webhooks", "A"]), 0);
    assert_eq!(
        out.stdout,
        "A: 1 webhook\n  active   https://example.com/h  message, order.paid\n"
    );
    let out = expect(wawp(&server).args(["webhooks", "--json", "A"]), 0);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(
        v["webhooks"],
        json!([{"url":"https://example.com/h","events":["message","order.paid"],"is_active":true}])
    );
    assert!(v.get("system_config").is_some(), "{v}");
}

#[test]
fn create_prints_each_new_id() {
    let server = MockServer::start_with(
        MockConfig::default()
            .token(TOKEN)
            .no_instances()
            .instance("A", "alpha")
            .quota(2),
    );
    let out = expect(wawp(&server).args(["create", "shop-front"]), 0);
    let ids = server.instance_ids();
    let new = ids.iter().find(|id| *id != "A").unwrap();
    assert!(
        out.stdout
            .starts_with(&format!("shop-front: created instance {new} on server ")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .ends_with(&format!("; it is STOPPED: wawp start {new} starts it\n"))
    );
    assert_eq!(server.instance_status(new).as_deref(), Some("STOPPED"));
    // The quota: a typed error, with its remedy.
    let out = expect(wawp(&server).args(["create", "--json", "desk"]), 5);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["name"], "desk");
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "quota_reached");
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("delete an unused instance")
    );
    assert_eq!(server.instance_count(), 2);
    // Bad names: before any request.
    server.clear_requests();
    let out = expect(wawp(&server).args(["create", "ok", "", " padded"]), 2);
    assert_eq!(
        out.stderr,
        "error: invalid name\n  \"\": session name is empty\n  \" padded\": session name starts or ends with whitespace\n"
    );
    let long = "n".repeat(101);
    expect(wawp(&server).args(["create", &long]), 2);
    // From a list too: every name checked before the first is sent.
    let out = expect(
        wawp(&server)
            .args(["create", "--from-file", "-", "first"])
            .write_stdin(format!("second\n{long}\n")),
        2,
    );
    assert!(
        out.stderr.starts_with("error: invalid name\n  \"nnnn"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}

/// A server that answers each `create` by its name: `*-504` a gateway
/// timeout, `*-cut` nothing (the connection closes once the request is
/// read), `*-403` the quota; it records every request line.
fn scripted() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            let mut body = vec![0u8; length];
            let _ = stream.read_exact(&mut body);
            let line = format!(
                "{} {}",
                head.lines().next().unwrap_or_default(),
                String::from_utf8_lossy(&body)
            );
            log.lock().unwrap().push(line.clone());
            let (status, body) = if line.contains("-504") {
                ("504 Gateway Timeout", r#"{"message":"Gateway Timeout"}"#)
            } else if line.contains("-403") {
                (
                    "403 Forbidden",
                    r#"{"code":"quota_reached","message":"Instance quota reached"}"#,
                )
            } else {
                continue; // dropped: closed without an answer
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

#[test]
fn a_create_is_never_repeated_and_its_uncertain_names_are_kept_apart() {
    let (url, seen) = scripted();
    let dir = tempfile::tempdir().unwrap();
    let left = dir.path().join("left.txt");
    let out = expect(
        crate::common::bare()
            .env("WAWP_ACCESS_TOKEN", TOKEN)
            .args([
                "create",
                "--json",
                "--retries",
                "3",
                "--retry-after-send",
                "--concurrency",
                "1",
            ])
            .args(["--base-url", &url, "--unfinished", left.to_str().unwrap()])
            .args(["a-504", "b-403", "c-cut"]),
        7,
    );
    // Each name sent once, whatever --retries and --retry-after-send say.
    let lines = seen.lock().unwrap().clone();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for name in ["a-504", "b-403", "c-cut"] {
        assert_eq!(
            lines.iter().filter(|l| l.contains(name)).count(),
            1,
            "{lines:?}"
        );
    }
    let results = json_lines(&out.stdout);
    assert_eq!(results.len(), 3);
    for r in &results {
        assert_eq!(r["ok"], false);
        assert!(r.get("instance_id").is_none(), "{r}");
    }
    // The refused name can be resumed; the two that may exist are apart,
    // commented out.
    let text = std::fs::read_to_string(&left).unwrap();
    let listed: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(listed, ["b-403"], "{text}");
    assert!(text.contains("# may have happened"), "{text}");
    assert!(
        text.contains("\n#   a-504\n") && text.contains("\n#   c-cut\n"),
        "{text}"
    );
    assert!(
        out.stderr.contains("2 of them may have been done already"),
        "{}",
        out.stderr
    );
}

#[test]
fn save_responses_writes_each_exchange_without_the_token() {
    let server = server(Plan::Paid);
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("capture");
    let saved_arg = saved.to_str().unwrap();
    expect(
        wawp(&server).args(["--save-responses", saved_arg, "me", "A"]),
        0,
    );
    expect(
        wawp(&server).args(["link", "new", "A", "--save-responses", saved_arg]),
        0,
    );
    expect(
        wawp(&server).args(["info", "nope", "--save-responses", saved_arg]),
        4,
    );
    let mut names: Vec<String> = std::fs::read_dir(&saved)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "0001-GET-v2-session-me-200.json",
            "0002-POST-v2-session-temp-link-200.json",
            "0003-POST-v2-session-info-404.json"
        ]
    );
    for name in &names {
        let text = std::fs::read_to_string(saved.join(name)).unwrap();
        assert!(
            !text.contains(TOKEN) && !text.contains("SECRET-T0KEN"),
            "{name}: {text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], "wawp-capture/1");
        assert!(
            v["path"]
                .as_str()
                .unwrap()
                .contains("access_token=[redacted]"),
            "{v}"
        );
        assert!(v["status"].is_u64() && v["headers"].is_array() && v["body"].is_string());
    }
    let me: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved.join(&names[0])).unwrap()).unwrap();
    assert_eq!(me["method"], "GET");
    assert!(me["body"].as_str().unwrap().contains("201012345678@c.us"));
    // A place that is not a directory: before any request.
    server.clear_requests();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    expect(
        wawp(&server).args(["--save-responses", file.to_str().unwrap(), "me", "A"]),
        2,
    );
    assert!(server.requests().is_empty());
}
