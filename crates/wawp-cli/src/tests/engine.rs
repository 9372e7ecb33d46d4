use super::*;
use std::sync::Arc;
use tokio::sync::mpsc;

use wawp::{Session, SessionStatus};

use crate::exit::Exit;
use crate::op::Operation;
use crate::outcome::Output;

fn ids(n: usize) -> Arc<[InstanceId]> {
    (0..n)
        .map(|i| InstanceId::new(format!("I{i}")).unwrap())
        .collect()
}

fn timing(deadline_ms: u64, grace_ms: u64) -> Timing {
    Timing {
        grace: Duration::from_millis(grace_ms),
        deadline: Duration::from_millis(deadline_ms),
        budget: Duration::from_millis(deadline_ms),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

type Call = Arc<dyn Fn(usize) -> std::pin::Pin<Box<dyn Future<Output = CallResult> + Send>>>;

fn ok(i: usize) -> CallResult {
    Ok(Output::Session(Session::new(
        "n",
        SessionStatus::ScanQrCode,
        format!("I{i}"),
    )))
}

/// A call that takes `ms`.
fn sleeper(ms: u64) -> Call {
    Arc::new(move |i| {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            ok(i)
        })
    })
}

/// Runs `call` over `n` ids, `width` at once; `signals` are sent after
/// their delays, into `out` (the results stream). Returns the JSON lines
/// by id, the exit code, the time taken and the unfinished indices.
fn run_into<O: Write>(
    n: usize,
    width: usize,
    call: Call,
    signals: Vec<(u64, Stop)>,
    timing: Timing,
    out: O,
) -> (Ended, Reporter<O, Vec<u8>>, Duration) {
    let list = ids(n);
    let runtime = runtime();
    let (sender, mut stops) = mpsc::unbounded_channel();
    runtime.spawn(async move {
        for (after, stop) in signals {
            tokio::time::sleep(Duration::from_millis(after)).await;
            let _ = sender.send(stop);
        }
        // Kept open, as the signal task keeps it.
        std::future::pending::<()>().await;
    });
    let mut reporter = Reporter::new(Operation::Logout, out, Vec::new(), true, n, None);
    let began = std::time::Instant::now();
    let ended = runtime.block_on(run(
        &list,
        width,
        |i| call(i),
        &mut stops,
        &mut reporter,
        timing,
    ));
    runtime.shutdown_background();
    (ended, reporter, began.elapsed())
}

fn run_with(
    n: usize,
    width: usize,
    call: Call,
    signals: Vec<(u64, Stop)>,
    timing: Timing,
) -> (Vec<serde_json::Value>, Exit, Duration, Vec<usize>) {
    let mut out = Vec::new();
    let (ended, mut reporter, took) = run_into(n, width, call, signals, timing, &mut out);
    let exit = reporter.finish(ended.stop);
    let mut lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines.sort_by_key(|v| {
        v["instance_id"].as_str().unwrap()[1..]
            .parse::<usize>()
            .unwrap()
    });
    assert_eq!(lines.len(), n, "one line per id");
    (lines, exit, took, ended.unfinished)
}

fn kinds(lines: &[serde_json::Value]) -> Vec<&str> {
    lines
        .iter()
        .map(|v| v["error"]["kind"].as_str().unwrap_or("ok"))
        .collect()
}

#[test]
fn every_id_once_when_all_goes_well() {
    let (lines, exit, _, unfinished) = run_with(50, 4, sleeper(1), vec![], timing(5000, 2000));
    assert!(kinds(&lines).iter().all(|k| *k == "ok"));
    assert_eq!(exit, Exit::Ok);
    assert!(unfinished.is_empty());
}

