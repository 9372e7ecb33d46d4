//! Serving a capture: exchanges recorded from the live API (one JSON file
//! each, in the capture format `wawp_core::capture` writes) answered again,
//! matched by method and path, whatever the token.
//!
//! The format, as this module reads it:
//! `{"format":"wawp-capture/1","method":…,"path":…,"status":…,"headers":[[name,value],…],"body":…}`,
//! where `path` may carry a query. A request matches the exchanges with its
//! method and path; among them, those whose query (without `access_token`)
//! is the request's are preferred. Exchanges that match alike are served in
//! file-name order, the last one again once all were served. A request that
//! matches none gets a 404.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use serde_json::Value;

use crate::json::error;
use crate::recorded::RecordedRequest;
use crate::wire::Response;

/// The capture format this reads.
pub const CAPTURE_FORMAT: &str = "wawp-capture/1";

/// Headers the simulator sets itself, never replayed.
const OWN_HEADERS: [&str; 5] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "server",
];

/// A capture to serve: see [`MockConfig::replay`](crate::MockConfig::replay).
///
/// ```
/// use wawp_mock::Replay;
/// let replay = Replay::from_json([r#"{"format":"wawp-capture/1","method":"GET",
///     "path":"/v2/session/me?instance_id=A1&access_token=[redacted]","status":200,
///     "headers":[["content-type","application/json"]],"body":"{\"id\":\"1@c.us\"}"}"#])?;
/// assert_eq!(replay.len(), 1);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Replay {
    exchanges: Vec<Exchange>,
    served: HashMap<usize, usize>,
}

#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Replay {
    /// Every `*.json` file of `dir`, in file-name order.
    pub fn load(dir: impl AsRef<Path>) -> io::Result<Self> {
        let mut files: Vec<_> = std::fs::read_dir(dir.as_ref())?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        let mut texts = Vec::with_capacity(files.len());
        for file in &files {
            texts.push(
                std::fs::read_to_string(file)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", file.display())))?,
            );
        }
        Self::from_json(texts)
            .map_err(|e| io::Error::new(e.kind(), format!("{} in {}", e, dir.as_ref().display())))
    }

    /// Exchanges from their JSON texts, in order.
    pub fn from_json<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> io::Result<Self> {
        let mut exchanges = Vec::new();
        for (i, text) in texts.into_iter().enumerate() {
            let invalid = |why: &str| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("exchange {}: {why}", i + 1),
                )
            };
            let value: Value =
                serde_json::from_str(text.as_ref()).map_err(|_| invalid("not JSON"))?;
            if value.get("format").and_then(Value::as_str) != Some(CAPTURE_FORMAT) {
                return Err(invalid("not in the capture format (wawp-capture/1)"));
            }
            let field = |name: &str| value.get(name).and_then(Value::as_str);
            let method = field("method").ok_or_else(|| invalid("no method"))?;
            let full = field("path").ok_or_else(|| invalid("no path"))?;
            let status = value
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| invalid("no valid status"))?;
            let headers = value
                .get("headers")
                .and_then(Value::as_array)
                .map(|pairs| {
                    pairs
                        .iter()
                        .filter_map(|pair| {
                            let name = pair.get(0)?.as_str()?;
                            let value = pair.get(1)?.as_str()?;
                            let own = OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str());
                            (!own).then(|| (name.to_owned(), value.to_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let (path, query) = full.split_once('?').unwrap_or((full, ""));
            exchanges.push(Exchange {
                method: method.to_ascii_uppercase(),
                path: path.to_owned(),
                query: without_token(query),
                status,
                headers,
                body: field("body").unwrap_or_default().to_owned(),
            });
        }
        Ok(Self {
            exchanges,
            served: HashMap::new(),
        })
    }

    /// How many exchanges it holds.
    pub fn len(&self) -> usize {
        self.exchanges.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.exchanges.is_empty()
    }

    /// The answer to `request`.
    pub(crate) fn answer(&mut self, request: &RecordedRequest) -> Response {
        let query = without_token(request.query.as_deref().unwrap_or_default());
        let same_path: Vec<usize> = (0..self.exchanges.len())
            .filter(|&i| {
                let x = &self.exchanges[i];
                x.method == request.method && x.path == request.path
            })
            .collect();
        let same_query: Vec<usize> = same_path
            .iter()
            .copied()
            .filter(|&i| self.exchanges[i].query == query)
            .collect();
        let candidates = if same_query.is_empty() {
            same_path
        } else {
            same_query
        };
        let Some(&first) = candidates.first() else {
            return error(
                404,
                &format!(
                    "The capture has no exchange for {} {}",
                    request.method, request.path
                ),
            );
        };
        let count = self.served.entry(first).or_default();
        let pick = candidates[(*count).min(candidates.len() - 1)];
        *count += 1;
        let x = &self.exchanges[pick];
        Response {
            status: x.status,
            headers: x.headers.clone(),
            body: x.body.clone().into_bytes(),
        }
    }
}

/// The query's pairs without `access_token`, sorted.
fn without_token(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .filter(|(k, _)| k != "access_token")
        .collect();
    pairs.sort();
    pairs
}
