//! Property tests: the response parser returns a typed result for any status,
//! headers and bytes, and never panics or leaks the token.

use http::{HeaderName, HeaderValue, Response, StatusCode};
use proptest::prelude::*;
use wawp_core::{
    AboutMe, AccessToken, Create, Delete, Endpoint, Error, Info, InstanceId, Logout, PhoneNumber,
    PolicySlug, Qr, QrImage, RateLimitShow, RequestCode, SetPolicy, SetWebhooks, Start,
    TempLinkNew, TempLinkRevoke, TempLinkShow, WebhookShow,
};

const TOKEN: &str = "PROP-TOKEN-93jd";

fn body_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        // Long bodies cross the internal sniffing and snippet bounds.
        ("[<{]", "\\PC{300,700}").prop_map(|(a, b)| format!("{a}{b}").into_bytes()),
        // Near-misses of the real formats exercise deeper parser paths.
        "\\{\"(qr|data)\":\"(data:image/png;base64,|data:|)[A-Za-z0-9+/=,;:]{0,40}\"\\}".prop_map(String::into_bytes),
        "\\{\"(message|error|name|status|instance_id|me|qr|data|value|expiry|code|mimetype)\":(\"[^\"]{0,20}\"|[0-9]+|null|\\{|\\[)\\}?".prop_map(String::into_bytes),
        "<(\\?xml|error|message|html|title|!DOCTYPE html)[ a-z=\"]{0,10}>[^<]{0,30}(</[a-z]{1,8}>)?".prop_map(String::into_bytes),
        any::<String>().prop_map(|s| format!("{s}{TOKEN}{s}").into_bytes()),
    ]
}

fn header_strategy() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    proptest::collection::vec(
        (
            prop_oneof![
                Just("content-type".to_owned()),
                Just("retry-after".to_owned()),
                Just("location".to_owned()),
                "[a-z-]{1,12}",
            ],
            proptest::collection::vec(any::<u8>(), 0..40),
        ),
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(status in 100u16..1000, headers in header_strategy(), body in body_strategy()) {
        let mut response = Response::new(body);
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        for (name, value) in headers {
            if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::from_bytes(&value)) {
                response.headers_mut().append(n, v);
            }
        }
        let token = AccessToken::new(TOKEN).unwrap();
        let id = InstanceId::new("i").unwrap();
        let phone = PhoneNumber::new("201145202826").unwrap();
        let errors = [
            Logout::new(id.clone()).parse(response.clone(), &token).err(),
            Start::new(id.clone()).parse(response.clone(), &token).err(),
            Delete::new(id.clone()).parse(response.clone(), &token).err(),
            Info::new(id.clone()).parse(response.clone(), &token).err(),
            Qr::new(id.clone()).parse(response.clone(), &token).err(),
            QrImage::new(id.clone()).parse(response.clone(), &token).err(),
            RequestCode::new(id, phone).parse(response, &token).err(),
        ];
        for e in errors.into_iter().flatten() {
            let (display, debug) = (e.to_string(), format!("{e:?}"));
            prop_assert!(!display.contains(TOKEN));
            prop_assert!(!debug.contains(TOKEN));
        }
    }
}

/// JSON near the shapes the prose-only endpoints are read in: their keys,
/// nested one or two levels, with values of every kind.
fn session_api_body() -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![
        Just("link"),
        Just("url"),
        Just("token"),
        Just("expires_at"),
        Just("expiresIn"),
        Just("expires_in"),
        Just("data"),
        Just("me"),
        Just("id"),
        Just("jid"),
        Just("wid"),
        Just("_serialized"),
        Just("platform"),
        Just("pushName"),
        Just("current_policy"),
        Just("policies"),
        Just("free_policies"),
        Just("has_active_plan"),
        Just("available"),
        Just("limits"),
        Just("slug"),
        Just("send_message_per_minute"),
        Just("webhooks"),
        Just("events"),
        Just("is_active"),
        Just("systemConfig"),
        Just("instance_id"),
        Just("instance"),
        Just("session_name"),
        Just("server_name"),
        Just("message"),
    ];
    let scalar = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| if f.is_finite() {
            f.to_string()
        } else {
            "1e308".to_owned()
        }),
        "\\PC{0,70}".prop_map(|s| serde_json::Value::from(s).to_string()),
        Just(format!(
            "\"https://app.wawp.net/temp-qr/{}\"",
            "a".repeat(64)
        )),
        Just("\"2026-12-08T03:15:00.5+02:00\"".to_owned()),
        Just(format!("\"{TOKEN}\"")),
    ];
    let leaf = (key.clone(), scalar).prop_map(|(k, v)| format!("{{\"{k}\":{v}}}"));
    let nested = (key.clone(), proptest::collection::vec(leaf, 0..4))
        .prop_map(|(k, items)| format!("{{\"{k}\":[{}]}}", items.join(",")));
    let deeper = (key, nested.clone()).prop_map(|(k, inner)| format!("{{\"{k}\":{inner}}}"));
    prop_oneof![
        nested,
        deeper,
        body_strategy().prop_map(|b| String::from_utf8_lossy(&b).into_owned())
    ]
    .prop_map(String::into_bytes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn session_api_parsers_never_panic(status in prop_oneof![Just(200u16), Just(201), Just(403), 100u16..600], body in session_api_body()) {
        let mut response = Response::new(body);
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        response.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
        let token = AccessToken::new(TOKEN).unwrap();
        let id = InstanceId::new("i").unwrap();
        let errors: [Option<Error>; 10] = [
            TempLinkShow::new(id.clone()).parse(response.clone(), &token).err(),
            TempLinkNew::new(id.clone()).parse(response.clone(), &token).err(),
            TempLinkRevoke::new(id.clone()).parse(response.clone(), &token).err(),
            AboutMe::new(id.clone()).parse(response.clone(), &token).err(),
            RateLimitShow::new(id.clone()).parse(response.clone(), &token).err(),
            SetPolicy::new(id.clone(), PolicySlug::new("strict").unwrap()).parse(response.clone(), &token).err(),
            WebhookShow::new(id.clone()).parse(response.clone(), &token).err(),
            SetWebhooks::new(id, Vec::new()).unwrap().parse(response.clone(), &token).err(),
            Create::unnamed().parse(response.clone(), &token).err(),
            wawp_core::capture::Exchange::from_parts(
                &http::Request::new(Vec::new()),
                &response,
            ).check().and_then(Result::err),
        ];
        for e in errors.into_iter().flatten() {
            let (display, debug) = (e.to_string(), format!("{e:?}"));
            prop_assert!(!display.contains(TOKEN));
            prop_assert!(!debug.contains(TOKEN));
        }
    }
}
