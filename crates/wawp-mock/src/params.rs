//! Reading the request's parameters from the query string (form-urlencoded)
//! or a JSON object body, as the documentation allows both.

use crate::recorded::RecordedRequest;

/// The parameters the simulator reads. Others are ignored.
const KNOWN: [&str; 8] = [
    "instance_id",
    "access_token",
    "phone_number",
    "code",
    "format",
    "policy_slug",
    "name",
    "token",
];

/// The parameters that hold JSON rather than a string: a value in a JSON
/// body, or its JSON text in the query.
const JSON_VALUED: [&str; 1] = ["webhooks"];

/// The request's parameters, wherever they came from. Query values win over
/// body values.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) instance_id: Option<String>,
    pub(crate) access_token: Option<String>,
    values: Vec<(&'static str, String)>,
    json: Vec<(&'static str, serde_json::Value)>,
}

impl Params {
    /// The parameters of `request`, or why its body could not be read.
    pub(crate) fn read(request: &RecordedRequest) -> Result<Self, &'static str> {
        let mut params = Params::default();
        for (key, value) in request.query_pairs() {
            if let Some(name) = KNOWN.iter().find(|k| **k == key) {
                params.set(name, value);
            } else if let Some(name) = JSON_VALUED.iter().find(|k| **k == key) {
                let value = serde_json::from_str(&value)
                    .map_err(|_| "a query parameter that holds JSON is not valid JSON")?;
                params.json.push((name, value));
            }
        }
        let body = request.body.as_slice();
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|_| "the request body is not valid JSON")?;
        let object = value
            .as_object()
            .ok_or("the request body is not a JSON object")?;
        for name in KNOWN {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => {}
                Some(serde_json::Value::String(s)) => params.set(name, s.clone()),
                Some(_) => return Err("a body parameter is not a string"),
            }
        }
        for name in JSON_VALUED {
            if let Some(value) = object.get(name)
                && params.json_value(name).is_none()
            {
                params.json.push((name, value.clone()));
            }
        }
        Ok(params)
    }

    /// Parameters holding only `name` = `value` (for control calls made
    /// through the Rust API).
    pub(crate) fn only(name: &'static str, value: &str) -> Self {
        let mut params = Params::default();
        params.set(name, value.to_owned());
        params
    }

    /// Sets `name` unless it is set already.
    fn set(&mut self, name: &'static str, value: String) {
        match name {
            "instance_id" if self.instance_id.is_none() => self.instance_id = Some(value),
            "access_token" if self.access_token.is_none() => self.access_token = Some(value),
            "instance_id" | "access_token" => {}
            _ if self.get(name).is_none() => self.values.push((name, value)),
            _ => {}
        }
    }

    /// A parameter that holds JSON (`webhooks`), if sent.
    pub(crate) fn json_value(&self, name: &str) -> Option<&serde_json::Value> {
        self.json.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Another parameter (`phone_number`, `code`, `format`, `policy_slug`,
    /// `name`, `token`).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}
