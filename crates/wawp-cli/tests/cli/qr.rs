//! `wawp qr`: the code drawn in half blocks and redrawn as it rotates until
//! a phone scans it (the scan made through the simulator's HTTP control
//! call, as the phone would), the timeout, the states with no code, Ctrl-C,
//! `--json` and `--png`.

use std::time::Duration;

use crate::common::{api_paths, control, expect, json_lines, lifecycle_mock, spawnable, wawp};
use crate::watching;

const HALF_BLOCKS: [char; 3] = ['█', '▀', '▄'];

fn qr_watch(server: &wawp_mock::MockServer, args: &[&str]) -> std::process::Command {
    let mut cmd = spawnable(server);
    cmd.args(["qr", "--interval", "0.2"]).args(args);
    cmd
}

#[test]
fn the_code_is_drawn_redrawn_as_it_rotates_and_the_wait_ends_at_the_scan() {
    {
        let server = lifecycle_mock(&[], &[("W", "waiting")], &[], Duration::from_millis(700));
        let (run, out) = watching::start(qr_watch(&server, &["W"]));
        // Two different codes drawn, one after the other.
        let text = out.wait_for("W: QR code", 2);
        let drawn = text.split("W: QR code").nth(1).unwrap();
        assert!(
            HALF_BLOCKS.iter().all(|c| drawn.contains(*c)),
            "no half blocks:\n{drawn}"
        );
        assert!(text.contains("waiting for a phone to scan it (Ctrl-C to stop)"));
        let drawings: Vec<&str> = text.split("W: QR code").skip(1).collect();
        assert_ne!(drawings[0], drawings[1], "redrawn with the same code");
        assert!(control(&server, "scan", "W", "").starts_with("HTTP/1.1 200"));
        let (end, text) = watching::end(run, &out, Duration::from_secs(10));
        assert_eq!(end.code, 0, "{end:?}");
        assert!(
            text.ends_with(
                "W: linked to 201012345678@c.us (Wawp Mock); session waiting is WORKING\n"
            ),
            "{text}"
        );
        assert_eq!(end.stderr, "");
        // Only reads were sent.
        let paths = api_paths(&server);
        assert!(
            paths
                .iter()
                .all(|p| p == "/v2/session/info" || p == "/v2/auth/qr"),
            "{paths:?}"
        );
    }
}

#[test]
fn a_start_in_progress_is_waited_through() {
    let server = lifecycle_mock(&[], &[], &[("C", "gamma")], Duration::from_secs(20));
    expect(wawp(&server).args(["start", "C"]), 0);
    let (run, out) = watching::start(qr_watch(&server, &["C"]));
    out.wait_for("C: QR code", 1);
    control(&server, "scan", "C", "");
    let (end, _) = watching::end(run, &out, Duration::from_secs(10));
    assert_eq!(end.code, 0, "{end:?}");
}

#[test]
fn the_wait_gives_up_at_the_timeout_with_exit_8() {
    let server = lifecycle_mock(&[], &[("W", "waiting")], &[], Duration::from_secs(20));
    let out = expect(
        wawp(&server).args(["qr", "--timeout", "1", "--interval", "0.2", "W"]),
        8,
    );
    assert!(out.stdout.contains("W: QR code"), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "error: W: gave up waiting after 1 s: the instance is SCAN_QR_CODE (not linked)\n  hint: nothing more was done: show the code again with `wawp qr W`, or wait longer with --timeout\n"
    );
    assert_eq!(server.instance_status("W").as_deref(), Some("SCAN_QR_CODE"));
}

#[test]
fn instances_without_a_code_say_why() {
    let server = lifecycle_mock(
        &[("A", "alpha")],
        &[],
        &[("C", "gamma")],
        Duration::from_secs(20),
    );
    let out = expect(wawp(&server).args(["qr", "A"]), 0);
    assert_eq!(
        out.stdout,
        "A: already linked to 201012345678@c.us (Wawp Mock); session alpha is WORKING: nothing to scan\n"
    );
    let out = expect(wawp(&server).args(["qr", "C"]), 5);
    assert_eq!(
        out.stderr,
        "error: C: it is STOPPED: it shows no QR code\n  hint: start it first: wawp start C\n"
    );
    expect(wawp(&server).args(["qr", "nope"]), 4);
    // Nothing but reads.
    assert!(api_paths(&server).iter().all(|p| p == "/v2/session/info"));
}

