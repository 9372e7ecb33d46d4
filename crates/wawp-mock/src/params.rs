//! Reading `instance_id` and `access_token` from the query string
//! (form-urlencoded) or a JSON object body, as the documentation allows both.

use crate::recorded::RecordedRequest;

/// The endpoint's parameters, wherever they came from. Query values win over
/// body values.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) instance_id: Option<String>,
    pub(crate) access_token: Option<String>,
}

impl Params {
    /// The parameters of `request`, or why its body could not be read.
    pub(crate) fn read(request: &RecordedRequest) -> Result<Self, &'static str> {
        let mut params = Params::default();
        for (key, value) in request.query_pairs() {
            match key.as_str() {
                "instance_id" if params.instance_id.is_none() => params.instance_id = Some(value),
                "access_token" if params.access_token.is_none() => {
                    params.access_token = Some(value)
                }
                _ => {}
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
        let field = |name: &str| -> Result<Option<String>, &'static str> {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err("a body parameter is not a string"),
            }
        };
        if params.instance_id.is_none() {
            params.instance_id = field("instance_id")?;
        }
        if params.access_token.is_none() {
            params.access_token = field("access_token")?;
        }
        Ok(params)
    }
}
