//! Capture files: any bytes through `Exchange::from_json` (the CLI reads
//! them from a user's directory to replay and check), and any answer of
//! each endpoint recorded into an `Exchange`. Never a panic; a capture
//! reads back as itself from its JSON, names a file with no path separator,
//! and checks (`Exchange::check`) without panicking; a recorded exchange
//! holds no piece of the token, in any encoding, wherever the server put it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::capture::{CAPTURE_FORMAT, Exchange};
use wawp_fuzz::{TOKEN, case, encode, token};

/// Every exchange `Exchange::check` knows, as method and path.
const ROUTES: [(&str, &str); 19] = [
    ("GET", "/v2/session/info"),
    ("POST", "/v2/session/start"),
    ("POST", "/v2/session/stop"),
    ("POST", "/v2/session/restart"),
    ("POST", "/v2/session/logout"),
    ("DELETE", "/v2/session/delete"),
    ("GET", "/v2/auth/qr"),
    ("GET", "/v2/auth/qr-image"),
    ("POST", "/v2/auth/request-code"),
    ("GET", "/v2/session/temp-link"),
    ("POST", "/v2/session/temp-link"),
    ("DELETE", "/v2/session/temp-link"),
    ("GET", "/v2/session/me"),
    ("GET", "/v2/session/rate-limit"),
    ("PATCH", "/v2/session/rate-limit"),
    ("GET", "/v2/session/webhook"),
    ("POST", "/v2/session/webhook"),
    ("POST", "/v2/session/create"),
    ("GET", "/v2/session/unknown"),
];

/// What holds for any exchange that reads.
fn holds(exchange: &Exchange, sequence: usize) {
    assert_eq!(exchange.format, CAPTURE_FORMAT);
    let json = exchange.to_json();
    assert_eq!(
        Exchange::from_json(json.as_bytes()).as_ref(),
        Ok(exchange),
        "{json}"
    );
    if exchange.method.parse::<http::Method>().is_ok() {
        let name = exchange.file_name(sequence);
        assert!(!name.contains(['/', '\\']), "{name:?}");
        assert!(name.ends_with(".json"), "{name:?}");
    }
    let _ = exchange.to_response();
    let _ = exchange.query("instance_id");
    let _ = exchange.check();
}

fn recorded(which: u8, data: &[u8]) {
    let Some(case) = case(data) else { return };
    let (method, path) = ROUTES[usize::from(which >> 1) % ROUTES.len()];
    let uri = format!(
        "https://api.wawp.net{path}?instance_id=3EB0BCB2E3D4&access_token={}",
        encode(TOKEN, 3, &[])
    );
    let request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Vec::new())
        .expect("a valid request");
    // The client records with the token it holds; the transport wrapper
    // (`capture::capture`) with the one it finds in the request.
    let exchange = if which & 1 == 0 {
        Exchange::new(&request, &case.response, &token())
    } else {
        Exchange::from_parts(&request, &case.response)
    };
    case.assert_no_token(&exchange.path, "the path");
    case.assert_no_token(&exchange.body, "the body");
    for (name, value) in &exchange.headers {
        case.assert_no_token(value, name);
    }
    if let Some(body) = &exchange.request_body {
        case.assert_no_token(body, "the request body");
    }
    assert_eq!(
        exchange.query("instance_id").as_deref(),
        Some("3EB0BCB2E3D4")
    );
    holds(&exchange, usize::from(which));
    let known = path != "/v2/session/unknown";
    assert_eq!(exchange.check().is_some(), known, "{exchange:?}");
}

fuzz_target!(|data: &[u8]| {
    let Some((which, data)) = data.split_first() else {
        return;
    };
    if which & 0x80 != 0 {
        return recorded(which & 0x7f, data);
    }
    if let Ok(exchange) = Exchange::from_json(data) {
        holds(&exchange, usize::from(*which));
    }
});
