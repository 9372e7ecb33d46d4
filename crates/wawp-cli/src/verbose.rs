//! `-v` / `-vv`: the core's `tracing` events, one line each on standard
//! error, through a minimal subscriber.
//!
//! - `-v`: one line per HTTP attempt when it ends: method, host, path, the
//!   instance, the attempt number (a retry when above 1), the status or the
//!   failure kind, the time taken, a new or reused connection, and whether
//!   a stale connection made the client re-send.
//! - `-vv`: also a line when each attempt starts, the full (redacted) error
//!   text and whether it may have been sent, and the settings
//!   ([`crate::client::describe`]).
//!
//! The events never carry the query string or the token (the core's
//! invariant); everything shown is escaped for the terminal anyway.

use std::fmt::{self, Write as _};
use std::io::Write as _;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use wawp::InstanceId;

use crate::escape::for_terminal;
use crate::output::shown_id;

/// The span around one id's call, naming the id for the lines inside it.
/// Free (a disabled span) without `-v`.
pub(crate) fn span(id: &InstanceId) -> tracing::Span {
    tracing::info_span!(target: "wawp", "call", id = %shown_id(id))
}

/// Installs the stderr subscriber for `verbosity` (the number of `-v`);
/// nothing for 0.
pub(crate) fn install(verbosity: u8) {
    if verbosity == 0 {
        return;
    }
    let subscriber = tracing_subscriber::registry().with(Lines {
        detail: verbosity >= 2,
    });
    // Fails only if a subscriber is already set; then that one is kept.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Writes one line to standard error, never failing (a closed stderr is
/// not worth stopping for).
pub(crate) fn line(text: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "wawp: {text}");
}

/// The layer that prints the lines.
#[derive(Debug)]
struct Lines {
    detail: bool,
}

/// The instance id stored in a `call` span.
struct SpanId(String);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Lines {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        let ours = metadata.target() == "wawp" || metadata.target().starts_with("wawp_core");
        let level = if self.detail {
            Level::DEBUG
        } else {
            Level::INFO
        };
        ours && *metadata.level() <= level
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let (Some(span), Some(shown)) = (ctx.span(id), fields.text("id")) {
            span.extensions_mut().insert(SpanId(shown.to_owned()));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let instance = ctx.event_scope(event).and_then(|scope| {
            scope
                .from_root()
                .find_map(|span| span.extensions().get::<SpanId>().map(|s| s.0.clone()))
        });
        if let Some(text) = render(&fields, instance.as_deref(), self.detail) {
            line(format_args!("{}", for_terminal(&text)));
        }
    }
}

/// An event's fields, as text.
#[derive(Debug, Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn text(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), value.to_owned()));
    }
}

/// The line for one event of the core's (`None` for events it does not
/// know).
fn render(f: &Fields, instance: Option<&str>, detail: bool) -> Option<String> {
    let message = f.text("message")?;
    let what = format!(
        "{} {}{}{} attempt {}{}",
        f.text("method").unwrap_or("?"),
        f.text("host").unwrap_or("?"),
        f.text("path").unwrap_or(""),
        instance.map(|i| format!(" ({i})")).unwrap_or_default(),
        f.text("attempt").unwrap_or("?"),
        if f.text("attempt").is_some_and(|a| a != "1") {
            " (retry)"
        } else {
            ""
        }
    );
    let mut text = match message {
        "wawp request started" => return detail.then(|| format!("{what}: sending")),
        "wawp request succeeded" => match f.text("status") {
            Some(status) => format!("{what}: HTTP {status}"),
            None => format!("{what}: ok"),
        },
        "wawp request failed" => {
            let kind = f.text("kind").unwrap_or("error");
            match f.text("status") {
                Some(status) => format!("{what}: HTTP {status} {kind}"),
                None => format!("{what}: {kind}"),
            }
        }
        _ => return None,
    };
    if let Some(ms) = f.text("elapsed_ms").and_then(|m| m.parse::<f64>().ok()) {
        let _ = write!(text, " in {ms:.1} ms");
    }
    match f.text("reused") {
        Some("true") => text.push_str(", reused connection"),
        Some("false") => text.push_str(", new connection"),
        _ => text.push_str(", connection reuse not reported"),
    }
    if f.text("resent") == Some("true") {
        text.push_str(", re-sent once on a new connection (the reused one had closed)");
    }
    if detail && message == "wawp request failed" {
        if let Some(sent) = f.text("maybe_sent") {
            text.push_str(if sent == "true" {
                "; may have been sent"
            } else {
                "; not sent"
            });
        }
        if let Some(error) = f.text("error") {
            let _ = write!(text, ": {error}");
        }
    }
    Some(text)
}

#[cfg(test)]
#[path = "tests/verbose.rs"]
mod tests;
