//! The result tables, from what `transports` and `startup` measured.

use crate::options::Options;
use crate::stats::{Samples, quartiles};
use crate::table::{Table, ratio, spread, us};
use crate::transports::Measured;

pub(crate) fn latency(o: &Options, all: &[Measured]) -> Table {
    let mut t = Table::new(
        format!(
            "Sequential logout latency (µs): {} timed calls per side after {} warm-up calls, \
             SDK and raw interleaved in blocks of {}",
            o.calls, o.warmup, o.block
        ),
        &[
            "transport",
            "SDK median",
            "raw median",
            "SDK/raw",
            "SDK p99",
            "raw p99",
            "p99 SDK/raw",
            "per-block SDK/raw (IQR)",
        ],
    );
    for m in all {
        let (sdk, raw) = (&m.sequential.sdk, &m.sequential.raw);
        let (q1, _, q3) = quartiles(&m.sequential.block_ratios);
        t.row(vec![
            m.name.to_owned(),
            us(sdk.median_us()),
            us(raw.median_us()),
            ratio(sdk.median_us() / raw.median_us()),
            us(sdk.p99_us()),
            us(raw.p99_us()),
            ratio(sdk.p99_us() / raw.p99_us()),
            spread(q1, q3),
        ]);
    }
    t
}

pub(crate) fn throughput(o: &Options, all: &[Measured]) -> Table {
    let mut t = Table::new(
        format!(
            "{}-way concurrent throughput (calls/s, median of {} rounds of {} calls per side, \
             interleaved; current-thread tokio runtime)",
            o.width, o.rounds, o.throughput_calls
        ),
        &[
            "transport",
            "SDK calls/s",
            "raw calls/s",
            "SDK/raw time per call",
            "per-round (IQR)",
        ],
    );
    for m in all {
        let Some(th) = &m.throughput else { continue };
        let (_, sdk, _) = quartiles(&th.sdk_rps);
        let (_, raw, _) = quartiles(&th.raw_rps);
        let paired: Vec<f64> = th
            .raw_rps
            .iter()
            .zip(&th.sdk_rps)
            .map(|(r, s)| r / s)
            .collect();
        let (q1, _, q3) = quartiles(&paired);
        t.row(vec![
            m.name.to_owned(),
            format!("{sdk:.0}"),
            format!("{raw:.0}"),
            ratio(raw / sdk),
            spread(q1, q3),
        ]);
    }
    t
}

pub(crate) fn connections(o: &Options, all: &[Measured]) -> Table {
    let mut t = Table::new(
        "TCP connections opened (the simulator's accept count)",
        &[
            "client",
            &format!("first {} calls, fresh client", o.warmup),
            "per 1 000 sequential calls",
            &format!("next {} sequential calls", o.calls),
            &format!("{}-way warm-up round", o.width),
            &format!("{}-way timed rounds", o.width),
        ],
    );
    for m in all {
        for (i, side) in ["SDK", "raw"].iter().enumerate() {
            let first = m.sequential.warmup_connections[i];
            let opened = first + m.sequential.timed_connections[i];
            let (warm, timed) =
                m.throughput
                    .as_ref()
                    .map_or(("–".to_owned(), "–".to_owned()), |th| {
                        (
                            th.warmup_connections[i].to_string(),
                            th.timed_connections[i].to_string(),
                        )
                    });
            t.row(vec![
                format!("{} {side}", m.name),
                first.to_string(),
                format!(
                    "{:.2}",
                    opened as f64 * 1000.0 / (o.warmup + o.calls) as f64
                ),
                m.sequential.timed_connections[i].to_string(),
                warm,
                timed,
            ]);
        }
    }
    t
}

/// One row per command; `baseline` is the index of the row the others are
/// compared with (curl's logout), if it was measured.
pub(crate) fn startup(
    runs: usize,
    labels: &[String],
    samples: &[Samples],
    baseline: Option<usize>,
) -> Table {
    let mut t = Table::new(
        format!("Whole-process runs (ms): {runs} runs per command, interleaved"),
        &[
            "command",
            "median",
            "p99",
            "median vs curl logout",
            "p99 vs curl logout",
        ],
    );
    let ms = |v: f64| format!("{:.2}", v / 1000.0);
    for (label, s) in labels.iter().zip(samples) {
        let versus = |f: fn(&Samples) -> f64| {
            baseline.map_or("–".to_owned(), |b| ratio(f(s) / f(&samples[b])))
        };
        t.row(vec![
            label.clone(),
            ms(s.median_us()),
            ms(s.p99_us()),
            versus(Samples::median_us),
            versus(Samples::p99_us),
        ]);
    }
    t
}
