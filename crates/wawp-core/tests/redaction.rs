//! The access token never appears in `Display` or `Debug` of any type or error,
//! even when the server or a transport echoes it back.

use http::Response;
use wawp_core::{
    AccessToken, BlockingClient, BlockingTransport, Config, Endpoint, Error, InstanceId, Limits,
    Logout, TransportError, TransportErrorKind,
};

/// Recognisable, with characters that encode differently in URLs and JSON.
const TOKEN: &str = "SECRET-TOKEN-7f3a+/=";
const FORMS: [&str; 3] = [
    "SECRET-TOKEN-7f3a+/=",
    "SECRET-TOKEN-7f3a%2B%2F%3D",
    "SECRET-TOKEN-7f3a",
];

fn assert_clean(what: &str, text: &str) {
    for form in FORMS {
        assert!(!text.contains(form), "{what} leaks the token: {text}");
    }
}

fn assert_error_clean(err: &Error) {
    assert_clean("Display", &err.to_string());
    assert_clean("Debug", &format!("{err:?}"));
    assert_clean("alternate Debug", &format!("{err:#?}"));
}

fn token() -> AccessToken {
    AccessToken::new(TOKEN).unwrap()
}

fn parse(status: u16, content_type: &str, body: String) -> Error {
    let response = Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header(
            "location",
            format!("https://x.example/?access_token={TOKEN}"),
        )
        .body(body.into_bytes())
        .unwrap();
    Logout::new(InstanceId::new("i").unwrap())
        .parse(response, &token())
        .unwrap_err()
}

#[test]
fn the_token_type_itself() {
    let t = token();
    assert_clean("Display", &t.to_string());
    assert_clean("Debug", &format!("{t:?}"));
    let config = Config::default();
    assert_clean("Config", &format!("{config:?}"));
}

#[test]
fn server_bodies_echoing_the_token() {
    let encoded = "SECRET-TOKEN-7f3a%2B%2F%3D";
    let bodies = [
        (
            "application/json",
            format!(r#"{{"message":"bad token {TOKEN}"}}"#),
        ),
        (
            "application/json",
            format!(r#"{{"message":"url /logout?access_token={encoded}&x=1"}}"#),
        ),
        (
            "application/xml",
            format!("<error><message>token {TOKEN} refused</message></error>"),
        ),
        (
            "text/html",
            format!("<html><title>Denied {TOKEN}</title><body>{encoded}</body></html>"),
        ),
        ("text/plain", format!("invalid access_token={TOKEN}")),
        ("text/plain", format!("{}{TOKEN}", "x".repeat(1020))),
    ];
    for status in [200, 302, 400, 401, 404, 429, 500, 502] {
        for (ct, body) in &bodies {
            assert_error_clean(&parse(status, ct, body.clone()));
        }
    }
}

/// A transport that fails with an error text embedding the full URL, as
/// reqwest and ureq do.
struct LeakyTransport;

impl BlockingTransport for LeakyTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
        _: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        let io =
            std::io::Error::other(format!("error sending request for url ({})", request.uri()));
        Err(TransportError::new(TransportErrorKind::Io, &io))
    }
}

#[test]
fn transport_errors_carrying_the_url() {
    let client = BlockingClient::new(LeakyTransport, token());
    assert_clean("client Debug", &format!("{client:?}"));
    let err = client.logout(&InstanceId::new("i").unwrap()).unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        err.to_string().contains("/v2/session/logout?[redacted]"),
        "{err}"
    );
    assert_error_clean(&err);
}

#[test]
fn input_errors() {
    let err = AccessToken::new(format!("{TOKEN} more")).unwrap_err();
    assert_clean("InputError", &err.to_string());
    assert_clean("InputError", &format!("{err:?}"));
}

#[test]
fn server_bodies_echoing_the_token_encoded() {
    // Lower-case percent-encoding, JSON `\uXXXX` and `\/`, HTML and XML
    // character references: each in a message and in the raw snippet.
    let forms = [
        "SECRET-TOKEN-7f3a%2b%2f%3d",
        r"\u0053ECRET-TOKEN-7f3a\u002B\/=",
        "SECRET-TOKEN-7f3a&#43;&#x2F;&#61;",
        "&#83;ECRET-TOKEN-7f3a+/=",
    ];
    for form in forms {
        for (ct, body) in [
            ("text/html", format!("<html><body>{form}</body></html>")),
            (
                "application/xml",
                format!("<e><message>{form}</message></e>"),
            ),
            ("application/json", format!(r#"{{"message":"{form}"}}"#)),
            ("text/plain", form.to_owned()),
        ] {
            let err = parse(400, ct, body);
            for shown in [err.to_string(), format!("{err:?}")] {
                assert!(!shown.contains("ECRET-TOKEN"), "{form} leaks: {shown}");
            }
        }
    }
}

#[test]
fn a_body_cut_for_its_snippet_keeps_no_piece_of_the_token() {
    // Redacting shortens the text, so what lies past the cut must not move
    // into the snippet: a token cut in two is still a leak.
    let body = TOKEN.repeat(200);
    for status in [200, 400] {
        let err = parse(status, "text/plain", body.clone());
        for shown in [err.to_string(), format!("{err:?}")] {
            for piece in ["SECRE", "CRET", "TOKEN", "7f3a"] {
                assert!(!shown.contains(piece), "{piece} in {shown}");
            }
        }
    }
}