#[test]
fn a_signal_lets_the_calls_in_flight_finish_and_starts_nothing_new() {
    // 2 at a time, 300 ms each; SIGINT at 100 ms: the two in flight end
    // within the grace period, the rest were never sent.
    let (lines, exit, took, unfinished) = run_with(
        10,
        2,
        sleeper(300),
        vec![(100, Stop::Interrupt)],
        timing(5000, 2000),
    );
    assert_eq!(exit, Exit::Interrupted);
    let k = kinds(&lines);
    assert_eq!(&k[..2], ["ok", "ok"]);
    assert!(k[2..].iter().all(|k| *k == "not_started"), "{k:?}");
    assert!(lines[2..].iter().all(|v| v["error"]["maybe_sent"] == false));
    assert_eq!(unfinished.len(), 8);
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[test]
fn calls_outlasting_the_grace_period_are_interrupted() {
    for (stop, exit, code) in [
        (Stop::Terminate, Exit::Terminated, 143),
        (Stop::Hangup, Exit::HungUp, 129),
        (Stop::Quit, Exit::Quit, 131),
    ] {
        let (lines, got, took, _) =
            run_with(5, 2, sleeper(5000), vec![(100, stop)], timing(60_000, 300));
        assert_eq!(got, exit);
        let k = kinds(&lines);
        assert_eq!(
            k,
            [
                "interrupted",
                "interrupted",
                "not_started",
                "not_started",
                "not_started"
            ]
        );
        assert_eq!(lines[0]["error"]["maybe_sent"], true);
        assert_eq!(lines[0]["error"]["exit_code"], code);
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }
}

#[test]
fn a_second_signal_ends_at_once() {
    let (lines, exit, took, _) = run_with(
        4,
        4,
        sleeper(10_000),
        vec![(100, Stop::Interrupt), (100, Stop::Interrupt)],
        timing(60_000, 30_000),
    );
    assert_eq!(exit, Exit::Interrupted);
    assert_eq!(kinds(&lines), ["interrupted"; 4]);
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[test]
fn a_stuck_call_is_given_up_at_its_deadline_and_the_run_goes_on() {
    // I0 hangs in a blocking task, as a name lookup that never returns
    // does on the runtime's blocking pool; one call at a time.
    let call: Call = Arc::new(|i| {
        Box::pin(async move {
            if i == 0 {
                let _ = tokio::task::spawn_blocking(|| {
                    std::thread::sleep(Duration::from_secs(3600));
                })
                .await;
            }
            ok(i)
        })
    });
    let (lines, exit, took, unfinished) = run_with(3, 1, call, vec![], timing(300, 2000));
    assert_eq!(kinds(&lines), ["timeout", "ok", "ok"]);
    assert_eq!(lines[0]["error"]["maybe_sent"], true);
    assert_eq!(exit, Exit::Transport);
    assert_eq!(unfinished, [0]);
    // The runtime was shut down without waiting for the lookup.
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[test]
fn a_panicking_call_is_an_error_of_its_own() {
    let call: Call = Arc::new(|i| {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            assert_ne!(i, 37, "test panic");
            ok(i)
        })
    });
    let (lines, exit, _, unfinished) = run_with(200, 8, call, vec![], timing(30_000, 2000));
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["ok"], i != 37, "{v}");
    }
    assert_eq!(lines[37]["error"]["kind"], "other");
    assert_eq!(exit, Exit::Transport);
    assert_eq!(unfinished, [37]);
}

#[test]
fn a_closed_output_stops_the_run_like_a_signal() {
    struct ClosesAfterOne(usize);
    impl Write for ClosesAfterOne {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.0 -= 1;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let (ended, mut reporter, _) = run_into(
        100,
        2,
        sleeper(20),
        vec![],
        timing(5000, 2000),
        ClosesAfterOne(1),
    );
    assert_eq!(ended.stop, Some(Stop::ClosedOutput));
    let c = reporter.counts();
    assert_eq!(c.total(), 100);
    assert!(c.not_started > 90, "{c:?}");
    assert_eq!(reporter.finish(ended.stop), Exit::ClosedOutput);
}
