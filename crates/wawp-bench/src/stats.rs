//! Latency samples and the few statistics the report needs: median, p99 and
//! the spread of paired ratios.

use std::time::Duration;

/// Latencies of one side (SDK or raw), in nanoseconds, in measurement order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Samples {
    nanos: Vec<u64>,
}

impl Samples {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Self {
            nanos: Vec::with_capacity(n),
        }
    }

    pub(crate) fn push(&mut self, elapsed: Duration) {
        self.nanos
            .push(u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX));
    }

    pub(crate) fn len(&self) -> usize {
        self.nanos.len()
    }

    /// The `q` quantile (0.0–1.0, nearest rank) in microseconds.
    pub(crate) fn quantile_us(&self, q: f64) -> f64 {
        let mut sorted = self.nanos.clone();
        sorted.sort_unstable();
        quantile(&sorted, q) as f64 / 1000.0
    }

    pub(crate) fn median_us(&self) -> f64 {
        self.quantile_us(0.5)
    }

    pub(crate) fn p99_us(&self) -> f64 {
        self.quantile_us(0.99)
    }

    /// The median of the samples from `start` on (one block).
    pub(crate) fn median_from(&self, start: usize) -> f64 {
        let mut block = self.nanos[start..].to_vec();
        block.sort_unstable();
        quantile(&block, 0.5) as f64
    }
}

/// Nearest-rank quantile of sorted values; 0 when empty.
fn quantile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The 25th, 50th and 75th percentiles of `values` (for per-block ratios).
pub(crate) fn quartiles(values: &[f64]) -> (f64, f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    };
    (at(0.25), at(0.5), at(0.75))
}
