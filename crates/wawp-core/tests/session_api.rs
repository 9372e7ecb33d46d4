//! The rest of the Session category (temporary links, me, rate-limit
//! policies, webhooks, create): what each puts on the wire, how it reads
//! the documented and the alternative shapes of its answers, its error
//! kinds, and the bad input it refuses before any I/O.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{Method, Request, Response};
use wawp_core::{
    AboutMe, AccessToken, ApiErrorKind, BlockingClient, Config, Create, Endpoint, Error,
    InputError, InstanceId, ParamLocation, Platform, PolicySlug, RateLimitShow, RateLimits, Repeat,
    SessionName, SetPolicy, SetWebhooks, TempLinkNew, TempLinkRevoke, TempLinkShow, TempLinkToken,
    Webhook, WebhookShow,
};

const TOKEN: &str = "tok-SECRET-42";
const LINK_TOKEN: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

fn id() -> InstanceId {
    InstanceId::new("3EB0BCB2E3D4").unwrap()
}

fn build<E: Endpoint>(endpoint: &E, params: ParamLocation) -> Request<Vec<u8>> {
    let mut config = Config::default();
    config.params = params;
    endpoint.build(&config, &token()).unwrap()
}

fn answer(status: u16, content_type: &str, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn ok<E: Endpoint>(endpoint: &E, body: &str) -> E::Output {
    match endpoint.parse(answer(200, "application/json", body), &token()) {
        Ok(output) => output,
        Err(e) => panic!("{body}: {e}"),
    }
}

fn text(request: &Request<Vec<u8>>) -> (Method, String, String) {
    (
        request.method().clone(),
        request.uri().to_string(),
        String::from_utf8(request.body().clone()).unwrap(),
    )
}

const Q: &str = "instance_id=3EB0BCB2E3D4&access_token=tok-SECRET-42";

#[test]
fn requests_in_query_mode() {
    let q = ParamLocation::Query;
    let url = |path: &str| format!("https://api.wawp.net{path}?{Q}");
    assert_eq!(
        text(&build(&TempLinkShow::new(id()), q)),
        (Method::GET, url("/v2/session/temp-link"), String::new())
    );
    assert_eq!(
        text(&build(&TempLinkNew::new(id()), q)),
        (Method::POST, url("/v2/session/temp-link"), String::new())
    );
    assert_eq!(
        text(&build(&TempLinkRevoke::new(id()), q)),
        (Method::DELETE, url("/v2/session/temp-link"), String::new())
    );
    assert_eq!(
        text(&build(&AboutMe::new(id()), q)),
        (Method::GET, url("/v2/session/me"), String::new())
    );
    assert_eq!(
        text(&build(&RateLimitShow::new(id()), q)),
        (Method::GET, url("/v2/session/rate-limit"), String::new())
    );
    let set = SetPolicy::new(id(), PolicySlug::new("standard_policy").unwrap());
    let request = build(&set, q);
    assert_eq!(
        text(&request),
        (
            Method::PATCH,
            "https://api.wawp.net/v2/session/rate-limit?instance_id=3EB0BCB2E3D4&policy_slug=standard_policy&access_token=tok-SECRET-42".into(),
            String::new()
        )
    );
    assert_eq!(request.headers()["content-length"], "0");
    assert_eq!(
        text(&build(&WebhookShow::new(id()), q)),
        (Method::GET, url("/v2/session/webhook"), String::new())
    );
    let hooks = vec![
        Webhook::new("https://example.com/a", ["message", "message.ack"]).unwrap(),
        Webhook::new("https://example.com/b", ["session.status"])
            .unwrap()
            .active(false),
    ];
    let request = build(&SetWebhooks::new(id(), hooks).unwrap(), q);
    let (method, uri, body) = text(&request);
    assert_eq!((method, uri), (Method::POST, url("/v2/session/webhook")));
    assert_eq!(request.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"webhooks": [
            {"url": "https://example.com/a", "events": ["message", "message.ack"], "is_active": true},
            {"url": "https://example.com/b", "events": ["session.status"], "is_active": false},
        ]})
    );
    let create = Create::new(SessionName::new("shop \"front\"").unwrap());
    assert_eq!(
        text(&build(&create, q)),
        (
            Method::POST,
            "https://api.wawp.net/v2/session/create?access_token=tok-SECRET-42".into(),
            r#"{"name":"shop \"front\""}"#.into()
        )
    );
    let unnamed = build(&Create::unnamed(), q);
    assert!(unnamed.body().is_empty());
    assert_eq!(unnamed.headers()["content-length"], "0");
}

