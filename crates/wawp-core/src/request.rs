//! Building the HTTP request every endpoint shares: URL, encoding, headers.

use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderValue, Method, Request};
use serde::ser::{SerializeMap, Serializer};

use crate::config::{Config, ParamLocation};
use crate::error::{Error, InputError};
use crate::input::AccessToken;

const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// `method {base}{path}` with `params` and the token in the query string
/// (form-encoded like the documentation's `URLSearchParams` sample) or in a
/// JSON object body, per `config.params`.
pub(crate) fn build<'a>(
    config: &Config,
    token: &AccessToken,
    method: Method,
    path: &str,
    params: impl Iterator<Item = (&'static str, &'a str)>,
) -> Result<Request<Vec<u8>>, Error> {
    config.check_secure()?;
    let base = config.base_url.as_str();
    let mut url = String::with_capacity(base.len() + path.len() + 96);
    url.push_str(base);
    url.push_str(path);
    let token = token.expose_secret();
    let body = match config.params {
        ParamLocation::Query => {
            url.push('?');
            let start = url.len();
            let mut query = form_urlencoded::Serializer::for_suffix(url, start);
            query.extend_pairs(params);
            query.append_pair("access_token", token);
            url = query.finish();
            Vec::new()
        }
        ParamLocation::JsonBody => json_body(params, token),
    };
    let length = HeaderValue::from(body.len());
    Request::builder()
        .method(method)
        .uri(url)
        .header(CONTENT_TYPE, JSON)
        .header(ACCEPT, JSON)
        .header(USER_AGENT, config.user_agent.clone())
        .header(CONTENT_LENGTH, length)
        .body(body)
        // Unreachable with a valid BaseUrl and an encoded query; typed anyway.
        .map_err(|_| {
            Error::InvalidInput(InputError::InvalidBaseUrl {
                reason: "the request URL is not valid".to_owned(),
            })
        })
}

/// `{"param":"value",…,"access_token":"…"}`.
fn json_body<'a>(params: impl Iterator<Item = (&'static str, &'a str)>, token: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(96);
    let mut serializer = serde_json::Serializer::new(&mut body);
    // Writing to a Vec cannot fail, and string pairs always serialize.
    let written = (|| {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in params {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("access_token", token)?;
        map.end()
    })();
    debug_assert!(written.is_ok());
    body
}
