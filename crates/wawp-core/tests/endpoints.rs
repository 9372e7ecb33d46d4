//! The endpoint seam: what every endpoint puts on the wire in both parameter
//! modes, and custom endpoints (GET, narrowed success statuses, hand-written
//! decoding) declared in one place each, from outside the crate.

use http::{Method, Request, Response, StatusCode};
use wawp_core::{
    AccessToken, ApiErrorKind, BodyError, Config, Decode, Delete, Endpoint, Error, Info,
    InstanceId, Logout, ParamLocation, PhoneNumber, Qr, QrImage, Repeat, RequestCode, Restart,
    Start, Stop,
};

const TOKEN: &str = "tok/en+=&?";

fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

fn id() -> InstanceId {
    InstanceId::new("a b&c").unwrap()
}

fn config(params: ParamLocation) -> Config {
    let mut config = Config::default();
    config.params = params;
    config
}

/// What a request must look like.
#[derive(Debug, PartialEq)]
struct Wire {
    method: Method,
    uri: String,
    content_type: Option<String>,
    content_length: Option<String>,
    body: String,
    headers: usize,
}

fn wire(request: &Request<Vec<u8>>) -> Wire {
    let h = request.headers();
    let text = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(h["accept"], "application/json");
    assert!(h.contains_key("user-agent"));
    Wire {
        method: request.method().clone(),
        uri: request.uri().to_string(),
        content_type: text("content-type"),
        content_length: text("content-length"),
        body: String::from_utf8(request.body().clone()).unwrap(),
        headers: h.len(),
    }
}

fn build<E: Endpoint>(endpoint: E, params: ParamLocation) -> Wire {
    wire(&endpoint.build(&config(params), &token()).unwrap())
}

const QUERY: &str = "?instance_id=a+b%26c&access_token=tok%2Fen%2B%3D%26%3F";
const CREDENTIALS_JSON: &str = r#""instance_id":"a b&c","access_token":"tok/en+=&?""#;

/// A POST whose fields are all in the query: `Content-Length: 0`, no
/// `Content-Type`.
fn empty_post(path: &str) -> Wire {
    Wire {
        method: Method::POST,
        uri: format!("https://api.wawp.net{path}{QUERY}"),
        content_type: None,
        content_length: Some("0".into()),
        body: String::new(),
        headers: 3,
    }
}

/// A POST with a JSON body.
fn json_post(uri: String, body: String) -> Wire {
    Wire {
        method: Method::POST,
        uri,
        content_type: Some("application/json".into()),
        content_length: Some(body.len().to_string()),
        body,
        headers: 4,
    }
}

fn credentials_in_body(path: &str, extra: &str) -> Wire {
    json_post(
        format!("https://api.wawp.net{path}"),
        format!("{{{CREDENTIALS_JSON}{extra}}}"),
    )
}

#[test]
fn instance_posts_in_query_mode() {
    let q = ParamLocation::Query;
    assert_eq!(build(Start::new(id()), q), empty_post("/v2/session/start"));
    assert_eq!(build(Stop::new(id()), q), empty_post("/v2/session/stop"));
    assert_eq!(
        build(Restart::new(id()), q),
        empty_post("/v2/session/restart")
    );
    assert_eq!(
        build(Logout::new(id()), q),
        empty_post("/v2/session/logout")
    );
    assert_eq!(build(Info::new(id()), q), empty_post("/v2/session/info"));
    assert_eq!(
        build(QrImage::new(id()), q),
        empty_post("/v2/auth/qr-image")
    );
}

#[test]
fn instance_posts_in_json_body_mode() {
    let j = ParamLocation::JsonBody;
    for (wire, path) in [
        (build(Start::new(id()), j), "/v2/session/start"),
        (build(Stop::new(id()), j), "/v2/session/stop"),
        (build(Restart::new(id()), j), "/v2/session/restart"),
        (build(Logout::new(id()), j), "/v2/session/logout"),
        (build(Info::new(id()), j), "/v2/session/info"),
        (build(QrImage::new(id()), j), "/v2/auth/qr-image"),
    ] {
        assert_eq!(wire, credentials_in_body(path, ""), "{path}");
    }
}

