//! [`RecordedRequest`]: what the simulator received, as received.

/// One request the simulator parsed, recorded before it answered (so it is
/// recorded even when the behaviour then drops the connection).
///
/// It holds the request as sent, access token included: assert on it, but do
/// not print it outside tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, without the query, e.g. `/v2/session/logout`.
    pub path: String,
    /// The raw query string (after `?`, still encoded), if there was a `?`.
    pub query: Option<String>,
    /// The headers in the order received, names as received.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was sent chunked.
    pub body: Vec<u8>,
    /// Which connection carried it: 1 for the first accepted, and so on.
    pub connection: usize,
    /// The request's position on its connection: 1 for the first.
    pub sequence: usize,
}

impl RecordedRequest {
    /// The first header named `name` (case-insensitively), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the headers named `name` (case-insensitively).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `METHOD target HTTP/1.1`, the target with its query.
    pub fn request_line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query} HTTP/1.1", self.method, self.path),
            None => format!("{} {} HTTP/1.1", self.method, self.path),
        }
    }

    /// The request line and headers, one a line, as received.
    pub fn head(&self) -> String {
        let mut head = self.request_line();
        for (name, value) in &self.headers {
            head.push_str(&format!("\r\n{name}: {value}"));
        }
        head
    }

    /// Every header name, lowercased, in order.
    pub fn header_names(&self) -> Vec<String> {
        self.headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect()
    }

    /// The query decoded as `application/x-www-form-urlencoded` pairs
    /// (`+` is a space).
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }

    /// The `instance_id` the simulator read from the query or the JSON body.
    pub fn instance_id(&self) -> Option<String> {
        crate::params::Params::read(self).ok()?.instance_id
    }
}
