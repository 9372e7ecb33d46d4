//! Core costs per call: building the logout request, parsing the documented
//! success body, parsing each error format. Also prints heap allocations per
//! call, counted by a wrapping global allocator.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use http::Response;
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
    let parse = |status, ct, body| logout.parse(response(status, ct, body), &token);
    // The response's own allocations are the transport's, not ours: count them apart.
    let response_only = allocations(|| response(200, "application/json", SUCCESS));
    println!("allocations per call:");
    println!("  build logout request      {}", allocations(build));
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