#[test]
fn requests_in_json_body_mode() {
    let j = ParamLocation::JsonBody;
    let creds = r#""instance_id":"3EB0BCB2E3D4","access_token":"tok-SECRET-42""#;
    let (method, uri, body) = text(&build(&TempLinkNew::new(id()), j));
    assert_eq!(method, Method::POST);
    assert_eq!(uri, "https://api.wawp.net/v2/session/temp-link");
    assert_eq!(body, format!("{{{creds}}}"));
    // GET and DELETE never carry a body: the credentials stay in the query.
    let (_, uri, body) = text(&build(&TempLinkRevoke::new(id()), j));
    assert_eq!(
        uri,
        format!("https://api.wawp.net/v2/session/temp-link?{Q}")
    );
    assert!(body.is_empty());
    let set = SetPolicy::new(id(), PolicySlug::new("strict").unwrap());
    let (_, uri, body) = text(&build(&set, j));
    assert_eq!(uri, "https://api.wawp.net/v2/session/rate-limit");
    assert_eq!(
        body,
        r#"{"instance_id":"3EB0BCB2E3D4","policy_slug":"strict","access_token":"tok-SECRET-42"}"#
    );
    let (_, uri, body) = text(&build(&Create::new(SessionName::new("n").unwrap()), j));
    assert_eq!(uri, "https://api.wawp.net/v2/session/create");
    assert_eq!(body, r#"{"access_token":"tok-SECRET-42","name":"n"}"#);
}

#[test]
fn repeats() {
    assert_eq!(TempLinkShow::REPEAT, Repeat::Read);
    assert_eq!(TempLinkNew::REPEAT, Repeat::Harmless);
    assert_eq!(TempLinkRevoke::REPEAT, Repeat::Harmless);
    assert_eq!(AboutMe::REPEAT, Repeat::Read);
    assert_eq!(RateLimitShow::REPEAT, Repeat::Read);
    assert_eq!(SetPolicy::REPEAT, Repeat::Harmless);
    assert_eq!(WebhookShow::REPEAT, Repeat::Read);
    assert_eq!(SetWebhooks::REPEAT, Repeat::Harmless);
    assert_eq!(Create::REPEAT, Repeat::Never);
}

fn at(seconds: u64) -> Option<SystemTime> {
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

#[test]
fn temp_links_in_every_spelling() {
    let url = format!("https://app.wawp.net/temp-qr/{LINK_TOKEN}");
    let show = TempLinkShow::new(id());
    for body in [
        r#"{"link":null}"#.to_owned(),
        "{}".to_owned(),
        r#"{"link":"","expires_at":null}"#.to_owned(),
        r#"{"data":{"link":null}}"#.to_owned(),
    ] {
        assert_eq!(ok(&show, &body), None, "{body}");
    }
    for body in [
        format!(r#"{{"link":"{url}","expires_at":1796699700,"extra":[1]}}"#),
        format!(r#"{{"link":"{url}","expiresAt":"2026-12-08T03:15:00Z"}}"#),
        format!(r#"{{"link":{{"url":"{url}","expiry":1796699700000}}}}"#),
        format!(r#"{{"temp_link":"{url}","valid_until":"1796699700"}}"#),
        format!(r#"{{"data":{{"link":"{url}","expires_at":"2026-12-08 03:15:00"}}}}"#),
        format!(r#"{{"token":"{LINK_TOKEN}","expires":1796699700}}"#),
        format!(r#"{{"success":true,"link":{{"token":"{LINK_TOKEN}","expiresAt":1796699700}}}}"#),
    ] {
        let link = ok(&show, &body).unwrap_or_else(|| panic!("{body}"));
        assert_eq!(link.url, url, "{body}");
        assert_eq!(
            link.token.as_ref().map(|t| t.as_str()),
            Some(LINK_TOKEN),
            "{body}"
        );
        assert_eq!(link.expires_at, at(1_796_699_700), "{body}");
        assert_eq!(link.to_string(), url);
    }
    // A lifetime instead of a time.
    let link = ok(
        &TempLinkNew::new(id()),
        &format!(r#"{{"link":"{url}","expires_in":1800}}"#),
    );
    let left = link.remaining(SystemTime::now()).unwrap();
    assert!(left > Duration::from_secs(1790) && left <= Duration::from_secs(1800));
    // A link of another form is kept, without a token.
    let other = ok(&show, r#"{"link":"https://example.com/x?y=1"}"#).unwrap();
    assert_eq!(
        (other.url.as_str(), other.token, other.expires_at),
        ("https://example.com/x?y=1", None, None)
    );
    // POST must give a link; GET's shapes that are not a link are errors.
    let err = TempLinkNew::new(id())
        .parse(
            answer(200, "application/json", r#"{"link":null}"#),
            &token(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err}");
    for body in [r#"{"link":42}"#, "[]", "not json", ""] {
        let err = show
            .parse(answer(200, "application/json", body), &token())
            .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{body}: {err}");
    }
}

#[test]
fn revoking_accepts_any_success_body() {
    let revoke = TempLinkRevoke::new(id());
    assert_eq!(
        ok(&revoke, r#"{"message":"All links revoked","revoked":2}"#)
            .message
            .as_deref(),
        Some("All links revoked")
    );
    assert_eq!(ok(&revoke, "").message, None);
    assert_eq!(ok(&revoke, "OK").message.as_deref(), Some("OK"));
    assert_eq!(ok(&revoke, r#"{"success":true}"#).raw["success"], true);
}

#[test]
fn link_tokens_are_validated() {
    assert!(TempLinkToken::new(LINK_TOKEN).is_ok());
    let from_url: TempLinkToken = format!("https://app.wawp.net/temp-qr/{LINK_TOKEN}")
        .parse()
        .unwrap();
    assert_eq!(from_url.as_str(), LINK_TOKEN);
    let invalid = |s: &str| matches!(TempLinkToken::new(s), Err(InputError::Invalid { .. }));
    assert!(invalid("short"));
    assert!(invalid(&format!("{LINK_TOKEN}/x")));
    assert!(invalid(&format!(
        "https://evil.example/temp-qr/{LINK_TOKEN}"
    )));
    assert!(invalid("abcdefghijklmnop%20"));
    assert_eq!(
        TempLinkToken::new(""),
        Err(InputError::Empty {
            field: "temporary link token"
        })
    );
    assert!(matches!(
        TempLinkToken::new("a\u{7}bcdefghijklmnopq"),
        Err(InputError::ControlCharacter { .. })
    ));
    assert!(matches!(
        TempLinkToken::new("a".repeat(300)),
        Err(InputError::TooLong { .. })
    ));
    // Its errors never repeat the value.
    let err = TempLinkToken::new("bad token with-secret-bits").unwrap_err();
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[test]
fn me_in_every_spelling() {
    let me = AboutMe::new(id());
    for body in [
        r#"{"id":"15551234567@c.us","pushName":"Jane","platform":"android","extra":true}"#,
        r#"{"jid":"15551234567@c.us","push_name":"Jane","platform":"Android"}"#,
        r#"{"me":{"id":"15551234567@c.us","pushname":"Jane","platform":"android"}}"#,
        r#"{"data":{"wid":{"_serialized":"15551234567@c.us"},"name":"Jane","platform":"android"}}"#,
    ] {
        let got = ok(&me, body);
        assert_eq!(got.id, "15551234567@c.us", "{body}");
        assert_eq!(got.push_name.as_deref(), Some("Jane"), "{body}");
        assert_eq!(got.platform, Some(Platform::Android), "{body}");
    }
    let bare = ok(&me, r#"{"id":"1@c.us","platform":"smbi"}"#);
    assert_eq!(
        (bare.push_name, bare.platform),
        (None, Some(Platform::Other("smbi".into())))
    );
    assert_eq!(
        ok(&me, r#"{"id":"1@c.us","platform":"IOS"}"#).platform,
        Some(Platform::Ios)
    );
    let err = me
        .parse(answer(200, "application/json", r#"{"id":null}"#), &token())
        .unwrap_err();
    assert!(err.to_string().contains("no account id"), "{err}");
}

const RATE_LIMITS: &str = r#"{
  "current_policy": "strict",
  "has_active_plan": false,
  "free_policies": ["strict", "standard_policy"],
  "policies": [
    {"slug": "strict", "name": "Strict", "available": true, "limits": {
      "send_message_per_minute": 10, "send_message_daily_cap": 500,
      "account_protection_seconds": 30, "concurrent_limit": 1,
      "group_req_per_minute": 2, "group_daily_cap": 50,
      "check_req_per_minute": 5, "check_daily_cap": 200, "burst": 3}},
    {"slug": "standard_policy", "available": 1, "limits": {"send_message_per_minute": "20"}},
    {"slug": "turbo", "available": false, "limits": {}}
  ],
  "unknown": {"x": 1}
}"#;

#[test]
fn rate_limits_documented_shape() {
    let limits = ok(&RateLimitShow::new(id()), RATE_LIMITS);
    assert_eq!(limits.current.as_deref(), Some("strict"));
    assert_eq!(limits.has_active_plan, Some(false));
    assert_eq!(limits.free_policies, ["strict", "standard_policy"]);
    let slugs: Vec<_> = limits.policies.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["strict", "standard_policy", "turbo"]);
    let strict = limits.policy("strict").unwrap();
    assert_eq!(strict.name.as_deref(), Some("Strict"));
    assert_eq!(strict.limits.send_message_per_minute, Some(10));
    assert_eq!(strict.limits.check_daily_cap, Some(200));
    assert_eq!(strict.limits.other["burst"], 3);
    assert_eq!(
        strict.limits.documented()[0],
        ("send_message_per_minute", Some(10))
    );
    assert_eq!(
        limits
            .policy("standard_policy")
            .unwrap()
            .limits
            .send_message_per_minute,
        Some(20)
    );
    assert_eq!(
        limits.available().collect::<Vec<_>>(),
        ["strict", "standard_policy"]
    );
}

#[test]
fn rate_limits_alternative_shapes() {
    let show = RateLimitShow::new(id());
    // camelCase, policies keyed by slug, limits at the policy's top level,
    // availability from the free list, the current policy as an object.
    let limits = ok(
        &show,
        r#"{"data":{"currentPolicy":{"slug":"standard_policy"},"hasActivePlan":"0",
            "freePolicies":[{"slug":"strict"},"standard_policy"],
            "policies":{"strict":{"sendMessagePerMinute":10},"premium":{"concurrentLimit":5,"description":"fast"}}}}"#,
    );
    assert_eq!(limits.current.as_deref(), Some("standard_policy"));
    assert_eq!(limits.has_active_plan, Some(false));
    assert_eq!(limits.free_policies, ["strict", "standard_policy"]);
    assert!(limits.policy("strict").unwrap().available);
    let premium = limits.policy("premium").unwrap();
    assert!(!premium.available);
    assert_eq!(premium.limits.concurrent_limit, Some(5));
    assert!(premium.limits.other.is_empty());
    assert_eq!(
        limits
            .policy("strict")
            .unwrap()
            .limits
            .send_message_per_minute,
        Some(10)
    );
    // A paid plan makes every policy available when none says otherwise.
    let paid = ok(
        &show,
        r#"{"policy":"turbo","has_active_plan":true,"policies":["strict","turbo"]}"#,
    );
    assert_eq!(paid.current.as_deref(), Some("turbo"));
    assert!(paid.policies.iter().all(|p| p.available));
    // Nothing but unknown fields: an empty, valid answer.
    assert_eq!(ok(&show, r#"{"foo":1}"#), RateLimits::default());
    let err = show
        .parse(
            answer(200, "application/json", r#"{"policies":"strict"}"#),
            &token(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err}");
}

#[test]
fn policy_changes_are_checked_against_the_known_list() {
    let known = ok(&RateLimitShow::new(id()), RATE_LIMITS);
    let slug = |s: &str| PolicySlug::new(s).unwrap();
    assert!(SetPolicy::checked(id(), slug("standard_policy"), &known).is_ok());
    match SetPolicy::checked(id(), slug("turbo"), &known) {
        Err(InputError::PolicyUnavailable { slug, available }) => {
            assert_eq!(slug, "turbo");
            assert_eq!(available, ["strict", "standard_policy"]);
        }
        other => panic!("{other:?}"),
    }
    match SetPolicy::checked(id(), slug("nope"), &known) {
        Err(e @ InputError::UnknownPolicy { .. }) => {
            assert_eq!(
                e.to_string(),
                "unknown rate-limit policy `nope`; the instance offers: strict, standard_policy, turbo"
            );
        }
        other => panic!("{other:?}"),
    }
    // Unchecked, the server's refusal comes back with its message.
    let err = SetPolicy::new(id(), slug("nope"))
        .parse(
            answer(
                400,
                "application/json",
                r#"{"message":"Invalid policy slug"}"#,
            ),
            &token(),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "HTTP 400 (bad request): Invalid policy slug"
    );
    for bad in ["", "two words", "ünï", &"x".repeat(65)] {
        assert!(PolicySlug::new(bad).is_err(), "{bad}");
    }
    // The client refuses before any I/O.
    let client = BlockingClient::new(
        wawp_core::transport::from_fn(|_, _| panic!("nothing may be sent")),
        token(),
    );
    let err = client
        .set_policy_checked(&id(), &slug("turbo"), &known)
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(_)) && !err.maybe_sent(),
        "{err}"
    );
}

#[test]
fn webhooks_in_every_spelling() {
    let show = WebhookShow::new(id());
    let got = ok(
        &show,
        r#"{"webhooks":[
            {"url":"https://a.example/h","events":["message","message.ack"],"is_active":1},
            {"url":"https://b.example/h","events":"message, message.edited","isActive":"false"},
            {"webhook_url":"https://c.example/h","event":["x.y"]},
            {"no_url":true}
          ],
          "systemConfig":{"url":"https://wawp.internal","events":["*"]},"more":1}"#,
    );
    assert_eq!(got.webhooks.len(), 3);
    assert!(got.webhooks[0].is_active && !got.webhooks[1].is_active && got.webhooks[2].is_active);
    assert_eq!(got.webhooks[1].events, ["message", "message.edited"]);
    assert_eq!(
        got.webhooks[2].unknown_events().collect::<Vec<_>>(),
        ["x.y"]
    );
    assert_eq!(got.system_config.unwrap()["events"][0], "*");
    let empty = ok(&show, r#"{"webhooks":null,"system_config":null}"#);
    assert!(empty.webhooks.is_empty() && empty.system_config.is_none());
    let stringly = ok(
        &show,
        r#"{"data":{"webhooks":"[{\"url\":\"https://a.example/h\",\"events\":[\"message\"],\"is_active\":0}]"}}"#,
    );
    assert!(!stringly.webhooks[0].is_active);
    for body in [r#"{"webhooks":"nope"}"#, r#"{"webhooks":7}"#] {
        let err = show
            .parse(answer(200, "application/json", body), &token())
            .unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{body}");
    }
}

#[test]
fn webhook_input_is_checked_before_io() {
    for url in [
        "http://example.com/h",
        "example.com/h",
        "https://",
        "https:///path",
        "ftp://x.example",
        "https://a b.example",
        "https://x.example/\u{0}",
        "",
    ] {
        assert!(Webhook::new(url, ["message"]).is_err(), "{url:?}");
    }
    assert!(
        Webhook::new(
            format!("https://x.example/{}", "a".repeat(3000)),
            ["message"]
        )
        .is_err()
    );
    assert!(Webhook::new("HTTPS://x.example/h", ["message"]).is_ok());
    assert!(Webhook::new("https://x.example/h", Vec::<String>::new()).is_err());
    assert!(Webhook::new("https://x.example/h", ["two words"]).is_err());
    // A list read from an answer (or built by hand) is checked again.
    let mut hooks = Webhook::list_from_json(
        br#"{"webhooks":[{"url":"https://x.example/h","events":["message"]}]}"#,
    )
    .unwrap();
    hooks[0].url = "http://x.example/h".into();
    let err = SetWebhooks::new(id(), hooks).unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    let too_many = vec![Webhook::new("https://x.example/h", ["message"]).unwrap(); 101];
    assert!(SetWebhooks::new(id(), too_many).is_err());
    for file in [
        &b"{"[..],
        b"42",
        b"{\"hooks\":[]}",
        b"[1]",
        b"[{\"url\":\"http://x\",\"events\":[\"message\"]}]",
    ] {
        let err = Webhook::list_from_json(file).unwrap_err();
        assert!(
            matches!(
                err,
                InputError::Invalid {
                    field: "webhook list",
                    ..
                }
            ),
            "{err}"
        );
    }
    let err = Webhook::list_from_json(br#"[{"url":"https://a.example","events":["message"]},{"url":"http://b.example","events":["message"]}]"#).unwrap_err();
    assert!(err.to_string().contains("webhook 2"), "{err}");
    let client = BlockingClient::new(
        wawp_core::transport::from_fn(|_, _| panic!("nothing may be sent")),
        token(),
    );
    let mut hook = Webhook::new("https://x.example/h", ["message"]).unwrap();
    hook.url = "http://x.example/h".into();
    assert!(matches!(
        client.set_webhooks(&id(), vec![hook]),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn create_reads_every_spelling() {
    let create = Create::new(SessionName::new("shop").unwrap());
    let created =
        |status: u16, body: &str| create.parse(answer(status, "application/json", body), &token());
    let full = created(
        201,
        r#"{"instance_id":"ABCDEF123456","session_name":"wawp-1","server_name":"srv-7","x":{}}"#,
    )
    .unwrap();
    assert_eq!(
        (
            full.instance_id.as_str(),
            full.session_name.as_deref(),
            full.server_name.as_deref()
        ),
        ("ABCDEF123456", Some("wawp-1"), Some("srv-7"))
    );
    for body in [
        r#"{"instanceId":"ABCDEF123456","sessionName":"wawp-1","serverName":"srv-7"}"#,
        r#"{"data":{"instance_id":"ABCDEF123456","name":"wawp-1","server":"srv-7"}}"#,
        r#"{"success":true,"instance":{"id":"ABCDEF123456","session_name":"wawp-1","server_name":"srv-7"}}"#,
        r#"{"session":{"instance_id":"ABCDEF123456","name":"wawp-1","serverName":"srv-7"}}"#,
    ] {
        assert_eq!(created(201, body).unwrap(), full, "{body}");
    }
    assert_eq!(
        created(200, r#"{"id":"ABCDEF123456"}"#)
            .unwrap()
            .session_name,
        None
    );
    let err = created(201, r#"{"name":"wawp-1"}"#).unwrap_err();
    assert!(
        matches!(err, Error::Decode(_)) && err.to_string().contains("instance_id"),
        "{err}"
    );
    for bad in ["", " lead", "a\u{1b}b", &"n".repeat(101)] {
        assert!(SessionName::new(bad).is_err(), "{bad:?}");
    }
}

/// Every error kind of the new endpoints, in each body format.
#[test]
fn error_kinds() {
    let kind = |endpoint_status: u16, ct: &str, body: &str| {
        WebhookShow::new(id())
            .parse(answer(endpoint_status, ct, body), &token())
            .unwrap_err()
            .api()
            .map(|e| (e.kind, e.message.clone()))
            .unwrap()
    };
    let (k, m) = kind(
        403,
        "application/json",
        r#"{"code":"subscription_required","message":"Webhooks need a paid plan"}"#,
    );
    assert_eq!(
        (k, m.as_deref()),
        (
            ApiErrorKind::SubscriptionRequired,
            Some("Webhooks need a paid plan")
        )
    );
    assert!(k.hint().unwrap().contains("paid plan"));
    assert_eq!(k.code(), "subscription_required");
    assert_eq!(
        kind(
            403,
            "application/xml",
            "<error><code>subscription_required</code></error>"
        )
        .0,
        ApiErrorKind::SubscriptionRequired
    );
    assert_eq!(
        kind(403, "text/plain", "subscription_required").0,
        ApiErrorKind::SubscriptionRequired
    );
    assert_eq!(
        kind(
            403,
            "text/html",
            "<html><body>SUBSCRIPTION_REQUIRED</body></html>"
        )
        .0,
        ApiErrorKind::SubscriptionRequired
    );
    assert_eq!(
        kind(403, "application/json", r#"{"message":"Forbidden"}"#).0,
        ApiErrorKind::Forbidden
    );
    assert_eq!(
        kind(
            401,
            "application/json",
            r#"{"message":"subscription_required"}"#
        )
        .0,
        ApiErrorKind::Unauthorized
    );
    assert_eq!(
        kind(400, "application/json", "{}").0,
        ApiErrorKind::BadRequest
    );
    assert_eq!(
        kind(404, "application/xml", "<r><message>no</message></r>").0,
        ApiErrorKind::NotFound
    );
    assert_eq!(
        kind(500, "text/html", "<h1>oops</h1>").0,
        ApiErrorKind::Server
    );

    let quota = Create::unnamed()
        .parse(
            answer(
                403,
                "application/json",
                r#"{"error":"quota_reached","message":"Instance quota reached"}"#,
            ),
            &token(),
        )
        .unwrap_err();
    let api = quota.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::QuotaReached);
    assert_eq!(quota.code(), "quota_reached");
    assert!(api.kind.hint().unwrap().contains("delete"));
    assert!(!quota.is_retryable());
}

/// Create is never sent twice, whatever the retry policy.
#[test]
fn create_is_never_repeated() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sent = AtomicUsize::new(0);
    let transport = wawp_core::transport::from_fn(|_, _| {
        sent.fetch_add(1, Ordering::SeqCst);
        Ok(Response::builder().status(504).body(Vec::new()).unwrap())
    });
    let client = BlockingClient::<_>::builder(token())
        .retry(
            wawp_core::RetryPolicy::attempts(5)
                .with_retry_after_send(true)
                .with_jitter(false)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build_with(transport)
        .unwrap();
    let err = client
        .create(&SessionName::new("shop").unwrap())
        .unwrap_err();
    assert!(err.maybe_sent());
    assert_eq!(sent.load(Ordering::SeqCst), 1);
}

#[test]
fn parsers_never_echo_the_token() {
    let body =
        format!(r#"{{"code":"subscription_required","message":"token {TOKEN} has no plan"}}"#);
    let err = WebhookShow::new(id())
        .parse(answer(403, "application/json", &body), &token())
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains(TOKEN));
}
