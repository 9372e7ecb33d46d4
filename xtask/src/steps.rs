//! Timed steps for `cargo xtask ci` and `dist`: each step's wall time is
//! printed when it ends and again in a summary, grouped, so that the
//! build-and-test part and the checks for other targets are timed apart.

use std::time::{Duration, Instant};

/// What a step did.
pub(crate) enum Done {
    /// It ran and passed.
    Ran,
    /// It could not run here; the reason says why, plainly.
    Skipped(String),
}

/// A step: what it did, or why it failed.
pub(crate) type Step = fn() -> Result<Done, String>;

/// The steps run so far, with their times.
pub(crate) struct Steps {
    rows: Vec<(&'static str, String, Duration, String)>,
}

impl Steps {
    pub(crate) fn new() -> Self {
        Self { rows: Vec::new() }
    }

    /// Runs `step` as `name` within `group`, printing its time; returns
    /// its failure.
    pub(crate) fn run(
        &mut self,
        group: &'static str,
        name: &str,
        step: impl FnOnce() -> Result<Done, String>,
    ) -> Result<(), String> {
        println!("\n=== {group}: {name}");
        let started = Instant::now();
        let result = step();
        let took = started.elapsed();
        let (status, out) = match result {
            Ok(Done::Ran) => ("ok".to_owned(), Ok(())),
            Ok(Done::Skipped(why)) => {
                println!("SKIPPED {name}: {why}");
                (format!("skipped: {why}"), Ok(()))
            }
            Err(e) => ("FAILED".to_owned(), Err(e)),
        };
        println!("=== {name}: {status} in {}", shown(took));
        self.rows.push((group, name.to_owned(), took, status));
        out
    }

    /// Every step's time, and each group's total.
    pub(crate) fn summary(&self) {
        println!("\nstep times:");
        let mut groups: Vec<&'static str> = Vec::new();
        for (group, ..) in &self.rows {
            if !groups.contains(group) {
                groups.push(group);
            }
        }
        for group in groups {
            let rows: Vec<_> = self.rows.iter().filter(|r| r.0 == group).collect();
            let total: Duration = rows.iter().map(|r| r.2).sum();
            println!("  {group}: {}", shown(total));
            for (_, name, took, status) in rows {
                println!("    {:>8}  {name} ({status})", shown(*took));
            }
        }
    }
}

/// `1m 05s` or `12.3s`.
fn shown(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 60.0 {
        format!("{}m {:02}s", d.as_secs() / 60, d.as_secs() % 60)
    } else {
        format!("{secs:.1}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_minutes_and_seconds() {
        assert_eq!(shown(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(shown(Duration::from_secs(65)), "1m 05s");
    }

    #[test]
    fn a_failed_step_is_returned_and_a_skipped_one_is_not() {
        let mut steps = Steps::new();
        assert!(steps.run("g", "ok", || Ok(Done::Ran)).is_ok());
        assert!(
            steps
                .run("g", "skip", || Ok(Done::Skipped("no tool".into())))
                .is_ok()
        );
        assert_eq!(
            steps.run("g", "bad", || Err("boom".into())),
            Err("boom".to_owned())
        );
        assert_eq!(steps.rows.len(), 3);
        assert_eq!(steps.rows[1].3, "skipped: no tool");
    }
}
