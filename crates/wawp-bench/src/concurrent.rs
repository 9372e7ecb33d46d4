//! 64-way concurrent throughput, SDK versus raw: `width` tasks share one
//! client and take calls from a common counter until `calls` are done; the
//! rounds alternate between the two sides after one warm-up round each.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use crate::fixture::Fixture;
use crate::subject::AsyncCall;

/// How much concurrency, how many calls.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    /// Calls in flight at once.
    pub(crate) width: usize,
    /// Calls per round.
    pub(crate) calls: usize,
    /// Timed rounds per side.
    pub(crate) rounds: usize,
}

/// Calls per second, one value per round, and connections opened.
#[derive(Debug)]
pub(crate) struct Throughput {
    pub(crate) sdk_rps: Vec<f64>,
    pub(crate) raw_rps: Vec<f64>,
    /// Connections opened by the warm-up round, per side (SDK, raw).
    pub(crate) warmup_connections: [usize; 2],
    /// Connections opened by the timed rounds, per side.
    pub(crate) timed_connections: [usize; 2],
}

pub(crate) fn measure<S: AsyncCall, R: AsyncCall>(
    plan: Plan,
    fixture: &Fixture,
    runtime: &Runtime,
    sdk: &Arc<S>,
    raw: &Arc<R>,
) -> Result<Throughput, String> {
    let counted = |f: &mut dyn FnMut() -> Result<f64, String>| {
        let before = fixture.connections();
        let rps = f()?;
        fixture.forget_requests();
        Ok::<_, String>((rps, fixture.connections() - before))
    };
    let mut out = Throughput {
        sdk_rps: Vec::new(),
        raw_rps: Vec::new(),
        warmup_connections: [0; 2],
        timed_connections: [0; 2],
    };
    out.warmup_connections[0] = counted(&mut || runtime.block_on(round(plan, sdk)))?.1;
    out.warmup_connections[1] = counted(&mut || runtime.block_on(round(plan, raw)))?.1;
    for r in 0..plan.rounds {
        let sdk_first = r % 2 == 0;
        for sdk_turn in [sdk_first, !sdk_first] {
            if sdk_turn {
                let (rps, opened) = counted(&mut || runtime.block_on(round(plan, sdk)))?;
                out.sdk_rps.push(rps);
                out.timed_connections[0] += opened;
            } else {
                let (rps, opened) = counted(&mut || runtime.block_on(round(plan, raw)))?;
                out.raw_rps.push(rps);
                out.timed_connections[1] += opened;
            }
        }
    }
    Ok(out)
}

/// One round: `plan.calls` calls over `plan.width` tasks; calls per second.
async fn round<C: AsyncCall>(plan: Plan, call: &Arc<C>) -> Result<f64, String> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..plan.width {
        let (call, next) = (Arc::clone(call), Arc::clone(&next));
        tasks.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < plan.calls {
                call.call().await?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.map_err(|e| e.to_string())??;
    }
    Ok(plan.calls as f64 / started.elapsed().as_secs_f64())
}
