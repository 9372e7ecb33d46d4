//! Per transport: fresh SDK and raw clients, the same-request check, the
//! interleaved sequential latencies, then (async transports) throughput.

use std::sync::Arc;

use tokio::runtime::Runtime;

use crate::concurrent::{self, Throughput};
use crate::fixture::Fixture;
use crate::options::Options;
use crate::raw_hyper::RawHyper;
use crate::raw_reqwest::RawReqwest;
use crate::raw_ureq::RawUreq;
use crate::sdk::{SdkAsync, SdkBlocking};
use crate::sequential::{self, Paired};
use crate::subject::{AsyncCall, BlockingCall};

/// What was measured for one transport.
#[derive(Debug)]
pub(crate) struct Measured {
    /// `hyper`, `reqwest` or `blocking (ureq)`.
    pub(crate) name: &'static str,
    pub(crate) sequential: Paired,
    pub(crate) throughput: Option<Throughput>,
}

pub(crate) fn measure_all(o: &Options, fixture: &Fixture) -> Result<Vec<Measured>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let (token, config, id) = (&fixture.token, &fixture.config, &fixture.id);
    // Built inside the runtime: some clients need it at construction.
    let hyper = || {
        let _inside = runtime.enter();
        let sdk = SdkAsync {
            client: wawp_hyper::client(token.clone(), config.clone()),
            id: id.clone(),
        };
        Ok::<_, String>((sdk, RawHyper::new(fixture.raw.clone())))
    };
    let reqwest = || {
        let _inside = runtime.enter();
        let sdk = SdkAsync {
            client: wawp_reqwest::client(token.clone(), config.clone()),
            id: id.clone(),
        };
        Ok::<_, String>((sdk, RawReqwest::new(fixture.raw.clone())?))
    };
    let blocking = || SdkBlocking {
        client: wawp_blocking::client(token.clone(), config.clone()),
        id: id.clone(),
    };
    let mut out = Vec::new();
    if o.wants("hyper") {
        out.push(measure_async("hyper", o, fixture, &runtime, hyper)?);
    }
    if o.wants("reqwest") {
        out.push(measure_async("reqwest", o, fixture, &runtime, reqwest)?);
    }
    if o.wants("blocking") {
        eprintln!("blocking (ureq): same request? sequential…");
        let (sdk, raw) = (blocking(), RawUreq::new(fixture.raw.clone()));
        fixture.check_same_request("blocking", || sdk.call(), || raw.call())?;
        // Fresh clients, so that the warm-up counts every connection they open.
        let (sdk, raw) = (blocking(), RawUreq::new(fixture.raw.clone()));
        let sequential = sequential::measure_blocking(sequential_plan(o), fixture, &sdk, &raw)?;
        out.push(Measured {
            name: "blocking (ureq)",
            sequential,
            throughput: None,
        });
    }
    Ok(out)
}

fn sequential_plan(o: &Options) -> sequential::Plan {
    sequential::Plan {
        calls: o.calls,
        block: o.block,
        warmup: o.warmup,
    }
}

fn measure_async<S: AsyncCall, R: AsyncCall>(
    name: &'static str,
    o: &Options,
    fixture: &Fixture,
    runtime: &Runtime,
    make: impl Fn() -> Result<(S, R), String>,
) -> Result<Measured, String> {
    eprintln!("{name}: same request? sequential…");
    let (sdk, raw) = make()?;
    fixture.check_same_request(
        name,
        || runtime.block_on(sdk.call()),
        || runtime.block_on(raw.call()),
    )?;
    // Fresh clients, so that the warm-up counts every connection they open.
    let (sdk, raw) = make()?;
    let sequential = sequential::measure_async(sequential_plan(o), fixture, runtime, &sdk, &raw)?;
    eprintln!("{name}: {}-way throughput…", o.width);
    let plan = concurrent::Plan {
        width: o.width,
        calls: o.throughput_calls,
        rounds: o.rounds,
    };
    let throughput = concurrent::measure(plan, fixture, runtime, &Arc::new(sdk), &Arc::new(raw))?;
    Ok(Measured {
        name,
        sequential,
        throughput: Some(throughput),
    })
}
