//! Ids with spaces and reserved characters reach the server exactly as
//! given, in the query string and in a JSON body, over every transport.

use crate::common::{expect, json_lines, mock, wawp};

const AWKWARD: [&str; 6] = [
    "my phone",
    "a&b=c",
    "q?x#frag",
    "100% /path\\x",
    "plus+sign",
    "ünï-çødé 😀",
];

#[test]
fn awkward_ids_round_trip() {
    let instances: Vec<(&str, &str)> = AWKWARD.iter().map(|id| (*id, "n")).collect();
    {
        for params in ["query", "body"] {
            let server = mock(&instances);
            let mut args = vec![
                "logout",
                "-y",
                "--json",
                "--concurrency",
                "1",
                "--params",
                params,
                "--",
            ];
            args.extend(AWKWARD);
            let out = expect(wawp(&server).args(&args), 0);
            let reported: Vec<String> = json_lines(&out.stdout)
                .iter()
                .map(|v| v["instance_id"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(reported, AWKWARD, "{params}");
            let received: Vec<String> = server
                .requests()
                .iter()
                .map(|r| r.instance_id().unwrap())
                .collect();
            assert_eq!(received, AWKWARD, "{params}");
            for id in AWKWARD {
                assert_eq!(server.instance_status(id).as_deref(), Some("SCAN_QR_CODE"));
            }
        }
    }
}

#[test]
fn awkward_ids_are_quoted_in_human_output() {
    let server = mock(&[("my phone", "n")]);
    let out = expect(
        wawp(&server).args(["logout", "-y", "my phone", "say \"hi\""]),
        4,
    );
    assert!(
        out.stdout.starts_with("\"my phone\": logged out"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("error: \"say \\\"hi\\\"\": HTTP 404"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_id_starting_with_a_dash_needs_double_dash() {
    let server = mock(&[("-x", "n")]);
    expect(wawp(&server).args(["logout", "-y", "-x"]), 2);
    expect(wawp(&server).args(["logout", "-y", "--", "-x"]), 0);
}
