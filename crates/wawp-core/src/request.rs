//! Building the HTTP request every endpoint shares: URL, encoding, headers.

use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, Request, Uri};
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
    // Built in place rather than with `Request::builder`: one header map
    // sized for the four headers, and no allocation for the usual empty body.
    let length = if body.is_empty() {
        HeaderValue::from_static("0")
    } else {
        HeaderValue::from(body.len())
    };
    let mut headers = HeaderMap::with_capacity(4);
    headers.insert(CONTENT_TYPE, JSON);
    headers.insert(ACCEPT, JSON);
    headers.insert(USER_AGENT, config.user_agent.clone());
    headers.insert(CONTENT_LENGTH, length);
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
