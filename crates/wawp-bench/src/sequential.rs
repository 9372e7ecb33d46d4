//! Sequential latency, SDK versus raw, interleaved: after a warm-up, blocks
//! of calls alternate between the two sides (SDK first in even rounds, raw
//! first in odd ones), so that drift and bursts of machine noise hit both
//! alike. Every call is timed on its own.

use std::time::Instant;

use tokio::runtime::Runtime;

use crate::fixture::Fixture;
use crate::stats::Samples;
use crate::subject::{AsyncCall, BlockingCall, Side};

/// How many calls, in which blocks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// Timed calls per side.
    pub(crate) calls: usize,
    /// Calls per block.
    pub(crate) block: usize,
    /// Untimed calls per side first, on fresh clients; their new connections
    /// are the "first 1 000 calls" count when this is 1 000.
    pub(crate) warmup: usize,
}

/// Both sides' latencies and connection counts.
#[derive(Debug)]
pub(crate) struct Paired {
    pub(crate) sdk: Samples,
    pub(crate) raw: Samples,
    /// SDK block median / the paired raw block median, one per round.
    pub(crate) block_ratios: Vec<f64>,
    /// Connections opened during the warm-up, per side.
    pub(crate) warmup_connections: [usize; 2],
    /// Connections opened during the timed calls, per side.
    pub(crate) timed_connections: [usize; 2],
}

/// Runs `plan` with `run(side, n, samples)` making `n` timed calls.
fn interleave(
    plan: Plan,
    fixture: &Fixture,
    mut run: impl FnMut(Side, usize, &mut Samples) -> Result<(), String>,
) -> Result<Paired, String> {
    let mut warmup_connections = [0; 2];
    for side in [Side::Sdk, Side::Raw] {
        let before = fixture.connections();
        run(side, plan.warmup, &mut Samples::with_capacity(plan.warmup))?;
        warmup_connections[index(side)] = fixture.connections() - before;
        fixture.forget_requests();
    }
    let rounds = plan.calls.div_ceil(plan.block.max(1));
    let mut samples = [
        Samples::with_capacity(plan.calls),
        Samples::with_capacity(plan.calls),
    ];
    let mut timed_connections = [0; 2];
    let mut block_ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [Side::Sdk, Side::Raw]
        } else {
            [Side::Raw, Side::Sdk]
        };
        let mut medians = [0.0; 2];
        for side in order {
            let i = index(side);
            let start = samples[i].len();
            let before = fixture.connections();
            run(side, plan.block, &mut samples[i])?;
            timed_connections[i] += fixture.connections() - before;
            medians[i] = samples[i].median_from(start);
        }
        block_ratios.push(medians[0] / medians[1]);
        fixture.forget_requests();
    }
    let [sdk, raw] = samples;
    Ok(Paired {
        sdk,
        raw,
        block_ratios,
        warmup_connections,
        timed_connections,
    })
}

fn index(side: Side) -> usize {
    match side {
        Side::Sdk => 0,
        Side::Raw => 1,
    }
}

/// Interleaved latencies of two async calls, each block run to completion
/// on `runtime` (current-thread: no cross-thread wake-ups in the timings).
pub(crate) fn measure_async<S: AsyncCall, R: AsyncCall>(
    plan: Plan,
    fixture: &Fixture,
    runtime: &Runtime,
    sdk: &S,
    raw: &R,
) -> Result<Paired, String> {
    interleave(plan, fixture, |side, n, samples| match side {
        Side::Sdk => runtime.block_on(timed_async(sdk, n, samples)),
        Side::Raw => runtime.block_on(timed_async(raw, n, samples)),
    })
}

async fn timed_async<C: AsyncCall>(
    call: &C,
    n: usize,
    samples: &mut Samples,
) -> Result<(), String> {
    for _ in 0..n {
        let started = Instant::now();
        call.call().await?;
        samples.push(started.elapsed());
    }
    Ok(())
}

/// Interleaved latencies of two blocking calls.
pub(crate) fn measure_blocking(
    plan: Plan,
    fixture: &Fixture,
    sdk: &impl BlockingCall,
    raw: &impl BlockingCall,
) -> Result<Paired, String> {
    interleave(plan, fixture, |side, n, samples| match side {
        Side::Sdk => timed_blocking(sdk, n, samples),
        Side::Raw => timed_blocking(raw, n, samples),
    })
}

fn timed_blocking(call: &impl BlockingCall, n: usize, samples: &mut Samples) -> Result<(), String> {
    for _ in 0..n {
        let started = Instant::now();
        call.call()?;
        samples.push(started.elapsed());
    }
    Ok(())
}
