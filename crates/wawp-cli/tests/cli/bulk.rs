//! Several instances: each exactly once, failures don't stop the others, a
//! summary, and the most severe exit code.

use std::collections::BTreeMap;
use std::io::Write;

use wawp_mock::{Behaviour, Variant};

use crate::common::{expect, json_lines, mock, wawp};

/// Five instances, two of which fail differently.
fn mixed() -> wawp_mock::MockServer {
    let server = mock(&[("A", "alpha"), ("B", "bravo"), ("C", "charlie")]);
    server.script("E500", Behaviour::Documented(Variant::InternalErrorJson));
    server
}

#[test]
fn mixed_outcomes_json_exactly_one_line_per_instance() {
    {
        for concurrency in ["1", "3"] {
            let server = mixed();
            let out = expect(
                wawp(&server).args([
                    "logout",
                    "-y",
                    "--json",
                    "--concurrency",
                    concurrency,
                    "A",
                    "missing",
                    "B",
                    "E500",
                    "C",
                ]),
                6, // 404 and 500 seen: the most severe is 6
            );
            let lines = json_lines(&out.stdout);
            let by_id: BTreeMap<String, &serde_json::Value> = lines
                .iter()
                .map(|v| (v["instance_id"].as_str().unwrap().to_owned(), v))
                .collect();
            assert_eq!(lines.len(), 5, "{concurrency}: {}", out.stdout);
            assert_eq!(by_id.len(), 5, "an instance reported twice");
            for ok in ["A", "B", "C"] {
                assert_eq!(by_id[ok]["ok"], true);
                assert_eq!(by_id[ok]["status"], "SCAN_QR_CODE");
            }
            assert_eq!(by_id["missing"]["error"]["kind"], "not_found");
            assert_eq!(by_id["E500"]["error"]["kind"], "server_error");
            assert_eq!(out.stderr, "5 instances: 3 logged out, 2 failed\n");
            assert_eq!(server.requests().len(), 5);
        }
    }
}

#[test]
fn mixed_outcomes_human() {
    let server = mixed();
    let out = expect(
        wawp(&server).args(["logout", "-y", "A", "missing", "B", "E500", "C"]),
        6,
    );
    assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("A: logged out; session alpha is now SCAN_QR_CODE")
    );
    assert!(out.stderr.contains("error: missing: HTTP 404"));
    assert!(out.stderr.contains("error: E500: HTTP 500"));
    assert!(
        out.stderr
            .ends_with("5 instances: 3 logged out, 2 failed\n")
    );
    // No progress bar off a terminal.
    assert!(!out.stderr.contains("logging out ["));
}

#[test]
fn most_severe_code_wins() {
    let server = mock(&[("A", "a")]);
    server.script("E401", Behaviour::Documented(Variant::UnauthorizedJson));
    server.script("E502", Behaviour::Documented(Variant::BadGatewayJson));
    server.script("drop", Behaviour::DropConnection);
    expect(wawp(&server).args(["logout", "-y", "A", "E401"]), 3);
    expect(wawp(&server).args(["logout", "-y", "E401", "nope"]), 4);
    expect(
        wawp(&server).args(["logout", "-y", "E502", "E401", "nope"]),
        6,
    );
    expect(wawp(&server).args(["logout", "-y", "drop", "E502", "A"]), 7);
}

#[test]
fn from_file_skips_comments_and_blanks_and_deduplicates() {
    let server = mock(&[("A", "a"), ("B", "b"), ("C D", "cd")]);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(file, "# production\nA\n\n  B  \r\n# C\nC D\nA\n").unwrap();
    let path = file.path().to_str().unwrap();
    let out = expect(
        wawp(&server).args(["logout", "-y", "--json", "--from-file", path, "B"]),
        0,
    );
    let ids: Vec<_> = json_lines(&out.stdout)
        .iter()
        .map(|v| v["instance_id"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, ["A", "B", "C D"]);
    // One line for all duplicates: B (an argument) again on line 4, A on line 8.
    assert!(
        out.stderr.starts_with(&format!(
            "note: 2 duplicate lines ignored (first: B at {path}, line 4)\n"
        )),
        "{}",
        out.stderr
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn from_stdin_with_yes() {
    let server = mock(&[("A", "a"), ("B", "b")]);
    let out = expect(
        wawp(&server)
            .args(["logout", "--yes", "--from-file", "-"])
            .write_stdin("A\n# comment\nB\n"),
        0,
    );
    assert_eq!(out.stdout.lines().count(), 2);
    assert!(
        out.stderr
            .ends_with("2 instances: 2 logged out, 0 failed\n")
    );
}

#[test]
fn bad_lines_in_the_file_stop_everything_before_any_request() {
    let server = mock(&[("A", "a")]);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write!(file, "A\nbell\u{7}\n").unwrap();
    let path = file.path().to_str().unwrap().to_owned();
    let out = expect(
        wawp(&server).args(["logout", "-y", "--from-file", &path]),
        2,
    );
    assert!(
        out.stderr.contains(&format!(
            "{path}, line 2: instance id contains a control character"
        )),
        "{}",
        out.stderr
    );
    let out = expect(
        wawp(&server).args(["logout", "-y", "--from-file", "/nonexistent/ids"]),
        2,
    );
    assert!(
        out.stderr
            .contains("cannot read instance ids from /nonexistent/ids")
    );
    let out = expect(
        wawp(&server)
            .args(["logout", "-y", "--from-file", "-"])
            .write_stdin("# none\n\n"),
        2,
    );
    assert!(out.stderr.contains("no instance ids"), "{}", out.stderr);
    assert!(server.requests().is_empty());
}
