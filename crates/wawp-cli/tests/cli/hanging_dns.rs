//! A name lookup that never returns, end to end, on every transport: the
//! real `wawp` process runs with a `getaddrinfo` that blocks forever for
//! one host name (a small shared library given through `LD_PRELOAD`, built
//! here with the machine's C compiler), and must still report every id and
//! exit within its `--timeout` plus a second — not wait for the stuck
//! lookup threads (hyper-util and reqwest look names up on tokio's blocking
//! pool, ureq on a thread of its own).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{expect, json_lines, mock, wawp};

/// The host name whose lookup hangs; any other goes to the real resolver.
const HANGING_HOST: &str = "hang.wawp-cli.test";

/// `getaddrinfo` that sleeps forever for [`HANGING_HOST`].
const SHIM: &str = r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *, struct addrinfo **);

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
                struct addrinfo **res) {
    if (node != NULL && strcmp(node, "hang.wawp-cli.test") == 0) {
        for (;;) sleep(3600);
    }
    gai_fn real = (gai_fn)dlsym(RTLD_NEXT, "getaddrinfo");
    return real(node, service, hints, res);
}
"#;

/// Builds the shim in `dir` with `cc` (the C compiler every CI machine of
/// this project has); the library's path.
fn build_shim(dir: &Path) -> PathBuf {
    let source = dir.join("hang.c");
    let library = dir.join("libhang.so");
    std::fs::write(&source, SHIM).unwrap();
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&library)
        .arg(&source)
        .arg("-ldl")
        .status()
        .expect("a C compiler (`cc`) to build the hanging-lookup shim");
    assert!(status.success(), "cc failed: {status}");
    library
}

#[test]
fn a_name_lookup_that_never_returns_ends_the_run_within_the_timeout_plus_a_second() {
    assert!(SHIM.contains(HANGING_HOST));
    let dir = tempfile::tempdir().unwrap();
    let shim = build_shim(dir.path());
    let server = mock(&[]);
    let url = format!("https://{HANGING_HOST}");
    {
        let started = Instant::now();
        let out = expect(
            wawp(&server)
                .env("LD_PRELOAD", &shim)
                .args([
                    "logout",
                    "-y",
                    "--json",
                    "--timeout",
                    "1",
                    "--base-url",
                    &url,
                    "A",
                    "B",
                    "C",
                ])
                .timeout(Duration::from_secs(30)),
            7,
        );
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(2),
            "the run took {took:?} with --timeout 1\n{}",
            out.stderr
        );
        let lines = json_lines(&out.stdout);
        let mut ids: Vec<&str> = lines
            .iter()
            .filter_map(|v| v["instance_id"].as_str())
            .collect();
        ids.sort_unstable();
        assert_eq!(ids, ["A", "B", "C"], "one line per id");
        for v in &lines {
            // Nothing can have been sent: no address was ever known. Every
            // transport says so alike.
            assert_eq!(v["error"]["kind"], "connect", "{v}");
            assert_eq!(v["error"]["maybe_sent"], false, "{v}");
        }
    }
}
