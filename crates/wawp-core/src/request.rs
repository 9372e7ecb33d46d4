//! Building the HTTP request every endpoint shares: URL, encoding, headers.
//! Where each field goes is tabled in [`crate::endpoint`]'s documentation.

use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
use serde::ser::{SerializeMap, Serializer};

use crate::config::{Config, ParamLocation};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::input::AccessToken;
use crate::input::InputError;

const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// Whether requests with `method` carry a body: `POST`, `PUT` and `PATCH`.
/// The others never get one, nor a `Content-Type`.
pub(crate) fn carries_body(method: &Method) -> bool {
    method == Method::POST || method == Method::PUT || method == Method::PATCH
}

/// Whether a request with `method` says its length even when it has no
/// body: every method but `GET`, `HEAD`, `OPTIONS`, `TRACE` and `CONNECT`,
/// so a `DELETE` sends `Content-Length: 0`, as python-requests does. ureq
/// adds that header to any request it is handed a body for, however empty;
/// declaring it here makes the same `DELETE` go out from every transport.
fn states_length(method: &Method) -> bool {
    ![
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
    ]
    .contains(method)
}

/// `E::METHOD {base}{E::PATH}` with the endpoint's params and the token in
/// the query string (form-encoded like the documentation's
/// `URLSearchParams` sample) or, under [`ParamLocation::JsonBody`] for a
/// method with a body, in the JSON body; the endpoint's own body fields in
/// the JSON body (or the query, for a method without a body).
pub(crate) fn build<E: Endpoint + ?Sized>(
    endpoint: &E,
    config: &Config,
    token: &AccessToken,
) -> Result<Request<Vec<u8>>, Error> {
    config.check_secure()?;
    let method = E::METHOD;
    let with_body = carries_body(&method);
    let credentials_in_body = with_body && config.params == ParamLocation::JsonBody;
    let token = token.expose_secret();

    let base = config.base_url.as_str();
    let mut url = String::with_capacity(base.len() + E::PATH.len() + 96);
    url.push_str(base);
    url.push_str(E::PATH);
    if !credentials_in_body {
        let mut query = Query::new(&mut url);
        query.extend(endpoint.params());
        if !with_body {
            query.extend(endpoint.body());
            for (key, value) in endpoint.json_body() {
                query.pair(key, &value.to_string());
            }
        }
        query.pair("access_token", token);
    }

    let body = match (with_body, credentials_in_body) {
        (false, _) => Vec::new(),
        (true, true) => json_object(
            endpoint
                .params()
                .chain(std::iter::once(("access_token", token)))
                .chain(endpoint.body()),
            endpoint.json_body(),
        ),
        (true, false) => json_object(endpoint.body(), endpoint.json_body()),
    };

    // Built in place rather than with `Request::builder`: one header map
    // sized for the four headers, and no allocation for the usual empty body.
    let mut headers = HeaderMap::with_capacity(4);
    if !body.is_empty() {
        headers.insert(CONTENT_TYPE, JSON);
    }
    headers.insert(ACCEPT, JSON);
    headers.insert(USER_AGENT, config.user_agent.clone());
    if states_length(&method) {
        let length = if body.is_empty() {
            HeaderValue::from_static("0")
        } else {
            HeaderValue::from(body.len())
        };
        headers.insert(CONTENT_LENGTH, length);
    }
    // Unreachable with a valid BaseUrl and an encoded query; typed anyway.
    let uri = Uri::try_from(url).map_err(|_| {
        Error::InvalidInput(InputError::InvalidBaseUrl {
            reason: "the request URL is not valid".to_owned(),
        })
    })?;
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    Ok(request)
}

/// A query string appended to a URL, form-encoded as
/// `form_urlencoded::Serializer` does it (the documentation's
/// `URLSearchParams`): `?k=v&k=v`.
struct Query<'a> {
    url: &'a mut String,
    first: bool,
}

impl<'a> Query<'a> {
    fn new(url: &'a mut String) -> Self {
        Self { url, first: true }
    }

    fn extend<'v>(&mut self, pairs: impl Iterator<Item = (&'static str, &'v str)>) {
        for (key, value) in pairs {
            self.pair(key, value);
        }
    }

    fn pair(&mut self, key: &str, value: &str) {
        self.url.push(if self.first { '?' } else { '&' });
        self.first = false;
        form_encode(self.url, key);
        self.url.push('=');
        form_encode(self.url, value);
    }
}

/// Appends `text` form-encoded (`application/x-www-form-urlencoded`):
/// copied as it is when every byte is one the encoding leaves alone (an
/// instance id, a token: the usual case), `form_urlencoded`'s encoding
/// otherwise.
fn form_encode(out: &mut String, text: &str) {
    if text.bytes().all(|b| UNCHANGED[usize::from(b)]) {
        out.push_str(text);
    } else {
        out.extend(form_urlencoded::byte_serialize(text.as_bytes()));
    }
}

/// The bytes form encoding leaves as they are: ASCII letters and digits,
/// `*`, `-`, `.` and `_`. (A table: one load per byte.)
const UNCHANGED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'*' | b'-' | b'.' | b'_');
        b += 1;
    }
    table
};

/// `{"key":"value",…,"key":value,…}` of the string `fields`, then the JSON
/// `values`, or nothing at all when there are none.
fn json_object<'a, 'v>(
    fields: impl Iterator<Item = (&'static str, &'a str)>,
    values: impl Iterator<Item = (&'static str, &'v serde_json::Value)>,
) -> Vec<u8> {
    let mut fields = fields.peekable();
    let mut values = values.peekable();
    if fields.peek().is_none() && values.peek().is_none() {
        return Vec::new();
    }
    let mut body = Vec::with_capacity(96);
    let mut serializer = serde_json::Serializer::new(&mut body);
    // Writing to a Vec cannot fail, and string pairs always serialize.
    let written = (|| {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in fields {
            map.serialize_entry(key, value)?;
        }
        for (key, value) in values {
            map.serialize_entry(key, value)?;
        }
        map.end()
    })();
    debug_assert!(written.is_ok());
    body
}

#[cfg(test)]
mod tests {
    use super::form_encode;

    /// The fast path and `form_urlencoded`'s own encoding agree on every
    /// byte class: the set left alone, the reserved ASCII, space, control
    /// characters and multi-byte UTF-8.
    #[test]
    fn form_encode_matches_form_urlencoded() {
        let mut samples: Vec<String> = (0u8..=127).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "3EB0BCB2E3D4",
                "abc-DEF_1.2*3",
                "tok/en+=&?",
                "a b",
                "é",
                "日本",
                "x\u{1F600}y",
                "100%",
                "~tilde",
            ]
            .map(String::from),
        );
        for text in samples {
            let mut ours = String::from("prefix");
            form_encode(&mut ours, &text);
            let theirs: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            assert_eq!(ours, format!("prefix{theirs}"), "{text:?}");
        }
    }
}
