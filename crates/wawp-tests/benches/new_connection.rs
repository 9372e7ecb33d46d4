//! The cost of sending a destructive call on a new connection: a delete
//! (always a new connection, closed after its answer) against a logout (a
//! pooled keep-alive connection), sequentially over each transport, against
//! the simulator on loopback. Run with `cargo bench -p wawp-tests`.

#![allow(clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use wawp_core::{AccessToken, Config, InstanceId, Proxy};
use wawp_mock::{DEFAULT_TOKEN, EXAMPLE_INSTANCE_ID, MockServer};

fn config(server: &MockServer) -> Config {
    let mut config = Config::default().with_base_url(&server.base_url()).unwrap();
    config.proxy = Proxy::none();
    config
}

fn bench(c: &mut Criterion) {
    let server = MockServer::start();
    let token = AccessToken::new(DEFAULT_TOKEN).unwrap();
    let id = InstanceId::new(EXAMPLE_INSTANCE_ID).unwrap();
    let mut group = c.benchmark_group("new_connection");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let hyper = rt.block_on(async { wawp_hyper::client(token.clone(), config(&server)) });
    let reqwest = rt.block_on(async { wawp_reqwest::client(token.clone(), config(&server)) });
    let blocking = wawp_blocking::client(token, config(&server));

    // Every logout first: the first delete deletes the instance, and the
    // deletes after it are answered 404 — the same exchange, on the same
    // kind of connection.
    group.bench_function("hyper/logout (pooled)", |b| {
        b.iter(|| rt.block_on(hyper.logout(&id)).unwrap())
    });
    group.bench_function("reqwest/logout (pooled)", |b| {
        b.iter(|| rt.block_on(reqwest.logout(&id)).unwrap())
    });
    group.bench_function("blocking/logout (pooled)", |b| {
        b.iter(|| blocking.logout(&id).unwrap())
    });
    let answered = |r: Result<wawp_core::Session, wawp_core::Error>| {
        assert!(
            r.is_ok()
                || r.as_ref()
                    .err()
                    .and_then(wawp_core::Error::status)
                    .is_some()
        );
    };
    group.bench_function("hyper/delete (new connection)", |b| {
        b.iter(|| answered(rt.block_on(hyper.delete(&id))))
    });
    group.bench_function("reqwest/delete (new connection)", |b| {
        b.iter(|| answered(rt.block_on(reqwest.delete(&id))))
    });
    group.bench_function("blocking/delete (new connection)", |b| {
        b.iter(|| answered(blocking.delete(&id)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
