use super::*;
use std::time::Duration;
use wawp::http::Response;
use wawp::{
    AccessToken, Config, Endpoint, InputError, InstanceId, Logout, TransportError,
    TransportErrorKind,
};

/// The error the core makes of a real response.
fn answered(status: u16, body: &str) -> Error {
    let token = AccessToken::new("tok").unwrap();
    let logout = Logout::new(InstanceId::new("I").unwrap());
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap();
    logout.parse(response, &token).unwrap_err()
}

#[test]
fn each_status_class_has_its_code() {
    let cases = [
        (400, Exit::ClientError),
        (401, Exit::Unauthorized),
        (403, Exit::ClientError),
        (404, Exit::NotFound),
        (409, Exit::ClientError),
        (429, Exit::ClientError),
        (500, Exit::ServerError),
        (502, Exit::ServerError),
        (503, Exit::ServerError),
        (504, Exit::ServerError),
    ];
    for (status, exit) in cases {
        assert_eq!(Exit::of(&answered(status, "{}")), exit, "{status}");
    }
}

#[test]
fn everything_else_is_a_transport_failure() {
    let decode = answered(200, "not json");
    assert!(matches!(decode, Error::Decode(_)));
    assert_eq!(Exit::of(&decode), Exit::Transport);
    assert_eq!(Exit::of(&answered(302, "")), Exit::Transport);
    for e in [
        Error::Timeout {
            after: Some(Duration::from_secs(1)),
        },
        Error::BodyTooLarge { limit: 10 },
        Error::Transport(TransportError::from_message(
            TransportErrorKind::Connect,
            "refused",
        )),
    ] {
        assert_eq!(Exit::of(&e), Exit::Transport, "{e}");
    }
}

#[test]
fn invalid_input_is_a_usage_error() {
    let e = Error::InvalidInput(InputError::Empty {
        field: "instance id",
    });
    assert_eq!(Exit::of(&e), Exit::Usage);
    let insecure = Config::default()
        .with_base_url("http://wawp.invalid")
        .unwrap()
        .check_secure()
        .unwrap_err();
    assert_eq!(Exit::of(&Error::InvalidInput(insecure)), Exit::Usage);
}

#[test]
fn codes_are_ordered_and_documented() {
    for w in Exit::ALL.windows(2) {
        assert!(w[0] < w[1] && w[0].code() < w[1].code());
    }
    for (i, e) in Exit::ALL.iter().take(9).enumerate() {
        assert_eq!(usize::from(e.code()), i);
    }
    for e in Exit::ALL {
        let line = format!("\n  {}  ", e.code());
        assert!(
            crate::args::EXIT_CODES_HELP.contains(&line),
            "code {} missing from --help",
            e.code()
        );
    }
    for e in Exit::ALL {
        assert_eq!(Exit::from_code(e.code()), e);
    }
    assert_eq!(Exit::ServerError.max(Exit::NotFound), Exit::ServerError);
    assert_eq!(Exit::Ok.max(Exit::Unauthorized), Exit::Unauthorized);
    assert_eq!(Exit::Transport.max(Exit::Interrupted), Exit::Interrupted);
}
