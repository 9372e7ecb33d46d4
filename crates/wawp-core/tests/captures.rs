//! Fixture tests from captures: every exchange under `tests/fixtures/captures`
//! parses as its endpoint parses answers, a success into its value, an
//! error status into the error a client would return, never a decode error.
//! Drop a capture from the live API into that directory and it is tested.

use std::path::Path;

use wawp_core::capture::{CAPTURE_FORMAT, Exchange};
use wawp_core::{ApiErrorKind, Error, InstanceId, RateLimitShow};

const DIR: &str = "tests/fixtures/captures";

fn captures() -> Vec<(String, Exchange)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let exchange = Exchange::from_json(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, exchange)
        })
        .collect()
}

#[test]
fn every_capture_parses_as_its_endpoint() {
    let captures = captures();
    assert!(!captures.is_empty());
    for (name, exchange) in captures {
        assert_eq!(exchange.format, CAPTURE_FORMAT);
        assert!(
            !exchange.path.contains("access_token=")
                || exchange.path.contains("access_token=[redacted]"),
            "{name}"
        );
        let checked = exchange.check().unwrap_or_else(|| {
            panic!(
                "{name}: no endpoint for {} {}",
                exchange.method,
                exchange.endpoint_path()
            )
        });
        match checked {
            Ok(value) => assert!((200..300).contains(&exchange.status), "{name}: {value}"),
            Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), exchange.status, "{name}"),
            Err(e) => panic!("{name}: the tolerant reading does not cover this answer: {e}"),
        }
    }
}

#[test]
fn the_examples_say_what_they_hold() {
    for (name, exchange) in captures() {
        match name.as_str() {
            "0001-GET-v2-session-rate-limit-200.json" => {
                let id = InstanceId::new(exchange.query("instance_id").unwrap()).unwrap();
                let limits = exchange.parse(&RateLimitShow::new(id)).unwrap();
                assert_eq!(limits.current.as_deref(), Some("strict"));
                assert_eq!(
                    limits.available().collect::<Vec<_>>(),
                    ["strict", "standard_policy"]
                );
                assert_eq!(
                    limits
                        .policy("strict")
                        .unwrap()
                        .limits
                        .send_message_per_minute,
                    Some(5)
                );
            }
            "0002-GET-v2-session-webhook-403.json" => {
                let err = exchange.check().unwrap().unwrap_err();
                assert_eq!(err.api().unwrap().kind, ApiErrorKind::SubscriptionRequired);
            }
            other => assert!(exchange.check().is_some(), "{other}"),
        }
    }
}

#[test]
fn an_exchange_round_trips_and_names_its_file() {
    let (_, exchange) = captures().remove(0);
    let again = Exchange::from_json(exchange.to_json().as_bytes()).unwrap();
    assert_eq!(again, exchange);
    assert_eq!(
        exchange.file_name(1),
        "0001-GET-v2-session-rate-limit-200.json"
    );
    assert_eq!(exchange.to_response().status(), 200);
    assert!(
        Exchange::from_json(br#"{"format":"other","method":"GET","path":"/","status":200}"#)
            .is_err()
    );
    assert!(Exchange::from_json(b"nope").is_err());
}

/// The capture hook: the token is nowhere in what it hands over, in the
/// path, the request body (credentials in the body), the headers or the
/// answer's body, in plain or encoded form.
#[test]
fn the_hook_hands_over_redacted_exchanges() {
    use std::sync::Mutex;
    use wawp_core::capture::capture;
    use wawp_core::transport::from_fn;
    use wawp_core::{AccessToken, BlockingClient, Config, ParamLocation};

    const SECRET: &str = "s3cr3t/tok+en";
    let seen = Mutex::new(Vec::new());
    let transport = capture(
        from_fn(|_, _| {
            Ok(http::Response::builder()
                .status(403)
                .header("content-type", "application/json")
                .header("set-cookie", "session=abc")
                .header("x-echo", SECRET)
                .body(format!(r#"{{"code":"subscription_required","message":"no plan for s3cr3t%2Ftok%2Ben or {SECRET}"}}"#).into_bytes())
                .unwrap())
        }),
        |exchange: Exchange| seen.lock().unwrap().push(exchange),
    );
    let token = AccessToken::new(SECRET).unwrap();
    let id = InstanceId::new("3EB0BCB2E3D4").unwrap();
    let client = BlockingClient::new(&transport, token.clone());
    let err = client.webhooks(&id).unwrap_err();
    assert_eq!(err.api().unwrap().kind, ApiErrorKind::SubscriptionRequired);
    let mut config = Config::default();
    config.params = ParamLocation::JsonBody;
    let in_body = BlockingClient::with_config(&transport, token, config);
    let _ = in_body.set_webhooks(&id, Vec::new());
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), 2);
    for exchange in &seen {
        let json = exchange.to_json();
        for form in [SECRET, "s3cr3t%2Ftok%2Ben", "s3cr3t"] {
            assert!(!json.contains(form), "{json}");
        }
        assert!(!json.contains("session=abc"));
        assert_eq!(exchange.status, 403);
        assert_eq!(
            exchange.check().unwrap().unwrap_err().api().unwrap().kind,
            ApiErrorKind::SubscriptionRequired
        );
    }
    assert_eq!(
        seen[0].path,
        "/v2/session/webhook?instance_id=3EB0BCB2E3D4&access_token=[redacted]"
    );
    assert_eq!(seen[1].path, "/v2/session/webhook");
    assert!(
        seen[1]
            .request_body
            .as_deref()
            .unwrap()
            .contains(r#""access_token":"[redacted]""#),
        "{:?}",
        seen[1].request_body
    );
}

#[test]
fn a_hand_edited_method_still_names_a_file_not_a_path() {
    let (_, mut exchange) = captures().remove(0);
    exchange.method = "../../etc/GET".to_owned();
    let name = exchange.file_name(7);
    assert_eq!(name, "0007-______etc_GET-v2-session-rate-limit-200.json");
    assert!(!name.contains('/') && !name.contains('\\'), "{name}");
}
