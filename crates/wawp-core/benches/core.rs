//! Core costs per call: building the logout request, parsing the documented
//! success body, parsing each error format. Also prints heap allocations per
//! call, counted by a wrapping global allocator, and measures a hand-written
//! reference (`format!` + `http::Request::builder`, serde into a plain
//! struct) for the same request and body, so the SDK's share is visible in
//! the same run.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use http::header::{ACCEPT, CONTENT_LENGTH, USER_AGENT};
use http::{Request, Response};
use wawp_core::{AccessToken, Config, Endpoint, InstanceId, Logout};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SUCCESS: &[u8] =
    br#"{"name":"wawp-84729105","status":"SCAN_QR_CODE","instance_id":"3EB0BCB2E3D4"}"#;
const ERR_JSON: &[u8] = br#"{"status":"error","message":"Session does not exist"}"#;
const ERR_XML: &[u8] = b"<?xml version=\"1.0\"?><error><code>404</code><message>Session does not exist</message></error>";
const ERR_HTML: &[u8] = b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>";

fn response(status: u16, content_type: &str, body: &[u8]) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.to_vec())
        .unwrap()
}

/// The documented success body, decoded by hand.
#[derive(serde::Deserialize)]
struct RawSession {
    name: String,
    status: String,
    instance_id: String,
}

/// The logout request as a program without the SDK would build it.
fn raw_build(base: &str, id: &str, token: &str) -> Request<Vec<u8>> {
    Request::post(format!(
        "{base}/v2/session/logout?instance_id={id}&access_token={token}"
    ))
    .header(ACCEPT, "application/json")
    .header(USER_AGENT, wawp_core::DEFAULT_USER_AGENT)
    .header(CONTENT_LENGTH, 0)
    .body(Vec::new())
    .unwrap()
}

/// The success body decoded by hand, status checked.
fn raw_parse(response: Response<Vec<u8>>) -> RawSession {
    assert!(response.status().is_success());
    serde_json::from_slice(response.body()).unwrap()
}

/// Heap allocations made by one call of `f` (after a warm-up call).
fn allocations<T>(mut f: impl FnMut() -> T) -> usize {
    black_box(f());
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    black_box(f());
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

fn benches(c: &mut Criterion) {
    let config = Config::default();
    let token = AccessToken::new("bench-token-0123456789").unwrap();
    let logout = Logout::new(InstanceId::new("3EB0BCB2E3D4").unwrap());

    let build = || logout.build(&config, &token).unwrap();
    let (base, id, secret) = (
        wawp_core::DEFAULT_BASE_URL,
        "3EB0BCB2E3D4",
        "bench-token-0123456789",
    );
    let raw = || raw_build(base, id, secret);
    // The same request, or the reference measures something else.
    let (sdk_request, raw_request) = (build(), raw());
    assert_eq!(sdk_request.uri(), raw_request.uri());
    assert_eq!(sdk_request.headers(), raw_request.headers());
    let parse = |status, ct, body| logout.parse(response(status, ct, body), &token);
    // The response's own allocations are the transport's, not ours: count them apart.
    let response_only = allocations(|| response(200, "application/json", SUCCESS));
    println!("allocations per call:");
    println!("  build logout request      {}", allocations(build));
    println!("  build by hand (reference) {}", allocations(raw));
    let raw_parse_allocs =
        allocations(|| raw_parse(response(200, "application/json", SUCCESS))) - response_only;
    println!("  parse by hand (reference) {raw_parse_allocs}");
    for (name, status, ct, body) in [
        (
            "parse success (200 JSON) ",
            200,
            "application/json",
            SUCCESS,
        ),
        (
            "parse error (404 JSON)   ",
            404,
            "application/json",
            ERR_JSON,
        ),
        ("parse error (404 XML)    ", 404, "application/xml", ERR_XML),
        ("parse error (500 HTML)   ", 500, "text/html", ERR_HTML),
    ] {
        let n = allocations(|| parse(status, ct, body)) - response_only;
        println!("  {name} {n}");
    }

    let mut group = c.benchmark_group("core");
    group.bench_function("build", |b| b.iter(|| black_box(build())));
    group.bench_function("parse_success", |b| {
        b.iter_batched(
            || response(200, "application/json", SUCCESS),
            |r| black_box(logout.parse(r, &token).unwrap()),
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("build_and_parse_success", |b| {
        b.iter_batched(
            || response(200, "application/json", SUCCESS),
            |r| {
                black_box(build());
                black_box(logout.parse(r, &token).unwrap())
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("reference_build_by_hand", |b| b.iter(|| black_box(raw())));
    group.bench_function("reference_parse_by_hand", |b| {
        b.iter_batched(
            || response(200, "application/json", SUCCESS),
            |r| {
                let session = raw_parse(r);
                black_box((session.name, session.status, session.instance_id))
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.bench_function("reference_build_and_parse_by_hand", |b| {
        b.iter_batched(
            || response(200, "application/json", SUCCESS),
            |r| {
                black_box(raw());
                let session = raw_parse(r);
                black_box((session.name, session.status, session.instance_id))
            },
            criterion::BatchSize::SmallInput,
        )
    });
    for (name, status, ct, body) in [
        ("parse_error_json", 404, "application/json", ERR_JSON),
        ("parse_error_xml", 404, "application/xml", ERR_XML),
        ("parse_error_html", 500, "text/html", ERR_HTML),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || response(status, ct, body),
                |r| black_box(logout.parse(r, &token).unwrap_err()),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
