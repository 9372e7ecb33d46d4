//! Property tests: the response parser returns a typed result for any status,
//! headers and bytes, and never panics or leaks the token.

use http::{HeaderName, HeaderValue, Response, StatusCode};
use proptest::prelude::*;
use wawp_core::{
    AccessToken, Delete, Endpoint, Info, InstanceId, Logout, PhoneNumber, Qr, QrImage, RequestCode,
    Start,
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