#[test]
fn ctrl_c_while_waiting_says_the_state() {
    let server = lifecycle_mock(&[], &[("W", "waiting")], &[], Duration::from_secs(20));
    let (run, out) = watching::start(qr_watch(&server, &["W"]));
    out.wait_for("W: QR code", 1);
    run.signal("INT");
    let (end, _) = watching::end(run, &out, Duration::from_secs(5));
    assert_eq!(end.code, 130, "{end:?}");
    assert!(
        end.stderr.ends_with(
            "error: W: interrupted (SIGINT); the instance is SCAN_QR_CODE: logged out, waiting for a phone (`wawp qr W` shows the code again)\n"
        ),
        "{}",
        end.stderr
    );
    // Within the grace period (2 s) of the signal, and a margin.
    let after = end.after_signal.unwrap();
    assert!(after < Duration::from_secs(4), "{after:?}");
}

#[test]
fn json_gives_the_value_and_expiry_once() {
    let server = lifecycle_mock(
        &[],
        &[("W", "waiting"), ("V", "v")],
        &[],
        Duration::from_secs(20),
    );
    let out = expect(wawp(&server).args(["qr", "--json", "W"]), 0);
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["instance_id"], "W");
    assert_eq!(v["ok"], true);
    assert_eq!(v["value"].as_str(), server.qr_value("W").as_deref());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expiry = v["expiry"].as_u64().expect("expiry in Unix seconds");
    assert!(expiry >= now && expiry <= now + 21, "{expiry} vs {now}");
    // Several instances: each code drawn once, no waiting.
    let out = expect(wawp(&server).args(["qr", "W", "V"]), 0);
    assert_eq!(out.stdout.matches(": QR code").count(), 2);
    assert_eq!(out.stderr, "2 instances: 2 shown, 0 failed\n");
}

/// The chunks of a PNG file, checked: signature, IHDR first, IEND last,
/// each chunk's length within the file.
fn png_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned());
        at += 12 + len;
    }
    assert_eq!(at, bytes.len(), "chunks fill the file");
    assert_eq!(chunks.first().map(String::as_str), Some("IHDR"));
    assert_eq!(chunks.last().map(String::as_str), Some("IEND"));
    chunks
}

#[test]
fn png_saves_a_real_image_whole() {
    let server = lifecycle_mock(
        &[],
        &[("W", "waiting"), ("my phone", "p")],
        &[],
        Duration::from_secs(20),
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qr.png");
    let out = expect(wawp(&server).args(["qr", "--png"]).arg(&file).arg("W"), 0);
    let bytes = std::fs::read(&file).unwrap();
    assert!(png_chunks(&bytes).contains(&"IDAT".to_owned()));
    assert_eq!(
        out.stdout,
        format!(
            "W: QR code saved to {} ({} bytes, PNG)\n",
            file.display(),
            bytes.len()
        )
    );
    assert_eq!(api_paths(&server), ["/v2/auth/qr-image"]);
    // Several: one file each in a directory, ids made safe as file names.
    let out = expect(
        wawp(&server)
            .args(["qr", "--json", "--png"])
            .arg(dir.path())
            .args(["W", "my phone"]),
        0,
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    for (id, name) in [("W", "W.png"), ("my phone", "my%20phone.png")] {
        let line = lines.iter().find(|v| v["instance_id"] == id).unwrap();
        let path = dir.path().join(name);
        assert_eq!(line["file"].as_str(), Some(path.to_str().unwrap()));
        png_chunks(&std::fs::read(&path).unwrap());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["W.png", "my%20phone.png", "qr.png"],
        "no temporary left"
    );
}

#[test]
fn an_unusable_png_place_is_refused_before_any_request() {
    let server = lifecycle_mock(
        &[],
        &[("W", "waiting"), ("V", "v")],
        &[],
        Duration::from_secs(20),
    );
    let out = expect(
        wawp(&server).args(["qr", "--png", "/nonexistent/dir/qr.png", "W"]),
        2,
    );
    assert!(out.stderr.contains("cannot write there"), "{}", out.stderr);
    let file = tempfile::NamedTempFile::new().unwrap();
    let out = expect(
        wawp(&server)
            .args(["qr", "--png"])
            .arg(file.path())
            .args(["W", "V"]),
        2,
    );
    assert!(
        out.stderr.contains("name an existing directory"),
        "{}",
        out.stderr
    );
    assert!(server.requests().is_empty());
}
