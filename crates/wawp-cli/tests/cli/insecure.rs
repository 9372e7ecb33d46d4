//! Plain `http://` to a host that is not loopback is refused before any
//! network I/O, unless `--allow-insecure-http`.

use std::time::Instant;

use crate::common::{expect, mock, wawp};

#[test]
fn plain_http_to_a_remote_host_is_refused_before_any_io() {
    let server = mock(&[("A", "a")]);
    {
        let started = Instant::now();
        // `.invalid` never resolves: had a lookup or a connection been tried,
        // this would be a transport failure (7), not a refusal (2).
        let out = expect(
            wawp(&server).args(["logout", "-y", "--base-url", "http://wawp.invalid", "A"]),
            2,
        );
        assert!(
            out.stderr
                .contains("refusing to send the access token over plain http to wawp.invalid"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("--allow-insecure-http"));
        assert!(started.elapsed().as_secs() < 10);
    }
    // The same through the environment variable.
    let out = expect(
        wawp(&server)
            .env("WAWP_BASE_URL", "http://wawp.invalid:8080/prefix")
            .args(["logout", "-y", "A"]),
        2,
    );
    assert!(out.stderr.contains("plain http"));
    assert!(server.requests().is_empty());
}

#[test]
fn the_flag_allows_it() {
    // 0.0.0.0 is not a loopback address, so it counts as remote; on Linux a
    // connection to it reaches the local host, where the simulator listens.
    let server = mock(&[("A", "a")]);
    let url = format!("http://0.0.0.0:{}", server.addr().port());
    expect(
        wawp(&server).args(["logout", "-y", "--base-url", &url, "A"]),
        2,
    );
    assert!(server.requests().is_empty());
    expect(
        wawp(&server).args([
            "logout",
            "-y",
            "--allow-insecure-http",
            "--base-url",
            &url,
            "A",
        ]),
        0,
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn loopback_http_needs_no_flag() {
    let server = mock(&[("A", "a")]);
    let url = format!("http://localhost:{}", server.addr().port());
    expect(
        wawp(&server).args(["logout", "-y", "--base-url", &url, "A"]),
        0,
    );
}