#[test]
fn own_fields_go_in_a_json_body() {
    let query_uri = |path: &str| format!("https://api.wawp.net{path}{QUERY}");
    assert_eq!(
        build(Qr::new(id()), ParamLocation::Query),
        json_post(query_uri("/v2/auth/qr"), r#"{"format":"raw"}"#.into())
    );
    assert_eq!(
        build(Qr::new(id()), ParamLocation::JsonBody),
        credentials_in_body("/v2/auth/qr", r#","format":"raw""#)
    );
    let phone = PhoneNumber::new("+20 114-520-2826").unwrap();
    let code = RequestCode::new(id(), phone);
    assert_eq!(
        build(code.clone(), ParamLocation::Query),
        json_post(
            query_uri("/v2/auth/request-code"),
            r#"{"phone_number":"201145202826"}"#.into()
        )
    );
    assert_eq!(
        build(code, ParamLocation::JsonBody),
        credentials_in_body("/v2/auth/request-code", r#","phone_number":"201145202826""#)
    );
}

/// A DELETE never has a body, but states its length (0), so that every
/// transport sends the same bytes.
#[test]
fn delete_has_no_body_in_either_mode() {
    let expected = Wire {
        method: Method::DELETE,
        uri: format!("https://api.wawp.net/v2/session/delete{QUERY}"),
        content_type: None,
        content_length: Some("0".into()),
        body: String::new(),
        headers: 3,
    };
    for params in [ParamLocation::Query, ParamLocation::JsonBody] {
        assert_eq!(build(Delete::new(id()), params), expected, "{params:?}");
    }
}

#[test]
fn declared_repeat() {
    assert_eq!(Info::REPEAT, Repeat::Read);
    assert_eq!(Qr::REPEAT, Repeat::Read);
    assert_eq!(QrImage::REPEAT, Repeat::Read);
    assert_eq!(Start::REPEAT, Repeat::Harmless);
    assert_eq!(Stop::REPEAT, Repeat::Harmless);
    assert_eq!(Restart::REPEAT, Repeat::Harmless);
    assert_eq!(Logout::REPEAT, Repeat::Harmless);
    assert_eq!(RequestCode::REPEAT, Repeat::Harmless);
    assert_eq!(Delete::REPEAT, Repeat::Never);
}

// --- custom endpoints, one declaration each -------------------------------

/// `GET /v2/session/rate-limit` with an extra `policy_slug`: a GET never gets
/// a body, so its own fields go in the query too.
struct RateLimit {
    instance_id: InstanceId,
    policy: &'static str,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Policies {
    has_active_plan: bool,
}

impl Endpoint for RateLimit {
    type Output = Policies;
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/v2/session/rate-limit";
    const REPEAT: Repeat = Repeat::Read;
    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }
    fn body(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("policy_slug", self.policy))
    }
}

#[test]
fn a_get_never_has_a_body() {
    let endpoint = RateLimit {
        instance_id: id(),
        policy: "strict",
    };
    let expected = Wire {
        method: Method::GET,
        uri: "https://api.wawp.net/v2/session/rate-limit?instance_id=a+b%26c&policy_slug=strict&access_token=tok%2Fen%2B%3D%26%3F".into(),
        content_type: None,
        content_length: None,
        body: String::new(),
        headers: 2,
    };
    for params in [ParamLocation::Query, ParamLocation::JsonBody] {
        let request = endpoint.build(&config(params), &token()).unwrap();
        assert_eq!(wire(&request), expected, "{params:?}");
    }
    // A serde output needs no decoding code.
    let response = Response::new(br#"{"has_active_plan":true,"policies":[]}"#.to_vec());
    assert_eq!(
        endpoint.parse(response, &token()).unwrap(),
        Policies {
            has_active_plan: true
        }
    );
}

/// `POST /v2/session/create`: success is 201 only, and the output is decoded
/// by hand (a type that is not serde's).
struct Create;

#[derive(Debug, PartialEq)]
struct Created(String);

impl Decode for Created {
    fn decode(body: &[u8]) -> Result<Self, BodyError> {
        std::str::from_utf8(body)
            .map(|s| Created(s.to_owned()))
            .map_err(|_| BodyError::Field {
                field: "body",
                reason: "not UTF-8".into(),
            })
    }
}

impl Endpoint for Create {
    type Output = Created;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/session/create";
    const REPEAT: Repeat = Repeat::Never;
    fn is_success(status: StatusCode) -> bool {
        status == StatusCode::CREATED
    }
    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::empty()
    }
}

fn answer(status: u16, body: &[u8]) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.to_vec())
        .unwrap()
}

#[test]
fn success_statuses_are_declared() {
    let request = Create.build(&Config::default(), &token()).unwrap();
    assert_eq!(
        request.uri(),
        "https://api.wawp.net/v2/session/create?access_token=tok%2Fen%2B%3D%26%3F"
    );
    assert_eq!(
        Create.parse(answer(201, b"made"), &token()).unwrap(),
        Created("made".into())
    );
    // A 2xx the endpoint does not accept is an unexpected status, typed.
    let err = Create.parse(answer(200, b"made"), &token()).unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!((api.status.as_u16(), api.kind), (200, ApiErrorKind::Other));
    assert!(err.maybe_sent());
    // A hand-written decoder's error becomes a Decode error, with status.
    let err = Create.parse(answer(201, &[0xff]), &token()).unwrap_err();
    match err {
        Error::Decode(e) => {
            assert_eq!(e.status.as_u16(), 201);
            assert_eq!(e.reason, "field `body`: not UTF-8");
        }
        other => panic!("{other:?}"),
    }
    // The built-in endpoints accept any 2xx, as the documentation's samples do.
    let session = br#"{"name":"n","status":"STARTING","instance_id":"i"}"#;
    assert!(
        Start::new(id())
            .parse(answer(202, session), &token())
            .is_ok()
    );
}
